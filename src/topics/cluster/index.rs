//! The story index: articles inserted as they arrive, each matched against the stories of
//! the time window through an inverted index of (token, time slot) with prefix filtering,
//! so one insert costs a bounded amount of work whatever the size of the index.

use rustc_hash::FxHashMap as HashMap;

use super::postings::Postings;
use super::similarity::{
    CROSSES_LANGUAGES, Profile, Script, Side, TRANSLATION_MIN, Title, Token, compare, must_share,
    overlap,
};
use super::{
    ClusterId, MIN_TITLE_TOKENS, SAME_STORY_THRESHOLD, STORY_WINDOW_SECS, StoryItem, link_key,
};
use crate::model::{ArticleId, FeedId, UnixTime};

/// At most this many entries of one (token, time slot) posting list are read per insert,
/// newest first: the bound that keeps an insert cheap when a token is in every headline.
const POSTING_SCAN_CAP: usize = 64;

/// A story is found by the titles of its first this many articles only. Later ones still
/// join it, but do not widen what it matches: otherwise a story drifts, one similar title
/// at a time, to cover unrelated news (chaining), and every new title is compared with
/// each of its many members.
const INDEXED_MEMBERS: usize = 3;

/// One indexed article.
#[derive(Debug, Clone)]
struct Entry {
    feed: FeedId,
    time: UnixTime,
    /// Where the title's tokens are in `StoryIndex::tokens`.
    tokens_at: u32,
    token_count: u32,
    profile: Profile,
    cluster: u32,
}

/// What the candidate scan keeps per entry (see `StoryIndex::scan`).
#[derive(Debug, Clone, Copy)]
struct Scan {
    stamp: u32,
    shared: f32,
}

/// One story: its id, how many articles it has and the feeds they came from (sorted,
/// distinct: a story takes one article per feed, and this answers that in a lookup). Who
/// the members are is each entry's: a list per story would cost more than the rest of it.
#[derive(Debug, Clone)]
struct Story {
    id: ClusterId,
    size: u32,
    feeds: Vec<FeedId>,
}

