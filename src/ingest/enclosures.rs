//! Cleaning the files a feed attached to an entry: only http(s) URLs (resolved like the
//! entry's link), a MIME type only when it is a plain `type/subtype`, a size only when it
//! is plausible. What the feed got wrong becomes "unknown", never an error.

use crate::ingest::parse::{MAX_ENCLOSURES, ParsedEnclosure};
use crate::model::Enclosure;
use crate::text::sanitize::safe_link;

/// Larger than any file a feed plausibly attaches (a terabyte): such a length is a typo or a
/// lie, shown as unknown.
pub const MAX_PLAUSIBLE_LENGTH: u64 = 1 << 40;

/// Longest MIME type kept (RFC 6838 allows 127 characters on each side of the slash).
const MAX_MIME_CHARS: usize = 255;

/// The clean attachments of an entry: each URL resolved by `resolve` and kept only when it is
/// a safe http(s) link, each kept once, in order, at most `MAX_ENCLOSURES`.
pub fn clean(parsed: Vec<ParsedEnclosure>, resolve: impl Fn(&str) -> String) -> Vec<Enclosure> {
    let mut kept: Vec<Enclosure> = Vec::new();
    for enclosure in parsed {
        if kept.len() == MAX_ENCLOSURES {
            break;
        }
        // Resolving can make two spellings one URL; the first keeps its place.
        let Some(url) = safe_link(&resolve(&enclosure.url)) else {
            continue;
        };
        if kept.iter().any(|k| k.url == url) {
            continue;
        }
        kept.push(Enclosure {
            url,
            mime: enclosure.mime.as_deref().and_then(clean_mime),
            length: enclosure.length.and_then(plausible_length),
        });
    }
    kept
}

/// `audio/mpeg` from `Audio/MPEG; charset=x`: the type and subtype, lowercased, each a token
/// of RFC 6838's restricted names. `None` for anything else (controls, spaces, a missing
/// half, a second slash).
pub fn clean_mime(mime: &str) -> Option<String> {
    let essence = mime.split(';').next()?.trim();
    let (kind, subtype) = essence.split_once('/')?;
    let token = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b'!' | b'#' | b'$' | b'&' | b'-' | b'^')
                    || matches!(b, b'_' | b'.' | b'+')
            })
    };
    (token(kind) && token(subtype) && essence.len() <= MAX_MIME_CHARS)
        .then(|| essence.to_ascii_lowercase())
}

/// The length when a file could be that big: zero (what many feeds write for "unknown")
/// and more than `MAX_PLAUSIBLE_LENGTH` are not.
pub fn plausible_length(length: u64) -> Option<u64> {
    (1..=MAX_PLAUSIBLE_LENGTH)
        .contains(&length)
        .then_some(length)
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

    fn relative_to_site(url: &str) -> String {
        url::Url::parse("https://pod.example/feed.xml")
            .and_then(|base| base.join(url))
            .map(|u| u.to_string())
            .unwrap_or_else(|_| url.to_owned())
    }

    #[test]
    fn only_http_links_survive_and_relative_ones_are_resolved() {
        let cleaned = clean(
            vec![
                parsed("javascript:alert(1)", Some("audio/mpeg"), Some(5)),
                parsed("file:///etc/passwd", None, None),
                parsed("ftp://pod.example/a.mp3", None, None),
                parsed("media/ep1.mp3", Some("audio/mpeg"), Some(24_300_000)),
                parsed("https://pod.example/media/ep1.mp3", None, None),
            ],
            relative_to_site,
        );
        assert_eq!(
            cleaned,
            vec![Enclosure {
                url: "https://pod.example/media/ep1.mp3".into(),
                mime: Some("audio/mpeg".into()),
                length: Some(24_300_000),
            }]
        );
    }

    #[test]
    fn a_bad_type_or_length_becomes_unknown() {
        let cleaned = clean(
            vec![
                parsed("https://e.example/a", Some("audio/mpeg\u{1b}[31m"), Some(0)),
                parsed(
                    "https://e.example/b",
                    Some("text/html<script>"),
                    Some(u64::MAX),
                ),
                parsed("https://e.example/c", Some("application/pdf/x"), Some(1)),
                parsed("https://e.example/d", Some("pdf"), None),
                parsed(
                    "https://e.example/e",
                    Some(" Audio/MPEG; codecs=mp3 "),
                    Some(7),
                ),
            ],
            str::to_owned,
        );
        let fields: Vec<(Option<&str>, Option<u64>)> = cleaned
            .iter()
            .map(|e| (e.mime.as_deref(), e.length))
            .collect();
        assert_eq!(
            fields,
            vec![
                (None, None),
                (None, None),
                (None, Some(1)),
                (None, None),
                (Some("audio/mpeg"), Some(7)),
            ]
        );
    }

    #[test]
    fn lengths_are_plausible_or_unknown() {
        assert_eq!(plausible_length(0), None);
        assert_eq!(plausible_length(1), Some(1));
        assert_eq!(
            plausible_length(MAX_PLAUSIBLE_LENGTH),
            Some(MAX_PLAUSIBLE_LENGTH)
        );
        assert_eq!(plausible_length(MAX_PLAUSIBLE_LENGTH + 1), None);
    }
}
