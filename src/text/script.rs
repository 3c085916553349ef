//! Which script a character belongs to, from one table of Unicode blocks, so that the
//! classifier, the watchlist, the story clustering, the parser and the preview agree on
//! what "Chinese" and "CJK" mean.
//!
//! The blocks (code points, inclusive):
//!
//! | Block                                                     | Range          | Han | CJK |
//! |-----------------------------------------------------------|----------------|-----|-----|
//! | Radicals, CJK symbols and punctuation, kana, bopomofo...  | U+2E80–U+33FF  |     | yes |
//! | CJK unified ideographs extension A                        | U+3400–U+4DBF  | yes | yes |
//! | Yijing hexagram symbols                                   | U+4DC0–U+4DFF  |     | yes |
//! | CJK unified ideographs                                    | U+4E00–U+9FFF  | yes | yes |
//! | Hangul syllables                                          | U+AC00–U+D7AF  |     | yes |
//! | CJK compatibility ideographs                              | U+F900–U+FAFF  | yes | yes |
//! | Half-width and full-width forms                           | U+FF00–U+FFEF  |     | (full-width) |
//! | Supplementary ideographic planes (extensions B to H)      | U+20000–U+3FFFF| yes | yes |
//!
//! "CJK" is the scripts written without spaces between words; full-width forms are kept
//! apart because they are Latin letters and digits in CJK clothing: they never glue to a
//! Latin word, but they are not ideographs either.

/// Han ideographs (Chinese characters, also kanji and hanja): the blocks marked Han above.
pub fn is_han(c: char) -> bool {
    matches!(
        c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
    )
}

/// Characters of the scripts written without spaces: Han, kana, Hangul, bopomofo, CJK
/// radicals, symbols and punctuation (the blocks marked CJK above).
pub fn is_cjk(c: char) -> bool {
    matches!(
        c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF
    )
}

/// Half-width and full-width forms (U+FF00–U+FFEF): "ＡＩ", "１２", "，".
pub fn is_full_width_form(c: char) -> bool {
    matches!(c as u32, 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_is_the_ideographs_of_every_block() {
        for c in ['中', '国', '㐀', '\u{9FFF}', '\u{F900}', '𠀀', '\u{3134A}'] {
            assert!(is_han(c), "{c:?} is Han");
            assert!(is_cjk(c), "{c:?} is CJK");
        }
        for c in ['a', 'é', 'あ', 'カ', '한', '，', '。', 'Ａ', '1'] {
            assert!(!is_han(c), "{c:?} is not Han");
        }
    }

    #[test]
    fn cjk_adds_kana_hangul_and_punctuation_but_not_full_width_forms() {
        for c in ['あ', 'カ', '한', '。', '、', '⺀'] {
            assert!(is_cjk(c), "{c:?} is CJK");
        }
        for c in ['a', 'Z', 'é', 'ß', 'я', '1', ' ', '-', 'Ａ', '１', '，'] {
            assert!(!is_cjk(c), "{c:?} is not CJK");
        }
        for c in ['Ａ', '１', '，', '｡'] {
            assert!(is_full_width_form(c), "{c:?} is a full-width form");
        }
    }
}
