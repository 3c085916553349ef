use super::*;

fn rewritten(input: &str) -> (String, Repairs) {
    let out = rewrite(input.as_bytes(), usize::MAX).expect("an XML document");
    (
        String::from_utf8(out.bytes).expect("UTF-8 in, UTF-8 out"),
        out.repairs,
    )
}

fn text(input: &str) -> String {
    rewritten(input).0
}

/// Events of a quick-xml read, failing on any error and on elements left open.
fn assert_well_formed(xml: &[u8]) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut depth = 0i64;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{e} in {:?}", String::from_utf8_lossy(xml)),
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "{:?}", String::from_utf8_lossy(xml));
}

#[test]
fn a_clean_document_comes_out_as_it_went_in() {
    let clean = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>A &amp; B</title>\
        <item><title>T</title><link>https://x.example.com/?a=1&amp;b=2</link>\
        <description><![CDATA[<p>x</p>]]></description></item></channel></rss>";
    let (out, repairs) = rewritten(clean);
    assert_eq!(out, clean);
    assert!(repairs.is_empty(), "{repairs}");
}

#[test]
fn bare_ampersands_are_escaped_and_references_kept() {
    let (out, repairs) = rewritten(
        "<rss><channel><title>AT&T &amp; R&D &#38; &#x26; &nbsp; &rsquo; & &#; &amp</title></channel></rss>",
    );
    assert_eq!(
        out,
        "<rss><channel><title>AT&amp;T &amp; R&amp;D &#38; &#x26; &nbsp; &rsquo; &amp; &amp;#; &amp;amp</title></channel></rss>"
    );
    assert_eq!(repairs.count(Repair::BareAmpersand), 5);
}

#[test]
fn tags_inside_text_elements_become_text() {
    let (out, repairs) = rewritten(
        "<rss><channel><item><title>Nvidia < AMD? <br> <b>x</b></title><description>a<p>b</p><![CDATA[<i>c</i>]]></description></item></channel></rss>",
    );
    assert_eq!(
        out,
        "<rss><channel><item><title>Nvidia &lt; AMD? &lt;br> &lt;b>x&lt;/b></title><description>a&lt;p>b&lt;/p><![CDATA[<i>c</i>]]></description></item></channel></rss>"
    );
    assert_eq!(repairs.count(Repair::StrayLessThan), 1);
    assert_eq!(repairs.count(Repair::MarkupInText), 5);
}

#[test]
fn an_unclosed_text_element_is_closed_by_its_parent() {
    let (out, repairs) = rewritten("<rss><channel><item><title>Open</item></channel></rss>");
    assert_eq!(
        out,
        "<rss><channel><item><title>Open</title></item></channel></rss>"
    );
    assert_eq!(repairs.count(Repair::UnclosedElement), 1);
}

#[test]
fn xhtml_content_keeps_its_markup_and_closes_void_elements() {
    let (out, repairs) = rewritten(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\"><div>a<br>b<title>t</title></div></content></entry></feed>",
    );
    assert_eq!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\"><div>a<br/>b<title>t</title></div></content></entry></feed>"
    );
    assert_eq!(repairs.count(Repair::UnclosedElement), 1);
}

#[test]
fn names_get_feed_rs_spelling_and_stray_end_tags_go() {
    let (out, repairs) = rewritten(
        "<RSS version=\"2.0\"><Channel><Item><TITLE>T</title><PubDate>d</PUBDATE></Item></span></Channel></RSS>",
    );
    assert_eq!(
        out,
        "<rss version=\"2.0\"><channel><item><title>T</title><pubDate>d</pubDate></item></channel></rss>"
    );
    assert_eq!(repairs.count(Repair::ElementCase), 5);
    assert_eq!(repairs.count(Repair::StrayEndTag), 1);
}

#[test]
fn a_cut_document_is_closed_after_its_last_whole_item() {
    for cut in [
        "<item><title>Cut",
        "<item><title>Cut</title><link>https://x",
        "<item><description><![CDATA[never ends",
        "<item><title>x</title><link href=\"unterminated",
        "<item><!-- comment",
    ] {
        let input = format!(
            "<?xml version=\"1.0\"?><rss><channel><title>C</title><item><title>Whole</title></item>{cut}"
        );
        let (out, repairs) = rewritten(&input);
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?><rss><channel><title>C</title><item><title>Whole</title></item></channel></rss>",
            "{cut}"
        );
        assert_eq!(repairs.count(Repair::Truncated), 1);
    }
}

