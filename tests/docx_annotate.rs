//! Writing review comments into a .docx: a valid zip, one comment per
//! finding, the text unchanged, every other entry byte-identical.

mod common;

use std::io::{Cursor, Read};

use common::{build_docx, document, entry_text, mini_linter, p, part, strip_tags};
use dejargon::document::{Document, Layout};
use dejargon::docx::annotate::{annotate, comment_text, AnnotateOptions, Annotated};
use dejargon::docx::Limits;
use dejargon::Finding;

fn lint(bytes: &[u8]) -> (Document, Vec<Finding>) {
    let document = Document::from_docx("t.docx", bytes, &Limits::default()).unwrap();
    let linter = mini_linter();
    let checked = linter.lint_prose(document.source.as_str(), document.prose(), linter.options());
    (document, checked.findings)
}

/// The annotated copy, and the findings that should have a comment (those
/// in the main document).
fn annotated(bytes: &[u8]) -> (Annotated, Vec<Finding>) {
    let (document, findings) = lint(bytes);
    let Layout::Docx(layout) = &document.layout else {
        panic!("not a docx")
    };
    let result = annotate(
        bytes,
        document.source.as_str(),
        layout,
        &findings,
        &AnnotateOptions::default(),
        &Limits::default(),
    )
    .unwrap();
    let in_body = findings
        .into_iter()
        .filter(|f| document.layout.location(f.span.start).unwrap().in_body)
        .collect();
    (result, in_body)
}

/// (id, author, initials, text) of every `w:comment`.
fn comments(xml: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:comment ") {
        let tag_end = at + rest[at..].find('>').unwrap();
        let tag = &rest[at..tag_end];
        let attr = |name: &str| {
            let key = format!(" w:{name}=\"");
            let start = tag.find(&key).unwrap() + key.len();
            tag[start..start + tag[start..].find('"').unwrap()].to_string()
        };
        let end = tag_end + rest[tag_end..].find("</w:comment>").unwrap();
        out.push((
            attr("id"),
            attr("author"),
            attr("initials"),
            strip_tags(&rest[tag_end + 1..end]),
        ));
        rest = &rest[end..];
    }
    out
}

/// A body with every shape of boundary: a term split over runs with
/// different formatting and marks between them, a term in the middle of a
/// run, a term that fills a run, terms in a table, a hyperlink, a tracked
/// insertion, an entity, and two terms in one run.
fn report() -> Vec<u8> {
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Technology</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr><w:t xml:space="preserve">We closed the ID</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="x"/><w:r><w:rPr><w:i/></w:rPr><w:t>C</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> sites and moved the ERP to SaaS.</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>Our</w:t></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>CRM</w:t></w:r><w:r><w:t xml:space="preserve"> feeds R&amp;D via an API, and the CRM and ERP agree.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>
<w:p><w:hyperlink r:id="rId90"><w:r><w:t>SaaS</w:t></w:r></w:hyperlink><w:ins w:id="5" w:author="A"><w:r><w:t xml:space="preserve"> on microservices</w:t></w:r></w:ins></w:p>
<w:p>
  <w:r>
    <w:rPr><w:b/></w:rPr>
    <w:t>IDC</w:t>
  </w:r>
</w:p>"#,
        cell = p("The IDC budget")
    );
    let header = part("hdr", &p("Board paper on the API"));
    build_docx(&[
        ("word/document.xml", &document(&body)),
        ("word/header1.xml", &header),
        ("word/media/image1.png", "\u{89}PNG not really"),
    ])
}

