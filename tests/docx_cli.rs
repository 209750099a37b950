//! The command line on Word documents: broken files fail alone (exit 2, the
//! run goes on), JSON carries a location, the human output names the heading,
//! `--fix` leaves .docx alone, and `annotate` writes a reviewed copy safely.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{claim_size, entry_text};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dejargon");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/docx/annual-report.docx")
}

fn mini() -> String {
    root()
        .join("tests/fixtures/dict/mini-en.json")
        .display()
        .to_string()
}

/// Runs dejargon with the test dictionary only and no configuration.
fn run(args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    let sub = args[0];
    command.arg(sub);
    command.args(["--no-config", "--no-builtin", "--dictionary", &mini()]);
    command.args(&args[1..]);
    command.env("NO_COLOR", "1").env("COLUMNS", "100");
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn broken_docx_files_fail_alone_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture()).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let truncated = write("a-truncated.docx", &good[..good.len() / 2]);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 504]);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let encrypted = write("b-encrypted.docx", &ole);
    let renamed = write("c-notes.docx", b"Minutes of the board meeting.\n");
    let mut bomb_bytes = good.clone();
    claim_size(&mut bomb_bytes, "word/document.xml", 4_000_000_000);
    let bomb = write("d-bomb.docx", &bomb_bytes);
    let fine = write("e-good.docx", &good);

    let out = run(&[
        "check",
        "--format",
        "compact",
        s(&truncated),
        s(&encrypted),
        s(&renamed),
        s(&bomb),
        s(&fine),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let d = dir.path().display();
    assert_eq!(
        lines,
        [
            format!("error: {d}/a-truncated.docx: damaged .docx: cannot read it as a zip archive (invalid Zip archive: Could not find EOCD); open it in Word and save it again"),
            format!("error: {d}/b-encrypted.docx: password-protected (encrypted) Word document; remove the password in Word (File > Info > Protect Document) and save again to check it"),
            format!("error: {d}/c-notes.docx: not a .docx: the file is not a zip archive (a Word .docx always is)"),
            format!("error: {d}/d-bomb.docx: refused: word/document.xml would expand to 3814.7 MiB, more than the limit of 64 MiB (a zip bomb?)"),
        ]
    );
    // The good file after them was still checked.
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 9, "{stdout}");
    assert!(stdout.starts_with(&format!("{d}/e-good.docx:3:34: error[jargon] \"ERP\"")));
}

#[test]
fn json_has_a_location_for_word_documents_only() {
    let md = root().join("tests/fixtures/markdown/prose-places.md");
    let out = run(&["check", "--format", "json", s(&fixture()), s(&md)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let (docx, other): (Vec<&Value>, Vec<&Value>) = findings
        .iter()
        .partition(|f| f["path"].as_str().unwrap().ends_with(".docx"));
    assert_eq!(docx.len(), 9);
    assert!(!other.is_empty());
    assert!(other.iter().all(|f| f.get("location").is_none()));
    let idc = docx.iter().find(|f| f["matched"] == "IDC").unwrap();
    assert_eq!(
        (&idc["line"], &idc["column"]),
        (&Value::from(3), &Value::from(74))
    );
    assert_eq!(
        idc["location"],
        serde_json::json!({"part": "word/document.xml", "paragraph": 3, "heading": "Technology review"})
    );
    let header = docx.iter().find(|f| f["line"] == 14).unwrap();
    assert_eq!(
        header["location"],
        serde_json::json!({"part": "word/header1.xml", "paragraph": 1, "heading": null})
    );
}

#[test]
fn human_output_quotes_the_paragraph_and_names_the_heading() {
    let out = run(&["check", "--color", "never", s(&fixture())]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            " 13 │ Next year the teams will synergize to cut the time from order to delivery"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Note 2: under heading \"Outlook\""),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Note 2: in word/footnotes.xml, paragraph 1, under heading \"Technology review\""
        ),
        "{stdout}"
    );
}

#[test]
fn fix_leaves_word_documents_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.docx");
    std::fs::copy(fixture(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = run(&["check", "--fix", "--format", "compact", s(&path)]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        text(&out.stderr).contains("--fix and --diff do not change Word documents"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn annotate_writes_a_reviewed_copy_and_leaves_the_input_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.docx");
    std::fs::copy(fixture(), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let output = dir.path().join("report.reviewed.docx");
    let out = run(&["annotate", s(&input), "-o", s(&output)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}: 7 comments added, written to {} (2 findings in page headers, footers or notes got no comment; `dejargon check` lists them)\n",
            input.display(),
            output.display()
        )
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let reviewed = std::fs::read(&output).unwrap();
    let comments = entry_text(&reviewed, "word/comments.xml").unwrap();
    assert_eq!(comments.matches("w:author=\"dejargon\"").count(), 7);
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // The reviewed copy still reads, with the same findings.
    let again = run(&["check", "--format", "compact", s(&output)]);
    assert_eq!(text(&again.stdout).lines().count(), 9);
}

#[test]
fn annotate_never_overwrites_the_input_without_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.docx");
    std::fs::copy(fixture(), &input).unwrap();
    let before = std::fs::read(&input).unwrap();

    // The same file, spelled differently.
    let same = dir.path().join(".").join("report.docx");
    let out = run(&["annotate", s(&input), "-o", s(&same)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("this is the input file; write the copy elsewhere, or pass --in-place"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let out = run(&["annotate", s(&input)]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let out = run(&["annotate", s(&input), "--in-place"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = std::fs::read(&input).unwrap();
    assert_ne!(after, before);
    assert!(entry_text(&after, "word/comments.xml").is_some());
}

#[test]
fn annotate_refuses_what_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.docx");
    std::fs::write(&notes, "plain text").unwrap();
    let out = run(&["annotate", s(&notes), "-o", s(&dir.path().join("x.docx"))]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {}: not a .docx: the file is not a zip archive (a Word .docx always is)\n",
            notes.display()
        )
    );
    assert!(!dir.path().join("x.docx").exists());

    let md = root().join("tests/fixtures/markdown/prose-places.md");
    let out = run(&["annotate", s(&md), "-o", s(&dir.path().join("x.docx"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("annotate works on Word documents (.docx)"));
}