#[test]
fn a_document_cut_before_any_whole_item_keeps_its_head() {
    let (out, repairs) = rewritten("<rss><channel><title>C</title><item><title>Cut");
    assert_eq!(out, "<rss><channel><title>C</title></channel></rss>");
    assert_eq!(repairs.count(Repair::Truncated), 1);
    let (out, _) = rewritten("<rss><channel><title>Cut in the head");
    assert_eq!(
        out,
        "<rss><channel><title>Cut in the head</title></channel></rss>"
    );
}

#[test]
fn junk_before_the_document_is_dropped() {
    let notice = "<br />\n<b>Warning</b>:  x in /var/www/x.php on line 3<br />\n";
    let (out, repairs) = rewritten(&format!(
        "{notice}<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><channel/></rss>"
    ));
    // The text was decoded already: the declaration must not name another encoding.
    assert_eq!(out, "<?xml version=\"1.0\"?>\n<rss><channel/></rss>");
    assert_eq!(repairs.to_string(), "text before the XML dropped");

    let (out, repairs) = rewritten(&format!("{notice}<rss><channel/></rss>"));
    assert_eq!(out, "<rss><channel/></rss>");
    assert_eq!(repairs.count(Repair::JunkBeforeDocument), 1);

    let (out, repairs) =
        rewritten("<?xml version=\"1.0\"?>\nNotice: x<br/>\n<rss><channel/></rss>");
    assert_eq!(out, "<?xml version=\"1.0\"?>\n<rss><channel/></rss>");
    assert_eq!(repairs.count(Repair::JunkBeforeDocument), 1);

    let (out, repairs) = rewritten("\u{feff}\r\n <?xml version=\"1.0\"?><rss/>");
    assert_eq!(out, "<?xml version=\"1.0\"?><rss/>");
    assert_eq!(repairs.count(Repair::JunkBeforeDocument), 1);
}

#[test]
fn what_is_not_xml_is_left_alone() {
    assert_eq!(
        rewrite(b"{\"version\": \"https://jsonfeed.org/version/1.1\"}", 10),
        None
    );
    assert_eq!(rewrite(b"  \n{\"items\": []}", 10), None);
    assert_eq!(rewrite(b"Service unavailable", 10), None);
}

#[test]
fn legacy_namespaces_are_mapped() {
    let (out, repairs) = rewritten(
        "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><issued>i</issued><modified>m</modified><tagline>t</tagline></entry></feed>",
    );
    assert_eq!(
        out,
        "<feed version=\"0.3\" xmlns=\"http://www.w3.org/2005/Atom\"><entry><published>i</published><updated>m</updated><subtitle>t</subtitle></entry></feed>"
    );
    assert_eq!(repairs.to_string(), "Atom 0.3 read as Atom 1.0");

    let (out, _) = rewritten(
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"></rdf:RDF>",
    );
    assert_eq!(
        out,
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"></rdf:RDF>"
    );

    let (out, repairs) = rewritten(
        "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\"><channel/></rss>",
    );
    assert_eq!(out, "<rss version=\"2.0\"><channel/></rss>");
    assert_eq!(repairs.count(Repair::UserlandNamespace), 1);
}

#[test]
fn type_values_are_normalized_by_vocabulary() {
    let (out, repairs) = rewritten(
        "<rss xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><item>\
         <media:description type=\"text/html\">d</media:description><atom:title type=\"\">t</atom:title>\
         <description type=\"whatever\">kept</description></item></channel></rss>",
    );
    assert!(
        out.contains("<media:description type=\"html\">d</media:description>"),
        "{out}"
    );
    assert!(
        out.contains("<atom:title type=\"text\">t</atom:title>"),
        "{out}"
    );
    assert!(
        out.contains("<description type=\"whatever\">kept</description>"),
        "{out}"
    );
    assert_eq!(repairs.count(Repair::TypeAttribute), 2);

    let (out, _) = rewritten(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"image/png\" src=\"x.png\"/><content type=\"text/plain\">p</content></entry></feed>",
    );
    assert!(
        out.contains("<content type=\"image/png\" src=\"x.png\"/>"),
        "{out}"
    );
    assert!(
        out.contains("<content type=\"text/plain\">p</content>"),
        "{out}"
    );
}

#[test]
fn rss_1_0_items_without_a_link_get_their_rdf_about() {
    let (out, repairs) = rewritten(
        "<rdf:RDF><item rdf:about=\"https://x.example.com/?a=1&amp;b=2\"><title>t</title></item>\
         <item rdf:about=\"https://x.example.com/2\"><link>https://x.example.com/own</link></item></rdf:RDF>",
    );
    assert_eq!(
        out,
        "<rdf:RDF><item rdf:about=\"https://x.example.com/?a=1&amp;b=2\"><title>t</title><link>https://x.example.com/?a=1&amp;b=2</link></item>\
         <item rdf:about=\"https://x.example.com/2\"><link>https://x.example.com/own</link></item></rdf:RDF>"
    );
    assert_eq!(repairs.count(Repair::LinkFromRdfAbout), 1);
}

