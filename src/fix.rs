//! Safe autofix: replace terms whose dictionary entry names a replacement that
//! fits any sentence (`fix`), and write the result atomically.
//!
//! Only findings are fixed, so code, URLs, front matter and suppressed regions
//! are never touched: they produce no findings. Edits are applied back to
//! front on the original bytes; everything outside the replaced spans,
//! including a byte-order mark and line endings, is copied unchanged.

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use crate::lint::Finding;

/// One replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// Whether the text before `at` ends a sentence (or a heading or list marker).
fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t', '\u{feff}']);
    match before.chars().next_back() {
        None => true,
        Some(c) => {
            matches!(c, '.' | '!' | '?' | '#' | '*' | '>' | '|' | '\n' | '\r')
                || (c == '-' && before.ends_with("\n-"))
        }
    }
}

/// Gives `replacement` the casing pattern of the text it replaces: capitalised
/// at the start of a sentence, or where the writer capitalised a term that is
/// normally lower case.
pub fn match_case(text: &str, finding: &Finding, replacement: &str) -> String {
    let matched_upper = finding
        .matched
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    let term_lower = finding.term.chars().next().is_some_and(char::is_lowercase);
    let capitalise = starts_sentence(text, finding.span.start) || (matched_upper && term_lower);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if capitalise && first.is_lowercase() => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => replacement.to_string(),
    }
}

/// The safe edits for a document's findings.
pub fn edits(text: &str, findings: &[Finding]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter_map(|f| {
            let fix = f.fix.as_deref()?;
            Some(Edit {
                span: f.span.clone(),
                replacement: match_case(text, f, fix),
            })
        })
        .collect();
    edits.sort_by_key(|e| e.span.start);
    // Findings never overlap, but an edit list from elsewhere might: keep the first.
    let mut last_end = 0;
    edits.retain(|e| {
        let keep = e.span.start >= last_end;
        if keep {
            last_end = e.span.end;
        }
        keep
    });
    edits
}

/// Applies non-overlapping edits, sorted by start, to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + edits.len() * 8);
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff between two versions of a file, for `--diff`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces the file at `path` with `contents` atomically: a temporary file in
/// the same directory is written, flushed to disk and renamed over the
/// original, so an interrupted run leaves either the old file or the new one.
/// The original's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A new file gets the temporary file's default permissions.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    if permissions.as_ref().is_some_and(|p| p.readonly()) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "file is read-only; not changed",
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".dejargon-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(temp.path(), permissions)?;
    }
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Severity;
    use crate::lint::Rule;

    fn finding(text: &str, needle: &str, term: &str, fix: &str) -> Finding {
        let start = text.find(needle).unwrap();
        Finding {
            span: start..start + needle.len(),
            rule: Rule::Jargon,
            term: term.into(),
            matched: needle.into(),
            severity: Severity::Error,
            message: String::new(),
            explanation: String::new(),
            suggestions: vec![fix.into()],
            category: String::new(),
            dictionary: None,
            fix: Some(fix.into()),
            entry: None,
        }
    }

    #[test]
    fn casing_follows_the_sentence() {
        let text = "IDC costs fell. Our IDC is full.\n\n# IDC plan";
        let fixes: Vec<String> = text
            .match_indices("IDC")
            .map(|(i, _)| {
                let mut f = finding(text, "IDC", "IDC", "data center");
                f.span = i..i + 3;
                match_case(text, &f, "data center")
            })
            .collect();
        assert_eq!(fixes, vec!["Data center", "data center", "Data center"]);
        let text = "We will Synergize.";
        assert_eq!(
            match_case(
                text,
                &finding(text, "Synergize", "synergize", "work together"),
                "work together"
            ),
            "Work together"
        );
    }

    #[test]
    fn apply_keeps_everything_else() {
        let text = "\u{feff}The IDC\r\nand IDC.\r\n";
        let mut a = finding(text, "IDC", "IDC", "data center");
        let mut b = a.clone();
        b.span = text.rfind("IDC").unwrap()..text.rfind("IDC").unwrap() + 3;
        a.span = text.find("IDC").unwrap()..text.find("IDC").unwrap() + 3;
        let fixed = apply(text, &edits(text, &[a, b]));
        assert_eq!(fixed, "\u{feff}The data center\r\nand data center.\r\n");
    }
}
