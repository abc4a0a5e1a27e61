//! Type colours turned into highlights that stay readable in light and dark themes.

use egui::Color32;

/// Background for a mention of the given type colour; nested levels get a little stronger so
/// that inner mentions stand out from outer ones.
pub fn highlight(rgb: [u8; 3], dark: bool, level: u8) -> Color32 {
    let base: u8 = if dark { 95 } else { 85 };
    let alpha = base.saturating_add(level.saturating_mul(25));
    Color32::from_rgba_unmultiplied(rgb[0], rgb[1], rgb[2], alpha)
}

/// A type colour as text: darkened (light theme) or lightened (dark theme) until it has WCAG's
/// 4.5:1 contrast with the panel behind it. Yellow (Request) and pale pink (Sanction) are
/// unreadable on white as they are.
pub fn text(rgb: [u8; 3], dark: bool) -> Color32 {
    with_contrast(rgb, dark, 4.5)
}

/// A type colour for lines and boxes drawn on the text (trigger boxes, suggestion outlines,
/// underlines): WCAG's 3:1 for graphics.
pub fn stroke(rgb: [u8; 3], dark: bool) -> Color32 {
    with_contrast(rgb, dark, 3.0)
}

/// The panel colours of egui's light and dark themes, which the text sits on.
const LIGHT_BG: [u8; 3] = [248, 248, 248];
const DARK_BG: [u8; 3] = [27, 27, 27];

fn with_contrast(rgb: [u8; 3], dark: bool, ratio: f32) -> Color32 {
    let bg = if dark { DARK_BG } else { LIGHT_BG };
    let mut c = rgb.map(f32::from);
    // Towards black on a light panel, towards white on a dark one, in small steps: the hue stays.
    for _ in 0..40 {
        let now = c.map(|x| x.round() as u8);
        if contrast(now, bg) >= ratio {
            return solid(now);
        }
        c = if dark {
            c.map(|x| x + (255.0 - x) * 0.08)
        } else {
            c.map(|x| x * 0.92)
        };
    }
    solid(c.map(|x| x.round() as u8))
}

/// WCAG 2 contrast ratio of two sRGB colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(rgb: [u8; 3]) -> f32 {
    let lin = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

pub fn solid(rgb: [u8; 3]) -> Color32 {
    Color32::from_rgb(rgb[0], rgb[1], rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_colour_reads_on_both_themes() {
        // Request's yellow, Sanction's pale pink, a dark blue, black and white.
        for rgb in [
            [0xff, 0xe1, 0x19],
            [0xfa, 0xbe, 0xd4],
            [0x1f, 0x3a, 0x93],
            [0, 0, 0],
            [255, 255, 255],
        ] {
            for (dark, bg) in [(false, LIGHT_BG), (true, DARK_BG)] {
                let t = text(rgb, dark);
                assert!(
                    contrast([t.r(), t.g(), t.b()], bg) >= 4.5,
                    "{rgb:?} dark={dark}"
                );
                let s = stroke(rgb, dark);
                assert!(
                    contrast([s.r(), s.g(), s.b()], bg) >= 3.0,
                    "{rgb:?} dark={dark}"
                );
            }
        }
    }
}
