//! Places on the Earth: a point in decimal degrees (WGS 84, as GeoNames, Natural Earth and
//! GeoJSON give them), checked where it enters (a pin, a gazetteer row, a session file).

use serde::{Deserialize, Serialize};

/// Latitude and longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    /// A point, or what is wrong with it (not a number, outside −90..90 or −180..180).
    pub fn new(lat: f64, lon: f64) -> Result<Self, String> {
        let p = Self { lat, lon };
        p.check().map(|()| p)
    }

    /// What is wrong with the point, if anything.
    pub fn check(&self) -> Result<(), String> {
        if !self.lat.is_finite() || !(-90.0..=90.0).contains(&self.lat) {
            return Err(format!("latitude {} is outside −90..90", self.lat));
        }
        if !self.lon.is_finite() || !(-180.0..=180.0).contains(&self.lon) {
            return Err(format!("longitude {} is outside −180..180", self.lon));
        }
        Ok(())
    }

    /// Parse two cells of a list ("33.34", "44.40"): both blank is no point.
    pub fn parse_pair(lat: &str, lon: &str) -> Result<Option<Self>, String> {
        let (lat, lon) = (lat.trim(), lon.trim());
        if lat.is_empty() && lon.is_empty() {
            return Ok(None);
        }
        let number = |what: &str, s: &str| {
            s.parse::<f64>()
                .map_err(|_| format!("the {what} \u{201c}{s}\u{201d} is not a number of degrees"))
        };
        if lat.is_empty() || lon.is_empty() {
            return Err("a place needs both a latitude and a longitude, or neither".into());
        }
        Self::new(number("latitude", lat)?, number("longitude", lon)?).map(Some)
    }
}

impl std::fmt::Display for GeoPoint {
    /// "33.34° N, 44.40° E".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ns = if self.lat < 0.0 { 'S' } else { 'N' };
        let ew = if self.lon < 0.0 { 'W' } else { 'E' };
        write!(
            f,
            "{:.2}° {ns}, {:.2}° {ew}",
            self.lat.abs(),
            self.lon.abs()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_outside_the_earth_say_which_number_is_wrong() {
        assert!(GeoPoint::new(33.3, 44.4).is_ok());
        assert_eq!(
            GeoPoint::new(95.0, 0.0).unwrap_err(),
            "latitude 95 is outside −90..90"
        );
        assert_eq!(
            GeoPoint::new(0.0, -181.0).unwrap_err(),
            "longitude -181 is outside −180..180"
        );
        assert!(GeoPoint::new(f64::NAN, 0.0).is_err());
        assert_eq!(GeoPoint::parse_pair(" ", ""), Ok(None));
        assert_eq!(
            GeoPoint::parse_pair("north", "3").unwrap_err(),
            "the latitude \u{201c}north\u{201d} is not a number of degrees"
        );
        assert!(GeoPoint::parse_pair("1", "").is_err());
        assert_eq!(
            GeoPoint::new(-33.87, 151.21).unwrap().to_string(),
            "33.87° S, 151.21° E"
        );
    }
}
