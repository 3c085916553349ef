//! Attached files in the dashboard: listed after the preview text (from a fresh article or
//! loaded from the cache with the body), and opened in turn by the open_attachment key.

mod ui_support;

use ainews_tui::app::{Action, Command, update};
use ainews_tui::model::{Enclosure, Topic};
use ui_support::{NOW, article, render, sample_state};

fn file(url: &str, mime: Option<&str>, length: Option<u64>) -> Enclosure {
    Enclosure {
        url: url.to_owned(),
        mime: mime.map(str::to_owned),
        length,
    }
}

fn podcast_files() -> Vec<Enclosure> {
    vec![
        file(
            "https://pod.example/ep/episode-42.mp3",
            Some("audio/mpeg"),
            Some(24_300_000),
        ),
        file("https://pod.example/ep/show%20notes.pdf", None, Some(512)),
        file("https://pod.example/ep/cover.jpg", Some("image/jpeg"), None),
    ]
}

/// The sample dashboard with a podcast episode selected (newest, so first).
fn with_episode(width: u16, height: u16, enclosures: Vec<Enclosure>) -> ainews_tui::app::State {
    let mut state = sample_state(width, height);
    let mut episode = article(0, "Chip war podcast episode 42", Topic::Other, &[], 1);
    episode.body = "<p>Show notes.</p>".into();
    episode.enclosures = enclosures;
    ainews_tui::app::update::merge_articles(&mut state, vec![episode]);
    update(&mut state, Action::Top, NOW);
    assert_eq!(
        state.selected_article().map(|a| a.title.as_str()),
        Some("Chip war podcast episode 42")
    );
    state
}

