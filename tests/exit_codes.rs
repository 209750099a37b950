//! One test per row of the README's "Exit codes" table, through the real
//! binary; each error also names the file (and the position where there is
//! one) and says what to do. Faults with special files are in `faults.rs`.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dejargon");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn mini() -> Vec<String> {
    vec![
        "--no-builtin".into(),
        "--no-config".into(),
        "--dictionary".into(),
        fixture("dict/mini-en.json").display().to_string(),
    ]
}

/// Runs dejargon in `dir` with `args` and `stdin`.
fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A process that fails early (bad configuration) may exit before reading
    // stdin; the closed pipe is expected then, not a test failure.
    if let Err(err) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    child.wait_with_output().unwrap()
}

fn check(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut all: Vec<String> = vec!["check".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.extend(mini());
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    run(dir, &refs, stdin)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
    assert!(!stderr(out).contains("panicked"), "{}", stderr(out));
}

fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

// ----- 0 -----

#[test]
fn exit_0_no_finding_at_or_above_fail_on() {
    let d = dir();
    assert_exit(&check(d.path(), &["-"], "Revenue grew 12%."), 0);
    assert_exit(
        &check(
            d.path(),
            &["--fail-on", "error", "-"],
            "We use microservices.",
        ),
        0,
    );
    assert_exit(
        &check(d.path(), &["--fail-on", "never", "-"], "The IDC is full."),
        0,
    );
}

#[test]
fn exit_0_help_and_version() {
    let d = dir();
    for args in [
        &["--help"][..],
        &["--version"],
        &["check", "--help"],
        &["explain", "--help"],
    ] {
        let out = run(d.path(), args, "");
        assert_exit(&out, 0);
        assert!(!out.stdout.is_empty());
    }
    let out = run(d.path(), &["--version"], "");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("dejargon "));
}

