//! Fixing with a small dictionary full of safe fixes: edits stay in prose,
//! bytes outside them never change, a second run changes nothing.
#![no_main]

use dejargon_fuzz::{check_document, format_from, MINI};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // check_document applies the fixes and checks them (see check_fix).
    check_document(&MINI, text, format_from(first));
});
