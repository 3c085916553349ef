//! Dates as feeds really write them: RFC 3339 and RFC 822 with their usual mistakes, dates
//! without a zone, two-digit years, zone names read in the feed's context.
//!
//! A date that cannot be read is `None`, never an error: the article keeps its place with
//! "updated" or "first seen" instead (see `parse_feed_at`).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Dates before 1990 are placeholders (`0001-01-01`, the Unix epoch), not publication dates.
pub const EARLIEST_PLAUSIBLE: i64 = 631_152_000;

/// Longer text is not a date; the cap bounds the work on hostile input.
const MAX_DATE_LEN: usize = 128;

/// What the feed around a date tells us about how to read it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateContext {
    /// The feed is Chinese (a `zh*` language tag or CJK text in its head): "CST" then means
    /// China Standard Time, UTC+8, not US Central.
    pub chinese: bool,
}

/// Reads a date. Without a zone the time is taken as UTC. Returns `None` for anything that
/// is not a plausible calendar date (see `EARLIEST_PLAUSIBLE`).
pub fn parse_date(text: &str, context: DateContext) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_DATE_LEN {
        return None;
    }
    let parsed = match DateTime::parse_from_rfc3339(text) {
        Ok(date) => date.to_utc(),
        Err(_) => Fields::read(text, context)?.to_utc()?,
    };
    (parsed.timestamp() >= EARLIEST_PLAUSIBLE).then_some(parsed)
}

/// The pieces of a date found so far, in whatever order the text gave them.
#[derive(Debug, Default)]
struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<(u32, u32, u32)>,
    /// Seconds east of UTC.
    offset: Option<i32>,
    pm: Option<bool>,
}

impl Fields {
    fn read(text: &str, context: DateContext) -> Option<Fields> {
        // "2024年1月2日 10:00" is how Chinese sites write dates.
        let text: String = text
            .chars()
            .map(|c| match c {
                '年' | '月' => '-',
                '日' => ' ',
                _ => c,
            })
            .collect();
        let mut fields = Fields::default();
        for token in text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
        {
            fields.take(token, context)?;
        }
        Some(fields)
    }

    /// Files one token; `None` when it contradicts what was already read.
    fn take(&mut self, token: &str, context: DateContext) -> Option<()> {
        let first = token.chars().next()?;
        if first.is_ascii_digit() {
            if let Some((date, rest)) = split_iso_date(token) {
                if self.year.is_some() {
                    return None;
                }
                (self.year, self.month, self.day) = (Some(date.0), Some(date.1), Some(date.2));
                return match rest {
                    Some(rest) if !rest.is_empty() => self.take_time(rest),
                    _ => Some(()),
                };
            }
            if token.contains(':') {
                return self.take_time(token);
            }
            return self.take_number(token);
        }
        if matches!(first, '+' | '-') {
            self.offset = Some(parse_offset(token)?);
            return Some(());
        }
        let lower = token.to_ascii_lowercase();
        if let Some(month) = month_number(&lower) {
            // A second month name means this is not one date.
            return self.month.replace(month).is_none().then_some(());
        }
        match lower.as_str() {
            "am" | "a.m." => self.pm = Some(false),
            "pm" | "p.m." => self.pm = Some(true),
            _ => {
                if let Some(offset) = zone_offset(&lower, context) {
                    self.offset = Some(offset);
                }
                // Anything else (weekday names, "at", "星期一") carries no date.
            }
        }
        Some(())
    }

