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

use crate::dictionary::Severity;
use crate::entry_text::EntryText;
use crate::format::Comment;
use crate::lint::{Finding, Rule};
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
                || t.eq_ignore_ascii_case(&finding.matched)
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
    let lines = LineIndex::new(text);
    let mut scopes: Vec<Scope> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, d) in directives.iter().enumerate() {
        match d.action {
            Action::Disable => open.push(i),
            Action::Enable => {
                open.retain(|&o| {
                    let closes = d.targets.is_empty() || directives[o].targets == d.targets;
                    if closes {
                        scopes.push(Scope {
                            directive: o,
                            range: directives[o].comment.end..d.comment.start,
                        });
                    }
                    !closes
                });
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
    for o in open {
        scopes.push(Scope {
            directive: o,
            range: directives[o].comment.end..text.len() + 1,
        });
    }

    let mut used = vec![false; directives.len()];
    findings.retain(|finding| {
        let suppressed_by = scopes.iter().find(|s| {
            s.range.start <= finding.span.start
                && finding.span.start < s.range.end
                && covers(&directives[s.directive].targets, finding)
        });
        match suppressed_by {
            Some(scope) => {
                used[scope.directive] = true;
                false
            }
            None => true,
        }
    });
    for (i, d) in directives.iter().enumerate() {
        if d.action == Action::Enable || used[i] {
            continue;
        }
        // The comment is both the term and the matched text: one allocation.
        let comment: Arc<str> = Arc::from(&text[d.comment.clone()]);
        findings.push(Finding {
            span: d.comment.clone(),
            rule: Rule::UnusedSuppression,
            matched: comment.clone(),
            severity: Severity::Info,
            message: Arc::from("this suppression comment suppresses nothing"),
            fix: None,
            entry: None,
            about: Arc::new(EntryText {
                term: comment,
                explanation: Arc::from(
                    "Nothing it names is found where it applies; the term was probably reworded.",
                ),
                suggestions: Arc::new(["remove the comment".to_string()]),
                category: Arc::from("suppression"),
                dictionary: None,
                fix: None,
            }),
        });
    }
    findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
}

#[cfg(test)]
mod tests {
    use super::*;

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
