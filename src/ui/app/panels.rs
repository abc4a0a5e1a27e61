//! The document's area: the bars over the text (merge conflicts, curation) and the tiled
//! layout of the views (`tiles`), plus the map's own window when the analyst put it there.

use super::curate::curation_bar;
use super::map_window;
use super::tiles::Panes;
use crate::ui::action::Action;
use crate::ui::layout::{MapPlace, Pane};
use crate::ui::views;

/// The bars and the tiles, shown while an article or a project is open; what the analyst asked
/// for in them.
pub(super) fn show(
    ui: &mut egui::Ui,
    panes: &mut Panes<'_>,
    tree: &mut egui_tiles::Tree<Pane>,
) -> Vec<Action> {
    let mut out = Vec::new();
    if let (Some(doc), Some(dv)) = (panes.doc, panes.cx.doc) {
        // Brought up to date here, not by their tile: the text draws them with it hidden.
        panes.views.suggestions.current(dv);
        out.extend(views::conflicts::bar(ui, dv));
        out.extend(curation_bar(ui, panes.curation, &doc.session));
    }
    egui::CentralPanel::default()
        .frame(egui::Frame::central_panel(ui.style()).inner_margin(2))
        .show(ui, |ui| tree.ui(panes, ui));
    out.append(&mut panes.out);
    if panes.cx.layout.map_place == MapPlace::Window
        && let Some(dv) = panes.cx.doc
    {
        out.extend(map_window(ui.ctx(), &mut panes.views.map, dv));
    }
    out
}
