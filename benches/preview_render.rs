//! Rendering an article body to preview text, which the dashboard does on the UI thread
//! when an article is previewed (and caches): it must stay within a frame (16 ms) even for
//! the largest body a feed may carry (`MAX_BODY_BYTES`, 200 KB).

use ainews_tui::text::sanitize::{MAX_BODY_BYTES, html_to_text};
use divan::Bencher;

fn main() {
    divan::main();
}

/// A long article of the shape feeds send: headed sections of paragraphs with links,
/// emphasis, a list and a quote, repeated to `bytes`.
fn article_html(bytes: usize) -> String {
    let section = "<h2>Export controls, round three</h2>\
        <p>The <a href=\"https://example.com/rule\">new rule</a> covers <em>high-bandwidth \
        memory</em> and the tools to make it; Huawei's Ascend chips and SMIC's 7 nm line are \
        named, and 华为 said it would keep shipping 昇腾 parts to domestic clouds.</p>\
        <ul><li>HBM exports need a licence</li><li>Cloud access is covered</li></ul>\
        <blockquote>We will comply, said a spokesperson for Nvidia.</blockquote>\
        <p>Analysts at <a href=\"https://example.com/analysts\">two banks</a> expect H20 \
        sales to fall by half next quarter, while DeepSeek and Qwen keep training on older \
        parts bought before the rule.</p>";
    section.repeat(bytes / section.len() + 1)[..bytes].to_owned()
}

#[divan::bench(args = [2_000, 20_000, MAX_BODY_BYTES])]
fn render_body(bencher: Bencher, bytes: usize) {
    let html = article_html(bytes);
    bencher.bench(|| html_to_text(divan::black_box(&html), 80));
}
