//! Stories stored with their articles: the writer thread groups each new article into a
//! story as it stores it (`topics::cluster`), so that listing the cache and loading the
//! dashboard read each article's story instead of grouping every article again.
//!
//! The writer keeps one story index while it works, seeded from the cache with the stored
//! articles of the time window around the new ones (an article joins a story of at most
//! `STORY_WINDOW_SECS` before or after it). New articles are grouped in time order, the
//! batch's together, so a refresh groups as the batch function would; an article that
//! comes later joins the story it matches, which keeps its id. The index is forgotten when
//! the writer has been idle for a while (another instance may have stored articles since)
//! and whenever a commit fails (its articles are not stored after all).
//!
//! The dashboard's writer groups each new article as it stores it (someone listens for the
//! stories, see `Store::set_story_sink`). A `refresh` stores them ungrouped, and the next
//! reader that shows stories groups them all at once first (`WriteOp::GroupStories`): the
//! refresh stays as fast as it was, and the articles are grouped together in time order.
//!
//! `articles.story` is NULL for an article not grouped yet: stored by a `refresh`, cached
//! before the column existed, or one whose grouping failed. Readers show it as a story of
//! its own. `group_ungrouped` finds them through a partial index that holds only them, so
//! it costs nothing once they are grouped.

use std::collections::HashMap;
use std::ops::RangeInclusive;

use rusqlite::{Connection, params};

use super::codec;
use crate::model::{Article, ArticleId, FeedId, UnixTime};
use crate::topics::cluster::{ClusterId, STORY_WINDOW_SECS, StoryIndex, StoryItem};

/// Schema step: the story column and the index of the articles not grouped yet, which
/// at first are all of them.
pub(crate) const STORIES_MIGRATION: &str = "
ALTER TABLE articles ADD COLUMN story INTEGER;
CREATE INDEX articles_ungrouped ON articles (id) WHERE story IS NULL;
";

/// The story of each article that shares one with an earlier article; any article not
/// listed is a story of its own.
pub type StoryMap = HashMap<ArticleId, ClusterId>;

/// The story an article read from the cache belongs to: NULL (not grouped yet) is its own.
pub(crate) fn story_from_sql(id: ArticleId, story: Option<i64>) -> ClusterId {
    ClusterId(story.map_or(id, codec::id_from_sql))
}

/// An article to group: what the index compares, borrowed from the write in hand.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending<'a> {
    pub id: ArticleId,
    pub feed_url: &'a str,
    pub link: Option<&'a str>,
    pub title: &'a str,
    /// Published, else first seen.
    pub time: UnixTime,
}

impl<'a> Pending<'a> {
    pub fn of(feed_url: &'a str, article: &'a Article) -> Pending<'a> {
        Pending {
            id: article.id,
            feed_url,
            link: article.link.as_deref(),
            title: &article.title,
            time: article.when(),
        }
    }
}

/// The writer's story index and which stretch of time of the cache it holds.
#[derive(Debug, Default)]
pub(crate) struct Grouping {
    index: StoryIndex,
    /// Feed URLs as the small ids the index tells feeds apart by.
    feeds: HashMap<String, FeedId>,
    /// The times whose stored, grouped articles are all in `index`.
    seeded: Option<RangeInclusive<UnixTime>>,
}

impl Grouping {
    /// True when the index holds nothing worth keeping.
    pub fn is_empty(&self) -> bool {
        self.seeded.is_none() && self.index.is_empty()
    }

    /// Forgets the index: the next grouping reads the cache again.
    pub fn forget(&mut self) {
        *self = Grouping::default();
    }

