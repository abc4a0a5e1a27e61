//! Every export format behind one path, used by the window and the command line alike. The text
//! formats are written by `io::export`; the map formats (GraphML, SVG) need the entity graph,
//! which lives in this layer, so the one path lives here too.

use super::gazetteer::Lists;
use super::graph::Graph;
use super::graphml;
use super::layout::Layout;
pub use crate::io::export::Written;
use crate::io::export::{events_csv, web_annotations, write_brat, write_text};
use crate::model::Session;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// brat standoff: `.txt`, `.ann` and `annotation.conf` (brat, INCEpTION).
    Brat,
    /// One row per event (spreadsheets).
    Csv,
    /// W3C Web Annotation JSON-LD (annotation stores).
    JsonLd,
    /// The entity map as GraphML (Gephi, yEd, networkx).
    GraphMl,
    /// A picture of the entity map.
    Svg,
    /// The same picture as PNG, at twice its size (for slides and documents).
    Png,
    /// A report someone reads without Dossier: one self-contained HTML file.
    Html,
    /// The places and events on the world map (QGIS, geojson.io).
    GeoJson,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Brat,
        Format::Csv,
        Format::JsonLd,
        Format::GraphMl,
        Format::Svg,
        Format::Png,
        Format::Html,
        Format::GeoJson,
    ];

    /// What the analyst reads in menus and messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Brat => "brat standoff",
            Format::Csv => "CSV event table",
            Format::JsonLd => "W3C Web Annotation JSON-LD",
            Format::GraphMl => "Map as GraphML",
            Format::Svg => "Map picture (SVG)",
            Format::Png => "Map picture (PNG)",
            Format::Html => "Report (HTML)",
            Format::GeoJson => "Places as GeoJSON",
        }
    }

    /// The file name extension of the (main) file written.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Brat => "ann",
            Format::Csv => "csv",
            Format::JsonLd => "jsonld",
            Format::GraphMl => "graphml",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Html => "html",
            Format::GeoJson => "geojson",
        }
    }

    /// The map formats draw the entity graph; the window passes the map as shown.
    pub fn is_map(self) -> bool {
        matches!(self, Format::GraphMl | Format::Svg | Format::Png)
    }

    /// Formats that are one text, which the command line can print instead of writing.
    pub fn is_one_file(self) -> bool {
        !matches!(self, Format::Brat | Format::Png)
    }
}

/// The map as the analyst arranged it (filters, pins, positions). Without one, a map format
/// draws the whole graph laid out afresh (pins kept), as the command line does.
#[derive(Clone, Copy)]
pub struct MapView<'a> {
    pub graph: &'a Graph,
    pub layout: &'a Layout,
}

/// A one-file format as text. brat is three files: use [`write`]. `lists` are the gazetteers
/// in use, which place the map's places.
pub fn render(
    s: &Session,
    format: Format,
    map: Option<MapView<'_>>,
    lists: &Lists,
) -> Result<String, String> {
    match format {
        Format::GeoJson => {
            let g = super::geo::of_session(s, lists);
            serde_json::to_string_pretty(&super::geo::geojson(&g)).map_err(|e| e.to_string())
        }
        Format::Brat => Err("a brat export is three files; give an output file".into()),
        Format::Png => Err("a PNG picture is not text; give an output file".into()),
        Format::Csv => events_csv(s).map_err(|e| format!("cannot write the CSV: {e}")),
        Format::JsonLd => {
            serde_json::to_string_pretty(&web_annotations(s)).map_err(|e| e.to_string())
        }
        Format::Html => Ok(super::report::html(
            s,
            map.map(|m| (m.graph, m.layout)),
            lists,
        )),
        Format::GraphMl | Format::Svg => {
            let fresh;
            let (g, layout) = match map {
                Some(m) => (m.graph, m.layout),
                None => {
                    fresh = graphml::laid_out(s);
                    (&fresh.0, &fresh.1)
                }
            };
            if format == Format::Svg {
                Ok(graphml::to_svg(s, g, layout))
            } else {
                graphml::to_graphml(s, g, Some(layout)).map_err(|e| e.to_string())
            }
        }
    }
}

/// Write an export to `out` (for brat: the `.ann`, or a folder; the `.txt` and
/// `annotation.conf` go beside it). An existing file is refused unless `force`. Atomic per file;
/// returns the files written and what the format could not hold.
pub fn write(
    s: &Session,
    format: Format,
    out: &Path,
    map: Option<MapView<'_>>,
    lists: &Lists,
    force: bool,
) -> Result<Written, String> {
    if format == Format::Brat {
        return write_brat(s, out, force);
    }
    crate::io::export::refuse_existing(out, force)?;
    if format == Format::Png {
        let svg = render(s, Format::Svg, map, lists)?;
        let png = super::png::from_svg(&svg, 2.0)?;
        crate::io::atomic::write_atomic(out, &png, false)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        return Ok(Written {
            files: vec![out.to_path_buf()],
            warnings: Vec::new(),
        });
    }
    let text = render(s, format, map, lists)?;
    write_text(out, &text)?;
    Ok(Written {
        files: vec![out.to_path_buf()],
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Span, schema::presets};

    fn session() -> Session {
        let mut s = Session::new(
            Article::new("t", "Ana Díaz met Bo Li in Oslo."),
            presets::default_schema(),
        );
        for (a, b, t) in [(0, 8, "Person"), (13, 18, "Person"), (22, 26, "GPE")] {
            let cmd = s.cmd_annotate(Span::new(a, b), t).unwrap();
            s.apply(cmd).unwrap();
        }
        let (_, cmd) = s.cmd_add_event("CONSULT", Some(Span::new(9, 12))).unwrap();
        s.apply(cmd).unwrap();
        s
    }

    #[test]
    fn every_format_writes_where_asked() {
        let s = session();
        let dir = tempfile::tempdir().unwrap();
        for f in Format::ALL {
            let out = dir.path().join(format!("x.{}", f.extension()));
            let w = write(&s, f, &out, None, &Lists::world(), false).unwrap();
            assert!(w.files.contains(&out), "{f:?}: {:?}", w.files);
            if f == Format::Png {
                let png = std::fs::read(&out).unwrap();
                assert!(png.starts_with(b"\x89PNG"), "{f:?}");
                continue;
            }
            let text = std::fs::read_to_string(&out).unwrap();
            let expect = match f {
                Format::Csv => "Consult",
                Format::GeoJson => "Oslo",
                _ => "Díaz",
            };
            assert!(text.contains(expect), "{f:?} lost {expect}:\n{text}");
        }
        let svg = std::fs::read_to_string(dir.path().join("x.svg")).unwrap();
        assert!(svg.starts_with("<svg") || svg.contains("<svg"), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3, "one node per entity");
    }

    #[test]
    fn brat_cannot_be_one_text_and_a_bad_folder_is_named() {
        let s = session();
        assert!(render(&s, Format::Brat, None, &Lists::world()).is_err());
        let e = write(
            &s,
            Format::Csv,
            Path::new("/no/such/folder/x.csv"),
            None,
            &Lists::world(),
            false,
        )
        .unwrap_err();
        assert!(e.contains("/no/such/folder/x.csv"), "{e}");
    }
}
