//! Calendar dates (`yyyy-mm-dd`) and the build's notion of "today".
//!
//! The output of a build must depend only on its input, so "today" (used to tell upcoming events
//! from past ones) is an input too: `--today`, else the `SOURCE_DATE_EPOCH` environment
//! variable (the reproducible-builds convention), else the system clock's date in UTC. Two
//! builds of the same content on the same day are byte-identical; the list of upcoming events
//! changes when the date does.

use std::fmt;

/// The shape [`Date::parse`] reads (a month of 1–12, a day of 1–31), as an ECMA-262 pattern
/// for the JSON Schemas; which days a month has is left to `check`.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// A day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `yyyy-mm-dd` (a real calendar day from 1900 on); `None` for anything else.
    pub fn parse(s: &str) -> Option<Date> {
        if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| {
            let part = s.get(r)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let year = i32::try_from(y).ok()?;
        let ok = year >= 1900 && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(year, m);
        ok.then_some(Date {
            year,
            month: m,
            day: d,
        })
    }

    /// The day `days` days after 1970-01-01.
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The UTC day of a Unix time stamp in seconds.
    pub fn from_unix_seconds(secs: i64) -> Date {
        Date::from_unix_days(secs.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The build's "today": `explicit` (`--today`), else `SOURCE_DATE_EPOCH`, else the clock.
pub fn today(explicit: Option<&str>) -> Result<Date, String> {
    if let Some(s) = explicit {
        return Date::parse(s).ok_or_else(|| format!("`{s}` is not a date such as 2025-09-26"));
    }
    if let Some(raw) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let raw = raw.to_string_lossy();
        let secs: i64 = raw.trim().parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{raw}`, not a number of seconds since 1970")
        })?;
        return Ok(Date::from_unix_seconds(secs));
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Ok(Date::from_unix_seconds(i64::try_from(secs).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_calendar_days() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!((d.year, d.month, d.day), (2024, 2, 29));
        assert_eq!(d.to_string(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2025-13-01",
            "2025-1-01",
            "25-01-01x",
            "2025-00-10",
            "+025-01-01",
            "1899-12-31",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn unix_days_map_to_civil_dates() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
        assert_eq!(
            Date::from_unix_seconds(1_758_844_800).to_string(),
            "2025-09-26"
        );
        assert_eq!(Date::from_unix_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn explicit_today_wins_and_is_checked() {
        assert_eq!(today(Some("2025-01-31")).unwrap().to_string(), "2025-01-31");
        assert!(today(Some("31/01/2025")).is_err());
    }
}
