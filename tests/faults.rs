//! Faults with real files in temporary directories, through the real binary:
//! unreadable files and directories, files that vanish, symlink loops, FIFOs
//! and devices, file names that are not UTF-8, a 100 MB line, empty and
//! BOM-only files, and `--fix` on a read-only file or a full disk.
//!
//! Every run has a timeout: "never hang" is part of what is tested. The tests
//! also run as root (as in CI containers), where permission bits do not stop
//! reads; there the unreadable cases run the binary as an unprivileged user.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dejargon");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    fn paths(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Runs `cmd` and kills it if it
/// takes longer than `limit`: a hang fails the test instead of stalling it.
fn run_limited(mut cmd: Command, limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dejargon");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dejargon did not finish within {limit:?}: it hangs");
        }
        thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// `dejargon check ARGS` in `dir`, with the stable test dictionary and no
/// configuration.
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("DEJARGON_TEST_FAIL_WRITE_AFTER")
        .arg("check")
        .args(args)
        .args(["--no-builtin", "--no-config", "--dictionary"])
        .arg(fixture("dict/mini-en.json"));
    run_limited(cmd, Duration::from_secs(60))
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Leftover temporary files from an atomic write.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dejargon-"))
        .collect()
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{symlink, PermissionsExt};
    use std::os::unix::process::CommandExt;

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    /// Whether permission bits stop this process from reading (false for root).
    fn permission_bits_apply(dir: &Path) -> bool {
        let probe = write(dir, ".probe", "x");
        chmod(&probe, 0o000);
        let readable = fs::read(&probe).is_ok();
        fs::remove_file(&probe).unwrap();
        !readable
    }

    /// A command for `dejargon check ARGS` that permission bits apply to: as
    /// root, the binary runs as the unprivileged user 65534 (nobody).
    fn unprivileged_check(dir: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir)
            .env("NO_COLOR", "1")
            .arg("check")
            .args(args)
            .args(["--no-builtin", "--no-config", "--dictionary"])
            .arg(fixture("dict/mini-en.json"));
        if !permission_bits_apply(dir) {
            // Everything the unprivileged user needs must be reachable.
            chmod(dir, 0o755);
            cmd.uid(65534).gid(65534);
        }
        cmd
    }

    #[test]
    fn unreadable_file_is_an_error_that_names_it_and_the_rest_is_checked() {
        let dir = tempdir();
        write(dir.path(), "docs/a.md", "The IDC is full.\n");
        let secret = write(dir.path(), "docs/secret.md", "The IDC is full.\n");
        chmod(&dir.path().join("docs"), 0o755);
        chmod(&dir.path().join("docs/a.md"), 0o644);
        chmod(&secret, 0o000);
        let run = run_limited(
            unprivileged_check(dir.path(), &["--format", "json", "docs"]),
            Duration::from_secs(60),
        );
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "error: docs/secret.md: cannot read: permission denied; give this user read permission"
            ),
            "{}",
            run.stderr
        );
        assert_eq!(run.paths(), vec!["docs/a.md"]);
        assert_eq!(run.json()["summary"]["files_failed"], 1);
    }

    #[test]
    fn unreadable_directory_is_an_error_that_names_it_and_the_rest_is_checked() {
        let dir = tempdir();
        write(dir.path(), "docs/a.md", "The IDC is full.\n");
        write(dir.path(), "docs/locked/b.md", "The IDC is full.\n");
        chmod(&dir.path().join("docs"), 0o755);
        chmod(&dir.path().join("docs/a.md"), 0o644);
        chmod(&dir.path().join("docs/locked"), 0o000);
        let run = run_limited(
            unprivileged_check(dir.path(), &["--format", "json", "docs"]),
            Duration::from_secs(60),
        );
        chmod(&dir.path().join("docs/locked"), 0o755);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("error: docs/locked: permission denied; give this user read permission"),
            "{}",
            run.stderr
        );
        assert_eq!(run.paths(), vec!["docs/a.md"]);
    }

    #[test]
    fn symlink_loops_do_not_hang() {
        let dir = tempdir();
        write(dir.path(), "docs/a.md", "The IDC is full.\n");
        symlink("loop2.md", dir.path().join("docs/loop1.md")).unwrap();
        symlink("loop1.md", dir.path().join("docs/loop2.md")).unwrap();
        // A directory link back up: followed, it would never end.
        symlink("..", dir.path().join("docs/up")).unwrap();
        // Walking: links are not followed, so the loop is not entered.
        let run = check(dir.path(), &["--format", "json", "docs"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.paths(), vec!["docs/a.md"]);
        // Named: an error that names the path.
        let run = check(
            dir.path(),
            &["--format", "json", "docs/loop1.md", "docs/a.md"],
        );
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains("error: docs/loop1.md: ")
                && run.stderr.contains("symbolic links")
                && run.stderr.contains("check the path"),
            "{}",
            run.stderr
        );
        assert_eq!(run.paths(), vec!["docs/a.md"]);
    }

    #[test]
    fn fifos_and_devices_are_skipped_and_never_block() {
        let dir = tempdir();
        write(dir.path(), "docs/a.md", "The IDC is full.\n");
        let fifo = dir.path().join("docs/pipe.md");
        let made = Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        symlink("/dev/zero", dir.path().join("docs/zero.md")).unwrap();
        symlink("/dev/urandom", dir.path().join("docs/random.txt")).unwrap();
        // Walking: only regular files are picked up.
        let run = check(dir.path(), &["--format", "json", "docs"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.paths(), vec!["docs/a.md"]);
        // Named on the command line: skipped with a note, not read.
        let run = check(
            dir.path(),
            &[
                "--format",
                "json",
                "docs/pipe.md",
                "docs/zero.md",
                "/dev/zero",
                "/dev/null",
                "docs/a.md",
            ],
        );
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.paths(), vec!["docs/a.md"]);
        for name in ["docs/pipe.md", "docs/zero.md", "/dev/zero", "/dev/null"] {
            assert!(
                run.stderr
                    .contains(&format!("note: {name}: not a regular file")),
                "{name}: {}",
                run.stderr
            );
        }
        assert_eq!(run.json()["summary"]["files_skipped"], 4);
    }

    #[test]
    fn dictionaries_configs_and_baselines_from_devices_are_bounded() {
        let dir = tempdir();
        write(dir.path(), "a.md", "The IDC is full.\n");
        for args in [
            vec!["--dictionary", "/dev/zero"],
            vec!["--config", "/dev/zero"],
            vec!["--baseline", "/dev/zero"],
        ] {
            let mut cmd = Command::new(BIN);
            cmd.current_dir(dir.path())
                .arg("check")
                .arg("a.md")
                .args(&args);
            let run = run_limited(cmd, Duration::from_secs(60));
            assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("/dev/zero") && run.stderr.contains("larger than 64 MiB"),
                "{args:?}: {}",
                run.stderr
            );
        }
    }

    #[test]
    fn non_utf8_file_names_are_reported_lossily_and_fixed_exactly() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let dir = tempdir();
        let name = OsStr::from_bytes(b"caf\xe9 notes.md");
        let path = dir.path().join("docs").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "The IDC is full.\n").unwrap();
        let run = check(dir.path(), &["--format", "json", "docs"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.paths(), vec!["docs/caf\u{fffd} notes.md"]);
        let run = check(dir.path(), &["--format", "compact", "docs"]);
        assert!(
            run.stdout.starts_with("docs/caf\u{fffd} notes.md:1:5: "),
            "{}",
            run.stdout
        );
        // A NUL-separated list passes the exact bytes through.
        let mut list = b"docs/caf\xe9 notes.md".to_vec();
        list.push(0);
        write(dir.path(), "list", list);
        let run = check(dir.path(), &["--fix", "--files-from", "list"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "The data center is full.\n"
        );
    }

    #[test]
    fn fix_follows_a_symlink_and_keeps_it() {
        let dir = tempdir();
        write(dir.path(), "real/a.md", "The IDC is full.\n");
        fs::create_dir(dir.path().join("docs")).unwrap();
        symlink("../real/a.md", dir.path().join("docs/a.md")).unwrap();
        let run = check(dir.path(), &["--fix", "docs/a.md"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let link = dir.path().join("docs/a.md");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            fs::read_to_string(dir.path().join("real/a.md")).unwrap(),
            "The data center is full.\n"
        );
        assert!(temp_files(&dir.path().join("docs")).is_empty());
    }

    #[test]
    fn fix_on_a_read_only_file_fails_even_for_root_and_leaves_it_alone() {
        let dir = tempdir();
        let path = write(dir.path(), "a.md", "The IDC is full.\n");
        chmod(&path, 0o444);
        let run = check(dir.path(), &["--fix", "a.md"]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "error: a.md: cannot write fixes, the file is unchanged: the file is read-only; make it writable and run again"
            ),
            "{}",
            run.stderr
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "The IDC is full.\n");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o444
        );
        assert!(temp_files(dir.path()).is_empty());
    }

    #[test]
    fn fix_keeps_permissions() {
        let dir = tempdir();
        let path = write(dir.path(), "a.md", "The IDC is full.\n");
        chmod(&path, 0o640);
        let run = check(dir.path(), &["--fix", "a.md"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    /// A real full disk: a tiny tmpfs in a private mount namespace (so
    /// nothing stays mounted if the test dies). Needs `unshare` and the right
    /// to mount; where that is missing the test says so and returns, and the
    /// injected-error test below still covers the code path.
    #[test]
    fn fix_on_a_full_tmpfs_keeps_the_original() {
        let probe = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c"])
            .arg("d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" && umount \"$d\" && rmdir \"$d\"")
            .output();
        if !probe.as_ref().is_ok_and(|o| o.status.success()) {
            eprintln!("skipped: cannot mount a tmpfs here (needs unshare and mount rights)");
            return;
        }
        let original = "The IDC is full. ".repeat(1500) + "\n";
        let dir = tempdir();
        let source = write(dir.path(), "original.md", &original);
        let dict = fixture("dict/mini-en.json");
        // Fill the disk after writing the file, so the fixed copy cannot be written.
        let script = format!(
            r#"set -u
m=$(mktemp -d)
mount -t tmpfs -o size=64k tmpfs "$m" || exit 90
cp '{source}' "$m/a.md"
dd if=/dev/zero of="$m/filler" bs=4096 2>/dev/null
cd "$m"
'{bin}' check --fix --no-builtin --no-config --dictionary '{dict}' a.md 2>'{errors}'
echo "exit=$?"
cat '{errors}'
cmp -s a.md '{source}' && echo "original intact"
ls -A "$m"
"#,
            source = source.display(),
            bin = BIN,
            dict = dict.display(),
            errors = dir.path().join("stderr.txt").display()
        );
        let out = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c", &script])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("exit=2"), "{text}");
        assert!(
            text.contains("error: a.md: cannot write fixes, the file is unchanged")
                && text.contains("free some space and run again"),
            "{text}"
        );
        assert!(text.contains("original intact"), "{text}");
        assert!(!text.contains(".dejargon-"), "temporary file left: {text}");
    }
}

#[test]
fn fix_when_the_disk_fills_keeps_the_original_and_exits_2() {
    let original = "The IDC is full.\r\nWe moved the IDC.\r\n";
    for fail_after in ["0", "7", "20"] {
        let dir = tempdir();
        let path = write(dir.path(), "a.md", original);
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir.path())
            .env("DEJARGON_TEST_FAIL_WRITE_AFTER", fail_after)
            .args(["check", "--fix", "a.md", "--no-builtin", "--no-config"])
            .arg("--dictionary")
            .arg(fixture("dict/mini-en.json"));
        let run = run_limited(cmd, Duration::from_secs(60));
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "error: a.md: cannot write fixes, the file is unchanged: no space left on device"
            ) && run.stderr.contains("free some space and run again"),
            "{}",
            run.stderr
        );
        assert_eq!(fs::read(&path).unwrap(), original.as_bytes());
        assert!(temp_files(dir.path()).is_empty(), "temporary file left");
    }
}

