//! The start screen: open an article or a session, the bundled samples, recent files.

use crate::io::samples::SAMPLES;
use crate::ui::action::Action;
use crate::ui::action::ProjectAction;
use egui::{RichText, Ui};
use std::path::PathBuf;

pub fn show(ui: &mut Ui, recent: &[PathBuf]) -> Vec<Action> {
    let mut out = Vec::new();
    ui.vertical_centered(|ui| {
        ui.add_space(40.0);
        ui.heading(RichText::new("Dossier").size(32.0));
        ui.label("Read a news article and turn it into who did what to whom, where and when.");
        ui.add_space(20.0);
        if ui
            .button(RichText::new("Open article…").size(18.0))
            .clicked()
        {
            out.push(Action::NewFromArticle);
        }
        if ui
            .button(RichText::new("Paste article").size(18.0))
            .on_hover_text("Start from the article copied in a browser or editor (Ctrl+Shift+V)")
            .clicked()
        {
            out.push(Action::NewFromClipboard);
        }
        if ui
            .button(RichText::new("Open session…").size(18.0))
            .clicked()
        {
            out.push(Action::OpenSession);
        }
        ui.add_space(8.0);
        if ui
            .button(RichText::new("Open project…").size(18.0))
            .on_hover_text("A folder of articles with one entity registry (Ctrl+Shift+O)")
            .clicked()
        {
            out.push(Action::Project(ProjectAction::Open));
        }
        if ui
            .button(RichText::new("New project…").size(18.0))
            .on_hover_text("Make a project of a folder: the articles in it become its articles")
            .clicked()
        {
            out.push(Action::Project(ProjectAction::New));
        }
        ui.label(RichText::new("or drop a file or a project folder on this window").weak());
        ui.add_space(20.0);
        ui.heading("Samples");
        for (i, s) in SAMPLES.iter().enumerate() {
            if ui.link(s.file_name).clicked() {
                out.push(Action::OpenSample(i));
            }
        }
        if !recent.is_empty() {
            ui.add_space(20.0);
            ui.heading("Recent");
            for p in recent {
                if ui.link(p.display().to_string()).clicked() {
                    out.push(Action::Open(p.clone()));
                }
            }
        }
    });
    out
}
