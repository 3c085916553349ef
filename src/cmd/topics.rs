//! `topics eval` and `topics explain`: measure the classifier on a labeled file and show
//! why it labels a text the way it does. The CLI runs here; the reports are pure
//! functions of its `eval` and `explain` modules.

mod eval;
mod explain;

pub use eval::{
    EvalError, EvalItem, EvalReport, LabelScore, MISSES_SHOWN, Miss, TRAINING_SETS, evaluate,
    parse_eval_tsv, training_items,
};
pub use explain::{Explanation, explain};

use crate::config::keys::{ActionName, KeyBindings};
use crate::text::sanitize::{MAX_LINK_BYTES, MAX_TITLE_CHARS, clean_line};
use crate::topics::classify::Classifier;

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
    let (classifier, config) = match user_classifier(explicit_config) {
        Ok(built) => built,
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
            Some(store) => {
                let corrected = store.corrected_articles().map_err(|err| {
                    anyhow::anyhow!("reading the corrections in {}: {err}", db.display())
                })?;
                // Articles the [[hide]] rules hide are not shown here either.
                let hidden = super::selection::hidden_ids(&store, &config, crate::time::now())?;
                corrected
                    .into_iter()
                    .filter(|article| !hidden.contains(&article.id))
                    .collect()
            }
            None => Vec::new(),
        };
        let items = correction_items(&stored);
        if items.is_empty() {
            writeln!(out, "{} ({})", no_corrections(&config.keys), db.display())?;
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

/// What `topics eval --corrections` says when the reader has set no topic yet, with the
/// keys of the config in use.
pub fn no_corrections(keys: &KeyBindings) -> String {
    format!(
        "no topic corrections yet: in the dashboard, {} then {}, {}, {} or {} sets an \
         article's topic",
        keys.label(ActionName::SetTopic),
        keys.label(ActionName::PickUs),
        keys.label(ActionName::PickChina),
        keys.label(ActionName::PickBoth),
        keys.label(ActionName::PickOther),
    )
}

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
    let (classifier, _) = match user_classifier(explicit_config) {
        Ok(built) => built,
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

/// The classifier with the rules of the config in use, as the dashboard builds it, and the
/// config (messages name its keys; its hide rules hide corrections).
fn user_classifier(
    explicit_config: Option<&std::path::Path>,
) -> Result<(Classifier, crate::config::Config), std::process::ExitCode> {
    let (config, source) = super::load_config(explicit_config)?;
    let classifier = Classifier::new(&config.topics).map_err(|err| {
        eprintln!("{source}: [topics]: {err}");
        std::process::ExitCode::from(super::EXIT_CONFIG)
    })?;
    Ok((classifier, config))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Topic;

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

    #[test]
    fn the_no_corrections_message_names_the_keys_in_use() {
        assert_eq!(
            no_corrections(&KeyBindings::default()),
            "no topic corrections yet: in the dashboard, c then u, c, b or o sets an article's \
             topic"
        );
        let config = crate::config::parse_str(
            "[keys]\nset_topic = [\"T\"]\npick_us = [\"A\"]\n",
            "keys.toml",
            None,
        )
        .unwrap();
        assert_eq!(
            no_corrections(&config.keys),
            "no topic corrections yet: in the dashboard, T then A, c, b or o sets an article's \
             topic"
        );
    }
}
