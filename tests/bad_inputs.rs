//! Broken dictionary and configuration files: truncated, wrong types,
//! duplicate keys, 10 MB strings, deeply nested arrays. Each gives a clear
//! error that names the file and the position, in bounded time and with a
//! bounded message, and never a panic or a stack overflow.

use std::path::Path;
use std::time::{Duration, Instant};

use dejargon::config::LoadedConfig;
use dejargon::report::diagnostic::write_load_error;
use dejargon::{Dictionary, LoadError};

const MINI_EN: &str = include_str!("fixtures/dict/mini-en.json");
const TEN_MB: usize = 10 * 1024 * 1024;

fn load_dictionary(text: &str) -> Result<Dictionary, LoadError> {
    let mut d = Dictionary::new();
    d.add_json("bad.json", text).map(|()| d)
}

fn load_config(text: &str) -> Result<LoadedConfig, LoadError> {
    LoadedConfig::parse(Path::new("dejargon.toml"), text)
}

/// Renders the error as the CLI does; the output must be short whatever the
/// input, and name the file.
fn rendered(err: &LoadError) -> String {
    let mut out = Vec::new();
    write_load_error(&mut out, err, false).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.len() < 4000,
        "error output is {} bytes: {}",
        text.len(),
        &text[..500]
    );
    assert!(text.contains(&err.path), "{text}");
    text
}

/// The error points inside the text, on a character boundary.
fn assert_position(err: &LoadError, text: &str) {
    assert!(err.offset <= text.len(), "{err}");
    assert!(text.is_char_boundary(err.offset), "{err}");
    assert!(err.line >= 1 && err.column >= 1, "{err}");
}

/// Runs `f`, which must finish within `limit`.
fn timed<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
    value
}

// ----- dictionaries -----

#[test]
fn every_truncation_of_a_dictionary_is_a_positioned_error() {
    // Up to the closing brace: without only the final newline, it is complete.
    for cut in 0..MINI_EN.trim_end().len() {
        if !MINI_EN.is_char_boundary(cut) {
            continue;
        }
        let text = &MINI_EN[..cut];
        let err = load_dictionary(text).expect_err("a truncated file must not load");
        assert_position(&err, text);
        assert_eq!(
            err.help.as_deref(),
            Some("see dictionaries/README.md for the format")
        );
        if cut > 0 {
            rendered(&err);
        }
    }
}

#[test]
fn wrong_types_name_the_line_and_expected_type() {
    let cases = [
        ("\"term\": \"IDC\"", "\"term\": 7", "expected a string"),
        (
            "\"kind\": \"acronym\"",
            "\"kind\": [\"acronym\"]",
            "expected",
        ),
        (
            "\"severity\": \"error\"",
            "\"severity\": null",
            "needs non-empty severity",
        ),
        (
            "\"known_to\": \"technical\"",
            "\"known_to\": {}",
            "expected",
        ),
        (
            "\"examples\": [\n        \"We moved",
            "\"examples\": [\n        3, \"We moved",
            "expected a string",
        ),
        ("\"name\": \"mini\"", "\"name\": true", "expected a string"),
        (
            "\"language\": \"en\"",
            "\"language\": \"fr\"",
            "unknown variant `fr`",
        ),
    ];
    for (from, to, expected) in cases {
        let text = MINI_EN.replacen(from, to, 1);
        assert_ne!(text, MINI_EN, "{from}");
        let err = load_dictionary(&text).unwrap_err();
        assert_position(&err, &text);
        let line = text[..text.find(to).unwrap()].lines().count();
        assert!(
            err.line == line || err.line == line + 1,
            "{to}: line {} not near {line}: {err}",
            err.line
        );
        assert!(err.message.contains(expected), "{to}: {err}");
        assert!(rendered(&err).contains("Help: see dictionaries/README.md"));
    }
}

