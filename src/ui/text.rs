//! Small text helpers for drawing: width-aware truncation and wrapping, ages and times.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::UnixTime;

/// Cuts `s` to at most `width` terminal columns, ending with '…' when it was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = within(s.chars(), width - 1).collect();
    out.push('…');
    out
}

/// Keeps the end of `s` within `width` columns, starting with '…' when the front was cut:
/// what was typed last stays next to the cursor.
pub fn truncate_start(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let tail: Vec<char> = within(s.chars().rev(), width - 1).collect();
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// The leading characters of `chars` that fit in `room` columns.
fn within(chars: impl Iterator<Item = char>, room: usize) -> impl Iterator<Item = char> {
    let mut used = 0;
    chars.take_while(move |c| {
        used += c.width().unwrap_or(0);
        used <= room
    })
}

/// Pads (or cuts) `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = truncate(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// Word-wraps `s` to `width` columns; words longer than a line (URLs, CJK runs) are broken.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A short age: "now", "4m", "3h", "2d", "6w", "2y".
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

/// "just now" or "4m ago".
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

/// "2026-11-28 09:41" in the given UTC offset.
pub fn date_time(when: UnixTime, utc_offset: i32) -> String {
    format_with(when, utc_offset, "%Y-%m-%d %H:%M")
}

/// "09:41" in the given UTC offset.
pub fn clock(when: UnixTime, utc_offset: i32) -> String {
    format_with(when, utc_offset, "%H:%M")
}

fn format_with(when: UnixTime, utc_offset: i32, pattern: &str) -> String {
    let offset = chrono::FixedOffset::east_opt(utc_offset)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset is valid"));
    chrono::DateTime::from_timestamp(when, 0)
        .map(|t| t.with_timezone(&offset).format(pattern).to_string())
        .unwrap_or_else(|| "?".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_columns_with_ellipsis() {
        assert_eq!(truncate("hello world", 5), "hell…");
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("华为发布昇腾", 5), "华为…");
        assert_eq!(fit("ab", 4), "ab  ");
    }

    #[test]
    fn truncates_the_front_by_columns() {
        assert_eq!(truncate_start("hello world", 5), "…orld");
        assert_eq!(truncate_start("hello", 5), "hello");
        // A wide character that would straddle the edge is left out, not split.
        assert_eq!(truncate_start("华为发布昇腾", 4), "…腾");
        assert_eq!(truncate_start("华为发布昇腾", 5), "…昇腾");
        assert_eq!(truncate_start("abc", 1), "…");
        assert_eq!(truncate_start("abc", 0), "");
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

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
        assert_eq!(until(100, 90), "due");
        assert_eq!(until(100, 130), "in <1m");
        assert_eq!(until(0, 600), "in 10m");
    }

    #[test]
    fn formats_time_in_offset() {
        assert_eq!(date_time(0, 0), "1970-01-01 00:00");
        assert_eq!(clock(0, 8 * 3600), "08:00");
    }
}
