//! Shortcuts: how they are written (`Cmd+Shift+S`), shown (Ctrl+Shift+S, or ⇧⌘S on macOS) and
//! matched, the [`Keymap`] in force (the command table's defaults with the analyst's
//! `keys.ron` on top), and the clashes between them and the schema's keys.

use super::commands::{COMMANDS, CommandId};
use crate::model::Schema;
use egui::{Key, KeyboardShortcut, ModifierNames, Modifiers};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Parse a shortcut as written in the table and in `keys.ron`: modifiers and a key joined by
/// `+` (`Cmd+Shift+S`, `F1`, `Delete`, `?`). `Cmd` is Ctrl, or ⌘ on macOS.
pub fn parse_shortcut(text: &str) -> Result<KeyboardShortcut, String> {
    let text = text.trim();
    // "Cmd++" ends with the key "+" itself.
    let (mods_text, key_text) = match text.strip_suffix("++") {
        Some(m) => (m, "+"),
        None => match text.rsplit_once('+') {
            Some((m, k)) if !k.is_empty() => (m, k),
            _ => ("", text),
        },
    };
    let mut mods = Modifiers::NONE;
    for m in mods_text.split('+').filter(|m| !m.is_empty()) {
        match m.to_ascii_lowercase().as_str() {
            "cmd" | "command" => mods |= Modifiers::COMMAND,
            "ctrl" | "control" => mods |= Modifiers::CTRL,
            "shift" => mods |= Modifiers::SHIFT,
            "alt" | "option" => mods |= Modifiers::ALT,
            _ => {
                return Err(format!(
                    "{text:?}: unknown modifier {m:?} (use Cmd, Ctrl, Shift, Alt)"
                ));
            }
        }
    }
    let key = Key::from_name(key_text)
        .or_else(|| Key::from_name(&key_text.to_ascii_uppercase()))
        .ok_or_else(|| format!("{text:?}: unknown key {key_text:?}"))?;
    if is_modifier(key) {
        return Err(format!(
            "{text:?}: {key_text} alone is a modifier, not a shortcut"
        ));
    }
    Ok(KeyboardShortcut::new(mods, key))
}

/// A modifier pressed alone: real keyboards send these as keys of their own before the key
/// they modify, so they can never be a shortcut.
pub fn is_modifier(key: Key) -> bool {
    use Key as K;
    matches!(
        key,
        K::ShiftLeft
            | K::ShiftRight
            | K::ControlLeft
            | K::ControlRight
            | K::AltLeft
            | K::AltRight
            | K::SuperLeft
            | K::SuperRight
    )
}

/// A shortcut written the way [`parse_shortcut`] reads it (for `keys.ron`).
pub fn shortcut_text(s: &KeyboardShortcut) -> String {
    let names = ModifierNames {
        is_short: false,
        alt: "Alt",
        ctrl: "Ctrl",
        shift: "Shift",
        mac_cmd: "Cmd",
        mac_alt: "Alt",
        concat: "+",
    };
    let mut mods = s.modifiers;
    let mut out = String::new();
    if mods.command {
        out += "Cmd+";
        mods.command = false;
        mods.ctrl = false;
        mods.mac_cmd = false;
    }
    let rest = names.format(&mods, false);
    if !rest.is_empty() {
        out += &rest;
        out += "+";
    }
    out + s.logical_key.name()
}

/// A shortcut as the analyst's platform writes it (Ctrl+S, or ⌘S on macOS); a bare letter as
/// it is typed (p), and ? as itself.
pub fn display(s: &KeyboardShortcut) -> String {
    let mac = cfg!(target_os = "macos");
    let names = if mac {
        &ModifierNames::SYMBOLS
    } else {
        &ModifierNames::NAMES
    };
    let key = s.logical_key.name();
    if s.modifiers.is_none() && key.len() == 1 {
        return key.to_ascii_lowercase();
    }
    if s.logical_key == Key::Questionmark {
        return "?".into();
    }
    s.format(names, mac)
}

/// Single keys and keys used to edit text fire only when no text field has the keyboard;
/// the rest fire anywhere. Two shortcuts conflict only within one context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyContext {
    /// Outside text fields (type keys, Delete, Esc, F1, ?).
    Text,
    /// Anywhere, text fields included (Ctrl combinations).
    Anywhere,
    /// Only while a suggestion is in focus (Enter, Delete, A, R).
    Review,
}

pub fn context_of(s: &KeyboardShortcut) -> KeyContext {
    if s.conflicts_with_text_editing() || s.logical_key == Key::Questionmark {
        KeyContext::Text
    } else {
        KeyContext::Anywhere
    }
}