#[test]
fn duplicate_keys_are_errors_not_silently_overwritten() {
    // serde_json keeps the last of two equal keys in a map; dictionary fields
    // are struct fields, which serde rejects when repeated. A curator who
    // writes "severity" twice has a bug either way.
    let text = MINI_EN.replacen(
        "\"severity\": \"error\",",
        "\"severity\": \"error\",\n      \"severity\": \"info\",",
        1,
    );
    let err = load_dictionary(&text).unwrap_err();
    assert!(err.message.contains("duplicate field `severity`"), "{err}");
    let at = text.find("\"severity\": \"info\"").unwrap();
    assert_eq!(err.line, text[..at].lines().count(), "{err}");
    rendered(&err);

    let text = MINI_EN.replacen(
        "\"name\": \"mini\",",
        "\"name\": \"mini\", \"name\": \"b\",",
        1,
    );
    let err = load_dictionary(&text).unwrap_err();
    assert!(err.message.contains("duplicate field `name`"), "{err}");

    // The same term twice is a duplicate too, with both places named.
    let text = MINI_EN.replacen("\"term\": \"CRM\"", "\"term\": \"IDC\"", 1);
    let err = load_dictionary(&text).unwrap_err();
    assert!(err.message.contains("duplicate term \"IDC\""), "{err}");
}

#[test]
fn ten_megabyte_strings_are_bounded() {
    let huge = "x".repeat(TEN_MB);
    // A 10 MB explanation is odd but harmless: it loads.
    let text = MINI_EN.replacen(
        "\"The building where our computers run.\"",
        &format!("\"{huge}\""),
        1,
    );
    timed(Duration::from_secs(30), || load_dictionary(&text)).unwrap();

    // A 10 MB term is not a term: an error, with a short message.
    let text = MINI_EN.replacen("\"term\": \"IDC\"", &format!("\"term\": \"{huge}\""), 1);
    let err = timed(Duration::from_secs(30), || load_dictionary(&text)).unwrap_err();
    assert!(
        err.message
            .contains("characters long; a term is a word or phrase of at most 100"),
        "{}",
        &err.message[..err.message.len().min(300)]
    );
    assert!(err.message.len() < 400);
    rendered(&err);

    // A 10 MB alias, and a 10 MB unknown field name on one very long line.
    let text = MINI_EN.replacen(
        "\"enterprise resource planning\"\n",
        &format!("\"{huge}\"\n"),
        1,
    );
    let err = load_dictionary(&text).unwrap_err();
    assert!(err.message.contains("alias"), "{}", &err.message[..200]);
    rendered(&err);
    let text = format!("{{\"{huge}\": 1}}");
    let err = timed(Duration::from_secs(30), || load_dictionary(&text)).unwrap_err();
    assert!(err.message.len() < 400, "{} bytes", err.message.len());
    assert!(rendered(&err).starts_with("error: bad.json:1:"));
}

