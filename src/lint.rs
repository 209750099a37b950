//! From dictionary hits and acronym-shaped tokens to findings.
//!
//! This is where the reader is taken into account: which entries the audience
//! already knows, which acronyms the document has explained, which language the
//! sentence is in (an English acronym in a Chinese sentence gets the Chinese
//! entry's suggestions).

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use serde::Serialize;

use crate::acronym::{
    acronym_tokens, is_acronym_shaped, is_roman_numeral, is_shouting, AcronymToken, CommonAcronyms,
};
use crate::charclass::is_han;
use crate::definitions::{find_definitions, Definition, DefinitionIndex};
use crate::dictionary::{Audience, Dictionary, EntryId, Kind, Language, Severity};
use crate::entry_text::{EntryText, EntryTexts};
use crate::format::{self, Format, Prose};
use crate::lexer::{Hit, Matcher};
use crate::match_text::{MatchTexts, Says, Wording};
use crate::suppress;

/// How far (in characters) around a match to look for Han characters to
/// decide that the sentence is Chinese.
const LANGUAGE_WINDOW: usize = 30;

/// The explanation of every undefined-acronym finding, allocated once.
static UNDEFINED_ACRONYM_EXPLANATION: LazyLock<Arc<str>> = LazyLock::new(|| {
    Arc::from("An acronym that no dictionary knows and that the document does not define before using it; readers outside the team will not know it.")
});

/// What every undefined-acronym finding says after the acronym, in its message.
const UNDEFINED_ACRONYM_SAYS: &str = " is an acronym the document does not explain";

/// The category of every undefined-acronym finding, allocated once.
static UNDEFINED_ACRONYM_CATEGORY: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from("acronym"));

/// What a finding is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A dictionary term the reader would stumble on.
    Jargon,
    /// An acronym no dictionary knows and the document does not explain.
    UndefinedAcronym,
    /// A suppression comment that suppressed nothing.
    UnusedSuppression,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Jargon => "jargon",
            Rule::UndefinedAcronym => "undefined-acronym",
            Rule::UnusedSuppression => "unused-suppression",
        }
    }

    /// Every rule, for listings such as SARIF rule metadata.
    pub const ALL: [Rule; 3] = [
        Rule::Jargon,
        Rule::UndefinedAcronym,
        Rule::UnusedSuppression,
    ];
}

/// One problem found in a document.
///
/// What a finding says (the matched text, the message and the texts of its
/// dictionary entry) is one [`Wording`] shared by every finding of the
/// document that says the same: a dense document has many findings of few
/// entries, and copying those texts, or even counting a reference to each of
/// them, was most of its cost (see [`crate::match_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the document's text.
    pub span: Range<usize>,
    pub rule: Rule,
    pub severity: Severity,
    /// Whether the entry's safe fix applies here: it does to the exact
    /// spelling, not to a plural or to the acronym of a definition.
    pub fix_applies: bool,
    pub wording: Arc<Wording>,
}

// A dense document holds hundreds of thousands of findings at once: at 96
// bytes (four shared pointers and an entry id each) their page faults were
// a tenth of its run. A span, the flags and one shared wording fit in 32.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Finding>() <= 32);

impl Finding {
    /// A finding with a wording of its own, not of a dictionary entry: for
    /// rules outside the linter and for tests. The entry text's fix, if it
    /// has one, applies.
    pub fn new(
        span: Range<usize>,
        rule: Rule,
        severity: Severity,
        matched: &str,
        message: &str,
        about: EntryText,
    ) -> Finding {
        Finding {
            span,
            rule,
            severity,
            fix_applies: true,
            wording: Arc::new(Wording {
                matched: matched.into(),
                message: message.into(),
                about: Arc::new(about),
                entry: None,
            }),
        }
    }

    /// The dictionary entry the finding is of; none for an acronym no
    /// dictionary knows and for an unused suppression comment.
    pub fn entry(&self) -> Option<EntryId> {
        self.wording.entry
    }

    /// The exact text matched.
    pub fn matched(&self) -> &str {
        &self.wording.matched
    }

    pub fn message(&self) -> &str {
        &self.wording.message
    }

    /// A replacement that is safe to apply automatically here.
    pub fn fix(&self) -> Option<&str> {
        self.wording
            .about
            .fix
            .as_deref()
            .filter(|_| self.fix_applies)
    }

