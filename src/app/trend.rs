//! The race at a glance, computed from the state when the trend view is open (and again as
//! articles arrive), so drawing it costs nothing per frame.

use super::rows::Row;
use crate::model::{FeedId, UnixTime};
use crate::topics::trend::{self, DayCount, RisingTerms, TopSources, TrendItem};

/// Days shown in the trend view.
pub const TREND_DAYS: usize = 14;
/// Rising terms and top sources listed per side.
const PER_SIDE: usize = 4;

/// Everything the trend view shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendSnapshot {
    pub days: Vec<DayCount>,
    pub rising: RisingTerms,
    pub sources: TopSources,
}

/// Names of the sides themselves: always present, so they say nothing about what moved.
const SIDE_NAMES: &[&str] = &[
    "us",
    "u.s.",
    "usa",
    "united states",
    "america",
    "american",
    "americans",
    "china",
    "chinese",
    "prc",
    "中国",
    "美国",
    "中方",
    "美方",
    "中美",
    "washington",
    "beijing",
];

fn is_side_name(term: &str) -> bool {
    SIDE_NAMES.contains(&term.to_lowercase().as_str())
}

/// Computes the snapshot over every known article (not only the filtered view: the trend is
/// the race, not the current search).
/// `feed_name` names a row's feed; `utc_offset` (seconds east of UTC) decides where a day
/// starts.
pub fn snapshot<'a>(
    rows: &'a [Row],
    feed_name: impl Fn(FeedId) -> &'a str,
    now: UnixTime,
    utc_offset: i32,
) -> TrendSnapshot {
    let items: Vec<TrendItem> = rows
        .iter()
        .map(|row| TrendItem {
            topic: row.article.topic,
            time: row.article.when(),
            terms: &row.article.terms,
            source: feed_name(row.article.feed),
        })
        .collect();
    TrendSnapshot {
        days: trend::daily_counts(&items, now, utc_offset, TREND_DAYS),
        rising: rising_without_side_names(&items, now),
        sources: trend::top_sources(&items, now, 7, PER_SIDE),
    }
}

/// Rising terms, leaving out the names of the sides ("China +6" says nothing new).
fn rising_without_side_names(items: &[TrendItem], now: UnixTime) -> RisingTerms {
    let mut rising = trend::rising_terms(items, now, PER_SIDE + SIDE_NAMES.len());
    for list in [&mut rising.us, &mut rising.china, &mut rising.both] {
        list.retain(|(term, _)| !is_side_name(term));
        list.truncate(PER_SIDE);
    }
    rising
}
