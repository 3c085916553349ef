//! The names the lenient pass knows: RSS, RDF and Atom element spellings, elements that
//! hold only text, HTML's void elements, the `type` values feed-rs accepts, and the legacy
//! namespaces that map onto ones it reads.

/// Element names feed-rs matches exactly, for repairing `<Item>` or `<PUBDATE>`.
const CANONICAL_NAMES: &[&str] = &[
    // RSS 0.9x / 2.0
    "rss",
    "channel",
    "item",
    "title",
    "link",
    "description",
    "guid",
    "pubDate",
    "lastBuildDate",
    "author",
    "category",
    "comments",
    "enclosure",
    "source",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "generator",
    "ttl",
    "image",
    "url",
    "textInput",
    // RDF / RSS 1.0
    "RDF",
    // Atom
    "feed",
    "entry",
    "id",
    "updated",
    "published",
    "summary",
    "content",
    "subtitle",
    "rights",
    "name",
    "email",
    "uri",
    "contributor",
    "icon",
    "logo",
];

/// The exact spelling feed-rs expects for `local` (the name without its prefix), when it
/// differs from `local` only in case.
pub fn canonical_name(local: &[u8]) -> Option<&'static str> {
    CANONICAL_NAMES
        .iter()
        .copied()
        .find(|name| name.as_bytes().eq_ignore_ascii_case(local) && name.as_bytes() != local)
}

/// Atom 0.3 names for what Atom 1.0 calls otherwise.
pub fn atom03_rename(local: &[u8]) -> Option<&'static str> {
    match local {
        b"issued" => Some("published"),
        b"modified" => Some("updated"),
        b"tagline" => Some("subtitle"),
        b"copyright" => Some("rights"),
        _ => None,
    }
}

/// Elements whose content feed-rs reads as text only: tags inside them (an unescaped
/// `<br>` in a title, raw HTML in a description) are kept as text rather than lost.
/// Atom text constructs of type `xhtml` hold real markup and are excluded by the caller.
pub fn holds_only_text(local: &[u8]) -> bool {
    matches!(
        local,
        b"title"
            | b"link"
            | b"description"
            | b"guid"
            | b"pubDate"
            | b"lastBuildDate"
            | b"encoded"
            | b"summary"
            | b"content"
            | b"subtitle"
            | b"rights"
            | b"updated"
            | b"published"
            | b"date"
            | b"creator"
            | b"comments"
    )
}

/// HTML elements that never have an end tag, written `<br>` instead of `<br/>`. (`source`
/// is one too, but RSS has a `<source>` with content.)
pub fn is_void_html(local: &[u8]) -> bool {
    const VOID: &[&[u8]] = &[
        b"br", b"hr", b"img", b"wbr", b"input", b"meta", b"area", b"col", b"embed", b"param",
        b"track",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(local))
}

/// Which parser of feed-rs reads a `type` attribute, and so which values it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeRules {
    /// Atom text constructs (title, subtitle, summary, rights; iTunes summary too):
    /// `text`, `html`, `text/html`, `xhtml`.
    AtomText,
    /// Atom `<content>`: the text types, or any MIME type.
    AtomContent,
    /// Media RSS title and description: `plain` or `html`.
    Media,
}

/// The value to write instead of `value`, when feed-rs would refuse it under `rules`.
pub fn normalized_type(rules: TypeRules, value: &[u8]) -> Option<&'static str> {
    let lower = value.trim_ascii().to_ascii_lowercase();
    let lower = lower.as_slice();
    let fixed = match rules {
        TypeRules::AtomText => match lower {
            b"text" | b"html" | b"xhtml" | b"text/html" => canonical_text_type(lower),
            b"application/xhtml+xml" => "xhtml",
            _ if contains(lower, b"html") => "html",
            _ => "text",
        },
        TypeRules::AtomContent => match lower {
            b"text" | b"html" | b"xhtml" | b"text/html" => canonical_text_type(lower),
            b"application/xhtml+xml" => "xhtml",
            _ if is_mime_type(lower) => return None,
            _ if contains(lower, b"html") => "html",
            _ => "text",
        },
        TypeRules::Media => match lower {
            b"plain" | b"html" => canonical_text_type(lower),
            _ if contains(lower, b"html") => "html",
            _ => "plain",
        },
    };
    (fixed.as_bytes() != value).then_some(fixed)
}

fn canonical_text_type(lower: &[u8]) -> &'static str {
    match lower {
        b"html" => "html",
        b"xhtml" => "xhtml",
        b"text/html" => "text/html",
        b"plain" => "plain",
        _ => "text",
    }
}

/// `type/subtype` with no spaces: what feed-rs's MIME parser takes.
fn is_mime_type(value: &[u8]) -> bool {
    match value.iter().position(|&b| b == b'/') {
        Some(slash) => {
            let token = |part: &[u8]| {
                !part.is_empty()
                    && part
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(b))
            };
            token(&value[..slash]) && token(&value[slash + 1..])
        }
        None => false,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
pub const RSS1_NS: &str = "http://purl.org/rss/1.0/";
pub const MEDIA_NS: &[u8] = b"http://search.yahoo.com/mrss/";
pub const ITUNES_NS: &[u8] = b"http://www.itunes.com/dtds/podcast-1.0.dtd";

/// A namespace feed-rs does not know that means one it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyNamespace {
    Atom03,
    Rss090,
    /// Userland's RSS 2.0 namespace: RSS 2.0 has none, so the declaration goes.
    Userland,
}

pub fn legacy_namespace(uri: &[u8]) -> Option<LegacyNamespace> {
    match uri.trim_ascii() {
        b"http://purl.org/atom/ns#" => Some(LegacyNamespace::Atom03),
        b"http://my.netscape.com/rdf/simple/0.9/" => Some(LegacyNamespace::Rss090),
        b"http://backend.userland.com/rss2" | b"http://backend.userland.com/rss" => {
            Some(LegacyNamespace::Userland)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_fixed_only_when_the_case_differs() {
        assert_eq!(canonical_name(b"Item"), Some("item"));
        assert_eq!(canonical_name(b"PUBDATE"), Some("pubDate"));
        assert_eq!(canonical_name(b"rdf"), Some("RDF"));
        assert_eq!(canonical_name(b"item"), None);
        assert_eq!(canonical_name(b"div"), None);
    }

    #[test]
    fn types_feed_rs_refuses_are_normalized() {
        use TypeRules::*;
        assert_eq!(normalized_type(AtomText, b"text/plain"), Some("text"));
        assert_eq!(normalized_type(AtomText, b""), Some("text"));
        assert_eq!(normalized_type(AtomText, b"TEXT"), Some("text"));
        assert_eq!(
            normalized_type(AtomText, b"application/xhtml+xml"),
            Some("xhtml")
        );
        assert_eq!(normalized_type(AtomText, b"HTML"), Some("html"));
        assert_eq!(normalized_type(AtomText, b"html"), None);
        assert_eq!(normalized_type(AtomContent, b"text/plain"), None);
        assert_eq!(normalized_type(AtomContent, b""), Some("text"));
        assert_eq!(
            normalized_type(AtomContent, b"application/xhtml+xml"),
            Some("xhtml")
        );
        assert_eq!(normalized_type(Media, b"text/html"), Some("html"));
        assert_eq!(normalized_type(Media, b"text/plain"), Some("plain"));
        assert_eq!(normalized_type(Media, b"plain"), None);
    }
}
