//! Inline suppression: silencing a finding exactly where a term is deliberate.
//!
//! Markdown and HTML use comments, plain text uses lines of their own:
//!
//! ```text
//! <!-- dejargon-disable -->            dejargon: disable
//! <!-- dejargon-enable -->             dejargon: enable
//! <!-- dejargon-disable-next-line -->  dejargon: disable-next-line
//! <!-- dejargon-disable-next-line API, undefined-acronym -->
//! ```
//!
//! Each may name terms or rules; without names it covers everything. A
//! suppression that suppresses nothing is itself reported (`unused-suppression`,
//! at `info`), so stale comments do not pile up.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::dictionary::Severity;
use crate::entry_text::EntryText;
use crate::format::Comment;
use crate::lint::{Finding, Rule};
use crate::match_text::Wording;
use crate::source::LineIndex;

const PREFIX: &str = "dejargon-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Disable,
    Enable,
    DisableNextLine,
}

/// A parsed suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    action: Action,
    /// Terms or rule names; empty means everything.
    targets: Vec<String>,
    comment: Range<usize>,
}

/// Parses a comment body such as `dejargon-disable-next-line API, jargon`.
/// Returns `None` for comments that are not dejargon directives.
fn parse(comment: &Comment) -> Option<Directive> {
    let rest = comment.body.strip_prefix(PREFIX)?;
    let (word, targets) = match rest.find(char::is_whitespace) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let action = match word {
        "disable" => Action::Disable,
        "enable" => Action::Enable,
        "disable-next-line" => Action::DisableNextLine,
        _ => return None,
    };
    let targets = targets
        .split([',', '，'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        action,
        targets,
        comment: comment.span.clone(),
    })
}

fn covers(targets: &[String], finding: &Finding) -> bool {
    targets.is_empty()
        || targets.iter().any(|t| {
            t == finding.rule.as_str()
                || t.eq_ignore_ascii_case(finding.term())
                || t.eq_ignore_ascii_case(finding.matched())
        })
}

/// A region where some findings are suppressed.
struct Scope {
    directive: usize,
    range: Range<usize>,
}

/// Removes suppressed findings and adds an `unused-suppression` finding for
/// each directive that suppressed nothing. `text` is the document's text.
pub fn apply(text: &str, comments: &[Comment], findings: &mut Vec<Finding>) {
    let directives: Vec<Directive> = comments.iter().filter_map(parse).collect();
    if directives.is_empty() {
        return;
    }
    let scopes = scopes_of(text, &directives);
    let mut used = vec![false; directives.len()];
    let suppressed_by = suppressing_scopes(findings, &scopes, &directives);
    let mut suppressed = suppressed_by.iter();
    findings.retain(|_| match suppressed.next() {
        Some(Some(scope)) => {
            used[scopes[*scope].directive] = true;
            false
        }
        _ => true,
    });
    for (i, d) in directives.iter().enumerate() {
        if d.action == Action::Enable || used[i] {
            continue;
        }
        // The comment is both the term and the matched text: one allocation.
        let comment: Arc<str> = Arc::from(&text[d.comment.clone()]);
        let about = Arc::new(EntryText {
            term: comment.clone(),
            explanation: Arc::from(
                "Nothing it names is found where it applies; the term was probably reworded.",
            ),
            suggestions: Arc::new(["remove the comment".to_string()]),
            category: Arc::from("suppression"),
            dictionary: None,
            fix: None,
        });
        findings.push(Finding {
            span: d.comment.clone(),
            rule: Rule::UnusedSuppression,
            severity: Severity::Info,
            fix_applies: false,
            wording: Arc::new(Wording {
                matched: comment,
                message: "this suppression comment suppresses nothing".into(),
                about,
                entry: None,
            }),
        });
    }
    findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
}

