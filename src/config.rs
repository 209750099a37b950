//! Per-repository configuration: `dejargon.toml` or `.dejargon.toml`.
//!
//! Every key is optional and unknown keys are errors (with file, line and
//! column), because a misspelt key that is silently ignored is a setting the
//! team believes in but does not have. Precedence is built-in defaults, then
//! the file, then the command line; the CLI does the last step.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use serde::{Deserialize, Serialize};

use crate::dictionary::{Audience, LoadError, Severity};
use crate::lint::SeverityOverrides;

/// File names looked for, in order, in each directory.
pub const CONFIG_NAMES: [&str; 2] = ["dejargon.toml", ".dejargon.toml"];

/// `builtin = true | false | ["en", "cloud", …]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Builtin {
    All(bool),
    /// Languages (`en`, `zh`) and/or categories (`cloud`, `security`).
    Only(Vec<String>),
}

/// The severity at which a run fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

impl FailOn {
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailOn::Info => Some(Severity::Info),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Error => Some(Severity::Error),
            FailOn::Never => None,
        }
    }
}

/// Settings for the paths that match some globs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PerPath {
    /// Globs in gitignore syntax, relative to the config file's directory.
    pub paths: Vec<String>,
    /// `false` turns checking off for these paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_acronyms: Option<bool>,
    #[serde(default, skip_serializing_if = "SeverityOverrides::is_empty")]
    pub severity: SeverityOverrides,
}

/// The contents of a configuration file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Extra dictionary files, relative to the config file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dictionaries: Vec<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builtin: Option<Builtin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// Terms this organisation accepts; never reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// Inline dictionaries, in the dictionary schema (`name`, `language`,
    /// `description`, `entries`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<toml::Value>,
    #[serde(default, skip_serializing_if = "SeverityOverrides::is_empty")]
    pub severity: SeverityOverrides,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_acronyms: Option<bool>,
    /// Paths never checked, in gitignore syntax; also applies to paths named
    /// on the command line (pre-commit passes explicit paths).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub per_path: Vec<PerPath>,
}

/// A configuration file, parsed, with its location and compiled globs.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The file, or `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    /// The directory globs and relative paths are resolved against.
    pub root: PathBuf,
    pub config: Config,
    exclude: Gitignore,
    per_path: Vec<Gitignore>,
}

/// Strips toml's own position prefix; the position is shown separately.
fn toml_message(err: &toml::de::Error) -> String {
    crate::dictionary::short_message(err.message().trim())
}

impl LoadedConfig {
    /// The defaults, used when no file is found.
    pub fn defaults(root: &Path) -> Self {
        LoadedConfig::compile(None, root, Config::default()).expect("empty globs compile")
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let shown = path.display().to_string();
        let bytes = crate::source::read_bounded(path, crate::source::MAX_SETTINGS_BYTES).map_err(
            |err| {
                LoadError::whole_file(
                    &shown,
                    format!(
                        "cannot read configuration: {}",
                        crate::walk::describe_io_error(&err)
                    ),
                )
                .with_help("check the path, or run with --no-config")
            },
        )?;
        let text = String::from_utf8(bytes).map_err(|err| {
            LoadError::whole_file(
                &shown,
                format!(
                    "configuration is not valid UTF-8 (byte offset {})",
                    err.utf8_error().valid_up_to()
                ),
            )
            .with_help("save the file as UTF-8")
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Self::parse(path, text)
    }

    /// Parses configuration text; `path` is used for messages and as the root.
    pub fn parse(path: &Path, text: &str) -> Result<Self, LoadError> {
        let shown = path.display().to_string();
        let shared: Arc<str> = Arc::from(text);
        let config: Config = toml::from_str(text).map_err(|err| {
            let offset = err.span().map_or(0, |s| s.start);
            LoadError::at(&shown, &shared, offset, toml_message(&err))
                .with_help("see the Configuration section of the README for every key")
        })?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        LoadedConfig::compile(Some(path.to_path_buf()), &root, config).map_err(|message| {
            let offset = text
                .find("exclude")
                .or_else(|| text.find("paths"))
                .unwrap_or(0);
            LoadError::at(&shown, &shared, offset, message)
                .with_help("globs use gitignore syntax, relative to the configuration file")
        })
    }

    fn compile(path: Option<PathBuf>, root: &Path, config: Config) -> Result<Self, String> {
        let build = |globs: &[String]| -> Result<Gitignore, String> {
            let mut builder = GitignoreBuilder::new(root);
            for glob in globs {
                builder
                    .add_line(None, glob)
                    .map_err(|err| format!("invalid glob {glob:?}: {err}"))?;
            }
            builder.build().map_err(|err| err.to_string())
        };
        let exclude = build(&config.exclude)?;
        let per_path = config
            .per_path
            .iter()
            .map(|p| build(&p.paths))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LoadedConfig {
            path,
            root: root.to_path_buf(),
            config,
            exclude,
            per_path,
        })
    }

    /// Makes `path` comparable with the globs: relative to the root when possible.
    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let path = path.strip_prefix("./").unwrap_or(path);
        if let (Ok(abs_path), Ok(abs_root)) =
            (std::path::absolute(path), std::path::absolute(&self.root))
        {
            if let Ok(rel) = abs_path.strip_prefix(&abs_root) {
                return std::borrow::Cow::Owned(rel.to_path_buf());
            }
        }
        std::borrow::Cow::Borrowed(path)
    }