    /// `10:00`, `10:00:00`, `10:00:00.123`, each optionally followed by `Z` or an offset.
    fn take_time(&mut self, token: &str) -> Option<()> {
        if self.time.is_some() {
            return None;
        }
        let zone_at = token
            .char_indices()
            .skip(1)
            .find(|(_, c)| matches!(c, '+' | '-' | 'Z' | 'z'))
            .map(|(i, _)| i);
        let (clock, zone) = match zone_at {
            Some(i) => token.split_at(i),
            None => (token, ""),
        };
        let mut parts = clock.split(':');
        let hour = parts.next()?.parse().ok()?;
        let minute = parts.next()?.parse().ok()?;
        let second = match parts.next() {
            Some(s) => s.split('.').next()?.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() {
            return None;
        }
        self.time = Some((hour, minute, second));
        if !zone.is_empty() {
            self.offset = Some(if zone.eq_ignore_ascii_case("z") {
                0
            } else {
                parse_offset(zone)?
            });
        }
        Some(())
    }

    /// A bare number: the day first, then the year (`02 Jun 2025`, `Jun 2 2025`, `2 Jun 25`).
    fn take_number(&mut self, token: &str) -> Option<()> {
        if !token.bytes().all(|b| b.is_ascii_digit()) || token.len() > 4 {
            return None;
        }
        let value: u32 = token.parse().ok()?;
        if token.len() <= 2 && self.day.is_none() && self.year.is_none() {
            self.day = Some(value);
        } else if self.year.is_none() {
            self.year = Some(expand_year(value, token.len()));
        } else {
            return None;
        }
        Some(())
    }

    fn to_utc(&self) -> Option<DateTime<Utc>> {
        let date = NaiveDate::from_ymd_opt(self.year?, self.month?, self.day?)?;
        let (mut hour, minute, second) = self.time.unwrap_or((0, 0, 0));
        match self.pm {
            Some(true) if hour < 12 => hour += 12,
            Some(false) if hour == 12 => hour = 0,
            _ => {}
        }
        // "24:00" means the end of the day; feeds that write it mean midnight.
        if hour == 24 && minute == 0 && second == 0 {
            hour = 0;
        }
        // A leap second is read as the second before it.
        let time = NaiveTime::from_hms_opt(hour, minute, second.min(59))?;
        let local = date.and_time(time).and_utc();
        Some(local - chrono::Duration::seconds(i64::from(self.offset.unwrap_or(0))))
    }
}

type YearMonthDay = (i32, u32, u32);

/// `2024-01-02`, `2024/01/02` or `2024.01.02`, possibly followed by `T` and the rest.
fn split_iso_date(token: &str) -> Option<(YearMonthDay, Option<&str>)> {
    let (date, rest) = match token.find(['T', 't']) {
        Some(i) => (&token[..i], Some(&token[i + 1..])),
        None => (token, None),
    };
    let separator = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = date.split(separator);
    let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some(((year, month, day), rest))
}

/// Two-digit years as RFC 2822 reads them: 00-49 are 20xx, 50-99 19xx; three digits add 1900.
fn expand_year(value: u32, digits: usize) -> i32 {
    let value = value as i32;
    match digits {
        1 | 2 if value < 50 => 2000 + value,
        1 | 2 => 1900 + value,
        3 => 1900 + value,
        _ => value,
    }
}

/// `+0800`, `+08:00`, `+08`, `-5`, with `GMT`/`UTC` in front allowed: seconds east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    (hours <= 18 && minutes < 60).then_some(sign * (hours * 3600 + minutes * 60))
}

/// Zone names feeds use, in seconds east of UTC. Only unambiguous ones, plus CST decided by
/// the feed's context.
fn zone_offset(lower: &str, context: DateContext) -> Option<i32> {
    const HOUR: i32 = 3600;
    for prefix in ["gmt", "utc", "ut"] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            if rest.is_empty() {
                return Some(0);
            }
            if rest.starts_with(['+', '-']) {
                return parse_offset(rest);
            }
        }
    }
    let hours = match lower {
        "z" => 0,
        "cst" if context.chinese => 8,
        "cst" => -6,
        "est" | "cdt" => -5,
        "edt" => -4,
        "mst" => -7,
        "mdt" => -6,
        "pst" => -8,
        "pdt" => -7,
        "bst" | "cet" => 1,
        "cest" => 2,
        "hkt" | "sgt" | "awst" => 8,
        "jst" | "kst" => 9,
        _ => return None,
    };
    Some(hours * HOUR)
}

