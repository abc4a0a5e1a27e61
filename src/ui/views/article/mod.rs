//! The article text with highlighted annotations: laid out once per paragraph and width
//! (`layout`), marks kept in step with the session (`marks`), painted only where visible
//! (`paint`), and hit-tested by char offset (`input`).

mod flow;
mod input;
mod layout;
mod marks;
mod paint;

use super::DocView;
use crate::model::changes::Stamp;
use crate::model::{EventId, Filler, MentionId, Session, Span};
use crate::ui::action::{Action, Sel};
use egui::{Pos2, Rect, Sense, vec2};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the view shows this frame.
pub struct ViewInput<'a> {
    pub session: &'a Session,
    pub sel: &'a Sel,
    /// Its mentions are outlined.
    pub selected_entity: Option<crate::model::EntityId>,
    /// Events whose triggers are drawn emphasised.
    pub highlighted_events: &'a [EventId],
    /// Pieces of a discontinuous text selection made before the current one (Ctrl+click).
    pub pieces: &'a [Span],
    /// Spans to outline with a role label: the selected event's arguments.
    pub role_marks: &'a [(Span, String)],
    /// Suggested mentions (dashed outlines in the type's colour), by position.
    pub suggestions: &'a [super::suggestion_jobs::Mark],
    /// The suggestion the review keys act on.
    pub focused_suggestion: Option<Span>,
    /// Differences from a compared session (underlined in their kind's colour), by start.
    pub differences: &'a [(Span, [u8; 3])],
    /// The difference the curation keys act on (outlined).
    pub focused_difference: Option<Span>,
    /// The longest difference's length: how far back a paragraph looks for ones reaching in.
    pub longest_difference: usize,
}

/// What is drawn over the text besides the annotations: suggestions, differences, each with
/// the one in focus.
#[derive(Clone, Copy, Default)]
pub struct Overlays<'a> {
    pub suggestions: &'a [super::suggestion_jobs::Mark],
    pub focused_suggestion: Option<Span>,
    pub differences: &'a [(Span, [u8; 3])],
    pub focused_difference: Option<Span>,
    pub longest_difference: usize,
}

#[derive(Debug, Clone, Copy)]
struct Para {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MarkKind {
    Mention(MentionId),
    Trigger(EventId),
}

/// Offsets are u32 (a paragraph of four billion chars is not an article): a 10 MB session has
/// 270,000 marks, and usize offsets made each 56 bytes instead of 40.
#[derive(Debug, Clone, Copy)]
struct Mark {
    kind: MarkKind,
    /// Char offsets local to the paragraph.
    start: u32,
    end: u32,
    color: [u8; 3],
    level: u8,
    /// Which piece of a discontinuous annotation this is (0 for the first, or the only one).
    piece: u8,
    /// Where the previous piece ended, when it is in the same paragraph: the gap is drawn as a
    /// thin link so the pieces read as one annotation.
    gap_from: Option<u32>,
}

impl Mark {
    fn start(&self) -> usize {
        self.start as usize
    }

    fn end(&self) -> usize {
        self.end as usize
    }

    fn gap_from(&self) -> Option<usize> {
        self.gap_from.map(|g| g as usize)
    }
}

/// A paragraph-local offset as a mark holds it.
fn local_offset(c: usize) -> u32 {
    u32::try_from(c).unwrap_or(u32::MAX)
}

/// What a mark is drawn from: the annotation's extent, its colour, and its pieces when it is
/// discontinuous.
type Item = (Span, [u8; 3], Option<Arc<[Span]>>);

#[derive(PartialEq, Clone, Copy)]
struct LayoutKey {
    width: u32,
    ppp: u32,
    font: u32,
    dark: bool,
}

pub struct ArticleView {
    text_hash: String,
    paras: Vec<Para>,
    layout_key: Option<LayoutKey>,
    /// Lines are laid out again when egui rebuilds its glyph atlas.
    atlas: layout::AtlasWatch,
    /// Laid out only once a paragraph is (nearly) visible; until then its height is estimated.
    laid: layout::LaidParas,
    heights: Vec<f32>,
    /// Font, colour, line height and wrap width of the current layout.
    style: Option<flow::Style>,
    tops: Vec<f32>,
    total_height: f32,
    /// The session revision `marks` was built for.
    marks_stamp: Option<Stamp>,
    marks: Vec<Vec<Mark>>,
    /// What `marks` was built from: where each annotation was, to move it after an edit.
    items: BTreeMap<MarkKind, Item>,
    /// Screen position of the text's top-left corner in the last frame.
    origin: Pos2,
    /// The drag in progress over the text.
    drag: input::Drag,
    /// Scroll so that this char is at the top on the next frame.
    pub scroll_to: Option<usize>,
    /// The first char visible in the last frame (saved with the session).
    pub first_visible: usize,
    pub font_size: f32,
    /// Char spans to highlight as search hits.
    pub hits: Vec<Span>,
    pub current_hit: Option<usize>,
}

impl Default for ArticleView {
    fn default() -> Self {
        Self {
            text_hash: String::new(),
            paras: Vec::new(),
            layout_key: None,
            atlas: Default::default(),
            laid: Default::default(),
            heights: Vec::new(),
            style: None,
            tops: Vec::new(),
            total_height: 0.0,
            marks_stamp: None,
            marks: Vec::new(),
            items: BTreeMap::new(),
            origin: Pos2::ZERO,
            drag: Default::default(),
            scroll_to: None,
            first_visible: 0,
            font_size: 17.0,
            hits: Vec::new(),
            current_hit: None,
        }
    }
}

const MARGIN: f32 = 16.0;

impl ArticleView {
    /// Forget all cached layout (a new document was opened).
    pub fn reset(&mut self) {
        let font_size = self.font_size;
        *self = Self {
            font_size,
            ..Self::default()
        };
    }

