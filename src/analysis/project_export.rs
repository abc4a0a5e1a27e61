//! Exports of a whole project: the CSV event table with an article column, one JSON-LD list of
//! every article's annotations, and brat (a `.txt`/`.ann` pair per article beside one
//! `annotation.conf`), and the project map (registry entries linked by the events and relations of
//! every article, the most connected first) as GraphML or a picture.

use super::export::Format;
use crate::io::export::{
    CSV_HEADER, Written, events_csv, refuse_existing, web_annotations, write_brat, write_text,
};
use crate::model::Session;
use crate::model::project::Project;
use std::path::Path;

/// Every readable article's session, with its file; the unreadable ones as warnings.
fn sessions(dir: &Path, p: &Project, warnings: &mut Vec<String>) -> Vec<(String, Session)> {
    let mut out = Vec::new();
    for a in &p.articles {
        match crate::io::load_session(&dir.join(&a.file)) {
            Ok((s, _)) => out.push((a.file.clone(), s)),
            Err(e) => warnings.push(format!("{} left out: {e}", a.file)),
        }
    }
    out
}

/// Write the project in `dir` as `format` to `out` (a folder for brat).
pub fn export(
    dir: &Path,
    p: &Project,
    format: Format,
    out: &Path,
    force: bool,
) -> Result<Written, String> {
    let mut warnings = Vec::new();
    match format {
        Format::Csv | Format::JsonLd => {
            refuse_existing(out, force)?;
            let all = sessions(dir, p, &mut warnings);
            let text = if format == Format::Csv {
                csv(&all)?
            } else {
                jsonld(&all)?
            };
            write_text(out, &text)?;
            Ok(Written {
                files: vec![out.to_path_buf()],
                warnings,
            })
        }
        Format::Brat => {
            std::fs::create_dir_all(out)
                .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
            let mut files = Vec::new();
            for (file, s) in sessions(dir, p, &mut warnings) {
                let stem = Path::new(&file)
                    .file_stem()
                    .map_or_else(|| "article".into(), |n| n.to_string_lossy().into_owned());
                let w = write_brat(&s, &out.join(format!("{stem}.ann")), force)?;
                files.extend(w.files);
                warnings.extend(w.warnings);
            }
            files.sort();
            files.dedup();
            Ok(Written { files, warnings })
        }
        Format::Html => {
            refuse_existing(out, force)?;
            write_text(out, &super::report::project_html(p, &index_of(dir, p)))?;
            Ok(Written {
                files: vec![out.to_path_buf()],
                warnings,
            })
        }
        Format::GraphMl | Format::Svg | Format::Png => map(dir, p, format, out, force),
        Format::GeoJson => {
            refuse_existing(out, force)?;
            let lists = super::gazetteer::Lists::world();
            let filter = super::project_views::Filter::default();
            let g = super::geo::of_project(p, index_of(dir, p).iter(), &filter, &lists);
            let text = serde_json::to_string_pretty(&super::geo::geojson(&g))
                .map_err(|e| e.to_string())?;
            write_text(out, &text)?;
            Ok(Written {
                files: vec![out.to_path_buf()],
                warnings,
            })
        }
    }
}

/// Every article's index entry (from the cache where it is current).
fn index_of(dir: &Path, p: &Project) -> Vec<crate::io::project_index::ArticleIndex> {
    let progress = crate::io::progress::Ticker::default();
    crate::io::project_index::build(dir, p, &progress).unwrap_or_default()
}

/// The project map (registry entries linked by every article's events and relations).
fn map(
    dir: &Path,
    p: &Project,
    format: Format,
    out: &Path,
    force: bool,
) -> Result<Written, String> {
    let mut warnings = Vec::new();

    refuse_existing(out, force)?;
    let index = index_of(dir, p);
    let f = super::project_views::Filter::default();
    let g = super::project_views::project_graph(p, index.iter(), &f);
    if g.entries.is_empty() {
        return Err("the project map is empty: no event or relation links two registry entries yet (link entities to the registry first)".into());
    }
    let (graph, layout) = super::graphml::laid_out(&g.session);
    match format {
        Format::GraphMl => {
            let text = super::graphml::to_graphml(&g.session, &graph, Some(&layout))
                .map_err(|e| e.to_string())?;
            write_text(out, &text)?;
        }
        Format::Svg => {
            write_text(out, &super::graphml::to_svg(&g.session, &graph, &layout))?;
        }
        _ => {
            let svg = super::graphml::to_svg(&g.session, &graph, &layout);
            let png = super::png::from_svg(&svg, 2.0)?;
            std::fs::write(out, png).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        }
    }
    if g.connected > g.entries.len() {
        warnings.push(format!(
            "the map holds the {} most connected of {} linked registry entries",
            g.entries.len(),
            g.connected
        ));
    }
    Ok(Written {
        files: vec![out.to_path_buf()],
        warnings,
    })
}

/// The articles' event tables, each row after its article's file.
fn csv(all: &[(String, Session)]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(std::iter::once("article").chain(CSV_HEADER))
        .map_err(|e| e.to_string())?;
    for (file, s) in all {
        let text = events_csv(s).map_err(|e| e.to_string())?;
        let mut r = csv::Reader::from_reader(text.as_bytes());
        for rec in r.records() {
            let rec = rec.map_err(|e| e.to_string())?;
            w.write_record(std::iter::once(file.as_str()).chain(rec.iter()))
                .map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Each article's annotation collection, in one JSON array.
fn jsonld(all: &[(String, Session)]) -> Result<String, String> {
    let v: Vec<serde_json::Value> = all.iter().map(|(_, s)| web_annotations(s)).collect();
    serde_json::to_string_pretty(&v).map_err(|e| e.to_string())
}
