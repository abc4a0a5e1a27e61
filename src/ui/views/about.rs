//! Help ▸ About: the version, licence and links, then every notice — Dossier's licences, the
//! bundled data sets and fonts, and each Rust crate's licence (cargo-about's list, one licence
//! at a time so a 400 KB text is laid out only where the analyst opens it). A filter finds a
//! crate or a data set by name.

use crate::about;
use crate::ui::action::Action;
use egui::RichText;

#[derive(Default)]
pub struct AboutWindow {
    pub open: bool,
    /// Show only the notices naming this (a crate, a licence, a data set).
    filter: String,
    /// The crates' licences, cut once when the window first opens.
    sections: Vec<about::Section>,
}

impl AboutWindow {
    pub fn show(&mut self, ctx: &egui::Context) -> Vec<Action> {
        if self.sections.is_empty() {
            self.sections = about::third_party_sections();
        }
        let mut open = self.open;
        let tall = (ctx.content_rect().height() - 120.0).max(240.0);
        egui::Window::new("About Dossier")
            .open(&mut open)
            .default_width(640.0)
            .max_height(tall)
            .show(ctx, |ui| self.contents(ui));
        if open {
            Vec::new()
        } else {
            vec![Action::ToggleAbout]
        }
    }

    fn contents(&mut self, ui: &mut egui::Ui) {
        ui.heading(format!("{} {}", about::NAME, about::VERSION));
        ui.label(about::DESCRIPTION);
        ui.label(format!(
            "Licence: {} (either, at your choice). Built with eframe/egui, rfd, serde and ron.",
            about::LICENSE
        ));
        for l in about::LINKS {
            ui.hyperlink_to(l.label, l.url);
        }
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.label("Filter notices");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("crate, licence or data set")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        });
        let needle = self.filter.trim().to_lowercase();
        let shown = |title: &str, text: &str| {
            needle.is_empty()
                || title.to_lowercase().contains(&needle)
                || text.to_lowercase().contains(&needle)
        };
        egui::ScrollArea::vertical()
            .id_salt("about-notices")
            .show(ui, |ui| {
                ui.label(RichText::new("Dossier and its data").strong());
                for n in about::OWN_LICENSES.iter().chain(about::DATA) {
                    if shown(n.title, n.text) {
                        notice(ui, n.title, n.text);
                    }
                }
                ui.add_space(6.0);
                ui.label(RichText::new("Rust crates (cargo-about)").strong());
                for s in &self.sections {
                    if shown(&s.title, s.text) {
                        notice(ui, &s.title, s.text);
                    }
                }
            });
    }
}

/// One notice, closed until clicked.
fn notice(ui: &mut egui::Ui, title: &str, text: &str) {
    egui::CollapsingHeader::new(title)
        .id_salt(("notice", title))
        .show(ui, |ui| {
            ui.label(RichText::new(text).monospace().size(11.0));
        });
}
