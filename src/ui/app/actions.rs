//! The one place where actions are applied. Edits go through the history (`Session::apply`);
//! decisions about the data are the model's (`cmd_*`), this only routes and reports.

use super::{Action, Armed, DossierApp, Guarded, Notice, Sel, capitalise};
use crate::model::session::Selection;
use crate::model::*;
use crate::ui::action::ToolAction;
use crate::ui::layout::{LayoutAction, Pane};

impl DossierApp {
    /// Apply every queued action.
    pub fn handle_actions(&mut self) {
        let actions = std::mem::take(&mut self.actions);
        for a in actions {
            self.handle(a);
        }
    }

    pub fn handle(&mut self, a: Action) {
        match a {
            Action::NewFromArticle => self.run_guarded(Guarded::NewFromArticle),
            Action::NewFromClipboard => self.run_guarded(Guarded::NewFromClipboard),
            Action::OpenSession => self.run_guarded(Guarded::OpenSession),
            Action::Open(p) => self.run_guarded(Guarded::Open(p)),
            Action::OpenSample(i) => self.run_guarded(Guarded::OpenSample(i)),
            Action::Quit => self.run_guarded(Guarded::Quit),
            Action::ImportBrat => self.run_guarded(Guarded::ImportBrat),
            Action::Project(a) => self.project_action(a),
            Action::Registry(r) => self.registry_action(r),
            Action::Export(f) => self.export(f),
            Action::SaveWorldMap { svg, png } => self.save_world_map(&svg, png),
            Action::Save => self.save_from_menu(false),
            Action::SaveAs => self.save_from_menu(true),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Edit(cmd) => _ = self.edit(cmd),
            Action::EntityType(t) => self.entity_key(&t),
            Action::EventType(t) => self.event_key(&t),
            Action::DeleteSelected => self.delete_selected(),
            Action::ConfirmDeleteEntity(e) => self.prompts.confirm_delete = Some(e),
            Action::DeleteEntityAnswered(yes) => self.delete_entity(yes),
            Action::Select(sel) => {
                self.armed = None;
                self.select(sel);
            }
            Action::Cancel => self.cancel(),
            Action::AddPiece => self.add_piece(),
            Action::SelectPiece(sel) => self.with_doc(|d| d.sel = sel),
            Action::Pick(sel) => self.pick(sel),
            Action::ArmRole(role) => self.arm_role(role),
            Action::ArmRelation(rtype) => self.arm_relation(rtype),
            Action::AnnotateAll(ty) => self.annotate_all(&ty),
            Action::MapPinsChanged => self.with_doc(|d| d.view_dirty = true),
            Action::PickEntity(e) => self.pick_item(Selection::Entity(e)),
            Action::PickEvent(e) => self.pick_item(Selection::Event(e)),
            Action::PickRelation(r) => self.pick_item(Selection::Relation(r)),
            Action::SplitMention(m) => self.build_and_edit(|s| s.cmd_split_mention(m)),
            Action::AddRelation(ty, from, to) => {
                self.build_and_edit(|s| s.cmd_add_relation(&ty, from, to, None).map(|(_, c)| c));
            }
            Action::Tool(a) => self.tool_action(a),
            Action::Suggest(a) => self.suggestion_action(a),
            Action::Curate(c) => self.curate(c),
            Action::MergeEntities(keep, absorb) => {
                self.build_and_edit(|s| s.cmd_merge_entities(keep, absorb));
            }
            Action::Reveal(sel, c) => {
                self.select(sel);
                self.views.view.scroll_to = Some(c);
            }
            Action::EditEventInWindow(e) => self.views.event_list.editing = e,
            Action::Find => self.open_find(),
            Action::CloseFind => self.close_find(),
            Action::FindStep { forward } => self.find_step(forward),
            Action::ToggleShortcuts => self.prompts.show_shortcuts = !self.prompts.show_shortcuts,
            Action::ToggleCommandPalette => self.views.palette.toggle(),
            Action::ToggleKeysEditor => self.views.keys_editor.open = !self.views.keys_editor.open,
            Action::ToggleArticleInfo => {
                self.views.article_info.open = !self.views.article_info.open;
            }
            Action::ToggleAbout => self.views.about.open = !self.views.about.open,
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::Layout(a) => self.layout_action(a),
            Action::SetFontSize(f) => {
                // The preference is the size; the text view draws with its copy.
                self.prefs.font_size = f.clamp(8.0, 40.0);
                self.views.view.font_size = self.prefs.font_size;
            }
            Action::ZoomIn => self.prefs.zoom = (self.prefs.zoom + 0.1).min(3.0),
            Action::ZoomOut => self.prefs.zoom = (self.prefs.zoom - 0.1).max(0.5),
            Action::ZoomReset => self.prefs.zoom = 1.0,
            Action::SetShortcuts(id, keys) => self.set_shortcuts(id, Some(keys)),
            Action::ResetShortcuts(id) => self.set_shortcuts(id, None),
            Action::Status(s) => self.status = s,
            Action::AnswerGuard(a) => self.answer_guard(a),
            Action::DismissNotice => self.prompts.notice = None,
            Action::CancelJob(id) => self.cancel_job(id),
            Action::RestoreOrphan(i) => self.restore_only(i),
            Action::DiscardOrphan(i) => self.discard_orphan(i),
            Action::KeepOrphans => self.ws.orphans.clear(),
        }
    }

