//! The configuration loader: any text either loads or gives an error whose
//! position is inside the file; a loaded configuration (with its inline
//! dictionaries) builds a profile and prints back as TOML.
#![no_main]

use std::path::Path;

use dejargon::config::LoadedConfig;
use dejargon::profile::{CliSettings, Profile};
use dejargon::report::diagnostic::write_load_error;
use dejargon::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("repo/dejargon.toml");
    let check_error = |err: &dejargon::LoadError| {
        if let Some(shown) = &err.text {
            assert!(err.offset <= shown.len());
            assert!(shown.is_char_boundary(err.offset));
            assert!(err.line >= 1 && err.column >= 1);
        }
        assert!(err.to_string().starts_with("repo/dejargon.toml"));
        let mut out = Vec::new();
        write_load_error(&mut out, err, false).unwrap();
    };
    match LoadedConfig::parse(path, text) {
        Err(err) => check_error(&err),
        Ok(mut loaded) => {
            // Dictionary files would be read from disk; the loader of their
            // contents has a target of its own.
            loaded.config.dictionaries.clear();
            let _ = toml::to_string_pretty(&loaded.config);
            let cli = CliSettings {
                no_builtin: true,
                ..CliSettings::default()
            };
            let _ = loaded.is_excluded(Path::new("repo/docs/a.md"));
            match Profile::build(loaded, &cli) {
                Err(err) => {
                    let mut out = Vec::new();
                    write_load_error(&mut out, &err, false).unwrap();
                }
                Ok(profile) => {
                    let settings = profile.settings_for(Path::new("repo/docs/a.md"), &cli);
                    profile.linter.lint_with(
                        "The IDC and the ERP (enterprise resource planning) synergize.",
                        Format::Markdown,
                        &settings.options,
                    );
                }
            }
        }
    }
});
