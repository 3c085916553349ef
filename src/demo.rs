//! Demo mode: bundled feeds rendered into a temporary directory.
//!
//! `--demo` runs the whole real pipeline offline. The feed templates in `assets/demo/` are
//! compiled in, their `{{date:-OFFSET}}` placeholders are replaced with dates relative to
//! "now" (so the demo never looks stale), and the results are written under
//! `<dir>/feeds/` and polled as `file://` feeds like any other.
//!
//! The date format of a template follows its file extension: `.rss` (RSS 2.0) gets
//! RFC 2822 dates, `.atom`, `.json` (JSON Feed 1.1) and `.rdf` (RSS 1.0, `dc:date`) get
//! RFC 3339 dates. See `assets/demo/README.md`.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use crate::config::{Config, FeedConfig, FetchConfig, TopicsConfig};

mod template;
#[cfg(test)]
mod tests;

pub use template::{DateFormat, DemoError, render_template};

/// One bundled demo feed.
#[derive(Debug, Clone, Copy)]
pub struct DemoFeed {
    /// Template file name in `assets/demo/`; its extension decides the date format.
    pub template_name: &'static str,
    pub template: &'static str,
    /// File name written under `<dir>/feeds/`.
    pub output_name: &'static str,
    /// The fictional outlet's display name.
    pub name: &'static str,
    pub tags: &'static [&'static str],
}

/// The bundled demo feeds, in display order.
pub const DEMO_FEEDS: &[DemoFeed] = &[
    DemoFeed {
        template_name: "silicon-policy-wire.rss",
        template: include_str!("../assets/demo/silicon-policy-wire.rss"),
        output_name: "silicon-policy-wire.xml",
        name: "Silicon Policy Wire (demo)",
        tags: &["demo", "policy"],
    },
    DemoFeed {
        template_name: "pacific-chip-report.rss",
        template: include_str!("../assets/demo/pacific-chip-report.rss"),
        output_name: "pacific-chip-report.xml",
        name: "Pacific Chip Report (demo)",
        tags: &["demo", "chips"],
    },
    DemoFeed {
        template_name: "frontier-labs-weekly.atom",
        template: include_str!("../assets/demo/frontier-labs-weekly.atom"),
        output_name: "frontier-labs-weekly.xml",
        name: "Frontier Labs Weekly (demo)",
        tags: &["demo", "labs"],
    },
    DemoFeed {
        template_name: "shenzhen-tech-daily.json",
        template: include_str!("../assets/demo/shenzhen-tech-daily.json"),
        output_name: "shenzhen-tech-daily.json",
        name: "Shenzhen Tech Daily (demo)",
        tags: &["demo", "china"],
    },
    DemoFeed {
        template_name: "ai-qianyan.rdf",
        template: include_str!("../assets/demo/ai-qianyan.rdf"),
        output_name: "ai-qianyan.xml",
        name: "AI 前沿观察 (demo)",
        tags: &["demo", "china", "zh"],
    },
];

impl DemoFeed {
    /// The date format of this feed's template.
    pub fn date_format(&self) -> DateFormat {
        // The table above only names known extensions; a unit test checks every entry.
        DateFormat::for_template_name(self.template_name).unwrap_or(DateFormat::Rfc3339)
    }

    /// The rendered feed document for `now`.
    pub fn render(&self, now: i64) -> Result<String, DemoError> {
        render_template(self.template, self.date_format(), now)
    }
}

/// Renders every demo feed into `dir/feeds/` and returns one feed configuration per file,
/// with absolute `file://` URLs.
pub fn write_demo_feeds(dir: &Path, now: i64) -> std::io::Result<Vec<FeedConfig>> {
    let feeds_dir = dir.join("feeds");
    std::fs::create_dir_all(&feeds_dir)?;
    // `absolute` rather than `canonicalize`: no symlink resolution, no Windows `\\?\` prefix.
    let feeds_dir = std::path::absolute(&feeds_dir)?;
    let mut configs = Vec::with_capacity(DEMO_FEEDS.len());
    for feed in DEMO_FEEDS {
        let rendered = feed.render(now).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                DemoTemplateError {
                    template: feed.template_name,
                    source: e,
                },
            )
        })?;
        let path = feeds_dir.join(feed.output_name);
        std::fs::write(&path, rendered)?;
        let url = url::Url::from_file_path(&path).map_err(|()| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("cannot make a file:// URL from {}", path.display()),
            )
        })?;
        configs.push(FeedConfig {
            url: url.to_string(),
            name: Some(feed.name.to_string()),
            refresh: Some(Duration::from_secs(60)),
            tags: feed.tags.iter().map(|t| t.to_string()).collect(),
            enabled: true,
            full_text: false,
        });
    }
    Ok(configs)
}

/// A demo template failed to render (names the template).
#[derive(Debug)]
struct DemoTemplateError {
    template: &'static str,
    source: DemoError,
}

impl fmt::Display for DemoTemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "demo template {}: {}", self.template, self.source)
    }
}

impl std::error::Error for DemoTemplateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The fetch settings used in demo mode.
pub fn demo_fetch_config() -> FetchConfig {
    FetchConfig {
        concurrency: 8,
        per_host: 2,
        timeout: Duration::from_secs(30),
        connect_timeout: Duration::from_secs(10),
        max_bytes: 10 * 1024 * 1024,
        user_agent: "ainews-tui-demo".to_string(),
        refresh: Duration::from_secs(30 * 60),
    }
}

/// A complete configuration for demo mode: the demo feeds written under `dir`, default
/// fetch settings and the built-in topic rules.
pub fn demo_config(dir: &Path, now: i64) -> std::io::Result<Config> {
    Ok(Config {
        feeds: write_demo_feeds(dir, now)?,
        fetch: demo_fetch_config(),
        topics: TopicsConfig::default(),
        storage: crate::config::StorageConfig::default(),
        watchlist: ["DeepSeek", "H20", "export controls", "Ascend"]
            .map(String::from)
            .to_vec(),
        // The default config's views show what views are, on the demo's feeds.
        views: Config::built_in().views,
        ..Config::default()
    })
}
