//! Which articles tell each story of more than one article, oldest first: what the preview
//! lists as "also reported by". Kept as rows arrive and as the cache's writer tells the
//! stories of new articles; a story of one article is not held at all, and most are.

use std::collections::HashMap;

use super::rows::Row;
use crate::model::ArticleId;
use crate::topics::cluster::ClusterId;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryMembers {
    groups: HashMap<ClusterId, Vec<ArticleId>>,
}

impl StoryMembers {
    /// The stories of `rows` (`positions` says where each article is).
    pub fn build(rows: &[Row], positions: &HashMap<ArticleId, usize>) -> StoryMembers {
        let mut members = StoryMembers::default();
        for row in rows {
            if row.story.0 != row.article.id {
                members
                    .groups
                    .entry(row.story)
                    .or_default()
                    .push(row.article.id);
            }
        }
        for (story, ids) in members.groups.iter_mut() {
            // The article a story is named after holds it as its own, so it was not listed.
            if lead_is_in(rows, positions, *story) {
                ids.push(story.0);
            }
            ids.sort_by_key(|id| order_key(rows, positions, *id));
        }
        members
    }

    /// The articles of `story`, oldest first; `None` for a story of one article.
    pub fn of(&self, story: ClusterId) -> Option<&[ArticleId]> {
        self.groups.get(&story).map(Vec::as_slice)
    }

    /// Article `id` (in `rows` already) now belongs to `story` instead of `before`.
    pub fn moved(
        &mut self,
        rows: &[Row],
        positions: &HashMap<ArticleId, usize>,
        id: ArticleId,
        before: ClusterId,
        story: ClusterId,
    ) {
        if let Some(ids) = self.groups.get_mut(&before) {
            ids.retain(|member| *member != id);
            if ids.len() < 2 {
                self.groups.remove(&before);
            }
        }
        if story.0 == id {
            return;
        }
        let ids = self.groups.entry(story).or_default();
        if ids.is_empty() && lead_is_in(rows, positions, story) {
            ids.push(story.0);
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
        ids.sort_by_key(|member| order_key(rows, positions, *member));
    }
}

/// Whether the article a story is named after is among the rows, in that story.
fn lead_is_in(rows: &[Row], positions: &HashMap<ArticleId, usize>, story: ClusterId) -> bool {
    positions
        .get(&story.0)
        .is_some_and(|&at| rows[at].story == story)
}

/// Oldest first, ties by id; an article not in the rows (yet) last.
fn order_key(
    rows: &[Row],
    positions: &HashMap<ArticleId, usize>,
    id: ArticleId,
) -> (i64, ArticleId) {
    positions
        .get(&id)
        .map_or((i64::MAX, id), |&at| (rows[at].article.when(), id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::article_index::ArticleIndex;
    use crate::model::{Article, DecidedBy, FeedId, Topic};

    fn article(id: u64, published: i64) -> Article {
        Article {
            id: ArticleId(id),
            feed: FeedId(id as u32),
            guid: None,
            title: format!("Article {id}"),
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

    fn story(id: u64) -> ClusterId {
        ClusterId(ArticleId(id))
    }

    #[test]
    fn stories_told_before_and_after_their_articles_arrive_list_members_oldest_first() {
        let mut index = ArticleIndex::default();
        index.merge(
            vec![article(1, 100), article(2, 300)],
            |_| "Wire",
            None,
            None,
        );
        assert_eq!(
            index.members.of(story(1)),
            None,
            "a story of one is not held"
        );
        // Told before article 3 is a row: it takes its story when it comes.
        assert!(!index.set_stories(vec![(ArticleId(3), story(1))]));
        index.merge(vec![article(3, 200)], |_| "Wire", None, None);
        assert!(index.set_stories(vec![(ArticleId(2), story(1))]));
        assert!(
            !index.set_stories(vec![(ArticleId(2), story(1))]),
            "no change"
        );
        let ids = [1, 3, 2].map(ArticleId);
        assert_eq!(index.members.of(story(1)), Some(&ids[..]));
        assert_eq!(index.row_of(ArticleId(3)).map(|r| r.story), Some(story(1)));
        let rebuilt = StoryMembers::build(&index.rows, &index.positions);
        assert_eq!(rebuilt, index.members);
    }
}
