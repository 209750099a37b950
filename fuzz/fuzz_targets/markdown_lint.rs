//! Markdown: prose extraction and linting with the bundled dictionaries.
#![no_main]

use dejargon::format::markdown;
use dejargon::Format;
use dejargon_fuzz::{check_document, BUILTIN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let prose = markdown::extract(text);
    assert_eq!(prose.masked.len(), text.len());
    // Blanked bytes are spaces or kept line breaks; kept bytes are the source's.
    for (m, s) in prose.masked.bytes().zip(text.bytes()) {
        assert!(m == s || m == b' ' || (m == b'\n' && s == b'\n'));
    }
    check_document(&BUILTIN, text, Format::Markdown);
});
