//! The glossary appendix: the jargon terms and acronyms a set of documents
//! actually uses, each with a plain explanation and where it is first used.
//!
//! The glossary is built from findings, so it lists exactly what `check`
//! reports (same dictionaries, audience, configuration and suppressions), plus
//! the acronyms the documents define themselves ("customer relationship
//! management (CRM)"), which are listed with the document's own definition
//! even when no finding remains for them.
//!
//! Order: alphabetical ignoring case, by Unicode code point. Latin-script
//! terms come first; Chinese terms follow in code-point order, which is
//! neither pinyin nor stroke order (sorting by pinyin needs a pronunciation
//! table that dejargon does not carry).

use std::collections::HashMap;

use serde::Serialize;

use crate::definitions::Definition;
use crate::dictionary::{Dictionary, Kind, Language};
use crate::lint::{Finding, Rule};
use crate::source::SourceText;

/// Where a term is first used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstUse {
    pub path: String,
    /// 1-based line and column (in characters), as in `check` output.
    pub line: usize,
    pub column: usize,
    /// 0-based byte offset into the file.
    pub byte: usize,
    /// Position of the document among the inputs (for ordering, not output).
    #[serde(skip)]
    pub document: usize,
}

/// What kind of term a glossary entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Acronym,
    Term,
}

/// One glossary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    /// The dictionary's canonical term, or the acronym.
    pub term: String,
    pub kind: TermKind,
    /// What the acronym stands for, from the dictionary.
    pub expansion: Option<String>,
    /// The document's own definition ("customer relationship management").
    pub defined_as: Option<String>,
    /// The plain explanation from the dictionary; `null` for an acronym no
    /// dictionary knows.
    pub explanation: Option<String>,
    /// What to write instead, best first.
    pub suggestions: Vec<String>,
    pub category: String,
    /// How many findings there are for the term.
    pub findings: usize,
    pub first_use: FirstUse,
}

/// The glossary of a set of documents, sorted for an appendix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Glossary {
    pub entries: Vec<GlossaryEntry>,
}

/// Collects glossary entries document by document.
#[derive(Debug, Default)]
pub struct GlossaryBuilder {
    /// Explanations in this language win when a term has entries in two.
    language: Option<Language>,
    entries: HashMap<String, GlossaryEntry>,
    /// Whether the entry's explanation already comes from the wanted language.
    settled: HashMap<String, bool>,
    documents: usize,
}

impl GlossaryBuilder {
    /// `language`: prefer explanations in this language when a term is in an
    /// English and a Chinese dictionary; `None` keeps the one chosen at first use.
    pub fn new(language: Option<Language>) -> Self {
        GlossaryBuilder {
            language,
            ..Default::default()
        }
    }

    /// Adds one document. `dictionary` is the one its findings' entry ids refer to.
    pub fn add(
        &mut self,
        path: &str,
        source: &SourceText,
        findings: &[Finding],
        definitions: &[Definition],
        dictionary: &Dictionary,
    ) {
        let document = self.documents;
        self.documents += 1;
        let first_use = |byte: usize| {
            let (line, column) = source.line_column(byte);
            FirstUse {
                path: path.to_string(),
                line,
                column,
                byte,
                document,
            }
        };
        for finding in findings {
            if finding.rule == Rule::UnusedSuppression {
                continue;
            }
            let entry = finding.entry().and_then(|id| dictionary.entries.get(id));
            let language = finding.entry().map(|id| dictionary.language_of(id));
            let wanted = self.language.is_none() || language == self.language;
            let slot = self
                .entries
                .entry(finding.term().to_string())
                .or_insert_with(|| GlossaryEntry {
                    term: finding.term().to_string(),
                    kind: TermKind::Term,
                    expansion: None,
                    defined_as: None,
                    explanation: None,
                    suggestions: Vec::new(),
                    category: finding.category().to_string(),
                    findings: 0,
                    first_use: first_use(finding.span.start),
                });
            slot.findings += 1;
            let settled = self
                .settled
                .entry(finding.term().to_string())
                .or_insert(false);
            let first = slot.findings == 1;
            if first || (wanted && !*settled && entry.is_some()) {
                slot.kind = match (entry.map(|e| e.kind), finding.rule) {
                    (Some(Kind::Acronym), _) | (None, Rule::UndefinedAcronym) => TermKind::Acronym,
                    _ => TermKind::Term,
                };
                slot.expansion = entry.and_then(|e| e.expansion.as_deref().map(str::to_string));
                slot.explanation = entry.map(|e| e.explanation.to_string());
                slot.suggestions = finding.suggestions().to_vec();
                slot.category = finding.category().to_string();
                *settled = wanted && entry.is_some();
            }
        }
        for definition in definitions {
            // The entry a definition belongs to: a finding's term spelled by
            // the acronym (a plural or a differently cased alias), else itself.
            let key = findings
                .iter()
                .find(|f| {
                    f.rule != Rule::UnusedSuppression
                        && (*f.term() == *definition.acronym
                            || *f.matched() == *definition.acronym
                            || f.entry().is_some_and(|id| {
                                dictionary.entries[id]
                                    .spellings()
                                    .any(|s| s == definition.acronym)
                            }))
                })
                .map(|f| f.term().to_string())
                .unwrap_or_else(|| definition.acronym.clone());
            let at = first_use(definition.acronym_span.start);
            let slot = self.entries.entry(key.clone()).or_insert_with(|| {
                // No finding: a known or business acronym the document explains anyway.
                let known = dictionary
                    .lookup(&definition.acronym)
                    .into_iter()
                    .map(|id| &dictionary.entries[id])
                    .find(|e| e.kind != Kind::Allow);
                GlossaryEntry {
                    term: key,
                    kind: TermKind::Acronym,
                    expansion: known.and_then(|e| e.expansion.as_deref().map(str::to_string)),
                    defined_as: None,
                    explanation: known.map(|e| e.explanation.to_string()),
                    suggestions: known
                        .map(|e| e.suggestions.iter().map(|s| s.to_string()).collect())
                        .unwrap_or_default(),
                    category: known
                        .map(|e| e.category.to_string())
                        .unwrap_or_else(|| "acronym".to_string()),
                    findings: 0,
                    first_use: at.clone(),
                }
            });
            if slot.defined_as.is_none() {
                slot.defined_as = Some(definition.long_form.clone());
            }
            if (at.document, at.byte) < (slot.first_use.document, slot.first_use.byte) {
                slot.first_use = at;
            }
        }
    }

