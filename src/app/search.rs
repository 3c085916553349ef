//! Search results kept between keystrokes: typing a letter narrows the rows that matched
//! the query before it, and a backspace finds the shorter query's rows again, so only the
//! first letter of a search reads every row.

use super::rows::Row;

/// Queries remembered: enough to backspace through a word.
const REMEMBERED: usize = 16;

/// Rows (indices into `State::rows`, ascending) matching recent queries.
#[derive(Debug, Clone, Default)]
pub struct SearchCache {
    /// The `State::rows_version` the entries were computed for.
    version: u64,
    /// (lowercased query, matching rows), most recent last.
    entries: Vec<(String, Vec<u32>)>,
    /// Every row's search key one after another, each followed by a newline (which no key
    /// or query holds, so no match spans two rows): a query with nothing to narrow is one
    /// vectorized pass over contiguous memory instead of a search per row.
    text: String,
    /// Where each row's key starts in `text`.
    starts: Vec<u32>,
    /// The rows version `text` was built for.
    text_version: Option<u64>,
}

impl SearchCache {
    /// Rows whose search key holds `query` (lowercased, not empty), in ascending order.
    pub fn matches(&mut self, rows: &[Row], version: u64, query: &str) -> &[u32] {
        if self.version != version {
            self.entries.clear();
            self.version = version;
        }
        let found = match self.entries.iter().position(|(q, _)| q == query) {
            Some(at) => self.entries.remove(at).1,
            None => {
                let finder = memchr::memmem::Finder::new(query.as_bytes());
                let holds = |&i: &u32| {
                    finder
                        .find(rows[i as usize].search_key.as_bytes())
                        .is_some()
                };
                // A query holding an earlier one matches a subset of its rows.
                let narrowest = self
                    .entries
                    .iter()
                    .filter(|(q, _)| query.contains(q.as_str()))
                    .min_by_key(|(_, found)| found.len());
                match narrowest {
                    Some((_, earlier)) => earlier.iter().copied().filter(holds).collect(),
                    None => self.scan_all(rows, version, &finder),
                }
            }
        };
        if self.entries.len() == REMEMBERED {
            self.entries.remove(0);
        }
        self.entries.push((query.to_owned(), found));
        let last = self.entries.len() - 1;
        &self.entries[last].1
    }

    /// Every row holding the query, found in one pass over all the keys.
    fn scan_all(
        &mut self,
        rows: &[Row],
        version: u64,
        finder: &memchr::memmem::Finder<'_>,
    ) -> Vec<u32> {
        if self.text_version != Some(version) {
            self.text.clear();
            self.starts.clear();
            for row in rows {
                self.starts.push(self.text.len() as u32);
                self.text.push_str(&row.search_key);
                self.text.push('\n');
            }
            self.text_version = Some(version);
        }
        let text = self.text.as_bytes();
        let mut found = Vec::new();
        let (mut at, mut row) = (0, 0);
        while let Some(hit) = finder.find(&text[at..]).map(|offset| at + offset) {
            // Matches come in order, so the row holding one is found by walking forward.
            while self
                .starts
                .get(row + 1)
                .is_some_and(|&next| next as usize <= hit)
            {
                row += 1;
            }
            found.push(row as u32);
            // The rest of this row cannot add anything: go on from the next one.
            at = self
                .starts
                .get(row + 1)
                .map_or(text.len(), |&next| next as usize);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleId, FeedId, Topic};
    use crate::topics::cluster::ClusterId;

    fn rows(titles: &[&str]) -> Vec<Row> {
        titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                let article = Article {
                    id: ArticleId(i as u64),
                    feed: FeedId(0),
                    guid: None,
                    title: (*title).to_owned(),
                    link: None,
                    body: String::new(),
                    published: Some(0),
                    first_seen: 0,
                    topic: Topic::Other,
                    decided_by: crate::model::DecidedBy::Rules,
                    terms: Default::default(),
                    read: false,
                    starred: false,
                    enclosures: Vec::new(),
                };
                let story = ClusterId(article.id);
                super::super::rows::new_row(article, "Wire", None, story)
            })
            .collect()
    }

    fn full_scan(rows: &[Row], query: &str) -> Vec<u32> {
        (0..rows.len() as u32)
            .filter(|&i| rows[i as usize].search_key.contains(query))
            .collect()
    }

    #[test]
    fn typing_and_backspacing_give_what_a_full_scan_gives() {
        let rows = rows(&[
            "Huawei ships Ascend chips",
            "Nvidia H20 sales halted",
            "Huawei and SMIC push 5nm",
            "OpenAI trains on Azure",
            "How Huawei builds AI clusters",
        ]);
        let mut cache = SearchCache::default();
        // Type "huawei s", then backspace to "hu", then jump to an unrelated query.
        let typed = "huawei s";
        let queries = (1..=typed.len())
            .map(|n| &typed[..n])
            .chain((2..typed.len()).rev().map(|n| &typed[..n]))
            .chain(["wire", "ai", "nvidia"]);
        for query in queries {
            assert_eq!(
                cache.matches(&rows, 1, query),
                full_scan(&rows, query),
                "{query}"
            );
        }
    }

    #[test]
    fn new_rows_are_searched_again() {
        let mut cache = SearchCache::default();
        let before = rows(&["Huawei ships Ascend chips"]);
        assert_eq!(cache.matches(&before, 1, "nvidia"), Vec::<u32>::new());
        let after = rows(&["Huawei ships Ascend chips", "Nvidia H20 sales halted"]);
        assert_eq!(cache.matches(&after, 2, "nvidia"), [1]);
    }
}
