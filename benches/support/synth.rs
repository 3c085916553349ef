//! Synthetic but realistic feeds for benchmarks: AI-race headlines over US, Chinese and
//! head-to-head subjects, HTML bodies of 1-3 KB, RSS 2.0 and Atom mixed. Deterministic:
//! the same index always gives the same bytes, so runs and tools compare like with like.

#![allow(dead_code)] // the example and each bench use a different part

use std::fmt::Write;

/// A fixed "newest item" date (2026-09-01T00:00:00Z) for benchmarks that must not depend
/// on the clock; items are spaced back from the newest by a few hours each.
pub const FIXED_NEWEST: i64 = 1_788_220_800;

const US_SUBJECTS: &[&str] = &[
    "OpenAI",
    "Anthropic",
    "Google DeepMind",
    "Nvidia",
    "Microsoft",
    "Meta",
    "xAI",
    "AMD",
    "Intel",
    "Amazon",
    "Apple",
    "Oracle",
    "CoreWeave",
    "Scale AI",
    "Perplexity",
    "Salesforce",
    "the Commerce Department",
    "the White House",
    "the Senate",
    "the Pentagon",
    "Micron",
    "Qualcomm",
    "Broadcom",
    "IBM",
];
const CHINA_SUBJECTS: &[&str] = &[
    "DeepSeek",
    "Alibaba",
    "Baidu",
    "Huawei",
    "Moonshot AI",
    "Zhipu",
    "SMIC",
    "the CAC",
    "Tencent",
    "ByteDance",
    "iFlytek",
    "SenseTime",
    "MiniMax",
    "Cambricon",
    "Hygon",
    "Xiaomi",
    "Unitree",
    "Biren",
    "StepFun",
    "MIIT",
];
const VERBS: &[&str] = &[
    "unveils",
    "delays",
    "doubles spending on",
    "opens",
    "trains",
    "cuts prices of",
    "benchmarks",
    "races to ship",
    "is said to prepare",
    "rethinks",
    "cancels",
    "expands",
    "open-sources",
    "licenses",
    "tests",
    "scraps",
    "acquires",
    "halts",
    "resumes",
    "audits",
    "patents",
    "promotes",
    "sells",
    "rents out",
    "pilots",
];
const OBJECTS: &[&str] = &[
    "a reasoning model",
    "an open-weight model",
    "a GPU cluster",
    "its next frontier model",
    "a coding agent",
    "new inference chips",
    "a sovereign AI fund",
    "a power deal",
    "a safety framework",
    "a research lab",
    "a robotics platform",
    "a speech recognition system",
    "a video generator",
    "an HBM memory line",
    "a lithography program",
    "a chip packaging plant",
    "a subsea cable",
    "an AI tutor app",
    "a drug discovery model",
    "a weather forecasting model",
    "a search assistant",
    "an autonomous driving stack",
    "a translation engine",
    "a cloud region",
    "a humanoid robot",
    "an image model",
    "a fab expansion",
    "a supercomputer",
    "a talent program",
    "a startup accelerator",
    "a model marketplace",
    "an agent framework",
    "a photonics chip",
    "a liquid cooling system",
    "a compliance toolkit",
    "an export licence",
    "a chip design tool",
    "a satellite network",
    "a wafer supply deal",
    "an AI phone",
];
const RIVALRY: &[&str] = &[
    "amid export curbs",
    "despite US sanctions",
    "to rival OpenAI",
    "to counter DeepSeek",
    "under Beijing's new rules",
    "as Washington tightens curbs",
    "after the H20 ban",
    "in a bid to lead China",
    "as chip tariffs loom",
    "against Huawei's Ascend",
    "to catch up with US labs",
    "amid the Pacific AI race",
];
const SENTENCES: &[&str] = &[
    "Analysts said the move could reshape the balance of compute between the two countries.",
    "The company declined to comment on the number of accelerators involved.",
    "Researchers pointed to benchmark results that remain hard to reproduce independently.",
    "Officials framed the decision as a matter of national security and supply-chain resilience.",
    "Investors reacted cautiously, with shares moving less than one percent in early trading.",
    "Open-source developers welcomed the release but questioned the licence terms.",
    "People familiar with the plan said training would begin before the end of the quarter.",
    "The announcement follows months of talks with cloud providers and chip suppliers.",
    "Critics warned that energy demand from new data centres is outpacing grid upgrades.",
    "A spokesperson said the model had passed an internal red-teaming review.",
];

/// A small deterministic generator (xorshift64*), so no crate is needed for fixtures.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// One synthetic item, before it is written as RSS or Atom.
pub struct Item {
    pub guid: String,
    pub title: String,
    pub link: String,
    pub published: i64,
    pub html: String,
}

/// Things that set one story apart from the next one about the same company: amounts,
/// model names, places. Real headlines carry them, and clustering keys on them.
const PLACES: &[&str] = &[
    "Shenzhen",
    "Austin",
    "Hangzhou",
    "Phoenix",
    "Shanghai",
    "Singapore",
    "Ohio",
    "Beijing",
    "Taipei",
    "Nevada",
    "Guangzhou",
    "Tokyo",
];
const MODEL_NAMES: &[&str] = &[
    "R", "Qwen", "GPT", "Ernie", "Kimi", "GLM", "Gemini", "Claude",
];

