//! Reading .docx files: text reassembled across runs, what counts as text
//! (tables, headers, footnotes, text boxes, insertions, hyperlinks) and what
//! does not (deletions, field codes, hidden text), and where findings are
//! (paragraph, column, heading, part).

mod common;

use common::{build_docx, claim_size, document, mini_linter, p, part, zip_entries};
use dejargon::document::{Document, DocumentError, Layout};
use dejargon::docx::{DocxError, Limits};

/// A finding as people see it: (matched, line, column, part, paragraph, heading).
type Seen = (String, usize, usize, String, usize, Option<String>);

fn findings(bytes: &[u8]) -> (Document, Vec<Seen>) {
    let document = Document::from_docx("t.docx", bytes, &Limits::default()).unwrap();
    let linter = mini_linter();
    let checked = linter.lint_prose(document.source.as_str(), document.prose(), linter.options());
    let seen = checked
        .findings
        .iter()
        .map(|f| {
            let (line, column) = document.source.line_column(f.span.start);
            let location = document.layout.location(f.span.start).unwrap();
            (
                f.matched().to_string(),
                line,
                column,
                location.part,
                location.paragraph,
                location.heading,
            )
        })
        .collect();
    (document, seen)
}

fn seen(m: &str, line: usize, col: usize, part: &str, para: usize, heading: Option<&str>) -> Seen {
    (
        m.to_string(),
        line,
        col,
        part.to_string(),
        para,
        heading.map(str::to_string),
    )
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="MyChapter"><w:name w:val="Chapter"/><w:basedOn w:val="1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading4"><w:name w:val="heading 4"/></w:style>
<w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="Heading 1 Char"/></w:style>
</w:styles>"#;

#[test]
fn a_term_split_over_runs_still_matches() {
    // Word splits "IDC" when the formatting changes mid-word, and puts
    // spell-check marks and bookmarks between the runs.
    let body = r#"<w:p w:rsidR="00A1"><w:r w:rsidRPr="00B2"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">We closed the ID</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:rPr><w:i/><w:lang w:val="en-GB"/></w:rPr><w:t>C</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> sites.</w:t></w:r></w:p>"#;
    let bytes = build_docx(&[("word/document.xml", &document(body))]);
    let (doc, seen_) = findings(&bytes);
    assert_eq!(doc.source.as_str(), "We closed the IDC sites.");
    assert_eq!(
        seen_,
        vec![seen("IDC", 1, 15, "word/document.xml", 1, None)]
    );
}

#[test]
fn tables_headers_footnotes_and_text_boxes_are_read() {
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>Technology</w:t></w:r></w:p>
{intro}
<w:tbl><w:tblPr/><w:tr><w:tc>{cell1}</w:tc><w:tc>{cell2}</w:tc></w:tr></w:tbl>
<w:p><w:r><w:t xml:space="preserve">Billing uses </w:t></w:r><w:r><w:t>microservices</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="MyChapter"/></w:pPr><w:r><w:t>Risks</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">See the box. </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{boxed}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{boxed}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>After it.</w:t></w:r></w:p>"#,
        intro = p("Our ERP is new."),
        cell1 = p("Old CRM"),
        cell2 = p("Cost"),
        boxed = p("The IDC closes."),
    );
    let header = part("hdr", &p("Board paper on the API"));
    let footer = part("ftr", &p("Page"));
    let footnotes = part(
        "footnotes",
        r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Run as SaaS.</w:t></w:r></w:p></w:footnote>"#,
    );
    let endnotes = part(
        "endnotes",
        r#"<w:endnote w:id="1"><w:p><w:r><w:t>Ends with the ERP.</w:t></w:r></w:p></w:endnote>"#,
    );
    let bytes = build_docx(&[
        ("word/document.xml", &document(&body)),
        ("word/styles.xml", STYLES),
        ("word/header1.xml", &header),
        ("word/footer1.xml", &footer),
        ("word/footnotes.xml", &footnotes),
        ("word/endnotes.xml", &endnotes),
    ]);
    let (doc, seen_) = findings(&bytes);
    assert_eq!(
        doc.source.as_str(),
        "Technology\nOur ERP is new.\nOld CRM\nCost\nBilling uses microservices.\nRisks\nSee the box. After it.\nThe IDC closes.\nBoard paper on the API\nPage\n Run as SaaS.\nEnds with the ERP."
    );
    let body = "word/document.xml";
    let tech = Some("Technology");
    assert_eq!(
        seen_,
        vec![
            seen("ERP", 2, 5, body, 2, tech),
            seen("CRM", 3, 5, body, 3, tech),
            seen("microservices", 5, 14, body, 5, tech),
            // The text box follows the paragraph it is anchored in, once (the
            // VML fallback copy is not read).
            seen("IDC", 8, 5, body, 8, Some("Risks")),
            seen("API", 9, 20, "word/header1.xml", 1, None),
            // A footnote is under the heading above its reference.
            seen("SaaS", 11, 9, "word/footnotes.xml", 1, tech),
            seen("ERP", 12, 15, "word/endnotes.xml", 1, None),
        ]
    );
    let Layout::Docx(layout) = &doc.layout else {
        panic!("not a docx layout")
    };
    let headings: Vec<(&str, u8)> = layout
        .headings
        .iter()
        .map(|h| (h.title.as_str(), h.level))
        .collect();
    // "Chapter" is based on "heading 1"; a character style is not a heading.
    assert_eq!(headings, [("Technology", 1), ("Risks", 1)]);
}

