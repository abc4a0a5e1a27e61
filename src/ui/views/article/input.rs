//! Clicks and drags in the text: words, exact characters, shift-extension, nested mentions.

use super::{ArticleView, MarkKind};
use crate::model::session::Selection;
use crate::model::{Session, Span};
use crate::ui::action::{Action, Sel};

impl ArticleView {
    pub(super) fn interact(
        &mut self,
        ui: &egui::Ui,
        resp: &egui::Response,
        s: &Session,
        sel: &Sel,
        events: &mut Vec<Action>,
    ) {
        let mods = ui.input(|i| i.modifiers);
        // Ctrl (⌘) adds a piece: the text selected so far is kept as one piece of a
        // discontinuous selection and the new words start the next.
        let piece = mods.command && matches!(sel, Sel::Text { .. });
        if resp.drag_started() {
            // Where the button went down, not where the pointer is once the drag is recognised.
            self.drag.anchor = ui
                .input(|i| i.pointer.press_origin())
                .or(resp.interact_pointer_pos())
                .and_then(|p| self.char_at(p));
            self.drag.base = if mods.shift { base_of(s, sel) } else { None };
            self.drag.piece = piece;
            if piece {
                events.push(Action::AddPiece);
            }
        }
        if resp.drag_stopped() && !resp.dragged() {
            self.drag.anchor = None;
        }
        if resp.dragged()
            && let (Some(a), Some(pos)) = (self.drag.anchor, resp.interact_pointer_pos())
            && let Some(c) = self.char_at(pos)
        {
            let ua = self
                .drag
                .base
                .or_else(|| self.unit(s, a, mods.alt))
                .unwrap_or(Span::new(a, a + 1));
            let uc = self.unit(s, c, mods.alt).unwrap_or(Span::new(c, c + 1));
            let span = Span::new(ua.start.min(uc.start), ua.end.max(uc.end));
            let sel = Sel::Text { anchor: ua, span };
            events.push(if self.drag.piece {
                Action::SelectPiece(sel)
            } else {
                Action::Pick(sel)
            });
            return;
        }
        if resp.clicked() {
            let c = resp.interact_pointer_pos().and_then(|p| self.char_at(p));
            events.extend(self.click(s, sel, c, mods, piece));
        }
    }

    /// The word at char `c`, or the char itself when `exact` (Alt held).
    fn unit(&self, s: &Session, c: usize, exact: bool) -> Option<Span> {
        if exact {
            Some(Span::new(c, c + 1))
        } else {
            self.word_at(s, c)
        }
    }

    /// A click on char `c` (None: beside the text) with these modifiers.
    fn click(
        &self,
        s: &Session,
        sel: &Sel,
        c: Option<usize>,
        mods: egui::Modifiers,
        piece: bool,
    ) -> Vec<Action> {
        let Some(c) = c else {
            return vec![Action::Pick(Sel::None)];
        };
        let exact = mods.alt;
        let unit = self.unit(s, c, exact);
        if piece && let Some(u) = unit {
            return vec![
                Action::AddPiece,
                Action::SelectPiece(Sel::Text { anchor: u, span: u }),
            ];
        }
        if mods.shift
            && let (Some(base), Some(u)) = (base_of(s, sel), unit)
        {
            let span = Span::new(base.start.min(u.start), base.end.max(u.end));
            return vec![Action::Pick(Sel::Text { anchor: base, span })];
        }
        // The innermost annotation under the pointer; clicking it again selects the word, so
        // nested mentions can be made inside existing ones.
        if !exact
            && let Some(item) = self.innermost_at(s, c)
            && *sel != Sel::Item(item)
        {
            return vec![Action::Pick(Sel::Item(item))];
        }
        vec![Action::Pick(match unit {
            Some(u) => Sel::Text { anchor: u, span: u },
            None => Sel::None,
        })]
    }
}

impl ArticleView {
    /// The shortest mention or trigger covering char `c`.
    fn innermost_at(&self, s: &Session, c: usize) -> Option<Selection> {
        let i = self.para_of(c);
        let local = c - self.paras[i].start;
        let mut best: Option<(usize, Selection)> = None;
        for m in self.marks[i]
            .iter()
            .filter(|m| m.start() <= local && local < m.end())
        {
            let (span, item) = match m.kind {
                MarkKind::Mention(id) => {
                    (s.mentions.get(&id).map(|x| x.span), Selection::Mention(id))
                }
                MarkKind::Trigger(id) => (
                    s.events.get(&id).and_then(|x| x.trigger),
                    Selection::Event(id),
                ),
            };
            if let Some(span) = span
                && best.is_none_or(|(len, _)| span.len() < len)
            {
                best = Some((span.len(), item));
            }
        }
        best.map(|(_, item)| item)
    }
}

/// What shift-click and shift-drag extend from: the selected text's anchor, or the selected
/// mention.
fn base_of(s: &Session, sel: &Sel) -> Option<Span> {
    match sel {
        Sel::Text { anchor, .. } => Some(*anchor),
        Sel::Item(Selection::Mention(m)) => s.mentions.get(m).map(|m| m.span),
        _ => None,
    }
}

/// A drag over the text: where it started, what it extends, whether it adds a piece.
#[derive(Default)]
pub(super) struct Drag {
    anchor: Option<usize>,
    /// A shift-drag extends the selection that was there when it started, from this span.
    base: Option<Span>,
    /// A Ctrl-drag selects a further piece of a discontinuous selection.
    piece: bool,
}
