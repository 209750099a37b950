//! Baselines: accept the findings a repository already has, report only new ones.
//!
//! A finding is recorded by file, rule, term and a fingerprint of the text
//! around it (not its line number), so edits elsewhere in the file do not
//! invalidate the baseline. Identical findings in identical context are
//! counted, so a second copy of an accepted sentence is still new.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lint::{Finding, Rule};

/// Default baseline file name.
pub const DEFAULT_BASELINE: &str = ".dejargon-baseline.json";
const VERSION: u32 = 1;
/// Characters of context on each side that make up a fingerprint.
const CONTEXT_CHARS: usize = 24;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub path: String,
    pub rule: Rule,
    pub term: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<BaselineEntry>,
}

/// A loaded baseline, consumed as findings are matched against it.
#[derive(Debug, Default)]
pub struct Baseline {
    remaining: HashMap<BaselineEntry, usize>,
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms, which is all a
/// fingerprint needs (it is not a security boundary).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n')
}

/// Up to `CONTEXT_CHARS` non-space characters of `chars`, stopping at the end
/// of the sentence, so edits to neighbouring sentences do not change it.
fn context(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut out = Vec::new();
    let mut newline = false;
    for c in chars {
        if c == '\n' {
            // One line break is wrapping; a blank line ends the paragraph.
            if newline {
                break;
            }
            newline = true;
            continue;
        }
        if !c.is_whitespace() {
            newline = false;
        }
        if ends_sentence(c) || out.len() == CONTEXT_CHARS {
            break;
        }
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The fingerprint of a finding: its rule, term and the rest of its sentence
/// (whitespace dropped), so edits elsewhere and re-wrapping keep it.
pub fn fingerprint(text: &str, finding: &Finding) -> String {
    let before: String = context(text[..finding.span.start].chars().rev())
        .into_iter()
        .rev()
        .collect();
    let after: String = context(text[finding.span.end..].chars())
        .into_iter()
        .collect();
    let key = format!(
        "{}\u{0}{}\u{0}{before}\u{0}{}\u{0}{after}",
        finding.rule.as_str(),
        finding.term(),
        finding.matched()
    );
    format!("{:016x}", fnv1a(key.as_bytes()))
}

/// The baseline entry of a finding in file `path` whose text is `text`.
pub fn entry(path: &str, text: &str, finding: &Finding) -> BaselineEntry {
    BaselineEntry {
        path: path.replace('\\', "/"),
        rule: finding.rule,
        term: finding.term().to_string(),
        fingerprint: fingerprint(text, finding),
    }
}

impl Baseline {
    /// Reads a baseline file. Errors say which file and what is wrong.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let bytes = crate::source::read_bounded(path, crate::source::MAX_SETTINGS_BYTES).map_err(
            |err| {
                format!(
                    "{}: cannot read baseline: {}; write one with `dejargon baseline write`",
                    path.display(),
                    crate::walk::describe_io_error(&err)
                )
            },
        )?;
        let text = String::from_utf8(bytes).map_err(|err| {
            format!(
                "{}: baseline is not valid UTF-8 (byte offset {}); write it again with `dejargon baseline write`",
                path.display(),
                err.utf8_error().valid_up_to()
            )
        })?;
        Self::parse(path, &text)
    }

    /// Parses baseline text; `path` is used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Baseline, String> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|err| {
            format!(
                "{}:{}:{}: invalid baseline: {}; write it again with `dejargon baseline write`",
                path.display(),
                err.line(),
                err.column(),
                crate::dictionary::serde_message(&err)
            )
        })?;
        if file.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (expected {VERSION}); run `dejargon baseline write` again",
                path.display(),
                file.version
            ));
        }
        let mut remaining = HashMap::new();
        for entry in file.findings {
            *remaining.entry(entry).or_insert(0) += 1;
        }
        Ok(Baseline { remaining })
    }

    /// Whether the finding is accepted by the baseline (each recorded finding
    /// accepts one occurrence).
    pub fn accepts(&mut self, entry: &BaselineEntry) -> bool {
        match self.remaining.get_mut(entry) {
            Some(count) if *count > 0 => {
                *count -= 1;
                true
            }
            _ => false,
        }
    }
}

/// Serialises baseline entries, sorted so the file diffs cleanly.
pub fn to_json(mut entries: Vec<BaselineEntry>) -> String {
    entries.sort();
    let file = BaselineFile {
        version: VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CommonAcronyms, Dictionary, Format, LintOptions, Linter};

    fn linter() -> Linter {
        let mut d = Dictionary::new();
        d.add_json(
            "m.json",
            include_str!("../tests/fixtures/dict/mini-en.json"),
        )
        .unwrap();
        Linter::new(d, CommonAcronyms::builtin(), LintOptions::default())
    }

    #[test]
    fn fingerprints_survive_edits_elsewhere_and_rewrapping() {
        let l = linter();
        let a = "Intro.\n\nWe moved the IDC to Pudong.\n";
        let b = "A new first paragraph.\n\nAnother one.\n\nWe moved the\nIDC to Pudong.\n";
        let fa = &l.lint(a, Format::Markdown).findings[0];
        let fb = &l.lint(b, Format::Markdown).findings[0];
        assert_eq!(fingerprint(a, fa), fingerprint(b, fb));
        let c = "We moved the IDC to Minhang.\n";
        let fc = &l.lint(c, Format::Markdown).findings[0];
        assert_ne!(fingerprint(a, fa), fingerprint(c, fc));
    }

    #[test]
    fn each_entry_accepts_one_occurrence() {
        let l = linter();
        let text = "The IDC is full.";
        let f = &l.lint(text, Format::Plain).findings[0];
        let e = entry("a.md", text, f);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, to_json(vec![e.clone()])).unwrap();
        let mut baseline = Baseline::load(&path).unwrap();
        assert!(baseline.accepts(&e));
        assert!(!baseline.accepts(&e));
    }
}
