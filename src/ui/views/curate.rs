//! Above the text while curating: the compared session, the agreement figures, the difference
//! in focus with Keep A's / Take B's / Neither, and every difference in a list; a running
//! comparison or text update with its time and Cancel; annotations a text update could not
//! place, each to place on the selection or drop.

use crate::analysis::compare::Agreement;
use crate::analysis::curate::{Choice, Difference, Kind};
use crate::model::conflict::Orphaned;
use crate::ui::action::{Action, Curate};
use egui::{Color32, RichText, Ui};

/// What the curation bar shows.
pub struct CurateView<'a> {
    pub tag: &'a str,
    pub reanchored: Option<&'a str>,
    pub agreement: &'a Agreement,
    /// The agreement of the session as it is now, once curation changed it.
    pub now: Option<&'a Agreement>,
    pub diffs: &'a [Difference],
    pub total: usize,
    pub current: usize,
}

/// The colour a difference is drawn in: A's alone blue, B's alone orange, differing purple.
pub fn kind_color(k: Kind) -> [u8; 3] {
    match k {
        Kind::OnlyA | Kind::EventOnlyA | Kind::RelationOnlyA => [52, 120, 246],
        Kind::OnlyB | Kind::EventOnlyB | Kind::RelationOnlyB => [240, 128, 20],
        Kind::Type | Kind::Entity | Kind::Event | Kind::EntityDetails => [190, 60, 200],
    }
}

/// Work running on another thread: what, for how long.
pub struct Running<'a> {
    pub what: &'a str,
    pub seconds: f32,
    /// The share done, when the work can tell.
    pub fraction: Option<f32>,
}

pub fn bar(
    ui: &mut Ui,
    c: Option<&CurateView<'_>>,
    running: Option<Running<'_>>,
    orphaned: &[Orphaned],
) -> Vec<Action> {
    if c.is_none() && running.is_none() && orphaned.is_empty() {
        return Vec::new();
    }
    // Sized by what it holds (a resizable panel keeps the size of its first, shorter frame).
    egui::Panel::top("curate")
        .resizable(false)
        .show(ui, |ui| {
            let mut out = Vec::new();
            if let Some(r) = running {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("{}… {:.1} s", r.what, r.seconds));
                    if let Some(f) = r.fraction {
                        ui.add(
                            egui::ProgressBar::new(f)
                                .desired_width(160.0)
                                .text(format!("annotations placed: {:.0} %", 100.0 * f)),
                        );
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Action::Curate(Curate::Cancel));
                    }
                });
            }
            if let Some(c) = c {
                out.extend(comparison(ui, c));
            }
            if !orphaned.is_empty() {
                out.extend(orphans(ui, orphaned));
            }
            out
        })
        .inner
}

fn pct(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

fn comparison(ui: &mut Ui, c: &CurateView<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Comparing A with {} (B)", c.tag)).strong())
            .on_hover_text(
                "A is the open session: what you take goes into it, and it becomes the merged one",
            );
        if ui
            .button("Save the merge as…")
            .on_hover_text("Save the open session, with what was taken, under another name")
            .clicked()
        {
            out.push(Action::SaveAs);
        }
        if ui.button("Close comparison").clicked() {
            out.push(Action::Curate(Curate::Close));
        }
    });
    let g = c.agreement;
    ui.label(RichText::new(format!("Agreement at the start: {}", summary(g))).weak());
    if let Some(n) = c.now {
        ui.label(RichText::new(format!("Now, with what was taken: {}", summary(n))).weak())
            .on_hover_text(
                "The open session (the merge so far) compared with B again after each step",
            );
    }
    let heading = if c.now.is_some() {
        "Agreement by type, role and kind, now"
    } else {
        "Agreement by type, role and kind"
    };
    egui::CollapsingHeader::new(heading)
        .id_salt("curate-figures")
        .show(ui, |ui| figures(ui, c.now.unwrap_or(g)));
    if let Some(r) = c.reanchored {
        ui.label(
            RichText::new(format!(
                "B was made on another version of the text; moved onto A's: {r}."
            ))
            .weak(),
        );
    }
    match c.diffs.get(c.current) {
        None => {
            ui.label(format!(
                "No differences left of {}: A has what it should. Save to keep the merge.",
                c.total
            ));
        }
        Some(d) => out.extend(focused(ui, c, d)),
    }
    if !c.diffs.is_empty() {
        egui::CollapsingHeader::new(format!("All {} differences", c.diffs.len()))
            .id_salt("curate-all")
            .show(ui, |ui| out.extend(list(ui, c)));
    }
    out
}

/// The main figures on one line.
fn summary(g: &Agreement) -> String {
    format!(
        "mentions F1 {} exact, {} overlapping · κ {:.2} · coreference B³ F1 {} · events F1 {} · relations F1 {}",
        pct(g.exact.f1),
        pct(g.overlap.f1),
        g.kappa,
        pct(g.coreference.f1),
        pct(g.events.f1),
        pct(g.relations.f1)
    )
}

/// The kind of a difference, in its colour.
fn chip(ui: &mut Ui, d: &Difference, c: [u8; 3]) {
    ui.label(
        RichText::new(d.kind.label())
            .color(Color32::WHITE)
            .background_color(Color32::from_rgb(c[0], c[1], c[2])),
    );
}

