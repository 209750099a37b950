//! The bundled dictionaries test themselves: every entry's examples must
//! produce that entry's finding, suggestions must not be jargon, allow entries
//! must protect something, and plain business prose must produce nothing.

use dejargon::dictionary::check::check_entries;
use dejargon::dictionary::Kind;
use dejargon::{CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter};

fn bundled() -> Dictionary {
    Dictionary::builtin(&[Language::En, Language::Zh]).expect("bundled dictionaries load")
}

#[test]
fn every_bundled_entry_passes_dict_check() {
    let dictionary = bundled();
    let problems = check_entries(&dictionary, |_| true);
    let listing: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.is_empty(),
        "{} dictionary problems:\n{}",
        problems.len(),
        listing.join("\n")
    );
}

#[test]
fn bundled_dictionaries_are_big_enough() {
    let dictionary = bundled();
    let count = |language: Language| {
        dictionary
            .entries
            .iter()
            .enumerate()
            .filter(|(id, e)| e.kind != Kind::Allow && dictionary.language_of(*id) == language)
            .count()
    };
    assert!(
        count(Language::En) >= 1000,
        "English entries: {}",
        count(Language::En)
    );
    assert!(
        count(Language::Zh) >= 600,
        "Chinese entries: {}",
        count(Language::Zh)
    );
}

#[test]
fn plain_business_prose_produces_no_findings() {
    let linter = Linter::new(bundled(), CommonAcronyms::builtin(), LintOptions::default());
    let mut failures = Vec::new();
    let mut sentences = 0;
    let mut files: Vec<_> = std::fs::read_dir("tests/fixtures/plain")
        .expect("plain prose fixtures")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            sentences += 1;
            for finding in linter.lint(line, Format::Plain).findings {
                failures.push(format!(
                    "{}:{}: {:?} ({}) in: {line}",
                    path.display(),
                    n + 1,
                    finding.matched,
                    finding.rule.as_str()
                ));
            }
        }
    }
    assert!(sentences >= 100, "only {sentences} plain sentences");
    assert!(
        failures.is_empty(),
        "false positives:\n{}",
        failures.join("\n")
    );
}
