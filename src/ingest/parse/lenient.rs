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

    /// Index in the stack of the innermost open element named `name` (any case).
    fn open_index(&self, name: &[u8]) -> Option<usize> {
        if name.is_empty() {
            return None;
        }
        let fixed = self.fixed_name(name);
        self.stack
            .iter()
            .rposition(|open| open.name.eq_ignore_ascii_case(&fixed))
    }

    /// The name as written out: known local names in feed-rs's spelling, Atom 0.3 names
    /// in Atom 1.0's.
    fn fixed_name<'n>(&self, name: &'n [u8]) -> Cow<'n, [u8]> {
        let local = local_name(name);
        let prefix = &name[..name.len() - local.len()];
        let atom03 = matches!(self.root, Some(Root::Atom { version_03: true }));
        let replacement = if atom03 {
            atom03_rename(local).or_else(|| canonical_name(local))
        } else {
            canonical_name(local)
        };
        match replacement {
            Some(local) => {
                let mut fixed = prefix.to_vec();
                fixed.extend_from_slice(local.as_bytes());
                Cow::Owned(fixed)
            }
            None => Cow::Borrowed(name),
        }
    }

    fn end_tag(&mut self, at: usize) -> Step {
        let rest = &self.input[at..];
        let name = name_at(&rest[2..]);
        let Some(close) = memchr::memchr(b'>', rest) else {
            return Step::Cut;
        };
        let next = at + close + 1;
        if self.stack.is_empty() {
            // Before the root (junk markup) or after it: nothing to close.
            if self.root.is_none() {
                self.note_junk();
            }
            return Step::Next(next);
        }
        let Some(index) = self.open_index(name) else {
            self.repairs.add(Repair::StrayEndTag, 1);
            return Step::Next(next);
        };
        if self.stack[index].name != *self.fixed_name(name) {
            self.repairs.add(Repair::ElementCase, 1);
        }
        while self.stack.len() > index + 1 {
            self.repairs.add(Repair::UnclosedElement, 1);
            self.close_top();
        }
        self.close_top();
        if self.stack.is_empty() {
            return Step::Done;
        }
        if self.items_done >= self.max_items {
            self.close_all();
            return Step::Done;
        }
        Step::Next(next)
    }

    /// Writes the end tag of the innermost open element (an RSS 1.0 item first gets its
    /// `rdf:about` as a link when it had none).
    fn close_top(&mut self) {
        self.materialize_checkpoint();
        let Some(open) = self.stack.pop() else {
            return;
        };
        if open.item.is_some() {
            self.items_open -= 1;
        }
        if let Some(item) = &open.item
            && self.root == Some(Root::Rdf)
            && !item.has_link
            && let Some(about) = &item.about
        {
            self.out.extend_from_slice(b"<link>");
            write_escaped_text(&mut self.out, about);
            self.out.extend_from_slice(b"</link>");
            self.repairs.add(Repair::LinkFromRdfAbout, 1);
        }
        write_end_tag(&mut self.out, &open.name);
        if open.item.is_some() && !self.inside_item() {
            self.items_done += 1;
            self.set_checkpoint();
        }
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_top();
        }
    }

    fn inside_item(&self) -> bool {
        self.items_open > 0
    }

    fn set_checkpoint(&mut self) {
        self.checkpoint = Some(Checkpoint {
            out_len: self.out.len(),
            depth: self.stack.len(),
            closers: None,
        });
    }

    /// The innermost element is about to close: if the checkpoint's elements are all that
    /// is open, their end tags are written down now, while the stack still holds them.
    fn materialize_checkpoint(&mut self) {
        if let Some(checkpoint) = &mut self.checkpoint
            && checkpoint.closers.is_none()
            && self.stack.len() <= checkpoint.depth
        {
            let mut closers = Vec::new();
            for open in self.stack[..checkpoint.depth.min(self.stack.len())]
                .iter()
                .rev()
            {
                write_end_tag(&mut closers, &open.name);
            }
            checkpoint.closers = Some(closers);
        }
    }

    /// The input ended inside the document: back to the last whole item (or before the
    /// first one), then close what is open there.
    fn close_cut_document(&mut self) {
        self.repairs.add(Repair::Truncated, 1);
        match self.checkpoint.take() {
            Some(checkpoint) => {
                self.out.truncate(checkpoint.out_len);
                match &checkpoint.closers {
                    Some(closers) => self.out.extend_from_slice(closers),
                    None => {
                        let depth = checkpoint.depth.min(self.stack.len());
                        for open in self.stack[..depth].iter().rev() {
                            write_end_tag(&mut self.out, &open.name);
                        }
                    }
                }
                self.stack.clear();
                self.items_open = 0;
            }
            None => {
                // Not one item began: keep the channel's head, closed.
                for open in std::mem::take(&mut self.stack).iter().rev() {
                    write_end_tag(&mut self.out, &open.name);
                }
            }
        }
    }

    fn start_tag(&mut self, at: usize) -> Step {
        let rest = &self.input[at..];
        let name = name_at(&rest[1..]);
        let gt = match tag_end(rest, 1 + name.len()) {
            TagEnd::At(gt) => gt,
            TagEnd::Interrupted => return self.stray_less_than(at),
            TagEnd::Eof => return Step::Cut,
        };
        let next = at + gt + 1;
        let self_closing = rest[gt - 1] == b'/';
        let attributes_end = if self_closing { gt - 1 } else { gt };
        let mut attributes = parse_attributes(&rest[1 + name.len()..attributes_end]);
        let local = local_name(name);

        if self.stack.is_empty() {
            if self.root.is_some() {
                // A second root: everything after the first one is ignored by feed-rs.
                return Step::Done;
            }
            let root = match local.to_ascii_lowercase().as_slice() {
                b"rss" => Root::Rss,
                b"rdf" => Root::Rdf,
                b"feed" | b"entry" => Root::Atom { version_03: false },
                _ => {
                    // Markup before the root (`<br />`, `<b>` of a PHP notice).
                    self.note_junk();
                    return Step::Next(next);
                }
            };
            self.root = Some(root);
        }

        let mut changed = false;
        for attribute in &mut attributes {
            changed |= self.namespace_declaration(attribute);
        }
        let fixed = self.fixed_name(name).into_owned();
        if fixed != name {
            changed = true;
            if canonical_name(local).is_some() {
                self.repairs.add(Repair::ElementCase, 1);
            }
        }
        let fixed_local = local_name(&fixed).to_vec();
        let prefix = &fixed[..fixed.len() - fixed_local.len()];
        let markup_above = self.stack.last().is_some_and(|open| open.markup);
        let mut xhtml = false;
        if let Some(rules) = self.type_rules(prefix, &fixed_local, &attributes) {
            for attribute in attributes.iter_mut().filter(|a| a.name.as_ref() == b"type") {
                if let Some(value) = normalized_type(rules, &attribute.value) {
                    attribute.value = Cow::Owned(value.as_bytes().to_vec());
                    self.repairs.add(Repair::TypeAttribute, 1);
                    changed = true;
                }
                xhtml |= attribute.value.as_ref() == b"xhtml";
            }
        }
        // A prefixed element (`media:content`) is feed vocabulary, never HTML.
        let void = !self_closing && prefix.is_empty() && is_void_html(&fixed_local);
        if void {
            self.repairs.add(Repair::UnclosedElement, 1);
        }

        let is_item = !self.inside_item()
            && prefix.is_empty()
            && matches!(fixed_local.as_slice(), b"item" | b"entry")
            && !self.stack.is_empty();
        if is_item {
            self.set_checkpoint();
        }
        if fixed_local == b"link"
            && let Some(parent) = self.stack.last_mut()
            && let Some(item) = &mut parent.item
        {
            item.has_link = true;
        }

        if changed || void {
            write_start_tag(&mut self.out, &fixed, &attributes, self_closing || void);
        } else {
            self.out.extend_from_slice(&rest[..=gt]);
        }
        if self_closing || void {
            return Step::Next(next);
        }
        let text_only = !markup_above
            && !xhtml
            && holds_only_text(&fixed_local)
            && (prefix.is_empty()
                || matches!(fixed_local.as_slice(), b"encoded" | b"date" | b"creator"));
        let item = is_item.then(|| ItemState {
            about: attributes
                .iter()
                .find(|a| a.name.as_ref() == b"rdf:about")
                .map(|a| a.value.to_vec()),
            has_link: false,
        });
        if self.stack.len() >= MAX_DEPTH {
            self.too_deep = true;
            return Step::Done;
        }
        if item.is_some() {
            self.items_open += 1;
        }
        self.stack.push(Open {
            name: fixed,
            text_only,
            markup: markup_above || xhtml,
            item,
        });
        Step::Next(next)
    }

    /// Records vocabulary prefixes and maps legacy namespaces; true when it changed the
    /// attribute.
    fn namespace_declaration(&mut self, attribute: &mut Attribute<'_>) -> bool {
        let Some(prefix) = attribute.name.strip_prefix(b"xmlns".as_slice()) else {
            return false;
        };
        if !prefix.is_empty() && prefix[0] != b':' {
            return false;
        }
        let prefix = prefix.get(1..).unwrap_or_default().to_vec();
        let uri = attribute.value.trim_ascii();
        if uri == MEDIA_NS {
            self.prefixes.media.push(prefix);
            return false;
        }
        if uri == ITUNES_NS {
            self.prefixes.itunes.push(prefix);
            return false;
        }
        if uri == ATOM_NS.as_bytes() {
            self.prefixes.atom.push(prefix);
            return false;
        }
        let (replacement, repair): (&str, Repair) = match legacy_namespace(uri) {
            Some(LegacyNamespace::Atom03) => {
                if let Some(Root::Atom { version_03 }) = &mut self.root {
                    *version_03 = true;
                }
                self.prefixes.atom.push(prefix);
                (ATOM_NS, Repair::Atom03)
            }
            Some(LegacyNamespace::Rss090) => (RSS1_NS, Repair::Rss090),
            Some(LegacyNamespace::Userland) => ("", Repair::UserlandNamespace),
            None => return false,
        };
        if self.repairs.count(repair) == 0 {
            self.repairs.add(repair, 1);
        }
        if replacement.is_empty() {
            attribute.dropped = true;
        } else {
            attribute.value = Cow::Borrowed(replacement.as_bytes());
        }
        true
    }

    /// Which `type` values feed-rs accepts on this element, when it reads them at all.
    fn type_rules(
        &self,
        prefix: &[u8],
        local: &[u8],
        attributes: &[Attribute<'_>],
    ) -> Option<TypeRules> {
        let prefix = prefix.strip_suffix(b":").unwrap_or(prefix);
        let is = |list: &[Vec<u8>]| list.iter().any(|p| p == prefix);
        let atom = if prefix.is_empty() {
            matches!(self.root, Some(Root::Atom { .. })) || is(&self.prefixes.atom)
        } else {
            is(&self.prefixes.atom)
        };
        if !prefix.is_empty() && is(&self.prefixes.media) {
            return matches!(local, b"title" | b"description").then_some(TypeRules::Media);
        }
        if !prefix.is_empty() && is(&self.prefixes.itunes) {
            return matches!(local, b"title" | b"summary").then_some(TypeRules::AtomText);
        }
        if !atom {
            return None;
        }
        match local {
            b"title" | b"subtitle" | b"summary" | b"rights" => Some(TypeRules::AtomText),
            // With `src` the type is a MIME type of the linked document, left as it is.
            b"content" if !attributes.iter().any(|a| a.name.as_ref() == b"src") => {
                Some(TypeRules::AtomContent)
            }
            _ => None,
        }
    }
}

