//! SARIF 2.1.0, the format code-scanning services ingest. One run, the rules
//! as tool metadata, one result per finding, fixes where a safe replacement
//! exists. Columns are Unicode code points (`columnKind`), like everywhere else.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{FileReport, Position, Reporter, Summary};
use crate::dictionary::Severity;
use crate::lint::Rule;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule_metadata(rule: Rule) -> Value {
    let (name, short, full, default) = match rule {
        Rule::Jargon => (
            "Jargon",
            "Technical term or acronym a non-technical reader would not understand",
            "A term from a dejargon dictionary that the configured audience is not expected to know. The result's message says what it means and what to write instead.",
            "warning",
        ),
        Rule::UndefinedAcronym => (
            "UndefinedAcronym",
            "Acronym that the document does not explain",
            "An acronym that no dictionary knows and that the document does not define at or before its first use, for example as \"Full Name (ACR)\".",
            "warning",
        ),
        Rule::UnusedSuppression => (
            "UnusedSuppression",
            "Suppression comment that suppresses nothing",
            "A dejargon-disable comment that no finding needed; remove it.",
            "note",
        ),
    };
    json!({
        "id": rule.as_str(),
        "name": name,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "defaultConfiguration": { "level": default },
    })
}

/// Percent-encodes a path into a relative URI reference.
pub fn path_to_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri
}

/// The SARIF format.
#[derive(Debug, Default)]
pub struct Sarif;

impl Reporter for Sarif {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        let driver = json!({
            "name": "dejargon",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/dejargon",
            "rules": Rule::ALL.iter().map(|r| rule_metadata(*r)).collect::<Vec<_>>(),
        });
        let driver = serde_json::to_string(&driver)?;
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"columnKind\":\"unicodeCodePoints\",\"results\":["
        )
    }

    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        let uri = path_to_uri(file.path);
        let positions = Position::all(file.source, file.findings);
        for (n, (finding, pos)) in file.findings.iter().zip(positions).enumerate() {
            let region = json!({
                "startLine": pos.line,
                "startColumn": pos.column,
                "endLine": pos.end_line,
                "endColumn": pos.end_column,
                "byteOffset": finding.span.start,
                "byteLength": finding.span.len(),
            });
            let mut message = finding.message().to_string();
            if finding.entry().is_some() && !finding.suggestions().is_empty() {
                message.push_str(&format!(
                    ". Write instead: {}.",
                    finding.suggestions().join("; ")
                ));
            }
            message.push_str(&format!(" {}", finding.explanation()));
            let rule_index = Rule::ALL
                .iter()
                .position(|r| *r == finding.rule)
                .unwrap_or(0);
            let mut result = json!({
                "ruleId": finding.rule.as_str(),
                "ruleIndex": rule_index,
                "level": level(finding.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region,
                    }
                }],
                "properties": {
                    "term": finding.term(),
                    "category": finding.category(),
                    "suggestions": finding.suggestions(),
                },
            });
            if let Some(fix) = finding.fix() {
                result["fixes"] = json!([{
                    "description": { "text": format!("Replace \"{}\" with \"{fix}\"", finding.matched()) },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri },
                        "replacements": [{
                            "deletedRegion": {
                                "startLine": pos.line,
                                "startColumn": pos.column,
                                "endLine": pos.end_line,
                                "endColumn": pos.end_column,
                            },
                            "insertedContent": { "text": fix },
                        }],
                    }],
                }]);
            }
            if n > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut *out, &result)?;
        }
        Ok(())
    }

    fn separator(&self) -> &'static [u8] {
        b","
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        // `--stats`: the run's statistics as a property bag of the run.
        if let Some(stats) = &summary.stats {
            let stats = serde_json::to_string(stats)?;
            return writeln!(out, "],\"properties\":{{\"dejargonStats\":{stats}}}}}]}}");
        }
        writeln!(out, "]}}]}}")
    }
}
