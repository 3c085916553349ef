//! The reader teaches the topics: c sets the selected article's topic by hand, and choosing
//! what the rules say takes that back (an article that comes again keeps the reader's topic:
//! the index sees to that as it merges). Pure; persistence is asked for with a Command.

use super::action::Command;
use super::article_index::ArticleIndex;
use crate::model::{Lesson, Topic};
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

/// Sets the topic of the article of row `row` to `choice` (`None`: what the rules say).
/// Choosing the rules' topic removes the correction rather than storing a copy of it, so a
/// later change of the rules applies to the article again. `None` when there is no such
/// row. The preview's topic and "why" lines say who set it: the caller renders them again.
pub fn correct(
    index: &mut ArticleIndex,
    row: usize,
    choice: Option<Topic>,
    commands: &mut Vec<Command>,
) -> Option<Outcome> {
    let article = &mut index.rows.get_mut(row)?.article;
    let id = article.id;
    let current = index.corrections.get(&id).copied();
    let rules = current.map_or(article.topic, |c| c.rules);
    let wanted = choice.unwrap_or(rules);
    let outcome = if wanted == rules {
        if current.is_none() {
            return Some(Outcome::Unchanged(rules));
        }
        index.corrections.remove(&id);
        commands.push(Command::SetTopic { id, topic: None });
        commands.push(Command::Learn { id, lesson: None });
        Outcome::BackToRules(rules)
    } else {
        if current.is_some_and(|c| c.topic == wanted) {
            return Some(Outcome::Unchanged(wanted));
        }
        index.corrections.insert(
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
    Some(outcome)
}
