//! Output formats. Each format implements [`Reporter`]; the CLI feeds it one
//! checked file at a time, in a stable order, then the summary.
//!
//! Reporters write to any `io::Write` and never decide exit codes: that is the
//! binary's job, from the [`Summary`].

mod compact;
pub mod diagnostic;
pub mod github;
pub mod glossary;
mod human;
mod json;
pub mod page;
pub mod sarif;
mod stats_table;

use std::io::{self, Write};

use serde::Serialize;

pub use compact::Compact;
pub use github::Github;
pub use human::Human;
pub use json::{Json, JsonFinding};
pub use sarif::Sarif;
pub use stats_table::stats_table;

use crate::dictionary::Severity;
use crate::document::Layout;
use crate::lint::Finding;
use crate::source::SourceText;
use crate::stats::RunStats;

/// 1-based line and column (in Unicode scalar values) of both ends of a span.
/// The end is exclusive: it is the position just after the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Position {
    pub fn of(source: &SourceText, finding: &Finding) -> Position {
        let (line, column) = source.line_column(finding.span.start);
        let (end_line, end_column) = source.line_column(finding.span.end);
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The positions of `findings`, in order. Findings sorted by start (as
    /// the linter returns them) cost one walk over the text in all.
    pub fn all(source: &SourceText, findings: &[Finding]) -> Vec<Position> {
        Position::each(source, findings).collect()
    }

    /// [`Position::all`] one at a time, for reporters that write as they go
    /// and need not hold every position at once.
    pub fn each<'a>(
        source: &'a SourceText,
        findings: &'a [Finding],
    ) -> impl Iterator<Item = Position> + 'a {
        let mut cursor = source.cursor();
        findings.iter().map(move |finding| {
            let (line, column) = cursor.line_column(finding.span.start);
            // A finding is a word or a few: when its bytes are printable
            // ASCII, it ends on its own line, one column per byte on. That
            // spares a second walk per finding, a fifth of writing the
            // findings of a dense document.
            let (end_line, end_column) = if cursor.pass_printable_ascii(finding.span.clone()) {
                (line, column + finding.span.len())
            } else {
                cursor.clone().line_column(finding.span.end)
            };
            Position {
                line,
                column,
                end_line,
                end_column,
            }
        })
    }
}

/// One checked file, as the reporters see it.
#[derive(Debug, Clone, Copy)]
pub struct FileReport<'a> {
    /// The path as the user should see it.
    pub path: &'a str,
    pub source: &'a SourceText,
    pub findings: &'a [Finding],
    /// Where the text came from (for a Word document: parts, paragraphs,
    /// headings).
    pub layout: &'a Layout,
}

/// Totals over a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub files_checked: usize,
    pub files_with_findings: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be checked (unreadable, not UTF-8).
    pub files_failed: usize,
    /// Files skipped on purpose (binary).
    pub files_skipped: usize,
    /// Findings left out of the output by `--max-findings`.
    pub findings_omitted: usize,
    /// Words, density and where the findings are (`--stats`): more fields
    /// of the same object, after the ones above.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub stats: Option<RunStats>,
}

impl Summary {
    /// Counts a file's findings into the totals.
    pub fn add_file(&mut self, findings: &[Finding]) {
        self.files_checked += 1;
        if !findings.is_empty() {
            self.files_with_findings += 1;
        }
        for finding in findings {
            self.add_finding(finding.severity);
        }
    }

    pub fn add_finding(&mut self, severity: Severity) {
        self.findings += 1;
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Number of findings at or above `severity`.
    pub fn at_or_above(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.findings,
        }
    }

    /// The one-line summary printed on stderr after human output.
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "{} checked: {} ({} error, {} warning, {} info)",
            plural(self.files_checked, "file"),
            plural(self.findings, "finding"),
            self.errors,
            self.warnings,
            self.infos
        );
        if self.files_failed > 0 {
            line.push_str(&format!(
                ", {} could not be read",
                plural(self.files_failed, "file")
            ));
        }
        if self.findings_omitted > 0 {
            line.push_str(&format!(
                ", {} not shown (--max-findings)",
                self.findings_omitted
            ));
        }
        line
    }
}

/// An output format.
///
/// `render` runs on worker threads, one file at a time, into a buffer; the
/// caller writes `begin`, the non-empty buffers in input order (with
/// `separator` between them), then `finish`.
pub trait Reporter: Sync {
    /// Written before the first file.
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Renders the findings of one file.
    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()>;
    /// Renders like [`Reporter::render`], but may hand `out` to `flush`
    /// whenever it has grown past a chunk (`flush` writes and empties it), so
    /// that a file with hundreds of thousands of findings is written as it is
    /// rendered instead of being held in memory whole. What is left in `out`
    /// at the end is the caller's to write. The default renders everything
    /// into `out`.
    fn render_streaming(
        &self,
        file: &FileReport<'_>,
        out: &mut Vec<u8>,
        _flush: &mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<()> {
        self.render(file, out)
    }
    /// Written between two non-empty rendered files.
    fn separator(&self) -> &'static [u8] {
        b""
    }
    /// Written after the last file.
    fn finish(&self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Severity;
    use crate::entry_text::EntryText;
    use crate::lint::Rule;

    fn finding(text: &str, span: std::ops::Range<usize>) -> Finding {
        Finding::new(
            span.clone(),
            Rule::Jargon,
            Severity::Warning,
            &text[span],
            "",
            EntryText::default(),
        )
    }

    /// The walking cursor (which passes printable ASCII findings without
    /// looking at them again) agrees with the line index for findings in
    /// text order, overlapping, nested, empty, after a BOM, across CRLF,
    /// tabs, Chinese, emoji and Unicode line separators.
    #[test]
    fn positions_in_one_walk_agree_with_the_line_index() {
        let text = "\u{feff}ab IDC\r\n中文 API😀\tx\u{2028}KPI ERP\n\nend";
        let source = SourceText::new(text.to_string());
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut spans = Vec::new();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&end| end >= start) {
                spans.push(start..end);
            }
        }
        // All spans in text order, then every span followed by each later one.
        let findings: Vec<Finding> = spans.iter().map(|s| finding(text, s.clone())).collect();
        let walked: Vec<Position> = Position::each(&source, &findings).collect();
        for (f, pos) in findings.iter().zip(&walked) {
            assert_eq!(*pos, Position::of(&source, f), "{:?}", f.span);
        }
        for first in spans.iter().step_by(7) {
            for second in spans.iter().filter(|s| s.start >= first.start) {
                let pair = [finding(text, first.clone()), finding(text, second.clone())];
                let walked: Vec<Position> = Position::each(&source, &pair).collect();
                assert_eq!(
                    walked[1],
                    Position::of(&source, &pair[1]),
                    "{first:?} {second:?}"
                );
            }
        }
    }
}
