//! `topics eval` and `topics explain`: measure the classifier on a labeled file and show
//! why it labels a text the way it does. Pure functions; the CLI prints their results.

use std::fmt;

use crate::model::Topic;
use crate::text::sanitize::{MAX_LINK_BYTES, MAX_TITLE_CHARS, clean_line};
use crate::topics::classify::{
    BALANCE_RATIO, ClassificationDetail, Classifier, Place, RELATION_MIN, Reason, SIDE_MIN,
};
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

/// `ainews-tui topics eval [FILE] [--corrections]`: the report for the user's own rules over
/// their own labeled file and, with `--corrections`, over the topics they set by hand in the
/// dashboard. Exit 0 when what was asked was read (whatever the score), 2 when the file
/// was not.
pub fn run_eval(
    explicit_config: Option<&std::path::Path>,
    data_dir: Option<std::path::PathBuf>,
    file: Option<&std::path::Path>,
    corrections: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<std::process::ExitCode> {
    let classifier = match user_classifier(explicit_config) {
        Ok(classifier) => classifier,
        Err(code) => return Ok(code),
    };
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .map_err(|err| anyhow::anyhow!("reading {}: {err}", file.display()))?;
        match parse_eval_tsv(&text) {
            Ok(items) => write!(out, "{}", evaluate(&classifier, &items))?,
            Err(err) => {
                eprintln!("{}: {err}", file.display());
                return Ok(std::process::ExitCode::from(super::EXIT_CONFIG));
            }
        }
    }
    if corrections {
        if file.is_some() {
            writeln!(out)?;
        }
        let db = super::paths::data_dir(data_dir.clone())?.join(crate::store::DB_FILE);
        let stored = match existing_cache(data_dir)? {
            Some(store) => store.corrected_articles().map_err(|err| {
                anyhow::anyhow!("reading the corrections in {}: {err}", db.display())
            })?,
            None => Vec::new(),
        };
        let items = correction_items(&stored);
        if items.is_empty() {
            writeln!(out, "{NO_CORRECTIONS} ({})", db.display())?;
        } else {
            writeln!(
                out,
                "Your topic corrections in {}: the rules against your labels \
                 (\"line\" numbers them, newest first)",
                db.display()
            )?;
            write!(out, "{}", evaluate(&classifier, &items))?;
            let taught = leave_one_out(&classifier, &items);
            writeln!(
                out,
                "Taught by your other corrections (each left out in turn): {taught} of {} \
                 right",
                items.len()
            )?;
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// How many of the reader's corrections the classifier gets right when its model is taught
/// with all the others: what the corrections teach about headlines they do not contain.
/// Leaves `classifier` untaught.
pub fn leave_one_out(classifier: &Classifier, items: &[EvalItem]) -> usize {
    let lessons: Vec<(crate::model::ArticleId, crate::model::Lesson)> = items
        .iter()
        .enumerate()
        .map(|(at, item)| {
            let lesson = crate::model::Lesson {
                title: item.title.clone(),
                topic: item.label,
            };
            (crate::model::ArticleId(at as u64), lesson)
        })
        .collect();
    let mut right = 0;
    for (at, item) in items.iter().enumerate() {
        let others = lessons
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != at)
            .map(|(_, lesson)| lesson.clone());
        classifier.teach(others);
        if classifier.classify(&item.title, &item.summary).topic == item.label {
            right += 1;
        }
    }
    classifier.teach([]);
    right
}

/// What `topics eval --corrections` says when the reader has set no topic yet.
pub const NO_CORRECTIONS: &str =
    "no topic corrections yet: in the dashboard, c then u, c, b or o sets an article's topic";

/// The reader's corrections as evaluation items: each article's title and text (as the
/// rules read them at ingest) labeled with the reader's topic, numbered newest first.
pub fn correction_items(corrected: &[crate::store::CorrectedArticle]) -> Vec<EvalItem> {
    corrected
        .iter()
        .enumerate()
        .map(|(index, article)| EvalItem {
            line: index + 1,
            label: article.correction.topic,
            // Cleaned again: reports print the title, and an older cache may be laxer.
            title: clean_line(&article.title, MAX_TITLE_CHARS),
            summary: crate::text::sanitize::strip_tags(&article.body),
            url: article
                .link
                .as_deref()
                .map(|link| clean_line(link, MAX_LINK_BYTES))
                .unwrap_or_default(),
        })
        .collect()
}

/// `ainews-tui topics explain TEXT`: the label, the score per side and the deciding terms.
///
/// The learned layer is retrained with the reader's corrections in the cache, when there
/// is one, as the dashboard and `refresh` classify.
pub fn run_explain(
    explicit_config: Option<&std::path::Path>,
    data_dir: Option<std::path::PathBuf>,
    text: &str,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<std::process::ExitCode> {
    let classifier = match user_classifier(explicit_config) {
        Ok(classifier) => classifier,
        Err(code) => return Ok(code),
    };
    if let Some(store) = existing_cache(data_dir)? {
        super::teach_from_cache(&classifier, &store);
    }
    write!(out, "{}", explain(&classifier, text))?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// The cache in `data_dir`, when there is one: looking must not create a cache.
fn existing_cache(
    data_dir: Option<std::path::PathBuf>,
) -> anyhow::Result<Option<crate::store::Store>> {
    let data_dir = super::paths::data_dir(data_dir)?;
    if !data_dir.join(crate::store::DB_FILE).exists() {
        return Ok(None);
    }
    super::open_cache(&data_dir).map(Some)
}

/// The classifier with the rules of the config in use, as the dashboard builds it.
fn user_classifier(
    explicit_config: Option<&std::path::Path>,
) -> Result<Classifier, std::process::ExitCode> {
    let (config, source) = super::load_config(explicit_config)?;
    Classifier::new(&config.topics).map_err(|err| {
        eprintln!("{source}: [topics]: {err}");
        std::process::ExitCode::from(super::EXIT_CONFIG)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(line: usize, label: Topic, title: &str) -> EvalItem {
        EvalItem {
            line,
            label,
            title: title.to_owned(),
            summary: String::new(),
            url: String::new(),
        }
    }

    #[test]
    fn parses_labels_titles_and_optional_summaries() {
        let text = "# a comment\n\nus\tOpenAI ships\r\nchina\tDeepSeek ships\tA summary.\n\
                    h2h\tTalks resume\n  # indented comment\nother\tRain\t\n";
        let items = parse_eval_tsv(text).unwrap();
        assert_eq!(
            items,
            [
                item(3, Topic::Us, "OpenAI ships"),
                EvalItem {
                    summary: "A summary.".to_owned(),
                    ..item(4, Topic::China, "DeepSeek ships")
                },
                item(5, Topic::Both, "Talks resume"),
                item(7, Topic::Other, "Rain"),
            ]
        );
    }

    #[test]
    fn reads_an_optional_url_column_after_an_optional_summary() {
        let text = "# label, title, summary, url\n\
                    us\tOpenAI ships\t\thttps://news.example/openai\n\
                    china\tDeepSeek ships\tA summary.\thttp://news.example/deepseek \n\
                    both\tTalks resume\tOnly a summary.\n\
                    other\tRain\n";
        let items = parse_eval_tsv(text).unwrap();
        assert_eq!(
            items,
            [
                EvalItem {
                    url: "https://news.example/openai".to_owned(),
                    ..item(2, Topic::Us, "OpenAI ships")
                },
                EvalItem {
                    summary: "A summary.".to_owned(),
                    url: "http://news.example/deepseek".to_owned(),
                    ..item(3, Topic::China, "DeepSeek ships")
                },
                EvalItem {
                    summary: "Only a summary.".to_owned(),
                    ..item(4, Topic::Both, "Talks resume")
                },
                item(5, Topic::Other, "Rain"),
            ]
        );
        // The url is not classified: the same title scores the same with or without it.
        let report = evaluate(&Classifier::builtin(), &items);
        let bare: Vec<EvalItem> = items
            .iter()
            .map(|one| EvalItem {
                url: String::new(),
                ..one.clone()
            })
            .collect();
        assert_eq!(
            report.macro_f1,
            evaluate(&Classifier::builtin(), &bare).macro_f1
        );
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            (
                "us\tok\nusa-ish\tTitle\n",
                EvalError::BadLabel {
                    line: 2,
                    label: "usa-ish".to_owned(),
                },
            ),
            ("us\tok\n\nboth\t  \n", EvalError::MissingTitle { line: 3 }),
            (
                "us only a label\n",
                EvalError::ColumnCount { line: 1, found: 1 },
            ),
            (
                "us\ta\tb\thttps://a.example/\te\n",
                EvalError::ColumnCount { line: 1, found: 5 },
            ),
            ("# nothing\n\n", EvalError::NoItems),
        ];
        for (text, expected) in cases {
            let err = parse_eval_tsv(text).unwrap_err();
            assert_eq!(err, expected, "{text:?}");
        }
        let message = EvalError::MissingTitle { line: 3 }.to_string();
        assert!(message.starts_with("line 3:"), "{message}");
    }

    #[test]
    fn text_is_made_terminal_safe() {
        let items = parse_eval_tsv("us\tOpenAI \u{1b}[31mships\u{202e}\n").unwrap();
        assert_eq!(items[0].title, "OpenAI ships");
    }

    #[test]
    fn evaluate_counts_the_confusion_matrix_and_scores() {
        let items = [
            item(1, Topic::Us, "OpenAI ships GPT-5"),
            item(2, Topic::Us, "Nvidia earnings beat"),
            item(3, Topic::China, "DeepSeek ships R2"),
            item(4, Topic::Both, "DeepSeek rivals OpenAI"),
            // Deliberate miss: an other-story the classifier calls US.
            item(5, Topic::Other, "Microsoft weather report"),
            item(6, Topic::Other, "A quiet day"),
        ];
        let report = evaluate(&Classifier::builtin(), &items);
        assert_eq!(report.total, 6);
        assert_eq!(report.confusion[0], [2, 0, 0, 0]);
        assert_eq!(report.confusion[3], [1, 0, 0, 1]);
        assert_eq!(report.misses.len(), 1);
        assert_eq!(report.misses[0].item.line, 5);
        assert_eq!(report.misses[0].predicted, Topic::Us);
        let us = report.labels[0];
        assert_eq!((us.support, us.predicted), (2, 3));
        assert!((us.precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(us.recall, 1.0);
        assert!((us.f1 - 0.8).abs() < 1e-9);
        let other = report.labels[3];
        assert_eq!((other.precision, other.recall), (1.0, 0.5));
        let expected_macro = (0.8 + 1.0 + 1.0 + 2.0 / 3.0) / 4.0;
        assert!((report.macro_f1 - expected_macro).abs() < 1e-9);
        assert!((report.accuracy - 5.0 / 6.0).abs() < 1e-9);
    }

    #[test]
    fn labels_absent_from_file_and_predictions_do_not_count() {
        let items = [
            item(1, Topic::Us, "OpenAI ships GPT-5"),
            item(2, Topic::China, "DeepSeek ships R2"),
        ];
        let report = evaluate(&Classifier::builtin(), &items);
        assert_eq!(report.macro_f1, 1.0);
        assert_eq!(report.labels[2].f1, 0.0);
    }

    #[test]
    fn report_prints_an_aligned_matrix_table_and_misses() {
        let items: Vec<EvalItem> = (0..25)
            .map(|i| item(i + 1, Topic::Other, "OpenAI ships"))
            .collect();
        let text = evaluate(&Classifier::builtin(), &items).to_string();
        assert!(text.contains("macro-F1"), "{text}");
        let header = text
            .lines()
            .find(|line| line.trim_start().starts_with("us "))
            .expect("a header row");
        let row = text
            .lines()
            .find(|line| line.starts_with("other "))
            .expect("the other row");
        // Columns line up: the last count ends where the header's "total" ends.
        assert_eq!(header.len(), row.len(), "{header:?} / {row:?}");
        assert!(
            text.contains("Misclassified: 25 (first 20 shown)"),
            "{text}"
        );
        assert_eq!(text.matches("expected other").count(), MISSES_SHOWN);
        assert!(text.contains("[OpenAI]"), "{text}");
    }

    #[test]
    fn explain_uses_the_first_line_as_title() {
        let classifier = Classifier::builtin();
        let explanation = explain(
            &classifier,
            "DeepSeek R2 matches OpenAI o3\nBeijing's lab says it cost less.",
        );
        assert_eq!(explanation.title, "DeepSeek R2 matches OpenAI o3");
        assert_eq!(explanation.detail.classification.topic, Topic::Both);
        let text = explanation.to_string();
        assert!(text.starts_with("topic: both (Head-to-head)\n"), "{text}");
        assert!(text.contains("scores: us 3.00  china 4.00"), "{text}");
        let deepseek = text
            .lines()
            .find(|line| line.starts_with("DeepSeek"))
            .expect("a DeepSeek row");
        assert!(
            deepseek.contains("china") && deepseek.ends_with("title"),
            "{deepseek}"
        );
        let beijing = text
            .lines()
            .find(|line| line.starts_with("Beijing"))
            .unwrap();
        assert!(beijing.ends_with("body"), "{beijing}");
    }

    #[test]
    fn explain_says_when_nothing_matched() {
        let text = explain(&Classifier::builtin(), "A quiet day").to_string();
        assert!(text.starts_with("topic: other"), "{text}");
        assert!(text.contains("terms: none matched"), "{text}");
    }
}
