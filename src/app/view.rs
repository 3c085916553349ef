//! The list's contents: filtering, counting and folding stories into the lines of the view.

use rustc_hash::FxHashMap as HashMap;

use super::article_index::ArticleIndex;
use super::list_pane::{Applied, ListPane, StoryMark};
use super::rows::{QueryRow, Row};
use crate::model::{ArticleId, Topic};
use crate::topics::cluster::ClusterId;
use crate::topics::watch::Watchlist;

impl ListPane {
    /// Rebuilds `view`, `tab_counts` and `watch_counts` from the index and the filter,
    /// keeping the selected article selected when it is still visible.
    pub fn recompute(
        &mut self,
        index: &mut ArticleIndex,
        watchlist: Option<&Watchlist>,
        height: usize,
    ) {
        let keep = self.selected_article(index).map(|a| a.id);
        self.recompute_keeping(index, watchlist, keep, height);
    }

    /// As `recompute`, keeping `keep` selected: for callers that reordered the rows, after
    /// which the old view no longer says which article was selected.
    pub fn recompute_keeping(
        &mut self,
        index: &mut ArticleIndex,
        watchlist: Option<&Watchlist>,
        keep: Option<ArticleId>,
        height: usize,
    ) {
        self.mark_hidden(index);
        let mut counts = [0usize; 5];
        let mut view_lines = Vec::with_capacity(index.rows.len());
        let mut marks = Vec::with_capacity(index.rows.len());
        let mut lead_of: HashMap<ClusterId, usize> = HashMap::default();
        let mut unfolded_members: HashMap<ClusterId, Vec<u32>> = HashMap::default();
        let filter = &self.filter;
        let (unread_only, starred_only) = (filter.unread_only, filter.starred_only);
        let watched_only = filter.watched_only;
        let watch_terms = watchlist.map(|w| w.terms()).unwrap_or(&[]);
        let lenses = std::sync::Arc::clone(&self.lenses);
        let view = filter.view.and_then(|i| lenses.views.get(i));
        let mut watch_counts = vec![0usize; watch_terms.len()];
        if !watch_terms.is_empty() {
            for row in index
                .rows
                .iter()
                .filter(|row| !row.article.read && !row.hidden)
            {
                for &term in &row.watch {
                    if let Some(count) = watch_counts.get_mut(usize::from(term)) {
                        *count += 1;
                    }
                }
            }
        }
        // With a search, only the rows that hold it are visited: those the full-text index
        // found, best first, when searching everything; those a query matches.
        let ranked: Vec<u32>;
        let searched = match &self.applied {
            Applied::Nothing => None,
            _ if filter.everything => {
                ranked = self.full_text.rows(index);
                Some(ranked.as_slice())
            }
            Applied::Plain(words) => Some(index.search_cache.matches(
                &index.rows,
                index.version,
                words,
            )),
            Applied::Query(query) => {
                let full_texts = &index.full_texts;
                ranked = (0..index.rows.len() as u32)
                    .filter(|&i| {
                        let row = &index.rows[i as usize];
                        query.matches(&QueryRow {
                            row,
                            has_full_text: full_texts.contains(&row.article.id),
                        })
                    })
                    .collect();
                Some(ranked.as_slice())
            }
        };
        let visited = searched.map_or(index.rows.len(), <[u32]>::len);
        for k in 0..visited {
            let i = searched.map_or(k, |found| found[k] as usize);
            let row = &index.rows[i];
            if row.hidden
                || unread_only && row.article.read
                || starred_only && !row.article.starred
                || watched_only && row.watch.is_empty()
            {
                continue;
            }
            counts[0] += 1;
            counts[tab_index(Some(row.article.topic))] += 1;
            let shown = match view {
                Some(view) => view.query.matches(&QueryRow {
                    row,
                    has_full_text: index.full_texts.contains(&row.article.id),
                }),
                None => filter.topic.is_none_or(|t| t == row.article.topic),
            };
            if shown {
                // Rows are newest first: the first article of a story seen leads it.
                match lead_of.get(&row.story) {
                    Some(&lead) => {
                        if let StoryMark::Lead { more } = &mut marks[lead] {
                            *more += 1;
                        }
                        if self.unfolded.contains(&row.story) {
                            unfolded_members
                                .entry(row.story)
                                .or_default()
                                .push(i as u32);
                        }
                    }
                    None => {
                        lead_of.insert(row.story, view_lines.len());
                        view_lines.push(i as u32);
                        marks.push(StoryMark::Lead { more: 0 });
                    }
                }
            }
        }
        if !unfolded_members.is_empty() {
            (view_lines, marks) = unfold(&index.rows, view_lines, marks, &unfolded_members);
        }
        if searched.is_none() {
            // Per view, its unread articles: counted over every row, so only without a
            // search (typing keeps the counts it found last).
            self.view_counts = count_views(index, &lenses);
        }
        self.view = view_lines;
        self.view_marks = marks;
        self.watch_counts = watch_terms.iter().cloned().zip(watch_counts).collect();
        self.tab_counts = counts;
        self.selected = keep
            .and_then(|id| index.positions.get(&id))
            .and_then(|pos| self.view.iter().position(|&v| v as usize == *pos))
            .unwrap_or(0);
        self.clamp(height);
    }

