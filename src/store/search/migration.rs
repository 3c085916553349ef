//! The schema steps of the search index: the first one (title and feed text) and the one
//! that added the extracted article text. Shipped steps are never edited (see `schema`).

/// Schema step: the index, its document numbers, and the backlog of articles it does not
/// hold yet.
///
/// The index numbers its documents itself (`article_search_docs`) instead of using the
/// article ids: those are hashes, spread over all 64 bits, and FTS5 stores each posting as
/// the distance from the previous rowid, which for hashes takes 7 to 9 bytes instead of
/// one or two (it made the index twice as large).
///
/// Every article cached before this step goes into the backlog, which the writer thread
/// drains (`backlog`; SQL alone cannot decompress a body or cut Chinese into pairs). A later source
/// of text (the extracted article) is one more step of the same shape: drop the table,
/// create it with a third column, and put every article back into the backlog.
pub(crate) const SEARCH_INDEX: &str = "
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, at UNINDEXED,
    content = '', contentless_delete = 1, contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE article_search_docs (
    doc INTEGER PRIMARY KEY,
    id  INTEGER NOT NULL UNIQUE
);
CREATE TABLE article_search_backlog (id INTEGER PRIMARY KEY);
INSERT INTO article_search_backlog (id) SELECT id FROM articles;
CREATE TRIGGER article_search_forget AFTER DELETE ON articles BEGIN
    DELETE FROM article_search
        WHERE rowid = (SELECT doc FROM article_search_docs WHERE id = old.id);
    DELETE FROM article_search_docs WHERE id = old.id;
    DELETE FROM article_search_backlog WHERE id = old.id;
END;
";

/// Schema step: the index rebuilt with a third column, the article text extracted from its
/// page (`full_text`), in the shape `SEARCH_INDEX` foresaw: the old index and its numbering
/// are dropped and every article goes back into the backlog, which the writer thread
/// drains in small transactions between other writes (`backlog`).
///
/// `IF EXISTS` everywhere: a cache whose index was dropped by hand still upgrades.
pub(crate) const SEARCH_INDEX_FULL_TEXT: &str = "
DROP TRIGGER IF EXISTS article_search_forget;
DROP TABLE IF EXISTS article_search;
DROP TABLE IF EXISTS article_search_content;
DROP TABLE IF EXISTS article_search_docs;
DROP TABLE IF EXISTS article_search_backlog;
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, full_text, at UNINDEXED,
    content = '', contentless_delete = 1, contentless_unindexed = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE article_search_docs (
    doc INTEGER PRIMARY KEY,
    id  INTEGER NOT NULL UNIQUE
);
CREATE TABLE article_search_backlog (id INTEGER PRIMARY KEY);
INSERT INTO article_search_backlog (id) SELECT id FROM articles;
CREATE TRIGGER article_search_forget AFTER DELETE ON articles BEGIN
    DELETE FROM article_search
        WHERE rowid = (SELECT doc FROM article_search_docs WHERE id = old.id);
    DELETE FROM article_search_docs WHERE id = old.id;
    DELETE FROM article_search_backlog WHERE id = old.id;
END;
";
