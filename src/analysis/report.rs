//! The HTML report: one self-contained file someone reads without Dossier. Title and source, the
//! article with its annotated spans and a legend, the entity and event tables, the map and the
//! timeline as inline SVG, and print CSS so that a browser's Print gives a clean PDF. No script,
//! no external request (the only links go to Wikidata items), every text escaped.
//!
//! The article is cut at every mention and trigger boundary; each piece that is annotated is a
//! `<mark>` with `data-start`/`data-end` (chars of the article) around exactly that text, the
//! innermost mention's color as its background and its outer ones as underlines.

use super::graph::Graph;
use super::layout::Layout;
use super::timeline::{self as tl, Lanes};
use crate::io::project_index::ArticleIndex;
use crate::model::Session;
use crate::model::project::Project;
use crate::model::summary::event_rows;
use crate::model::words::count;
use std::fmt::Write as _;

/// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

const CSS: &str = "
body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.55}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2.2rem}
.meta{color:#666;font-size:.9rem}.legend span{display:inline-block;margin:0 .8rem .3rem 0;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;border-radius:.2rem;vertical-align:-.1rem;margin-right:.3rem}
.article p{margin:.7rem 0;white-space:pre-wrap}mark{color:inherit;border-radius:.15rem;padding:0 .05rem}
mark.trigger{background:none;border:1px dashed #c33}mark.outer{box-shadow:inset 0 -2px 0 #888}
table{border-collapse:collapse;width:100%;font-size:.9rem;font-family:system-ui,sans-serif}
th,td{border-bottom:1px solid #ddd;text-align:left;padding:.3rem .4rem;vertical-align:top}th{background:#f4f4f4}
.sentence{color:#555;font-style:italic}figure{margin:1rem 0}svg{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}tr,figure{break-inside:avoid}
mark,.legend i{print-color-adjust:exact;-webkit-print-color-adjust:exact}a{color:inherit;text-decoration:none}}
";

/// The report of one session; the map drawn from `map` when given (as shown in the window),
/// else laid out afresh.
pub fn html(
    s: &Session,
    map: Option<(&Graph, &Layout)>,
    lists: &crate::analysis::gazetteer::Lists,
) -> String {
    let mut out = String::with_capacity(s.article.text.len() * 3 + 20_000);
    let title = escape(&s.article.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"generator\" content=\"Dossier\"><style>{CSS}</style></head><body>\n",
        escape(s.article.lang.as_deref().unwrap_or("en"))
    );
    header(&mut out, s);
    legend(&mut out, s);
    article(&mut out, s);
    entities(&mut out, s);
    events(&mut out, s);
    out.push_str("<section id=\"map\"><h2>Map</h2><figure>");
    let fresh;
    let (g, layout) = match map {
        Some(m) => m,
        None => {
            fresh = super::graphml::laid_out(s);
            (&fresh.0, &fresh.1)
        }
    };
    // Inline SVG needs no namespace: without it the file names no address at all.
    out.push_str(&super::graphml::to_svg(s, g, layout).replacen(
        " xmlns=\"http://www.w3.org/2000/svg\"",
        "",
        1,
    ));
    out.push_str("</figure></section>\n");
    places(&mut out, &super::geo::of_session(s, lists), &s.schema);
    timeline(&mut out, s);
    let _ = write!(
        out,
        "<footer class=\"meta\"><p>{}Made with Dossier.</p></footer>\n</body></html>\n",
        annotated_by(s)
    );
    out
}

/// The places on a world map fitted to them, and the places it could not put there.
fn places(out: &mut String, g: &super::geo::Geo, schema: &crate::model::Schema) {
    if g.places.is_empty() {
        return;
    }
    out.push_str("<section id=\"places\"><h2>Places</h2><figure>");
    let (w, h) = (900.0, 460.0);
    let frame = super::geo::Frame::fit(g.places.iter().filter_map(|p| p.point), w, h);
    out.push_str(&super::geo::svg(g, schema, &frame, w, h).replacen(
        " xmlns=\"http://www.w3.org/2000/svg\"",
        "",
        1,
    ));
    out.push_str("</figure>");
    let nowhere: Vec<String> = g
        .places
        .iter()
        .filter(|p| p.point.is_none())
        .map(|p| escape(&p.name))
        .collect();
    if !nowhere.is_empty() {
        let _ = write!(
            out,
            "<p class=\"meta\">Not on the map (no coordinates): {}.</p>",
            nowhere.join(", ")
        );
    }
    out.push_str("</section>\n");
}

/// "Annotated by Rita Analyst (20, last on 2026-11-29) and B. Analyst (4, …). ", or nothing
/// when no annotation carries a name.
fn annotated_by(s: &Session) -> String {
    let who: Vec<String> = s
        .annotators()
        .into_iter()
        .map(|(name, n, last)| {
            let day = jiff::Timestamp::from_second(last as i64)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default();
            format!("{} ({n}, last on {day})", escape(&name))
        })
        .collect();
    match who.split_last() {
        None => String::new(),
        Some((last, [])) => format!("Annotated by {last}. "),
        Some((last, rest)) => format!("Annotated by {} and {last}. ", rest.join(", ")),
    }
}

fn header(out: &mut String, s: &Session) {
    let a = &s.article;
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"meta\">",
        escape(&a.title)
    );
    let mut facts: Vec<String> = Vec::new();
    for v in [&a.byline, &a.site, &a.published].into_iter().flatten() {
        facts.push(escape(v));
    }
    // The address as text: the report makes no request and sends no reader elsewhere.
    if let Some(u) = a.url.as_deref().or(a.source.as_deref()) {
        facts.push(format!("source: {}", escape(u)));
    }
    out.push_str(&facts.join(" · "));
    let _ = writeln!(
        out,
        "</p><p class=\"meta\">{} of {}, {}, {}.</p></header>",
        count(s.mentions.len(), "mention"),
        count(s.entities.len(), "entity"),
        count(s.events.len(), "event"),
        count(s.relations.len(), "relation")
    );
}

fn legend(out: &mut String, s: &Session) {
    out.push_str("<p class=\"legend\" id=\"legend\">");
    let used = |id: &str| s.mentions.values().any(|m| m.entity_type == id);
    for t in s.schema.entity_types.iter().filter(|t| used(&t.id)) {
        let _ = write!(
            out,
            "<span><i style=\"background:{}\"></i>{}</span>",
            hex(t.color.0),
            escape(&t.name)
        );
    }
    out.push_str("<span><i style=\"border:1px dashed #c33\"></i>event trigger</span></p>\n");
}

/// One piece of the article between two boundaries, and what covers it.
struct Piece {
    start: usize,
    end: usize,
    /// (length, color, label) of the mentions covering it, innermost first.
    mentions: Vec<(usize, [u8; 3], String)>,
    trigger: bool,
}

fn pieces(s: &Session) -> Vec<Piece> {
    let n = s.article.char_len();
    let mut cuts = vec![0, n];
    let spans: Vec<(usize, usize, [u8; 3], String)> = s
        .mentions
        .values()
        .map(|m| {
            let color = s
                .schema
                .entity_type(&m.entity_type)
                .map_or([200, 200, 200], |t| t.color.0);
            let name = s.entities.get(&m.entity).map_or("", |e| e.name.as_str());
            (
                m.span.start,
                m.span.end,
                color,
                format!("{}: {name}", m.entity_type),
            )
        })
        .collect();
    let triggers: Vec<(usize, usize)> = s
        .events
        .values()
        .flat_map(crate::model::Event::trigger_pieces)
        .map(|t| (t.start, t.end))
        .collect();
    for (a, b, ..) in &spans {
        cuts.extend([*a, *b]);
    }
    for (a, b) in &triggers {
        cuts.extend([*a, *b]);
    }
    cuts.retain(|c| *c <= n);
    cuts.sort_unstable();
    cuts.dedup();
    // A sweep along the cuts: what starts at a cut joins the active spans, what ends leaves.
    let mut starts: Vec<usize> = (0..spans.len()).collect();
    starts.sort_by_key(|&i| spans[i].0);
    let mut t_starts: Vec<usize> = (0..triggers.len()).collect();
    t_starts.sort_by_key(|&i| triggers[i].0);
    let (mut next, mut t_next) = (0, 0);
    let (mut active, mut t_active): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(cuts.len());
    for w in cuts.windows(2) {
        let (start, end) = (w[0], w[1]);
        active.retain(|&i| spans[i].1 > start);
        t_active.retain(|&i| triggers[i].1 > start);
        while next < starts.len() && spans[starts[next]].0 <= start {
            if spans[starts[next]].1 > start {
                active.push(starts[next]);
            }
            next += 1;
        }
        while t_next < t_starts.len() && triggers[t_starts[t_next]].0 <= start {
            if triggers[t_starts[t_next]].1 > start {
                t_active.push(t_starts[t_next]);
            }
            t_next += 1;
        }
        let mut mentions: Vec<(usize, [u8; 3], String)> = active
            .iter()
            .filter(|&&i| spans[i].1 >= end)
            .map(|&i| (spans[i].1 - spans[i].0, spans[i].2, spans[i].3.clone()))
            .collect();
        mentions.sort_by_key(|m| m.0);
        let trigger = t_active.iter().any(|&i| triggers[i].1 >= end);
        out.push(Piece {
            start,
            end,
            mentions,
            trigger,
        });
    }
    out
}

fn article(out: &mut String, s: &Session) {
    out.push_str("<section id=\"article\" class=\"article\"><h2>Article</h2>\n<p>");
    for p in pieces(s) {
        let Some(text) = s.article.slice(crate::model::Span::new(p.start, p.end)) else {
            continue;
        };
        // Paragraphs stay paragraphs; a piece across a paragraph break is cut there.
        let parts: Vec<&str> = text.split("\n\n").collect();
        let mut at = p.start;
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                out.push_str("</p>\n<p>");
                at += 2;
            }
            let len = part.chars().count();
            let body = escape(part);
            if len == 0 {
                continue;
            }
            if p.mentions.is_empty() && !p.trigger {
                out.push_str(&body);
            } else {
                let mut class = Vec::new();
                if p.trigger {
                    class.push("trigger");
                }
                if p.mentions.len() > 1 {
                    class.push("outer");
                }
                let style = p.mentions.first().map_or(String::new(), |m| {
                    format!(" style=\"background:{}55\"", hex(m.1))
                });
                let title: Vec<String> = p.mentions.iter().map(|m| m.2.clone()).collect();
                let _ = write!(
                    out,
                    "<mark data-start=\"{at}\" data-end=\"{}\" class=\"{}\"{style} title=\"{}\">{body}</mark>",
                    at + len,
                    class.join(" "),
                    escape(&title.join("; "))
                );
            }
            at += len;
        }
    }
    out.push_str("</p></section>\n");
}

