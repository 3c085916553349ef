//! Links from feeds: only well-formed web URLs may reach the browser or the screen.

use super::escapes::is_forbidden;
use url::Url;

/// Longer URLs are refused: no real article link needs more, and the cap bounds the work.
pub(super) const MAX_LINK_BYTES: usize = 8 * 1024;

/// A normalized http(s) URL, or `None`. Surrounding whitespace (common in `<link>` elements)
/// is trimmed; whitespace, controls or invisible characters inside, a leading `-` (it could
/// pass as an option to a program), other schemes, a missing host and user info
/// (`https://bank.example@evil.example` is a classic disguise) are refused.
pub(super) fn safe_link(link: &str) -> Option<String> {
    let url = parse_plain_url(link)?;
    let web = matches!(url.scheme(), "http" | "https");
    let has_host = url.host_str().is_some_and(|h| !h.is_empty());
    let no_userinfo = url.username().is_empty() && url.password().is_none();
    (web && has_host && no_userinfo).then(|| url.to_string())
}

/// A link worth listing under a preview: http(s) as in `safe_link`, or a `mailto:` address.
pub(super) fn footnote_link(link: &str) -> Option<String> {
    if let Some(web) = safe_link(link) {
        return Some(web);
    }
    let url = parse_plain_url(link)?;
    (url.scheme() == "mailto" && url.path().contains('@')).then(|| url.to_string())
}

/// The URL when the text is one clean token that parses as an absolute URL.
fn parse_plain_url(link: &str) -> Option<Url> {
    let link = link.trim_matches(|c: char| c.is_ascii_whitespace());
    let clean_token = !link.is_empty()
        && link.len() <= MAX_LINK_BYTES
        && !link.starts_with('-')
        && !link.chars().any(|c| c.is_whitespace() || is_forbidden(c));
    if !clean_token {
        return None;
    }
    Url::parse(link).ok()
}

#[cfg(test)]
mod tests {
    use super::{footnote_link, safe_link};

    #[test]
    fn accepts_and_normalizes_web_links() {
        assert_eq!(
            safe_link("https://example.com/a?b=c#d").as_deref(),
            Some("https://example.com/a?b=c#d")
        );
        assert_eq!(
            safe_link("  HTTP://Example.COM\n").as_deref(),
            Some("http://example.com/")
        );
        assert_eq!(
            safe_link("https://例子.中国/新闻").as_deref(),
            Some("https://xn--fsqu00a.xn--fiqs8s/%E6%96%B0%E9%97%BB")
        );
    }

    #[test]
    fn refuses_other_schemes_and_tricks() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>",
            "ftp://example.com/",
            "mailto:a@example.com",
            "-https://example.com",
            "--help",
            "https://exa mple.com/",
            "https://example.com/\u{1b}[31m",
            "https://example.com/\u{202e}gpj.exe",
            "https://example.com/\u{200b}",
            "https://bank.example@evil.example/",
            "https://",
            "/relative/path",
            "example.com",
            "",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
        let long = format!("https://example.com/{}", "a".repeat(9000));
        assert_eq!(safe_link(&long), None);
    }

    #[test]
    fn footnotes_also_list_mail_addresses() {
        assert_eq!(
            footnote_link("mailto:tips@example.com").as_deref(),
            Some("mailto:tips@example.com")
        );
        assert_eq!(footnote_link("javascript:void(0)"), None);
        assert_eq!(footnote_link("#section-2"), None);
    }
}
