//! An article's words as the search index takes them: pure CPU work, made where the
//! article is built (`ingest`, on the parsing pool, from the tag-stripped body the
//! classifier read) so the writer thread, the one serial stage of a refresh, only binds
//! them.
//!
//! The compressed body is not made here: carried from the parsing pool it made every
//! queued feed result larger (2 MB more at the peak of a cold refresh) and gained
//! nothing, the writer having time to spare once the index words came ready.

use super::tokens::index_text;
use crate::feed_report::PreparedArticle;
use crate::model::Article;
use crate::text::sanitize::strip_tags;

/// `article`'s index words; `plain_body` is `strip_tags(&article.body)`, which the caller
/// made already (to classify the article).
pub fn prepare(article: &Article, plain_body: &str) -> PreparedArticle {
    // Held until the writer takes the feed's result, which may queue behind others: the
    // spare capacity of the buffers is given back.
    let kept = |mut bytes: String| {
        bytes.shrink_to_fit();
        bytes
    };
    PreparedArticle {
        id: article.id,
        title_len: article.title.len(),
        body_len: article.body.len(),
        index_title: kept(index_text(&article.title)),
        index_body: kept(index_text(plain_body)),
    }
}

/// What `prepare` makes, when the article came without it (a report made by hand).
pub(crate) fn prepare_here(article: &Article) -> PreparedArticle {
    prepare(article, &strip_tags(&article.body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleId, DecidedBy, FeedId, Topic};

    #[test]
    fn the_body_words_are_those_of_the_tag_stripped_body() {
        let body = "<p>华为发布<b>芯片</b> &amp; Nvidia</p>".repeat(10);
        let article = |title: &str, body: &str| Article {
            id: ArticleId(7),
            feed: FeedId(0),
            guid: None,
            title: title.into(),
            link: None,
            body: body.into(),
            published: None,
            first_seen: 1,
            topic: Topic::China,
            decided_by: DecidedBy::Rules,
            terms: Default::default(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        };
        let prepared = prepare_here(&article("華為 Ascend", &body));
        assert_eq!(prepared.index_title, index_text("华为 Ascend"));
        assert_eq!(prepared.index_body, index_text(&strip_tags(&body)));
        let words: Vec<&str> = prepared.index_body.split_whitespace().collect();
        let once = ["华为", "为发", "发布", "布芯", "芯片", "&", "Nvidia"];
        assert_eq!(words, once.repeat(10));
    }
}
