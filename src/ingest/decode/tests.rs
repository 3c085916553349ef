//! One test per step of the charset precedence, and one per encoding a real feed uses.

use super::*;

/// "人工智能" (artificial intelligence) in GBK.
const AI_GBK: &[u8] = b"\xc8\xcb\xb9\xa4\xd6\xc7\xc4\xdc";
/// "中國" in Big5.
const CHINA_BIG5: &[u8] = b"\xa4\xa4\xb0\xea";
/// "日本" in Shift_JIS.
const JAPAN_SJIS: &[u8] = b"\x93\xfa\x96\x7b";
/// U+20000, outside the BMP: only GB18030's four-byte form can spell it.
const EXT_B_GB18030: &[u8] = b"\x95\x32\x82\x36";

fn doc(declaration: &str, title: &[u8]) -> Vec<u8> {
    let mut out = declaration.as_bytes().to_vec();
    out.extend_from_slice(b"<rss version=\"2.0\"><channel><title>");
    out.extend_from_slice(title);
    out.extend_from_slice(b"</title></channel></rss>");
    out
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { b"\xfe\xff" } else { b"\xff\xfe" });
    }
    for unit in text.encode_utf16() {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

const UTF8_RSS: &str =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>人工智能</title></channel></rss>";

#[test]
fn a_utf8_bom_is_removed_and_wins_over_every_label() {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(doc(
        "<?xml version=\"1.0\" encoding=\"GBK\"?>",
        "人工智能".as_bytes(),
    ));
    let out = decode(&bytes, Some("text/xml; charset=big5"));
    assert_eq!(out.source, CharsetSource::ByteOrder);
    assert_eq!(out.encoding, UTF_8);
    assert_eq!(out.text, UTF8_RSS);
}

#[test]
fn utf16_with_a_bom_decodes_in_both_byte_orders() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>人工智能</title></channel></rss>";
    for big_endian in [false, true] {
        let out = decode(
            &utf16(text, big_endian, true),
            Some("text/xml; charset=utf-8"),
        );
        assert_eq!(out.source, CharsetSource::ByteOrder, "BE: {big_endian}");
        assert_eq!(out.text, UTF8_RSS, "BE: {big_endian}");
        assert!(!out.had_errors);
    }
}

#[test]
fn utf16_without_a_bom_is_recognised_by_its_first_bytes() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>人工智能</title></channel></rss>";
    for big_endian in [false, true] {
        let out = decode(&utf16(text, big_endian, false), None);
        assert_eq!(out.source, CharsetSource::ByteOrder);
        assert_eq!(out.text, UTF8_RSS, "BE: {big_endian}");
    }
}

#[test]
fn the_xml_declaration_wins_over_the_http_charset() {
    let bytes = doc("<?xml version=\"1.0\" encoding=\"gbk\"?>", AI_GBK);
    let out = decode(&bytes, Some("text/xml; charset=utf-8"));
    assert_eq!(out.source, CharsetSource::XmlDeclaration);
    assert_eq!(out.text, UTF8_RSS);
    assert!(
        !out.text.contains("gbk"),
        "the declaration no longer names GBK"
    );
}

#[test]
fn gb2312_and_gb18030_labels_read_as_gb18030() {
    let mut title = AI_GBK.to_vec();
    title.extend_from_slice(EXT_B_GB18030);
    for label in ["GB2312", "GB18030", "gbk", "x-gbk"] {
        let bytes = doc(
            &format!("<?xml version='1.0' encoding='{label}' standalone='yes'?>"),
            &title,
        );
        let out = decode(&bytes, None);
        assert!(
            out.text.contains("<title>人工智能\u{20000}</title>"),
            "{label}: {}",
            out.text
        );
        assert!(!out.had_errors, "{label}");
    }
}

#[test]
fn big5_and_shift_jis_declarations_are_honoured() {
    let big5 = decode(
        &doc("<?xml version=\"1.0\" encoding=\"Big5\"?>", CHINA_BIG5),
        None,
    );
    assert!(big5.text.contains("<title>中國</title>"), "{}", big5.text);
    let sjis = decode(
        &doc("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>", JAPAN_SJIS),
        None,
    );
    assert!(sjis.text.contains("<title>日本</title>"), "{}", sjis.text);
}

#[test]
fn the_http_charset_applies_without_a_declaration() {
    let out = decode(&doc("", AI_GBK), Some("text/xml; Charset=\"GBK\""));
    assert_eq!(out.source, CharsetSource::ContentType);
    assert!(out.text.contains("<title>人工智能</title>"), "{}", out.text);

    // A declaration without an encoding says nothing, so the header still counts.
    let out = decode(
        &doc("<?xml version=\"1.0\"?>", CHINA_BIG5),
        Some("application/rss+xml;charset=big5"),
    );
    assert_eq!(out.source, CharsetSource::ContentType);
    assert!(out.text.contains("<title>中國</title>"), "{}", out.text);
}

