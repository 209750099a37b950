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
        .matched()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    let term_lower = finding
        .term()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
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
            let fix = f.fix()?;
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

/// Applies `edits` to `text`, then fixes what the fixed text still has to fix,
/// until nothing changes, so that a second `--fix` run has nothing left to
/// do. A replacement can change the context of a neighbour: Chinese words put
/// into a sentence make it Chinese, and a term there then gets its Chinese
/// entry, which may have a fix (found by the html_lint fuzz target). Those
/// changes can chain from term to term along a line, one more per pass (the
/// plain_lint fuzz target found a chain of five, longer than the four passes
/// this once allowed), so there is no fixed number of passes. It ends: every
/// pass replaces at least one term, and a replacement is never itself a term
/// (`dict check` rejects such fixes), so there are at most as many passes as
/// terms; the bound of one pass per byte only makes that visible. Usually
/// there is one pass, and a second finds nothing. `lint` gives the findings
/// of a text. Returns the fixed text and the number of replacements made.
pub fn apply_until_stable(
    text: &str,
    edits: &[Edit],
    mut lint: impl FnMut(&str) -> Vec<Finding>,
) -> (String, usize) {
    let mut fixed = apply(text, edits);
    let mut count = edits.len();
    for _ in 0..text.len() {
        let more = self::edits(&fixed, &lint(&fixed));
        if more.is_empty() {
            break;
        }
        count += more.len();
        fixed = apply(&fixed, &more);
    }
    (fixed, count)
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
/// original, so an interrupted run (a full disk, a kill) leaves either the old
/// file or the new one, never a mix. On any error the original is untouched
/// and the temporary file is removed.
///
/// The original's permissions are kept. A read-only file (by its permission
/// bits, which also stops root) is refused. A symbolic link is followed: the
/// file it points to is replaced and the link stays a link. A file with other
/// hard links gets a new inode, so the other names keep the old text.
///
/// Test hook: in debug builds only, `DEJARGON_TEST_FAIL_WRITE_AFTER=N` makes
/// the write fail after N bytes with "no space left on device", as a full
/// disk would. Release builds never read it.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    // Write where the data lives, so a symbolic link is not replaced by a file.
    let target = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(err) if err.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(err) => return Err(err),
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A new file gets the temporary file's default permissions.
    let permissions = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta.permissions()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err),
    };
    if permissions.as_ref().is_some_and(|p| p.readonly()) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".dejargon-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write_contents(temp.as_file_mut(), contents)?;
    temp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(temp.path(), permissions)?;
    }
    temp.persist(&target).map_err(|err| err.error)?;
    Ok(())
}

/// Writes all of `contents`; see the test hook on [`write_atomic`].
fn write_contents(file: &mut impl Write, contents: &[u8]) -> io::Result<()> {
    #[cfg(debug_assertions)]
    if let Some(limit) = std::env::var("DEJARGON_TEST_FAIL_WRITE_AFTER")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&limit| limit < contents.len())
    {
        file.write_all(&contents[..limit])?;
        return Err(io::Error::new(
            io::ErrorKind::StorageFull,
            "no space left on device (injected by DEJARGON_TEST_FAIL_WRITE_AFTER)",
        ));
    }
    file.write_all(contents)
}

/// What went wrong in [`write_atomic`], and what to do about it. The file is
/// unchanged whenever `write_atomic` fails.
pub fn describe_write_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::PermissionDenied => {
            format!("{err}; make it writable and run again")
        }
        io::ErrorKind::StorageFull => format!("{err}; free some space and run again"),
        _ => format!("{err}; check the file and its directory and run again"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Severity;
    use crate::entry_text::EntryText;
    use crate::lint::Rule;

    fn finding(text: &str, needle: &str, term: &str, fix: &str) -> Finding {
        let start = text.find(needle).unwrap();
        Finding::new(
            start..start + needle.len(),
            Rule::Jargon,
            Severity::Error,
            needle,
            "",
            EntryText {
                term: term.into(),
                suggestions: vec![fix.to_string()].into(),
                fix: Some(fix.into()),
                ..Default::default()
            },
        )
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
