//! The source package: `cargo package --list` holds every file the binary embeds (the
//! `include_str!`/`include_bytes!` paths under src/, the example config, the demo feeds, the
//! topic tables), the license, changelog and contributing guide, and leaves out test
//! fixtures over 1 MB and the tooling that only works in a checkout. A packager builds (and
//! tests) from exactly this list.

// Test crate: a failed read of our own checkout should fail loudly.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::process::Command;

/// The largest test fixture a source package may carry.
const FIXTURE_LIMIT: u64 = 1024 * 1024;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The files `cargo package` would put in the crate, as paths relative to the root.
fn packaged() -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(root())
        .output()
        .expect("run cargo package --list");
    assert!(
        output.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every file under `dir` (relative to the root), as `/`-separated paths.
fn files_under(dir: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![root().join(dir)];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(relative(&path));
            }
        }
    }
    found.sort();
    found
}

fn relative(path: &Path) -> String {
    let inside = path.strip_prefix(root()).unwrap();
    let parts: Vec<String> = inside
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// `path` with its `..` and `.` steps taken, still relative to the root.
fn normalized(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

/// The paths that `include_str!("…")` and `include_bytes!("…")` read in `source`, a file at
/// `file` (relative to the root).
fn embedded_by(file: &str, source: &str) -> Vec<String> {
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    let mut paths = Vec::new();
    for macro_call in ["include_str!(\"", "include_bytes!(\""] {
        for (at, _) in source.match_indices(macro_call) {
            let rest = &source[at + macro_call.len()..];
            if let Some(end) = rest.find('"') {
                paths.push(normalized(&dir.join(&rest[..end])));
            }
        }
    }
    paths
}

/// Every file the crate's code embeds, found by reading src/.
fn embedded_files() -> BTreeSet<String> {
    files_under("src")
        .into_iter()
        .filter(|file| file.ends_with(".rs"))
        .flat_map(|file| {
            let source = std::fs::read_to_string(root().join(&file)).unwrap();
            embedded_by(&file, &source)
        })
        .collect()
}

/// The files of `needed` not in `listed`.
fn missing<'a>(needed: &'a BTreeSet<String>, listed: &BTreeSet<String>) -> Vec<&'a str> {
    needed
        .iter()
        .filter(|file| !listed.contains(*file))
        .map(String::as_str)
        .collect()
}

/// The listed files under tests/ bigger than the fixture limit, with their sizes.
fn oversized_fixtures(
    listed: &BTreeSet<String>,
    size_of: impl Fn(&str) -> Option<u64>,
) -> Vec<(String, u64)> {
    listed
        .iter()
        .filter(|file| file.starts_with("tests/"))
        .filter_map(|file| size_of(file).map(|size| (file.clone(), size)))
        .filter(|(_, size)| *size > FIXTURE_LIMIT)
        .collect()
}

fn size_on_disk(file: &str) -> Option<u64> {
    std::fs::metadata(root().join(file)).ok().map(|m| m.len())
}

#[test]
fn the_package_holds_what_the_binary_needs() {
    let listed = packaged();
    let embedded = embedded_files();
    // The scan itself is checked: these are read by the demo, the config and the topics.
    for known in [
        "config.example.toml",
        "assets/demo/silicon-policy-wire.rss",
        "src/topics/data/model.tsv",
        "src/topics/data/traditional.txt",
    ] {
        assert!(
            embedded.contains(known),
            "{known} not found in {embedded:?}"
        );
    }
    let mut needed = embedded;
    needed.extend(files_under("assets/demo"));
    needed.extend(files_under("src/topics/data"));
    needed.extend(
        [
            "LICENSE",
            "README.md",
            "CHANGELOG.md",
            "CONTRIBUTING.md",
            "Cargo.toml",
            "Cargo.lock",
        ]
        .map(String::from),
    );
    assert_eq!(missing(&needed, &listed), Vec::<&str>::new());
}

#[test]
fn the_package_leaves_out_large_fixtures_and_checkout_tooling() {
    let listed = packaged();
    assert_eq!(oversized_fixtures(&listed, size_on_disk), vec![]);
    let tooling: Vec<&String> = listed
        .iter()
        .filter(|file| {
            file.starts_with(".ci/") || file.starts_with("bench/") || file.starts_with("target/")
        })
        .collect();
    assert_eq!(tooling, Vec::<&String>::new());
}

#[test]
fn a_fixture_over_one_megabyte_is_caught() {
    let listed: BTreeSet<String> = [
        "tests/fixtures/feeds/small.xml",
        "tests/fixtures/feeds/huge.xml",
        "src/topics/data/model.tsv",
    ]
    .map(String::from)
    .into();
    let sizes = |file: &str| match file {
        "tests/fixtures/feeds/huge.xml" => Some(FIXTURE_LIMIT + 1),
        "src/topics/data/model.tsv" => Some(3 * FIXTURE_LIMIT),
        _ => Some(10),
    };
    assert_eq!(
        oversized_fixtures(&listed, sizes),
        vec![(
            "tests/fixtures/feeds/huge.xml".to_owned(),
            FIXTURE_LIMIT + 1
        )]
    );
}

#[test]
fn embedded_paths_are_read_relative_to_their_file() {
    let source = "const A: &str = include_str!(\"../../config.example.toml\");\n\
                  const B: &[u8] = include_bytes!(\"data/model.tsv\");";
    assert_eq!(
        embedded_by("src/config/mod.rs", source),
        vec!["config.example.toml", "src/config/data/model.tsv"]
    );
    let listed: BTreeSet<String> = ["config.example.toml".to_owned()].into();
    let needed: BTreeSet<String> = embedded_by("src/config/mod.rs", source)
        .into_iter()
        .collect();
    assert_eq!(missing(&needed, &listed), vec!["src/config/data/model.tsv"]);
}
