//! The JSON wire format, decoded with this test's own types (unknown fields
//! are errors), so any drift from the README's schema fails loudly. Positions
//! are checked on text with a BOM, CRLF, tabs, Chinese and emoji.

use std::io::Write;
use std::process::{Command, Stdio};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Output {
    version: u32,
    findings: Vec<Finding>,
    summary: Summary,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Finding {
    path: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    rule: String,
    term: String,
    matched: String,
    severity: String,
    message: String,
    explanation: String,
    suggestions: Vec<String>,
    category: String,
    dictionary: Option<String>,
    fix: Option<String>,
}

#[derive(Debug, Deserialize)]
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
}

fn check(args: &[&str], stdin: &[u8]) -> (Output, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dejargon"))
        .args(["check", "--format", "json"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    let parsed: Output = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (parsed, out.status.code().unwrap())
}

const MINI: [&str; 5] = [
    "--no-builtin",
    "--dictionary",
    "tests/fixtures/dict/mini-en.json",
    "--dictionary",
    "tests/fixtures/dict/mini-zh.json",
];

fn with_mini<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    MINI.iter().copied().chain(extra.iter().copied()).collect()
}

#[test]
fn the_mixed_chinese_sentence_from_the_issue() {
    let text = "我们计划把ERP系统迁移到IDC机房，并通过API接口打通CRM中台。\n";
    let (out, code) = check(&["-"], text.as_bytes());
    assert_eq!(code, 1);
    assert_eq!(out.version, 1);
    let found: Vec<(&str, usize)> = out
        .findings
        .iter()
        .map(|f| (f.matched.as_str(), f.column))
        .collect();
    // Every term the issue names is reported, at its character column.
    for (needle, column) in [
        ("ERP", 6),
        ("IDC", 14),
        ("API", 23),
        ("CRM", 30),
        ("中台", 33),
    ] {
        assert!(
            found
                .iter()
                .any(|(m, c)| m.starts_with(needle) && *c == column),
            "{needle} at column {column} missing from {found:?}"
        );
    }
    for f in &out.findings {
        assert_eq!(
            &text.as_bytes()[f.byte_start..f.byte_end],
            f.matched.as_bytes()
        );
    }
}

#[test]
fn clean_business_sentence_reports_nothing() {
    let (out, code) = check(
        &["-"],
        b"Revenue grew 12% year on year and the CEO thanked our customers.\n",
    );
    assert_eq!(code, 0);
    assert!(out.findings.is_empty());
    assert_eq!(out.summary.files_checked, 1);
}

#[test]
fn positions_with_bom_crlf_tabs_cjk_and_emoji() {
    let text = "\u{feff}Intro 😀\r\n\t中文 IDC and\u{2028}the ERP\r\n";
    let (out, _) = check(&with_mini(&["-"]), text.as_bytes());
    let got: Vec<(&str, usize, usize, usize, usize, usize)> = out
        .findings
        .iter()
        .map(|f| {
            (
                f.term.as_str(),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                f.byte_start,
            )
        })
        .collect();
    let idc = text.find("IDC").unwrap();
    let erp = text.find("ERP").unwrap();
    assert_eq!(
        got,
        vec![("IDC", 2, 5, 2, 8, idc), ("ERP", 3, 5, 3, 8, erp)]
    );
    assert_eq!(out.findings[0].byte_end, idc + 3);
}

#[test]
fn definition_then_later_use_is_info_and_no_undefined_acronym() {
    let text = "Enterprise Resource Planning (ERP) runs finance. Later the ERP closed the books.\n";
    let (out, _) = check(&with_mini(&["-"]), text.as_bytes());
    let got: Vec<(&str, &str, &str)> = out
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.term.as_str(), f.severity.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![("jargon", "ERP", "error"), ("jargon", "ERP", "info")]
    );
    // An acronym no dictionary knows, defined first, is not reported at all.
    let (out, _) = check(
        &with_mini(&["-"]),
        b"Our Quarterly Planning Review (QPR) met. The QPR agreed.\n",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn summary_counts_match_findings() {
    let (out, _) = check(
        &with_mini(&["-"]),
        "The IDC, the ERP and microservices.\n".as_bytes(),
    );
    assert_eq!(out.summary.findings, out.findings.len());
    assert_eq!(
        out.summary.errors + out.summary.warnings + out.summary.infos,
        out.findings.len()
    );
}
