//! The project registry in the window: the link block under the inspector (which registry entry
//! the selected entity is, proposals to link it) and the registry tab (every entry, one entry's
//! page with its merges and its mentions across articles).

use crate::analysis::registry::RegistryIndex;
use crate::model::Entity;
use crate::model::registry::{RegEntity, Registry};
use crate::ui::action::ProjectAction;
use crate::ui::action::{Action, RegistryAction as R};
use egui::{RichText, Ui};

/// The selected entity's place in the registry, with what can be done about it.
pub fn link_block(ui: &mut Ui, reg: &Registry, index: &RegistryIndex, e: &Entity) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Registry").strong());
        match e.registry.as_deref() {
            Some(id) => match reg.resolve(id) {
                Some(r) => {
                    let merged = if r.id != id { " (merged)" } else { "" };
                    ui.label(format!("linked to {}{merged}", r.name));
                    if ui
                        .small_button("Show")
                        .on_hover_text("Its page: every mention in every article")
                        .clicked()
                    {
                        out.push(Action::Registry(R::Show(r.id.clone())));
                    }
                    if ui.small_button("Unlink").clicked() {
                        out.push(Action::Registry(R::Unlink(e.id)));
                    }
                }
                None => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("⚠ linked to {id}, which the registry does not hold"),
                    );
                    if ui.small_button("Unlink").clicked() {
                        out.push(Action::Registry(R::Unlink(e.id)));
                    }
                }
            },
            None => {
                ui.label(RichText::new("not linked").weak());
            }
        }
    });
    if e.registry.is_none() {
        let proposals = index.proposals(reg, e);
        for p in proposals.iter().take(5) {
            ui.horizontal(|ui| {
                if ui
                    .button(format!("Link to {}", p.name))
                    .on_hover_text(format!("Proposed: {}", p.why.describe()))
                    .clicked()
                {
                    out.push(Action::Registry(R::Link(e.id, p.id.clone())));
                }
                ui.label(RichText::new(p.why.describe()).weak());
            });
        }
        ui.horizontal(|ui| {
            if ui
                .button("New registry entry")
                .on_hover_text("Add this entity to the project registry and link it")
                .clicked()
            {
                out.push(Action::Registry(R::NewFrom(e.id)));
            }
            if ui
                .button("Link clear matches")
                .on_hover_text("Link every entity of this article that has exactly one registry entry of the same name or KB id")
                .clicked()
            {
                out.push(Action::Registry(R::LinkAllClear));
            }
        });
    }
    out
}

/// One mention of a registry entry in some article.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    pub file: String,
    pub title: String,
    pub start: usize,
    pub context: String,
}

/// What the registry tab reads.
pub struct RegInput<'a> {
    pub reg: &'a Registry,
    /// Bumped at each registry change.
    pub reg_gen: u64,
    /// For the types' names.
    pub schema: &'a crate::model::Schema,
    /// Entries a git merge found changed two ways.
    pub conflicts: &'a [crate::model::project::RegConflict],
    pub shown: Option<&'a str>,
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    /// The shown entry's mentions in the articles open in the window, by article.
    pub mentions: &'a [MentionRow],
    /// Its mentions in the other articles (from the project index).
    pub more_mentions: &'a [MentionRow],
    /// Articles not searched for mentions yet (not indexed).
    pub pending: usize,
    /// How many article entities link to the shown entry.
    pub linked: usize,
}

/// What the open articles' rows of a registry page were found for.
pub type OpenKey = (String, u64, Option<String>, u64, usize);

#[derive(Default)]
pub struct RegistryTab {
    /// The shown entry's mentions in the articles open in the window, for the state they were
    /// found in (entry, registry, shown article and its edit state, articles set aside).
    pub open_rows: Option<(OpenKey, usize, Vec<MentionRow>)>,
    /// The entries listed (ids, by name), for the registry and filter they were sorted for.
    order: Option<((u64, usize, String), Vec<String>)>,
    filter: String,
    merge_filter: String,
    rename: Option<(String, String)>,
}

