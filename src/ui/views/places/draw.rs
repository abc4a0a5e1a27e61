//! Painting the world map: the land (triangles made once, moved with the view), country
//! borders, lines from events to their other places, markers, event squares and labels. Work per
//! frame grows with the outlines' points (fixed) and the places in view.

use crate::analysis::geo::{Frame, Geo, marker_radius};
use crate::model::Schema;
use crate::ui::colors;
use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, epaint::Mesh};

/// The grid markers are thinned on, in pixels: about the smallest marker's radius.
const MARKER_CELL: f32 = 6.0;
/// Event squares side by side at one place at most.
const MAX_SQUARES: usize = 4;
/// Markers drawn with an outline at most.
const MAX_OUTLINED: usize = 500;
/// Lines from events to their places drawn dashed at most.
const MAX_DASHED: usize = 200;

/// What the pointer can hit: a place or an event square, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Place(usize),
    Event(usize),
}

/// Where everything landed this frame, for hit-testing.
pub struct Drawn {
    pub places: Vec<Option<Pos2>>,
    pub events: Vec<Option<Pos2>>,
}

impl Drawn {
    /// The marker under `p`: event squares first (they sit on top), then the nearest place.
    pub fn hit(&self, p: Pos2, g: &Geo) -> Option<Hit> {
        if let Some(i) = self
            .events
            .iter()
            .position(|e| e.is_some_and(|e| (e - p).abs().max_elem() <= 5.0))
        {
            return Some(Hit::Event(i));
        }
        self.places
            .iter()
            .enumerate()
            .filter_map(|(i, q)| {
                let d = (*q)?.distance(p);
                (d <= marker_radius(g.places[i].mentions) + 3.0).then_some((i, d))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| Hit::Place(i))
    }
}

/// The colours of sea, land and borders for the theme.
fn palette(dark: bool) -> (Color32, Color32, Color32) {
    if dark {
        (
            Color32::from_rgb(24, 32, 42),
            Color32::from_rgb(52, 56, 60),
            Color32::from_rgb(92, 96, 100),
        )
    } else {
        (
            Color32::from_rgb(220, 232, 242),
            Color32::from_rgb(243, 240, 232),
            Color32::from_rgb(169, 162, 148),
        )
    }
}

/// The map's shapes for `rect` (added to `out`), and where the markers went.
pub fn paint(
    out: &mut Vec<Shape>,
    rect: Rect,
    frame: &Frame,
    g: &Geo,
    schema: &Schema,
    selected: Option<Hit>,
    dark: bool,
) -> Drawn {
    let mut c = Canvas {
        out,
        rect,
        frame,
        g,
        schema,
        selected,
        dark,
    };
    c.land();
    let places: Vec<Option<Pos2>> = g
        .places
        .iter()
        .map(|p| p.point.map(|q| c.to(q.lon, q.lat)))
        .collect();
    c.event_lines(&places);
    c.markers(&places);
    let events = c.event_squares(&places);
    Drawn { places, events }
}

/// What one picture of the map is drawn with, and where its shapes go.
struct Canvas<'a> {
    out: &'a mut Vec<Shape>,
    rect: Rect,
    frame: &'a Frame,
    g: &'a Geo,
    schema: &'a Schema,
    selected: Option<Hit>,
    dark: bool,
}

