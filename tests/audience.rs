//! `--audience` flags only what that reader would not understand: the same
//! text checked for each level.

use dejargon::{Audience, CommonAcronyms, Dictionary, Format, Language, LintOptions, Linter};

fn terms(dictionary: Dictionary, audience: Audience, text: &str) -> Vec<String> {
    let options = LintOptions {
        audience,
        undefined_acronyms: false,
        ..LintOptions::default()
    };
    Linter::new(dictionary, CommonAcronyms::builtin(), options)
        .lint(text, Format::Plain)
        .findings
        .into_iter()
        .map(|f| f.term().to_string())
        .collect()
}

fn mini() -> Dictionary {
    let mut d = Dictionary::new();
    d.add_json("mini-en.json", include_str!("fixtures/dict/mini-en.json"))
        .unwrap();
    d
}

#[test]
fn each_audience_level_on_the_same_text() {
    // CRM is known to business staff, ERP to technical staff, "synergize" to nobody.
    let text = "The CRM and the ERP will synergize.";
    assert_eq!(
        terms(mini(), Audience::Executive, text),
        vec!["CRM", "ERP", "synergize"]
    );
    assert_eq!(
        terms(mini(), Audience::Business, text),
        vec!["ERP", "synergize"]
    );
    assert_eq!(terms(mini(), Audience::Technical, text), vec!["synergize"]);
}

#[test]
fn bundled_entries_narrow_with_the_audience() {
    let bundled = || Dictionary::builtin(&[Language::En, Language::Zh]).unwrap();
    let text =
        "We will move the ERP to a Kubernetes cluster and leverage synergies in a paradigm shift.";
    let executive = terms(bundled(), Audience::Executive, text);
    let business = terms(bundled(), Audience::Business, text);
    let technical = terms(bundled(), Audience::Technical, text);
    assert!(
        executive.len() > business.len(),
        "{executive:?} vs {business:?}"
    );
    assert!(
        business.len() >= technical.len(),
        "{business:?} vs {technical:?}"
    );
    assert!(technical.iter().all(|t| executive.contains(t)));
    assert!(
        !technical.iter().any(|t| t.starts_with("Kubernetes")),
        "{technical:?}"
    );
    assert!(
        executive.iter().any(|t| t.starts_with("Kubernetes")),
        "{executive:?}"
    );
    assert!(
        business.iter().any(|t| t.starts_with("Kubernetes")),
        "{business:?}"
    );
    assert!(!business.iter().any(|t| t == "ERP"), "{business:?}");
}