impl RegistryTab {
    /// Undo, Redo and the filter.
    fn toolbar(&mut self, ui: &mut Ui, input: &RegInput<'_>) -> Vec<Action> {
        let mut out = Vec::new();
        ui.horizontal(|ui| {
            let undo = ui.add_enabled(input.undo.is_some(), egui::Button::new("Undo"));
            if undo
                .on_hover_text(format!(
                    "Undo the registry change: {}",
                    input.undo.unwrap_or("none")
                ))
                .clicked()
            {
                out.push(Action::Registry(R::Undo));
            }
            let redo = ui.add_enabled(input.redo.is_some(), egui::Button::new("Redo"));
            if redo
                .on_hover_text(format!("Redo: {}", input.redo.unwrap_or("none")))
                .clicked()
            {
                out.push(Action::Registry(R::Redo));
            }
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Filter entries")
                    .desired_width(f32::INFINITY),
            );
        });
        out
    }

    pub fn show(&mut self, ui: &mut Ui, input: &RegInput<'_>) -> Vec<Action> {
        let mut out = self.toolbar(ui, input);
        out.extend(conflicts(ui, input));
        let entry = input.shown.and_then(|id| input.reg.get(id));
        if let Some(e) = entry {
            egui::ScrollArea::vertical()
                .id_salt("registry-page")
                .max_height(ui.available_height() * 0.6)
                .auto_shrink([false, true])
                .show(ui, |ui| out.extend(self.page(ui, e, input)));
            ui.separator();
        }
        // Sorted by name and filtered once per change of the registry or the filter (tens of
        // thousands of entries), not every frame.
        let key = (input.reg_gen, input.reg.len(), self.filter.clone());
        if self.order.as_ref().is_none_or(|(k, _)| *k != key) {
            let needle = self.filter.trim().to_lowercase();
            let mut rows: Vec<(String, String)> = input
                .reg
                .live()
                .filter(|e| {
                    needle.is_empty()
                        || e.name.to_lowercase().contains(&needle)
                        || e.aliases.iter().any(|a| a.to_lowercase().contains(&needle))
                })
                .map(|e| (e.name.to_lowercase(), e.id.clone()))
                .collect();
            rows.sort();
            self.order = Some((key, rows.into_iter().map(|(_, id)| id).collect()));
        }
        let rows: Vec<&RegEntity> = self
            .order
            .as_ref()
            .map(|(_, ids)| ids.iter().filter_map(|id| input.reg.get(id)).collect())
            .unwrap_or_default();
        if input.reg.is_empty() {
            ui.label(RichText::new("The registry is empty. Select an entity and press “New registry entry” to start it.").weak());
        }
        let h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .id_salt("registry-list")
            .auto_shrink([false, false])
            .show_rows(ui, h, rows.len(), |ui, range| {
                for e in &rows[range] {
                    let ty = crate::ui::views::type_name(
                        input.schema.entity_type(&e.entity_type).map(|t| &t.name),
                        &e.entity_type,
                    );
                    let label = format!("{} · {ty}", e.name);
                    if ui
                        .selectable_label(input.shown == Some(e.id.as_str()), label)
                        .clicked()
                    {
                        out.push(Action::Registry(R::Show(e.id.clone())));
                    }
                }
            });
        out
    }

    fn page(&mut self, ui: &mut Ui, e: &RegEntity, input: &RegInput<'_>) -> Vec<Action> {
        let mut out = Vec::new();
        ui.heading(&e.name);
        let ty = crate::ui::views::type_name(
            input.schema.entity_type(&e.entity_type).map(|t| &t.name),
            &e.entity_type,
        );
        let mut facts = vec![ty.to_owned()];
        facts.extend(e.kb_id.clone());
        ui.label(RichText::new(facts.join(" · ")).weak())
            .on_hover_text(format!("Registry id {}", e.id));
        if let Some(into) = e.merged_into.as_deref().and_then(|i| input.reg.resolve(i)) {
            ui.horizontal(|ui| {
                ui.label(format!("Merged into {}", into.name));
                if ui.small_button("Split off").clicked() {
                    out.push(Action::Registry(R::Split(e.id.clone())));
                }
            });
        }
        if !e.aliases.is_empty() {
            ui.label(format!("Also: {}", e.aliases.join(", ")));
        }
        for m in input.reg.merged_into(&e.id) {
            ui.horizontal(|ui| {
                ui.label(format!("⤷ {} merged in", m.name));
                if ui
                    .small_button("Split off")
                    .on_hover_text("Make it an entry of its own again")
                    .clicked()
                {
                    out.push(Action::Registry(R::Split(m.id.clone())));
                }
            });
        }
        out.extend(self.rename(ui, e));
        out.extend(self.merge(ui, e, input.reg));
        if input.linked == 0
            && input.pending == 0
            && input.reg.merged_into(&e.id).next().is_none()
            && ui.button("Remove this unused entry").clicked()
        {
            out.push(Action::Registry(R::Remove(e.id.clone())));
        }
        ui.separator();
        let pending = if input.pending > 0 {
            format!(
                " in the articles opened so far ({} not opened)",
                input.pending
            )
        } else {
            String::new()
        };
        let n = input.mentions.len() + input.more_mentions.len();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        ui.label(
            RichText::new(format!(
                "{} of {}{pending}",
                plural(n, "mention", "mentions"),
                plural(input.linked, "linked entity", "linked entities")
            ))
            .strong(),
        );
        out.extend(mention_lines(ui, input));
        out
    }

    fn rename(&mut self, ui: &mut Ui, e: &RegEntity) -> Vec<Action> {
        let mut out = Vec::new();
        if self.rename.as_ref().is_none_or(|(id, _)| *id != e.id) {
            self.rename = Some((e.id.clone(), e.name.clone()));
        }
        if let Some((_, name)) = self.rename.as_mut() {
            ui.horizontal(|ui| {
                let l = ui.label("Name");
                ui.text_edit_singleline(name).labelled_by(l.id);
                if ui
                    .add_enabled(
                        name.trim() != e.name && !name.trim().is_empty(),
                        egui::Button::new("Rename"),
                    )
                    .clicked()
                {
                    out.push(Action::Registry(R::Rename(e.id.clone(), name.clone())));
                }
            });
        }
        out
    }

    fn merge(&mut self, ui: &mut Ui, e: &RegEntity, reg: &Registry) -> Vec<Action> {
        let mut out = Vec::new();
        if e.merged_into.is_some() {
            return out;
        }
        ui.horizontal(|ui| {
            let l = ui.label("Merge into");
            ui.add(
                egui::TextEdit::singleline(&mut self.merge_filter)
                    .hint_text("another entry's name"),
            )
            .labelled_by(l.id);
        });
        let needle = self.merge_filter.trim().to_lowercase();
        if needle.is_empty() {
            return out;
        }
        for other in reg
            .live()
            .filter(|o| o.id != e.id && o.name.to_lowercase().contains(&needle))
            .take(6)
        {
            if ui
                .button(format!("Merge into {} ({})", other.name, other.entity_type))
                .on_hover_text("This entry forwards to that one; its name becomes an alias there. Undo or Split off brings it back")
                .clicked()
            {
                out.push(Action::Registry(R::Merge(e.id.clone(), other.id.clone())));
                self.merge_filter.clear();
            }
        }
        out
    }
}

