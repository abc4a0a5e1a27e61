//! Edit ▸ Preferences ▸ Recommenders: external commands or local servers that propose mentions
//! (see `io::recommender`), added with a name and a command line or an `http://` address, removed, asked again; what each
//! answered last time.

use crate::io::recommender::Recommender;
use crate::ui::action::{Action, SuggestAction};
use egui::RichText;

#[derive(Default)]
pub struct RecommenderPrefs {
    pub open: bool,
    name: String,
    command: String,
}

/// What the window shows besides the list: a line per recommender asked, and whether they are
/// being asked now.
pub struct Asked<'a> {
    pub messages: &'a [String],
    pub running: bool,
}

impl RecommenderPrefs {
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        list: &[Recommender],
        asked: &Asked<'_>,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let mut open = self.open;
        let set = |v: Vec<Recommender>| Action::Suggest(SuggestAction::SetRecommenders(v));
        egui::Window::new("Recommenders")
            .open(&mut open)
            .default_size([620.0, 320.0])
            .show(ctx, |ui| {
                ui.label("Programs or local servers that read the article and propose mentions, shown as suggestions under their name. A program gets the article as JSON on its standard input, a server (http://…) the same JSON in a POST; each answers a JSON list of spans (resources/recommenders/ has recipes).");
                ui.separator();
                // A grid: each name whole in its column (in a row it was cut to "compromi").
                egui::Grid::new("recommenders").num_columns(3).show(ui, |ui| {
                    for (i, r) in list.iter().enumerate() {
                        ui.label(RichText::new(&r.name).strong());
                        ui.label(RichText::new(&r.command).monospace());
                        if ui.small_button("Remove").clicked() {
                            let mut rest = list.to_vec();
                            rest.remove(i);
                            out.push(set(rest));
                        }
                        ui.end_row();
                    }
                });
                if list.is_empty() {
                    ui.label(RichText::new("None yet.").weak());
                }
                ui.separator();
                egui::Grid::new("new-recommender").num_columns(2).show(ui, |ui| {
                    ui.label("Name");
                    ui.add(egui::TextEdit::singleline(&mut self.name).hint_text("spaCy"));
                    ui.end_row();
                    ui.label("Command or address");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.command)
                            .hint_text("python3 /path/to/recommend.py   or   http://127.0.0.1:8000/ner")
                            .desired_width(420.0),
                    )
                    .on_hover_text(
                        "A program run with the article as JSON on its standard input, or a \
                         server on this machine sent the same JSON in a POST",
                    );
                    ui.end_row();
                });
                let name = self.name.trim().to_owned();
                let command = self.command.trim().to_owned();
                let taken = list.iter().any(|r| r.name == name);
                ui.horizontal(|ui| {
                    let ready = !name.is_empty() && !command.is_empty() && !taken;
                    if ui.add_enabled(ready, egui::Button::new("Add")).clicked() {
                        let mut v = list.to_vec();
                        v.push(Recommender { name, command });
                        out.push(set(v));
                        self.name.clear();
                        self.command.clear();
                    }
                    if taken {
                        ui.label(RichText::new("A recommender has that name already.").weak());
                    }
                    let ask = !list.is_empty() && !asked.running;
                    if ui.add_enabled(ask, egui::Button::new("Ask again")).clicked() {
                        out.push(Action::Suggest(SuggestAction::AskRecommenders));
                    }
                    if asked.running {
                        ui.spinner();
                        ui.label("Asking…");
                    }
                });
                for m in asked.messages {
                    ui.label(m);
                }
            });
        self.open = open;
        out
    }
}