enum Step {
    Next(usize),
    Cut,
    Done,
}

/// One attribute of a start tag.
struct Attribute<'a> {
    name: Cow<'a, [u8]>,
    /// Raw, still escaped as it was.
    value: Cow<'a, [u8]>,
    quote: u8,
    dropped: bool,
}

/// `name="value"` pairs; bare words and unquoted values are skipped (feed-rs skips
/// attributes it cannot read, too).
fn parse_attributes(region: &[u8]) -> Vec<Attribute<'_>> {
    let mut attributes = Vec::new();
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while region.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    while i < region.len() {
        skip_space(&mut i);
        let name_start = i;
        while region
            .get(i)
            .is_some_and(|&b| !b.is_ascii_whitespace() && b != b'=')
        {
            i += 1;
        }
        let name = &region[name_start..i];
        skip_space(&mut i);
        if region.get(i) != Some(&b'=') {
            // A bare word (`hidden`): the next attribute starts right here. Only a lone
            // byte that is no name at all is stepped over.
            if name.is_empty() {
                i += 1;
            }
            continue;
        }
        i += 1;
        skip_space(&mut i);
        let Some(&quote) = region.get(i).filter(|q| matches!(q, b'"' | b'\'')) else {
            i += 1;
            continue;
        };
        let value_start = i + 1;
        let Some(len) = memchr::memchr(quote, &region[value_start..]) else {
            break;
        };
        if !name.is_empty() {
            attributes.push(Attribute {
                name: Cow::Borrowed(name),
                value: Cow::Borrowed(&region[value_start..value_start + len]),
                quote,
                dropped: false,
            });
        }
        i = value_start + len + 1;
    }
    attributes
}

