//! Dictionaries that test themselves: the checks behind `dejargon dict check`
//! and the self-test in `cargo test`.
//!
//! Loading already rejects malformed entries. These checks need the whole
//! linter: an example that does not trigger its entry (shadowed by a longer
//! term, broken by a boundary, wrong case), a suggestion that is itself jargon,
//! an allow entry that protects nothing, a suggestion too long to read.

use std::fmt;

use super::{locate, Dictionary, EntryId, Kind, Language, Step};
use crate::acronym::CommonAcronyms;
use crate::format::Format;
use crate::lint::{LintOptions, Linter, Rule};
use crate::source::LineIndex;

/// Longest suggestion, in characters, per language: a suggestion is a phrase
/// to write in a sentence, not a definition.
pub fn max_suggestion_chars(language: Language) -> usize {
    match language {
        Language::En => 60,
        Language::Zh => 20,
    }
}

/// A problem with one dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub term: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {:?}: {}",
            self.path, self.line, self.column, self.term, self.message
        )
    }
}

/// Checks the entries of `dictionary` for which `selected` is true, using a
/// linter over the whole dictionary.
pub fn check_entries(dictionary: &Dictionary, selected: impl Fn(EntryId) -> bool) -> Vec<Problem> {
    let linter = Linter::new(
        dictionary.clone(),
        CommonAcronyms::builtin(),
        LintOptions::default(),
    );
    let without_allow = {
        let mut d = dictionary.clone();
        d.retain(|e| e.kind != Kind::Allow);
        Linter::new(d, CommonAcronyms::builtin(), LintOptions::default())
    };
    let mut problems = Vec::new();
    for (id, entry) in dictionary.entries.iter().enumerate() {
        if !selected(id) {
            continue;
        }
        let source = &dictionary.sources[entry.source];
        let problem = |field: &str, index: Option<usize>, message: String| {
            let mut steps = vec![
                Step::Key("entries"),
                Step::Index(entry.index_in_file),
                Step::Key(field),
            ];
            if let Some(i) = index {
                steps.push(Step::Index(i));
            }
            let offset = locate(&source.text, &steps);
            let (line, column) = LineIndex::new(&source.text).line_column(&source.text, offset);
            Problem {
                path: source.path.clone(),
                line,
                column,
                term: entry.term.to_string(),
                message,
            }
        };

        if entry.kind == Kind::Allow {
            // An allow phrase protects something when, without allow entries,
            // a term would fire inside it or overlapping it: in the phrase
            // itself, or in its examples ("海参数" shields 参数量 in "海参数量").
            let protects = |text: &str| {
                let lowered = text.to_ascii_lowercase();
                let spans: Vec<std::ops::Range<usize>> = entry
                    .spellings()
                    .flat_map(|s| {
                        let s = s.to_ascii_lowercase();
                        lowered
                            .match_indices(&s)
                            .map(|(i, m)| i..i + m.len())
                            .collect::<Vec<_>>()
                    })
                    .collect();
                without_allow
                    .lint(text, Format::Plain)
                    .findings
                    .iter()
                    .filter(|f| f.rule == Rule::Jargon)
                    .any(|f| {
                        spans
                            .iter()
                            .any(|s| f.span.start < s.end && s.start < f.span.end)
                    })
            };
            let shadowed = protects(&entry.term) || entry.examples.iter().any(|e| protects(e));
            if !shadowed {
                problems.push(problem(
                    "term",
                    None,
                    "allow entry protects nothing: no term fires inside or across it, nor in its examples".into(),
                ));
            }
            for (i, example) in entry.examples.iter().enumerate() {
                let checked = linter.lint(example, Format::Plain);
                if let Some(f) = checked.findings.iter().find(|f| f.rule == Rule::Jargon) {
                    problems.push(problem(
                        "examples",
                        Some(i),
                        format!("example of an allow entry is flagged: {:?}", f.matched()),
                    ));
                }
            }
            continue;
        }

        if entry.examples.is_empty() {
            problems.push(problem("term", None, "entry has no examples".into()));
        }
        for (i, example) in entry.examples.iter().enumerate() {
            let checked = linter.lint(example, Format::Plain);
            if !checked.findings.iter().any(|f| f.entry() == Some(id)) {
                let got: Vec<&str> = checked
                    .findings
                    .iter()
                    .filter(|f| f.rule == Rule::Jargon)
                    .map(|f| f.term())
                    .collect();
                problems.push(problem(
                    "examples",
                    Some(i),
                    format!("example does not trigger this entry (found: {got:?})"),
                ));
            }
        }
        let limit = max_suggestion_chars(source.language);
        for (i, suggestion) in entry.suggestions.iter().enumerate() {
            let checked = linter.lint(suggestion, Format::Plain);
            if let Some(f) = checked.findings.first() {
                problems.push(problem(
                    "suggestions",
                    Some(i),
                    format!(
                        "suggestion is itself flagged: {:?} ({})",
                        f.matched(),
                        f.rule.as_str()
                    ),
                ));
            }
            if suggestion.chars().count() > limit {
                problems.push(problem(
                    "suggestions",
                    Some(i),
                    format!("suggestion is longer than {limit} characters"),
                ));
            }
        }
    }
    problems
}
