//! Running a search: the matches ranked by relevance (bm25) then date, the best few read
//! whole, each with its snippet.
//!
//! Ranking scores every match, which for a word in half the cache is most of the time a
//! query takes. A top-N query whose match set is larger than `CANDIDATES` ranks only its
//! newest `CANDIDATES` matches: document numbers follow time (see `Numbering`), and FTS5
//! reads a match list from the highest rowid without scoring it, so the floor is cheap.
//! A common word then finds the most relevant of its recent articles; every other query
//! (and every query without a limit) is ranked exactly.
//!
//! Over 100,000 articles (benches/fts.rs) scoring all 98,849 matches of "AI" took 158 ms,
//! its newest 2,000 under 9 ms. The price is the ranking of common words: their exact top
//! 50 is spread over months, the candidates' top 50 over the last days.

use rusqlite::{Connection, Row, params};

use super::super::codec::TermsDecoder;
use super::super::queries::{
    ARTICLE_COLUMN_COUNT, SHOWN_ARTICLE_COLUMNS, article_from_row, feed_names, story_from_row,
};
use super::super::{HEADLINES_FEED, HeadlineQuery, StoredArticle};
use super::document::decode;
use super::{query, snippet};
use crate::model::Topic;
use crate::text::sanitize::strip_tags;

/// One result of a full-text search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub stored: StoredArticle,
    /// The text around the first match, matches marked with [`super::MATCH_START`] and
    /// [`super::MATCH_END`]: from the feed's text, else the extracted article, else the
    /// title.
    pub snippet: String,
}

/// bm25 weights of the columns, in order: a word in the title counts as much as several
/// in the texts (`at`, the article's time, holds no words).
const RANK: &str = "bm25(article_search, 4.0, 1.0, 1.0, 0.0)";

/// How many of the newest matches a top-N query ranks, at most (see the module comment).
pub(crate) const CANDIDATES: i64 = 2_000;

/// The lowest document of the newest ?2 matches of ?1, as the floor of what is ranked;
/// none when there are no more matches than that.
const FLOOR_IN_INDEX: &str = "
SELECT rowid FROM article_search WHERE article_search MATCH ?1
ORDER BY rowid DESC LIMIT 1 OFFSET ?2 - 1";

/// As `FLOOR_IN_INDEX`, counting only the matches that pass the filters ?3 to ?6.
const FLOOR_FILTERED: &str = "
SELECT s.rowid FROM article_search s
JOIN article_search_docs d ON d.doc = s.rowid
JOIN articles a ON a.id = d.id
LEFT JOIN topic_corrections c ON c.id = a.id
WHERE article_search MATCH ?1 FILTERS
ORDER BY s.rowid DESC LIMIT 1 OFFSET ?2 - 1";

/// The filters of a query, over `articles a` and `topic_corrections c`.
const FILTERS: &str = "
      AND (?3 IS NULL OR coalesce(c.topic, a.topic) = ?3)
      AND (?4 = 0 OR a.read = 0)
      AND (?5 = 0 OR a.starred = 1)
      AND (?6 IS NULL OR coalesce(a.published, a.first_seen) >= ?6)";

/// Ranks the matches of ?1 from document ?7 up by relevance, then time, then document, and
/// keeps the ids of the best ?2: with no other filter the index alone ranks them.
const RANK_IN_INDEX: &str = "
SELECT d.id FROM (
    SELECT rowid AS doc, RANK AS score, at FROM article_search
    WHERE article_search MATCH ?1 AND rowid >= ?7
    ORDER BY score, at DESC, doc LIMIT ?2
) r JOIN article_search_docs d ON d.doc = r.doc
ORDER BY r.score, r.at DESC, r.doc";

/// As `RANK_IN_INDEX`, each match joined to its article for the filters ?3 to ?6.
const RANK_FILTERED: &str = "
SELECT r.id FROM (
    SELECT a.id AS id, RANK AS score, s.at AS at, s.rowid AS doc
    FROM article_search s
    JOIN article_search_docs d ON d.doc = s.rowid
    JOIN articles a ON a.id = d.id
    LEFT JOIN topic_corrections c ON c.id = a.id
    WHERE article_search MATCH ?1 AND s.rowid >= ?7 FILTERS
    ORDER BY score, at DESC, doc LIMIT ?2
) r
ORDER BY r.score, r.at DESC, r.doc";

/// Articles whose title or texts match `query.search` (see `query` for the syntax) and the
/// other filters, best match first, then newest; at most `query.limit`.
pub(crate) fn search(conn: &Connection, query: &HeadlineQuery) -> rusqlite::Result<Vec<SearchHit>> {
    search_with(conn, query, CANDIDATES)
}