#[test]
fn iso_8859_1_is_read_as_windows_1252() {
    // 0x93/0x94 are C1 controls in ISO-8859-1 but curly quotes in windows-1252, which is
    // what every server labelling ISO-8859-1 actually sends.
    let out = decode(
        &doc("", b"\x93Caf\xe9\x94 \x80"),
        Some("text/xml; charset=ISO-8859-1"),
    );
    assert!(
        out.text
            .contains("<title>\u{201c}Caf\u{e9}\u{201d} \u{20ac}</title>"),
        "{}",
        out.text
    );
}

#[test]
fn a_stray_bad_byte_in_a_utf8_document_stays_a_replacement_character() {
    // One truncated character among many good ones: still UTF-8, whatever the label says.
    let mut title = "人工智能芯片竞赛".as_bytes().to_vec();
    title.extend_from_slice(b"\xe4\xba");
    title.extend_from_slice(" end".as_bytes());
    for content_type in [None, Some("text/xml; charset=utf-8")] {
        let out = decode(&doc("", &title), content_type);
        assert_eq!(out.encoding, UTF_8, "{content_type:?}");
        assert!(out.had_errors);
        assert!(
            out.text
                .contains("<title>人工智能芯片竞赛\u{fffd} end</title>"),
            "{}",
            out.text
        );
    }
}

#[test]
fn wrong_and_unknown_labels_fall_through_to_the_next_step() {
    // A declaration read as ASCII cannot be UTF-16: the header decides.
    let out = decode(
        &doc("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", AI_GBK),
        Some("text/xml; charset=gbk"),
    );
    assert_eq!(out.source, CharsetSource::ContentType);
    assert!(out.text.contains("人工智能"), "{}", out.text);

    // Unknown labels everywhere: UTF-8.
    let out = decode(
        &doc(
            "<?xml version=\"1.0\" encoding=\"klingon\"?>",
            "人工智能".as_bytes(),
        ),
        Some("text/xml; charset=elvish"),
    );
    assert_eq!(out.source, CharsetSource::Detected);
    assert_eq!(out.text, UTF8_RSS);

    // WHATWG maps ISO-2022-KR to "replacement", which would erase the document.
    let out = decode(&doc("", b"plain"), Some("text/xml; charset=iso-2022-kr"));
    assert!(out.text.contains("<title>plain</title>"), "{}", out.text);
}

#[test]
fn leading_whitespace_goes_and_stylesheets_are_not_declarations() {
    let out = decode(b"\n\t <?xml version=\"1.0\"?><rss/>", None);
    assert_eq!(out.text, "<?xml version=\"1.0\"?><rss/>");
    let pi = "<?xml-stylesheet href=\"a.xsl\"?><rss/>";
    assert_eq!(decode(pi.as_bytes(), None).text, pi);
    // A declaration that never closes is left for the parser to reject.
    assert_eq!(decode(b"<?xml encoding", None).text, "<?xml encoding");
}

#[test]
fn json_feeds_pass_through() {
    let json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"人工智能\"}";
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(json.as_bytes());
    assert_eq!(decode(&bytes, Some("application/feed+json")).text, json);
}

#[test]
fn charset_parameters_are_found_however_they_are_written() {
    assert_eq!(charset_param("text/xml; charset=UTF-8"), Some("UTF-8"));
    assert_eq!(charset_param("text/xml;CHARSET='gbk' "), Some("gbk"));
    assert_eq!(
        charset_param("text/xml; q=1; charset = \"big5\""),
        Some("big5")
    );
    assert_eq!(charset_param("text/xml; charset="), None);
    assert_eq!(charset_param("text/xml"), None);
}

/// Sentences a Chinese, Taiwanese, Japanese and French AI news feed would carry.
const ZH_HANS: &str = "人工智能芯片竞赛升温：华为发布新一代昇腾处理器，百度和阿里巴巴同时宣布开源大模型，美国商务部表示将进一步收紧出口管制。";
const ZH_HANT: &str = "台灣積體電路製造公司宣布擴大先進製程產能，以因應人工智慧伺服器的強勁需求，分析師認為這將加劇美中科技競爭。";
const JA: &str = "日本の研究チームが新しい大規模言語モデルを公開しました。政府は人工知能の安全性に関する指針を発表し、半導体への投資を拡大します。";
const FR: &str = "L\u{2019}intelligence artificielle générale inquiète les régulateurs européens : « Nous devons agir vite », a déclaré la ministre à l\u{2019}issue du sommet. Café, œuvre, coût — tout change.";

