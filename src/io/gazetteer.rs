//! Gazetteers: lists of names of things (countries, cities, organisations), each with a type, an
//! optional knowledge-base id and aliases. Dossier bundles one (`resources/gazetteer/world.tsv`,
//! built by `build.py` there from Wikidata, the CIA World Factbook and GeoNames); analysts add
//! their own as CSV or TSV with the same columns: `name, type, qid, aliases, lat, lon` (aliases
//! separated by `|` or `;`; coordinates in decimal degrees, optional; the header line is
//! optional).

use super::import::{ArticleKind, decode};
use std::path::Path;

/// The bundled list, parsed on first use.
const WORLD: &str = include_str!("../../resources/gazetteer/world.tsv");

/// Bigger than any real list of names; a file past it is refused before it is read.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// One named thing.
#[derive(Debug, Clone, PartialEq)]
pub struct GazEntry {
    pub name: String,
    pub entity_type: String,
    /// `Q796`, or another base's id with its prefix (`geonames:98182`).
    pub kb_id: Option<String>,
    pub aliases: Vec<String>,
    /// Where it is (columns five and six, `lat` and `lon`), for places.
    pub point: Option<crate::model::geo::GeoPoint>,
}

/// A parsed list and what was odd about it (not fatal: merged duplicates, skipped blanks).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gazetteer {
    /// Where it came from, for messages and the suggestion's source ("world", a file name).
    pub origin: String,
    pub entries: Vec<GazEntry>,
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazError {
    #[error("cannot read {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{path} is {size} bytes; a gazetteer may have at most {max} bytes")]
    TooLarge { path: String, size: u64, max: u64 },
    #[error("{path}: {why}")]
    Bad { path: String, why: String },
    #[error("{path}, line {line}: {why}")]
    Line {
        path: String,
        line: usize,
        why: String,
    },
}

/// The bundled world list.
pub fn world() -> &'static Gazetteer {
    static WORLD_LIST: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    WORLD_LIST.get_or_init(|| {
        // The bundled file is checked by a test; were it ever broken, no list beats a panic.
        parse(WORLD, "world").unwrap_or_default()
    })
}