/// The regions the directives cover, each tagged with its directive: a
/// `disable` up to the `enable` that closes it (or the end of the text), a
/// `disable-next-line` over the next line.
fn scopes_of(text: &str, directives: &[Directive]) -> Vec<Scope> {
    let lines = LineIndex::new(text);
    let mut scopes: Vec<Scope> = Vec::new();
    // Open `disable` directives by what they name: an `enable` closes those
    // that name exactly what it names, or all of them if it names nothing.
    // (Looking through every open one per `enable` was quadratic in a
    // document that disables many terms before enabling them again.)
    let mut open: HashMap<&[String], Vec<usize>> = HashMap::default();
    for (i, d) in directives.iter().enumerate() {
        match d.action {
            Action::Disable => open.entry(&d.targets).or_default().push(i),
            Action::Enable => {
                let mut closed: Vec<usize> = if d.targets.is_empty() {
                    open.drain().flat_map(|(_, list)| list).collect()
                } else {
                    open.remove(d.targets.as_slice()).unwrap_or_default()
                };
                // In the order they were opened, as scopes always were.
                closed.sort_unstable();
                scopes.extend(closed.into_iter().map(|o| Scope {
                    directive: o,
                    range: directives[o].comment.end..d.comment.start,
                }));
            }
            Action::DisableNextLine => {
                let next = lines.line_of(d.comment.end) + 1;
                if next < lines.len() {
                    let start = lines.line_start(next);
                    let end = lines.line_span(text, start).end;
                    scopes.push(Scope {
                        directive: i,
                        range: start..end.max(start + 1),
                    });
                }
            }
        }
    }
    let mut still_open: Vec<usize> = open.into_values().flatten().collect();
    still_open.sort_unstable();
    for o in still_open {
        scopes.push(Scope {
            directive: o,
            range: directives[o].comment.end..text.len() + 1,
        });
    }
    scopes
}

