//! The lenient pass: re-emits a broken XML feed as well-formed XML feed-rs can read, and
//! counts what it repaired. It runs only after the strict parse failed (or read fewer
//! items than the document holds), and to cut a document down to the items we keep.
//!
//! One forward pass over the bytes, copying runs of text whole:
//!
//! * junk before the declaration or root (a PHP notice, a BOM and blank lines) is dropped;
//! * `&` that starts no reference becomes `&amp;`; references, named ones included
//!   (`&nbsp;` stays as it is: feed-rs keeps unknown entities as text), are copied;
//! * `<` that starts no tag becomes `&lt;`, and inside text-only elements (`<title>`,
//!   `<description>`) every tag does, so `<br>` in a title is text, not a lost title;
//! * known element names get feed-rs's spelling (`<Item>` is `<item>`), end tags close
//!   what they match (elements left open are closed, stray end tags dropped), and HTML void
//!   elements (`<br>`) are closed where they open;
//! * `type` values feed-rs refuses are normalized, legacy namespaces (Atom 0.3, RSS 0.90,
//!   Userland RSS 2.0) are mapped, Atom 0.3 dates renamed, and RSS 1.0 items without a
//!   `<link>` get their `rdf:about`;
//! * a document that ends early is closed after its last whole item.
//!
//! Works on bytes in any ASCII-compatible encoding; multi-byte characters pass through.

use std::borrow::Cow;

use super::repair::doctype_len;
use super::vocabulary::{
    ATOM_NS, ITUNES_NS, LegacyNamespace, MEDIA_NS, RSS1_NS, TypeRules, atom03_rename,
    canonical_name, holds_only_text, is_void_html, legacy_namespace, normalized_type,
};
use crate::feed_report::{Repair, Repairs};

mod syntax;
mod tags;

use syntax::*;

/// Junk before the document and its root are looked for in this many leading bytes.
const PROLOG_WINDOW: usize = 64 * 1024;
/// Longest entity name accepted in a reference (`&name;`).
const MAX_ENTITY_NAME: usize = 40;
/// Deepest nesting the rewrite follows. Real feeds nest a few levels (xhtml content a few
/// more); a document deeper than this is hostile or broken beyond repair, and the rewrite
/// gives up so that no per-tag step can cost more than this many elements.
const MAX_DEPTH: usize = 256;
/// The declaration written in place of one that followed junk, when the text is UTF-8.
const UTF8_DECLARATION: &[u8] = b"<?xml version=\"1.0\"?>";

/// A rewritten document and what was repaired to make it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rewritten {
    pub bytes: Vec<u8>,
    pub repairs: Repairs,
}

/// Re-emits `input` as well-formed XML, keeping at most `max_items` items or entries (the
/// document is closed after the last one kept). `None` for a document that is not XML
/// (JSON Feed, plain text): there is nothing to repair there.
pub fn rewrite(input: &[u8], max_items: usize) -> Option<Rewritten> {
    let (start, junk) = document_start(input)?;
    let mut writer = Writer {
        input,
        out: Vec::with_capacity(input.len() - start + input.len() / 32 + 64),
        repairs: Repairs::default(),
        stack: Vec::new(),
        root: None,
        prefixes: Prefixes::default(),
        checkpoint: None,
        items_open: 0,
        no_end_after: MissingEnds::default(),
        too_deep: false,
        items_done: 0,
        max_items,
        utf8: std::str::from_utf8(input).is_ok(),
    };
    if junk {
        writer.repairs.add(Repair::JunkBeforeDocument, 1);
    }
    writer.run(start, junk);
    if writer.too_deep {
        return None;
    }
    Some(Rewritten {
        bytes: writer.out,
        repairs: writer.repairs,
    })
}

/// Where the document proper starts, and whether anything but leading whitespace before a
/// root element (which XML allows) is skipped to get there.
fn document_start(input: &[u8]) -> Option<(usize, bool)> {
    let window = &input[..input.len().min(PROLOG_WINDOW)];
    let bom = if window.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let first = bom
        + window[bom..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let rest = &window[first..];
    if rest.starts_with(b"{") {
        return None;
    }
    if is_declaration(rest) {
        return Some((first, first > 0));
    }
    if rest.starts_with(b"<")
        && (rest.starts_with(b"<!") || rest.starts_with(b"<?") || root_at(rest))
    {
        return Some((first, false));
    }
    // Junk first: the real declaration, else the root, further on.
    let declaration =
        (0..window.len()).find(|&i| window[i] == b'<' && is_declaration(&window[i..]));
    let root = || (0..window.len()).find(|&i| window[i] == b'<' && root_at(&window[i..]));
    declaration.or_else(root).map(|at| (at, true))
}

/// `<?xml` followed by whitespace or `?` (not `<?xml-stylesheet`).
fn is_declaration(rest: &[u8]) -> bool {
    rest.starts_with(b"<?xml")
        && rest
            .get(5)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'?')
}

