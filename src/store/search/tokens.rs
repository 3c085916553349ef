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
    let mut out = String::with_capacity(folded.len() * 2);
    let mut word = Word::default();
    let mut previous: Option<char> = None;
    let mut run = 0usize;
    for c in folded.chars() {
        if pairs_up(c) {
            word.flush(&mut out);
            match previous {
                Some(before) => {
                    out.push(' ');
                    out.push(before);
                    out.push(c);
                }
                // A run starts: spaces keep it apart from a Latin word touching it.
                None => out.push(' '),
            }
            previous = Some(c);
            run += 1;
            continue;
        }
        close_run(&mut out, previous.take(), run);
        run = 0;
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            word.flush(&mut out);
            out.push(c);
        }
    }
    word.flush(&mut out);
    close_run(&mut out, previous, run);
    out
}

/// The Latin word being read, written out when it ends unless it is too long.
#[derive(Default)]
struct Word {
    text: String,
    chars: usize,
}

impl Word {
    fn push(&mut self, c: char) {
        self.chars += 1;
        if self.chars <= MAX_WORD_CHARS {
            self.text.push(c);
        }
    }

    fn flush(&mut self, out: &mut String) {
        if self.chars <= MAX_WORD_CHARS {
            out.push_str(&self.text);
        } else {
            out.push(' ');
        }
        self.text.clear();
        self.chars = 0;
    }
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

    #[test]
    fn a_lone_character_at_the_end_is_a_prefix() {
        assert!(ends_with_lone_cjk(&index_text("中")));
        assert!(ends_with_lone_cjk(&index_text("AI 中")));
        assert!(!ends_with_lone_cjk(&index_text("中国")));
        assert!(!ends_with_lone_cjk(&index_text("Nvidia")));
        assert!(!ends_with_lone_cjk(""));
    }
}
