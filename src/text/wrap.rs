//! Fitting text to terminal columns: cutting a line (`truncate`), word wrapping one line
//! (`wrap`), and stored plain text whose lines are whole paragraphs (`wrap_paragraphs`),
//! such as an extracted article, wrapped again for whatever width shows it with bullets and
//! quote bars kept hanging.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::sanitize::MIN_PREVIEW_WIDTH;

/// Cuts `s` to at most `width` terminal columns, ending with '…' when it was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = within(s.chars(), width - 1).collect();
    out.push('…');
    out
}

/// The leading characters of `chars` that fit in `room` columns.
pub fn within(chars: impl Iterator<Item = char>, room: usize) -> impl Iterator<Item = char> {
    let mut used = 0;
    chars.take_while(move |c| {
        used += c.width().unwrap_or(0);
        used <= room
    })
}

/// Word-wraps `s` to `width` columns; words longer than a line (URLs, CJK runs) are broken.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wraps every line of `text` to `width` columns (at least the preview's narrowest), one
/// paragraph per line in, as many lines as it takes out. A line's lead (its indentation,
/// then a `• ` bullet, a `│ ` quote bar or a `1. ` number) starts it and indents the lines
/// it continues on; quote bars are repeated on each. Lines of the link list (`[3] https://…`)
/// stay whole, so links remain copyable. Blank lines are kept.
pub fn wrap_paragraphs(text: &str, width: usize) -> String {
    let width = width.max(MIN_PREVIEW_WIDTH);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if line.width() <= width || is_link_line(line) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let (lead, rest) = split_lead(line);
        let lead_width = lead.width();
        let hang: String = lead
            .chars()
            .map(|c| if c == '│' { '│' } else { ' ' })
            .collect();
        let room = width.saturating_sub(lead_width).max(MIN_PREVIEW_WIDTH / 2);
        for (i, part) in wrap(rest, room).into_iter().enumerate() {
            out.push_str(if i == 0 { lead } else { &hang });
            out.push_str(&part);
            out.push('\n');
        }
    }
    out
}

/// `[12] https://…`: an entry of the link list.
fn is_link_line(line: &str) -> bool {
    line.strip_prefix('[')
        .and_then(|rest| rest.split_once("] "))
        .is_some_and(|(number, _)| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits a line into its lead (indentation and any bullets, bars or a list number with
/// the space after them) and the words after it.
fn split_lead(line: &str) -> (&str, &str) {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let step = if rest.starts_with(' ') {
            1
        } else if let Some(mark) = ["• ", "│ ", "* ", "- "]
            .iter()
            .find(|m| rest.starts_with(**m))
        {
            mark.len()
        } else {
            numbered_lead(rest)
        };
        if step == 0 {
            return (&line[..at], rest);
        }
        at += step;
    }
}

/// The length of `12. ` at the start of `rest`, or 0.
fn numbered_lead(rest: &str) -> usize {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && rest[digits..].starts_with(". ") {
        digits + 2
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn paragraphs_wrap_with_their_leads_hanging() {
        let text = "Chips\n\nThe export rules tighten again this week for every advanced part.\n\
                    • A bullet that is long enough to need a second line here\n\
                    │ A quoted sentence that also runs past the edge of it\n\
                    12. A numbered step that runs on past the width\n\n\
                    [1] https://example.com/a/very/long/link/that/must/stay/whole/for/copying\n";
        assert_eq!(
            wrap_paragraphs(text, 30),
            "Chips\n\nThe export rules tighten again\nthis week for every advanced\npart.\n\
             • A bullet that is long enough\n  to need a second line here\n\
             │ A quoted sentence that also\n│ runs past the edge of it\n\
             12. A numbered step that runs\n    on past the width\n\n\
             [1] https://example.com/a/very/long/link/that/must/stay/whole/for/copying\n"
        );
    }

    #[test]
    fn chinese_paragraphs_break_by_columns() {
        let text = "华为发布新一代昇腾芯片，性能大幅提升，出口管制之下国产替代加速推进。";
        let wrapped = wrap_paragraphs(text, 20);
        assert!(wrapped.lines().all(|line| line.width() <= 20), "{wrapped}");
        assert_eq!(wrapped.replace('\n', ""), text);
    }

    #[test]
    fn narrow_widths_are_raised_to_the_narrowest_preview() {
        let wrapped = wrap_paragraphs("one two three four five six seven eight nine ten", 3);
        assert!(wrapped.lines().all(|l| l.width() <= MIN_PREVIEW_WIDTH));
        assert_eq!(wrapped.lines().count(), 3);
    }
}