/// Every difference; only the rows in view are drawn.
fn list(ui: &mut Ui, c: &CurateView<'_>) -> Vec<Action> {
    let mut out = Vec::new();
    let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    // A top panel offers only the height of its last frame: ask for the rows outright.
    let wanted = (row + ui.spacing().item_spacing.y) * c.diffs.len().min(6) as f32 + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("curate-list")
        .max_height(wanted)
        .min_scrolled_height(wanted)
        .show_rows(ui, row, c.diffs.len(), |ui, rows| {
            for i in rows {
                let d = &c.diffs[i];
                ui.horizontal(|ui| {
                    chip(ui, d, kind_color(d.kind));
                    let text = RichText::new(&d.what);
                    let text = if i == c.current { text.strong() } else { text };
                    if ui.selectable_label(i == c.current, text).clicked() {
                        out.push(Action::Curate(Curate::Go(i)));
                    }
                });
            }
        });
    out
}

fn orphans(ui: &mut Ui, orphaned: &[Orphaned]) -> Vec<Action> {
    let mut out = Vec::new();
    ui.colored_label(
        ui.visuals().warn_fg_color,
        RichText::new(format!(
            "⚠ {} annotation{} could not be placed on the new text: select the words {} belongs to and Place, or Drop.",
            orphaned.len(),
            if orphaned.len() == 1 { "" } else { "s" },
            if orphaned.len() == 1 { "it" } else { "each" },
        ))
        .strong(),
    );
    let row = ui.text_style_height(&egui::TextStyle::Body) + 2.0 * ui.spacing().button_padding.y;
    let wanted = (row + ui.spacing().item_spacing.y) * orphaned.len().min(4) as f32;
    egui::ScrollArea::vertical()
        .id_salt("orphaned")
        .max_height(wanted)
        .min_scrolled_height(wanted)
        .show(ui, |ui| {
            for (i, o) in orphaned.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!(
                        "“{}” ({}; was at character {})",
                        o.mention.quote, o.mention.entity_type, o.old_start
                    ));
                    if ui
                        .button("Place on the selection")
                        .on_hover_text(
                            "Make it a mention of the selected words, in the entity it had",
                        )
                        .clicked()
                    {
                        out.push(Action::Curate(Curate::PlaceOrphan(i)));
                    }
                    if ui.button("Drop").clicked() {
                        out.push(Action::Curate(Curate::DropOrphan(i)));
                    }
                });
            }
        });
    out
}

/// The difference in focus and the buttons that settle it.
fn focused(ui: &mut Ui, c: &CurateView<'_>, d: &Difference) -> Vec<Action> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!(
                "Difference {} of {} ({} at the start):",
                c.current + 1,
                c.diffs.len(),
                c.total
            ))
            .strong(),
        );
        chip(ui, d, kind_color(d.kind));
        ui.label(&d.what);
    });
    ui.horizontal(|ui| {
        let buttons = [
            ("Previous", "Shift+F8", Curate::Previous),
            ("Next", "F8", Curate::Next),
            (
                "Keep A's",
                "Alt+A: keep the open session's version",
                Curate::Take(Choice::A),
            ),
            (
                "Take B's",
                "Alt+B: take the compared session's version",
                Curate::Take(Choice::B),
            ),
            (
                "Neither",
                "Alt+N: have neither version",
                Curate::Take(Choice::Neither),
            ),
        ];
        for (label, tip, step) in buttons {
            if ui.button(label).on_hover_text(tip).clicked() {
                out.push(Action::Curate(step));
            }
        }
    });
    out
}

/// Every figure of the comparison, as `dossier compare` prints them: B against A.
fn figures(ui: &mut Ui, g: &Agreement) {
    use crate::analysis::compare::Prf;
    let mut rows: Vec<(String, &Prf)> = vec![
        ("Mentions, exact".into(), &g.exact),
        ("Mentions, overlapping".into(), &g.overlap),
    ];
    rows.extend(g.by_type.iter().map(|(t, p)| (format!("    {t}"), p)));
    rows.push(("Mentions, same span, any type".into(), &g.spans));
    rows.extend(
        g.spans_by_type
            .iter()
            .map(|(t, p)| (format!("    {t}, span only"), p)),
    );
    rows.push(("Coreference (B³)".into(), &g.coreference));
    rows.push(("Events (trigger and type)".into(), &g.events));
    rows.extend(
        g.arguments
            .iter()
            .map(|(r, p)| (format!("    argument {r}"), p)),
    );
    rows.push(("Relations".into(), &g.relations));
    egui::ScrollArea::vertical()
        .id_salt("curate-figures-scroll")
        .max_height(180.0)
        .show(ui, |ui| {
            egui::Grid::new("curate-figures-grid")
                .striped(true)
                .num_columns(7)
                .show(ui, |ui| {
                    for h in ["", "A", "B", "agreed", "precision", "recall", "F1"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for (name, p) in rows {
                        ui.label(name);
                        for n in [p.a, p.b, p.both] {
                            ui.label(n.to_string());
                        }
                        for x in [p.precision, p.recall, p.f1] {
                            ui.label(pct(x));
                        }
                        ui.end_row();
                    }
                    ui.label(format!("Cohen's kappa on tokens: {:.3}", g.kappa));
                    ui.end_row();
                });
        });
}
