//! The world map's country outlines: Natural Earth 1:110m, bundled as text
//! (`resources/geo/countries.tsv`, made by `resources/geo/build.py`): one polygon a line, its
//! ISO numeric code, the country's name, then its rings (outer first, holes after), each
//! "lon,lat lon,lat …" (a ring crossing the antimeridian goes on past 180°).

const COUNTRIES: &str = include_str!("../../resources/geo/countries.tsv");

/// One polygon of a country.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub name: String,
    /// The outer ring first, then holes; points as (lon, lat) in degrees.
    pub rings: Vec<Vec<[f32; 2]>>,
}

/// The bundled outlines, parsed on first use.
pub fn countries() -> &'static [Polygon] {
    static PARSED: std::sync::OnceLock<Vec<Polygon>> = std::sync::OnceLock::new();
    // The bundled file is checked by a test; were it ever broken, an empty map beats a panic.
    PARSED.get_or_init(|| parse(COUNTRIES).unwrap_or_default())
}

/// Parse outlines in the bundled format; an error names the line.
pub fn parse(text: &str) -> Result<Vec<Polygon>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cells = line.split('\t');
        let (_id, name) = (cells.next(), cells.next().unwrap_or(""));
        let rings = cells
            .map(|ring| {
                ring.split(' ')
                    .map(|p| point(p).ok_or_else(|| format!("line {}: bad point {p:?}", n + 1)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        if rings.first().is_none_or(|r| r.len() < 3) {
            return Err(format!("line {}: a polygon needs three points", n + 1));
        }
        out.push(Polygon {
            name: name.to_owned(),
            rings,
        });
    }
    Ok(out)
}

fn point(p: &str) -> Option<[f32; 2]> {
    let (lon, lat) = p.split_once(',')?;
    let (lon, lat): (f32, f32) = (lon.parse().ok()?, lat.parse().ok()?);
    // A ring crossing the antimeridian carries on past 180° (Chukotka, Fiji).
    ((-180.0..=360.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some([lon, lat])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_outlines_parse_and_are_small() {
        assert!(COUNTRIES.len() < 2 * 1024 * 1024, "{}", COUNTRIES.len());
        let all = parse(COUNTRIES).unwrap();
        assert!(all.len() > 250, "{}", all.len());
        let iraq = all.iter().find(|p| p.name == "Iraq").unwrap();
        // Baghdad (44.4, 33.3) is inside Iraq's outline's box.
        let (xs, ys): (Vec<f32>, Vec<f32>) = iraq.rings[0].iter().map(|p| (p[0], p[1])).unzip();
        let within = |v: &[f32], x: f32| {
            v.iter().copied().fold(f32::MAX, f32::min) < x
                && x < v.iter().copied().fold(f32::MIN, f32::max)
        };
        assert!(within(&xs, 44.4) && within(&ys, 33.3));
        assert_eq!(
            parse("1\tX\t0,0 1,1 400,0").unwrap_err(),
            "line 1: bad point \"400,0\""
        );
    }
}