/// A feed root element (`<rss`, `<feed`, `<rdf:RDF`, `<RDF`, any case) starts here.
fn root_at(rest: &[u8]) -> bool {
    let name_len = rest[1..].iter().take_while(|&&b| is_name_byte(b)).count();
    let local = local_name(&rest[1..1 + name_len]);
    [&b"rss"[..], b"feed", b"rdf"]
        .iter()
        .any(|root| root.eq_ignore_ascii_case(local))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Rss,
    Rdf,
    Atom { version_03: bool },
}

/// Namespace prefixes seen so far for the vocabularies whose `type` rules differ.
#[derive(Default)]
struct Prefixes {
    media: Vec<Vec<u8>>,
    atom: Vec<Vec<u8>>,
    itunes: Vec<Vec<u8>>,
}

/// An element open in the output.
struct Open {
    /// As written out.
    name: Vec<u8>,
    /// Content is text only: tags inside are escaped.
    text_only: bool,
    /// Inside markup that is content (Atom xhtml): nothing below is a text-only element.
    markup: bool,
    item: Option<ItemState>,
}

struct ItemState {
    /// `rdf:about`, raw as it was in the attribute.
    about: Option<Vec<u8>>,
    has_link: bool,
}

/// A point the document can be cut back to: after a whole item, or before the first one.
/// `]]>` or `-->` searched for once and not found: no later opener can find one either,
/// so the search is not repeated (which would be quadratic in the openers).
#[derive(Default)]
struct MissingEnds {
    cdata: bool,
    comment: bool,
}

struct Checkpoint {
    out_len: usize,
    /// How many elements were open there.
    depth: usize,
    /// The end tags that close them, written out only once one of them closes (until
    /// then they are the bottom of the stack): taking a checkpoint costs nothing per item.
    closers: Option<Vec<u8>>,
}

/// How a scan of the input ended.
enum Ending {
    /// The root element closed (or the item limit was reached and everything is closed).
    Complete,
    /// The input ran out, inside an element or mid-markup.
    Cut,
}

struct Writer<'a> {
    input: &'a [u8],
    out: Vec<u8>,
    repairs: Repairs,
    stack: Vec<Open>,
    root: Option<Root>,
    prefixes: Prefixes,
    checkpoint: Option<Checkpoint>,
    /// Open elements that are items or entries, so "inside an item" is one comparison.
    items_open: usize,
    /// Terminators already known to be missing from the rest of the input.
    no_end_after: MissingEnds,
    /// The document nests deeper than `MAX_DEPTH`: no rewrite is given.
    too_deep: bool,
    items_done: usize,
    max_items: usize,
    /// The whole input is valid UTF-8, so a declaration naming another encoding is wrong.
    utf8: bool,
}

