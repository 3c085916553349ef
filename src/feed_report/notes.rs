//! What the parser had to do to read a document: a tally of repairs by kind, and how many
//! items the document held, so the feeds pane can say "ok, repaired: 2 bare ampersands" or
//! warn about a feed whose items could not be read. Plain data, cheap to copy.

use std::fmt;

/// One kind of repair made to a document before feed-rs could read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Repair {
    /// Text (a PHP notice, whitespace, a BOM) before the XML declaration or root element.
    JunkBeforeDocument,
    /// An `<rss>` version feed-rs does not know, read as 2.0.
    RssVersion,
    /// Atom 0.3 (`http://purl.org/atom/ns#`) read as Atom 1.0.
    Atom03,
    /// RSS 0.90 (`http://my.netscape.com/rdf/simple/0.9/`) read as RSS 1.0.
    Rss090,
    /// RSS 2.0 in the Userland namespace, read as plain RSS 2.0.
    UserlandNamespace,
    /// `&` that starts no entity or character reference.
    BareAmpersand,
    /// `<` that starts no tag.
    StrayLessThan,
    /// Tags inside a text element such as `<title>`, kept as text.
    MarkupInText,
    /// A known element spelled in the wrong case (`<Item>`, `<TITLE>`).
    ElementCase,
    /// An element left open (`<br>`) and closed for it.
    UnclosedElement,
    /// An end tag that closed nothing.
    StrayEndTag,
    /// A `type` attribute feed-rs refuses (`text/plain`, `""`), normalized.
    TypeAttribute,
    /// A numeric character reference that names no character.
    InvalidCharReference,
    /// An RSS 1.0 item without `<link>` given its `rdf:about`.
    LinkFromRdfAbout,
    /// The document ended mid-item; it was closed after its last whole item.
    Truncated,
    /// A JSON Feed version feed-rs does not know (or none), read as version 1.
    JsonVersion,
    /// A raw control character inside a JSON string, escaped.
    JsonControlCharacter,
    /// A JSON Feed item that is not an object or has nothing to show, left out.
    JsonUnreadableItem,
}

impl Repair {
    /// Every kind, in the order a summary lists them.
    pub const ALL: [Repair; 18] = [
        Repair::Truncated,
        Repair::JunkBeforeDocument,
        Repair::Atom03,
        Repair::Rss090,
        Repair::UserlandNamespace,
        Repair::RssVersion,
        Repair::BareAmpersand,
        Repair::StrayLessThan,
        Repair::MarkupInText,
        Repair::ElementCase,
        Repair::UnclosedElement,
        Repair::StrayEndTag,
        Repair::TypeAttribute,
        Repair::InvalidCharReference,
        Repair::LinkFromRdfAbout,
        Repair::JsonVersion,
        Repair::JsonControlCharacter,
        Repair::JsonUnreadableItem,
    ];

    /// A short phrase for `count` repairs of this kind.
    fn describe(self, count: u32) -> String {
        let counted =
            |one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        match self {
            Repair::JunkBeforeDocument => "text before the XML dropped".to_string(),
            Repair::RssVersion => "RSS version read as 2.0".to_string(),
            Repair::Atom03 => "Atom 0.3 read as Atom 1.0".to_string(),
            Repair::Rss090 => "RSS 0.90 read as RSS 1.0".to_string(),
            Repair::UserlandNamespace => "Userland RSS namespace dropped".to_string(),
            Repair::BareAmpersand => counted("bare ampersand", "bare ampersands"),
            Repair::StrayLessThan => counted("stray '<'", "stray '<'s"),
            Repair::MarkupInText => counted("tag inside text", "tags inside text"),
            Repair::ElementCase => {
                counted("element in the wrong case", "elements in the wrong case")
            }
            Repair::UnclosedElement => counted("unclosed element", "unclosed elements"),
            Repair::StrayEndTag => counted("stray end tag", "stray end tags"),
            Repair::TypeAttribute => counted("unknown type attribute", "unknown type attributes"),
            Repair::InvalidCharReference => counted(
                "invalid character reference",
                "invalid character references",
            ),
            Repair::LinkFromRdfAbout => {
                counted("link taken from rdf:about", "links taken from rdf:about")
            }
            Repair::Truncated => "cut off (whole items kept)".to_string(),
            Repair::JsonVersion => "JSON Feed version read as 1".to_string(),
            Repair::JsonControlCharacter => {
                counted("raw control character", "raw control characters")
            }
            Repair::JsonUnreadableItem => counted("unreadable JSON item", "unreadable JSON items"),
        }
    }
}

