//! Checking many files: in parallel, with results in a stable order.
//!
//! Jobs run in batches on a rayon pool; the caller's sink receives each
//! result in job order. Memory stays bounded by one batch of results (never
//! by the number of files), and the output is byte-identical whatever the
//! thread timing.

use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::document::{Document, DocumentError};
use crate::format::Format;
use crate::walk::Input;

/// Jobs run per batch before their results go to the sink.
const BATCH: usize = 256;

/// The name of an input as shown to people.
pub fn display_name(input: &Input) -> String {
    match input {
        Input::Stdin(name) => name.clone(),
        Input::File(path) => path.display().to_string(),
    }
}

/// Reads the bytes of an input.
pub fn read_input(input: &Input) -> io::Result<Vec<u8>> {
    match input {
        Input::Stdin(_) => {
            let mut bytes = Vec::new();
            io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)?;
            Ok(bytes)
        }
        Input::File(path) => std::fs::read(path),
    }
}

/// Reads and decodes one input into a document.
pub fn load_document(input: &Input) -> Result<Document, DocumentError> {
    let name = display_name(input);
    if let Input::File(path) = input {
        // FIFOs, sockets and devices could block forever or never end.
        if let Ok(meta) = std::fs::metadata(path) {
            if !meta.is_file() {
                return Err(DocumentError::Skipped("not a regular file, skipped".into()));
            }
        }
    }
    let bytes = read_input(input).map_err(|err| {
        DocumentError::Failed(format!(
            "cannot read: {}",
            crate::walk::describe_io_error(&err)
        ))
    })?;
    let format = Format::from_path(Path::new(&name));
    Document::from_bytes(&name, format, bytes)
}

/// Runs `work` on every job on `threads` threads (0: one per core) and hands
/// the results to `sink` in job order.
pub fn for_each_ordered<J: Sync, T: Send>(
    jobs: &[J],
    threads: usize,
    work: &(dyn Fn(&J) -> T + Sync),
    sink: &mut dyn FnMut(&J, T) -> io::Result<()>,
) -> io::Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(io::Error::other)?;
    for batch in jobs.chunks(BATCH) {
        let results: Vec<T> = pool.install(|| batch.par_iter().map(work).collect());
        for (job, result) in batch.iter().zip(results) {
            sink(job, result)?;
        }
    }
    Ok(())
}
