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
//! window occurs in the text ([`TrigramFilter`]): a spelling that occurs in
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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};

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
    full: OnceLock<AhoCorasick>,
    /// Bytes of text that may still be scanned by automata over filtered keys
    /// before the whole automaton is built.
    filtered_budget: AtomicUsize,
    patterns: Vec<Pattern>,
    /// No spelling holds a run of `BLANK_RUN` blanks, so the scan may jump
    /// over such runs (see [`blank_run`]).
    skip_blanks: bool,
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
            skip_blanks: self.skip_blanks,
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
    automaton: AhoCorasick,
    pattern_of: Vec<u32>,
}

/// The automaton a scan uses.
enum Automaton<'a> {
    Full(&'a AhoCorasick),
    Filtered(Filtered),
}

impl Automaton<'_> {
    fn find(&self, input: Input<'_>) -> Option<(usize, usize, usize)> {
        let (automaton, map) = match self {
            Automaton::Full(automaton) => (*automaton, None),
            Automaton::Filtered(f) => (&f.automaton, Some(&f.pattern_of)),
        };
        let m = automaton.find(input)?;
        let pattern = m.pattern().as_usize();
        let pattern = map.map_or(pattern, |map| map[pattern] as usize);
        Some((m.start(), m.end(), pattern))
    }
}

/// Length of a run of blanks (spaces, line breaks) that no match can span.
const BLANK_RUN: usize = 16;
// `may_be_all_blank` tests blocks of exactly two 8-byte words.
const _: () = assert!(BLANK_RUN == 16);

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\n'
}

/// A quick test on a block of 16 bytes, two words at a time: false if some
/// byte has a bit that neither a space (0x20) nor a line break (0x0A) has,
/// which is true of nearly every block of prose. Blocks that pass are
/// checked byte by byte. The byte-by-byte test alone was 3% of a run.
fn may_be_all_blank(block: &[u8]) -> bool {
    const BITS: u64 = u64::from_ne_bytes([b' ' | b'\n'; 8]);
    let (head, tail) = block.split_at(8);
    let word = |half: &[u8]| u64::from_ne_bytes(half.try_into().unwrap_or([0xFF; 8]));
    (word(head) | word(tail)) & !BITS == 0
}

/// Whether a block of `BLANK_RUN` bytes is all blanks.
fn is_blank_block(block: &[u8]) -> bool {
    may_be_all_blank(block) && block.iter().all(|&b| is_blank(b))
}

