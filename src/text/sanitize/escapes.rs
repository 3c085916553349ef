//! Terminal escape sequences and invisible characters: what must never reach the screen.

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// 8-bit String Terminator.
const ST: char = '\u{9c}';

/// Removes terminal escape sequences whole, so their payload (a hyperlink target, a
/// clipboard write, a window title) never shows up as stray text.
///
/// * CSI (`ESC [` or U+009B): parameter and intermediate bytes (0x20–0x3F), then one final
///   byte (0x40–0x7E). Any other character ends it early and is kept, as a terminal would.
/// * String sequences, OSC (`ESC ]`, U+009D), DCS (`ESC P`, U+0090), SOS (`ESC X`, U+0098),
///   PM (`ESC ^`, U+009E) and APC (`ESC _`, U+009F), run to ST (`ESC \` or U+009C); OSC also
///   ends at BEL.
/// * Unterminated string sequences: when another sequence starts, or the input ends, before
///   the terminator, only the introducer is dropped and the payload is kept as plain text
///   (still filtered of controls afterwards). A stray introducer, for example in a truncated
///   body, therefore cannot swallow the rest of an article.
/// * Any other `ESC`: intermediates (0x20–0x2F) and one final byte (0x30–0x7E) are dropped
///   with it; a lone `ESC` is dropped alone.
///
/// Runs in linear time: an unterminated sequence's lookahead stops at the next introducer.
pub(super) fn strip_escape_sequences(input: &str) -> Cow<'_, str> {
    if !may_hold_sequence(input) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(pos) = rest.find(is_sequence_start) {
        out.push_str(&rest[..pos]);
        let Some(intro) = rest[pos..].chars().next() else {
            break;
        };
        rest = skip_sequence(intro, &rest[pos + intro.len_utf8()..]);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// False when `input` surely holds no sequence introducer: no ESC byte, and no 0xC2 lead
/// byte, which every 8-bit introducer (U+0090 to U+009F) starts with in UTF-8. One
/// vectorized scan, so clean text (nearly all of it) is never copied.
fn may_hold_sequence(input: &str) -> bool {
    memchr::memchr2(0x1b, 0xc2, input.as_bytes()).is_some()
}

fn is_sequence_start(c: char) -> bool {
    matches!(
        c,
        ESC | '\u{90}' | '\u{98}' | '\u{9b}' | '\u{9d}' | '\u{9e}' | '\u{9f}'
    )
}

/// Given the introducer and the text after it, returns the text after the whole sequence.
fn skip_sequence(intro: char, after: &str) -> &str {
    match intro {
        ESC => skip_after_esc(after),
        '\u{9b}' => skip_csi(after),
        '\u{9d}' => skip_string(after, true),
        _ => skip_string(after, false),
    }
}

fn skip_after_esc(after: &str) -> &str {
    match after.as_bytes().first() {
        Some(b'[') => skip_csi(&after[1..]),
        Some(b']') => skip_string(&after[1..], true),
        Some(b'P' | b'X' | b'^' | b'_') => skip_string(&after[1..], false),
        Some(0x20..=0x2f) => skip_nf_sequence(after),
        Some(0x30..=0x7e) => &after[1..],
        _ => after,
    }
}

fn skip_csi(after: &str) -> &str {
    let bytes = after.as_bytes();
    let params = bytes
        .iter()
        .take_while(|b| (0x20..=0x3f).contains(*b))
        .count();
    match bytes.get(params) {
        Some(0x40..=0x7e) => &after[params + 1..],
        _ => &after[params..],
    }
}

/// `ESC` with intermediates, e.g. the charset designation `ESC ( B`.
fn skip_nf_sequence(after: &str) -> &str {
    let bytes = after.as_bytes();
    let inter = bytes
        .iter()
        .take_while(|b| (0x20..=0x2f).contains(*b))
        .count();
    match bytes.get(inter) {
        Some(0x30..=0x7e) => &after[inter + 1..],
        _ => &after[inter..],
    }
}

fn skip_string(payload: &str, bel_ends: bool) -> &str {
    let mut chars = payload.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            BEL if bel_ends => return &payload[i + 1..],
            ST => return &payload[i + ST.len_utf8()..],
            ESC => {
                return match chars.peek() {
                    Some((j, '\\')) => &payload[j + 1..],
                    _ => payload,
                };
            }
            c if is_sequence_start(c) => return payload,
            _ => {}
        }
    }
    payload
}

/// Characters that draw nothing yet change how text is shown or read: bidi controls,
/// zero-width characters, soft hyphen and other default-ignorable code points. Variation
/// selectors and tag characters are kept because emoji and CJK need them.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            // U+2065 is unassigned but default-ignorable: a future invisible character.
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fffb}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
    )
}

