//! The window's panels: menu bar, palette, article, side panel, mention list, status bar, and the
//! modal prompts.

use super::app::{Action, BottomTab, DossierApp, GuardAnswer, Guarded, SideTab};
use super::article_view::{Sel, ViewInput};
use super::colors;
use crate::io::samples::SAMPLES;
use crate::model::session::Selection;
use crate::model::*;
use egui::{Color32, RichText, Ui};

/// Every shortcut, for the overlay (F1 or ?).
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "Click",
        "select the word under the pointer; click a mention to select it",
    ),
    (
        "Click again",
        "select the word inside the selected mention (to nest a new one)",
    ),
    ("Shift+click", "extend the selection to another word"),
    ("Drag", "select a range of words"),
    ("Alt+click / Alt+drag", "select exact characters"),
    (
        "Letter key",
        "annotate the selection as that entity type (see the palette)",
    ),
    (
        "Shift+letter",
        "make an event of that type with the selection as trigger (no selection: an event without trigger)",
    ),
    (
        "Role key (event selected)",
        "arm a role, e.g. a Actor, r Recipient, e Place, t Time, i Instrument; then click mentions, entities or event triggers to fill it",
    ),
    (
        "Digit (mention selected)",
        "start a relation of that type (1 Member-Of … 5 Affiliated-With); then click the other mention",
    ),
    ("Delete / Backspace", "remove the selected mention or event"),
    (
        "Esc",
        "cancel an armed role or relation, or clear the selection",
    ),
    (
        "Event list",
        "click a column header to sort; click a row to jump to its trigger; double-click to edit",
    ),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z, Ctrl+Y", "redo"),
    (
        "Ctrl+F",
        "find text or a regular expression; Enter next, Shift+Enter previous; Annotate all",
    ),
    ("Ctrl+N", "new session from an article"),
    ("Ctrl+O", "open a session"),
    ("Ctrl+S", "save (asks for a file name the first time)"),
    ("Ctrl+Shift+S", "save as"),
    ("Ctrl+Q", "quit"),
    ("Ctrl+plus / Ctrl+minus / Ctrl+0", "zoom in, out, reset"),
    ("F1 or ?", "show or hide this list"),
];

#[derive(Default)]
pub struct InspectorState {
    /// Entity whose fields are being edited, and the edit buffers.
    entity: Option<EntityId>,
    name: String,
    aliases: String,
    kb: String,
    note: String,
    pub confirm_delete: Option<EntityId>,
    rel_type: String,
    rel_target: Option<EntityId>,
    merge_with: Option<EntityId>,
}

