//! The headline list: which articles it shows (the filter, the lines of the view and how
//! each stands in its story), the selection and the scroll. What the lines are built from
//! is in `view`; the articles themselves are the index's.

use std::collections::HashSet;

use super::article_index::ArticleIndex;
use crate::model::{Article, ArticleId, Topic};
use crate::topics::cluster::ClusterId;

/// How a line of the list stands in its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryMark {
    /// The newest article of its story shown; `more` other articles are folded under it.
    Lead { more: u32 },
    /// Another article of an unfolded story, listed under its lead.
    Member,
}

/// Which articles the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `None` is the "All" tab.
    pub topic: Option<Topic>,
    /// Case-insensitive substring of title or source; empty matches everything.
    pub search: String,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles naming a watchlist term.
    pub watched_only: bool,
    /// A saved view's tab (an index into the views) instead of a topic tab.
    pub view: Option<usize>,
    /// The query searches everything (title, feed text and full article, in the cache's
    /// full-text index) instead of titles and sources as typed.
    pub everything: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ListPane {
    pub filter: Filter,
    /// Indices into the index's rows that pass the filter, in display order: one line per
    /// story, plus the members of unfolded stories.
    pub view: Vec<u32>,
    /// For each line of `view`, how it stands in its story.
    pub view_marks: Vec<StoryMark>,
    /// Stories whose other articles are listed (x).
    pub unfolded: HashSet<ClusterId>,
    /// Counts per tab under the current search: All, US, China, Head-to-head, Other.
    pub tab_counts: [usize; 5],
    /// Per watchlist term, the unread articles naming it (for the header).
    pub watch_counts: Vec<(String, usize)>,
    /// Position of the selection in `view`.
    pub selected: usize,
    /// First visible position of the list.
    pub offset: usize,
    /// The article selected when the dashboard was last left, until the part of the cache
    /// holding it has been read.
    pub pending_selection: Option<ArticleId>,
    /// The articles the last mark-all turned read, for `U`.
    pub undo_mark_all: Option<Vec<ArticleId>>,
    /// What the cache's full-text index found for the query (searching everything).
    pub full_text: super::full_text_hits::FullTextHits,
    /// The search in effect: the last query typed that made sense.
    pub applied: Applied,
    /// What is wrong with the query as typed (the list keeps the last good one meanwhile).
    pub query_error: Option<crate::query::QueryError>,
    /// The saved views and hide rules.
    pub lenses: std::sync::Arc<crate::lenses::Lenses>,
    /// Per saved view, its unread articles (for its tab).
    pub view_counts: Vec<usize>,
    /// Articles hidden by hide rules.
    pub hidden_count: usize,
    /// The rows version the hidden marks were set for.
    pub hidden_for: Option<u64>,
    /// The minute the lenses' relative times (`since:24h`) were last moved to.
    pub lenses_minute: i64,
}

/// The search the list applies.
#[derive(Debug, Clone, Default)]
pub enum Applied {
    #[default]
    Nothing,
    /// Words only: a piece of the title or the source, normalized (`query::normalize`).
    Plain(String),
    /// A query with fields, negation, OR or parentheses.
    Query(Box<crate::query::Compiled>),
}

impl ListPane {
    /// The row (in the index) under the cursor, if the list is not empty.
    pub fn selected_row(&self) -> Option<usize> {
        self.view.get(self.selected).map(|&row| row as usize)
    }

    /// The article under the cursor.
    pub fn selected_article<'a>(&self, index: &'a ArticleIndex) -> Option<&'a Article> {
        index.article(*self.view.get(self.selected)?)
    }

    /// Keeps the selection inside the view and the scroll offset such that it is visible
    /// in a list of `height` rows.
    pub fn clamp(&mut self, height: usize) {
        let len = self.view.len();
        let height = height.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        // Don't leave empty space below the last row when the list could fill the pane.
        let max_offset = len.saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Moves the cursor to `position` (kept in range); says whether it moved.
    pub fn select(&mut self, position: usize, height: usize) -> bool {
        let before = self.selected;
        self.selected = position;
        self.clamp(height);
        self.selected != before
    }

    /// Moves the cursor by `delta` lines; says whether it moved.
    pub fn move_by(&mut self, delta: isize, height: usize) -> bool {
        let target = (self.selected as isize + delta).max(0) as usize;
        self.select(target, height)
    }

    /// Home or End; says whether the cursor moved.
    pub fn move_to_end(&mut self, bottom: bool, height: usize) -> bool {
        let target = if bottom {
            self.view.len().saturating_sub(1)
        } else {
            0
        };
        self.select(target, height)
    }

    /// Selects an article if it is in the view, a little below the top; says whether it was.
    pub fn select_article(&mut self, id: ArticleId, index: &ArticleIndex, height: usize) -> bool {
        let Some(pos) = index
            .positions
            .get(&id)
            .and_then(|pos| self.view.iter().position(|&v| v as usize == *pos))
        else {
            return false;
        };
        self.selected = pos;
        self.offset = pos.saturating_sub(2);
        self.clamp(height);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_of(lines: u32) -> ListPane {
        ListPane {
            view: (0..lines).collect(),
            ..ListPane::default()
        }
    }

    #[test]
    fn the_cursor_stays_in_the_view_and_on_screen() {
        let mut list = list_of(30);
        assert!(list.move_by(12, 10));
        assert_eq!((list.selected, list.offset), (12, 3));
        assert!(list.move_to_end(true, 10));
        assert_eq!((list.selected, list.offset), (29, 20));
        assert!(!list.move_by(5, 10), "already at the end");
        assert!(list.move_by(-100, 10));
        assert_eq!((list.selected, list.offset), (0, 0));
    }

    #[test]
    fn a_short_list_leaves_no_empty_space_above_it() {
        let mut list = list_of(4);
        list.offset = 3;
        list.selected = 3;
        list.clamp(10);
        assert_eq!((list.selected, list.offset), (3, 0));
        let mut empty = list_of(0);
        empty.selected = 5;
        empty.clamp(10);
        assert_eq!((empty.selected, empty.offset), (0, 0));
    }
}
