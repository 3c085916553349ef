//! A cheap, single-pass tag stripper: markup out, entities decoded, no layout. Used for
//! titles and for the text the classifier reads from every article body.

use super::entities::decode_entities;

/// Known element names (lowercase, sorted for binary search) and whether the element is
/// inline, i.e. joins its neighbours without a space (`Hua<b>wei</b>` is one word).
const KNOWN_TAGS: &[(&str, bool)] = &[
    ("a", true),
    ("abbr", true),
    ("acronym", true),
    ("address", false),
    ("area", false),
    ("article", false),
    ("aside", false),
    ("audio", false),
    ("b", true),
    ("base", false),
    ("bdi", true),
    ("bdo", true),
    ("big", true),
    ("blink", true),
    ("blockquote", false),
    ("body", false),
    ("br", false),
    ("button", false),
    ("canvas", false),
    ("caption", false),
    ("center", false),
    ("cite", true),
    ("code", true),
    ("col", false),
    ("colgroup", false),
    ("data", true),
    ("datalist", false),
    ("dd", false),
    ("del", true),
    ("details", false),
    ("dfn", true),
    ("dialog", false),
    ("dir", false),
    ("div", false),
    ("dl", false),
    ("dt", false),
    ("em", true),
    ("embed", false),
    ("fieldset", false),
    ("figcaption", false),
    ("figure", false),
    ("font", true),
    ("footer", false),
    ("form", false),
    ("frame", false),
    ("frameset", false),
    ("h1", false),
    ("h2", false),
    ("h3", false),
    ("h4", false),
    ("h5", false),
    ("h6", false),
    ("head", false),
    ("header", false),
    ("hgroup", false),
    ("hr", false),
    ("html", false),
    ("i", true),
    ("iframe", false),
    ("img", false),
    ("input", false),
    ("ins", true),
    ("kbd", true),
    ("label", true),
    ("legend", false),
    ("li", false),
    ("link", false),
    ("main", false),
    ("map", false),
    ("mark", true),
    ("marquee", false),
    ("math", false),
    ("menu", false),
    ("meta", false),
    ("meter", false),
    ("nav", false),
    ("nobr", true),
    ("noembed", false),
    ("noframes", false),
    ("noscript", false),
    ("object", false),
    ("ol", false),
    ("optgroup", false),
    ("option", false),
    ("output", true),
    ("p", false),
    ("param", false),
    ("picture", false),
    ("pre", false),
    ("progress", false),
    ("q", true),
    ("rp", true),
    ("rt", true),
    ("ruby", true),
    ("s", true),
    ("samp", true),
    ("script", false),
    ("search", false),
    ("section", false),
    ("select", false),
    ("slot", true),
    ("small", true),
    ("source", false),
    ("span", true),
    ("strike", true),
    ("strong", true),
    ("style", false),
    ("sub", true),
    ("summary", false),
    ("sup", true),
    ("svg", false),
    ("table", false),
    ("tbody", false),
    ("td", false),
    ("template", false),
    ("textarea", false),
    ("tfoot", false),
    ("th", false),
    ("thead", false),
    ("time", true),
    ("title", false),
    ("tr", false),
    ("track", false),
    ("tt", true),
    ("u", true),
    ("ul", false),
    ("var", true),
    ("video", false),
    ("wbr", true),
];

/// Longest name in `KNOWN_TAGS`.
const MAX_KNOWN_LEN: usize = 10;
const _: () = assert!(MAX_KNOWN_LEN <= 16, "a known name must fit its u128 key");

/// `KNOWN_TAGS`' names as numbers, in the same order: every body has dozens of tags, and
/// comparing two integers is cheaper than comparing two strings.
static KNOWN_KEYS: [u128; KNOWN_TAGS.len()] = {
    let mut keys = [0; KNOWN_TAGS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = name_key(KNOWN_TAGS[i].0.as_bytes());
        i += 1;
    }
    keys
};

/// A name of at most 16 bytes as a number that sorts as the name does: its bytes, big-endian,
/// padded with zeros (no name holds a zero byte).
const fn name_key(name: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < 16 {
        key <<= 8;
        if i < name.len() {
            key |= name[i] as u128;
        }
        i += 1;
    }
    key
}