#[test]
fn deeply_nested_arrays_are_errors_not_stack_overflows() {
    for depth in [200, 10_000, 1_000_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        // Where a string list is expected: a type error at the second bracket.
        let text = MINI_EN.replacen("\"examples\": [", &format!("\"examples\": [{nested},"), 1);
        let err = timed(Duration::from_secs(30), || load_dictionary(&text)).unwrap_err();
        assert!(err.message.contains("expected a string"), "{err}");
        rendered(&err);
        // As the whole file: serde_json's recursion limit, an error.
        let err = timed(Duration::from_secs(30), || load_dictionary(&nested)).unwrap_err();
        assert!(err.message.contains("invalid type: sequence"), "{err}");
        let nested_values = format!("{{\"name\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
        let err = load_dictionary(&nested_values).unwrap_err();
        assert!(
            err.message.contains("recursion limit exceeded")
                || err.message.contains("expected a string"),
            "{err}"
        );
        rendered(&err);
    }
}

#[test]
fn a_dictionary_file_that_is_not_a_dictionary_is_an_error() {
    for text in [
        "",
        "\u{feff}",
        "null",
        "[]",
        "\"x\"",
        "{}",
        "{\"name\": \"x\"}",
        "\0\0",
    ] {
        let err = load_dictionary(text).unwrap_err();
        assert_position(&err, text);
    }
}

// ----- configuration -----

const CONFIG: &str = r#"dictionaries = ["terms.json"]
builtin = ["en", "cloud"]
audience = "business"
allow = ["API", "SLA"]
fail-on = "error"
exclude = ["vendor/**"]

[severity]
rules = { undefined-acronym = "info" }
terms = { IDC = "off" }

[[per-path]]
paths = ["reports/**"]
fail-on = "info"
"#;

#[test]
fn every_truncation_of_a_config_loads_or_is_a_positioned_error() {
    for cut in 0..CONFIG.len() {
        let text = &CONFIG[..cut];
        if let Err(err) = load_config(text) {
            assert_position(&err, text);
            assert!(err.to_string().starts_with("dejargon.toml:"), "{err}");
            assert!(err.help.is_some(), "{err}");
            rendered(&err);
        }
    }
}

#[test]
fn config_wrong_types_and_duplicate_keys_name_the_line() {
    for (text, line, expected) in [
        ("audience = 3\n", 1, "wanted string"),
        ("\n\nallow = \"API\"\n", 3, "invalid type"),
        (
            "fail-on = \"sometimes\"\n",
            1,
            "unknown variant `sometimes`",
        ),
        (
            "[severity]\nterms = { IDC = \"loud\" }\n",
            2,
            "unknown variant `loud`",
        ),
        ("builtin = 1\n", 1, "did not match any variant"),
        (
            "audience = \"business\"\naudience = \"technical\"\n",
            2,
            "duplicate key",
        ),
        ("[severity]\n[severity]\n", 2, "duplicate key"),
        ("exclude = [\"[z-a]\"]\n", 1, "invalid glob"),
    ] {
        let err = load_config(text).unwrap_err();
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.message.contains(expected), "{text:?}: {err}");
        assert!(err.help.is_some(), "{text:?}: no help");
        rendered(&err);
    }
}

#[test]
fn config_ten_megabyte_strings_and_deep_nesting_are_bounded() {
    let huge = "x".repeat(TEN_MB);
    // A long allowed term is harmless.
    timed(Duration::from_secs(30), || {
        load_config(&format!("allow = [\"{huge}\"]\n"))
    })
    .unwrap();
    // A long unknown key on one line: a short error.
    let err = timed(Duration::from_secs(30), || {
        load_config(&format!("{huge} = 1\n"))
    })
    .unwrap_err();
    assert!(err.message.len() < 400, "{} bytes", err.message.len());
    rendered(&err);
    for depth in [100, 10_000, 1_000_000] {
        for text in [
            format!("allow = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
            format!("allow = {}1{}\n", "{a = ".repeat(depth), "}".repeat(depth)),
            format!("[{}]\n", vec!["a"; depth].join(".")),
            format!(
                "[[extra]]\nentries = {}{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ] {
            let err = timed(Duration::from_secs(30), || load_config(&text)).unwrap_err();
            assert!(err.message.len() < 400);
            rendered(&err);
        }
    }
}

#[test]
fn inline_dictionaries_in_a_config_are_checked_like_files() {
    use dejargon::profile::{CliSettings, Profile};
    let text = "[[extra]]\nname = \"x\"\nlanguage = \"en\"\ndescription = \"\"\n[[extra.entries]]\nterm = \"IDC\"\nkind = \"acronym\"\nseverity = \"error\"\nseverity2 = 1\n";
    let loaded = load_config(text).unwrap();
    let cli = CliSettings {
        no_builtin: true,
        ..CliSettings::default()
    };
    let err = Profile::build(loaded, &cli).unwrap_err();
    assert_eq!(err.path, "dejargon.toml: extra[0]");
    assert!(err.message.contains("unknown field `severity2`"), "{err}");
    rendered(&err);
}
