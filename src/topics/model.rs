//! The learned layer: a multinomial naive Bayes model over headline features, shipped as
//! counts in `data/model.tsv` and consulted only when the rules leave a headline undecided.
//!
//! The rules are precise when a side reaches its threshold; what they miss are headlines
//! with no known term at all ("Senators unveil bipartisan bill", 美將開綠燈…). The model
//! reads the title alone (the labeled sets are headlines) and may then name a side, when
//! its posterior reaches the threshold that cross-validation on the training sets chose.
//! `cargo run --example topics_train` rebuilds the file (see [`super::train`]).
//!
//! The reader's corrections retrain it on top of the shipped counts ([`Model::taught`]):
//! each corrected headline counts as [`LESSON_WEIGHT`] training headlines, and a vote whose
//! strongest word was taught by a correction may decide from [`TAUGHT_THRESHOLD`], even
//! when the shipped threshold never lets the shipped counts decide alone.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::features::for_each_feature;
pub use crate::model::Lesson;
use crate::model::Topic;

/// The shipped model: counts per feature and topic, written by `topics_train`.
const BUILTIN: &str = include_str!("data/model.tsv");

/// At most this many features are named in an explanation.
pub const MAX_WORDS: usize = 3;

/// A corrected headline counts as this many training headlines: the reader's label is
/// about their own feeds, worth more than one headline of the shipped sets, while a single
/// correction still cannot outweigh a feature the shipped sets saw many times.
pub const LESSON_WEIGHT: u32 = 4;

/// A vote led by a word the reader taught decides from this posterior on.
pub const TAUGHT_THRESHOLD: f32 = 0.9;

/// A line of a model file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("model file line {line}: {what}; rebuild it with `cargo run --example topics_train`")]
    Bad { line: usize, what: String },
    #[error("model file: no `{0}` line; rebuild it with `cargo run --example topics_train`")]
    Missing(&'static str),
}

/// What the model says about one headline.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelVote {
    pub topic: Topic,
    /// Posterior probability of `topic`, 0 to 1.
    pub probability: f32,
    /// The features that pulled most towards `topic` against the runner-up, strongest
    /// first (at most [`MAX_WORDS`], positive margins only).
    pub words: Vec<VoteWord>,
}

/// One feature of a vote.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteWord {
    pub word: String,
    /// Its log-likelihood margin for the vote's topic against the runner-up.
    pub margin: f32,
    /// A correction of the reader's taught this feature for the vote's topic.
    pub taught: bool,
}

impl ModelVote {
    /// Whether the strongest word was taught by the reader's corrections.
    pub fn led_by_lesson(&self) -> bool {
        self.words.first().is_some_and(|word| word.taught)
    }
}

impl ModelVote {
    /// "china 0.81 (华为 +1.2, ascend +0.9)"; a word taught by a correction is marked
    /// "(yours)".
    pub fn describe(&self) -> String {
        let words: Vec<String> = self
            .words
            .iter()
            .map(|w| {
                let mark = if w.taught { " (yours)" } else { "" };
                format!("{} {:+.1}{mark}", w.word, w.margin)
            })
            .collect();
        format!(
            "{} {:.2} ({})",
            self.topic.as_str(),
            self.probability,
            words.join(", ")
        )
    }
}

/// Smoothed log-probabilities per feature and topic, in [`Topic::ALL`] order.
#[derive(Debug, Clone)]
pub struct Model {
    index: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    log_likelihood: Vec<[f32; 4]>,
    log_prior: [f32; 4],
    /// Per feature, a bit per topic (in [`Topic::ALL`] order) a lesson taught it.
    taught: Vec<u8>,
    /// Whether any feature was taught: asked for every headline the rules leave open.
    has_lessons: bool,
    /// The model decides only from this posterior on.
    pub threshold: f32,
    /// The counts and smoothing it was built from, to retrain with lessons.
    base: Arc<Counts>,
    alpha: f32,
}

/// The counts a model file holds, before smoothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// Training headlines per topic.
    pub docs: [u32; 4],
    /// Per feature: in how many headlines of each topic it occurs.
    pub rows: Vec<(String, [u32; 4])>,
}

