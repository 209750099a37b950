//! How technical a document reads: words of prose, jargon findings per 1,000
//! words (the *density*), and where the findings are — by section, severity,
//! category and term.
//!
//! # The word-count rule
//!
//! Words are counted on the prose view ([`Prose::masked`]), so code, URLs,
//! markup and front matter never count, exactly as they are never checked.
//!
//! - An English (or other alphabetic-script) word is a run of letters and
//!   digits. An apostrophe or hyphen between two letters or digits does not end
//!   it ("customer's", "year-on-year"), nor does a point or comma between two
//!   digits ("2.0", "1,000"); anything else does.
//! - Each Chinese character (and each kana or Hangul syllable) is one word,
//!   because those scripts are written without spaces. This makes a Chinese
//!   text look longer than a word-segmented count would (a Chinese word is
//!   1.5 to 2 characters), so its density reads somewhat lower than an English
//!   text with the same share of jargon.
//! - Punctuation, full-width or not, is never a word.
//!
//! Statistics count jargon and undefined-acronym findings. A suppression
//! comment that suppresses nothing is not jargon in the text, so it is left
//! out (it is still reported, and still in the JSON `findings` count).
//!
//! Sections come from the document's headings (Markdown headings, Word
//! heading styles): a section runs from its heading to the next heading of any
//! level. Text before the first heading is a section without a title. A word
//! or finding belongs to the section its first byte is in, so section totals
//! add up to the document's.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::charclass::is_cjk;
use crate::dictionary::Severity;
use crate::format::Prose;
use crate::lint::{Finding, Rule};
use crate::source::SourceText;

/// How many terms `top_terms` lists.
pub const TOP_TERMS: usize = 10;

/// Words of a text, by script.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCount {
    /// Words in alphabetic scripts (English, …) and numbers.
    pub latin: usize,
    /// Chinese characters, kana and Hangul syllables, one word each.
    pub cjk: usize,
}

impl WordCount {
    pub fn total(self) -> usize {
        self.latin + self.cjk
    }

    /// Whether most of the words are Chinese (or Japanese, Korean).
    pub fn mostly_cjk(self) -> bool {
        self.cjk > self.latin
    }
}

impl std::ops::AddAssign for WordCount {
    fn add_assign(&mut self, other: WordCount) {
        self.latin += other.latin;
        self.cjk += other.cjk;
    }
}

/// A character that is one word on its own: a Han character, kana, Hangul.
fn is_cjk_word(c: char) -> bool {
    is_cjk(c) && c.is_alphanumeric()
}

/// A character that makes up an alphabetic-script word.
fn is_latin_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Calls `each(byte_offset, is_cjk)` at the start of every word of `text`.
pub fn for_each_word(text: &str, mut each: impl FnMut(usize, bool)) {
    let mut in_word = false;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if is_cjk_word(c) {
            each(at, true);
            in_word = false;
        } else if is_latin_word_char(c) {
            if !in_word {
                each(at, false);
                in_word = true;
            }
        } else if in_word {
            let next = chars.peek().map(|&(_, n)| n);
            let joins = match (prev, next) {
                (Some(p), Some(n)) if is_latin_word_char(n) => match c {
                    '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}' => true,
                    '.' | ',' => p.is_ascii_digit() && n.is_ascii_digit(),
                    _ => false,
                },
                _ => false,
            };
            in_word = joins;
        }
        prev = Some(c);
    }
}

/// Counts the words of a text (see the module documentation for the rule).
pub fn word_count(text: &str) -> WordCount {
    let mut count = WordCount::default();
    for_each_word(text, |_, cjk| {
        if cjk {
            count.cjk += 1
        } else {
            count.latin += 1
        }
    });
    count
}

/// The number of words of a text.
pub fn count_words(text: &str) -> usize {
    word_count(text).total()
}

/// Findings per 1,000 words; 0 for a text without words.
pub fn density(findings: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        findings as f64 * 1000.0 / words as f64
    }
}

/// Densities are written with two decimals: enough to compare, short to read.
fn round2<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((value * 100.0).round() / 100.0)
}

/// How a density reads to a manager. The bands are per 1,000 words: under 5
/// (one term in 200 words) reads plainly; over 30 reads like an IT document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Plain,
    SomeJargon,
    Technical,
    HeavyJargon,
}

impl Verdict {
    /// Upper bounds (inclusive) of the first three bands.
    pub const BANDS: [f64; 3] = [5.0, 15.0, 30.0];