#[test]
fn insertions_hyperlinks_and_fields_are_text_deletions_codes_and_hidden_text_are_not() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Moved the </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>ERP</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>CRM</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> today</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://x.io" \o "API docs" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>the portal</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> and </w:t></w:r><w:hyperlink r:id="rId90"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>SaaS</w:t></w:r></w:hyperlink></w:p>
<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>IDC</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>Shown</w:t></w:r><w:fldSimple w:instr=" DOCPROPERTY API "><w:r><w:t xml:space="preserve"> API</w:t></w:r></w:fldSimple><w:smartTag w:uri="u" w:element="e"><w:r><w:t xml:space="preserve"> ERP</w:t></w:r></w:smartTag><w:moveFrom w:id="3" w:author="A"><w:r><w:t>IDC</w:t></w:r></w:moveFrom><w:sdt><w:sdtPr><w:alias w:val="API"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> CRM</w:t></w:r></w:sdtContent></w:sdt></w:p>
<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>R&amp;D on the API</w:t></w:r></w:p>"#;
    let bytes = build_docx(&[("word/document.xml", &document(body))]);
    let (doc, seen_) = findings(&bytes);
    assert_eq!(
        doc.source.as_str(),
        "Moved the CRM today\nthe portal and SaaS\nShown API ERP CRM\nA\tB R&D on the API"
    );
    let body = "word/document.xml";
    assert_eq!(
        seen_,
        vec![
            seen("CRM", 1, 11, body, 1, None),
            seen("SaaS", 2, 16, body, 2, None),
            seen("API", 3, 7, body, 3, None),
            seen("ERP", 3, 11, body, 3, None),
            seen("CRM", 3, 15, body, 3, None),
            // A tab is one column; `&amp;` is one character.
            seen("API", 4, 16, body, 4, None),
        ]
    );
}

#[test]
fn outline_levels_and_title_make_headings_but_deeper_levels_do_not() {
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Annual Report</w:t></w:r></w:p>{a}<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Outlook</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading4"/></w:pPr><w:r><w:t>Detail</w:t></w:r></w:p>{b}"#,
        a = p("Our ERP."),
        b = p("The IDC.")
    );
    let bytes = build_docx(&[
        ("word/document.xml", &document(&body)),
        ("word/styles.xml", STYLES),
    ]);
    let (_, seen_) = findings(&bytes);
    let headings: Vec<Option<String>> = seen_.into_iter().map(|s| s.5).collect();
    assert_eq!(
        headings,
        [
            Some("Annual Report".to_string()),
            Some("Outlook".to_string())
        ]
    );
}

#[test]
fn line_breaks_inside_text_do_not_break_the_paragraph() {
    let body = "<w:p><w:r><w:t>Our\nERP\u{2028}and CRM</w:t></w:r></w:p>";
    let bytes = build_docx(&[("word/document.xml", &document(body))]);
    let (doc, seen_) = findings(&bytes);
    assert_eq!(doc.source.as_str(), "Our ERP and CRM");
    assert_eq!(seen_[1].1..seen_[1].2, 1..13);
}

#[test]
fn an_empty_document_has_no_findings() {
    let bytes = build_docx(&[("word/document.xml", &document(""))]);
    let (doc, seen_) = findings(&bytes);
    assert_eq!(doc.source.as_str(), "");
    assert!(seen_.is_empty());
}

