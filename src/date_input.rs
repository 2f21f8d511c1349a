//! Dates as people type them on the command line: `2024-06-01`, a month `2024-06`, a year `2024`,
//! `today`, `yesterday`, or a span back from today (`7d`, `2w`). A month or a year stands for its
//! first day where a range starts (`--since 2024` is from 1 January) and for its last where a
//! range ends (`--until 2024-06` is up to 30 June). Today is the UTC day, as the feed dates
//! papers.

use time::{Date, Duration, Month, OffsetDateTime};

/// Where in a named period the day falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    First,
    Last,
}

/// A `--since` value: the first day it names.
pub fn parse_since(text: &str) -> Result<Date, String> {
    parse(text, End::First, today())
}

/// An `--until` value: the last day it names.
pub fn parse_until(text: &str) -> Result<Date, String> {
    parse(text, End::Last, today())
}

/// A single day (`--date`): a full date, `today`, `yesterday` or a span back from today.
pub fn parse_day(text: &str) -> Result<Date, String> {
    let trimmed = text.trim();
    if trimmed.len() < 10 && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Err(format!("'{text}' is not one day; give it as YYYY-MM-DD"));
    }
    parse(text, End::First, today())
}

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

fn parse(text: &str, end: End, today: Date) -> Result<Date, String> {
    let value = text.trim().to_ascii_lowercase();
    let problem = || {
        format!(
            "'{text}' is not a date; use YYYY-MM-DD, YYYY-MM, YYYY, today, yesterday, or a span back \
             from today such as 7d or 2w"
        )
    };
    match value.as_str() {
        "today" => return Ok(today),
        "yesterday" => return today.previous_day().ok_or_else(problem),
        _ => {}
    }
    if let Some((count, unit)) = value
        .strip_suffix('d')
        .map(|n| (n, 1))
        .or_else(|| value.strip_suffix('w').map(|n| (n, 7)))
    {
        if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem());
        }
        let count: i64 = count.parse().map_err(|_| problem())?;
        return count
            .checked_mul(unit)
            .filter(|days| *days <= 365 * 200)
            .and_then(|days| today.checked_sub(Duration::days(days)))
            .ok_or_else(problem);
    }
    let parts: Vec<&str> = value.split('-').collect();
    let number = |part: &str, digits: usize| -> Result<i32, String> {
        if part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().map_err(|_| problem())
        } else {
            Err(problem())
        }
    };
    match parts.as_slice() {
        [year] => {
            let year = number(year, 4)?;
            let month = if end == End::First {
                Month::January
            } else {
                Month::December
            };
            let day = if end == End::First { 1 } else { 31 };
            Date::from_calendar_date(year, month, day).map_err(|_| problem())
        }
        [year, month] => {
            let year = number(year, 4)?;
            let month = u8::try_from(number(month, 2)?)
                .ok()
                .and_then(|m| Month::try_from(m).ok())
                .ok_or_else(problem)?;
            let day = if end == End::First { 1 } else { month.length(year) };
            Date::from_calendar_date(year, month, day).map_err(|_| problem())
        }
        [_, _, _] => crate::record::parse_iso_date(&value).map_err(|_| problem()),
        _ => Err(problem()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 01);

    #[test]
    fn periods_start_and_end_where_a_reader_expects() {
        assert_eq!(parse("2024", End::First, TODAY), Ok(date!(2024 - 01 - 01)));
        assert_eq!(parse("2024", End::Last, TODAY), Ok(date!(2024 - 12 - 31)));
        assert_eq!(parse("2024-02", End::First, TODAY), Ok(date!(2024 - 02 - 01)));
        assert_eq!(parse("2024-02", End::Last, TODAY), Ok(date!(2024 - 02 - 29)));
        assert_eq!(parse(" 2024-06-15 ", End::Last, TODAY), Ok(date!(2024 - 06 - 15)));
    }

    #[test]
    fn days_back_from_today() {
        assert_eq!(parse("today", End::First, TODAY), Ok(TODAY));
        assert_eq!(parse("Yesterday", End::First, TODAY), Ok(date!(2026 - 02 - 28)));
        assert_eq!(parse("7d", End::First, TODAY), Ok(date!(2026 - 02 - 22)));
        assert_eq!(parse("2w", End::First, TODAY), Ok(date!(2026 - 02 - 15)));
        assert_eq!(parse("0d", End::First, TODAY), Ok(TODAY));
    }

    #[test]
    fn anything_else_is_an_error_that_lists_the_forms() {
        for bad in [
            "",
            "24",
            "2024-13",
            "2024-6",
            "2024-02-30",
            "-3d",
            "99999999999999999999d",
            "d",
            "1y",
            "june",
        ] {
            let error = parse(bad, End::First, TODAY).unwrap_err();
            assert!(error.contains("YYYY-MM-DD, YYYY-MM, YYYY, today"), "{bad}: {error}");
        }
        assert!(parse_day("2024-06").unwrap_err().contains("not one day"));
        assert!(parse_day("2024-06-01").is_ok());
    }
}
