//! The world map: the article's places (or, in a project, every article's) as markers sized by
//! mentions and coloured by type, events as squares at their place with lines to the other
//! places they involve, labels that never overlap. The wheel zooms about the pointer, dragging
//! pans, and with the map focused the arrows pan, + and − zoom and F fits. A click on a place
//! selects its entity (in the text, the lists and the entity map) and lists its sentences
//! beside the map; the selected entity is ringed here. Places without coordinates are listed
//! beside the map, each with a Pin button: the next click on the map pins it there (one
//! undoable edit).

mod draw;
mod side;

use side::pin;

use crate::analysis::geo::{EventKey, Frame, Geo, PlaceKey};
use crate::model::{EntityId, MentionId, Schema};
use crate::ui::action::{Action, ProjectAction};
use crate::ui::views::DocView;
use draw::Hit;
use egui::{RichText, Sense, Ui};

/// What the map's shapes were made for: the data, the types shown, the view, the rectangle,
/// the selected place and the theme.
type PaintKey = (Option<u64>, u64, [u64; 3], egui::Rect, Option<Hit>, bool);

/// A frame's numbers, exactly, to compare.
fn frame_bits(f: &Frame) -> [u64; 3] {
    [f.lon.to_bits(), f.lat.to_bits(), f.degrees_per_px.to_bits()]
}

/// Width of the list beside the map.
const SIDE: f32 = 230.0;
/// Mentions whose sentences are listed for the selected place.
const MAX_SENTENCES: usize = 40;

/// The view's own state.
#[derive(Default)]
pub struct PlacesView {
    /// What the places are, and what they were made from; `shown` is `geo` without the
    /// hidden types (made again when either changes, not every frame).
    geo: Geo,
    shown: Geo,
    /// The entity types among the places, for the toolbar's boxes.
    types: Vec<String>,
    key: Option<u64>,
    /// The view; `None` until fitted to the places.
    frame: Option<Frame>,
    /// Fit again at the next frame (new data, or the analyst asked).
    refit: bool,
    /// The analyst panned or zoomed since the last fit: new places no longer refit the view.
    moved: bool,
    /// The place to pin at the next click on the map.
    pinning: Option<EntityId>,
    /// The sentences of the place last clicked, with the mention each is from.
    sentences: Vec<(MentionId, usize, String)>,
    sentences_of: Option<(EntityId, u64)>,
    /// In a project: every article's places rather than the open one's.
    pub project_wide: bool,
    /// Which of the two the view was last fitted to.
    fitted_wide: Option<bool>,
    /// Give the map the keyboard at the next frame (pinning began).
    focus_map: bool,
    /// Entity types hidden from the map.
    hidden: std::collections::BTreeSet<String>,
    /// The shapes drawn last, with what they were drawn for.
    painted: Option<(PaintKey, Vec<egui::Shape>, draw::Drawn)>,
    /// Counts changes of `shown`.
    shown_gen: u64,
    /// The map's size last frame (for the picture).
    frame_size: egui::Vec2,
}

/// What the view reads: the document (for the selection and sentences), the schema its
/// colours come from, and whether a project is open.
pub struct Input<'a> {
    pub doc: Option<DocView<'a>>,
    pub schema: &'a Schema,
    pub in_project: bool,
}

impl PlacesView {
    /// Use `make`'s places when `key` (what they are made from) changed. New places that were
    /// not there before fit the view to them.
    pub fn update(&mut self, key: u64, make: impl FnOnce() -> Geo) {
        if self.key == Some(key) {
            return;
        }
        let geo = make();
        // Until the analyst moves the view, it keeps every place in it as places come and go;
        // the other set (one article or the project) is fitted afresh.
        let grown = geo.located() != self.geo.located() && !self.moved;
        if grown || self.fitted_wide != Some(self.project_wide) {
            self.refit = true;
            self.fitted_wide = Some(self.project_wide);
        }
        let mut types: Vec<String> = geo.places.iter().map(|p| p.entity_type.clone()).collect();
        types.sort_unstable();
        types.dedup();
        self.types = types;
        self.geo = geo;
        self.key = Some(key);
        self.shown = self.visible();
        self.shown_gen += 1;
    }

    /// What is shown (for tests and the picture).
    pub fn geo(&self) -> &Geo {
        &self.geo
    }

    /// Where a place's marker was drawn last (for tests and tools that click it).
    pub fn marker_pos(&self, key: &PlaceKey) -> Option<egui::Pos2> {
        let i = self.shown.places.iter().position(|p| p.key == *key)?;
        self.painted.as_ref()?.2.places.get(i).copied().flatten()
    }

