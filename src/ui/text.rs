//! Small text helpers for drawing: cutting the front or padding to a width; truncation and
//! wrapping (`crate::text::wrap`) and ages and times (`crate::time`) are re-exported here
//! for the panes.

use unicode_width::UnicodeWidthStr;

use crate::text::wrap::within;

pub use crate::text::wrap::{truncate, wrap};
pub use crate::time::{age, ago, clock, date_time, until};

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

/// Pads (or cuts) `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = truncate(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
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
}
