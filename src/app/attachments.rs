//! An article's attached files as the reader sees them: one line each (`[a1] audio/mpeg ·
//! 24.3 MB · episode-42.mp3`), the block the preview shows after the text, and which file
//! the open-attachment key opens next.

use crate::model::{ArticleId, Enclosure};
use crate::text::sanitize::clean_line;
use crate::text::wrap::truncate;

/// Longest file name shown, in characters (a URL path can be kilobytes).
const MAX_NAME_CHARS: usize = 200;

/// The heading of the preview's block, the key that opens the files in its words.
pub fn heading(key: &str) -> String {
    format!("Attachments ({key} opens them in turn)")
}

/// The block after the preview text: a blank line, the heading, one line per file, each
/// cut to `width` columns. Empty when there are no files.
pub fn block(enclosures: &[Enclosure], width: usize, key: &str) -> String {
    if enclosures.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n");
    out.push_str(&truncate(&heading(key), width));
    for (at, enclosure) in enclosures.iter().enumerate() {
        out.push('\n');
        out.push_str(&truncate(&line(at + 1, enclosure), width));
    }
    out.push('\n');
    out
}

/// `[a1] audio/mpeg · 24.3 MB · episode-42.mp3`: the number, the type (`?` when unknown),
/// the size when known, the file's name. Cleaned again here: it is feed data.
pub fn line(number: usize, enclosure: &Enclosure) -> String {
    let mime = enclosure
        .mime
        .as_deref()
        .map(|mime| clean_line(mime, 255))
        .filter(|mime| !mime.is_empty())
        .unwrap_or_else(|| "?".to_owned());
    let mut out = format!("[a{number}] {mime}");
    if let Some(length) = enclosure.length {
        out.push_str(" · ");
        out.push_str(&human_size(length));
    }
    out.push_str(" · ");
    out.push_str(&file_name(&enclosure.url));
    out
}

/// Bytes in decimal units with one decimal (as players and browsers show sizes): `512 B`,
/// `1.5 kB`, `24.3 MB`, `1.2 GB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    // 999.95 kB would print as "1000.0 kB": it is 1.0 MB.
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The last segment of the URL's path, percent-decoded and cleaned (`episode 42.mp3` from
/// `…/episode%2042.mp3?x=1`); the host when the path names no file.
pub fn file_name(url: &str) -> String {
    let Ok(parsed) = url::Url::parse(url) else {
        return clean_line(url, MAX_NAME_CHARS);
    };
    let segment = parsed
        .path_segments()
        .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
        .map(percent_decode)
        .map(|name| clean_line(&name, MAX_NAME_CHARS))
        .filter(|name| !name.trim().is_empty());
    segment.unwrap_or_else(|| clean_line(parsed.host_str().unwrap_or(url), MAX_NAME_CHARS))
}

/// `%20` and friends as the bytes they stand for, read as UTF-8 (invalid sequences become
/// U+FFFD); a `%` not followed by two hex digits stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
        match (bytes[at], hex(bytes.get(at + 1)), hex(bytes.get(at + 2))) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                at += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Which file of `count` the key opens now (0-based), given the one `cursor` says comes next
/// for an article: the first on another article, the next one (round again after the last)
/// on the same.
pub fn next_to_open(cursor: Option<(ArticleId, usize)>, id: ArticleId, count: usize) -> usize {
    match cursor {
        Some((same, next)) if same == id && count > 0 => next % count,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(url: &str, mime: Option<&str>, length: Option<u64>) -> Enclosure {
        Enclosure {
            url: url.to_owned(),
            mime: mime.map(str::to_owned),
            length,
        }
    }

    #[test]
    fn sizes_have_one_decimal_in_decimal_units() {
        let shown: Vec<String> = [1, 999, 1000, 1_500, 24_300_000, 999_960, 1_234_567_890]
            .into_iter()
            .map(human_size)
            .collect();
        assert_eq!(
            shown,
            [
                "1 B", "999 B", "1.0 kB", "1.5 kB", "24.3 MB", "1.0 MB", "1.2 GB"
            ]
        );
    }

    #[test]
    fn the_name_is_the_decoded_last_segment_or_the_host() {
        assert_eq!(
            file_name("https://pod.example/ep/episode%2042.mp3?token=1#t=3"),
            "episode 42.mp3"
        );
        assert_eq!(file_name("https://pod.example/files/"), "files");
        assert_eq!(file_name("https://pod.example/"), "pod.example");
        assert_eq!(
            file_name("https://pod.example/%E5%A0%B1%E5%91%8A.pdf"),
            "報告.pdf"
        );
        // Escapes, bidi controls and bad percent signs never reach the screen as such.
        assert_eq!(
            file_name("https://pod.example/a%1B%5B31mred%E2%80%AEx%zz.pdf"),
            "aredx%zz.pdf"
        );
    }

    #[test]
    fn a_line_says_type_size_and_name_and_leaves_out_what_is_unknown() {
        let podcast = file(
            "https://pod.example/episode-42.mp3",
            Some("audio/mpeg"),
            Some(24_300_000),
        );
        assert_eq!(
            line(1, &podcast),
            "[a1] audio/mpeg · 24.3 MB · episode-42.mp3"
        );
        let bare = file("https://pod.example/report.pdf", None, None);
        assert_eq!(line(2, &bare), "[a2] ? · report.pdf");
    }

    #[test]
    fn the_block_fits_a_narrow_pane() {
        let files = [
            file(
                "https://pod.example/episode-42.mp3",
                Some("audio/mpeg"),
                Some(24_300_000),
            ),
            file("https://pod.example/report.pdf", None, Some(512)),
        ];
        assert_eq!(
            block(&files, 24, "a"),
            "\nAttachments (a opens th…\n\
             [a1] audio/mpeg · 24.3 …\n\
             [a2] ? · 512 B · report…\n"
        );
        assert_eq!(block(&[], 24, "a"), "");
    }

    #[test]
    fn the_key_goes_round_the_files_of_one_article() {
        let (one, two) = (ArticleId(1), ArticleId(2));
        assert_eq!(next_to_open(None, one, 3), 0);
        assert_eq!(next_to_open(Some((one, 1)), one, 3), 1);
        assert_eq!(next_to_open(Some((one, 3)), one, 3), 0);
        assert_eq!(next_to_open(Some((one, 2)), two, 3), 0);
    }
}
