//! A parsed query made ready to run over many articles: needles normalized and their
//! searchers built once, `tag:` resolved to the feeds that carry the tag, `watch:TERM` to
//! watchlist indexes, times resolved against `now`, and cheap tests put before text
//! searches so that most articles are decided without reading their text.

use crate::model::{FeedId, Topic, UnixTime};

use super::ast::{Flag, Node, Query, Span, Term, Watch, When};
use super::error::{ErrorKind, QueryError};
use super::eval::Subject;
use super::needle::{Needle, normalize, source_of};
use super::parser::parse;
use super::suggest::closest;
use super::time::resolve;

/// What a query is compiled against: the config's watchlist and its feeds' tags.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// The watchlist terms in config order (their indexes are the articles' watch hits).
    pub watchlist: Vec<String>,
    /// Each feed's tags, by the id its articles carry.
    pub feed_tags: Vec<(FeedId, Vec<String>)>,
}

impl Vocabulary {
    /// The watchlist, and each configured feed's tags in config order: a feed's id is its
    /// index in the config (see `model::FeedId`), as the dashboard and the CLI number them.
    pub fn new<'t>(
        watchlist: &[String],
        tags_by_feed: impl IntoIterator<Item = &'t [String]>,
    ) -> Vocabulary {
        Vocabulary {
            watchlist: watchlist.to_vec(),
            feed_tags: tags_by_feed
                .into_iter()
                .enumerate()
                .map(|(i, tags)| (FeedId(i as u32), tags.to_vec()))
                .collect(),
        }
    }

    /// The tags in use, lowercased, sorted, each once.
    fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .feed_tags
            .iter()
            .flat_map(|(_, tags)| tags.iter().map(|t| t.trim().to_lowercase()))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }
}

/// A query ready to be evaluated with [`Compiled::matches`].
#[derive(Debug, Clone)]
pub struct Compiled {
    op: Op,
    plain: bool,
}

#[derive(Debug, Clone)]
enum Op {
    True,
    And(Vec<Op>),
    Or(Vec<Op>),
    Not(Box<Op>),
    /// A word or phrase: in the title, the source name or the text.
    Text(Needle),
    Source(Needle),
    Topic(Topic),
    /// The feeds carrying a tag, sorted.
    Feeds(Vec<FeedId>),
    WatchAny,
    /// Watchlist indexes spelled as the term (duplicates in the list are several).
    Watch(Vec<u16>),
    Read(bool),
    Starred,
    FullText,
    Since(Time),
    Before(Time),
}

/// A time as written and as resolved for the `now` compiled at.
#[derive(Debug, Clone, Copy)]
struct Time {
    when: When,
    at: UnixTime,
}

impl Compiled {
    /// Parses and compiles `text` in one step.
    pub fn parse(text: &str, vocabulary: &Vocabulary, now: UnixTime) -> Result<Self, QueryError> {
        Compiled::new(&parse(text)?, text, vocabulary, now)
    }

    /// Compiles `query` (parsed from `text`, which errors point into). Relative times
    /// (`since:24h`) are resolved against `now`; see [`Compiled::retime`].
    pub fn new(
        query: &Query,
        text: &str,
        vocabulary: &Vocabulary,
        now: UnixTime,
    ) -> Result<Self, QueryError> {
        let compiler = Compiler {
            text,
            vocabulary,
            now,
        };
        Ok(Compiled {
            op: compiler.node(&query.root)?,
            plain: query.is_plain(),
        })
    }

    /// Moves relative times to a new `now`: a view kept for hours shows the last 24 hours
    /// of the present, not of when it was compiled.
    pub fn retime(&mut self, now: UnixTime) {
        fn walk(op: &mut Op, now: UnixTime) {
            match op {
                Op::And(ops) | Op::Or(ops) => ops.iter_mut().for_each(|op| walk(op, now)),
                Op::Not(op) => walk(op, now),
                Op::Since(time) | Op::Before(time) => time.at = resolve(time.when, now),
                _ => {}
            }
        }
        walk(&mut self.op, now);
    }

    /// True when the query was only bare words (see [`Query::is_plain`]).
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// True when the query matches every article (it was empty).
    pub fn is_everything(&self) -> bool {
        matches!(self.op, Op::True)
    }

    /// Whether `subject` matches.
    pub fn matches<S: Subject + ?Sized>(&self, subject: &S) -> bool {
        eval(&self.op, subject)
    }
}

fn eval<S: Subject + ?Sized>(op: &Op, s: &S) -> bool {
    match op {
        Op::True => true,
        Op::And(ops) => ops.iter().all(|op| eval(op, s)),
        Op::Or(ops) => ops.iter().any(|op| eval(op, s)),
        Op::Not(op) => !eval(op, s),
        Op::Text(needle) => {
            needle.is_in(s.search_key()) || s.text_key().is_some_and(|text| needle.is_in(text))
        }
        Op::Source(needle) => needle.is_in(source_of(s.search_key())),
        Op::Topic(topic) => s.topic() == *topic,
        Op::Feeds(feeds) => feeds.binary_search(&s.feed()).is_ok(),
        Op::WatchAny => !s.watch_hits().is_empty(),
        Op::Watch(terms) => s.watch_hits().iter().any(|hit| terms.contains(hit)),
        Op::Read(read) => s.read() == *read,
        Op::Starred => s.starred(),
        Op::FullText => s.has_full_text(),
        Op::Since(time) => s.when() >= time.at,
        Op::Before(time) => s.when() < time.at,
    }
}

