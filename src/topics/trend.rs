//! The race at a glance: articles per local day and side, the terms rising most this week
//! against last week, and the top sources per side. Pure: the clock and the UTC offset
//! come in as arguments, so the trend view can recompute it from its state on every change.

use std::collections::HashMap;

use crate::model::{Topic, UnixTime};

pub const DAY_SECS: i64 = 86_400;
pub const WEEK_SECS: i64 = 7 * DAY_SECS;

/// What the trend view needs of an article; borrowed from the UI's state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendItem<'a> {
    pub topic: Topic,
    /// Published, else first seen.
    pub time: UnixTime,
    /// The terms that decided the topic.
    pub terms: &'a [String],
    /// The feed's display name.
    pub source: &'a str,
}

/// Articles of one local day, per topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayCount {
    /// The UTC time of the local midnight that starts the day.
    pub day_start: UnixTime,
    pub us: u32,
    pub china: u32,
    pub both: u32,
    pub other: u32,
}

impl DayCount {
    pub fn get(&self, topic: Topic) -> u32 {
        match topic {
            Topic::Us => self.us,
            Topic::China => self.china,
            Topic::Both => self.both,
            Topic::Other => self.other,
        }
    }

    pub fn total(&self) -> u32 {
        self.us + self.china + self.both + self.other
    }

    fn add(&mut self, topic: Topic) {
        match topic {
            Topic::Us => self.us += 1,
            Topic::China => self.china += 1,
            Topic::Both => self.both += 1,
            Topic::Other => self.other += 1,
        }
    }
}

/// One value per side of the race; `Other` is not a side.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PerSide<T> {
    pub us: T,
    pub china: T,
    /// Head-to-head.
    pub both: T,
}

impl<T> PerSide<T> {
    /// The value of a side; `None` for `Other`.
    pub fn get(&self, topic: Topic) -> Option<&T> {
        match topic {
            Topic::Us => Some(&self.us),
            Topic::China => Some(&self.china),
            Topic::Both => Some(&self.both),
            Topic::Other => None,
        }
    }

    fn get_mut(&mut self, topic: Topic) -> Option<&mut T> {
        match topic {
            Topic::Us => Some(&mut self.us),
            Topic::China => Some(&mut self.china),
            Topic::Both => Some(&mut self.both),
            Topic::Other => None,
        }
    }

    fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerSide<U> {
        PerSide {
            us: f(self.us),
            china: f(self.china),
            both: f(self.both),
        }
    }
}

/// Per side: terms and how many more articles named them this week than last week.
pub type RisingTerms = PerSide<Vec<(String, i64)>>;

/// Per side: source names and their share of the side's articles, in percent (0 to 100).
pub type TopSources = PerSide<Vec<(String, f64)>>;