/// `text` in `encoding`, which must be able to spell every character of it.
fn encoded(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{} cannot spell {text}", encoding.name());
    bytes.into_owned()
}

fn rss(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title></channel></rss>"
    )
}

#[test]
fn undeclared_legacy_encodings_are_detected() {
    use encoding_rs::{BIG5, GBK, SHIFT_JIS, WINDOWS_1252};
    for (text, encoding, expected) in [
        (ZH_HANS, GBK, "GBK"),
        (ZH_HANT, BIG5, "Big5"),
        (JA, SHIFT_JIS, "Shift_JIS"),
        (FR, WINDOWS_1252, "windows-1252"),
    ] {
        let bytes = doc("<?xml version=\"1.0\"?>", &encoded(text, encoding));
        let out = decode(&bytes, Some("application/rss+xml"));
        assert_eq!(out.source, CharsetSource::Detected, "{expected}");
        assert_eq!(out.encoding.name(), expected);
        assert_eq!(out.text, rss(text), "{expected}");
        assert!(!out.had_errors, "{expected}");
    }
}

#[test]
fn a_utf8_label_over_other_bytes_is_overruled() {
    use encoding_rs::{GBK, WINDOWS_1252};
    for (text, encoding) in [(ZH_HANS, GBK), (FR, WINDOWS_1252)] {
        // In the declaration...
        let bytes = doc(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            &encoded(text, encoding),
        );
        let out = decode(&bytes, None);
        assert_eq!(out.source, CharsetSource::Detected, "{}", encoding.name());
        assert_eq!(out.encoding, encoding);
        assert_eq!(out.text, rss(text));
        // ...and in the HTTP header.
        let out = decode(
            &doc("", &encoded(text, encoding)),
            Some("text/xml; charset=utf-8"),
        );
        assert_eq!(out.encoding, encoding);
        assert!(
            out.text.contains(&format!("<title>{text}</title>")),
            "{}",
            out.text
        );
    }
}

#[test]
fn a_single_byte_label_over_utf8_bytes_is_overruled() {
    let bytes = doc(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        FR.as_bytes(),
    );
    let out = decode(&bytes, Some("text/xml; charset=windows-1252"));
    assert_eq!(out.source, CharsetSource::Detected);
    assert_eq!(out.encoding, UTF_8);
    assert_eq!(out.text, rss(FR));
    assert!(!out.text.contains("Ã©"));

    let out = decode(
        &doc("", FR.as_bytes()),
        Some("text/xml; charset=ISO-8859-1"),
    );
    assert_eq!(out.encoding, UTF_8);
    assert!(
        out.text.contains(&format!("<title>{FR}</title>")),
        "{}",
        out.text
    );

    // Pure ASCII reads the same either way: the label stands.
    let out = decode(&doc("", b"plain"), Some("text/xml; charset=ISO-8859-1"));
    assert_eq!(out.source, CharsetSource::ContentType);
}

#[test]
fn detection_reads_past_a_long_ascii_head() {
    // The non-ASCII text starts far into the document; detection starts there.
    let mut title = "x".repeat(3 * DETECTION_WINDOW).into_bytes();
    title.extend(encoded(JA, encoding_rs::SHIFT_JIS));
    let out = decode(&doc("", &title), None);
    assert_eq!(out.encoding, encoding_rs::SHIFT_JIS);
    assert!(out.text.ends_with(&format!("{JA}</title></channel></rss>")));
}

#[test]
fn a_declaration_after_a_php_notice_still_names_the_encoding() {
    let mut bytes =
        b"<br />\n<b>Notice</b>:  Undefined index: q in /var/www/feed.php on line 4<br />\n"
            .to_vec();
    bytes.extend(doc("<?xml version=\"1.0\" encoding=\"big5\"?>", CHINA_BIG5));
    let decoded = decode(&bytes, None);
    assert_eq!(decoded.source, CharsetSource::XmlDeclaration);
    assert_eq!(decoded.encoding, encoding_rs::BIG5);
    assert!(
        decoded.text.contains("<title>中國</title>"),
        "{}",
        decoded.text
    );
    let feed = crate::ingest::parse::parse_feed(decoded.text.as_bytes(), "https://x.example/")
        .expect("the notice is dropped by the repairs");
    assert_eq!(feed.title.as_deref(), Some("中國"));
    // A stylesheet instruction is not the declaration.
    let styled = doc("<?xml-stylesheet encoding=\"big5\"?>", "中國".as_bytes());
    assert_eq!(decode(&styled, None).encoding, UTF_8);
}