fn write_start_tag(out: &mut Vec<u8>, name: &[u8], attributes: &[Attribute<'_>], empty: bool) {
    out.push(b'<');
    out.extend_from_slice(name);
    for attribute in attributes.iter().filter(|a| !a.dropped) {
        out.push(b' ');
        out.extend_from_slice(&attribute.name);
        out.push(b'=');
        out.push(attribute.quote);
        out.extend_from_slice(&attribute.value);
        out.push(attribute.quote);
    }
    if empty {
        out.push(b'/');
    }
    out.push(b'>');
}

fn write_end_tag(out: &mut Vec<u8>, name: &[u8]) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(name);
    out.push(b'>');
}

/// Attribute text as element text: references kept, bare `&` and `<` escaped.
fn write_escaped_text(out: &mut Vec<u8>, text: &[u8]) {
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'&' => match reference_len(&text[i..]) {
                Some(len) => {
                    out.extend_from_slice(&text[i..i + len]);
                    i += len;
                    continue;
                }
                None => out.extend_from_slice(b"&amp;"),
            },
            b'<' => out.extend_from_slice(b"&lt;"),
            b => out.push(b),
        }
        i += 1;
    }
}

/// Length of the reference starting at `rest` (which starts with `&`), `;` included:
/// `&#123;`, `&#x1F;` or `&name;`. `None` for a bare ampersand.
fn reference_len(rest: &[u8]) -> Option<usize> {
    let body = rest.get(1..)?;
    let (digits, skip): (usize, usize) = match body {
        [b'#', b'x' | b'X', hex @ ..] => {
            (hex.iter().take_while(|b| b.is_ascii_hexdigit()).count(), 2)
        }
        [b'#', decimal @ ..] => (decimal.iter().take_while(|b| b.is_ascii_digit()).count(), 1),
        [first, name @ ..] if first.is_ascii_alphabetic() || *first == b'_' || *first == b':' => {
            let len = name
                .iter()
                .take_while(|&&b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':')
                })
                .count();
            if len >= MAX_ENTITY_NAME {
                return None;
            }
            (len + 1, 0)
        }
        _ => return None,
    };
    let end = 1 + skip + digits;
    (digits > 0 && rest.get(end) == Some(&b';')).then_some(end + 1)
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_name_byte(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || matches!(b, b'.' | b'-')
}

/// The element name at the start of `rest`.
fn name_at(rest: &[u8]) -> &[u8] {
    let len = rest.iter().take_while(|&&b| is_name_byte(b)).count();
    &rest[..len]
}

/// The name without its namespace prefix.
fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

enum TagEnd {
    /// Index of the `>`.
    At(usize),
    /// A `<` came first: this was no tag.
    Interrupted,
    Eof,
}

/// Where the tag starting at `rest[0]` ends, quotes respected.
fn tag_end(rest: &[u8], from: usize) -> TagEnd {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return TagEnd::At(i),
            (None, b'<') => return TagEnd::Interrupted,
            _ => {}
        }
    }
    TagEnd::Eof
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests;
