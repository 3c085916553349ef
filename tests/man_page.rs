//! `ainews-tui man`: the real binary prints one roff page naming every subcommand, and the
//! page renders without warnings where groff is installed.

// Test crate: a binary that cannot be run should fail loudly.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Stdio};

fn man_page() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .arg("man")
        .env_remove("AINEWS_CONFIG")
        .env_remove("AINEWS_DATA_DIR")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_page_names_every_subcommand_in_help_order() {
    let page = man_page();
    assert!(
        page.contains("\n.TH AINEWS-TUI 1 \"\" \"ainews-tui "),
        "{page}"
    );
    let expected = [
        "config",
        "config check",
        "config path",
        "refresh",
        "headlines",
        "article",
        "import-opml",
        "export-opml",
        "brief",
        "topics",
        "topics eval",
        "topics explain",
        "completions",
        "man",
    ];
    let mut from = 0;
    for name in expected {
        let heading = format!("\n.SS \"ainews-tui {name}\"\n");
        let at = page[from..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{name}: no heading after byte {from}"));
        from += at + heading.len();
    }
    // Whatever else is defined is on the page too.
    for name in ainews_tui::cmd::man::command_names() {
        assert!(
            page.contains(&format!("\n.SS \"ainews-tui {name}\"\n")),
            "{name}"
        );
    }
}

#[test]
fn the_page_carries_options_choices_and_examples() {
    let page = man_page();
    for expected in [
        "\\fB\\-\\-topic\\fR \\fI<TOPIC>\\fR\n",
        "china: China\\*(Aqs side",
        "\\fB\\-\\-strict\\fR\nExit with status 1 if any feed failed\n",
        "  ainews\\-tui man > ainews\\-tui.1\n",
        ".SH VERSION\nv",
    ] {
        assert!(page.contains(expected), "{expected:?} not in:\n{page}");
    }
}

#[test]
fn groff_renders_the_page_without_warnings() {
    let Ok(mut groff) = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("groff is not installed: the page was checked as text only");
        return;
    };
    groff
        .stdin
        .take()
        .unwrap()
        .write_all(man_page().as_bytes())
        .unwrap();
    let output = groff.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
