//! How similar two headlines are: their tokens weighted by kind, the weighted Jaccard
//! overlap, the conflicts that lower it (amounts, names, stages) and the comparison of a
//! translation by what it keeps.

use super::fnv64;
use super::{MIN_TITLE_TOKENS, SAME_STORY_THRESHOLD};
use crate::topics::story_tokens::{Kind, Stage, for_each_token};

/// One token of a title: its hash, how much it says about which story it is, and which
/// kind of figure it is (see [`FIGURE_AMOUNT`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub hash: u64,
    pub weight: f32,
    pub figure: u8,
}

/// [`Token::figure`] bits: a sum or count with a magnitude, a percentage. Two titles that
/// both give an amount but no amount in common are about different deals or records
/// ("$5 billion" is not "$100 billion", "4万亿" is not "3万亿"); likewise percentages.
pub const FIGURE_AMOUNT: u8 = 1;
pub const FIGURE_PERCENT: u8 = 2;
/// [`Token::figure`] bit of a name: two titles that each name something the other does
/// not ("antitrust probe into Nvidia", "... into Google") are likely two stories.
pub const FIGURE_ENTITY: u8 = 4;
/// [`Token::figure`] bit of a token a translation keeps ([`Kind::crosses_languages`]):
/// an English and a Chinese headline are compared by these alone.
pub const CROSSES_LANGUAGES: u8 = 8;
/// [`Token::figure`] bit of what says which event a headline reports rather than who is
/// in it: an amount, a percentage, another number, or a story word that is not in every
/// headline ([`Kind::Concept`]).
pub const EVENT_DETAIL: u8 = 16;

/// Weight of amounts, percentages and other tokens with a digit: part numbers and sums
/// (R2, $40 billion, 27%) tell stories apart better than any word.
const NUMBER_WEIGHT: f32 = 2.5;

/// Weight of a name: the company, person, chip or agency a story is about, one id in
/// every language, so the one thing a translation always keeps.
const ENTITY_WEIGHT: f32 = 1.5;

/// Weight of the words nearly every headline of this dashboard holds (AI, chip, China,
/// export...): sharing them says little.
const COMMON_WEIGHT: f32 = 0.5;

/// Weight of a CJK bigram: a run of n characters gives n - 1 bigrams but holds about n / 2
/// words, so a bigram counts as half a word and Chinese titles weigh like English ones.
const CJK_BIGRAM_WEIGHT: f32 = 0.35;

/// Similarity is multiplied by this when both titles give amounts (or both percentages)
/// and share none.
const FIGURE_CONFLICT: f64 = 0.5;

/// Similarity is multiplied by this when each title names something the other does not.
const ENTITY_CONFLICT: f64 = 0.75;

/// In the overlap of a translation, the tokens a translation does not keep weigh this
/// much: they cannot be shared, but they still say there is more to the story.
const UNKEPT_FACTOR: f32 = 0.2;

/// A translation is the same story from this overlap: more than two titles of one
/// language need, since what a translation keeps (names, figures, story words) is just
/// what two events of one company have in common.
pub(super) const TRANSLATION_MIN: f64 = 0.5;

/// The script a title is written in, from the weight of its plain words and its Chinese
/// bigrams: an English and a Chinese title can only share what a translation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    /// No Chinese at all.
    Latin,
    /// More Chinese than plain English words (names and figures do not count).
    Chinese,
    /// Both: compared like any two titles.
    Mixed,
}

impl Script {
    fn of(tokens: &[Token], kinds: &[Kind]) -> Script {
        let (mut latin, mut chinese) = (0.0f32, 0.0f32);
        for (token, kind) in tokens.iter().zip(kinds) {
            match kind {
                Kind::Word => latin += token.weight,
                Kind::Bigram => chinese += token.weight,
                _ => {}
            }
        }
        if chinese == 0.0 {
            Script::Latin
        } else if chinese > latin {
            Script::Chinese
        } else {
            Script::Mixed
        }
    }