/// Articles per local day for the last `days` days, oldest first: always `days` entries,
/// the last one today, zero-filled. Items in the future of `now`'s day or older than the
/// first day are left out. `utc_offset_secs` is fixed for the whole range (east positive).
pub fn daily_counts(
    items: &[TrendItem<'_>],
    now: UnixTime,
    utc_offset_secs: i32,
    days: usize,
) -> Vec<DayCount> {
    let offset = i64::from(utc_offset_secs);
    let local_day = |t: UnixTime| (t + offset).div_euclid(DAY_SECS);
    let today = local_day(now);
    let first = today - days as i64 + 1;
    let mut counts: Vec<DayCount> = (first..=today)
        .map(|day| DayCount {
            day_start: day * DAY_SECS - offset,
            ..DayCount::default()
        })
        .collect();
    for item in items {
        let day = local_day(item.time);
        if (first..=today).contains(&day) {
            counts[(day - first) as usize].add(item.topic);
        }
    }
    counts
}

/// The terms rising most per side: articles naming the term in the last 7 days (up to
/// `now`) minus those in the 7 days before, largest increase first, ties by name; only
/// increases, at most `per_side` each. A term counts once per article, for the article's
/// topic.
pub fn rising_terms(items: &[TrendItem<'_>], now: UnixTime, per_side: usize) -> RisingTerms {
    let mut deltas: PerSide<HashMap<&str, i64>> = PerSide::default();
    for item in items {
        let change = match now - item.time {
            age if (0..WEEK_SECS).contains(&age) => 1,
            age if (WEEK_SECS..2 * WEEK_SECS).contains(&age) => -1,
            _ => continue,
        };
        let Some(side) = deltas.get_mut(item.topic) else {
            continue;
        };
        for (i, term) in item.terms.iter().enumerate() {
            // A term listed twice for one article still counts once.
            if !item.terms[..i].contains(term) {
                *side.entry(term.as_str()).or_default() += change;
            }
        }
    }
    deltas.map(|side| {
        let mut rising: Vec<(String, i64)> = side
            .into_iter()
            .filter(|&(_, delta)| delta > 0)
            .map(|(term, delta)| (term.to_string(), delta))
            .collect();
        rising.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        rising.truncate(per_side);
        rising
    })
}

/// The sources with the most articles per side over the last `days` days (up to `now`),
/// with their share of that side's articles; most first, ties by name, at most
/// `per_side` each.
pub fn top_sources(
    items: &[TrendItem<'_>],
    now: UnixTime,
    days: usize,
    per_side: usize,
) -> TopSources {
    let span = days as i64 * DAY_SECS;
    let mut counts: PerSide<HashMap<&str, u32>> = PerSide::default();
    for item in items {
        if !(0..span).contains(&(now - item.time)) {
            continue;
        }
        if let Some(side) = counts.get_mut(item.topic) {
            *side.entry(item.source).or_default() += 1;
        }
    }
    counts.map(|side| {
        let total: u32 = side.values().sum();
        let mut sources: Vec<(&str, u32)> = side.into_iter().collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        sources
            .into_iter()
            .take(per_side)
            .map(|(name, n)| (name.to_string(), f64::from(n) * 100.0 / f64::from(total)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = 1_700_000_000; // 2023-11-14 22:13:20 UTC

    fn at<'a>(topic: Topic, time: UnixTime, terms: &'a [String], source: &'a str) -> TrendItem<'a> {
        TrendItem {
            topic,
            time,
            terms,
            source,
        }
    }

    fn terms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn daily_counts_are_zero_filled_oldest_first() {
        let counts = daily_counts(&[], NOW, 0, 14);
        assert_eq!(counts.len(), 14);
        assert!(counts.iter().all(|d| d.total() == 0));
        assert!(
            counts
                .windows(2)
                .all(|w| w[1].day_start - w[0].day_start == DAY_SECS)
        );
        let today_start = NOW - NOW % DAY_SECS;
        assert_eq!(counts[13].day_start, today_start);
        assert!(daily_counts(&[], NOW, 0, 0).is_empty());
    }

    #[test]
    fn daily_counts_put_items_in_local_days() {
        // 22:13 UTC is already tomorrow at UTC+8 and still today at UTC-5.
        let none = Vec::new();
        let items = [
            at(Topic::Us, NOW, &none, "a"),
            at(Topic::China, NOW - 3 * 3600, &none, "a"), // 19:13 UTC
            at(Topic::Both, NOW - 23 * 3600, &none, "a"), // yesterday 23:13 UTC
            at(Topic::Other, NOW + 3 * 3600, &none, "a"), // tomorrow at UTC: dropped
            at(Topic::Us, NOW - 20 * DAY_SECS, &none, "a"), // too old: dropped
        ];
        let utc = daily_counts(&items, NOW, 0, 14);
        assert_eq!((utc[13].us, utc[13].china, utc[13].other), (1, 1, 0));
        assert_eq!(utc[12].both, 1);
        assert_eq!(utc.iter().map(DayCount::total).sum::<u32>(), 3);

        let east = daily_counts(&items, NOW, 8 * 3600, 14);
        // Local today (UTC+8) began at 16:00 UTC: NOW and NOW-3h are in it, and so is
        // NOW+3h (01:13 local), the day before holds 23:13 UTC yesterday (07:13 local).
        assert_eq!(east[13].day_start % DAY_SECS, 16 * 3600);
        assert_eq!((east[13].us, east[13].china, east[13].other), (1, 1, 1));
        assert_eq!(east[12].both, 1);

        let west = daily_counts(&items, NOW, -5 * 3600, 14);
        assert_eq!(west[13].day_start % DAY_SECS, 5 * 3600);
        // At UTC-5 it is 17:13; NOW+3h is 20:13 the same day, 23:13 UTC yesterday was
        // 18:13 the local day before.
        assert_eq!((west[13].us, west[13].china, west[13].other), (1, 1, 1));
        assert_eq!(west[12].both, 1);
    }

    #[test]
    fn daily_counts_all_in_one_day() {
        let none = Vec::new();
        let items: Vec<_> = (0..5)
            .map(|i| at(Topic::China, NOW - i * 60, &none, "a"))
            .collect();
        let counts = daily_counts(&items, NOW, 0, 3);
        assert_eq!(
            counts.iter().map(|d| d.china).collect::<Vec<_>>(),
            [0, 0, 5]
        );
        assert_eq!(counts[2].get(Topic::China), 5);
    }

    #[test]
    fn rising_terms_compare_weeks_and_break_ties_by_name() {
        let deepseek = terms(&["DeepSeek", "DeepSeek"]);
        let h20 = terms(&["H20"]);
        let huawei = terms(&["Huawei"]);
        let both = terms(&["export controls", "H20"]);
        let items = [
            at(Topic::China, NOW - DAY_SECS, &deepseek, "a"),
            at(Topic::China, NOW - 2 * DAY_SECS, &deepseek, "a"),
            at(Topic::China, NOW - 3 * DAY_SECS, &h20, "a"),
            at(Topic::China, NOW - 4 * DAY_SECS, &huawei, "a"),
            at(Topic::China, NOW - 8 * DAY_SECS, &huawei, "a"),
            at(Topic::China, NOW - 9 * DAY_SECS, &huawei, "a"),
            at(Topic::China, NOW - 20 * DAY_SECS, &h20, "a"), // outside both weeks
            at(Topic::Both, NOW - 10, &both, "a"),
            at(Topic::Other, NOW - 10, &h20, "a"), // no side
        ];
        let rising = rising_terms(&items, NOW, 5);
        assert_eq!(
            rising.china,
            [("DeepSeek".to_string(), 2), ("H20".to_string(), 1)],
            "DeepSeek counts once per article; Huawei fell"
        );
        assert_eq!(
            rising.both,
            [("H20".to_string(), 1), ("export controls".to_string(), 1)]
        );
        assert!(rising.us.is_empty());
        assert_eq!(rising_terms(&items, NOW, 1).china.len(), 1);
        assert_eq!(rising_terms(&[], NOW, 5), RisingTerms::default());
    }

    #[test]
    fn top_sources_share_per_side() {
        let none = Vec::new();
        let items = [
            at(Topic::Us, NOW - 10, &none, "Reuters"),
            at(Topic::Us, NOW - 20, &none, "Reuters"),
            at(Topic::Us, NOW - 30, &none, "Bloomberg"),
            at(Topic::Us, NOW - 40, &none, "Axios"),
            at(Topic::Us, NOW - 15 * DAY_SECS, &none, "Old"),
            at(Topic::China, NOW - 10, &none, "SCMP"),
            at(Topic::Other, NOW - 10, &none, "Verge"),
        ];
        let top = top_sources(&items, NOW, 14, 2);
        assert_eq!(top.us.len(), 2);
        assert_eq!(top.us[0], ("Reuters".to_string(), 50.0));
        assert_eq!(top.us[1], ("Axios".to_string(), 25.0), "ties by name");
        assert_eq!(top.china, [("SCMP".to_string(), 100.0)]);
        assert!(top.both.is_empty());
        assert_eq!(top.get(Topic::Other), None);
        assert_eq!(top_sources(&[], NOW, 14, 3), TopSources::default());
    }
}