    /// The term, explanation, suggestions, category, dictionary name and fix
    /// of the entry.
    pub fn about(&self) -> &Arc<EntryText> {
        &self.wording.about
    }

    /// The entry's canonical term, or the acronym itself.
    pub fn term(&self) -> &str {
        &self.about().term
    }

    pub fn explanation(&self) -> &str {
        &self.about().explanation
    }

    /// What to write instead, best first.
    pub fn suggestions(&self) -> &[String] {
        &self.about().suggestions
    }

    pub fn category(&self) -> &str {
        &self.about().category
    }

    /// The `name` of the dictionary the entry comes from.
    pub fn dictionary(&self) -> Option<&str> {
        self.about().dictionary.as_deref()
    }
}

/// Options that change what is reported.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub audience: Audience,
    /// Report acronyms that no dictionary knows and the document does not define.
    pub undefined_acronyms: bool,
    pub undefined_acronym_severity: Severity,
    /// Severity changes by rule, category or term (configuration).
    pub overrides: SeverityOverrides,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            audience: Audience::Executive,
            undefined_acronyms: true,
            undefined_acronym_severity: Severity::Warning,
            overrides: SeverityOverrides::default(),
        }
    }
}

/// A severity, or `off` to drop the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// Severity overrides; the most specific wins: term, then category, then rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityOverrides {
    /// By rule name: `jargon`, `undefined-acronym`, `unused-suppression`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<Rule, Level>,
    /// By dictionary category: `cloud`, `security`, …
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<String, Level>,
    /// By term (the entry's canonical term, or the acronym).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub terms: BTreeMap<String, Level>,
}

impl SeverityOverrides {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.categories.is_empty() && self.terms.is_empty()
    }

    /// Later overrides (a per-path block) win over earlier ones.
    pub fn merge(&mut self, other: &SeverityOverrides) {
        self.rules.extend(other.rules.iter().map(|(k, v)| (*k, *v)));
        self.categories
            .extend(other.categories.iter().map(|(k, v)| (k.clone(), *v)));
        self.terms
            .extend(other.terms.iter().map(|(k, v)| (k.clone(), *v)));
    }

    /// The new severity of a finding, or `None` to drop it.
    fn apply(&self, finding: &Finding) -> Option<Severity> {
        let level = self
            .terms
            .get(finding.term())
            .or_else(|| self.categories.get(finding.category()))
            .or_else(|| self.rules.get(&finding.rule));
        match level {
            Some(level) => level.severity(),
            None => Some(finding.severity),
        }
    }
}

/// The result of linting one document.
#[derive(Debug, Clone)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub prose: Prose,
    pub definitions: Vec<Definition>,
}

/// A linter: dictionaries compiled into an automaton, ready to check documents.
/// Build it once and share it (it is `Sync`).
#[derive(Debug, Clone)]
pub struct Linter {
    dictionary: Dictionary,
    /// What findings share of each entry, prepared once.
    texts: EntryTexts,
    matcher: Matcher,
    common: CommonAcronyms,
    options: LintOptions,
}

impl Linter {
    pub fn new(dictionary: Dictionary, common: CommonAcronyms, options: LintOptions) -> Self {
        let matcher = Matcher::new(&dictionary);
        let texts = EntryTexts::new(&dictionary);
        Linter {
            dictionary,
            texts,
            matcher,
            common,
            options,
        }
    }

    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    pub fn common(&self) -> &CommonAcronyms {
        &self.common
    }

    pub fn options(&self) -> &LintOptions {
        &self.options
    }

    /// Lints a document's text (the whole file, including a byte-order mark).
    pub fn lint(&self, text: &str, format: Format) -> Checked {
        self.lint_with(text, format, &self.options)
    }

    /// Lints with options other than the linter's own (per-path settings).
    pub fn lint_with(&self, text: &str, format: Format, options: &LintOptions) -> Checked {
        let prose = format::extract(format, text);
        self.lint_prose(text, prose, options)
    }