    /// Whether two titles are one in English and one in Chinese.
    pub(super) fn translated(self, other: Script) -> bool {
        matches!(
            (self, other),
            (Script::Latin, Script::Chinese) | (Script::Chinese, Script::Latin)
        )
    }
}

/// A title as the index compares it: distinct tokens sorted by hash, and its profile.
#[derive(Debug, Clone)]
pub(super) struct Title {
    pub(super) tokens: Vec<Token>,
    pub(super) profile: Profile,
}

/// What a title is besides its tokens: their total weight, the weight a translation keeps,
/// the script, the figure kinds present, the number of names and the stage of the event.
#[derive(Debug, Clone, Copy)]
pub(super) struct Profile {
    pub(super) weight: f32,
    /// The weight of the tokens a translation keeps ([`CROSSES_LANGUAGES`]).
    pub(super) kept: f32,
    pub(super) script: Script,
    pub(super) figures: u8,
    /// How many distinct entities the title names (saturating).
    pub(super) entities: u8,
    pub(super) stage: Stage,
}

impl Title {
    pub(super) fn new(title: &str) -> Title {
        let mut tokens = Vec::new();
        let mut kinds = Vec::new();
        let stage = for_each_token(title, |token, kind| {
            let figure = match kind {
                Kind::Amount => FIGURE_AMOUNT,
                Kind::Percent => FIGURE_PERCENT,
                Kind::Entity => FIGURE_ENTITY,
                _ => 0,
            };
            let kept = if kind.crosses_languages() {
                CROSSES_LANGUAGES
            } else {
                0
            };
            let detail = match kind {
                Kind::Amount | Kind::Percent | Kind::Number | Kind::Concept => EVENT_DETAIL,
                _ => 0,
            };
            tokens.push(Token {
                hash: fnv64(token.as_bytes()),
                weight: token_weight(kind),
                figure: figure | kept | detail,
            });
            kinds.push(kind);
        });
        let script = Script::of(&tokens, &kinds);
        tokens.sort_unstable_by_key(|t| t.hash);
        tokens.dedup_by_key(|t| t.hash);
        let profile = Profile {
            weight: total_weight(&tokens),
            kept: kept_weight(&tokens),
            script,
            figures: tokens.iter().fold(0, |bits, t| bits | t.figure),
            entities: entity_count(&tokens),
            stage,
        };
        Title { tokens, profile }
    }

    pub(super) fn similarity(&self, other: &Title) -> f64 {
        compare(Side::of(self), Side::of(other))
    }
}

/// What [`compare`] needs of one title, borrowed from a [`Title`] or from the index.
#[derive(Debug, Clone, Copy)]
pub(super) struct Side<'a> {
    pub(super) tokens: &'a [Token],
    pub(super) profile: Profile,
}

