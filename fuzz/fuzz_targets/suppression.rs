//! Suppression comments (Markdown `<!-- dejargon-… -->`, plain `dejargon: …`):
//! a suppression only ever removes findings, and an unused-suppression finding
//! always points at a comment.
#![no_main]

use dejargon::format;
use dejargon::Rule;
use dejargon_fuzz::{check_document, format_from, MINI};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = format_from(first);
    let linter = &*MINI;
    let with_comments = check_document(linter, text, format);

    // The same document with its comments ignored: nothing suppressed.
    let mut bare = format::extract(format, text);
    bare.comments.clear();
    let unsuppressed = linter.lint_prose(text, bare, linter.options());
    let key = |f: &dejargon::Finding| (f.span.clone(), f.rule, f.term().to_string());
    let all: Vec<_> = unsuppressed.findings.iter().map(key).collect();
    for f in &with_comments.findings {
        if f.rule == Rule::UnusedSuppression {
            continue;
        }
        assert!(all.contains(&key(f)), "suppression added a finding: {f:?}");
    }
});
