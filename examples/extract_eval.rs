//! Compares article extractors on real pages: Mozilla's readability test pages (a
//! checkout's `test/test-pages`, each `source.html` with the `expected.html` Firefox's
//! Reader View keeps) and the Chinese news pages in `tests/fixtures/article/zh-*`
//! (`source.html` with `expected.txt`). Scores are token F1 and 4-token shingle F1 of the
//! extracted plain text against the expected text (CJK characters are tokens of their
//! own); speed is the median extraction time per page.
//!
//! Every fifth page (by sorted name) is held out: never looked at while choosing or
//! tuning, and reported apart.
//!
//! ```text
//! cargo run --release --features extract-eval --example extract_eval -- PATH/test/test-pages
//! ```

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use ainews_tui::text::sanitize::strip_tags;
use ainews_tui::text::script::is_han;

struct Sample {
    name: String,
    html: String,
    expected: String,
    held_out: bool,
}

type Extractor = fn(&str, &str) -> Option<String>;

fn main() {
    let readability = std::env::args().nth(1).map(PathBuf::from);
    let samples = load(readability.as_deref());
    let held = samples.iter().filter(|s| s.held_out).count();
    println!(
        "{} pages ({} held out), {} of them Chinese\n",
        samples.len(),
        held,
        samples.iter().filter(|s| s.name.starts_with("zh-")).count()
    );
    let candidates: [(&str, &str, Extractor); 6] = [
        ("dom_smoothie 0.19 (as shipped: + render)", "MIT", shipped),
        (
            "dom_smoothie 0.19 (as shipped, link notes and image markers left out)",
            "MIT",
            shipped_reading,
        ),
        ("dom_smoothie 0.19 (text_content)", "MIT", smoothie),
        ("legible 0.5.1", "Apache-2.0", legible_text),
        ("trafilatura 0.6.0", "Apache-2.0", trafilatura_text),
        (
            "rs-trafilatura 0.2.2",
            "MIT OR Apache-2.0",
            rs_trafilatura_text,
        ),
    ];
    println!(
        "| candidate | licence | mean F1 | median F1 | shingle F1 | held-out F1 | zh F1 | failures | median ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, licence, extractor) in candidates {
        let mut tune = Vec::new();
        let mut held_out = Vec::new();
        let mut shingles = Vec::new();
        let mut zh = Vec::new();
        let mut times = Vec::new();
        let mut failures = 0;
        for sample in &samples {
            let url = format!("http://fakehost/test/{}/", sample.name);
            let mut best = f64::INFINITY;
            let mut text = None;
            for _ in 0..3 {
                let started = Instant::now();
                let out = std::panic::catch_unwind(|| extractor(&sample.html, &url))
                    .ok()
                    .flatten();
                best = best.min(started.elapsed().as_secs_f64() * 1000.0);
                text = out;
            }
            times.push(best);
            let text = text.unwrap_or_else(|| {
                failures += 1;
                String::new()
            });
            let (got, want) = (tokens(&text), tokens(&sample.expected));
            let f1 = token_f1(&got, &want);
            shingles.push(shingle_f1(&got, &want));
            if sample.name.starts_with("zh-") {
                zh.push(f1);
            }
            if sample.held_out {
                held_out.push(f1);
            } else {
                tune.push(f1);
            }
        }
        println!(
            "| {name} | {licence} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {failures} | {:.2} |",
            mean(&tune),
            median(&mut tune),
            mean(&shingles),
            mean(&held_out),
            mean(&zh),
            median(&mut times)
        );
    }
}

fn shipped(html: &str, url: &str) -> Option<String> {
    let extracted = ainews_tui::article::extract(html, url).ok()?;
    Some(ainews_tui::article::render_text(&extracted.html))
}

/// The shipped text without what the renderer adds for the reader: the numbered link list
/// at the end, the `[n]` marks and `[image: alt]`, which the expected pages do not have.
fn shipped_reading(html: &str, url: &str) -> Option<String> {
    let text = shipped(html, url)?;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let listed = line
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("] "))
            .is_some_and(|(n, url)| {
                n.chars().all(|c| c.is_ascii_digit()) && url.starts_with("http")
            });
        if listed {
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let tail = &rest[open..];
            match tail.find(']') {
                Some(close)
                    if tail[1..close].chars().all(|c| c.is_ascii_digit())
                        || tail.starts_with("[image: ") =>
                {
                    rest = &tail[close + 1..];
                }
                _ => {
                    out.push('[');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out.push('\n');
    }
    Some(out)
}

fn smoothie(html: &str, url: &str) -> Option<String> {
    let mut r = dom_smoothie::Readability::new(html, Some(url), None).ok()?;
    Some(r.parse().ok()?.text_content.to_string())
}

fn legible_text(html: &str, url: &str) -> Option<String> {
    Some(legible::parse(html, Some(url), None).ok()?.text_content)
}

fn trafilatura_text(html: &str, _url: &str) -> Option<String> {
    Some(
        trafilatura::extract(html, &trafilatura::Options::default())
            .ok()?
            .content_text,
    )
}

fn rs_trafilatura_text(html: &str, _url: &str) -> Option<String> {
    Some(rs_trafilatura::extract(html).ok()?.content_text)
}

fn load(readability: Option<&Path>) -> Vec<Sample> {
    let mut found = Vec::new();
    if let Some(dir) = readability {
        for entry in read_dir(dir) {
            let (Ok(html), Ok(expected)) = (
                std::fs::read_to_string(entry.join("source.html")),
                std::fs::read_to_string(entry.join("expected.html")),
            ) else {
                continue;
            };
            found.push((name_of(&entry), html, strip_tags(&expected)));
        }
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article");
    for entry in read_dir(&fixtures) {
        let name = name_of(&entry);
        if !name.starts_with("zh-") {
            continue;
        }
        let (Ok(html), Ok(expected)) = (
            std::fs::read_to_string(entry.join("source.html")),
            std::fs::read_to_string(entry.join("expected.txt")),
        ) else {
            continue;
        };
        found.push((name, html, expected));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
        .into_iter()
        .enumerate()
        .map(|(i, (name, html, expected))| Sample {
            name,
            html,
            expected,
            held_out: i % 5 == 4,
        })
        .collect()
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Lowercased words, and each CJK character alone.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_han(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn f1(overlap: usize, got: usize, want: usize) -> f64 {
    if got == 0 || want == 0 {
        return if got == want { 1.0 } else { 0.0 };
    }
    let precision = overlap as f64 / got as f64;
    let recall = overlap as f64 / want as f64;
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn token_f1(got: &[String], want: &[String]) -> f64 {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in want {
        *counts.entry(t).or_default() += 1;
    }
    let mut overlap = 0;
    for t in got {
        if let Some(n) = counts.get_mut(t.as_str())
            && *n > 0
        {
            *n -= 1;
            overlap += 1;
        }
    }
    f1(overlap, got.len(), want.len())
}

fn shingle_f1(got: &[String], want: &[String]) -> f64 {
    let set = |t: &[String]| -> HashSet<String> { t.windows(4).map(|w| w.join(" ")).collect() };
    let (g, w) = (set(got), set(want));
    f1(g.intersection(&w).count(), g.len(), w.len())
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