impl DossierApp {
    pub(crate) fn draw(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.doc.is_some() {
            if self.prefs.show_bottom {
                egui::Panel::bottom("lists")
                    .resizable(true)
                    .default_size(200.0)
                    .show(ui, |ui| {
                        let (ne, nm) = self
                            .doc
                            .as_ref()
                            .map(|d| (d.session.events.len(), d.session.mentions.len()))
                            .unwrap_or_default();
                        ui.horizontal(|ui| {
                            ui.selectable_value(
                                &mut self.bottom_tab,
                                BottomTab::Events,
                                RichText::new(format!("Events ({ne})")).heading(),
                            );
                            ui.selectable_value(
                                &mut self.bottom_tab,
                                BottomTab::Mentions,
                                RichText::new(format!("Mentions ({nm})")).heading(),
                            );
                        });
                        match self.bottom_tab {
                            BottomTab::Events => self.event_table(ui),
                            BottomTab::Mentions => self.mention_table(ui),
                        }
                    });
            }
            if self.prefs.show_palette {
                egui::Panel::left("palette")
                    .resizable(true)
                    .default_size(200.0)
                    .show(ui, |ui| self.palette(ui));
            }
            if self.prefs.show_side {
                egui::Panel::right("side")
                    .resizable(true)
                    .default_size(460.0)
                    .show(ui, |ui| self.side_panel(ui));
            }
            egui::CentralPanel::default().show(ui, |ui| self.article(ui));
        } else {
            egui::CentralPanel::default().show(ui, |ui| self.start_screen(ui));
        }
        self.modals(ui.ctx());
        self.drop_hint(ui.ctx());
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            let has_doc = self.doc.is_some();
            ui.menu_button("File", |ui| {
                if ui.button("New from article…  Ctrl+N").clicked() {
                    self.push(Action::NewFromArticle);
                }
                if ui.button("Open session…  Ctrl+O").clicked() {
                    self.push(Action::OpenSession);
                }
                ui.menu_button("Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for p in self.prefs.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            self.push(Action::Open(p));
                        }
                    }
                });
                ui.menu_button("Samples", |ui| {
                    for (i, s) in SAMPLES.iter().enumerate() {
                        if ui.button(s.file_name).clicked() {
                            self.push(Action::OpenSample(i));
                        }
                    }
                });
                ui.separator();
                if ui.button("Import brat (.ann)…").clicked() {
                    self.push(Action::ImportBrat);
                }
                ui.add_enabled_ui(has_doc, |ui| {
                    ui.menu_button("Export", |ui| {
                        use crate::io::export::Format;
                        for f in [Format::Brat, Format::Csv, Format::JsonLd] {
                            if ui.button(format!("{}…", f.name())).clicked() {
                                self.push(Action::Export(f));
                            }
                        }
                        ui.separator();
                        if ui.button("Map as GraphML…").clicked() {
                            self.push(Action::ExportMap { svg: false });
                        }
                        if ui.button("Map picture (SVG)…").clicked() {
                            self.push(Action::ExportMap { svg: true });
                        }
                    });
                });
                ui.separator();
                if ui
                    .add_enabled(has_doc, egui::Button::new("Save  Ctrl+S"))
                    .clicked()
                {
                    self.push(Action::Save);
                }
                if ui
                    .add_enabled(has_doc, egui::Button::new("Save As…  Ctrl+Shift+S"))
                    .clicked()
                {
                    self.push(Action::SaveAs);
                }
                ui.separator();
                if ui.button("Quit  Ctrl+Q").clicked() {
                    self.push(Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = match &self.doc {
                    Some(d) => (
                        d.history.undo_label().map(str::to_owned),
                        d.history.redo_label().map(str::to_owned),
                    ),
                    None => (None, None),
                };
                let u = format!("Undo {}  Ctrl+Z", undo.clone().unwrap_or_default());
                if ui
                    .add_enabled(undo.is_some(), egui::Button::new(u))
                    .clicked()
                {
                    self.push(Action::Undo);
                }
                let r = format!("Redo {}  Ctrl+Shift+Z", redo.clone().unwrap_or_default());
                if ui
                    .add_enabled(redo.is_some(), egui::Button::new(r))
                    .clicked()
                {
                    self.push(Action::Redo);
                }
                ui.separator();
                if ui
                    .add_enabled(has_doc, egui::Button::new("Find…  Ctrl+F"))
                    .clicked()
                {
                    self.push(Action::ToggleFind);
                }
                if ui
                    .add_enabled(has_doc, egui::Button::new("Delete selected  Del"))
                    .clicked()
                {
                    self.push(Action::DeleteSelected);
                }
            });
            ui.menu_button("View", |ui| {
                ui.checkbox(&mut self.prefs.show_palette, "Type palette");
                ui.checkbox(&mut self.prefs.show_side, "Entities and inspector");
                ui.checkbox(&mut self.prefs.show_bottom, "Mention list");
                ui.separator();
                if ui
                    .button(if self.prefs.dark {
                        "Light theme"
                    } else {
                        "Dark theme"
                    })
                    .clicked()
                {
                    self.push(Action::ToggleTheme);
                }
                if ui.button("Zoom in  Ctrl++").clicked() {
                    self.push(Action::ZoomIn);
                }
                if ui.button("Zoom out  Ctrl+-").clicked() {
                    self.push(Action::ZoomOut);
                }
                if ui.button("Reset zoom  Ctrl+0").clicked() {
                    self.push(Action::ZoomReset);
                }
                ui.horizontal(|ui| {
                    let l = ui.label("Text size");
                    ui.add(egui::Slider::new(&mut self.view.font_size, 11.0..=30.0))
                        .labelled_by(l.id);
                });
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts  F1").clicked() {
                    self.push(Action::ToggleShortcuts);
                }
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            match &self.doc {
                Some(d) => {
                    ui.label(RichText::new(d.name()).strong());
                    if d.is_dirty() {
                        ui.label(
                            RichText::new("● unsaved changes")
                                .color(Color32::from_rgb(220, 120, 0)),
                        );
                    } else {
                        ui.label("saved");
                    }
                    ui.separator();
                    let s = &d.session;
                    ui.label(format!(
                        "{} mentions · {} entities · {} events · {} relations · {} characters",
                        s.mentions.len(),
                        s.entities.len(),
                        s.events.len(),
                        s.relations.len(),
                        s.article.char_len()
                    ));
                    ui.separator();
                }
                None => {
                    ui.label("No session open");
                    ui.separator();
                }
            }
            ui.label(&self.status);
        });
    }

    fn palette(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let schema = doc.session.schema.clone();
        let target = match doc.sel {
            Sel::Text { .. } => "annotate the selection",
            Sel::Item(Selection::Mention(_)) => "retype the mention",
            _ => "select text first",
        };
        egui::ScrollArea::vertical()
            .id_salt("palette")
            .show(ui, |ui| {
                ui.heading("Entities");
                ui.label(
                    RichText::new(format!("Key or click: {target}"))
                        .small()
                        .weak(),
                );
                for t in &schema.entity_types {
                    let key = t.hotkey.map(|k| k.to_string()).unwrap_or_default();
                    if type_button(ui, t.color.0, &key, &t.name).clicked() {
                        self.push(Action::EntityType(t.id.clone()));
                    }
                }
                ui.add_space(8.0);
                ui.heading("Events");
                ui.label(
                    RichText::new("Shift+key: event with the selection as trigger")
                        .small()
                        .weak(),
                );
                for t in &schema.event_types {
                    let key = t.hotkey.map(|k| format!("⇧{k}")).unwrap_or_default();
                    if type_button(ui, t.color.0, &key, &t.name)
                        .on_hover_text(&t.description)
                        .clicked()
                    {
                        self.push(Action::EventType(t.id.clone()));
                    }
                }
            });
    }

    fn article(&mut self, ui: &mut Ui) {
        if self.find.open {
            self.find_bar(ui);
            ui.separator();
        }
        let Some(doc) = &self.doc else { return };
        ui.horizontal(|ui| {
            ui.heading(&doc.session.article.title);
        });
        let mut events = Vec::new();
        let selected_entity = doc.selected_entity();
        let (role_marks, nested) = role_marks(&doc.session, &doc.sel);
        self.view.show(
            ui,
            ViewInput {
                session: &doc.session,
                sel: &doc.sel,
                selected_entity,
                highlighted_events: &nested,
                role_marks: &role_marks,
            },
            &mut events,
        );
        self.view_events(events);
    }

    fn find_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label("Find:");
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.find.query)
                    .hint_text("text in the article")
                    .desired_width(260.0),
            );
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Find"));
            if self.find.focus {
                r.request_focus();
                self.find.focus = false;
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let back = ui.input(|i| i.modifiers.shift);
                self.find_step(!back);
                r.request_focus();
            }
            let n = self.view.hits.len();
            if ui
                .button("▲")
                .on_hover_text("Previous (Shift+Enter)")
                .clicked()
            {
                self.find_step(false);
            }
            if ui.button("▼").on_hover_text("Next (Enter)").clicked() {
                self.find_step(true);
            }
            match (n, self.view.current_hit) {
                (0, _) if !self.find.query.is_empty() => ui.label("no match"),
                (0, _) => ui.label(""),
                (n, Some(c)) => ui.label(format!("{} of {n}", c + 1)),
                (n, None) => ui.label(format!("{n} matches")),
            };
            ui.checkbox(&mut self.find.regex, "Regex")
                .on_hover_text("Treat the text as a regular expression (case-insensitive)");
            if ui.button("✖").on_hover_text("Close (Ctrl+F)").clicked() {
                self.push(Action::ToggleFind);
            }
        });
        if let Some(e) = &self.find.error {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Not a valid regular expression: {e}"),
            );
        }
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        if self.find.annotate_type.is_empty() {
            self.find.annotate_type = s
                .schema
                .entity_types
                .first()
                .map(|t| t.id.clone())
                .unwrap_or_default();
        }
        // Counted once per edit, query and type, not every frame.
        let key = (
            doc.history.state(),
            self.view.hits.len(),
            self.view.hits.first().copied(),
            self.find.annotate_type.clone(),
        );
        let todo = match &self.find.todo {
            Some((k, n)) if *k == key => *n,
            _ => {
                let done: std::collections::HashSet<Span> = s
                    .mentions
                    .values()
                    .filter(|m| m.entity_type == self.find.annotate_type)
                    .map(|m| m.span)
                    .collect();
                let n = self.view.hits.iter().filter(|h| !done.contains(h)).count();
                self.find.todo = Some((key, n));
                n
            }
        };
        ui.horizontal(|ui| {
            ui.add_enabled_ui(todo > 0, |ui| {
                if ui
                    .button("Annotate all…")
                    .on_hover_text("Make a mention at every match not yet annotated with this type")
                    .clicked()
                {
                    self.find.confirm_annotate = true;
                }
            });
            egui::ComboBox::from_label("as")
                .selected_text(
                    s.schema
                        .entity_type(&self.find.annotate_type)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                )
                .show_ui(ui, |ui| {
                    for t in &s.schema.entity_types {
                        ui.selectable_value(&mut self.find.annotate_type, t.id.clone(), &t.name);
                    }
                });
            ui.label(RichText::new(format!("{todo} not yet annotated")).weak());
        });
        if self.find.confirm_annotate {
            let ty_name = s
                .schema
                .entity_type(&self.find.annotate_type)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("annotate-all")).show(ui.ctx(), |ui| {
                ui.heading("Annotate all matches");
                ui.label(format!("This creates {todo} {ty_name} mentions of “{}”, linked to one entity, as one step you can undo.", self.find.query));
                ui.horizontal(|ui| {
                    if ui.button(format!("Create {todo} mentions")).clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(false);
                    }
                });
            });
            if let Some(yes) = answer {
                self.find.confirm_annotate = false;
                if yes {
                    self.push(Action::AnnotateAll(self.find.annotate_type.clone()));
                }
            }
        }
    }

    fn side_panel(&mut self, ui: &mut Ui) {
        // The inspector takes what it needs up to half the height; the entity list the rest.
        let half = ui.available_height() * 0.42;
        egui::ScrollArea::vertical()
            .id_salt("inspector-scroll")
            .max_height(half)
            .auto_shrink([false, true])
            .show(ui, |ui| self.inspector(ui));
        ui.separator();
        ui.horizontal(|ui| {
            ui.selectable_value(
                &mut self.side_tab,
                SideTab::Map,
                RichText::new("Map").heading(),
            );
            ui.selectable_value(
                &mut self.side_tab,
                SideTab::Entities,
                RichText::new("Entities").heading(),
            );
        });
        match self.side_tab {
            SideTab::Map => self.map_panel(ui),
            SideTab::Entities => self.entity_list(ui),
        }
    }

    fn entity_list(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let selected = doc.selected_entity();
        let mut counts = std::collections::BTreeMap::new();
        for m in s.mentions.values() {
            *counts.entry(m.entity).or_insert(0usize) += 1;
        }
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("entities")
            .show(ui, |ui| {
                if s.entities.is_empty() {
                    ui.label(
                        RichText::new(
                            "No entities yet. Click a word in the text and press a type key.",
                        )
                        .weak(),
                    );
                }
                for t in &s.schema.entity_types {
                    let mut ents: Vec<&Entity> = s
                        .entities
                        .values()
                        .filter(|e| e.entity_type == t.id)
                        .collect();
                    if ents.is_empty() {
                        continue;
                    }
                    ents.sort_by_key(|e| e.name.to_lowercase());
                    egui::CollapsingHeader::new(
                        RichText::new(format!("{} ({})", t.name, ents.len()))
                            .color(colors::solid(t.color.0)),
                    )
                    .id_salt(("etype", &t.id))
                    .default_open(true)
                    .show(ui, |ui| {
                        for e in ents {
                            let n = counts.get(&e.id).copied().unwrap_or(0);
                            let label = format!("{} ({n})", e.name);
                            if ui.selectable_label(selected == Some(e.id), label).clicked() {
                                clicked = Some(e.id);
                            }
                        }
                    });
                }
            });
        if let Some(e) = clicked {
            self.push(Action::PickEntity(e));
        }
    }

    fn inspector(&mut self, ui: &mut Ui) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        match doc.sel {
            Sel::None => {
                ui.heading("Nothing selected");
                ui.label("Click a word, then press a type key (see the palette) to annotate it. F1 lists all shortcuts.");
            }
            Sel::Text { span, .. } => {
                ui.heading("Selected text");
                ui.label(format!("“{}”", s.article.slice(span).unwrap_or_default()));
                ui.label(
                    RichText::new(format!("characters {}–{}", span.start, span.end))
                        .small()
                        .weak(),
                );
                ui.label("Press a type key or click a type in the palette to annotate it.");
            }
            Sel::Item(Selection::Mention(id)) => {
                let Some(m) = s.mentions.get(&id).cloned() else {
                    return;
                };
                self.mention_inspector(ui, &m);
            }
            Sel::Item(Selection::Entity(id)) => self.entity_inspector(ui, id),
            Sel::Item(Selection::Event(id)) if self.events_ui.editing == Some(id) => {
                ui.heading("Event");
                ui.label("Being edited in its own window.");
            }
            Sel::Item(Selection::Event(id)) => self.event_editor(ui, id),
            Sel::Item(Selection::Relation(id)) => self.relation_editor(ui, id),
        }
    }

    fn mention_inspector(&mut self, ui: &mut Ui, m: &Mention) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        ui.heading("Mention");
        ui.label(RichText::new(format!("“{}”", m.quote)).size(16.0));
        ui.label(
            RichText::new(format!("characters {}–{}", m.span.start, m.span.end))
                .small()
                .weak(),
        );
        let mut ty = m.entity_type.clone();
        egui::ComboBox::from_label("Type")
            .selected_text(
                s.schema
                    .entity_type(&ty)
                    .map(|t| t.name.clone())
                    .unwrap_or(ty.clone()),
            )
            .show_ui(ui, |ui| {
                for t in &s.schema.entity_types {
                    ui.selectable_value(&mut ty, t.id.clone(), &t.name);
                }
            });
        let retype = (ty != m.entity_type).then_some(ty);
        let mut ent = m.entity;
        let current = s
            .entities
            .get(&m.entity)
            .map(|e| e.name.clone())
            .unwrap_or_default();
        egui::ComboBox::from_label("Entity")
            .selected_text(&current)
            .show_ui(ui, |ui| {
                for e in s
                    .entities
                    .values()
                    .filter(|e| e.entity_type == m.entity_type)
                {
                    ui.selectable_value(&mut ent, e.id, &e.name);
                }
            });
        let mut cmd = None;
        if ent != m.entity {
            cmd = s.cmd_link_mention(m.id, ent).ok();
        }
        let shared = s.mentions_of(m.entity).count() > 1;
        let mut split = false;
        ui.horizontal(|ui| {
            if ui.button("Show entity").clicked() {
                self.push(Action::Select(Sel::Item(Selection::Entity(m.entity))));
            }
            split = ui
                .add_enabled(shared, egui::Button::new("Split into new entity"))
                .on_hover_text(
                    "This mention is about something else than the other mentions of its entity",
                )
                .clicked();
            if ui.button("Delete mention").clicked() {
                self.push(Action::DeleteSelected);
            }
        });
        if !m.note.is_empty() {
            ui.label(format!("Note: {}", m.note));
        }
        for (k, v) in &m.attributes {
            ui.label(
                RichText::new(if v.is_empty() {
                    k.clone()
                } else {
                    format!("{k}: {v}")
                })
                .small(),
            );
        }
        ui.label(
            RichText::new("Press a relation key (1–9, see the entity's relations) then click the other mention to link them.")
                .small()
                .weak(),
        );
        if split {
            self.push(Action::SplitMention(m.id));
        }
        if let Some(c) = cmd {
            self.push(Action::Edit(c));
        }
        if let Some(t) = retype {
            self.push(Action::EntityType(t));
        }
    }

    fn entity_inspector(&mut self, ui: &mut Ui, id: EntityId) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let Some(e) = s.entities.get(&id).cloned() else {
            return;
        };
        let st = &mut self.inspector;
        if st.entity != Some(id) {
            st.entity = Some(id);
            st.name = e.name.clone();
            st.aliases = e.aliases.join(", ");
            st.kb = e.kb_id.clone().unwrap_or_default();
            st.note = e.note.clone();
        }
        let ty = s.schema.entity_type(&e.entity_type);
        ui.heading(
            RichText::new(&e.name).color(
                ty.map(|t| colors::solid(t.color.0))
                    .unwrap_or(Color32::GRAY),
            ),
        );
        ui.label(ty.map(|t| t.name.clone()).unwrap_or(e.entity_type.clone()));
        let mut commit = false;
        egui::Grid::new("entity-fields")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label("Name");
                commit |= ui
                    .text_edit_singleline(&mut st.name)
                    .labelled_by(l.id)
                    .lost_focus();
                ui.end_row();
                let l = ui.label("Aliases");
                commit |= ui
                    .text_edit_singleline(&mut st.aliases)
                    .labelled_by(l.id)
                    .on_hover_text("Comma-separated")
                    .lost_focus();
                ui.end_row();
                let l = ui.label("KB id");
                commit |= ui
                    .text_edit_singleline(&mut st.kb)
                    .labelled_by(l.id)
                    .on_hover_text("e.g. a Wikidata QID such as Q90")
                    .lost_focus();
                ui.end_row();
                let l = ui.label("Note");
                commit |= ui
                    .text_edit_multiline(&mut st.note)
                    .labelled_by(l.id)
                    .lost_focus();
                ui.end_row();
            });
        if commit {
            let mut e2 = e.clone();
            e2.name = st.name.trim().to_owned();
            e2.aliases = st
                .aliases
                .split(',')
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
                .collect();
            e2.kb_id = Some(st.kb.trim().to_owned()).filter(|k| !k.is_empty());
            e2.note = st.note.clone();
            if e2 != e {
                self.actions.push(Action::Edit(Command::UpdateEntity(e2)));
            }
        }
        ui.separator();
        let mentions: Vec<&Mention> = s
            .mentions_by_position()
            .into_iter()
            .filter(|m| m.entity == id)
            .collect();
        ui.label(format!("{} mentions", mentions.len()));
        for m in mentions {
            let r = ui.selectable_label(false, format!("“{}” at {}", m.quote, m.span.start));
            if r.clicked() {
                self.actions.push(Action::Reveal(
                    Sel::Item(Selection::Mention(m.id)),
                    m.span.start,
                ));
            }
        }
        ui.separator();
        self.entity_links(ui, id);
        ui.separator();
        if ui.button("Delete entity…").clicked() {
            self.inspector.confirm_delete = Some(id);
        }
    }

    /// Relations of an entity, a form to add one, and merging with another entity.
    fn entity_links(&mut self, ui: &mut Ui, id: EntityId) {
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let name = |e: EntityId| {
            s.entities
                .get(&e)
                .map(|x| x.name.clone())
                .unwrap_or_default()
        };
        let rels: Vec<&Relation> = s.relations_of(id).collect();
        ui.label(RichText::new(format!("Relations ({})", rels.len())).strong());
        let mut select = None;
        for r in rels {
            let ty = s
                .schema
                .relation_type(&r.relation_type)
                .map(|t| t.name.clone())
                .unwrap_or(r.relation_type.clone());
            let text = if r.from == id {
                format!("{ty} → {}", name(r.to))
            } else {
                format!("{} → {ty} → this", name(r.from))
            };
            if ui.selectable_label(false, text).clicked() {
                select = Some(r.id);
            }
        }
        let mut others: Vec<&Entity> = s.entities.values().filter(|e| e.id != id).collect();
        others.sort_by_key(|e| e.name.to_lowercase());
        let st = &mut self.inspector;
        if st.rel_type.is_empty() {
            st.rel_type = s
                .schema
                .relation_types
                .first()
                .map(|t| t.id.clone())
                .unwrap_or_default();
        }
        let mut add = false;
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("new-rel-type")
                .selected_text(
                    s.schema
                        .relation_type(&st.rel_type)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                )
                .show_ui(ui, |ui| {
                    for t in &s.schema.relation_types {
                        ui.selectable_value(&mut st.rel_type, t.id.clone(), &t.name);
                    }
                });
            let l = ui.label("to");
            egui::ComboBox::from_id_salt("rel-target")
                .selected_text(
                    st.rel_target
                        .map(name)
                        .unwrap_or_else(|| "choose entity".into()),
                )
                .show_ui(ui, |ui| {
                    for e in &others {
                        ui.selectable_value(&mut st.rel_target, Some(e.id), &e.name);
                    }
                })
                .response
                .labelled_by(l.id);
            add = ui
                .add_enabled(st.rel_target.is_some(), egui::Button::new("Add relation"))
                .clicked();
        });
        ui.label(RichText::new("Merge").strong());
        let mut merge = false;
        ui.horizontal(|ui| {
            let l = ui.label("Merge with");
            egui::ComboBox::from_id_salt("merge-target")
                .selected_text(st.merge_with.map(name).unwrap_or_else(|| "choose entity".into()))
                .show_ui(ui, |ui| {
                    for e in others.iter().filter(|e| s.entities.get(&id).is_some_and(|me| me.entity_type == e.entity_type)) {
                        ui.selectable_value(&mut st.merge_with, Some(e.id), &e.name);
                    }
                })
                .response
                .labelled_by(l.id);
            merge = ui
                .add_enabled(st.merge_with.is_some(), egui::Button::new("Merge into this"))
                .on_hover_text("Its mentions, event roles and relations move to this entity; its names become aliases")
                .clicked();
        });
        let mut actions = Vec::new();
        if add && let Some(t) = st.rel_target {
            actions.push(Action::AddRelation(st.rel_type.clone(), id, t));
        }
        if merge && let Some(absorb) = st.merge_with.take() {
            match s.cmd_merge_entities(id, absorb) {
                Ok(cmd) => actions.push(Action::Edit(cmd)),
                Err(e) => self.status = format!("Not done: {e}"),
            }
        }
        if let Some(r) = select {
            actions.push(Action::Select(Sel::Item(Selection::Relation(r))));
        }
        self.actions.extend(actions);
    }

    fn mention_table(&mut self, ui: &mut Ui) {
        use egui_extras::{Column, TableBuilder};
        let Some(doc) = &self.doc else { return };
        let s = &doc.session;
        let state = doc.history.state();
        if self.mention_order.0 != state || self.mention_order.1 != s.article.hash {
            self.mention_order = (
                state,
                s.article.hash.clone(),
                s.mentions_by_position().iter().map(|m| m.id).collect(),
            );
        }
        let order = &self.mention_order.2;
        let selected = match doc.sel {
            Sel::Item(Selection::Mention(m)) => Some(m),
            _ => None,
        };
        let mut clicked = None;
        // A click anywhere on a row selects it, text included.
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("mention-table")
            .striped(true)
            .sense(egui::Sense::click())
            .column(Column::initial(260.0).resizable(true).clip(true))
            .column(Column::initial(150.0).resizable(true))
            .column(Column::initial(200.0).resizable(true).clip(true))
            .column(Column::remainder())
            .header(20.0, |mut h| {
                for t in ["Text", "Type", "Entity", "Characters"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, order.len(), |mut row| {
                    let Some(m) = s.mentions.get(&order[row.index()]) else {
                        return;
                    };
                    row.set_selected(selected == Some(m.id));
                    let ty = s.schema.entity_type(&m.entity_type);
                    row.col(|ui| {
                        ui.label(format!("“{}”", m.quote));
                    });
                    row.col(|ui| {
                        let (name, c) = ty
                            .map(|t| (t.name.as_str(), t.color.0))
                            .unwrap_or((m.entity_type.as_str(), [128; 3]));
                        ui.label(RichText::new(name).color(colors::solid(c)));
                    });
                    row.col(|ui| {
                        ui.label(
                            s.entities
                                .get(&m.entity)
                                .map(|e| e.name.as_str())
                                .unwrap_or("?"),
                        );
                    });
                    row.col(|ui| {
                        ui.label(format!("{}–{}", m.span.start, m.span.end));
                    });
                    if row.response().clicked() {
                        clicked = Some((m.id, m.span.start));
                    }
                });
            });
        if let Some((id, c)) = clicked {
            self.push(Action::Reveal(Sel::Item(Selection::Mention(id)), c));
        }
    }

    fn start_screen(&mut self, ui: &mut Ui) {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            ui.heading(RichText::new("Dossier").size(32.0));
            ui.label("Read a news article and turn it into who did what to whom, where and when.");
            ui.add_space(20.0);
            if ui
                .button(RichText::new("Open article…").size(18.0))
                .clicked()
            {
                self.push(Action::NewFromArticle);
            }
            if ui
                .button(RichText::new("Open session…").size(18.0))
                .clicked()
            {
                self.push(Action::OpenSession);
            }
            ui.label(RichText::new("or drop a file on this window").weak());
            ui.add_space(20.0);
            ui.heading("Samples");
            for (i, s) in SAMPLES.iter().enumerate() {
                if ui.link(s.file_name).clicked() {
                    self.push(Action::OpenSample(i));
                }
            }
            if !self.prefs.recent.is_empty() {
                ui.add_space(20.0);
                ui.heading("Recent");
                for p in self.prefs.recent.clone() {
                    if ui.link(p.display().to_string()).clicked() {
                        self.push(Action::Open(p));
                    }
                }
            }
        });
    }

    fn modals(&mut self, ctx: &egui::Context) {
        if let Some(l) = &self.loading {
            let name = l
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (mb, secs) = (
                l.bytes as f64 / 1_048_576.0,
                l.started.elapsed().as_secs_f32(),
            );
            let mut cancel = false;
            egui::Modal::new(egui::Id::unique("loading")).show(ctx, |ui| {
                ui.heading(format!("{} {name}", l.kind.verb()));
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("{mb:.1} MB · {secs:.1} s"));
                });
                ui.label("The open work stays as it is until this is done.");
                cancel = ui.button("Cancel").clicked();
            });
            if cancel {
                self.cancel_loading();
            }
            return;
        }
        if !self.orphans.is_empty() {
            let now = crate::io::recovery::now();
            let mut restore = None;
            let mut discard = None;
            let r = egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.heading("Recover unsaved work");
                ui.label("Dossier closed with changes that were not saved. They were kept:");
                for (i, o) in self.orphans.iter().enumerate() {
                    ui.separator();
                    let m = &o.meta;
                    let ago = now.saturating_sub(m.written) / 60;
                    ui.label(RichText::new(&m.title).strong());
                    ui.label(format!(
                        "written {} ({ago} min ago) · {} mentions, {} entities, {} events",
                        crate::io::recovery::format_time(m.written),
                        m.mentions,
                        m.entities,
                        m.events
                    ));
                    if let Some(p) = &m.original {
                        ui.label(
                            RichText::new(format!("from {}", p.display()))
                                .small()
                                .weak(),
                        );
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            restore = Some(i);
                        }
                        if ui.button("Discard").clicked() {
                            discard = Some(i);
                        }
                    });
                }
            });
            if let Some(i) = restore {
                self.restore(i);
                // One document at a time: the rest stay for the next start.
                self.orphans.clear();
            } else if let Some(i) = discard {
                self.discard_orphan(i);
            } else if r.should_close() {
                // Closing the prompt keeps the files for next time.
                self.orphans.clear();
            }
            return;
        }
        if let Some(n) = self.notice.clone() {
            let r = egui::Modal::new(egui::Id::unique("notice")).show(ctx, |ui| {
                ui.set_max_width(520.0);
                ui.heading(&n.title);
                ui.label(&n.body);
                ui.add_space(8.0);
                ui.button("OK").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter))
            });
            if r.inner || r.should_close() {
                self.notice = None;
            }
        }
        if let Some(g) = self.guard.clone() {
            let what = match g {
                Guarded::Quit => "quitting",
                _ => "opening another file",
            };
            let mut answer = None;
            let r = egui::Modal::new(egui::Id::unique("guard")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!(
                    "This session has changes that are not saved. Save them before {what}?"
                ));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some(GuardAnswer::Save);
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(GuardAnswer::Discard);
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(GuardAnswer::Cancel);
                    }
                });
            });
            if r.should_close() && answer.is_none() {
                answer = Some(GuardAnswer::Cancel);
            }
            if let Some(a) = answer {
                self.answer_guard(a);
            }
        }
        if let Some(id) = self.inspector.confirm_delete {
            let Some(doc) = &self.doc else { return };
            let s = &doc.session;
            let name = s
                .entities
                .get(&id)
                .map(|e| e.name.clone())
                .unwrap_or_default();
            let n = s.mentions_of(id).count();
            let events: Vec<String> = s
                .events_using(Filler::Entity(id))
                .map(|e| s.event_label(e))
                .collect();
            let rels = s.relations_of(id).count();
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
                ui.heading(format!("Delete {name}?"));
                ui.label(format!(
                    "This removes its {n} mentions and {rels} relations."
                ));
                if !events.is_empty() {
                    ui.label("It is taken out of these events:");
                    for e in &events {
                        ui.label(format!("  • {e}"));
                    }
                }
                ui.label("You can undo this.");
                ui.horizontal(|ui| {
                    if ui.button("Delete").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(false);
                    }
                });
            });
            if let Some(yes) = answer {
                self.inspector.confirm_delete = None;
                if yes && let Ok(cmd) = s.cmd_delete_entity(id) {
                    self.push(Action::Edit(cmd));
                    self.push(Action::Select(Sel::None));
                }
            }
        }
        if let Some(id) = self.events_ui.editing {
            let mut open = true;
            egui::Window::new("Edit event")
                .id(egui::Id::unique("event-editor"))
                .open(&mut open)
                .default_width(420.0)
                .show(ctx, |ui| self.event_editor(ui, id));
            let exists = self
                .doc
                .as_ref()
                .is_some_and(|d| d.session.events.contains_key(&id));
            if !open || !exists {
                self.events_ui.editing = None;
            }
        }
        if self.show_shortcuts {
            let mut open = true;
            egui::Window::new("Keyboard shortcuts")
                .open(&mut open)
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(ctx, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        for (k, what) in SHORTCUTS {
                            ui.strong(*k);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
                });
            if !open {
                self.show_shortcuts = false;
            }
        }
    }

    fn drop_hint(&self, ctx: &egui::Context) {
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if hovering {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop an article or a session to open it",
                egui::FontId::proportional(24.0),
                Color32::WHITE,
            );
        }
    }
}

