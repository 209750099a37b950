//! `path:line:col: severity[rule] message (suggestions)`, one line a finding:
//! the format editors' quickfix lists and `grep`-style tools understand.

use std::io::{self, Write};

use super::{FileReport, Position, Reporter};

/// The compact one-line-per-finding format.
#[derive(Debug, Default)]
pub struct Compact;

impl Reporter for Compact {
    fn render(&self, file: &FileReport<'_>, out: &mut Vec<u8>) -> io::Result<()> {
        let positions = Position::all(file.source, file.findings);
        for (finding, pos) in file.findings.iter().zip(positions) {
            write!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path,
                pos.line,
                pos.column,
                finding.severity,
                finding.rule.as_str(),
                finding.message()
            )?;
            if !finding.suggestions().is_empty() && finding.entry().is_some() {
                write!(out, " ({})", finding.suggestions().join("; "))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}
