//! The columns of `refresh` output: the feed-name column (padded to the widest name), the
//! progress line on a terminal, and the small words ("1 feed", "2 feeds").

use std::io::Write;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::config::FeedConfig;

/// Widest feed-name column; longer names are cut with an ellipsis.
pub(super) const MAX_NAME_WIDTH: usize = 32;
/// Narrowest feed-name column, so that most feed titles learnt during the fetch fit.
const MIN_NAME_WIDTH: usize = 16;

/// `[12/23] fetching…` on stderr, rewritten in place; only when stderr is a terminal.
pub(super) struct Progress {
    total: usize,
    done: usize,
    enabled: bool,
}

impl Progress {
    pub(super) fn new(total: usize, enabled: bool) -> Progress {
        Progress {
            total,
            done: 0,
            enabled,
        }
    }

    pub(super) fn started(&mut self) {
        self.draw();
    }

    pub(super) fn finished(&mut self) {
        self.done += 1;
        self.draw();
    }

    fn draw(&self) {
        if self.enabled && self.done < self.total {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K[{}/{}] fetching…", self.done, self.total);
            let _ = err.flush();
        }
    }

    /// Erases the progress line so that a result line starts at column 0.
    pub(super) fn clear(&self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// The name column: as wide as the widest configured name or host, within limits.
pub(super) fn name_width(feeds: &[FeedConfig]) -> usize {
    feeds
        .iter()
        .filter(|f| f.enabled)
        .map(|f| f.name.clone().unwrap_or_else(|| host_of(&f.url)).width())
        .max()
        .unwrap_or(0)
        .clamp(MIN_NAME_WIDTH, MAX_NAME_WIDTH)
}

/// The feed name padded to the column; a longer name (a feed title only known after the
/// fetch) overflows it up to `MAX_NAME_WIDTH` rather than lose its end.
pub(super) fn name_cell(name: &str, column: usize) -> String {
    pad(name, column.max(name.width().min(MAX_NAME_WIDTH)))
}

/// `text` cut or padded with spaces to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let fits = text.width() <= width;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        // Leave a column for the ellipsis when the text will not fit.
        if used + w > width || (!fits && used + w + 1 > width) {
            break;
        }
        out.push(ch);
        used += w;
    }
    if !fits && used < width {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width - used));
    out
}

/// The host of a web feed, or the file name of a local one.
pub fn host_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(parsed) if parsed.host_str().is_some() => {
            parsed.host_str().unwrap_or_default().to_owned()
        }
        _ => Path::new(url)
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| url.to_owned()),
    }
}

pub(super) fn is_http(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

pub(super) fn plural<'w>(count: usize, one: &'w str, many: &'w str) -> &'w str {
    if count == 1 { one } else { many }
}
