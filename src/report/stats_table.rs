//! `--stats` for people: totals, then a table of files and their sections.
//! Numbers come first so that columns line up whatever the script of a title.

use std::fmt::Write as _;

use crate::stats::RunStats;

/// The statistics block printed after the findings.
pub fn stats_table(stats: &RunStats) -> String {
    let mut out = String::new();
    let verdict = stats.verdict();
    let _ = writeln!(out, "\nStatistics");
    let _ = writeln!(
        out,
        "  words         {} (English words, plus one per Chinese character; code and links not counted)",
        stats.words
    );
    let _ = writeln!(
        out,
        "  density       {:.1} findings per 1,000 words: {}",
        stats.density,
        verdict.label()
    );
    let _ = writeln!(
        out,
        "  findings      {} ({} error, {} warning, {} info)",
        stats.findings, stats.by_severity.error, stats.by_severity.warning, stats.by_severity.info
    );
    if !stats.by_category.is_empty() {
        let mut categories: Vec<(&String, &usize)> = stats.by_category.iter().collect();
        categories.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = categories.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let _ = writeln!(out, "  categories    {}", list.join(", "));
    }
    if !stats.top_terms.is_empty() {
        let list: Vec<String> = stats
            .top_terms
            .iter()
            .map(|t| format!("{} {}", t.term, t.count))
            .collect();
        let _ = writeln!(out, "  top terms     {}", list.join(", "));
    }
    if stats.files.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n  {:>8} {:>9} {:>10}  file / section",
        "words", "findings", "per 1,000"
    );
    for file in &stats.files {
        let _ = writeln!(
            out,
            "  {:>8} {:>9} {:>10.1}  {}",
            file.words, file.findings, file.density, file.path
        );
        if file.sections.len() == 1 && file.sections[0].title.is_none() {
            continue;
        }
        for section in &file.sections {
            let title = match &section.title {
                Some(title) => format!("{} {title}", "#".repeat(usize::from(section.level.max(1)))),
                None => "(before the first heading)".to_string(),
            };
            let _ = writeln!(
                out,
                "  {:>8} {:>9} {:>10.1}    {}",
                section.words, section.findings, section.density, title
            );
        }
    }
    out
}
