//! For the person who reads the result: `check --stats`, `glossary` and
//! `report` agree with `check --format json` on the same input, and the review
//! page is self-contained and escapes everything it inserts.
//!
//! The JSON is decoded with this test's own types (unknown fields are errors
//! where the schema is ours to pin), so drift from the README fails here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_dejargon");

const MINI: [&str; 5] = [
    "--no-builtin",
    "--dictionary",
    "tests/fixtures/dict/mini-en.json",
    "--dictionary",
    "tests/fixtures/dict/mini-zh.json",
];

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn with<'a>(dictionaries: &[&'a str], args: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(dictionaries).copied().collect()
}

#[derive(Debug, Deserialize)]
struct CheckOutput {
    findings: Vec<Finding>,
    summary: Summary,
}

#[derive(Debug, Deserialize)]
struct Finding {
    path: String,
    line: usize,
    column: usize,
    rule: String,
    term: String,
    severity: String,
    category: String,
}

/// The summary with `--stats`: the old fields, then the statistics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Summary {
    files_checked: usize,
    files_with_findings: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    files_failed: usize,
    files_skipped: usize,
    findings_omitted: usize,
    words: Option<usize>,
    density: Option<f64>,
    by_severity: Option<SeverityCounts>,
    by_category: Option<BTreeMap<String, usize>>,
    top_terms: Option<Vec<TermCount>>,
    files: Option<Vec<FileStats>>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
