//! Scoring a text: each term match adds its weight to its side, with diminishing returns
//! for repeats and a quarter for a name used only as a modifier.

use super::{FOLD_MARGIN, Place, Scores, TITLE_WEIGHT};
use crate::topics::background::{self, BACKGROUND_FACTOR};
use crate::topics::fold::fold;
use crate::topics::rules::Side;
use crate::topics::terms::{TermMatch, TermSet};

/// One distinct matched term.
pub(super) struct Hit {
    pub(super) term: usize,
    /// Matches in title and body together: repeats anywhere have diminishing returns.
    pub(super) count: u32,
    pub(super) title_count: u32,
    pub(super) title_score: f32,
    pub(super) body_score: f32,
}

impl Hit {
    pub(super) fn score(&self) -> f32 {
        self.title_score + self.body_score
    }
}

/// Running scores over the title and the body.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) hits: Vec<Hit>,
    pub(super) scores: Scores,
}

impl Tally {
    pub(super) fn add(&mut self, terms: &TermSet, text: &str, scan_limit: usize, place: Place) {
        let place_weight = match place {
            Place::Title => TITLE_WEIGHT,
            Place::Body => 1.0,
        };
        // Terms are written in simplified characters; a match may run a little past the
        // scan limit, hence the margin.
        let text = fold(text, scan_limit.saturating_add(FOLD_MARGIN));
        for TermMatch {
            term: index,
            start,
            end,
        } in terms.matches(&text, scan_limit)
        {
            let term = terms.term(index);
            if term.side == Side::Neutral {
                continue;
            }
            let factor = if background::is_background(&text, start, end) {
                BACKGROUND_FACTOR
            } else {
                1.0
            };
            // Few distinct terms per article: a linear scan beats hashing.
            let hit = match self.hits.iter().position(|hit| hit.term == index) {
                Some(at) => &mut self.hits[at],
                None => {
                    self.hits.push(Hit {
                        term: index,
                        count: 0,
                        title_count: 0,
                        title_score: 0.0,
                        body_score: 0.0,
                    });
                    self.hits.last_mut().expect("just pushed")
                }
            };
            hit.count += 1;
            let points = term.weight * place_weight * factor / hit.count as f32;
            match place {
                Place::Title => {
                    hit.title_count += 1;
                    hit.title_score += points;
                }
                Place::Body => hit.body_score += points,
            }
            let scores = &mut self.scores;
            let in_title = if place == Place::Title { points } else { 0.0 };
            let (us, china) = match term.side {
                Side::Us => (points, 0.0),
                Side::China => (0.0, points),
                Side::Pair => (points, points),
                _ => (0.0, 0.0),
            };
            scores.us += us;
            scores.china += china;
            if us > 0.0 {
                scores.us_in_title += in_title;
            }
            if china > 0.0 {
                scores.china_in_title += in_title;
            }
            match term.side {
                Side::Relation | Side::Pair => scores.relation += points,
                Side::ThirdCountry => scores.third_country += points,
                Side::Us | Side::China | Side::Neutral => {}
            }
        }
    }
}
