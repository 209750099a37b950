//! HTML: visible-text extraction and linting with the bundled dictionaries.
#![no_main]

use dejargon::format::html;
use dejargon::Format;
use dejargon_fuzz::{check_document, BUILTIN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let prose = html::extract(text);
    assert_eq!(prose.masked.len(), text.len());
    for (m, s) in prose.masked.bytes().zip(text.bytes()) {
        assert!(m == s || m == b' ' || (m == b'\n' && s == b'\n'));
    }
    check_document(&BUILTIN, text, Format::Html);
});
