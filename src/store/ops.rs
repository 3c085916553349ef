//! The SQL of each write: every `WriteOp` runs in its own savepoint inside a `BEGIN
//! IMMEDIATE` transaction, so a failure (full disk, read-only file) rolls it back whole and
//! leaves stored rows as they were.

use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params};

use super::codec::{self, ui_keys};
use super::search;
use super::stories::{self, StoryMap};
use super::{StoreError, UiMemory, WriteOp, WriteOutcome};
use crate::feed_report::{FeedOutcome, FeedReport, PreparedArticle};
use crate::model::{Article, ArticleId, Topic, UnixTime};
use crate::topics::cluster::ClusterId;

/// Applies several writes in one transaction, each inside its own savepoint: one that
/// fails is rolled back alone and reported alone, while the others share one commit
/// (most of a commit's cost is writing the pages the writes share, such as index pages).
/// When the commit itself fails, every write reports that failure.
///
/// With `inline`, the feed results' new articles are grouped into stories as they are
/// stored; without, they are stored ungrouped, for a later `GroupStories`. The articles
/// that joined another article's story are added to `grouped` once the batch commits.
pub(crate) fn apply_batch(
    conn: &mut Connection,
    ops: &[&WriteOp],
    grouping: &mut stories::Grouping,
    inline: bool,
    grouped: &mut Vec<(ArticleId, ClusterId)>,
) -> Vec<Result<WriteOutcome, StoreError>> {
    let path = conn
        .path()
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let fail = |op: &WriteOp, error: &rusqlite::Error| {
        if super::db::is_corrupt(error) {
            // The writer marks the file; the message says what the next start does.
            StoreError::Damaged {
                path: path.clone(),
                message: format!("{}: {error}", describe_op(op)),
            }
        } else {
            StoreError::Write(format!("{}: {}", describe_op(op), super::describe(error)))
        }
    };
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(error) => return ops.iter().map(|op| Err(fail(op, &error))).collect(),
    };
    let mut stories = BatchStories {
        stored_with: if inline {
            group_stories(&tx, ops, grouping)
        } else {
            StoryMap::new()
        },
        grouping,
        regrouped: Vec::new(),
    };
    let mut outcomes = Vec::with_capacity(ops.len());
    let mut index = search::Deferred::default();
    for op in ops {
        let told = stories.regrouped.len();
        let outcome = tx.savepoint().and_then(|savepoint| {
            let mut queued = search::Deferred::default();
            let outcome = apply_one(&savepoint, op, &mut stories, &mut queued)?;
            savepoint.commit()?;
            index.extend(queued);
            Ok(outcome)
        });
        if outcome.is_err() {
            // Rolled back: what it grouped is not stored.
            stories.regrouped.truncate(told);
        }
        outcomes.push(outcome.map_err(|error| fail(op, &error)));
    }
    index_after_savepoints(&mut tx, index);
    match tx.commit() {
        Ok(()) => {
            grouped.extend(new_stories(&outcomes, &stories.stored_with));
            grouped.extend(stories.regrouped);
            outcomes
        }
        Err(error) => {
            // The index holds articles that are not stored after all.
            stories.grouping.forget();
            ops.iter().map(|op| Err(fail(op, &error))).collect()
        }
    }
}

/// What a batch knows of stories: the one each of its feed results' articles is stored
/// with, the writer's story index, and what a `GroupStories` of the batch grouped (told
/// once the batch commits).
struct BatchStories<'a> {
    stored_with: StoryMap,
    grouping: &'a mut stories::Grouping,
    regrouped: Vec<(ArticleId, ClusterId)>,
}

/// The story of every article the batch's feed results carry, grouped before they are
/// stored so that each new article is inserted with its story. When grouping fails the
/// articles are stored without one, for the next `GroupStories`.
fn group_stories(tx: &Connection, ops: &[&WriteOp], grouping: &mut stories::Grouping) -> StoryMap {
    let pending: Vec<stories::Pending<'_>> = ops
        .iter()
        .filter_map(|op| match op {
            WriteOp::FeedResult {
                feed_url,
                report:
                    FeedReport {
                        outcome: FeedOutcome::Updated { articles },
                        ..
                    },
            } => Some((feed_url, articles)),
            _ => None,
        })
        .flat_map(|(feed_url, articles)| {
            articles
                .iter()
                .map(|article| stories::Pending::of(feed_url, article))
        })
        .collect();
    match grouping.group(tx, &pending) {
        Ok(found) => pending
            .iter()
            .map(|article| article.id)
            .zip(found)
            .collect(),
        Err(error) => {
            tracing::warn!(%error, "stories not grouped; the articles are grouped by the next reader that shows them");
            grouping.forget();
            StoryMap::new()
        }
    }
}

