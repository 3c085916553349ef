//! Config errors: what went wrong, where (file:line:col) and what to do, with the offending
//! source line and a caret under the spot, the way rustc shows it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use unicode_width::UnicodeWidthChar;

/// Everything that can stop the configuration from loading.
///
/// The binary prints the Display text to stderr and exits with status 2 (usage error),
/// so a script can tell a bad config from a runtime failure.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named by `--config` (or `AINEWS_CONFIG`) does not exist.
    #[error(
        "{}: config file not found; fix the --config option or the AINEWS_CONFIG variable, \
         or create the file",
        path.display()
    )]
    NotFound { path: PathBuf },
    /// The file exists but could not be read.
    #[error("{}: cannot read the config file: {error}", path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{}: the config file is not valid UTF-8 text; save it as UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
    /// The text is not valid TOML or does not describe a valid configuration.
    #[error("{}", render_problems(problems))]
    Invalid { problems: Vec<Problem> },
    /// A report about the config could not be written (e.g. a closed pipe).
    #[error("cannot write the report: {0}")]
    Output(std::io::Error),
}

impl ConfigError {
    /// The located problems when the config text was invalid; empty for I/O errors.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Invalid { problems } => problems,
            _ => &[],
        }
    }
}

/// One thing wrong in a config text, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file path (or other origin label) of the config text.
    pub origin: String,
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong and what to do about it.
    pub message: String,
    /// The offending line around the spot (at most `KEPT_CHARS` either side of it).
    snippet: Vec<char>,
    /// The line goes on before or after `snippet`.
    cut_before: bool,
    cut_after: bool,
    /// Where the caret goes: a character index into `snippet`, and a length in cells.
    caret_at: usize,
    caret_len: usize,
}

/// Characters of the offending line kept either side of the spot: more than any terminal
/// shows, and a 5 MB line is not copied.
const KEPT_CHARS: usize = 1000;

/// Columns the echoed line may take when the terminal's width is unknown.
pub const DEFAULT_SNIPPET_WIDTH: usize = 80;
/// Narrowest echo: below this the line is unreadable whatever the terminal.
const MIN_SNIPPET_WIDTH: usize = 20;

static SNIPPET_WIDTH: AtomicUsize = AtomicUsize::new(DEFAULT_SNIPPET_WIDTH);

/// Sets the width (in columns) an echoed config line is cut to: the terminal's width, when
/// the binary knows it.
pub fn set_snippet_width(columns: usize) {
    SNIPPET_WIDTH.store(columns.max(MIN_SNIPPET_WIDTH), Ordering::Relaxed);
}

impl Problem {
    /// Locates a byte span of `text` (as given by the TOML parser) and keeps the line.
    pub(super) fn at(origin: &str, text: &str, span: Range<usize>, message: String) -> Problem {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let start = start.min(line_start + line_text.len());
        let before = &text[line_start..start];
        let marked = &text[start..end.clamp(start, line_start + line_text.len())];
        // Only the neighbourhood of the spot is kept, counted from it in both directions.
        let kept_before: Vec<char> = before.chars().rev().take(KEPT_CHARS).collect();
        let after = &line_text[before.len()..];
        let mut snippet: Vec<char> = kept_before.iter().rev().copied().collect();
        snippet.extend(after.chars().take(KEPT_CHARS));
        Problem {
            origin: origin.to_owned(),
            line: text[..start].matches('\n').count() + 1,
            column: before.chars().count() + 1,
            message,
            cut_before: kept_before.len() < before.chars().count(),
            cut_after: after.chars().nth(KEPT_CHARS).is_some(),
            caret_at: kept_before.len(),
            caret_len: cells(marked).max(1),
            snippet,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gutter = " ".repeat(self.line.to_string().len());
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.message
        )?;
        writeln!(f, "{gutter} |")?;
        let room = SNIPPET_WIDTH
            .load(Ordering::Relaxed)
            .saturating_sub(gutter.len() + 3)
            .max(MIN_SNIPPET_WIDTH);
        let (shown, caret_start, caret_len) = self.window(room);
        writeln!(f, "{} | {shown}", self.line)?;
        write!(
            f,
            "{gutter} | {}{}",
            " ".repeat(caret_start),
            "^".repeat(caret_len)
        )
    }
}

