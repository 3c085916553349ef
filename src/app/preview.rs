//! Keeping the preview text of the selected article ready: rendered once per article and
//! width, its body taken from the row (fresh articles) or asked of the cache.

use super::action::Command;
use super::layout;
use super::preview_pane::PreviewText;
use super::state::State;
use crate::config::keys::{ActionName, KeyBindings};
use crate::text::sanitize;
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
    let Some(article) = state.selected_article() else {
        state.preview.text = None;
        return None;
    };
    let id = article.id;
    if state
        .preview
        .text
        .as_ref()
        .is_some_and(|p| p.id == id && p.width == width)
    {
        return None;
    }
    let html = if !article.body.is_empty() {
        Some(article.body.as_str())
    } else {
        state
            .preview
            .loaded_body
            .as_ref()
            .filter(|(loaded, _)| *loaded == id)
            .map(|(_, html)| html.as_str())
    };
    let Some(html) = html else {
        state.preview.text = None;
        if state.preview.body_requested == Some(id) {
            return None;
        }
        state.preview.body_requested = Some(id);
        return Some(Command::LoadBody(id));
    };
    let why = state.classifier.as_ref().map(|c| {
        let why = why_line(&c.explain(&article.title, &sanitize::strip_tags(html)));
        match state.index.corrections.get(&id) {
            Some(correction) => {
                corrected_why_line(correction.rules, &why, &back_to_rules_keys(&state.keys))
            }
            None => why,
        }
    });
    let body = if html.trim().is_empty() {
        no_body(&state.keys)
    } else {
        sanitize::html_to_text(html, usize::from(width))
    };
    state.preview.text = Some(PreviewText {
        id,
        width,
        body,
        why,
    });
    None
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
