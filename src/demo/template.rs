//! Demo feed templates: `{{date:-OFFSET}}` placeholders replaced with dates relative to
//! "now", written in the date format of the template's feed type (by chrono).

use std::path::Path;

/// How a rendered date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `Sat, 28 Nov 2026 09:41:00 +0000` (RSS 2.0 `pubDate`).
    Rfc2822,
    /// `2026-11-28T09:41:00Z` (Atom, JSON Feed, RSS 1.0 `dc:date`).
    Rfc3339,
}

impl DateFormat {
    /// The date format for a template file name, decided by its extension.
    pub fn for_template_name(name: &str) -> Option<DateFormat> {
        let ext = Path::new(name).extension()?.to_str()?;
        match ext {
            "rss" => Some(DateFormat::Rfc2822),
            "atom" | "json" | "rdf" => Some(DateFormat::Rfc3339),
            _ => None,
        }
    }

    /// Formats a Unix timestamp (seconds, UTC); one chrono cannot represent (hundreds of
    /// thousands of years away) is written as the epoch.
    pub fn format(self, unix: i64) -> String {
        let at = chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default();
        match self {
            DateFormat::Rfc3339 => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            DateFormat::Rfc2822 => at.format("%a, %d %b %Y %H:%M:%S +0000").to_string(),
        }
    }
}

/// A template could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    /// A `{{...}}` placeholder that is not a valid `{{date:-OFFSET}}`.
    #[error(
        "bad placeholder `{placeholder}` at byte {offset}: expected {{{{date:-OFFSET}}}} with OFFSET like 4m, 3h or 2d5h"
    )]
    BadPlaceholder { placeholder: String, offset: usize },
    /// A `{{` with no closing `}}` on the same line.
    #[error("unterminated placeholder `{placeholder}` at byte {offset}")]
    Unterminated { placeholder: String, offset: usize },
}

/// Replaces every `{{date:-OFFSET}}` in `template` with `now - OFFSET` written in `format`.
///
/// OFFSET is one or more `<number><unit>` pairs, units `s`, `m`, `h`, `d` (e.g. `4m`, `3h`,
/// `2d5h`). Any other `{{...}}` is an error naming it.
pub fn render_template(template: &str, format: DateFormat, now: i64) -> Result<String, DemoError> {
    let mut out = String::with_capacity(template.len() + template.len() / 8);
    let mut rest = template;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let line_end = after.find('\n').unwrap_or(after.len());
        let Some(end) = after[..line_end].find("}}") else {
            return Err(DemoError::Unterminated {
                placeholder: rest[start..start + 2 + line_end].chars().take(40).collect(),
                offset: consumed + start,
            });
        };
        let inner = &after[..end];
        let seconds = inner
            .strip_prefix("date:-")
            .and_then(parse_offset)
            .ok_or_else(|| DemoError::BadPlaceholder {
                placeholder: format!("{{{{{inner}}}}}"),
                offset: consumed + start,
            })?;
        out.push_str(&format.format(now.saturating_sub(seconds)));
        let next = start + 2 + end + 2;
        consumed += next;
        rest = &rest[next..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses `2d5h`, `4m`, `90s` into seconds; `None` if malformed or empty.
fn parse_offset(spec: &str) -> Option<i64> {
    if spec.is_empty() {
        return None;
    }
    let mut total: i64 = 0;
    let mut number: Option<i64> = None;
    for c in spec.chars() {
        if let Some(digit) = c.to_digit(10) {
            number = Some(
                number
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(digit.into())?,
            );
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        total = total.checked_add(number.take()?.checked_mul(unit)?)?;
    }
    // A trailing number without a unit is ambiguous: reject it.
    if number.is_some() {
        return None;
    }
    Some(total)
}