    /// The glossary, sorted for an appendix.
    pub fn finish(self) -> Glossary {
        let mut entries: Vec<GlossaryEntry> = self.entries.into_values().collect();
        entries.sort_by(|a, b| sort_key(&a.term).cmp(&sort_key(&b.term)));
        Glossary { entries }
    }
}

/// Case-insensitive, then by the exact spelling so that the order is total.
fn sort_key(term: &str) -> (String, &str) {
    (term.to_lowercase(), term)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CommonAcronyms, Format, LintOptions, Linter};

    fn linter() -> Linter {
        let mut dictionary = Dictionary::new();
        for path in [
            "tests/fixtures/dict/mini-en.json",
            "tests/fixtures/dict/mini-zh.json",
        ] {
            let text = std::fs::read_to_string(path).unwrap();
            dictionary.add_json(path, &text).unwrap();
        }
        Linter::new(
            dictionary,
            CommonAcronyms::builtin(),
            LintOptions::default(),
        )
    }

    fn glossary(texts: &[&str], language: Option<Language>) -> Glossary {
        let linter = linter();
        let mut builder = GlossaryBuilder::new(language);
        for (i, text) in texts.iter().enumerate() {
            let checked = linter.lint(text, Format::Markdown);
            let source = SourceText::new(text.to_string());
            builder.add(
                &format!("doc{i}.md"),
                &source,
                &checked.findings,
                &checked.definitions,
                linter.dictionary(),
            );
        }
        builder.finish()
    }

    #[test]
    fn lists_used_terms_sorted_with_first_use() {
        let g = glossary(
            &["# Plan\n\nThe IDC hosts microservices.\n\nThe API and the IDC.\n"],
            None,
        );
        let terms: Vec<&str> = g.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, vec!["API", "IDC", "microservices"]);
        let idc = &g.entries[1];
        assert_eq!(idc.findings, 2);
        assert_eq!((idc.first_use.line, idc.first_use.column), (3, 5));
        assert_eq!(idc.kind, TermKind::Acronym);
        assert_eq!(idc.expansion.as_deref(), Some("internet data center"));
        assert_eq!(
            idc.explanation.as_deref(),
            Some("The building where our computers run.")
        );
        assert_eq!(g.entries[2].kind, TermKind::Term);
    }

    #[test]
    fn document_definitions_are_listed_even_without_findings() {
        let g = glossary(
            &["Our customer relationship management (CRM) is new. The CRM works. Total cost of ownership (TCO) fell and the XYZ rose.\n"],
            None,
        );
        let crm = g.entries.iter().find(|e| e.term == "CRM").unwrap();
        assert_eq!(
            crm.defined_as.as_deref(),
            Some("customer relationship management")
        );
        assert_eq!(crm.first_use.column, 39);
        let tco = g.entries.iter().find(|e| e.term == "TCO").unwrap();
        assert_eq!(tco.defined_as.as_deref(), Some("Total cost of ownership"));
        assert_eq!(tco.findings, 0);
        let xyz = g.entries.iter().find(|e| e.term == "XYZ").unwrap();
        assert_eq!(xyz.explanation, None);
        assert_eq!(xyz.kind, TermKind::Acronym);
    }

    #[test]
    fn chinese_terms_follow_latin_ones_and_language_is_preferred() {
        let texts = ["The ERP is old.\n", "我们要建设中台，替换ERP系统。\n"];
        let g = glossary(&texts, Some(Language::Zh));
        let terms: Vec<&str> = g.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, vec!["ERP", "中台"]);
        let erp = &g.entries[0];
        assert_eq!(erp.first_use.path, "doc0.md");
        assert_eq!(erp.findings, 2);
        assert_eq!(
            erp.explanation.as_deref(),
            Some("管理财务、采购、库存的软件。")
        );
        let g = glossary(&texts, Some(Language::En));
        assert_eq!(
            g.entries[0].explanation.as_deref(),
            Some("The software that runs finance, purchasing and stock.")
        );
    }
}