/// The shortcuts in force: the defaults with the analyst's `keys.ron` on top.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<CommandId, Vec<KeyboardShortcut>>,
    /// Commands whose shortcuts the analyst changed (written to `keys.ron`).
    overridden: std::collections::BTreeSet<CommandId>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = COMMANDS
            .iter()
            .map(|c| {
                let keys = c.shortcuts.iter().filter_map(|s| parse_shortcut(s).ok());
                (c.id, keys.collect())
            })
            .collect();
        Self {
            bindings,
            overridden: Default::default(),
        }
    }
}

/// The user's keymap file: command id → shortcuts (an empty list unbinds).
type KeysFile = BTreeMap<String, Vec<String>>;

impl Keymap {
    /// The shortcuts of a command.
    pub fn shortcuts(&self, id: CommandId) -> &[KeyboardShortcut] {
        self.bindings.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The first shortcut of a command as the platform writes it, or "".
    pub fn label(&self, id: CommandId) -> String {
        self.shortcuts(id).first().map(display).unwrap_or_default()
    }

    pub fn is_overridden(&self, id: CommandId) -> bool {
        self.overridden.contains(&id)
    }

    /// Replace a command's shortcuts.
    pub fn set(&mut self, id: CommandId, keys: Vec<KeyboardShortcut>) {
        self.bindings.insert(id, keys);
        self.overridden.insert(id);
    }

    /// Back to the default shortcuts of a command.
    pub fn reset(&mut self, id: CommandId) {
        let defaults = Keymap::default();
        self.bindings.insert(id, defaults.shortcuts(id).to_vec());
        self.overridden.remove(&id);
    }

    /// Every binding, most modifiers first: egui ignores extra Shift and Alt when matching, so
    /// Cmd+Shift+S must be tried before Cmd+S.
    pub fn bindings(&self) -> Vec<(KeyboardShortcut, CommandId)> {
        let mut all: Vec<(KeyboardShortcut, CommandId)> = self
            .bindings
            .iter()
            .flat_map(|(id, keys)| keys.iter().map(move |k| (*k, *id)))
            .collect();
        let weight = |m: Modifiers| m.shift as u8 + m.alt as u8 + (m.ctrl || m.command) as u8;
        all.sort_by_key(|(k, _)| std::cmp::Reverse(weight(k.modifiers)));
        all
    }

    /// Read `keys.ron` over the defaults. Problems (unknown commands or keys, a file that is not
    /// valid RON) are returned to be shown; whatever could be read is used.
    pub fn from_ron(text: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        let file: KeysFile = match ron::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("keys.ron is not valid: {e}"));
                return (map, problems);
            }
        };
        for (name, keys) in file {
            let Some(id) = CommandId::from_key(&name) else {
                problems.push(format!("keys.ron: unknown command {name:?}"));
                continue;
            };
            let mut parsed = Vec::new();
            for k in &keys {
                match parse_shortcut(k) {
                    Ok(s) => parsed.push(s),
                    Err(e) => problems.push(format!("keys.ron, {name}: {e}")),
                }
            }
            // Nothing usable where something was written: a slip, not an unbinding.
            if parsed.is_empty() && !keys.is_empty() {
                continue;
            }
            map.set(id, parsed);
        }
        (map, problems)
    }

    /// The analyst's changes as `keys.ron` text (only the commands they changed).
    pub fn to_ron(&self) -> String {
        let file: KeysFile = self
            .overridden
            .iter()
            .map(|id| {
                let keys = self.shortcuts(*id).iter().map(shortcut_text).collect();
                (id.def().key.to_owned(), keys)
            })
            .collect();
        let body = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
            .unwrap_or_else(|_| "{}".into());
        format!(
            "// Dossier keyboard shortcuts: command → shortcuts (\"Cmd\" is Ctrl, or ⌘ on macOS).\n\
             // Only changed commands are listed; an empty list removes a command's shortcuts.\n{body}\n"
        )
    }

    /// Load the keymap from `path`; a missing file is the defaults, without a problem.
    pub fn load(path: &Path) -> (Keymap, Vec<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Keymap::from_ron(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Keymap::default(), vec![]),
            Err(e) => (
                Keymap::default(),
                vec![format!("cannot read {}: {e}", path.display())],
            ),
        }
    }

    /// Write the analyst's changes to `path` (atomically, folder created when missing).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        crate::io::export::write_text(path, &self.to_ron())
    }

    /// Shortcuts that two commands share in one context, or that a command shares with one of
    /// the schema's single keys: each as a sentence naming both.
    pub fn conflicts(&self, schema: Option<&Schema>) -> Vec<String> {
        let mut seen: BTreeMap<(KeyContext, String), String> = BTreeMap::new();
        let mut out = Vec::new();
        let mut claim = |s: &KeyboardShortcut, owner: String, review: bool| {
            let key = (context_of(s), shortcut_text(s));
            let key = if review {
                (KeyContext::Review, key.1)
            } else {
                key
            };
            match seen.get(&key) {
                Some(prev) if *prev != owner => out.push(format!(
                    "{} is the shortcut of both “{prev}” and “{owner}”",
                    display(s)
                )),
                Some(_) => {}
                None => {
                    seen.insert(key, owner);
                }
            }
        };
        for c in COMMANDS {
            for s in self.shortcuts(c.id) {
                claim(s, c.name.to_owned(), c.id.is_review());
            }
        }
        if let Some(schema) = schema {
            for (key, name) in schema_keys(schema) {
                if let Some(s) = key {
                    claim(&s, name, false);
                }
            }
        }
        out
    }
}