/// A tag's attributes are read quote by quote for at most this many bytes. A longer tag,
/// or one whose quote never closes in that span, ends at its first `>` instead: a stray
/// quote must not swallow the rest of the document (a browser would), and the bound keeps
/// the stripper linear on hostile input.
const QUOTE_AWARE_SPAN: usize = 2048;

/// What follows a `<`.
enum Markup<'a> {
    /// Not markup: the `<` is text (`a < b`, `Vector<int>`).
    Text,
    /// A comment, doctype, processing instruction or CDATA; `rest` is the text after it,
    /// `keep` any text it holds (CDATA).
    Skip { keep: &'a str, rest: &'a str },
    /// An element tag; `rest` is the text after its `>`.
    Tag {
        name: &'a str,
        closing: bool,
        inline: bool,
        rest: &'a str,
    },
}

/// Tags removed and entities decoded, in one pass. Block-level tags become a space, inline
/// ones vanish; `script` and `style` lose their content. Only known HTML element names,
/// custom elements (`my-widget`) and namespaced names (`o:p`) count as tags, so text such as
/// `Vector<int>` or `x < y` survives. A `>` inside a quoted attribute value does not end
/// the tag (`<a title="x > y">`), within `QUOTE_AWARE_SPAN`. Entities are decoded after
/// tags are found, so `&lt;b&gt;` stays visible text. The result is not yet cleaned of
/// controls or whitespace runs.
pub(super) fn tags_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let last_gt = html.rfind('>');
    let mut quotes = QuoteScan::new(html);
    while let Some(lt) = next_markup_start(html, rest, last_gt) {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        rest = match classify(after, &mut quotes) {
            Markup::Text => {
                out.push('<');
                after
            }
            Markup::Skip { keep, rest } => {
                out.push_str(keep);
                rest
            }
            Markup::Tag {
                name,
                closing,
                inline,
                rest,
            } => {
                if !inline {
                    out.push(' ');
                }
                if !closing && is_raw_text(name) {
                    skip_raw_text(name, rest)
                } else {
                    rest
                }
            }
        };
    }
    out.push_str(&decode_entities(rest));
    out
}

/// True when `text` holds at least one tag, comment or doctype.
pub(super) fn has_markup(text: &str) -> bool {
    let mut rest = text;
    let last_gt = text.rfind('>');
    let mut quotes = QuoteScan::new(text);
    while let Some(lt) = next_markup_start(text, rest, last_gt) {
        rest = &rest[lt + 1..];
        if !matches!(classify(rest, &mut quotes), Markup::Text) {
            return true;
        }
    }
    false
}

/// The next `<` in `rest` (a suffix of `whole`) that could open markup. Every kind of markup
/// ends in `>`, so a `<` after `whole`'s last `>` is text; this keeps failed lookaheads from
/// rescanning to the end for every `<`, which would be quadratic.
fn next_markup_start(whole: &str, rest: &str, last_gt: Option<usize>) -> Option<usize> {
    let lt = rest.find('<')?;
    let last_gt = last_gt?;
    let offset = whole.len() - rest.len();
    (offset + lt < last_gt).then_some(lt)
}

fn classify<'a>(after: &'a str, quotes: &mut QuoteScan) -> Markup<'a> {
    if let Some(comment) = after.strip_prefix("!--") {
        let rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
        return Markup::Skip { keep: "", rest };
    }
    if let Some(cdata) = after.strip_prefix("![CDATA[") {
        return match cdata.find("]]>") {
            Some(end) => Markup::Skip {
                keep: &cdata[..end],
                rest: &cdata[end + 3..],
            },
            None => Markup::Skip {
                keep: cdata,
                rest: "",
            },
        };
    }
    if after.starts_with(['!', '?']) && after.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic)
    {
        return match after.find('>') {
            Some(end) => Markup::Skip {
                keep: "",
                rest: &after[end + 1..],
            },
            None => Markup::Text,
        };
    }
    classify_tag(after, quotes)
}