/// How much an op costs per article, to run the cheap ones first: flags, then lookups,
/// then text searches.
fn cost(op: &Op) -> u32 {
    match op {
        Op::True | Op::Topic(_) | Op::Read(_) | Op::Starred | Op::FullText => 0,
        Op::Since(_) | Op::Before(_) | Op::WatchAny => 0,
        Op::Feeds(_) | Op::Watch(_) => 1,
        Op::Source(_) => 2,
        Op::Text(_) => 4,
        Op::Not(op) => cost(op),
        Op::And(ops) | Op::Or(ops) => ops.iter().map(cost).sum(),
    }
}

struct Compiler<'a> {
    text: &'a str,
    vocabulary: &'a Vocabulary,
    now: UnixTime,
}

impl Compiler<'_> {
    fn node(&self, node: &Node) -> Result<Op, QueryError> {
        Ok(match node {
            Node::All => Op::True,
            Node::And(children) => Op::And(self.cheap_first(children)?),
            Node::Or(children) => Op::Or(self.cheap_first(children)?),
            Node::Not(child) => Op::Not(Box::new(self.node(child)?)),
            Node::Term(term, span) => self.term(term, *span)?,
        })
    }

    /// The children compiled, cheapest first (AND and OR give the same answer in any
    /// order; the order only decides how soon it is known).
    fn cheap_first(&self, children: &[Node]) -> Result<Vec<Op>, QueryError> {
        let mut ops = children
            .iter()
            .map(|child| self.node(child))
            .collect::<Result<Vec<_>, _>>()?;
        ops.sort_by_key(cost);
        Ok(ops)
    }

    fn term(&self, term: &Term, span: Span) -> Result<Op, QueryError> {
        let time = |when: &When| Time {
            when: *when,
            at: resolve(*when, self.now),
        };
        Ok(match term {
            Term::Word(text) | Term::Phrase(text) => Op::Text(Needle::words(text)),
            Term::Source(text) => Op::Source(Needle::substring(text)),
            Term::Topic(topic) => Op::Topic(*topic),
            Term::Tag(tag) => Op::Feeds(self.tag(tag, span)?),
            Term::Watch(Watch::Any) => Op::WatchAny,
            Term::Watch(Watch::Term(term)) => Op::Watch(self.watch(term, span)?),
            Term::Is(Flag::Unread) => Op::Read(false),
            Term::Is(Flag::Read) => Op::Read(true),
            Term::Is(Flag::Starred) => Op::Starred,
            Term::HasFullText => Op::FullText,
            Term::Since(when) => Op::Since(time(when)),
            Term::Before(when) => Op::Before(time(when)),
        })
    }

    /// The feeds carrying `tag` (case ignored), or an error naming the tags there are.
    fn tag(&self, tag: &str, span: Span) -> Result<Vec<FeedId>, QueryError> {
        let wanted = tag.trim().to_lowercase();
        let mut feeds: Vec<FeedId> = self
            .vocabulary
            .feed_tags
            .iter()
            .filter(|(_, tags)| tags.iter().any(|t| t.trim().to_lowercase() == wanted))
            .map(|(feed, _)| *feed)
            .collect();
        if feeds.is_empty() {
            let known = self.vocabulary.tags();
            let kind = if known.is_empty() {
                ErrorKind::NoTags
            } else {
                ErrorKind::UnknownValue {
                    field: "tag",
                    value: tag.to_owned(),
                    suggestion: closest(tag, known.iter().map(String::as_str)),
                    valid: format!("a tag of a feed: {}", listed(&known)),
                }
            };
            return Err(self.value_error(kind, span));
        }
        feeds.sort_unstable();
        feeds.dedup();
        Ok(feeds)
    }

    /// The indexes of the watchlist terms spelled as `term` (case and script ignored).
    fn watch(&self, term: &str, span: Span) -> Result<Vec<u16>, QueryError> {
        let list = &self.vocabulary.watchlist;
        let wanted = normalize(term.trim());
        let indexes: Vec<u16> = (0..list.len().min(usize::from(u16::MAX)))
            .filter(|&i| normalize(list[i].trim()) == wanted)
            .map(|i| i as u16)
            .collect();
        if !indexes.is_empty() {
            return Ok(indexes);
        }
        let kind = if list.is_empty() {
            ErrorKind::NoWatchlist
        } else {
            let trimmed: Vec<String> = list.iter().map(|t| t.trim().to_owned()).collect();
            ErrorKind::UnknownValue {
                field: "watchlist term",
                value: term.to_owned(),
                suggestion: closest(term, trimmed.iter().map(String::as_str)),
                valid: format!("`any` or one of {}", listed(&trimmed)),
            }
        };
        Err(self.value_error(kind, span))
    }

    /// An error about a field's value: the caret goes under the value.
    fn value_error(&self, kind: ErrorKind, field: Span) -> QueryError {
        let written = self.text.get(field.start..field.end).unwrap_or_default();
        let value_start = written
            .find(':')
            .map_or(field.start, |at| field.start + at + 1);
        let span = Span::new(value_start.min(field.end), field.end);
        QueryError::new(kind, span, self.text)
    }
}

/// Up to ten names, comma-separated, "..." after that.
fn listed(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(", ...");
    }
    text
}