/// For each finding, the scope that suppresses it: the first, in the order
/// of `scopes`, that holds the finding's start and covers it.
///
/// A sweep over the findings in order of position. The scopes that have
/// started are kept in lists by what they name (ASCII-lowercased; one list
/// for those that name nothing), and a finding looks only at the lists of
/// its rule, term and matched text, dropping the scopes there that have
/// ended. Asking every scope for every finding made a document with a
/// suppression comment on every other line quadratic: 40,000
/// `disable-next-line` comments took 1.1 s, and 40,000 `disable` comments
/// that each name their own term 10 s.
fn suppressing_scopes(
    findings: &[Finding],
    scopes: &[Scope],
    directives: &[Directive],
) -> Vec<Option<usize>> {
    let mut by_start: Vec<usize> = (0..scopes.len()).collect();
    by_start.sort_by_key(|&s| scopes[s].range.start);
    // The linter's findings come sorted; sorting indices keeps any order safe.
    let mut by_position: Vec<usize> = (0..findings.len()).collect();
    by_position.sort_by_key(|&f| findings[f].span.start);
    let mut started: HashMap<String, Vec<usize>> = HashMap::default();
    let mut suppressed_by = vec![None; findings.len()];
    let mut next = 0;
    for f in by_position {
        let finding = &findings[f];
        let at = finding.span.start;
        while let Some(&s) = by_start.get(next).filter(|&&s| scopes[s].range.start <= at) {
            let targets = &directives[scopes[s].directive].targets;
            if targets.is_empty() {
                started.entry(String::new()).or_default().push(s);
            }
            for target in targets {
                started
                    .entry(target.to_ascii_lowercase())
                    .or_default()
                    .push(s);
            }
            next += 1;
        }
        // Every target that covers the finding is, lowercased, one of these
        // (rule names are lowercase); `covers` still has the last word.
        let keys = [
            String::new(),
            finding.rule.as_str().to_string(),
            finding.term().to_ascii_lowercase(),
            finding.matched().to_ascii_lowercase(),
        ];
        let mut first: Option<usize> = None;
        for (i, key) in keys.iter().enumerate() {
            if keys[..i].contains(key) {
                continue;
            }
            let Some(list) = started.get_mut(key.as_str()) else {
                continue;
            };
            list.retain(|&s| at < scopes[s].range.end);
            let covering = list
                .iter()
                .copied()
                .filter(|&s| covers(&directives[scopes[s].directive].targets, finding))
                .min();
            if let Some(covering) = covering {
                first = Some(first.map_or(covering, |first| first.min(covering)));
            }
        }
        suppressed_by[f] = first;
    }
    suppressed_by
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scopes are those of looking through every open `disable` at each
    /// `enable`, in the same order, for random sequences of directives.
    #[test]
    fn scopes_are_those_of_looking_through_every_open_disable() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let action = prop::sample::select(vec![
            Action::Disable,
            Action::Enable,
            Action::DisableNextLine,
        ]);
        let targets = prop::collection::vec(prop::sample::select(vec!["ERP", "CRM", "erp"]), 0..3);
        let text = "line\n".repeat(40);
        TestRunner::new(Config::with_cases(2000))
            .run(&prop::collection::vec((action, targets), 0..20), |layout| {
                let directives: Vec<Directive> = layout
                    .iter()
                    .enumerate()
                    .map(|(i, (action, targets))| Directive {
                        action: *action,
                        targets: targets.iter().map(|t| t.to_string()).collect(),
                        comment: i * 10..i * 10 + 4,
                    })
                    .collect();
                let mut expected = Vec::new();
                let mut open: Vec<usize> = Vec::new();
                for (i, d) in directives.iter().enumerate() {
                    match d.action {
                        Action::Disable => open.push(i),
                        Action::Enable => open.retain(|&o| {
                            let closes = d.targets.is_empty() || directives[o].targets == d.targets;
                            if closes {
                                expected.push((o, directives[o].comment.end..d.comment.start));
                            }
                            !closes
                        }),
                        Action::DisableNextLine => {}
                    }
                }
                expected.extend(
                    open.iter()
                        .map(|&o| (o, directives[o].comment.end..text.len() + 1)),
                );
                let got: Vec<(usize, Range<usize>)> = scopes_of(&text, &directives)
                    .into_iter()
                    .filter(|s| directives[s.directive].action == Action::Disable)
                    .map(|s| (s.directive, s.range))
                    .collect();
                prop_assert_eq!(got, expected);
                Ok(())
            })
            .unwrap();
    }

    /// The sweep picks what asking every scope in order picks, for random
    /// scopes (nested, overlapping, empty, with and without targets) and
    /// findings in any order.
    #[test]
    fn the_sweep_finds_the_first_scope_that_covers_each_finding() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let finding = |start: usize, term: &str, plural: bool| {
            let matched = if plural {
                format!("{term}s")
            } else {
                term.to_string()
            };
            Finding::new(
                start..start + 3,
                Rule::Jargon,
                Severity::Warning,
                &matched,
                "",
                EntryText {
                    term: Arc::from(term),
                    ..Default::default()
                },
            )
        };
        let terms = prop::sample::select(vec!["ERP", "CRM", "API"]);
        let targets = prop::collection::vec(
            prop::sample::select(vec![
                "ERP",
                "crm",
                "Api",
                "APIs",
                "erps",
                "jargon",
                "JARGON",
                "undefined-acronym",
            ]),
            0..3,
        );
        let scope = (0..40usize, 0..20usize, targets);
        let case = (
            prop::collection::vec((0..50usize, terms, any::<bool>()), 0..12),
            prop::collection::vec(scope, 0..8),
        );
        TestRunner::new(Config::with_cases(2000))
            .run(&case, |(found, layout)| {
                let findings: Vec<Finding> = found
                    .iter()
                    .map(|(at, t, plural)| finding(*at, t, *plural))
                    .collect();
                let directives: Vec<Directive> = layout
                    .iter()
                    .map(|(_, _, targets)| Directive {
                        action: Action::Disable,
                        targets: targets.iter().map(|t| t.to_string()).collect(),
                        comment: 0..0,
                    })
                    .collect();
                let scopes: Vec<Scope> = layout
                    .iter()
                    .enumerate()
                    .map(|(i, (start, len, _))| Scope {
                        directive: i,
                        range: *start..start + len,
                    })
                    .collect();
                let expected: Vec<Option<usize>> = findings
                    .iter()
                    .map(|f| {
                        scopes.iter().position(|s| {
                            s.range.start <= f.span.start
                                && f.span.start < s.range.end
                                && covers(&directives[s.directive].targets, f)
                        })
                    })
                    .collect();
                prop_assert_eq!(
                    suppressing_scopes(&findings, &scopes, &directives),
                    expected
                );
                Ok(())
            })
            .unwrap();
    }

    fn comment(body: &str) -> Comment {
        Comment {
            span: 0..1,
            body: body.to_string(),
        }
    }

    #[test]
    fn parses_directives_with_targets() {
        let d = parse(&comment(
            "dejargon-disable-next-line API, undefined-acronym",
        ))
        .unwrap();
        assert_eq!(d.action, Action::DisableNextLine);
        assert_eq!(d.targets, vec!["API", "undefined-acronym"]);
        assert_eq!(
            parse(&comment("dejargon-enable")).unwrap().action,
            Action::Enable
        );
        assert!(parse(&comment("dejargon-frobnicate")).is_none());
        assert!(parse(&comment("a normal comment")).is_none());
    }
}