impl Problem {
    /// The snippet cut to `room` cells around the caret, with '…' where the line goes on;
    /// and the caret's indent and length in cells under it.
    fn window(&self, room: usize) -> (String, usize, usize) {
        let widths: Vec<usize> = self.snippet.iter().map(|&c| char_cells(c)).collect();
        let total: usize = widths.iter().sum();
        if total <= room && !self.cut_before && !self.cut_after {
            let indent = widths[..self.caret_at].iter().sum();
            let shown = self.snippet.iter().map(|&c| display_char(c)).collect();
            return (shown, indent, self.caret_len);
        }
        // One cell for each ellipsis; a third of the rest before the caret, so the reader
        // sees what leads up to the spot and more of what follows.
        let text_room = room.saturating_sub(2).max(1);
        let mut from = self.caret_at;
        let mut used = 0;
        while from > 0 && used + widths[from - 1] <= text_room / 3 {
            from -= 1;
            used += widths[from];
        }
        let mut to = self.caret_at;
        while to < widths.len() && used + widths[to] <= text_room {
            used += widths[to];
            to += 1;
        }
        // Near the end of the line, the room left over goes to more context before.
        while from > 0 && used + widths[from - 1] <= text_room {
            from -= 1;
            used += widths[from];
        }
        let mut open = from > 0 || self.cut_before;
        let mut close = to < widths.len() || self.cut_after;
        // A side without an ellipsis gives its cell back to the text.
        let mut spare = room.saturating_sub(used + usize::from(open) + usize::from(close));
        while to < widths.len() && widths[to] <= spare {
            spare -= widths[to];
            to += 1;
        }
        while from > 0 && widths[from - 1] <= spare {
            from -= 1;
            spare -= widths[from];
        }
        open = from > 0 || self.cut_before;
        close = to < widths.len() || self.cut_after;
        let mut shown = String::new();
        if open {
            shown.push('…');
        }
        shown.extend(self.snippet[from..to].iter().map(|&c| display_char(c)));
        if close {
            shown.push('…');
        }
        let indent = usize::from(open) + widths[from..self.caret_at].iter().sum::<usize>();
        let visible_after: usize = widths[self.caret_at..to].iter().sum();
        (shown, indent, self.caret_len.min(visible_after.max(1)))
    }
}

fn render_problems(problems: &[Problem]) -> String {
    let mut text = problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n\n");
    if let [first, _, ..] = problems {
        text.push_str(&format!(
            "\n\n{} problems in {}",
            problems.len(),
            first.origin
        ));
    }
    text
}

/// Tabs become four spaces (as rustc shows them) and control characters a replacement
/// character, so echoing the user's line can never drive the terminal.
fn display_char(c: char) -> String {
    match c {
        '\t' => "    ".to_owned(),
        c if c.is_control() => "\u{FFFD}".to_owned(),
        c => c.to_string(),
    }
}

/// Terminal cells `c` takes as `display_char` renders it (CJK takes two).
fn char_cells(c: char) -> usize {
    match c {
        '\t' => 4,
        c if c.is_control() => 1,
        c => c.width().unwrap_or(0),
    }
}

