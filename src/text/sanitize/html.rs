//! HTML (or plain text) to wrapped preview text, rendered by html2text with a decorator of
//! our own: `• ` bullets, `│ ` quotes, `[image: alt]`, and links numbered `text [1]` with a
//! deduplicated list of web and mail links at the end.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use html2text::config::{self, ImageRenderMode};
use html2text::render::TextDecorator;

use super::entities::{decode_control_references, decode_entities};
use super::escapes::{clean_line, clean_text, strip_escape_sequences};
use super::link::footnote_link;
use super::tags::{has_markup, tags_to_text};

/// Narrower previews are rendered at this width anyway.
pub(super) const MIN_WIDTH: usize = 20;
/// Wider requests are clamped: no terminal is this wide and html2text's work grows with it.
const MAX_WIDTH: usize = 1_000;
/// Bound on the rendered text before the link list, in bytes. Indentation and wrapping can
/// make the text larger than its HTML, so this is a multiple of the input cap.
const MAX_OUTPUT_BYTES: usize = 4 * super::MAX_BODY_BYTES;
/// html2text walks the document recursively; deeper documents are shown as flat text so a
/// hostile body cannot overflow the stack of the thread rendering it.
const MAX_NESTING: usize = 128;

/// Renders `html` (already capped by the caller) at `width` columns; see `html_to_text`.
pub(super) fn render(html: &str, width: usize) -> String {
    let width = width.clamp(MIN_WIDTH, MAX_WIDTH);
    let controls_free = without_controls(html);
    let source = as_html(&controls_free);
    let links = Rc::new(RefCell::new(LinkNotes::default()));
    let rendered = if nesting_depth(&source) > MAX_NESTING {
        None
    } else {
        render_with_html2text(&source, width, &links)
    };
    match rendered {
        Some(text) => with_link_list(finish(&text), &links.borrow()),
        None => render_flat(&source, width),
    }
}

/// Fallback for documents html2text cannot take: the words of the document, wrapped, as
/// one paragraph (its own markup, now escaped, is trivially shallow).
fn render_flat(html: &str, width: usize) -> String {
    let words = clean_line(&tags_to_text(html), usize::MAX);
    let no_links = Rc::new(RefCell::new(LinkNotes::default()));
    let as_paragraph = plain_text_to_html(&words, Entities::Escape);
    match render_with_html2text(&as_paragraph, width, &no_links) {
        Some(text) => finish(&text),
        None => clean_text(&words, MAX_OUTPUT_BYTES),
    }
}

fn finish(rendered: &str) -> String {
    clean_text(&finish_layout(rendered), MAX_OUTPUT_BYTES)
}

/// Stand-ins for '•' and '│' while html2text renders. html2text measures prefixes in
/// bytes in places and in columns in others, so a multi-byte prefix breaks its layout (and
/// trips its debug assertions). A control character is one byte and one column wide, and
/// `without_controls` guarantees the document itself holds none, so every mark in the
/// output is ours.
const BULLET_MARK: char = '\u{1}';
const QUOTE_MARK: char = '\u{2}';

/// Swaps the marks for their glyphs and sets top-level bullet lists off from neighbouring
/// paragraphs by a blank line, which html2text leaves out.
fn finish_layout(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len() + rendered.len() / 16);
    let mut in_list = false;
    let mut prev_blank = true;
    for line in rendered.lines() {
        let blank = line.trim().is_empty();
        let item = line.starts_with(BULLET_MARK);
        let continues_list = item || line.starts_with(' ');
        let boundary = if in_list { !continues_list } else { item };
        if boundary && !blank && !prev_blank {
            out.push('\n');
        }
        in_list = if in_list {
            continues_list && !blank
        } else {
            item
        };
        for c in line.chars() {
            out.push(match c {
                BULLET_MARK => '•',
                QUOTE_MARK => '│',
                other => other,
            });
        }
        out.push('\n');
        prev_blank = blank;
    }
    out
}

/// The source with escape sequences, control characters (whitespace aside) and numeric
/// references to control characters removed, so the parsed document cannot contain them.
fn without_controls(html: &str) -> String {
    // References first, so that `&#x1b;[2J` goes whole with the sequence it spells.
    let referenced = decode_control_references(html);
    let stripped = strip_escape_sequences(&referenced);
    stripped
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .collect()
}

/// The input as HTML: markup as is; double-escaped markup (`&lt;p&gt;...`, with no real
/// tags) decoded once; plain text turned into paragraphs so its blank lines survive.
fn as_html(text: &str) -> Cow<'_, str> {
    if has_markup(text) {
        return Cow::Borrowed(text);
    }
    if text.contains("&lt;") {
        let decoded = decode_entities(text);
        if has_markup(&decoded) {
            // Decoding can turn `&amp;#1;` into a fresh `&#1;`.
            return Cow::Owned(without_controls(&decoded));
        }
    }
    Cow::Owned(plain_text_to_html(text, Entities::Keep))
}

/// What `plain_text_to_html` does with `&`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Entities {
    /// Leave `&` alone: feed text is HTML-escaped, so its entities should still decode.
    Keep,
    /// Escape `&`: the text is already decoded and must not be decoded again.
    Escape,
}