impl Model {
    /// The shipped model, parsed once.
    pub fn builtin() -> Arc<Model> {
        static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Arc::new(
                    Model::parse(BUILTIN)
                        .expect("the shipped model file is valid (checked by the tests)"),
                )
            })
            .clone()
    }

    /// The text of the shipped model file.
    pub fn builtin_text() -> &'static str {
        BUILTIN
    }

    /// Whether the model can decide at all: a threshold above 1 means cross-validation
    /// found no setting where it beats the rules, and it only explains.
    pub fn decides(&self) -> bool {
        self.threshold <= 1.0
    }

    /// Reads a model file: `@alpha`, `@threshold` and `@docs` lines, then one
    /// `feature<TAB>us<TAB>china<TAB>both<TAB>other` count row per feature.
    pub fn parse(text: &str) -> Result<Model, ModelError> {
        let mut alpha = None;
        let mut threshold = None;
        let mut docs = None;
        let mut rows = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let bad = |what: &str| ModelError::Bad {
                line,
                what: what.to_owned(),
            };
            let columns: Vec<&str> = raw.split('\t').collect();
            match columns[0] {
                "@alpha" | "@threshold" => {
                    let value: f32 = columns
                        .get(1)
                        .and_then(|v| v.parse().ok())
                        .filter(|v: &f32| v.is_finite() && *v >= 0.0)
                        .ok_or_else(|| bad("expected a non-negative number"))?;
                    if columns[0] == "@alpha" {
                        alpha = Some(value);
                    } else {
                        threshold = Some(value);
                    }
                }
                name => {
                    let counts = parse_counts(&columns[1..])
                        .ok_or_else(|| bad("expected four whole-number counts"))?;
                    if name == "@docs" {
                        docs = Some(counts);
                    } else {
                        rows.push((name.to_owned(), counts));
                    }
                }
            }
        }
        let alpha = alpha.ok_or(ModelError::Missing("@alpha"))?;
        let threshold = threshold.ok_or(ModelError::Missing("@threshold"))?;
        let docs = docs.ok_or(ModelError::Missing("@docs"))?;
        if alpha <= 0.0 {
            return Err(ModelError::Missing("@alpha (above 0)"));
        }
        Ok(Model::from_counts(&Counts { docs, rows }, alpha, threshold))
    }

    /// Smooths the counts (add-`alpha`) into log-probabilities.
    pub fn from_counts(counts: &Counts, alpha: f32, threshold: f32) -> Model {
        Model::smoothed(Arc::new(counts.clone()), Vec::new(), alpha, threshold)
    }

    /// This model's own counts plus `lessons`, each counted [`LESSON_WEIGHT`] times, and
    /// the features each lesson taught marked, so its votes can decide (see
    /// [`Model::decide`]). No lessons give the model back as it was built.
    pub fn taught(&self, lessons: &[Lesson]) -> Model {
        let mut counts = (*self.base).clone();
        let mut taught = vec![0u8; counts.rows.len()];
        let mut at: HashMap<String, usize> = counts
            .rows
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.clone(), i))
            .collect();
        let mut seen = Vec::new();
        for lesson in lessons {
            let t = topic_index(lesson.topic);
            counts.docs[t] += LESSON_WEIGHT;
            seen.clear();
            for_each_feature(&lesson.title, |feature| seen.push(feature.to_owned()));
            seen.sort_unstable();
            seen.dedup();
            for feature in seen.drain(..) {
                let row = *at.entry(feature.clone()).or_insert_with(|| {
                    counts.rows.push((feature, [0; 4]));
                    taught.push(0);
                    counts.rows.len() - 1
                });
                counts.rows[row].1[t] += LESSON_WEIGHT;
                taught[row] |= 1 << t;
            }
        }
        let mut model = Model::smoothed(Arc::new(counts), taught, self.alpha, self.threshold);
        // Retraining starts again from the shipped counts, never from earlier lessons.
        model.base = self.base.clone();
        model
    }

    fn smoothed(counts: Arc<Counts>, mut taught: Vec<u8>, alpha: f32, threshold: f32) -> Model {
        taught.resize(counts.rows.len(), 0);
        let smoothing = alpha;
        let alpha = f64::from(alpha);
        let vocabulary = counts.rows.len() as f64;
        let mut totals = [0f64; 4];
        for (_, row) in &counts.rows {
            for (total, count) in totals.iter_mut().zip(row) {
                *total += f64::from(*count);
            }
        }
        let all_docs: f64 = counts.docs.iter().map(|d| f64::from(*d)).sum();
        let log_prior = std::array::from_fn(|t| {
            ((f64::from(counts.docs[t]) + 1.0) / (all_docs + 4.0)).ln() as f32
        });
        let mut index = HashMap::with_capacity(counts.rows.len());
        let mut names = Vec::with_capacity(counts.rows.len());
        let mut log_likelihood = Vec::with_capacity(counts.rows.len());
        for (at, (name, row)) in counts.rows.iter().enumerate() {
            index.insert(name.as_str().into(), at as u32);
            names.push(name.as_str().into());
            log_likelihood.push(std::array::from_fn(|t| {
                ((f64::from(row[t]) + alpha) / (totals[t] + alpha * vocabulary)).ln() as f32
            }));
        }
        Model {
            index,
            names,
            log_likelihood,
            log_prior,
            has_lessons: taught.iter().any(|bits| *bits != 0),
            taught,
            threshold,
            base: counts,
            alpha: smoothing,
        }
    }

    /// Features of the model in `title`, each once (presence, not repeats: a headline
    /// that says 芯片 twice is not twice as much about chips).
    fn known_features(&self, title: &str) -> Vec<u32> {
        let mut found = Vec::new();
        for_each_feature(title, |feature| {
            if let Some(at) = self.index.get(feature) {
                found.push(*at);
            }
        });
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The most probable topic for `title`, whatever its probability; `None` when no
    /// feature of the title is known to the model.
    pub fn vote(&self, title: &str) -> Option<ModelVote> {
        let found = self.known_features(title);
        if found.is_empty() {
            return None;
        }
        let mut joint = self.log_prior.map(f64::from);
        for at in &found {
            for (sum, value) in joint.iter_mut().zip(&self.log_likelihood[*at as usize]) {
                *sum += f64::from(*value);
            }
        }
        let mut order = [0usize, 1, 2, 3];
        // Ties go to the earlier topic in Topic::ALL order: deterministic.
        order.sort_by(|a, b| joint[*b].total_cmp(&joint[*a]));
        let (best, runner_up) = (order[0], order[1]);
        let normaliser: f64 = joint.iter().map(|j| (j - joint[best]).exp()).sum();
        let probability = (1.0 / normaliser) as f32;
        let mut words: Vec<VoteWord> = found
            .iter()
            .map(|at| {
                let at = *at as usize;
                let row = &self.log_likelihood[at];
                VoteWord {
                    word: self.names[at].to_string(),
                    margin: row[best] - row[runner_up],
                    taught: self.taught[at] & (1 << best) != 0,
                }
            })
            .filter(|word| word.margin > 0.0)
            .collect();
        words.sort_by(|a, b| {
            b.margin
                .total_cmp(&a.margin)
                .then_with(|| a.word.cmp(&b.word))
        });
        words.truncate(MAX_WORDS);
        Some(ModelVote {
            topic: Topic::ALL[best],
            probability,
            words,
        })
    }

    /// The vote, when it names a side (not `other`: that is already the rules' answer)
    /// with at least [`Model::threshold`] probability, or at least [`TAUGHT_THRESHOLD`]
    /// when its strongest word was taught by a lesson.
    pub fn decide(&self, title: &str) -> Option<ModelVote> {
        if !self.decides() && !self.has_lessons() {
            // Skips the tokenizing: the classifier's hot path pays nothing.
            return None;
        }
        self.vote(title).filter(|vote| {
            vote.topic != Topic::Other
                && (vote.probability >= self.threshold
                    || (vote.led_by_lesson() && vote.probability >= TAUGHT_THRESHOLD))
        })
    }

    /// Whether lessons were added to the shipped counts.
    pub fn has_lessons(&self) -> bool {
        self.has_lessons
    }

    /// How many features the model knows.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn topic_index(topic: Topic) -> usize {
    Topic::ALL
        .iter()
        .position(|t| *t == topic)
        .expect("Topic::ALL lists every topic")
}

