//! Keeping the preview text of the selected article ready: rendered once per article,
//! width and choice of text, its body taken from the row (fresh articles) or asked of the
//! cache, or its full article wrapped to the width; its attached files listed after it.

use super::action::Command;
use super::attachments;
use super::layout;
use super::state::State;
use crate::config::keys::{ActionName, KeyBindings};
use crate::model::{Article, Enclosure};
use crate::text::sanitize;
use crate::text::wrap::wrap_paragraphs;
use crate::topics::classify::ClassificationDetail;

/// Shown when neither the feed nor the cache has any text for the article.
pub fn no_body(keys: &KeyBindings) -> String {
    format!(
        "(The feed gave no text for this article. Press {} to open the link.)",
        keys.label(ActionName::Open)
    )
}

/// The keys that give a corrected article's topic back to the rules: `c r`.
pub fn back_to_rules_keys(keys: &KeyBindings) -> String {
    format!(
        "{} {}",
        keys.label(ActionName::SetTopic),
        keys.label(ActionName::PickRules)
    )
}

/// Renders the selected article's body when the selection or width changed; asks the cache
/// for a body it does not hold yet.
pub fn refresh_preview(state: &mut State) -> Option<Command> {
    let width = layout::preview_text_width(state.width, state.height, state.overlay.mode());
    let article = state.list.selected_article(&state.index);
    let (corrections, keys, classifier) = (
        &state.index.corrections,
        &state.keys,
        state.classifier.as_deref(),
    );
    let render = |article: &Article, html: &str, full: Option<&str>, files: &[Enclosure]| {
        let why = classifier.map(|c| {
            let why = why_line(&c.explain(&article.title, &sanitize::strip_tags(html)));
            match corrections.get(&article.id) {
                Some(correction) => {
                    corrected_why_line(correction.rules, &why, &back_to_rules_keys(keys))
                }
                None => why,
            }
        });
        let mut body = if let Some(full) = full {
            wrap_paragraphs(full, usize::from(width))
        } else if html.trim().is_empty() {
            no_body(keys)
        } else {
            sanitize::html_to_text(html, usize::from(width))
        };
        if !files.is_empty() {
            if !body.ends_with('\n') {
                body.push('\n');
            }
            let key = keys.label(ActionName::OpenAttachment);
            body.push_str(&attachments::block(files, usize::from(width), &key));
        }
        (body, why)
    };
    state
        .preview
        .refresh(article, width, render)
        .map(Command::LoadBody)
}

/// "why: China 7.5 · US 0.0 · relation 0.0: one side reaches 2.0; …" for the preview.
pub fn why_line(detail: &ClassificationDetail) -> String {
    let scores = &detail.scores;
    format!(
        "why: US {:.1} · China {:.1} · relation {:.1}: {}",
        scores.us,
        scores.china,
        scores.relation,
        detail.reason.describe()
    )
}

/// For a topic the reader set: what the rules say instead, then why they say it.
pub fn corrected_why_line(rules: crate::model::Topic, why: &str, undo_keys: &str) -> String {
    format!(
        "the rules say {} ({undo_keys} goes back to it) · {why}",
        rules.label()
    )
}