    pub fn of(density: f64) -> Verdict {
        match density {
            d if d <= Self::BANDS[0] => Verdict::Plain,
            d if d <= Self::BANDS[1] => Verdict::SomeJargon,
            d if d <= Self::BANDS[2] => Verdict::Technical,
            _ => Verdict::HeavyJargon,
        }
    }

    /// A short label: "reads plainly", "heavy jargon".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Plain => "reads plainly",
            Verdict::SomeJargon => "some jargon",
            Verdict::Technical => "technical",
            Verdict::HeavyJargon => "heavy jargon",
        }
    }

    /// One sentence for the person who signs the document off.
    pub fn advice(self) -> &'static str {
        match self {
            Verdict::Plain => "A non-technical reader will follow this without help.",
            Verdict::SomeJargon => {
                "Most readers will follow, but they will stumble on the highlighted terms: explain or replace them."
            }
            Verdict::Technical => {
                "Many readers will stumble. Rewrite the worst sections first, then explain the terms that must stay."
            }
            Verdict::HeavyJargon => {
                "This reads like a document for IT staff, not for the board. Rewrite it in business terms before it goes out."
            }
        }
    }
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }

    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }

    fn merge(&mut self, other: &SeverityCounts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
    }
}

/// A term and how often it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermCount {
    pub term: String,
    pub count: usize,
}

/// One section of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionStats {
    /// The heading's text; `null` for the text before the first heading.
    pub title: Option<String>,
    /// Heading level (1 for the top level); 0 before the first heading.
    pub level: u8,
    /// 1-based line where the section starts.
    pub line: usize,
    pub words: usize,
    pub findings: usize,
    #[serde(serialize_with = "round2")]
    pub density: f64,
    pub by_severity: SeverityCounts,
    /// Byte offset where the section starts.
    #[serde(skip)]
    pub offset: usize,
    /// Index of the heading in [`Prose::headings`]; `None` before the first.
    #[serde(skip)]
    pub heading: Option<usize>,
}

/// Statistics of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocStats {
    pub path: String,
    pub words: usize,
    pub findings: usize,
    #[serde(serialize_with = "round2")]
    pub density: f64,
    pub by_severity: SeverityCounts,
    pub sections: Vec<SectionStats>,
    /// Words by script (decides which language a document is mostly in).
    #[serde(skip)]
    pub word_count: WordCount,
    #[serde(skip)]
    pub by_category: BTreeMap<String, usize>,
    #[serde(skip)]
    pub terms: BTreeMap<String, usize>,
}

/// Whether a finding counts in the statistics: jargon and undefined acronyms do.
pub fn counts(finding: &Finding) -> bool {
    finding.rule != Rule::UnusedSuppression
}

impl DocStats {
    /// Counts the words of a document's prose and sorts its findings into sections.
    pub fn compute(path: &str, source: &SourceText, prose: &Prose, findings: &[Finding]) -> Self {
        // Section starts: the text before the first heading, then each heading.
        let mut sections: Vec<SectionStats> = Vec::with_capacity(prose.headings.len() + 1);
        let section = |title, level, offset, heading| SectionStats {
            title,
            level,
            line: source.line_column(offset).0,
            words: 0,
            findings: 0,
            density: 0.0,
            by_severity: SeverityCounts::default(),
            offset,
            heading,
        };
        sections.push(section(None, 0, source.bom_len(), None));
        for (i, h) in prose.headings.iter().enumerate() {
            sections.push(section(Some(h.title.clone()), h.level, h.offset, Some(i)));
        }
        // Headings come in document order; keep the search below correct if not.
        sections[1..].sort_by_key(|s| s.offset);
        let section_of = |at: usize| {
            sections
                .partition_point(|s| s.offset <= at)
                .saturating_sub(1)
        };

        let mut word_count = WordCount::default();
        let mut section_words = vec![0usize; sections.len()];
        for_each_word(&prose.masked, |at, cjk| {
            if cjk {
                word_count.cjk += 1;
            } else {
                word_count.latin += 1;
            }
            section_words[section_of(at)] += 1;
        });

        let mut stats = DocStats {
            path: path.to_string(),
            words: word_count.total(),
            findings: 0,
            density: 0.0,
            by_severity: SeverityCounts::default(),
            sections: Vec::new(),
            word_count,
            by_category: BTreeMap::new(),
            terms: BTreeMap::new(),
        };
        let mut section_findings = vec![SeverityCounts::default(); sections.len()];
        for finding in findings.iter().filter(|f| counts(f)) {
            stats.findings += 1;
            stats.by_severity.add(finding.severity);
            *stats
                .by_category
                .entry(finding.category().to_string())
                .or_default() += 1;
            *stats.terms.entry(finding.term().to_string()).or_default() += 1;
            section_findings[section_of(finding.span.start)].add(finding.severity);
        }
        stats.density = density(stats.findings, stats.words);
        for (i, mut s) in sections.into_iter().enumerate() {
            s.words = section_words[i];
            s.by_severity = section_findings[i];
            s.findings = s.by_severity.total();
            s.density = density(s.findings, s.words);
            // An untitled opening section with nothing in it (front matter, or
            // a heading on the first line) is not worth a row.
            if s.heading.is_some() || s.words > 0 || s.findings > 0 {
                stats.sections.push(s);
            }
        }
        stats
    }