/// `jan`, `January`, `sept`: a prefix of an English month name, at least three letters.
fn month_number(lower: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = lower.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORLD: DateContext = DateContext { chinese: false };
    const CHINA: DateContext = DateContext { chinese: true };

    fn at(text: &str, context: DateContext) -> Option<String> {
        parse_date(text, context).map(|d| d.to_rfc3339())
    }

    #[test]
    fn standard_forms_read_exactly() {
        for (text, want) in [
            ("2025-06-02T10:00:00Z", "2025-06-02T10:00:00+00:00"),
            ("2025-06-02T18:00:00+08:00", "2025-06-02T10:00:00+00:00"),
            ("Mon, 02 Jun 2025 10:00:00 GMT", "2025-06-02T10:00:00+00:00"),
            (
                "Mon, 02 Jun 2025 10:00:00 +0000",
                "2025-06-02T10:00:00+00:00",
            ),
            (
                "Mon, 02 Jun 2025 06:00:00 -0400",
                "2025-06-02T10:00:00+00:00",
            ),
            ("Mon, 02 Jun 2025 06:00:00 EDT", "2025-06-02T10:00:00+00:00"),
        ] {
            assert_eq!(at(text, WORLD).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn broken_forms_are_read_as_meant() {
        for (text, want) in [
            // No zone at all: UTC.
            ("2024-01-02 10:00:00", "2024-01-02T10:00:00+00:00"),
            ("2024-01-02T10:00:00", "2024-01-02T10:00:00+00:00"),
            ("2024/01/02 10:00", "2024-01-02T10:00:00+00:00"),
            ("2024-01-02", "2024-01-02T00:00:00+00:00"),
            ("02 Jan 2024 10:00:00", "2024-01-02T10:00:00+00:00"),
            // Day names missing, wrong, or long.
            ("02 Jan 2024 10:00:00 GMT", "2024-01-02T10:00:00+00:00"),
            (
                "Thursday, 02 Jan 2024 10:00:00 GMT",
                "2024-01-02T10:00:00+00:00",
            ),
            (
                "Thurs, 2 January 2024 10:00 UTC",
                "2024-01-02T10:00:00+00:00",
            ),
            // Two-digit years, single-digit hours, month before day.
            ("Tue, 02 Jan 24 10:00:00 GMT", "2024-01-02T10:00:00+00:00"),
            ("02 Jan 99 10:00:00 GMT", "1999-01-02T10:00:00+00:00"),
            ("Jan 2 2024 9:05:00 +0000", "2024-01-02T09:05:00+00:00"),
            ("Jan 2, 2024 9:05 PM", "2024-01-02T21:05:00+00:00"),
            // Offsets in odd spellings.
            ("2024-01-02 18:00:00 +08:00", "2024-01-02T10:00:00+00:00"),
            ("2024-01-02 18:00:00+0800", "2024-01-02T10:00:00+00:00"),
            ("2024-01-02 18:00:00 GMT+8", "2024-01-02T10:00:00+00:00"),
            (
                "2024-01-02T10:00:00.123456z",
                "2024-01-02T10:00:00.123456+00:00",
            ),
            ("2024-01-02 10:00:00.5 +0000", "2024-01-02T10:00:00+00:00"),
            ("Tue, 02 Jan 2024 24:00:00 GMT", "2024-01-02T00:00:00+00:00"),
            // Chinese sites.
            ("2024年01月02日 18:00", "2024-01-02T18:00:00+00:00"),
        ] {
            assert_eq!(at(text, WORLD).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn cst_depends_on_the_feed() {
        let text = "Tue, 02 Jan 2024 18:00:00 CST";
        assert_eq!(
            at(text, CHINA).as_deref(),
            Some("2024-01-02T10:00:00+00:00"),
            "China Standard Time is UTC+8"
        );
        assert_eq!(
            at(text, WORLD).as_deref(),
            Some("2024-01-03T00:00:00+00:00"),
            "US Central is UTC-6"
        );
        assert_eq!(
            at("2024-01-02 18:00:00 CST", CHINA).as_deref(),
            Some("2024-01-02T10:00:00+00:00")
        );
    }

    #[test]
    fn nonsense_is_none_not_a_guess() {
        for text in [
            "",
            "   ",
            "yesterday",
            "2 days ago",
            "Mon, 32 Jan 2024 10:00:00 GMT",
            "2024-13-01",
            "2024-02-30 10:00:00",
            "25:61:00",
            "10:00",
            "Jan Feb 2024",
            "0001-01-01T00:00:00Z",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "2024-01-02 10:00:00 +9999",
            "99999999999999999999-01-01",
            "+",
            "-",
            "年月日",
        ] {
            assert_eq!(at(text, WORLD), None, "{text:?}");
        }
        assert_eq!(at(&"9".repeat(10_000), WORLD), None);
    }
}
