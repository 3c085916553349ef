//! The features the topic model reads from a headline: lowercased Latin words, and Chinese
//! character bigrams, after folding traditional script to simplified.
//!
//! Chinese is written without spaces, so a word tokenizer sees one long run; bigrams
//! (华为, 芯片, 出口) carry the meaning instead. Single characters were tried and dropped:
//! 发, 人, 中 mostly say "this headline is Chinese", and cross-validation flipped more
//! European and Indian stories in Chinese to `china` with them. Folding first makes 華為 and
//! 华为 one feature, as the rules do.

use super::fold::fold;
use crate::text::script::is_han;

/// Calls `visit` with every feature of `text`, in order, repeats included. The `&str` is a
/// reused buffer: copy it to keep it.
pub fn for_each_feature(text: &str, mut visit: impl FnMut(&str)) {
    let folded = fold(text, text.len());
    let mut word = String::new();
    let mut bigram = String::new();
    let mut previous_cjk: Option<char> = None;
    for c in folded.chars() {
        if is_han(c) {
            flush_word(&mut word, &mut visit);
            if let Some(previous) = previous_cjk {
                bigram.clear();
                bigram.push(previous);
                bigram.push(c);
                visit(&bigram);
            }
            previous_cjk = Some(c);
            continue;
        }
        previous_cjk = None;
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut visit);
        }
    }
    flush_word(&mut word, &mut visit);
}

/// A Latin word of one letter ("s" of "China's", "u" of "U.S.") says nothing.
fn flush_word(word: &mut String, visit: &mut impl FnMut(&str)) {
    if word.chars().nth(1).is_some() {
        visit(word);
    }
    word.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_feature(text, |f| out.push(f.to_owned()));
        out
    }

    #[test]
    fn latin_words_are_lowercased_and_single_letters_dropped() {
        assert_eq!(
            features("China's H20 ban: U.S. acts"),
            ["china", "h20", "ban", "acts"]
        );
    }

    #[test]
    fn chinese_gives_characters_and_bigrams_in_simplified_script() {
        assert_eq!(
            features("華為AI晶片发布"),
            ["华为", "ai", "晶片", "片发", "发布"]
        );
    }
}
