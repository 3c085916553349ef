//! A realistic, fixed dashboard state for update and snapshot tests (no clock, no network).

#![allow(dead_code)]

use ainews_tui::app::state::State;
use ainews_tui::app::update::merge_articles;
use ainews_tui::app::{Action, update};
use ainews_tui::config::FeedConfig;
use ainews_tui::ingest::poller::{FeedOutcome, FeedReport, PollEvent};
use ainews_tui::model::{Article, ArticleId, FeedId, Topic};

/// 2026-11-28 09:45:00 UTC.
pub const NOW: i64 = 1_795_859_100;

pub fn feed(name: &str, url: &str) -> FeedConfig {
    FeedConfig {
        url: url.to_string(),
        name: Some(name.to_string()),
        refresh: None,
        tags: Vec::new(),
        enabled: true,
        full_text: false,
    }
}

pub fn feeds() -> Vec<FeedConfig> {
    vec![
        feed("Pacific Chips", "https://chips.example.com/feed"),
        feed("Policy Wire", "https://policy.example.com/rss"),
        feed("Shenzhen Daily", "https://sz.example.com/atom.xml"),
        feed("Frontier Labs", "https://labs.example.com/feed.json"),
    ]
}

pub fn article(feed: u32, title: &str, topic: Topic, terms: &[&str], minutes_ago: i64) -> Article {
    let link = format!(
        "https://news.example.com/{}",
        title.to_lowercase().replace(' ', "-")
    );
    Article {
        id: ArticleId::derive("feed", None, Some(&link), title, None),
        feed: FeedId(feed),
        guid: None,
        title: title.to_string(),
        link: Some(link),
        body: format!(
            "<p>{title}. The announcement drew attention from analysts in Washington and Beijing.</p>\
             <ul><li>First point about {}</li><li>Second point</li></ul>\
             <p>Read more at <a href=\"https://news.example.com/more\">the source</a>.</p>",
            terms.first().unwrap_or(&"the market")
        ),
        published: Some(NOW - minutes_ago * 60),
        first_seen: NOW - minutes_ago * 60,
        topic,
        decided_by: ainews_tui::model::DecidedBy::Rules,
        terms: terms.iter().map(|t| t.to_string()).collect(),
        read: false,
        starred: false,
        enclosures: Vec::new(),
    }
}

pub fn articles() -> Vec<Article> {
    vec![
        article(
            2,
            "Huawei readies Ascend 920 for AI training clusters",
            Topic::China,
            &["Huawei", "Ascend", "SMIC"],
            4,
        ),
        article(
            3,
            "DeepSeek R2 matches OpenAI o3 on math at a fraction of the cost",
            Topic::Both,
            &["DeepSeek", "OpenAI"],
            12,
        ),
        article(
            3,
            "OpenAI ships agent mode to all Plus users",
            Topic::Us,
            &["OpenAI"],
            38,
        ),
        article(
            2,
            "Moonshot's Kimi K3 tops open-weight leaderboards",
            Topic::China,
            &["Moonshot", "Kimi"],
            65,
        ),
        article(
            1,
            "Commerce adds 12 Chinese firms to the Entity List",
            Topic::Both,
            &["Entity List", "Commerce"],
            130,
        ),
        article(
            0,
            "Samsung lifts HBM4 output as memory prices climb",
            Topic::Other,
            &[],
            200,
        ),
        article(
            0,
            "Nvidia Blackwell Ultra shipments double in Texas data centers",
            Topic::Us,
            &["Nvidia", "Blackwell", "Texas"],
            320,
        ),
        article(
            1,
            "Senate hearing weighs limits on frontier model exports",
            Topic::Us,
            &["Senate"],
            600,
        ),
        article(
            2,
            "阿里巴巴发布通义千问新模型",
            Topic::China,
            &["阿里巴巴", "通义"],
            900,
        ),
        article(
            1,
            "Singapore probe into Nvidia chip transshipment widens",
            Topic::Both,
            &["Nvidia", "smuggling"],
            1500,
        ),
        article(
            0,
            "EU AI Act guidance lands in Brussels",
            Topic::Other,
            &[],
            2900,
        ),
        article(
            3,
            "Anthropic opens a Tokyo office",
            Topic::Us,
            &["Anthropic"],
            4400,
        ),
    ]
}

/// The poller's report that a fetch of `feed` ended at `at` with `outcome`.
pub fn finished(feed: u32, outcome: FeedOutcome, at: i64, next_refresh: i64) -> Action {
    Action::Poll(PollEvent::Finished {
        feed: FeedId(feed),
        report: FeedReport {
            outcome,
            at,
            next_refresh,
            feed_title: None,
            validators: Default::default(),
            moved_to: None,
            parse_note: Default::default(),
            prepared: Default::default(),
        },
    })
}

/// A state as after the poller delivered every feed once, sized `width` x `height`.
pub fn sample_state(width: u16, height: u16) -> State {
    let mut state = State::new(
        &feeds(),
        "/home/user/.config/ainews-tui/config.toml".into(),
        NOW,
    );
    state.color = false;
    update(&mut state, Action::Resize { width, height }, NOW);
    merge_articles(&mut state, articles());
    for (i, _) in feeds().iter().enumerate() {
        update(
            &mut state,
            finished(i as u32, FeedOutcome::NotModified, NOW - 60, NOW + 1800),
            NOW,
        );
    }
    state
}

/// Renders the state into a test terminal and returns the screen as text.
pub fn render(state: &State) -> String {
    let backend = ratatui::backend::TestBackend::new(state.width, state.height);
    let mut terminal = ratatui::Terminal::new(backend).expect("test terminal");
    terminal
        .draw(|frame| ainews_tui::ui::draw(frame, state))
        .expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            // A wide character's second cell is part of the character, not a space.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Written out independently of the sanitizer: what must never reach a terminal cell.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// A 120x40 state on the sample feeds, with nothing loaded yet.
pub fn empty_state() -> State {
    let mut state = State::new(&feeds(), "cfg".into(), NOW);
    update(
        &mut state,
        Action::Resize {
            width: 120,
            height: 40,
        },
        NOW,
    );
    state
}

/// The sample articles in a 120x40 state that watches these terms.
pub fn watching(terms: &[&str]) -> State {
    let mut state = empty_state();
    state.color = false;
    let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
    let watchlist = ainews_tui::topics::watch::Watchlist::new(&terms).expect("watchlist");
    state.watchlist = Some(std::sync::Arc::new(watchlist));
    merge_articles(&mut state, articles());
    state
}