    /// The story of each of `articles`, in the order given: a stored article keeps the one
    /// it was grouped into, a new one is grouped now.
    ///
    /// Stored articles are told apart from new ones by the index, which holds every
    /// grouped article of their window once seeded: one lookup in memory each, instead of
    /// a query per article. (One stored without a story is grouped again in memory; its
    /// row keeps NULL until the next `GroupStories` groups it.)
    ///
    /// Grouped in time order (ties by id), after seeding their window.
    pub fn group(
        &mut self,
        conn: &Connection,
        articles: &[Pending<'_>],
    ) -> rusqlite::Result<Vec<ClusterId>> {
        let Some(times) = time_span(articles) else {
            return Ok(Vec::new());
        };
        self.seed(conn, times)?;
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_by_key(|&i| (articles[i].time, articles[i].id));
        let mut stories = vec![ClusterId(ArticleId(0)); articles.len()];
        for i in order {
            let article = &articles[i];
            let feed = self.feed_id(article.feed_url);
            stories[i] = self.index.insert(&StoryItem {
                id: article.id,
                feed,
                link: article.link,
                title: article.title,
                time: article.time,
            });
        }
        Ok(stories)
    }

    /// Makes the index hold every grouped article stored within the story window of
    /// `times`, reading only the stretch it does not hold yet.
    fn seed(&mut self, conn: &Connection, times: RangeInclusive<UnixTime>) -> rusqlite::Result<()> {
        let wanted = times.start().saturating_sub(STORY_WINDOW_SECS)
            ..=times.end().saturating_add(STORY_WINDOW_SECS);
        let missing = match &self.seeded {
            None => vec![wanted.clone()],
            Some(held) => {
                let mut missing = Vec::new();
                if wanted.start() < held.start() {
                    missing.push(*wanted.start()..=held.start() - 1);
                }
                if wanted.end() > held.end() {
                    missing.push(held.end() + 1..=*wanted.end());
                }
                missing
            }
        };
        for range in missing {
            self.read_stored(conn, range)?;
        }
        self.seeded = Some(match self.seeded.take() {
            None => wanted,
            Some(held) => *held.start().min(wanted.start())..=*held.end().max(wanted.end()),
        });
        Ok(())
    }

    /// Adds the grouped articles stored with times in `range`, oldest first.
    fn read_stored(
        &mut self,
        conn: &Connection,
        range: RangeInclusive<UnixTime>,
    ) -> rusqlite::Result<()> {
        // The expression is `articles_newest`'s, so the range walks that index.
        let mut stmt = conn.prepare_cached(
            "SELECT id, feed_url, link, title, coalesce(published, first_seen), story
             FROM articles
             WHERE coalesce(published, first_seen) BETWEEN ?1 AND ?2 AND story IS NOT NULL
             ORDER BY coalesce(published, first_seen), id",
        )?;
        let mut rows = stmt.query(params![range.start(), range.end()])?;
        while let Some(row) = rows.next()? {
            let id = codec::id_from_sql(row.get(0)?);
            let feed = self.feed_id(row.get_ref(1)?.as_str()?);
            let story = ClusterId(codec::id_from_sql(row.get(5)?));
            self.index.insert_known(
                &StoryItem {
                    id,
                    feed,
                    link: row.get_ref(2)?.as_str_or_null()?,
                    title: row.get_ref(3)?.as_str()?,
                    time: row.get(4)?,
                },
                story,
            );
        }
        Ok(())
    }

    fn feed_id(&mut self, url: &str) -> FeedId {
        if let Some(&id) = self.feeds.get(url) {
            return id;
        }
        let id = FeedId(self.feeds.len() as u32);
        self.feeds.insert(url.to_owned(), id);
        id
    }
}

/// The earliest and latest time of `articles`; `None` when there are none.
fn time_span(articles: &[Pending<'_>]) -> Option<RangeInclusive<UnixTime>> {
    let first = articles.first()?.time;
    let (low, high) = articles.iter().fold((first, first), |(low, high), a| {
        (low.min(a.time), high.max(a.time))
    });
    Some(low..=high)
}

/// Groups the articles stored without a story (stored by a `refresh`, or cached before
/// stories were stored) and stores their stories; each article with its story.
pub(crate) fn group_ungrouped(
    conn: &Connection,
    grouping: &mut Grouping,
) -> rusqlite::Result<Vec<(ArticleId, ClusterId)>> {
    let ungrouped = read_ungrouped(conn)?;
    if ungrouped.is_empty() {
        return Ok(Vec::new());
    }
    let pending: Vec<Pending<'_>> = ungrouped
        .iter()
        .map(|article| Pending {
            id: article.id,
            feed_url: &article.feed_url,
            link: article.link.as_deref(),
            title: &article.title,
            time: article.time,
        })
        .collect();
    let stories = grouping.group(conn, &pending)?;
    let found: Vec<(ArticleId, ClusterId)> = pending.iter().map(|p| p.id).zip(stories).collect();
    store(conn, found.iter().copied())?;
    Ok(found)
}

/// A stored article without a story, as grouping needs it.
struct Ungrouped {
    id: ArticleId,
    feed_url: String,
    link: Option<String>,
    title: String,
    time: UnixTime,
}

/// The articles without a story, through the partial index that lists only them.
fn read_ungrouped(conn: &Connection) -> rusqlite::Result<Vec<Ungrouped>> {
    let mut stmt = conn.prepare(
        "SELECT id, feed_url, link, title, coalesce(published, first_seen)
         FROM articles INDEXED BY articles_ungrouped WHERE story IS NULL",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(Ungrouped {
            id: codec::id_from_sql(row.get(0)?),
            feed_url: row.get(1)?,
            link: row.get(2)?,
            title: row.get(3)?,
            time: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// Writes each article's story.
pub(crate) fn store(
    conn: &Connection,
    stories: impl IntoIterator<Item = (ArticleId, ClusterId)>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached("UPDATE articles SET story = ?2 WHERE id = ?1")?;
    for (id, story) in stories {
        stmt.execute([codec::id_to_sql(id), codec::id_to_sql(story.0)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed_report::{FeedOutcome, FeedReport, Validators};
    use crate::model::{DecidedBy, Topic};
    use crate::store::schema::{MIGRATIONS, migrate};
    use crate::store::{WriteOp, WriteOutcome, ops};
    use rusqlite::params;

    const T: i64 = 1_795_000_000;
    const HOUR: i64 = 3_600;

    fn article(id: u64, title: &str, at: i64) -> Article {
        Article {
            id: ArticleId(id),
            feed: FeedId(0),
            guid: None,
            title: title.to_owned(),
            link: Some(format!("https://news.example/{id}")),
            body: String::new(),
            published: Some(at),
            first_seen: at,
            topic: Topic::China,
            decided_by: DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        }
    }

    fn result(feed_url: &str, articles: Vec<Article>) -> WriteOp {
        WriteOp::FeedResult {
            feed_url: feed_url.to_owned(),
            report: FeedReport {
                outcome: FeedOutcome::Updated { articles },
                at: T,
                next_refresh: T + HOUR,
                feed_title: None,
                validators: Validators::default(),
                moved_to: None,
                parse_note: Default::default(),
                prepared: Default::default(),
            },
        }
    }

    fn cache() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn
    }

    /// Applies one batch as the writer does, grouping as it stores when `inline` (someone
    /// listens); the stories it told.
    fn write(
        conn: &mut Connection,
        grouping: &mut Grouping,
        inline: bool,
        ops: &[WriteOp],
    ) -> Vec<(ArticleId, ClusterId)> {
        let mut grouped = Vec::new();
        let ops: Vec<&WriteOp> = ops.iter().collect();
        for outcome in ops::apply_batch(conn, &ops, grouping, inline, &mut grouped) {
            assert!(outcome.is_ok(), "{outcome:?}");
        }
        grouped
    }

    fn stored(conn: &Connection, id: u64) -> Option<u64> {
        conn.query_row(
            "SELECT story FROM articles WHERE id = ?1",
            [codec::id_to_sql(ArticleId(id))],
            |row| row.get::<_, Option<i64>>(0),
        )
        .unwrap()
        .map(|story| codec::id_from_sql(story).0)
    }

    const ASCEND: &str = "Huawei readies Ascend 920 for AI training clusters";
    const ASCEND_AGAIN: &str = "Huawei readies its Ascend 920 for AI training clusters";
    const HBM: &str = "Samsung lifts HBM4 output for Nvidia accelerators";

    #[test]
    fn one_story_told_by_two_feeds_is_stored_as_one() {
        let mut conn = cache();
        let mut grouping = Grouping::default();
        let told = write(
            &mut conn,
            &mut grouping,
            true,
            &[
                result(
                    "https://b.example/feed",
                    vec![article(2, ASCEND_AGAIN, T + HOUR)],
                ),
                result("https://a.example/feed", vec![article(1, ASCEND, T)]),
                result("https://c.example/feed", vec![article(3, HBM, T)]),
            ],
        );
        // Grouped in time order across the batch: the story is the earliest article's.
        assert_eq!(told, [(ArticleId(2), ClusterId(ArticleId(1)))]);
        assert_eq!(
            [1, 2, 3].map(|id| stored(&conn, id)),
            [Some(1), Some(1), Some(3)]
        );
    }

    #[test]
    fn a_later_write_joins_a_stored_story_read_back_from_the_cache() {
        let mut conn = cache();
        write(
            &mut conn,
            &mut Grouping::default(),
            true,
            &[result(
                "https://a.example/feed",
                vec![article(1, ASCEND, T)],
            )],
        );
        // A new index, as after the writer forgot it or in another instance.
        let told = write(
            &mut conn,
            &mut Grouping::default(),
            true,
            &[
                result(
                    "https://b.example/feed",
                    vec![article(2, ASCEND_AGAIN, T + HOUR)],
                ),
                // The same words ten days later are another story.
                result(
                    "https://c.example/feed",
                    vec![article(3, ASCEND_AGAIN, T + 240 * HOUR)],
                ),
            ],
        );
        assert_eq!(told, [(ArticleId(2), ClusterId(ArticleId(1)))]);
        assert_eq!(
            [1, 2, 3].map(|id| stored(&conn, id)),
            [Some(1), Some(1), Some(3)]
        );
    }

    #[test]
    fn a_stored_article_keeps_its_story_when_its_feed_edits_it() {
        let mut conn = cache();
        let mut grouping = Grouping::default();
        write(
            &mut conn,
            &mut grouping,
            true,
            &[
                result("https://a.example/feed", vec![article(1, ASCEND, T)]),
                result(
                    "https://b.example/feed",
                    vec![article(2, ASCEND_AGAIN, T + HOUR)],
                ),
            ],
        );
        for mut grouping in [grouping, Grouping::default()] {
            let told = write(
                &mut conn,
                &mut grouping,
                true,
                &[result(
                    "https://b.example/feed",
                    vec![article(2, HBM, T + HOUR)],
                )],
            );
            assert_eq!(told, [], "nothing new was grouped");
            assert_eq!(stored(&conn, 2), Some(1));
        }
    }

    #[test]
    fn a_cache_from_before_stories_is_grouped_at_the_open() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn, &MIGRATIONS[..9]).unwrap(), 9);
        for (id, feed, title, at) in [
            (1, "https://a.example/feed", ASCEND, T),
            (2, "https://b.example/feed", ASCEND_AGAIN, T + HOUR),
            (3, "https://c.example/feed", HBM, T),
        ] {
            conn.execute(
                "INSERT INTO articles (id, feed_url, title, published, first_seen, topic)
                 VALUES (?1, ?2, ?3, ?4, ?4, 'china')",
                params![id, feed, title, at],
            )
            .unwrap();
        }
        migrate(&mut conn, MIGRATIONS).unwrap();
        assert_eq!(stored(&conn, 2), None, "not grouped yet");
        assert_eq!(
            story_from_sql(ArticleId(2), None),
            ClusterId(ArticleId(2)),
            "an article not grouped yet reads as a story of its own"
        );
        let told = write(
            &mut conn,
            &mut Grouping::default(),
            true,
            &[WriteOp::GroupStories],
        );
        assert_eq!(told, [(ArticleId(2), ClusterId(ArticleId(1)))]);
        assert_eq!(
            [1, 2, 3].map(|id| stored(&conn, id)),
            [Some(1), Some(1), Some(3)]
        );
        assert_eq!(read_ungrouped(&conn).unwrap().len(), 0);
        let again = write(
            &mut conn,
            &mut Grouping::default(),
            true,
            &[WriteOp::GroupStories],
        );
        assert_eq!(again, [], "nothing left to group");
    }

    #[test]
    fn a_refresh_stores_articles_ungrouped_and_the_next_grouping_takes_them_all() {
        let mut conn = cache();
        let mut grouping = Grouping::default();
        let feeds = [
            result(
                "https://b.example/feed",
                vec![article(2, ASCEND_AGAIN, T + HOUR)],
            ),
            result("https://a.example/feed", vec![article(1, ASCEND, T)]),
        ];
        // Without a listener the writer does not group as it stores.
        let told = write(&mut conn, &mut grouping, false, &feeds);
        assert_eq!(told, []);
        assert_eq!([1, 2].map(|id| stored(&conn, id)), [None, None]);
        let mut grouped = Vec::new();
        let outcomes = ops::apply_batch(
            &mut conn,
            &[&WriteOp::GroupStories],
            &mut grouping,
            false,
            &mut grouped,
        );
        assert!(
            matches!(outcomes[..], [Ok(WriteOutcome::Grouped { articles: 2 })]),
            "{outcomes:?}"
        );
        assert_eq!(grouped, [(ArticleId(2), ClusterId(ArticleId(1)))]);
        assert_eq!([1, 2].map(|id| stored(&conn, id)), [Some(1), Some(1)]);
    }

    #[test]
    fn a_failed_commit_forgets_the_index() {
        let mut conn = cache();
        let mut grouping = Grouping::default();
        conn.pragma_update(None, "query_only", true).unwrap();
        let op = result("https://a.example/feed", vec![article(1, ASCEND, T)]);
        let mut grouped = Vec::new();
        let outcomes = ops::apply_batch(&mut conn, &[&op], &mut grouping, true, &mut grouped);
        assert!(outcomes[0].is_err());
        assert!(grouped.is_empty());
        assert!(
            grouping.is_empty(),
            "the index held an article that was not stored"
        );
    }
}
