//! Newest-first ordering in memory: the sort key the SQL `ORDER BY` uses, a sort that
//! moves each item once, and a bounded "newest N" collector for filtered queries.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Smaller is newer: (time descending, signed id ascending), as the SQL `NEWEST_FIRST`.
pub(crate) type SortKey = (Reverse<i64>, i64);

/// Orders items by their keys (`keys[i]` is the key of `items[i]`) in place: sorting
/// indexes moves far less memory than sorting 100,000 rows of some hundreds of bytes each,
/// and the items are then put in place by following the permutation's cycles, one swap per
/// item, without a second vector of them.
pub(crate) fn newest_first<T>(keys: Vec<SortKey>, mut items: Vec<T>) -> Vec<T> {
    // Position i takes the item now at `source[i]`; `DONE` marks positions in place. The
    // indexes alone are sorted, by looking their keys up: (key, index) pairs were three
    // times the memory at the peak of the dashboard's load.
    let mut source: Vec<usize> = (0..keys.len()).collect();
    source.sort_unstable_by_key(|&index| keys[index]);
    drop(keys);
    const DONE: usize = usize::MAX;
    for start in 0..source.len() {
        let mut at = start;
        while source[at] != DONE {
            let from = source[at];
            source[at] = DONE;
            if from == start {
                break;
            }
            // The item that belongs at `at` comes in; the one carried along goes on.
            items.swap(at, from);
            at = from;
        }
    }
    items
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

    pub fn into_sorted(self) -> Vec<T> {
        if self.limit.is_none() {
            return newest_first(self.all_keys, self.all);
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
        assert_eq!(newest.into_sorted(), [0, 2, 4]);
        let mut none = Newest::new(Some(0));
        assert!(!none.admits((Reverse(1), 1)));
        none.push((Reverse(1), 1), 1);
        assert!(none.into_sorted().is_empty());
        let mut all = Newest::new(None);
        for (when, id) in [(5, 1), (9, 2), (1, 3), (9, 0)] {
            all.push((Reverse(when), id), id);
        }
        assert_eq!(all.into_sorted(), [0, 2, 1, 3]);
    }

    #[test]
    fn items_are_put_in_key_order_in_place_whatever_the_permutation() {
        // A fixed pseudo-random order of 1,000 keys, with ties broken by the id.
        let mut seed = 7u64;
        let keys: Vec<SortKey> = (0..1_000)
            .map(|id| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                (Reverse((seed >> 40) as i64 % 50), id)
            })
            .collect();
        let items: Vec<String> = keys.iter().map(|(_, id)| format!("item {id}")).collect();
        let mut expected: Vec<(SortKey, String)> =
            keys.iter().copied().zip(items.clone()).collect();
        expected.sort();
        let expected: Vec<String> = expected.into_iter().map(|(_, item)| item).collect();
        assert_eq!(newest_first(keys, items), expected);
        assert_eq!(
            newest_first(Vec::new(), Vec::<String>::new()),
            Vec::<String>::new()
        );
    }
}
