//! The files attached to an entry (podcast episodes, PDFs, images), still raw: RSS
//! `<enclosure>` and Media RSS `media:content` (feed-rs reads both into `entry.media`), Atom
//! `<link rel="enclosure">` and JSON Feed `attachments` (feed-rs reads both into
//! `entry.links`). Each URL once, in the feed's order, at most `MAX_ENCLOSURES`.

use feed_rs::model::{Link, MediaObject};

/// Most files kept per entry: a podcast episode has one or two; a hostile item could list
/// thousands, each a row in the cache and a line in the preview.
pub const MAX_ENCLOSURES: usize = 16;

/// One attached file as the feed wrote it: every field must be cleaned before use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedEnclosure {
    /// As written (possibly relative); the pipeline resolves it like the entry's link.
    pub url: String,
    /// The MIME type as written (`type`, `mime_type`).
    pub mime: Option<String>,
    /// The size in bytes as written (`length`, `fileSize`, `size_in_bytes`).
    pub length: Option<u64>,
}

/// Whether a feed-rs link is an attachment rather than a page: Atom marks one with
/// `rel="enclosure"`; a JSON Feed attachment comes as a link with no `rel` and a MIME type
/// (its `url` and `external_url` have neither).
fn is_attachment(link: &Link) -> bool {
    match link.rel.as_deref() {
        Some(rel) => rel.trim().eq_ignore_ascii_case("enclosure"),
        None => link.media_type.is_some(),
    }
}

/// The entry's attachments: the links first (Atom and JSON Feed list only there), then the
/// media objects (RSS enclosures and Media RSS), each URL once.
pub fn from_entry(media: &[MediaObject], links: &[Link]) -> Vec<ParsedEnclosure> {
    let from_links = links
        .iter()
        .filter(|link| is_attachment(link))
        .map(|link| ParsedEnclosure {
            url: link.href.clone(),
            mime: link.media_type.clone(),
            length: link.length,
        });
    let from_media = media
        .iter()
        .flat_map(|object| &object.content)
        .filter_map(|content| {
            Some(ParsedEnclosure {
                url: content.url.as_ref()?.to_string(),
                mime: content.content_type.as_ref().map(|mime| mime.to_string()),
                length: content.size,
            })
        });
    merge(from_links.chain(from_media))
}

/// Keeps the first of each URL, filling what it lacks from later copies (a feed often gives
/// the length on `<enclosure>` and the type on `media:content` of the same file), and stops
/// at `MAX_ENCLOSURES`.
pub fn merge(found: impl IntoIterator<Item = ParsedEnclosure>) -> Vec<ParsedEnclosure> {
    let mut kept: Vec<ParsedEnclosure> = Vec::new();
    for enclosure in found {
        let url = enclosure.url.trim();
        if url.is_empty() {
            continue;
        }
        if let Some(same) = kept.iter_mut().find(|k| k.url == url) {
            same.mime = same.mime.take().or(enclosure.mime);
            same.length = same.length.or(enclosure.length);
            continue;
        }
        if kept.len() == MAX_ENCLOSURES {
            // Later copies of kept URLs may still fill a field; new ones are not kept.
            continue;
        }
        kept.push(ParsedEnclosure {
            url: url.to_owned(),
            ..enclosure
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(url: &str, mime: Option<&str>, length: Option<u64>) -> ParsedEnclosure {
        ParsedEnclosure {
            url: url.to_owned(),
            mime: mime.map(str::to_owned),
            length,
        }
    }

    #[test]
    fn copies_of_one_url_become_one_with_the_fields_of_both() {
        let merged = merge([
            parsed("https://e.example/a.mp3", None, Some(10)),
            parsed(" ", Some("audio/mpeg"), None),
            parsed("https://e.example/b.pdf", Some("application/pdf"), None),
            parsed(" https://e.example/a.mp3 ", Some("audio/mpeg"), Some(99)),
        ]);
        assert_eq!(
            merged,
            vec![
                parsed("https://e.example/a.mp3", Some("audio/mpeg"), Some(10)),
                parsed("https://e.example/b.pdf", Some("application/pdf"), None),
            ]
        );
    }

    #[test]
    fn at_most_the_cap_are_kept_in_order() {
        let many = (0..40).map(|n| parsed(&format!("https://e.example/{n}"), None, None));
        let merged = merge(many);
        assert_eq!(merged.len(), MAX_ENCLOSURES);
        assert_eq!(merged[0].url, "https://e.example/0");
        assert_eq!(merged[MAX_ENCLOSURES - 1].url, "https://e.example/15");
    }
}
