//! One JSON object for the whole run: `{"version":1,"findings":[…],"summary":{…}}`.
//! The schema is documented in the README; tests decode it with their own types.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Position, Reporter, Summary};
use crate::dictionary::Severity;
use crate::docx::DocxLocation;
use crate::lint::Rule;

/// Version of the JSON output; bumped on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// One finding as it appears in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonFinding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: Rule,
    pub term: String,
    pub matched: String,
    pub severity: Severity,
    pub message: String,
    pub explanation: String,
    pub suggestions: Vec<String>,
    pub category: String,
    pub dictionary: Option<String>,
    pub fix: Option<String>,
    /// For Word documents: the part, the paragraph within it and the nearest
    /// heading. Absent for text formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<DocxLocation>,
}

impl JsonFinding {
    pub fn from_report(file: &FileReport<'_>) -> Vec<JsonFinding> {
        file.findings
            .iter()
            .map(|f| {
                let pos = Position::of(file.source, f);
                JsonFinding {
                    path: file.path.to_string(),
                    line: pos.line,
                    column: pos.column,
                    end_line: pos.end_line,
                    end_column: pos.end_column,
                    byte_start: f.span.start,
                    byte_end: f.span.end,
                    rule: f.rule,
                    term: f.term.clone(),
                    matched: f.matched.clone(),
                    severity: f.severity,
                    message: f.message.clone(),
                    explanation: f.explanation.clone(),
                    suggestions: f.suggestions.clone(),
                    category: f.category.clone(),
                    dictionary: f.dictionary.clone(),
                    fix: f.fix.clone(),
                    location: file.layout.location(f.span.start),
                }
            })
            .collect()
    }
}

/// Writes `{"version":1,"findings":[…],"summary":{…}}`, streaming the findings.
#[derive(Debug, Default)]
pub struct Json;

/// Pretty-prints `value` with every line indented by `indent` spaces.
fn write_indented(out: &mut Vec<u8>, value: &impl Serialize, indent: usize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    // JSON strings escape newlines, so every line break here is structural.
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push(b'\n');
        }
        out.extend(std::iter::repeat_n(b' ', indent));
        out.extend_from_slice(line.as_bytes());
    }
    Ok(())
}

impl Reporter for Json {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\n  \"version\": {JSON_VERSION},\n  \"findings\": [")
    }

    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        for (n, finding) in JsonFinding::from_report(file).iter().enumerate() {
            out.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
            write_indented(out, finding, 4)?;
        }
        Ok(())
    }

    fn separator(&self) -> &'static [u8] {
        b","
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let mut tail = Vec::new();
        write_indented(&mut tail, summary, 2)?;
        let summary = String::from_utf8_lossy(&tail);
        write!(out, "\n  ],\n  \"summary\": {}\n}}\n", summary.trim_start())
    }
}
