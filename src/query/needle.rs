//! Finding a word or phrase in text: both sides lowercased, traditional Chinese folded to
//! simplified (as the watchlist does) and whitespace runs made single spaces, then a
//! substring search whose ends must fall on word boundaries where the needle's ends are
//! Latin letters or digits (`text::words`): "intel" is not in "intelligence", 华为 is
//! anywhere.

use std::borrow::Cow;

use memchr::memmem::Finder;

use crate::text::fold::fold;
use crate::text::words::Bounds;

/// Text as the matcher compares it: lowercased, traditional folded to simplified,
/// whitespace runs as single spaces. Borrowed when nothing changes (lowercase ASCII with
/// single spaces, most of a headline list once lowercased). Callers keep this per article
/// (see [`super::Subject`]) so that evaluation never allocates.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let clean = text.bytes().all(|b| {
        b.is_ascii() && !b.is_ascii_uppercase() && (b == b' ' || !b.is_ascii_whitespace())
    }) && !text.contains("  ")
        && !text.starts_with(' ')
        && !text.ends_with(' ');
    if clean {
        return Cow::Borrowed(text);
    }
    if text.is_ascii() {
        return Cow::Owned(normalize_ascii(text));
    }
    Cow::Owned(normalize_any(text))
}

/// `normalize` of ASCII text in one pass and one allocation: nothing to fold, and lower
/// case is byte for byte (every cached title gets a search key when the dashboard starts).
fn normalize_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    }
    out
}

/// `normalize` of any text: Unicode lower case (which depends on context, as Greek final
/// sigma does), then script folding, then single spaces.
fn normalize_any(text: &str) -> String {
    let lowered = text.to_lowercase();
    let folded = fold(&lowered, usize::MAX);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key a [`super::Subject`] gives for its title and source: both normalized, joined by
/// a newline (which normalized text never holds, so no phrase spans the two and the
/// source is what follows the last one).
pub fn search_key(title: &str, source: &str) -> String {
    let (title, source) = (normalize(title), normalize(source));
    // Sized exactly: the dashboard keeps one key per article, and growing it by doubling
    // left up to half of each unused.
    let mut key = String::with_capacity(title.len() + 1 + source.len());
    key.push_str(&title);
    key.push('\n');
    key.push_str(&source);
    key
}

/// The source's part of a [`search_key`].
pub fn source_of(key: &str) -> &str {
    key.rsplit_once('\n').map_or(key, |(_, source)| source)
}

/// A compiled word, phrase or source name.
#[derive(Debug, Clone)]
pub struct Needle {
    finder: Finder<'static>,
    bounds: Bounds,
}

impl Needle {
    /// A needle that must stand as whole words at its Latin ends.
    pub fn words(text: &str) -> Needle {
        let text = normalize(text).into_owned();
        Needle {
            bounds: Bounds::of(&text),
            finder: Finder::new(text.as_bytes()).into_owned(),
        }
    }

    /// A needle found anywhere, even inside a word.
    pub fn substring(text: &str) -> Needle {
        let text = normalize(text).into_owned();
        Needle {
            bounds: Bounds {
                start: false,
                end: false,
            },
            finder: Finder::new(text.as_bytes()).into_owned(),
        }
    }

    /// True when the needle is in `haystack` (already [`normalize`]d).
    pub fn is_in(&self, haystack: &str) -> bool {
        let len = self.finder.needle().len();
        let bytes = haystack.as_bytes();
        let mut from = 0;
        while let Some(offset) = self.finder.find(&bytes[from..]) {
            let start = from + offset;
            // A match of valid UTF-8 in valid UTF-8 starts and ends on char boundaries.
            if self.bounds.hold(haystack, start, start + len) {
                return true;
            }
            from = start + 1;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_key_holds_no_spare_capacity() {
        for (title, source) in [
            ("Huawei Ships", "The Wire"),
            ("华为 发布", "新华社"),
            ("x", ""),
        ] {
            let key = search_key(title, source);
            assert_eq!(key.capacity(), key.len(), "{key:?}");
        }
    }

    #[test]
    fn ascii_text_is_normalized_as_any_text_is() {
        for text in [
            "Nvidia H20 Sales",
            "  U.S.  curbs\ton\x0bChips\r\n",
            "OpenAI's o3 \x0c beats R1!",
            "",
            "   ",
            "ALL CAPS",
        ] {
            assert_eq!(normalize_ascii(text), normalize_any(text), "{text:?}");
        }
    }

    #[test]
    fn normalizing_lowers_folds_and_squeezes() {
        assert!(matches!(normalize("nvidia h20 sales"), Cow::Borrowed(_)));
        assert_eq!(normalize("Nvidia  H20\tSALES"), "nvidia h20 sales");
        assert_eq!(normalize("華為 ZÜRICH"), "华为 zürich");
        assert_eq!(normalize("  "), "");
        let key = search_key("Huawei\nships", "The  Wire");
        assert_eq!(key, "huawei ships\nthe wire");
        assert_eq!(source_of(&key), "the wire");
    }

    #[test]
    fn latin_needles_are_whole_words_and_chinese_ones_anywhere() {
        let intel = Needle::words("Intel");
        assert!(intel.is_in("intel and amd"));
        assert!(intel.is_in("(intel)"));
        assert!(intel.is_in("华为intel芯片"));
        assert!(!intel.is_in("artificial intelligence"));
        assert!(intel.is_in("intelligence at intel"), "a later match counts");
        let huawei = Needle::words("華為");
        assert!(huawei.is_in(&normalize("新华为芯片")));
        let phrase = Needle::words("export  controls");
        assert!(phrase.is_in("new export controls on chips"));
        assert!(!phrase.is_in("export controlsx"));
        assert!(Needle::substring("reut").is_in("reuters tech"));
    }
}
