//! Properties of reading and annotating arbitrary Word documents: text split
//! over runs in any way reads back as the text; annotating keeps the text and
//! the findings, and puts one comment on each body finding, covering exactly
//! the matched words; damaged XML never panics.

mod common;

use common::{build_docx, document, entry_text, mini_linter, strip_tags};
use dejargon::document::{Document, Layout};
use dejargon::docx::annotate::{annotate, AnnotateOptions};
use dejargon::docx::Limits;
use dejargon::Linter;
use proptest::prelude::*;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(mini_linter);

/// Words that paragraphs are made of: terms, words that contain terms,
/// spaces, an entity, CJK, emoji.
fn word() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("IDC"),
        Just("ERP"),
        Just("SaaS"),
        Just("API"),
        Just("rapid"),
        Just("microservices"),
        Just("software as a service"),
        Just("XYZ"),
        Just("the"),
        Just(" "),
        Just("  "),
        Just(", "),
        Just("R&D"),
        Just("<b>"),
        Just("把"),
        Just("😀"),
    ]
}

/// How a run looks around its text.
fn run_style() -> impl Strategy<Value = u8> {
    0u8..6
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Splits `text` at the given char positions into runs of varied markup.
fn runs(text: &str, cuts: &[usize], styles: &[u8]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (chars.len() + 1)).collect();
    bounds.push(0);
    bounds.push(chars.len());
    bounds.sort_unstable();
    bounds.dedup();
    let mut xml = String::new();
    for (i, pair) in bounds.windows(2).enumerate() {
        let piece: String = chars[pair[0]..pair[1]].iter().collect();
        let t = escape(&piece);
        let style = styles.get(i).copied().unwrap_or(0);
        xml.push_str(&match style {
            0 => format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#),
            1 => format!(r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{t}</w:t></w:r><w:proofErr w:type="spellStart"/>"#),
            2 => format!(r#"<w:r w:rsidR="00AB"><w:rPr><w:i/><w:color w:val="FF0000"/></w:rPr><w:t>{t}</w:t></w:r>"#),
            3 => format!(r#"<w:hyperlink r:id="rId90"><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:hyperlink>"#),
            4 => format!(r#"<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>IDC</w:delText></w:r></w:del>"#),
            _ => format!(r#"<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{t}</w:t><w:t xml:space="preserve"></w:t></w:r><w:bookmarkStart w:id="0" w:name="b"/><w:bookmarkEnd w:id="0"/>"#),
        });
    }
    xml
}

/// XML without tracked deletions (their text is not the document's).
fn without_deletions(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find("<w:del ") {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find("</w:del>")
            .map_or(rest.len(), |e| at + e + 8);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn paragraph() -> impl Strategy<Value = (String, Vec<usize>, Vec<u8>)> {
    (
        prop::collection::vec(word(), 0..12).prop_map(|w| w.concat()),
        prop::collection::vec(any::<usize>(), 0..8),
        prop::collection::vec(run_style(), 0..10),
    )
}

fn lint(bytes: &[u8]) -> (Document, Vec<dejargon::Finding>) {
    let document = Document::from_docx("p.docx", bytes, &Limits::default()).unwrap();
    let checked = LINTER.lint_prose(document.source.as_str(), document.prose(), LINTER.options());
    (document, checked.findings)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn runs_read_back_and_annotate_keeps_text_and_findings(
        paragraphs in prop::collection::vec(paragraph(), 1..5),
        in_table in any::<bool>(),
    ) {
        let mut body = String::new();
        let mut expected = Vec::new();
        for (n, (text, cuts, styles)) in paragraphs.iter().enumerate() {
            let p = format!("<w:p>{}</w:p>", runs(text, cuts, styles));
            if in_table && n == 1 {
                body.push_str(&format!("<w:tbl><w:tr><w:tc>{p}</w:tc></w:tr></w:tbl>"));
            } else {
                body.push_str(&p);
            }
            expected.push(text.clone());
        }
        let original = build_docx(&[("word/document.xml", &document(&body))]);
        let (doc, findings) = lint(&original);
        prop_assert_eq!(doc.source.as_str(), expected.join("\n"));

        let Layout::Docx(layout) = &doc.layout else { panic!("not docx") };
        let result = annotate(
            &original,
            doc.source.as_str(),
            layout,
            &findings,
            &AnnotateOptions::default(),
            &Limits::default(),
        )
        .unwrap();
        prop_assert_eq!(result.comments, findings.len());
        prop_assert_eq!(result.not_anchored, 0);

        // Same text, same findings when read again.
        let (again, again_findings) = lint(&result.bytes);
        prop_assert_eq!(again.source.as_str(), doc.source.as_str());
        prop_assert_eq!(&again_findings, &findings);

        // The XML's text is unchanged and each range covers the match.
        let before = entry_text(&original, "word/document.xml").unwrap();
        let after = entry_text(&result.bytes, "word/document.xml").unwrap();
        prop_assert_eq!(strip_tags(&after), strip_tags(&before));
        for (id, finding) in findings.iter().enumerate() {
            let start = after.find(&format!("<w:commentRangeStart w:id=\"{id}\"/>")).unwrap();
            let end = after.find(&format!("<w:commentRangeEnd w:id=\"{id}\"/>")).unwrap();
            prop_assert!(start < end);
            let inside = strip_tags(&without_deletions(&after[start..end]))
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            prop_assert_eq!(inside.as_str(), finding.matched());
        }
        let comments = entry_text(&result.bytes, "word/comments.xml");
        prop_assert_eq!(
            comments.map_or(0, |c| c.matches("<w:comment ").count()),
            findings.len()
        );
    }

    #[test]
    fn damaged_xml_never_panics(cut in 0usize..2000, junk in "[<>&/a-z:\"= ]{0,8}") {
        let body = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>We moved the ID</w:t></w:r><w:r><w:t xml:space="preserve">C &amp; ERP</w:t></w:r></w:p><w:p><w:r><w:t>API</w:t></w:r></w:p>"#;
        let xml = document(body);
        let at = cut % xml.len();
        let at = (0..=at).rev().find(|&i| xml.is_char_boundary(i)).unwrap_or(0);
        let damaged = format!("{}{junk}{}", &xml[..at], &xml[at..]);
        let truncated = &xml[..at];
        for part in [damaged.as_str(), truncated] {
            let bytes = build_docx(&[("word/document.xml", part)]);
            if let Ok(doc) = Document::from_docx("p.docx", &bytes, &Limits::default()) {
                let checked = LINTER.lint_prose(doc.source.as_str(), doc.prose(), LINTER.options());
                if let Layout::Docx(layout) = &doc.layout {
                    let _ = annotate(
                        &bytes,
                        doc.source.as_str(),
                        layout,
                        &checked.findings,
                        &AnnotateOptions::default(),
                        &Limits::default(),
                    );
                }
            }
        }
    }
}