    /// The article's text updated, dates accepted, merge conflicts resolved, the analyst named.
    fn tool_action(&mut self, a: ToolAction) {
        match a {
            ToolAction::UpdateArticleText => self.update_article_text(),
            ToolAction::UpdateFromSource => self.update_from_source(),
            ToolAction::SetAnalyst(name) => {
                self.status = format!("Annotations are recorded as made by “{name}”.");
                self.prefs.analyst = Some(name);
            }
            ToolAction::ToggleAnalystName => {
                self.views.analyst_name.open = !self.views.analyst_name.open;
            }
            ToolAction::AcceptDate(e) => self.accept_date(Some(e)),
            ToolAction::AcceptSelectedDate => self.accept_date(None),
            ToolAction::ResolveConflict(i, t) => {
                self.build_and_edit(|s| s.cmd_resolve_conflict(i, t));
            }
        }
    }

    /// Give the event (the selected one for `None`) the date its text proposes.
    fn accept_date(&mut self, e: Option<EventId>) {
        let e = e.or_else(|| self.ws.doc.as_ref().and_then(|d| d.sel.event()));
        match e {
            Some(e) => self.build_and_edit(|s| crate::analysis::dates::cmd_accept(s, e)),
            None => {
                self.status = "Select an event first: its date is proposed from its text.".into();
            }
        }
    }

    /// The window's layout changes; the views told what concerns them.
    fn layout_action(&mut self, a: LayoutAction) {
        match a {
            // Asked for by its command: the search field takes the keys.
            LayoutAction::Show(p) => self.views.project_ui.find.focus = p == Pane::ProjectFind,
            // A new size: the map fits itself to it unless the analyst placed the view.
            LayoutAction::Use(_) | LayoutAction::Reset | LayoutAction::MapWindow => {
                self.views.map.refit_if_fitting();
            }
            LayoutAction::TogglePalette => {}
        }
        self.layout.apply(a);
    }

    fn with_doc(&mut self, f: impl FnOnce(&mut super::Document)) {
        if let Some(d) = self.ws.doc.as_mut() {
            f(d);
        }
    }

    /// Ctrl+click/drag: the selected text becomes one more piece of a split mention or trigger.
    fn add_piece(&mut self) {
        self.with_doc(|d| {
            if let Some(span) = d.sel.text_span()
                && !d.pieces.contains(&span)
            {
                d.pieces.push(span);
            }
        });
    }

    /// Restore one recovery copy; one document at a time, so the rest stay for the next start.
    fn restore_only(&mut self, i: usize) {
        self.restore(i);
        self.ws.orphans.clear();
    }

    /// Apply one edit through the history; a refused edit is explained and changes nothing.
    pub fn edit(&mut self, cmd: Command) -> bool {
        let Some(doc) = self.ws.doc.as_mut() else {
            return false;
        };
        let label = cmd.label();
        // Who and when, on what the edit adds or changes (undo gives back the old stamps).
        let by = self.prefs.analyst.as_deref().unwrap_or("");
        let cmd = cmd.stamped(&doc.session, by, crate::io::recovery::now());
        match doc.history.apply(&mut doc.session, cmd) {
            Ok(()) => {
                self.status = capitalise(&label);
                true
            }
            Err(e) => {
                self.status = format!("Not done: {e}");
                false
            }
        }
    }

