//! Acronyms that a document explains itself: "Enterprise Resource Planning
//! (ERP)", "ERP (Enterprise Resource Planning)", "企业资源计划（ERP）",
//! "ERP（企业资源计划）", with half- or full-width parentheses.
//!
//! For English long forms the letters of the acronym must be found in the words
//! before (or inside) the parentheses, using the algorithm of Schwartz and Hearst
//! (2003, "A simple algorithm for identifying abbreviation definitions in
//! biomedical text"): match the short form's letters right to left, the first one
//! at the start of a word. A Chinese long form cannot be checked letter by letter,
//! so two or more Han characters directly beside the parentheses are accepted.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::charclass::{char_before, is_han, is_word_char};

/// How far after an opening parenthesis its closing one may be.
const MAX_PARENTHESIS_LEN: usize = 160;
/// Longest Chinese long form, in characters.
const MAX_HAN_LONG_FORM: usize = 16;
/// Shortest Chinese long form, in characters.
const MIN_HAN_LONG_FORM: usize = 2;
/// Function words that end a Chinese long form when walking back from "（ERP）":
/// "我们上线了企业资源计划（ERP）" defines 企业资源计划, not the whole clause.
const HAN_STOP_CHARS: &[char] = &[
    '的', '了', '把', '用', '和', '与', '及', '是', '为', '将', '对', '从', '在', '即', '或', '由',
    '被', '向',
];

/// An acronym defined by the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The acronym as written (without a plural `s`).
    pub acronym: String,
    pub acronym_span: Range<usize>,
    /// The document's own words for it.
    pub long_form: String,
    pub long_span: Range<usize>,
}

/// Finds every acronym definition in `text`. `is_acronym` says whether a
/// token is an acronym worth defining.
pub fn find_definitions(text: &str, is_acronym: impl Fn(&str) -> bool) -> Vec<Definition> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(rel) = memchr::memchr2(b'(', 0xEF, &bytes[at..]) {
        let open = at + rel;
        at = open + 1;
        let open_len = if bytes[open] == b'(' {
            1
        } else if text.get(open..open + 3) == Some("（") {
            3
        } else {
            continue;
        };
        let inner_start = open + open_len;
        let Some((inner_end, close_len)) = closing_parenthesis(text, inner_start) else {
            continue;
        };
        let inner = &text[inner_start..inner_end];
        let definition = acronym_in_parentheses(text, open, inner_start, inner, &is_acronym)
            .or_else(|| long_form_in_parentheses(text, open, inner_start, inner, &is_acronym));
        if let Some(definition) = definition {
            found.push(definition);
        }
        at = inner_end + close_len;
    }
    found
}

/// The end of the parenthesised text starting at `from`, and the length of
/// the closing parenthesis.
fn closing_parenthesis(text: &str, from: usize) -> Option<(usize, usize)> {
    let limit = (from + MAX_PARENTHESIS_LEN).min(text.len());
    let window = text.get(from..limit).or_else(|| text.get(from..))?;
    for (i, c) in window.char_indices() {
        match c {
            ')' => return Some((from + i, 1)),
            '）' => return Some((from + i, 3)),
            '(' | '（' | '\n' => return None,
            _ => {}
        }
    }
    None
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}

/// Strips a plural `s` from an all-caps acronym ("KPIs").
fn singular(token: &str) -> &str {
    match token.strip_suffix('s') {
        Some(stem) if stem.len() >= 2 && stem.bytes().all(|b| b.is_ascii_uppercase()) => stem,
        _ => token,
    }
}

/// "Enterprise Resource Planning (ERP)" and "企业资源计划（ERP）".
fn acronym_in_parentheses(
    text: &str,
    open: usize,
    inner_start: usize,
    inner: &str,
    is_acronym: &impl Fn(&str) -> bool,
) -> Option<Definition> {
    let token_span = trim_span(text, inner_start..inner_start + inner.len());
    let token = &text[token_span.clone()];
    if token.is_empty() || token.contains(char::is_whitespace) {
        return None;
    }
    let acronym = singular(token);
    if !is_acronym(acronym) {
        return None;
    }
    let acronym_span = token_span.start..token_span.start + acronym.len();
    let before_end = text[..open].trim_end().len();
    let long_span = if char_before(text, before_end).is_some_and(is_han) {
        han_run_before(text, before_end)?
    } else {
        latin_long_form_before(text, before_end, acronym)?
    };
    Some(Definition {
        acronym: acronym.to_string(),
        acronym_span,
        long_form: text[long_span.clone()].to_string(),
        long_span,
    })
}