/// Where the analyst's `keys.ron` lives (the platform's config folder).
pub fn keys_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "Dossier").map(|d| d.config_dir().join("keys.ron"))
}

/// The shortcut of a schema hotkey: a lowercase letter or digit alone, an uppercase letter with
/// Shift.
pub fn hotkey_shortcut(c: char) -> Option<KeyboardShortcut> {
    let key = Key::from_name(&c.to_ascii_uppercase().to_string())?;
    let mods = if c.is_ascii_uppercase() {
        Modifiers::SHIFT
    } else {
        Modifiers::NONE
    };
    Some(KeyboardShortcut::new(mods, key))
}

/// The schema's keys that are always live (entity and event types), with what they do. Role
/// and relation keys are live only while an event or a mention is selected, so they may
/// reuse these letters.
pub fn schema_keys(schema: &Schema) -> Vec<(Option<KeyboardShortcut>, String)> {
    let entities = schema.entity_types.iter().map(|t| {
        (
            t.hotkey.and_then(hotkey_shortcut),
            format!("Annotate as {}", t.name),
        )
    });
    let events = schema.event_types.iter().map(|t| {
        (
            t.hotkey.and_then(hotkey_shortcut),
            format!("Event {}", t.name),
        )
    });
    entities.chain(events).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_default_shortcuts_clash() {
        let schema = crate::model::schema::presets::default_schema();
        assert_eq!(
            Keymap::default().conflicts(Some(&schema)),
            Vec::<String>::new()
        );
        let ace = crate::model::schema::presets::load("ace2005").unwrap();
        assert_eq!(
            Keymap::default().conflicts(Some(&ace)),
            Vec::<String>::new()
        );
    }

    #[test]
    fn shortcuts_read_as_typed() {
        let d = |t: &str| display(&parse_shortcut(t).unwrap());
        assert_eq!(d("P"), "p");
        assert_eq!(d("?"), "?");
        assert_eq!(d("F1"), "F1");
        if !cfg!(target_os = "macos") {
            assert_eq!(d("Cmd+Shift+S"), "Ctrl+Shift+S");
            assert_eq!(d("Shift+A"), "Shift+A");
        }
    }

    #[test]
    fn keys_file_overrides_and_reports() {
        let (map, problems) = Keymap::from_ron(
            r#"{ "Save": ["Ctrl+Alt+S"], "Undo": [], "Nope": ["F2"], "Redo": ["Cmd+Banana"], "Find": ["ControlLeft"] }"#,
        );
        assert_eq!(
            map.shortcuts(CommandId::Save),
            [parse_shortcut("Ctrl+Alt+S").unwrap()]
        );
        assert!(map.shortcuts(CommandId::Undo).is_empty());
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].contains("ControlLeft alone is a modifier")
                && problems[1].contains("Nope")
                && problems[2].contains("Banana"),
            "{problems:?}"
        );
        // A command none of whose keys can be used keeps its defaults.
        assert_eq!(
            map.shortcuts(CommandId::Find),
            Keymap::default().shortcuts(CommandId::Find)
        );
        // What it writes reads back the same.
        let (again, p2) = Keymap::from_ron(&map.to_ron());
        assert!(p2.is_empty(), "{p2:?}");
        assert_eq!(
            again.shortcuts(CommandId::Save),
            map.shortcuts(CommandId::Save)
        );
        assert_eq!(
            again.shortcuts(CommandId::Redo),
            map.shortcuts(CommandId::Redo)
        );
        let (_, bad) = Keymap::from_ron("{ oops");
        assert!(bad[0].contains("not valid"), "{bad:?}");
    }

    #[test]
    fn a_remapped_key_that_clashes_is_reported() {
        let mut map = Keymap::default();
        map.set(CommandId::Save, vec![parse_shortcut("Cmd+O").unwrap()]);
        let c = map.conflicts(None);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(
            c[0].contains("Save") && c[0].contains("Open session"),
            "{c:?}"
        );
        // A single letter clashes with the schema's type key.
        let schema = crate::model::schema::presets::default_schema();
        map.set(CommandId::Save, vec![parse_shortcut("P").unwrap()]);
        let c = map.conflicts(Some(&schema));
        assert!(c.iter().any(|x| x.contains("Person")), "{c:?}");
    }
}
