//! `topics eval`: a labeled file read, the classifier scored on it (confusion matrix,
//! per-label precision, recall and F1, the misses), and the training sets of the model.

use std::fmt;

use crate::model::Topic;
use crate::text::sanitize::{MAX_LINK_BYTES, MAX_TITLE_CHARS, clean_line};
use crate::topics::classify::Classifier;
use crate::topics::train::Labeled;

/// At most this many misclassified items are printed; the report keeps them all.
pub const MISSES_SHOWN: usize = 20;

/// A summary longer than this (in characters) is cut: the file holds one sentence, and a
/// pasted article would only slow the evaluation down.
const MAX_SUMMARY_CHARS: usize = 2_000;

/// One labeled line of an evaluation file.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalItem {
    /// 1-based line in the file, for messages.
    pub line: usize,
    pub label: Topic,
    pub title: String,
    /// Empty when the line has no summary column.
    pub summary: String,
    /// Where the headline was published; empty when the line has no URL column.
    pub url: String,
}

/// A line of the evaluation file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    #[error(
        "line {line}: unknown label {label:?}; use us, china, both or other in the first column"
    )]
    BadLabel { line: usize, label: String },
    #[error("line {line}: the title (second column) is empty; write the headline after the label")]
    MissingTitle { line: usize },
    #[error(
        "line {line}: {found} tab-separated column(s); write label<TAB>title, optionally \
         <TAB>summary and <TAB>url (leave the summary empty to give only a url)"
    )]
    ColumnCount { line: usize, found: usize },
    #[error(
        "no labeled lines; write one item per line as label<TAB>title<TAB>summary (lines \
         starting with # are comments)"
    )]
    NoItems,
}

/// Reads an evaluation file: `label<TAB>title`, `label<TAB>title<TAB>summary` or
/// `label<TAB>title<TAB>summary<TAB>url` per line (the summary may be empty; the url, the
/// page the headline came from, is kept with the item and not classified).
/// Blank lines and lines starting with `#` are skipped. Labels are the machine names
/// (`us`, `china`, `both`, `other`) or their aliases (`cn`, `h2h`...). Text is made
/// terminal-safe, as feed text is, because reports print it.
pub fn parse_eval_tsv(text: &str) -> Result<Vec<EvalItem>, EvalError> {
    let mut items = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let columns: Vec<&str> = raw.split('\t').collect();
        if !(2..=4).contains(&columns.len()) {
            return Err(EvalError::ColumnCount {
                line,
                found: columns.len(),
            });
        }
        let label = Topic::parse(columns[0]).ok_or_else(|| EvalError::BadLabel {
            line,
            label: clean_line(columns[0], 40),
        })?;
        let title = clean_line(columns[1], MAX_TITLE_CHARS);
        if title.is_empty() {
            return Err(EvalError::MissingTitle { line });
        }
        let summary = columns
            .get(2)
            .map(|summary| clean_line(summary, MAX_SUMMARY_CHARS))
            .unwrap_or_default();
        let url = columns
            .get(3)
            .map(|url| clean_line(url, MAX_LINK_BYTES))
            .unwrap_or_default();
        items.push(EvalItem {
            line,
            label,
            title,
            summary,
            url,
        });
    }
    if items.is_empty() {
        return Err(EvalError::NoItems);
    }
    Ok(items)
}

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelScore {
    pub label: Topic,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Items with this label in the file.
    pub support: usize,
    /// Items the classifier gave this label.
    pub predicted: usize,
}

/// An item the classifier got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub item: EvalItem,
    pub predicted: Topic,
    pub us_score: f32,
    pub china_score: f32,
    pub relation_score: f32,
    pub terms: Vec<String>,
}

/// The classifier measured on an evaluation set.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    /// `confusion[expected][predicted]`, indexed in [`Topic::ALL`] order.
    pub confusion: [[usize; 4]; 4],
    /// One score per label, in [`Topic::ALL`] order.
    pub labels: [LabelScore; 4],
    /// Mean F1 over the labels that occur in the file or in the predictions; a label
    /// absent from both has no meaningful F1 and would only drag the mean down.
    pub macro_f1: f64,
    pub accuracy: f64,
    pub total: usize,
    /// Misclassified items in file order.
    pub misses: Vec<Miss>,
}

