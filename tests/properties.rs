//! Properties of linting arbitrary documents: arbitrary Unicode in random
//! Markdown structure, with every kind of line break.
//!
//! - nothing panics;
//! - every finding's span lies on character boundaries and inside prose;
//! - reported line and column equal an independent count from the byte offset;
//! - JSON output always parses, and says what the finding says.

use std::sync::LazyLock;

use dejargon::document::Layout;
use dejargon::report::{FileReport, Json, Position, Reporter, Summary};
use dejargon::source::SourceText;
use dejargon::{CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter, Rule};
use proptest::prelude::*;

/// The bundled dictionaries plus the small test ones would clash (the same
/// terms), so the bundled ones alone: they are what users run.
static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    let dictionary = Dictionary::builtin(&[Language::En, Language::Zh]).unwrap();
    Linter::new(
        dictionary,
        CommonAcronyms::builtin(),
        LintOptions::default(),
    )
});

/// Line and column of a byte offset, counted here without the library: walk
/// the characters and start a new line after `\n`, `\r\n` (one break), a lone
/// `\r`, VT, FF, U+0085, U+2028 and U+2029. Columns count characters; a
/// leading byte-order mark is not one.
fn expected_line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= offset {
            break;
        }
        if i == 0 && c == '\u{feff}' {
            continue;
        }
        match c {
            '\r' if matches!(chars.peek(), Some(&(_, '\n'))) => {
                if i + 2 > offset {
                    // Between the \r and the \n: still on this line.
                    column += 1;
                    break;
                }
                chars.next();
                line += 1;
                column = 1;
            }
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    (line, column)
}

#[test]
fn the_independent_count_agrees_with_hand_counted_cases() {
    let cases: &[(&str, usize, (usize, usize))] = &[
        ("abc", 2, (1, 3)),
        ("a\r\nb", 3, (2, 1)),
        ("a\r\nb", 2, (1, 3)),
        ("a\rb", 2, (2, 1)),
        ("a\u{2028}b", 4, (2, 1)),
        ("a\u{85}b", 3, (2, 1)),
        ("\u{feff}ab", 4, (1, 2)),
        ("中文ab", 6, (1, 3)),
        ("\n\n", 2, (3, 1)),
    ];
    for &(text, offset, expected) in cases {
        assert_eq!(expected_line_column(text, offset), expected, "{text:?}");
    }
}

