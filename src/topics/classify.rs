//! The classifier: one Aho-Corasick pass over title and body, scored per side, to a Topic
//! and the terms that decided it.
//!
//! Scoring: every accepted match adds its term's weight to its side, times
//! [`TITLE_WEIGHT`] in the title; the n-th match of the same term adds only 1/n of that,
//! so a body that repeats one name twenty times does not drown a headline. Pair terms
//! (中美, H20) add to the US, China and relation scores at once. Third-country terms
//! (Russia, Japan, EU) only tell [`judge`] that a relation term may concern someone else.
//! [`judge`] turns the scores into a [`Topic`] and the [`Reason`] for it.
//!
//! Before matching, traditional Chinese characters are folded to simplified ones (the terms
//! are written in simplified; byte offsets do not move). A name used as a modifier
//! ("Alibaba-backed", "ChatGPT-style", 中国版ChatGPT) adds only [`BACKGROUND_FACTOR`](super::background::BACKGROUND_FACTOR) of
//! its weight: it describes the subject, it is not the subject.
//!
//! When no side reaches its threshold, the learned model ([`super::model`]) may still name
//! one from the headline's words; [`Classification::decided_by`] tells which layer decided.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use super::fold::fold;
mod judge;
mod tally;

pub use judge::{Reason, decide, judge};

use super::model::{Lesson, Model};
use super::rules::Side;
use super::terms::{TermMatch, TermSet};
use crate::config::TopicsConfig;
pub use crate::model::DecidedBy;
use crate::model::{ArticleId, Topic};
use tally::{Hit, Tally};

/// A title match counts this many body matches: the headline says what the article is
/// about, the body also names rivals, customers and context.
pub const TITLE_WEIGHT: f32 = 3.0;

/// A side is in play from this score: one full-weight title mention (3.0), or two
/// distinct full-weight body mentions. A single passing body mention (1.0) or a lone
/// half-weight place in the title ("Washington", 1.5) is not enough.
pub const SIDE_MIN: f32 = 2.0;

/// With both sides in play, the article is head-to-head when the weaker side has at least
/// this share of the stronger one. "DeepSeek R2 matches OpenAI o3" is 3 against 3; a story
/// about OpenAI (two title terms, 6.0) that names DeepSeek and China once each in the
/// body (2.0) stays US.
pub const BALANCE_RATIO: f32 = 0.4;

/// Relation terms put both sides in play from this score (one full-weight title mention,
/// or several body mentions), provided the two sides together reach [`SIDE_MIN`]. A
/// single "AI race" in the body of a product story does not make it head-to-head, and
/// "sanctions" (weight 0.5) in a headline about Russia needs real US or China actors.
pub const RELATION_MIN: f32 = 2.0;

/// From this third-country score (one full-weight mention anywhere), a relation term next
/// to only one side is read as being about that third country: "US clears Nvidia chip
/// exports to the UAE" is a US story, "US tightens export controls on Russia" too. With
/// both sides present the relation still counts ("Netherlands follows US in limiting chip
/// tools to China"), and transshipment hubs (Singapore, Malaysia, Hong Kong) are not third
/// countries, because diverting chips to China is the usual story there.
pub const THIRD_COUNTRY_MIN: f32 = 1.0;

/// Only matches within the first this-many bytes of the body count: the lede says
/// what the story is about, and long tails of related links would cost time and add
/// noise.
pub const BODY_SCAN_LIMIT: usize = 16 * 1024;

/// Bytes past the scan limit that are still folded to simplified characters: longer than
/// any term, so a match that starts before the limit is folded whole.
const FOLD_MARGIN: usize = 256;

/// At most this many terms are reported per article.
pub const MAX_TERMS: usize = 8;

/// The result of classifying one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Classification {
    pub topic: Topic,
    /// Matched terms, strongest first, as written in the rules (deduplicated).
    pub terms: Vec<String>,
    pub us_score: f32,
    pub china_score: f32,
    /// Score of relation terms (export controls, chip ban, ...) that put both sides in play.
    pub relation_score: f32,
    /// Whether the rules or the model chose `topic`.
    pub decided_by: DecidedBy,
}

impl Classification {
    /// `rules` or `model`: which layer chose the topic.
    pub fn source(&self) -> &'static str {
        self.decided_by.as_str()
    }
}