    /// Whether a place's marker was drawn inside the map last frame.
    pub fn in_view(&self, key: &PlaceKey) -> bool {
        let rect = self.painted.as_ref().map(|p| p.0.3);
        matches!((self.marker_pos(key), rect), (Some(p), Some(r)) if r.contains(p))
    }

    /// Pin `e` at the next click, or by keys: the map takes the keyboard for that.
    fn start_pinning(&mut self, e: EntityId) {
        self.pinning = Some(e);
        self.focus_map = true;
    }

    /// The place being pinned, if the next click pins one.
    pub fn pinning(&self) -> Option<EntityId> {
        self.pinning
    }

    /// The map as an SVG picture of what the view shows, at its size.
    pub fn picture(&self, schema: &Schema, w: f32, h: f32) -> String {
        let frame = self.frame.unwrap_or_else(|| Frame::world(w, h));
        crate::analysis::geo::svg(&self.shown, schema, &frame, w, h)
    }

    /// The places and events of the types not hidden.
    fn visible(&self) -> Geo {
        if self.hidden.is_empty() {
            return self.geo.clone();
        }
        let mut g = self.geo.clone();
        for p in &mut g.places {
            if self.hidden.contains(&p.entity_type) {
                p.point = None;
            }
        }
        g
    }

    pub fn show(&mut self, ui: &mut Ui, input: Input<'_>) -> Vec<Action> {
        let mut out = Vec::new();
        self.toolbar(ui, &input, &mut out);
        ui.separator();
        let avail = ui.available_size();
        // The list goes beside a wide map, under a narrow one: it is where places are pinned.
        if avail.x > 2.0 * SIDE {
            let map_size = egui::vec2((avail.x - SIDE - 6.0).max(60.0), avail.y.max(60.0));
            ui.horizontal_top(|ui| {
                self.map(ui, map_size, &input, &mut out);
                ui.vertical(|ui| {
                    ui.set_width(SIDE);
                    self.side_scroll(ui, &input, &mut out);
                });
            });
        } else {
            let map_size = egui::vec2(avail.x.max(60.0), (avail.y * 0.62).max(60.0));
            self.map(ui, map_size, &input, &mut out);
            self.side_scroll(ui, &input, &mut out);
        }
        out
    }

    fn side_scroll(&mut self, ui: &mut Ui, input: &Input<'_>, out: &mut Vec<Action>) {
        egui::ScrollArea::vertical()
            .id_salt("places-side")
            .auto_shrink([false, false])
            .show(ui, |ui| self.side(ui, input, out));
    }

    fn toolbar(&mut self, ui: &mut Ui, input: &Input<'_>, out: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            if input.in_project {
                ui.checkbox(&mut self.project_wide, "Every article of the project")
                    .on_hover_text("The places of every article (as last saved), filtered as the project's other views are");
            }
            if ui
                .button("Fit")
                .on_hover_text("Show all the places (F with the map focused)")
                .clicked()
            {
                self.refit = true;
            }
            let mut changed = false;
            for t in &self.types {
                let mut on = !self.hidden.contains(t);
                let name = input
                    .schema
                    .entity_type(t)
                    .map_or(t.as_str(), |x| x.name.as_str());
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        self.hidden.remove(t);
                    } else {
                        self.hidden.insert(t.clone());
                    }
                    changed = true;
                }
            }
            if changed {
                self.shown = self.visible();
                self.shown_gen += 1;
            }
            ui.menu_button("Picture", |ui| {
                for (label, png) in [("SVG…", false), ("PNG…", true)] {
                    if ui.button(label).clicked() {
                        let size = self.frame_size.max(egui::vec2(200.0, 150.0));
                        out.push(Action::SaveWorldMap {
                            svg: self.picture(input.schema, size.x, size.y),
                            png,
                        });
                        ui.close();
                    }
                }
            });
            let located = self.geo.located();
            ui.label(
                RichText::new(format!(
                    "{} of {} on the map, {}",
                    located,
                    crate::model::words::count(self.geo.places.len(), "place"),
                    crate::model::words::count(
                        self.geo.events.iter().filter(|e| e.at.is_some()).count(),
                        "event"
                    )
                ))
                .weak(),
            );
        });
    }
}