/// How many repairs of each kind one document needed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Repairs {
    counts: [u32; Repair::ALL.len()],
}

impl Repairs {
    pub fn add(&mut self, kind: Repair, count: u32) {
        let slot = &mut self.counts[kind as usize];
        *slot = slot.saturating_add(count);
    }

    pub fn count(&self, kind: Repair) -> u32 {
        self.counts[kind as usize]
    }

    pub fn is_empty(&self) -> bool {
        self.counts.iter().all(|&c| c == 0)
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Repairs) {
        for kind in Repair::ALL {
            self.add(kind, other.count(kind));
        }
    }

    /// Each kind made, with its count, in summary order.
    pub fn iter(&self) -> impl Iterator<Item = (Repair, u32)> + '_ {
        Repair::ALL
            .into_iter()
            .map(|kind| (kind, self.count(kind)))
            .filter(|&(_, count)| count > 0)
    }
}

/// "2 bare ampersands, 1 unknown type attribute"; empty when nothing was repaired.
impl fmt::Display for Repairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (kind, count)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(&kind.describe(count))?;
        }
        Ok(())
    }
}

/// What a document that did parse still has to say about itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseNote {
    pub repairs: Repairs,
    /// `<item>` and `<entry>` start tags in the document; for JSON Feed, the `items` seen
    /// when it had to be read leniently, else 0.
    pub items_in_document: usize,
    /// Entries the parser read from it.
    pub entries_read: usize,
}

impl ParseNote {
    /// The document has items but not one could be read: the feed is broken in a way
    /// nobody should take for "ok".
    pub fn unreadable(&self) -> bool {
        self.items_in_document > 0 && self.entries_read == 0
    }

    /// The warning for a document whose items could not be read (never a plain "ok").
    pub fn warning(&self) -> Option<String> {
        self.unreadable().then(|| {
            let items = self.items_in_document;
            let noun = if items == 1 { "item" } else { "items" };
            format!("warning: {items} {noun} in the feed, none readable")
        })
    }

    /// What a feed's line says after "ok": the warning, else what was repaired.
    pub fn remark(&self) -> Option<String> {
        self.warning()
            .or_else(|| (!self.repairs.is_empty()).then(|| format!("repaired: {}", self.repairs)))
    }

    /// The document was cut off: what it holds is not the whole feed.
    pub fn truncated(&self) -> bool {
        self.repairs.count(Repair::Truncated) > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_index_their_own_slot() {
        for (i, kind) in Repair::ALL.iter().enumerate() {
            assert_eq!(
                Repair::ALL
                    .iter()
                    .filter(|k| **k as usize == *kind as usize)
                    .count(),
                1,
                "{kind:?} at {i}"
            );
        }
    }

    #[test]
    fn the_summary_counts_and_orders_kinds() {
        let mut repairs = Repairs::default();
        assert_eq!(repairs.to_string(), "");
        repairs.add(Repair::TypeAttribute, 1);
        repairs.add(Repair::BareAmpersand, 2);
        repairs.add(Repair::Truncated, 1);
        assert_eq!(
            repairs.to_string(),
            "cut off (whole items kept), 2 bare ampersands, 1 unknown type attribute"
        );
        let mut more = Repairs::default();
        more.add(Repair::BareAmpersand, 1);
        repairs.merge(&more);
        assert_eq!(repairs.count(Repair::BareAmpersand), 3);
    }
}
