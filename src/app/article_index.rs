//! The article index: every known article as a row, newest first, with where each one is,
//! the stories they form and the topics the reader set. Merging fetched articles and the
//! cache into it happens here; what the list shows of it is the list pane's business.

use std::collections::{HashMap, HashSet};

use super::rows::{self, CachedRows, Row};
use super::search::SearchCache;
use super::story_members::StoryMembers;
use crate::model::{Article, ArticleId, FeedId};
use crate::store::{Correction, StoryMap, TopicSource};
use crate::topics::cluster::ClusterId;
use crate::topics::watch::Watchlist;

#[derive(Debug, Clone, Default)]
pub struct ArticleIndex {
    /// Every known article, newest first. `article.topic` is the topic shown: the
    /// reader's where they set one (see `corrections`), else the rules'.
    pub rows: Vec<Row>,
    pub positions: HashMap<ArticleId, usize>,
    /// The topics the reader set by hand, with what the rules say of each article.
    pub corrections: HashMap<ArticleId, Correction>,
    /// The articles of each story of several (stories are grouped by the cache's writer,
    /// see `store::stories`, and each row holds its own).
    pub members: StoryMembers,
    /// Stories told for articles that are not rows yet: they take them when they come.
    expected_stories: StoryMap,
    /// Changes whenever `rows` are added, removed or reordered: what was computed over
    /// the old rows (search results) is then stale.
    pub version: u64,
    /// Rows matching recent search queries.
    pub search_cache: SearchCache,
    /// The articles whose full article (from their page) is in the cache.
    pub full_texts: HashSet<ArticleId>,
}

impl ArticleIndex {
    /// The article of row `row`.
    pub fn article(&self, row: u32) -> Option<&Article> {
        self.rows.get(row as usize).map(|r| &r.article)
    }

    /// The row holding article `id`.
    pub fn row_of(&self, id: ArticleId) -> Option<&Row> {
        self.positions.get(&id).and_then(|at| self.rows.get(*at))
    }

    /// Who decided the article's topic.
    pub fn topic_source(&self, id: ArticleId) -> TopicSource {
        let corrected = self.corrections.contains_key(&id);
        match self.row_of(id) {
            Some(row) => TopicSource::of(&row.article, corrected),
            None if corrected => TopicSource::User,
            None => TopicSource::Rules,
        }
    }

    pub fn unread_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.article.read).count()
    }

    /// Rows whose search key holds `query` (lowercased, not empty), ascending.
    pub fn search(&mut self, query: &str) -> &[u32] {
        self.search_cache.matches(&self.rows, self.version, query)
    }

    /// Sets the read flag of row `row`; gives its article when that changed the flag.
    pub fn set_read(&mut self, row: usize, read: bool) -> Option<ArticleId> {
        let article = &mut self.rows.get_mut(row)?.article;
        (article.read != read).then(|| {
            article.read = read;
            article.id
        })
    }

    /// Stars or unstars row `row`: its article and whether it is starred now.
    pub fn toggle_star(&mut self, row: usize) -> Option<(ArticleId, bool)> {
        let article = &mut self.rows.get_mut(row)?.article;
        article.starred = !article.starred;
        Some((article.id, article.starred))
    }

    /// Marks the unread articles of `rows` read and gives them.
    pub fn mark_read(&mut self, rows: &[u32]) -> Vec<ArticleId> {
        let mut ids = Vec::new();
        for &row in rows {
            let article = &mut self.rows[row as usize].article;
            if !article.read {
                article.read = true;
                ids.push(article.id);
            }
        }
        ids
    }

    /// Marks the articles `ids` unread (those still known).
    pub fn mark_unread(&mut self, ids: &[ArticleId]) {
        for id in ids {
            if let Some(&pos) = self.positions.get(id) {
                self.rows[pos].article.read = false;
            }
        }
    }

    /// Adds new articles and updates known ones, keeping what the user owns (read,
    /// starred) and when we first saw them; keeps the rows newest first. Says whether the
    /// article `previewed` changed (its rendered preview is then stale).
    pub fn merge<'a>(
        &mut self,
        articles: Vec<Article>,
        feed_name: impl Fn(FeedId) -> &'a str,
        watchlist: Option<&Watchlist>,
        previewed: Option<ArticleId>,
    ) -> bool {
        let changed = self.insert(articles, feed_name, watchlist, previewed);
        self.settle();
        changed
    }

    /// Takes in the whole cache, built into rows off the UI thread. The rows already held
    /// are newer than that read (the first screen, articles fetched since, the user's
    /// marks), so they win; articles the cache did not have yet are added as usual. Says
    /// whether the article `previewed` changed.
    pub fn adopt<'a>(
        &mut self,
        cached: CachedRows,
        feed_name: impl Fn(FeedId) -> &'a str,
        watchlist: Option<&Watchlist>,
        previewed: Option<ArticleId>,
    ) -> bool {
        let CachedRows {
            mut rows,
            positions,
        } = cached;
        // The cache read gives the rules' topics; the reader's win (rows already held,
        // which replace theirs below, have them already).
        for (id, correction) in self.corrections.iter_mut() {
            if let Some(&pos) = positions.get(id) {
                let article = &mut rows[pos].article;
                correction.rules = article.topic;
                article.topic = correction.topic;
            }
        }
        let mut fresh = Vec::new();
        for row in std::mem::take(&mut self.rows) {
            match positions.get(&row.article.id) {
                Some(&pos) => {
                    let story = rows[pos].story;
                    rows[pos] = Row { story, ..row };
                }
                None => fresh.push(row.article),
            }
        }
        self.rows = rows;
        self.positions = positions;
        // Stories told since the cache was read are newer than what it read.
        for (id, story) in std::mem::take(&mut self.expected_stories) {
            match self.positions.get(&id) {
                Some(&at) => self.rows[at].story = story,
                None => {
                    self.expected_stories.insert(id, story);
                }
            }
        }
        let changed = self.insert(fresh, feed_name, watchlist, previewed);
        self.settle();
        self.members = StoryMembers::build(&self.rows, &self.positions);
        changed
    }

    /// Articles read from the cache are about to arrive with these stories (see `merge`).
    pub fn expect_stories(&mut self, stories: StoryMap) {
        self.expected_stories.extend(stories);
    }

    /// The cache's writer grouped new articles: each joined the story given. Says whether a
    /// row's story changed (the view is then stale).
    pub fn set_stories(&mut self, grouped: Vec<(ArticleId, ClusterId)>) -> bool {
        let mut changed = false;
        for (id, story) in grouped {
            let Some(&at) = self.positions.get(&id) else {
                self.expected_stories.insert(id, story);
                continue;
            };
            let before = self.rows[at].story;
            if before != story {
                self.rows[at].story = story;
                self.members
                    .moved(&self.rows, &self.positions, id, before, story);
                changed = true;
            }
        }
        if changed {
            self.version += 1;
        }
        changed
    }

    fn insert<'a>(
        &mut self,
        articles: Vec<Article>,
        feed_name: impl Fn(FeedId) -> &'a str,
        watchlist: Option<&Watchlist>,
        previewed: Option<ArticleId>,
    ) -> bool {
        let mut previewed_changed = false;
        for mut article in articles {
            apply_correction(&mut self.corrections, &mut article);
            match self.positions.get(&article.id) {
                Some(&pos) => {
                    let old = &mut self.rows[pos];
                    article.read = old.article.read;
                    article.starred = old.article.starred;
                    article.first_seen = old.article.first_seen;
                    if old.article != article {
                        previewed_changed |= previewed == Some(article.id);
                        let name = feed_name(article.feed);
                        let story = old.story;
                        self.rows[pos] = rows::new_row(article, name, watchlist, story);
                    }
                }
                None => {
                    // Until the writer says otherwise, a new article is a story of its own.
                    let id = article.id;
                    let story = self.expected_stories.remove(&id).unwrap_or(ClusterId(id));
                    self.positions.insert(id, self.rows.len());
                    let name = feed_name(article.feed);
                    self.rows
                        .push(rows::new_row(article, name, watchlist, story));
                    if story.0 != id {
                        self.members
                            .moved(&self.rows, &self.positions, id, ClusterId(id), story);
                    }
                }
            }
        }
        previewed_changed
    }

    /// After rows came or changed: a new version, the order and the positions.
    fn settle(&mut self) {
        self.version += 1;
        // Rows still in order kept their positions (new ones were given theirs as they
        // were pushed): adopting the whole cache, built and indexed off the UI thread,
        // then costs the UI thread one pass, not a second index of every row.
        if !self
            .rows
            .is_sorted_by(|a, b| rows::newest_first(a, b).is_le())
        {
            rows::sort_newest_first(&mut self.rows);
            self.positions = rows::positions_of(&self.rows);
        }
    }
}

