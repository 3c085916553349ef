//! Performing the Commands `update` asks for: reads of the cache and fetches of pages off
//! the UI thread (their outcomes come back as Actions), writes handed to the store's
//! writer, refreshes to the poller, links to the browser. Full-text searches go to one
//! worker that always runs the newest query, so fast typing never queues stale searches.

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;

use super::action::{Action, Command};
use super::full_text_hits::RESULTS;
use crate::alerts;
use crate::config::FetchConfig;
use crate::ingest::poller::PollerHandle;
use crate::store::{FullText, HeadlineQuery, Store, WriteOp};
use crate::time;
use crate::topics::classify::Classifier;

/// What the run loop performs Commands with.
pub struct Effects<'a> {
    pub poller: &'a PollerHandle,
    pub store: &'a Store,
    pub classifier: &'a Classifier,
    pub fetch: &'a FetchConfig,
    /// Where outcomes go, as Actions.
    pub actions: UnboundedSender<Action>,
    /// The newest full-text query, for the search worker.
    pub search: watch::Sender<Option<String>>,
    /// `notify_command` (the bell is the run loop's: it owns the terminal).
    pub notify_command: Vec<String>,
    /// `browser`: how links are opened (empty: the system's opener).
    pub browser: Vec<String>,
}

impl Effects<'_> {
    pub fn perform(&self, command: Command) {
        let (store, actions) = (self.store, &self.actions);
        match command {
            Command::LoadBody(id) => {
                let (store, actions) = (store.clone(), actions.clone());
                tokio::task::spawn_blocking(move || {
                    let body = match store.load_body(id) {
                        Ok(body) => body,
                        Err(err) => {
                            tracing::warn!("loading the body of {id}: {err}");
                            None
                        }
                    };
                    let enclosures = store.load_enclosures(id).unwrap_or_else(|err| {
                        tracing::warn!("loading the attachments of {id}: {err}");
                        Vec::new()
                    });
                    let _ = actions.send(Action::BodyLoaded {
                        id,
                        body,
                        enclosures,
                    });
                });
            }
            Command::LoadFullText(id) => {
                let (store, actions) = (store.clone(), actions.clone());
                tokio::task::spawn_blocking(move || {
                    let full = match store.load_full_text(id) {
                        Ok(full) => full.map(|full| full.outcome),
                        Err(err) => {
                            tracing::warn!("loading the full article of {id}: {err}");
                            None
                        }
                    };
                    let _ = actions.send(Action::FullTextLoaded { id, full });
                });
            }
            Command::FetchFullText {
                id,
                feed_url,
                link,
                body_html,
            } => {
                let (store, actions) = (store.clone(), actions.clone());
                let fetch = self.fetch.clone();
                tokio::spawn(async move {
                    let summary = tokio::task::spawn_blocking(move || {
                        crate::article::render_text(&body_html)
                    })
                    .await
                    .unwrap_or_default();
                    let outcome =
                        crate::article::fetch_full_text(&fetch, &feed_url, &link, &summary)
                            .await
                            .map_err(|err| err.to_string());
                    store.send(WriteOp::SaveFullText {
                        id,
                        full_text: FullText {
                            outcome: outcome.clone(),
                            fetched_at: time::now(),
                        },
                    });
                    let _ = actions.send(Action::FullTextFetched { id, outcome });
                });
            }
            Command::SearchFullText(query) => {
                // The worker takes the newest query whenever it is free.
                self.search.send_replace(Some(query));
            }
            Command::SetRead { ids, read } => store.send(WriteOp::SetRead { ids, read }),
            Command::SetStarred { ids, starred } => {
                store.send(WriteOp::SetStarred { ids, starred })
            }
            Command::SetTopic { id, topic } => store.send(WriteOp::SetTopic { id, topic }),
            Command::Learn { id, lesson } => self.classifier.learn(id, lesson),
            Command::OpenLink(link) => {
                let (actions, browser) = (actions.clone(), self.browser.clone());
                tokio::task::spawn_blocking(move || {
                    let _ = actions.send(Action::Notify(open_link(&browser, &link)));
                });
            }
            Command::OpenAttachment {
                url,
                number,
                count,
                name,
            } => {
                let (actions, browser) = (actions.clone(), self.browser.clone());
                tokio::task::spawn_blocking(move || {
                    let said = open_attachment(&browser, &url, number, count, &name);
                    let _ = actions.send(Action::Notify(said));
                });
            }
            Command::RefreshFeed(feed) => {
                self.poller.refresh(feed);
            }
            Command::RefreshAll => {
                self.poller.refresh_all();
            }
            Command::Alert(notification) => {
                if self.notify_command.is_empty() {
                    return;
                }
                let argv = alerts::command::argv(&self.notify_command, &notification);
                let actions = actions.clone();
                tokio::task::spawn_blocking(move || {
                    let warning = match alerts::command::start(&argv) {
                        Ok(running) => running.wait(alerts::command::WAIT),
                        Err(why) => Some(format!("notify_command {why}")),
                    };
                    if let Some(warning) = warning {
                        tracing::warn!("{warning}");
                        let _ = actions.send(Action::Notify(warning));
                    }
                });
            }
            Command::Quit => {}
        }
    }
}