fn opened(commands: &[Command]) -> Vec<(usize, usize, &str, &str)> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::OpenAttachment {
                url,
                number,
                count,
                name,
            } => Some((*number, *count, url.as_str(), name.as_str())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_preview_lists_the_files_after_the_text() {
    let state = with_episode(120, 40, podcast_files());
    let body = &state.preview.text.as_ref().expect("rendered").body;
    assert_eq!(
        body,
        "Show notes.\n\n\
         Attachments (a opens them in turn)\n\
         [a1] audio/mpeg · 24.3 MB · episode-42.mp3\n\
         [a2] ? · 512 B · show notes.pdf\n\
         [a3] image/jpeg · cover.jpg\n"
    );
}

#[test]
fn a_narrow_reader_cuts_each_line_to_its_width() {
    let mut state = with_episode(30, 24, podcast_files());
    update(&mut state, Action::Activate, NOW);
    assert!(state.overlay.is_full_preview(), "narrow: full screen");
    let screen = render(&state);
    let block: Vec<&str> = screen
        .lines()
        .filter(|line| line.contains("Attachments") || line.contains("[a"))
        .collect();
    assert_eq!(
        block,
        [
            "│ Attachments (a opens them… │",
            "│ [a1] audio/mpeg · 24.3 MB… │",
            "│ [a2] ? · 512 B · show not… │",
            "│ [a3] image/jpeg · cover.j… │",
        ]
    );
}

#[test]
fn a_tiny_terminal_still_draws() {
    let state = with_episode(20, 5, podcast_files());
    let screen = render(&state);
    assert_eq!(screen.lines().count(), 5);
    let mut reader = with_episode(20, 5, podcast_files());
    update(&mut reader, Action::Activate, NOW);
    update(&mut reader, Action::Bottom, NOW);
    let screen = render(&reader);
    assert_eq!(screen.lines().count(), 5);
    assert!(
        screen.contains("│ [a3] image/jpeg  │"),
        "the last file:\n{screen}"
    );
}

#[test]
fn the_key_opens_each_file_in_turn_and_starts_over_on_another_article() {
    let mut state = with_episode(120, 40, podcast_files());
    let mut seen = Vec::new();
    for _ in 0..4 {
        let commands = update(&mut state, Action::OpenAttachment, NOW);
        seen.extend(
            opened(&commands)
                .into_iter()
                .map(|(n, count, url, name)| (n, count, url.to_owned(), name.to_owned())),
        );
    }
    let wanted = |n: usize, url: &str, name: &str| (n, 3, url.to_owned(), name.to_owned());
    assert_eq!(
        seen,
        [
            wanted(1, "https://pod.example/ep/episode-42.mp3", "episode-42.mp3"),
            wanted(
                2,
                "https://pod.example/ep/show%20notes.pdf",
                "show notes.pdf"
            ),
            wanted(3, "https://pod.example/ep/cover.jpg", "cover.jpg"),
            wanted(1, "https://pod.example/ep/episode-42.mp3", "episode-42.mp3"),
        ]
    );

    // Another article has none: nothing runs, and the status line says so.
    update(&mut state, Action::MoveDown, NOW);
    let commands = update(&mut state, Action::OpenAttachment, NOW);
    assert!(opened(&commands).is_empty());
    assert_eq!(
        state.status.message.as_ref().map(|(text, _)| text.as_str()),
        Some("no attachments in this article")
    );
    // Back on the episode, the first file comes first again.
    update(&mut state, Action::MoveUp, NOW);
    let commands = update(&mut state, Action::OpenAttachment, NOW);
    assert_eq!(opened(&commands)[0].0, 1);
}

#[test]
fn files_of_a_cached_article_come_with_its_body() {
    let mut state = with_episode(120, 40, Vec::new());
    let mut cached = state.selected_article().cloned().expect("selected");
    cached.body.clear();
    cached.title = "Cached episode 43".into();
    cached.id = ainews_tui::model::ArticleId(43);
    cached.published = Some(NOW);
    ainews_tui::app::update::merge_articles(&mut state, vec![cached]);
    let commands = update(&mut state, Action::Top, NOW);
    let id = ainews_tui::model::ArticleId(43);
    assert_eq!(commands, vec![Command::LoadBody(id)]);
    update(
        &mut state,
        Action::BodyLoaded {
            id,
            body: Some("<p>From the cache.</p>".into()),
            enclosures: vec![file("https://pod.example/43.mp3", None, None)],
        },
        NOW,
    );
    assert_eq!(
        state.preview.text.as_ref().expect("rendered").body,
        "From the cache.\n\nAttachments (a opens them in turn)\n[a1] ? · 43.mp3\n"
    );
    let commands = update(&mut state, Action::OpenAttachment, NOW);
    assert_eq!(
        opened(&commands),
        [(1, 1, "https://pod.example/43.mp3", "43.mp3")]
    );
}

#[test]
fn the_reader_names_the_key_only_when_there_is_a_file() {
    let mut state = with_episode(80, 24, podcast_files());
    update(&mut state, Action::Activate, NOW);
    assert!(state.overlay.is_full_preview());
    let screen = render(&state);
    let bottom = screen.lines().rev().nth(1).unwrap_or_default();
    assert!(
        bottom.contains(" Esc back · o open · a attachment · f full article · j/k scroll "),
        "{bottom}"
    );
    let mut plain = sample_state(80, 24);
    update(&mut plain, Action::Activate, NOW);
    let screen = render(&plain);
    let bottom = screen.lines().rev().nth(1).unwrap_or_default();
    assert!(
        bottom.contains(" Esc back · o open · f full article · j/k scroll "),
        "{bottom}"
    );
}

#[test]
fn the_end_of_a_long_text_with_its_files_scrolls_into_view() {
    let mut state = sample_state(120, 40);
    let mut episode = article(
        0,
        "A long episode page whose title wraps over two lines of the preview pane beside the list",
        Topic::Other,
        &[],
        1,
    );
    episode.body = (1..=60).map(|n| format!("<p>Paragraph {n}.</p>")).collect();
    episode.enclosures = podcast_files();
    ainews_tui::app::update::merge_articles(&mut state, vec![episode]);
    update(&mut state, Action::Top, NOW);
    update(&mut state, Action::FocusNext, NOW);
    update(&mut state, Action::Bottom, NOW);
    let screen = render(&state);
    assert!(
        screen.contains("[a3] image/jpeg · cover.jpg"),
        "the last file is on screen:\n{screen}"
    );
}