/// "ERP (Enterprise Resource Planning)" and "ERP（企业资源计划）".
fn long_form_in_parentheses(
    text: &str,
    open: usize,
    inner_start: usize,
    inner: &str,
    is_acronym: &impl Fn(&str) -> bool,
) -> Option<Definition> {
    let token_end = text[..open].trim_end().len();
    let token_start = text[..token_end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    if char_before(text, token_start).is_some_and(is_word_char) {
        return None;
    }
    let acronym = singular(&text[token_start..token_end]);
    if !is_acronym(acronym) {
        return None;
    }
    // The long form ends at the first clause separator: "ERP (the planning system, since 2019)".
    let long_len = inner
        .find([',', ';', '，', '；', '、'])
        .unwrap_or(inner.len());
    let long_span = trim_span(text, inner_start..inner_start + long_len);
    let long = &text[long_span.clone()];
    let ok = if long.chars().next().is_some_and(is_han) {
        long.chars().filter(|&c| is_han(c)).count() >= MIN_HAN_LONG_FORM
    } else {
        // The long form must start at its first (or, after an article, second) word.
        schwartz_hearst(acronym, long)
            .is_some_and(|start| long[..start].split_whitespace().count() <= 1)
    };
    ok.then(|| Definition {
        acronym: acronym.to_string(),
        acronym_span: token_start..token_start + acronym.len(),
        long_form: long.to_string(),
        long_span,
    })
}

/// The run of Han characters that ends at `end`.
fn han_run_before(text: &str, end: usize) -> Option<Range<usize>> {
    let mut start = end;
    let mut count = 0;
    for (i, c) in text[..end].char_indices().rev() {
        if !is_han(c) || HAN_STOP_CHARS.contains(&c) || count == MAX_HAN_LONG_FORM {
            break;
        }
        start = i;
        count += 1;
    }
    (count >= MIN_HAN_LONG_FORM).then_some(start..end)
}

/// The English long form that ends at `end` and spells `acronym`.
fn latin_long_form_before(text: &str, end: usize, acronym: &str) -> Option<Range<usize>> {
    let letters = acronym.chars().filter(char::is_ascii_alphabetic).count();
    let max_words = (letters + 5).min(letters * 2).max(1);
    // The window: the last `max_words` words before `end`, on this line.
    let mut start = end;
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text[..end].char_indices().rev() {
        if c == '\n' || is_han(c) {
            break;
        }
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == max_words {
                    break;
                }
            }
        } else {
            in_word = true;
        }
        start = i;
    }
    let window = &text[start..end];
    let at = schwartz_hearst(acronym, window)?;
    Some(trim_span(text, start + at..end))
}

/// Where the long form of `short` starts in `long` (a byte index), if the
/// letters of `short` can be found in `long` right to left, the first one at
/// the start of a word.
pub fn schwartz_hearst(short: &str, long: &str) -> Option<usize> {
    let short: Vec<char> = short
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if short.is_empty() {
        return None;
    }
    let long: Vec<(usize, char)> = long.char_indices().collect();
    let mut li = long.len();
    for (si, &wanted) in short.iter().enumerate().rev() {
        loop {
            if li == 0 {
                return None;
            }
            li -= 1;
            let (_, c) = long[li];
            let at_word_start = li == 0 || !long[li - 1].1.is_alphanumeric();
            if c.to_ascii_lowercase() == wanted && (si > 0 || at_word_start) {
                break;
            }
        }
    }
    Some(long[li].0)
}