#[test]
fn a_file_named_but_missing_is_an_error_and_the_rest_is_checked() {
    let dir = tempdir();
    write(dir.path(), "a.md", "The IDC is full.\n");
    write(dir.path(), "list", "gone.md\na.md\n");
    let run = check(dir.path(), &["--format", "json", "--files-from", "list"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: gone.md: no such file or directory; check the path"),
        "{}",
        run.stderr
    );
    assert_eq!(run.paths(), vec!["a.md"]);
}

#[test]
fn a_file_deleted_after_the_walk_is_an_error_that_names_it() {
    // The reader is what runs after the walk; a vanished file must be an
    // error with a message, never a panic.
    use dejargon::document::DocumentError;
    use dejargon::engine::load_document;
    use dejargon::walk::{collect_inputs, Input};
    let dir = tempdir();
    let path = write(dir.path(), "a.md", "The IDC is full.\n");
    let (inputs, errors) = collect_inputs(&[dir.path().to_path_buf()], "<stdin>");
    assert!(errors.is_empty());
    assert_eq!(inputs, vec![Input::File(path.clone())]);
    fs::remove_file(&path).unwrap();
    match load_document(&inputs[0]) {
        Err(DocumentError::Failed(message)) => assert_eq!(
            message,
            "cannot read: no such file or directory; check the path"
        ),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn one_100_mb_line_is_checked_in_bounded_time() {
    let dir = tempdir();
    let mut text = String::with_capacity(100 * 1024 * 1024 + 64);
    text.push_str("The IDC opens. ");
    let filler = "Plain words about revenue and customers, nothing more. ";
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(filler);
    }
    text.push_str("We synergize.");
    write(dir.path(), "long.txt", &text);
    write(dir.path(), "long.md", &text);
    drop(text);
    // JSON for both formats; the human output (which must not quote the
    // line) for one, to keep the debug-build test time reasonable.
    for (format, files) in [
        ("json", &["long.txt", "long.md"][..]),
        ("human", &["long.md"]),
    ] {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir.path())
            .args(["check", "--format", format])
            .args(files)
            .args(["--no-builtin", "--no-config", "--color", "never"])
            .arg("--dictionary")
            .arg(fixture("dict/mini-en.json"));
        let run = run_limited(cmd, Duration::from_secs(300));
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        // The output quotes no megabytes of context.
        assert!(run.stdout.len() < 20_000, "{} bytes", run.stdout.len());
        if format == "json" {
            let json = run.json();
            let findings = json["findings"].as_array().unwrap();
            assert_eq!(findings.len(), 2 * files.len(), "{}", run.stdout);
            assert_eq!(findings[1]["line"], 1);
            assert!(findings[1]["column"].as_u64().unwrap() > 100_000_000);
        }
        eprintln!("100 MB line, {format}, {files:?}: {:?}", run.elapsed);
    }
}

/// Many findings on one long line: each report format must stay linear.
/// The human format looked up each finding's line by scanning it, which made
/// 400,000 findings on a 10 MB line take minutes.
#[test]
fn regression_many_findings_on_one_long_line_are_reported_in_linear_time() {
    let dir = tempdir();
    write(dir.path(), "dense.txt", "The IDC is here. ".repeat(60_000));
    for format in ["human", "compact", "json", "sarif", "github"] {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(dir.path())
            .args(["check", "--format", format, "dense.txt"])
            .args(["--no-builtin", "--no-config", "--color", "never"])
            .arg("--dictionary")
            .arg(fixture("dict/mini-en.json"));
        let run = run_limited(cmd, Duration::from_secs(120));
        assert_eq!(run.code, Some(1), "{format}: {}", run.stderr);
        eprintln!(
            "60,000 findings on a 1 MB line, {format}: {:?}",
            run.elapsed
        );
    }
}

#[test]
fn empty_and_bom_only_files_are_clean() {
    let dir = tempdir();
    write(dir.path(), "empty.md", "");
    write(dir.path(), "empty.txt", "");
    write(dir.path(), "bom.md", "\u{feff}");
    write(dir.path(), "bom.txt", "\u{feff}");
    write(dir.path(), "bom-newline.md", "\u{feff}\r\n");
    let run = check(dir.path(), &["--format", "json", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["files_checked"], 5);
    assert_eq!(json["summary"]["findings"], 0);
    let run = check(dir.path(), &["--fix", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        fs::read(dir.path().join("bom.md")).unwrap(),
        b"\xef\xbb\xbf"
    );
    assert_eq!(fs::read(dir.path().join("empty.md")).unwrap(), b"");
    // The same from standard input.
    for input in ["", "\u{feff}"] {
        let mut child = Command::new(BIN)
            .args([
                "check",
                "--format",
                "json",
                "-",
                "--no-builtin",
                "--no-config",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["summary"]["findings"], 0);
    }
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempdir();
    write(dir.path(), "image.md", b"PNG\x00\x01\x02IDC");
    let run = check(dir.path(), &["image.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: image.md: binary file (contains NUL bytes), skipped"),
        "{}",
        run.stderr
    );
}
