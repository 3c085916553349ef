//! The fixture corpus of broken real-world feed shapes (tests/fixtures/hostile, one file per
//! shape, named for it): every file goes through decode, parse and build exactly as the
//! pipeline does, and must give the outcome recorded for it in `CASES`. A file without a
//! row fails the test, so the corpus and the table cannot drift apart.

use std::collections::BTreeSet;
use std::path::PathBuf;

use ainews_tui::config::TopicsConfig;
use ainews_tui::ingest::decode::to_parseable;
use ainews_tui::ingest::parse::parse_feed_at;
use ainews_tui::ingest::pipeline::build_articles;
use ainews_tui::model::{Article, FeedId};
use ainews_tui::text::sanitize::clean_title;
use ainews_tui::topics::classify::Classifier;

/// 2025-06-15T15:06:40Z: "now" for clamping future dates.
const NOW: i64 = 1_750_000_000;
const FEED_URL: &str = "https://wire.example.com/feed.xml";
/// 2024-01-02T10:00:00Z, the instant most broken date fixtures spell.
const JAN_2_10H: i64 = 1_704_189_600;

/// What a file must give.
enum Expect {
    /// These titles, in order; then `check` on the articles, if any.
    Titles(&'static [&'static str], Option<fn(&[Article])>),
    /// A failure whose text starts with this.
    Error(&'static str),
}

struct Case {
    file: &'static str,
    /// The HTTP Content-Type it would be served with.
    content_type: Option<&'static str>,
    feed_title: Option<&'static str>,
    expect: Expect,
}

const RSS: Option<&str> = Some("application/rss+xml");
const STANDARD: &[&str] = &["Export controls tighten", "Chip smuggling probe widens"];
const ZH: &[&str] = &["人工智能芯片出口管制", "深度求索发布新模型"];
const FR: &[&str] = &[
    "Régulateurs européens : l\u{2019}IA générale inquiète",
    "Café, œuvre et coût — tout change",
];

fn published(articles: &[Article]) -> Vec<Option<i64>> {
    articles.iter().map(|a| a.published).collect()
}

fn links(articles: &[Article]) -> Vec<Option<&str>> {
    articles.iter().map(|a| a.link.as_deref()).collect()
}