    /// Build an edit from the session and apply it; a refusal is explained in the status bar.
    pub(super) fn build_and_edit(
        &mut self,
        build: impl FnOnce(&mut Session) -> Result<Command, EditError>,
    ) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        match build(&mut doc.session) {
            Ok(cmd) => {
                self.edit(cmd);
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// A new selection; pieces of a discontinuous one are forgotten.
    pub(super) fn select(&mut self, sel: Sel) {
        if let Some(d) = self.ws.doc.as_mut() {
            d.sel = sel;
            d.pieces.clear();
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        let r = match &self.ws.project {
            // An article of a project may not get back a link to a registry entry removed since.
            Some(p) => crate::analysis::registry::undo_checked(
                &mut doc.session,
                &mut doc.history,
                &p.project.registry,
                undo,
            ),
            None if undo => doc
                .history
                .undo(&mut doc.session)
                .map_err(|e| e.to_string()),
            None => doc
                .history
                .redo(&mut doc.session)
                .map_err(|e| e.to_string()),
        };
        let verb = if undo { "undo" } else { "redo" };
        self.status = match r {
            Ok(Some(label)) => format!("{} {label}", if undo { "Undid" } else { "Redid" }),
            Ok(None) => format!("Nothing to {verb}."),
            Err(e) => format!("Could not {verb}: {e}"),
        };
        // The selection may point at something the undo removed.
        let s = &doc.session;
        let gone = match doc.sel {
            Sel::Item(Selection::Mention(m)) => !s.mentions.contains_key(&m),
            Sel::Item(Selection::Entity(e)) => !s.entities.contains_key(&e),
            Sel::Item(Selection::Event(e)) => !s.events.contains_key(&e),
            Sel::Item(Selection::Relation(r)) => !s.relations.contains_key(&r),
            _ => false,
        };
        if gone {
            doc.sel = Sel::None;
        }
    }

    /// Esc: close the shortcut list, else cancel what is armed, else clear the selection.
    fn cancel(&mut self) {
        if self.prompts.show_shortcuts {
            self.prompts.show_shortcuts = false;
        } else if let Some(armed) = self.armed.take() {
            self.status = match armed {
                Armed::Role { role, .. } => format!("Stopped adding to the role {role}."),
                Armed::Relation { .. } => "No relation made.".into(),
            };
        } else if self.views.find.open {
            self.close_find();
        } else {
            self.select(Sel::None);
        }
    }

    /// An entity-type key or palette click: annotate the selected text, or retype the mention.
    fn entity_key(&mut self, ty: &str) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        let built = match doc.sel {
            Sel::Text { span, .. } if !doc.pieces.is_empty() => {
                let mut pieces = doc.pieces.clone();
                pieces.push(span);
                doc.session.cmd_annotate_pieces(&pieces, ty)
            }
            Sel::Text { span, .. } => doc.session.cmd_annotate_mention(span, ty),
            Sel::Item(Selection::Mention(m)) => {
                doc.session.cmd_retype_mention(m, ty).map(|c| (m, c))
            }
            _ => {
                self.status =
                    "Select some text first: click a word, shift-click or drag to extend.".into();
                return;
            }
        };
        match built {
            Ok((id, cmd)) => {
                if self.edit(cmd) {
                    self.select(Sel::Item(Selection::Mention(id)));
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// An event-type key or palette click: a new event with the selected text as trigger, or a
    /// retyped event.
    fn event_key(&mut self, ty: &str) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        if let Sel::Item(Selection::Event(id)) = doc.sel {
            self.build_and_edit(|s| s.cmd_retype_event(id, ty));
            return;
        }
        let built = match doc.sel.text_span() {
            Some(span) if !doc.pieces.is_empty() => {
                let mut pieces = doc.pieces.clone();
                pieces.push(span);
                doc.session.cmd_add_event_pieces(ty, &pieces)
            }
            span => doc.session.cmd_add_event(ty, span),
        };
        match built {
            Ok((id, cmd)) => {
                if self.edit(cmd) {
                    self.select(Sel::Item(Selection::Event(id)));
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    fn delete_selected(&mut self) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        let cmd = match doc.sel {
            Sel::Item(Selection::Mention(m)) => doc.session.cmd_delete_mention(m),
            Sel::Item(Selection::Event(e)) => doc.session.cmd_delete_event(e),
            Sel::Item(Selection::Relation(r)) => Ok(Command::RemoveRelation(r)),
            Sel::Item(Selection::Entity(e)) => {
                // Deleting a whole entity asks first.
                self.prompts.confirm_delete = Some(e);
                return;
            }
            _ => return,
        };
        match cmd {
            Ok(cmd) => {
                if self.edit(cmd) {
                    self.select(Sel::None);
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// The delete-entity prompt was answered (with the entity on yes).
    fn delete_entity(&mut self, yes: Option<EntityId>) {
        self.prompts.confirm_delete = None;
        let (Some(id), Some(doc)) = (yes, self.ws.doc.as_mut()) else {
            return;
        };
        match doc.session.cmd_delete_entity(id) {
            Ok(cmd) => {
                if self.edit(cmd) {
                    self.select(Sel::None);
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    fn arm_role(&mut self, role: String) {
        if let Some(event) = self.ws.doc.as_ref().and_then(|d| d.sel.event()) {
            self.status = format!(
                "Click a mention, an entity or an event trigger to fill {role}. Esc cancels."
            );
            self.armed = Some(Armed::Role { event, role });
        }
    }

    fn arm_relation(&mut self, relation_type: String) {
        if let Some(from) = self.ws.doc.as_ref().and_then(|d| d.sel.mention()) {
            self.status =
                format!("Click the mention the {relation_type} relation points to. Esc cancels.");
            self.armed = Some(Armed::Relation {
                from,
                relation_type,
            });
        }
    }

    /// A mention, trigger or entity was clicked: fill what is armed, or select it.
    fn pick(&mut self, sel: Sel) {
        match self.armed.clone() {
            None => self.select(sel),
            Some(Armed::Role { event, role }) => self.fill_role(event, &role, sel),
            Some(Armed::Relation {
                from,
                relation_type,
            }) => self.end_relation(from, &relation_type, sel),
        }
    }

    fn fill_role(&mut self, event: EventId, role: &str, sel: Sel) {
        let Some(doc) = self.ws.doc.as_ref() else {
            return;
        };
        let s = &doc.session;
        let (filler, mention) = match sel {
            Sel::Item(Selection::Mention(m)) => match s.mentions.get(&m) {
                Some(mm) => (Filler::Entity(mm.entity), Some(m)),
                None => return,
            },
            Sel::Item(Selection::Entity(e)) => (Filler::Entity(e), None),
            Sel::Item(Selection::Event(e)) => (Filler::Event(e), None),
            Sel::None => {
                self.armed = None;
                self.status = "Cancelled.".into();
                return;
            }
            _ => {
                self.status = format!(
                    "Click an annotated mention (or an event trigger) to fill {role}; plain words must be annotated first."
                );
                return;
            }
        };
        match s.cmd_fill_role(event, role, filler, mention) {
            Ok(cmd) => {
                let label = s.filler_label(filler);
                if self.edit(cmd) {
                    self.status = format!("{role}: {label}. Click another to add more, or Esc.");
                }
                self.select(Sel::Item(Selection::Event(event)));
            }
            Err(e) => {
                self.armed = None;
                self.status = format!("Not done: {e}");
            }
        }
    }

    fn end_relation(&mut self, from: MentionId, relation_type: &str, sel: Sel) {
        let to = match sel {
            Sel::Item(Selection::Mention(m)) => m,
            Sel::None => {
                self.armed = None;
                self.status = "Cancelled.".into();
                return;
            }
            _ => {
                self.status = "Click an annotated mention to end the relation.".into();
                return;
            }
        };
        self.armed = None;
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        match doc.session.cmd_relate_mentions(relation_type, from, to) {
            Ok((rid, cmd)) => {
                if self.edit(cmd) {
                    self.select(Sel::Item(Selection::Relation(rid)));
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// A map node or list entry was clicked: fill what is armed, else select it and scroll the
    /// text to where the article first says it.
    pub(crate) fn pick_item(&mut self, item: Selection) {
        if self.armed.is_some() {
            self.pick(Sel::Item(item));
            return;
        }
        let Some(doc) = &self.ws.doc else { return };
        match doc.session.first_char_of(item) {
            Some(c) => self.handle(Action::Reveal(Sel::Item(item), c)),
            None => self.select(Sel::Item(item)),
        }
    }

    /// Annotate every find hit not yet annotated with this type, linked to one entity.
    pub fn annotate_all(&mut self, ty: &str) {
        let Some(doc) = self.ws.doc.as_mut() else {
            return;
        };
        match doc.session.cmd_annotate_all(&self.views.view.hits, ty) {
            Ok((n, cmd)) => {
                if self.edit(cmd) {
                    self.status =
                        format!("Annotated {n} more occurrences. Ctrl+Z undoes them all.");
                }
            }
            Err(e) => self.status = format!("Not done: {e}"),
        }
    }

    /// The keys editor changed a command's shortcuts (`None`: back to the default); saved to
    /// `keys.ron` at once, and a clash is said, not hidden.
    fn set_shortcuts(
        &mut self,
        id: crate::ui::commands::CommandId,
        keys: Option<Vec<egui::KeyboardShortcut>>,
    ) {
        match keys {
            Some(k) => self.keymap.set(id, k),
            None => self.keymap.reset(id),
        }
        let schema = self.ws.doc.as_ref().map(|d| &d.session.schema);
        let clashes = self.keymap.conflicts(schema);
        self.status = match clashes.first() {
            Some(c) => format!("Shortcut changed, but {c}."),
            None => format!("Shortcut of “{}” changed.", id.def().name),
        };
        if let Some(path) = &self.keys_path
            && let Err(e) = self.keymap.save(path)
        {
            self.prompts.notice = Some(Notice {
                title: "Could not save the keyboard shortcuts".into(),
                body: format!("{e}\n\nThey apply until Dossier closes."),
            });
        }
    }
}
