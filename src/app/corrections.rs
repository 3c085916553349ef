//! The reader teaches the topics: c sets the selected article's topic by hand, choosing
//! what the rules say takes that back, and an article that comes again keeps the reader's
//! topic over the rules'. Pure; persistence is asked for with a Command.

use std::collections::HashMap;

use super::action::Command;
use super::state::State;
use crate::model::{Article, ArticleId, Lesson, Topic};
use crate::store::Correction;

/// What a correction did, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The reader's topic is now `0`.
    Set(Topic),
    /// The correction was removed: the rules' topic `0` shows again.
    BackToRules(Topic),
    /// Nothing changed: the article already had this topic, from the reader or the rules.
    Unchanged(Topic),
}

impl Outcome {
    /// `undo_keys`: what gives the topic back to the rules (`c r`).
    pub fn message(self, undo_keys: &str) -> String {
        match self {
            Outcome::Set(topic) => {
                format!(
                    "topic set to {} by you · {undo_keys} gives it back to the rules",
                    topic.label()
                )
            }
            Outcome::BackToRules(topic) => format!("topic back to the rules: {}", topic.label()),
            Outcome::Unchanged(topic) => format!("the topic is {} already", topic.label()),
        }
    }
}

/// Sets the selected article's topic to `choice` (`None`: what the rules say). Choosing
/// the rules' topic removes the correction rather than storing a copy of it, so a later
/// change of the rules applies to the article again. `None` when nothing is selected.
pub fn correct_selected(
    state: &mut State,
    choice: Option<Topic>,
    commands: &mut Vec<Command>,
) -> Option<Outcome> {
    let row = *state.view.get(state.selected)? as usize;
    let article = &mut state.rows.get_mut(row)?.article;
    let id = article.id;
    let current = state.corrections.get(&id).copied();
    let rules = current.map_or(article.topic, |c| c.rules);
    let wanted = choice.unwrap_or(rules);
    let outcome = if wanted == rules {
        if current.is_none() {
            return Some(Outcome::Unchanged(rules));
        }
        state.corrections.remove(&id);
        commands.push(Command::SetTopic { id, topic: None });
        commands.push(Command::Learn { id, lesson: None });
        Outcome::BackToRules(rules)
    } else {
        if current.is_some_and(|c| c.topic == wanted) {
            return Some(Outcome::Unchanged(wanted));
        }
        state.corrections.insert(
            id,
            Correction {
                topic: wanted,
                rules,
            },
        );
        commands.push(Command::SetTopic {
            id,
            topic: Some(wanted),
        });
        commands.push(Command::Learn {
            id,
            lesson: Some(Lesson {
                title: article.title.clone(),
                topic: wanted,
            }),
        });
        Outcome::Set(wanted)
    };
    article.topic = wanted;
    // The preview's topic and "why" lines say who set it: render them again.
    state.preview = None;
    Some(outcome)
}

/// An article arriving with the rules' topic (a fetch, the cache): the rules' topic is
/// remembered and the reader's, when they set one, is the one it shows.
pub fn apply(corrections: &mut HashMap<ArticleId, Correction>, article: &mut Article) {
    if let Some(correction) = corrections.get_mut(&article.id) {
        correction.rules = article.topic;
        article.topic = correction.topic;
    }
}
