//! The race at a glance, computed from the state when the trend view is open (and again as
//! articles arrive), so drawing it costs nothing per frame.

use super::state::State;
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

/// Computes the snapshot over every known article (not only the filtered view: the trend is
/// the race, not the current search).
pub fn snapshot(state: &State) -> TrendSnapshot {
    let items: Vec<TrendItem> = state
        .rows
        .iter()
        .map(|row| TrendItem {
            topic: row.article.topic,
            time: row.article.when(),
            terms: &row.article.terms,
            source: state.feed_name(row.article.feed),
        })
        .collect();
    TrendSnapshot {
        days: trend::daily_counts(&items, state.now, state.utc_offset, TREND_DAYS),
        rising: trend::rising_terms(&items, state.now, PER_SIDE),
        sources: trend::top_sources(&items, state.now, 7, PER_SIDE),
    }
}
