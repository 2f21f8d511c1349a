//! Date lines as the page prints them, and the year of dates printed without one.
//!
//! The page writes `Mar 2, 2023` for earlier years and `May 12` for its own year, followed by the
//! upvote count when it is not zero (`Aug 20, 2024 2`, `May 12 2`). A year-less date belongs to
//! the page's year, which the page never prints: it is inferred as the year after the newest
//! explicit year in the same dump (the page shows every earlier year explicitly), but never later
//! than the current year.

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Month};

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?:uary|ruary|ch|il|e|y|ust|t|tember|ober|ember)?\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d{1,9}))?$",
    )
    .expect("valid date pattern")
});

/// A parsed date line: month and day, the year when printed, and the upvote count when printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLine {
    pub month: Month,
    pub day: u8,
    pub year: Option<i32>,
    pub upvotes: Option<u64>,
}

impl DateLine {
    /// Parses a trimmed line such as `Aug 20, 2024 2`; `None` when it is not a date line.
    pub fn parse(line: &str) -> Option<DateLine> {
        let captures = DATE_LINE.captures(line)?;
        let month = month_from_abbreviation(&captures[1])?;
        let day: u8 = captures[2].parse().ok()?;
        if day == 0 || day > 31 {
            return None;
        }
        let year = match captures.get(3) {
            Some(year) => Some(year.as_str().parse().ok()?),
            None => None,
        };
        let upvotes = match captures.get(4) {
            Some(count) => Some(count.as_str().parse().ok()?),
            None => None,
        };
        Some(DateLine {
            month,
            day,
            year,
            upvotes,
        })
    }

    /// The calendar date in `year` (used when the line has no year of its own); `None` for a day
    /// that does not exist (`Feb 29` outside a leap year).
    pub fn resolve(&self, page_year: i32) -> Option<Date> {
        Date::from_calendar_date(self.year.unwrap_or(page_year), self.month, self.day).ok()
    }
}

fn month_from_abbreviation(text: &str) -> Option<Month> {
    Some(match text {
        "Jan" => Month::January,
        "Feb" => Month::February,
        "Mar" => Month::March,
        "Apr" => Month::April,
        "May" => Month::May,
        "Jun" => Month::June,
        "Jul" => Month::July,
        "Aug" => Month::August,
        "Sep" => Month::September,
        "Oct" => Month::October,
        "Nov" => Month::November,
        "Dec" => Month::December,
        _ => return None,
    })
}

/// The first year a paper can carry: arXiv, where every Daily Papers paper is published, opened
/// in 1991.
pub const EARLIEST_YEAR: i32 = 1991;

/// True when a paper may be dated in `year`: from [`EARLIEST_YEAR`] to the year after the
/// current one (a page saved on New Year's Eve in another time zone).
pub fn is_plausible_year(year: i32, current_year: i32) -> bool {
    (EARLIEST_YEAR..=current_year + 1).contains(&year)
}

/// The page year for a dump whose newest explicit year is `newest_explicit`.
pub fn infer_page_year(newest_explicit: Option<i32>, current_year: i32) -> i32 {
    match newest_explicit {
        Some(year) => (year + 1).min(current_year),
        None => current_year,
    }
}

/// The current year in UTC.
pub fn current_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_the_page_prints() {
        let full = DateLine::parse("Aug 20, 2024 2").unwrap();
        assert_eq!(
            (full.month, full.day, full.year, full.upvotes),
            (Month::August, 20, Some(2024), Some(2))
        );
        let plain = DateLine::parse("Mar 2, 2023").unwrap();
        assert_eq!((plain.year, plain.upvotes), (Some(2023), None));
        let current = DateLine::parse("May 12 2").unwrap();
        assert_eq!(
            (current.month, current.day, current.year, current.upvotes),
            (Month::May, 12, None, Some(2))
        );
        let page = DateLine::parse("Dec 9").unwrap();
        assert_eq!((page.day, page.year, page.upvotes), (9, None, None));
    }

    #[test]
    fn rejects_text_that_only_starts_like_a_date() {
        assert!(DateLine::parse("May the force be with you").is_none());
        assert!(DateLine::parse("Mar 32, 2023").is_none());
        assert!(DateLine::parse("Dec 21, 20").is_none());
        assert!(DateLine::parse("Decoding 3").is_none());
    }

    #[test]
    fn resolves_year_less_dates_and_rejects_impossible_days() {
        let may = DateLine::parse("May 12").unwrap();
        assert_eq!(may.resolve(2025).unwrap().to_string(), "2025-05-12");
        let leap = DateLine::parse("Feb 29").unwrap();
        assert!(leap.resolve(2025).is_none());
        assert_eq!(leap.resolve(2024).unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn page_year_is_the_year_after_the_newest_explicit_one_capped_at_today() {
        assert_eq!(infer_page_year(Some(2024), 2026), 2025);
        assert_eq!(infer_page_year(Some(2026), 2026), 2026);
        assert_eq!(infer_page_year(None, 2026), 2026);
    }
}
