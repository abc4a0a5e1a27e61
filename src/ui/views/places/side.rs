//! Beside the world map: the selected place (where it is and why, pin or clear it, its
//! sentences) and the places without coordinates, each with Pin.

use super::{Input, MAX_SENTENCES, PlaceKey, PlacesView};
use crate::analysis::geo::Located;
use crate::model::session::Selection;
use crate::model::{Command, EntityId};
use crate::ui::action::{Action, Sel};
use crate::ui::views::DocView;
use egui::{RichText, Sense, Ui};

impl PlacesView {
    /// The sentences of `e`'s mentions (the first [`MAX_SENTENCES`]), made once per edit.
    pub(super) fn collect_sentences(&mut self, e: EntityId, d: DocView<'_>) {
        let key = (e, d.session.changes.stamp().revision);
        if self.sentences_of == Some(key) {
            return;
        }
        let s = d.session;
        let sentences = crate::model::text::Sentences::new(&s.article.text);
        let mut mentions: Vec<_> = s.mentions_of(e).collect();
        mentions.sort_by_key(|m| m.span.start);
        self.sentences = mentions
            .into_iter()
            .take(MAX_SENTENCES)
            .map(|m| {
                let text = crate::io::project_index::sentence_of(s, &sentences, m.span);
                (m.id, m.span.start, text)
            })
            .collect();
        self.sentences_of = Some(key);
    }

    /// Beside the map: the selected place and its sentences, then the places to pin.
    pub(super) fn side(&mut self, ui: &mut Ui, input: &Input<'_>, out: &mut Vec<Action>) {
        if let Some(id) = self.pinning {
            let name = self
                .geo
                .place(&PlaceKey::Entity(id))
                .map_or("the place", |p| p.name.as_str());
            ui.label(RichText::new(format!("Click the map where {name} is.")).strong());
            ui.label(
                RichText::new(
                    "Or with the map focused: arrows move it under the cross, Enter pins.",
                )
                .weak(),
            );
            if ui.button("Stop pinning (Esc)").clicked() {
                self.pinning = None;
            }
            ui.separator();
        }
        let selected = input.doc.and_then(|d| d.selected_entity());
        if let (Some(e), Some(d)) = (selected, input.doc)
            && let Some(p) = self.geo.place(&PlaceKey::Entity(e)).cloned()
        {
            self.collect_sentences(e, d);
            self.selected(ui, &p, e, d, out);
            ui.separator();
        }
        let nowhere: Vec<(PlaceKey, String)> = self
            .geo
            .places
            .iter()
            .filter(|p| p.point.is_none())
            .map(|p| (p.key.clone(), p.name.clone()))
            .collect();
        ui.label(RichText::new(format!("Not on the map ({})", nowhere.len())).strong());
        if nowhere.is_empty() {
            let hint = if self.geo.places.is_empty() {
                "No places yet: annotate one (a country, a city, a facility) and it appears on the map."
            } else {
                "Every place has coordinates."
            };
            ui.label(RichText::new(hint).weak());
        }
        for (key, name) in nowhere {
            ui.horizontal(|ui| {
                if let PlaceKey::Entity(e) = key {
                    if ui
                        .small_button("Pin")
                        .on_hover_text(format!("Click the map where {name} is"))
                        .clicked()
                    {
                        self.start_pinning(e);
                    }
                    if ui.link(crate::ui::bidi::text(ui, name.as_str())).clicked() {
                        out.push(Action::PickEntity(e));
                    }
                } else {
                    ui.label(crate::ui::bidi::text(ui, name.as_str()));
                }
            });
        }
    }

    /// The selected place: where it is and why, pin or clear, its sentences.
    fn selected(
        &mut self,
        ui: &mut Ui,
        p: &crate::analysis::geo::Place,
        e: EntityId,
        d: DocView<'_>,
        out: &mut Vec<Action>,
    ) {
        ui.label(crate::ui::bidi::text(ui, RichText::new(&p.name).strong()));
        match p.point {
            Some(pt) => ui.label(format!("{pt}, {}", p.located.describe())),
            None => ui.label(RichText::new("No coordinates yet.").weak()),
        };
        ui.horizontal(|ui| {
            let again = if p.point.is_some() {
                "Move pin"
            } else {
                "Pin on the map"
            };
            if ui
                .button(again)
                .on_hover_text("Then click the map where it is")
                .clicked()
            {
                self.start_pinning(e);
            }
            if p.located == Located::Pin
                && ui
                    .button("Clear pin")
                    .on_hover_text("Back to the gazetteer's coordinates, if any")
                    .clicked()
            {
                out.extend(unpin(d, e));
            }
        });
        for (m, start, text) in &self.sentences {
            let resp = ui.add(egui::Label::new(text.as_str()).sense(Sense::click()).wrap());
            if resp.on_hover_text("Show it in the text").clicked() {
                out.push(Action::Reveal(Sel::Item(Selection::Mention(*m)), *start));
            }
        }
    }
}

/// Pin `id` at `at` (one edit); off the Earth says so.
pub(super) fn pin(
    doc: Option<DocView<'_>>,
    id: EntityId,
    at: Option<crate::model::geo::GeoPoint>,
) -> Vec<Action> {
    let Some(e) = doc.and_then(|d| d.session.entities.get(&id)) else {
        return Vec::new();
    };
    let Some(at) = at else {
        return vec![crate::ui::views::not_done(
            "that is off the map; click on the Earth to pin a place",
        )];
    };
    let mut e = e.clone();
    // To a metre or so: a click is no more precise, and the file stays readable.
    let round = |x: f64| (x * 1e5).round() / 1e5;
    e.pin = crate::model::geo::GeoPoint::new(round(at.lat), round(at.lon)).ok();
    vec![
        Action::Edit(Command::UpdateEntity(e.clone())),
        Action::Status(format!(
            "{} pinned at {at}; undo takes the pin back.",
            e.name
        )),
    ]
}

fn unpin(d: DocView<'_>, id: EntityId) -> Vec<Action> {
    let Some(e) = d.session.entities.get(&id) else {
        return Vec::new();
    };
    let mut e = e.clone();
    e.pin = None;
    vec![Action::Edit(Command::UpdateEntity(e))]
}