    /// Whether `path` is excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        // Asked for every file: skip making the relative path when there is
        // nothing to match it against.
        if self.exclude.is_empty() {
            return false;
        }
        let rel = self.relative(path);
        self.exclude
            .matched_path_or_any_parents(rel.as_ref(), false)
            .is_ignore()
    }

    /// The `per-path` blocks that apply to `path`, in file order.
    pub fn per_path_for(&self, path: &Path) -> Vec<&PerPath> {
        if self.per_path.is_empty() {
            return Vec::new();
        }
        let rel = self.relative(path);
        self.per_path
            .iter()
            .zip(&self.config.per_path)
            .filter(|(globs, _)| {
                globs
                    .matched_path_or_any_parents(rel.as_ref(), false)
                    .is_ignore()
            })
            .map(|(_, block)| block)
            .collect()
    }
}

/// Finds the configuration file that applies to files in `dir`: the nearest
/// `dejargon.toml` or `.dejargon.toml` walking up, stopping at the repository
/// root (the first directory with a `.git`).
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(dir).ok()?;
    for ancestor in start.ancestors() {
        for name in CONFIG_NAMES {
            let candidate = ancestor.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if ancestor.join(".git").exists() {
            break;
        }
    }
    None
}

/// Directories whose configuration [`Discovery`] remembers at most.
const MAX_REMEMBERED_DIRS: usize = 1024;

/// Caches discovery per directory: a docs tree has many files per directory.
#[derive(Debug, Default)]
pub struct Discovery {
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// The working directory, asked for once: `std::path::absolute` asks
    /// the system for it on every call (a `getcwd` per file checked).
    cwd: Option<PathBuf>,
}

impl Discovery {
    pub fn config_for_file(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let start = if dir.is_absolute() {
            std::path::absolute(dir).ok()?
        } else {
            if self.cwd.is_none() {
                self.cwd = Some(std::env::current_dir().ok()?);
            }
            // What `absolute` does with a relative path, minus the getcwd.
            std::path::absolute(self.cwd.as_ref()?.join(dir)).ok()?
        };
        self.lookup(&start)
    }

    /// [`discover`] for an absolute directory, remembering the answer for it
    /// and every ancestor it had to look at: sibling directories share their
    /// parents, so a tree of thousands of directories costs a few stats each.
    fn lookup(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        // A walk is in path order, so old entries are rarely asked again:
        // starting over keeps the cache from growing with the tree.
        if self.by_dir.len() >= MAX_REMEMBERED_DIRS {
            self.by_dir.clear();
        }
        let mut found = CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| candidate.is_file());
        if found.is_none() && !dir.join(".git").exists() {
            found = dir.parent().and_then(|parent| self.lookup(parent));
        }
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses() {
        let text = r#"
dictionaries = ["terms.json"]
builtin = ["en", "cloud"]
audience = "business"
allow = ["API", "SLA"]
fail-on = "error"
undefined-acronyms = false
exclude = ["vendor/**"]

[severity]
rules = { undefined-acronym = "info" }
categories = { security = "error" }
terms = { IDC = "off" }

[[per-path]]
paths = ["reports/**"]
audience = "executive"
fail-on = "info"

[[per-path]]
paths = ["api-reference/**"]
enabled = false

[[extra]]
name = "ours"
language = "en"
description = "Our code names"
[[extra.entries]]
term = "Project Falcon"
kind = "term"
suggestions = ["the new ordering system"]
explanation = "Code name of the ordering system rebuild."
category = "internal"
severity = "error"
known_to = "few"
examples = ["Project Falcon ships in May."]
"#;
        let loaded = LoadedConfig::parse(Path::new("repo/dejargon.toml"), text).unwrap();
        assert_eq!(loaded.config.allow, vec!["API", "SLA"]);
        assert_eq!(
            loaded.config.builtin,
            Some(Builtin::Only(vec!["en".into(), "cloud".into()]))
        );
        assert!(loaded.is_excluded(Path::new("repo/vendor/a.md")));
        assert!(!loaded.is_excluded(Path::new("repo/docs/a.md")));
        assert_eq!(
            loaded
                .per_path_for(Path::new("repo/reports/q1/board.md"))
                .len(),
            1
        );
        assert_eq!(
            loaded.per_path_for(Path::new("repo/api-reference/x.md"))[0].enabled,
            Some(false)
        );
        assert_eq!(loaded.config.extra.len(), 1);
    }

    #[test]
    fn unknown_keys_name_line_and_column() {
        let err = LoadedConfig::parse(
            Path::new("dejargon.toml"),
            "audience = \"business\"\nfail_on = \"error\"\n",
        )
        .unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(
            err.message.contains("unknown field `fail_on`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn wrong_types_name_line_and_column() {
        let err =
            LoadedConfig::parse(Path::new("dejargon.toml"), "\n\nallow = \"API\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("invalid type"), "{}", err.message);
    }
}
