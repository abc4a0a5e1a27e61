//! Type colours turned into highlights that stay readable in light and dark themes.

use egui::Color32;

/// Background for a mention of the given type colour; nested levels get a little stronger so
/// that inner mentions stand out from outer ones.
pub fn highlight(rgb: [u8; 3], dark: bool, level: u8) -> Color32 {
    let base: u8 = if dark { 95 } else { 85 };
    let alpha = base.saturating_add(level.saturating_mul(25));
    Color32::from_rgba_unmultiplied(rgb[0], rgb[1], rgb[2], alpha)
}

/// A type colour dark enough to read as text on a light background (and as is on a dark one).
pub fn text(rgb: [u8; 3], dark: bool) -> Color32 {
    if dark {
        solid(rgb)
    } else {
        let d = |c: u8| (c as f32 * 0.62) as u8;
        Color32::from_rgb(d(rgb[0]), d(rgb[1]), d(rgb[2]))
    }
}

pub fn solid(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}
