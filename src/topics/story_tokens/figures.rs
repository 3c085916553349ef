//! Amounts and percentages in a headline, in any language, as their value: "$4T",
//! "4万亿美元" and "US$4 trillion" are one token; dates are blanked, they tell no story
//! apart.

use super::Kind;

/// Finds amounts and percentages, emits each as its value, and blanks them out of `text`
/// (replaced by spaces, byte for byte, so it stays valid UTF-8).
pub(super) fn take_figures(text: &mut [u8], emit: &mut impl FnMut(&str, Kind)) {
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
