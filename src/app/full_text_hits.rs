//! What the cache's full-text index answered to the query being searched: the hits, best
//! first, and the text around each one's match. Plain data the list is built from.

use std::collections::HashMap;

use super::article_index::ArticleIndex;
use crate::model::ArticleId;

/// Hits asked of the index per query: more than anyone reads, few enough to rank quickly.
pub const RESULTS: usize = 500;

/// The index's answer to a query.
#[derive(Debug, Clone, Default)]
pub struct FullTextHits {
    /// The query these hits answer, as typed.
    pub query: String,
    /// Best match first.
    pub ids: Vec<ArticleId>,
    /// The text around each hit's first match, matches marked (`store::MATCH_START`).
    pub snippets: HashMap<ArticleId, String>,
    /// A query asked and not answered yet.
    pub pending: Option<String>,
}

impl FullTextHits {
    /// The rows of the hits the index holds, best first (hits of feeds no longer in the
    /// config are not shown).
    pub fn rows(&self, index: &ArticleIndex) -> Vec<u32> {
        self.ids
            .iter()
            .filter_map(|id| index.positions.get(id).map(|&at| at as u32))
            .collect()
    }

    /// The text around the match in article `id`.
    pub fn snippet(&self, id: ArticleId) -> Option<&str> {
        self.snippets.get(&id).map(String::as_str)
    }
}
