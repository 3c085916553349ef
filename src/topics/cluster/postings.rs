//! The story index's posting lists: for each (token, time slot), the entries holding the
//! token, kept in fixed-size chunks of one shared arena and read newest first.
//!
//! Most (token, slot) lists hold one to a few entries: a `Vec` each would cost a heap
//! allocation and 24 bytes of header per list, and a cache miss to reach its first entry.
//! Here a list is 8 bytes in the map (its last chunk and its length) and its entries sit
//! in 32-byte chunks of one `Vec`, linked from the newest back.

use rustc_hash::FxHashMap as HashMap;

/// Entries per chunk: with the link to the previous chunk, a chunk is 32 bytes.
const CHUNK_LEN: usize = 7;

/// No previous chunk.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Chunk {
    entries: [u32; CHUNK_LEN],
    prev: u32,
}

/// One list: where its newest chunk is and how many entries it holds.
#[derive(Debug, Clone, Copy)]
struct List {
    last: u32,
    len: u32,
}

/// Posting lists keyed by (token hash, time slot).
#[derive(Debug, Clone, Default)]
pub(super) struct Postings {
    lists: HashMap<(u64, i64), List>,
    chunks: Vec<Chunk>,
}

impl Postings {
    /// Appends `entry` to the list of (token, slot).
    pub(super) fn push(&mut self, token: u64, slot: i64, entry: u32) {
        let chunks = &mut self.chunks;
        let list = self
            .lists
            .entry((token, slot))
            .or_insert(List { last: NONE, len: 0 });
        let used = list.len as usize % CHUNK_LEN;
        if used == 0 {
            let at = u32::try_from(chunks.len()).expect("fewer than 2^32 posting chunks");
            chunks.push(Chunk {
                entries: [0; CHUNK_LEN],
                prev: list.last,
            });
            list.last = at;
        }
        chunks[list.last as usize].entries[used] = entry;
        list.len += 1;
    }

    /// Calls `visit` with the newest `cap` entries of the list of (token, slot), newest
    /// first; nothing for a list never pushed to.
    #[inline]
    pub(super) fn for_newest(&self, token: u64, slot: i64, cap: usize, mut visit: impl FnMut(u32)) {
        let Some(list) = self.lists.get(&(token, slot)) else {
            return;
        };
        let mut left = (list.len as usize).min(cap);
        let mut chunk = list.last;
        // The newest chunk is partly filled; the ones before it are full.
        let mut used = (list.len as usize - 1) % CHUNK_LEN + 1;
        while left > 0 {
            let current = &self.chunks[chunk as usize];
            for &entry in current.entries[..used].iter().rev().take(left) {
                visit(entry);
            }
            left = left.saturating_sub(used);
            chunk = current.prev;
            used = CHUNK_LEN;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn newest(postings: &Postings, token: u64, slot: i64, cap: usize) -> Vec<u32> {
        let mut seen = Vec::new();
        postings.for_newest(token, slot, cap, |e| seen.push(e));
        seen
    }

    #[test]
    fn lists_read_newest_first_up_to_the_cap() {
        let mut postings = Postings::default();
        for entry in 0..20 {
            postings.push(1, 5, entry);
            if entry % 3 == 0 {
                postings.push(2, 5, 100 + entry);
            }
        }
        postings.push(1, 6, 50);
        let all: Vec<u32> = (0..20).rev().collect();
        assert_eq!(newest(&postings, 1, 5, 64), all);
        for cap in [0, 1, 6, 7, 8, 14, 15, 19, 20] {
            assert_eq!(newest(&postings, 1, 5, cap), all[..cap], "cap {cap}");
        }
        assert_eq!(
            newest(&postings, 2, 5, 64),
            [118, 115, 112, 109, 106, 103, 100]
        );
        assert_eq!(newest(&postings, 1, 6, 64), [50]);
        assert!(newest(&postings, 1, 7, 64).is_empty());
        assert!(newest(&postings, 3, 5, 64).is_empty());
    }
}