/// Pieces of Markdown structure, terms that fire, and things that must not.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Line breaks of every kind.
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{2029}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{0B}".to_string()),
        Just("\u{0C}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\t".to_string()),
        // Block structure.
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("    ".to_string()),
        Just("```\n".to_string()),
        Just("~~~rust\n".to_string()),
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("| a | IDC |\n|---|---|\n".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("<div>\n".to_string()),
        Just("$$\n".to_string()),
        // Inline structure.
        Just("`".to_string()),
        Just("*".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("[".to_string()),
        Just("](https://x.io/API)".to_string()),
        Just("![SaaS chart](c.png)".to_string()),
        Just("[IDC]".to_string()),
        Just("[IDC]: https://x.io\n".to_string()),
        Just("<https://x.io/ERP>".to_string()),
        Just("<b>".to_string()),
        Just("$".to_string()),
        Just("{{< ref \"API\" >}}".to_string()),
        Just("{{% x %}}".to_string()),
        Just("\\".to_string()),
        Just("&amp;".to_string()),
        // Comments and suppressions.
        Just("<!-- dejargon-disable -->".to_string()),
        Just("<!-- dejargon-enable -->".to_string()),
        Just("<!-- dejargon-disable-next-line -->\n".to_string()),
        Just("<!-- dejargon-disable-next-line IDC, undefined-acronym -->".to_string()),
        Just("dejargon: disable-next-line\n".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        // Terms, definitions, acronyms.
        Just("IDC".to_string()),
        Just("IDCs".to_string()),
        Just("API's".to_string()),
        Just("ERP".to_string()),
        Just("SaaS".to_string()),
        Just("XYZ".to_string()),
        Just("K8s".to_string()),
        Just("synergize".to_string()),
        Just("software as\na service".to_string()),
        Just("Enterprise Resource Planning (ERP)".to_string()),
        Just("ERP (enterprise resource planning)".to_string()),
        Just("企业资源计划（ERP）".to_string()),
        Just("中台".to_string()),
        Just("数据中台".to_string()),
        Just("把ERP系统迁移到IDC机房".to_string()),
        Just("https://x.io/IDC".to_string()),
        Just("a@b.com".to_string()),
        Just(". ".to_string()),
        Just(" ".to_string()),
        Just("😀".to_string()),
        Just("e\u{301}".to_string()),
        "[a-zA-Z]{1,8}",
        "[\\u{4e00}-\\u{4e40}]{1,4}",
        // Arbitrary Unicode, including controls and unassigned code points.
        any::<String>().prop_map(|s| s.chars().take(6).collect()),
        "\\PC{1,6}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn check(text: &str, format: Format) -> Result<(), TestCaseError> {
    let checked = LINTER.lint(text, format);
    let source = SourceText::new(text.to_string());
    for f in &checked.findings {
        let span = f.span.clone();
        prop_assert!(span.start <= span.end && span.end <= text.len(), "{f:?}");
        prop_assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span off char boundaries: {f:?}"
        );
        prop_assert_eq!(f.matched(), &text[span.clone()]);
        match f.rule {
            Rule::Jargon | Rule::UndefinedAcronym => prop_assert!(
                checked.prose.is_prose(text, span.clone()),
                "finding outside prose: {f:?}"
            ),
            // An unused suppression points at its comment, which is not prose.
            Rule::UnusedSuppression => prop_assert!(
                checked.prose.comments.iter().any(|c| c.span == span),
                "{f:?}"
            ),
        }
        let pos = Position::of(&source, f);
        prop_assert_eq!(
            (pos.line, pos.column),
            expected_line_column(text, span.start),
            "start of {:?}",
            f
        );
        prop_assert_eq!(
            (pos.end_line, pos.end_column),
            expected_line_column(text, span.end),
            "end of {:?}",
            f
        );
    }

    // JSON output parses and carries the same positions.
    let mut out = Vec::new();
    let mut summary = Summary::default();
    summary.add_file(&checked.findings);
    Json.begin(&mut out).unwrap();
    let mut body = Vec::new();
    Json.render(
        &FileReport {
            path: "dir/a \"b\".md",
            source: &source,
            findings: &checked.findings,
            layout: &Layout::Text,
        },
        &mut body,
    )
    .unwrap();
    out.extend_from_slice(&body);
    Json.finish(&mut out, &summary).unwrap();
    let json: serde_json::Value = match serde_json::from_slice(&out) {
        Ok(v) => v,
        Err(err) => {
            return Err(TestCaseError::fail(format!(
                "JSON does not parse ({err}): {}",
                String::from_utf8_lossy(&out)
            )))
        }
    };
    let findings = json["findings"].as_array().unwrap();
    prop_assert_eq!(findings.len(), checked.findings.len());
    for (j, f) in findings.iter().zip(&checked.findings) {
        prop_assert_eq!(j["byte_start"].as_u64(), Some(f.span.start as u64));
        prop_assert_eq!(j["matched"].as_str(), Some(f.matched()));
        let (line, column) = expected_line_column(text, f.span.start);
        prop_assert_eq!(j["line"].as_u64(), Some(line as u64));
        prop_assert_eq!(j["column"].as_u64(), Some(column as u64));
        // The JSON writer computes ends its own way (one column per byte for
        // printable ASCII), so check them here too.
        let (end_line, end_column) = expected_line_column(text, f.span.end);
        prop_assert_eq!(j["end_line"].as_u64(), Some(end_line as u64));
        prop_assert_eq!(j["end_column"].as_u64(), Some(end_column as u64));
    }
    prop_assert_eq!(
        json["summary"]["findings"].as_u64(),
        Some(checked.findings.len() as u64)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn markdown_findings_are_in_prose_with_true_positions(text in document()) {
        check(&text, Format::Markdown)?;
    }

    #[test]
    fn plain_findings_are_in_prose_with_true_positions(text in document()) {
        check(&text, Format::Plain)?;
    }

    #[test]
    fn any_unicode_string_is_linted_without_panic(text in any::<String>()) {
        check(&text, Format::Markdown)?;
        check(&text, Format::Plain)?;
    }
}