fn classify_tag<'a>(after: &'a str, quotes: &mut QuoteScan) -> Markup<'a> {
    let (closing, body) = match after.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, after),
    };
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
        .count();
    let name = &body[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Markup::Text;
    }
    let Some(inline) = element_kind(name) else {
        return Markup::Text;
    };
    let next = body.as_bytes().get(name_len);
    if !matches!(next, Some(b'>' | b'/') | None) && !next.is_some_and(u8::is_ascii_whitespace) {
        return Markup::Text;
    }
    match quotes.tag_end(&body[name_len..]) {
        Some(end) => Markup::Tag {
            name,
            closing,
            inline,
            rest: &body[name_len + end + 1..],
        },
        None => Markup::Text,
    }
}

/// Finds where tags end, reading quoted attribute values, across one pass over a document.
/// A failed quote-aware read (no end within `QUOTE_AWARE_SPAN`) is not repeated for tags
/// that start inside the span it covered: they end at their first `>`. So every byte is
/// read quote-aware at most about twice, and the pass stays linear.
struct QuoteScan {
    doc_len: usize,
    /// Tags whose attributes start before this offset end at their first `>`.
    plain_until: usize,
}

impl QuoteScan {
    fn new(doc: &str) -> Self {
        Self {
            doc_len: doc.len(),
            plain_until: 0,
        }
    }

    /// The offset of the `>` ending a tag whose attributes start `attrs`, a suffix of the
    /// document; `None` if no `>` follows.
    fn tag_end(&mut self, attrs: &str) -> Option<usize> {
        let offset = self.doc_len.saturating_sub(attrs.len());
        if offset >= self.plain_until {
            let span = &attrs.as_bytes()[..attrs.len().min(QUOTE_AWARE_SPAN)];
            if let Some(end) = quote_aware_end(span) {
                return Some(end);
            }
            self.plain_until = offset + span.len();
        }
        attrs.find('>')
    }
}

/// The `>` ending a tag's attribute part, read as the HTML tokenizer reads it: a quoted
/// value (`"..."`, `'...'`) is read whole, an unquoted one ends at whitespace or `>`, and a
/// quote anywhere else is part of a name (`<a b"c>`). `None` when `span` holds no such `>`.
fn quote_aware_end(span: &[u8]) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        Names,
        /// After `=`, before the value.
        BeforeValue,
        Unquoted,
    }
    let mut at = At::Names;
    let mut i = 0;
    while i < span.len() {
        let b = span[i];
        match (at, b) {
            (_, b'>') => return Some(i),
            (At::BeforeValue, b'"' | b'\'') => {
                i += 1 + memchr::memchr(b, &span[i + 1..])?;
                at = At::Names;
            }
            (At::BeforeValue, b) if b.is_ascii_whitespace() => {}
            (At::BeforeValue, _) => at = At::Unquoted,
            (At::Unquoted, b) if b.is_ascii_whitespace() => at = At::Names,
            (At::Unquoted, _) => {}
            (At::Names, b'=') => at = At::BeforeValue,
            (At::Names, _) => {}
        }
        i += 1;
    }
    None
}

