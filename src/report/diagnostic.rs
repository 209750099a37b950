//! Errors in input files (dictionaries, configuration) rendered like findings:
//! file, line, column, the offending line with a caret, and what to do.

use std::io::{self, Write};

use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};

use crate::dictionary::LoadError;
use crate::source::LineIndex;

/// Lines longer than this are not quoted: the error is printed on one line.
const MAX_QUOTED_LINE: usize = 1000;

/// Writes a load error. With the file's text, as an ariadne report pointing at
/// the position; without it (unreadable file), as one line.
pub fn write_load_error(out: &mut dyn Write, error: &LoadError, color: bool) -> io::Result<()> {
    let long_line = error.text.as_ref().is_some_and(|text| {
        let line = LineIndex::new(text).line_span(text, error.offset);
        line.len() > MAX_QUOTED_LINE
    });
    let Some(text) = error.text.as_ref().filter(|_| !long_line) else {
        writeln!(out, "error: {error}")?;
        if let Some(help) = &error.help {
            writeln!(out, "  help: {help}")?;
        }
        return Ok(());
    };
    let id = error.path.clone();
    let mut end = (error.offset + 1).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let span = error.offset..end.max(error.offset);
    let mut report = Report::build(ReportKind::Error, (id.clone(), span.clone()))
        .with_config(
            Config::default()
                .with_index_type(IndexType::Byte)
                .with_color(color),
        )
        .with_message(format!("{}: {}", error.path, error.message))
        .with_label(
            Label::new((id.clone(), span))
                .with_message(&error.message)
                .with_color(Color::Red),
        );
    if let Some(help) = &error.help {
        report = report.with_help(help);
    }
    report
        .finish()
        .write((id, Source::from(text.as_ref())), &mut *out)
}
