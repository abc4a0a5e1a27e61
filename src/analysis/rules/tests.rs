//! The first pass's rules on sentences of news prose.

use super::*;
use crate::model::{Article, schema::presets};

fn found(text: &str) -> Vec<(String, String, String)> {
    let s = Session::new(Article::new("t", text), presets::default_schema());
    let mut v = suggestions(&s, &Lists::world());
    v.sort_by_key(|x| x.span.start);
    v.into_iter()
        .map(|x| {
            (
                x.text(&s.article).to_string(),
                x.entity_type.to_string(),
                x.name.to_string(),
            )
        })
        .collect()
}

fn people_of(text: &str) -> Vec<(String, String)> {
    found(text)
        .into_iter()
        .filter(|x| x.1 == "Person")
        .map(|x| (x.0, x.2))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[test]
fn titles_first_names_speech_and_appositions_make_people() {
    let v = people_of(
        "Halvern’s foreign minister Tomás Ibáñez accused the army. Prime Minister \
         Benjamin Netanyahu spoke. Kwame Mensah-Arthur met him. Abu Mahdi al-Muhandis \
         was killed. Zorblat Quennick said the talks failed. Ulfric Stormhand, the \
         commander of the unit, left.",
    );
    assert_eq!(
        v,
        [
            pair("Tomás Ibáñez", "Tomás Ibáñez"),
            pair("Benjamin Netanyahu", "Benjamin Netanyahu"),
            pair("Kwame Mensah-Arthur", "Kwame Mensah-Arthur"),
            pair("Abu Mahdi al-Muhandis", "Abu Mahdi al-Muhandis"),
            pair("Zorblat Quennick", "Zorblat Quennick"),
            pair("Ulfric Stormhand", "Ulfric Stormhand"),
        ]
    );
}

#[test]
fn a_bare_surname_goes_to_the_nearest_full_name_before_it() {
    let v = people_of(
        "Tomás Ibáñez arrived. Later, Ibáñez spoke. Ana Ibáñez, his sister, came. \
         Ibáñez wept. General Vronsky denied it; Oleksandr Vronsky is a general. \
         General Vronsky left. Ali Bagheri Kani came. Bagheri Kani, a hardliner, spoke.",
    );
    assert_eq!(
        v,
        [
            pair("Tomás Ibáñez", "Tomás Ibáñez"),
            pair("Ibáñez", "Tomás Ibáñez"),
            pair("Ana Ibáñez", "Ana Ibáñez"),
            pair("Ibáñez", "Ana Ibáñez"),
            // No full name before: the title makes "Vronsky" a person of its own.
            pair("Vronsky", "Vronsky"),
            pair("Oleksandr Vronsky", "Oleksandr Vronsky"),
            pair("Vronsky", "Oleksandr Vronsky"),
            pair("Ali Bagheri Kani", "Ali Bagheri Kani"),
            pair("Bagheri Kani", "Ali Bagheri Kani"),
        ]
    );
}

#[test]
fn initials_make_a_name_and_words_the_article_writes_in_lower_case_do_not() {
    let v = people_of(
        "J. K. Rowling wrote it. Open the Edit Annotation dialog to edit the annotation. \
         Later Rowling smiled.",
    );
    assert_eq!(
        v,
        [
            pair("J. K. Rowling", "J. K. Rowling"),
            pair("Rowling", "J. K. Rowling")
        ]
    );
}

#[test]
fn places_organisations_and_sentence_starts_are_not_people() {
    let v = people_of(
        "Washington said it would respond. The Halvern Ministry of Defence said so. \
         Police said two died. On Sunday the United Nations said it was worried. \
         President Washington spoke. Paris Hilton sang. The UN envoy left.",
    );
    assert_eq!(
        v,
        [
            pair("Washington", "Washington"),
            pair("Paris Hilton", "Paris Hilton")
        ]
    );
}

#[test]
fn dates_and_facilities_are_proposed_without_their_preposition() {
    let v = found(
        "On Sunday missiles hit Ain al-Asad air base. The strike at Baghdad \
         International Airport on 3 January 2020 killed him; last week talks failed.",
    );
    let of = |ty: &str| -> Vec<String> {
        v.iter()
            .filter(|x| x.1 == ty)
            .map(|x| x.0.clone())
            .collect()
    };
    assert_eq!(of("DateTime"), ["Sunday", "3 January 2020", "last week"]);
    assert_eq!(
        of("Facility"),
        ["Ain al-Asad air base", "Baghdad International Airport"]
    );
}

#[test]
fn offsets_are_chars_around_accents_emoji_and_crlf() {
    let text = "🔥 Ẓ\r\nSaid: President Ibáñez met Tomás Ibáñez’s aide.";
    let s = Session::new(Article::new("t", text), presets::default_schema());
    let mut got: Vec<(&str, String)> = suggestions(&s, &Lists::world())
        .iter()
        .map(|sg| (sg.text(&s.article), sg.name.to_string()))
        .collect();
    got.sort();
    // The words at each span are the name found there: its char offsets are right.
    let want = [("Ibáñez", "Ibáñez"), ("Tomás Ibáñez", "Tomás Ibáñez")];
    assert_eq!(got, want.map(|(t, n)| (t, n.to_owned())));
}
