//! The learned topic model: training is deterministic and reproduces the shipped file, and
//! a model-decided headline is explained with the model's words.

use std::sync::Arc;

use ainews_tui::cmd::topics::{explain, training_items};
use ainews_tui::model::Topic;
use ainews_tui::topics::classify::{Classifier, DecidedBy};
use ainews_tui::topics::model::{Counts, Model};
use ainews_tui::topics::train::train;

#[test]
fn training_reproduces_the_shipped_model_byte_for_byte() {
    let items = training_items(env!("CARGO_MANIFEST_DIR")).unwrap();
    let rules = Classifier::builtin().rules_only();
    let first = train(&rules, &items);
    assert_eq!(first, train(&rules, &items), "two trainings differ");
    assert!(
        first.file == Model::builtin_text(),
        "src/topics/data/model.tsv is stale: run `cargo run --example topics_train`"
    );
    assert!(first.features <= 4000, "{} features", first.features);
    assert_eq!(Model::builtin().len(), first.features);
}

/// A model small enough to read: "hearing" and "chatbot" are US words here (no rule knows
/// them), 芯片 is China's.
fn small_model(threshold: f32) -> Arc<Model> {
    let row = |name: &str, counts: [u32; 4]| (name.to_owned(), counts);
    let counts = Counts {
        docs: [10, 10, 10, 10],
        rows: vec![
            row("bill", [3, 0, 1, 1]),
            row("chatbot", [4, 0, 0, 0]),
            row("hearing", [6, 0, 1, 0]),
            row("weighs", [1, 1, 1, 1]),
            row("芯片", [0, 5, 2, 0]),
            row("weather", [0, 0, 0, 6]),
        ],
    };
    Arc::new(Model::from_counts(&counts, 1.0, threshold))
}

#[test]
fn a_model_decided_headline_is_explained_with_its_words() {
    let classifier = Classifier::builtin().with_model(small_model(0.6));
    let explanation = explain(&classifier, "Panel hearing weighs chatbot bill");
    assert_eq!(
        explanation.to_string(),
        "topic: us (US)\n\
         why:   no side reaches 2.0; model: us 0.70 (chatbot +1.0, hearing +0.7, bill +0.1)\n\
         by:    model\n\
         scores: us 0.00  china 0.00  relation 0.00  third country 0.00\n        \
         (a side counts from 2.0, a relation from 2.0; head-to-head when the weaker side has \
         40% of the stronger)\n\
         terms: none matched\n"
    );
    let got = classifier.classify("Panel hearing weighs chatbot bill", "");
    assert_eq!(got.topic, Topic::Us);
    assert_eq!(got.decided_by, DecidedBy::Model);
    assert_eq!(got.source(), "model");
}

#[test]
fn the_model_does_not_overrule_a_side_the_rules_found() {
    let classifier = Classifier::builtin().with_model(small_model(0.0));
    let got = classifier.classify("OpenAI hearing chatbot 芯片 weather", "");
    assert_eq!((got.topic, got.decided_by), (Topic::Us, DecidedBy::Rules));
    assert_eq!(got.source(), "rules");
    // Below its threshold, the model only advises.
    let unsure = Classifier::builtin().with_model(small_model(0.99));
    let explanation = explain(&unsure, "Panel hearing weighs chatbot bill");
    assert_eq!(explanation.detail.classification.topic, Topic::Other);
    assert_eq!(
        explanation.advice.as_deref(),
        Some(
            "us 0.70 (chatbot +1.0, hearing +0.7, bill +0.1), under its threshold 0.99: \
             the rules' topic stands"
        )
    );
}

#[test]
fn the_shipped_model_advises_where_the_rules_find_nothing() {
    let text = explain(&Classifier::builtin(), "XI urges sound progress").to_string();
    assert!(
        text.starts_with(
            "topic: other (Other)\n\
             why:   no side reaches 2.0 and no US-China relation applies\n\
             by:    rules\n\
             model: china 0.68 (sound +1.2, xi +0.1), under its threshold 1.01: the rules' \
             topic stands\n"
        ),
        "{text}"
    );
    let none = explain(&Classifier::builtin(), "Zzyzx qwv").to_string();
    assert!(
        none.contains("\nmodel: no word of the title is known to it\n"),
        "{none}"
    );
}
