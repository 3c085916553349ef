//! Links from feeds: only well-formed web URLs may reach the browser or the screen.
//!
//! Shell metacharacters: a link is handed to the browser as one argument, never through a
//! shell, so they carry no meaning by themselves. As defence in depth (some openers are
//! shell scripts), characters with shell meaning and no URL meaning (`` ` | \ ^ { } " ' < > ``)
//! are percent-encoded after the host, which RFC 3986 says leaves the URL the same, and
//! command substitution (`$(`, `${`) is refused outright, as are percent-encoded controls,
//! bidi and zero-width characters (an opener that decodes the URL would reveal them). `; & $ ( ) ! * , = +` are kept:
//! they are URL delimiters that real article links use (`?a=1&b=2`, `/wiki/Go_(game)`).

use super::escapes::is_forbidden;
use url::{Position, Url};

/// Longer URLs are refused: no real article link needs more, and the cap bounds the work.
pub(super) const MAX_LINK_BYTES: usize = 8 * 1024;

/// A normalized http(s) URL, or `None`. Surrounding whitespace (common in `<link>` elements)
/// is trimmed; whitespace, controls or invisible characters inside, a leading `-` (it could
/// pass as an option to a program), other schemes, a missing host and user info
/// (`https://bank.example@evil.example` is a classic disguise) are refused.
pub(super) fn safe_link(link: &str) -> Option<String> {
    let url = parse_plain_url(link)?;
    let web = matches!(url.scheme(), "http" | "https");
    let plain_host = url
        .host_str()
        .is_some_and(|h| !h.is_empty() && h.chars().all(is_host_char));
    let no_userinfo = url.username().is_empty() && url.password().is_none();
    if !(web && plain_host && no_userinfo) {
        return None;
    }
    let head_len = url[..Position::BeforePath].len();
    let serialized = url.as_str();
    let (head, tail) = serialized.split_at(head_len);
    let mut out = String::with_capacity(serialized.len() + 8);
    out.push_str(head);
    for c in tail.chars() {
        match c {
            '`' | '|' | '\\' | '^' | '{' | '}' | '"' | '\'' | '<' | '>' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            _ => out.push(c),
        }
    }
    let substitution = [link, &out]
        .iter()
        .any(|s| s.contains("$(") || s.contains("${"));
    let acceptable = !substitution && out.len() <= MAX_LINK_BYTES && !hides_forbidden(&out);
    acceptable.then_some(out)
}

/// True when percent-decoding reveals a control, bidi or zero-width character: no article
/// link needs one, and a browser or opener that decodes the URL for display would show it.
fn hides_forbidden(url: &str) -> bool {
    if !url.contains('%') {
        return false;
    }
    let bytes = url.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).chars().any(is_forbidden)
}

/// Host names after IDNA are letters, digits, `-`, `.` (and `_` in the wild); IPv6
/// literals add `[`, `]` and `:`. Anything else in a host is a trick.
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '[' | ']' | ':')
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
    fn shell_metacharacters_are_encoded_or_refused() {
        // No URL meaning: percent-encoded, wherever they are after the host.
        for (link, want) in [
            (
                "https://example.com/a`id`b",
                "https://example.com/a%60id%60b",
            ),
            (
                "https://example.com/?q=`reboot`",
                "https://example.com/?q=%60reboot%60",
            ),
            (
                "https://example.com/x|sh#frag|more",
                "https://example.com/x%7Csh#frag%7Cmore",
            ),
            (
                "https://example.com/?q='a'&r=\"b\"&s={c}^",
                "https://example.com/?q=%27a%27&r=%22b%22&s=%7Bc%7D%5E",
            ),
            // Other escapes are fine, and URL delimiters that real links use stay.
            (
                "https://example.com/%E4%B8%AD?q=a%20b%2F",
                "https://example.com/%E4%B8%AD?q=a%20b%2F",
            ),
            (
                "https://en.example.org/wiki/Go_(game);v=1?a=1&b=$2",
                "https://en.example.org/wiki/Go_(game);v=1?a=1&b=$2",
            ),
        ] {
            assert_eq!(safe_link(link).as_deref(), Some(want), "{link}");
        }
        // Command substitution has no place in an article link, nor have encoded controls.
        for bad in [
            "https://example.com/%1b[31m",
            "https://example.com/%E2%80%AEgpj.exe",
            "https://example.com/?q=%C2%9B2J",
            "https://example.com/a%0Ab",
            "https://example.com/$(reboot)",
            "https://example.com/?q=${IFS}",
            "https://example.com/#$(id)",
            "https://exa`id`mple.com/",
            "https://exa|mple.com/",
            "https://exa$(id)mple.com/",
        ] {
            assert_eq!(safe_link(bad), None, "{bad:?}");
        }
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
