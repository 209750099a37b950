//! The glossary appendix as Markdown (to paste into a report), JSON (for
//! tools) or CSV (for a spreadsheet). Headings come in English or Chinese.

use serde::Serialize;

use crate::dictionary::Language;
use crate::glossary::{Glossary, GlossaryEntry};

/// Version of the glossary JSON; bumped on incompatible changes.
pub const GLOSSARY_JSON_VERSION: u32 = 1;

struct Words {
    title: &'static str,
    term: &'static str,
    meaning: &'static str,
    first_used: &'static str,
    defined_as: &'static str,
    write_instead: &'static str,
    stands_for: &'static str,
    unexplained: &'static str,
    empty: &'static str,
    line: fn(usize) -> String,
}

const EN: Words = Words {
    title: "Glossary",
    term: "Term",
    meaning: "Meaning",
    first_used: "First used",
    defined_as: "Defined in the document as",
    write_instead: "Plain alternative",
    stands_for: "Stands for",
    unexplained:
        "Not explained in the document, and no dictionary knows it: define it at first use.",
    empty: "No jargon terms or acronyms were found.",
    line: |n| format!("line {n}"),
};

const ZH: Words = Words {
    title: "术语表",
    term: "术语",
    meaning: "含义",
    first_used: "首次出现",
    defined_as: "文中定义",
    write_instead: "通俗说法",
    stands_for: "全称",
    unexplained: "文中未解释，词典中也没有：请在首次出现时写出全称。",
    empty: "未发现技术术语或缩写。",
    line: |n| format!("第 {n} 行"),
};

fn words(language: Language) -> &'static Words {
    match language {
        Language::En => &EN,
        Language::Zh => &ZH,
    }
}

/// The language to explain an entry in: its explanation's, or `fallback`
/// when it has none (an acronym no dictionary knows).
pub fn entry_language(entry: &GlossaryEntry, fallback: Language) -> Language {
    match &entry.explanation {
        Some(text) if crate::stats::word_count(text).mostly_cjk() => Language::Zh,
        Some(_) => Language::En,
        None => fallback,
    }
}

/// The meaning of an entry in one paragraph: what it stands for (the
/// document's own words first), what it means, what to write instead.
pub fn meaning(entry: &GlossaryEntry, language: Language) -> String {
    let w = words(language);
    let (sep, stop, join) = match language {
        Language::Zh => ("：", "。", ""),
        Language::En => (": ", ".", " "),
    };
    let sentence = |text: &str| {
        let text = text.trim();
        if text.ends_with(['.', '。', '!', '?', '！', '？']) {
            text.to_string()
        } else {
            format!("{text}{stop}")
        }
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(defined) = &entry.defined_as {
        parts.push(sentence(&format!("{}{sep}{defined}", w.defined_as)));
    } else if let Some(expansion) = &entry.expansion {
        parts.push(sentence(&format!("{}{sep}{expansion}", w.stands_for)));
    }
    match &entry.explanation {
        Some(explanation) => parts.push(sentence(explanation)),
        None if entry.defined_as.is_none() => parts.push(w.unexplained.to_string()),
        None => {}
    }
    if let Some(best) = entry.suggestions.first() {
        if entry.explanation.is_some() {
            parts.push(sentence(&format!("{}{sep}{best}", w.write_instead)));
        }
    }
    parts.join(join)
}

/// Escapes text for a Markdown table cell.
fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The glossary as a Markdown section with a table.
pub fn markdown(glossary: &Glossary, language: Language) -> String {
    let w = words(language);
    let mut out = format!("## {}\n\n", w.title);
    if glossary.entries.is_empty() {
        out.push_str(w.empty);
        out.push('\n');
        return out;
    }
    out.push_str(&format!(
        "| {} | {} | {} |\n|---|---|---|\n",
        w.term, w.meaning, w.first_used
    ));
    for entry in &glossary.entries {
        out.push_str(&format!(
            "| **{}** | {} | {}, {} |\n",
            md_cell(&entry.term),
            md_cell(&meaning(entry, entry_language(entry, language))),
            md_cell(&entry.first_use.path),
            (w.line)(entry.first_use.line)
        ));
    }
    out
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The glossary as CSV with a header row. Lists are joined with "; ".
pub fn csv(glossary: &Glossary) -> String {
    let mut out = String::from(
        "term,kind,expansion,defined_as,explanation,suggestions,category,findings,path,line,column\n",
    );
    for e in &glossary.entries {
        let kind = match e.kind {
            crate::glossary::TermKind::Acronym => "acronym",
            crate::glossary::TermKind::Term => "term",
        };
        let fields = [
            e.term.clone(),
            kind.to_string(),
            e.expansion.clone().unwrap_or_default(),
            e.defined_as.clone().unwrap_or_default(),
            e.explanation.clone().unwrap_or_default(),
            e.suggestions.join("; "),
            e.category.clone(),
            e.findings.to_string(),
            e.first_use.path.clone(),
            e.first_use.line.to_string(),
            e.first_use.column.to_string(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonGlossary<'a> {
    version: u32,
    terms: &'a [GlossaryEntry],
}

/// The glossary as `{"version":1,"terms":[…]}`.
pub fn json(glossary: &Glossary) -> String {
    let mut text = serde_json::to_string_pretty(&JsonGlossary {
        version: GLOSSARY_JSON_VERSION,
        terms: &glossary.entries,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{FirstUse, TermKind};

    fn entry(term: &str) -> GlossaryEntry {
        GlossaryEntry {
            term: term.to_string(),
            kind: TermKind::Acronym,
            expansion: Some("internet data center".into()),
            defined_as: None,
            explanation: Some("The building where our computers run.".into()),
            suggestions: vec!["data center".into()],
            category: "test".into(),
            findings: 2,
            first_use: FirstUse {
                path: "a|b.md".into(),
                line: 3,
                column: 5,
                byte: 20,
                document: 0,
            },
        }
    }

    #[test]
    fn markdown_escapes_cells_and_reads_as_sentences() {
        let g = Glossary {
            entries: vec![entry("IDC")],
        };
        let md = markdown(&g, Language::En);
        assert!(md.contains("| **IDC** | Stands for: internet data center. The building where our computers run. Plain alternative: data center. | a\\|b.md, line 3 |"), "{md}");
        let zh = markdown(&g, Language::Zh);
        assert!(zh.starts_with("## 术语表\n"));
        assert!(zh.contains("第 3 行"));
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let mut e = entry("IDC");
        e.explanation = Some("Rooms, racks and \"cages\".".into());
        let text = csv(&Glossary { entries: vec![e] });
        let row = text.lines().nth(1).unwrap();
        assert!(
            row.contains(",\"Rooms, racks and \"\"cages\"\".\","),
            "{row}"
        );
        assert!(row.ends_with(",test,2,a|b.md,3,5"));
    }
}
