//! Closed choices on the command line (`--topic`, the completion shells): `--help` lists
//! them, completion scripts offer them, and a value outside them exits 2 naming the choices.

// Test crate: a binary that cannot be run should fail loudly.
#![allow(clippy::unwrap_used)]

use std::process::Command;

struct Output {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// The binary with `args`, away from the user's config and data (no env overrides).
fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_ainews-tui"))
        .args(args)
        .env_remove("AINEWS_CONFIG")
        .env_remove("AINEWS_DATA_DIR")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    Output {
        status: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn long_help_lists_the_topics_with_what_they_mean() {
    for command in ["headlines", "brief"] {
        let output = run(&[command, "--help"]);
        assert_eq!(output.status, Some(0), "{}", output.stderr);
        assert!(
            output.stdout.contains(
                "      --topic <TOPIC>\n\
                 \x20         Only \
                 ",
            ),
            "{command}:\n{}",
            output.stdout
        );
        assert!(
            output.stdout.contains(
                "          Possible values:\n\
                 \x20         - us:    the United States' side\n\
                 \x20         - china: China's side\n\
                 \x20         - both:  both sides in play: rivalry, export controls, one against \
                 the other\n\
                 \x20         - other: neither side\n"
            ),
            "{command}:\n{}",
            output.stdout
        );
    }
}

#[test]
fn short_help_lists_the_topic_names() {
    let output = run(&["brief", "-h"]);
    assert_eq!(output.status, Some(0), "{}", output.stderr);
    let line = output
        .stdout
        .lines()
        .find(|line| line.contains("--topic"))
        .unwrap();
    // The column of the descriptions moves with the longest option name: compare words.
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        words.join(" "),
        "--topic <TOPIC> Only stories about this side [possible values: us, china, both, other]"
    );
}

#[test]
fn an_unknown_topic_exits_2_naming_the_choices() {
    let output = run(&["headlines", "--topic", "eu"]);
    assert_eq!(output.status, Some(2));
    assert_eq!(output.stdout, "");
    assert_eq!(
        output.stderr,
        "error: invalid value 'eu' for '--topic <TOPIC>'\n  \
         [possible values: us, china, both, other]\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn a_misspelt_topic_gets_a_suggestion() {
    let output = run(&["brief", "--topic", "chna"]);
    assert_eq!(output.status, Some(2));
    assert_eq!(
        output.stderr,
        "error: invalid value 'chna' for '--topic <TOPIC>'\n  \
         [possible values: us, china, both, other]\n\n  \
         tip: a similar value exists: 'china'\n\n\
         For more information, try '--help'.\n"
    );
}

#[test]
fn topic_aliases_and_any_case_are_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let data = dir.path().join("data");
    for topic in ["CN", "usa", "Head-To-Head", "Other"] {
        let output = run(&[
            "--config",
            config.to_str().unwrap(),
            "--data-dir",
            data.to_str().unwrap(),
            "headlines",
            "--topic",
            topic,
        ]);
        assert_eq!(output.status, Some(0), "{topic}: {}", output.stderr);
        assert_eq!(output.stdout, "", "{topic}");
    }
}

#[test]
fn completions_offer_the_topics_and_the_shells() {
    let bash = run(&["completions", "bash"]);
    assert_eq!(bash.status, Some(0), "{}", bash.stderr);
    assert!(
        bash.stdout
            .contains("COMPREPLY=($(compgen -W \"us china both other\" -- \"${cur}\"))"),
        "{}",
        bash.stdout
    );
    assert!(
        bash.stdout.contains("bash elvish fish powershell zsh"),
        "{}",
        bash.stdout
    );
    let fish = run(&["completions", "fish"]);
    assert!(
        fish.stdout.contains("us\\t'the United States\\' side'"),
        "{}",
        fish.stdout
    );
}