/// The new articles of the batch that joined another article's story.
fn new_stories(
    outcomes: &[Result<WriteOutcome, StoreError>],
    stories: &StoryMap,
) -> Vec<(ArticleId, ClusterId)> {
    outcomes
        .iter()
        .filter_map(|outcome| match outcome {
            Ok(WriteOutcome::Stored { new_ids, .. }) => Some(new_ids),
            _ => None,
        })
        .flatten()
        .filter_map(|id| {
            let story = *stories.get(id)?;
            (story.0 != *id).then_some((*id, story))
        })
        .collect()
}

/// The batch's search-index work, in one savepoint of its own after the writes' (see
/// `search::Deferred`). When it fails the articles are still stored, and wait in the
/// index's backlog instead; a failure that also breaks the commit is reported by it.
fn index_after_savepoints(tx: &mut rusqlite::Transaction<'_>, index: search::Deferred) {
    if index.is_empty() {
        return;
    }
    let ids = index.ids();
    let indexed = tx.savepoint().and_then(|savepoint| {
        index.apply(&savepoint)?;
        savepoint.commit()
    });
    if let Err(error) = indexed {
        tracing::warn!(articles = ids.len(), %error, "search index not updated; the articles wait in its backlog");
        if let Err(error) = search::postpone(tx, &ids) {
            tracing::warn!(%error, "the search index's backlog was not updated either");
        }
    }
}

fn apply_one(
    conn: &Connection,
    op: &WriteOp,
    stories: &mut BatchStories<'_>,
    index: &mut search::Deferred,
) -> rusqlite::Result<WriteOutcome> {
    match op {
        WriteOp::FeedResult { feed_url, report } => {
            store_feed_result(conn, feed_url, report, &stories.stored_with, index)
        }
        WriteOp::SetRead { ids, read } => set_flag(conn, "read", ids, *read),
        WriteOp::SetStarred { ids, starred } => set_flag(conn, "starred", ids, *starred),
        WriteOp::Prune {
            now,
            max_age,
            max_per_feed,
        } => prune(conn, *now, *max_age, *max_per_feed),
        WriteOp::SaveUi(memory) => save_ui(conn, memory),
        WriteOp::SetTopic { id, topic } => set_topic(conn, *id, *topic),
        WriteOp::SaveFullText { id, full_text } => {
            super::full_text::save(conn, *id, full_text, index)
        }
        WriteOp::ImportMarks { marks } => super::marks::import(conn, marks),
        WriteOp::GroupStories => group_ungrouped(conn, stories),
    }
}

/// Groups the articles stored without a story; those that joined another article's story
/// are told once the batch commits.
fn group_ungrouped(
    conn: &Connection,
    stories: &mut BatchStories<'_>,
) -> rusqlite::Result<WriteOutcome> {
    let found = match stories::group_ungrouped(conn, stories.grouping) {
        Ok(found) => found,
        Err(error) => {
            // Its savepoint rolls back: the index would hold stories that are not stored.
            stories.grouping.forget();
            return Err(error);
        }
    };
    let articles = found.len();
    stories
        .regrouped
        .extend(found.into_iter().filter(|(id, story)| story.0 != *id));
    Ok(WriteOutcome::Grouped { articles })
}

fn describe_op(op: &WriteOp) -> String {
    match op {
        WriteOp::FeedResult { feed_url, .. } => format!("storing {feed_url}"),
        WriteOp::SetRead { .. } => "saving read marks".to_owned(),
        WriteOp::SetStarred { .. } => "saving stars".to_owned(),
        WriteOp::Prune { .. } => "pruning old articles".to_owned(),
        WriteOp::SaveUi(_) => "saving the view".to_owned(),
        WriteOp::SetTopic { .. } => "saving a topic you set".to_owned(),
        WriteOp::SaveFullText { .. } => "saving an article's full text".to_owned(),
        WriteOp::ImportMarks { .. } => "saving imported read marks and stars".to_owned(),
        WriteOp::GroupStories => "grouping articles into stories".to_owned(),
    }
}