/// Runs full-text searches one at a time, always the newest query asked, and reports each
/// answer as `Action::FullTextResults`. Ends when the run loop drops its sender.
pub fn spawn_search_worker(
    store: Store,
    actions: UnboundedSender<Action>,
) -> watch::Sender<Option<String>> {
    let (sender, mut queries) = watch::channel(None::<String>);
    tokio::spawn(async move {
        while queries.changed().await.is_ok() {
            let Some(query) = queries.borrow_and_update().clone() else {
                continue;
            };
            let store = store.clone();
            let asked = query.clone();
            let found = tokio::task::spawn_blocking(move || {
                store.search(&HeadlineQuery {
                    search: Some(asked),
                    limit: Some(RESULTS),
                    ..HeadlineQuery::default()
                })
            })
            .await;
            let hits = match found {
                Ok(Ok(hits)) => hits
                    .into_iter()
                    .map(|hit| (hit.stored.article.id, hit.snippet))
                    .collect(),
                Ok(Err(err)) => {
                    tracing::warn!("searching the full text for {query:?}: {err}");
                    let text = format!("the full-text search failed: {}", err.summary());
                    let _ = actions.send(Action::Notify(text));
                    Vec::new()
                }
                Err(_) => Vec::new(),
            };
            if actions
                .send(Action::FullTextResults { query, hits })
                .is_err()
            {
                break;
            }
        }
    });
    sender
}

/// How long `o` waits to tell a browser that failed at once from one that is running.
const BROWSER_WAIT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Opens `link` with the `browser` setting (its `{url}` replaced; never through a shell,
/// so the link is data) or the system's opener, and says in one line what ran or why not.
pub fn open_link(browser: &[String], link: &str) -> String {
    match launch(browser, link) {
        Ok(Some(program)) => format!("opened {link} with {program}"),
        Ok(None) => format!("opened {link}"),
        Err(why) => why,
    }
}

/// As `open_link` for an article's attached file, number `number` of `count`: "opened
/// attachment 2/3 with xdg-open: episode.mp3", or why not.
pub fn open_attachment(
    browser: &[String],
    url: &str,
    number: usize,
    count: usize,
    name: &str,
) -> String {
    match launch(browser, url) {
        Ok(Some(program)) => format!("opened attachment {number}/{count} with {program}: {name}"),
        Ok(None) => format!("opened attachment {number}/{count}: {name}"),
        Err(why) => why,
    }
}

/// Starts the browser on `link`: the program that runs it (`None`: the system's opener), or
/// the one line that says why not.
fn launch(browser: &[String], link: &str) -> Result<Option<String>, String> {
    if browser.is_empty() {
        return match open::that_detached(link) {
            Ok(()) => Ok(None),
            Err(err) => Err(format!(
                "could not open a browser: {err}; set browser = [\"firefox\", \"{{url}}\"] in the config"
            )),
        };
    }
    let argv: Vec<String> = browser
        .iter()
        .map(|arg| arg.replace("{url}", link))
        .collect();
    match alerts::command::start(&argv) {
        Ok(running) => {
            let program = running.program().to_string();
            match running.wait_status(BROWSER_WAIT) {
                alerts::command::Ended::Failed(why) => Err(format!("browser {why}")),
                _ => Ok(Some(program)),
            }
        }
        Err(why) => Err(format!("browser {why}")),
    }
}
