//! Shared set-up and invariants for the fuzz targets.
//!
//! Every target feeds some input through the library and then checks what
//! must hold for *any* input, not just for the inputs someone thought of:
//! spans on character boundaries and inside prose, positions that agree with
//! an independent count, output that parses, fixes that touch only what they
//! replace and change nothing on a second run.

use std::sync::LazyLock;

use dejargon::baseline;
use dejargon::document::{Document, Layout as DocLayout};
use dejargon::docx::annotate::{annotate, AnnotateOptions};
use dejargon::docx::Limits;
use dejargon::fix;
use dejargon::report::{
    Compact, FileReport, Github, Human, Json, Position, Reporter, Sarif, Summary,
};
use dejargon::{Checked, SourceText};
use dejargon::{CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter, Rule};

/// The bundled dictionaries, English and Chinese: what users run.
pub static BUILTIN: LazyLock<Linter> = LazyLock::new(|| {
    let dictionary = Dictionary::builtin(&[Language::En, Language::Zh]).expect("builtin loads");
    Linter::new(
        dictionary,
        CommonAcronyms::builtin(),
        LintOptions::default(),
    )
});

/// The small test dictionaries: few entries, several with a safe fix, so that
/// fix-heavy inputs are easy for the fuzzer to reach.
pub static MINI: LazyLock<Linter> = LazyLock::new(|| {
    let mut dictionary = Dictionary::new();
    dictionary
        .add_json(
            "mini-en.json",
            include_str!("../../tests/fixtures/dict/mini-en.json"),
        )
        .expect("mini-en loads");
    dictionary
        .add_json(
            "mini-zh.json",
            include_str!("../../tests/fixtures/dict/mini-zh.json"),
        )
        .expect("mini-zh loads");
    Linter::new(
        dictionary,
        CommonAcronyms::builtin(),
        LintOptions::default(),
    )
});

/// Picks a text format from one byte of fuzz input.
pub fn format_from(byte: u8) -> Format {
    match byte % 3 {
        0 => Format::Plain,
        1 => Format::Markdown,
        _ => Format::Html,
    }
}

/// Line and column of a byte offset, counted without the library's line index:
/// walk the characters, and start a new line after `\n`, `\r\n`, a lone `\r`,
/// VT, FF, U+0085, U+2028 and U+2029. A leading byte-order mark is not a column.
pub fn independent_line_column(text: &str, offset: usize) -> (usize, usize) {
    let body_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line = 1;
    let mut column = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        if i < body_start {
            continue;
        }
        let is_break = matches!(
            c,
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        );
        if !is_break {
            column += 1;
            continue;
        }
        if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            // One break of two characters: it ends only once both are passed.
            if i + 2 > offset {
                column += 1;
                break;
            }
            chars.next();
        }
        line += 1;
        column = 1;
    }
    (line, column)
}

/// Every bundled report format, rendering one file; JSON must parse.
pub fn render_all(path: &str, source: &SourceText, checked: &Checked) {
    render_all_with(path, source, checked, &DocLayout::Text)
}

/// [`render_all`] for a document with a layout (a Word document).
pub fn render_all_with(path: &str, source: &SourceText, checked: &Checked, layout: &DocLayout) {
    let report = FileReport {
        path,
        source,
        findings: &checked.findings,
        layout,
    };
    let mut summary = Summary::default();
    summary.add_file(&checked.findings);
    // The first two are JSON documents.
    let reporters: [&dyn Reporter; 5] = [
        &Json,
        &Sarif,
        &Compact,
        &Github,
        &Human::new(false).ascii(true),
    ];
    for (n, reporter) in reporters.into_iter().enumerate() {
        let mut out: Vec<u8> = Vec::new();
        reporter.begin(&mut out).unwrap();
        let mut body = Vec::new();
        reporter.render(&report, &mut body).unwrap();
        out.extend_from_slice(&body);
        reporter.finish(&mut out, &summary).unwrap();
        if n < 2 {
            if let Err(err) = serde_json::from_slice::<serde_json::Value>(&out) {
                panic!(
                    "format {n} is not JSON ({err}):\n{}",
                    String::from_utf8_lossy(&out)
                );
            }
        }
        std::str::from_utf8(&out).expect("output is UTF-8");
    }
}

/// Whether every byte of `span` is prose: kept as it is, or whitespace that
/// the prose view normalised to a space (a wrapped phrase).
fn all_prose(checked: &Checked, text: &str, span: std::ops::Range<usize>) -> bool {
    checked.prose.is_prose(text, span)
}

