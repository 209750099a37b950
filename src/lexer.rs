//! The lexer pass: one Aho-Corasick automaton over every term and alias of
//! every loaded dictionary, plus the word-boundary and case rules that the
//! automaton cannot express.
//!
//! Why one automaton and not two (case-sensitive acronyms, case-insensitive
//! terms): one pass over the bytes is the whole cost of linting, so the
//! automaton matches ignoring ASCII case and an acronym's case is checked
//! on the few bytes of each match instead. A match that fails a check is
//! dropped and the search resumes one character later, so "rapid" cannot hide
//! a real "API" after it.
//!
//! The automaton is run anchored, at the positions where an accepted match
//! can start, rather than unanchored over every byte. A Latin term must
//! start a word, so no match can start inside one: only the first character
//! of a word, and characters that are not word characters (CJK text,
//! punctuation), are tried, and only if some spelling starts with their
//! first byte. An anchored walk from there follows the trie for as long as
//! the text spells a prefix of some spelling (3.85 bytes on average over
//! the corpus, counted once with a throwaway counter). The matches are exactly those of an unanchored leftmost-longest
//! search that resumes after each rejected match (a test compares the two).
//! It runs about a tenth faster on the corpus than that search did, with
//! fewer instructions but mostly fewer cache misses: the walks stay near the
//! top of the trie, where the unanchored search follows failure transitions
//! all over the automaton.
//!
//! Ignoring case is done by folding, not by the automaton: it is built over
//! ASCII-lowercased spellings and runs over an ASCII-lowercased copy of the
//! text (same length, same offsets). That finds exactly the matches of an
//! `ascii_case_insensitive` automaton, but the automaton has half the
//! transitions: it builds about three times faster (start-up of a pre-commit
//! run) and scans faster, copy included.
//!
//! The whole automaton (over 6,000 spellings) takes about 12 ms to build,
//! most of the start-up of a pre-commit run over one small file, which needs
//! a few dozen of those spellings. So the first small texts a process checks
//! are scanned by an automaton over only the spellings whose every three-byte
//! window occurs in the text (`TrigramFilter`): a spelling that occurs in
//! the text passes, so the matches are exactly those of the whole automaton,
//! and building it takes well under a millisecond. Once those texts add up to
//! [`FILTERED_BUDGET`] bytes, the whole automaton is built, once, and used
//! from then on: over a large tree, one build is cheaper than one per file.

// Fx hashing: keys are dictionary spellings, not document text; SipHash was a
// measurable part of start-up.
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::automaton::{Automaton as _, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::PatternID;
use aho_corasick::{Anchored, BuildError, MatchKind};

use crate::charclass::{char_at, char_before, is_word_char};
use crate::dictionary::{Dictionary, Entry, EntryId};

/// Endings that keep a Latin term the same word: plural and possessive.
const SUFFIXES: [&str; 5] = ["'s", "\u{2019}s", "es", "s", "s'"];

/// One spelling in the automaton and the entries that use it.
#[derive(Debug, Clone)]
struct Pattern {
    /// The automaton key: a range of [`Matcher::folded_spellings`].
    key: Range<u32>,
    /// A range of [`Matcher::candidates`].
    candidates: Range<u32>,
    /// Whether the first / last character needs a word boundary beside it.
    bounded_start: bool,
    bounded_end: bool,
}

#[derive(Debug, Clone)]
struct Candidate {
    entry: EntryId,
    /// For case-sensitive entries, the exact spelling the text must have: a
    /// range of [`Matcher::exact_spellings`].
    exact: Option<Range<u32>>,
}

fn slice<'a>(text: &'a str, range: &Range<u32>) -> &'a str {
    &text[range.start as usize..range.end as usize]
}

/// A dictionary match that passed the boundary and case rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The matched bytes, including a plural or possessive ending.
    pub span: Range<usize>,
    /// The end of the spelling itself, without the ending.
    pub stem_end: usize,
}

