//! The article preview: title, source and date, link, topic with the deciding terms, and
//! the readable body with its attached files after it, scrolled on its own.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};

use super::text::{ago, date_time, wrap};
use super::theme::Theme;
use crate::app::preview_pane::FullNote;
use crate::app::state::{Focus, State};
use crate::config::keys::ActionName;
use crate::model::{Article, Topic};
use crate::store::{MATCH_END, MATCH_START};
use crate::text::sanitize;
use crate::text::words::term_ranges;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::Preview || state.overlay.is_full_preview();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.focused_border()
        } else {
            theme.border()
        })
        .padding(Padding::horizontal(1))
        .title(" Preview ");
    if state.overlay.is_full_preview() {
        let key = |action| state.keys.label(action);
        // The attachment key is named only where there is something to open.
        let attachments = state
            .selected_article()
            .filter(|article| !state.preview.enclosures_of(article).is_empty())
            .map(|_| format!("{} attachment · ", key(ActionName::OpenAttachment)))
            .unwrap_or_default();
        block = block.title_bottom(format!(
            " {} back · {} open · {attachments}{} full article · {}/{} scroll ",
            key(ActionName::Back),
            key(ActionName::Open),
            key(ActionName::FullArticle),
            key(ActionName::MoveDown),
            key(ActionName::MoveUp)
        ));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(article) = state.selected_article() else {
        frame.render_widget(
            Paragraph::new("Select a headline to read it here.").style(theme.dim()),
            inner,
        );
        return;
    };
    let width = usize::from(inner.width.max(1));
    let mut lines = header_lines(article, state, width, theme);
    let text = state.preview.text.as_ref().filter(|p| p.id == article.id);
    let body = text.map(|p| p.body.as_str()).unwrap_or("");
    let rows = usize::from(inner.height);
    // The header scrolls away with the body; only the visible lines become spans.
    let header_len = lines.len();
    // The scroll may go past the end by what the header was over-estimated (see
    // `PreviewText::header_lines`): the last line stays at the bottom.
    let end = (header_len + text.map_or(0, |p| p.body_lines)).saturating_sub(rows);
    let skip = usize::from(state.preview.scroll).min(end);
    lines = lines.into_iter().skip(skip).collect();
    let body_skip = skip.saturating_sub(header_len);
    let wanted = rows.saturating_sub(lines.len());
    lines.extend(
        body.lines()
            .skip(body_skip)
            .take(wanted)
            .map(|line| highlight_terms(line, article, theme)),
    );
    frame.render_widget(Paragraph::new(lines), inner);
}

fn header_lines<'a>(
    article: &'a Article,
    state: &'a State,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = wrap(
        &sanitize::clean_line(&article.title, sanitize::MAX_TITLE_CHARS),
        width,
    )
    .into_iter()
    .map(|l| Line::styled(l, theme.title()))
    .collect();
    let when = article.when();
    let mut meta = format!(
        "{} · {} · {}",
        sanitize::clean_line(state.feed_name(article.feed), 200),
        date_time(when, state.utc_offset),
        ago(state.now, when)
    );
    if article.published.is_none() {
        meta.push_str(" (first seen; the feed gave no date)");
    }
    lines.extend(
        wrap(&meta, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim())),
    );
    if let Some(others) = other_sources(article, state) {
        lines.extend(
            wrap(&others, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.accent())),
        );
    }
    match &article.link {
        Some(link) => lines.extend(
            wrap(&sanitize::clean_line(link, 2000), width)
                .into_iter()
                .map(|l| Line::styled(l, theme.link())),
        ),
        None => lines.push(Line::styled("(no link)", theme.dim())),
    }
    lines.push(topic_line(
        article,
        state.index.corrections.contains_key(&article.id),
        theme,
    ));
    if let Some(why) = state
        .preview
        .text
        .as_ref()
        .filter(|p| p.id == article.id)
        .and_then(|p| p.why.as_ref())
    {
        lines.extend(
            wrap(why, width)
                .into_iter()
                .map(|l| Line::styled(l, theme.dim())),
        );
    }
    if let Some(note) = state.preview.full_note(article.id) {
        let style = match note {
            FullNote::Failed(_) => theme.error(),
            FullNote::Fetching => theme.accent(),
            FullNote::Shown | FullNote::FeedTextChosen => theme.dim(),
        };
        let text = full_note_text(note, &state.keys.label(ActionName::FullArticle));
        lines.extend(
            wrap(&text, width)
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    }
    if state.list.filter.everything
        && let Some(snippet) = state.list.full_text.snippet(article.id)
    {
        lines.extend(snippet_lines(snippet, width, theme));
    }
    lines.push(Line::raw(""));
    lines
}

