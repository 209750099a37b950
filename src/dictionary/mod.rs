//! Dictionaries: the product's knowledge, loaded from JSON files.
//!
//! The format is documented in `dictionaries/README.md` and
//! `dictionaries/schema.json`. Loading rejects anything a curator could get wrong
//! silently (unknown fields, missing suggestions, duplicate terms) with an error
//! that names the file, line and column, because a dictionary that half-loads
//! gives a linter that half-works.

pub mod check;
pub mod export;
mod locate;

// Fx hashing: the keys are our own dictionaries' spellings (no untrusted
// input to flood a table with), and SipHash was 6% of start-up.
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use locate::{locate, Step};

use crate::source::LineIndex;

include!(concat!(env!("OUT_DIR"), "/builtin_dictionaries.rs"));

/// Language of a dictionary's suggestions and explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Zh,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Zh => "zh",
        }
    }
}

/// How an entry is matched, and whether it is reported at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Matched case-sensitively: IDC, SaaS, K8s.
    Acronym,
    /// Matched ignoring ASCII case: microservices, 中台.
    Term,
    /// An ordinary phrase that contains a term; wins by leftmost-longest and
    /// produces nothing.
    Allow,
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    #[default]
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who already understands a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KnownTo {
    /// Most office workers.
    Business,
    /// IT staff.
    Technical,
    /// Hardly anyone: vendor acronyms, code names, buzzwords.
    Few,
}

/// The reader a document is written for; decides which entries are flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Executive,
    Business,
    Technical,
}

impl Audience {
    /// Whether a term known to `known_to` is jargon for this audience.
    pub fn flags(self, known_to: KnownTo) -> bool {
        match self {
            Audience::Executive => true,
            Audience::Business => known_to >= KnownTo::Technical,
            Audience::Technical => known_to == KnownTo::Few,
        }
    }
}

/// A dictionary string: borrowed from the bundled JSON (which lives in the
/// binary) when it needs no unescaping, else owned. Parsing the bundled
/// dictionaries without a copy of every string is a third less work, and
/// that parse is most of a one-file run.
pub type Text = Cow<'static, str>;

/// A string of a JSON text that is borrowed when it has no escapes (serde
/// borrows a `Cow` only as a direct field, not inside a `Vec` or `Option`).
#[derive(Deserialize, PartialEq)]
#[serde(transparent)]
struct RawText<'a>(#[serde(borrow)] Cow<'a, str>);

impl std::ops::Deref for RawText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RawText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// The on-disk form of a dictionary file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    name: String,
    language: Language,
    description: String,
    #[serde(borrow)]
    entries: Vec<RawEntry<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry<'a> {
    #[serde(borrow)]
    term: RawText<'a>,
    #[serde(default, borrow)]
    aliases: Vec<RawText<'a>>,
    kind: Kind,
    case_sensitive: Option<bool>,
    #[serde(borrow)]
    expansion: Option<RawText<'a>>,
    #[serde(default, borrow)]
    suggestions: Vec<RawText<'a>>,
    #[serde(borrow)]
    fix: Option<RawText<'a>>,
    #[serde(borrow)]
    explanation: Option<RawText<'a>>,
    #[serde(borrow)]
    category: Option<RawText<'a>>,
    severity: Option<Severity>,
    known_to: Option<KnownTo>,
    #[serde(default, borrow)]
    examples: Vec<RawText<'a>>,
}

/// Index of an entry in [`Dictionary::entries`].
pub type EntryId = usize;

/// One dictionary entry, validated.
#[derive(Debug, Clone)]
pub struct Entry {
    pub term: Text,
    pub aliases: Vec<Text>,
    pub kind: Kind,
    pub case_sensitive: bool,
    pub expansion: Option<Text>,
    pub suggestions: Vec<Text>,
    pub fix: Option<Text>,
    pub explanation: Text,
    pub category: Text,
    pub severity: Severity,
    pub known_to: KnownTo,
    pub examples: Vec<Text>,
    /// Index into [`Dictionary::sources`].
    pub source: usize,
    /// Position of the entry in its file's `entries` array.
    pub index_in_file: usize,
}

impl Entry {
    /// The term followed by its aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(&*self.term).chain(self.aliases.iter().map(|alias| &**alias))
    }
}

/// A loaded dictionary file.
#[derive(Debug, Clone)]
pub struct DictionarySource {
    /// The `name` field of the file.
    pub name: String,
    /// Where it came from, for messages: a path, or `builtin:en/cloud.json`.
    pub path: String,
    pub language: Language,
    pub description: String,
    /// The file's text, kept for messages that quote it; the bundled
    /// files' text is borrowed from the binary, not copied.
    pub text: Cow<'static, str>,
}