#[test]
fn the_item_limit_closes_the_document_after_the_last_item_kept() {
    let out = rewrite(
        b"<rss><channel><item><title>1</title></item><item><title>2</title></item><item><title>3</title></item></channel></rss>",
        2,
    )
    .expect("XML");
    assert_eq!(
        String::from_utf8(out.bytes).expect("UTF-8"),
        "<rss><channel><item><title>1</title></item><item><title>2</title></item></channel></rss>"
    );
    assert!(out.repairs.is_empty(), "a limit is no repair");
}

#[test]
fn whatever_goes_in_comes_out_well_formed() {
    let pieces: [&str; 24] = [
        "<rss version=\"2.0\">",
        "<channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<TITLE>",
        "<br>",
        "</b>",
        "<b>",
        " < ",
        "&",
        "&amp;",
        "&nbsp;",
        "<![CDATA[x",
        "]]>",
        "<!--",
        "-->",
        "text",
        "<a href=\"x",
        "\">",
        "<description>",
        "</channel>",
        "</rss>",
    ];
    let mut rng = fastrand::Rng::with_seed(11);
    for _ in 0..2_000 {
        let mut input = String::from("<rss><channel>");
        for _ in 0..rng.usize(0..30) {
            input.push_str(pieces[rng.usize(..pieces.len())]);
        }
        if let Some(out) = rewrite(input.as_bytes(), 50) {
            assert_well_formed(&out.bytes);
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = fastrand::Rng::with_seed(5);
    let alphabet = b"<>&;/!?[]-=\"' \nabcitemrsfdx#:\xc3\xa9\xef\xbb\xbf";
    for _ in 0..5_000 {
        let len = rng.usize(0..120);
        let input: Vec<u8> = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        let _ = rewrite(&input, 3);
    }
}

#[test]
fn texts_in_the_fixture_corpus_survive_a_rewrite() {
    // A title holding a reference feed-rs keeps and a CDATA body: the rewrite is exact.
    assert_eq!(
        text(
            "<rss><channel><item><title>It&rsquo;s</title><description><![CDATA[a & b]]></description></item></channel></rss>"
        ),
        "<rss><channel><item><title>It&rsquo;s</title><description><![CDATA[a & b]]></description></item></channel></rss>"
    );
}

#[test]
fn a_document_nested_past_the_limit_gets_no_rewrite() {
    let deep = format!(
        "<rss><channel><title>A&B</title>{}<item><title>t</title></item></channel></rss>",
        "<x>".repeat(MAX_DEPTH)
    );
    assert!(rewrite(deep.as_bytes(), usize::MAX).is_none());
    let shallow = format!(
        "<rss><channel><title>A&B</title>{}<item><title>t</title></item>{}</channel></rss>",
        "<x>".repeat(10),
        "</x>".repeat(10)
    );
    assert!(rewrite(shallow.as_bytes(), usize::MAX).is_some());
}

#[test]
fn a_cut_after_the_checkpoints_elements_closed_still_closes_them() {
    // The last whole item closes inside <group>; <group> closes and <other> opens before
    // the cut (outside any item), so the end tags must be those of the stack at the
    // checkpoint, not of the stack at the cut.
    let (out, repairs) = rewritten(
        "<rss version=\"2.0\"><channel><group><item><title>One</title></item></group>\
         <other><x>Tw",
    );
    assert_eq!(
        out,
        "<rss version=\"2.0\"><channel><group><item><title>One</title></item></group></channel></rss>"
    );
    assert_eq!(repairs.count(Repair::Truncated), 1);
    assert_well_formed(out.as_bytes());
}

#[test]
fn an_opener_never_closed_inside_a_title_is_text() {
    let (out, _) = rewritten(
        "<rss version=\"2.0\"><channel><item><title>Use <!-- to comment & more</title></item>\
         <item><title>Two <![CDATA[ open</title></item><item><title>Three</title></item></channel></rss>",
    );
    assert_eq!(
        out,
        "<rss version=\"2.0\"><channel><item><title>Use &lt;!-- to comment &amp; more</title></item>\
         <item><title>Two &lt;![CDATA[ open</title></item><item><title>Three</title></item></channel></rss>"
    );
}

#[test]
fn a_bare_word_keeps_the_next_attribute_whole() {
    let (out, _) = rewritten(
        "<rss version=\"2.0\"><channel><Item><Title hidden type=\"html\">A &amp; B</Title></Item></channel></rss>",
    );
    // The bare word is left out; the attribute after it keeps its whole name.
    assert!(
        out.contains("<title type=\"html\">A &amp; B</title>"),
        "{out}"
    );
}