/// The compiled automaton over every spelling of a dictionary.
#[derive(Debug)]
pub struct Matcher {
    /// Every spelling, ASCII-lowercased, one after another. The spellings
    /// live in two strings rather than one allocation each: building the
    /// matcher is part of every run's start-up.
    folded_spellings: Box<str>,
    /// The spellings of case-sensitive entries, as written.
    exact_spellings: Box<str>,
    /// Every pattern's candidates, pattern after pattern.
    candidates: Vec<Candidate>,
    /// The automaton over every key, built on first need.
    full: OnceLock<NFA>,
    /// Bytes of text that may still be scanned by automata over filtered keys
    /// before the whole automaton is built.
    filtered_budget: AtomicUsize,
    patterns: Vec<Pattern>,
    /// Which bytes some key starts with: the scan tries the automaton only
    /// at those.
    starts: [bool; 256],
}

impl Clone for Matcher {
    fn clone(&self) -> Self {
        Matcher {
            folded_spellings: self.folded_spellings.clone(),
            exact_spellings: self.exact_spellings.clone(),
            candidates: self.candidates.clone(),
            full: self.full.clone(),
            filtered_budget: AtomicUsize::new(self.filtered_budget.load(Ordering::Relaxed)),
            patterns: self.patterns.clone(),
            starts: self.starts,
        }
    }
}

/// Total bytes of text a process scans with filtered automata before it
/// builds the whole one. A filtered scan costs about 50-70 µs per KiB of text
/// more than a scan with the whole automaton (filtering the spellings and
/// building; measured on the corpus), and the whole build about 12 ms. Past
/// 64 KiB, about 4 ms spent, the run is likely to be long enough for one
/// whole build to pay off; a long run loses at most those 4 ms.
pub const FILTERED_BUDGET: usize = 64 * 1024;

/// A text longer than this is always scanned with the whole automaton.
const FILTERED_MAX_TEXT: usize = 32 * 1024;

/// Which three-byte windows occur in a text: a bitmap of hashed trigrams.
/// A spelling can only occur in the text if all its trigrams do; collisions
/// only let extra spellings through, never drop one.
struct TrigramFilter {
    bits: Box<[u64; TrigramFilter::WORDS]>,
}

impl TrigramFilter {
    const WORDS: usize = 1024;

    fn hash(window: &[u8]) -> usize {
        let [a, b, c] = [window[0], window[1], window[2]].map(usize::from);
        (a.wrapping_mul(0x9E37) ^ b.wrapping_mul(0x85EB) ^ c.wrapping_mul(0xC2B3))
            & (Self::WORDS * 64 - 1)
    }

    fn of(bytes: &[u8]) -> Self {
        let mut bits = Box::new([0u64; Self::WORDS]);
        for window in bytes.windows(3) {
            let h = Self::hash(window);
            bits[h >> 6] |= 1 << (h & 63);
        }
        TrigramFilter { bits }
    }

    /// Whether `key` may occur in the text (always, for keys under 3 bytes).
    fn may_contain(&self, key: &[u8]) -> bool {
        key.windows(3).all(|window| {
            let h = Self::hash(window);
            self.bits[h >> 6] & (1 << (h & 63)) != 0
        })
    }
}

/// An automaton over some of the keys, and each of its patterns' index in
/// [`Matcher::patterns`].
struct Filtered {
    automaton: NFA,
    pattern_of: Vec<u32>,
}

/// The automaton a scan uses.
enum ScanAutomaton<'a> {
    Full(&'a NFA),
    Filtered(Box<Filtered>),
}

impl ScanAutomaton<'_> {
    fn nfa(&self) -> &NFA {
        match self {
            ScanAutomaton::Full(automaton) => automaton,
            ScanAutomaton::Filtered(f) => &f.automaton,
        }
    }

    /// The index in [`Matcher::patterns`] of the automaton's pattern `id`.
    fn pattern(&self, id: PatternID) -> usize {
        match self {
            ScanAutomaton::Full(_) => id.as_usize(),
            ScanAutomaton::Filtered(f) => f.pattern_of[id.as_usize()] as usize,
        }
    }
}

