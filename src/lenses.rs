//! The reader's own lenses on the race, compiled once from the config: saved views (tabs,
//! some raising alerts) and hide rules (articles kept but never shown, counted or alerted
//! about). The dashboard, `refresh`'s alerts and the headless commands share them.

use crate::config::Config;
use crate::model::UnixTime;
use crate::query::{Compiled, QueryError, Subject, Vocabulary};

/// One saved view.
#[derive(Debug, Clone)]
pub struct SavedView {
    pub name: String,
    pub query: Compiled,
    /// New articles it matches raise alerts.
    pub notify: bool,
}

/// The saved views and hide rules of a config.
#[derive(Debug, Clone, Default)]
pub struct Lenses {
    pub views: Vec<SavedView>,
    pub hide: Vec<Compiled>,
}

impl Lenses {
    /// Compiles the config's views and hide rules (already checked when it was read) for
    /// the clock at `now`; an error names the view or rule and what is wrong.
    pub fn of(config: &Config, now: UnixTime) -> Result<Lenses, String> {
        let vocabulary = Vocabulary::new(
            &config.watchlist,
            config.feeds.iter().map(|feed| feed.tags.as_slice()),
        );
        let compile = |what: String, text: &str| {
            Compiled::parse(text, &vocabulary, now)
                .map_err(|error: QueryError| format!("{what}: {error}"))
        };
        let views = config
            .views
            .iter()
            .map(|view| {
                Ok::<_, String>(SavedView {
                    name: view.name.clone(),
                    query: compile(format!("view \"{}\"", view.name), &view.query)?,
                    notify: view.notify,
                })
            })
            .collect::<Result<_, _>>()?;
        let hide = config
            .hide
            .iter()
            .enumerate()
            .map(|(i, rule)| compile(format!("[[hide]] #{}", i + 1), &rule.query))
            .collect::<Result<_, _>>()?;
        Ok(Lenses { views, hide })
    }

    /// Whether a hide rule takes the article out of sight.
    pub fn hides(&self, article: &impl Subject) -> bool {
        self.hide.iter().any(|rule| rule.matches(article))
    }

    /// The names of the views with `notify = true` that match the article.
    pub fn notifying(&self, article: &impl Subject) -> Vec<String> {
        self.views
            .iter()
            .filter(|view| view.notify && view.query.matches(article))
            .map(|view| view.name.clone())
            .collect()
    }

    /// Relative times (`since:24h`) moved to the present.
    pub fn retime(&mut self, now: UnixTime) {
        for view in &mut self.views {
            view.query.retime(now);
        }
        for rule in &mut self.hide {
            rule.retime(now);
        }
    }
}

/// A fetched article as the lenses see it: its text keys made once.
pub struct ArticleSubject<'a> {
    article: &'a crate::model::Article,
    key: String,
    text: String,
    watch: Vec<u16>,
}

impl<'a> ArticleSubject<'a> {
    /// `source` is the feed's display name; the watchlist gives `watch:` its hits.
    pub fn new(
        article: &'a crate::model::Article,
        source: &str,
        watchlist: &crate::topics::watch::Watchlist,
    ) -> ArticleSubject<'a> {
        let text = crate::text::sanitize::strip_tags(&article.body);
        let watch = watchlist
            .matches(&article.title, &text)
            .into_iter()
            .map(|i| i as u16)
            .collect();
        ArticleSubject {
            article,
            key: crate::query::search_key(&article.title, source),
            text: crate::query::normalize(&text).into_owned(),
            watch,
        }
    }

    /// The watchlist terms it names, as written in the config.
    pub fn watch_terms(&self, watchlist: &crate::topics::watch::Watchlist) -> Vec<String> {
        self.watch
            .iter()
            .filter_map(|&i| watchlist.terms().get(usize::from(i)).cloned())
            .collect()
    }
}

impl Subject for ArticleSubject<'_> {
    fn search_key(&self) -> &str {
        &self.key
    }
    fn text_key(&self) -> Option<&str> {
        Some(&self.text)
    }
    fn feed(&self) -> crate::model::FeedId {
        self.article.feed
    }
    fn topic(&self) -> crate::model::Topic {
        self.article.topic
    }
    fn read(&self) -> bool {
        self.article.read
    }
    fn starred(&self) -> bool {
        self.article.starred
    }
    fn when(&self) -> UnixTime {
        self.article.when()
    }
    fn watch_hits(&self) -> &[u16] {
        &self.watch
    }
    /// A fetched article has no page text yet.
    fn has_full_text(&self) -> bool {
        false
    }
}

impl Lenses {
    /// What a new article raises an alert for: the watchlist terms it names and the
    /// views with `notify = true` it matches; nothing when a hide rule hides it.
    pub fn alert_labels(
        &self,
        article: &crate::model::Article,
        source: &str,
        watchlist: &crate::topics::watch::Watchlist,
    ) -> Vec<String> {
        if watchlist.is_empty() && !self.views.iter().any(|view| view.notify) {
            return Vec::new();
        }
        let subject = ArticleSubject::new(article, source, watchlist);
        if self.hides(&subject) {
            return Vec::new();
        }
        let mut labels = subject.watch_terms(watchlist);
        labels.extend(self.notifying(&subject));
        labels
    }
}