/// The scores [`judge`] decides from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    pub us: f32,
    pub china: f32,
    pub relation: f32,
    /// Third countries (Russia, Japan, the EU...): never a side, only a context.
    pub third_country: f32,
    /// The parts of `us` and `china` that come from the title.
    pub us_in_title: f32,
    pub china_in_title: f32,
}

/// Where a term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Title,
    Body,
}

/// What one distinct term added to the scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// As written in the rules (or the user's config).
    pub term: String,
    pub side: Side,
    /// The term's own weight, before the title factor and repeats.
    pub weight: f32,
    pub title_matches: u32,
    pub body_matches: u32,
    /// Points added from the title (times [`TITLE_WEIGHT`]) and from the body.
    pub title_points: f32,
    pub body_points: f32,
}

impl Contribution {
    pub fn points(&self) -> f32 {
        self.title_points + self.body_points
    }

    /// Where it matched: the title, the body, or both.
    pub fn places(&self) -> Vec<Place> {
        let mut places = Vec::with_capacity(2);
        if self.title_matches > 0 {
            places.push(Place::Title);
        }
        if self.body_matches > 0 {
            places.push(Place::Body);
        }
        places
    }
}

/// The full "why" of one classification: scores, the rule that fired and every term's
/// contribution, strongest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassificationDetail {
    pub classification: Classification,
    pub scores: Scores,
    pub reason: Reason,
    pub contributions: Vec<Contribution>,
}

/// What `classify` and `explain` share: the decision and what it was made from.
struct Verdict {
    hits: Vec<Hit>,
    scores: Scores,
    topic: Topic,
    reason: Reason,
    decided_by: DecidedBy,
}

impl Verdict {
    fn classification(&self, terms: Vec<String>) -> Classification {
        Classification {
            topic: self.topic,
            terms,
            us_score: self.scores.us,
            china_score: self.scores.china,
            relation_score: self.scores.relation,
            decided_by: self.decided_by,
        }
    }
}

/// Compiled topic rules.
///
/// Clones share the learned layer: a lesson taught through one (the dashboard's) reaches
/// the others (the poller's) at their next headline.
#[derive(Debug, Clone)]
pub struct Classifier {
    terms: TermSet,
    /// `None` for the rules alone (training the model needs them so).
    model: Option<Arc<RwLock<Learned>>>,
}

/// The learned layer and the reader's lessons it was retrained with.
#[derive(Debug)]
struct Learned {
    /// The model as built: shipped, or a test's.
    built: Arc<Model>,
    lessons: BTreeMap<ArticleId, Lesson>,
    /// `built` retrained with `lessons`.
    current: Arc<Model>,
}

impl Learned {
    fn new(built: Arc<Model>) -> Arc<RwLock<Learned>> {
        Arc::new(RwLock::new(Learned {
            current: built.clone(),
            built,
            lessons: BTreeMap::new(),
        }))
    }

    fn retrain(&mut self) {
        let lessons: Vec<Lesson> = self.lessons.values().cloned().collect();
        self.current = Arc::new(self.built.taught(&lessons));
    }
}

impl Default for Classifier {
    fn default() -> Classifier {
        Classifier::builtin()
    }
}

impl Classifier {
    /// Builds the classifier from the built-in rules merged with the user's. The error
    /// names the offending term (empty, or a weight that is negative or not a number).
    pub fn new(rules: &TopicsConfig) -> Result<Classifier, String> {
        Ok(Classifier {
            terms: TermSet::new(rules)?,
            model: Some(Learned::new(Model::builtin())),
        })
    }

    /// The same rules without the learned model: what the model is trained against.
    pub fn rules_only(self) -> Classifier {
        Classifier {
            model: None,
            ..self
        }
    }

    /// The same rules with another model (a freshly trained one, or a test's).
    pub fn with_model(self, model: Arc<Model>) -> Classifier {
        Classifier {
            model: Some(Learned::new(model)),
            ..self
        }
    }

    /// The model consulted when the rules find no side, if any, with the reader's lessons.
    pub fn model(&self) -> Option<Arc<Model>> {
        let learned = self.model.as_ref()?;
        // A panic while retraining leaves the previous model in place: still usable.
        let learned = learned.read().unwrap_or_else(PoisonError::into_inner);
        Some(learned.current.clone())
    }

    /// Replaces the reader's lessons (the corrected headlines, by article) and retrains
    /// the learned layer with them. Without a model (`rules_only`) it does nothing.
    pub fn teach(&self, lessons: impl IntoIterator<Item = (ArticleId, Lesson)>) {
        if let Some(learned) = &self.model {
            let mut learned = learned.write().unwrap_or_else(PoisonError::into_inner);
            learned.lessons = lessons.into_iter().collect();
            learned.retrain();
        }
    }

