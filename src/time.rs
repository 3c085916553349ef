//! Time for every layer: the clock (Unix seconds, the local UTC offset), ages as people say
//! them ("3h ago"), dates in a given offset, and HTTP dates (read and written with
//! `httpdate`, which rejects impossible dates such as 31 February).
//!
//! Only `now` and `local_offset` read the system clock; everything else takes the time as
//! an argument, so `update` and the formatters stay pure and testable.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::Offset;

use crate::model::UnixTime;

/// Seconds since the Unix epoch, now (0 on a clock set before 1970).
pub fn now() -> UnixTime {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as UnixTime)
}

/// The local time zone's offset from UTC now, in seconds east.
pub fn local_offset() -> i32 {
    chrono::Local::now().offset().local_minus_utc()
}

/// A short age: "now", "4m", "3h", "2d", "6w", "2y". A time ahead of `now` is "now".
pub fn age(now: UnixTime, when: UnixTime) -> String {
    let secs = (now - when).max(0);
    match secs {
        s if s < 60 => "now".to_string(),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s if s < 86_400 * 100 => format!("{}d", s / 86_400),
        s if s < 86_400 * 7 * 100 => format!("{}w", s / (86_400 * 7)),
        s => format!("{}y", s / (86_400 * 365)),
    }
}

/// "just now", "4m ago", "3h ago", "2d ago".
pub fn ago(now: UnixTime, when: UnixTime) -> String {
    match age(now, when).as_str() {
        "now" => "just now".to_string(),
        short => format!("{short} ago"),
    }
}

/// "due", "in <1m" or "in 4m" for a time ahead.
pub fn until(now: UnixTime, when: UnixTime) -> String {
    match when - now {
        secs if secs <= 0 => "due".to_string(),
        secs if secs < 60 => "in <1m".to_string(),
        _ => format!("in {}", age(when, now)),
    }
}

/// "2026-11-28 09:41" in the given UTC offset (seconds east).
pub fn date_time(when: UnixTime, utc_offset: i32) -> String {
    format_in(when, utc_offset, "%Y-%m-%d %H:%M")
}

/// "09:41" in the given UTC offset (seconds east).
pub fn clock(when: UnixTime, utc_offset: i32) -> String {
    format_in(when, utc_offset, "%H:%M")
}

/// `when` in the offset (UTC when the offset is out of range), by a chrono pattern; "?" for
/// a time chrono cannot represent.
pub fn format_in(when: UnixTime, utc_offset: i32, pattern: &str) -> String {
    let offset = chrono::FixedOffset::east_opt(utc_offset).unwrap_or_else(|| chrono::Utc.fix());
    chrono::DateTime::from_timestamp(when, 0)
        .map(|t| t.with_timezone(&offset).format(pattern).to_string())
        .unwrap_or_else(|| "?".to_string())
}

/// Reads an HTTP date (IMF-fixdate, RFC 850 or asctime) as Unix seconds; None for anything
/// else, including dates that do not exist.
pub fn parse_http_date(value: &str) -> Option<UnixTime> {
    let at = httpdate::parse_http_date(value.trim()).ok()?;
    let secs = at.duration_since(UNIX_EPOCH).ok()?.as_secs();
    UnixTime::try_from(secs).ok()
}

/// `when` as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), as servers send it; times
/// before 1970 are written as the epoch.
pub fn http_date(when: UnixTime) -> String {
    let secs = u64::try_from(when).unwrap_or(0);
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_short() {
        assert_eq!(age(1000, 990), "now");
        assert_eq!(age(10_000, 10_000 - 240), "4m");
        assert_eq!(age(100_000, 100_000 - 3 * 3600), "3h");
        assert_eq!(age(1_000_000, 1_000_000 - 2 * 86_400), "2d");
        assert_eq!(age(0, 100), "now", "future dates are not negative");
    }

    #[test]
    fn relative_phrases_read_well() {
        assert_eq!(ago(100, 90), "just now");
        assert_eq!(ago(1000, 1000 - 300), "5m ago");
        assert_eq!(ago(100_000, 100_000 - 3 * 3600 - 59), "3h ago");
        assert_eq!(until(100, 90), "due");
        assert_eq!(until(100, 130), "in <1m");
        assert_eq!(until(0, 600), "in 10m");
    }

    #[test]
    fn formats_time_in_offset() {
        assert_eq!(date_time(0, 0), "1970-01-01 00:00");
        assert_eq!(clock(0, 8 * 3600), "08:00");
        assert_eq!(
            clock(0, 100 * 3600),
            "00:00",
            "an impossible offset reads as UTC"
        );
    }

    #[test]
    fn http_dates_match_known_epochs() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Sun Nov  6 08:49:37 1994"),
            Some(784_111_777)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT"),
            Some(951_825_600)
        );
    }

    #[test]
    fn impossible_http_dates_are_rejected() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"), None);
        assert_eq!(parse_http_date("Tue, 31 Feb 2026 12:00:00 GMT"), None);
        assert_eq!(parse_http_date("Sun, 29 Feb 2026 12:00:00 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        // The weekday must be the date's own: 6 November 1994 was a Sunday.
        assert_eq!(parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("soon"), None);
    }

    #[test]
    fn http_dates_are_written_as_imf_fixdate() {
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            parse_http_date(&http_date(1_764_583_200)),
            Some(1_764_583_200)
        );
        assert_eq!(http_date(-5), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