impl Canvas<'_> {
    /// Where (lon, lat) lands on the screen.
    fn to(&self, lon: f64, lat: f64) -> Pos2 {
        let [x, y] = self
            .frame
            .to_screen(lon, lat, self.rect.width(), self.rect.height());
        self.rect.min + egui::vec2(x, y)
    }

    fn outline(&self) -> Color32 {
        if self.dark {
            Color32::WHITE
        } else {
            Color32::from_gray(40)
        }
    }

    /// The sea, the land (the triangles made once, moved) and the borders.
    fn land(&mut self) {
        let (sea, land, border) = palette(self.dark);
        self.out.push(Shape::rect_filled(self.rect, 0.0, sea));
        let (vertices, indices) = crate::analysis::geo::land();
        let mut mesh = Mesh::default();
        mesh.indices.clone_from(indices);
        mesh.vertices = vertices
            .iter()
            .map(|p| egui::epaint::Vertex {
                pos: self.to(f64::from(p[0]), f64::from(p[1])),
                uv: egui::epaint::WHITE_UV,
                color: land,
            })
            .collect();
        self.out.push(Shape::mesh(mesh));
        let line = Stroke::new(0.7, border);
        for poly in crate::io::world_map::countries() {
            for ring in &poly.rings {
                let mut points: Vec<Pos2> = ring
                    .iter()
                    .map(|p| self.to(f64::from(p[0]), f64::from(p[1])))
                    .collect();
                if let Some(&first) = points.first() {
                    points.push(first);
                }
                self.out.push(Shape::line(points, line));
            }
        }
    }

    /// Lines from each event's place to its other places. The same line is drawn once however
    /// many events draw it, and only the part in view (a line to the other side of the world,
    /// zoomed in, would be a hundred thousand dashes); past a few hundred lines dashes are noise
    /// and cost, and they are drawn thin and solid.
    fn event_lines(&mut self, places: &[Option<Pos2>]) {
        let mut seen = foldhash::HashSet::default();
        let mut lines = Vec::new();
        for e in &self.g.events {
            let Some(from) = e.at.and_then(|i| places[i]) else {
                continue;
            };
            for (_, i) in &e.others {
                let Some(to) = places[*i] else { continue };
                if seen.insert((cell(from, 1.0), cell(to, 1.0)))
                    && let Some(ends) = clip(from, to, self.rect)
                {
                    lines.push((ends, &e.event_type));
                }
            }
        }
        let many = lines.len() > MAX_DASHED;
        let mut thin = Mesh::default();
        for ((a, b), ty) in lines {
            let c = colors::solid(self.schema.event_color(ty));
            if many {
                quad_line(&mut thin, a, b, 0.8, c.gamma_multiply(0.4));
            } else {
                self.out
                    .extend(Shape::dashed_line(&[a, b], Stroke::new(1.5, c), 6.0, 3.0));
            }
        }
        self.out.push(Shape::mesh(thin));
    }

    /// The places' discs. Markers closer than the smallest one's radius hide each other: one
    /// per cell of that size is drawn, the most mentioned (thousands of articles naming the same
    /// capitals, or the whole world zoomed out, cost a bounded number of discs). Past a few
    /// hundred the outlines go too: only the fill shows at that density.
    fn markers(&mut self, places: &[Option<Pos2>]) {
        let g = self.g;
        let visible = self.rect.expand(20.0);
        let mut best: foldhash::HashMap<(i32, i32), usize> = Default::default();
        for (i, p) in g.places.iter().enumerate() {
            if let Some(at) = places[i].filter(|q| visible.contains(*q)) {
                let slot = best.entry(cell(at, MARKER_CELL)).or_insert(i);
                if g.places[*slot].mentions < p.mentions {
                    *slot = i;
                }
            }
        }
        let mut order: Vec<usize> = best.into_values().collect();
        order.sort_unstable();
        let crowded = order.len() > MAX_OUTLINED;
        let outline = Stroke::new(0.8, self.outline());
        let mut discs = Mesh::default();
        for i in order {
            let (Some(at), p) = (places[i], &g.places[i]) else {
                continue;
            };
            let r = marker_radius(p.mentions);
            let fill = colors::solid(self.schema.entity_color(&p.entity_type)).gamma_multiply(0.9);
            if crowded {
                disc(&mut discs, at, r, fill);
            } else {
                self.out.push(Shape::circle_filled(at, r, fill));
                self.out.push(Shape::circle_stroke(at, r, outline));
            }
        }
        self.out.push(Shape::mesh(discs));
        if let Some(Hit::Place(i)) = self.selected
            && let Some(at) = places[i]
        {
            let r = marker_radius(g.places[i].mentions) + 4.0;
            let ring = Stroke::new(2.5, ring_colour(self.dark));
            self.out.push(Shape::circle_stroke(at, r, ring));
        }
    }

    /// Each event a square beside its place: a few side by side, more at one place sharing
    /// the last; where each went, for the pointer.
    fn event_squares(&mut self, places: &[Option<Pos2>]) -> Vec<Option<Pos2>> {
        let g = self.g;
        let visible = self.rect.expand(20.0);
        let mut stacked = foldhash::HashMap::default();
        let mut squares = foldhash::HashSet::default();
        let mut flat = Mesh::default();
        let crowded = g.events.len() > MAX_OUTLINED;
        let outline = Stroke::new(0.8, self.outline());
        let events = g
            .events
            .iter()
            .enumerate()
            .map(|(k, e)| {
                let i = e.at?;
                let at = places[i]?;
                let n = stacked.entry(i).or_insert(0usize);
                let r = marker_radius(g.places[i].mentions);
                let step = 9.0 * (*n).min(MAX_SQUARES - 1) as f32;
                let c = at + egui::vec2(r * 0.7 + step, -r * 0.7 - 5.0);
                *n += 1;
                if self.selected == Some(Hit::Event(k)) {
                    self.out.push(Shape::rect_stroke(
                        Rect::from_center_size(c, egui::vec2(14.0, 14.0)),
                        2.0,
                        Stroke::new(2.5, ring_colour(self.dark)),
                        egui::StrokeKind::Outside,
                    ));
                }
                if visible.contains(c) && squares.insert(cell(c, 2.0)) {
                    let sq = Rect::from_center_size(c, egui::vec2(8.0, 8.0));
                    let fill = colors::solid(self.schema.event_color(&e.event_type));
                    if crowded {
                        flat.add_colored_rect(sq, fill);
                    } else {
                        self.out.push(Shape::rect_filled(sq, 1.0, fill));
                        let kind = egui::StrokeKind::Outside;
                        self.out.push(Shape::rect_stroke(sq, 1.0, outline, kind));
                    }
                }
                Some(c)
            })
            .collect();
        self.out.push(Shape::mesh(flat));
        events
    }
}

