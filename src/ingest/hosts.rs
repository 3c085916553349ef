//! The per-host limit shared by everything that fetches: feeds (the poller) and article
//! pages (`article::background`) take their slot from the same semaphore per host, so a
//! host never sees more than `[fetch] per_host` of our requests at once, whichever asks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::fetch::Source;

/// One semaphore per host, made on first use; clones share them.
#[derive(Debug, Clone)]
pub struct HostLimits {
    per_host: usize,
    slots: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl HostLimits {
    /// `per_host` requests at once per host (at least one).
    pub fn new(per_host: usize) -> HostLimits {
        HostLimits {
            per_host: per_host.max(1),
            slots: Arc::default(),
        }
    }

    /// The slots of the host `url` names, keyed as [`Source::host_key`] keys it. A URL
    /// that does not parse shares one key with the others that do not: its fetch fails
    /// at once anyway.
    pub fn of_url(&self, url: &str) -> Arc<Semaphore> {
        let key = Source::parse(url)
            .map(|source| source.host_key())
            .unwrap_or_default();
        // The lock is only held to look up or add an entry, never across an await; a
        // poisoned map is still a correct map (an insert cannot be left half done).
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        Arc::clone(
            slots
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_host_shares_its_slots_whoever_asks() {
        let limits = HostLimits::new(2);
        let feed = limits.of_url("https://Example.com/feed.xml");
        let page = limits.clone().of_url("https://example.com/2026/a-story");
        assert!(
            Arc::ptr_eq(&feed, &page),
            "host case and path do not matter"
        );
        assert_eq!(feed.available_permits(), 2);
        let other_port = limits.of_url("https://example.com:8443/a");
        assert!(!Arc::ptr_eq(&feed, &other_port));
        let _taken = feed.try_acquire().unwrap();
        assert_eq!(page.available_permits(), 1);
        assert_eq!(HostLimits::new(0).of_url("x").available_permits(), 1);
    }
}