/// The text around the search's match ("match: …"), wrapped, with the matched words
/// emphasised in place of the store's markers (a match may go on across a line break).
fn snippet_lines(snippet: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let text = format!("match: {}", sanitize::clean_line(snippet, 600));
    let mut inside = false;
    wrap(&text, width)
        .into_iter()
        .map(|line| {
            let mut spans = Vec::new();
            let mut part = String::new();
            let mut rest = line.as_str();
            while !rest.is_empty() {
                let marker = if inside { MATCH_END } else { MATCH_START };
                let (before, after) = rest.split_once(marker).unwrap_or((rest, ""));
                part.push_str(before);
                let style = if inside { theme.accent() } else { theme.dim() };
                spans.push(Span::styled(std::mem::take(&mut part), style));
                if rest.len() == before.len() {
                    break;
                }
                inside = !inside;
                rest = after;
            }
            Line::from(spans)
        })
        .collect()
}

/// One short line above the text on where it comes from: the page or the feed.
fn full_note_text(note: FullNote<'_>, key: &str) -> String {
    match note {
        FullNote::Fetching => "fetching the full article… (feed text below)".to_string(),
        FullNote::Failed(why) => format!(
            "no full article: {} · {key} retries",
            sanitize::clean_line(why, 300)
        ),
        FullNote::Shown => format!("full article · {key} feed text"),
        FullNote::FeedTextChosen => format!("feed text · {key} full article"),
    }
}

/// "Also reported by A, B (x lists them)", with the story key in effect, when other feeds
/// tell the same story.
fn other_sources(article: &Article, state: &State) -> Option<String> {
    let story = state
        .index
        .rows
        .get(*state.index.positions.get(&article.id)?)?
        .story;
    let mut names: Vec<String> = Vec::new();
    for id in state.index.members.of(story)? {
        let Some(&pos) = state.index.positions.get(id) else {
            continue;
        };
        let other = &state.index.rows[pos].article;
        let name = sanitize::clean_line(state.feed_name(other.feed), 100);
        if other.id != article.id && other.feed != article.feed && !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| {
        format!(
            "Also reported by {} ({} lists them)",
            names.join(", "),
            state.keys.label(ActionName::Story)
        )
    })
}

/// "China · Huawei, Ascend, SMIC": the label and the terms that decided it; "China (set by
/// you) · ..." when the reader chose the topic.
fn topic_line<'a>(article: &'a Article, set_by_user: bool, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(
        article.topic.label(),
        theme.term(article.topic),
    )];
    if set_by_user {
        spans.push(Span::styled(" (set by you)", theme.accent()));
    }
    if article.terms.is_empty() {
        if article.topic == Topic::Other {
            spans.push(Span::styled(" · no US or China terms found", theme.dim()));
        }
    } else {
        spans.push(Span::styled(" · ", theme.dim()));
        for (i, term) in article.terms.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(", ", theme.dim()));
            }
            spans.push(Span::styled(term.as_str(), theme.term(article.topic)));
        }
    }
    Line::from(spans)
}

/// Emphasises the article's matched terms where they occur in a body line.
fn highlight_terms<'a>(line: &'a str, article: &Article, theme: &Theme) -> Line<'a> {
    let ranges = term_ranges(line, &article.terms);
    if ranges.is_empty() {
        return Line::raw(line);
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        if start > at {
            spans.push(Span::raw(&line[at..start]));
        }
        spans.push(Span::styled(&line[start..end], theme.term(article.topic)));
        at = end;
    }
    if at < line.len() {
        spans.push(Span::styled(&line[at..], Style::new()));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_ranges_respect_word_boundaries() {
        let terms = vec!["Intel".to_string(), "华为".to_string()];
        assert!(term_ranges("artificial intelligence", &terms).is_empty());
        assert_eq!(
            term_ranges("Intel and intel", &terms),
            vec![(0, 5), (10, 15)]
        );
        assert_eq!(term_ranges("华为发布", &terms), vec![(0, 6)]);
    }
}