/// A filled disc as a fan of triangles, added to `mesh` (thousands of markers in one shape).
fn disc(mesh: &mut Mesh, at: Pos2, r: f32, color: Color32) {
    // Small discs look round with fewer sides.
    let sides: u32 = if r <= 8.0 { 8 } else { 12 };
    let base = mesh.vertices.len() as u32;
    mesh.colored_vertex(at, color);
    for k in 0..sides {
        let a = std::f32::consts::TAU * k as f32 / sides as f32;
        mesh.colored_vertex(at + r * egui::vec2(a.cos(), a.sin()), color);
        mesh.add_triangle(base, base + 1 + k, base + 1 + (k + 1) % sides);
    }
}

/// A straight line `width` wide from `a` to `b` as two triangles, added to `mesh`.
fn quad_line(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let n = (b - a).normalized().rot90() * (width / 2.0);
    let base = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b - n, b + n] {
        mesh.colored_vertex(p, color);
    }
    mesh.add_triangle(base, base + 1, base + 2);
    mesh.add_triangle(base, base + 2, base + 3);
}

/// The grid cell of `p` at `size` pixels.
fn cell(p: Pos2, size: f32) -> (i32, i32) {
    ((p.x / size).floor() as i32, (p.y / size).floor() as i32)
}

/// The part of the segment from `a` to `b` inside `r` (Liang–Barsky), if any.
fn clip(a: Pos2, b: Pos2, r: Rect) -> Option<(Pos2, Pos2)> {
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - r.left()),
        (d.x, r.right() - a.x),
        (-d.y, a.y - r.top()),
        (d.y, r.bottom() - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let t = q / p;
        if p < 0.0 {
            t0 = t0.max(t);
        } else {
            t1 = t1.min(t);
        }
        if t0 > t1 {
            return None;
        }
    }
    Some((a + d * t0, a + d * t1))
}

/// The ring around the selected place.
pub fn ring_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(255, 210, 80)
    } else {
        Color32::from_rgb(220, 110, 0)
    }
}

/// The place labels that fit, none overlapping, most mentioned first.
pub fn labels(
    out: &mut Vec<Shape>,
    painter: &Painter,
    rect: Rect,
    frame: &Frame,
    g: &Geo,
    dark: bool,
    size: f32,
) {
    let (w, h) = (rect.width(), rect.height());
    let screen = crate::analysis::geo::screen_points(&g.places, frame, w, h);
    let placed = crate::analysis::geo::place_labels(g, &screen, size, w, h);
    let (text, halo) = if dark {
        (Color32::from_gray(230), Color32::from_black_alpha(170))
    } else {
        (Color32::from_gray(20), Color32::from_white_alpha(200))
    };
    let font = egui::FontId::proportional(size);
    for l in placed.into_iter().flatten() {
        let b = Rect::from_min_max(
            rect.min + egui::vec2(l.rect[0], l.rect[1]),
            rect.min + egui::vec2(l.rect[2], l.rect[3]),
        );
        out.push(Shape::rect_filled(
            b.shrink2(egui::vec2(0.0, 1.0)),
            3.0,
            halo,
        ));
        let galley = crate::ui::bidi::galley(painter, l.text, font.clone(), text);
        let at = b.center() - galley.size() / 2.0;
        out.push(Shape::galley(at, galley, text));
    }
}