struct SeverityCounts {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermCount {
    term: String,
    count: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileStats {
    path: String,
    words: usize,
    findings: usize,
    density: f64,
    by_severity: SeverityCounts,
    sections: Vec<SectionStats>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct SectionStats {
    title: Option<String>,
    level: u8,
    line: usize,
    words: usize,
    findings: usize,
    density: f64,
    by_severity: SeverityCounts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryOutput {
    version: u32,
    terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct GlossaryTerm {
    term: String,
    kind: String,
    expansion: Option<String>,
    defined_as: Option<String>,
    explanation: Option<String>,
    suggestions: Vec<String>,
    category: String,
    findings: usize,
    first_use: FirstUse,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FirstUse {
    path: String,
    line: usize,
    column: usize,
    #[allow(dead_code)]
    byte: usize,
}

fn check_json(dictionaries: &[&str], stats: bool) -> CheckOutput {
    let mut args = vec!["check", "examples/", "--format", "json"];
    if stats {
        args.push("--stats");
    }
    let out = run(&with(dictionaries, &args));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Stats count what JSON reports, except suppression comments that suppress nothing.
fn counted(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.rule != "unused-suppression")
        .collect()
}

fn stats_agree_with_json(dictionaries: &[&str]) {
    let json = check_json(dictionaries, true);
    let plain = check_json(dictionaries, false);
    assert_eq!(json.findings.len(), plain.findings.len());
    assert!(
        plain.summary.words.is_none() && plain.summary.files.is_none(),
        "statistics are only added with --stats"
    );

    let s = &json.summary;
    let findings = counted(&json.findings);
    assert!(!findings.is_empty());
    let by_severity = s.by_severity.as_ref().unwrap();
    let mut expected = SeverityCounts::default();
    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_term: HashMap<&str, usize> = HashMap::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    for f in &findings {
        match f.severity.as_str() {
            "error" => expected.error += 1,
            "warning" => expected.warning += 1,
            _ => expected.info += 1,
        }
        *by_category.entry(f.category.clone()).or_default() += 1;
        *by_term.entry(&f.term).or_default() += 1;
        *by_path.entry(&f.path).or_default() += 1;
    }
    assert_eq!(by_severity, &expected);
    assert_eq!(s.by_category.as_ref().unwrap(), &by_category);

    let top = s.top_terms.as_ref().unwrap();
    assert!(top.len() <= 10 && !top.is_empty());
    for t in top {
        assert_eq!(by_term[t.term.as_str()], t.count, "{}", t.term);
    }
    let least_listed = top.last().unwrap().count;
    assert!(
        by_term.values().filter(|&&n| n > least_listed).count() <= top.len(),
        "top terms are the most frequent"
    );

    let files = s.files.as_ref().unwrap();
    assert_eq!(files.len(), s.files_checked);
    let words = s.words.unwrap();
    assert!(words > 300, "{words}");
    assert_eq!(files.iter().map(|f| f.words).sum::<usize>(), words);
    assert_eq!(
        round2(findings.len() as f64 * 1000.0 / words as f64),
        s.density.unwrap()
    );
    for file in files {
        assert_eq!(
            file.findings,
            by_path.get(file.path.as_str()).copied().unwrap_or(0),
            "{}",
            file.path
        );
        assert_eq!(
            file.by_severity.error + file.by_severity.warning + file.by_severity.info,
            file.findings
        );
        assert_eq!(
            file.sections.iter().map(|x| x.words).sum::<usize>(),
            file.words
        );
        assert_eq!(
            file.sections.iter().map(|x| x.findings).sum::<usize>(),
            file.findings
        );
        assert_eq!(
            round2(file.findings as f64 * 1000.0 / file.words as f64),
            file.density
        );
        // Each finding lies in the section that starts last at or before its line.
        for f in findings.iter().filter(|f| f.path == file.path) {
            let section = file
                .sections
                .iter()
                .rev()
                .find(|x| x.line <= f.line)
                .unwrap();
            assert!(section.findings > 0, "{}:{}", f.path, f.line);
        }
    }
    let titles: Vec<&str> = files
        .iter()
        .flat_map(|f| f.sections.iter().filter_map(|x| x.title.as_deref()))
        .collect();
    assert!(titles.contains(&"What we built") && titles.contains(&"重点工作"));

    // The glossary lists exactly the reported terms, with the same counts and
    // first uses; other entries are acronyms the documents define themselves.
    let out = run(&with(
        dictionaries,
        &["glossary", "examples/", "--format", "json"],
    ));
    assert_eq!(out.status.code(), Some(0));
    let glossary: GlossaryOutput = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(glossary.version, 1);
    let listed: BTreeSet<&str> = glossary
        .terms
        .iter()
        .filter(|t| t.findings > 0)
        .map(|t| t.term.as_str())
        .collect();
    let reported: BTreeSet<&str> = by_term.keys().copied().collect();
    assert_eq!(listed, reported);
    for term in &glossary.terms {
        if term.findings == 0 {
            assert!(term.defined_as.is_some(), "{}", term.term);
            continue;
        }
        assert_eq!(term.findings, by_term[term.term.as_str()], "{}", term.term);
        let first = findings.iter().find(|f| f.term == term.term).unwrap();
        if term.defined_as.is_none() {
            assert_eq!(
                (
                    &term.first_use.path,
                    term.first_use.line,
                    term.first_use.column
                ),
                (&first.path, first.line, first.column),
                "{}",
                term.term
            );
        }
    }
    let crm = glossary.terms.iter().find(|t| t.term == "CRM").unwrap();
    assert_eq!(
        crm.defined_as.as_deref(),
        Some("customer relationship management")
    );
    let order: Vec<String> = glossary
        .terms
        .iter()
        .map(|t| t.term.to_lowercase())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "sorted for an appendix");
}

#[test]
fn stats_and_glossary_agree_with_json_on_the_examples() {
    stats_agree_with_json(&MINI);
}

#[test]
fn stats_and_glossary_agree_with_json_with_the_bundled_dictionaries() {
    stats_agree_with_json(&[]);
}

fn page(args: &[&str]) -> String {
    let mut all = vec!["report", "-o", "-"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn page_highlights_every_json_finding() {
    for dictionaries in [&MINI[..], &[]] {
        let json = check_json(dictionaries, false);
        let html = page(&with(dictionaries, &["examples/"]));
        assert_eq!(
            html.matches("<mark class=\"f ").count(),
            json.findings.len()
        );
        for (i, f) in json.findings.iter().enumerate() {
            let mark = format!(
                "id=\"f{i}\" data-i=\"{i}\" data-severity=\"{}\"",
                f.severity
            );
            assert!(html.contains(&mark), "{mark}");
        }
        assert!(html.contains("<svg id=\"chart-sections\""));
        assert!(html.contains("<svg id=\"chart-terms\""));
        assert!(html.contains("id=\"glossary\""));
    }
}

fn hostile_page(file: &str) -> String {
    page(&[
        "--no-builtin",
        "--dictionary",
        "tests/fixtures/dict/hostile.json",
        file,
    ])
}

/// What must hold for any page: only our own two scripts, no live markup
/// from the input, no event-handler attributes, finding data that cannot
/// close its script element.
fn assert_inert(html: &str) {
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert_eq!(html.matches("</script>").count(), 2);
    for live in ["<script>alert", "<img", "<b>internet"] {
        assert!(!html.contains(live), "{live} is live markup");
    }
    // No tag carries an event handler: the page's script uses addEventListener.
    let tag = regex::Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let handler = regex::Regex::new(r"(?i)\son[a-z]+\s*=").unwrap();
    let quoted = regex::Regex::new(r#""[^"]*""#).unwrap();
    for t in tag.find_iter(html) {
        // Attribute values are escaped, so a raw quote always ends one.
        let names_only = quoted.replace_all(t.as_str(), "\"\"");
        assert!(!handler.is_match(&names_only), "{}", t.as_str());
    }
    let data_start = html.find("<script type=\"application/json\"").unwrap();
    let data_end = data_start + html[data_start..].find("</script>").unwrap();
    let data = &html[data_start..data_end];
    assert!(!data[1..].contains('<'));
    assert!(data.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert('explanation')"));
    for text in [
        "data-category=\"x&quot; onmouseover=&quot;alert(&#39;category&#39;)\"",
        "&lt;b&gt;internet&lt;/b&gt; data center",
        "Bare &amp;amp; entities &amp;lt;b&amp;gt; stay text",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
    // Two highlights for the two uses of IDC, none for the markup.
    assert_eq!(html.matches("<mark class=\"f ").count(), 2);
}

#[test]
fn page_escapes_hostile_plain_text() {
    let html = hostile_page("tests/fixtures/review/hostile.txt");
    assert_inert(&html);
    for text in [
        "IDC</mark> &lt;script&gt;alert(1)&lt;/script&gt; next year.",
        "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; and the",
        "&lt;/script&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
        "# Plan &lt;script&gt;alert(&#39;heading&#39;)&lt;/script&gt;",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
}

#[test]
fn page_escapes_hostile_markdown() {
    // In Markdown the tags are inline HTML, not prose: shown dimmed, as text.
    let html = hostile_page("tests/fixtures/review/hostile.md");
    assert_inert(&html);
    for text in [
        "<span class=\"np\">&lt;script&gt;</span>alert(1)<span class=\"np\">&lt;/script&gt; </span>",
        "&quot;&gt;<span class=\"np\">&lt;img src=x onerror=alert(2)&gt; </span>",
        "<span class=\"np\">&lt;/script&gt;&lt;script&gt;</span>alert(3)",
        "Plan <span class=\"np\">&lt;script&gt;</span>alert(&#39;heading&#39;)",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
}

/// Every attribute of a tag that names another resource (`src`, `href`,
/// `xlink:href`, `action`, `poster`, `srcset`, `data`, `formaction`), as
/// `name=value`. Document text is escaped, so every raw `<` starts a real tag.
fn resource_attributes(html: &str) -> Vec<String> {
    let tag = regex::Regex::new(r"<[a-zA-Z][^>]*>").unwrap();
    let attribute = regex::Regex::new(
        r#"(?i)\s(src|href|xlink:href|action|poster|srcset|data|formaction)\s*=\s*["']?([^"'\s>]*)"#,
    )
    .unwrap();
    let mut found = Vec::new();
    for t in tag.find_iter(html) {
        for c in attribute.captures_iter(t.as_str()) {
            found.push(format!("{}={}", &c[1], &c[2]));
        }
    }
    found
}

#[test]
fn page_has_no_external_references() {
    for args in [
        vec!["examples/"],
        with(&MINI, &["examples/"]),
        vec![
            "--no-builtin",
            "--dictionary",
            "tests/fixtures/dict/hostile.json",
            "tests/fixtures/review/hostile.md",
        ],
        vec![
            "--no-builtin",
            "--dictionary",
            "tests/fixtures/dict/hostile.json",
            "tests/fixtures/review/hostile.txt",
        ],
    ] {
        let html = page(&args);
        let attributes = resource_attributes(&html);
        assert!(
            attributes.iter().any(|a| a.starts_with("href=#")),
            "the scan finds the page's own links"
        );
        for attribute in attributes {
            let value = attribute.split_once('=').unwrap().1;
            assert!(
                value.starts_with('#'),
                "{attribute}: only links inside the page are allowed"
            );
        }
        let lower = html.to_ascii_lowercase();
        for tag in [
            "<link", "<img", "<iframe", "<object", "<embed", "<base", "<video", "<audio",
        ] {
            assert!(!lower.contains(tag), "{tag}");
        }
        for css in ["url(", "@import"] {
            assert!(!lower.contains(css), "{css}");
        }
        // And the browser is told to refuse any request anyway.
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
        // The document's own URL is text, not a link.
        if args.contains(&"examples/") {
            assert!(html.contains("https://example.com/API/guide</span>"));
        }
    }
}

#[test]
fn report_writes_the_page_and_replaces_an_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("review.html");
    std::fs::write(&target, "old").unwrap();
    let target_arg = target.to_str().unwrap();
    let out = run(&with(
        &MINI,
        &[
            "report",
            "examples/annual-report.md",
            "examples/board-briefing-zh.md",
            "-o",
            target_arg,
        ],
    ));
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("wrote {target_arg}: 2 documents, ")));
    let html = std::fs::read_to_string(&target).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    assert!(Path::new(&target).exists());

    let missing = dir.path().join("no-such-dir").join("review.html");
    let out = run(&with(
        &MINI,
        &["report", "examples/", "-o", missing.to_str().unwrap()],
    ));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn max_density_fails_only_the_dense_document() {
    let out = run(&with(
        &MINI,
        &[
            "check",
            "examples/annual-report.md",
            "examples/board-briefing-zh.md",
            "--fail-on",
            "never",
            "--max-density",
            "40",
            "--format",
            "json",
        ],
    ));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("examples/annual-report.md: 41.2 jargon findings per 1,000 words"));
    assert!(!stderr.contains("board-briefing-zh.md"), "{stderr}");
    let out = run(&with(
        &MINI,
        &[
            "check",
            "examples/annual-report.md",
            "examples/board-briefing-zh.md",
            "--fail-on",
            "never",
            "--max-density",
            "41.3",
        ],
    ));
    assert_eq!(out.status.code(), Some(0));
}