    pub fn verdict(&self) -> Verdict {
        Verdict::of(self.density)
    }
}

/// Statistics of a run: the totals, then one entry per document. These are
/// the fields `--stats` adds to the JSON `summary`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunStats {
    pub words: usize,
    #[serde(serialize_with = "round2")]
    pub density: f64,
    pub by_severity: SeverityCounts,
    pub by_category: BTreeMap<String, usize>,
    pub top_terms: Vec<TermCount>,
    pub files: Vec<DocStats>,
    /// Findings counted (jargon and undefined acronyms).
    #[serde(skip)]
    pub findings: usize,
    /// Words by script, over all documents.
    #[serde(skip)]
    pub word_count: WordCount,
    /// Every term with its count, most frequent first.
    #[serde(skip)]
    pub terms: Vec<TermCount>,
}

impl RunStats {
    /// Adds up the statistics of the documents of a run, kept in the given order.
    pub fn from_docs(files: Vec<DocStats>) -> RunStats {
        let mut run = RunStats::default();
        let mut terms: BTreeMap<&str, usize> = BTreeMap::new();
        for doc in &files {
            run.words += doc.words;
            run.word_count += doc.word_count;
            run.findings += doc.findings;
            run.by_severity.merge(&doc.by_severity);
            for (category, n) in &doc.by_category {
                *run.by_category.entry(category.clone()).or_default() += n;
            }
            for (term, n) in &doc.terms {
                *terms.entry(term).or_default() += n;
            }
        }
        run.density = density(run.findings, run.words);
        let mut terms: Vec<TermCount> = terms
            .into_iter()
            .map(|(term, count)| TermCount {
                term: term.to_string(),
                count,
            })
            .collect();
        // Most frequent first; ties in the order of the term (stable from the map).
        terms.sort_by_key(|t| std::cmp::Reverse(t.count));
        run.top_terms = terms.iter().take(TOP_TERMS).cloned().collect();
        run.terms = terms;
        run.files = files;
        run
    }

    pub fn verdict(&self) -> Verdict {
        Verdict::of(self.density)
    }

