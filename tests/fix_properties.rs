//! Properties of autofix on arbitrary documents: bytes outside the replaced
//! spans never change, code and suppressed regions are never touched, and a
//! second run changes nothing.

use dejargon::fix;
use dejargon::{CommonAcronyms, Dictionary, Format, LintOptions, Linter};
use proptest::prelude::*;
use std::sync::LazyLock;

static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    let mut d = Dictionary::new();
    d.add_json("mini-en.json", include_str!("fixtures/dict/mini-en.json"))
        .unwrap();
    d.add_json("mini-zh.json", include_str!("fixtures/dict/mini-zh.json"))
        .unwrap();
    Linter::new(d, CommonAcronyms::builtin(), LintOptions::default())
});

/// Pieces that documents are made of: fixable terms, other terms, code,
/// suppression comments, CJK, emoji, line endings.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("IDC".to_string()),
        Just("idc".to_string()),
        Just("synergize".to_string()),
        Just("Synergize".to_string()),
        Just("上云".to_string()),
        Just("马上云南".to_string()),
        Just("ERP".to_string()),
        Just("`IDC`".to_string()),
        Just("\n```\nIDC synergize\n```\n".to_string()),
        Just("<!-- dejargon-disable-next-line -->\n".to_string()),
        Just("https://x.io/IDC".to_string()),
        Just(". ".to_string()),
        Just(" ".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("😀".to_string()),
        Just("\u{feff}".to_string()),
        "[a-z]{1,6}",
        "[\\u{4e00}-\\u{4e20}]{1,3}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fixing_only_changes_replaced_spans_and_is_idempotent(text in document(), markdown in any::<bool>()) {
        let linter = &*LINTER;
        let format = if markdown { Format::Markdown } else { Format::Plain };
        let checked = linter.lint(&text, format);
        let edits = fix::edits(&text, &checked.findings);
        let fixed = fix::apply(&text, &edits);

        // Every edit replaces prose only.
        for edit in &edits {
            prop_assert!(checked.prose.is_prose(&text, edit.span.clone()), "edit in non-prose: {:?}", edit);
        }
        // Outside the edits, the bytes are the same, in order.
        let mut at_old = 0;
        let mut at_new = 0;
        for edit in &edits {
            let gap = edit.span.start - at_old;
            prop_assert_eq!(&text.as_bytes()[at_old..edit.span.start], &fixed.as_bytes()[at_new..at_new + gap]);
            at_new += gap;
            prop_assert!(fixed[at_new..].to_lowercase().starts_with(&edit.replacement.to_lowercase()));
            at_new += edit.replacement.len();
            at_old = edit.span.end;
        }
        prop_assert_eq!(&text.as_bytes()[at_old..], &fixed.as_bytes()[at_new..]);

        // A second run finds nothing more to fix.
        let again = linter.lint(&fixed, format);
        prop_assert!(fix::edits(&fixed, &again.findings).is_empty(), "second run would change {:?}", fixed);
    }
}

/// The byte ranges a pair of directives suppresses, when the parser saw both
/// as directives (a comment swallowed by a code block is no directive).
fn suppressed_range(
    checked: &dejargon::Checked,
    open: std::ops::Range<usize>,
    close: std::ops::Range<usize>,
) -> Option<std::ops::Range<usize>> {
    let seen = |r: &std::ops::Range<usize>| checked.prose.comments.iter().any(|c| c.span == *r);
    (seen(&open) && seen(&close)).then_some(open.end..close.start)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn suppressed_regions_are_never_fixed(
        prefix in document(),
        middle in document(),
        suffix in document(),
        markdown in any::<bool>(),
    ) {
        let (open, close, format) = if markdown {
            ("<!-- dejargon-disable -->", "<!-- dejargon-enable -->", Format::Markdown)
        } else {
            ("dejargon: disable", "dejargon: enable", Format::Plain)
        };
        let text = format!("{prefix}\n\n{open}\n{middle} IDC\n{close}\n\n{suffix}");
        let open_at = prefix.len() + 2;
        let close_at = open_at + open.len() + 1 + middle.len() + 5;
        let checked = LINTER.lint(&text, format);
        if let Some(region) =
            suppressed_range(&checked, open_at..open_at + open.len(), close_at..close_at + close.len())
        {
            let fixed = fix::apply(&text, &fix::edits(&text, &checked.findings));
            // Everything up to the region's end is the same length before it
            // only if no edit came earlier; compare the region by content.
            let region_text = &text[region.clone()];
            let marker = format!("{open}{region_text}{close}");
            prop_assert!(fixed.contains(&marker), "suppressed region changed in {:?}", fixed);
        }
    }
}

#[test]
fn a_suppressed_region_stays_as_it_is() {
    let text =
        "The IDC.\n\n<!-- dejargon-disable -->\nOur IDC.\n<!-- dejargon-enable -->\n\nThe IDC.\n";
    let checked = LINTER.lint(text, Format::Markdown);
    let fixed = fix::apply(text, &fix::edits(text, &checked.findings));
    assert_eq!(
        fixed,
        "The data center.\n\n<!-- dejargon-disable -->\nOur IDC.\n<!-- dejargon-enable -->\n\nThe data center.\n"
    );
    let text = "dejargon: disable-next-line\nThe IDC.\nThe IDC.\n";
    let checked = LINTER.lint(text, Format::Plain);
    let fixed = fix::apply(text, &fix::edits(text, &checked.findings));
    assert_eq!(
        fixed,
        "dejargon: disable-next-line\nThe IDC.\nThe data center.\n"
    );
}
