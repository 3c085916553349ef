//! Training the topic model: counts from labeled headlines, smoothing and threshold chosen
//! by cross-validation, written as the text of `data/model.tsv`. Deterministic: the same
//! items give the same file, byte for byte.
//!
//! The model only ever decides where the rules found no side, so cross-validation scores
//! it there: on the held-out fold's headlines the rules leave undecided, a flip to the
//! right side gains one, a flip of an `other` headline (or to the wrong side) loses one.
//! The settings with the best net gain win; ties go to the higher threshold, the safer one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::classify::{Classifier, Reason};
use super::features::for_each_feature;
use super::model::{Counts, Model};
use crate::model::Topic;

/// A feature must occur in this many training headlines: rarer ones are names seen once,
/// which only memorise the training set.
pub const MIN_DOCS: u32 = 2;
/// The model keeps at most this many features, the most frequent.
pub const MAX_FEATURES: usize = 4000;
/// Folds of the cross-validation.
pub const FOLDS: usize = 5;
/// Smoothing strengths tried.
pub const ALPHAS: [f32; 4] = [0.1, 0.25, 0.5, 1.0];
/// Thresholds tried, in hundredths (0.50 to 0.99).
pub const THRESHOLDS: [u32; 11] = [50, 60, 70, 75, 80, 85, 90, 93, 95, 97, 99];
/// Written when no threshold gains anything: a posterior never reaches it, so the model
/// never decides.
pub const NEVER: u32 = 101;

/// One labeled headline.
#[derive(Debug, Clone, PartialEq)]
pub struct Labeled {
    pub label: Topic,
    pub title: String,
    /// The rules read it (to know which items they leave undecided); the model does not.
    pub body: String,
}

/// The outcome of cross-validation for one setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trial {
    pub alpha: f32,
    /// In hundredths.
    pub threshold: u32,
    /// Undecided headlines flipped to their label.
    pub gained: u32,
    /// Undecided headlines flipped away from `other`, or to the wrong side.
    pub lost: u32,
}

impl Trial {
    fn net(&self) -> i64 {
        i64::from(self.gained) - i64::from(self.lost)
    }
}

/// A trained model: the file text and how it was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    pub file: String,
    pub chosen: Trial,
    pub trials: Vec<Trial>,
    /// Training headlines the rules leave undecided, per label in [`Topic::ALL`] order.
    pub undecided: [u32; 4],
    pub features: usize,
}

/// Trains on `items` with `rules` (the classifier without a model) deciding which
/// headlines the model would see.
pub fn train(rules: &Classifier, items: &[Labeled]) -> Trained {
    let undecided_items: Vec<bool> = items
        .iter()
        .map(|item| rules.explain(&item.title, &item.body).reason == Reason::NoSide)
        .collect();
    let mut undecided = [0u32; 4];
    for (item, open) in items.iter().zip(&undecided_items) {
        if *open {
            undecided[topic_index(item.label)] += 1;
        }
    }
    // votes[alpha][item] for the undecided items, each scored by the model of the folds
    // it was not in.
    let mut votes: Vec<Vec<(Topic, Topic, f32)>> = vec![Vec::new(); ALPHAS.len()];
    for fold in 0..FOLDS {
        let training: Vec<&Labeled> = items
            .iter()
            .enumerate()
            .filter(|(at, _)| at % FOLDS != fold)
            .map(|(_, item)| item)
            .collect();
        let counts = count(&training);
        for (a, alpha) in ALPHAS.iter().enumerate() {
            let model = Model::from_counts(&counts, *alpha, 0.0);
            for (at, item) in items.iter().enumerate() {
                if at % FOLDS != fold || !undecided_items[at] {
                    continue;
                }
                if let Some(vote) = model.vote(&item.title) {
                    votes[a].push((item.label, vote.topic, vote.probability));
                }
            }
        }
    }
    let mut trials = Vec::new();
    for (a, alpha) in ALPHAS.iter().enumerate() {
        for threshold in THRESHOLDS {
            let mut trial = Trial {
                alpha: *alpha,
                threshold,
                gained: 0,
                lost: 0,
            };
            for (label, topic, probability) in &votes[a] {
                if *topic == Topic::Other || *probability < threshold as f32 / 100.0 {
                    continue;
                }
                if label == topic {
                    trial.gained += 1;
                } else {
                    trial.lost += 1;
                }
            }
            trials.push(trial);
        }
    }
    let best = trials
        .iter()
        .copied()
        .max_by(|a, b| {
            a.net()
                .cmp(&b.net())
                .then(a.threshold.cmp(&b.threshold))
                // Equal otherwise: the smoother model, less sure of rare features.
                .then(a.alpha.total_cmp(&b.alpha))
        })
        .filter(|trial| trial.net() > 0);
    let chosen = best.unwrap_or(Trial {
        alpha: 1.0,
        threshold: NEVER,
        gained: 0,
        lost: 0,
    });
    let all: Vec<&Labeled> = items.iter().collect();
    let counts = count(&all);
    let file = render(&counts, &chosen, items.len(), &undecided);
    Trained {
        file,
        chosen,
        trials,
        undecided,
        features: counts.rows.len(),
    }
}