/// For a selected event: the spans of its arguments with their role names, and the nested
/// events whose triggers should stand out.
fn role_marks(s: &Session, sel: &Sel) -> (Vec<(Span, String)>, Vec<EventId>) {
    let Sel::Item(Selection::Event(id)) = sel else {
        return (vec![], vec![]);
    };
    let Some(ev) = s.events.get(id) else {
        return (vec![], vec![]);
    };
    let role_name = |r: &str| {
        s.schema
            .event_type(&ev.event_type)
            .and_then(|t| t.roles.iter().find(|x| x.id == r))
            .map(|x| x.name.clone())
            .unwrap_or_else(|| r.to_owned())
    };
    let mut marks = Vec::new();
    let mut nested = Vec::new();
    for a in &ev.arguments {
        let name = role_name(&a.role);
        match (a.filler, a.mention.and_then(|m| s.mentions.get(&m))) {
            (_, Some(m)) => marks.push((m.span, name)),
            (Filler::Entity(e), None) => {
                marks.extend(s.mentions_of(e).map(|m| (m.span, name.clone())))
            }
            (Filler::Event(e), None) => {
                nested.push(e);
                if let Some(t) = s.events.get(&e).and_then(|x| x.trigger) {
                    marks.push((t, name));
                }
            }
        }
    }
    (marks, nested)
}

fn type_button(ui: &mut Ui, rgb: [u8; 3], key: &str, name: &str) -> egui::Response {
    let r = ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 3.0, colors::solid(rgb));
        ui.add_sized(
            [28.0, 18.0],
            egui::Label::new(RichText::new(key).monospace().strong()),
        );
        ui.add(egui::Button::new(name).frame(false))
    });
    r.inner
}
