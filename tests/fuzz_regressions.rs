//! Regression tests for what the fuzz targets under `fuzz/` found, one per
//! crash, named after it. Each input is the fuzzer's crash input, reduced by
//! hand to what matters.

mod common;

use std::sync::LazyLock;

use common::{build_docx, document};
use dejargon::document::Document;
use dejargon::docx::Limits;
use dejargon::fix;
use dejargon::{CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter};

static BUILTIN: LazyLock<Linter> = LazyLock::new(|| {
    let dictionary = Dictionary::builtin(&[Language::En, Language::Zh]).unwrap();
    Linter::new(
        dictionary,
        CommonAcronyms::builtin(),
        LintOptions::default(),
    )
});

/// Fixes `text` once, then checks that a second run changes nothing.
fn fix_twice(text: &str, format: Format) -> String {
    let checked = BUILTIN.lint(text, format);
    let fixed = fix::apply(text, &fix::edits(text, &checked.findings));
    let again = BUILTIN.lint(&fixed, format);
    let more = fix::edits(&fixed, &again.findings);
    assert!(
        more.is_empty(),
        "a second run would change {more:?} in {fixed:?}"
    );
    fixed
}

/// fix_apply / plain_lint / html_lint: the acronym of a definition was
/// replaced ("企业资源计划（ERP）" became "企业资源计划（企业管理系统）"), which
/// removed the definition, so a second run flagged and fixed its long form.
/// The acronym inside its own definition is now reported without a fix.
#[test]
fn regression_fuzz_fix_apply_acronym_in_its_own_definition() {
    let text = "Enterprise Resource Planning (ERP) is old. ERP (enterprise resource planning) too. 企业资源计划（ERP）上线。\n";
    let fixed = fix_twice(text, Format::Plain);
    assert!(fixed.contains("企业资源计划（ERP）"), "{fixed}");
    assert!(
        fixed.contains("Enterprise Resource Planning (ERP)"),
        "{fixed}"
    );

    let html = "<p>Our customer relationship management (CRM) system now shares data.</p>\n<p>The CRM also feeds the sales review.</p>\n";
    let fixed = fix_twice(html, Format::Html);
    assert!(
        fixed.contains("customer relationship management (CRM) system"),
        "{fixed}"
    );
    // Later uses are still fixed: the reader has been told, plain words still read better.
    assert!(!fixed.contains("The CRM also"), "{fixed}");

    let markdown = "# Plan\n\nCustomer relationship management (CRM) matters. The CRM is old.\n";
    fix_twice(markdown, Format::Markdown);
}

/// docx_xml: a damaged document.xml made the XML error quote the document's
/// bytes, a line break and NULs included, in a message that must be one line.
#[test]
fn regression_fuzz_docx_xml_error_message_with_control_bytes() {
    let body = "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pP\u{1}\0\0\0\0\0\0\nr><w:r><w:t>Move the IDC</w:t></w:r></w:p>";
    let bytes = build_docx(&[("word/document.xml", &document(body))]);
    let err = Document::from_docx("a.docx", &bytes, &Limits::default()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("damaged .docx: word/document.xml is not valid XML"),
        "{message}"
    );
    assert!(
        !message.chars().any(char::is_control),
        "control characters in {message:?}"
    );
    assert!(
        message.ends_with("open it in Word and save it again"),
        "{message}"
    );
}

/// html_lint: a Chinese replacement ("IDC" -> "数据中心") put Han characters
/// next to "ERP", whose sentence then counted as Chinese, so a second run
/// found the Chinese entry's fix for it. `--fix` now fixes until the text is
/// stable, and a second run changes nothing.
#[test]
fn regression_fuzz_html_lint_fix_changes_a_neighbours_language() {
    // 30 characters back from ERP reach "IDC" but not "我们"; they reach the
    // replacement "数据中心".
    let text = format!("我们 IDC {} ERP rollout\n", "x".repeat(26));
    let text = text.as_str();
    let lint = |t: &str| BUILTIN.lint(t, Format::Plain).findings;
    let edits = fix::edits(text, &lint(text));
    let once = fix::apply(text, &edits);
    assert!(
        !fix::edits(&once, &lint(&once)).is_empty(),
        "the scenario: one pass is not stable ({once:?})"
    );
    let (stable, count) = fix::apply_until_stable(text, &edits, lint);
    assert!(count > edits.len(), "{stable:?}");
    assert!(fix::edits(&stable, &lint(&stable)).is_empty(), "{stable:?}");
}

