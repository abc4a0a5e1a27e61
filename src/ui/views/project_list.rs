//! The project's article list (left panel): title, date, source, status and counts of every
//! article, filtered and sorted; a click shows the article. Only the visible rows are drawn, so
//! ten thousand articles cost what twenty do.

use super::{Context, ProjectView};
use crate::model::project::{ArticleEntry, ArticleStatus, Project};
use crate::ui::action::Action;
use crate::ui::action::ProjectAction;
use egui::{RichText, Ui};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    File,
    Title,
    /// Newest first.
    Date,
    Status,
}

impl Sort {
    const ALL: [Sort; 4] = [Sort::File, Sort::Title, Sort::Date, Sort::Status];

    fn name(self) -> &'static str {
        match self {
            Sort::File => "file",
            Sort::Title => "title",
            Sort::Date => "date",
            Sort::Status => "status",
        }
    }
}

/// The list's own state.
#[derive(Default)]
pub struct ProjectList {
    pub filter: String,
    pub status: Option<ArticleStatus>,
    pub sort: Sort,
    /// An article whose removal waits for the analyst's yes.
    pub confirm_remove: Option<String>,
    /// The rows shown, for the key they were computed for.
    rows: Vec<usize>,
    key: Option<RowsKey>,
}

type RowsKey = (String, Option<ArticleStatus>, Sort, usize, usize);

impl ProjectList {
    fn rows(&mut self, p: &Project) -> &[usize] {
        let key = (
            self.filter.clone(),
            self.status,
            self.sort,
            p.articles.as_ptr() as usize,
            p.articles.len(),
        );
        if self.key.as_ref() != Some(&key) {
            let needle = self.filter.trim().to_lowercase();
            let mut rows: Vec<usize> = (0..p.articles.len())
                .filter(|&i| {
                    let a = &p.articles[i];
                    self.status.is_none_or(|s| a.status == s)
                        && (needle.is_empty() || matches(a, &needle))
                })
                .collect();
            let arts = &p.articles;
            match self.sort {
                Sort::File => {}
                Sort::Title => rows.sort_by_cached_key(|&i| arts[i].title.to_lowercase()),
                Sort::Date => rows.sort_by(|&a, &b| arts[b].published.cmp(&arts[a].published)),
                Sort::Status => rows.sort_by_key(|&i| arts[i].status),
            }
            self.rows = rows;
            self.key = Some(key);
        }
        &self.rows
    }

    /// The open project's list; a hint without one.
    pub fn show(&mut self, ui: &mut Ui, cx: &Context<'_>) -> Vec<Action> {
        let Some(input) = cx.project else {
            ui.label(RichText::new("Open a project to see its articles.").weak());
            return Vec::new();
        };
        let mut out = Vec::new();
        let p = input.project;
        let mut t = p.totals();
        if !input.summary.is_empty() {
            t = crate::model::project::Counts::default();
            for a in &p.articles {
                let c = input.summary.get(&a.file).map_or(a.counts, |x| x.counts);
                t.mentions += c.mentions;
                t.entities += c.entities;
            }
        }
        ui.heading(&p.name);
        ui.label(
            RichText::new(format!(
                "{} · {} · {} · {} in the registry",
                crate::model::words::count(p.articles.len(), "article"),
                crate::model::words::count(t.mentions, "mention"),
                crate::model::words::count(t.entities, "entity"),
                p.registry.live().count()
            ))
            .weak(),
        );
        // Indexing shows on the buttons' row, cut to the room left: the rows below never move
        // when it ends (a click aimed at one article would open the one before) and the panel
        // never widens to fit it.
        ui.horizontal(|ui| {
            if ui
                .button("Add articles…")
                .on_hover_text("Text, Markdown, HTML, PDF or brat documents; or drop files or a folder on the window")
                .clicked()
            {
                out.push(Action::Project(ProjectAction::Add));
            }
            let unsaved = input.unsaved.len();
            if ui
                .add_enabled(unsaved > 0, egui::Button::new(format!("Save all ({unsaved})")))
                .on_hover_text("Save every article with unsaved changes")
                .clicked()
            {
                out.push(Action::Project(ProjectAction::SaveAll));
            }
            if let Some((done, total)) = input.indexing {
                ui.spinner();
                ui.add(egui::Label::new(RichText::new(format!("Indexing {done}/{total}…")).weak()).truncate())
                    .on_hover_text("Indexing the articles: registry pages and cross-article views fill in when it is done; work goes on meanwhile");
            }
        });
        self.controls(ui);
        ui.separator();
        let rows = self.rows(p).to_vec();
        if rows.is_empty() {
            ui.label(
                RichText::new(if p.articles.is_empty() {
                    "No articles yet: add some, or drop files or a folder here."
                } else {
                    "No article matches."
                })
                .weak(),
            );
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0
            + ui.spacing().item_spacing.y * 2.0
            + 4.0;
        egui::ScrollArea::vertical()
            .id_salt("project-articles")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, rows.len(), |ui, range| {
                for &i in &rows[range] {
                    let h = row_h - ui.spacing().item_spacing.y;
                    out.extend(self.row(ui, &p.articles[i], input, h));
                }
            });
        out.extend(self.confirm(ui.ctx()));
        out
    }

