//! The tokens a headline is matched to other headlines by, in any language: names as one
//! id per entity, amounts as one value, story words as one concept, the rest as stemmed
//! English words and Chinese character bigrams; and the stage of the event it reports.
//!
//! A title is lowercased and folded to simplified characters ([`super::fold`]). Amounts
//! and percentages come out first ("$6.6 billion", "US$95 billion", "66亿美元", "4萬億",
//! "27%"), as their value ("#6.60e9"), so that "$4T" is "4万亿美元". Then the names and
//! phrases of the lexicon ([`super::entities`]): "Nvidia", "英偉達" and "NVDA" are all
//! `@nvidia`, "export controls" and "出口管制" both give `export` and `restrict`. What
//! is left becomes words (stop words dropped, a light stemmer, story words by stem) and,
//! for Chinese, which has no spaces, character bigrams.

mod figures;

use super::entities::{TermKind, lexicon, normalize};
use crate::text::script::is_cjk;
use figures::take_figures;

/// What a token is: it decides the token's weight and which tokens may contradict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A company, lab, model, chip, agency, person or place (`@nvidia`).
    Entity,
    /// A sum of money or a count with a magnitude (`#4.00e12`).
    Amount,
    /// A percentage (`%27`).
    Percent,
    /// Any other token with a digit: years, counts, part numbers (`140`, `10gw`).
    Number,
    /// A word in nearly every headline of this dashboard (AI, China, chip, export...).
    Common,
    /// A story word of the lexicon: one concept in every language (`ban`, `funding`).
    Concept,
    /// Any other word.
    Word,
    /// Two adjacent Chinese characters (or a lone one).
    Bigram,
}

/// The stage of the event a headline reports, from its story words: a firing and a
/// return, or talks and a deal, are two stories even when the names and numbers agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stage {
    /// Someone was removed (fired, ousted, 开除) and nothing says they came back.
    pub ousted: bool,
    /// Someone came back (returns, restored, 返岗): this wins over a mention of the exit.
    pub returned: bool,
    /// Still a plan (close to, in talks, weighs, 考虑): not the deal or round itself.
    pub planned: bool,
    /// Something closes (shuts down, 关闭): not the news of it opening or running.
    pub shut: bool,
    /// A rule or order is undone (rescinded, 撤销): not the news of it being made.
    pub revoked: bool,
    /// A restriction is relaxed (eases, 放宽): not the news of it being imposed.
    pub eased: bool,
}

impl Kind {
    /// Whether a translation keeps the token: names, amounts, numbers and concepts are the
    /// same token in English and Chinese, plain words and character bigrams are not.
    pub fn crosses_languages(self) -> bool {
        !matches!(self, Kind::Word | Kind::Bigram)
    }
}

impl Stage {
    /// Whether two headlines report different stages of an event: one a firing and the
    /// other a return, or one a plan and the other the thing done.
    pub fn conflicts(self, other: Stage) -> bool {
        let event = |s: Stage| {
            if s.returned {
                Some(true)
            } else if s.ousted {
                Some(false)
            } else {
                None
            }
        };
        let personnel = matches!((event(self), event(other)), (Some(a), Some(b)) if a != b);
        personnel
            || self.planned != other.planned
            || self.shut != other.shut
            || self.revoked != other.revoked
            || self.eased != other.eased
    }

    fn note(&mut self, token: &str) {
        match token {
            "oust" => self.ousted = true,
            "return" => self.returned = true,
            "plan" => self.planned = true,
            "shut" => self.shut = true,
            "revoke" => self.revoked = true,
            "ease" => self.eased = true,
            _ => {}
        }
    }
}

/// Calls `emit` with each token of the title and its kind, in order of appearance (with
/// repeats), and returns the title's stage.
pub fn for_each_token(title: &str, mut emit: impl FnMut(&str, Kind)) -> Stage {
    let mut stage = Stage::default();
    let mut emit = |token: &str, kind: Kind| {
        // Story words come back with a leading NUL so that the stage is read from the
        // lexicon only: the plain word "plan" is not the stage `plan`.
        match token.strip_prefix('\0') {
            Some(term) => {
                stage.note(term);
                emit(term, kind)
            }
            None => emit(token, kind),
        }
    };
    let mut text = normalize(title).into_bytes();
    take_figures(&mut text, &mut emit);
    let text = String::from_utf8(text).unwrap_or_default();
    let lexicon = lexicon();
    // Names and phrases are emitted where they stand, and the words between them go on
    // being cut as before: a name splits a Chinese run, as a space would.
    let mut at = 0;
    lexicon.find(&text, |found| {
        words(&text[at..found.start], &mut emit);
        let term = lexicon.term(found.term);
        let kind = match term.kind {
            TermKind::Entity => Kind::Entity,
            TermKind::Word if is_common(&term.token) => Kind::Common,
            TermKind::Word => Kind::Concept,
        };
        emit(&term.marked, kind);
        at = found.end;
    });
    words(&text[at..], &mut emit);
    stage
}

/// Story words and stems that are in most headlines about the AI race: sharing them says
/// little about which story it is.
fn is_common(token: &str) -> bool {
    matches!(
        token,
        "ai" | "us"
            | "china"
            | "chip"
            | "model"
            | "company"
            | "billion"
            | "million"
            | "export"
            | "restrict"
            | "launch"
            | "tech"
            | "first"
    )
}