fn error(bytes: &[u8], limits: &Limits) -> String {
    match Document::from_docx("t.docx", bytes, limits) {
        Err(DocumentError::Failed(message)) => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn broken_files_get_one_clear_line() {
    let good = build_docx(&[("word/document.xml", &document(&p("The ERP.")))]);
    let limits = Limits::default();

    let truncated = &good[..good.len() / 2];
    let message = error(truncated, &limits);
    assert!(
        message.starts_with("damaged .docx: cannot read it as a zip archive"),
        "{message}"
    );

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 504]);
    let mut encrypted = ole.clone();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(error(&encrypted, &limits), DocxError::Encrypted.to_string());
    assert!(error(&encrypted, &limits).contains("password-protected"));
    assert_eq!(error(&ole, &limits), DocxError::LegacyBinary.to_string());

    assert_eq!(
        error(b"Just some notes, saved as .docx by mistake.\n", &limits),
        "not a .docx: the file is not a zip archive (a Word .docx always is)"
    );

    let other_zip = zip_entries([("readme.txt", &b"hello"[..])]);
    assert_eq!(
        error(&other_zip, &limits),
        "not a Word document: the zip archive has no word/document.xml"
    );

    let broken_xml = build_docx(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
    assert!(error(&broken_xml, &limits)
        .starts_with("damaged .docx: word/document.xml is not valid XML"));

    for message in [
        error(truncated, &limits),
        error(&encrypted, &limits),
        error(&broken_xml, &limits),
    ] {
        assert!(!message.contains('\n'), "{message:?}");
    }
}

#[test]
fn zip_bombs_are_refused_whatever_the_headers_claim() {
    // A part of 200 KB of spaces compresses to a few hundred bytes.
    let big = document(&format!("{}{}", p("The ERP."), " ".repeat(200_000)));
    let bytes = build_docx(&[("word/document.xml", &big)]);
    let small = Limits {
        max_part_size: 100_000,
        ..Limits::default()
    };
    let message = error(&bytes, &small);
    assert_eq!(
        message,
        "refused: word/document.xml would expand to 195.9 KiB, more than the limit of 97.7 KiB (a zip bomb?)"
    );

    // Headers that claim a small size do not help: the output is counted.
    let mut lying = bytes.clone();
    claim_size(&mut lying, "word/document.xml", 1000);
    assert_eq!(
        error(&lying, &small),
        "refused: word/document.xml expands to more than the limit of 97.7 KiB (a zip bomb?)"
    );

    // Headers that claim a huge size are refused before anything is inflated.
    let mut huge = build_docx(&[("word/document.xml", &document(&p("The ERP.")))]);
    claim_size(&mut huge, "word/document.xml", 4_000_000_000);
    let message = error(&huge, &Limits::default());
    assert!(
        message.starts_with("refused: word/document.xml would expand to 3814.7 MiB"),
        "{message}"
    );

    // The total over all parts is bounded too.
    let header = part("hdr", &format!("{}{}", p("x"), " ".repeat(60_000)));
    let body = document(&format!("{}{}", p("The ERP."), " ".repeat(60_000)));
    let two = build_docx(&[("word/document.xml", &body), ("word/header1.xml", &header)]);
    let total = Limits {
        max_total_size: 100_000,
        ..Limits::default()
    };
    assert!(error(&two, &total).starts_with("refused: word/header1.xml would expand to"));

    let entries = Limits {
        max_entries: 3,
        ..Limits::default()
    };
    assert_eq!(
        error(&two, &entries),
        "refused: 5 zip entries, more than the limit of 3"
    );
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/docx/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn a_document_written_by_libreoffice() {
    // tests/fixtures/docx/annual-report.docx, converted from the .fodt beside
    // it by LibreOffice: "IDC" is split over a red and an italic run.
    let (doc, seen_) = findings(&fixture("annual-report.docx"));
    let body = "word/document.xml";
    let tech = Some("Technology review");
    assert_eq!(
        seen_,
        vec![
            seen("ERP", 3, 34, body, 3, tech),
            seen("SaaS", 3, 41, body, 3, tech),
            seen("IDC", 3, 74, body, 3, tech),
            seen("API", 4, 59, body, 4, tech),
            seen("CRM", 4, 151, body, 4, tech),
            // A table cell, under a Heading 2.
            seen("ERP", 8, 1, body, 8, Some("Spending by area")),
            seen("synergize", 13, 26, body, 13, Some("Outlook")),
            seen("ERP", 14, 31, "word/header1.xml", 1, None),
            seen("microservices", 16, 23, "word/footnotes.xml", 1, tech),
        ]
    );
    let lines: Vec<&str> = doc.source.as_str().lines().collect();
    assert_eq!(lines[0], "Northwind Retail Annual Report 2025");
    assert_eq!(
        lines[14],
        "Confidential. Prepared for the board, March 2026."
    );
}

#[test]
fn the_example_report_written_by_libreoffice() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/annual-report.docx"
    ))
    .unwrap();
    let (_, seen_) = findings(&bytes);
    let matched: Vec<&str> = seen_.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        matched,
        [
            "ERP",
            "SaaS",
            "IDC",
            "CRM",
            "API",
            "CRM",
            "microservices",
            "BI",
            "ERP"
        ]
    );
    assert_eq!(seen_[2].5.as_deref(), Some("Summary for the board"));
}
