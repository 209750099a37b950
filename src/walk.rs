//! Which files to check: paths named on the command line, and the prose files
//! found under named directories.
//!
//! Directories are walked with the `ignore` crate, the walker behind ripgrep:
//! `.gitignore`, `.ignore` and hidden files are honoured, and only prose file
//! types are picked up (a docs repo is full of code and images that are not
//! ours to lint). A file named explicitly is always checked, whatever its type.

use std::path::{Component, Path, PathBuf};

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
/// Holds every path in memory; [`inputs`] streams them instead.
pub fn collect_inputs(paths: &[PathBuf], stdin_name: &str) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for item in self::inputs(paths, stdin_name) {
        match item {
            Ok(input) => inputs.push(input),
            Err(err) => errors.push(err),
        }
    }
    (inputs, errors)
}

/// The inputs named by the command-line paths, in sorted order without
/// duplicates, produced one at a time as directories are walked, so that a
/// run over a hundred thousand files never holds a hundred thousand paths.
///
/// Why this order is the global sort: `Path` orders by components, and a
/// depth-first walk that visits each directory's entries sorted by name
/// yields exactly that order. Roots sorted the same way, none inside another,
/// then concatenate into one sorted sequence. When one root lies inside
/// another (`check docs docs/a.md`), the paths are collected, sorted and
/// de-duplicated instead, which costs memory only in that unusual case.
pub fn inputs(
    paths: &[PathBuf],
    stdin_name: &str,
) -> Box<dyn Iterator<Item = Result<Input, WalkError>>> {
    let mut stdin = false;
    let mut roots: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = true;
        } else {
            roots.push(path.clone());
        }
    }
    // Sorted as they will print: walked paths lose a leading `./`.
    roots.sort_by_cached_key(|root| order_key(&clean(root)));
    roots.dedup();
    let nested = roots
        .windows(2)
        .any(|pair| clean(&pair[1]).starts_with(clean(&pair[0])));
    let head = stdin.then(|| Ok(Input::Stdin(stdin_name.to_string())));
    let streamed = head
        .into_iter()
        .chain(roots.into_iter().flat_map(walk_root));
    if !nested {
        return Box::new(streamed);
    }
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for item in streamed {
        match item {
            Ok(input) => inputs.push(input),
            Err(err) => errors.push(Err(err)),
        }
    }
    inputs.sort();
    inputs.dedup();
    Box::new(errors.into_iter().chain(inputs.into_iter().map(Ok)))
}

/// The inputs under one command-line path: the path itself when it is a
/// file, the prose files below it, in sorted order, when it is a directory.
fn walk_root(root: PathBuf) -> Box<dyn Iterator<Item = Result<Input, WalkError>>> {
    match std::fs::metadata(&root) {
        Err(err) => Box::new(std::iter::once(Err(WalkError {
            message: describe_io_error_with_hint(&err),
            path: root,
        }))),
        Ok(meta) if meta.is_dir() => Box::new(walk_dir(root)),
        Ok(_) => Box::new(std::iter::once(Ok(Input::File(root)))),
    }
}

fn walk_dir(root: PathBuf) -> impl Iterator<Item = Result<Input, WalkError>> {
    let walker = WalkBuilder::new(&root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .ignore(true)
        .require_git(false)
        .follow_links(false)
        // Sorted by name in each directory: the walk is then in path order.
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    walker.filter_map(move |item| match item {
        Ok(entry) => {
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            (is_file && Format::is_prose_file(entry.path()) && !is_lock_file(entry.path()))
                .then(|| Ok(Input::File(clean(entry.path()))))
        }
        Err(err) => Some(Err(walk_error(&root, &err))),
    })
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
/// A byte string that sorts as `path` does. `Path` compares component by
/// component, which made sorting a `--files-from` list of a few thousand
/// paths 2% of a whole run; these keys compare with one `memcmp`.
///
/// Each component is a tag (the order of `Component`'s variants) and its
/// bytes, and components are separated by a zero byte, which no component
/// holds: so a component that is a prefix of another sorts first, and a path
/// with fewer components before one that continues it, as `Path` has it.
fn order_key(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for (i, component) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        match component {
            Component::Prefix(prefix) => {
                key.push(1);
                key.extend_from_slice(prefix.as_os_str().as_encoded_bytes());
            }
            Component::RootDir => key.push(2),
            Component::CurDir => key.push(3),
            Component::ParentDir => key.push(4),
            Component::Normal(name) => {
                key.push(5);
                key.extend_from_slice(name.as_encoded_bytes());
            }
        }
    }
    key
}

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

    fn names(items: Vec<Input>) -> Vec<PathBuf> {
        items
            .into_iter()
            .map(|i| match i {
                Input::File(p) => p,
                Input::Stdin(_) => PathBuf::from("-"),
            })
            .collect()
    }

    /// The streamed walk must give exactly what collecting and sorting gives:
    /// names that sort differently as strings and as paths ("a-x" < "a.md" <
    /// "a/" as bytes, "a/" first as components) are the test.
    #[test]
    fn the_streamed_walk_is_in_sorted_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "a/b.md",
            "a/Z.md",
            "a-x/c.md",
            "a.md",
            "b/d/e.md",
            "b/d.md",
            "b.md",
            "中文.md",
            "a/b/c.md",
        ] {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        // Streams `roots` and checks the order against a sort; returns the count.
        let streamed_in_order = |roots: &[PathBuf]| {
            let streamed: Vec<Input> = inputs(roots, "-").map(Result::unwrap).collect();
            let mut sorted = streamed.clone();
            sorted.sort();
            assert_eq!(streamed, sorted);
            streamed.len()
        };
        assert_eq!(streamed_in_order(&[root.to_path_buf()]), 9);
        // Several roots, given in any order, none inside another.
        assert_eq!(
            streamed_in_order(&[root.join("b"), root.join("a.md"), root.join("a")]),
            6
        );
    }

    #[test]
    fn order_keys_sort_as_paths_do() {
        let paths = [
            "a", "a/b", "a-x", "a.md", "a/b/c", "ab", "a/bc", "/a", "/", "..", "../a", ".-", ".a",
            "a/..", "a/./b", "a//b", "b", "", "a\u{1}", "a/\u{1}", "中/a", "a/中",
        ];
        for x in paths {
            for y in paths {
                let (px, py) = (Path::new(x), Path::new(y));
                assert_eq!(
                    order_key(px).cmp(&order_key(py)),
                    px.cmp(py),
                    "{x:?} vs {y:?}"
                );
            }
        }
    }

    #[test]
    fn nested_roots_are_sorted_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/a.md"), "x").unwrap();
        std::fs::write(root.join("docs/b.md"), "x").unwrap();
        let (found, errors) = collect_inputs(
            &[
                root.join("docs/b.md"),
                root.join("docs"),
                PathBuf::from("-"),
                root.join("docs/b.md"),
            ],
            "-",
        );
        assert!(errors.is_empty());
        assert_eq!(
            names(found),
            [
                PathBuf::from("-"),
                root.join("docs/a.md"),
                root.join("docs/b.md")
            ]
        );
    }

    #[test]
    fn a_missing_root_is_an_error_in_its_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        let items: Vec<_> =
            inputs(&[dir.path().join("a.md"), dir.path().join("zz.md")], "-").collect();
        assert!(matches!(&items[0], Ok(Input::File(p)) if p.ends_with("a.md")));
        assert!(matches!(&items[1], Err(e) if e.path.ends_with("zz.md")));
    }
}