/// Emits the Latin words and Chinese bigrams of a stretch of text with no names in it.
fn words(text: &str, emit: &mut impl FnMut(&str, Kind)) {
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_joiner(c) {
            // "U.S." is "us", "China's" is "chinas" (stemmed to "china"), "6,000" is "6000".
            continue;
        }
        // Ideographs, kana and Hangul form runs; CJK punctuation is not a letter and
        // splits runs like a space does.
        if c.is_alphanumeric() && is_cjk(c) {
            flush_word(&mut word, emit);
            if !is_cjk_stop(c) {
                run.push(c);
            }
        } else if c.is_alphanumeric() {
            flush_run(&mut run, emit);
            word.push(c);
        } else {
            flush_word(&mut word, emit);
            flush_run(&mut run, emit);
        }
    }
    flush_word(&mut word, emit);
    flush_run(&mut run, emit);
}

fn flush_word(word: &mut String, emit: &mut impl FnMut(&str, Kind)) {
    if !word.is_empty() {
        let single_letter =
            word.chars().count() == 1 && !word.starts_with(|c: char| c.is_numeric());
        if !single_letter && !is_stop_word(word) {
            let stemmed = stem(word);
            let lexicon = lexicon();
            match lexicon.word(stemmed) {
                Some(term) => {
                    let term = lexicon.term(term);
                    let token = &term.marked;
                    let kind = if is_common(&term.token) {
                        Kind::Common
                    } else {
                        Kind::Concept
                    };
                    emit(token, kind);
                }
                None => {
                    let token = canonical(stemmed);
                    if !is_stop_word(token) {
                        let kind = if token.chars().any(|c| c.is_ascii_digit()) {
                            Kind::Number
                        } else if is_common(token) {
                            Kind::Common
                        } else {
                            Kind::Word
                        };
                        emit(token, kind);
                    }
                }
            }
        }
        word.clear();
    }
}

fn flush_run(run: &mut Vec<char>, emit: &mut impl FnMut(&str, Kind)) {
    let mut buf = [0u8; 8];
    match run.len() {
        0 => {}
        1 => emit(run[0].encode_utf8(&mut buf), Kind::Bigram),
        _ => {
            let mut pair = String::with_capacity(8);
            for w in run.windows(2) {
                pair.clear();
                pair.push(w[0]);
                pair.push(w[1]);
                emit(&pair, Kind::Bigram);
            }
        }
    }
    run.clear();
}

/// Characters deleted inside words rather than splitting them.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '\u{2019}')
}

/// A light suffix stripper: enough that rewrites agree on "chips"/"chip",
/// "restricting"/"restricts"/"restricted", "launches"/"launch", "valued"/"valuation".
/// Stems need not be words, only the same for both titles.
pub fn stem(word: &str) -> &str {
    let mut w = word;
    let long = |w: &str, n: usize| w.len() > n && w.is_ascii();
    if long(w, 5) && w.ends_with("ing") {
        w = &w[..w.len() - 3];
    } else if long(w, 4) && w.ends_with("ed") {
        w = &w[..w.len() - 2];
    } else if long(w, 4) && w.ends_with("ies") {
        w = &w[..w.len() - 3];
    } else if long(w, 7) && w.ends_with("ations") {
        w = &w[..w.len() - 6];
    } else if long(w, 6) && w.ends_with("ation") {
        w = &w[..w.len() - 5];
    } else if long(w, 6) && w.ends_with("ions") {
        w = &w[..w.len() - 4];
    } else if long(w, 5) && w.ends_with("ion") {
        w = &w[..w.len() - 3];
    } else if long(w, 4)
        && ["ches", "shes", "xes", "sses"]
            .iter()
            .any(|s| w.ends_with(s))
    {
        w = &w[..w.len() - 2];
    } else if long(w, 3) && w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        w = &w[..w.len() - 1];
    }
    if long(w, 3) && w.ends_with('e') {
        w = &w[..w.len() - 1];
    }
    w
}

/// One spelling for words headlines use interchangeably: country names and their
/// adjectives or capitals, "firm" and "company", the verbs of a product launch, of a
/// probe and of a restriction. Works on stems.
fn canonical(stem: &str) -> &str {
    match stem {
        "chines" | "beij" | "prc" => "china",
        "american" | "america" | "usa" => "us",
        "dutch" => "netherland",
        "firm" | "compan" | "company" | "startup" => "company",
        "semiconductor" => "chip",
        "unveil" | "releas" | "debut" | "introduc" => "launch",
        "investigat" | "investig" => "probe",
        "curb" | "limit" | "restrict" => "restrict",
        other => other,
    }
}

/// Function words and headline filler: words that say nothing about which story it is.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "about"
            | "after"
            | "against"
            | "all"
            | "also"
            | "amid"
            | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "but"
            | "by"
            | "can"
            | "could"
            | "for"
            | "from"
            | "has"
            | "have"
            | "her"
            | "his"
            | "how"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "may"
            | "might"
            | "more"
            | "new"
            | "no"
            | "not"
            | "now"
            | "of"
            | "on"
            | "or"
            | "over"
            | "per"
            | "report"
            | "reports"
            | "reportedly"
            | "said"
            | "say"
            | "says"
            | "so"
            | "source"
            | "sources"
            | "than"
            | "that"
            | "the"
            | "their"
            | "this"
            | "to"
            | "up"
            | "via"
            | "usd"
            | "vs"
            | "was"
            | "were"
            | "what"
            | "when"
            | "which"
            | "who"
            | "why"
            | "will"
            | "with"
            | "would"
    )
}

/// Chinese particles that glue words and would only add noise bigrams.
fn is_cjk_stop(c: char) -> bool {
    matches!(
        c,
        '的' | '了'
            | '是'
            | '在'
            | '和'
            | '被'
            | '对'
            | '将'
            | '把'
            | '等'
            | '与'
            | '及'
            | '其'
            | '就'
            | '向'
            | '于'
            | '已'
            | '也'
            | '又'
            | '并'
            | '仍'
            | '但'
            | '家'
    )
}