fn entities(out: &mut String, s: &Session) {
    out.push_str("<section id=\"entities\"><h2>Entities</h2><table><thead><tr><th>Type</th><th>Name</th><th>Also</th><th>KB id</th><th>Mentions</th></tr></thead><tbody>\n");
    let mut counts: std::collections::HashMap<crate::model::EntityId, usize> = Default::default();
    for m in s.mentions.values() {
        *counts.entry(m.entity).or_default() += 1;
    }
    let mut ents: Vec<_> = s.entities.values().collect();
    ents.sort_by(|a, b| {
        (&a.entity_type, a.name.to_lowercase()).cmp(&(&b.entity_type, b.name.to_lowercase()))
    });
    for e in ents {
        let ty = s
            .schema
            .entity_type(&e.entity_type)
            .map_or(e.entity_type.as_str(), |t| t.name.as_str());
        let kb = kb_link(e.kb_id.as_deref());
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{kb}</td><td>{}</td></tr>",
            escape(ty),
            escape(&e.name),
            escape(&e.aliases.join(", ")),
            counts.get(&e.id).copied().unwrap_or(0)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn events(out: &mut String, s: &Session) {
    out.push_str("<section id=\"events\"><h2>Events</h2><table><thead><tr><th>What</th><th>Who</th><th>Whom</th><th>Where</th><th>When</th><th>Grading</th><th>Sentence</th></tr></thead><tbody>\n");
    let sentences = crate::model::text::Sentences::new(&s.article.text);
    for r in event_rows(s) {
        let at = r.trigger_start.and_then(|c| s.article.byte_of(c));
        let sentence = at.map(|b| sentences.containing(b)).unwrap_or_default();
        let grading = r.grading.map(|g| g.to_string()).unwrap_or_default();
        let what = if r.trigger.is_empty() {
            r.type_name.clone()
        } else {
            format!("{} “{}”", r.type_name, r.trigger)
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"sentence\">{}</td></tr>",
            escape(&what),
            escape(&r.actors.join(", ")),
            escape(&r.recipients.join(", ")),
            escape(&r.places.join(", ")),
            escape(&r.when()),
            escape(&grading),
            escape(&sentence)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// The timeline as inline SVG: lanes by event type, points and spans on a day axis.
fn timeline(out: &mut String, s: &Session) {
    let items = tl::items_of(s);
    let (lanes, undated) = tl::lanes(&items, Lanes::ByType);
    out.push_str("<section id=\"timeline\"><h2>Timeline</h2>");
    let Some((a, b)) = tl::extent(&items) else {
        out.push_str("<p class=\"meta\">No event has a date.</p></section>\n");
        return;
    };
    let (w, gutter, lane) = (900.0_f64, 150.0_f64, 26.0_f64);
    let (from, span) = (a as f64 - 1.0, (b - a) as f64 + 3.0);
    let x = |d: f64| gutter + (d - from) / span * (w - gutter - 10.0);
    let h = 30.0 + lanes.len() as f64 * lane;
    let _ = write!(
        out,
        "<figure><svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"11\">"
    );
    for (n, label) in tl::ticks(from, from + span, (w - gutter) as f32, 90.0) {
        let xx = x(n as f64);
        if xx > w - 70.0 {
            continue;
        }
        let _ = write!(
            out,
            "<line x1=\"{xx:.1}\" y1=\"18\" x2=\"{xx:.1}\" y2=\"{h}\" stroke=\"#eee\"/><text x=\"{:.1}\" y=\"12\" fill=\"#777\">{}</text>",
            xx + 2.0,
            escape(&label)
        );
    }
    for (row, l) in lanes.iter().enumerate() {
        let y = 22.0 + row as f64 * lane;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" fill=\"#333\">{}</text>",
            y + lane / 2.0 + 4.0,
            escape(&l.name)
        );
        for &i in &l.items {
            let it = &items[i];
            let Some((d0, d1)) = it.days else { continue };
            let label = escape(&format!("{} — {}", it.label, it.when));
            if it.is_point() {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#4e79a7\"><title>{label}</title></circle>",
                    x(d0 as f64 + 0.5),
                    y + lane / 2.0
                );
            } else {
                let (x0, x1) = (x(d0 as f64), x(d1 as f64 + 1.0));
                let _ = write!(
                    out,
                    "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" rx=\"3\" fill=\"#4e79a7\" fill-opacity=\".45\"><title>{label}</title></rect>",
                    y + lane / 2.0 - 5.0,
                    (x1 - x0).max(3.0)
                );
            }
        }
    }
    out.push_str("</svg></figure>");
    if !undated.items.is_empty() {
        let names: Vec<String> = undated
            .items
            .iter()
            .map(|&i| escape(&items[i].label))
            .collect();
        let _ = write!(out, "<p class=\"meta\">Undated: {}.</p>", names.join("; "));
    }
    out.push_str("</section>\n");
}

/// A check used by the tests and by anyone who doubts a report: the `data-start`/`data-end` of
/// every mark, with its text (entities decoded by the parser).
pub fn marks_of(html_text: &str) -> Vec<(usize, usize, String)> {
    let doc = scraper::Html::parse_document(html_text);
    let Ok(sel) = scraper::Selector::parse("mark") else {
        return Vec::new();
    };
    doc.select(&sel)
        .filter_map(|m| {
            let a = m.value().attr("data-start")?.parse().ok()?;
            let b = m.value().attr("data-end")?.parse().ok()?;
            Some((a, b, m.text().collect::<String>()))
        })
        .collect()
}

/// The report of a project: its articles, the registry (who appears where), every article's
/// events by date and the project map. Built from the project index.
pub fn project_html(p: &Project, index: &[ArticleIndex]) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title><meta name=\"generator\" content=\"Dossier\"><style>{CSS}</style></head><body>\n<header><h1>{0}</h1><p class=\"meta\">{1} articles, {2} registry entries.</p></header>\n",
        escape(&p.name),
        p.articles.len(),
        p.registry.live().count()
    );
    project_articles(&mut out, p, index);
    who_where(&mut out, p, index);
    project_events(&mut out, p, index);
    project_map(&mut out, p, index);
    let lists = super::gazetteer::Lists::world();
    let filter = super::project_views::Filter::default();
    let g = super::geo::of_project(p, index.iter(), &filter, &lists);
    places(&mut out, &g, &p.schema);
    out.push_str("<footer class=\"meta\"><p>Made with Dossier.</p></footer>\n</body></html>\n");
    out
}

fn project_articles(out: &mut String, p: &Project, index: &[ArticleIndex]) {
    out.push_str("<section id=\"articles\"><h2>Articles</h2><table><thead><tr><th>Title</th><th>Published</th><th>Source</th><th>Status</th><th>Mentions</th><th>Events</th></tr></thead><tbody>\n");
    for a in &p.articles {
        let c = index
            .iter()
            .find(|x| x.file == a.file)
            .map_or(a.counts, |x| x.counts);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.title),
            escape(a.published.as_deref().unwrap_or("")),
            escape(a.source.as_deref().unwrap_or("")),
            a.status.name(),
            c.mentions,
            c.events
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// A link for a Wikidata QID; any other KB id as text.
fn kb_link(kb: Option<&str>) -> String {
    match kb {
        // Only a well-formed QID becomes a link, and only to Wikidata.
        Some(q)
            if q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("<a href=\"https://www.wikidata.org/wiki/{q}\">{q}</a>")
        }
        Some(other) => escape(other),
        None => String::new(),
    }
}

/// The registry entries in most articles first (500 at most), with the articles.
fn who_where(out: &mut String, p: &Project, index: &[ArticleIndex]) {
    out.push_str("<section id=\"registry\"><h2>Who appears where</h2><table><thead><tr><th>Name</th><th>Type</th><th>KB id</th><th>Articles</th></tr></thead><tbody>\n");
    let mut seen: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for a in index {
        for e in &a.entities {
            if let Some(r) = e.registry.as_deref().and_then(|r| p.registry.resolve(r)) {
                seen.entry(r.id.as_str())
                    .or_default()
                    .insert(a.title.as_str());
            }
        }
    }
    let mut entries: Vec<_> = p
        .registry
        .live()
        .filter(|e| seen.contains_key(e.id.as_str()))
        .collect();
    entries.sort_by_key(|e| {
        std::cmp::Reverse(
            seen.get(e.id.as_str())
                .map_or(0, std::collections::BTreeSet::len),
        )
    });
    for e in entries.iter().take(500) {
        let arts: Vec<&str> = seen
            .get(e.id.as_str())
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&e.name),
            escape(&e.entity_type),
            kb_link(e.kb_id.as_deref()),
            escape(&arts.join("; "))
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn project_events(out: &mut String, p: &Project, index: &[ArticleIndex]) {
    use super::project_views::{Filter, event_rows};
    out.push_str("<section id=\"events\"><h2>Events</h2><table><thead><tr><th>When</th><th>What</th><th>Who</th><th>Article</th></tr></thead><tbody>\n");
    for r in event_rows(p, index.iter(), &Filter::default())
        .iter()
        .take(5000)
    {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(r.date.as_deref().unwrap_or("undated")),
            escape(&r.label),
            escape(&r.args.join(", ")),
            escape(&r.title)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn project_map(out: &mut String, p: &Project, index: &[ArticleIndex]) {
    use super::project_views::{Filter, project_graph};
    out.push_str("<section id=\"map\"><h2>Map</h2><figure>");
    let g = project_graph(p, index.iter(), &Filter::default());
    if g.entries.is_empty() {
        out.push_str("<p class=\"meta\">No event or relation links two registry entries yet.</p>");
    } else {
        let (graph, layout) = super::graphml::laid_out(&g.session);
        out.push_str(&inline_svg(&super::graphml::to_svg(
            &g.session, &graph, &layout,
        )));
    }
    out.push_str("</figure></section>\n");
}

/// An SVG inside HTML needs no namespace: without it the file names no address at all.
fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}
