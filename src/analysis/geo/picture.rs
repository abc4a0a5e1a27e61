//! What part of the world the map shows and where a place lands on it, for the window and its
//! pictures alike (plate carrée: longitude across, latitude up, the same degrees per pixel both
//! ways), and the map as SVG.

use super::{Geo, Place};
use crate::analysis::labels;
use crate::model::Schema;
use crate::model::geo::GeoPoint;
use std::fmt::Write as _;

/// The view: the point at its centre and how many degrees a pixel spans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub lon: f64,
    pub lat: f64,
    pub degrees_per_px: f64,
}

/// Closest the map zooms: a city's streets are not what it is for.
const MIN_DEGREES_PER_PX: f64 = 0.0005;

impl Frame {
    /// The whole world in a `w` × `h` area.
    pub fn world(w: f32, h: f32) -> Self {
        Self::around(-180.0, 180.0, -60.0, 84.0, w, h)
    }

    /// The box from `west` to `east` and `south` to `north` in a `w` × `h` area.
    pub fn around(west: f64, east: f64, south: f64, north: f64, w: f32, h: f32) -> Self {
        let (w, h) = (f64::from(w.max(1.0)), f64::from(h.max(1.0)));
        let scale = ((east - west) / w).max((north - south) / h);
        Self {
            lon: (west + east) / 2.0,
            lat: (south + north) / 2.0,
            degrees_per_px: scale.clamp(
                MIN_DEGREES_PER_PX,
                (360.0 / w.min(h)).max(MIN_DEGREES_PER_PX),
            ),
        }
    }

    /// Fit `points` with a margin (a lone point: a country's width around it); the world when
    /// there are none.
    pub fn fit(points: impl IntoIterator<Item = GeoPoint>, w: f32, h: f32) -> Self {
        let mut b: Option<[f64; 4]> = None;
        for p in points {
            let x = b.get_or_insert([p.lon, p.lon, p.lat, p.lat]);
            *x = [
                x[0].min(p.lon),
                x[1].max(p.lon),
                x[2].min(p.lat),
                x[3].max(p.lat),
            ];
        }
        let Some([west, east, south, north]) = b else {
            return Self::world(w, h);
        };
        let (mx, my) = (
            ((east - west) * 0.15).max(4.0),
            ((north - south) * 0.15).max(3.0),
        );
        Self::around(west - mx, east + mx, south - my, north + my, w, h)
    }

    /// Where (lon, lat) lands in a `w` × `h` area whose top left is (0, 0).
    pub fn to_screen(&self, lon: f64, lat: f64, w: f32, h: f32) -> [f32; 2] {
        [
            (f64::from(w) / 2.0 + (lon - self.lon) / self.degrees_per_px) as f32,
            (f64::from(h) / 2.0 - (lat - self.lat) / self.degrees_per_px) as f32,
        ]
    }

    /// The point under (x, y) of a `w` × `h` area; `None` off the Earth.
    pub fn to_geo(&self, x: f32, y: f32, w: f32, h: f32) -> Option<GeoPoint> {
        let lon = self.lon + (f64::from(x) - f64::from(w) / 2.0) * self.degrees_per_px;
        let lat = self.lat - (f64::from(y) - f64::from(h) / 2.0) * self.degrees_per_px;
        GeoPoint::new(lat, lon).ok()
    }

    /// Zoom by `factor` (above 1: closer) keeping the point under (x, y) where it is.
    pub fn zoom_at(&mut self, factor: f64, x: f32, y: f32, w: f32, h: f32) {
        let before = self.unclamped(x, y, w, h);
        let max = (360.0 / f64::from(w.min(h).max(1.0))).max(MIN_DEGREES_PER_PX);
        self.degrees_per_px = (self.degrees_per_px / factor).clamp(MIN_DEGREES_PER_PX, max);
        let after = self.unclamped(x, y, w, h);
        self.lon += before[0] - after[0];
        self.lat += before[1] - after[1];
        self.keep_on_earth();
    }