    /// One correction changed: `Some` sets the article's lesson, `None` forgets it.
    pub fn learn(&self, id: ArticleId, lesson: Option<Lesson>) {
        if let Some(learned) = &self.model {
            let mut learned = learned.write().unwrap_or_else(PoisonError::into_inner);
            match lesson {
                Some(lesson) => learned.lessons.insert(id, lesson),
                None => learned.lessons.remove(&id),
            };
            learned.retrain();
        }
    }

    /// How many corrected headlines the learned layer was retrained with.
    pub fn lesson_count(&self) -> usize {
        self.model.as_ref().map_or(0, |learned| {
            learned
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .lessons
                .len()
        })
    }

    /// The built-in rules alone.
    pub fn builtin() -> Classifier {
        Classifier::new(&TopicsConfig::default())
            .expect("the built-in topic rules are valid (checked by the tests)")
    }

    /// Classifies an article from its title and a plain-text (tag-stripped) body.
    pub fn classify(&self, title: &str, body: &str) -> Classification {
        // What `explain` finds, without building the reasons: this runs for every article.
        let verdict = self.verdict(title, body);
        let terms = verdict
            .hits
            .iter()
            .map(|hit| self.terms.term(hit.term))
            // Third countries are context, not what the article is tagged with.
            .filter(|term| term.side != Side::ThirdCountry)
            .take(MAX_TERMS)
            .map(|term| term.text.clone())
            .collect();
        verdict.classification(terms)
    }

    /// Classifies like [`Classifier::classify`] and keeps the reasons: the scores, the
    /// rule that decided and what each term added where. Pure and cheap enough to call
    /// when an article is previewed.
    pub fn explain(&self, title: &str, body: &str) -> ClassificationDetail {
        let verdict = self.verdict(title, body);
        let contributions: Vec<Contribution> = verdict
            .hits
            .iter()
            .map(|hit| {
                let term = self.terms.term(hit.term);
                Contribution {
                    term: term.text.clone(),
                    side: term.side,
                    weight: term.weight,
                    title_matches: hit.title_count,
                    body_matches: hit.count - hit.title_count,
                    title_points: hit.title_score,
                    body_points: hit.body_score,
                }
            })
            .collect();
        let terms = contributions
            .iter()
            // Third countries are context, not what the article is tagged with.
            .filter(|c| c.side != Side::ThirdCountry)
            .take(MAX_TERMS)
            .map(|c| c.term.clone())
            .collect();
        ClassificationDetail {
            classification: verdict.classification(terms),
            scores: verdict.scores,
            reason: verdict.reason,
            contributions,
        }
    }

    /// The scores, the distinct terms that scored (strongest first) and the decision.
    fn verdict(&self, title: &str, body: &str) -> Verdict {
        let mut tally = Tally::default();
        tally.add(&self.terms, title, title.len(), Place::Title);
        tally.add(&self.terms, body, BODY_SCAN_LIMIT, Place::Body);
        let Tally { mut hits, scores } = tally;
        hits.retain(|hit| hit.score() > 0.0);
        // Stable sort: equal scores keep their order of first appearance.
        hits.sort_by(|a, b| b.score().total_cmp(&a.score()));
        let (mut topic, mut reason) = judge(&scores);
        let mut decided_by = DecidedBy::Rules;
        // The model only speaks where the rules are silent: when a side reaches its
        // threshold the rules are right far more often than a bag of words.
        if reason == Reason::NoSide
            && let Some(vote) = self.model().and_then(|model| model.decide(title))
        {
            topic = vote.topic;
            reason = Reason::Model(vote);
            decided_by = DecidedBy::Model;
        }
        Verdict {
            hits,
            scores,
            topic,
            reason,
            decided_by,
        }
    }

    /// Byte ranges of the terms in `text`, left to right, for highlighting. Same rules as
    /// [`Classifier::classify`], without the body length limit.
    pub fn find_terms(&self, text: &str) -> Vec<(usize, usize)> {
        self.highlights(text)
            .into_iter()
            .map(|(start, end, _)| (start, end))
            .collect()
    }

