//! GitHub Actions workflow commands: one annotation per finding, shown on the
//! pull request's diff.
//! `::warning file=…,line=…,col=…,endColumn=…,title=…::message`

use std::io::{self, Write};

use super::{FileReport, Position, Reporter};
use crate::dictionary::Severity;

/// Escapes the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The GitHub Actions format.
#[derive(Debug, Default)]
pub struct Github;

impl Reporter for Github {
    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        let positions = Position::all(file.source, file.findings);
        for (finding, pos) in file.findings.iter().zip(positions) {
            let level = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = finding.message().to_string();
            if finding.entry().is_some() && !finding.suggestions().is_empty() {
                message.push_str(&format!(
                    ". Write instead: {}",
                    finding.suggestions().join("; ")
                ));
            }
            message.push_str(&format!("\n{}", finding.explanation()));
            let mut properties = format!(
                "file={},line={},col={}",
                escape_property(file.path),
                pos.line,
                pos.column
            );
            if pos.end_line == pos.line {
                properties.push_str(&format!(",endColumn={}", pos.end_column));
            } else {
                properties.push_str(&format!(",endLine={}", pos.end_line));
            }
            properties.push_str(&format!(
                ",title={}",
                escape_property(&format!(
                    "dejargon {}: {}",
                    finding.rule.as_str(),
                    finding.term()
                ))
            ));
            writeln!(out, "::{level} {properties}::{}", escape_data(&message))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