/// The questions the linter asks about a document's definitions for every
/// hit, answered by lookups instead of a pass over all definitions each: a
/// glossary-like document with thousands of definitions and hits took
/// seconds per megabyte that way.
#[derive(Debug, Default)]
pub struct DefinitionIndex<'d> {
    /// Long forms by start, each with the largest end up to it.
    long_forms: Vec<(usize, usize)>,
    /// Acronyms by start, each with the largest end up to it.
    acronyms: Vec<(usize, usize)>,
    /// For each acronym as written: where its first definition starts and
    /// where the earliest one ends.
    exact: FxHashMap<&'d str, (usize, usize)>,
    /// The earliest end, by ASCII-lowercased acronym.
    folded: FxHashMap<String, usize>,
    /// Where a spelling is lowercased for a lookup.
    scratch: String,
}

/// Spans sorted by start, each paired with the largest end so far: a span
/// that starts at or before `x` and ends at or after `y` exists exactly when
/// the entry for the last start at or before `x` has an end at or after `y`.
fn by_start_with_max_end(spans: impl Iterator<Item = Range<usize>>) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = spans.map(|span| (span.start, span.end)).collect();
    spans.sort_unstable();
    let mut max_end = 0;
    for (_, end) in &mut spans {
        max_end = max_end.max(*end);
        *end = max_end;
    }
    spans
}

/// The largest end among spans that start at or before `at`.
fn max_end_starting_by(spans: &[(usize, usize)], at: usize) -> Option<usize> {
    let count = spans.partition_point(|&(start, _)| start <= at);
    count.checked_sub(1).map(|last| spans[last].1)
}

impl<'d> DefinitionIndex<'d> {
    pub fn new(definitions: &'d [Definition]) -> Self {
        let mut exact: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
        let mut folded: FxHashMap<String, usize> = FxHashMap::default();
        for d in definitions {
            let (start, end) = (d.acronym_span.start, d.acronym_span.end);
            let first = exact.entry(&d.acronym).or_insert((start, end));
            *first = (first.0.min(start), first.1.min(end));
            let earliest = folded.entry(d.acronym.to_ascii_lowercase()).or_insert(end);
            *earliest = (*earliest).min(end);
        }
        DefinitionIndex {
            long_forms: by_start_with_max_end(definitions.iter().map(|d| d.long_span.clone())),
            acronyms: by_start_with_max_end(definitions.iter().map(|d| d.acronym_span.clone())),
            exact,
            folded,
            scratch: String::new(),
        }
    }

    /// Whether `span` lies inside a definition's long form.
    pub fn in_long_form(&self, span: &Range<usize>) -> bool {
        max_end_starting_by(&self.long_forms, span.start).is_some_and(|end| end >= span.end)
    }

    /// Whether `span` overlaps a definition's acronym.
    pub fn overlaps_acronym(&self, span: &Range<usize>) -> bool {
        // Acronyms that start before the span ends; one of them must end
        // after it starts.
        span.end > 0
            && max_end_starting_by(&self.acronyms, span.end - 1).is_some_and(|end| end > span.start)
    }

    /// Whether `acronym`, exactly as written, has a definition that starts
    /// at or before `at`.
    pub fn defines_by(&self, acronym: &str, at: usize) -> bool {
        self.exact
            .get(acronym)
            .is_some_and(|&(start, _)| start <= at)
    }