/// True for anything no cleaned output may contain (newlines are the caller's business).
pub(super) fn is_forbidden(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Line and paragraph separators: treated like a newline.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// One line: escapes removed, controls dropped, every whitespace run (tabs and newlines
/// included) collapsed to one space, trimmed, capped at `max_chars` with an ellipsis.
pub(super) fn clean_line(input: &str, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    let stripped = strip_escape_sequences(input);
    let mut out = String::with_capacity(stripped.len().min(max_chars.saturating_mul(4)));
    let mut count = 0usize;
    let mut pending_space = false;
    let mut rest: &str = &stripped;
    while !rest.is_empty() {
        // A run of printable ASCII is kept as it is, in one copy: it starts with a
        // character other than space, and holds single spaces between such characters
        // (which is what collapsing whitespace would make of them anyway).
        let run = printable_run(rest.as_bytes());
        if run > 0 {
            if pending_space {
                out.push(' ');
                count += 1;
                pending_space = false;
            }
            let take = run.min(max_chars.saturating_sub(count).saturating_add(1));
            out.push_str(&rest[..take]);
            count += take;
            rest = &rest[run..];
            if count > max_chars {
                break;
            }
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c.is_whitespace() {
            pending_space = count > 0;
            continue;
        }
        if is_forbidden(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
        // One char past the cap is enough to know an ellipsis is due.
        if count > max_chars {
            break;
        }
    }
    if count > max_chars {
        cut_with_ellipsis(&mut out, max_chars);
    }
    out
}

/// Bytes at the start of `bytes` that `clean_line` copies unchanged: printable ASCII, not
/// starting with a space, with every space single and followed by another printable.
fn printable_run(bytes: &[u8]) -> usize {
    let printable = |at: usize| bytes.get(at).is_some_and(|b| matches!(b, 0x21..=0x7e));
    let mut run = 0;
    loop {
        if printable(run) {
            run += 1;
        } else if run > 0 && bytes[run..].starts_with(b" ") && printable(run + 1) {
            run += 2;
        } else {
            return run;
        }
    }
}

/// Keeps `max_chars - 1` characters and appends '…', so the result is `max_chars` long.
fn cut_with_ellipsis(s: &mut String, max_chars: usize) {
    let keep = max_chars.saturating_sub(1);
    let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    s.truncate(end);
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    s.push('…');
}

/// Multi-line text: escapes removed, CRLF and CR become LF, tabs become spaces, controls
/// dropped, trailing spaces trimmed, at most one blank line in a row, no leading or trailing
/// blank lines, capped at `max_bytes` on a character boundary. Indentation is kept.
pub(super) fn clean_text(input: &str, max_bytes: usize) -> String {
    let stripped = strip_escape_sequences(input);
    let mut out = String::with_capacity(stripped.len().min(max_bytes.saturating_add(4)));
    let mut line = String::new();
    let mut blank_pending = false;
    let mut rest: &str = &stripped;
    while !rest.is_empty() {
        if out.len() > max_bytes {
            break;
        }
        // A run of printable ASCII goes to the line in one copy.
        let run = rest
            .bytes()
            .take_while(|b| matches!(b, 0x20..=0x7e))
            .count();
        if run > 0 {
            line.push_str(&rest[..run]);
            rest = &rest[run..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if is_line_break(c) {
            if c == '\r' && rest.starts_with('\n') {
                rest = &rest[1..];
            }
            flush_line(&mut out, &line, &mut blank_pending);
            line.clear();
        } else if matches!(c, '\t' | '\u{0b}' | '\u{0c}') {
            line.push(' ');
        } else if !is_forbidden(c) {
            line.push(c);
        }
    }
    flush_line(&mut out, &line, &mut blank_pending);
    if out.len() > max_bytes {
        out.truncate(floor_char_boundary(&out, max_bytes));
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
    out
}

fn flush_line(out: &mut String, line: &str, blank_pending: &mut bool) {
    let line = line.trim_end();
    if line.is_empty() {
        *blank_pending = !out.is_empty();
        return;
    }
    if !out.is_empty() {
        out.push('\n');
        if *blank_pending {
            out.push('\n');
        }
    }
    out.push_str(line);
    *blank_pending = false;
}

/// The largest index `<= max` that is a char boundary of `s`.
pub(super) fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// `s` cut to at most `max` bytes on a character boundary.
pub(super) fn truncate_str(s: &str, max: usize) -> &str {
    &s[..floor_char_boundary(s, max)]
}
