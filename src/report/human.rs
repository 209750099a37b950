//! Reports for people: ariadne diagnostics with the source line, the term
//! underlined, the message, the explanation and the suggestions.
//!
//! ariadne gets the file once (without its byte-order mark, which is not a
//! column), and a finding on a huge line falls back to a short text form
//! instead of printing megabytes of context.

use std::io::{self, Write};

use ariadne::{CharSet, Color, Config, IndexType, Label, Report, ReportKind, Source};

use super::{FileReport, Position, Reporter};
use crate::dictionary::Severity;
use crate::lint::Finding;

/// Lines longer than this are not quoted in full.
const MAX_QUOTED_LINE: usize = 1000;

/// The human-readable format.
#[derive(Debug)]
pub struct Human {
    color: bool,
    ascii: bool,
}

impl Human {
    pub fn new(color: bool) -> Self {
        Human {
            color,
            ascii: false,
        }
    }

    /// Draw with ASCII characters only (for terminals without Unicode).
    pub fn ascii(mut self, ascii: bool) -> Self {
        self.ascii = ascii;
        self
    }

    fn kind(severity: Severity) -> ReportKind<'static> {
        match severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
            Severity::Info => ReportKind::Custom("Info", Color::Cyan),
        }
    }

    fn color(severity: Severity) -> Color {
        match severity {
            Severity::Error => Color::Red,
            Severity::Warning => Color::Yellow,
            Severity::Info => Color::Cyan,
        }
    }

    fn help(finding: &Finding) -> Option<String> {
        if finding.suggestions().is_empty() {
            return None;
        }
        if finding.entry().is_none() {
            return Some(finding.suggestions().join("; or "));
        }
        let quoted: Vec<String> = finding
            .suggestions()
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect();
        Some(format!("write instead: {}", quoted.join(", ")))
    }

    /// Where a finding is in a Word document, when the line and column need
    /// it: the heading it is under, and the part when it is not the body.
    fn place(file: &FileReport<'_>, finding: &Finding) -> Option<String> {
        let location = file.layout.location(finding.span.start)?;
        let mut place = String::new();
        if !location.in_body {
            place = format!("in {}, paragraph {}", location.part, location.paragraph);
        }
        if let Some(heading) = &location.heading {
            if !place.is_empty() {
                place.push_str(", ");
            }
            place.push_str(&format!("under heading \"{heading}\""));
        }
        (!place.is_empty()).then_some(place)
    }

    fn write_finding(
        &self,
        out: &mut dyn Write,
        file: &FileReport<'_>,
        snippet: &Source<&str>,
        finding: &Finding,
    ) -> io::Result<()> {
        let source = file.source;
        let bom = source.bom_len();
        let span = finding.span.start - bom..finding.span.end - bom;
        let id = file.path.to_string();
        let config = Config::default()
            .with_index_type(IndexType::Byte)
            .with_color(self.color)
            .with_char_set(if self.ascii {
                CharSet::Ascii
            } else {
                CharSet::Unicode
            });
        let mut report = Report::build(Self::kind(finding.severity), (id.clone(), span.clone()))
            .with_config(config)
            .with_code(finding.rule.as_str())
            .with_message(finding.message())
            .with_label(
                Label::new((id.clone(), span))
                    .with_message(finding.term())
                    .with_color(Self::color(finding.severity)),
            )
            .with_note(finding.explanation());
        if let Some(place) = Self::place(file, finding) {
            report = report.with_note(place);
        }
        if let Some(help) = Self::help(finding) {
            report = report.with_help(help);
        }
        report.finish().write((id, snippet), &mut *out)
    }

    /// The fallback for findings on very long lines.
    fn write_short(
        &self,
        out: &mut dyn Write,
        file: &FileReport<'_>,
        finding: &Finding,
        pos: &Position,
    ) -> io::Result<()> {
        writeln!(
            out,
            "[{}] {}: {}\n  --> {}:{}:{}\n  note: {}",
            finding.rule.as_str(),
            finding.severity,
            finding.message(),
            file.path,
            pos.line,
            pos.column,
            finding.explanation()
        )?;
        if let Some(place) = Self::place(file, finding) {
            writeln!(out, "  note: {place}")?;
        }
        if let Some(help) = Self::help(finding) {
            writeln!(out, "  help: {help}")?;
        }
        Ok(())
    }
}

impl Reporter for Human {
    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        if file.findings.is_empty() {
            return Ok(());
        }
        let source = file.source;
        // Findings on very long lines are not quoted. Whether a finding is
        // quoted, and where it is, cost constant time per finding, so that
        // many findings on one huge line stay linear; the quoting source is
        // built only when something is quoted.
        let quoted = |finding: &Finding| {
            let first = source.line_span(finding.span.start);
            let last = source.line_span(finding.span.end);
            last.end.max(first.end) - first.start <= MAX_QUOTED_LINE
        };
        let text = &source.as_str()[source.bom_len()..];
        let snippet = file.findings.iter().any(quoted).then(|| Source::from(text));
        let positions = Position::all(source, file.findings);
        for (finding, pos) in file.findings.iter().zip(&positions) {
            match &snippet {
                Some(snippet) if quoted(finding) => {
                    self.write_finding(out, file, snippet, finding)?
                }
                _ => self.write_short(out, file, finding, pos)?,
            }
        }
        Ok(())
    }
}
