//! The lenient pass's tags: start and end tags repaired (names respelled, elements left
//! open closed, stray end tags dropped, namespaces and `type` values mapped), and a
//! document cut after its last whole item closed properly.

use super::*;

impl Writer<'_> {
    /// Index in the stack of the innermost open element named `name` (any case).
    pub(super) fn open_index(&self, name: &[u8]) -> Option<usize> {
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
    pub(super) fn fixed_name<'n>(&self, name: &'n [u8]) -> Cow<'n, [u8]> {
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

    pub(super) fn end_tag(&mut self, at: usize) -> Step {
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
    pub(super) fn close_top(&mut self) {
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

    pub(super) fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_top();
        }
    }

    pub(super) fn inside_item(&self) -> bool {
        self.items_open > 0
    }

    pub(super) fn set_checkpoint(&mut self) {
        self.checkpoint = Some(Checkpoint {
            out_len: self.out.len(),
            depth: self.stack.len(),
            closers: None,
        });
    }

    /// The innermost element is about to close: if the checkpoint's elements are all that
    /// is open, their end tags are written down now, while the stack still holds them.
    pub(super) fn materialize_checkpoint(&mut self) {
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
    pub(super) fn close_cut_document(&mut self) {
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

    pub(super) fn start_tag(&mut self, at: usize) -> Step {
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
    pub(super) fn namespace_declaration(&mut self, attribute: &mut Attribute<'_>) -> bool {
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
    pub(super) fn type_rules(
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