/// Terminal cells taken by `text` as `display_char` renders it.
fn cells(text: &str) -> usize {
    text.chars().map(char_cells).sum()
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn locates_line_and_column_and_draws_a_caret() {
        let text = "[[feeds]]\nurl = \"x\"\nrefrsh = \"15m\"\n";
        let start = text.find("refrsh").unwrap();
        let problem = Problem::at("c.toml", text, start..start + 6, "unknown key".into());
        assert_eq!((problem.line, problem.column), (3, 1));
        assert_eq!(
            problem.to_string(),
            "c.toml:3:1: unknown key\n  |\n3 | refrsh = \"15m\"\n  | ^^^^^^"
        );
    }

    #[test]
    fn columns_count_characters_and_carets_count_cells() {
        let text = "name = \"机器之心\" x";
        let start = text.find('x').unwrap();
        let problem = Problem::at("c.toml", text, start..start + 1, "here".into());
        assert_eq!(problem.column, 15);
        let caret_line = problem.to_string().lines().last().unwrap().to_owned();
        assert_eq!(caret_line, format!("  | {}^", " ".repeat(18)));
    }

    #[test]
    fn empty_spans_at_the_end_still_point_somewhere() {
        let text = "a = ";
        let problem = Problem::at("c.toml", text, 4..4, "missing value".into());
        assert_eq!((problem.line, problem.column), (1, 5));
        assert!(problem.to_string().ends_with("|     ^"));
    }

    #[test]
    fn control_characters_are_not_echoed() {
        let text = "a = \u{1b}[31m";
        let problem = Problem::at("c.toml", text, 4..5, "bad".into());
        assert!(!problem.to_string().contains('\u{1b}'));
    }

    /// The echoed source line and the caret line of a rendered problem.
    fn snippet_lines(problem: &Problem) -> (String, String) {
        let shown = problem.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        (lines[2].to_owned(), lines[3].to_owned())
    }

    #[test]
    fn a_huge_line_is_cut_to_a_window_around_the_spot() {
        // 5 MB on one line, the mistake in the middle.
        let half = "x".repeat(2_500_000);
        let text = format!("name = \"{half}\" bad {half}");
        let start = text.find("bad").unwrap();
        let problem = Problem::at("c.toml", &text, start..start + 3, "unexpected".into());
        assert_eq!((problem.line, problem.column), (1, start + 1));
        let shown = problem.to_string();
        assert!(shown.len() < 400, "{} bytes echoed", shown.len());
        let (source, caret) = snippet_lines(&problem);
        // "1 | " then 76 cells: an ellipsis each side and 74 of text, a third before.
        assert_eq!(source.width(), 80, "{source}");
        assert!(
            source.starts_with("1 | …xxx") && source.ends_with("xxx…"),
            "{source}"
        );
        let indent = caret.find('^').unwrap();
        let bad = source.find("\" bad").unwrap() + 2;
        assert_eq!(source[..bad].width(), indent, "{source}\n{caret}");
        assert!(caret.ends_with("^^^"), "{caret}");
    }

    #[test]
    fn the_caret_stays_under_the_spot_among_wide_characters() {
        let text = format!("title = \"{}\" oops", "机器之心".repeat(100));
        let start = text.find("oops").unwrap();
        let problem = Problem::at("c.toml", &text, start..start + 4, "bad".into());
        let (source, caret) = snippet_lines(&problem);
        assert!(source.width() <= 80, "{source}");
        assert!(source.starts_with("1 | …"), "{source}");
        // The caret's column, counted in cells, is where "oops" starts in cells.
        let indent = caret.find('^').unwrap();
        let cells_before = source[..source.find("oops").unwrap()].width();
        assert_eq!(indent, cells_before, "{source}\n{caret}");
        assert_eq!(caret.matches('^').count(), 4);
    }

    #[test]
    fn the_start_of_a_long_line_is_shown_when_the_spot_is_there() {
        let text = format!("bad = {}", "y".repeat(500));
        let problem = Problem::at("c.toml", &text, 0..3, "unknown key".into());
        let (source, caret) = snippet_lines(&problem);
        assert!(
            source.starts_with("1 | bad = yyy") && source.ends_with("y…"),
            "{source}"
        );
        assert_eq!(source.width(), 80);
        assert_eq!(caret, "  | ^^^");
    }

    #[test]
    fn several_problems_are_counted() {
        let text = "a\nb\n";
        let error = ConfigError::Invalid {
            problems: vec![
                Problem::at("c.toml", text, 0..1, "one".into()),
                Problem::at("c.toml", text, 2..3, "two".into()),
            ],
        };
        let shown = error.to_string();
        assert!(shown.starts_with("c.toml:1:1: one\n"), "{shown}");
        assert!(shown.contains("c.toml:2:1: two\n"), "{shown}");
        assert!(shown.ends_with("2 problems in c.toml"), "{shown}");
    }
}
