//! Stories across sources: groups articles about the same story from different feeds, by
//! normalized link or near-duplicate title within a time window, incrementally and in
//! near-linear time.
//!
//! Titles are compared as sets of tokens ([`title_words`], made by
//! [`super::story_tokens`]): each company, lab, model, chip, agency and person is one id in
//! every language and script (Nvidia, 英伟达 and 輝達 are `@nvidia`), amounts are their
//! value ("$4T" and "4万亿美元"), story words one concept (export controls and 出口管制,
//! raises and secures funding), the rest stemmed English words and Chinese character
//! bigrams. Tokens are weighted (amounts and numbers most, then names, words in nearly
//! every headline such as "AI" or "chip" half, bigrams about a third), and two titles tell
//! the same story when the weighted Jaccard similarity of their token sets reaches
//! [`SAME_STORY_THRESHOLD`]. It is 0 when they report different stages of one event (a
//! plan and the deal, a firing and a return, an opening and a closure), and lowered when
//! both give amounts but none in common, or each names something the other does not.
//! An English and a Chinese headline share no plain word or bigram, so they are also
//! compared by the tokens a translation keeps (names, figures, story words), the rest
//! weighing [`UNKEPT_FACTOR`], and match from [`TRANSLATION_MIN`].
//!
//! Candidates come from an inverted index keyed by (token, time slot), with prefix
//! filtering: a match must share at least the threshold times the new title's weight, so
//! only the posting lists of its rarest tokens, until what is left weighs less than that,
//! need reading, and only those of the time slots within the window. Each list read is
//! capped, so one insert costs a bounded amount of work whatever the size of the index.

use std::fmt;

use rustc_hash::FxHashMap as HashMap;

use super::story_tokens::{Kind, Stage, for_each_token};
use crate::model::{ArticleId, FeedId, UnixTime, normalize_link};

/// Similarity of title tokens from which two articles are the same story.
///
/// Chosen on the real tuning pairs (`tests/fixtures/topics/real_stories/tuning.tsv`, then
/// 80 pairs) and the hand-written ones (`tests/fixtures/topics/duplicates.tsv`): at 0.35
/// hand-written precision 0.974, recall 1.000; at 0.33 a hand-written false merge comes
/// in (0.950). Today's measures of every set are in `tests/clusters.rs`.
pub const SAME_STORY_THRESHOLD: f64 = 0.35;

/// Articles further apart than this are never merged by title (a link still merges them):
/// outlets rewrite a story within a day or two, while the same company makes similar
/// headlines every week.
pub const STORY_WINDOW_SECS: i64 = 48 * 3600;

/// Titles with fewer tokens than this are only grouped by link: "AI news" or "Weekly
/// roundup" say nothing about which story it is.
pub const MIN_TITLE_TOKENS: usize = 3;

/// At most this many entries of one (token, time slot) posting list are read per insert,
/// newest first: the bound that keeps an insert cheap when a token is in every headline.
const POSTING_SCAN_CAP: usize = 64;

/// A story is found by the titles of its first this many articles only. Later ones still
/// join it, but do not widen what it matches: otherwise a story drifts, one similar title
/// at a time, to cover unrelated news (chaining), and every new title is compared with
/// each of its many members.
const INDEXED_MEMBERS: usize = 3;

/// The identity of a story: the id of its first article (the earliest one when the
/// articles are clustered in one batch with [`cluster`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClusterId(pub ArticleId);

impl fmt::Display for ClusterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What clustering needs to know of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryItem<'a> {
    pub id: ArticleId,
    /// Articles of one feed are never grouped by title: a feed does not report its own
    /// story twice, but it does publish "Nvidia beats earnings" and "Nvidia unveils chip".
    pub feed: FeedId,
    /// The article's link, raw or already normalized ([`normalize_link`] is applied).
    pub link: Option<&'a str>,
    pub title: &'a str,
    /// Published, else first seen.
    pub time: UnixTime,
}

