//! Which addresses a linked page may be fetched from: a feed must not be able to make
//! ainews-tui probe the reader's network (a router's admin page, a service on localhost).
//!
//! The rule is a pure function of two address classes, the feed's and the page's, so it can
//! be tested whole: a page on a public address is always allowed; a page on a loopback,
//! private or link-local address only when the feed itself came from such an address (a
//! feed served on the reader's own network may link into it); reserved addresses
//! (unspecified, multicast, broadcast, documentation) never.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What kind of network an address is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressClass {
    Public,
    Loopback,
    /// RFC 1918, carrier-grade NAT (100.64/10), IPv6 unique local (fc00::/7).
    Private,
    /// 169.254/16, fe80::/10.
    LinkLocal,
    /// Unspecified, multicast, broadcast, documentation and other ranges no page is on.
    Reserved,
}

impl AddressClass {
    pub const ALL: [AddressClass; 5] = [
        AddressClass::Public,
        AddressClass::Loopback,
        AddressClass::Private,
        AddressClass::LinkLocal,
        AddressClass::Reserved,
    ];

    /// The class of one address; an IPv4-mapped IPv6 address is classed as its IPv4 one.
    pub fn of(ip: IpAddr) -> AddressClass {
        match ip {
            IpAddr::V4(v4) => class_v4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => class_v4(v4),
                None => class_v6(v6),
            },
        }
    }

    /// True for the classes that are the reader's own network.
    pub fn is_local(self) -> bool {
        matches!(
            self,
            AddressClass::Loopback | AddressClass::Private | AddressClass::LinkLocal
        )
    }

    /// How the class is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            AddressClass::Public => "public",
            AddressClass::Loopback => "loopback",
            AddressClass::Private => "private",
            AddressClass::LinkLocal => "link-local",
            AddressClass::Reserved => "reserved",
        }
    }
}

fn class_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        AddressClass::Private
    } else if ip.is_link_local() {
        AddressClass::LinkLocal
    } else if ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

fn class_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if first & 0xfe00 == 0xfc00 {
        AddressClass::Private
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if ip.is_unspecified()
        || ip.is_multicast()
        || first == 0x2001 && ip.segments()[1] == 0xdb8
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

/// Whether a page on an address of class `page` may be fetched for a feed whose own
/// address was of class `feed`.
pub fn may_fetch(feed: AddressClass, page: AddressClass) -> bool {
    match page {
        AddressClass::Public => true,
        AddressClass::Reserved => false,
        local => {
            debug_assert!(local.is_local());
            feed.is_local()
        }
    }
}

/// Where the feed of an article came from, as far as the policy cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedOrigin {
    pub class: AddressClass,
}

impl FeedOrigin {
    /// A feed on the public internet (also what anything unknown counts as).
    pub const PUBLIC: FeedOrigin = FeedOrigin {
        class: AddressClass::Public,
    };

    /// The origin of the feed at `feed_url`: its host resolved now. The feed counts as
    /// local when any address it resolves to is local. A local file, or a host that does
    /// not resolve, counts as public: the strict side.
    pub async fn of_feed(feed_url: &str) -> FeedOrigin {
        let Ok(url) = url::Url::parse(feed_url.trim()) else {
            return FeedOrigin::PUBLIC;
        };
        if !matches!(url.scheme(), "http" | "https") {
            return FeedOrigin::PUBLIC;
        }
        let port = url.port_or_known_default().unwrap_or(80);
        let addresses: Vec<IpAddr> = match url.host() {
            Some(url::Host::Ipv4(ip)) => vec![IpAddr::V4(ip)],
            Some(url::Host::Ipv6(ip)) => vec![IpAddr::V6(ip)],
            Some(url::Host::Domain(name)) => match tokio::net::lookup_host((name, port)).await {
                Ok(found) => found.map(|a| a.ip()).collect(),
                Err(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        let local = addresses
            .into_iter()
            .map(AddressClass::of)
            .find(|class| class.is_local());
        FeedOrigin {
            class: local.unwrap_or(AddressClass::Public),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> AddressClass {
        AddressClass::of(text.parse().unwrap())
    }

    #[test]
    fn addresses_are_classed() {
        for (ip, want) in [
            ("8.8.8.8", AddressClass::Public),
            ("2606:4700::1111", AddressClass::Public),
            ("127.0.0.1", AddressClass::Loopback),
            ("127.9.9.9", AddressClass::Loopback),
            ("::1", AddressClass::Loopback),
            ("::ffff:127.0.0.1", AddressClass::Loopback),
            ("10.1.2.3", AddressClass::Private),
            ("172.16.0.1", AddressClass::Private),
            ("192.168.1.1", AddressClass::Private),
            ("100.64.0.1", AddressClass::Private),
            ("fd00::1", AddressClass::Private),
            ("::ffff:192.168.0.1", AddressClass::Private),
            ("169.254.169.254", AddressClass::LinkLocal),
            ("fe80::1", AddressClass::LinkLocal),
            ("0.0.0.0", AddressClass::Reserved),
            ("::", AddressClass::Reserved),
            ("224.0.0.1", AddressClass::Reserved),
            ("255.255.255.255", AddressClass::Reserved),
            ("192.0.2.1", AddressClass::Reserved),
            ("2001:db8::1", AddressClass::Reserved),
        ] {
            assert_eq!(class(ip), want, "{ip}");
        }
    }

    #[test]
    fn the_policy_table_is_exactly_this() {
        use AddressClass::*;
        for feed in AddressClass::ALL {
            for page in AddressClass::ALL {
                let want = match (feed, page) {
                    (_, Public) => true,
                    (_, Reserved) => false,
                    (Loopback | Private | LinkLocal, Loopback | Private | LinkLocal) => true,
                    (Public | Reserved, Loopback | Private | LinkLocal) => false,
                };
                assert_eq!(may_fetch(feed, page), want, "feed {feed:?}, page {page:?}");
            }
        }
    }

    #[tokio::test]
    async fn the_origin_of_a_feed_is_the_class_of_its_host() {
        let local = FeedOrigin::of_feed("http://127.0.0.1:8080/feed.xml").await;
        assert_eq!(local.class, AddressClass::Loopback);
        let lan = FeedOrigin::of_feed("http://[fd00::5]/rss").await;
        assert_eq!(lan.class, AddressClass::Private);
        for strict in [
            "file:///tmp/feed.xml",
            "feeds/local.xml",
            "http://8.8.8.8/rss",
            "",
        ] {
            assert_eq!(
                FeedOrigin::of_feed(strict).await,
                FeedOrigin::PUBLIC,
                "{strict}"
            );
        }
    }
}