/// Blank-line separated paragraphs become `<p>`, single line breaks `<br>`; `<` and `>`
/// are escaped, `&` as `entities` says.
fn plain_text_to_html(text: &str, entities: Entities) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    for paragraph in normalized.split("\n\n") {
        let paragraph = paragraph.trim_matches('\n');
        if paragraph.trim().is_empty() {
            continue;
        }
        html.push_str("<p>");
        for (i, line) in paragraph.split('\n').enumerate() {
            if i > 0 {
                html.push_str("<br>");
            }
            for c in line.chars() {
                match c {
                    '&' if entities == Entities::Escape => html.push_str("&amp;"),
                    '<' => html.push_str("&lt;"),
                    '>' => html.push_str("&gt;"),
                    _ => html.push(c),
                }
            }
        }
        html.push_str("</p>\n");
    }
    html
}

/// Deepest element nesting, counted cheaply: every opening tag that is not a void or
/// self-closed element adds one, every closing tag removes one. Elements whose end tag is
/// optional (`p`, `li`, `td`, ...) are not counted, so sloppy HTML is not mistaken for deep.
fn nesting_depth(html: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if name_len == 0 {
            continue;
        }
        let name = &rest[name_start..name_start + name_len];
        if is_void_or_optional_end(name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed(&rest[name_start + name_len..]) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn self_closed(after_name: &str) -> bool {
    after_name
        .find(['>', '<'])
        .is_some_and(|end| after_name[..end].ends_with('/'))
}

fn is_void_or_optional_end(name: &str) -> bool {
    const NAMES: [&str; 25] = [
        "area", "base", "br", "col", "dd", "dt", "embed", "hr", "img", "input", "li", "link",
        "meta", "option", "p", "param", "rp", "rt", "source", "tbody", "td", "tfoot", "th",
        "thead", "tr",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) || name.eq_ignore_ascii_case("wbr")
}

/// Renders with html2text. `None` if it fails or panics: the caller falls back to flat text.
fn render_with_html2text(
    html: &str,
    width: usize,
    links: &Rc<RefCell<LinkNotes>>,
) -> Option<String> {
    let decorator = PreviewDecorator {
        links: Rc::clone(links),
    };
    let attempt = crate::isolate::catch_panic(|| {
        config::with_decorator(decorator)
            .empty_img_mode(ImageRenderMode::IgnoreEmpty)
            .no_table_borders()
            .allow_width_overflow()
            .string_from_read(html.as_bytes(), width)
    });
    match attempt {
        Ok(Ok(text)) => Some(text),
        Ok(Err(err)) => {
            tracing::debug!(%err, "html2text failed; showing flat text");
            None
        }
        Err(_) => {
            tracing::warn!("html2text panicked; showing flat text");
            None
        }
    }
}

/// Appends `[n] url` lines, one per distinct listed link, after a blank line.
fn with_link_list(mut text: String, links: &LinkNotes) -> String {
    if links.urls.is_empty() {
        return text;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    for (i, url) in links.urls.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        // The url crate's serialization has no controls; cleaned anyway, as all output is.
        text.push_str(&format!("[{}] {}", i + 1, clean_line(url, usize::MAX)));
    }
    text
}

/// Link numbers handed out while rendering, shared by every sub-block decorator.
#[derive(Debug, Default)]
struct LinkNotes {
    /// Distinct listed URLs; the number of `urls[i]` is `i + 1`.
    urls: Vec<String>,
    /// Number of each URL in `urls`, so repeated links share one.
    numbers: HashMap<String, usize>,
    /// The number of each link currently open (`None`: not listed), innermost last.
    open: Vec<Option<usize>>,
}

impl LinkNotes {
    fn open_link(&mut self, href: &str) {
        let number = footnote_link(href).map(|url| {
            if let Some(&n) = self.numbers.get(&url) {
                return n;
            }
            self.urls.push(url.clone());
            let n = self.urls.len();
            self.numbers.insert(url, n);
            n
        });
        self.open.push(number);
    }

    fn close_link(&mut self) -> Option<usize> {
        self.open.pop().flatten()
    }
}

#[derive(Debug, Clone)]
struct PreviewDecorator {
    links: Rc<RefCell<LinkNotes>>,
}

impl TextDecorator for PreviewDecorator {
    type Annotation = ();

    fn decorate_link_start(&mut self, url: &str) -> (String, Self::Annotation) {
        self.links.borrow_mut().open_link(url);
        (String::new(), ())
    }

    fn decorate_link_end(&mut self) -> String {
        match self.links.borrow_mut().close_link() {
            Some(n) => format!(" [{n}]"),
            None => String::new(),
        }
    }

    fn decorate_em_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }

    fn decorate_em_end(&self) -> String {
        String::new()
    }

    fn decorate_strong_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }

    fn decorate_strong_end(&self) -> String {
        String::new()
    }

    fn decorate_strikeout_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }

    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }

    fn decorate_code_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }

    fn decorate_code_end(&self) -> String {
        String::new()
    }

    fn decorate_preformat_first(&self) -> Self::Annotation {}

    fn decorate_preformat_cont(&self) -> Self::Annotation {}

    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, Self::Annotation) {
        (format!("[image: {}]", title.trim()), ())
    }

    fn header_prefix(&self, _level: usize) -> String {
        String::new()
    }

    fn quote_prefix(&self) -> String {
        format!("{QUOTE_MARK} ")
    }

    fn unordered_item_prefix(&self) -> String {
        format!("{BULLET_MARK} ")
    }

    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }

    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }

    fn decorate_superscript_start(&self) -> (String, Self::Annotation) {
        (String::new(), ())
    }

    fn decorate_superscript_end(&self) -> String {
        String::new()
    }
}
