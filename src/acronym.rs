//! Finding acronyms that no dictionary knows, without crying wolf.
//!
//! A token "looks like an acronym" when it has two or more capitals and at most
//! short lowercase runs (IDC, SaaS, IoT, K8s). Most such tokens in business text
//! are harmless: CEO and KPI (the bundled list of business-common acronyms),
//! Roman numerals, all-caps emphasis (NOTE, VERY) and all-caps headings
//! (ANNUAL REPORT). Each of those is filtered here, because a false alarm on
//! "ANNUAL REPORT" costs more trust than a missed acronym.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;

use crate::charclass::{char_at, char_before, is_word_char};
use crate::dictionary::BUILTIN_FILES;

/// Longest token treated as a possible acronym.
const MAX_ACRONYM_LEN: usize = 12;
/// All-caps words longer than this are emphasis or headings, not acronyms.
const MAX_ALL_CAPS_ACRONYM_LEN: usize = 6;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommon {
    #[allow(dead_code)]
    name: String,
    #[allow(dead_code)]
    description: String,
    acronyms: Vec<RawCommonAcronym>,
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommonAcronym {
    term: String,
    expansion: String,
}

/// Acronyms a manager knows, and all-caps words that are not acronyms.
#[derive(Debug, Clone, Default)]
pub struct CommonAcronyms {
    acronyms: HashMap<String, String>,
    words: HashSet<String>,
}

impl CommonAcronyms {
    /// The bundled list (`dictionaries/common/business-acronyms.json`).
    pub fn builtin() -> Self {
        let text = BUILTIN_FILES
            .iter()
            .find(|(name, _)| *name == "common/business-acronyms.json")
            .map(|(_, text)| *text)
            .unwrap_or(r#"{"name":"","description":"","acronyms":[],"words":[]}"#);
        // The file is part of the build and checked by tests; a broken one must not
        // take the linter down, so it degrades to an empty list.
        let raw: RawCommon = serde_json::from_str(text).unwrap_or(RawCommon {
            name: String::new(),
            description: String::new(),
            acronyms: Vec::new(),
            words: Vec::new(),
        });
        CommonAcronyms {
            acronyms: raw
                .acronyms
                .into_iter()
                .map(|a| (a.term, a.expansion))
                .collect(),
            words: raw.words.into_iter().collect(),
        }
    }

    /// Adds terms an organisation accepts (config `allow`).
    pub fn extend<I: IntoIterator<Item = String>>(&mut self, terms: I) {
        for term in terms {
            self.acronyms.insert(term, String::new());
        }
    }

    /// Number of known acronyms.
    pub fn len(&self) -> usize {
        self.acronyms.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.acronyms.is_empty()
    }

    /// The expansion of a common acronym.
    pub fn expansion(&self, token: &str) -> Option<&str> {
        self.acronyms.get(token).map(String::as_str)
    }

    /// Whether `token` is a known business acronym, also with a number after it
    /// (FY2024, ISO9001) or a plural `s` (KPIs).
    pub fn is_known(&self, token: &str) -> bool {
        if self.acronyms.contains_key(token) {
            return true;
        }
        let without_digits = token.trim_end_matches(|c: char| c.is_ascii_digit());
        if without_digits.len() >= 2
            && without_digits.len() < token.len()
            && self.acronyms.contains_key(without_digits)
        {
            return true;
        }
        token
            .strip_suffix('s')
            .is_some_and(|stem| self.acronyms.contains_key(stem))
    }

    /// Whether `token` is an ordinary word written in capitals (NOTE, VERY).
    pub fn is_ordinary_word(&self, token: &str) -> bool {
        self.words.contains(token)
    }
}

/// A token that looks like an acronym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcronymToken {
    /// The whole token, including a plural `s`.
    pub span: Range<usize>,
    /// The token without a plural `s`: the acronym itself.
    pub stem: Range<usize>,
}

/// Whether a token (ASCII letters and digits) has the shape of an acronym.
pub fn is_acronym_shaped(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.len() < 2 || bytes.len() > MAX_ACRONYM_LEN || !bytes[0].is_ascii_uppercase() {
        return false;
    }
    let mut upper = 0;
    let mut lower = 0;
    let mut digits = 0;
    let mut lower_run = 0;
    for &b in bytes {
        if b.is_ascii_uppercase() {
            upper += 1;
            lower_run = 0;
        } else if b.is_ascii_lowercase() {
            lower += 1;
            lower_run += 1;
            if lower_run > 2 {
                return false;
            }
        } else {
            digits += 1;
            lower_run = 0;
        }
    }
    // Two capitals (IDC, SaaS), or a numeronym such as K8s.
    let enough_capitals = upper >= 2 || (upper == 1 && digits >= 1 && lower >= 1);
    enough_capitals && lower <= upper.max(1) && digits < 3
}

/// Whether `token` is a Roman numeral of two or more letters (II, XIV).
pub fn is_roman_numeral(token: &str) -> bool {
    if token.len() < 2 || !token.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return false;
    }
    let value = |c: u8| match c {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        b'L' => 50,
        b'C' => 100,
        b'D' => 500,
        _ => 1000,
    };
    // Convert, then check that the canonical spelling of the value is the token.
    let bytes = token.as_bytes();
    let mut total = 0i32;
    for (i, &c) in bytes.iter().enumerate() {
        let v = value(c);
        if bytes.get(i + 1).is_some_and(|&n| value(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    if total <= 0 || total >= 4000 {
        return false;
    }
    let mut canonical = String::new();
    let mut rest = total;
    for (v, s) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while rest >= v {
            canonical.push_str(s);
            rest -= v;
        }
    }
    canonical == token
}

/// The index of the first ASCII capital in `bytes` at or after `from`.
///
/// Sixteen bytes at a time with a branch-free test the compiler turns into
/// vector instructions: most text is lowercase, and this loop sees every byte.
fn next_capital(bytes: &[u8], from: usize) -> Option<usize> {
    let is_capital = |b: u8| b.wrapping_sub(b'A') < 26;
    let mut at = from;
    while at + 16 <= bytes.len() {
        let chunk = &bytes[at..at + 16];
        if chunk.iter().fold(false, |any, &b| any | is_capital(b)) {
            break;
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|&b| is_capital(b))
        .map(|i| at + i)
}

/// Every acronym-shaped token of `text`, as whole words, in text order.
/// Lazily: the linter keeps only the few it reports, and a document in
/// capitals would otherwise hold a token for every word.
pub fn acronym_tokens(text: &str) -> impl Iterator<Item = AcronymToken> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(start) = next_capital(bytes, i) {
            let mut end = start;
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            i = end.max(start + 1);
            let token = &text[start..end];
            // "KPIs", "IDCs": a lowercase plural s after an all-caps stem.
            let plural_stem = token.strip_suffix('s').filter(|stem| {
                stem.len() >= 2
                    && stem
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && is_acronym_shaped(stem)
            });
            let stem_end = if plural_stem.is_some() { end - 1 } else { end };
            // The shape is the cheap test and fails for most capitalised words
            // ("The"); only then look at the neighbours.
            if !is_acronym_shaped(&text[start..stem_end]) {
                continue;
            }
            let whole_word = !char_before(text, start).is_some_and(is_word_char)
                && !char_at(text, end).is_some_and(is_word_char);
            if whole_word {
                return Some(AcronymToken {
                    span: start..end,
                    stem: start..stem_end,
                });
            }
        }
        None
    })
}

