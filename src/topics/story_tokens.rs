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

use super::entities::{TermKind, lexicon, normalize};
use crate::text::script::is_cjk;

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

/// Finds amounts and percentages, emits each as its value, and blanks them out of `text`
/// (replaced by spaces, byte for byte, so it stays valid UTF-8).
fn take_figures(text: &mut [u8], emit: &mut impl FnMut(&str, Kind)) {
    let mut at = 0;
    while at < text.len() {
        // Figures start with a digit, a dollar sign or a Chinese magnitude (whose UTF-8
        // starts with E4-E9, like every common ideograph): skip anything else at once.
        if !matches!(text[at], b'0'..=b'9' | b'$' | 0xE4..=0xE9) {
            at += 1;
            continue;
        }
        match figure_at(text, at) {
            Some(figure) if figure.kind == Kind::Number => {
                // A date ("12月2日", "2025年"): blanked, it tells no story apart.
                text[figure.start..figure.end].fill(b' ');
                at = figure.end;
            }
            Some(figure) => {
                let token = match figure.kind {
                    Kind::Percent => format!("%{}", trim_value(figure.value)),
                    _ => format!("#{}{:.2e}", figure.currency, figure.value),
                };
                emit(&token, figure.kind);
                text[figure.start..figure.end].fill(b' ');
                at = figure.end;
            }
            None => at += 1,
        }
    }
}

/// A value found in a title, and the bytes it took. A `Number` figure is a date, dropped.
struct Figure {
    start: usize,
    end: usize,
    value: f64,
    kind: Kind,
    /// Empty for dollars or no currency; `hkd` for Hong Kong dollars (4.6 万亿港元 is not
    /// 4.6 trillion US dollars).
    currency: &'static str,
}

/// Multipliers written after a number, longest first.
const CJK_MAGNITUDES: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("千万", 1e7),
    ("百万", 1e6),
    ("亿", 1e8),
    ("万", 1e4),
];

const LATIN_MAGNITUDES: &[(&str, f64)] = &[
    ("trillion", 1e12),
    ("tn", 1e12),
    ("t", 1e12),
    ("billion", 1e9),
    ("bn", 1e9),
    ("b", 1e9),
    ("million", 1e6),
    ("mn", 1e6),
    ("m", 1e6),
];

/// The amount or percentage starting at byte `at`, if one does: a number not glued to a
/// letter before it ("h20" is a name), then a magnitude or a percent sign; or a dollar
/// sign and a number; or a Chinese magnitude with no digit before a currency ("千亿美元").
fn figure_at(text: &[u8], at: usize) -> Option<Figure> {
    let mut start = at;
    let mut pos = at;
    let mut dollar = false;
    if text[pos] == b'$' {
        dollar = true;
        if at >= 2
            && &text[at - 2..at] == b"us"
            && (at < 3 || !text[at - 3].is_ascii_alphanumeric())
        {
            start = at - 2;
        }
        pos += 1;
        if !text.get(pos).is_some_and(u8::is_ascii_digit) {
            return None;
        }
    } else if text[pos].is_ascii_digit() {
        if at > 0 && (text[at - 1].is_ascii_alphanumeric() || text[at - 1] == b'.') {
            return None;
        }
    } else {
        // A magnitude with no digit: "千亿美元" is a hundred billion dollars.
        for (word, value) in &CJK_MAGNITUDES[..3] {
            let rest = &text[at..];
            if rest.starts_with(word.as_bytes())
                && rest[word.len()..].starts_with("美元".as_bytes())
            {
                return Some(Figure {
                    start: at,
                    end: at + word.len() + "美元".len(),
                    value: *value,
                    kind: Kind::Amount,
                    currency: "",
                });
            }
        }
        return None;
    }
    // The number: digits, thousands commas, one decimal point.
    let mut digits = String::new();
    while pos < text.len() {
        let b = text[pos];
        let next_digit = text.get(pos + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() {
            digits.push(b as char);
        } else if b == b'.' && next_digit && !digits.contains('.') {
            digits.push('.');
        } else if b != b',' || !next_digit {
            break;
        }
        pos += 1;
    }
    let number: f64 = digits.parse().ok()?;
    let after_number = pos;
    while text.get(pos) == Some(&b' ') {
        pos += 1;
    }
    let rest = &text[pos..];
    for unit in ["年", "月", "日", "号"] {
        if rest.starts_with(unit.as_bytes()) && pos == after_number {
            return Some(Figure {
                start,
                end: pos + unit.len(),
                value: number,
                kind: Kind::Number,
                currency: "",
            });
        }
    }
    if rest.starts_with(b"%") || rest.starts_with(b"percent") {
        let end = pos + if rest[0] == b'%' { 1 } else { 7 };
        return Some(Figure {
            start,
            end,
            value: number,
            kind: Kind::Percent,
            currency: "",
        });
    }
    for (word, magnitude) in CJK_MAGNITUDES {
        if rest.starts_with(word.as_bytes()) {
            let mut end = pos + word.len();
            let mut currency = "";
            for (name, code) in [("美元", ""), ("美金", ""), ("港元", "hkd"), ("元", "cny")]
            {
                if text[end..].starts_with(name.as_bytes()) {
                    end += name.len();
                    currency = code;
                    break;
                }
            }
            if dollar {
                currency = "";
            }
            return Some(Figure {
                start,
                end,
                value: number * magnitude,
                kind: Kind::Amount,
                currency,
            });
        }
    }
    let word_end = rest
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    for (name, magnitude) in LATIN_MAGNITUDES {
        // A single letter counts only glued to the number ("$4T", "500B").
        let glued = pos == after_number;
        if word == name.as_bytes() && (name.len() > 1 || glued) {
            return Some(Figure {
                start,
                end: pos + word_end,
                value: number * magnitude,
                kind: Kind::Amount,
                currency: "",
            });
        }
    }
    dollar.then_some(Figure {
        start,
        end: after_number,
        value: number,
        kind: Kind::Amount,
        currency: "",
    })
}

/// A percentage as written, without trailing zeros: "27", "2.5".
fn trim_value(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
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