/// Clusters a batch: one [`ClusterId`] per item, in input order. Items are inserted
/// oldest first (ties by id), so the result does not depend on the input order and a
/// story's id is its earliest article.
pub fn cluster(items: &[StoryItem<'_>]) -> Vec<ClusterId> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].time, items[i].id));
    let mut index = StoryIndex::new();
    let mut ids = vec![ClusterId(ArticleId(0)); items.len()];
    for i in order {
        ids[i] = index.insert(&items[i]);
    }
    ids
}

/// Whether two articles are the same story, by the rules the index applies: the same
/// normalized link; or different feeds, at most [`STORY_WINDOW_SECS`] apart, and titles
/// at least [`SAME_STORY_THRESHOLD`] similar.
pub fn same_story(a: &StoryItem<'_>, b: &StoryItem<'_>) -> bool {
    if let (Some(x), Some(y)) = (link_key(a.link), link_key(b.link))
        && x == y
    {
        return true;
    }
    a.feed != b.feed
        && a.time.abs_diff(b.time) <= STORY_WINDOW_SECS.unsigned_abs()
        && similar_enough(&Title::new(a.title), &Title::new(b.title))
}

/// Similarity (0 to 1) of two titles: the weighted overlap of their tokens, lowered when
/// they report different amounts or different stages of an event.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    Title::new(a).similarity(&Title::new(b))
}

/// The tokens a title is compared by, readable, in order of appearance (with repeats).
pub fn title_words(title: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_token(title, |token, _| words.push(token.to_string()));
    words
}

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
const TRANSLATION_MIN: f64 = 0.5;

/// The script a title is written in, from the weight of its plain words and its Chinese
/// bigrams: an English and a Chinese title can only share what a translation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
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
    fn translated(self, other: Script) -> bool {
        matches!(
            (self, other),
            (Script::Latin, Script::Chinese) | (Script::Chinese, Script::Latin)
        )
    }
}

/// A title as the index compares it: distinct tokens sorted by hash, their total weight,
/// the figure kinds present and the stage of the event.
#[derive(Debug, Clone)]
struct Title {
    tokens: Vec<Token>,
    weight: f32,
    /// The weight of the tokens a translation keeps ([`CROSSES_LANGUAGES`]).
    kept: f32,
    script: Script,
    figures: u8,
    /// How many distinct entities the title names (saturating).
    entities: u8,
    stage: Stage,
}

impl Title {
    fn new(title: &str) -> Title {
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
        Title {
            weight: total_weight(&tokens),
            kept: kept_weight(&tokens),
            script,
            figures: tokens.iter().fold(0, |bits, t| bits | t.figure),
            entities: entity_count(&tokens),
            tokens,
            stage,
        }
    }

    fn similarity(&self, other: &Title) -> f64 {
        compare(
            Side::of(self),
            Side {
                tokens: &other.tokens,
                weight: other.weight,
                kept: other.kept,
                script: other.script,
                figures: other.figures,
                entities: other.entities,
                stage: other.stage,
            },
        )
    }
}

/// What [`compare`] needs of one title, borrowed from a [`Title`] or from the index.
#[derive(Debug, Clone, Copy)]
struct Side<'a> {
    tokens: &'a [Token],
    weight: f32,
    kept: f32,
    script: Script,
    figures: u8,
    /// How many distinct entities the title names (saturating).
    entities: u8,
    stage: Stage,
}

