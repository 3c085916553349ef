//! The text the search index sees: traditional Chinese folded to simplified, and every run
//! of CJK letters cut into overlapping two-character pairs, so that the unicode61
//! tokenizer (which treats a whole CJK run as one word) can find a Chinese word anywhere
//! in a sentence. Latin text passes through: unicode61 splits it into words and folds
//! case and accents itself. The query goes through the same function, so both sides agree.

use crate::text::fold::fold;
use crate::text::script::is_cjk;

/// A character that takes part in CJK pairs: a Han, kana or Hangul letter (CJK
/// punctuation such as 。 and 「 separates words instead).
fn pairs_up(c: char) -> bool {
    is_cjk(c) && c.is_alphanumeric()
}

/// Longest word indexed, in characters. Longer ones (a base64 blob, a run of noise in a
/// hostile feed) are nobody's search and would each cost their whole length in the index.
pub(crate) const MAX_WORD_CHARS: usize = 64;

/// `text` as it is indexed: "華為發布芯片 Ascend" becomes "华为 为发 发布 布芯 芯片 Ascend".
/// A lone CJK character stays as it is; words over `MAX_WORD_CHARS` are left out.
pub(crate) fn index_text(text: &str) -> String {
    let folded = fold(text, usize::MAX);
    let mut out = Indexed {
        // Latin text comes out as long as it went in; CJK runs grow, and the buffer with them.
        out: String::with_capacity(folded.len() + folded.len() / 8 + 8),
        word_start: 0,
        word_chars: 0,
    };
    let mut previous: Option<char> = None;
    let mut run = 0usize;
    let mut rest = folded.as_ref();
    while !rest.is_empty() {
        // ASCII never pairs up, and a stretch of it is copied a word or a gap at a time.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            close_run(&mut out.out, previous.take(), run);
            run = 0;
            out.ascii(&rest[..ascii]);
            rest = &rest[ascii..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if pairs_up(c) {
            out.end_word();
            match previous {
                Some(before) => {
                    out.out.push(' ');
                    out.out.push(before);
                    out.out.push(c);
                }
                // A run starts: spaces keep it apart from a Latin word touching it.
                None => out.out.push(' '),
            }
            previous = Some(c);
            run += 1;
            continue;
        }
        close_run(&mut out.out, previous.take(), run);
        run = 0;
        if c.is_alphanumeric() {
            out.word(c.encode_utf8(&mut [0; 4]), 1);
        } else {
            out.end_word();
            out.out.push(c);
        }
    }
    out.end_word();
    close_run(&mut out.out, previous, run);
    out.out
}

/// The text being written, with the Latin word being read written into it as it goes and
/// taken back out when it ends too long.
struct Indexed {
    out: String,
    /// Where the current word starts in `out`, when `word_chars > 0`.
    word_start: usize,
    word_chars: usize,
}

impl Indexed {
    fn word(&mut self, letters: &str, chars: usize) {
        if self.word_chars == 0 {
            self.word_start = self.out.len();
        }
        self.word_chars += chars;
        self.out.push_str(letters);
    }

    fn end_word(&mut self) {
        if self.word_chars > MAX_WORD_CHARS {
            self.out.truncate(self.word_start);
            self.out.push(' ');
        }
        self.word_chars = 0;
    }

    /// A stretch of ASCII: runs of letters and digits extend the word, anything else ends it
    /// and is copied as it is.
    fn ascii(&mut self, mut text: &str) {
        // Nearly always no word in the stretch is too long, and it is copied whole.
        if let Some(tail) = open_word_if_all_short(text.as_bytes(), self.word_chars) {
            if tail == text.len() {
                if self.word_chars == 0 {
                    self.word_start = self.out.len();
                }
                self.word_chars += tail;
            } else {
                self.word_chars = tail;
                self.word_start = self.out.len() + text.len() - tail;
            }
            self.out.push_str(text);
            return;
        }
        while !text.is_empty() {
            let letters = text
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(text.len());
            if letters > 0 {
                self.word(&text[..letters], letters);
                text = &text[letters..];
                continue;
            }
            let gap = text
                .bytes()
                .position(|b| b.is_ascii_alphanumeric())
                .unwrap_or(text.len());
            self.end_word();
            self.out.push_str(&text[..gap]);
            text = &text[gap..];
        }
    }
}

/// The letters and digits ending `text` (the word still open after it), unless a word that
/// `text` closes is longer than `MAX_WORD_CHARS`; `open` letters of a word come before it.
fn open_word_if_all_short(text: &[u8], open: usize) -> Option<usize> {
    let mut run = open;
    for &b in text {
        if b.is_ascii_alphanumeric() {
            run += 1;
        } else if run > MAX_WORD_CHARS {
            return None;
        } else {
            run = 0;
        }
    }
    Some(run.min(text.len()))
}

/// Ends a CJK run: a run of one character had no pair, so the character itself is written.
fn close_run(out: &mut String, last: Option<char>, run: usize) {
    if let Some(last) = last {
        if run == 1 {
            out.push(last);
        }
        out.push(' ');
    }
}

/// True when `text` (as `index_text` wrote it) ends with a lone CJK character: as a query
/// it must match the pairs that begin with it too (一 finds 一个), so it is a prefix.
pub(crate) fn ends_with_lone_cjk(indexed: &str) -> bool {
    let mut tail = indexed.trim_end().chars().rev();
    match (tail.next(), tail.next()) {
        (Some(last), Some(before)) => pairs_up(last) && !pairs_up(before),
        (Some(last), None) => pairs_up(last),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        index_text(text)
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn chinese_runs_become_overlapping_pairs_and_latin_words_stay() {
        assert_eq!(
            words("华为发布芯片"),
            ["华为", "为发", "发布", "布芯", "芯片"]
        );
        assert_eq!(words("Nvidia H20芯片"), ["Nvidia", "H20", "芯片"]);
        assert_eq!(words("美国 AI"), ["美国", "AI"]);
        assert_eq!(words("中 AI"), ["中", "AI"]);
    }

    #[test]
    fn traditional_characters_are_indexed_as_simplified() {
        assert_eq!(words("華為晶片"), ["华为", "为晶", "晶片"]);
        assert_eq!(index_text("華為"), index_text("华为"));
    }

    #[test]
    fn cjk_punctuation_separates_words() {
        assert_eq!(words("华为。芯片"), ["华为", "。", "芯片"]);
    }

    #[test]
    fn overlong_words_are_left_out() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        let kept = "y".repeat(MAX_WORD_CHARS);
        assert_eq!(
            words(&format!("Nvidia {long} {kept}, 华为{long}")),
            ["Nvidia", format!("{kept},").as_str(), "华为"]
        );
    }

    /// The first version of `index_text`, a character at a time: the index written by it
    /// must stay the one written now, or stored articles would stop matching queries.
    fn index_text_by_chars(text: &str) -> String {
        let folded = fold(text, usize::MAX);
        let mut out = String::new();
        let (mut word, mut word_chars) = (String::new(), 0usize);
        let flush = |out: &mut String, word: &mut String, chars: &mut usize| {
            if *chars <= MAX_WORD_CHARS {
                out.push_str(word);
            } else {
                out.push(' ');
            }
            word.clear();
            *chars = 0;
        };
        let mut previous: Option<char> = None;
        let mut run = 0usize;
        for c in folded.chars() {
            if pairs_up(c) {
                flush(&mut out, &mut word, &mut word_chars);
                match previous {
                    Some(before) => {
                        out.push(' ');
                        out.push(before);
                        out.push(c);
                    }
                    None => out.push(' '),
                }
                previous = Some(c);
                run += 1;
                continue;
            }
            close_run(&mut out, previous.take(), run);
            run = 0;
            if c.is_alphanumeric() {
                word_chars += 1;
                word.push(c);
            } else {
                flush(&mut out, &mut word, &mut word_chars);
                out.push(c);
            }
        }
        flush(&mut out, &mut word, &mut word_chars);
        close_run(&mut out, previous, run);
        out
    }

    #[test]
    fn the_index_text_is_the_one_written_a_character_at_a_time() {
        let pieces = [
            "Nvidia",
            " ",
            "H20",
            "芯片",
            "華為",
            "中",
            "。",
            "é",
            "café",
            "x",
            "ｘ",
            "-",
            "\n",
            "한국어",
            "ひらがな",
            "9",
            ",",
            "\u{1F600}",
            "ß",
            "İ",
            "  ",
        ];
        let long = "a".repeat(MAX_WORD_CHARS);
        let mut rng = fastrand::Rng::with_seed(16);
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..rng.usize(0..12) {
                match rng.usize(0..8) {
                    0 => text.push_str(&long),
                    _ => text.push_str(pieces[rng.usize(0..pieces.len())]),
                }
            }
            assert_eq!(index_text(&text), index_text_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn a_lone_character_at_the_end_is_a_prefix() {
        assert!(ends_with_lone_cjk(&index_text("中")));
        assert!(ends_with_lone_cjk(&index_text("AI 中")));
        assert!(!ends_with_lone_cjk(&index_text("中国")));
        assert!(!ends_with_lone_cjk(&index_text("Nvidia")));
        assert!(!ends_with_lone_cjk(""));
    }
}
