//! The baseline loader: any text loads or gives an error naming the file.
#![no_main]

use std::path::Path;

use dejargon::baseline::Baseline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(message) = Baseline::parse(Path::new("base.json"), text) {
        assert!(message.starts_with("base.json"), "{message}");
    }
});
