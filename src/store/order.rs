//! Newest-first ordering in memory: the sort key the SQL `ORDER BY` uses, a sort that
//! moves each item once, and a bounded "newest N" collector for filtered queries.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Smaller is newer: (time descending, signed id ascending), as the SQL `NEWEST_FIRST`.
pub(crate) type SortKey = (Reverse<i64>, i64);

/// Orders items by their keys (`keys[i]` is the key of `items[i]`), moving each item
/// once: sorting (key, index) pairs moves far less memory than sorting 100,000 article
/// structs of some 200 bytes each.
pub(crate) fn newest_first<T>(
    keys: Vec<SortKey>,
    mut items: Vec<T>,
    vacant: impl Fn() -> T,
) -> Vec<T> {
    let mut order: Vec<(SortKey, usize)> = keys.into_iter().zip(0..).collect();
    order.sort_unstable();
    // Each index appears once, so every item is taken exactly once.
    order
        .into_iter()
        .map(|(_, index)| std::mem::replace(&mut items[index], vacant()))
        .collect()
}

/// The newest `limit` items seen so far (all of them without a limit).
pub(crate) struct Newest<T> {
    limit: Option<usize>,
    /// With a limit: a max-heap on the key, the oldest kept item on top, first to go.
    kept: BinaryHeap<Ranked<T>>,
    /// Without one: everything and its keys, sorted at the end.
    all: Vec<T>,
    all_keys: Vec<SortKey>,
}

struct Ranked<T> {
    key: SortKey,
    item: T,
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

impl<T> Newest<T> {
    pub fn new(limit: Option<usize>) -> Self {
        Newest {
            limit,
            kept: BinaryHeap::new(),
            all: Vec::new(),
            all_keys: Vec::new(),
        }
    }

    /// Whether an item with this key would be kept: checked before building the item, so
    /// rows that lose cost no allocation.
    pub fn admits(&self, key: SortKey) -> bool {
        match self.limit {
            None => true,
            Some(limit) if self.kept.len() < limit => true,
            Some(_) => self.kept.peek().is_some_and(|oldest| key < oldest.key),
        }
    }

    pub fn push(&mut self, key: SortKey, item: T) {
        let Some(limit) = self.limit else {
            self.all_keys.push(key);
            self.all.push(item);
            return;
        };
        self.kept.push(Ranked { key, item });
        if self.kept.len() > limit {
            self.kept.pop();
        }
    }

    pub fn into_sorted(self, vacant: impl Fn() -> T) -> Vec<T> {
        if self.limit.is_none() {
            return newest_first(self.all_keys, self.all, vacant);
        }
        self.kept
            .into_sorted_vec()
            .into_iter()
            .map(|ranked| ranked.item)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_keeps_the_smallest_keys_in_order() {
        let mut newest = Newest::new(Some(3));
        for (when, id) in [(5, 1), (9, 2), (1, 3), (9, 0), (7, 4)] {
            let key = (Reverse(when), id);
            if newest.admits(key) {
                newest.push(key, id);
            }
        }
        assert_eq!(newest.into_sorted(|| -1), [0, 2, 4]);
        let mut none = Newest::new(Some(0));
        assert!(!none.admits((Reverse(1), 1)));
        none.push((Reverse(1), 1), 1);
        assert!(none.into_sorted(|| -1).is_empty());
        let mut all = Newest::new(None);
        for (when, id) in [(5, 1), (9, 2), (1, 3), (9, 0)] {
            all.push((Reverse(when), id), id);
        }
        assert_eq!(all.into_sorted(|| -1), [0, 2, 1, 3]);
    }
}