/// The longest match of `nfa` that starts at `at`, as (end, pattern): a walk
/// down the trie from the anchored start state until it dies, keeping the
/// last match passed. `try_find` with an anchored input does the same, but
/// its set-up per call cost more than the walk itself.
#[inline(always)]
fn longest_at(nfa: &NFA, start: StateID, folded: &[u8], at: usize) -> Option<(usize, PatternID)> {
    let mut sid = start;
    let mut longest = None;
    let mut end = at;
    while end < folded.len() {
        sid = nfa.next_state(Anchored::Yes, sid, folded[end]);
        end += 1;
        if nfa.is_special(sid) {
            if nfa.is_dead(sid) {
                break;
            }
            // A state before any match on its path carries the matches of
            // its failure state instead (suffixes of the path, for the
            // unanchored search); only a match as long as the walk starts
            // at `at`.
            if nfa.is_match(sid) {
                let pattern = nfa.match_pattern(sid, 0);
                if nfa.pattern_len(pattern) == end - at {
                    longest = Some((end, pattern));
                }
            }
        }
    }
    longest
}

/// Bytes that are word characters by themselves: ASCII letters, digits and
/// `_` (see [`is_word_char`]). Other characters are looked at whole.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether the three-byte character that starts with `lead`, `next` is in a
/// block with no word characters: kana and CJK punctuation (U+3000 to
/// U+30FF), Han ideographs (U+4000 to U+9FFF, with a block of symbols) and
/// full-width forms (U+FF00 to U+FFFF). That is most of the non-ASCII text
/// checked, and the byte test spares decoding it and [`is_word_char`]'s
/// Unicode tables.
fn is_never_word_lead(lead: u8, next: Option<u8>) -> bool {
    match (lead, next) {
        (0xE4..=0xE9, _) => true,
        (0xE3, Some(next)) => next <= 0x83,
        (0xEF, Some(next)) => next >= 0xBC,
        _ => false,
    }
}

/// The first index at or after `at` that is not a space or line break;
/// eight bytes at a time while they all are.
fn skip_blank_run(bytes: &[u8], mut at: usize) -> usize {
    const LOW7: u64 = u64::from_ne_bytes([0x7F; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // High bit of each byte set exactly where that byte of `v` is zero.
    let zero_bytes = |v: u64| !(((v & LOW7).wrapping_add(LOW7)) | v | LOW7);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8]));
        let blank = zero_bytes(word ^ u64::from_ne_bytes([b' '; 8]))
            | zero_bytes(word ^ u64::from_ne_bytes([b'\n'; 8]));
        if blank != HIGH {
            break;
        }
        at += 8;
    }
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\n') {
        at += 1;
    }
    at
}

/// Whether a spelling that starts or ends with `c` needs a word boundary there.
pub fn needs_boundary(c: Option<char>) -> bool {
    c.is_some_and(is_word_char)
}

/// The automaton's patterns for `dictionary`: every spelling of every entry
/// (allow entries included), ASCII-lowercased, de-duplicated, in entry order.
/// `dict export --format lines` writes exactly these, so a bare scan can build
/// the same automaton.
pub fn automaton_keys(dictionary: &Dictionary) -> Vec<String> {
    let mut seen = FxHashSet::default();
    dictionary
        .entries
        .iter()
        .flat_map(Entry::spellings)
        .map(str::to_ascii_lowercase)
        .filter(|key| seen.insert(key.clone()))
        .collect()
}