const CASES: &[Case] = &[
    // ---- formats ----------------------------------------------------------------------
    Case {
        file: "format_rss_without_version.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(STANDARD, None),
    },
    Case {
        file: "format_rss_version_0.94.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(STANDARD, None),
    },
    Case {
        file: "format_rss_version_2.00.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(STANDARD, None),
    },
    Case {
        file: "format_rss_0.91_netscape_doctype.xml",
        content_type: Some("text/xml; charset=utf-8"),
        feed_title: Some("Old School"),
        expect: Expect::Titles(&["Café AI lab opens"], None),
    },
    Case {
        file: "format_rss_1.0_rdf.xml",
        content_type: RSS,
        feed_title: Some("RDF Wire"),
        expect: Expect::Titles(&["Compute clusters grow"], None),
    },
    Case {
        file: "format_atom_updated_only.xml",
        content_type: Some("application/atom+xml"),
        feed_title: Some("Atom Updated"),
        expect: Expect::Titles(
            &["Only updated", "Both dates"],
            Some(|a| {
                // published, else updated.
                assert_eq!(published(a), [Some(1_748_854_800), Some(1_748_768_400)]);
            }),
        ),
    },
    Case {
        file: "format_html_entities_in_xml.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &["It\u{2019}s here \u{2014} Baidu\u{2019}s Ernie\u{2026}"],
            Some(|a| {
                let preview = ainews_tui::text::sanitize::html_to_text(&a[0].body, 80);
                assert!(
                    preview.contains("Caf\u{e9} \u{201c}quoted\u{201d}")
                        && preview.contains('\u{a9}'),
                    "{preview:?}"
                );
            }),
        ),
    },
    Case {
        file: "format_invalid_character_references.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &["Null \u{fffd} surrogate \u{fffd} huge \u{fffd} fine 中"],
            None,
        ),
    },
    Case {
        file: "format_billion_laughs.xml",
        content_type: RSS,
        feed_title: Some("Laughs"),
        // Internal entities are not expanded: the reference stays as inert text.
        expect: Expect::Titles(
            &["Entity &lol9; bomb"],
            Some(|a| assert!(a[0].body.len() < 100, "{}", a[0].body.len())),
        ),
    },
    Case {
        file: "format_external_entity.xml",
        content_type: RSS,
        feed_title: Some("XXE"),
        // External entities are never fetched or read.
        expect: Expect::Titles(
            &["Secret: &xxe;"],
            Some(|a| assert!(!a[0].body.contains("root:"), "{}", a[0].body)),
        ),
    },
    Case {
        file: "format_deep_nesting.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &["Deep"],
            Some(|a| {
                let text = ainews_tui::text::sanitize::html_to_text(&a[0].body, 60);
                assert!(text.contains("bottom"), "{text:?}");
            }),
        ),
    },
    Case {
        file: "format_json_feed_hostile.json",
        content_type: Some("application/feed+json"),
        feed_title: Some("JSON Wire"),
        expect: Expect::Titles(
            &["Alpha evil", "Beta"],
            Some(|a| {
                assert_eq!(links(a), [None, Some("https://json.example.com/2")]);
                assert_eq!(a[0].published, Some(JAN_2_10H));
            }),
        ),
    },
    // ---- encodings --------------------------------------------------------------------
    Case {
        file: "encoding_utf8_bom.xml",
        content_type: Some("text/xml; charset=gbk"),
        feed_title: Some("中文科技"),
        expect: Expect::Titles(ZH, None),
    },
    Case {
        file: "encoding_utf16le_bom.xml",
        content_type: Some("text/xml; charset=utf-8"),
        feed_title: Some("中文科技"),
        expect: Expect::Titles(ZH, None),
    },
    Case {
        file: "encoding_utf16be_bom.xml",
        content_type: None,
        feed_title: Some("中文科技"),
        expect: Expect::Titles(ZH, None),
    },
    Case {
        file: "encoding_gbk_declared_mislabelled_utf8.xml",
        content_type: Some("application/rss+xml; charset=utf-8"),
        feed_title: Some("中文科技"),
        expect: Expect::Titles(
            ZH,
            Some(|a| assert!(a[0].body.contains("华为发布昇腾芯片"), "{}", a[0].body)),
        ),
    },
    Case {
        file: "encoding_gbk_undeclared_charset_header.xml",
        content_type: Some("text/xml; charset=GBK"),
        feed_title: Some("中文科技"),
        expect: Expect::Titles(ZH, None),
    },
    Case {
        file: "encoding_gb2312_declared.xml",
        content_type: None,
        feed_title: Some("中文科技"),
        expect: Expect::Titles(ZH, None),
    },
    Case {
        file: "encoding_gb18030_four_byte.xml",
        content_type: None,
        feed_title: Some("国标"),
        expect: Expect::Titles(
            &["人工智能 \u{20000} \u{20000} 测试"],
            Some(|a| assert_eq!(a[0].body, "\u{20ac}")),
        ),
    },
    Case {
        file: "encoding_big5_declared.xml",
        content_type: Some("text/xml"),
        feed_title: Some("繁體新聞"),
        expect: Expect::Titles(&["臺灣半導體製造"], Some(|a| assert_eq!(a[0].body, "中國"))),
    },
    Case {
        file: "encoding_shift_jis_declared.xml",
        content_type: None,
        feed_title: Some("日本語ニュース"),
        expect: Expect::Titles(&["日本の人工知能"], None),
    },
    Case {
        file: "encoding_windows1252_labelled_iso8859_1.xml",
        content_type: Some("text/xml; charset=iso-8859-1"),
        feed_title: Some("Café"),
        expect: Expect::Titles(
            &["\u{201c}Smart quotes\u{201d} \u{2013} café \u{20ac}5"],
            None,
        ),
    },
    Case {
        file: "encoding_invalid_utf8.xml",
        content_type: None,
        feed_title: Some("Hostile Wire"),
        // Not UTF-8 and no label: the detector's guess, windows-1252, as a browser shows it.
        expect: Expect::Titles(&["Bad \u{ff}\u{fe}\u{c3} bytes"], None),
    },
    // No charset anywhere (no BOM, no `encoding=`, no HTTP charset): detected.
    Case {
        file: "encoding_gbk_no_label_anywhere.xml",
        content_type: RSS,
        feed_title: Some("中文科技"),
        expect: Expect::Titles(
            ZH,
            Some(|a| {
                assert_eq!(
                    a[0].body,
                    "华为发布昇腾芯片，百度和阿里巴巴宣布开源大模型。"
                );
            }),
        ),
    },
    Case {
        file: "encoding_big5_no_label_anywhere.xml",
        content_type: RSS,
        feed_title: Some("科技新聞"),
        expect: Expect::Titles(&["台積電擴大先進製程產能", "人工智慧伺服器需求強勁"], None),
    },
    Case {
        file: "encoding_shift_jis_no_label_anywhere.xml",
        content_type: RSS,
        feed_title: Some("テック速報"),
        expect: Expect::Titles(
            &[
                "日本の研究チームが大規模言語モデルを公開",
                "半導体への投資を拡大",
            ],
            None,
        ),
    },
    Case {
        file: "encoding_windows1252_no_label_anywhere.xml",
        content_type: RSS,
        feed_title: Some("Actualités"),
        expect: Expect::Titles(FR, None),
    },
    // A label the bytes contradict.
    Case {
        file: "encoding_windows1252_declared_utf8.xml",
        content_type: Some("application/rss+xml; charset=utf-8"),
        feed_title: Some("Actualités"),
        expect: Expect::Titles(FR, None),
    },
    Case {
        file: "encoding_utf8_labelled_iso8859_1.xml",
        content_type: Some("text/xml; charset=ISO-8859-1"),
        feed_title: Some("Café"),
        expect: Expect::Titles(&["Café, crème brûlée — les modèles français"], None),
    },
    // ---- dates ------------------------------------------------------------------------
    Case {
        file: "dates_broken_forms.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        // Every item stays, whatever its date.
        expect: Expect::Titles(
            &[
                "Space separated, no zone",
                "No day name",
                "Two-digit year",
                "Garbage date",
                "No date",
                "Future date",
                "Long day and month",
                "Zero date",
            ],
            Some(|a| {
                let j = Some(JAN_2_10H);
                assert_eq!(
                    published(a),
                    [j, j, j, None, None, Some(NOW), j, None],
                    "unreadable dates fall back to first seen, future ones to now"
                );
                assert!(a.iter().all(|x| x.when() <= NOW));
                assert_eq!(a[3].when(), NOW, "first seen");
            }),
        ),
    },
    Case {
        file: "dates_cst_in_chinese_feed.xml",
        content_type: RSS,
        feed_title: Some("科技新闻"),
        // 18:00 China Standard Time is 10:00 UTC.
        expect: Expect::Titles(
            &["北京时间", "Plain"],
            Some(|a| assert_eq!(published(a), [Some(JAN_2_10H), Some(JAN_2_10H)])),
        ),
    },
    Case {
        file: "dates_cst_in_us_feed.xml",
        content_type: RSS,
        feed_title: Some("Midwest AI"),
        // 18:00 US Central is midnight UTC.
        expect: Expect::Titles(
            &["Chicago time"],
            Some(|a| assert_eq!(published(a), [Some(JAN_2_10H + 14 * 3600)])),
        ),
    },
    // ---- identity ---------------------------------------------------------------------
    Case {
        file: "identity_duplicate_and_blank_guids.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &[
                "First copy",
                "Empty guid",
                "Whitespace guid",
                "Untitled body one",
                "Untitled body two",
                "(untitled)",
            ],
            Some(|a| {
                let guids: Vec<_> = a.iter().map(|x| x.guid.as_deref()).collect();
                assert_eq!(guids, [Some("dup"), None, None, None, None, None]);
                let ids: BTreeSet<_> = a.iter().map(|x| x.id).collect();
                assert_eq!(ids.len(), a.len(), "every kept item has its own id");
            }),
        ),
    },
    // ---- terminal ---------------------------------------------------------------------
    Case {
        file: "terminal_raw_escape_sequences.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &[
                "Red alert title",
                "Title set",
                "DCS done",
                "C1 csi nel osc",
                "Bidi evil iso zerowidth",
                "Bell backspace del",
            ],
            Some(|a| {
                let preview = ainews_tui::text::sanitize::html_to_text(&a[0].body, 80);
                assert_eq!(preview.trim(), "click", "the OSC 8 target is gone");
                assert_eq!(a[1].body, "clipboard", "the OSC 52 write is gone");
            }),
        ),
    },
    Case {
        file: "terminal_escapes_as_references.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &[
                "Ref red",
                "C1 ref and",
                "OSC ref tail",
                "Double escaped",
                "Bidi ref evil zw",
            ],
            Some(|a| {
                let preview = ainews_tui::text::sanitize::html_to_text(&a[0].body, 80);
                assert_eq!(preview.trim(), "cleared", "{preview:?}");
            }),
        ),
    },
    // ---- links ------------------------------------------------------------------------
    Case {
        file: "links_hostile.xml",
        content_type: RSS,
        feed_title: Some("Hostile Wire"),
        expect: Expect::Titles(
            &[
                "Script link",
                "File link",
                "Dash link",
                "Shell link",
                "Backtick link",
                "Control link",
                "Relative link",
                "Good link",
                "Data link",
            ],
            Some(|a| {
                assert_eq!(
                    links(a),
                    [
                        None,
                        None,
                        // Relative: resolved on the feed's own site, so no longer an option.
                        Some("https://wire.example.com/-oProxyCommand=sh"),
                        None,
                        Some("https://wire.example.com/a%60id%60%7Csh"),
                        None,
                        Some("https://wire.example.com/2025/06/relative"),
                        Some("https://wire.example.com/2025/06/good?a=1&b=2"),
                        None,
                    ]
                );
            }),
        ),
    },
    // ---- not feeds --------------------------------------------------------------------
    Case {
        file: "error_html_login_page.html",
        content_type: Some("text/html; charset=utf-8"),
        feed_title: None,
        expect: Expect::Error("not a feed: looks like an HTML page"),
    },
    Case {
        file: "error_empty.xml",
        content_type: RSS,
        feed_title: None,
        expect: Expect::Error("empty body"),
    },
    Case {
        file: "error_whitespace_only.xml",
        content_type: RSS,
        feed_title: None,
        expect: Expect::Error("empty body"),
    },
    Case {
        file: "error_truncated.xml",
        content_type: RSS,
        feed_title: None,
        expect: Expect::Error("XML error: "),
    },
    Case {
        file: "error_truncated.json",
        content_type: Some("application/feed+json"),
        feed_title: None,
        expect: Expect::Error("JSON error: EOF"),
    },
    Case {
        file: "error_json_wrong_version.json",
        content_type: Some("application/feed+json"),
        feed_title: None,
        expect: Expect::Error("JSON error: unsupported version"),
    },
    Case {
        file: "error_no_feed_root.xml",
        content_type: Some("text/xml"),
        feed_title: None,
        expect: Expect::Error("not a feed: no RSS, Atom or JSON Feed root element"),
    },
    Case {
        file: "error_plain_text.txt",
        content_type: Some("text/plain"),
        feed_title: None,
        expect: Expect::Error("not a feed: no RSS, Atom or JSON Feed root element"),
    },
    Case {
        file: "error_binary_garbage.bin",
        content_type: Some("application/octet-stream"),
        feed_title: None,
        expect: Expect::Error("not a feed"),
    },
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

