//! Work under way on other threads, in one place: the status bar says how many run; its menu
//! lists each with its progress and, where it can stop, a Cancel.

use crate::ui::action::Action;
use egui::{RichText, Ui};

/// One piece of work under way, as the window shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningJob {
    pub what: String,
    /// The share done, when the work knows it.
    pub progress: Option<f32>,
    /// What stops it, when it can be stopped.
    pub cancel: Option<Action>,
}

/// The status bar's jobs: nothing while none runs.
pub fn indicator(ui: &mut Ui, jobs: &[RunningJob]) -> Vec<Action> {
    let mut out = Vec::new();
    let Some(first) = jobs.first() else {
        return out;
    };
    ui.spinner();
    let label = match jobs.len() {
        1 => first.what.clone(),
        n => format!("{n} jobs running"),
    };
    ui.menu_button(label, |ui| {
        for j in jobs {
            ui.horizontal(|ui| {
                match j.progress {
                    Some(p) => ui.add(
                        egui::ProgressBar::new(p)
                            .desired_width(140.0)
                            .show_percentage(),
                    ),
                    None => ui.spinner(),
                };
                ui.label(&j.what);
                if let Some(a) = &j.cancel
                    && ui.small_button("Cancel").clicked()
                {
                    out.push(a.clone());
                }
            });
        }
        ui.label(
            RichText::new("Each also shows where it runs.")
                .small()
                .weak(),
        );
    });
    out
}