/// Whether an acronym-shaped token is really emphasis or part of an all-caps
/// heading: an all-caps word that is too long to be an acronym, an ordinary
/// word, or a neighbour of another all-caps word on the same line.
pub fn is_shouting(text: &str, token: &AcronymToken, common: &CommonAcronyms) -> bool {
    let word = &text[token.stem.clone()];
    if !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    if word.len() > MAX_ALL_CAPS_ACRONYM_LEN || common.is_ordinary_word(word) {
        return true;
    }
    let is_caps_word =
        |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()) && !common.is_known(w);
    neighbour_word(text, token.span.start, Direction::Before).is_some_and(is_caps_word)
        || neighbour_word(text, token.span.end, Direction::After).is_some_and(is_caps_word)
}

enum Direction {
    Before,
    After,
}

/// The nearest ASCII word before or after `at` on the same line, skipping only
/// spaces and a few punctuation marks.
fn neighbour_word(text: &str, at: usize, direction: Direction) -> Option<&str> {
    let bytes = text.as_bytes();
    let skippable = |b: u8| matches!(b, b' ' | b'\t' | b',' | b':' | b'&' | b'-' | b'/');
    match direction {
        Direction::Before => {
            let mut end = at;
            while end > 0 && skippable(bytes[end - 1]) {
                end -= 1;
            }
            let mut start = end;
            while start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
                start -= 1;
            }
            (start < end).then(|| &text[start..end])
        }
        Direction::After => {
            let mut start = at;
            while start < bytes.len() && skippable(bytes[start]) {
                start += 1;
            }
            let mut end = start;
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            (start < end).then(|| &text[start..end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<&str> {
        acronym_tokens(text).map(|t| &text[t.stem]).collect()
    }

    #[test]
    fn shapes() {
        for yes in ["IDC", "SaaS", "IoT", "K8s", "ERP", "PaaS", "FY24", "B2B"] {
            assert!(is_acronym_shaped(yes), "{yes}");
        }
        for no in [
            "I",
            "A4",
            "Revenue",
            "PowerPoint",
            "McKinsey",
            "iOS",
            "Q1",
            "G20",
            "RTX4090",
            "Ab1c",
        ] {
            assert!(!is_acronym_shaped(no), "{no}");
        }
    }

    #[test]
    fn tokens_are_whole_words_and_cjk_is_a_boundary() {
        assert_eq!(stems("把ERP系统和CRM"), vec!["ERP", "CRM"]);
        assert_eq!(stems("rapidAPI, ÉTUDE, snake_CASE"), Vec::<&str>::new());
        assert_eq!(stems("Our KPIs and IDCs."), vec!["KPI", "IDC"]);
    }

    #[test]
    fn capitals_are_found_across_chunk_edges() {
        for at in 0..40 {
            let mut text = " ".repeat(at);
            text.push_str("IDC ");
            text.push_str(&"y".repeat(20));
            assert_eq!(stems(&text), vec!["IDC"], "{at}");
            assert_eq!(next_capital(text.as_bytes(), 0), Some(at));
        }
        assert_eq!(
            next_capital(b"no capitals in this long line at all", 0),
            None
        );
        assert_eq!(stems("中文IDC中文ÉTUDE xERP"), vec!["IDC"]);
    }

    #[test]
    fn roman_numerals() {
        for yes in ["II", "III", "IV", "XIV", "MCMXC", "CD"] {
            assert!(is_roman_numeral(yes), "{yes}");
        }
        for no in ["IIII", "VV", "IC", "IDC", "I"] {
            assert!(!is_roman_numeral(no), "{no}");
        }
    }

    #[test]
    fn common_acronyms_with_numbers_and_plurals() {
        let common = CommonAcronyms::builtin();
        assert!(common.len() > 150);
        for known in ["CEO", "KPIs", "FY2024", "Q3", "ISO9001", "5G", "ESG", "YoY"] {
            assert!(common.is_known(known), "{known}");
        }
        assert!(!common.is_known("IDC"));
    }

    #[test]
    fn shouting_and_headings_are_not_acronyms() {
        let common = CommonAcronyms::builtin();
        let shouting = |text: &str| {
            acronym_tokens(text)
                .map(|t| is_shouting(text, &t, &common))
                .collect::<Vec<_>>()
        };
        assert_eq!(shouting("NOTE: read this"), vec![true]);
        assert_eq!(
            shouting("STRATEGIC PRIORITIES FOR 2025"),
            vec![true, true, true]
        );
        assert_eq!(shouting("This is VERY good"), vec![true]);
        assert_eq!(shouting("We run the XYZ system"), vec![false]);
        assert_eq!(shouting("Our CEO and XYZ"), vec![false, false]);
    }
}
