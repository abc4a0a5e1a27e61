//! File ▸ Article details: the article's title, author, date, publication, language and address,
//! as imported from the page; the analyst corrects them and Apply makes that one undoable edit.

use crate::model::Command;
use crate::model::article::{Article, ArticleInfo};
use crate::ui::action::Action;

#[derive(Default)]
pub struct ArticleInfoEditor {
    pub open: bool,
    /// The fields as being typed, and what they were when typing began.
    draft: ArticleInfo,
    base: ArticleInfo,
}

impl ArticleInfoEditor {
    pub fn show(&mut self, ctx: &egui::Context, article: &Article) -> Vec<Action> {
        let now = article.info();
        // Nothing typed yet: follow the article (an undo, a reopened session).
        if self.draft == self.base {
            self.draft = now.clone();
            self.base = now.clone();
        }
        let mut out = Vec::new();
        let mut open = self.open;
        egui::Window::new("Article details")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                egui::Grid::new("article-info")
                    .num_columns(2)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| self.fields(ui, article));
                ui.separator();
                let dirty = self.draft.clone().tidied() != now;
                ui.horizontal(|ui| {
                    let apply = ui.add_enabled(dirty, egui::Button::new("Apply"));
                    if apply
                        .on_hover_text("Save these details as one edit (undoable)")
                        .clicked()
                    {
                        out.push(Action::Edit(Command::SetArticleInfo(self.draft.clone())));
                        self.base = self.draft.clone();
                    }
                    if ui.add_enabled(dirty, egui::Button::new("Revert")).clicked() {
                        self.draft = now.clone();
                        self.base = now.clone();
                    }
                    if self.draft.title.trim().is_empty() {
                        ui.colored_label(ui.visuals().error_fg_color, "The title cannot be empty.");
                    }
                });
            });
        if !open {
            self.draft = now.clone();
            self.base = now;
            out.push(Action::ToggleArticleInfo);
        }
        out
    }

    /// Drop what was typed (another article was opened).
    pub fn forget_draft(&mut self) {
        self.draft = ArticleInfo::default();
        self.base = ArticleInfo::default();
    }

    fn fields(&mut self, ui: &mut egui::Ui, article: &Article) {
        let d = &mut self.draft;
        text_row(ui, "Title", &mut d.title, "");
        opt_row(ui, "Author", &mut d.byline, "as the byline gives it");
        opt_row(
            ui,
            "Published",
            &mut d.published,
            "YYYY-MM-DD, or with a time",
        );
        if let Some(p) = d.published.as_deref()
            && !looks_like_a_date(p)
        {
            ui.label("");
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Not a date Dossier can place on a timeline (use YYYY-MM-DD).",
            );
            ui.end_row();
        }
        opt_row(ui, "Publication", &mut d.site, "the site or paper");
        opt_row(ui, "Language", &mut d.lang, "en, fr, ar…");
        opt_row(ui, "Address", &mut d.url, "https://…");
        ui.label("Imported from");
        ui.label(article.source.as_deref().unwrap_or("—"));
        ui.end_row();
        ui.label("Length");
        ui.label(format!("{} characters", article.char_len()));
        ui.end_row();
    }
}

fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str) {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(380.0),
    )
    .labelled_by(l.id);
    ui.end_row();
}

fn opt_row(ui: &mut egui::Ui, label: &str, value: &mut Option<String>, hint: &str) {
    let mut s = value.clone().unwrap_or_default();
    let before = s.clone();
    text_row(ui, label, &mut s, hint);
    if s != before {
        *value = Some(s);
    }
}

/// Whether a date starts with `YYYY-MM-DD` (what the timeline reads).
fn looks_like_a_date(s: &str) -> bool {
    let b = s.trim().as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}