fn store_feed_result(
    tx: &Connection,
    feed_url: &str,
    report: &FeedReport,
    stories: &StoryMap,
    index: &mut search::Deferred,
) -> rusqlite::Result<WriteOutcome> {
    let (succeeded, error) = match &report.outcome {
        FeedOutcome::Updated { .. } | FeedOutcome::NotModified => (true, None),
        FeedOutcome::Failed { error } => (false, Some(error.as_str())),
    };
    // A failed fetch changes no validators: the server said nothing new about them.
    tx.prepare_cached(
        "INSERT INTO feeds (url, name, etag, last_modified, moved_to, last_success,
                            last_attempt, last_error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (url) DO UPDATE SET
             name = coalesce(excluded.name, name),
             etag = CASE WHEN ?9 THEN excluded.etag ELSE etag END,
             last_modified = CASE WHEN ?9 THEN excluded.last_modified ELSE last_modified END,
             moved_to = coalesce(excluded.moved_to, moved_to),
             last_success = coalesce(excluded.last_success, last_success),
             last_attempt = excluded.last_attempt,
             last_error = excluded.last_error",
    )?
    .execute(params![
        feed_url,
        report.feed_title,
        report.validators.etag,
        report.validators.last_modified,
        report.moved_to,
        succeeded.then_some(report.at),
        report.at,
        error,
        succeeded,
    ])?;
    let first_fetch = !tx
        .prepare_cached("SELECT 1 FROM articles WHERE feed_url = ?1 LIMIT 1")?
        .exists([feed_url])?;
    let mut new_ids = Vec::new();
    if let FeedOutcome::Updated { articles } = &report.outcome {
        let mut cursor = 0;
        for article in articles {
            let made_here;
            let prepared = match report.prepared.matching(article, &mut cursor) {
                Some(prepared) => prepared,
                None => {
                    made_here = search::prepare_here(article);
                    &made_here
                }
            };
            let story = stories.get(&article.id).copied();
            if upsert_article(tx, feed_url, article, prepared, story, index)? {
                new_ids.push(article.id);
            }
        }
    }
    Ok(WriteOutcome::Stored {
        new_articles: new_ids.len(),
        new_ids,
        first_fetch,
    })
}

/// Inserts a new article or refreshes what the feed may have edited; read, starred and
/// first_seen belong to the user's history and are left alone, and so is the story a stored
/// article was grouped into. True when it was new. `prepared` holds its index words
/// (`search::prepare`); `story` is the one it is inserted with (`None`: not grouped yet).
fn upsert_article(
    tx: &Connection,
    feed_url: &str,
    article: &Article,
    prepared: &PreparedArticle,
    story: Option<ClusterId>,
    index: &mut search::Deferred,
) -> rusqlite::Result<bool> {
    let id = codec::id_to_sql(article.id);
    let pruned = tx
        .prepare_cached("SELECT 1 FROM pruned WHERE id = ?1")?
        .exists([id])?;
    if pruned {
        // Retention removed it; the feed still carries it. It is not new again.
        return Ok(false);
    }
    let terms = codec::encode_terms(&article.terms);
    let topic = article.topic.as_str();
    let decided_by = article.decided_by.as_str();
    let inserted =
        tx.prepare_cached(
            "INSERT INTO articles (id, feed_url, guid, link, title, published, first_seen,
                                   topic, terms, read, starred, decided_by, story)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            id,
            feed_url,
            article.guid,
            article.link,
            article.title,
            article.published,
            article.first_seen,
            topic,
            terms,
            article.read,
            article.starred,
            decided_by,
            story.map(|story| codec::id_to_sql(story.0)),
        ])? == 1;
    let mut edited = false;
    if !inserted {
        // Only rows that differ are rewritten: most of a refetched feed is unchanged.
        edited =
            tx.prepare_cached(
                "UPDATE articles SET guid = ?2, link = ?3, title = ?4, published = ?5, topic = ?6,
                                 terms = ?7, decided_by = ?8
             WHERE id = ?1 AND (guid IS NOT ?2 OR link IS NOT ?3 OR title IS NOT ?4
                                OR published IS NOT ?5 OR topic IS NOT ?6 OR terms IS NOT ?7
                                OR decided_by IS NOT ?8)",
            )?
            .execute(params![
                id,
                article.guid,
                article.link,
                article.title,
                article.published,
                topic,
                terms,
                decided_by
            ])? == 1;
    }
    let body_changed = tx
        .prepare_cached(
            "INSERT INTO article_bodies (id, body) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body WHERE body IS NOT excluded.body",
        )?
        .execute(params![id, codec::encode_body(&article.body)])?
        == 1;
    // A new article has no stored files to compare with, and most have none to write.
    if !(inserted && article.enclosures.is_empty()) {
        super::enclosures::replace(tx, article.id, &article.enclosures)?;
    }
    // The search index follows in the same transaction; an unchanged article costs nothing.
    if inserted {
        super::marks::apply_on_insert(tx, id)?;
        index.new_article(article, prepared);
    } else if edited || body_changed {
        index.changed_article(article, prepared);
    }
    Ok(inserted)
}

fn set_flag(
    tx: &Connection,
    column: &str,
    ids: &[ArticleId],
    value: bool,
) -> rusqlite::Result<WriteOutcome> {
    // `column` is one of two literals chosen above, never user input.
    let mut stmt =
        tx.prepare_cached(&format!("UPDATE articles SET {column} = ?2 WHERE id = ?1"))?;
    for id in ids {
        stmt.execute(params![codec::id_to_sql(*id), value])?;
    }
    Ok(WriteOutcome::Done)
}