    /// Whether a definition of `spelling` (ignoring ASCII case if
    /// `ignore_case`) ends at or before `at`.
    pub fn defined_before(&mut self, spelling: &str, ignore_case: bool, at: usize) -> bool {
        // Most documents define nothing: no need to lowercase the spelling.
        if self.exact.is_empty() {
            return false;
        }
        let earliest = if ignore_case {
            self.scratch.clear();
            self.scratch.push_str(spelling);
            self.scratch.make_ascii_lowercase();
            self.folded.get(self.scratch.as_str()).copied()
        } else {
            self.exact.get(spelling).map(|&(_, end)| end)
        };
        earliest.is_some_and(|end| end <= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every answer of the index equals a pass over all definitions, for
    /// random definitions (overlapping, nested, repeated, in any case).
    #[test]
    fn definition_index_answers_as_a_pass_over_all_definitions_does() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let span = || (0..60usize, 0..12usize).prop_map(|(start, len)| start..start + len);
        let definition = (
            span(),
            span(),
            prop::sample::select(vec!["ERP", "erp", "CRM", "Erp"]),
        )
            .prop_map(|(long_span, acronym_span, acronym)| Definition {
                acronym: acronym.to_string(),
                acronym_span,
                long_form: String::new(),
                long_span,
            });
        let case = (prop::collection::vec(definition, 0..8), span());
        TestRunner::new(Config::with_cases(3000))
            .run(&case, |(definitions, hit)| {
                let mut index = DefinitionIndex::new(&definitions);
                let any = |f: &dyn Fn(&Definition) -> bool| definitions.iter().any(f);
                prop_assert_eq!(
                    index.in_long_form(&hit),
                    any(&|d| d.long_span.start <= hit.start && hit.end <= d.long_span.end)
                );
                prop_assert_eq!(
                    index.overlaps_acronym(&hit),
                    any(&|d| d.acronym_span.start < hit.end && hit.start < d.acronym_span.end)
                );
                for spelling in ["ERP", "erp", "CRM", "crm", "SLA"] {
                    prop_assert_eq!(
                        index.defines_by(spelling, hit.start),
                        any(&|d| d.acronym == spelling && d.acronym_span.start <= hit.start)
                    );
                    for ignore_case in [false, true] {
                        let expected = any(&|d| {
                            d.acronym_span.end <= hit.start
                                && if ignore_case {
                                    d.acronym.eq_ignore_ascii_case(spelling)
                                } else {
                                    d.acronym == spelling
                                }
                        });
                        prop_assert_eq!(
                            index.defined_before(spelling, ignore_case, hit.start),
                            expected
                        );
                    }
                }
                Ok(())
            })
            .unwrap();
    }
    use crate::acronym::is_acronym_shaped;

    fn defs(text: &str) -> Vec<(String, String)> {
        find_definitions(text, is_acronym_shaped)
            .into_iter()
            .map(|d| (d.acronym, d.long_form))
            .collect()
    }

    fn one(a: &str, l: &str) -> Vec<(String, String)> {
        vec![(a.to_string(), l.to_string())]
    }

    #[test]
    fn long_form_then_acronym() {
        assert_eq!(
            defs("We use Enterprise Resource Planning (ERP) daily."),
            one("ERP", "Enterprise Resource Planning")
        );
        assert_eq!(
            defs("It is software as a service (SaaS)."),
            one("SaaS", "software as a service")
        );
        assert_eq!(
            defs("Our key performance indicators (KPIs) rose."),
            one("KPI", "key performance indicators")
        );
    }

    #[test]
    fn acronym_then_long_form() {
        assert_eq!(
            defs("ERP (Enterprise Resource Planning) is old."),
            one("ERP", "Enterprise Resource Planning")
        );
        assert_eq!(
            defs("The IDC (internet data center, in Shanghai)"),
            one("IDC", "internet data center")
        );
    }

    #[test]
    fn chinese_long_forms_with_both_parenthesis_widths() {
        assert_eq!(
            defs("我们上线了企业资源计划（ERP）系统"),
            one("ERP", "企业资源计划")
        );
        assert_eq!(defs("用企业资源计划(ERP)"), one("ERP", "企业资源计划"));
        assert_eq!(
            defs("ERP（企业资源计划）已上线"),
            one("ERP", "企业资源计划")
        );
        assert_eq!(defs("ERP(企业资源计划)已上线"), one("ERP", "企业资源计划"));
    }

    #[test]
    fn unrelated_parentheses_are_not_definitions() {
        assert!(defs("Revenue grew (see IDC) strongly.").is_empty());
        assert!(defs("The ERP (which we bought) works.").is_empty());
        assert!(defs("Costs (2024) fell.").is_empty());
        assert!(defs("We (the team) agree (").is_empty());
    }

    #[test]
    fn schwartz_hearst_examples() {
        assert_eq!(
            schwartz_hearst("HSF", "heat shock transcription factor"),
            Some(0)
        );
        assert_eq!(
            schwartz_hearst("ERP", "we use enterprise resource planning")
                .map(|i| &"we use enterprise resource planning"[i..]),
            Some("enterprise resource planning")
        );
        assert_eq!(schwartz_hearst("XYZ", "enterprise resource planning"), None);
    }
}