    /// Like [`Classifier::find_terms`], with the side each term pulls towards, so the UI
    /// can colour US and China terms differently. Third countries are left out: they
    /// pull nowhere.
    pub fn highlights(&self, text: &str) -> Vec<(usize, usize, Side)> {
        // Folding keeps byte offsets, so the ranges are valid in `text` itself.
        let folded = fold(text, text.len());
        self.terms
            .matches(&folded, text.len())
            .filter_map(|TermMatch { term, start, end }| {
                let side = self.terms.term(term).side;
                side.pulls().then_some((start, end, side))
            })
            .collect()
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Us => "us",
            Side::China => "china",
            Side::Relation => "relation",
            Side::Pair => "us+china",
            Side::ThirdCountry => "third country",
            Side::Neutral => "neutral",
        })
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Place::Title => "title",
            Place::Body => "body",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TermSpec;
    use crate::topics::background::BACKGROUND_FACTOR;

    fn topic(title: &str) -> Topic {
        Classifier::builtin().classify(title, "").topic
    }

    fn assert_topics(expected: Topic, titles: &[&str]) {
        let classifier = Classifier::builtin();
        for title in titles {
            let got = classifier.classify(title, "");
            assert_eq!(got.topic, expected, "{title:?} -> {got:?}");
        }
    }

    fn spec(term: &str, weight: Option<f32>) -> TermSpec {
        TermSpec {
            term: term.to_string(),
            case_sensitive: None,
            weight,
        }
    }

    #[test]
    fn us_headlines() {
        assert_topics(
            Topic::Us,
            &[
                "OpenAI ships agent mode to all Plus users",
                "Nvidia unveils Blackwell Ultra at GTC",
                "Anthropic raises $13 billion as Claude usage soars",
                "Microsoft and Meta boost AI spending again",
                "White House unveils AI Action Plan",
                "Apple Intelligence comes to more iPhones",
                "英伟达发布新一代Blackwell芯片",
                "OpenAI推出GPT-5",
                "微软与谷歌加码数据中心投资",
            ],
        );
    }

    #[test]
    fn china_headlines() {
        assert_topics(
            Topic::China,
            &[
                "DeepSeek releases V3.1 with a longer context window",
                "Alibaba's Qwen3 tops the open-model leaderboard",
                "Baidu unveils ERNIE 5 in Beijing",
                "Moonshot AI's Kimi K2 goes open source",
                "Hong Kong startup raises funds for AI accelerators",
                "华为发布昇腾920芯片",
                "阿里巴巴发布通义千问3.0",
                "深度求索开源新模型",
                "小米发布首款自研手机芯片",
            ],
        );
    }

    #[test]
    fn both_headlines() {
        assert_topics(
            Topic::Both,
            &[
                "DeepSeek R2 matches OpenAI o3 on math",
                "Commerce adds 12 Chinese firms to the Entity List",
                "U.S.-China AI race heats up",
                "Singapore probes transshipment of Nvidia chips",
                "Nvidia resumes H20 sales",
                "Trump and Xi discuss chip export controls",
                "Huawei Ascend takes on Nvidia in new data centers",
                "美国商务部将12家中国企业列入实体清单",
                "中美AI竞赛进入新阶段",
                "英伟达H20芯片恢复对华销售",
            ],
        );
    }

    #[test]
    fn other_headlines() {
        assert_topics(
            Topic::Other,
            &[
                "Samsung profits rise on memory demand",
                "Brussels finalises the EU AI Act code of practice",
                "TSMC expands 2nm capacity in Taiwan",
                "How to fine-tune a small language model on your laptop",
                "Mistral raises funds led by ASML",
                "三星电子第二季度利润大增",
                "台积电在台湾扩产2纳米",
                "欧盟人工智能法案正式生效",
            ],
        );
    }

    #[test]
    fn traps_do_not_count() {
        assert_topics(
            Topic::Other,
            &[
                "Breakthroughs in artificial intelligence research",
                "A new metadata standard for training sets",
                "Let us know what you think of AI tutors",
                "Russia and Australia sign an AI pact",
                "An apple a day keeps the doctor away",
                "Apple orchards in Washington face drought",
                "EU sanctions target Russian drone makers",
            ],
        );
        let scores = Classifier::builtin().classify("Russia, Australia and the status quo", "");
        assert_eq!(scores.us_score, 0.0);
        assert_eq!(topic("Apple unveils its M5 chip"), Topic::Us);
        // A Taiwanese firm producing in the US is a US story (the real headlines' rubric);
        // in Taiwan it is neither side's.
        assert_eq!(
            topic("TSMC's Arizona fab starts volume production"),
            Topic::Us
        );
        assert_eq!(
            topic("TSMC's Kumamoto fab starts volume production"),
            Topic::Other
        );
    }

    #[test]
    fn title_outweighs_body() {
        let classifier = Classifier::builtin();
        let in_title = classifier.classify("OpenAI ships a browser", "");
        let in_body = classifier.classify("A browser ships", "OpenAI ships a browser");
        assert_eq!(in_title.us_score, TITLE_WEIGHT * in_body.us_score);

        // The same two US names as the headline's two China names: the headline decides.
        let article = classifier.classify(
            "Baidu ships ERNIE 5",
            "It is pitched against models from OpenAI and Google.",
        );
        assert_eq!(article.topic, Topic::China, "{article:?}");
        let swapped = classifier.classify("", "Baidu ships ERNIE 5, against OpenAI and Google");
        assert_eq!(swapped.topic, Topic::Both, "{swapped:?}");
    }

    #[test]
    fn a_passing_body_mention_does_not_flip_the_topic() {
        let article = Classifier::builtin().classify(
            "Brussels enforces the EU AI Act",
            "American firms will have to comply like everyone else.",
        );
        assert_eq!(article.topic, Topic::Other, "{article:?}");

        let article = Classifier::builtin().classify(
            "OpenAI launches GPT-5",
            "The release follows a year of pressure from DeepSeek in China.",
        );
        assert_eq!(article.topic, Topic::Us, "{article:?}");
    }

    #[test]
    fn repeated_terms_have_diminishing_returns() {
        let article = Classifier::builtin().classify("", "Nvidia Nvidia Nvidia Nvidia");
        let expected = 1.0 + 1.0 / 2.0 + 1.0 / 3.0 + 1.0 / 4.0;
        assert!((article.us_score - expected).abs() < 1e-5, "{article:?}");
        assert_eq!(article.terms, ["Nvidia"]);
    }

    #[test]
    fn terms_are_canonical_strongest_first_and_capped() {
        let classifier = Classifier::builtin();
        let article = classifier.classify("nvidia earnings", "deepseek deepseek");
        assert_eq!(article.terms, ["Nvidia", "DeepSeek"]);

        let crowded = "OpenAI Anthropic Google Microsoft Nvidia AMD Intel Oracle \
                       Baidu Tencent Huawei";
        let article = classifier.classify(crowded, "");
        assert_eq!(article.terms.len(), MAX_TERMS);
        assert_eq!(article.terms[0], "OpenAI");
    }

    #[test]
    fn scores_are_reported_per_side() {
        let article = Classifier::builtin().classify("Nvidia faces export controls in China", "");
        assert_eq!(article.us_score, 3.0);
        assert_eq!(article.china_score, 3.0);
        assert_eq!(article.relation_score, 3.0);
        assert_eq!(article.topic, Topic::Both);
    }

    #[test]
    fn decide_thresholds() {
        assert_eq!(decide(0.0, 0.0, 0.0), Topic::Other);
        assert_eq!(decide(SIDE_MIN - 0.1, 0.0, 0.0), Topic::Other);
        assert_eq!(decide(SIDE_MIN, 0.0, 0.0), Topic::Us);
        assert_eq!(decide(0.0, SIDE_MIN, 0.0), Topic::China);
        assert_eq!(decide(6.0, 2.0, 0.0), Topic::Us);
        assert_eq!(decide(5.0, 2.0, 0.0), Topic::Both);
        assert_eq!(decide(3.0, 7.0, 0.0), Topic::Both);
        assert_eq!(decide(3.0, 8.0, 0.0), Topic::China);
        // A relation needs some actor; an actor needs a real relation.
        assert_eq!(decide(0.0, 0.0, 9.0), Topic::Other);
        assert_eq!(decide(0.0, 3.0, RELATION_MIN), Topic::Both);
        assert_eq!(decide(1.0, 1.0, RELATION_MIN), Topic::Both);
        assert_eq!(decide(1.0, 0.0, RELATION_MIN), Topic::Other);
        assert_eq!(decide(3.0, 0.0, RELATION_MIN - 0.1), Topic::Us);
    }

    #[test]
    fn user_terms_extend_the_defaults() {
        let config = TopicsConfig {
            us: vec![spec("Acme Robotics", None)],
            both: vec![spec("chip tariff", Some(2.0))],
            ..TopicsConfig::default()
        };
        let classifier = Classifier::new(&config).unwrap();
        let acme = classifier.classify("Acme Robotics unveils a humanoid", "");
        assert_eq!(
            (acme.topic, acme.terms),
            (Topic::Us, vec!["Acme Robotics".into()])
        );
        assert_eq!(
            classifier.classify("DeepSeek ships", "").topic,
            Topic::China
        );
        let tariff = classifier.classify("A new chip tariff hits Huawei", "");
        assert_eq!(tariff.relation_score, 6.0);
        assert_eq!(tariff.topic, Topic::Both);
    }

    #[test]
    fn user_terms_can_replace_the_defaults() {
        let config = TopicsConfig {
            replace_defaults: true,
            china: vec![spec("Acme", None)],
            ..TopicsConfig::default()
        };
        let classifier = Classifier::new(&config).unwrap();
        assert_eq!(
            classifier.classify("DeepSeek ships", "").topic,
            Topic::Other
        );
        assert_eq!(classifier.classify("Acme ships", "").topic, Topic::China);
    }

    #[test]
    fn user_terms_can_reweight_a_default() {
        let title = "Washington weighs new AI rules";
        assert_eq!(topic(title), Topic::Other);
        let config = TopicsConfig {
            us: vec![spec("washington", Some(1.0))],
            ..TopicsConfig::default()
        };
        let classifier = Classifier::new(&config).unwrap();
        assert_eq!(classifier.classify(title, "").topic, Topic::Us);
    }

    #[test]
    fn bad_user_terms_are_named_in_the_error() {
        let config = TopicsConfig {
            both: vec![spec("export controls", None), spec("", None)],
            ..TopicsConfig::default()
        };
        let err = Classifier::new(&config).unwrap_err();
        assert!(
            err.contains("both") && err.contains("empty term \"\""),
            "{err}"
        );
    }

    #[test]
    fn body_beyond_the_scan_limit_is_ignored() {
        let padding = "x ".repeat(BODY_SCAN_LIMIT / 2);
        let body = format!("{padding}Nvidia Nvidia OpenAI");
        let article = Classifier::builtin().classify("", &body);
        assert_eq!(article.us_score, 0.0);
        assert!(article.terms.is_empty());
    }

    #[test]
    fn find_terms_returns_byte_ranges() {
        let classifier = Classifier::default();
        let text = "U.S.-China talks: apple pie for Apple";
        let ranges = classifier.find_terms(text);
        let words: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["U.S.", "China", "Apple"]);
        assert_eq!(ranges[0], (0, 4));

        assert_eq!(
            classifier.find_terms("华为发布昇腾芯片"),
            [(0, 6), (12, 18)]
        );
        assert!(
            classifier
                .find_terms("metadata and artificial intelligence")
                .is_empty()
        );

        let sides: Vec<Side> = classifier
            .highlights("Nvidia, Huawei, Entity List, 中美")
            .into_iter()
            .map(|(_, _, side)| side)
            .collect();
        assert_eq!(sides, [Side::Us, Side::China, Side::Relation, Side::Pair]);
    }

    #[test]
    fn both_sides_in_the_title_make_it_head_to_head() {
        let classifier = Classifier::builtin();
        let article = classifier.explain(
            "Nvidia and AMD agree to pay the US 15% of China chip revenue",
            "",
        );
        assert_eq!(article.classification.topic, Topic::Both, "{article:?}");
        assert_eq!(article.reason, Reason::BothInTitle);
        // The same China mention in the body only is a passing one.
        let article = classifier.classify(
            "Nvidia and AMD agree to pay the US government 15% of revenue",
            "The deal covers chips sold in China.",
        );
        assert_eq!(article.topic, Topic::Us, "{article:?}");
    }

    #[test]
    fn relations_with_a_third_country_stay_with_the_one_side() {
        let classifier = Classifier::builtin();
        for (title, expected) in [
            ("US clears Nvidia chip exports to the UAE", Topic::Us),
            ("US tightens export controls on Russia", Topic::Us),
            (
                "China's export controls on rare earths hit Japan",
                Topic::China,
            ),
            // Both sides present: the third country does not matter.
            ("Dutch follow US export controls on China", Topic::Both),
            // Transshipment hubs are not third countries.
            (
                "Singapore probes transshipment of Nvidia chips",
                Topic::Both,
            ),
            // No third country: the relation with one side is read as US-China.
            (
                "Commerce Department tightens chip export controls",
                Topic::Both,
            ),
            // A relation still needs an actor of either side.
            ("Regulators tighten chip export controls", Topic::Other),
        ] {
            let got = classifier.explain(title, "");
            assert_eq!(got.classification.topic, expected, "{title:?} -> {got:?}");
        }
        let abroad = classifier.explain("US clears Nvidia chip exports to the UAE", "");
        assert_eq!(abroad.reason, Reason::OneSideRelationAbroad);
        assert_eq!(
            judge(&Scores {
                us: 3.0,
                relation: 3.0,
                third_country: THIRD_COUNTRY_MIN - 0.1,
                ..Scores::default()
            }),
            (Topic::Both, Reason::Relation)
        );
    }

    #[test]
    fn more_false_friends_do_not_count() {
        assert_topics(
            Topic::Other,
            &[
                "Latin American startups adopt open models",
                "India's Congress party accuses the government of deepfakes",
                "Mobile World Congress opens in Barcelona",
                "Brazil's Senate approves an AI bill",
                "Kimi Antonelli takes pole in Montreal",
                "Mistral releases its model under the MIT License",
            ],
        );
        // 国务院 alone is China's State Council; 美国国务院 is the State Department.
        assert_eq!(topic("美国国务院发布声明"), Topic::Us);
        assert_eq!(topic("国务院发布人工智能意见"), Topic::China);
        // 美 opens Chinese company names too.
        assert_eq!(topic("美团发布大模型"), Topic::China);
        assert_eq!(topic("美的集团发布机器人"), Topic::China);
    }

    #[test]
    fn explain_reports_terms_places_and_points() {
        let classifier = Classifier::builtin();
        let detail = classifier.explain(
            "DeepSeek releases a model",
            "DeepSeek says it rivals OpenAI. OpenAI declined to comment.",
        );
        assert_eq!(
            detail.classification,
            classifier.classify(
                "DeepSeek releases a model",
                "DeepSeek says it rivals OpenAI. OpenAI declined to comment.",
            )
        );
        let deepseek = &detail.contributions[0];
        assert_eq!(deepseek.term, "DeepSeek");
        assert_eq!(deepseek.side, Side::China);
        assert_eq!((deepseek.title_matches, deepseek.body_matches), (1, 1));
        assert_eq!(deepseek.places(), [Place::Title, Place::Body]);
        // Title 1.0 x 3, then the second match of the same term counts half.
        assert_eq!((deepseek.title_points, deepseek.body_points), (3.0, 0.5));
        let openai = &detail.contributions[1];
        assert_eq!((openai.term.as_str(), openai.side), ("OpenAI", Side::Us));
        assert_eq!(openai.places(), [Place::Body]);
        assert_eq!(openai.points(), 1.5);
        assert_eq!(detail.scores.china_in_title, 3.0);
        assert_eq!(detail.scores.us_in_title, 0.0);
        // China 3.5 against US 1.5: the US is not in play.
        assert_eq!(detail.classification.topic, Topic::China);
        assert_eq!(detail.reason, Reason::OneSide);

        let nothing = classifier.explain("A quiet day", "");
        assert_eq!(nothing.reason, Reason::NoSide);
        assert!(nothing.contributions.is_empty());
        assert!(!Reason::NoSide.describe().is_empty());
    }

    #[test]
    fn third_countries_explain_but_are_not_reported_as_terms() {
        let classifier = Classifier::builtin();
        let detail = classifier.explain("US sanctions Russian chip suppliers", "");
        assert!(
            detail
                .contributions
                .iter()
                .any(|c| c.term == "Russian" && c.side == Side::ThirdCountry)
        );
        assert!(!detail.classification.terms.contains(&"Russian".to_string()));
        assert!(classifier.find_terms("Japan and Russia").is_empty());
    }

    #[test]
    fn user_phrases_classify_with_their_case_rule() {
        let config = TopicsConfig {
            china: vec![TermSpec {
                term: "Red Note".to_string(),
                case_sensitive: Some(true),
                weight: None,
            }],
            both: vec![spec("chip security act", None)],
            ..TopicsConfig::default()
        };
        let classifier = Classifier::new(&config).unwrap();
        assert_eq!(
            classifier
                .classify("Red Note adds an AI search tab", "")
                .topic,
            Topic::China
        );
        assert_eq!(
            classifier
                .classify("Writing a red note to yourself", "")
                .topic,
            Topic::Other
        );
        let detail = classifier.explain(
            "Senators revive the Chip Security Act",
            "It targets Nvidia.",
        );
        assert!(
            detail
                .contributions
                .iter()
                .any(|c| c.term == "chip security act" && c.side == Side::Relation)
        );
    }

    #[test]
    fn traditional_script_names_match_their_simplified_terms() {
        assert_topics(
            Topic::Us,
            &["輝達第三季財報超預期", "微軟與亞馬遜加碼資料中心"],
        );
        assert_topics(Topic::China, &["中國發布生成式AI新規", "華為推出新款手機"]);
        assert_topics(
            Topic::Both,
            &["英偉達向中國交付特供晶片", "美國與中國重啟晶片談判"],
        );
        // The ranges found in the folded text are the original's.
        let text = "「輝達」與華為";
        let words: Vec<&str> = Classifier::builtin()
            .find_terms(text)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect();
        assert_eq!(words, ["輝達", "華為"]);
        let detail = Classifier::builtin().explain("黃仁勳訪問台北", "");
        assert_eq!(detail.classification.terms, ["黄仁勋"]);
    }

    #[test]
    fn taiwan_and_hong_kong_usages_count() {
        assert_topics(
            Topic::China,
            &["大陸AI新創再獲融資", "中共中央部署人工智能+"],
        );
        // 赴美 "to the US": a Taiwanese firm producing in the US is a US story.
        assert_topics(
            Topic::Us,
            &["台積電赴美設第三座廠", "美將放寬AI晶片出口至沙國"],
        );
        assert_topics(
            Topic::Other,
            &["台積電高雄廠今年投產", "沙國主權基金投資AI"],
        );
        // Prices in US dollars name no US actor.
        assert_eq!(topic("聯發科砸50億美元擴產"), Topic::Other);
    }

    #[test]
    fn us_policy_actors_reach_the_side_threshold() {
        assert_topics(
            Topic::Us,
            &[
                "Senators introduce bipartisan AI whistleblower bill",
                "New executive order targets state AI laws",
                "California governor signs companion chatbot law",
                "Ohio passes a deepfake disclosure law",
                "Grassley presses agencies on AI procurement",
                "加州通過前沿AI透明度法案",
                "紐約州議會通過AI法案",
            ],
        );
        // A senate abroad is not the US.
        assert_eq!(
            topic("Australian Senate inquiry into AI reports back"),
            Topic::Other
        );
    }

    #[test]
    fn allied_controls_app_bans_and_attacks_are_instruments() {
        assert_topics(
            Topic::Both,
            &[
                "Netherlands widens ASML export curbs",
                "Dutch limits on ASML shipments to China take effect",
                "Lawmakers propose ban on Chinese chatbot on federal devices",
                "State-sponsored hackers breached an OpenAI contractor",
                "China's market regulator summons Qualcomm",
                "中國海關禁止輝達晶片入境",
            ],
        );
    }

    #[test]
    fn an_ai_race_alone_is_not_head_to_head() {
        assert_topics(Topic::China, &["Meituan enters the AI race with LongCat"]);
        assert_topics(Topic::Us, &["Apple joins the AI race with a new model"]);
        assert_eq!(topic("The US and China AI race heats up"), Topic::Both);
    }

    #[test]
    fn chinese_products_people_and_programmes_are_known() {
        assert_topics(
            Topic::China,
            &[
                "Yu Chengdong shows off Pangu 5.5",
                "东数西算工程新增两个算力枢纽",
                "蘿蔔快跑進軍杜拜",
                "Volcano Engine cuts Doubao prices",
                "稚晖君的智元機器人發布新品",
            ],
        );
    }

    #[test]
    fn a_name_used_as_a_modifier_weighs_less() {
        assert_topics(
            Topic::China,
            &[
                "A ChatGPT-style assistant from Kuaishou tops the charts",
                "Alibaba-backed robot maker lists in Hong Kong",
            ],
        );
        assert_eq!(
            topic("An Nvidia-powered weather model for farmers"),
            Topic::Other
        );
        let detail = Classifier::builtin().explain("OpenAI rival Mistral raises funds", "");
        assert_eq!(
            detail.contributions[0].points(),
            TITLE_WEIGHT * BACKGROUND_FACTOR
        );
        assert_eq!(detail.classification.topic, Topic::Other);
    }

    #[test]
    fn us_actors_abroad_stay_us() {
        assert_topics(
            Topic::Us,
            &[
                "微軟在日本投資AI資料中心",
                "Nvidia builds an AI factory in Saudi Arabia",
                "Samsung to build a chip plant in Texas",
            ],
        );
    }
}
