//! Writes synthetic AI-race feeds for the comparison in `bench/compare.sh`:
//! `cargo run --release --example synth_feeds -- DIR FEEDS [ITEMS [NEWEST]]` writes FEEDS
//! files (RSS 2.0 and Atom alternating, ITEMS items each, 50 by default, the newest dated
//! NEWEST in Unix seconds, now by default, so that retention keeps them all) into DIR.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(feeds)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: synth_feeds DIR FEEDS [ITEMS [NEWEST]]");
        return ExitCode::from(2);
    };
    let items: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(50);
    let newest: i64 = args
        .get(3)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| chrono::Utc::now().timestamp() / 3600 * 3600);
    let dir = PathBuf::from(dir);
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("synth_feeds: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut bytes = 0;
    for index in 0..feeds {
        let (name, text) = synth::feed_document(index, items, newest);
        let path = dir.join(&name);
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("synth_feeds: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        bytes += text.len();
    }
    println!(
        "{feeds} feeds, {} items, {:.1} MB in {}",
        feeds * items,
        bytes as f64 / 1e6,
        dir.display()
    );
    ExitCode::SUCCESS
}