/// Classifies every item (title and summary as the body) and scores the result.
pub fn evaluate(classifier: &Classifier, items: &[EvalItem]) -> EvalReport {
    let mut confusion = [[0usize; 4]; 4];
    let mut misses = Vec::new();
    for item in items {
        let got = classifier.classify(&item.title, &item.summary);
        confusion[topic_index(item.label)][topic_index(got.topic)] += 1;
        if got.topic != item.label {
            misses.push(Miss {
                item: item.clone(),
                predicted: got.topic,
                us_score: got.us_score,
                china_score: got.china_score,
                relation_score: got.relation_score,
                terms: got.terms,
            });
        }
    }
    let labels = Topic::ALL.map(|label| label_score(&confusion, label));
    let scored: Vec<f64> = labels
        .iter()
        .filter(|score| score.support + score.predicted > 0)
        .map(|score| score.f1)
        .collect();
    let macro_f1 = mean(&scored);
    let total = items.len();
    let correct: usize = (0..4).map(|i| confusion[i][i]).sum();
    EvalReport {
        confusion,
        labels,
        macro_f1,
        accuracy: ratio(correct, total),
        total,
        misses,
    }
}

fn label_score(confusion: &[[usize; 4]; 4], label: Topic) -> LabelScore {
    let i = topic_index(label);
    let hits = confusion[i][i];
    let support: usize = confusion[i].iter().sum();
    let predicted: usize = confusion.iter().map(|row| row[i]).sum();
    let precision = ratio(hits, predicted);
    let recall = ratio(hits, support);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    LabelScore {
        label,
        precision,
        recall,
        f1,
        support,
        predicted,
    }
}

/// `part / whole`, 0 when there is nothing to divide.
fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

fn topic_index(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|t| *t == topic)
        .expect("Topic::ALL lists every topic")
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} items, {} correct: accuracy {:.1}%, macro-F1 {:.3}",
            self.total,
            self.total - self.misses.len(),
            self.accuracy * 100.0,
            self.macro_f1
        )?;
        writeln!(f)?;
        writeln!(f, "Confusion matrix (rows: expected, columns: predicted)")?;
        write!(f, "{:<10}", "")?;
        for topic in Topic::ALL {
            write!(f, "{:>7}", topic.as_str())?;
        }
        writeln!(f, "{:>8}", "total")?;
        for (expected, row) in Topic::ALL.iter().zip(&self.confusion) {
            write!(f, "{:<10}", expected.as_str())?;
            for count in row {
                write!(f, "{count:>7}")?;
            }
            writeln!(f, "{:>8}", row.iter().sum::<usize>())?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<10}{:>10}{:>8}{:>8}{:>9}",
            "label", "precision", "recall", "F1", "support"
        )?;
        for score in &self.labels {
            writeln!(
                f,
                "{:<10}{:>10.3}{:>8.3}{:>8.3}{:>9}",
                score.label.as_str(),
                score.precision,
                score.recall,
                score.f1,
                score.support
            )?;
        }
        writeln!(f, "{:<10}{:>26.3}", "macro-F1", self.macro_f1)?;
        if self.misses.is_empty() {
            return Ok(());
        }
        writeln!(f)?;
        let shown = self.misses.len().min(MISSES_SHOWN);
        writeln!(
            f,
            "Misclassified: {} (first {shown} shown)",
            self.misses.len()
        )?;
        for miss in self.misses.iter().take(MISSES_SHOWN) {
            writeln!(
                f,
                "  line {:<5} expected {:<6} got {:<6} {}",
                miss.item.line,
                miss.item.label.as_str(),
                miss.predicted.as_str(),
                miss.item.title
            )?;
            let terms = if miss.terms.is_empty() {
                "no terms".to_owned()
            } else {
                miss.terms.join(", ")
            };
            writeln!(
                f,
                "{:<12}us {:.2}  china {:.2}  relation {:.2}  [{terms}]",
                "", miss.us_score, miss.china_score, miss.relation_score
            )?;
        }
        Ok(())
    }
}

/// The model's training sets, relative to the source tree. The holdout sets
/// (`holdout.tsv`, `real/holdout.tsv`) are never read for training: they measure it.
pub const TRAINING_SETS: [&str; 2] = [
    "tests/fixtures/topics/eval.tsv",
    "tests/fixtures/topics/real/tuning.tsv",
];

/// The labeled headlines of [`TRAINING_SETS`] under `root`, in file order.
pub fn training_items(root: &str) -> Result<Vec<Labeled>, String> {
    let mut items = Vec::new();
    for set in TRAINING_SETS {
        let path = format!("{root}/{set}");
        let text = std::fs::read_to_string(&path)
            .map_err(|err| format!("reading {path}: {err}; run from the source tree"))?;
        let parsed = parse_eval_tsv(&text).map_err(|err| format!("{path}: {err}"))?;
        items.extend(parsed.into_iter().map(|item| Labeled {
            label: item.label,
            title: item.title,
            body: item.summary,
        }));
    }
    Ok(items)
}
