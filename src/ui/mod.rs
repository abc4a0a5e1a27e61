//! The window. Only this layer uses egui. `app` holds the state and applies actions; `views`
//! draw and return actions; `commands` declares every command once; `action` is what they
//! exchange.

pub mod action;
pub mod app;
pub mod bidi;
pub mod colors;
pub mod commands;
pub mod dialogs;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod prefs;
pub mod views;

pub use action::{Action, Curate, Sel};
pub use app::{DossierApp, Prefs};
use std::path::PathBuf;

/// One headless frame of the app (egui pass and tessellation, no GPU) on a 1400×900 screen, for
/// benchmarks and measurements.
pub fn headless_frame(ctx: &egui::Context, app: &mut DossierApp, events: Vec<egui::Event>) {
    headless_ui(ctx, events, |ui| app.frame(ui));
}

/// Give a windowless context the installed fonts for scripts the bundled fonts lack (Arabic,
/// Hebrew, CJK), as eframe does for the window.
pub fn use_system_fonts(ctx: &egui::Context) {
    ctx.add_font_provider(std::sync::Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

/// One headless frame of any UI (a single view, for its own measurements) on the same screen;
/// returns the tessellated meshes.
pub fn headless_ui(
    ctx: &egui::Context,
    events: Vec<egui::Event>,
    ui: impl FnMut(&mut egui::Ui),
) -> Vec<egui::ClippedPrimitive> {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        events,
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, ui);
    // No GPU takes the font atlas's updates here.
    out.textures_delta.clear();
    std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
}

/// The pointer at `at` and one wheel step of `dy` points: what scrolling looks like to egui
/// (benchmarks and frame measurements replay it).
pub fn wheel_at(at: egui::Pos2, dy: f32) -> Vec<egui::Event> {
    vec![
        egui::Event::PointerMoved(at),
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

/// Open the window, optionally on an article or a session.
pub fn run(file: Option<PathBuf>, compare: Option<PathBuf>) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut viewport = egui::ViewportBuilder::default();
    // The window's icon (the task bar, Alt+Tab); the desktop entry names the installed one.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(include_bytes!(
        "../../resources/icons/hicolor/128x128/apps/dossier.png"
    )) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
            .with_title("Dossier")
            // Wayland and X11 match the window to dossier.desktop by this id.
            .with_app_id("dossier")
            .with_inner_size([1400.0, 880.0])
            .with_min_inner_size([700.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Dossier",
        options,
        Box::new(move |cc| {
            let mut app = DossierApp::from_creation_context(cc, file);
            if let Some(b) = compare {
                app.compare_once_open(b);
            }
            if std::env::var_os("DOSSIER_STARTUP_TIME").is_some() {
                return Ok(Box::new(StartupClock {
                    app,
                    started,
                    frames: 0,
                }));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

/// With `DOSSIER_STARTUP_TIME` set, the app says on stderr how long after `run` began its first
/// frame was on screen (measured when the second frame starts, the first one having been
/// painted and presented): what `scripts/cold-start.sh` reports.
struct StartupClock {
    app: DossierApp,
    started: std::time::Instant,
    frames: u32,
}

impl eframe::App for StartupClock {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frames += 1;
        match self.frames {
            1 => ui.ctx().request_repaint(),
            2 => eprintln!(
                "dossier: first frame on screen after {} ms",
                self.started.elapsed().as_millis()
            ),
            _ => {}
        }
        eframe::App::ui(&mut self.app, ui, frame);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::App::save(&mut self.app, storage);
    }
}