/// How long a pruned article's id is remembered, at the least.
const TOMBSTONE_SECS: i64 = 365 * 86_400;

fn prune(
    tx: &Connection,
    now: UnixTime,
    max_age: Duration,
    max_per_feed: usize,
) -> rusqlite::Result<WriteOutcome> {
    let age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    // Age counts from the later of published and first seen (see `retention::aged_from`).
    let cutoff = super::retention::cutoff(now, max_age);
    tx.prepare_cached(
        "INSERT OR REPLACE INTO pruned (id, at)
         SELECT id, ?2 FROM articles
         WHERE starred = 0 AND coalesce(published, first_seen) < ?1 AND first_seen < ?1",
    )?
    .execute([cutoff, now])?;
    let mut removed = tx
        .prepare_cached(
            "DELETE FROM articles
             WHERE starred = 0 AND coalesce(published, first_seen) < ?1 AND first_seen < ?1",
        )?
        .execute([cutoff])?;
    // Starred articles count towards the newest N but are kept even when older.
    let keep = i64::try_from(max_per_feed).unwrap_or(i64::MAX);
    // Ranking every article of every feed sorts the whole cache (most of a second at
    // 100,000, at each start): counting them per feed on the feed index says first whether
    // any feed has more than it keeps.
    let over: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM articles GROUP BY feed_url HAVING count(*) > ?1)",
        )?
        .query_row([keep], |row| row.get(0))?;
    if over {
        removed += prune_beyond(tx, keep, now)?;
    }
    // A tombstone only has to outlive the feed's memory of the item; a year is plenty.
    tx.prepare_cached("DELETE FROM pruned WHERE at < ?1")?
        .execute([now.saturating_sub(TOMBSTONE_SECS.max(age.saturating_mul(2)))])?;
    Ok(WriteOutcome::Pruned { removed })
}

/// Deletes the articles beyond the newest `keep` of their feed (starred ones stay), with
/// their tombstones; how many.
fn prune_beyond(tx: &Connection, keep: i64, now: UnixTime) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO pruned (id, at)
         SELECT id, ?2 FROM (
             SELECT id, starred, row_number() OVER (
                 PARTITION BY feed_url
                 ORDER BY coalesce(published, first_seen) DESC, id
             ) AS rank
             FROM articles
         )
         WHERE rank > ?1 AND starred = 0",
    )?
    .execute(params![keep, now])?;
    tx.prepare_cached(
        "DELETE FROM articles WHERE id IN (
                 SELECT id FROM (
                     SELECT id, starred, row_number() OVER (
                         PARTITION BY feed_url
                         ORDER BY coalesce(published, first_seen) DESC, id
                     ) AS rank
                     FROM articles
                 )
                 WHERE rank > ?1 AND starred = 0
             )",
    )?
    .execute([keep])
}

/// Stores or removes the reader's topic of one article. An article the cache does not hold
/// (pruned meanwhile) gets none: the correction would point at nothing.
fn set_topic(
    tx: &Connection,
    id: ArticleId,
    topic: Option<Topic>,
) -> rusqlite::Result<WriteOutcome> {
    let id = codec::id_to_sql(id);
    match topic {
        Some(topic) => tx
            .prepare_cached(
                "INSERT INTO topic_corrections (id, topic)
                 SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)
                 ON CONFLICT (id) DO UPDATE SET topic = excluded.topic",
            )?
            .execute(params![id, topic.as_str()])?,
        None => tx
            .prepare_cached("DELETE FROM topic_corrections WHERE id = ?1")?
            .execute([id])?,
    };
    Ok(WriteOutcome::Done)
}

fn save_ui(tx: &Connection, memory: &UiMemory) -> rusqlite::Result<WriteOutcome> {
    let bool_text = |flag: bool| if flag { "1" } else { "0" };
    let entries = [
        (ui_keys::TOPIC, memory.topic.map(|t| t.as_str().to_owned())),
        (
            ui_keys::UNREAD_ONLY,
            Some(bool_text(memory.unread_only).to_owned()),
        ),
        (
            ui_keys::STARRED_ONLY,
            Some(bool_text(memory.starred_only).to_owned()),
        ),
        (ui_keys::SELECTED, memory.selected.map(|id| id.to_string())),
    ];
    let mut upsert = tx.prepare_cached(
        "INSERT INTO ui (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    let mut delete = tx.prepare_cached("DELETE FROM ui WHERE key = ?1")?;
    for (key, value) in entries {
        match value {
            Some(value) => upsert.execute(params![key, value])?,
            None => delete.execute([key])?,
        };
    }
    Ok(WriteOutcome::Done)
}