impl<'a> Side<'a> {
    fn of(title: &'a Title) -> Side<'a> {
        Side {
            tokens: &title.tokens,
            weight: title.weight,
            kept: title.kept,
            script: title.script,
            figures: title.figures,
            entities: title.entities,
            stage: title.stage,
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

fn total_weight(tokens: &[Token]) -> f32 {
    tokens.iter().map(|t| t.weight).sum()
}

fn kept_weight(tokens: &[Token]) -> f32 {
    tokens
        .iter()
        .filter(|t| t.figure & CROSSES_LANGUAGES != 0)
        .map(|t| t.weight)
        .sum()
}

fn similar_enough(a: &Title, b: &Title) -> bool {
    a.tokens.len() >= MIN_TITLE_TOKENS
        && b.tokens.len() >= MIN_TITLE_TOKENS
        && a.similarity(b) >= SAME_STORY_THRESHOLD
}

/// The overlap score of two titles from the weight they share and their own weights:
/// weighted Jaccard, the shared weight over the weight of all tokens. 0 when both are
/// empty.
fn overlap(shared: f32, weight_a: f32, weight_b: f32) -> f64 {
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
fn must_share(weight: f32) -> f32 {
    SAME_STORY_THRESHOLD as f32 * weight
}

/// Similarity of two titles: [`overlap`], lowered by [`FIGURE_CONFLICT`] when they give
/// different amounts, and 0 when they report different stages of an event.
#[inline]
fn compare(a: Side<'_>, b: Side<'_>) -> f64 {
    if a.stage.conflicts(b.stage) {
        return 0.0;
    }
    let (mut i, mut j, mut shared, mut shared_kept) = (0, 0, 0.0f32, 0.0f32);
    let (mut shared_figures, mut shared_entities) = (0u8, 0u8);
    while i < a.tokens.len() && j < b.tokens.len() {
        match a.tokens[i].hash.cmp(&b.tokens[j].hash) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let token = a.tokens[i];
                shared += token.weight;
                if token.figure & CROSSES_LANGUAGES != 0 {
                    shared_kept += token.weight;
                }
                shared_figures |= token.figure;
                shared_entities =
                    shared_entities.saturating_add(u8::from(token.figure & FIGURE_ENTITY != 0));
                i += 1;
                j += 1;
            }
        }
    }
    let mut score = overlap(shared, a.weight, b.weight);
    if a.script.translated(b.script) {
        score = score.max(translation_overlap(shared_kept, &a, &b));
    }
    if a.figures & b.figures & !shared_figures & (FIGURE_AMOUNT | FIGURE_PERCENT) != 0 {
        score *= FIGURE_CONFLICT;
    }
    // Each side names an entity the other does not.
    if a.entities > shared_entities && b.entities > shared_entities {
        score *= ENTITY_CONFLICT;
    }
    score
}

/// The overlap of an English and a Chinese title over what a translation keeps, the rest
/// of each weighing [`UNKEPT_FACTOR`]; 0 under [`TRANSLATION_MIN`].
fn translation_overlap(shared_kept: f32, a: &Side<'_>, b: &Side<'_>) -> f64 {
    let weight = |side: &Side<'_>| side.kept + UNKEPT_FACTOR * (side.weight - side.kept);
    let score = overlap(shared_kept, weight(a), weight(b));
    if score >= TRANSLATION_MIN { score } else { 0.0 }
}

/// The key links are compared by: the normalized link, hashed; `None` for no link.
fn link_key(link: Option<&str>) -> Option<u64> {
    let link = link?.trim();
    if link.is_empty() {
        return None;
    }
    Some(fnv64(normalize_link(link).as_bytes()))
}

/// 64-bit FNV-1a: small and stable; collisions between a few words are harmless here.
fn fnv64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One indexed article.
#[derive(Debug, Clone)]
struct Entry {
    feed: FeedId,
    time: UnixTime,
    /// Where the title's tokens are in `StoryIndex::tokens`.
    tokens_at: u32,
    token_count: u32,
    /// The total weight of the tokens.
    weight: f32,
    kept: f32,
    script: Script,
    /// [`Token::figure`] bits of the title's tokens.
    figures: u8,
    entities: u8,
    stage: Stage,
    cluster: u32,
}

/// One story: its id, its articles (oldest first) and the feeds they came from (sorted,
/// distinct: a story takes one article per feed, and this answers that in a lookup).
#[derive(Debug, Clone)]
struct Story {
    id: ClusterId,
    members: Vec<ArticleId>,
    feeds: Vec<FeedId>,
}

/// Clusters articles as they arrive: each insert returns the article's story at once and
/// never changes the story of an article inserted before (stories are not merged later).
///
/// Inserting in time order gives the same stories as [`cluster`]. An article that
/// arrives late joins the story it matches; that story keeps the id of its first insert.
#[derive(Debug, Clone, Default)]
pub struct StoryIndex {
    entries: Vec<Entry>,
    /// The tokens of every entry, one after another: candidates are compared in a pass over
    /// memory that is mostly contiguous, instead of one allocation per title.
    tokens: Vec<Token>,
    by_id: HashMap<ArticleId, u32>,
    by_link: HashMap<u64, u32>,
    stories: Vec<Story>,
    story_by_id: HashMap<ClusterId, u32>,
    /// (token, time slot of SLOT_SECS) to the entries holding it, in insert order.
    postings: HashMap<(u64, i64), Vec<u32>>,
    /// Entries per token over all time: orders a title's tokens rarest first.
    token_counts: HashMap<u64, u32>,
    /// Per entry, the insert that last listed it as a candidate: dedups the candidates of
    /// one insert in a pass instead of a sort.
    seen_by: Vec<u32>,
    /// Per candidate entry of the current insert, the weight of the read tokens it shares.
    prefix_shared: Vec<f32>,
    /// Per story, the insert that last asked whether it already holds the new article's
    /// feed, and the answer: asked once per story instead of once per candidate.
    feed_check: Vec<(u32, bool)>,
    inserts: u32,
    comparisons: u64,
}

impl StoryIndex {
    pub fn new() -> StoryIndex {
        StoryIndex::default()
    }

    /// Adds an article and returns its story. Inserting an id again returns its story
    /// unchanged (feeds re-deliver items).
    pub fn insert(&mut self, item: &StoryItem<'_>) -> ClusterId {
        if let Some(&entry) = self.by_id.get(&item.id) {
            return self.stories[self.entries[entry as usize].cluster as usize].id;
        }
        let link = link_key(item.link);
        let title = Title::new(item.title);
        let tokens = &title.tokens;
        let story = match link.and_then(|key| self.by_link.get(&key).copied()) {
            Some(story) => story,
            None => self
                .best_title_match(item, &title)
                .unwrap_or_else(|| self.new_story(item.id)),
        };
        let entry = self.entries.len() as u32;
        if tokens.len() >= MIN_TITLE_TOKENS
            && self.stories[story as usize].members.len() < INDEXED_MEMBERS
        {
            let slot = time_slot(item.time);
            for token in tokens.iter() {
                self.postings
                    .entry((token.hash, slot))
                    .or_default()
                    .push(entry);
                *self.token_counts.entry(token.hash).or_default() += 1;
            }
        }
        self.entries.push(Entry {
            feed: item.feed,
            time: item.time,
            tokens_at: self.tokens.len() as u32,
            token_count: tokens.len() as u32,
            weight: title.weight,
            kept: title.kept,
            script: title.script,
            figures: title.figures,
            entities: title.entities,
            stage: title.stage,
            cluster: story,
        });
        self.tokens.extend_from_slice(tokens);
        self.by_id.insert(item.id, entry);
        if let Some(key) = link {
            self.by_link.entry(key).or_insert(story);
        }
        self.add_member(story, item.id, item.feed, item.time);
        self.stories[story as usize].id
    }

    /// The story of an inserted article.
    pub fn cluster_of(&self, id: ArticleId) -> Option<ClusterId> {
        let entry = self.by_id.get(&id)?;
        Some(self.stories[self.entries[*entry as usize].cluster as usize].id)
    }

    /// The articles of a story, oldest first (ties by id); empty for an unknown id.
    pub fn members(&self, cluster: ClusterId) -> &[ArticleId] {
        match self.story_by_id.get(&cluster) {
            Some(&story) => &self.stories[story as usize].members,
            None => &[],
        }
    }

    /// Number of articles inserted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of stories.
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// Title comparisons made so far: a diagnostic that shows the work per insert stays
    /// bounded as the index grows.
    pub fn comparisons(&self) -> u64 {
        self.comparisons
    }

    fn new_story(&mut self, id: ArticleId) -> u32 {
        let story = self.stories.len() as u32;
        let cluster = ClusterId(id);
        self.stories.push(Story {
            id: cluster,
            members: Vec::new(),
            feeds: Vec::new(),
        });
        self.story_by_id.insert(cluster, story);
        story
    }

    fn add_member(&mut self, story: u32, id: ArticleId, feed: FeedId, time: UnixTime) {
        let entries = &self.entries;
        let by_id = &self.by_id;
        let story = &mut self.stories[story as usize];
        let key = |member: &ArticleId| (entries[by_id[member] as usize].time, *member);
        let at = story.members.partition_point(|m| key(m) < (time, id));
        story.members.insert(at, id);
        if let Err(at) = story.feeds.binary_search(&feed) {
            story.feeds.insert(at, feed);
        }
    }

    /// The most similar story (ties to the older story) with an article of another feed
    /// in the window, provided the story has no article of this feed yet.
    fn best_title_match(&mut self, item: &StoryItem<'_>, title: &Title) -> Option<u32> {
        if title.tokens.len() < MIN_TITLE_TOKENS {
            return None;
        }
        let weight = title.weight;
        let mut best: Option<(f64, u32)> = None;
        let (candidates, unread) = self.candidates(item.time, title);
        for candidate in candidates {
            let entry = &self.entries[candidate as usize];
            if entry.feed == item.feed
                || entry.time.abs_diff(item.time) > STORY_WINDOW_SECS.unsigned_abs()
            {
                continue;
            }
            let check = &mut self.feed_check[entry.cluster as usize];
            if check.0 != self.inserts {
                let story = &self.stories[entry.cluster as usize];
                *check = (self.inserts, story.feeds.binary_search(&item.feed).is_ok());
            }
            if check.1 {
                continue;
            }
            // The shared weight is at most what it shares of the tokens read plus all the
            // unread ones, and at most the lighter title's weight: a title whose best
            // possible similarity cannot reach the threshold or the best so far needs no
            // comparison (the margin covers float rounding; penalties only lower it).
            let (mine, theirs) = if title.script.translated(entry.script) {
                (title.kept, entry.kept)
            } else {
                (weight, entry.weight)
            };
            let shared = (self.prefix_shared[candidate as usize] + unread)
                .min(mine)
                .min(theirs);
            let bound = overlap(shared, mine, theirs);
            let floor = best.map_or(SAME_STORY_THRESHOLD, |(similarity, _)| similarity);
            if bound + 1e-6 < floor {
                continue;
            }
            self.comparisons += 1;
            let theirs = &self.tokens[entry.tokens_at as usize..][..entry.token_count as usize];
            let similarity = compare(
                Side::of(title),
                Side {
                    tokens: theirs,
                    weight: entry.weight,
                    kept: entry.kept,
                    script: entry.script,
                    figures: entry.figures,
                    entities: entry.entities,
                    stage: entry.stage,
                },
            );
            let better = match best {
                None => similarity >= SAME_STORY_THRESHOLD,
                Some((top, story)) => {
                    similarity > top || (similarity == top && entry.cluster < story)
                }
            };
            if better {
                best = Some((similarity, entry.cluster));
            }
        }
        best.map(|(_, story)| story)
    }

    /// Entries that may reach the threshold: those sharing one of the title's rarest
    /// tokens in the neighbouring time slots. A match must share at least the threshold
    /// times this title's weight (a translation: times the weight of the tokens a
    /// translation keeps), so the tokens left unread, rarest first, may weigh less than
    /// that and no match is missed.
    ///
    /// Also returns the weight of the tokens left unread: a candidate shares at most what
    /// it shared of the read ones plus that.
    fn candidates(&mut self, time: UnixTime, title: &Title) -> (Vec<u32>, f32) {
        let tokens = &title.tokens[..];
        let slots = time_slot(time - STORY_WINDOW_SECS)..=time_slot(time + STORY_WINDOW_SECS);
        let mut by_rarity: Vec<(u32, &Token)> = tokens
            .iter()
            .map(|t| (self.token_counts.get(&t.hash).copied().unwrap_or(0), t))
            .collect();
        by_rarity.sort_unstable_by_key(|&(n, t)| (n, t.hash));
        let must_share_any = must_share(title.weight);
        // A translation of this title shares only tokens a translation keeps, and needs
        // at least TRANSLATION_MIN times their weight (its overlap's union is no smaller).
        let must_share_kept = match title.script {
            Script::Latin | Script::Chinese => TRANSLATION_MIN as f32 * title.kept,
            Script::Mixed => f32::INFINITY,
        };
        let mut unread = title.weight;
        let mut unread_kept = title.kept;
        // u32::MAX marks "never seen", so stamps run 1..u32::MAX and restart on wrapping.
        self.inserts += 1;
        if self.inserts == u32::MAX {
            self.seen_by.fill(u32::MAX);
            self.feed_check.fill((u32::MAX, false));
            self.inserts = 1;
        }
        self.seen_by.resize(self.entries.len(), u32::MAX);
        self.prefix_shared.resize(self.entries.len(), 0.0);
        self.feed_check
            .resize(self.stories.len(), (u32::MAX, false));
        let mut found = Vec::new();
        for (count, token) in by_rarity {
            // Margin for float rounding: reading one token too many is harmless.
            let any_left = unread >= must_share_any - 1e-3;
            let translation_left = unread_kept >= must_share_kept - 1e-3;
            let kept = token.figure & CROSSES_LANGUAGES != 0;
            match (any_left, translation_left) {
                (true, _) => {}
                (false, true) if kept => {}
                // Only a translation can still be found, and it has no use for this token:
                // it stays unread.
                (false, true) => continue,
                (false, false) => break,
            }
            unread -= token.weight;
            if kept {
                unread_kept -= token.weight;
            }
            if count == 0 {
                continue;
            }
            for s in slots.clone() {
                let Some(list) = self.postings.get(&(token.hash, s)) else {
                    continue;
                };
                for &entry in list.iter().rev().take(POSTING_SCAN_CAP) {
                    let at = entry as usize;
                    if self.seen_by[at] != self.inserts {
                        self.seen_by[at] = self.inserts;
                        self.prefix_shared[at] = 0.0;
                        found.push(entry);
                    }
                    self.prefix_shared[at] += token.weight;
                }
            }
        }
        (found, unread.max(0.0))
    }
}

/// Width of a posting-list time slot: a quarter of the window, so the slots read for one
/// insert span little more than the window on each side.
const SLOT_SECS: i64 = STORY_WINDOW_SECS / 4;

fn time_slot(time: UnixTime) -> i64 {
    time.div_euclid(SLOT_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(
        id: u64,
        feed: u32,
        link: Option<&'a str>,
        title: &'a str,
        time: i64,
    ) -> StoryItem<'a> {
        StoryItem {
            id: ArticleId(id),
            feed: FeedId(feed),
            link,
            title,
            time,
        }
    }

    #[test]
    fn tokens_drop_punctuation_stop_words_and_plurals() {
        assert_eq!(
            title_words("The U.S. tightens curbs on Nvidia's AI chips"),
            ["us", "tighten", "restrict", "@nvidia", "ai", "chip"]
        );
        assert_eq!(
            title_words("Restricting, restricts, restricted"),
            ["restrict"; 3]
        );
        assert_eq!(title_words(""), Vec::<String>::new());
        assert_eq!(title_words("— !!! —"), Vec::<String>::new());
    }

    #[test]
    fn cjk_becomes_bigrams_and_splits_from_latin() {
        assert_eq!(title_words("英伟达H20"), ["@nvidia", "@h20"]);
        // 的 is dropped and the run goes on; full-width punctuation splits runs; a name
        // splits a run as a space would.
        assert_eq!(
            title_words("调度的平台，华为算力"),
            ["调度", "度平", "平台", "@huawei", "算力"]
        );
        // Story words: 人工智能 is AI, 芯片 is chip, 发布 and 推出 are both a launch.
        assert_eq!(
            title_words("华为发布人工智能芯片"),
            ["@huawei", "launch", "ai", "chip"]
        );
        assert_eq!(
            title_words("华为推出AI芯片"),
            ["@huawei", "launch", "ai", "chip"]
        );
    }

    /// Two titles as the index sees them: different feeds, an hour apart, no links.
    fn pair_same(a: &str, b: &str) -> bool {
        same_story(&item(1, 1, None, a, 0), &item(2, 2, None, b, 3600))
    }

    #[test]
    fn translations_match_by_names_and_amounts() {
        // Family 1: English and Chinese share only the company, the sum and a concept.
        let en = "Lenovo agrees $2 billion deal with Saudi Arabia fund";
        let zh = "联想与沙特基金达成20亿美元协议";
        assert!(pair_same(en, zh), "{}", title_similarity(en, zh));
        // Traditional script and another transliteration: the same ids.
        let tw = "聯想與沙特基金達成20億美元協議";
        assert_eq!(title_words(zh), title_words(tw));
        // The same names with another sum are another deal.
        let other = "联想与沙特基金达成50亿美元协议";
        assert!(!pair_same(zh, other), "{}", title_similarity(zh, other));
    }

    #[test]
    fn chinese_rewrites_match_across_scripts() {
        // Family 2: one story in simplified and traditional characters, reworded.
        let a = "小米发布首款自研手机芯片玄戒";
        let b = "小米推出首款自研手機晶片玄戒 對標高通";
        assert!(pair_same(a, b), "{}", title_similarity(a, b));
        assert!(!pair_same(a, "小米发布新款电动汽车 售价21万元"));
    }

    #[test]
    fn english_paraphrases_match_by_stems_and_story_words() {
        // Family 3: restrictions and curbs, artificial intelligence and AI, raises and
        // secures funding.
        let a = "Japan imposes export restrictions on artificial intelligence chips";
        let b = "Japan curbs AI chip exports";
        assert!(pair_same(a, b), "{}", title_similarity(a, b));
        let c = "Mistral raises $640 million in funding round";
        let d = "Mistral AI secures $640 million financing";
        assert!(pair_same(c, d), "{}", title_similarity(c, d));
    }

    #[test]
    fn a_long_headline_matches_by_its_distinctive_tokens() {
        // Family 4: names and numbers weigh more than the commentary around them.
        let short = "Samsung to invest $230 billion in chip plants";
        let long = "Samsung unveils plan to invest $230 billion in new chip plants over the \
                    next two decades as competition heats up";
        assert!(pair_same(short, long), "{}", title_similarity(short, long));
    }

    #[test]
    fn stages_of_an_event_stay_apart() {
        // Family 5: the same names and sums, but a plan and the deal, a firing and a
        // return, an opening and a closure.
        let plan = "Anthropic in talks to raise $2 billion";
        let done = "Anthropic raises $2 billion";
        assert!(!pair_same(plan, done), "{}", title_similarity(plan, done));
        assert!(pair_same(done, "Anthropic raises $2 billion from Google"));
        let fired = "Intel board ousts CEO Lip-Bu Tan";
        let back = "Lip-Bu Tan returns as Intel CEO after ouster";
        assert!(!pair_same(fired, back), "{}", title_similarity(fired, back));
        let opens = "Apple opens AI research lab in Shenzhen";
        let shuts = "Apple shuts down AI research lab in Shenzhen";
        assert!(
            !pair_same(opens, shuts),
            "{}",
            title_similarity(opens, shuts)
        );
    }

    #[test]
    fn amounts_are_one_value_in_any_notation() {
        let amount = |title: &str| {
            title_words(title)
                .into_iter()
                .filter(|w| w.starts_with(['#', '%']))
                .collect::<Vec<_>>()
        };
        assert_eq!(amount("$6.6 billion"), ["#6.60e9"]);
        assert_eq!(amount("66亿美元"), ["#6.60e9"]);
        assert_eq!(amount("US$6.6bn"), ["#6.60e9"]);
        assert_eq!(amount("$4T"), amount("4萬億美元"));
        assert_eq!(amount("千亿美元"), amount("$100 billion"));
        assert_eq!(amount("up 27%"), ["%27"]);
        assert_eq!(amount("27 percent"), ["%27"]);
        // Hong Kong dollars are not US dollars; a part number is not an amount; a date
        // is dropped.
        assert_eq!(amount("4.6萬億港元"), ["#hkd4.60e12"]);
        assert_eq!(amount("H20 and x86"), Vec::<String>::new());
        assert_eq!(title_words("12月2日 H20"), ["@h20"]);
    }

    #[test]
    fn similarity_is_symmetric_and_bounded() {
        let a = "Nvidia posts record revenue as demand for AI chips surges";
        let b = "Nvidia reports record quarterly revenue on surging AI chip demand";
        let s = title_similarity(a, b);
        assert_eq!(s, title_similarity(b, a));
        assert!(s > 0.5 && s < 1.0, "{s}");
        assert_eq!(title_similarity(a, a), 1.0);
        assert_eq!(title_similarity("", ""), 0.0);
    }

    #[test]
    fn same_link_is_same_story_even_in_one_feed_and_far_apart() {
        let a = item(1, 1, Some("http://Example.com/a/?utm_source=x"), "One", 0);
        let b = item(2, 1, Some("https://example.com/a"), "Two", 30 * 86_400);
        assert!(same_story(&a, &b));
    }

    #[test]
    fn same_feed_titles_are_not_merged() {
        let t = "Nvidia reports record quarterly revenue on AI demand";
        assert!(!same_story(
            &item(1, 1, None, t, 0),
            &item(2, 1, None, t, 60)
        ));
        assert!(same_story(
            &item(1, 1, None, t, 0),
            &item(2, 2, None, t, 60)
        ));
    }

    #[test]
    fn titles_outside_the_window_are_not_merged() {
        let t = "Nvidia reports record quarterly revenue on AI demand";
        let far = STORY_WINDOW_SECS + 1;
        assert!(!same_story(
            &item(1, 1, None, t, 0),
            &item(2, 2, None, t, far)
        ));
        assert!(same_story(
            &item(1, 1, None, t, 0),
            &item(2, 2, None, t, far - 1)
        ));
    }

    #[test]
    fn short_titles_only_merge_by_link() {
        assert!(!same_story(
            &item(1, 1, None, "AI news", 0),
            &item(2, 2, None, "AI news", 0)
        ));
    }

    #[test]
    fn batch_is_order_independent_and_named_by_earliest() {
        let items = [
            item(
                30,
                3,
                None,
                "Huawei launches Ascend 920 chip in bid to rival Nvidia",
                300,
            ),
            item(
                10,
                1,
                None,
                "Huawei unveils Ascend 920 AI chip to challenge Nvidia",
                100,
            ),
            item(
                20,
                2,
                None,
                "Alibaba releases Qwen3 open-source language models",
                200,
            ),
        ];
        let ids = cluster(&items);
        assert_eq!(ids[0], ClusterId(ArticleId(10)));
        assert_eq!(ids[1], ClusterId(ArticleId(10)));
        assert_eq!(ids[2], ClusterId(ArticleId(20)));
        let reversed: Vec<_> = items.iter().rev().copied().collect();
        let mut again = cluster(&reversed);
        again.reverse();
        assert_eq!(ids, again);
        assert!(cluster(&[]).is_empty());
    }

    #[test]
    fn index_keeps_ids_and_lists_members_oldest_first() {
        let mut index = StoryIndex::new();
        let late = item(
            2,
            2,
            None,
            "Huawei launches Ascend 920 chip in bid to rival Nvidia",
            50,
        );
        let first = item(
            1,
            1,
            None,
            "Huawei unveils Ascend 920 AI chip to challenge Nvidia",
            100,
        );
        let story = index.insert(&first);
        assert_eq!(story, ClusterId(ArticleId(1)));
        assert_eq!(
            index.insert(&late),
            story,
            "a late arrival joins the first story"
        );
        assert_eq!(
            index.insert(&late),
            story,
            "inserting again changes nothing"
        );
        assert_eq!(index.len(), 2);
        assert_eq!(index.story_count(), 1);
        assert_eq!(index.members(story), [ArticleId(2), ArticleId(1)]);
        assert_eq!(index.cluster_of(ArticleId(2)), Some(story));
        assert_eq!(index.cluster_of(ArticleId(9)), None);
        assert!(index.members(ClusterId(ArticleId(9))).is_empty());
    }

    #[test]
    fn a_story_takes_one_article_per_feed_unless_links_match() {
        let mut index = StoryIndex::new();
        let a = index.insert(&item(
            1,
            1,
            Some("https://a/x"),
            "Huawei unveils Ascend 920 AI chip to challenge Nvidia",
            0,
        ));
        let b = index.insert(&item(
            2,
            2,
            None,
            "Huawei launches Ascend 920 chip in bid to rival Nvidia",
            10,
        ));
        // Feed 2 is already in the story: its second take on it starts a story of its own.
        let c = index.insert(&item(
            3,
            2,
            None,
            "Huawei unveils Ascend 920 chip to rival Nvidia",
            20,
        ));
        // The same link from feed 1 again (a syndicated copy) joins whatever the title says.
        let d = index.insert(&item(
            4,
            1,
            Some("https://a/x/"),
            "Something else entirely here",
            30,
        ));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, d);
    }

    #[test]
    fn joins_the_most_similar_story() {
        let mut index = StoryIndex::new();
        let chips = index.insert(&item(
            1,
            1,
            None,
            "US tightens export controls on AI chips to China",
            0,
        ));
        let tools = index.insert(&item(
            2,
            2,
            None,
            "Netherlands tightens export controls on chipmaking tools",
            0,
        ));
        assert_ne!(chips, tools);
        let joined = index.insert(&item(
            3,
            3,
            None,
            "Dutch government tightens export controls on chipmaking tools",
            5,
        ));
        assert_eq!(joined, tools);
    }

    #[test]
    fn a_story_does_not_drift_through_its_later_members() {
        let mut index = StoryIndex::new();
        let lead = "Huawei unveils Ascend 910C AI chip in Shenzhen";
        let story = index.insert(&item(1, 1, None, lead, 0));
        for (id, feed) in [(2, 2), (3, 3)] {
            assert_eq!(index.insert(&item(id, feed, None, lead, 10)), story);
        }
        // The fourth report joins, but its wording is not indexed for the story...
        let drifted = "Huawei unveils Ascend 910C AI chip with speech recognition system";
        assert_eq!(index.insert(&item(4, 4, None, drifted, 20)), story);
        // ...so news that only resembles it starts a story of its own.
        let other = index.insert(&item(
            5,
            5,
            None,
            "IBM unveils speech recognition system with AI chip",
            30,
        ));
        assert_ne!(other, story);
    }
}