fn parse_counts(columns: &[&str]) -> Option<[u32; 4]> {
    if columns.len() != 4 {
        return None;
    }
    let mut counts = [0u32; 4];
    for (count, text) in counts.iter_mut().zip(columns) {
        *count = text.parse().ok()?;
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses() {
        assert!(!Model::builtin().is_empty());
    }

    #[test]
    fn bad_lines_are_named() {
        let header = "@alpha\t1.00\n@threshold\t0.90\n@docs\t1\t1\t1\t1\n";
        let err = Model::parse(&format!("{header}chip\t1\t2\tx\t0\n")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "model file line 4: expected four whole-number counts; rebuild it with \
             `cargo run --example topics_train`"
        );
        let err = Model::parse("@alpha\tmany\n").unwrap_err();
        assert_eq!(
            err,
            ModelError::Bad {
                line: 1,
                what: "expected a non-negative number".to_owned()
            }
        );
        let err = Model::parse("# only a comment\n@alpha\t1\n@docs\t1\t1\t1\t1\n").unwrap_err();
        assert_eq!(err, ModelError::Missing("@threshold"));
    }

    #[test]
    fn a_vote_names_its_strongest_words() {
        let model = Model::parse(
            "@alpha\t1\n@threshold\t0.5\n@docs\t5\t5\t5\t5\n华为\t0\t4\t1\t0\nascend\t0\t3\t0\t0\nmodel\t6\t6\t6\t6\n",
        )
        .unwrap();
        let vote = model
            .decide("華為 Ascend")
            .expect("a vote over the threshold");
        assert_eq!(vote.describe(), "china 0.64 (ascend +0.9, 华为 +0.4)");
        assert_eq!(model.vote("nothing known"), None);
    }

    #[test]
    fn a_lesson_decides_similar_headlines_and_forgetting_it_undoes_that() {
        let shipped = Model::builtin();
        let title = "Lawmakers want answers on chatbot safety";
        assert_eq!(
            shipped.decide(title),
            None,
            "the shipped counts never decide"
        );
        let lesson = Lesson {
            title: "Lawmakers grill agency chief over chatbot safety".to_owned(),
            topic: Topic::Us,
        };
        let taught = shipped.taught(std::slice::from_ref(&lesson));
        assert!(taught.has_lessons());
        let vote = taught.decide(title).expect("a taught vote");
        assert_eq!(vote.topic, Topic::Us);
        assert!(vote.led_by_lesson(), "{}", vote.describe());
        // Words the lesson did not hold decide nothing.
        assert_eq!(taught.decide("A quiet day at the beach"), None);
        // Retraining starts from the shipped counts: no lesson, no decision.
        let forgotten = taught.taught(&[]);
        assert!(!forgotten.has_lessons());
        assert_eq!(forgotten.decide(title), None);
        assert_eq!(forgotten.len(), shipped.len());
    }
}
