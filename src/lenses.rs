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
