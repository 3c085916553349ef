//! Alerts that carry the headline: which new articles raise one (`select`), several at once
//! batched into one notification ("5 new: DeepSeek"), and how the user's `notify_command`
//! is run with it (`command`: an argument list with placeholders, never a shell). The
//! dashboard and `refresh` both use it; the terminal bell is rung by whoever owns the
//! terminal.

pub mod command;
mod select;

pub use select::{Alert, Candidates};

use crate::text::sanitize;

pub use crate::config::alerts::{AlertsConfig, PLACEHOLDERS};

/// Titles of a batch listed in its notification's title before "…".
const LABELS_SHOWN: usize = 3;

/// One notification: the values of the placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub source: String,
    pub link: String,
    pub topic: String,
    /// What matched: the watchlist term or the view (several, comma-separated).
    pub view: String,
}

impl Notification {
    /// The value of placeholder `name` (one of [`PLACEHOLDERS`]).
    pub fn value(&self, name: &str) -> Option<&str> {
        Some(match name {
            "title" => &self.title,
            "source" => &self.source,
            "link" => &self.link,
            "topic" => &self.topic,
            "view" => &self.view,
            _ => return None,
        })
    }

    /// One line for a status line or a log.
    pub fn line(&self) -> String {
        if self.source.is_empty() {
            self.title.clone()
        } else {
            format!("{} · {}", self.title, self.source)
        }
    }
}

/// The alerts of one moment as one notification: a single alert as itself; several as
/// "N new: label, label" with the newest one's link, the sources named once each and the
/// labels most frequent first. `None` for no alerts.
pub fn batch(alerts: &[Alert]) -> Option<Notification> {
    let first = alerts.first()?;
    if alerts.len() == 1 {
        return Some(Notification {
            title: clean(&first.title),
            source: clean(&first.source),
            link: first.link.clone(),
            topic: first.topic.label().to_string(),
            view: first.labels.join(", "),
        });
    }
    let labels = by_frequency(alerts.iter().flat_map(|a| a.labels.iter()));
    let sources = by_frequency(alerts.iter().map(|a| &a.source));
    let topics = by_frequency(alerts.iter().map(|a| a.topic.label()));
    let mut shown: Vec<&str> = labels
        .iter()
        .take(LABELS_SHOWN)
        .map(|s| s.as_str())
        .collect();
    if labels.len() > LABELS_SHOWN {
        shown.push("…");
    }
    Some(Notification {
        title: clean(&format!("{} new: {}", alerts.len(), shown.join(", "))),
        source: clean(&sources.join(", ")),
        link: first.link.clone(),
        topic: topics.join(", "),
        view: labels.join(", "),
    })
}

/// Distinct values, the most frequent first (ties in order of first appearance).
fn by_frequency<'a, S: AsRef<str> + 'a>(values: impl Iterator<Item = S>) -> Vec<String> {
    let mut counted: Vec<(String, usize)> = Vec::new();
    for value in values {
        let value = value.as_ref();
        match counted.iter_mut().find(|(seen, _)| seen == value) {
            Some((_, count)) => *count += 1,
            None => counted.push((value.to_string(), 1)),
        }
    }
    counted.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    counted.into_iter().map(|(value, _)| value).collect()
}

/// Feed text goes to another program: one terminal-safe line, not too long.
fn clean(text: &str) -> String {
    sanitize::clean_line(text, 300)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Topic;

    fn alert(title: &str, source: &str, labels: &[&str]) -> Alert {
        Alert {
            title: title.to_string(),
            source: source.to_string(),
            link: format!("https://news.example/{}", title.len()),
            topic: Topic::China,
            labels: labels.iter().map(|l| l.to_string()).collect(),
        }
    }

    #[test]
    fn one_alert_is_its_headline() {
        let one = batch(&[alert("DeepSeek ships R3\u{1b}[2J", "Wire", &["DeepSeek"])]).unwrap();
        assert_eq!(
            one,
            Notification {
                title: "DeepSeek ships R3".into(),
                source: "Wire".into(),
                link: "https://news.example/21".into(),
                topic: "China".into(),
                view: "DeepSeek".into(),
            }
        );
        assert_eq!(one.line(), "DeepSeek ships R3 · Wire");
    }

    #[test]
    fn several_are_one_notification_named_by_what_matched_most() {
        let alerts = [
            alert("a", "Wire", &["DeepSeek"]),
            alert("bb", "Daily", &["H20", "DeepSeek"]),
            alert("ccc", "Wire", &["DeepSeek"]),
            alert("dddd", "Wire", &["chips"]),
            alert("eeeee", "Post", &["Ascend"]),
        ];
        let many = batch(&alerts).unwrap();
        assert_eq!(many.title, "5 new: DeepSeek, H20, chips, …");
        assert_eq!(many.source, "Wire, Daily, Post");
        assert_eq!(many.link, "https://news.example/1");
        assert_eq!(many.view, "DeepSeek, H20, chips, Ascend");
        assert_eq!(batch(&[]), None);
    }
}
