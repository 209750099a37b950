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
                    finding.matched(),
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

fn flagged(text: &str) -> Vec<String> {
    static LINTER: std::sync::LazyLock<Linter> = std::sync::LazyLock::new(|| {
        Linter::new(bundled(), CommonAcronyms::builtin(), LintOptions::default())
    });
    LINTER
        .lint(text, Format::Plain)
        .findings
        .into_iter()
        .map(|f| f.term().to_string())
        .collect()
}

#[test]
fn acronyms_that_collide_with_ordinary_words_follow_case_rules() {
    // IT and US are business-common; "it", "as", "is", "us" are words.
    assert!(flagged("It is what it is: IT supports us as the US team grows.").is_empty());
    assert!(flagged("As noted, AS and IS are not acronyms we flag.").is_empty());
    // SAP the vendor, sap the plant liquid.
    assert_eq!(flagged("We upgraded SAP last year."), vec!["SAP"]);
    assert!(flagged("Maple sap prices rose in spring, and the Sap Festival sold out.").is_empty());
    // MES the factory system, not "mes" in French names.
    assert_eq!(
        flagged("The MES now tracks every batch on the line."),
        vec!["MES"]
    );
    assert!(flagged("Les mes amis café opened a second store.").is_empty());
    // OA the Chinese office-automation system, case-sensitive.
    assert_eq!(flagged("公司的OA系统下月升级。").len(), 1);
    assert!(flagged("The oa in koala is not an acronym.").is_empty());
}

#[test]
fn ambiguous_words_in_their_ordinary_sense_are_not_flagged() {
    for sentence in [
        "Dark clouds gathered over the stadium before the final.",
        "Passengers waited on platform 4 for the delayed train.",
        "The party's platform promised lower taxes.",
        "A stack of invoices sat on the finance director's desk.",
        "Our sales pipeline grew by a third this quarter.",
        "The team stayed agile when the market turned.",
        "The architecture of the new headquarters won an award.",
        "The founder's legacy is a culture of thrift.",
        "The migration of geese marks the end of summer.",
        "He kept a python at the zoo and drank Java coffee.",
        "Ruby joined the board as an independent director.",
        "The server brought the bill after dinner.",
        "演出在露天平台举行，观众很多。",
        "公司调整了组织架构，新设两个事业部。",
        "双方在会上对接了下一步的合作意向。",
        "这款集成电路由合作伙伴生产。",
    ] {
        assert!(
            flagged(sentence).is_empty(),
            "{sentence}: {:?}",
            flagged(sentence)
        );
    }
}