/// Builds the automaton the lexer uses over `keys`, for anyone who wants the
/// same automaton over the same keys ([`automaton_keys`]; the bare-scan
/// benchmark does). Run it over ASCII-lowercased text
/// (`make_ascii_lowercase`): the keys are lowercase and case is folded in the
/// text, not in the automaton.
///
/// A contiguous NFA, the kind `AhoCorasick` itself picks for thousands of
/// keys; the lexer needs the type itself to run anchored searches without
/// the dynamic dispatch of `AhoCorasick`.
pub fn build_automaton<I, P>(keys: I) -> Result<NFA, BuildError>
where
    I: IntoIterator<Item = P>,
    P: AsRef<[u8]>,
{
    aho_corasick::nfa::contiguous::Builder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(keys)
}

thread_local! {
    /// Each thread's buffer for the case-folded text, reused file after file.
    static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Matcher {
    /// Prepares the automaton for all entries of `dictionary` (it is built
    /// on first use; see the module documentation).
    pub fn new(dictionary: &Dictionary) -> Self {
        // Every spelling into two strings first, so that the table below can
        // borrow its keys instead of allocating one per spelling.
        struct Occurrence {
            entry: EntryId,
            folded: Range<u32>,
            exact: Option<Range<u32>>,
            bounded_start: bool,
            bounded_end: bool,
        }
        let mut folded = String::new();
        let mut exact = String::new();
        let mut occurrences: Vec<Occurrence> = Vec::new();
        let offset = |s: &String| u32::try_from(s.len()).expect("spellings fit in 4 GiB");
        for (id, entry) in dictionary.entries.iter().enumerate() {
            for spelling in entry.spellings() {
                let start = offset(&folded);
                folded.push_str(spelling);
                folded[start as usize..].make_ascii_lowercase();
                let exact = entry.case_sensitive.then(|| {
                    let start = offset(&exact);
                    exact.push_str(spelling);
                    start..offset(&exact)
                });
                occurrences.push(Occurrence {
                    entry: id,
                    folded: start..offset(&folded),
                    exact,
                    bounded_start: needs_boundary(spelling.chars().next()),
                    bounded_end: needs_boundary(spelling.chars().next_back()),
                });
            }
        }
        // One pattern per distinct key, in order of first occurrence; each
        // candidate tagged with its pattern.
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut tagged: Vec<(u32, Candidate)> = Vec::with_capacity(occurrences.len());
        let mut by_key: HashMap<&str, u32> = HashMap::default();
        by_key.reserve(occurrences.len());
        for occurrence in occurrences {
            let index = *by_key
                .entry(slice(&folded, &occurrence.folded))
                .or_insert_with(|| {
                    patterns.push(Pattern {
                        key: occurrence.folded.clone(),
                        candidates: 0..0,
                        bounded_start: occurrence.bounded_start,
                        bounded_end: occurrence.bounded_end,
                    });
                    (patterns.len() - 1) as u32
                });
            tagged.push((
                index,
                Candidate {
                    entry: occurrence.entry,
                    exact: occurrence.exact,
                },
            ));
        }
        drop(by_key);
        // Group by pattern, keeping entry order within a pattern, and keep an
        // entry's first spelling of a key only.
        tagged.sort_by_key(|(pattern, _)| *pattern);
        tagged.dedup_by(|later, earlier| later.0 == earlier.0 && later.1.entry == earlier.1.entry);
        let mut candidates = Vec::with_capacity(tagged.len());
        for (pattern, candidate) in tagged {
            let at = candidates.len() as u32;
            let range = &mut patterns[pattern as usize].candidates;
            // Unset (0..0) until its first candidate; then end >= 1.
            if range.end == 0 {
                *range = at..at;
            }
            range.end = at + 1;
            candidates.push(candidate);
        }
        let mut starts = [false; 256];
        for pattern in &patterns {
            if let Some(&first) = slice(&folded, &pattern.key).as_bytes().first() {
                starts[usize::from(first)] = true;
            }
        }
        Matcher {
            folded_spellings: folded.into_boxed_str(),
            exact_spellings: exact.into_boxed_str(),
            candidates,
            full: OnceLock::new(),
            filtered_budget: AtomicUsize::new(FILTERED_BUDGET),
            patterns,
            starts,
        }
    }

    /// The automaton's keys, in pattern order.
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.patterns
            .iter()
            .map(|pattern| slice(&self.folded_spellings, &pattern.key))
    }

    /// Builds the whole automaton now, if it is not built yet: for callers
    /// that know they will scan a lot of text, and for benchmarks.
    pub fn build_all(&self) -> &NFA {
        self.full.get_or_init(|| {
            build_automaton(self.keys())
                .expect("dictionary spellings are bounded in number and size")
        })
    }

    /// The automaton to scan `folded` with: the whole one if it is built or
    /// the budget for filtered ones is spent, else one over the keys that may
    /// occur in `folded`.
    fn automaton_for(&self, folded: &[u8]) -> ScanAutomaton<'_> {
        if let Some(full) = self.full.get() {
            return ScanAutomaton::Full(full);
        }
        let len = folded.len();
        let within_budget = len <= FILTERED_MAX_TEXT
            && self
                .filtered_budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                    left.checked_sub(len)
                })
                .is_ok();
        if !within_budget {
            return ScanAutomaton::Full(self.build_all());
        }
        let filter = TrigramFilter::of(folded);
        let (keys, pattern_of): (Vec<&str>, Vec<u32>) = self
            .keys()
            .enumerate()
            .filter(|(_, key)| filter.may_contain(key.as_bytes()))
            .map(|(index, key)| (key, index as u32))
            .unzip();
        let automaton =
            build_automaton(&keys).expect("dictionary spellings are bounded in number and size");
        ScanAutomaton::Filtered(Box::new(Filtered {
            automaton,
            pattern_of,
        }))
    }

    /// Number of distinct spellings in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Calls `on_hit` for every accepted match in `text`, left to right, with
    /// the entries whose spelling and case rules the match satisfies.
    #[inline(never)]
    pub fn scan(&self, text: &str, mut on_hit: impl FnMut(Hit, &[EntryId])) {
        let mut folded = FOLDED.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        folded.clear();
        folded.extend_from_slice(text.as_bytes());
        folded.make_ascii_lowercase();
        let automaton = self.automaton_for(&folded);
        let nfa = automaton.nfa();
        let Ok(start) = nfa.start_state(Anchored::Yes) else {
            unreachable!("an NFA serves anchored searches whatever it was built for")
        };
        let skip_blanks = !self.starts[usize::from(b' ')] && !self.starts[usize::from(b'\n')];
        let mut accepted: Vec<EntryId> = Vec::new();
        let bytes = text.as_bytes();
        // Whether the character before `at` is a word character: then a match
        // that starts with one at `at` fails its start boundary.
        let mut after_word = false;
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let (word, len) = if b.is_ascii() {
                let word = ASCII_WORD[usize::from(b)];
                if word && after_word {
                    // Inside a word no match starts: on to its end.
                    at += 1;
                    while at < bytes.len() && ASCII_WORD[usize::from(bytes[at])] {
                        at += 1;
                    }
                    continue;
                }
                if skip_blanks && (b == b' ' || b == b'\n') {
                    // Masked text is full of long blank runs (every line of
                    // a code block, front matter or HTML block).
                    at = skip_blank_run(bytes, at + 1);
                    after_word = false;
                    continue;
                }
                (word, 1)
            } else if is_never_word_lead(b, bytes.get(at + 1).copied()) {
                (false, 3)
            } else {
                match text.get(at..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (is_word_char(c), c.len_utf8()),
                    None => (false, 1),
                }
            };
            if self.starts[usize::from(folded[at])] && !(word && after_word) {
                if let Some((end, id)) = longest_at(nfa, start, &folded, at) {
                    let pattern = automaton.pattern(id);
                    if let Some(hit) = self.accept(text, at, end, pattern, &mut accepted) {
                        at = hit.span.end.max(at + 1);
                        on_hit(hit, &accepted);
                        after_word = needs_boundary(char_before(text, at));
                        continue;
                    }
                }
            }
            // No accepted match starts here: go on at the next character.
            after_word = word;
            at += len;
        }
        FOLDED.with(|cell| *cell.borrow_mut() = folded);
    }

    fn accept(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
        accepted: &mut Vec<EntryId>,
    ) -> Option<Hit> {
        let pattern = &self.patterns[pattern];
        // A match may start or end inside a multi-byte character only when the
        // pattern itself does, which valid UTF-8 spellings never do; be safe anyway.
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        if pattern.bounded_start && needs_boundary(char_before(text, start)) {
            return None;
        }
        let matched = &text[start..end];
        accepted.clear();
        accepted.extend(
            self.candidates[pattern.candidates.start as usize..pattern.candidates.end as usize]
                .iter()
                .filter(|c| {
                    c.exact
                        .as_ref()
                        .is_none_or(|exact| slice(&self.exact_spellings, exact) == matched)
                })
                .map(|c| c.entry),
        );
        if accepted.is_empty() {
            return None;
        }
        let mut span_end = end;
        // Every ending starts with `'`, `s`, `e` or the first byte of `’`:
        // before anything else (most matches) only the boundary is checked.
        let may_have_ending = matches!(text.as_bytes().get(end), Some(b'\'' | b's' | b'e' | 0xE2));
        if pattern.bounded_end && !may_have_ending {
            if needs_boundary(char_at(text, end)) {
                return None;
            }
        } else if pattern.bounded_end {
            span_end = SUFFIXES
                .iter()
                .map(|suffix| end + suffix.len())
                .filter(|&e| text.get(end..e).is_some_and(|s| SUFFIXES.contains(&s)))
                .chain(std::iter::once(end))
                .find(|&e| !needs_boundary(char_at(text, e)))?;
        }
        Some(Hit {
            span: start..span_end,
            stem_end: end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> Dictionary {
        let mut d = Dictionary::new();
        d.add_json(
            "t.json",
            r#"{"name":"t","language":"en","description":"",
            "entries":[
              {"term":"API","kind":"acronym","suggestions":["x"],"explanation":"x","category":"t","severity":"error","known_to":"technical","examples":["API"]},
              {"term":"SaaS","kind":"acronym","suggestions":["x"],"explanation":"x","category":"t","severity":"error","known_to":"technical","examples":["SaaS"]},
              {"term":"microservices","aliases":["micro-service"],"kind":"term","suggestions":["x"],"explanation":"x","category":"t","severity":"warning","known_to":"technical","examples":["microservices"]},
              {"term":"中台","kind":"term","suggestions":["x"],"explanation":"x","category":"t","severity":"warning","known_to":"few","examples":["中台"]},
              {"term":"数据中台","kind":"term","suggestions":["x"],"explanation":"x","category":"t","severity":"warning","known_to":"few","examples":["数据中台"]},
              {"term":"API接口","kind":"term","suggestions":["x"],"explanation":"x","category":"t","severity":"warning","known_to":"few","examples":["API接口"]}
            ]}"#,
        )
        .unwrap();
        d
    }

    fn matches(text: &str) -> Vec<&str> {
        let d = dictionary();
        let m = Matcher::new(&d);
        let mut out = Vec::new();
        m.scan(text, |hit, _| out.push(&text[hit.span]));
        out
    }

    #[test]
    fn latin_terms_need_word_boundaries() {
        assert_eq!(matches("rapid CAPITAL APIary"), Vec::<&str>::new());
        assert_eq!(matches("rapid API, then"), vec!["API"]);
        assert_eq!(matches("API_KEY or api or Api"), Vec::<&str>::new());
        assert_eq!(matches("API-first"), vec!["API"]);
    }

    #[test]
    fn plurals_and_possessives_are_part_of_the_match() {
        assert_eq!(
            matches("APIs, API's and SaaS's"),
            vec!["APIs", "API's", "SaaS's"]
        );
        assert_eq!(matches("Microservice's"), Vec::<&str>::new());
        assert_eq!(matches("Micro-services"), vec!["Micro-services"]);
        assert_eq!(matches("APIsx"), Vec::<&str>::new());
    }

    #[test]
    fn cjk_neighbours_are_boundaries_and_chinese_matches_inside_words() {
        assert_eq!(matches("把API用起来"), vec!["API"]);
        assert_eq!(
            matches("用API接口打通中台和数据中台"),
            vec!["API接口", "中台", "数据中台"]
        );
    }

    #[test]
    fn long_blank_runs_do_not_change_matches() {
        let pad = " ".repeat(40);
        let text = format!("API{pad}\n{pad}SaaS microservices{pad}API接口  中台{pad}");
        assert_eq!(
            matches(&text),
            vec!["API", "SaaS", "microservices", "API接口", "中台"]
        );
        for at in 0..40 {
            let text = format!("{}API{}", " ".repeat(at), " ".repeat(at));
            assert_eq!(matches(&text), vec!["API"], "{at}");
        }
    }

    fn all_hits(matcher: &Matcher, text: &str) -> Vec<(Range<usize>, Vec<EntryId>)> {
        let mut out = Vec::new();
        matcher.scan(text, |hit, entries| out.push((hit.span, entries.to_vec())));
        out
    }

    /// Small texts are scanned by an automaton over the spellings their
    /// trigrams allow; the hits must be exactly the whole automaton's.
    #[test]
    fn filtered_automaton_finds_exactly_what_the_whole_one_finds() {
        use crate::dictionary::Language;
        let dictionary = Dictionary::builtin(&[Language::En, Language::Zh]).unwrap();
        let texts = [
            "We will migrate the ERP to SaaS in the IDC; the APIs' owners agree.",
            "打通中台API，K8s 集群上云，数据中台和 API接口 都要改。",
            "Kubernetes, kubernetes and KUBERNETES; rapid CAPITAL APIary; e-mail",
            "ML/AI 😀 models\r\n\ton the data lake — a lakehouse? SLA’s, OKRs",
            "",
            "ab",
        ];
        let whole = Matcher::new(&dictionary);
        whole.build_all();
        assert_eq!(all_hits(&whole, texts[0]).len(), 4);
        for text in texts {
            let fresh = Matcher::new(&dictionary);
            assert_eq!(all_hits(&fresh, text), all_hits(&whole, text), "{text}");
            assert!(
                fresh.full.get().is_none(),
                "a small text used a filtered automaton"
            );
        }
    }

    #[test]
    fn whole_automaton_is_built_once_the_filtered_budget_is_spent() {
        let d = dictionary();
        let m = Matcher::new(&d);
        let chunk = "API and 中台. ".repeat(1000);
        let mut scanned = 0;
        while scanned + chunk.len() <= FILTERED_BUDGET {
            assert_eq!(all_hits(&m, &chunk).len(), 2000);
            scanned += chunk.len();
        }
        assert!(m.full.get().is_none());
        assert_eq!(all_hits(&m, &chunk).len(), 2000);
        assert!(
            m.full.get().is_some(),
            "past the budget, the whole automaton is built"
        );
        // A long text never takes the filtered path.
        let long = Matcher::new(&d);
        let text = "SaaS ".repeat(FILTERED_MAX_TEXT / 5 + 1);
        assert_eq!(all_hits(&long, &text).len(), FILTERED_MAX_TEXT / 5 + 1);
        assert!(long.full.get().is_some());
    }

    #[test]
    fn trigram_filter_admits_every_substring_of_its_text() {
        let text = "migrate the erp to saas, 打通中台api 😀\r\n".as_bytes();
        let filter = TrigramFilter::of(text);
        for start in 0..text.len() {
            for end in start..=text.len() {
                assert!(filter.may_contain(&text[start..end]), "{start}..{end}");
            }
        }
        assert!(!filter.may_contain(b"kubernetes"));
    }

    /// The scan as it was before anchored search: an unanchored
    /// leftmost-longest search over every byte that resumes one character
    /// after a rejected match's start, and after an accepted match.
    fn unanchored_hits(matcher: &Matcher, text: &str) -> Vec<(Range<usize>, Vec<EntryId>)> {
        let automaton = matcher.build_all();
        let folded = text.to_ascii_lowercase();
        let mut accepted = Vec::new();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let input = aho_corasick::Input::new(folded.as_bytes()).span(pos..text.len());
            let Some(m) = automaton.try_find(&input).unwrap() else {
                break;
            };
            let (start, end) = (m.start(), m.end());
            match matcher.accept(text, start, end, m.pattern().as_usize(), &mut accepted) {
                Some(hit) => {
                    pos = hit.span.end.max(start + 1);
                    out.push((hit.span, accepted.clone()));
                }
                None => pos = start + char_at(text, start).map_or(1, char::len_utf8),
            }
        }
        out
    }

    /// Texts made of the bundled dictionary's spellings (in any case), bits
    /// of words, CJK, emoji and separators: every boundary case the
    /// anchored scan skips positions on.
    fn spelled_text(
        spellings: &'static [String],
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => (0..spellings.len(), 0..3u8).prop_map(move |(i, case)| match case {
                0 => spellings[i].clone(),
                1 => spellings[i].to_uppercase(),
                _ => spellings[i].to_lowercase(),
            }),
            3 => prop::sample::select(vec![
                " ", " ", "-", "_", "'s", "s", "es", "’s", "x", "é", "7", "中", "，", "😀",
                "\r\n", "\t", ".", "/", "(", "的", "API", "api", "e-", "Ü",
            ])
            .prop_map(str::to_string),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    #[test]
    fn anchored_scan_finds_exactly_what_an_unanchored_search_finds() {
        use crate::dictionary::Language;
        use proptest::test_runner::{Config, TestRunner};
        use std::sync::LazyLock;
        static DICTIONARY: LazyLock<Dictionary> =
            LazyLock::new(|| Dictionary::builtin(&[Language::En, Language::Zh]).unwrap());
        static SPELLINGS: LazyLock<Vec<String>> = LazyLock::new(|| {
            DICTIONARY
                .entries
                .iter()
                .flat_map(Entry::spellings)
                .map(str::to_string)
                .collect()
        });
        let matcher = Matcher::new(&DICTIONARY);
        matcher.build_all();
        for text in [
            "rapid CAPITAL APIary API's APIs' e-mail ERP/CRM 打通中台API，K8s 集群上云",
            "SaaSSaaS SaaS-SaaS _API API_ 7API API7 éAPI APIé 中API中 😀API😀",
        ] {
            assert_eq!(
                all_hits(&matcher, text),
                unanchored_hits(&matcher, text),
                "{text}"
            );
        }
        let mut runner = TestRunner::new(Config::with_cases(2000));
        runner
            .run(&spelled_text(&SPELLINGS), |text| {
                proptest::prop_assert_eq!(
                    all_hits(&matcher, &text),
                    unanchored_hits(&matcher, &text),
                    "{:?}",
                    text
                );
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn blocks_ruled_out_by_their_first_bytes_have_no_word_characters() {
        let mut ruled_out = 0;
        for c in (0x800..=0xFFFF).filter_map(char::from_u32) {
            let mut utf8 = [0; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            if is_never_word_lead(bytes[0], Some(bytes[1])) {
                assert!(!is_word_char(c), "{c:?} U+{:04X}", c as u32);
                ruled_out += 1;
            }
        }
        // U+3000..=U+30FF, U+4000..=U+9FFF, U+FF00..=U+FFFF.
        assert_eq!(ruled_out, 0x100 + 0x6000 + 0x100);
    }

    #[test]
    fn terms_ignore_ascii_case_acronyms_do_not() {
        assert_eq!(matches("MICROSERVICES and saas"), vec!["MICROSERVICES"]);
    }
}