    /// x: lists or folds the other articles of the selected story; the selection stays on
    /// the story's lead.
    pub fn toggle_story(
        &mut self,
        index: &mut ArticleIndex,
        watchlist: Option<&Watchlist>,
        height: usize,
    ) {
        let Some(&row) = self.view.get(self.selected) else {
            return;
        };
        let story = index.rows[row as usize].story;
        if !self.unfolded.remove(&story) {
            self.unfolded.insert(story);
        }
        let rows = &index.rows;
        let lead = self.view[..=self.selected]
            .iter()
            .zip(&self.view_marks)
            .rev()
            .find(|(r, mark)| {
                rows[**r as usize].story == story && matches!(mark, StoryMark::Lead { .. })
            })
            .map(|(r, _)| rows[*r as usize].article.id);
        self.recompute_keeping(index, watchlist, lead, height);
    }
}

impl ListPane {
    /// Marks the rows hide rules take out of sight, once per change of the rows.
    fn mark_hidden(&mut self, index: &mut ArticleIndex) {
        if self.hidden_for == Some(index.version) {
            return;
        }
        self.hidden_for = Some(index.version);
        let lenses = &self.lenses;
        let full_texts = &index.full_texts;
        let mut hidden = 0;
        for row in &mut index.rows {
            row.hidden = !lenses.hide.is_empty()
                && lenses.hides(&QueryRow {
                    row,
                    has_full_text: full_texts.contains(&row.article.id),
                });
            hidden += usize::from(row.hidden);
        }
        self.hidden_count = hidden;
    }
}

impl ListPane {
    /// The lenses the list applies from now on (the hidden marks are set again).
    pub fn set_lenses(&mut self, lenses: std::sync::Arc<crate::lenses::Lenses>) {
        self.lenses = lenses;
        self.hidden_for = None;
    }

    /// Row `row` became read (or unread): its views' unread counts follow.
    pub fn read_changed(&mut self, index: &ArticleIndex, row: usize, read: bool) {
        let Some(changed) = index.rows.get(row).filter(|row| !row.hidden) else {
            return;
        };
        let subject = QueryRow {
            row: changed,
            has_full_text: index.full_texts.contains(&changed.article.id),
        };
        for (view, count) in self.lenses.views.iter().zip(&mut self.view_counts) {
            if view.query.matches(&subject) {
                *count = if read {
                    count.saturating_sub(1)
                } else {
                    *count + 1
                };
            }
        }
    }

    /// Many articles changed their read flag: the views' unread counts again.
    pub fn recount_views(&mut self, index: &ArticleIndex) {
        self.view_counts = count_views(index, &self.lenses);
    }
}

/// Per saved view, the unread articles it shows.
fn count_views(index: &ArticleIndex, lenses: &crate::lenses::Lenses) -> Vec<usize> {
    lenses
        .views
        .iter()
        .map(|view| {
            index
                .rows
                .iter()
                .filter(|row| !row.article.read && !row.hidden)
                .filter(|row| {
                    view.query.matches(&QueryRow {
                        row,
                        has_full_text: index.full_texts.contains(&row.article.id),
                    })
                })
                .count()
        })
        .collect()
}

/// Lists the members of unfolded stories right under their leads.
fn unfold(
    rows: &[Row],
    view: Vec<u32>,
    marks: Vec<StoryMark>,
    members: &HashMap<ClusterId, Vec<u32>>,
) -> (Vec<u32>, Vec<StoryMark>) {
    let extra: usize = members.values().map(Vec::len).sum();
    let mut out_view = Vec::with_capacity(view.len() + extra);
    let mut out_marks = Vec::with_capacity(view.len() + extra);
    for (row, mark) in view.into_iter().zip(marks) {
        out_view.push(row);
        out_marks.push(mark);
        if let Some(list) = members.get(&rows[row as usize].story) {
            out_view.extend(list);
            out_marks.extend(std::iter::repeat_n(StoryMark::Member, list.len()));
        }
    }
    (out_view, out_marks)
}

/// The tab position of a topic filter: 0 is All.
pub fn tab_index(topic: Option<Topic>) -> usize {
    match topic {
        None => 0,
        Some(Topic::Us) => 1,
        Some(Topic::China) => 2,
        Some(Topic::Both) => 3,
        Some(Topic::Other) => 4,
    }
}

/// The topic filter of a tab position (wraps around).
pub fn tab_topic(index: usize) -> Option<Topic> {
    match index % 5 {
        0 => None,
        1 => Some(Topic::Us),
        2 => Some(Topic::China),
        3 => Some(Topic::Both),
        _ => Some(Topic::Other),
    }
}