impl Writer<'_> {
    fn run(&mut self, start: usize, junk: bool) {
        let mut at = start;
        if junk && self.utf8 && is_declaration(&self.input[at..]) {
            // The decoder never saw this declaration (it was not first), so the text is
            // already UTF-8 whatever encoding it names.
            match find(&self.input[at..], b"?>") {
                Some(end) => {
                    self.out.extend_from_slice(UTF8_DECLARATION);
                    at += end + 2;
                }
                None => return,
            }
        }
        if let Ending::Cut = self.scan(at) {
            self.close_cut_document();
        }
    }

    fn scan(&mut self, mut at: usize) -> Ending {
        let input = self.input;
        loop {
            let Some(found) = memchr::memchr2(b'<', b'&', &input[at..]) else {
                self.text(&input[at..]);
                return if self.stack.is_empty() {
                    Ending::Complete
                } else {
                    Ending::Cut
                };
            };
            self.text(&input[at..at + found]);
            at += found;
            let step = if input[at] == b'&' {
                self.reference(at)
            } else {
                self.markup(at)
            };
            match step {
                Step::Next(next) => at = next,
                Step::Cut => return Ending::Cut,
                Step::Done => return Ending::Complete,
            }
        }
    }

    /// Character data: copied inside the root. Before it, whitespace is kept and anything
    /// else is junk (a notice between the declaration and the root); after it, dropped.
    fn text(&mut self, text: &[u8]) {
        if !self.stack.is_empty() {
            self.out.extend_from_slice(text);
        } else if self.root.is_none() && !text.iter().all(u8::is_ascii_whitespace) {
            self.note_junk();
        } else if self.root.is_none() {
            self.out.extend_from_slice(text);
        }
    }

    fn note_junk(&mut self) {
        if self.repairs.count(Repair::JunkBeforeDocument) == 0 {
            self.repairs.add(Repair::JunkBeforeDocument, 1);
        }
    }

    /// `&` at `at`: a reference is copied, a bare ampersand escaped.
    fn reference(&mut self, at: usize) -> Step {
        let input = self.input;
        match reference_len(&input[at..]) {
            Some(len) => {
                self.text(&input[at..at + len]);
                Step::Next(at + len)
            }
            None => {
                if !self.stack.is_empty() {
                    self.out.extend_from_slice(b"&amp;");
                    self.repairs.add(Repair::BareAmpersand, 1);
                }
                Step::Next(at + 1)
            }
        }
    }

    /// `<` at `at`.
    fn markup(&mut self, at: usize) -> Step {
        let rest = &self.input[at..];
        let text_only = self.stack.last().is_some_and(|open| open.text_only);
        // Inside a text-only element, an opener never closed ("Use <!-- to comment") is
        // text, as every other tag there is: it must not cut the rest of the document.
        if rest.starts_with(b"<![CDATA[") {
            if text_only && (self.no_end_after.cdata || find(rest, b"]]>").is_none()) {
                // No `]]>` here means none later either: later openers need no search.
                self.no_end_after.cdata = true;
                return self.markup_in_text(at);
            }
            return self.copy_through(at, b"]]>");
        }
        if rest.starts_with(b"<!--") {
            let end = if self.no_end_after.comment {
                None
            } else {
                find(rest, b"-->")
            };
            self.no_end_after.comment |= end.is_none();
            return match end {
                Some(end) if self.stack.is_empty() && self.root.is_none() => {
                    self.out.extend_from_slice(&rest[..end + 3]);
                    Step::Next(at + end + 3)
                }
                // Comments inside the document carry nothing a reader shows.
                Some(end) => Step::Next(at + end + 3),
                None if text_only => self.markup_in_text(at),
                None => Step::Cut,
            };
        }
        if text_only {
            return self.markup_in_text(at);
        }
        if rest.starts_with(b"<?") {
            return match find(rest, b"?>") {
                Some(end) => {
                    if self.root.is_none() {
                        self.out.extend_from_slice(&rest[..end + 2]);
                    }
                    Step::Next(at + end + 2)
                }
                None => Step::Cut,
            };
        }
        if rest.starts_with(b"<!") {
            return match doctype_len(rest) {
                Some(len) => {
                    if self.root.is_none() {
                        self.out.extend_from_slice(&rest[..len]);
                    }
                    Step::Next(at + len)
                }
                None => Step::Cut,
            };
        }
        if rest.starts_with(b"</") {
            return self.end_tag(at);
        }
        if rest.get(1).is_some_and(|&b| is_name_start(b)) {
            return self.start_tag(at);
        }
        self.stray_less_than(at)
    }

    fn stray_less_than(&mut self, at: usize) -> Step {
        if self.stack.is_empty() {
            self.note_junk();
        } else {
            self.out.extend_from_slice(b"&lt;");
            self.repairs.add(Repair::StrayLessThan, 1);
        }
        Step::Next(at + 1)
    }

    /// Copies from `at` through the end marker, or reports the input cut before it.
    fn copy_through(&mut self, at: usize, end_marker: &[u8]) -> Step {
        let input = self.input;
        match find(&input[at..], end_marker) {
            Some(end) => {
                let end = at + end + end_marker.len();
                self.text(&input[at..end]);
                Step::Next(end)
            }
            None => Step::Cut,
        }
    }

    /// `<` inside a text-only element: its own end tag (or an ancestor's) closes it,
    /// anything else is text.
    fn markup_in_text(&mut self, at: usize) -> Step {
        let rest = &self.input[at..];
        if rest.starts_with(b"</") {
            let name = name_at(&rest[2..]);
            if self.open_index(name).is_some() {
                return self.end_tag(at);
            }
        }
        let looks_like_tag = rest
            .get(1)
            .is_some_and(|&b| is_name_start(b) || b == b'/' || b == b'!' || b == b'?');
        self.out.extend_from_slice(b"&lt;");
        let kind = if looks_like_tag {
            Repair::MarkupInText
        } else {
            Repair::StrayLessThan
        };
        self.repairs.add(kind, 1);
        Step::Next(at + 1)
    }
}

enum Step {
    Next(usize),
    Cut,
    Done,
}

#[cfg(test)]
mod tests;
