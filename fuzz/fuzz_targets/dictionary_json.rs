//! The dictionary loader: any text either loads or gives an error whose
//! position is inside the file, and a loaded dictionary builds a linter.
#![no_main]

use dejargon::dictionary::check::check_entries;
use dejargon::report::diagnostic::write_load_error;
use dejargon::{CommonAcronyms, Dictionary, Format, LintOptions, Linter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut dictionary = Dictionary::new();
    match dictionary.add_json("fuzz.json", text) {
        Err(err) => {
            assert!(err.offset <= text.len());
            assert!(text.is_char_boundary(err.offset));
            assert!(err.line >= 1 && err.column >= 1);
            assert!(err.to_string().starts_with("fuzz.json:"));
            let mut out = Vec::new();
            write_load_error(&mut out, &err, false).unwrap();
            assert!(!out.is_empty());
        }
        Ok(()) => {
            let linter = Linter::new(
                dictionary.clone(),
                CommonAcronyms::builtin(),
                LintOptions::default(),
            );
            for entry in dictionary.entries.iter().take(8) {
                for example in entry.examples.iter().take(2) {
                    linter.lint(example, Format::Markdown);
                }
            }
            if dictionary.entries.len() <= 8 {
                let _ = check_entries(&dictionary, |_| true);
            }
        }
    }
});
