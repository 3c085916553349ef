//! What the index holds of one article: read back from the cache (its time, title, feed
//! text and extracted text, decompressed), where an article is indexed from what is stored
//! rather than from a feed result in hand (the backlog, a saved full text); and the words
//! made of those texts, which is what the index is given.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Row};

use super::super::codec;
use super::tokens::index_text;
use crate::feed_report::PreparedArticle;
use crate::model::Article;
use crate::text::sanitize::strip_tags;

/// One article as the index sees it (texts as stored: the body is HTML, the full text plain).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub id: i64,
    /// Published, else first seen.
    pub at: i64,
    pub title: String,
    pub body_html: String,
    /// The extracted article, empty when none is stored (or only a failure is).
    pub full_text: String,
}

impl Document {
    /// The document's words as the index takes them.
    pub fn words(&self) -> Words {
        Words {
            id: self.id,
            at: self.at,
            title: index_text(&self.title),
            body: index_text(&strip_tags(&self.body_html)),
            full_text: index_text(&self.full_text),
        }
    }
}

/// One article's words as the index takes them: each text already through `index_text`
/// (the body tag-stripped first), ready to bind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Words {
    pub id: i64,
    /// Published, else first seen.
    pub at: i64,
    pub title: String,
    pub body: String,
    pub full_text: String,
}

impl Words {
    /// A feed's article before any extracted text, from its prepared form (`prepare`).
    pub fn of(article: &Article, prepared: &PreparedArticle) -> Words {
        Words {
            id: codec::id_to_sql(article.id),
            at: article.when(),
            title: prepared.index_title.clone(),
            body: prepared.index_body.clone(),
            full_text: String::new(),
        }
    }
}

/// The columns `from_row` reads, over `articles a` joined to its body `b` and full text `f`.
pub(crate) const DOCUMENT_COLUMNS: &str =
    "a.id, coalesce(a.published, a.first_seen), a.title, b.body, f.text";

/// The joins `DOCUMENT_COLUMNS` needs after `FROM articles a`.
pub(crate) const DOCUMENT_JOINS: &str = "LEFT JOIN article_bodies b ON b.id = a.id
     LEFT JOIN article_full_texts f ON f.id = a.id";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Document> {
    Ok(Document {
        id: row.get(0)?,
        at: row.get(1)?,
        title: row.get(2)?,
        body_html: decode(row.get_ref(3)?)?,
        full_text: decode(row.get_ref(4)?)?,
    })
}

/// A compressed text column; NULL (no row, or a stored failure) is the empty text.
pub(crate) fn decode(value: ValueRef<'_>) -> rusqlite::Result<String> {
    match value {
        ValueRef::Null => Ok(String::new()),
        value => codec::decode_body(value).map_err(rusqlite::Error::from),
    }
}

/// The stored document of article `id`, or `None` when the cache does not hold it.
pub(crate) fn load(conn: &Connection, id: i64) -> rusqlite::Result<Option<Document>> {
    conn.prepare_cached(&format!(
        "SELECT {DOCUMENT_COLUMNS} FROM articles a {DOCUMENT_JOINS} WHERE a.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

/// The stored extracted text of article `id`, empty when there is none.
pub(crate) fn load_full_text(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    let text = conn
        .prepare_cached("SELECT text FROM article_full_texts WHERE id = ?1")?
        .query_row([id], |row| decode(row.get_ref(0)?))
        .optional()?;
    Ok(text.unwrap_or_default())
}