impl<'a> Side<'a> {
    pub(super) fn of(title: &'a Title) -> Side<'a> {
        Side {
            tokens: &title.tokens,
            profile: title.profile,
        }
    }
}

/// The tokens of a title, sorted by hash and distinct: the form sets are compared in.
pub fn title_tokens(title: &str) -> Vec<Token> {
    Title::new(title).tokens
}

fn token_weight(kind: Kind) -> f32 {
    match kind {
        Kind::Amount | Kind::Percent | Kind::Number => NUMBER_WEIGHT,
        Kind::Entity => ENTITY_WEIGHT,
        Kind::Bigram => CJK_BIGRAM_WEIGHT,
        Kind::Common => COMMON_WEIGHT,
        Kind::Word | Kind::Concept => 1.0,
    }
}

fn entity_count(tokens: &[Token]) -> u8 {
    let count = tokens
        .iter()
        .filter(|t| t.figure & FIGURE_ENTITY != 0)
        .count();
    u8::try_from(count).unwrap_or(u8::MAX)
}

pub(super) fn total_weight(tokens: &[Token]) -> f32 {
    tokens.iter().map(|t| t.weight).sum()
}

fn kept_weight(tokens: &[Token]) -> f32 {
    tokens
        .iter()
        .filter(|t| t.figure & CROSSES_LANGUAGES != 0)
        .map(|t| t.weight)
        .sum()
}

pub(super) fn similar_enough(a: &Title, b: &Title) -> bool {
    a.tokens.len() >= MIN_TITLE_TOKENS
        && b.tokens.len() >= MIN_TITLE_TOKENS
        && a.similarity(b) >= SAME_STORY_THRESHOLD
}

/// The overlap score of two titles from the weight they share and their own weights:
/// weighted Jaccard, the shared weight over the weight of all tokens. 0 when both are
/// empty.
pub(super) fn overlap(shared: f32, weight_a: f32, weight_b: f32) -> f64 {
    let union = weight_a + weight_b - shared;
    if union <= 0.0 {
        0.0
    } else {
        f64::from(shared / union)
    }
}

/// The least weight a title of weight `weight` must share with another to reach the
/// threshold, whatever the other's weight: with [`overlap`] at its best when the other
/// title is all shared tokens.
pub(super) fn must_share(weight: f32) -> f32 {
    SAME_STORY_THRESHOLD as f32 * weight
}

/// Similarity of two titles: [`overlap`], lowered by [`FIGURE_CONFLICT`] when they give
/// different amounts, and 0 when they report different stages of an event.
#[inline]
pub(super) fn compare(a: Side<'_>, b: Side<'_>) -> f64 {
    if a.profile.stage.conflicts(b.profile.stage) {
        return 0.0;
    }
    let (mut i, mut j, mut shared, mut shared_kept) = (0, 0, 0.0f32, 0.0f32);
    let (mut shared_figures, mut shared_entities) = (0u8, 0u8);
    // A merge without branches on the data: whether two hashes match is a coin toss the
    // processor cannot predict. A token not shared adds +0.0, which leaves the sums (of
    // positive weights, in hash order) exactly what adding only the shared ones gives.
    while i < a.tokens.len() && j < b.tokens.len() {
        let (x, y) = (a.tokens[i], b.tokens[j].hash);
        let same = x.hash == y;
        let kept = same && x.figure & CROSSES_LANGUAGES != 0;
        shared += if same { x.weight } else { 0.0 };
        shared_kept += if kept { x.weight } else { 0.0 };
        shared_figures |= if same { x.figure } else { 0 };
        shared_entities =
            shared_entities.saturating_add(u8::from(same && x.figure & FIGURE_ENTITY != 0));
        i += usize::from(x.hash <= y);
        j += usize::from(y <= x.hash);
    }
    let mut score = overlap(shared, a.profile.weight, b.profile.weight);
    if a.profile.script.translated(b.profile.script) {
        score = score.max(translation_overlap(shared_kept, &a, &b));
    }
    if a.profile.figures & b.profile.figures & !shared_figures & (FIGURE_AMOUNT | FIGURE_PERCENT)
        != 0
    {
        score *= FIGURE_CONFLICT;
    }
    // Each side names an entity the other does not.
    if a.profile.entities > shared_entities && b.profile.entities > shared_entities {
        score *= ENTITY_CONFLICT;
    }
    score
}

/// The overlap of an English and a Chinese title over what a translation keeps, the rest
/// of each weighing [`UNKEPT_FACTOR`]; 0 under [`TRANSLATION_MIN`].
fn translation_overlap(shared_kept: f32, a: &Side<'_>, b: &Side<'_>) -> f64 {
    let weight = |side: &Side<'_>| {
        side.profile.kept + UNKEPT_FACTOR * (side.profile.weight - side.profile.kept)
    };
    let score = overlap(shared_kept, weight(a), weight(b));
    if score >= TRANSLATION_MIN { score } else { 0.0 }
}