#[test]
fn exit_0_on_a_broken_pipe() {
    // `dejargon check | head`: the reader goes away; that is not an error.
    let d = dir();
    let text = "The IDC is full. ".repeat(20) + "\n";
    fs::write(d.path().join("a.md"), text.repeat(2000)).unwrap();
    let mut args: Vec<String> = vec!["check".into(), "--format".into(), "compact".into()];
    args.push("a.md".into());
    args.extend(mini());
    let mut child = Command::new(BIN)
        .current_dir(d.path())
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_exit(&out, 0);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn exit_0_skipped_files_are_notes() {
    let d = dir();
    fs::write(d.path().join("image.md"), b"PNG\0\0IDC").unwrap();
    let out = check(d.path(), &["image.md"], "");
    assert_exit(&out, 0);
    assert!(stderr(&out).contains("note: image.md: binary file"));
}

// ----- 1 -----

#[test]
fn exit_1_findings_at_or_above_fail_on() {
    let d = dir();
    assert_exit(&check(d.path(), &["-"], "The IDC is full."), 1);
    assert_exit(
        &check(
            d.path(),
            &["--fail-on", "info", "-"],
            "We use microservices.",
        ),
        1,
    );
}

#[test]
fn exit_1_explain_of_an_unknown_term() {
    let d = dir();
    let mut args = vec!["explain".to_string(), "flux capacitor".to_string()];
    args.extend(mini().into_iter().filter(|a| a != "--no-config"));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_exit(&run(d.path(), &refs, ""), 1);
}

#[test]
fn exit_1_diff_with_changes() {
    let d = dir();
    fs::write(d.path().join("a.md"), "The IDC is full.\n").unwrap();
    assert_exit(&check(d.path(), &["--diff", "a.md"], ""), 1);
}

// ----- 2 -----

#[test]
fn exit_2_bad_usage() {
    let d = dir();
    let out = run(d.path(), &["check", "--format", "xml"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("invalid value 'xml'"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("possible values"), "{}", stderr(&out));
    assert_exit(&run(d.path(), &["frobnicate"], ""), 2);
    assert_exit(&run(d.path(), &["check", "--fix", "--diff", "-"], ""), 2);
}

#[test]
fn exit_2_a_path_that_does_not_exist() {
    let d = dir();
    let out = check(d.path(), &["no/such/file.md"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("error: no/such/file.md: no such file or directory; check the path"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn exit_2_a_path_that_cannot_be_read() {
    // A symlink loop cannot be read by anyone, root included (permission
    // cases are in faults.rs).
    let d = dir();
    std::os::unix::fs::symlink("loop.md", d.path().join("loop.md")).unwrap();
    let out = check(d.path(), &["loop.md"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("error: loop.md: ") && stderr(&out).contains("check the path"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_a_file_that_is_not_utf8() {
    let d = dir();
    fs::write(d.path().join("a.txt"), b"ok\nab\xffcd").unwrap();
    let out = check(d.path(), &["a.txt"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: a.txt: 2:3: not valid UTF-8 (byte offset 5); convert the file to UTF-8 to check it"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_a_broken_dictionary() {
    let d = dir();
    let out = run(
        d.path(),
        &[
            "check",
            "--no-builtin",
            "--dictionary",
            fixture("dict/broken.json").to_str().unwrap(),
            "--color",
            "never",
            "-",
        ],
        "text",
    );
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("broken.json:1:85"), "{err}");
    assert!(err.contains("Help: see dictionaries/README.md"), "{err}");
    let out = run(
        d.path(),
        &["check", "--dictionary", "missing.json", "-"],
        "text",
    );
    assert_exit(&out, 2);
    assert!(
        stderr(&out)
            .contains("error: missing.json: cannot read dictionary: no such file or directory")
            && stderr(&out).contains("help: check the path"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_a_broken_configuration() {
    let d = dir();
    fs::write(d.path().join("dejargon.toml"), "audience = \"everyone\"\n").unwrap();
    let out = run(d.path(), &["check", "--color", "never", "-"], "text");
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("dejargon.toml:1:12"), "{err}");
    assert!(err.contains("unknown variant `everyone`"), "{err}");
    assert!(err.contains("Help: see the Configuration section"), "{err}");
    let out = run(d.path(), &["check", "--config", "nope.toml", "-"], "text");
    assert_exit(&out, 2);
    assert!(
        stderr(&out)
            .contains("error: nope.toml: cannot read configuration: no such file or directory")
            && stderr(&out).contains("help: check the path, or run with --no-config"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_a_broken_baseline() {
    let d = dir();
    fs::write(
        d.path().join("base.json"),
        "{\"version\": 1,\n \"findings\": 3}",
    )
    .unwrap();
    let out = check(d.path(), &["--baseline", "base.json", "-"], "text");
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("error: base.json:2:"), "{err}");
    assert!(
        err.contains("write it again with `dejargon baseline write`"),
        "{err}"
    );
    let out = check(d.path(), &["--baseline", "none.json", "-"], "text");
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("error: none.json: cannot read baseline"));
}

#[cfg(unix)]
#[test]
fn exit_2_fix_cannot_write_a_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir();
    let path = d.path().join("a.md");
    fs::write(&path, "The IDC is full.\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = check(d.path(), &["--fix", "a.md"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("error: a.md: cannot write fixes, the file is unchanged"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_a_path_list_that_cannot_be_read() {
    let d = dir();
    let out = check(d.path(), &["--files-from", "list.txt"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: list.txt: cannot read path list: no such file or directory; check the path"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exit_2_changed_outside_a_git_repository() {
    let d = tempfile::tempdir().unwrap();
    let out = check(d.path(), &["--changed"], "");
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("run it inside a git repository"),
        "{}",
        stderr(&out)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn exit_2_output_cannot_be_written() {
    // A full disk behind stdout (/dev/full), not a closed pipe. stderr on a
    // full disk must not panic either.
    let d = dir();
    let mut args = vec!["check".to_string(), "-".to_string()];
    args.extend(mini());
    let mut child = Command::new(BIN)
        .current_dir(d.path())
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(fs::File::create("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"The IDC is full.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("error: cannot write output"),
        "{}",
        stderr(&out)
    );
    let status = Command::new(BIN)
        .current_dir(d.path())
        .args(["check", "no-such.md"])
        .stderr(fs::File::create("/dev/full").unwrap())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