/// Lints `text` and checks every invariant of findings, positions, reports
/// and fixes. Returns the result for target-specific checks.
pub fn check_document(linter: &Linter, text: &str, format: Format) -> Checked {
    let checked = linter.lint(text, format);
    let prose = &checked.prose;
    assert_eq!(
        prose.masked.len(),
        text.len(),
        "prose view keeps the length"
    );
    for c in &prose.comments {
        assert!(c.span.start <= c.span.end && c.span.end <= text.len());
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
    }
    for h in &prose.headings {
        assert!(h.offset <= text.len() && text.is_char_boundary(h.offset));
    }
    let source = SourceText::new(text.to_string());
    let mut last_start = 0;
    for f in &checked.findings {
        let span = f.span.clone();
        assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span not on char boundaries: {f:?}"
        );
        assert!(span.start >= last_start, "findings are sorted");
        last_start = span.start;
        assert_eq!(f.matched(), &text[span.clone()], "matched is the text");
        match f.rule {
            Rule::Jargon | Rule::UndefinedAcronym => {
                assert!(!span.is_empty(), "{f:?}");
                assert!(
                    all_prose(&checked, text, span.clone()),
                    "finding outside prose: {f:?}"
                );
            }
            Rule::UnusedSuppression => {
                assert!(
                    prose.comments.iter().any(|c| c.span == span),
                    "unused-suppression is not a comment: {f:?}"
                );
            }
        }
        let pos = Position::of(&source, f);
        assert_eq!(
            (pos.line, pos.column),
            independent_line_column(text, span.start),
            "start of {f:?}"
        );
        assert_eq!(
            (pos.end_line, pos.end_column),
            independent_line_column(text, span.end),
            "end of {f:?}"
        );
        let _ = baseline::entry("fuzz.md", text, f);
    }
    render_all("fuzz dir/a,b:c.md", &source, &checked);
    check_fix(linter, text, format, &checked);
    checked
}

/// Fixing: edits are sorted, disjoint, inside prose and from findings with a
/// fix; bytes outside them are unchanged; a second run fixes nothing.
pub fn check_fix(linter: &Linter, text: &str, format: Format, checked: &Checked) {
    let edits = fix::edits(text, &checked.findings);
    let mut last_end = 0;
    for e in &edits {
        assert!(e.span.start >= last_end, "edits overlap: {edits:?}");
        last_end = e.span.end;
        assert!(
            checked
                .findings
                .iter()
                .any(|f| f.span == e.span && f.fix().is_some()),
            "edit without a fixable finding: {e:?}"
        );
        assert!(
            all_prose(checked, text, e.span.clone()),
            "edit outside prose: {e:?}"
        );
    }
    let fixed = fix::apply(text, &edits);
    let (mut at_old, mut at_new) = (0, 0);
    for e in &edits {
        let gap = e.span.start - at_old;
        assert_eq!(
            &text.as_bytes()[at_old..e.span.start],
            &fixed.as_bytes()[at_new..at_new + gap]
        );
        at_new += gap + e.replacement.len();
        at_old = e.span.end;
    }
    assert_eq!(&text.as_bytes()[at_old..], &fixed.as_bytes()[at_new..]);
    if !edits.is_empty() {
        // What `--fix` writes: fixed until stable. A second run changes nothing.
        let (stable, _) =
            fix::apply_until_stable(text, &edits, |t| linter.lint(t, format).findings);
        let again = linter.lint(&stable, format);
        let more = fix::edits(&stable, &again.findings);
        assert!(
            more.is_empty(),
            "second fix run would change {more:?} in {stable:?}"
        );
    }
}

/// A Word document read from `bytes`: findings in prose with true positions,
/// every report renders, and annotating it gives a document that reads back
/// with the same text and findings, with one comment per anchored finding.
pub fn check_docx(linter: &Linter, bytes: &[u8], doc: &Document) {
    let DocLayout::Docx(layout) = &doc.layout else {
        panic!("a .docx without a docx layout");
    };
    let text = doc.source.as_str();
    let checked = linter.lint_prose(text, doc.prose(), linter.options());
    for f in &checked.findings {
        assert!(f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert_eq!(f.matched(), &text[f.span.clone()]);
        if f.rule != Rule::UnusedSuppression {
            assert!(all_prose(&checked, text, f.span.clone()), "{f:?}");
        }
        assert_eq!(
            doc.source.line_column(f.span.start),
            independent_line_column(text, f.span.start)
        );
        let _ = layout.location(f.span.start);
    }
    render_all_with("fuzz.docx", &doc.source, &checked, &doc.layout);
    let limits = Limits::default();
    let Ok(annotated) = annotate(
        bytes,
        text,
        layout,
        &checked.findings,
        &AnnotateOptions::default(),
        &limits,
    ) else {
        return;
    };
    assert_eq!(
        annotated.comments + annotated.not_anchored,
        checked.findings.len(),
        "every finding is commented or counted as not anchored"
    );
    let again = Document::from_docx("fuzz.docx", &annotated.bytes, &limits)
        .expect("an annotated document reads back");
    assert_eq!(again.source.as_str(), text, "annotating changed the text");
    let again_checked = linter.lint_prose(text, again.prose(), linter.options());
    assert_eq!(again_checked.findings, checked.findings);
}
