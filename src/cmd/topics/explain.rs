//! `topics explain`: why the classifier labels one text the way it does, printable.

use std::fmt;

use crate::text::sanitize::{MAX_TITLE_CHARS, clean_line};
use crate::topics::classify::{
    BALANCE_RATIO, ClassificationDetail, Classifier, Place, RELATION_MIN, Reason, SIDE_MIN,
};

/// The "why" for one text, printable.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub title: String,
    pub body: String,
    pub detail: ClassificationDetail,
    /// The model's vote when the rules found no side and the model did not decide.
    pub advice: Option<String>,
}

/// Explains the classification of `text`: its first line is the title, the rest (if any)
/// the body, so a whole article can be pasted. The text is made terminal-safe first.
pub fn explain(classifier: &Classifier, text: &str) -> Explanation {
    let (title, body) = text.split_once('\n').unwrap_or((text, ""));
    let title = clean_line(title, MAX_TITLE_CHARS);
    let body = clean_line(body, crate::topics::classify::BODY_SCAN_LIMIT);
    let detail = classifier.explain(&title, &body);
    // Where the rules found nothing, say what the model thinks even when it may not decide:
    // that is the next place to look when a headline lands in `other`.
    let advice = match (&detail.reason, classifier.model()) {
        (Reason::NoSide, Some(model)) => Some(match model.vote(&title) {
            Some(vote) => format!(
                "{}, under its threshold {:.2}: the rules' topic stands",
                vote.describe(),
                model.threshold
            ),
            None => "no word of the title is known to it".to_owned(),
        }),
        _ => None,
    };
    Explanation {
        title,
        body,
        detail,
        advice,
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = &self.detail;
        let scores = &detail.scores;
        let topic = detail.classification.topic;
        writeln!(f, "topic: {} ({})", topic.as_str(), topic.label())?;
        writeln!(f, "why:   {}", detail.reason.describe())?;
        writeln!(f, "by:    {}", detail.classification.decided_by.as_str())?;
        if let Some(advice) = &self.advice {
            writeln!(f, "model: {advice}")?;
        }
        writeln!(
            f,
            "scores: us {:.2}  china {:.2}  relation {:.2}  third country {:.2}",
            scores.us, scores.china, scores.relation, scores.third_country
        )?;
        writeln!(
            f,
            "        (a side counts from {SIDE_MIN:.1}, a relation from {RELATION_MIN:.1}; \
             head-to-head when the weaker side has {:.0}% of the stronger)",
            BALANCE_RATIO * 100.0
        )?;
        if detail.contributions.is_empty() {
            return writeln!(f, "terms: none matched");
        }
        writeln!(f)?;
        let width = detail
            .contributions
            .iter()
            .map(|c| unicode_width::UnicodeWidthStr::width(c.term.as_str()))
            .max()
            .unwrap_or(0)
            .max("term".len());
        writeln!(
            f,
            "{}  {:<13}{:>7}{:>8}  where",
            pad("term", width),
            "side",
            "weight",
            "points"
        )?;
        for c in &detail.contributions {
            let places: Vec<String> = c
                .places()
                .into_iter()
                .map(|place| {
                    let count = match place {
                        Place::Title => c.title_matches,
                        Place::Body => c.body_matches,
                    };
                    if count > 1 {
                        format!("{place} x{count}")
                    } else {
                        place.to_string()
                    }
                })
                .collect();
            writeln!(
                f,
                "{}  {:<13}{:>7.2}{:>8.2}  {}",
                pad(&c.term, width),
                c.side.to_string(),
                c.weight,
                c.points(),
                places.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Left-aligns `text` to `width` terminal columns (CJK characters take two).
fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
