//! The project's cross-article views in the window: the project's event list, find in the
//! project and the project map. What they show is computed from the project index by
//! `analysis::project_views`, again only when the index, the registry or the filter changed.

use super::project::OpenProject;
use super::{BottomTab, Document};
use crate::analysis::project_views::{self as pv, EventRow, Filter, ProjectGraph};
use crate::model::session::Selection;
use crate::ui::action::{Action, RegistryAction, Sel};
use crate::ui::views::map::EntityMap;
use crate::ui::views::project_views as views;

/// What the index, the registry and the filter were when a view was computed.
type Key = (u64, u64, Filter);

/// The cross-article views' own state.
#[derive(Default)]
pub struct ProjectUi {
    pub filter: Filter,
    pub find: views::ProjectFind,
    events: Option<(Key, Vec<EventRow>)>,
    map: Option<(Key, ProjectGraph, EntityMap, Document)>,
}

impl ProjectUi {
    /// Whether the project map has been laid out (measurements wait for it).
    pub fn map_settled(&self) -> bool {
        self.map.as_ref().is_some_and(|(_, _, m, _)| m.is_settled())
    }

    /// The project map's entities and events, once drawn.
    pub fn map_size(&self) -> Option<(usize, usize)> {
        let (_, g, ..) = self.map.as_ref()?;
        Some((g.session.entities.len(), g.session.events.len()))
    }
}

fn key(op: &OpenProject, f: &Filter) -> Key {
    (op.summary_gen, op.reg_gen, f.clone())
}

/// The project tabs of the bottom panel.
pub(super) fn bottom(
    ui: &mut egui::Ui,
    tab: BottomTab,
    op: Option<&OpenProject>,
    pui: &mut ProjectUi,
) -> Vec<Action> {
    let Some(op) = op else { return Vec::new() };
    match tab {
        BottomTab::ProjectFind => pui
            .find
            .show(ui, op.find_hits.as_ref(), op.find_job.is_some()),
        _ => {
            views::filter_bar(ui, &mut pui.filter, &op.project.schema);
            let k = key(op, &pui.filter);
            if pui.events.as_ref().is_none_or(|(old, _)| *old != k) {
                let rows = pv::event_rows(&op.project, op.summary.values(), &pui.filter);
                pui.events = Some((k, rows));
            }
            let rows = pui.events.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
            views::event_list(ui, rows, op.indexing.is_some())
        }
    }
}

/// The project map tab: registry entries and the events and relations between them.
pub(super) fn map(ui: &mut egui::Ui, op: Option<&OpenProject>, pui: &mut ProjectUi) -> Vec<Action> {
    let Some(op) = op else { return Vec::new() };
    views::filter_bar(ui, &mut pui.filter, &op.project.schema);
    if op.indexing.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Indexing the project's articles…");
        });
        return Vec::new();
    }
    let k = key(op, &pui.filter);
    if pui.map.as_ref().is_none_or(|(old, ..)| *old != k) {
        let g = pv::project_graph(&op.project, op.summary.values(), &pui.filter);
        let m = EntityMap::from_session(&g.session);
        let doc = Document::new(g.session.clone(), None);
        pui.map = Some((k, g, m, doc));
    }
    let Some((_, g, m, doc)) = pui.map.as_mut() else {
        return Vec::new();
    };
    if g.entries.is_empty() {
        ui.label(
            egui::RichText::new(
                "No events or relations between registry entries yet: link entities to the registry, and events between them show here.",
            )
            .weak(),
        );
        return Vec::new();
    }
    if g.connected > g.entries.len() {
        let shown = format!(
            "The {} most connected of {} linked registry entries (filter by article, date or type to see others).",
            g.entries.len(),
            g.connected
        );
        ui.label(egui::RichText::new(shown).weak());
    }
    // The map speaks of its own entities; the analyst picking one opens its registry page.
    let picked = m.show(ui, doc.view(None));
    let mut out = Vec::new();
    for a in picked {
        let entity = match a {
            Action::PickEntity(e) | Action::Select(Sel::Item(Selection::Entity(e))) => Some(e),
            Action::Status(s) => {
                out.push(Action::Status(s));
                None
            }
            _ => None,
        };
        if let Some(e) = entity
            && let Some(id) = g.entries.get(&e)
        {
            doc.sel = Sel::Item(Selection::Entity(e));
            out.push(Action::Registry(RegistryAction::Show(id.clone())));
        }
    }
    out
}