    /// Lints a document whose prose was extracted already (by any format).
    pub fn lint_prose(&self, text: &str, prose: Prose, options: &LintOptions) -> Checked {
        let masked = prose.masked.as_str();
        let mut hits: Vec<(Hit, Option<EntryId>)> = Vec::new();
        self.matcher.scan(masked, |hit, entries| {
            let chosen = self.choose_entry(text, &hit, entries);
            hits.push((hit, chosen));
        });
        let definitions = find_definitions(masked, |token| self.is_definable(token));
        let mut index = DefinitionIndex::new(&definitions);
        let mut findings = Vec::with_capacity(hits.len());
        let mut match_texts = MatchTexts::with_capacity(hits.len());
        for (hit, entry) in &hits {
            if let Some(id) = *entry {
                if let Some(finding) =
                    self.jargon_finding(text, hit, id, &mut index, options, &mut match_texts)
                {
                    findings.push(finding);
                }
            }
        }
        if options.undefined_acronyms {
            let severity = options.undefined_acronym_severity;
            for token in self.undefined_acronyms(masked, &hits, &index) {
                let stem = &masked[token.stem.clone()];
                findings.push(undefined_acronym(text, &token, stem, severity));
            }
        }
        findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
        suppress::apply(text, &prose.comments, &mut findings);
        if !options.overrides.is_empty() {
            findings.retain_mut(|f| match options.overrides.apply(f) {
                Some(severity) => {
                    f.severity = severity;
                    true
                }
                None => false,
            });
        }
        Checked {
            findings,
            prose,
            definitions,
        }
    }

    /// Picks the entry for a hit: the one in the sentence's language, if both
    /// exist. Allow entries win over everything.
    fn choose_entry(&self, text: &str, hit: &Hit, entries: &[EntryId]) -> Option<EntryId> {
        if entries
            .iter()
            .any(|&id| self.dictionary.entries[id].kind == Kind::Allow)
        {
            return None;
        }
        let &first = entries.first()?;
        if entries.len() == 1 {
            return Some(first);
        }
        let language = sentence_language(text, hit.span.clone());
        entries
            .iter()
            .copied()
            .find(|&id| self.dictionary.language_of(id) == language)
            .or(Some(first))
    }

    fn is_definable(&self, token: &str) -> bool {
        is_acronym_shaped(token)
            || self
                .dictionary
                .lookup(token)
                .iter()
                .any(|&id| self.dictionary.entries[id].kind == Kind::Acronym)
    }

    fn jargon_finding<'t>(
        &self,
        text: &'t str,
        hit: &Hit,
        id: EntryId,
        definitions: &mut DefinitionIndex<'_>,
        options: &LintOptions,
        match_texts: &mut MatchTexts<'t>,
    ) -> Option<Finding> {
        let entry = &self.dictionary.entries[id];
        if !options.audience.flags(entry.known_to) {
            return None;
        }
        // The long form inside a definition explains the acronym; it is not a second problem.
        if definitions.in_long_form(&hit.span) {
            return None;
        }
        let defined_earlier = entry.spellings().any(|spelling| {
            definitions.defined_before(spelling, !entry.case_sensitive, hit.span.start)
        });
        let (severity, says) = if defined_earlier {
            (Severity::Info, Says::DefinedEarlier)
        } else if entry.kind == Kind::Acronym {
            (entry.severity, Says::Acronym)
        } else if entry.category == "buzzwords" {
            (entry.severity, Says::Buzzword)
        } else {
            (entry.severity, Says::Jargon)
        };
        // A safe fix applies only to the exact spelling, not to a plural or
        // possessive form, and not to the acronym of a definition: replacing
        // "(CRM)" in "customer relationship management (CRM)" would break the
        // definition, and a second run would then flag its long form (found
        // by the fix_apply fuzz target; a second run must change nothing).
        let in_definition = definitions.overlaps_acronym(&hit.span);
        let about = self.texts.get(&self.dictionary, id);
        Some(Finding {
            span: hit.span.clone(),
            rule: Rule::Jargon,
            severity,
            fix_applies: hit.stem_end == hit.span.end && !in_definition,
            wording: match_texts.get(&text[hit.span.clone()], says, id, about),
        })
    }

    /// The acronym-shaped tokens of `masked` to report as undefined: in no
    /// dictionary hit, not commonly known, not defined before, each acronym
    /// once.
    fn undefined_acronyms(
        &self,
        masked: &str,
        hits: &[(Hit, Option<EntryId>)],
        definitions: &DefinitionIndex<'_>,
    ) -> Vec<AcronymToken> {
        let mut reported: HashSet<&str> = HashSet::new();
        // Hits and tokens are both in text order and hits do not overlap: one
        // cursor walks the hits (a binary search per token was 3% of a dense
        // document's run).
        let mut next_hit = 0;
        acronym_tokens(masked)
            .filter(|token| {
                // The first hit that ends after the token starts.
                while hits
                    .get(next_hit)
                    .is_some_and(|(h, _)| h.span.end <= token.span.start)
                {
                    next_hit += 1;
                }
                if hits
                    .get(next_hit)
                    .is_some_and(|(h, _)| h.span.start < token.span.end)
                {
                    return false;
                }
                let stem = &masked[token.stem.clone()];
                if reported.contains(stem)
                    || self.common.is_known(stem)
                    || is_roman_numeral(stem)
                    || is_shouting(masked, token, &self.common)
                {
                    return false;
                }
                reported.insert(stem);
                !definitions.defines_by(stem, token.stem.start)
            })
            .collect()
    }
}