impl PlacesView {
    /// The map itself, with its pointer and keys.
    fn map(&mut self, ui: &mut Ui, size: egui::Vec2, input: &Input<'_>, out: &mut Vec<Action>) {
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click_and_drag());
        let summary = format!(
            "World map: {} of {} places shown",
            self.shown.located(),
            self.shown.places.len()
        );
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Figure, true, &summary));
        self.frame_size = size;
        if self.refit || self.frame.is_none() {
            let points = self.shown.places.iter().filter_map(|p| p.point);
            self.frame = Some(Frame::fit(points, rect.width(), rect.height()));
            self.refit = false;
            self.moved = false;
        }
        let resp = resp.on_hover_cursor(if self.pinning.is_some() {
            egui::CursorIcon::Crosshair
        } else {
            egui::CursorIcon::Grab
        });
        let pin_centre = self.navigate(ui, &resp, rect);
        let Some(frame) = self.frame else { return };
        let selected = self.selection(input);
        let hit = self.paint(ui, &resp, rect, selected, input.schema);
        if let Some(h) = hit {
            resp.clone()
                .on_hover_ui_at_pointer(|ui| self.tooltip(ui, h, input.schema));
        }
        let (w, h) = (rect.width(), rect.height());
        if let (true, Some(id)) = (pin_centre, self.pinning) {
            out.extend(pin(input.doc, id, frame.to_geo(w / 2.0, h / 2.0, w, h)));
            self.pinning = None;
            return;
        }
        if !resp.clicked() {
            return;
        }
        if let Some(id) = self.pinning {
            // A click by keyboard (Enter or Space on the focused map) has no pointer: the cross
            // at the centre is where it pins.
            let at = resp
                .interact_pointer_pos()
                .map_or(rect.center() - rect.min, |p| p - rect.min);
            out.extend(pin(input.doc, id, frame.to_geo(at.x, at.y, w, h)));
            self.pinning = None;
            return;
        }
        match hit {
            Some(Hit::Place(i)) => out.extend(self.open_place(i, input)),
            Some(Hit::Event(i)) => match &self.geo.events[i].key {
                EventKey::Event(e) => out.push(Action::PickEvent(*e)),
                EventKey::Project(file, at) => out.push(Action::Project(
                    ProjectAction::OpenArticleAt(file.clone(), *at),
                )),
            },
            None => {}
        }
    }

    /// Let the analyst move the view; once moved, new places no longer refit it. True when
    /// Enter asks to pin at the centre.
    fn navigate(&mut self, ui: &Ui, resp: &egui::Response, rect: egui::Rect) -> bool {
        let before = self.frame;
        let pin_centre = self.move_view(ui, resp, rect);
        if self.frame != before {
            self.moved = true;
        }
        pin_centre
    }

    /// The pointer and the keys move the view: drag pans, the wheel zooms about the pointer;
    /// focused, the map takes the arrows.
    fn move_view(&mut self, ui: &Ui, resp: &egui::Response, rect: egui::Rect) -> bool {
        let (w, h) = (rect.width(), rect.height());
        let Some(frame) = self.frame.as_mut() else {
            return false;
        };
        if resp.clicked() || resp.drag_started() || std::mem::take(&mut self.focus_map) {
            resp.request_focus();
        }
        if resp.dragged() {
            let d = resp.drag_delta();
            frame.pan(d.x, d.y);
        }
        if let Some(p) = resp.hover_pos() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = f64::from(zoom) * (f64::from(scroll) / 200.0).exp();
            if (factor - 1.0).abs() > 1e-4 {
                let at = p - rect.min;
                frame.zoom_at(factor, at.x, at.y, w, h);
            }
        }
        if !resp.has_focus() {
            return false;
        }
        // The arrows pan the map rather than move the keyboard to another widget.
        let filter = egui::EventFilter {
            horizontal_arrows: true,
            vertical_arrows: true,
            ..Default::default()
        };
        ui.memory_mut(|m| m.set_focus_lock_filter(resp.id, filter));
        keys(ui, frame, w, h, &mut self.refit, &mut self.pinning)
    }

    /// The selected place or event, ringed here: the selection is the same everywhere.
    fn selection(&self, input: &Input<'_>) -> Option<Hit> {
        let entity = input.doc.and_then(|d| d.selected_entity());
        let event = input.doc.and_then(|d| d.sel.event());
        let shown = &self.shown;
        shown
            .places
            .iter()
            .position(|p| matches!(p.key, PlaceKey::Entity(e) if Some(e) == entity))
            .map(Hit::Place)
            .or_else(|| {
                shown
                    .events
                    .iter()
                    .position(|e| matches!(e.key, EventKey::Event(x) if Some(x) == event))
                    .map(Hit::Event)
            })
    }

    /// Draw the map (the shapes kept while nothing they show changed: a frame where only the
    /// pointer moved costs a copy), the focus and the pinning cross; what the pointer is over.
    fn paint(
        &mut self,
        ui: &Ui,
        resp: &egui::Response,
        rect: egui::Rect,
        selected: Option<Hit>,
        schema: &Schema,
    ) -> Option<Hit> {
        let frame = self.frame?;
        let painter = ui.painter_at(rect);
        let dark = ui.visuals().dark_mode;
        let key = (
            self.key,
            self.shown_gen,
            frame_bits(&frame),
            rect,
            selected,
            dark,
        );
        if self.painted.as_ref().is_none_or(|p| p.0 != key) {
            let mut shapes = Vec::new();
            let shown = &self.shown;
            let drawn = draw::paint(&mut shapes, rect, &frame, shown, schema, selected, dark);
            draw::labels(&mut shapes, &painter, rect, &frame, shown, dark, 12.0);
            self.painted = Some((key, shapes, drawn));
        }
        let (_, shapes, drawn) = self.painted.as_ref()?;
        painter.extend(shapes.iter().cloned());
        if resp.has_focus() {
            let stroke = ui.visuals().selection.stroke;
            painter.rect_stroke(rect.shrink(1.0), 0.0, stroke, egui::StrokeKind::Inside);
            // Pinning by keyboard: the arrows move the map under this cross, Enter pins.
            if self.pinning.is_some() {
                let c = rect.center();
                let stroke = egui::Stroke::new(1.5, draw::ring_colour(dark));
                for d in [egui::vec2(10.0, 0.0), egui::vec2(0.0, 10.0)] {
                    painter.line_segment([c - d, c + d], stroke);
                }
            }
        }
        resp.hover_pos().and_then(|p| drawn.hit(p, &self.shown))
    }

    fn tooltip(&self, ui: &mut Ui, hit: Hit, schema: &Schema) {
        match hit {
            Hit::Place(i) => {
                let p = &self.geo.places[i];
                ui.strong(&p.name);
                let ty = schema
                    .entity_type(&p.entity_type)
                    .map_or(p.entity_type.as_str(), |t| t.name.as_str());
                ui.label(format!(
                    "{ty}, {}",
                    crate::model::words::count(p.mentions, "mention")
                ));
                if let Some(pt) = p.point {
                    ui.label(RichText::new(format!("{pt} ({})", p.located.describe())).weak());
                }
                if p.articles.len() > 1 {
                    ui.label(crate::model::words::count(p.articles.len(), "article"));
                }
            }
            Hit::Event(i) => {
                let e = &self.geo.events[i];
                ui.strong(&e.label);
                if let Some(d) = &e.date {
                    ui.label(d);
                }
                for (role, name) in &e.roles {
                    ui.label(format!("{role}: {name}"));
                }
            }
        }
    }

    /// A click on a place: select its entity and list its sentences (one article), or open its
    /// first article at its first mention (a project).
    fn open_place(&mut self, i: usize, input: &Input<'_>) -> Vec<Action> {
        match self.geo.places[i].key.clone() {
            PlaceKey::Entity(e) => {
                if let Some(d) = input.doc {
                    self.collect_sentences(e, d);
                }
                vec![Action::PickEntity(e)]
            }
            PlaceKey::Project(_) => match &self.geo.places[i].open_at {
                Some((file, at)) => vec![Action::Project(ProjectAction::OpenArticleAt(
                    file.clone(),
                    *at,
                ))],
                None => Vec::new(),
            },
        }
    }
}

/// Arrows pan a tenth of the view, + and − zoom, F fits, Esc stops pinning; true when Enter
/// pins the place being pinned at the map's centre.
fn keys(
    ui: &Ui,
    frame: &mut Frame,
    w: f32,
    h: f32,
    refit: &mut bool,
    pinning: &mut Option<EntityId>,
) -> bool {
    use egui::Key;
    ui.input(|i| {
        let step = (w.min(h) / 10.0).max(10.0);
        for (key, dx, dy) in [
            (Key::ArrowLeft, step, 0.0),
            (Key::ArrowRight, -step, 0.0),
            (Key::ArrowUp, 0.0, step),
            (Key::ArrowDown, 0.0, -step),
        ] {
            if i.key_pressed(key) {
                frame.pan(dx, dy);
            }
        }
        if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
            frame.zoom_at(1.5, w / 2.0, h / 2.0, w, h);
        }
        if i.key_pressed(Key::Minus) {
            frame.zoom_at(1.0 / 1.5, w / 2.0, h / 2.0, w, h);
        }
        if i.key_pressed(Key::F) {
            *refit = true;
        }
        if i.key_pressed(Key::Escape) {
            *pinning = None;
        }
        pinning.is_some() && i.key_pressed(Key::Enter)
    })
}