/// The registry conflicts a git merge recorded, each with Keep mine / Take theirs.
fn conflicts(ui: &mut Ui, input: &RegInput<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    if input.conflicts.is_empty() {
        return out;
    }
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!(
            "⚠ {} registry entries were changed two ways in a merge",
            input.conflicts.len()
        ),
    );
    for (i, c) in input.conflicts.iter().enumerate() {
        let mine = input
            .reg
            .get(&c.id)
            .map_or("removed".to_owned(), |e| format!("“{}”", e.name));
        let theirs = c
            .theirs
            .as_ref()
            .map_or("removed".to_owned(), |e| format!("“{}”", e.name));
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("mine: {mine}, theirs: {theirs}"));
            if ui.small_button("Keep mine").clicked() {
                out.push(Action::Registry(R::Resolve(i, false)));
            }
            if ui.small_button("Take theirs").clicked() {
                out.push(Action::Registry(R::Resolve(i, true)));
            }
        });
    }
    ui.separator();
    out
}

/// One mention's line: its article's title first, then its sentence from a little before the
/// mention (in brackets, bold), so that a narrow panel cuts the end of the sentence, never the
/// mention or the article's name.
fn row_job(ui: &Ui, m: &MentionRow) -> egui::text::LayoutJob {
    let (before, mention, after) = around_mention(&m.context, 40);
    let link = ui.visuals().hyperlink_color;
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = |color| egui::TextFormat::simple(font.clone(), color);
    let mut job = egui::text::LayoutJob::default();
    job.append(&m.title, 0.0, plain(ui.visuals().weak_text_color()));
    job.append(" — ", 0.0, plain(ui.visuals().weak_text_color()));
    job.append(&before, 0.0, plain(link));
    job.append(mention, 0.0, plain(ui.visuals().strong_text_color()));
    job.append(after, 0.0, plain(link));
    job
}