/// plain_lint: five "ERP"s along one line, each close enough to the next
/// that replacing one with "企业管理系统" made the next one's sentence
/// Chinese, whose entry has the same fix: a chain that grew by one per pass,
/// longer than the four passes `--fix` then allowed, so a second run changed
/// the file again. `apply_until_stable` now runs until nothing changes. The
/// input is the fuzzer's, unreduced: the control characters (VT, U+0085,
/// U+2028, lone CR) are part of what the target checks.
#[test]
fn regression_fuzz_plain_lint_fix_chain_longer_than_four_passes() {
    let text = "\u{feff}Line one\r\nThe I\u{b}X@C\rnextSe\u{2028}ERP\u{85}K5s\u{b}XIDC\rnextSe\u{2028}ERP\u{85}K7s\u{b}NYZtSe\u{2028}ERP\u{85}K0s\u{b} THE  Se\u{2028}ERP\u{85}K7s\u{b}NYZtSe\u{2028}ERP\u{85}K0s\u{b} THE  o((((Se<lte the\"ERP t台o((((Se<lte the\"ERP t台。t\u{2028}RZ\u{85}K9s[\u{b}XX in APIs\ndejSa\n";
    let lint = |t: &str| BUILTIN.lint(t, Format::Plain).findings;
    let edits = fix::edits(text, &lint(text));
    // The scenario: after four passes there is still something to fix.
    let mut fixed = fix::apply(text, &edits);
    for _ in 1..4 {
        fixed = fix::apply(&fixed, &fix::edits(&fixed, &lint(&fixed)));
    }
    assert!(
        !fix::edits(&fixed, &lint(&fixed)).is_empty(),
        "the scenario: four passes are not stable ({fixed:?})"
    );
    let (stable, _) = fix::apply_until_stable(text, &edits, lint);
    assert!(fix::edits(&stable, &lint(&stable)).is_empty(), "{stable:?}");
    assert!(!stable.contains("ERP"), "{stable:?}");
}

/// docx_xml: a `w:t` wrapped in an element the reader does not know, inside a
/// run. Annotating split the run there, closing `w:t` and `w:r` inside the
/// wrapper: the annotated document was not well-formed XML and could not be
/// read back. The comment now covers the whole run instead.
#[test]
fn regression_fuzz_docx_xml_annotate_text_not_directly_in_its_run() {
    use dejargon::document::Layout;
    use dejargon::docx::annotate::{annotate, AnnotateOptions};
    let body = "<w:p><w:r><wt><w:t>RM and XYZ</w:t></wt></w:r></w:p><w:p><w:r><w:t>The IDC and QQX.</w:t></w:r></w:p>";
    let bytes = build_docx(&[("word/document.xml", &document(body))]);
    let doc = Document::from_docx("a.docx", &bytes, &Limits::default()).unwrap();
    let checked = BUILTIN.lint_prose(doc.source.as_str(), doc.prose(), BUILTIN.options());
    assert!(checked.findings.len() >= 2, "{:?}", checked.findings);
    let Layout::Docx(layout) = &doc.layout else {
        panic!("not a docx layout")
    };
    let annotated = annotate(
        &bytes,
        doc.source.as_str(),
        layout,
        &checked.findings,
        &AnnotateOptions::default(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(annotated.comments, checked.findings.len());
    let again = Document::from_docx("a.docx", &annotated.bytes, &Limits::default())
        .expect("the annotated document reads back");
    assert_eq!(again.source.as_str(), doc.source.as_str());
}