    fn controls(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Filter by title, source, date")
                    .desired_width(f32::INFINITY),
            );
        });
        ui.horizontal(|ui| {
            let name = self.status.map_or("any status", ArticleStatus::name);
            let l = ui.label("Status");
            egui::ComboBox::from_id_salt("project-status")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, "any status");
                    for s in [
                        ArticleStatus::New,
                        ArticleStatus::InProgress,
                        ArticleStatus::Done,
                    ] {
                        ui.selectable_value(&mut self.status, Some(s), s.name());
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("Order");
            egui::ComboBox::from_id_salt("project-sort")
                .selected_text(format!("by {}", self.sort.name()))
                .show_ui(ui, |ui| {
                    for s in Sort::ALL {
                        ui.selectable_value(&mut self.sort, s, format!("by {}", s.name()));
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }

    fn row(
        &mut self,
        ui: &mut Ui,
        a: &ArticleEntry,
        input: &ProjectView<'_>,
        h: f32,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        let problem = input.problems.get(&a.file);
        let dirty = if input.unsaved.contains(a.file.as_str()) {
            " *"
        } else {
            ""
        };
        let title = if a.title.trim().is_empty() {
            &a.file
        } else {
            &a.title
        };
        let title = format!("{title}{dirty}");
        let c = input.summary.get(&a.file).map_or(a.counts, |x| x.counts);
        let mut detail = vec![
            a.published.clone().unwrap_or_default(),
            a.source.clone().unwrap_or_default(),
        ];
        detail.retain(|d| !d.is_empty());
        let status = if problem.is_some() {
            "cannot be opened"
        } else {
            a.status.name()
        };
        detail.push(format!(
            "{status} · {} m · {} e · {} ev",
            c.mentions, c.entities, c.events
        ));
        let detail = detail.join(" · ");
        let selected = input.current == Some(a.file.as_str());
        let (rect, r) =
            ui.allocate_exact_size(egui::vec2(ui.available_width(), h), egui::Sense::click());
        r.widget_info(|| {
            egui::WidgetInfo::selected(
                egui::Role::Button,
                true,
                selected,
                format!("{title}\n{detail}"),
            )
        });
        if ui.is_rect_visible(rect) {
            paint_row(
                ui,
                rect,
                &r,
                selected,
                (&title, &detail),
                mark(problem.is_some(), a.status),
            );
        }
        let r = match problem {
            Some(why) => r.on_hover_text(format!("Cannot be opened: {why}")),
            None => r.on_hover_text(&a.file),
        };
        if r.clicked() {
            out.push(Action::Project(ProjectAction::OpenArticle(a.file.clone())));
        }
        r.context_menu(|ui| out.extend(self.row_menu(ui, a)));
        out
    }

    /// The row's context menu: its status, and removing it.
    fn row_menu(&mut self, ui: &mut Ui, a: &ArticleEntry) -> Vec<Action> {
        let mut out = Vec::new();
        for s in [
            ArticleStatus::New,
            ArticleStatus::InProgress,
            ArticleStatus::Done,
        ] {
            let b = egui::Button::new(format!("Mark {}", s.name()));
            if ui.add_enabled(a.status != s, b).clicked() {
                out.push(Action::Project(ProjectAction::SetArticleStatus(
                    a.file.clone(),
                    s,
                )));
            }
        }
        ui.separator();
        if ui.button("Remove from project…").clicked() {
            self.confirm_remove = Some(a.file.clone());
        }
        out
    }

    fn confirm(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let Some(file) = self.confirm_remove.clone() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut answered = false;
        egui::Modal::new(egui::Id::unique("confirm-remove-article")).show(ctx, |ui| {
            ui.heading("Remove the article?");
            ui.label(format!(
                "{file} and its annotations leave the project and its file is deleted.\nA project shared through git keeps it in earlier commits."
            ));
            ui.horizontal(|ui| {
                if ui.button("Remove").clicked() {
                    out.push(Action::Project(ProjectAction::RemoveArticle(file.clone())));
                    answered = true;
                }
                if ui.button("Cancel").clicked() {
                    answered = true;
                }
            });
        });
        if answered {
            self.confirm_remove = None;
        }
        out
    }
}

fn matches(a: &ArticleEntry, needle: &str) -> bool {
    [
        Some(&a.title),
        a.source.as_ref(),
        a.published.as_ref(),
        Some(&a.file),
    ]
    .into_iter()
    .flatten()
    .any(|t| t.to_lowercase().contains(needle))
}

/// The status mark: a ring for new, a half disc for in progress, a disc for done, red for an
/// article that cannot be opened. Painted, so that no font needs the symbols.
#[derive(Clone, Copy)]
enum Mark {
    New,
    InProgress,
    Done,
    Problem,
}

fn mark(problem: bool, s: ArticleStatus) -> Mark {
    match (problem, s) {
        (true, _) => Mark::Problem,
        (_, ArticleStatus::New) => Mark::New,
        (_, ArticleStatus::InProgress) => Mark::InProgress,
        (_, ArticleStatus::Done) => Mark::Done,
    }
}

fn paint_row(
    ui: &Ui,
    rect: egui::Rect,
    r: &egui::Response,
    selected: bool,
    text: (&str, &str),
    m: Mark,
) {
    let v = ui.visuals();
    let p = ui.painter();
    if selected {
        p.rect_filled(rect, 3.0, v.selection.bg_fill);
    } else if r.hovered() {
        p.rect_filled(rect, 3.0, v.widgets.hovered.weak_bg_fill);
    }
    let line = rect.height() / 2.0;
    let dot = egui::pos2(rect.left() + 9.0, rect.top() + line / 2.0 + 1.0);
    let green = egui::Color32::from_rgb(60, 160, 80);
    let amber = egui::Color32::from_rgb(220, 150, 30);
    match m {
        Mark::New => _ = p.circle_stroke(dot, 4.5, (1.5, v.weak_text_color())),
        Mark::InProgress => {
            p.circle_stroke(dot, 4.5, (1.5, amber));
            p.circle_filled(dot, 2.5, amber);
        }
        Mark::Done => _ = p.circle_filled(dot, 5.0, green),
        Mark::Problem => _ = p.circle_filled(dot, 5.0, v.error_fg_color),
    }
    let left = rect.left() + 20.0;
    let width = (rect.right() - left - 4.0).max(10.0);
    let fit = |t: &str, font: egui::FontId, color: egui::Color32| {
        let format = egui::TextFormat::simple(font, color);
        let mut job = crate::ui::bidi::job(t, &format)
            .unwrap_or_else(|| egui::text::LayoutJob::single_section(t.to_owned(), format));
        job.wrap = egui::text::TextWrapping::truncate_at_width(width);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let strong = if selected {
        v.selection.stroke.color
    } else {
        v.strong_text_color()
    };
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    p.galley(
        egui::pos2(left, rect.top() + 1.0),
        fit(text.0, body, strong),
        strong,
    );
    let weak = v.weak_text_color();
    p.galley(
        egui::pos2(left, rect.top() + line + 1.0),
        fit(text.1, small, weak),
        weak,
    );
}
