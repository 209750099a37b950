//! Docs-repository features end to end: configuration, suppression, baseline,
//! autofix, CI formats and path lists, each run through the real binary in a
//! temporary directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dejargon");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs dejargon in `dir` with the stable test dictionaries.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .args(args)
        .arg("--no-builtin")
        .arg("--dictionary")
        .arg(fixture("dict/mini-en.json"))
        .arg("--dictionary")
        .arg(fixture("dict/mini-zh.json"))
        .env("NO_COLOR", "1");
    cmd.output().unwrap()
}

fn run_stdin(dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .arg("--no-builtin")
        .arg("--dictionary")
        .arg(fixture("dict/mini-en.json"))
        .arg("--dictionary")
        .arg(fixture("dict/mini-zh.json"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json_findings(output: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    v["findings"].as_array().unwrap().clone()
}

fn terms(output: &Output) -> Vec<String> {
    json_findings(output)
        .iter()
        .map(|f| f["term"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// A temporary repository (with a `.git` directory so discovery stops there).
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn config_is_discovered_by_walking_up_and_command_line_wins() {
    let dir = repo();
    write(
        dir.path(),
        "dejargon.toml",
        "allow = [\"IDC\"]\naudience = \"technical\"\n",
    );
    write(
        dir.path(),
        "docs/deep/a.md",
        "The IDC hosts the ERP. Teams synergize.\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "docs"]);
    // IDC is allowed; ERP is known to technical staff; only the buzzword remains.
    assert_eq!(terms(&out), vec!["synergize"], "{}", stderr(&out));
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--audience",
            "executive",
            "docs",
        ],
    );
    assert_eq!(terms(&out), vec!["ERP", "synergize"]);
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--no-config", "docs"],
    );
    assert_eq!(terms(&out), vec!["IDC", "ERP", "synergize"]);
}

#[test]
fn unknown_config_key_is_an_error_with_position() {
    let dir = repo();
    write(
        dir.path(),
        "dejargon.toml",
        "audience = \"executive\"\n\nfailon = \"error\"\n",
    );
    write(dir.path(), "a.md", "Plain text.\n");
    let out = run(dir.path(), &["check", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("dejargon.toml:3:1"), "{err}");
    assert!(err.contains("unknown field `failon`"), "{err}");
}

#[test]
fn wrong_type_in_config_is_an_error_with_position() {
    let dir = repo();
    write(dir.path(), ".dejargon.toml", "allow = \"IDC\"\n");
    write(dir.path(), "a.md", "Plain text.\n");
    let out = run(dir.path(), &["check", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".dejargon.toml:1:9"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exclude_applies_to_explicit_paths_and_per_path_overrides() {
    let dir = repo();
    write(
        dir.path(),
        "dejargon.toml",
        "exclude = [\"vendor/**\"]\n\n[[per-path]]\npaths = [\"api-reference/**\"]\nenabled = false\n\n[[per-path]]\npaths = [\"reports/**\"]\nfail-on = \"info\"\n[per-path.severity]\nterms = { IDC = \"info\" }\n",
    );
    write(dir.path(), "vendor/x.md", "The IDC.\n");
    write(dir.path(), "api-reference/y.md", "The IDC.\n");
    write(dir.path(), "reports/board.md", "The IDC.\n");
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "vendor/x.md",
            "api-reference/y.md",
            "reports/board.md",
        ],
    );
    let findings = json_findings(&out);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["path"], "reports/board.md");
    assert_eq!(findings[0]["severity"], "info");
    // fail-on = info for reports/** makes the info finding fail the run.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn config_dump_shows_the_layered_result() {
    let dir = repo();
    write(
        dir.path(),
        "dejargon.toml",
        "audience = \"business\"\nfail-on = \"error\"\n",
    );
    let out = run(dir.path(), &["config", "dump", "--fail-on", "info"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("audience = \"business\""), "{text}");
    assert!(text.contains("fail-on = \"info\""), "{text}");
}

#[test]
fn markdown_suppression_comments() {
    let dir = repo();
    write(
        dir.path(),
        "a.md",
        "<!-- dejargon-disable-next-line IDC -->\nThe IDC and the ERP.\n\n<!-- dejargon-disable -->\nThe CRM and microservices.\n<!-- dejargon-enable -->\n\nThe API.\n\n<!-- dejargon-disable-next-line undefined-acronym -->\nNothing to hide here.\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "a.md"]);
    let findings = json_findings(&out);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["term"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("ERP", "jargon"),
            ("API", "jargon"),
            (
                "<!-- dejargon-disable-next-line undefined-acronym -->",
                "unused-suppression"
            ),
        ]
    );
    assert_eq!(findings[2]["severity"], "info");
}

#[test]
fn plain_text_suppression_lines() {
    let dir = repo();
    write(
        dir.path(),
        "a.txt",
        "dejargon: disable-next-line\nThe IDC.\nThe ERP.\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "a.txt"]);
    assert_eq!(terms(&out), vec!["ERP"]);
}

#[test]
fn baseline_reports_only_new_findings_and_survives_edits_elsewhere() {
    let dir = repo();
    write(
        dir.path(),
        "docs/a.md",
        "# Plan\n\nThe IDC is full.\n\nThe ERP is old.\n",
    );
    let out = run(dir.path(), &["baseline", "write", "docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join(".dejargon-baseline.json").exists());
    let out = run(
        dir.path(),
        &[
            "check",
            "--baseline",
            ".dejargon-baseline.json",
            "--format",
            "json",
            "docs",
        ],
    );
    assert!(json_findings(&out).is_empty());
    assert_eq!(out.status.code(), Some(0));
    // New paragraphs above move every line; one new finding is added.
    write(
        dir.path(),
        "docs/a.md",
        "# Plan\n\nA new intro.\n\nMore words.\n\nThe IDC is full.\n\nThe ERP is old.\n\nNow with SaaS.\n",
    );
    let out = run(
        dir.path(),
        &[
            "check",
            "--baseline",
            ".dejargon-baseline.json",
            "--format",
            "json",
            "docs",
        ],
    );
    assert_eq!(terms(&out), vec!["SaaS"]);
    // A fixed finding is dropped on the next write.
    write(dir.path(), "docs/a.md", "# Plan\n\nThe ERP is old.\n");
    run(dir.path(), &["baseline", "write", "docs"]);
    let text = fs::read_to_string(dir.path().join(".dejargon-baseline.json")).unwrap();
    assert!(!text.contains("\"IDC\""), "{text}");
    assert!(text.contains("\"ERP\""), "{text}");
}

#[test]
fn fix_is_idempotent_and_keeps_bom_and_crlf() {
    let dir = repo();
    let original =
        "\u{feff}IDC costs fell.\r\nWe will synergize in the IDC.\r\n\r\n```\nIDC in code\n```\r\n";
    write(dir.path(), "a.md", original);
    let out = run(
        dir.path(),
        &["check", "--fix", "--format", "compact", "a.md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = fs::read_to_string(dir.path().join("a.md")).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}Data center costs fell.\r\nWe will work together in the data center.\r\n\r\n```\nIDC in code\n```\r\n"
    );
    let out = run(
        dir.path(),
        &["check", "--fix", "--format", "compact", "a.md"],
    );
    assert!(
        stderr(&out).contains("fixed 0 findings in 0 files"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), fixed);
}

#[test]
fn diff_prints_changes_and_writes_nothing() {
    let dir = repo();
    write(dir.path(), "a.md", "The IDC is full.\n");
    let out = run(dir.path(), &["check", "--diff", "a.md"]);
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("-The IDC is full.\n+The data center is full.\n"),
        "{diff}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.md")).unwrap(),
        "The IDC is full.\n"
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = repo();
    let out = run_stdin(dir.path(), &["check", "--fix", "-"], "Move the IDC now.\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Move the data center now.\n"
    );
}

#[cfg(unix)]
#[test]
fn fix_on_a_read_only_file_fails_and_leaves_it_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo();
    write(dir.path(), "a.md", "The IDC is full.\n");
    let path = dir.path().join("a.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(dir.path(), &["check", "--fix", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a.md: cannot write fixes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "The IDC is full.\n");
}

#[test]
fn sarif_output_validates_against_the_official_schema() {
    let dir = repo();
    write(dir.path(), "my docs/a.md", "The IDC and the ERP and XYZ.\n");
    let out = run(dir.path(), &["check", "--format", "sarif", "my docs"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&fs::read_to_string(fixture("../sarif-schema-2.1.0.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20docs/a.md"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        5
    );
    assert_eq!(
        results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "data center"
    );
    // A document with no findings is still valid SARIF.
    write(dir.path(), "clean.md", "Plain words.\n");
    let out = run(dir.path(), &["check", "--format", "sarif", "clean.md"]);
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(validator.is_valid(&sarif));
}

#[test]
fn github_annotations_are_escaped() {
    let dir = repo();
    write(dir.path(), "a,b.md", "The IDC.\n");
    let out = run(dir.path(), &["check", "--format", "github", "a,b.md"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("::error file=a%2Cb.md,line=1,col=5,endColumn=8,title=dejargon jargon%3A IDC::\"IDC\" is an acronym"),
        "{text}"
    );
    assert!(
        text.contains("%0A"),
        "newline in message must be escaped: {text}"
    );
}

#[test]
fn max_findings_caps_output_but_not_the_exit_code() {
    let dir = repo();
    write(dir.path(), "a.md", "IDC, ERP, CRM and API.\n");
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--max-findings", "2", "a.md"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 2);
    assert_eq!(v["summary"]["findings"], 4);
    assert_eq!(v["summary"]["findings_omitted"], 2);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn files_from_reads_nul_and_newline_lists() {
    let dir = repo();
    write(dir.path(), "a.md", "The IDC.\n");
    write(dir.path(), "b.md", "The ERP.\n");
    write(dir.path(), "list0", "a.md\0b.md\0");
    write(dir.path(), "list", "a.md\r\nb.md\n");
    for list in ["list0", "list"] {
        let out = run(
            dir.path(),
            &["check", "--format", "json", "--files-from", list],
        );
        assert_eq!(terms(&out), vec!["IDC", "ERP"], "{list}");
    }
}

#[test]
fn changed_checks_only_files_changed_since_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    write(dir.path(), "old.md", "The IDC.\n");
    write(dir.path(), "edited.md", "Plain.\n");
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "init"]);
    write(dir.path(), "edited.md", "The ERP.\n");
    write(dir.path(), "new.md", "The CRM.\n");
    let out = run(dir.path(), &["check", "--format", "json", "--changed"]);
    assert_eq!(terms(&out), vec!["ERP", "CRM"], "{}", stderr(&out));
}