/// `Some(inline)` for a name we treat as a tag.
fn element_kind(name: &str) -> Option<bool> {
    if name.contains([':', '-']) {
        return Some(true);
    }
    if name.len() > MAX_KNOWN_LEN {
        return None;
    }
    let mut buf = [0u8; MAX_KNOWN_LEN];
    let lower = &mut buf[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    KNOWN_KEYS
        .binary_search(&name_key(lower))
        .ok()
        .map(|i| KNOWN_TAGS[i].1)
}

fn is_raw_text(name: &str) -> bool {
    name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")
}

/// The text after `</name ...>`, or nothing when the element never closes (as in a browser).
fn skip_raw_text<'a>(name: &str, content: &'a str) -> &'a str {
    let bytes = content.as_bytes();
    let mut from = 0;
    while let Some(pos) = content[from..].find("</") {
        let start = from + pos + 2;
        let end = start + name.len();
        if bytes
            .get(start..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            return content[end..]
                .find('>')
                .map_or("", |gt| &content[end + gt + 1..]);
        }
        from = start;
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::{
        KNOWN_KEYS, KNOWN_TAGS, MAX_KNOWN_LEN, QUOTE_AWARE_SPAN, has_markup, tags_to_text,
    };

    #[test]
    fn known_tags_are_sorted_and_short() {
        assert!(KNOWN_TAGS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(KNOWN_TAGS.iter().all(|(n, _)| n.len() <= MAX_KNOWN_LEN));
        assert!(KNOWN_KEYS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn block_tags_become_spaces_and_inline_tags_vanish() {
        assert_eq!(tags_to_text("<p>One</p><p>Two</p>"), " One  Two ");
        assert_eq!(
            tags_to_text("Hua<B>wei</B> <a href=\"x\">Ascend</a>"),
            "Huawei Ascend"
        );
    }

    #[test]
    fn non_tags_stay_text() {
        assert_eq!(
            tags_to_text("x < y and Vector<int> <3"),
            "x < y and Vector<int> <3"
        );
        assert_eq!(tags_to_text("unclosed <b and more"), "unclosed <b and more");
    }

    #[test]
    fn scripts_styles_and_comments_are_dropped() {
        let html = "a<script>alert('<p>')</script>b<STYLE>p{}</Style >c<!-- x -->d<?xml v?>e";
        assert_eq!(tags_to_text(html), "a b cde");
        assert_eq!(tags_to_text("a<script>never closed"), "a ");
        assert_eq!(tags_to_text("<![CDATA[raw <b>]]>!"), "raw <b>!");
    }

    #[test]
    fn entities_decode_after_tags_are_found() {
        assert_eq!(tags_to_text("&lt;b&gt;x&lt;/b&gt;"), "<b>x</b>");
        assert_eq!(tags_to_text("<i>AT&amp;T</i>"), "AT&T");
    }

    #[test]
    fn a_quoted_gt_does_not_end_the_tag() {
        assert_eq!(tags_to_text("<a title=\"x > y\">Hua</a>wei"), "Huawei");
        assert_eq!(tags_to_text("<a title='x > y' href=u>Hua</a>wei"), "Huawei");
        assert_eq!(tags_to_text("<a title = \"it's > 1\">Hua</a>wei"), "Huawei");
        assert_eq!(
            tags_to_text("<img alt='say \"hi\" >' src=x.png>Hua<b>wei</b>"),
            " Huawei"
        );
        // An unquoted value ends at `>`; a quote inside it or inside a name is no quote.
        assert_eq!(
            tags_to_text("<a href=x\"y>Hua</a>wei \"ok\""),
            "Huawei \"ok\""
        );
        assert_eq!(tags_to_text("<a b\"c>Hua</a>wei"), "Huawei");
    }

    #[test]
    fn an_unclosed_quote_does_not_swallow_the_document() {
        // The quote never closes: the tag ends at its first `>`, as before.
        assert_eq!(
            tags_to_text("<a title=\"oops>Hua</a>wei and more <b>text</b>"),
            "Huawei and more text"
        );
        // It closes, but only past the span: the same fallback.
        let far = format!(
            "<a title=\"oops>Hua</a>wei {} end\" <i>x</i>",
            "z".repeat(QUOTE_AWARE_SPAN)
        );
        assert_eq!(
            tags_to_text(&far),
            format!("Huawei {} end\" x", "z".repeat(QUOTE_AWARE_SPAN))
        );
    }

    #[test]
    fn hostile_quotes_end_each_tag_at_its_first_gt() {
        // No tag here ever reaches an unquoted `>`: the quote-aware read fails, once per
        // span rather than once per tag, and each tag ends at its first `>`, leaving the
        // quote after it as text.
        let html = format!("{}end", "<a x=\">\"".repeat(10_000));
        assert_eq!(tags_to_text(&html), format!("{}end", "\"".repeat(10_000)));
    }

    #[test]
    fn markup_detection() {
        assert!(has_markup("plain <p>para"));
        assert!(has_markup("<!-- c -->"));
        assert!(!has_markup("1 < 2 > 0, Vector<int>"));
    }
}
