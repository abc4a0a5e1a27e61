//! The document's area: the bars over the text (merge conflicts, curation) and the tiled
//! layout of the views (`tiles`), plus the map's own window when the analyst put it there.

use super::curate::curation_bar;
use super::tiles::Panes;
use super::{DossierApp, map_window};
use crate::ui::layout::MapPlace;
use crate::ui::views;

impl DossierApp {
    /// The tiles, shown while an article or a project is open.
    pub(super) fn document_panels(&mut self, ui: &mut egui::Ui) {
        let mut out = Vec::new();
        if let Some(doc) = &self.ws.doc {
            // Brought up to date here, not by their tile: the text draws them with it hidden.
            self.views
                .suggestions
                .current(doc.view(self.armed.as_ref()));
            let dv = doc.view(self.armed.as_ref());
            out.extend(views::conflicts::bar(ui, dv));
            out.extend(curation_bar(ui, &self.curation, &doc.session));
        }
        self.layout.sync_visibility(self.ws.project.is_some());
        let map_in_window = self.layout.map_place == MapPlace::Window;
        let mut panes = Panes {
            doc: self.ws.doc.as_ref(),
            armed: self.armed.as_ref(),
            project: self.ws.project.as_ref(),
            curation: &self.curation,
            show_suggestions: self.prefs.show_suggestions,
            show_palette: self.layout.show_palette,
            map_in_window,
            views: &mut self.views,
            out: Vec::new(),
        };
        let tree = &mut self.layout.tree;
        egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(2))
            .show(ui, |ui| tree.ui(&mut panes, ui));
        out.append(&mut panes.out);
        if map_in_window && let Some(doc) = &self.ws.doc {
            out.extend(map_window(
                ui.ctx(),
                &mut self.views.map,
                doc.view(self.armed.as_ref()),
            ));
        }
        self.push_all(out);
    }
}
