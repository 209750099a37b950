//! Output order does not depend on thread timing: the same command twice, and
//! one thread against all cores, give byte-identical JSON on a generated tree
//! of many files (more than one batch of the engine, 256 files).

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_dejargon");

/// Writes `count` files of varied size and content under nested directories.
fn generate_tree(root: &Path, count: usize) {
    let sentences = [
        "We will migrate the ERP to SaaS in the IDC next quarter.",
        "The API gateway and our microservices now share one CRM.",
        "Revenue grew and the CEO thanked our customers.",
        "我们计划把ERP系统迁移到IDC机房，并通过API接口打通CRM中台。",
        "数据中台项目明年上云，XYZ团队负责。",
        "Our QRS and the PQV platform are not explained anywhere.",
    ];
    for i in 0..count {
        let dir = root.join(format!("d{}", i % 7)).join(format!("s{}", i % 3));
        fs::create_dir_all(&dir).unwrap();
        let mut text = String::new();
        if i % 2 == 0 {
            text.push_str(&format!("# Report {i}\n\n"));
        }
        // Sizes from one line to a few hundred, so that work per file varies a lot.
        let lines = 1 + (i * 37) % 300;
        for n in 0..lines {
            text.push_str(sentences[(i + n) % sentences.len()]);
            text.push_str(if n % 4 == 3 { "\n\n" } else { "\n" });
        }
        if i % 5 == 0 {
            text.push_str("\n```\nAPI code is not prose\n```\n");
        }
        let ext = if i % 3 == 0 { "txt" } else { "md" };
        fs::write(dir.join(format!("f{i:04}.{ext}")), text).unwrap();
    }
}

fn check_json(dir: &Path, extra: &[&str]) -> Vec<u8> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dict");
    let output = Command::new(BIN)
        .current_dir(dir)
        .args(["check", "--format", "json", "--no-builtin", "--dictionary"])
        .arg(fixtures.join("mini-en.json"))
        .arg("--dictionary")
        .arg(fixtures.join("mini-zh.json"))
        .args(extra)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn json_output_is_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    generate_tree(dir.path(), 300);
    let first = check_json(dir.path(), &[]);
    let again = check_json(dir.path(), &[]);
    let one = check_json(dir.path(), &["--threads", "1"]);
    let four = check_json(dir.path(), &["-j", "4"]);
    assert!(first == again, "two runs with default threads differ");
    assert!(first == one, "--threads 1 differs from the default");
    assert!(first == four, "-j 4 differs from the default");

    // And the order is the documented one: by path, then by position.
    let value: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert!(findings.len() > 3_000, "{} findings", findings.len());
    let keys: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["byte_start"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert!(
        keys == sorted,
        "findings are not sorted by path and position"
    );
    assert_eq!(value["summary"]["files_checked"], 300);
}
