//! Plain text from raw bytes: decoding (BOM, invalid UTF-8, binary) and
//! linting with the bundled dictionaries.
#![no_main]

use dejargon::document::{Document, DocumentError};
use dejargon::source::{DecodeError, SourceText};
use dejargon::Format;
use dejargon_fuzz::{check_document, independent_line_column, BUILTIN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match SourceText::from_bytes(data.to_vec()) {
        Err(DecodeError::InvalidUtf8 { byte, line, column }) => {
            let prefix = std::str::from_utf8(&data[..byte]).expect("valid prefix");
            assert_eq!((line, column), independent_line_column(prefix, byte));
        }
        Err(DecodeError::Binary) => assert!(data.contains(&0)),
        Ok(_) => {}
    }
    match Document::from_bytes("fuzz.txt", Format::Plain, data.to_vec()) {
        Ok(doc) => {
            check_document(&BUILTIN, doc.source.as_str(), Format::Plain);
        }
        Err(DocumentError::Skipped(_) | DocumentError::Failed(_)) => {}
    }
});