/// An article arriving with the rules' topic (a fetch, the cache): the rules' topic is
/// remembered and the reader's, when they set one, is the one it shows.
fn apply_correction(corrections: &mut HashMap<ArticleId, Correction>, article: &mut Article) {
    if let Some(correction) = corrections.get_mut(&article.id) {
        correction.rules = article.topic;
        article.topic = correction.topic;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DecidedBy, Topic};

    fn article(id: u64, title: &str, published: i64) -> Article {
        Article {
            id: ArticleId(id),
            feed: FeedId(0),
            guid: None,
            title: title.to_owned(),
            link: None,
            body: String::new(),
            published: Some(published),
            first_seen: published,
            topic: Topic::Other,
            decided_by: DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        }
    }

    fn merge(index: &mut ArticleIndex, articles: Vec<Article>, previewed: Option<u64>) -> bool {
        index.merge(articles, |_| "Wire", None, previewed.map(ArticleId))
    }

    #[test]
    fn merged_articles_are_newest_first_and_keep_what_the_reader_owns() {
        let mut index = ArticleIndex::default();
        merge(
            &mut index,
            vec![article(1, "old", 10), article(2, "new", 20)],
            None,
        );
        assert_eq!(index.rows[0].article.id, ArticleId(2));
        assert_eq!(index.set_read(1, true), Some(ArticleId(1)));
        assert_eq!(index.set_read(1, true), None, "already read");
        let version = index.version;
        let changed = merge(&mut index, vec![article(1, "old, updated", 10)], Some(1));
        assert!(changed, "the previewed article changed");
        let row = index
            .row_of(ArticleId(1))
            .map(|r| (&*r.article.title, r.article.read));
        assert_eq!(row, Some(("old, updated", true)));
        assert!(index.version > version);
        assert!(!merge(
            &mut index,
            vec![article(1, "old, updated", 10)],
            Some(1)
        ));
    }

    #[test]
    fn the_readers_topic_wins_over_the_rules_on_arrival() {
        let mut index = ArticleIndex::default();
        index.corrections.insert(
            ArticleId(7),
            Correction {
                topic: Topic::China,
                rules: Topic::Other,
            },
        );
        let mut fetched = article(7, "chips", 5);
        fetched.topic = Topic::Us;
        merge(&mut index, vec![fetched], None);
        assert_eq!(index.rows[0].article.topic, Topic::China);
        assert_eq!(index.corrections[&ArticleId(7)].rules, Topic::Us);
        assert_eq!(index.topic_source(ArticleId(7)), TopicSource::User);
    }
}