/// The context cut to start at most `lead` chars before its bracketed mention (at a word, with
/// "…"), split into before, the mention with its brackets, and after.
fn around_mention(context: &str, lead: usize) -> (String, &str, &str) {
    let Some(open) = context.find('[') else {
        return (context.to_owned(), "", "");
    };
    let close = context[open..]
        .find(']')
        .map_or(context.len(), |c| open + c + 1);
    let before = &context[..open];
    let n = before.chars().count();
    let before = if n <= lead {
        before.to_owned()
    } else {
        let cut = before.char_indices().nth(n - lead).map_or(0, |(b, _)| b);
        // From the next word, so no word is shown in half.
        let from = before[cut..].find(' ').map_or(cut, |s| cut + s + 1);
        format!("…{}", &before[from..])
    };
    (before, &context[open..close], &context[close..])
}

/// The entry's mentions, a screenful at a time (a person in every article has thousands), each
/// line naming its article; the articles open in the window first.
fn mention_lines(ui: &mut Ui, input: &RegInput<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let (open, rest) = (input.mentions, input.more_mentions);
    let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("registry-mentions")
        .auto_shrink([false, true])
        .max_height(row * 12.0)
        .show_rows(ui, row, open.len() + rest.len(), |ui, range| {
            for i in range {
                let m = if i < open.len() {
                    &open[i]
                } else {
                    &rest[i - open.len()]
                };
                let r = ui.add(
                    egui::Label::new(row_job(ui, m))
                        .truncate()
                        .sense(egui::Sense::click()),
                );
                if r.on_hover_text(format!("Open {} there", m.file)).clicked() {
                    out.push(Action::Project(ProjectAction::OpenArticleAt(
                        m.file.clone(),
                        m.start,
                    )));
                }
            }
        });
    out
}

#[cfg(test)]
mod tests {
    use super::around_mention;

    #[test]
    fn a_long_sentence_is_cut_before_its_mention_not_through_it() {
        let context = "After a week of talks in three capitals and a summit that ended without a \
                       statement, [Qassem Soleimani] left for Baghdad on Friday.";
        let (before, mention, after) = around_mention(context, 20);
        assert!(
            before.starts_with('…') && before.chars().count() <= 22,
            "{before:?}"
        );
        assert_eq!(mention, "[Qassem Soleimani]");
        assert_eq!(after, " left for Baghdad on Friday.");
        // Short ones and those without a bracket stay whole.
        assert_eq!(around_mention("[Ada] met Bob.", 20).0, "");
        assert_eq!(around_mention("no mention here", 20).0, "no mention here");
        // Letters of any width (the cut counts chars, not bytes).
        let (b, m, _) = around_mention("Ça été très, très, très long pour [Ibáñez] hier", 10);
        assert_eq!(m, "[Ibáñez]");
        assert!(b.starts_with('…'), "{b:?}");
    }
}