/// `search`, ranking at most the newest `candidates` matches of a top-N query.
pub(crate) fn search_with(
    conn: &Connection,
    query: &HeadlineQuery,
    candidates: i64,
) -> rusqlite::Result<Vec<SearchHit>> {
    let terms = query::parse(query.search.as_deref().unwrap_or(""));
    let Some(expression) = query::to_match(&terms) else {
        return Ok(Vec::new());
    };
    let ids = ranked_ids(conn, query, &expression, candidates)?;
    let names = feed_names(conn)?;
    let words: Vec<String> = terms.into_iter().map(|term| term.text).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SHOWN_ARTICLE_COLUMNS}, b.body, f.text
         FROM articles a
         LEFT JOIN topic_corrections c ON c.id = a.id
         LEFT JOIN article_bodies b ON b.id = a.id
         LEFT JOIN article_full_texts f ON f.id = a.id
         WHERE a.id = ?1"
    ))?;
    let mut hits = Vec::with_capacity(ids.len());
    let mut term_lists = TermsDecoder::default();
    for id in ids {
        let mut rows = stmt.query([id])?;
        let Some(row) = rows.next()? else { continue };
        let article = article_from_row(row, HEADLINES_FEED, &mut term_lists)?;
        let snippet = snippet_of(row, &article.title, &words)?;
        let feed_url: String = row.get(1)?;
        hits.push(SearchHit {
            stored: StoredArticle {
                feed_name: names.get(&feed_url).cloned().flatten(),
                feed_url,
                article,
                story: story_from_row(row)?,
            },
            snippet,
        });
    }
    Ok(hits)
}

/// The ids of the best matches, in order. Only these few are read whole: ranking sorts
/// small rows (score, time, document).
fn ranked_ids(
    conn: &Connection,
    query: &HeadlineQuery,
    expression: &str,
    candidates: i64,
) -> rusqlite::Result<Vec<i64>> {
    let limit = query
        .limit
        .map_or(i64::MAX, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let filtered =
        query.topic.is_some() || query.unread_only || query.starred_only || query.since.is_some();
    let filters = params![
        expression,
        candidates,
        query.topic.map(Topic::as_str),
        query.unread_only,
        query.starred_only,
        query.since,
    ];
    // Without a limit every match is wanted, so every match is ranked.
    let floor: Option<i64> = if query.limit.is_some() && candidates < i64::MAX {
        let mut rows = if filtered {
            let mut stmt = conn.prepare_cached(&FLOOR_FILTERED.replace("FILTERS", FILTERS))?;
            stmt.query_map(filters, |row| row.get(0))?
                .collect::<Result<Vec<i64>, _>>()?
        } else {
            let mut stmt = conn.prepare_cached(FLOOR_IN_INDEX)?;
            stmt.query_map(params![expression, candidates], |row| row.get(0))?
                .collect::<Result<Vec<i64>, _>>()?
        };
        rows.pop()
    } else {
        None
    };
    let floor = floor.unwrap_or(i64::MIN);
    if filtered {
        let sql = RANK_FILTERED
            .replace("RANK", RANK)
            .replace("FILTERS", FILTERS);
        conn.prepare_cached(&sql)?
            .query_map(
                params![
                    expression,
                    limit,
                    query.topic.map(Topic::as_str),
                    query.unread_only,
                    query.starred_only,
                    query.since,
                    floor,
                ],
                |row| row.get(0),
            )?
            .collect()
    } else {
        conn.prepare_cached(&RANK_IN_INDEX.replace("RANK", RANK))?
            .query_map(
                params![
                    expression,
                    limit,
                    None::<i64>,
                    false,
                    false,
                    None::<i64>,
                    floor
                ],
                |row| row.get(0),
            )?
            .collect()
    }
}

/// The snippet from the feed's text (the column after the article's), else the extracted
/// text (the next one), else the title, else the title as it is.
fn snippet_of(row: &Row<'_>, title: &str, words: &[String]) -> rusqlite::Result<String> {
    let body = strip_tags(&decode(row.get_ref(ARTICLE_COLUMN_COUNT)?)?);
    if let Some(snippet) = snippet::snippet(&body, words) {
        return Ok(snippet);
    }
    // Decompressed only when the feed's text had no match; its paragraphs run together
    // on one line, as the feed's text does once its tags are stripped.
    let full_text = decode(row.get_ref(ARTICLE_COLUMN_COUNT + 1)?)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(snippet::snippet(&full_text, words)
        .or_else(|| snippet::snippet(title, words))
        .unwrap_or_else(|| title.to_owned()))
}
