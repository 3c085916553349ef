//! Read and star marks and topics set by hand whose write failed (a full disk, a locked
//! file): kept with the newest value per article and written again with the next writes,
//! on a timer and at flush, so that a choice the user made is never dropped while the app
//! runs.

use std::collections::BTreeMap;

use super::WriteOp;
use crate::model::{ArticleId, Topic};

/// The marks still to be stored: for each article, the value the user last chose.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct UnsavedMarks {
    read: BTreeMap<ArticleId, bool>,
    starred: BTreeMap<ArticleId, bool>,
    /// `None`: the correction was taken back.
    topics: BTreeMap<ArticleId, Option<Topic>>,
}

impl UnsavedMarks {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many marks are kept.
    pub fn len(&self) -> usize {
        self.read.len() + self.starred.len() + self.topics.len()
    }

    /// A newer mark of the same articles is on its way: what was kept for them is older
    /// and must not be written after it.
    pub fn supersede(&mut self, op: &WriteOp) {
        match op {
            WriteOp::SetRead { ids, .. } => ids.iter().for_each(|id| {
                self.read.remove(id);
            }),
            WriteOp::SetStarred { ids, .. } => ids.iter().for_each(|id| {
                self.starred.remove(id);
            }),
            WriteOp::SetTopic { id, .. } => {
                self.topics.remove(id);
            }
            _ => {}
        }
    }

    /// Keeps the marks of a write that failed; true when `op` was a mark.
    pub fn keep(&mut self, op: &WriteOp) -> bool {
        match op {
            WriteOp::SetRead { ids, read } => {
                self.read.extend(ids.iter().map(|id| (*id, *read)));
                true
            }
            WriteOp::SetStarred { ids, starred } => {
                self.starred.extend(ids.iter().map(|id| (*id, *starred)));
                true
            }
            WriteOp::SetTopic { id, topic } => {
                self.topics.insert(*id, *topic);
                true
            }
            _ => false,
        }
    }

    /// The writes that store every kept mark, leaving none kept: a retry that fails is
    /// kept again.
    pub fn take_retries(&mut self) -> Vec<WriteOp> {
        let mut ops = Vec::new();
        for value in [true, false] {
            let ids = ids_with(&self.read, value);
            if !ids.is_empty() {
                ops.push(WriteOp::SetRead { ids, read: value });
            }
        }
        for value in [true, false] {
            let ids = ids_with(&self.starred, value);
            if !ids.is_empty() {
                ops.push(WriteOp::SetStarred {
                    ids,
                    starred: value,
                });
            }
        }
        ops.extend(self.topics.iter().map(|(id, topic)| WriteOp::SetTopic {
            id: *id,
            topic: *topic,
        }));
        *self = UnsavedMarks::default();
        ops
    }
}

fn ids_with(marks: &BTreeMap<ArticleId, bool>, value: bool) -> Vec<ArticleId> {
    marks
        .iter()
        .filter(|(_, v)| **v == value)
        .map(|(id, _)| *id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(ids: &[u64], read: bool) -> WriteOp {
        WriteOp::SetRead {
            ids: ids.iter().map(|n| ArticleId(*n)).collect(),
            read,
        }
    }

    #[test]
    fn failed_marks_are_kept_and_retried_once_each() {
        let mut unsaved = UnsavedMarks::default();
        assert!(unsaved.keep(&read(&[3, 1], true)));
        assert!(unsaved.keep(&WriteOp::SetStarred {
            ids: vec![ArticleId(2)],
            starred: true,
        }));
        assert!(!unsaved.keep(&WriteOp::SaveUi(Default::default())));
        assert_eq!(unsaved.len(), 3);
        assert_eq!(
            unsaved.take_retries(),
            [
                read(&[1, 3], true),
                WriteOp::SetStarred {
                    ids: vec![ArticleId(2)],
                    starred: true,
                },
            ]
        );
        assert!(unsaved.is_empty());
        assert!(unsaved.take_retries().is_empty());
    }

    #[test]
    fn a_topic_set_by_hand_is_kept_like_a_mark() {
        let mut unsaved = UnsavedMarks::default();
        let set = |n: u64, topic: Option<Topic>| WriteOp::SetTopic {
            id: ArticleId(n),
            topic,
        };
        assert!(unsaved.keep(&set(4, Some(Topic::China))));
        assert!(unsaved.keep(&set(5, Some(Topic::Us))));
        // The reader changed their mind about 4: the kept choice is replaced, not replayed.
        unsaved.keep(&set(4, None));
        unsaved.supersede(&set(5, Some(Topic::Both)));
        assert_eq!(unsaved.len(), 1);
        assert_eq!(unsaved.take_retries(), [set(4, None)]);
    }

    #[test]
    fn a_newer_mark_replaces_the_kept_one() {
        let mut unsaved = UnsavedMarks::default();
        unsaved.keep(&read(&[1, 2], true));
        // The user marked 2 unread again; that write is queued on its own.
        unsaved.supersede(&read(&[2], false));
        assert_eq!(unsaved.take_retries(), [read(&[1], true)]);

        // When the newer write fails too, its value is the one kept.
        unsaved.keep(&read(&[1, 2], true));
        unsaved.keep(&read(&[2], false));
        assert_eq!(
            unsaved.take_retries(),
            [read(&[1], true), read(&[2], false)]
        );
    }
}