/// The finding of an undefined acronym `stem`, written as `token` in `text`.
/// Each acronym is reported once per document, so its wording is its own.
fn undefined_acronym(text: &str, token: &AcronymToken, stem: &str, severity: Severity) -> Finding {
    let about = Arc::new(EntryText {
        term: Arc::from(stem),
        explanation: UNDEFINED_ACRONYM_EXPLANATION.clone(),
        suggestions: Arc::new([
            format!("write the full name, then \"({stem})\", the first time"),
            "use plain words instead".to_string(),
        ]),
        category: UNDEFINED_ACRONYM_CATEGORY.clone(),
        dictionary: None,
        fix: None,
    });
    Finding {
        span: token.span.clone(),
        rule: Rule::UndefinedAcronym,
        severity,
        fix_applies: false,
        wording: Arc::new(Wording::new(
            &text[token.span.clone()],
            stem,
            UNDEFINED_ACRONYM_SAYS,
            &about,
            None,
        )),
    }
}

/// Chinese if there is a Han character near the span in the same sentence,
/// else English.
fn sentence_language(text: &str, span: Range<usize>) -> Language {
    // Within LANGUAGE_WINDOW bytes of ASCII on each side there is no Han
    // character: the common case, decided without decoding characters
    // (it runs for every hit of a term that both languages have).
    let near =
        span.start.saturating_sub(LANGUAGE_WINDOW)..(span.end + LANGUAGE_WINDOW).min(text.len());
    if text.as_bytes()[near].is_ascii() {
        return Language::En;
    }
    sentence_language_by_chars(text, span)
}

/// [`sentence_language`] by decoding the characters around the span.
fn sentence_language_by_chars(text: &str, span: Range<usize>) -> Language {
    let ends_sentence = |c: char| matches!(c, '\n' | '.' | '!' | '?' | '。' | '！' | '？');
    let before = text[..span.start]
        .chars()
        .rev()
        .take(LANGUAGE_WINDOW)
        .take_while(|&c| !ends_sentence(c));
    let after = text[span.end..]
        .chars()
        .take(LANGUAGE_WINDOW)
        .take_while(|&c| !ends_sentence(c));
    if before.chain(after).any(is_han) {
        Language::Zh
    } else {
        Language::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_shortcut_agrees_with_decoding_characters() {
        let texts = [
            format!("{}API{}", "x".repeat(29), "y".repeat(40)),
            format!("中{}API{}", "x".repeat(29), "y".repeat(31)),
            format!("中{}API{}中", "x".repeat(30), "y".repeat(30)),
            format!("{}API{}中", "é".repeat(29), "y".repeat(29)),
            "我们的 ERP. Then API and more 系统".to_string(),
            "plain API text".to_string(),
        ];
        for text in &texts {
            let mut from = 0;
            while let Some(at) = text[from..].find("API") {
                let span = from + at..from + at + 3;
                assert_eq!(
                    sentence_language(text, span.clone()),
                    sentence_language_by_chars(text, span),
                    "{text:?}"
                );
                from += at + 3;
            }
        }
    }
}