type Outcome = Result<(Option<String>, Vec<Article>), String>;

/// As the pipeline does it: decode, parse, build. Errors as the status line shows them.
fn run(case: &Case) -> Outcome {
    let raw = std::fs::read(dir().join(case.file)).map_err(|e| format!("{}: {e}", case.file))?;
    let bytes = to_parseable(&raw, case.content_type);
    let parsed = parse_feed_at(&bytes, FEED_URL, NOW).map_err(|e| e.to_string())?;
    let title = parsed.title.as_deref().map(clean_title);
    let classifier = Classifier::new(&TopicsConfig::default()).expect("default rules");
    Ok((
        title,
        build_articles(FeedId(0), FEED_URL, parsed, &classifier, NOW),
    ))
}

/// Nothing that reaches the store may move the cursor, recolour, retitle or reorder text.
fn assert_terminal_safe(file: &str, text: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{061c}')
    });
    assert_eq!(bad, None, "{file}: unsafe character in {text:?}");
}

#[test]
fn every_fixture_gives_its_recorded_outcome() {
    let mut failures = Vec::new();
    for case in CASES {
        let outcome = std::panic::catch_unwind(|| check(case));
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", case.file));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn check(case: &Case) {
    let outcome = run(case);
    match (&case.expect, outcome) {
        (Expect::Titles(titles, extra), Ok((feed_title, articles))) => {
            assert_eq!(feed_title.as_deref(), case.feed_title, "feed title");
            let got: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
            assert_eq!(got, *titles);
            for article in &articles {
                assert_terminal_safe(case.file, &article.title);
                assert_terminal_safe(case.file, &article.body);
                assert!(!article.title.contains('\n'));
                if let Some(link) = &article.link {
                    assert!(link.starts_with("https://") || link.starts_with("http://"));
                    assert_terminal_safe(case.file, link);
                }
            }
            if let Some(extra) = extra {
                extra(&articles);
            }
        }
        (Expect::Error(prefix), Err(error)) => {
            assert!(
                error.starts_with(prefix),
                "error {error:?}, want {prefix:?}"
            );
            assert!(
                !error.contains('\n') && error.chars().count() < 200,
                "{error:?}"
            );
            assert_terminal_safe(case.file, &error);
        }
        (Expect::Titles(..), Err(error)) => panic!("expected articles, got error {error:?}"),
        (Expect::Error(prefix), Ok((_, articles))) => {
            panic!("expected error {prefix:?}, got {} articles", articles.len())
        }
    }
}

#[test]
fn every_fixture_has_a_row_and_every_row_a_fixture() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir())
        .expect("fixture directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name != "README.md")
        .collect();
    let listed: BTreeSet<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn the_same_document_gives_the_same_ids_on_the_next_poll() {
    for case in CASES {
        if let (Ok((_, first)), Ok((_, second))) = (run(case), run(case)) {
            let a: Vec<_> = first.iter().map(|x| x.id).collect();
            let b: Vec<_> = second.iter().map(|x| x.id).collect();
            assert_eq!(a, b, "{}", case.file);
        }
    }
}