/// The headline of story `story`, told in one of several ways (`telling`): outlets that
/// cover the same story word it differently but keep its names and numbers.
pub fn headline(story: u64, telling: usize) -> String {
    let mut rng = Rng::new(story);
    let us = rng.below(2) == 0;
    let subject = rng.pick(if us { US_SUBJECTS } else { CHINA_SUBJECTS });
    let verb = rng.pick(VERBS);
    let object = rng.pick(OBJECTS);
    let detail = match rng.below(4) {
        0 => format!("worth ${}.{} billion", 1 + rng.below(90), rng.below(10)),
        1 => format!("{}-{}", rng.pick(MODEL_NAMES), 2 + rng.below(40)),
        2 => format!("in {}", rng.pick(PLACES)),
        _ => format!("with {},000 accelerators", 2 + rng.below(200)),
    };
    let rivalry = (rng.below(3) == 0).then(|| rng.pick(RIVALRY));
    let mut title = match telling % 3 {
        0 => format!("{subject} {verb} {object} {detail}"),
        1 => format!("{detail}: {subject} {verb} {object}"),
        _ => format!("Report: {subject} {verb} {object} {detail}"),
    };
    if let Some(rivalry) = rivalry {
        title.push(' ');
        title.push_str(rivalry);
    }
    let mut chars = title.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => title,
    }
}

/// An HTML body of roughly 1-3 KB: paragraphs, emphasis, a link and sometimes a list.
pub fn body_html(rng: &mut Rng, title: &str) -> String {
    let target = 1000 + rng.below(2000);
    let mut html = format!("<p><strong>{}</strong> &mdash; ", escape(title));
    while html.len() < target {
        html.push_str(rng.pick(SENTENCES));
        html.push(' ');
        match rng.below(6) {
            0 => html.push_str("</p>\n<p>"),
            1 => {
                let _ = write!(
                    html,
                    "<a href=\"https://example.com/report/{}\">Read the filing</a>. ",
                    rng.below(10_000)
                );
            }
            2 => {
                let _ = write!(
                    html,
                    "</p>\n<ul><li>{}</li><li>{}</li></ul>\n<p>",
                    rng.pick(SENTENCES),
                    rng.pick(SENTENCES)
                );
            }
            _ => {}
        }
    }
    html.push_str("</p>");
    html
}

/// Stories in the news at one time: an item that covers one of them shares it with a few
/// other feeds, as outlets do with the day's big stories.
const SHARED_STORIES_PER_SLOT: usize = 20;

/// The items of feed `index`: `count` of them, newest first (at about `newest`, Unix
/// seconds), with guids unique to the feed. About one in four covers a story other feeds
/// also carry; the rest are the feed's own.
pub fn items(index: usize, count: usize, newest: i64) -> Vec<Item> {
    let mut rng = Rng::new(index as u64 + 1);
    (0..count)
        .map(|n| {
            let story = if rng.below(4) == 0 {
                (n * SHARED_STORIES_PER_SLOT + rng.below(SHARED_STORIES_PER_SLOT)) as u64
            } else {
                ((index + 1) as u64) << 32 | n as u64
            };
            let title = headline(story, index);
            let html = body_html(&mut rng, &title);
            Item {
                guid: format!("https://news{index}.example.com/a/{n}"),
                link: format!("https://news{index}.example.com/a/{n}"),
                title,
                published: newest - (n as i64) * 3 * 3600 - (index as i64) * 60,
                html,
            }
        })
        .collect()
}

/// Feed `index` as a document: even indices are RSS 2.0, odd ones Atom. Returns the file
/// name and the text.
pub fn feed_document(index: usize, count: usize, newest: i64) -> (String, String) {
    let items = items(index, count, newest);
    if index.is_multiple_of(2) {
        (format!("feed{index:04}.xml"), rss(index, &items))
    } else {
        (format!("feed{index:04}.atom"), atom(index, &items))
    }
}

fn rss(index: usize, items: &[Item]) -> String {
    let mut out = String::with_capacity(items.len() * 2600);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n\
         <title>AI Race Wire {index}</title><link>https://news{index}.example.com/</link>\n\
         <description>Synthetic feed {index}</description>\n"
    );
    for item in items {
        let _ = write!(
            out,
            "<item><title>{}</title><link>{}</link><guid>{}</guid><pubDate>{}</pubDate>\n\
             <description>{}</description></item>\n",
            escape(&item.title),
            item.link,
            item.guid,
            rfc2822(item.published),
            escape(&item.html),
        );
    }
    out.push_str("</channel></rss>\n");
    out
}

fn atom(index: usize, items: &[Item]) -> String {
    let mut out = String::with_capacity(items.len() * 2600);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>AI Race Journal {index}</title><id>urn:synthetic:{index}</id>\n\
         <link href=\"https://news{index}.example.com/\"/><updated>{}</updated>\n",
        rfc3339(items.first().map_or(0, |i| i.published)),
    );
    for item in items {
        let _ = write!(
            out,
            "<entry><title>{}</title><link href=\"{}\"/><id>{}</id><updated>{}</updated>\n\
             <content type=\"html\">{}</content></entry>\n",
            escape(&item.title),
            item.link,
            item.guid,
            rfc3339(item.published),
            escape(&item.html),
        );
    }
    out.push_str("</feed>\n");
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rfc2822(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc2822()
}

fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap_or_default()
        .to_rfc3339()
}
