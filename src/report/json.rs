//! One JSON object for the whole run: `{"version":1,"findings":[…],"summary":{…}}`.
//! The schema is documented in the README; tests decode it with their own types.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Position, Reporter, Summary};
use crate::dictionary::Severity;
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
                }
            })
            .collect()
    }
}

/// Collects findings and writes them as one object at the end.
#[derive(Debug, Default)]
pub struct Json {
    findings: Vec<JsonFinding>,
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: &'a [JsonFinding],
    summary: &'a Summary,
}

impl Reporter for Json {
    fn file(&mut self, _out: &mut dyn Write, file: &FileReport<'_>) -> io::Result<()> {
        self.findings.extend(JsonFinding::from_report(file));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let output = Output {
            version: JSON_VERSION,
            findings: &self.findings,
            summary,
        };
        serde_json::to_writer_pretty(&mut *out, &output)?;
        writeln!(out)
    }
}
