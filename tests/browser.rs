//! The `browser` setting: the link goes to the program as one argument (never through a
//! shell), and `o` (and `a` for attached files) says in one line what ran or why not.

use ainews_tui::app::effects::{open_attachment, open_link};

#[test]
fn the_link_reaches_the_browser_as_data_and_o_says_what_ran() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("opened");
    // The test's own "browser": writes the argument it got.
    let browser = [
        "sh".to_string(),
        "-c".to_string(),
        format!("printf '%s' \"$1\" > '{}'", out.display()),
        "browser".to_string(),
        "{url}".to_string(),
    ];
    let link = "https://news.example/a?b=1&c=$(id);rm";
    assert_eq!(open_link(&browser, link), format!("opened {link} with sh"));
    assert_eq!(std::fs::read_to_string(&out).expect("written"), link);
}

#[test]
fn a_browser_that_fails_or_is_missing_is_one_line() {
    let failing = ["false".to_string(), "{url}".to_string()];
    assert_eq!(
        open_link(&failing, "https://news.example/a"),
        "browser `false` exit status: 1"
    );
    let missing = ["ainews-no-such-browser".to_string(), "{url}".to_string()];
    let said = open_link(&missing, "https://news.example/a");
    assert!(
        said.starts_with("browser `ainews-no-such-browser` could not start:"),
        "{said}"
    );
}

#[test]
fn an_attachment_goes_to_the_same_browser_and_says_which_one_ran() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("opened");
    let browser = [
        "sh".to_string(),
        "-c".to_string(),
        format!("printf '%s' \"$1\" > '{}'", out.display()),
        "browser".to_string(),
        "{url}".to_string(),
    ];
    let url = "https://pod.example/ep/episode.mp3?t=$(id)";
    assert_eq!(
        open_attachment(&browser, url, 2, 3, "episode.mp3"),
        "opened attachment 2/3 with sh: episode.mp3"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("written"), url);
    let failing = ["false".to_string(), "{url}".to_string()];
    assert_eq!(
        open_attachment(&failing, url, 1, 1, "episode.mp3"),
        "browser `false` exit status: 1"
    );
}
