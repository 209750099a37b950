//! Word documents from raw bytes: the zip reader, the XML reader, linting,
//! the reports and annotating. Untrusted bytes must give a one-line error or
//! a document, never a panic, a hang or unbounded memory.
#![no_main]

use dejargon::document::{Document, DocumentError};
use dejargon::docx::Limits;
use dejargon_fuzz::{check_docx, MINI};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Document::from_docx("fuzz.docx", data, &Limits::default()) {
        Ok(doc) => check_docx(&MINI, data, &doc),
        Err(DocumentError::Failed(message) | DocumentError::Skipped(message)) => {
            assert!(
                !message.is_empty() && !message.contains('\n'),
                "{message:?}"
            );
        }
    }
});
