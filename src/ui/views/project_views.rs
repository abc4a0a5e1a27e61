//! The project's cross-article views: the filter bar they share (article, date range, event
//! type), the project's event list (one row per event of every article, with its article; a
//! click opens the article at the event) and find in the project (plain or regex, hits grouped
//! by article).

use crate::analysis::project_search::ProjectHits;
use crate::analysis::project_views::{EventRow, Filter};
use crate::model::Schema;
use crate::ui::action::Action;
use crate::ui::action::ProjectAction;
use egui::{RichText, Ui};

/// The filter bar above the project map and the project's event list.
pub fn filter_bar(ui: &mut Ui, f: &mut Filter, schema: &Schema) {
    ui.horizontal(|ui| {
        let l = ui.label("Articles");
        ui.add(
            egui::TextEdit::singleline(&mut f.article)
                .hint_text("title or file")
                .desired_width(120.0),
        )
        .labelled_by(l.id);
        let l = ui.label("from");
        ui.add(
            egui::TextEdit::singleline(&mut f.from)
                .hint_text("YYYY-MM-DD")
                .desired_width(80.0),
        )
        .labelled_by(l.id);
        let l = ui.label("to");
        ui.add(
            egui::TextEdit::singleline(&mut f.to)
                .hint_text("YYYY-MM-DD")
                .desired_width(80.0),
        )
        .labelled_by(l.id);
        let name = f
            .event_type
            .as_ref()
            .and_then(|t| schema.event_type(t))
            .map_or("all event types".to_owned(), |t| t.name.clone());
        let l = ui.label("Type");
        egui::ComboBox::from_id_salt("project-event-type")
            .selected_text(name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.event_type, None, "all event types");
                for t in &schema.event_types {
                    ui.selectable_value(&mut f.event_type, Some(t.id.clone()), &t.name);
                }
            })
            .response
            .labelled_by(l.id);
    });
}

/// Every event of the project, by date; `pending` while the index is being built.
pub fn event_list(ui: &mut Ui, rows: &[EventRow], pending: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let note = if pending {
        " (indexing: more to come)"
    } else {
        " (as last saved)"
    };
    ui.label(
        RichText::new(format!(
            "{} in the project{note}",
            crate::model::words::count(rows.len(), "event")
        ))
        .weak(),
    );
    let h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("project-events")
        .auto_shrink([false, false])
        .show_rows(ui, h, rows.len(), |ui, range| {
            for r in &rows[range] {
                let text = format!(
                    "{}  {}  —  {}  —  {}",
                    r.date.as_deref().unwrap_or("undated"),
                    r.label,
                    r.args.join(", "),
                    r.title
                );
                let resp = ui.add(egui::Button::selectable(false, text).truncate());
                if resp
                    .on_hover_text(format!("Open {} at this event", r.file))
                    .clicked()
                {
                    out.push(Action::Project(ProjectAction::OpenArticleAt(
                        r.file.clone(),
                        r.at,
                    )));
                }
            }
        });
    out
}

/// Find in the project: its own query; the app runs the search on another thread.
#[derive(Default)]
pub struct ProjectFind {
    pub query: String,
    pub regex: bool,
    /// Put the cursor in the search field on the next frame (the tab was just asked for).
    pub focus: bool,
}

impl ProjectFind {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        hits: Option<&Result<ProjectHits, String>>,
        running: bool,
    ) -> Vec<Action> {
        let mut out = Vec::new();
        ui.horizontal(|ui| {
            let r = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Find in every article of the project (Enter)")
                    .desired_width(320.0),
            );
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::SearchInput, true, "Search the project")
            });
            if std::mem::take(&mut self.focus) {
                r.request_focus();
            }
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.checkbox(&mut self.regex, "Regular expression");
            if (ui.button("Find").clicked() || enter) && !self.query.trim().is_empty() {
                out.push(Action::Project(ProjectAction::Find(
                    self.query.clone(),
                    self.regex,
                )));
            }
            if running {
                ui.spinner();
            }
        });
        match hits {
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Some(Ok(h)) => out.extend(results(ui, h)),
            None => {}
        }
        // The panel keeps its height whatever the tab holds.
        ui.allocate_space(ui.available_size());
        out
    }
}

/// One line of the results: an article's heading, one of its hits, or how many more it has.
enum Line {
    Article(usize),
    Hit(usize, usize),
    More(usize),
}

/// Hits of an article shown under its heading (the app asks the find for as many); the rest
/// are counted.
pub const SHOWN_PER_ARTICLE: usize = 5;

/// The results, grouped by article, drawn a screenful at a time (a find can hit every article).
fn results(ui: &mut Ui, h: &ProjectHits) -> Vec<Action> {
    let mut out = Vec::new();
    ui.label(
        RichText::new(format!(
            "{} in {}",
            crate::model::words::count(h.total(), "hit"),
            crate::model::words::count(h.articles.len(), "article")
        ))
        .weak(),
    );
    for (file, why) in &h.unreadable {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("not searched: {file}: {why}"),
        );
    }
    let mut lines = Vec::new();
    for (i, a) in h.articles.iter().enumerate() {
        lines.push(Line::Article(i));
        let shown = a.hits.len().min(SHOWN_PER_ARTICLE);
        lines.extend((0..shown).map(|j| Line::Hit(i, j)));
        if a.hits.len() + a.more > shown {
            lines.push(Line::More(i));
        }
    }
    let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("project-find")
        .auto_shrink([false, false])
        .show_rows(ui, row, lines.len(), |ui, range| {
            for line in &lines[range] {
                match *line {
                    Line::Article(i) => {
                        let a = &h.articles[i];
                        let head = format!("{} ({})", a.title, a.hits.len() + a.more);
                        ui.label(RichText::new(head).strong())
                            .on_hover_text(&a.file);
                    }
                    Line::Hit(i, j) => {
                        let (a, hit) = (&h.articles[i], &h.articles[i].hits[j]);
                        if ui.link(format!("    {}", hit.context)).clicked() {
                            out.push(Action::Project(ProjectAction::OpenArticleAt(
                                a.file.clone(),
                                hit.span.start,
                            )));
                        }
                    }
                    Line::More(i) => {
                        let a = &h.articles[i];
                        let n = a.hits.len() + a.more - a.hits.len().min(SHOWN_PER_ARTICLE);
                        let more = format!("    … {n} more (Find in the article lists them all)");
                        ui.label(RichText::new(more).weak());
                    }
                }
            }
        });
    out
}
