//! The decision: the side scores to a topic and the rule that chose it, for
//! [`super::Classifier`] and for `topics explain`.

use super::{BALANCE_RATIO, RELATION_MIN, SIDE_MIN, Scores, THIRD_COUNTRY_MIN};
use crate::model::Topic;
use crate::topics::model::ModelVote;

/// Why the topic was chosen: the rule of [`judge`] that fired, or the model's vote, for
/// `topics explain` and the preview pane.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// Both sides reach [`SIDE_MIN`] and the weaker has at least [`BALANCE_RATIO`] of the
    /// stronger.
    Balanced,
    /// The headline alone names both sides at full strength: each reaches [`SIDE_MIN`]
    /// from the title, however many more actors one side has in the body.
    BothInTitle,
    /// Relation terms reach [`RELATION_MIN`] and the two sides together [`SIDE_MIN`].
    Relation,
    /// One side reaches [`SIDE_MIN`] and the other is absent or too weak.
    OneSide,
    /// One side leads; relation terms were present but a third country was named and the
    /// other side was not, so the relation is about that country.
    OneSideRelationAbroad,
    /// No side reaches [`SIDE_MIN`] and no relation applies.
    NoSide,
    /// No side reaches [`SIDE_MIN`], and the model names one with at least its threshold
    /// probability.
    Model(ModelVote),
}

impl Reason {
    /// One line a user can read, with the thresholds that applied.
    pub fn describe(&self) -> String {
        match self {
            Reason::Balanced => format!(
                "both sides reach {SIDE_MIN:.1} and the weaker has at least {:.0}% of the stronger",
                BALANCE_RATIO * 100.0
            ),
            Reason::BothInTitle => {
                format!("the title alone gives both sides at least {SIDE_MIN:.1}")
            }
            Reason::Relation => format!(
                "relation terms reach {RELATION_MIN:.1} and the US and China scores together \
                 reach {SIDE_MIN:.1}"
            ),
            Reason::OneSide => {
                format!("one side reaches {SIDE_MIN:.1}; the other is absent or too weak")
            }
            Reason::OneSideRelationAbroad => format!(
                "one side reaches {SIDE_MIN:.1}; the relation terms concern a third country, \
                 not the other side"
            ),
            Reason::NoSide => {
                format!("no side reaches {SIDE_MIN:.1} and no US-China relation applies")
            }
            Reason::Model(vote) => {
                format!("no side reaches {SIDE_MIN:.1}; model: {}", vote.describe())
            }
        }
    }
}

/// The topic for the three side scores, with no third country named; see [`judge`].
pub fn decide(us: f32, china: f32, relation: f32) -> Topic {
    let scores = Scores {
        us,
        china,
        relation,
        ..Scores::default()
    };
    judge(&scores).0
}

/// The topic for the scores and the rule that chose it; see the threshold constants for
/// the reasoning.
pub fn judge(scores: &Scores) -> (Topic, Reason) {
    let Scores {
        us,
        china,
        relation,
        third_country,
        us_in_title,
        china_in_title,
    } = *scores;
    let (strong, weak) = if us >= china {
        (us, china)
    } else {
        (china, us)
    };
    let balanced = weak >= SIDE_MIN && weak >= BALANCE_RATIO * strong;
    // A headline naming both sides is about both, even when the body piles up one side's
    // companies: "Nvidia and AMD agree to pay the US 15% of China chip revenue" has three
    // US actors and one China, all in the title.
    let both_in_title = us_in_title >= SIDE_MIN && china_in_title >= SIDE_MIN;
    let relation_in_play = relation >= RELATION_MIN && us + china >= SIDE_MIN;
    let abroad = third_country >= THIRD_COUNTRY_MIN && (us == 0.0 || china == 0.0);
    if balanced {
        (Topic::Both, Reason::Balanced)
    } else if both_in_title {
        (Topic::Both, Reason::BothInTitle)
    } else if relation_in_play && !abroad {
        (Topic::Both, Reason::Relation)
    } else if strong < SIDE_MIN {
        (Topic::Other, Reason::NoSide)
    } else {
        let topic = if us >= china { Topic::Us } else { Topic::China };
        let reason = if relation_in_play {
            Reason::OneSideRelationAbroad
        } else {
            Reason::OneSide
        };
        (topic, reason)
    }
}