/// Lowercased spelling -> entry, one table per language (indexed by
/// `Language as usize`), so a lookup borrows the spelling instead of copying
/// it into a `(Language, String)` key.
type SpellingIndex = [HashMap<String, EntryId>; 2];

/// All loaded dictionary entries.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    pub entries: Vec<Entry>,
    pub sources: Vec<DictionarySource>,
    /// (language, lowercased spelling) -> entry, to find duplicates and to explain.
    spellings: SpellingIndex,
}

/// A dictionary or configuration file that could not be loaded.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub path: String,
    /// The file's text, when it could be read, for rendering with context.
    pub text: Option<Arc<str>>,
    /// Byte offset of the problem in `text`.
    pub offset: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it, when there is something to say.
    pub help: Option<String>,
}

impl LoadError {
    /// An error at a byte offset of a text.
    /// Copies `text` (errors are rare; loading must not copy every file).
    pub fn at(path: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let offset = offset.min(text.len());
        let (line, column) = LineIndex::new(text).line_column(text, offset);
        LoadError {
            path: path.to_string(),
            text: Some(Arc::from(text)),
            offset,
            line,
            column,
            message: message.into(),
            help: None,
        }
    }

    /// An error about a file that has no text to point into (unreadable).
    pub fn whole_file(path: &str, message: impl Into<String>) -> Self {
        LoadError {
            path: path.to_string(),
            text: None,
            offset: 0,
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
        }
    }

