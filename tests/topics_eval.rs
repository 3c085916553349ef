//! The classifier measured on the labeled evaluation sets in `tests/fixtures/topics/`.
//!
//! `eval.tsv` is the set the built-in rules were tuned against; `holdout.tsv` was written
//! after tuning and never tuned on, so its score tells whether the rules generalise.
//! `real/tuning.tsv` and `real/holdout.tsv` are real published headlines, each with the
//! URL of the outlet page it came from (see `real/README.md`); their bars are regression
//! floors under today's scores, not targets.
//! The classifier measured here is the shipped one: the rules and the learned model
//! (`src/topics/data/model.tsv`, trained on `eval.tsv` and `real/tuning.tsv` only).
//! Run with `--nocapture` to see the reports.

use ainews_tui::cmd::topics::{EvalItem, evaluate, parse_eval_tsv};
use ainews_tui::model::Topic;
use ainews_tui::topics::classify::Classifier;

/// The bar for the synthetic sets: both must stay at 0.95 macro-F1 or more (they scored
/// 0.989 and 0.975 when the gazetteers and script folding came in).
const EVAL_MIN_MACRO_F1: f64 = 0.95;
/// The bar for unseen synthetic items, held to the same level: a regression in the rules
/// fails it.
const HOLDOUT_MIN_MACRO_F1: f64 = 0.95;

/// Floors for the real headlines, a little under what the built-in rules score today. The
/// first rules scored tuning 0.845 macro-F1 and holdout 0.829 (Chinese titles 0.690 and
/// 0.745); with script folding and the gazetteers, tuning scores 0.984 (Chinese 1.000) and
/// holdout 0.921 (Chinese 0.954). A drop below a floor is a regression; raising them follows an
/// improvement, it does not ask for one.
const REAL_TUNING_MIN_MACRO_F1: f64 = 0.96;
const REAL_HOLDOUT_MIN_MACRO_F1: f64 = 0.90;
const REAL_TUNING_MIN_CHINESE_F1: f64 = 0.95;
const REAL_HOLDOUT_MIN_CHINESE_F1: f64 = 0.93;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/topics/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// Macro-F1 of the Chinese and of the English titles of a set, printed with the report: the
/// classifier was weakest on Chinese headlines (traditional script, Taiwan usage).
fn by_language(name: &str, items: &[EvalItem]) -> (f64, f64) {
    let (chinese, english): (Vec<EvalItem>, Vec<EvalItem>) = items
        .iter()
        .cloned()
        .partition(|item| is_chinese(&item.title));
    let classifier = Classifier::builtin();
    let zh = evaluate(&classifier, &chinese);
    let en = evaluate(&classifier, &english);
    println!(
        "{name} by language: Chinese {} items, macro-F1 {:.3}; English {} items, macro-F1 {:.3}",
        zh.total, zh.macro_f1, en.total, en.macro_f1
    );
    (zh.macro_f1, en.macro_f1)
}

/// Roughly balanced: no label under a fifth of the set.
fn assert_balanced(name: &str, items: &[EvalItem]) {
    for topic in Topic::ALL {
        let count = items.iter().filter(|item| item.label == topic).count();
        assert!(
            count * 5 >= items.len(),
            "{name}: only {count} items labeled {topic}"
        );
    }
}

/// Parses, evaluates, prints and checks one set; returns its macro-F1 overall and on its
/// Chinese titles.
fn run(name: &str, min_items: usize, min_macro_f1: f64) -> (f64, f64) {
    let items = parse_eval_tsv(&fixture(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
    assert!(
        items.len() >= min_items,
        "{name}: only {} items",
        items.len()
    );
    assert_balanced(name, &items);
    let report = evaluate(&Classifier::builtin(), &items);
    println!("=== {name} ===\n{report}");
    let (chinese_f1, _) = by_language(name, &items);
    // For tuning: every miss, not just the first few the report shows.
    if std::env::var_os("TOPICS_EVAL_ALL_MISSES").is_some() {
        for miss in &report.misses {
            println!(
                "ALL line {} {} -> {} {} | {:?}",
                miss.item.line, miss.item.label, miss.predicted, miss.item.title, miss.terms
            );
        }
    }
    assert!(
        report.macro_f1 >= min_macro_f1,
        "{name}: macro-F1 {:.3} is below {min_macro_f1}\n{report}",
        report.macro_f1
    );
    (report.macro_f1, chinese_f1)
}

fn is_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn eval_set_meets_the_bar() {
    let items = parse_eval_tsv(&fixture("eval.tsv")).unwrap();
    let chinese = items.iter().filter(|item| is_chinese(&item.title)).count();
    assert!(chinese >= 60, "only {chinese} Chinese items");
    run("eval.tsv", 320, EVAL_MIN_MACRO_F1);
}

#[test]
fn holdout_set_meets_the_bar() {
    run("holdout.tsv", 70, HOLDOUT_MIN_MACRO_F1);
}

#[test]
fn real_headline_sets_have_their_shape() {
    let mut titles = std::collections::HashSet::new();
    let mut total = 0;
    for name in ["real/tuning.tsv", "real/holdout.tsv"] {
        let items = parse_eval_tsv(&fixture(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
        total += items.len();
        // About a quarter Chinese (simplified or traditional) in each set.
        let chinese = items.iter().filter(|item| is_chinese(&item.title)).count();
        assert!(
            chinese * 5 >= items.len() && chinese * 3 <= items.len(),
            "{name}: {chinese} of {} items are Chinese",
            items.len()
        );
        assert_balanced(name, &items);
        for item in &items {
            // Every headline names the outlet page it was copied from.
            let url = &item.url;
            assert!(
                (url.starts_with("https://") || url.starts_with("http://"))
                    && !url.contains(char::is_whitespace),
                "{name} line {}: {url:?} is not an http(s) URL",
                item.line
            );
            // No headline twice, within a set or across the two.
            assert!(
                titles.insert(item.title.to_lowercase()),
                "{name} line {}: {:?} appears twice",
                item.line,
                item.title
            );
        }
    }
    assert!(total >= 400, "only {total} real headlines");
}

#[test]
fn real_tuning_set_holds_its_score() {
    let (_, chinese) = run("real/tuning.tsv", 240, REAL_TUNING_MIN_MACRO_F1);
    assert!(
        chinese >= REAL_TUNING_MIN_CHINESE_F1,
        "real/tuning.tsv: Chinese macro-F1 {chinese:.3} is below {REAL_TUNING_MIN_CHINESE_F1}"
    );
}

#[test]
fn real_holdout_set_holds_its_score() {
    let (_, chinese) = run("real/holdout.tsv", 160, REAL_HOLDOUT_MIN_MACRO_F1);
    assert!(
        chinese >= REAL_HOLDOUT_MIN_CHINESE_F1,
        "real/holdout.tsv: Chinese macro-F1 {chinese:.3} is below {REAL_HOLDOUT_MIN_CHINESE_F1}"
    );
}
