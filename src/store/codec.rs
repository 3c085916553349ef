//! How model values are written into columns and read back: ids, topics, term lists and
//! the UI memory keys. Kept in one place so the writer and the readers agree.

use std::collections::HashMap;

use crate::model::{ArticleId, Terms, Topic};

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

/// Decodes `terms` columns into shared lists, each different column once: the articles of
/// a cache name a few thousand lists between them, so a read of 100,000 shares them.
#[derive(Default)]
pub(crate) struct TermsDecoder(HashMap<Box<str>, Terms>);

impl TermsDecoder {
    pub(crate) fn decode(&mut self, joined: &str) -> Terms {
        if let Some(terms) = self.0.get(joined) {
            return terms.clone();
        }
        let terms = Terms::from(decode_terms(joined));
        self.0.insert(joined.into(), terms.clone());
        terms
    }
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

/// Bodies shorter than this are stored as plain text: compressing them gains nothing.
const MIN_COMPRESSED_BODY: usize = 128;

/// The largest body a stored length prefix may claim; more means a damaged row, which must
/// not make the reader allocate gigabytes.
const MAX_STORED_BODY: usize = 4 * crate::model::MAX_BODY_BYTES;

/// An article body as it is stored: an LZ4 block after its length (4 bytes, little
/// endian) in a BLOB. Feed HTML shrinks to about a third, so the cache is written, and
/// its pages read, that much less. Short bodies are kept as TEXT.
pub(crate) fn encode_body(body: &str) -> rusqlite::types::ToSqlOutput<'_> {
    use rusqlite::types::{ToSqlOutput, Value, ValueRef};
    if body.len() < MIN_COMPRESSED_BODY {
        return ToSqlOutput::Borrowed(ValueRef::Text(body.as_bytes()));
    }
    ToSqlOutput::Owned(Value::Blob(lz4_flex::compress_prepend_size(
        body.as_bytes(),
    )))
}

/// Reads a body column: a compressed BLOB, or TEXT as earlier versions stored every body.
pub(crate) fn decode_body(
    value: rusqlite::types::ValueRef<'_>,
) -> rusqlite::types::FromSqlResult<String> {
    use rusqlite::types::{FromSqlError, ValueRef};
    match value {
        ValueRef::Text(text) => Ok(String::from_utf8_lossy(text).into_owned()),
        ValueRef::Blob(blob) => {
            let damaged = |what: &str| FromSqlError::Other(format!("stored body {what}").into());
            let (length, block) = blob
                .split_first_chunk::<4>()
                .ok_or_else(|| damaged("is cut short"))?;
            let length = u32::from_le_bytes(*length) as usize;
            if length > MAX_STORED_BODY {
                return Err(damaged("claims an impossible length"));
            }
            let bytes = lz4_flex::decompress(block, length)
                .map_err(|e| damaged(&format!("does not decompress ({e})")))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => Err(FromSqlError::InvalidType),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoder_shares_each_list_of_terms() {
        let mut decoder = TermsDecoder::default();
        let column = encode_terms(&["Nvidia".to_owned(), "export controls".to_owned()]);
        let first = decoder.decode(&column);
        let again = decoder.decode(&column);
        assert_eq!(first, ["Nvidia", "export controls"]);
        assert!(
            std::ptr::eq(first.as_ptr(), again.as_ptr()),
            "one list, shared"
        );
        let other = decoder.decode("Huawei");
        assert_eq!(other, ["Huawei"]);
        assert!(decoder.decode("").is_empty());
    }

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

    #[test]
    fn bodies_round_trip_compressed_or_as_text() {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        let long = "<p>Huawei ships Ascend chips; 华为发布昇腾芯片.</p>\n".repeat(40);
        for body in ["", "<p>short</p>", long.as_str()] {
            let stored = match encode_body(body) {
                ToSqlOutput::Borrowed(ValueRef::Text(text)) => {
                    Value::Text(String::from_utf8(text.to_vec()).unwrap())
                }
                ToSqlOutput::Owned(value) => value,
                other => panic!("unexpected {other:?}"),
            };
            if body.len() >= MIN_COMPRESSED_BODY {
                let Value::Blob(blob) = &stored else {
                    panic!("a long body is compressed")
                };
                assert!(blob.len() < body.len() / 2, "{} bytes", blob.len());
            }
            assert_eq!(decode_body(ValueRef::from(&stored)).unwrap(), body);
        }
    }

    #[test]
    fn damaged_bodies_are_errors_not_huge_allocations() {
        use rusqlite::types::ValueRef;
        let claims_4gb = [0xff, 0xff, 0xff, 0xff, 0x10, 0x41];
        for blob in [
            &[][..],
            &[1, 0][..],
            &claims_4gb[..],
            &[200, 0, 0, 0, 0xf0, 1][..],
        ] {
            assert!(decode_body(ValueRef::Blob(blob)).is_err(), "{blob:?}");
        }
        // Bodies written as TEXT by earlier versions read as they are.
        assert_eq!(
            decode_body(ValueRef::Text(b"<b>kept</b>")).unwrap(),
            "<b>kept</b>"
        );
    }
}