/// The next run of at least `BLANK_RUN` blanks at or after `from`, found by
/// testing aligned-to-`from` blocks of `BLANK_RUN` bytes (so a run shorter than
/// twice that may be missed, which only means it is scanned).
///
/// Masked text is full of such runs: every line of a code block, front matter
/// or an HTML block is blanked to spaces. The automaton would walk them byte
/// by byte for nothing.
fn blank_run(bytes: &[u8], from: usize) -> Option<Range<usize>> {
    let mut at = from;
    while at + BLANK_RUN <= bytes.len() {
        if is_blank_block(&bytes[at..at + BLANK_RUN]) {
            let mut start = at;
            while start > from && is_blank(bytes[start - 1]) {
                start -= 1;
            }
            // Runs are long (a blanked code block): extend a block at a time.
            let mut end = at + BLANK_RUN;
            while end + BLANK_RUN <= bytes.len() && is_blank_block(&bytes[end..end + BLANK_RUN]) {
                end += BLANK_RUN;
            }
            while end < bytes.len() && is_blank(bytes[end]) {
                end += 1;
            }
            return Some(start..end);
        }
        at += BLANK_RUN;
    }
    None
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

/// The automaton settings the lexer uses, for anyone who wants to build the
/// same automaton over the same keys ([`automaton_keys`]; the bare-scan
/// benchmark does). Run it over ASCII-lowercased text
/// (`make_ascii_lowercase`): the keys are lowercase and case is folded in the
/// text, not in the automaton.
pub fn automaton_builder() -> AhoCorasickBuilder {
    let mut builder = AhoCorasick::builder();
    builder.match_kind(MatchKind::LeftmostLongest);
    builder
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
        let skip_blanks = patterns.iter().all(|pattern| {
            slice(&folded, &pattern.key)
                .as_bytes()
                .split(|&b| !is_blank(b))
                .all(|run| run.len() < BLANK_RUN)
        });
        Matcher {
            folded_spellings: folded.into_boxed_str(),
            exact_spellings: exact.into_boxed_str(),
            candidates,
            full: OnceLock::new(),
            filtered_budget: AtomicUsize::new(FILTERED_BUDGET),
            patterns,
            skip_blanks,
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
    pub fn build_all(&self) -> &AhoCorasick {
        self.full.get_or_init(|| {
            automaton_builder()
                .build(self.keys())
                .expect("dictionary spellings are bounded in number and size")
        })
    }

    /// The automaton to scan `folded` with: the whole one if it is built or
    /// the budget for filtered ones is spent, else one over the keys that may
    /// occur in `folded`.
    fn automaton_for(&self, folded: &[u8]) -> Automaton<'_> {
        if let Some(full) = self.full.get() {
            return Automaton::Full(full);
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
            return Automaton::Full(self.build_all());
        }
        let filter = TrigramFilter::of(folded);
        let (keys, pattern_of): (Vec<&str>, Vec<u32>) = self
            .keys()
            .enumerate()
            .filter(|(_, key)| filter.may_contain(key.as_bytes()))
            .map(|(index, key)| (key, index as u32))
            .unzip();
        let automaton = automaton_builder()
            .build(&keys)
            .expect("dictionary spellings are bounded in number and size");
        Automaton::Filtered(Filtered {
            automaton,
            pattern_of,
        })
    }

    /// Number of distinct spellings in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Calls `on_hit` for every accepted match in `text`, left to right, with
    /// the entries whose spelling and case rules the match satisfies.
    pub fn scan(&self, text: &str, mut on_hit: impl FnMut(Hit, &[EntryId])) {
        let mut folded = FOLDED.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        folded.clear();
        folded.extend_from_slice(text.as_bytes());
        folded.make_ascii_lowercase();
        let automaton = self.automaton_for(&folded);
        let mut accepted: Vec<EntryId> = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            // Search up to the next long blank run, then resume after it: no
            // match spans one, so the results are those of one whole search.
            let run = if self.skip_blanks {
                blank_run(&folded, pos)
            } else {
                None
            };
            let (end, resume) = run.map_or((text.len(), text.len()), |r| (r.start, r.end));
            self.scan_span(
                &automaton,
                text,
                &folded,
                pos,
                end,
                &mut accepted,
                &mut on_hit,
            );
            pos = resume;
        }
        FOLDED.with(|cell| *cell.borrow_mut() = folded);
    }

    /// Searches `folded` (the lowercased `text`) from `pos` to `end`; the
    /// boundary and case rules look at `text` itself.
    #[allow(clippy::too_many_arguments)]
    fn scan_span(
        &self,
        automaton: &Automaton<'_>,
        text: &str,
        folded: &[u8],
        mut pos: usize,
        end: usize,
        accepted: &mut Vec<EntryId>,
        on_hit: &mut impl FnMut(Hit, &[EntryId]),
    ) {
        while pos < end {
            let Some((start, match_end, pattern)) =
                automaton.find(Input::new(folded).span(pos..end))
            else {
                break;
            };
            match self.accept(text, start, match_end, pattern, accepted) {
                Some(hit) => {
                    pos = hit.span.end.max(start + 1);
                    on_hit(hit, accepted);
                }
                None => {
                    // Resume at the next character after the rejected match's start.
                    pos = start + char_at(text, start).map_or(1, char::len_utf8);
                }
            }
        }
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
    fn long_blank_runs_are_skipped_without_changing_matches() {
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
        assert_eq!(blank_run(b"ab", 0), None);
        let bytes = format!("ab{}cd", " ".repeat(33));
        assert_eq!(blank_run(bytes.as_bytes(), 0), Some(2..35));
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

    #[test]
    fn quick_blank_test_never_rejects_a_blank_block() {
        for byte in 0..=255u8 {
            for at in 0..BLANK_RUN {
                let mut block = [b' '; BLANK_RUN];
                block[at] = byte;
                if is_blank(byte) {
                    assert!(may_be_all_blank(&block), "{byte:#x} at {at}");
                }
                let found = blank_run(&block, 0).is_some();
                assert_eq!(found, is_blank(byte), "{byte:#x} at {at}");
            }
        }
        assert!(may_be_all_blank(b"\n \n  \n\n       \n "));
        assert!(!may_be_all_blank(b"sixteen bytes ok"));
    }

    #[test]
    fn terms_ignore_ascii_case_acronyms_do_not() {
        assert_eq!(matches("MICROSERVICES and saas"), vec!["MICROSERVICES"]);
    }
}
