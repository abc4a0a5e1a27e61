//! The project's cross-article views in the window: the project's event list, find in the
//! project and the project map. What they show is computed from the project index by
//! `analysis::project_views`, again only when the index, the registry or the filter changed.

use super::Document;
use super::project::OpenProject;
use crate::analysis::project_views::{self as pv, EventRow, Filter, ProjectGraph};
use crate::model::session::Selection;
use crate::ui::action::ProjectAction;
use crate::ui::action::{Action, RegistryAction, Sel};
use crate::ui::views::map::EntityMap;
use crate::ui::views::project_views as views;

/// What the index, the registry and the filter were when a view was computed.
type Key = (u64, u64, Filter);

/// The world map tab: the open article's places, or (with the box ticked, in a project) every
/// article's through the index, filtered as the project's other views are. Made again only when
/// the session, the index, the registry, the filter or the gazetteers changed.
pub(super) fn places(
    ui: &mut egui::Ui,
    view: &mut crate::ui::views::places::PlacesView,
    dv: crate::ui::views::DocView<'_>,
    op: Option<&OpenProject>,
    pui: &mut ProjectUi,
    lists: &crate::analysis::gazetteer::Lists,
) -> Vec<Action> {
    use crate::analysis::geo;
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    lists.generation().hash(&mut h);
    let project = op.filter(|_| view.project_wide);
    if let Some(op) = project {
        // The same filter as the project's events and timeline: a date range narrows all three.
        views::filter_bar(ui, &mut pui.filter, &op.project.schema);
    }
    match project {
        Some(op) => {
            (1u8, op.summary_gen, op.reg_gen, &pui.filter).hash(&mut h);
            view.update(h.finish(), || {
                geo::of_project(&op.project, op.summary.values(), &pui.filter, lists)
            });
        }
        None => {
            let stamp = dv.session.changes.stamp();
            (0u8, stamp.instance, stamp.revision).hash(&mut h);
            view.update(h.finish(), || geo::of_session(dv.session, lists));
        }
    }
    let schema = project.map_or(&dv.session.schema, |op| &op.project.schema);
    let input = crate::ui::views::places::Input {
        doc: Some(dv),
        schema,
        in_project: op.is_some(),
    };
    view.show(ui, input)
}

/// The timeline tab: the open article's events, or (with the box ticked, in a project) every
/// article's, filtered as the project's other views are.
pub(super) fn timeline(
    ui: &mut egui::Ui,
    view: &mut crate::ui::views::timeline::TimelineView,
    dv: crate::ui::views::DocView<'_>,
    op: Option<&OpenProject>,
    pui: &mut ProjectUi,
) -> Vec<Action> {
    use crate::analysis::timeline::{ItemKey, items_of};
    use std::hash::{Hash, Hasher};
    let project = match op {
        Some(op) => {
            ui.horizontal(|ui| {
                ui.checkbox(&mut pui.timeline_all, "Every article of the project");
                if pui.timeline_all {
                    views::filter_bar(ui, &mut pui.filter, &op.project.schema);
                }
            });
            pui.timeline_all.then_some(op)
        }
        None => None,
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let selected = dv.sel.event().map(ItemKey::Event);
    let clicked = match project {
        Some(op) => {
            (1u8, op.summary_gen, op.reg_gen, &pui.filter).hash(&mut h);
            let f = pui.filter.clone();
            view.show(
                ui,
                h.finish(),
                || pv::timeline_items(&op.project, op.summary.values(), &f),
                None,
            )
        }
        None => {
            (0u8, pui.session_items(dv.session)).hash(&mut h);
            view.show(ui, h.finish(), || items_of(dv.session), selected.as_ref())
        }
    };
    match clicked {
        Some(ItemKey::Event(e)) => vec![Action::PickEvent(e)],
        Some(ItemKey::Article(file, at)) => {
            vec![Action::Project(ProjectAction::OpenArticleAt(file, at))]
        }
        None => Vec::new(),
    }
}

/// The cross-article views' own state.
#[derive(Default)]
pub struct ProjectUi {
    pub filter: Filter,
    /// The timeline shows every article of the project.
    pub timeline_all: bool,
    /// The session state the timeline's items were made for, and their generation.
    timeline_stamp: Option<crate::model::changes::Stamp>,
    timeline_gen: u64,
    pub find: views::ProjectFind,
    events: Option<(Key, Vec<EventRow>)>,
    map: Option<(Key, ProjectGraph, EntityMap, Document)>,
}

impl ProjectUi {
    /// A generation of the session's timeline items: new only when an edit touched an event or
    /// an entity some event names (a new mention elsewhere costs the timeline nothing).
    fn session_items(&mut self, s: &crate::model::Session) -> u64 {
        use crate::model::changes::Since;
        let now = s.changes.stamp();
        let stale = match self.timeline_stamp.map(|old| s.changes.since(old)) {
            Some(Since::Nothing) => false,
            Some(Since::Touched(t)) => {
                !t.events.is_empty()
                    || t.entities.iter().any(|e| {
                        s.events_using(crate::model::Filler::Entity(*e))
                            .next()
                            .is_some()
                    })
            }
            _ => true,
        };
        if stale {
            self.timeline_gen += 1;
        }
        self.timeline_stamp = Some(now);
        self.timeline_gen
    }

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

/// Find in every article of the project.
pub(super) fn find(
    ui: &mut egui::Ui,
    op: Option<&OpenProject>,
    pui: &mut ProjectUi,
) -> Vec<Action> {
    let Some(op) = op else { return Vec::new() };
    pui.find
        .show(ui, op.find_hits.as_ref(), op.find_job.is_some())
}

/// Every event of every article, filtered.
pub(super) fn events(
    ui: &mut egui::Ui,
    op: Option<&OpenProject>,
    pui: &mut ProjectUi,
) -> Vec<Action> {
    let Some(op) = op else { return Vec::new() };
    views::filter_bar(ui, &mut pui.filter, &op.project.schema);
    let k = key(op, &pui.filter);
    if pui.events.as_ref().is_none_or(|(old, _)| *old != k) {
        let rows = pv::event_rows(&op.project, op.summary.values(), &pui.filter);
        pui.events = Some((k, rows));
    }
    let rows = pui.events.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
    views::event_list(ui, rows, op.indexing.is_some())
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
        let m = EntityMap::from_session(&g.session, &op.jobs);
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
