//! What each tile of the layout draws: the views, each given what it reads and its own state;
//! what they ask for is collected and applied by the app after the frame.

use super::curate::{CurateUi, overlays};
use super::project::OpenProject;
use super::{Document, Views, project_views, registry};
use crate::ui::action::Action;
use crate::ui::layout::{LayoutAction, MapPlace, Pane};
use crate::ui::views;
use egui_tiles::{SimplificationOptions, TileId, Tiles, UiResponse};

/// The views the tiles show, with what they read; borrowed from the app for one frame.
pub(super) struct Panes<'a> {
    /// What every view reads.
    pub cx: views::Context<'a>,
    /// The document and project behind it, for the app's own project and registry tiles.
    pub doc: Option<&'a Document>,
    pub project: Option<&'a OpenProject>,
    pub curation: &'a CurateUi,
    /// The views' own state, each lent to its tile.
    pub views: &'a mut Views,
    /// What the analyst asked for in the tiles this frame.
    pub out: Vec<Action>,
}

impl Panes<'_> {
    fn pane(&mut self, ui: &mut egui::Ui, pane: Pane) {
        if pane == Pane::Articles {
            self.articles(ui);
            return;
        }
        if pane.needs_project() && self.project.is_none() {
            weak(ui, "Open a project to see this.");
            return;
        }
        let (Some(doc), Some(dv)) = (self.doc, self.cx.doc) else {
            let hint = if self.project.is_some() {
                "Pick an article in the project's list, or add articles to the project."
            } else {
                "Open an article to start."
            };
            weak(ui, hint);
            return;
        };
        let v = &mut *self.views;
        let show_suggestions = self.cx.prefs.show_suggestions;
        let out = match pane {
            Pane::Text => {
                let drawn = overlays(v.suggestions.drawn(show_suggestions), self.curation);
                let palette = self.cx.layout.show_palette;
                text(ui, &mut v.view, &mut v.find, dv, drawn, palette)
            }
            Pane::Inspector => {
                // The registry link first, where a long inspector cannot push it out of view.
                let mut out = registry::link(ui, self.project, dv);
                let inspector = egui::ScrollArea::vertical()
                    .id_salt("inspector-scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        views::inspector::show(
                            ui,
                            dv,
                            &mut v.entity_inspector,
                            &mut v.event_inspector,
                            v.event_list.editing,
                        )
                    });
                out.extend(inspector.inner);
                out
            }
            Pane::Map if self.cx.layout.map_place == MapPlace::Window => map_elsewhere(ui),
            Pane::Map => v.map.show(ui, dv),
            Pane::Entities => views::entity_list::show(ui, dv),
            Pane::Events => v.event_list.show(ui, dv),
            Pane::Mentions => v.mention_list.show(ui, dv),
            Pane::Suggestions => v.suggestions.show(ui, dv, show_suggestions),
            Pane::Places => project_views::places(
                ui,
                &mut v.places,
                dv,
                self.project,
                &mut v.project_ui,
                &v.suggestions.lists,
            ),
            Pane::Timeline => {
                project_views::timeline(ui, &mut v.timeline, dv, self.project, &mut v.project_ui)
            }
            Pane::Registry => registry::tab(ui, &mut v.registry_tab, self.project, doc),
            Pane::ProjectMap => project_views::map(ui, self.project, &mut v.project_ui),
            Pane::ProjectEvents => project_views::events(ui, self.project, &mut v.project_ui),
            Pane::ProjectFind => project_views::find(ui, self.project, &mut v.project_ui),
            // Drawn above: the article list needs no document.
            Pane::Articles => Vec::new(),
        };
        self.out.extend(out);
    }

    /// The project's article list.
    fn articles(&mut self, ui: &mut egui::Ui) {
        self.out.extend(self.views.project_list.show(ui, &self.cx));
    }

    /// A tab's title, with a count where the view lists something.
    fn title(&self, pane: Pane) -> String {
        let s = self.doc.map(|d| &d.session);
        match (pane, s) {
            (Pane::Events, Some(s)) => format!("Events ({})", s.events.len()),
            (Pane::Mentions, Some(s)) => format!("Mentions ({})", s.mentions.len()),
            (Pane::Entities, Some(s)) => format!("Entities ({})", s.entities.len()),
            (Pane::Articles, _) => match self.project {
                Some(op) => format!("Articles ({})", op.project.articles.len()),
                None => pane.title().to_owned(),
            },
            _ => pane.title().to_owned(),
        }
    }
}

impl egui_tiles::Behavior<Pane> for Panes<'_> {
    fn pane_ui(&mut self, ui: &mut egui::Ui, _tile: TileId, pane: &mut Pane) -> UiResponse {
        // A margin so the views do not touch the tile's edges.
        egui::Frame::NONE
            .inner_margin(egui::Margin::symmetric(6, 4))
            .show(ui, |ui| {
                ui.set_min_size(ui.available_size());
                self.pane(ui, *pane);
            });
        UiResponse::None
    }

    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        self.title(*pane).into()
    }

    fn is_tab_closable(&self, tiles: &Tiles<Pane>, tile: TileId) -> bool {
        // The text stays: everything else is about it.
        !matches!(tiles.get(tile), Some(egui_tiles::Tile::Pane(Pane::Text)))
    }

    fn on_tab_close(&mut self, tiles: &mut Tiles<Pane>, tile: TileId) -> bool {
        if let Some(egui_tiles::Tile::Pane(p)) = tiles.get(tile) {
            self.out.push(Action::Status(format!(
                "{} closed: View ▸ {} brings it back.",
                p.title(),
                p.title()
            )));
        }
        true
    }

    fn simplification_options(&self) -> SimplificationOptions {
        SimplificationOptions {
            // Every view keeps a tab to drag it by.
            all_panes_must_have_tabs: true,
            ..SimplificationOptions::default()
        }
    }

    fn gap_width(&self, _style: &egui::Style) -> f32 {
        2.0
    }

    fn min_size(&self) -> f32 {
        // Narrower than this a list or the map is no use.
        120.0
    }
}

/// The article with its type strip and find bar.
fn text(
    ui: &mut egui::Ui,
    article: &mut views::article::ArticleView,
    find: &mut views::find_bar::FindBar,
    dv: views::DocView<'_>,
    overlays: views::article::Overlays<'_>,
    palette: bool,
) -> Vec<Action> {
    let mut out = Vec::new();
    if palette {
        out.extend(views::palette::strip(ui, dv));
        ui.separator();
    }
    if find.open {
        out.extend(find.show(ui, dv, &article.hits, article.current_hit));
        ui.separator();
    }
    out.extend(article.panel(ui, dv, overlays));
    out
}

/// The map tile's note while the map is in its own window.
fn map_elsewhere(ui: &mut egui::Ui) -> Vec<Action> {
    let mut out = Vec::new();
    ui.label(egui::RichText::new("The map is in its own window.").weak());
    if ui.button("Bring the map back here").clicked() {
        out.push(Action::Layout(LayoutAction::MapWindow));
    }
    out
}

fn weak(ui: &mut egui::Ui, text: &str) {
    ui.centered_and_justified(|ui| ui.label(egui::RichText::new(text).weak()));
}
