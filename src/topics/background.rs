//! Background mentions: a name used as a modifier ("Alibaba-backed", "ChatGPT-style",
//! "Nvidia-powered", "OpenAI rival Mistral", 中国版ChatGPT) describes the subject, it is
//! not the subject, so it weighs [`BACKGROUND_FACTOR`] of a plain mention.

use crate::text::script::is_han;

/// A background mention counts this share of its weight: in a title, a full-weight name
/// (3.0) drops to 0.75, under the side threshold on its own.
pub const BACKGROUND_FACTOR: f32 = 0.25;

/// Suffixes glued to a name with a hyphen that turn it into a modifier of something else.
const SUFFIXES: &[&str] = &[
    "backed",
    "style",
    "powered",
    "like",
    "funded",
    "inspired",
    "esque",
    "rival",
    "rivalling",
    "rivaling",
    "killer",
    "clone",
    "alike",
    "challenger",
];

/// Words after a name, separated by a space, that make it the yardstick of another
/// subject: "OpenAI rival Mistral", "ChatGPT clone".
const FOLLOWERS: &[&str] = &["rival", "clone", "challenger", "competitor", "alternative"];

/// Words before a name that make it a yardstick: "a version of ChatGPT".
const LEADERS: &[&str] = &["version of", "version", "versions of"];

/// Chinese characters before a name that make it a yardstick: 中国版ChatGPT ("China's
/// version of ChatGPT"), 类ChatGPT ("ChatGPT-like").
const CJK_LEADERS: &[char] = &['版', '类'];

/// True when the match at `start..end` of `text` is a modifier or a yardstick, not the
/// subject.
pub fn is_background(text: &str, start: usize, end: usize) -> bool {
    follows_as_modifier(&text[end..]) || preceded_as_yardstick(&text[..start])
}

fn follows_as_modifier(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        // Hyphen, non-breaking hyphen, en dash.
        Some('-' | '\u{2011}' | '\u{2013}') => {
            let rest = chars.as_str();
            SUFFIXES.iter().any(|suffix| starts_word(rest, suffix))
        }
        Some(' ') => {
            let rest = chars.as_str();
            FOLLOWERS.iter().any(|word| {
                // "OpenAI rival Mistral": a name follows. "a Chinese rival" has none, and
                // there the rival is the Chinese side.
                starts_word(rest, word)
                    && rest[word.len()..]
                        .strip_prefix(' ')
                        .is_some_and(starts_name)
            })
        }
        _ => false,
    }
}

fn preceded_as_yardstick(before: &str) -> bool {
    if before
        .chars()
        .next_back()
        .is_some_and(|c| CJK_LEADERS.contains(&c))
    {
        return true;
    }
    let Some(before) = before.strip_suffix(' ') else {
        return false;
    };
    LEADERS.iter().any(|lead| {
        before.len() >= lead.len()
            && before.is_char_boundary(before.len() - lead.len())
            && before[before.len() - lead.len()..].eq_ignore_ascii_case(lead)
            && !before[..before.len() - lead.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// A capitalised word or a CJK character opens `text`: the name of the real subject.
fn starts_name(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || is_han(c))
}

/// `text` starts with `word` (ASCII case ignored) and the word ends there.
fn starts_word(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text.is_char_boundary(word.len())
        && text[..word.len()].eq_ignore_ascii_case(word)
        && !text[word.len()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn background(text: &str, name: &str) -> bool {
        let start = text.find(name).unwrap();
        is_background(text, start, start + name.len())
    }

    #[test]
    fn hyphenated_modifiers_are_background() {
        assert!(background("A Tencent-backed robot start-up", "Tencent"));
        assert!(background("A ChatGPT-style tutor for Kenya", "ChatGPT"));
        assert!(background(
            "An Nvidia\u{2011}powered weather model",
            "Nvidia"
        ));
        assert!(background("The DeepSeek-Like Moment of Europe", "DeepSeek"));
        // Not a modifier: a model name with a version, a plain hyphenated compound.
        assert!(!background("DeepSeek-V3 arrives", "DeepSeek"));
        assert!(!background("Nvidia-AMD deal", "Nvidia"));
        assert!(!background("A Meta-likely move", "Meta"));
    }

    #[test]
    fn rivals_and_versions_are_yardsticks() {
        assert!(background("OpenAI rival Mistral raises", "OpenAI"));
        assert!(background(
            "ChatGPT alternative Le Chat tops charts",
            "ChatGPT"
        ));
        // No name after it: the rival is the subject, and it is Chinese.
        assert!(!background(
            "Engineer took secrets to a Chinese rival",
            "Chinese"
        ));
        assert!(!background(
            "Meet the ChatGPT alternative from Oslo",
            "ChatGPT"
        ));
        assert!(background("A Korean version of ChatGPT", "ChatGPT"));
        assert!(background("推出中国版ChatGPT", "ChatGPT"));
        // A rivalry said outright is not background.
        assert!(!background("Kimi K2 to Rival OpenAI", "OpenAI"));
        assert!(!background("OpenAI rivals Google", "OpenAI"));
        assert!(!background("Subversion ChatGPT", "ChatGPT"));
    }
}
