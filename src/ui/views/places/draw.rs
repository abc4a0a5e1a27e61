//! Painting the world map: the land (triangles made once, moved with the view), country
//! borders, lines from events to their other places, markers, event squares and labels. Work per
//! frame grows with the outlines' points (fixed) and the places in view.

use crate::analysis::geo::{Frame, Geo, marker_radius};
use crate::model::Schema;
use crate::ui::colors;
use egui::{Color32, Painter, Pos2, Rect, Stroke, epaint::Mesh};

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

/// Paint the map into `rect` and return where the markers went.
pub fn paint(
    painter: &Painter,
    rect: Rect,
    frame: &Frame,
    g: &Geo,
    schema: &Schema,
    selected: Option<usize>,
    dark: bool,
) -> Drawn {
    let (sea, land, border) = palette(dark);
    painter.rect_filled(rect, 0.0, sea);
    let (w, h) = (rect.width(), rect.height());
    let to = |lon: f64, lat: f64| {
        let [x, y] = frame.to_screen(lon, lat, w, h);
        rect.min + egui::vec2(x, y)
    };
    let (vertices, indices) = crate::analysis::geo::land();
    let mut mesh = Mesh::default();
    mesh.indices.clone_from(indices);
    mesh.vertices = vertices
        .iter()
        .map(|p| egui::epaint::Vertex {
            pos: to(f64::from(p[0]), f64::from(p[1])),
            uv: egui::epaint::WHITE_UV,
            color: land,
        })
        .collect();
    painter.add(mesh);
    let line = Stroke::new(0.7, border);
    for poly in crate::io::world_map::countries() {
        for ring in &poly.rings {
            let mut points: Vec<Pos2> = ring
                .iter()
                .map(|p| to(f64::from(p[0]), f64::from(p[1])))
                .collect();
            if let Some(&first) = points.first() {
                points.push(first);
            }
            painter.add(egui::Shape::line(points, line));
        }
    }
    let places: Vec<Option<Pos2>> = g
        .places
        .iter()
        .map(|p| p.point.map(|q| to(q.lon, q.lat)))
        .collect();
    let dash = |a: Pos2, b: Pos2, c: Color32| {
        painter.extend(egui::Shape::dashed_line(
            &[a, b],
            Stroke::new(1.5, c),
            6.0,
            3.0,
        ));
    };
    for e in &g.events {
        let Some(from) = e.at.and_then(|i| places[i]) else {
            continue;
        };
        let c = colors::solid(schema.event_color(&e.event_type));
        for (_, i) in &e.others {
            if let Some(to) = places[*i] {
                dash(from, to, c);
            }
        }
    }
    let outline = if dark {
        Color32::WHITE
    } else {
        Color32::from_gray(40)
    };
    let visible = rect.expand(20.0);
    for (i, p) in g.places.iter().enumerate() {
        let Some(at) = places[i].filter(|q| visible.contains(*q)) else {
            continue;
        };
        let r = marker_radius(p.mentions);
        let fill = colors::solid(schema.entity_color(&p.entity_type)).gamma_multiply(0.9);
        painter.circle(at, r, fill, Stroke::new(0.8, outline));
        if selected == Some(i) {
            painter.circle_stroke(at, r + 4.0, Stroke::new(2.5, ring_colour(dark)));
        }
    }
    let mut stacked = std::collections::HashMap::new();
    let events = g
        .events
        .iter()
        .map(|e| {
            let i = e.at?;
            let at = places[i]?;
            let n = stacked.entry(i).or_insert(0usize);
            let r = marker_radius(g.places[i].mentions);
            let c = at + egui::vec2(r * 0.7 + 9.0 * *n as f32, -r * 0.7 - 5.0);
            *n += 1;
            if visible.contains(c) {
                let sq = Rect::from_center_size(c, egui::vec2(8.0, 8.0));
                let fill = colors::solid(schema.event_color(&e.event_type));
                painter.rect_filled(sq, 1.0, fill);
                painter.rect_stroke(
                    sq,
                    1.0,
                    Stroke::new(0.8, outline),
                    egui::StrokeKind::Outside,
                );
            }
            Some(c)
        })
        .collect();
    Drawn { places, events }
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
pub fn labels(painter: &Painter, rect: Rect, frame: &Frame, g: &Geo, dark: bool, size: f32) {
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
        painter.rect_filled(b.shrink2(egui::vec2(0.0, 1.0)), 3.0, halo);
        painter.text(
            b.center(),
            egui::Align2::CENTER_CENTER,
            l.text,
            font.clone(),
            text,
        );
    }
}