    /// The section with the highest density among those with at least
    /// `min_words` words, with its document.
    pub fn worst_section(&self, min_words: usize) -> Option<(&DocStats, &SectionStats)> {
        self.files
            .iter()
            .flat_map(|d| d.sections.iter().map(move |s| (d, s)))
            .filter(|(_, s)| s.words >= min_words && s.findings > 0)
            .max_by(|a, b| a.1.density.total_cmp(&b.1.density))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry_text::EntryText;
    use crate::format::{self, Format};

    fn words(text: &str) -> (usize, usize) {
        let c = word_count(text);
        (c.latin, c.cjk)
    }

    #[test]
    fn english_words_are_runs_of_letters_and_digits() {
        assert_eq!(words("Revenue grew 12% year on year."), (6, 0));
        assert_eq!(words("The customer's year-on-year view"), (4, 0));
        assert_eq!(words("Version 2.0 cost 1,000 dollars, then 3."), (7, 0));
        assert_eq!(words("K8s, SaaS and naïve café"), (5, 0));
        assert_eq!(words("  ...  -- ' "), (0, 0));
        assert_eq!(words("end-"), (1, 0));
        assert_eq!(words("rock 'n' roll"), (3, 0));
    }

    #[test]
    fn each_chinese_character_is_a_word_and_punctuation_is_not() {
        assert_eq!(words("数据中台已上线。"), (0, 7));
        assert_eq!(words("（企业资源计划），、！"), (0, 6));
        assert_eq!(count_words("中台"), 2);
    }

    #[test]
    fn mixed_text_counts_both() {
        // 把 ERP 系 统 迁 移 到 IDC 机 房 -> 8 characters and 2 English words
        assert_eq!(words("把ERP系统迁移到IDC机房"), (2, 8));
        assert_eq!(words("我们用 API 接口 and K8s 集群"), (3, 7));
        assert!(word_count("我们用API").mostly_cjk());
    }

    #[test]
    fn density_is_per_thousand_words() {
        assert_eq!(density(5, 1000), 5.0);
        assert_eq!(density(1, 200), 5.0);
        assert_eq!(density(3, 0), 0.0);
        assert!((density(2, 3) - 666.666).abs() < 0.01);
    }

    #[test]
    fn verdict_bands() {
        assert_eq!(Verdict::of(0.0), Verdict::Plain);
        assert_eq!(Verdict::of(5.0), Verdict::Plain);
        assert_eq!(Verdict::of(5.1), Verdict::SomeJargon);
        assert_eq!(Verdict::of(20.0), Verdict::Technical);
        assert_eq!(Verdict::of(30.5), Verdict::HeavyJargon);
    }

    fn finding(text: &str, needle: &str, severity: Severity, rule: Rule) -> Finding {
        let start = text.find(needle).unwrap();
        Finding::new(
            start..start + needle.len(),
            rule,
            severity,
            needle,
            "",
            EntryText {
                term: needle.into(),
                category: "test".into(),
                ..Default::default()
            },
        )
    }

    #[test]
    fn sections_add_up_and_code_does_not_count() {
        let text = "---\ntitle: x\n---\n\n# Plan\n\nWe move the ERP.\n\n```\nlots of code here\n```\n\n## 下一步\n\n上线API接口。\n";
        let source = SourceText::new(text.to_string());
        let prose = format::extract(Format::Markdown, text);
        let findings = vec![
            finding(text, "ERP", Severity::Error, Rule::Jargon),
            finding(text, "API", Severity::Warning, Rule::Jargon),
            finding(text, "x", Severity::Info, Rule::UnusedSuppression),
        ];
        let stats = DocStats::compute("a.md", &source, &prose, &findings);
        // Plan(1) + We move the ERP(4) + 下一步(3) + 上线(2) API(1) 接口(2)
        assert_eq!(stats.words, 13);
        assert_eq!(stats.findings, 2);
        assert_eq!(stats.by_severity.error, 1);
        assert_eq!(stats.by_severity.warning, 1);
        let titles: Vec<_> = stats.sections.iter().map(|s| s.title.clone()).collect();
        assert_eq!(
            titles,
            vec![Some("Plan".to_string()), Some("下一步".to_string())]
        );
        assert_eq!(stats.sections[0].words, 5);
        assert_eq!(stats.sections[0].line, 5);
        assert_eq!(stats.sections[1].words, 8);
        assert_eq!(stats.sections[1].findings, 1);
        assert_eq!(
            stats.sections.iter().map(|s| s.words).sum::<usize>(),
            stats.words
        );
        assert!((stats.density - 2000.0 / 13.0).abs() < 1e-9);
    }

    #[test]
    fn plain_text_is_one_untitled_section() {
        let text = "We use the API daily.\n";
        let source = SourceText::new(text.to_string());
        let prose = format::extract(Format::Plain, text);
        let findings = vec![finding(text, "API", Severity::Error, Rule::Jargon)];
        let stats = DocStats::compute("a.txt", &source, &prose, &findings);
        assert_eq!(stats.sections.len(), 1);
        assert_eq!(stats.sections[0].title, None);
        assert_eq!(stats.sections[0].words, 5);
        assert_eq!(stats.density, 200.0);
    }

    #[test]
    fn run_totals_and_top_terms() {
        let text = "API and API and ERP\n";
        let source = SourceText::new(text.to_string());
        let prose = format::extract(Format::Plain, text);
        let mut findings = vec![
            finding(text, "API", Severity::Error, Rule::Jargon),
            finding(text, "ERP", Severity::Warning, Rule::Jargon),
        ];
        let mut second = findings[0].clone();
        second.span = 8..11;
        findings.insert(1, second);
        let a = DocStats::compute("a.txt", &source, &prose, &findings);
        let b = DocStats::compute("b.txt", &source, &prose, &findings[2..]);
        let run = RunStats::from_docs(vec![a, b]);
        assert_eq!(run.words, 10);
        assert_eq!(run.findings, 4);
        assert_eq!(run.density, 400.0);
        assert_eq!(
            run.top_terms,
            vec![
                TermCount {
                    term: "API".into(),
                    count: 2
                },
                TermCount {
                    term: "ERP".into(),
                    count: 2
                }
            ]
        );
        assert_eq!(run.by_category["test"], 4);
        let json = serde_json::to_value(&run).unwrap();
        assert_eq!(
            json["files"][0]["sections"][0]["title"],
            serde_json::Value::Null
        );
        assert_eq!(json["density"], 400.0);
    }
}
