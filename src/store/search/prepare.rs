//! An article in the form the cache stores it: its words as the index takes them and its
//! body as stored. Pure CPU work, made where the article is built (`ingest`, on the
//! parsing pool) so the writer thread, the one serial stage of a refresh, only binds it.

use super::super::codec;
use super::tokens::index_text;
use crate::feed_report::PreparedArticle;
use crate::model::Article;
use crate::text::sanitize::strip_tags;

/// `article` in the cache's form; `plain_body` is `strip_tags(&article.body)`, which the
/// caller made already (to classify the article).
pub fn prepare(article: &Article, plain_body: &str) -> PreparedArticle {
    // Held until the writer takes the feed's result, which may queue behind others: the
    // spare capacity of the buffers (the compressor's is its worst case) is given back.
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
        stored_body: codec::compressed_body(&article.body).map(|mut blob| {
            blob.shrink_to_fit();
            blob
        }),
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
    fn the_prepared_body_words_are_the_stored_bodys() {
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
            terms: Vec::new(),
            read: false,
            starred: false,
            enclosures: Vec::new(),
        };
        let prepared = prepare_here(&article("華為 Ascend", &body));
        assert_eq!(prepared.index_title, index_text("华为 Ascend"));
        assert_eq!(prepared.index_body, index_text(&strip_tags(&body)));
        let blob = prepared.stored_body.expect("a long body is compressed");
        let value = rusqlite::types::Value::Blob(blob);
        let stored = codec::decode_body(rusqlite::types::ValueRef::from(&value)).unwrap();
        assert_eq!(stored, body);
        assert_eq!(
            prepare_here(&article("t", "<p>short</p>")).stored_body,
            None
        );
    }
}