#[test]
fn every_finding_in_the_body_gets_one_comment_and_the_text_is_unchanged() {
    let original = report();
    let (result, in_body) = annotated(&original);
    // The header's API gets no comment: Word allows none in headers.
    assert_eq!(result.not_anchored, 1);
    assert_eq!(result.comments, in_body.len());
    assert_eq!(result.comments, 11, "{in_body:#?}");

    // A valid zip whose every entry reads back.
    let mut archive = zip::ZipArchive::new(Cursor::new(&result.bytes)).unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        std::io::copy(&mut entry, &mut std::io::sink()).unwrap();
    }

    // One w:comment per finding, by dejargon, with the finding's text.
    let comments_xml = entry_text(&result.bytes, "word/comments.xml").unwrap();
    let found = comments(&comments_xml);
    assert_eq!(found.len(), result.comments);
    for ((id, author, initials, text), finding) in found.iter().zip(&in_body) {
        assert_eq!(author, "dejargon");
        assert_eq!(initials, "DJ");
        // quick XML unescape of what the comment body holds
        let expected = comment_text(finding)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert_eq!(text, &expected);
        let doc = entry_text(&result.bytes, "word/document.xml").unwrap();
        for marker in ["commentRangeStart", "commentRangeEnd", "commentReference"] {
            assert_eq!(
                doc.matches(&format!("<w:{marker} w:id=\"{id}\"/>")).count(),
                1,
                "{marker} {id}"
            );
        }
    }

    // The text of document.xml without markup is exactly the original's.
    let before = entry_text(&original, "word/document.xml").unwrap();
    let after = entry_text(&result.bytes, "word/document.xml").unwrap();
    assert_eq!(strip_tags(&after), strip_tags(&before));

    // Read again, the document has the same text and the same findings.
    let (again, again_findings) = lint(&result.bytes);
    let (first, first_findings) = lint(&original);
    assert_eq!(again.source.as_str(), first.source.as_str());
    assert_eq!(again_findings, first_findings);
}

#[test]
fn each_comment_spans_exactly_the_matched_text() {
    let original = report();
    let (result, findings) = annotated(&original);
    let doc = entry_text(&result.bytes, "word/document.xml").unwrap();
    for (n, finding) in findings.iter().enumerate() {
        let start = doc
            .find(&format!("<w:commentRangeStart w:id=\"{n}\"/>"))
            .unwrap();
        let end = doc
            .find(&format!("<w:commentRangeEnd w:id=\"{n}\"/>"))
            .unwrap();
        // Whitespace between tags (pretty-printed XML) is not text in Word.
        let inside = strip_tags(&doc[start..end]).replace("&amp;", "&");
        assert_eq!(inside.trim(), finding.matched(), "comment {n}");
    }
}

