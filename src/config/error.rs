//! Config errors: what went wrong, where (file:line:col) and what to do, with the offending
//! source line and a caret under the spot, the way rustc shows it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

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
    /// The offending line, made terminal-safe, for the snippet.
    source_line: String,
    /// Caret indent and length in terminal cells under `source_line`.
    caret_start: usize,
    caret_len: usize,
}

impl Problem {
    /// Locates a byte span of `text` (as given by the TOML parser) and keeps the line.
    pub(super) fn at(origin: &str, text: &str, span: Range<usize>, message: String) -> Problem {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let before = &text[line_start..start];
        let marked = &text[start..end.min(line_end)];
        Problem {
            origin: origin.to_owned(),
            line: text[..start].matches('\n').count() + 1,
            column: before.chars().count() + 1,
            message,
            source_line: line_text.chars().map(display_char).collect(),
            caret_start: cells(before),
            caret_len: cells(marked).max(1),
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
        writeln!(f, "{} | {}", self.line, self.source_line)?;
        write!(
            f,
            "{gutter} | {}{}",
            " ".repeat(self.caret_start),
            "^".repeat(self.caret_len)
        )
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

/// Terminal cells taken by `text` as `display_char` renders it (CJK takes two).
fn cells(text: &str) -> usize {
    text.chars()
        .map(|c| match c {
            '\t' => 4,
            c if c.is_control() => 1,
            c => c.width().unwrap_or(0),
        })
        .sum()
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
