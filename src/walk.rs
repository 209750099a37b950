//! Which files to check: paths named on the command line, and the prose files
//! found under named directories.
//!
//! Directories are walked with the `ignore` crate, the walker behind ripgrep:
//! `.gitignore`, `.ignore` and hidden files are honoured, and only prose file
//! types are picked up (a docs repo is full of code and images that are not
//! ours to lint). A file named explicitly is always checked, whatever its type.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::format::Format;

/// Something to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input, with the name to show and to detect the format by.
    Stdin(String),
    File(PathBuf),
}

/// A path that could not be walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Expands the command-line paths into a sorted, de-duplicated list of inputs.
pub fn collect_inputs(paths: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_name.to_string()));
            continue;
        }
        match std::fs::metadata(path) {
            Err(err) => errors.push(WalkError {
                path: path.clone(),
                message: describe_io_error_with_hint(&err),
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    inputs.sort();
    inputs.dedup();
    (inputs, errors)
}

fn walk_dir(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .ignore(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for item in walker {
        match item {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && Format::is_prose_file(entry.path()) && !is_lock_file(entry.path()) {
                    inputs.push(Input::File(clean(entry.path())));
                }
            }
            Err(err) => errors.push(walk_error(root, &err)),
        }
    }
}

/// A walk error about the path it concerns (a subdirectory, not the root).
fn walk_error(root: &Path, err: &ignore::Error) -> WalkError {
    let mut path = root.to_path_buf();
    let mut inner = err;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let message = match inner {
        ignore::Error::Io(io) => describe_io_error_with_hint(io),
        other => other.to_string(),
    };
    WalkError {
        path: clean(&path),
        message,
    }
}

/// Word's owner files (`~$report.docx`), left next to a document while it is
/// open: a few bytes holding the user's name, never a document.
fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}

/// Drops a leading `./` so paths print the way people type them.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// A short, human description of an I/O error.
pub fn describe_io_error(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

/// The description of an I/O error on a path to check, with what to do.
pub fn describe_io_error_with_hint(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let hint = match err.kind() {
        ErrorKind::NotFound => "check the path",
        ErrorKind::PermissionDenied => {
            "give this user read permission, or list the path under `exclude` in dejargon.toml"
        }
        _ => "check the path, or list it under `exclude` in dejargon.toml",
    };
    format!("{}; {hint}", describe_io_error(err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_pick_up_word_and_html_files_but_not_word_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.docx", "~$a.docx", "b.html", "c.htm", "d.md", "e.rs", "f.DOCX",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let (inputs, errors) = collect_inputs(&[dir.path().to_path_buf()], "-");
        assert!(errors.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.file_name().unwrap().to_string_lossy().into_owned(),
                Input::Stdin(_) => unreachable!(),
            })
            .collect();
        assert_eq!(names, ["a.docx", "b.html", "c.htm", "d.md", "f.DOCX"]);
    }
}
