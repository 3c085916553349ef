//! How model values are written into columns and read back: ids, topics, term lists and
//! the UI memory keys. Kept in one place so the writer and the readers agree.

use crate::model::{ArticleId, Topic};

/// Separates terms in the `terms` column: a control character that sanitized text never
/// holds, so decoding is a plain split with no escaping.
const TERM_SEPARATOR: char = '\u{1f}';

/// SQLite integers are signed; the id keeps its 64 bits as they are.
pub(crate) fn id_to_sql(id: ArticleId) -> i64 {
    id.0 as i64
}

pub(crate) fn id_from_sql(value: i64) -> ArticleId {
    ArticleId(value as u64)
}

pub(crate) fn encode_terms(terms: &[String]) -> String {
    let mut joined = String::with_capacity(terms.iter().map(|t| t.len() + 1).sum());
    for (i, term) in terms.iter().enumerate() {
        if i > 0 {
            joined.push(TERM_SEPARATOR);
        }
        // A separator inside a term would split it in two on the way back.
        joined.extend(term.chars().filter(|&c| c != TERM_SEPARATOR));
    }
    joined
}

pub(crate) fn decode_terms(joined: &str) -> Vec<String> {
    if joined.is_empty() {
        return Vec::new();
    }
    joined.split(TERM_SEPARATOR).map(str::to_owned).collect()
}

/// Reads a topic column; an unknown value (a hand-edited row) is Other.
pub(crate) fn topic_from_sql(value: &str) -> Topic {
    // The exact names come first: `Topic::parse` lowercases, which allocates.
    match value {
        "us" => Topic::Us,
        "china" => Topic::China,
        "both" => Topic::Both,
        "other" => Topic::Other,
        other => Topic::parse(other).unwrap_or(Topic::Other),
    }
}

/// Keys of the `ui` table.
pub(crate) mod ui_keys {
    pub const TOPIC: &str = "topic";
    pub const UNREAD_ONLY: &str = "unread_only";
    pub const STARRED_ONLY: &str = "starred_only";
    pub const SELECTED: &str = "selected";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_round_trip() {
        for terms in [
            vec![],
            vec!["Nvidia".to_owned()],
            vec!["a b".into(), "中国".into()],
        ] {
            assert_eq!(decode_terms(&encode_terms(&terms)), terms);
        }
    }

    #[test]
    fn ids_keep_all_64_bits() {
        for raw in [0, 1, u64::MAX, 1 << 63] {
            assert_eq!(id_from_sql(id_to_sql(ArticleId(raw))), ArticleId(raw));
        }
    }
}