/// Read a user's list from a file (any common encoding).
pub fn read(path: &Path) -> Result<Gazetteer, GazError> {
    let shown = path.display().to_string();
    let io = |cause| GazError::Io {
        path: shown.clone(),
        cause,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_BYTES {
        return Err(GazError::TooLarge {
            path: shown,
            size,
            max: MAX_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = decode(&bytes, ArticleKind::Text).map_err(|e| GazError::Bad {
        path: shown.clone(),
        why: e.to_string(),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or(shown);
    parse(&text, &name)
}

/// Parse CSV or TSV text (a tab in the first line means TSV).
pub fn parse(text: &str, origin: &str) -> Result<Gazetteer, GazError> {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let Some(first) = first else {
        return Err(GazError::Bad {
            path: origin.into(),
            why: "there are no names in it".into(),
        });
    };
    let tsv = first.contains('\t');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .quoting(!tsv)
        .from_reader(text.as_bytes());
    let mut out = Gazetteer {
        origin: origin.to_owned(),
        ..Default::default()
    };
    let mut seen: std::collections::HashMap<(String, String), (usize, usize)> = Default::default();
    // Line numbers from byte offsets: the csv reader's own skip blank lines.
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record.map_err(|e| GazError::Line {
            path: origin.into(),
            line: e
                .position()
                .map_or(0, |p| lines.at(text, p.byte() as usize)),
            why: e.to_string(),
        })?;
        let line = record
            .position()
            .map_or(0, |p| lines.at(text, p.byte() as usize));
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        if cell(0).eq_ignore_ascii_case("name") && cell(1).eq_ignore_ascii_case("type") {
            continue;
        }
        let entry = entry(&record, line, origin)?;
        let Some(entry) = entry else {
            continue;
        };
        let key = (entry.name.clone(), entry.entity_type.clone());
        if let Some(&(at, first_line)) = seen.get(&key) {
            out.warnings.push(format!(
                "line {line}: \u{201c}{}\u{201d} ({}) repeats line {first_line}; its aliases were merged",
                entry.name, entry.entity_type
            ));
            let target: &mut GazEntry = &mut out.entries[at];
            for a in entry.aliases {
                if !target.aliases.contains(&a) {
                    target.aliases.push(a);
                }
            }
            continue;
        }
        seen.insert(key, (out.entries.len(), line));
        out.entries.push(entry);
    }
    if out.entries.is_empty() {
        return Err(GazError::Bad {
            path: origin.into(),
            why: "there are no names in it".into(),
        });
    }
    Ok(out)
}

/// The line of a byte offset, counted on from the last one asked (offsets only grow).
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: usize,
}

impl LineCounter {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        let mut byte = byte.min(text.len());
        // A record "starts" at the blank lines before it.
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte < self.byte {
            *self = Self::default();
        }
        self.line += text.as_bytes()[self.byte..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.byte = byte;
        self.line + 1
    }
}

/// One row as an entry; `None` for a blank row.
fn entry(
    record: &csv::StringRecord,
    line: usize,
    origin: &str,
) -> Result<Option<GazEntry>, GazError> {
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let bad = |why: String| GazError::Line {
        path: origin.into(),
        line,
        why,
    };
    if record.iter().all(|c| c.trim().is_empty()) {
        return Ok(None);
    }
    let name = cell(0).split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(bad("the name (first column) is empty".into()));
    }
    if name.chars().any(char::is_control) {
        return Err(bad(format!(
            "the name \u{201c}{}\u{201d} has control characters",
            name.escape_debug()
        )));
    }
    let entity_type = cell(1);
    if entity_type.is_empty() {
        return Err(bad(format!(
            "\u{201c}{name}\u{201d} has no type (second column: Person, Organization, GPE, …)"
        )));
    }
    let kb_id = match cell(2) {
        "" => None,
        q if is_kb_id(q) => Some(q.to_owned()),
        q => {
            return Err(bad(format!(
                "\u{201c}{q}\u{201d} is not a knowledge-base id (third column: a Wikidata QID \
                 such as Q796, or prefix:id)"
            )));
        }
    };
    let aliases = cell(3)
        .split(['|', ';'])
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|a| !a.is_empty() && *a != name)
        .collect();
    let point = crate::model::geo::GeoPoint::parse_pair(cell(4), cell(5)).map_err(|why| {
        bad(format!(
            "\u{201c}{name}\u{201d}: {why} (columns lat and lon)"
        ))
    })?;
    Ok(Some(GazEntry {
        name,
        entity_type: entity_type.to_owned(),
        kb_id,
        aliases,
        point,
    }))
}

/// `Q123`, or `prefix:rest` with no spaces.
fn is_kb_id(q: &str) -> bool {
    let qid = q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit());
    let prefixed = q
        .split_once(':')
        .is_some_and(|(p, r)| !p.is_empty() && !r.is_empty() && !q.contains(char::is_whitespace));
    qid || prefixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_list_parses_and_has_what_news_needs() {
        let w = world();
        assert!(w.entries.len() > 1000, "{}", w.entries.len());
        assert!(
            w.warnings.is_empty(),
            "{:?}",
            &w.warnings[..w.warnings.len().min(5)]
        );
        let find = |n: &str| w.entries.iter().find(|e| e.name == n).unwrap();
        let iraq = find("Iraq");
        assert_eq!(iraq.kb_id.as_deref(), Some("Q796"));
        assert!(iraq.aliases.iter().any(|a| a == "Iraqi"));
        assert_eq!(find("United Nations").kb_id.as_deref(), Some("Q1065"));
        assert!(
            find("Baghdad")
                .kb_id
                .as_deref()
                .unwrap()
                .starts_with("geonames:")
        );
    }

    #[test]
    fn coordinates_are_read_and_broken_ones_name_their_line() {
        let g = parse("Kyiv,GPE,Q1899,Kiev,50.45,30.52\nLviv,GPE\n", "mine.csv").unwrap();
        let kyiv = g.entries[0].point.unwrap();
        assert_eq!((kyiv.lat, kyiv.lon), (50.45, 30.52));
        assert_eq!(g.entries[1].point, None);
        let e = parse("a,GPE,,,95,3\n", "x.csv").unwrap_err().to_string();
        assert_eq!(
            e,
            "x.csv, line 1: \u{201c}a\u{201d}: latitude 95 is outside −90..90 (columns lat and lon)"
        );
        let e = parse("a,GPE\nb,GPE,,,1,east\n", "x.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.csv, line 2: \u{201c}b\u{201d}: the longitude"),
            "{e}"
        );
    }

    /// Capitals sit where GeoNames puts them: the bundled list's coordinates of every capital
    /// that has an entry of its own are within 0.1° of GeoNames' (pyworldatlas' capital table,
    /// copied to `resources/geo/capitals.tsv` by `build.py`).
    #[test]
    fn capitals_are_within_a_tenth_of_a_degree_of_geonames() {
        let reference = include_str!("../../resources/geo/capitals.tsv");
        let w = world();
        let mut checked = 0;
        for line in reference.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            let (name, lat, lon): (&str, f64, f64) = (
                cells[0],
                cells[1].parse().unwrap(),
                cells[2].parse().unwrap(),
            );
            let Some(e) = w
                .entries
                .iter()
                .find(|e| e.name == name && e.entity_type == "GPE")
            else {
                continue;
            };
            // A city-state's one entry is the country (Singapore, Monaco): its point may be
            // anywhere inside it.
            if e.kb_id.as_deref().is_some_and(|q| q.starts_with('Q')) && cells[3] == "country" {
                continue;
            }
            let p = e
                .point
                .unwrap_or_else(|| panic!("{name} has no coordinates"));
            assert!(
                (p.lat - lat).abs() <= 0.1 && (p.lon - lon).abs() <= 0.1,
                "{name}: {p} in the list, {lat}, {lon} in GeoNames"
            );
            checked += 1;
        }
        assert!(checked > 150, "{checked}");
    }

    /// Every country's QID agrees with country-coder's (an npm package whose ids are
    /// Wikidata's; `resources/geo/reference-qids.tsv`, made by `resources/geo/build.py`): an
    /// entry named like a reference country carries that country's QID, and every reference
    /// country is in the list under its QID. Subdivisions, cities and organisations have no
    /// such reference; orgs.tsv is curated by hand.
    #[test]
    fn country_qids_agree_with_a_reference_package() {
        let reference = include_str!("../../resources/geo/reference-qids.tsv");
        let w = world();
        let by_qid: std::collections::HashMap<&str, &GazEntry> = w
            .entries
            .iter()
            .filter_map(|e| Some((e.kb_id.as_deref()?, e)))
            .collect();
        let mut missing = Vec::new();
        let mut wrong = Vec::new();
        let mut reference_names = std::collections::HashMap::new();
        for line in reference.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            let (qid, name) = (cells[1], cells[2]);
            reference_names.insert(name, qid);
            if !by_qid.contains_key(qid) {
                missing.push(format!("{name} {qid}"));
            }
        }
        for e in &w.entries {
            let (Some(q), Some(&want)) = (&e.kb_id, reference_names.get(e.name.as_str())) else {
                continue;
            };
            if q != want {
                wrong.push(format!(
                    "{} is {q} in the list, {want} in the reference",
                    e.name
                ));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        // A few reference territories are not in rigour's list (see the note in SOURCES.md).
        assert!(missing.len() <= 12, "{missing:#?}");
    }

    #[test]
    fn csv_and_tsv_with_or_without_a_header() {
        let csv = "name,type,qid,aliases\n\"Soleimani, Qasem\",Person,Q1399,Soleimani|Qassem Soleimani\n\
                   Kataib Hezbollah,Organization,,KH\n";
        let g = parse(csv, "mine.csv").unwrap();
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[0].name, "Soleimani, Qasem");
        assert_eq!(g.entries[0].aliases, ["Soleimani", "Qassem Soleimani"]);
        assert_eq!(g.entries[1].kb_id, None);
        let tsv = "Ibáñez\tPerson\t\tJ. Ibáñez; Ibanez\n";
        let g = parse(tsv, "mine.tsv").unwrap();
        assert_eq!(g.entries[0].aliases, ["J. Ibáñez", "Ibanez"]);
    }

    #[test]
    fn bad_rows_name_their_line_and_duplicates_merge_with_a_warning() {
        let e = parse("a,Person\n,Person\n", "x.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "x.csv, line 2: the name (first column) is empty");
        let e = parse("a,Person\n\nb\n", "x.csv").unwrap_err().to_string();
        assert!(
            e.starts_with("x.csv, line 3: \u{201c}b\u{201d} has no type"),
            "{e}"
        );
        let e = parse("a,Person,Paris\n", "x.csv").unwrap_err().to_string();
        assert!(
            e.contains("line 1: \u{201c}Paris\u{201d} is not a knowledge-base id"),
            "{e}"
        );
        // An unclosed quote reads to the end of the file (as spreadsheets do), not a panic.
        assert_eq!(
            parse("a,Person,Q1,\"open\n", "x.csv").unwrap().entries[0].aliases,
            ["open"]
        );
        let g = parse("a,Person,,x\nb,GPE\na,Person,,y\n", "x.csv").unwrap();
        assert_eq!(g.entries[0].aliases, ["x", "y"]);
        assert_eq!(g.warnings.len(), 1);
        assert!(g.warnings[0].starts_with("line 3:"), "{:?}", g.warnings);
        assert!(parse("# only a comment\n", "x.csv").is_err());
    }

    #[test]
    fn files_in_other_encodings_and_huge_files() {
        let dir = std::env::temp_dir().join(format!("dossier-gaz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // Latin-1 "Ibáñez" and a UTF-8 BOM both read as text.
        let latin1 = dir.join("latin1.csv");
        std::fs::write(&latin1, b"Ib\xe1\xf1ez,Person\n").unwrap();
        assert_eq!(read(&latin1).unwrap().entries[0].name, "Ibáñez");
        let bom = dir.join("bom.tsv");
        std::fs::write(&bom, "\u{feff}name\ttype\nKöln\tGPE\n").unwrap();
        assert_eq!(read(&bom).unwrap().entries[0].name, "Köln");
        let huge = dir.join("huge.csv");
        let f = std::fs::File::create(&huge).unwrap();
        f.set_len(MAX_BYTES + 1).unwrap();
        let e = read(&huge).unwrap_err().to_string();
        assert!(e.contains("a gazetteer may have at most"), "{e}");
        let binary = dir.join("bin.csv");
        std::fs::write(&binary, b"a\0b,c\n").unwrap();
        assert!(read(&binary).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