#[test]
fn split_runs_keep_their_formatting_and_spaces() {
    let (result, _) = annotated(&report());
    let doc = entry_text(&result.bytes, "word/document.xml").unwrap();
    // "We closed the ID" is bold and red: the run is split before "ID" and
    // both halves keep the properties and their spaces.
    assert!(
        doc.contains(r#"<w:t xml:space="preserve">We closed the </w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr><w:t xml:space="preserve">ID</w:t></w:r>"#),
        "{doc}"
    );
    // "C" fills its own run: the end marker goes after the run, no split.
    assert!(doc.contains(r#"<w:r><w:rPr><w:i/></w:rPr><w:t>C</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#), "{doc}");
    // A w:t without xml:space gets it when split, or Word would drop the
    // space at the edge of a half.
    assert!(
        doc.contains(r#"<w:t xml:space="preserve">The </w:t></w:r><w:commentRangeStart"#),
        "{doc}"
    );
    // Pretty-printed runs: markers go around the run.
    assert!(doc.contains("<w:commentRangeStart w:id=\"10\"/><w:r>\n    <w:rPr><w:b/></w:rPr>\n    <w:t>IDC</w:t>\n  </w:r><w:commentRangeEnd w:id=\"10\"/>"), "{doc}");
}

#[test]
fn the_comments_part_is_registered() {
    let (result, _) = annotated(&report());
    let rels = entry_text(&result.bytes, "word/_rels/document.xml.rels").unwrap();
    assert!(rels.contains(r#"<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#), "{rels}");
    let types = entry_text(&result.bytes, "[Content_Types].xml").unwrap();
    assert!(types.contains(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#), "{types}");
    // The entry order is kept, with the new part at the end.
    let mut archive = zip::ZipArchive::new(Cursor::new(&result.bytes)).unwrap();
    let ordered: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index_raw(i).unwrap().name().to_string())
        .collect();
    assert_eq!(
        ordered.first().map(String::as_str),
        Some("[Content_Types].xml")
    );
    assert_eq!(
        ordered.last().map(String::as_str),
        Some("word/comments.xml")
    );
}

#[test]
fn untouched_entries_are_copied_byte_for_byte() {
    let original = report();
    let (result, _) = annotated(&original);
    let raw = |bytes: &[u8], name: &str| -> (Vec<u8>, Vec<u8>, u32) {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut compressed = Vec::new();
        let index = archive.index_for_name(name).unwrap();
        archive
            .by_index_raw(index)
            .unwrap()
            .read_to_end(&mut compressed)
            .unwrap();
        let mut plain = Vec::new();
        let mut entry = archive.by_index(index).unwrap();
        let crc = entry.crc32();
        entry.read_to_end(&mut plain).unwrap();
        (compressed, plain, crc)
    };
    let changed = [
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    ];
    let archive = zip::ZipArchive::new(Cursor::new(&original)).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let mut compared = 0;
    for name in names.iter().filter(|n| !changed.contains(&n.as_str())) {
        assert_eq!(raw(&original, name), raw(&result.bytes, name), "{name}");
        compared += 1;
    }
    assert_eq!(compared, 3, "{names:?}");
}

#[test]
fn an_existing_comments_part_is_extended_with_fresh_ids() {
    let body = r#"<w:p><w:commentRangeStart w:id="7"/><w:r><w:t>Sales</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r><w:r><w:t xml:space="preserve"> use the CRM.</w:t></w:r></w:p>"#;
    let existing = part(
        "comments",
        r#"<w:comment w:id="7" w:author="Ann" w:initials="A"><w:p><w:r><w:t>Check the numbers.</w:t></w:r></w:p></w:comment>"#,
    );
    let original = build_docx(&[
        ("word/document.xml", &document(body)),
        ("word/comments.xml", &existing),
    ]);
    let (result, _) = annotated(&original);
    assert_eq!(result.comments, 1);
    let xml = entry_text(&result.bytes, "word/comments.xml").unwrap();
    let found = comments(&xml);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].1, "Ann");
    assert_eq!(
        (found[1].0.as_str(), found[1].1.as_str()),
        ("8", "dejargon")
    );
    // The relationship and content type were there already: not added twice.
    let rels = entry_text(&result.bytes, "word/_rels/document.xml.rels").unwrap();
    assert_eq!(rels.matches("relationships/comments").count(), 1);
    let types = entry_text(&result.bytes, "[Content_Types].xml").unwrap();
    assert_eq!(types.matches("/word/comments.xml").count(), 1);

    // Annotating the annotated copy again adds comments with new ids.
    let (twice, _) = annotated(&result.bytes);
    let xml = entry_text(&twice.bytes, "word/comments.xml").unwrap();
    let ids: Vec<String> = comments(&xml).into_iter().map(|c| c.0).collect();
    assert_eq!(ids, ["7", "8", "9"]);
}

#[test]
fn a_document_without_findings_is_copied_unchanged() {
    let original = build_docx(&[("word/document.xml", &document(&p("Revenue grew.")))]);
    let (result, findings) = annotated(&original);
    assert!(findings.is_empty());
    assert_eq!(result.comments, 0);
    assert!(entry_text(&result.bytes, "word/comments.xml").is_none());
    for name in [
        "word/document.xml",
        "[Content_Types].xml",
        "word/_rels/document.xml.rels",
    ] {
        assert_eq!(entry_text(&result.bytes, name), entry_text(&original, name));
    }
}

#[test]
fn comment_text_says_what_and_what_instead() {
    let original = build_docx(&[("word/document.xml", &document(&p("The IDC and XYZ.")))]);
    let (_, findings) = lint(&original);
    assert_eq!(
        comment_text(&findings[0]),
        "\"IDC\" is an acronym your readers may not know. The building where our computers run. Write instead: \u{201c}our data center\u{201d}, \u{201c}data center\u{201d}."
    );
    assert_eq!(
        comment_text(&findings[1]),
        "\"XYZ\" is an acronym the document does not explain. Write the full name, then \"(XYZ)\", the first time; or use plain words instead."
    );
}
