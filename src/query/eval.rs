//! What a compiled query asks of an article: the [`Subject`] trait, which the dashboard's
//! rows, the CLI's cached rows and the benchmarks implement over their own data.

use crate::model::{FeedId, Topic, UnixTime};

/// One article as a query sees it. Text is given [`super::normalize`]d, once per article
/// by the caller (the dashboard keeps it in its rows), so evaluating never allocates.
pub trait Subject {
    /// The title and the source's (feed's) display name, normalized and joined by a
    /// newline: what [`super::search_key`] makes of them. One string, so that a word is
    /// looked for with one search per article.
    fn search_key(&self) -> &str;
    /// The article's plain text (tags stripped), normalized, when the caller has it. With
    /// `None` (the dashboard's rows carry no body) words and phrases match the title and
    /// the source name only.
    fn text_key(&self) -> Option<&str>;
    /// The feed, for `tag:` (tags are given per feed in the [`super::Vocabulary`]).
    fn feed(&self) -> FeedId;
    /// The topic shown (the reader's correction where there is one).
    fn topic(&self) -> Topic;
    fn read(&self) -> bool;
    fn starred(&self) -> bool;
    /// Published, else first seen: the time the list sorts by.
    fn when(&self) -> UnixTime;
    /// Indexes into the watchlist of the terms the article names (as
    /// `topics::watch::Watchlist::matches` gives them).
    fn watch_hits(&self) -> &[u16];
    /// Whether the article's page text is stored.
    fn has_full_text(&self) -> bool;
}