/// Clusters articles as they arrive: each insert returns the article's story at once and
/// never changes the story of an article inserted before (stories are not merged later).
///
/// Inserting in time order gives the same stories as [`super::cluster`]. An article that
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
    postings: Postings,
    /// Entries per token over all time: orders a title's tokens rarest first.
    token_counts: HashMap<u64, u32>,
    /// Per entry, the insert that last listed it as a candidate (dedups the candidates of
    /// one insert in a pass instead of a sort) and the weight of the read tokens it shares
    /// with that insert's title: side by side, one cache line per posting read.
    scan: Vec<Scan>,
    /// Per story, one bit per feed (feed id modulo 64) it holds an article of: most
    /// candidates' stories lack the new article's feed, and this says so without reading
    /// the story.
    feed_bits: Vec<u64>,
    /// The candidates of the current insert, kept to reuse the allocation.
    found: Vec<u32>,
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
        let story = match link.and_then(|key| self.by_link.get(&key).copied()) {
            Some(story) => story,
            None => self
                .best_title_match(item, &title)
                .unwrap_or_else(|| self.new_story(ClusterId(item.id))),
        };
        self.add_entry(item, title, link, story)
    }

    /// Adds an article whose story was decided before (by an earlier insert, stored in
    /// the cache), so that later inserts can join it; nothing is compared. Inserting an id
    /// again returns its story unchanged, as `insert` does.
    pub fn insert_known(&mut self, item: &StoryItem<'_>, story: ClusterId) -> ClusterId {
        if let Some(&entry) = self.by_id.get(&item.id) {
            return self.stories[self.entries[entry as usize].cluster as usize].id;
        }
        let link = link_key(item.link);
        let title = Title::new(item.title);
        let story = match self.story_by_id.get(&story) {
            Some(&known) => known,
            None => self.new_story(story),
        };
        self.add_entry(item, title, link, story)
    }

    /// Records an article as a member of `story` and, while the story has few members,
    /// its title tokens in the postings.
    fn add_entry(
        &mut self,
        item: &StoryItem<'_>,
        title: Title,
        link: Option<u64>,
        story: u32,
    ) -> ClusterId {
        let tokens = &title.tokens;
        let entry = self.entries.len() as u32;
        if tokens.len() >= MIN_TITLE_TOKENS
            && (self.stories[story as usize].size as usize) < INDEXED_MEMBERS
        {
            let slot = time_slot(item.time);
            for token in tokens.iter() {
                self.postings.push(token.hash, slot, entry);
                *self.token_counts.entry(token.hash).or_default() += 1;
            }
        }
        self.entries.push(Entry {
            feed: item.feed,
            time: item.time,
            tokens_at: self.tokens.len() as u32,
            token_count: tokens.len() as u32,
            profile: title.profile,
            cluster: story,
        });
        self.tokens.extend_from_slice(tokens);
        self.by_id.insert(item.id, entry);
        if let Some(key) = link {
            self.by_link.entry(key).or_insert(story);
        }
        self.add_member(story, item.feed);
        self.stories[story as usize].id
    }

    /// The story of an inserted article.
    pub fn cluster_of(&self, id: ArticleId) -> Option<ClusterId> {
        let entry = self.by_id.get(&id)?;
        Some(self.stories[self.entries[*entry as usize].cluster as usize].id)
    }

    /// How many articles a story has; 0 for an unknown id.
    pub fn story_size(&self, cluster: ClusterId) -> usize {
        self.story_by_id
            .get(&cluster)
            .map_or(0, |&story| self.stories[story as usize].size as usize)
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

    fn new_story(&mut self, cluster: ClusterId) -> u32 {
        let story = self.stories.len() as u32;
        self.stories.push(Story {
            id: cluster,
            size: 0,
            feeds: Vec::new(),
        });
        self.story_by_id.insert(cluster, story);
        self.feed_bits.push(0);
        story
    }

    fn add_member(&mut self, story: u32, feed: FeedId) {
        self.feed_bits[story as usize] |= feed_bit(feed);
        let story = &mut self.stories[story as usize];
        story.size += 1;
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
        let weight = title.profile.weight;
        let mut best: Option<(f64, u32)> = None;
        let unread = self.candidates(item.time, title);
        let candidates = std::mem::take(&mut self.found);
        for &candidate in &candidates {
            let entry = &self.entries[candidate as usize];
            if entry.feed == item.feed
                || entry.time.abs_diff(item.time) > STORY_WINDOW_SECS.unsigned_abs()
            {
                continue;
            }
            // The shared weight is at most what it shares of the tokens read plus all the
            // unread ones, and at most the lighter title's weight: a title whose best
            // possible similarity cannot reach the threshold or the best so far needs no
            // comparison (the margin covers float rounding; penalties only lower it).
            let (mine, theirs) = if title.profile.script.translated(entry.profile.script) {
                (title.profile.kept, entry.profile.kept)
            } else {
                (weight, entry.profile.weight)
            };
            let shared = (self.scan[candidate as usize].shared + unread)
                .min(mine)
                .min(theirs);
            let bound = overlap(shared, mine, theirs);
            let floor = best.map_or(SAME_STORY_THRESHOLD, |(similarity, _)| similarity);
            if bound + 1e-6 < floor {
                continue;
            }
            // After the bound, which is cheaper: it reads only the entry, this the story.
            if self.feed_bits[entry.cluster as usize] & feed_bit(item.feed) != 0
                && self.stories[entry.cluster as usize]
                    .feeds
                    .binary_search(&item.feed)
                    .is_ok()
            {
                continue;
            }
            self.comparisons += 1;
            let theirs = &self.tokens[entry.tokens_at as usize..][..entry.token_count as usize];
            let similarity = compare(
                Side::of(title),
                Side {
                    tokens: theirs,
                    profile: entry.profile,
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
        self.found = candidates;
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
    fn candidates(&mut self, time: UnixTime, title: &Title) -> f32 {
        let tokens = &title.tokens[..];
        let slots = time_slot(time - STORY_WINDOW_SECS)..=time_slot(time + STORY_WINDOW_SECS);
        let mut by_rarity: Vec<(u32, &Token)> = tokens
            .iter()
            .map(|t| (self.token_counts.get(&t.hash).copied().unwrap_or(0), t))
            .collect();
        by_rarity.sort_unstable_by_key(|&(n, t)| (n, t.hash));
        let must_share_any = must_share(title.profile.weight);
        // A translation of this title shares only tokens a translation keeps, and needs
        // at least TRANSLATION_MIN times their weight (its overlap's union is no smaller).
        let must_share_kept = match title.profile.script {
            Script::Latin | Script::Chinese => TRANSLATION_MIN as f32 * title.profile.kept,
            Script::Mixed => f32::INFINITY,
        };
        let mut unread = title.profile.weight;
        let mut unread_kept = title.profile.kept;
        // u32::MAX marks "never seen", so stamps run 1..u32::MAX and restart on wrapping.
        self.inserts += 1;
        if self.inserts == u32::MAX {
            self.scan.fill(UNSEEN);
            self.inserts = 1;
        }
        self.scan.resize(self.entries.len(), UNSEEN);
        let found = &mut self.found;
        found.clear();
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
            let scan = &mut self.scan;
            let stamp = self.inserts;
            for s in slots.clone() {
                self.postings
                    .for_newest(token.hash, s, POSTING_SCAN_CAP, |entry| {
                        let at = entry as usize;
                        let seen = &mut scan[at];
                        if seen.stamp != stamp {
                            *seen = Scan { stamp, shared: 0.0 };
                            found.push(entry);
                        }
                        seen.shared += token.weight;
                    });
            }
        }
        unread.max(0.0)
    }
}

/// An entry no insert has listed yet.
const UNSEEN: Scan = Scan {
    stamp: u32::MAX,
    shared: 0.0,
};

/// The bit of `feed` in `StoryIndex::feed_bits`.
fn feed_bit(feed: FeedId) -> u64 {
    1 << (feed.0 % 64)
}

/// Width of a posting-list time slot: a quarter of the window, so the slots read for one
/// insert span little more than the window on each side.
const SLOT_SECS: i64 = STORY_WINDOW_SECS / 4;

fn time_slot(time: UnixTime) -> i64 {
    time.div_euclid(SLOT_SECS)
}