/// Document counts per feature, pruned to [`MIN_DOCS`] and [`MAX_FEATURES`], sorted by
/// feature.
pub fn count(items: &[&Labeled]) -> Counts {
    let mut docs = [0u32; 4];
    let mut table: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        let t = topic_index(item.label);
        docs[t] += 1;
        seen.clear();
        for_each_feature(&item.title, |feature| seen.push(feature.to_owned()));
        seen.sort_unstable();
        seen.dedup();
        for feature in &seen {
            table.entry(feature.clone()).or_default()[t] += 1;
        }
    }
    let mut rows: Vec<(String, [u32; 4])> = table
        .into_iter()
        .filter(|(_, row)| row.iter().sum::<u32>() >= MIN_DOCS)
        .collect();
    if rows.len() > MAX_FEATURES {
        // Most frequent first, then by name: a total order, so the cut is deterministic.
        rows.sort_by(|a, b| {
            let (fa, fb) = (a.1.iter().sum::<u32>(), b.1.iter().sum::<u32>());
            fb.cmp(&fa).then_with(|| a.0.cmp(&b.0))
        });
        rows.truncate(MAX_FEATURES);
        rows.sort_by(|a, b| a.0.cmp(&b.0));
    }
    Counts { docs, rows }
}

fn render(counts: &Counts, chosen: &Trial, total: usize, undecided: &[u32; 4]) -> String {
    let mut out = String::new();
    let undecided_total: u32 = undecided.iter().sum();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "# Topic model: multinomial naive Bayes over headline features (Latin words, Chinese\n\
         # character bigrams, traditional folded to simplified: src/topics/features.rs).\n\
         # The classifier consults it only when the rules leave a headline undecided.\n\
         # Generated, do not edit. Rebuild with: cargo run --example topics_train\n\
         # Trained on the titles of tests/fixtures/topics/eval.tsv and real/tuning.tsv ({total}\n\
         # headlines); the holdout sets are never read. Features in at least {MIN_DOCS} headlines.\n\
         # alpha (add-alpha smoothing) and threshold (the posterior from which the model decides)\n\
         # were chosen by {FOLDS}-fold cross-validation on the {undecided_total} training headlines \
         the rules leave\n\
         # undecided: {} flipped to their label, {} flipped wrongly.{}\n\
         # @alpha, @threshold, @docs (training headlines per label), then per feature\n\
         # in how many headlines labeled us, china, both, other it occurs.\n",
        chosen.gained,
        chosen.lost,
        if chosen.threshold == NEVER {
            " No setting gained anything:\n# the threshold is above 1, so the model explains \
             (`topics explain`) but never decides."
        } else {
            ""
        }
    );
    let _ = writeln!(out, "@alpha\t{:.2}", chosen.alpha);
    let _ = writeln!(out, "@threshold\t{:.2}", chosen.threshold as f32 / 100.0);
    write_row(&mut out, "@docs", &counts.docs);
    for (feature, row) in &counts.rows {
        write_row(&mut out, feature, row);
    }
    out
}

fn write_row(out: &mut String, name: &str, row: &[u32; 4]) {
    let _ = writeln!(
        out,
        "{name}\t{}\t{}\t{}\t{}",
        row[0], row[1], row[2], row[3]
    );
}

fn topic_index(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|t| *t == topic)
        .expect("Topic::ALL lists every topic")
}