    /// Draw the visible text; returns what a click or drag asked for.
    pub fn show(&mut self, ui: &mut egui::Ui, input: ViewInput<'_>) -> Vec<Action> {
        let s = input.session;
        self.ensure_paragraphs(s);
        let width = (ui.available_width() - 2.0 * MARGIN).max(120.0);
        self.ensure_layout(ui, width);
        self.ensure_marks(s);
        let mut area = egui::ScrollArea::vertical()
            .id_salt("article-scroll")
            .auto_shrink([false, false]);
        if let Some(c) = self.scroll_to.take() {
            area = area.vertical_scroll_offset(self.offset_to_show(ui, s, c));
        }
        let mut events = Vec::new();
        area.show_viewport(ui, |ui, viewport| {
            let y0 = (viewport.min.y - MARGIN).max(0.0);
            self.layout_range(ui, s, y0, viewport.max.y + 200.0);
            let content = Rect::from_min_size(
                ui.max_rect().min,
                vec2(ui.available_width(), self.total_height + 2.0 * MARGIN),
            );
            let resp = ui.allocate_rect(content, Sense::click_and_drag());
            resp.widget_info(|| {
                let label = format!("Article text: {}", s.article.title);
                egui::WidgetInfo::labeled(egui::Role::Document, true, label)
            });
            self.origin = content.min + vec2(MARGIN, MARGIN);
            self.paint_visible(ui, &input, viewport);
            self.interact(ui, &resp, s, input.sel, &mut events);
        });
        events
    }

    /// The scroll offset that shows char `c` near the top.
    fn offset_to_show(&mut self, ui: &egui::Ui, s: &Session, c: usize) -> f32 {
        let i = self.para_of(c);
        // The target and what comes before it on screen need their real heights.
        let target_top = self.tops.get(i).copied().unwrap_or(0.0);
        self.layout_range(ui, s, (target_top - 200.0).max(0.0), target_top + 1.0);
        let row_y = self
            .laid
            .get(i)
            .and_then(|l| {
                let local = c.saturating_sub(self.paras[i].start);
                l.span_rects(local, local + 1).first().map(|r| r.min.y)
            })
            .unwrap_or(0.0);
        let y = self.tops.get(i).copied().unwrap_or(0.0) + row_y;
        (y - 60.0).max(0.0)
    }

    /// The article's title and text, with the selected event's arguments labelled by role.
    pub fn panel(&mut self, ui: &mut egui::Ui, doc: DocView<'_>, o: Overlays<'_>) -> Vec<Action> {
        let title = egui::RichText::new(&doc.session.article.title).heading();
        ui.label(crate::ui::bidi::text(ui, title));
        let (role_marks, nested) = role_marks(doc.session, &doc.sel);
        self.show(
            ui,
            ViewInput {
                session: doc.session,
                sel: &doc.sel,
                selected_entity: doc.selected_entity(),
                highlighted_events: &nested,
                role_marks: &role_marks,
                pieces: doc.pieces,
                suggestions: o.suggestions,
                focused_suggestion: o.focused_suggestion,
                differences: o.differences,
                focused_difference: o.focused_difference,
                longest_difference: o.longest_difference,
            },
        )
    }
}

/// For a selected event: the spans of its arguments with their role names, and the nested
/// events whose triggers should stand out.
fn role_marks(s: &Session, sel: &Sel) -> (Vec<(Span, String)>, Vec<EventId>) {
    let Some(ev) = sel.event().and_then(|id| s.events.get(&id)) else {
        return (vec![], vec![]);
    };
    let role_name = |r: &str| {
        s.schema
            .event_type(&ev.event_type)
            .and_then(|t| t.roles.iter().find(|x| x.id == r))
            .map(|x| x.name.clone())
            .unwrap_or_else(|| r.to_owned())
    };
    let mut marks = Vec::new();
    let mut nested = Vec::new();
    for a in &ev.arguments {
        let name = role_name(&a.role);
        match (a.filler, a.mention.and_then(|m| s.mentions.get(&m))) {
            (_, Some(m)) => marks.push((m.span, name)),
            (Filler::Entity(e), None) => {
                marks.extend(s.mentions_of(e).map(|m| (m.span, name.clone())));
            }
            (Filler::Event(e), None) => {
                nested.push(e);
                if let Some(t) = s.events.get(&e).and_then(|x| x.trigger) {
                    marks.push((t, name));
                }
            }
        }
    }
    (marks, nested)
}

/// How a mention reads to a screen reader and in its tooltip.
pub fn mention_label(s: &Session, m: &crate::model::Mention) -> String {
    let ty = s
        .schema
        .entity_type(&m.entity_type)
        .map(|t| t.name.as_str())
        .unwrap_or(&m.entity_type);
    let ent = s
        .entities
        .get(&m.entity)
        .map(|e| e.name.as_str())
        .unwrap_or("?");
    format!("{ty}: “{}” → {ent}", m.quote)
}