    /// Move the view by (dx, dy) pixels (a drag to the right moves the map right).
    pub fn pan(&mut self, dx: f32, dy: f32) {
        self.lon -= f64::from(dx) * self.degrees_per_px;
        self.lat += f64::from(dy) * self.degrees_per_px;
        self.keep_on_earth();
    }

    fn unclamped(&self, x: f32, y: f32, w: f32, h: f32) -> [f64; 2] {
        [
            self.lon + (f64::from(x) - f64::from(w) / 2.0) * self.degrees_per_px,
            self.lat - (f64::from(y) - f64::from(h) / 2.0) * self.degrees_per_px,
        ]
    }

    fn keep_on_earth(&mut self) {
        self.lon = self.lon.clamp(-180.0, 180.0);
        self.lat = self.lat.clamp(-85.0, 85.0);
    }
}

/// A marker's radius in pixels: bigger for places named more often.
pub fn marker_radius(mentions: usize) -> f32 {
    (4.0 + 2.2 * (mentions.max(1) as f32).sqrt()).min(16.0)
}

/// Places labelled at most: more would not fit on a screen, and trying costs time.
const MAX_LABELS: usize = 250;

/// Labels for the located places beside their markers, none overlapping, most mentioned first:
/// for each place (by index in `g.places`), its label or `None` (no point, or no room, or not
/// among the [`MAX_LABELS`] most mentioned in view).
pub fn place_labels(
    g: &Geo,
    screen: &[Option<[f32; 2]>],
    size: f32,
    w: f32,
    h: f32,
) -> Vec<Option<labels::Placed>> {
    let mut shown: Vec<usize> = (0..g.places.len())
        .filter(|&i| screen[i].is_some_and(|p| inside(p, w, h)))
        .collect();
    let by_mentions = |&i: &usize| std::cmp::Reverse(g.places[i].mentions);
    if shown.len() > MAX_LABELS {
        shown.select_nth_unstable_by_key(MAX_LABELS, by_mentions);
        shown.truncate(MAX_LABELS);
    }
    shown.sort_by_key(by_mentions);
    let nodes: Vec<labels::NodeLabel<'_>> = shown
        .iter()
        .map(|&i| labels::NodeLabel {
            at: screen[i].unwrap_or_default(),
            radius: marker_radius(g.places[i].mentions),
            text: &g.places[i].name,
        })
        .collect();
    let order: Vec<usize> = (0..shown.len()).collect();
    let (placed, _) = labels::place(
        &nodes,
        &order,
        size,
        &[],
        size,
        labels::MAX_CHARS,
        Some([0.0, 0.0, w, h]),
    );
    let mut out = vec![None; g.places.len()];
    for (k, p) in placed.into_iter().enumerate() {
        out[shown[k]] = p;
    }
    out
}

fn inside(p: [f32; 2], w: f32, h: f32) -> bool {
    (0.0..=w).contains(&p[0]) && (0.0..=h).contains(&p[1])
}

