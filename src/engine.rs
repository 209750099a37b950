//! Checking many files: in parallel, with output in a stable order.
//!
//! Files are checked in batches on a rayon pool; each worker reads, lints and
//! renders one file into a buffer, and the caller writes the buffers in input
//! order. Memory stays bounded by one batch of outputs (never by the number of
//! files or their size), and the output is byte-identical whatever the thread
//! timing.

use std::io;

use rayon::prelude::*;

use crate::document::{Document, DocumentError};
use crate::format::Format;
use crate::lint::{Checked, Linter};
use crate::walk::Input;

/// Files checked per batch before their output is written.
const BATCH: usize = 256;

/// What became of one input.
#[derive(Debug)]
pub struct FileOutcome<T> {
    /// The name shown to people.
    pub name: String,
    /// The caller's per-file result, or why the file was not checked.
    pub result: Result<T, DocumentError>,
}

/// Reads the bytes of an input.
pub type ReadInput<'a> = dyn Fn(&Input) -> io::Result<Vec<u8>> + Sync + 'a;

/// The name of an input as shown to people.
pub fn display_name(input: &Input) -> String {
    match input {
        Input::Stdin(name) => name.clone(),
        Input::File(path) => path.display().to_string(),
    }
}

/// Loads and lints one input.
pub fn check_one(
    linter: &Linter,
    input: &Input,
    read: &ReadInput<'_>,
) -> Result<(Document, Checked), DocumentError> {
    let name = display_name(input);
    let bytes = read(input).map_err(|err| {
        DocumentError::Failed(format!(
            "cannot read: {}",
            crate::walk::describe_io_error(&err)
        ))
    })?;
    let format = Format::from_path(std::path::Path::new(&name));
    let document = Document::from_bytes(&name, format, bytes)?;
    let checked = linter.lint(document.source.as_str(), document.format);
    Ok((document, checked))
}

/// Checks every input on `threads` threads (0: all cores). `per_file` turns a
/// checked document into the caller's result (rendered output, counts) on the
/// worker thread; `sink` receives the outcomes in input order.
pub fn check_inputs<T: Send>(
    linter: &Linter,
    inputs: &[Input],
    threads: usize,
    read: &ReadInput<'_>,
    per_file: &(dyn Fn(&Document, &Checked) -> T + Sync),
    sink: &mut dyn FnMut(FileOutcome<T>) -> io::Result<()>,
) -> io::Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    for batch in inputs.chunks(BATCH) {
        let outcomes: Vec<FileOutcome<T>> = pool.install(|| {
            batch
                .par_iter()
                .map(|input| FileOutcome {
                    name: display_name(input),
                    result: check_one(linter, input, read)
                        .map(|(doc, checked)| per_file(&doc, &checked)),
                })
                .collect()
        });
        for outcome in outcomes {
            sink(outcome)?;
        }
    }
    Ok(())
}
