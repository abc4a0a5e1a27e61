//! The document's panels: the lists at the bottom, the type palette, the side panel (inspector,
//! registry link, map and lists) and the text or map in the middle. Each view shows itself and
//! returns what the analyst asked for.

use super::curate::{curation_bar, overlays};
use super::{
    BottomTab, DossierApp, SideTab, map_elsewhere, map_window, project_views, registry, text,
};
use crate::ui::action::Action;
use crate::ui::prefs::MapPlace;
use crate::ui::views;

impl DossierApp {
    pub(super) fn document_panels(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else { return };
        // Brought up to date here, not by the tab: the text draws them with the tab hidden too.
        self.suggestions.current(doc.view(self.armed.as_ref()));
        let mut out = Vec::new();
        if self.prefs.show_bottom {
            out.extend(self.bottom_panel(ui));
        }
        if self.prefs.show_palette
            && let Some(doc) = &self.doc
        {
            let dv = doc.view(self.armed.as_ref());
            egui::Panel::left("palette")
                .resizable(true)
                .default_size(200.0)
                .show(ui, |ui| out.extend(views::palette::show(ui, dv)));
        }
        if self.prefs.show_side {
            out.extend(self.side_panel(ui));
        }
        let Some(doc) = &self.doc else { return };
        let dv = doc.view(self.armed.as_ref());
        let drawn = overlays(
            self.suggestions.drawn(self.prefs.show_suggestions),
            &self.curation,
        );
        out.extend(views::conflicts::bar(ui, dv));
        out.extend(curation_bar(ui, &self.curation, &doc.session));
        egui::CentralPanel::default().show(ui, |ui| {
            if self.prefs.map_place == MapPlace::Main {
                out.extend(self.map.show(ui, dv));
            } else {
                out.extend(text(ui, &mut self.find, &mut self.view, dv, drawn));
            }
        });
        if self.prefs.map_place == MapPlace::Window {
            out.extend(map_window(ui.ctx(), &mut self.map, dv));
        }
        self.push_all(out);
    }

    fn bottom_panel(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(doc) = &self.doc else { return out };
        let dv = doc.view(self.armed.as_ref());
        let shown = self.prefs.show_suggestions;
        let project = self.project.as_ref();
        // The timeline and the project's lists need room for more than a row or two.
        let min = match self.bottom_tab {
            BottomTab::Timeline => 240.0,
            BottomTab::ProjectEvents | BottomTab::ProjectFind => 180.0,
            _ => 80.0,
        };
        egui::Panel::bottom("lists")
            .resizable(true)
            .default_size(200.0)
            .min_size(min)
            .show(ui, |ui| {
                out.extend(views::bottom_tabs(
                    ui,
                    dv,
                    self.bottom_tab,
                    project.is_some(),
                ));
                out.extend(match self.bottom_tab {
                    BottomTab::Events => self.event_list.show(ui, dv),
                    BottomTab::Mentions => self.mention_list.show(ui, dv),
                    BottomTab::Suggestions => self.suggestions.show(ui, dv, shown),
                    BottomTab::Timeline => project_views::timeline(
                        ui,
                        &mut self.timeline,
                        dv,
                        project,
                        &mut self.project_ui,
                    ),
                    t => project_views::bottom(ui, t, project, &mut self.project_ui),
                });
            });
        out
    }

    fn side_panel(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut out = Vec::new();
        let Some(doc) = &self.doc else { return out };
        let dv = doc.view(self.armed.as_ref());
        let drawn = overlays(
            self.suggestions.drawn(self.prefs.show_suggestions),
            &self.curation,
        );
        egui::Panel::right("side")
            .resizable(true)
            .default_size(460.0)
            .show(ui, |ui| {
                // The inspector takes what it needs up to about half the height.
                let half = ui.available_height() * 0.42;
                egui::ScrollArea::vertical()
                    .id_salt("inspector-scroll")
                    .max_height(half)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        out.extend(views::inspector::show(
                            ui,
                            dv,
                            &mut self.entity_inspector,
                            &mut self.event_inspector,
                            self.event_list.editing,
                        ));
                    });
                out.extend(registry::link(ui, self.project.as_ref(), dv));
                ui.separator();
                let place = self.prefs.map_place;
                let project = self.project.as_ref();
                out.extend(views::side_tabs(
                    ui,
                    self.side_tab,
                    place,
                    project.is_some(),
                ));
                match (self.side_tab, place) {
                    (SideTab::Map, MapPlace::Side) => out.extend(self.map.show(ui, dv)),
                    (SideTab::Map, MapPlace::Main) => {
                        out.extend(text(ui, &mut self.find, &mut self.view, dv, drawn));
                    }
                    (SideTab::Map, MapPlace::Window) => out.extend(map_elsewhere(ui)),
                    (SideTab::Entities, _) => out.extend(views::entity_list::show(ui, dv)),
                    (SideTab::Registry, _) => {
                        out.extend(registry::tab(ui, &mut self.registry_tab, project, doc));
                    }
                    (SideTab::ProjectMap, _) => {
                        out.extend(project_views::map(ui, project, &mut self.project_ui));
                    }
                }
            });
        out
    }
}