    /// An error from serde at a 1-based line and byte column.
    pub fn from_serde(path: &str, text: &str, line: usize, column: usize, message: String) -> Self {
        let index = LineIndex::new(text);
        let offset = if line == 0 {
            0
        } else {
            let start = index.line_start((line - 1).min(index.len() - 1));
            let mut offset = (start + column.saturating_sub(1)).min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            offset
        };
        LoadError::at(path, text, offset, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.text.is_some() {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

/// Longest term or alias, in characters. The longest bundled one has 48; a
/// longer "term" is a sentence or a mistake, and every character of every
/// spelling becomes automaton states.
pub const MAX_TERM_CHARS: usize = 100;

/// A string for an error message: quoted, and cut short if it is long, so a
/// message never repeats megabytes of a broken file.
pub(crate) fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

/// Longest error message taken from a parser, in characters: parsers quote
/// the offending text, which may be megabytes long.
const MAX_PARSER_MESSAGE: usize = 300;

/// A parser's message, cut short if it is long.
pub(crate) fn short_message(message: &str) -> String {
    if message.chars().count() <= MAX_PARSER_MESSAGE {
        message.to_string()
    } else {
        let head: String = message.chars().take(MAX_PARSER_MESSAGE).collect();
        format!("{head}…")
    }
}

/// Strips serde_json's " at line X column Y" suffix; the position is shown separately.
pub(crate) fn serde_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => &text,
    };
    short_message(text)
}

impl Dictionary {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bundled dictionaries of the given languages.
    pub fn builtin(languages: &[Language]) -> Result<Self, LoadError> {
        let mut dictionary = Dictionary::new();
        for (name, text) in BUILTIN_FILES {
            if name.starts_with("common/") {
                continue;
            }
            dictionary.add_json_filtered(
                &format!("builtin:{name}"),
                Cow::Borrowed(text),
                languages,
            )?;
        }
        Ok(dictionary)
    }

    /// Parses and adds one dictionary file. `path` is used in messages.
    pub fn add_json(&mut self, path: &str, text: &str) -> Result<(), LoadError> {
        self.add_json_filtered(
            path,
            Cow::Owned(text.to_string()),
            &[Language::En, Language::Zh],
        )
    }

    fn add_json_filtered(
        &mut self,
        path: &str,
        text: Cow<'static, str>,
        languages: &[Language],
    ) -> Result<(), LoadError> {
        // The bundled text lives as long as the program: its strings are
        // borrowed. A file's text is read for this call: its strings are copied.
        let parsed = match &text {
            Cow::Borrowed(json) => self.parse_file(path, json, languages, |t| t)?,
            Cow::Owned(json) => {
                self.parse_file(path, json, languages, |t| Cow::Owned(t.into_owned()))?
            }
        };
        let Some(ParsedFile {
            name,
            language,
            description,
            entries,
            spellings,
        }) = parsed
        else {
            return Ok(());
        };
        let base = self.entries.len();
        let index = &mut self.spellings[language as usize];
        index.reserve(spellings.len());
        for (key, local) in spellings {
            index.insert(key, base + local);
        }
        self.entries.extend(entries);
        self.sources.push(DictionarySource {
            name,
            path: path.to_string(),
            language,
            description,
            text,
        });
        Ok(())
    }

    /// Parses and validates one file against the entries loaded so far;
    /// `None` if its language is not wanted. `to_text` turns a string of the
    /// JSON into an entry's string.
    fn parse_file<'a>(
        &self,
        path: &str,
        json: &'a str,
        languages: &[Language],
        to_text: impl Fn(Cow<'a, str>) -> Text,
    ) -> Result<Option<ParsedFile>, LoadError> {
        let raw: RawFile = serde_json::from_str(json).map_err(|err| {
            LoadError::from_serde(path, json, err.line(), err.column(), serde_message(&err))
                .with_help("see dictionaries/README.md for the format")
        })?;
        if !languages.contains(&raw.language) {
            return Ok(None);
        }
        let source = self.sources.len();
        // Validate every entry before adding any, so a failed file adds nothing.
        let mut entries: Vec<Entry> = Vec::with_capacity(raw.entries.len());
        let mut local_spellings: HashMap<String, usize> = HashMap::default();
        for (index, entry) in raw.entries.into_iter().enumerate() {
            let entry = validate_entry(path, json, index, entry, &raw.name, source, &to_text)?;
            for (alias_index, spelling) in entry.spellings().enumerate() {
                let key = spelling.to_lowercase();
                // Only errors need the position: no allocation per spelling.
                let at = || {
                    let step = if alias_index == 0 {
                        vec![Step::Key("entries"), Step::Index(index), Step::Key("term")]
                    } else {
                        vec![
                            Step::Key("entries"),
                            Step::Index(index),
                            Step::Key("aliases"),
                            Step::Index(alias_index - 1),
                        ]
                    };
                    locate(json, &step)
                };
                if let Some(&other) = self.spellings[raw.language as usize].get(&key) {
                    let other = &self.entries[other];
                    return Err(LoadError::at(
                        path,
                        json,
                        at(),
                        format!(
                            "duplicate term {spelling:?}: already defined by {:?} in {}",
                            other.term, self.sources[other.source].path
                        ),
                    )
                    .with_help("a term may appear once per language; remove one of them"));
                }
                if let Some(&other) = local_spellings.get(&key) {
                    let Some(other) = entries.get(other) else {
                        return Err(LoadError::at(
                            path,
                            json,
                            at(),
                            format!("{spelling:?} repeats another spelling of {:?}", entry.term),
                        )
                        .with_help("remove the repeated alias"));
                    };
                    return Err(LoadError::at(
                        path,
                        json,
                        at(),
                        format!(
                            "duplicate term {spelling:?}: already defined by {:?} (entry {}) in this file",
                            other.term, other.index_in_file
                        ),
                    )
                    .with_help("a term may appear once per language; remove one of them"));
                }
                local_spellings.insert(key, entries.len());
            }
            entries.push(entry);
        }
        Ok(Some(ParsedFile {
            name: raw.name,
            language: raw.language,
            description: raw.description,
            entries,
            spellings: local_spellings,
        }))
    }

    /// Entries whose term or alias is `spelling` (case-insensitively), one per language.
    pub fn lookup(&self, spelling: &str) -> Vec<EntryId> {
        let key = spelling.to_lowercase();
        let mut found: Vec<EntryId> = [Language::En, Language::Zh]
            .iter()
            .filter_map(|&lang| self.spellings[lang as usize].get(&key).copied())
            .collect();
        found.sort_unstable();
        found
    }

    /// The language of an entry.
    pub fn language_of(&self, id: EntryId) -> Language {
        self.sources[self.entries[id].source].language
    }

    /// The `name` of the dictionary an entry comes from.
    pub fn dictionary_name(&self, id: EntryId) -> &str {
        &self.sources[self.entries[id].source].name
    }

    /// Drops the entries for which `keep` is false, keeping ids dense.
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        self.entries.retain(|e| keep(e));
        self.spellings.iter_mut().for_each(HashMap::clear);
        for (id, entry) in self.entries.iter().enumerate() {
            let language = self.sources[entry.source].language;
            for spelling in entry.spellings() {
                self.spellings[language as usize].insert(spelling.to_lowercase(), id);
            }
        }
    }
}

/// A dictionary file parsed and validated, ready to be added.
struct ParsedFile {
    name: String,
    language: Language,
    description: String,
    entries: Vec<Entry>,
    /// Lowercased spelling -> index in `entries`.
    spellings: HashMap<String, usize>,
}

fn validate_entry<'a>(
    path: &str,
    text: &str,
    index: usize,
    raw: RawEntry<'a>,
    file_name: &str,
    source: usize,
    to_text: &impl Fn(Cow<'a, str>) -> Text,
) -> Result<Entry, LoadError> {
    let at = |field: Option<&str>| {
        let mut steps = vec![Step::Key("entries"), Step::Index(index)];
        if let Some(field) = field {
            steps.push(Step::Key(field));
        }
        locate(text, &steps)
    };
    let fail = |field: Option<&str>, message: String| {
        LoadError::at(path, text, at(field), message)
            .with_help("see dictionaries/README.md for the format")
    };

    // Lengths first: later messages quote the term.
    let too_long = |s: &str| s.chars().count() > MAX_TERM_CHARS;
    if too_long(&raw.term) {
        return Err(fail(
            Some("term"),
            format!(
                "term {} is {} characters long; a term is a word or phrase of at most {MAX_TERM_CHARS}",
                quoted(&raw.term),
                raw.term.chars().count()
            ),
        ));
    }
    if let Some(alias) = raw.aliases.iter().find(|a| too_long(a)) {
        return Err(fail(
            Some("aliases"),
            format!(
                "alias {} of {:?} is {} characters long; an alias is a word or phrase of at most {MAX_TERM_CHARS}",
                quoted(alias),
                raw.term,
                alias.chars().count()
            ),
        ));
    }
    if raw.term.trim().is_empty() {
        return Err(fail(Some("term"), "empty term".into()));
    }
    if raw.term.trim() != &*raw.term {
        return Err(fail(
            Some("term"),
            format!("term {} has leading or trailing spaces", quoted(&raw.term)),
        ));
    }
    for alias in &raw.aliases {
        if alias.trim().is_empty() || alias.trim() != &**alias {
            return Err(fail(
                Some("aliases"),
                format!(
                    "alias {} of {:?} is empty or has leading or trailing spaces",
                    quoted(alias),
                    raw.term
                ),
            ));
        }
    }
    let reported = raw.kind != Kind::Allow;
    if reported {
        let missing: Vec<&str> = [
            ("suggestions", raw.suggestions.is_empty()),
            ("explanation", raw.explanation.is_none()),
            ("severity", raw.severity.is_none()),
            ("known_to", raw.known_to.is_none()),
            ("examples", raw.examples.is_empty()),
        ]
        .into_iter()
        .filter_map(|(name, is_missing)| is_missing.then_some(name))
        .collect();
        if !missing.is_empty() {
            // Points at the first missing field if it is there (empty or
            // null), else at the entry.
            return Err(fail(
                missing.first().copied(),
                format!(
                    "entry {:?} needs non-empty {}",
                    raw.term,
                    missing.join(", ")
                ),
            ));
        }
        if let Some(empty) = raw.suggestions.iter().find(|s| s.trim().is_empty()) {
            return Err(fail(
                Some("suggestions"),
                format!(
                    "entry {:?} has an empty suggestion {}",
                    raw.term,
                    quoted(empty)
                ),
            ));
        }
    }
    if let Some(fix) = &raw.fix {
        if !raw.suggestions.contains(fix) {
            return Err(fail(
                Some("fix"),
                format!(
                    "fix {} of {:?} is not one of its suggestions",
                    quoted(fix),
                    raw.term
                ),
            ));
        }
    }
    let case_sensitive = raw.case_sensitive.unwrap_or(raw.kind == Kind::Acronym);
    let text = |t: RawText<'a>| to_text(t.0);
    let texts = |list: Vec<RawText<'a>>| list.into_iter().map(text).collect::<Vec<_>>();
    Ok(Entry {
        term: text(raw.term),
        aliases: texts(raw.aliases),
        kind: raw.kind,
        case_sensitive,
        expansion: raw.expansion.map(text),
        suggestions: texts(raw.suggestions),
        fix: raw.fix.map(text),
        explanation: raw.explanation.map_or(Cow::Borrowed(""), text),
        category: raw
            .category
            .map_or_else(|| Cow::Owned(file_name.to_string()), text),
        severity: raw.severity.unwrap_or_default(),
        known_to: raw.known_to.unwrap_or(KnownTo::Technical),
        examples: texts(raw.examples),
        source,
        index_in_file: index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "name": "cloud", "language": "en", "description": "test",
  "entries": [
    { "term": "SaaS", "aliases": ["software as a service"], "kind": "acronym",
      "suggestions": ["rented online software"], "explanation": "Rented software.",
      "category": "cloud", "severity": "error", "known_to": "technical",
      "examples": ["We use a SaaS tool."] }
  ]
}"#;

    /// Bundled text is borrowed where it has no escapes; a file's text is
    /// copied; escapes are decoded either way.
    #[test]
    fn strings_are_borrowed_from_bundled_text_and_owned_from_files() {
        let json: &'static str = r#"{"name": "t", "language": "en", "description": "",
          "entries": [{ "term": "SaaS", "kind": "acronym",
            "suggestions": ["rented \"online\" software"], "explanation": "Line\nbreak",
            "category": "t", "severity": "error", "known_to": "technical",
            "examples": ["SaaS"] }]}"#;
        let mut bundled = Dictionary::new();
        bundled
            .add_json_filtered("builtin:t.json", Cow::Borrowed(json), &[Language::En])
            .unwrap();
        let mut file = Dictionary::new();
        file.add_json("t.json", json).unwrap();
        for d in [&bundled, &file] {
            let e = &d.entries[0];
            assert_eq!(e.term, "SaaS");
            assert_eq!(e.suggestions[0], "rented \"online\" software");
            assert_eq!(e.explanation, "Line\nbreak");
        }
        assert!(matches!(bundled.entries[0].term, Cow::Borrowed(_)));
        assert!(matches!(bundled.entries[0].explanation, Cow::Owned(_)));
        assert!(matches!(file.entries[0].term, Cow::Owned(_)));
    }

    #[test]
    fn loads_a_valid_file() {
        let mut d = Dictionary::new();
        d.add_json("t.json", GOOD).unwrap();
        assert_eq!(d.entries.len(), 1);
        assert!(d.entries[0].case_sensitive);
        assert_eq!(d.lookup("software as a service"), vec![0]);
    }

    #[test]
    fn unknown_field_names_line_and_column() {
        let text = GOOD.replace("\"examples\"", "\"exmaples\"");
        let err = Dictionary::new().add_json("t.json", &text).unwrap_err();
        assert!(
            err.message.contains("unknown field `exmaples`"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 7);
        assert!(err.column > 1);
    }

    #[test]
    fn wrong_type_is_an_error() {
        let text = GOOD.replace("\"severity\": \"error\"", "\"severity\": 3");
        let err = Dictionary::new().add_json("t.json", &text).unwrap_err();
        assert_eq!(err.line, 6);
        assert!(err.message.contains("expected"), "{}", err.message);
    }

    #[test]
    fn empty_suggestions_point_at_the_field() {
        let text = GOOD.replace("[\"rented online software\"]", "[]");
        let err = Dictionary::new().add_json("t.json", &text).unwrap_err();
        assert_eq!((err.line, err.column), (5, 22));
        assert!(err.message.contains("suggestions"), "{}", err.message);
    }

    #[test]
    fn duplicates_across_files_are_errors() {
        let mut d = Dictionary::new();
        d.add_json("a.json", GOOD).unwrap();
        let other = GOOD.replace("\"SaaS\", \"aliases\"", "\"Cloud app\", \"aliases\"");
        let err = d.add_json("b.json", &other).unwrap_err();
        assert!(
            err.message
                .contains("duplicate term \"software as a service\""),
            "{}",
            err.message
        );
        assert!(err.message.contains("a.json"));
        assert_eq!(err.path, "b.json");
        assert_eq!(err.line, 4);
    }

    #[test]
    fn the_same_term_may_exist_once_per_language() {
        let mut d = Dictionary::new();
        d.add_json("a.json", GOOD).unwrap();
        d.add_json(
            "b.json",
            &GOOD.replace("\"language\": \"en\"", "\"language\": \"zh\""),
        )
        .unwrap();
        assert_eq!(d.lookup("SaaS"), vec![0, 1]);
    }

    #[test]
    fn broken_json_is_reported_not_panicked() {
        let err = Dictionary::new()
            .add_json("t.json", &GOOD[..100])
            .unwrap_err();
        assert!(err.line >= 1);
        assert!(err.to_string().starts_with("t.json:"));
    }

    #[test]
    fn audience_levels() {
        assert!(Audience::Executive.flags(KnownTo::Business));
        assert!(!Audience::Business.flags(KnownTo::Business));
        assert!(Audience::Business.flags(KnownTo::Technical));
        assert!(!Audience::Technical.flags(KnownTo::Technical));
        assert!(Audience::Technical.flags(KnownTo::Few));
    }
}