/// Where each place lands on the view (`None` for a place with no point).
pub fn screen_points(places: &[Place], f: &Frame, w: f32, h: f32) -> Vec<Option<[f32; 2]>> {
    places
        .iter()
        .map(|p| p.point.map(|q| f.to_screen(q.lon, q.lat, w, h)))
        .collect()
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn escape(s: &str) -> String {
    crate::analysis::report::escape(s)
}

/// The map as an SVG picture `w` × `h` of `frame`: the land, lines from events to their other
/// places, the places coloured by type and sized by mentions, events as squares at their
/// place, and the labels that fit.
pub fn svg(g: &Geo, schema: &Schema, frame: &Frame, w: f32, h: f32) -> String {
    let mut out = String::with_capacity(200_000);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">\
         <title>Places</title><rect width=\"{w}\" height=\"{h}\" fill=\"#dce8f2\"/>\
         <g fill=\"#f3f0e8\" stroke=\"#a9a294\" stroke-width=\"0.6\" fill-rule=\"evenodd\">"
    );
    for poly in crate::io::world_map::countries() {
        out.push_str("<path d=\"");
        for ring in &poly.rings {
            for (k, p) in ring.iter().enumerate() {
                let [x, y] = frame.to_screen(f64::from(p[0]), f64::from(p[1]), w, h);
                let _ = write!(out, "{}{x:.1} {y:.1}", if k == 0 { "M" } else { "L" });
            }
            out.push('Z');
        }
        let _ = write!(out, "\"><title>{}</title></path>", escape(&poly.name));
    }
    out.push_str("</g>");
    let screen = screen_points(&g.places, frame, w, h);
    for e in &g.events {
        let Some(from) = e.at.and_then(|i| screen[i]) else {
            continue;
        };
        let c = hex(schema.event_color(&e.event_type));
        for (role, i) in &e.others {
            let Some(to) = screen[*i] else { continue };
            let _ = write!(
                out,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{c}\" \
                 stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>{}: {}</title></line>",
                from[0],
                from[1],
                to[0],
                to[1],
                escape(role),
                escape(&g.places[*i].name)
            );
        }
    }
    for (i, p) in g.places.iter().enumerate() {
        let Some([x, y]) = screen[i] else { continue };
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"{}\" fill-opacity=\"0.85\" \
             stroke=\"#333\" stroke-width=\"0.8\"><title>{} ({}, {})</title></circle>",
            marker_radius(p.mentions),
            hex(schema.entity_color(&p.entity_type)),
            escape(&p.name),
            escape(&p.entity_type),
            crate::model::words::count(p.mentions, "mention")
        );
    }
    let mut stacked = std::collections::HashMap::new();
    for e in &g.events {
        let Some(i) = e.at else { continue };
        let Some([x, y]) = screen[i] else { continue };
        let n = stacked.entry(i).or_insert(0usize);
        let r = marker_radius(g.places[i].mentions);
        let (ex, ey) = (x + r * 0.7 + 7.0 * *n as f32, y - r * 0.7 - 5.0);
        *n += 1;
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{}\" stroke=\"#222\" \
             stroke-width=\"0.8\"><title>{}{}</title></rect>",
            ex - 4.0,
            ey - 4.0,
            hex(schema.event_color(&e.event_type)),
            escape(&e.label),
            e.date
                .as_deref()
                .map(|d| format!(", {}", escape(d)))
                .unwrap_or_default()
        );
    }
    for l in place_labels(g, &screen, 12.0, w, h).into_iter().flatten() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" dominant-baseline=\"central\" \
             stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            (l.rect[0] + l.rect[2]) / 2.0,
            (l.rect[1] + l.rect[3]) / 2.0,
            escape(&l.text)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_maps_there_and_back_and_zooms_about_the_pointer() {
        let mut f = Frame::world(720.0, 360.0);
        let [x, y] = f.to_screen(44.4, 33.3, 720.0, 360.0);
        let p = f.to_geo(x, y, 720.0, 360.0).unwrap();
        assert!(
            (p.lon - 44.4).abs() < 1e-3 && (p.lat - 33.3).abs() < 1e-3,
            "{p}"
        );
        f.zoom_at(4.0, x, y, 720.0, 360.0);
        let [x2, y2] = f.to_screen(44.4, 33.3, 720.0, 360.0);
        assert!(
            (x2 - x).abs() < 0.01 && (y2 - y).abs() < 0.01,
            "{x2},{y2} vs {x},{y}"
        );
        let fit = Frame::fit(
            [
                GeoPoint::new(33.3, 44.4).unwrap(),
                GeoPoint::new(35.7, 51.4).unwrap(),
            ],
            400.0,
            300.0,
        );
        for (lat, lon) in [(33.3, 44.4), (35.7, 51.4)] {
            let [x, y] = fit.to_screen(lon, lat, 400.0, 300.0);
            assert!(inside([x, y], 400.0, 300.0), "{lat},{lon} at {x},{y}");
        }
        assert!(fit.degrees_per_px < f.degrees_per_px * 4.0);
        assert!(
            Frame::world(100.0, 100.0)
                .to_geo(-1000.0, 0.0, 100.0, 100.0)
                .is_none()
        );
    }
}
