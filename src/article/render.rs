//! The extracted article as readable plain text, by the same renderer as the preview
//! (`text::sanitize::html_to_text`): headings and paragraphs set apart by blank lines,
//! lists with bullets, quotes with a bar, `[image: alt]` for images, links numbered and
//! listed at the end. Terminal-safe.

use crate::text::sanitize;

/// Wide enough that no paragraph is wrapped (the renderer's widest): the text is stored
/// once, and whoever shows it wraps it to the width at hand.
const STORED_WIDTH: usize = 1_000;

/// Readable text of the article markup `html`.
pub fn render_text(html: &str) -> String {
    sanitize::html_to_text(html, STORED_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_survives_as_text() {
        let html = "<h2>Chips</h2><p>First paragraph.</p><p>Second <a href=\"https://a.example/x\">link</a>.</p>\
                    <ul><li>one</li><li>two</li></ul><blockquote>quoted</blockquote>\
                    <img src=\"https://a.example/i.png\" alt=\"a wafer\">";
        let text = render_text(html);
        for part in [
            "Chips",
            "First paragraph.\n\nSecond",
            "• one",
            "│ quoted",
            "[image: a wafer]",
            "https://a.example/x",
        ] {
            assert!(text.contains(part), "{part:?} in {text:?}");
        }
    }
}
