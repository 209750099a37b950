//! What a run checks and with which settings: paths from the command line,
//! `--files-from` and `--changed`, expanded to files, each paired with the
//! profile of the configuration that governs it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use clap::Args;

use dejargon::config::{Discovery, FailOn as ConfigFailOn, LoadedConfig};
use dejargon::engine::display_name;
use dejargon::profile::{CliSettings, FileSettings, Profile};
use dejargon::walk::{collect_inputs, Input};
use dejargon::Language;

use super::setup::report_load_error;
use super::{AudienceChoice, ColorChoice, DictionaryArgs, FailOn, LangChoice};

/// Options shared by every command that checks files.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read more paths from FILE (`-` for stdin), separated by NUL or newlines.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Check only files changed since REV (default HEAD) in the current git repository.
    #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = "HEAD")]
    pub changed: Option<String>,
    /// File name to use for standard input (picks the format, shown in output).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
    /// Use this configuration file instead of looking for dejargon.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long)]
    pub no_config: bool,
    #[command(flatten)]
    pub dictionary: DictionaryArgs,
    /// Who the document is written for [default: executive].
    #[arg(long, value_enum)]
    pub audience: Option<AudienceChoice>,
    /// Exit with 1 when there are findings at or above this severity [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Do not report acronyms that no dictionary knows.
    #[arg(long)]
    pub no_undefined_acronyms: bool,
    /// Number of threads (0: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

/// One file to check, with its settings.
pub struct Job {
    pub input: Input,
    pub name: String,
    pub profile: Arc<Profile>,
    pub settings: FileSettings,
}

/// Everything a run needs.
pub struct Session {
    pub jobs: Vec<Job>,
    /// Paths that could not be walked or read, already reported.
    pub failed_paths: usize,
    pub cli: CliSettings,
    pub profiles: Vec<Arc<Profile>>,
}

fn cli_settings(args: &InputArgs) -> CliSettings {
    let dictionary: &DictionaryArgs = &args.dictionary;
    CliSettings {
        audience: args.audience.map(Into::into),
        fail_on: args.fail_on.map(|f| match f {
            FailOn::Info => ConfigFailOn::Info,
            FailOn::Warning => ConfigFailOn::Warning,
            FailOn::Error => ConfigFailOn::Error,
            FailOn::Never => ConfigFailOn::Never,
        }),
        dictionaries: dictionary.dictionaries.clone(),
        no_builtin: dictionary.no_builtin,
        languages: match dictionary.lang {
            LangChoice::All => None,
            LangChoice::En => Some(vec![Language::En]),
            LangChoice::Zh => Some(vec![Language::Zh]),
        },
        undefined_acronyms: args.no_undefined_acronyms.then_some(false),
    }
}

/// A path from raw bytes: exact on Unix (file names need not be UTF-8),
/// lossy elsewhere.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Reads a NUL- or newline-separated list of paths.
fn read_path_list(source: &Path) -> std::io::Result<Vec<PathBuf>> {
    // A list may come from a pipe (`--files-from <(git ls-files)`), so it is
    // not required to be a regular file; its size is bounded all the same.
    let limit = dejargon::source::MAX_DOCUMENT_BYTES;
    let bytes = if source.as_os_str() == "-" {
        dejargon::source::read_to_limit(std::io::stdin().lock(), limit, 0)?
    } else {
        dejargon::source::read_bounded(source, limit)?
    };
    let separator = if bytes.contains(&0) { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == separator)
        .map(|p| p.strip_suffix(b"\r").unwrap_or(p))
        .filter(|p| !p.is_empty())
        .map(path_from_bytes)
        .collect())
}

/// Files changed since `rev` (plus untracked files), relative to the current directory.
fn changed_files(rev: &str) -> Result<Vec<PathBuf>, String> {
    let run = |args: &[&str]| -> Result<Vec<u8>, String> {
        let output = Command::new("git")
            .args(args)
            .output()
            .map_err(|err| format!("cannot run git: {err}"))?;
        if !output.status.success() {
            return Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(output.stdout)
    };
    let mut paths = Vec::new();
    for out in [
        run(&[
            "diff",
            "--name-only",
            "-z",
            "--relative",
            "--diff-filter=ACMR",
            rev,
            "--",
        ])?,
        run(&["ls-files", "--others", "--exclude-standard", "-z"])?,
    ] {
        paths.extend(
            out.split(|&b| b == 0)
                .filter(|p| !p.is_empty())
                .map(path_from_bytes),
        );
    }
    // Only prose files, as a directory walk would pick them.
    paths.retain(|p| dejargon::format::Format::is_prose_file(p) && p.is_file());
    Ok(paths)
}

impl Session {
    /// Resolves inputs and configurations. On failure the error has been
    /// printed and the exit code (2) is returned.
    pub fn new(args: &InputArgs, color: ColorChoice) -> Result<Session, u8> {
        let cli = cli_settings(args);
        let mut paths = args.paths.clone();
        if let Some(list) = &args.files_from {
            match read_path_list(list) {
                Ok(more) => paths.extend(more),
                Err(err) => {
                    say!(
                        "error: {}: cannot read path list: {}",
                        list.display(),
                        dejargon::walk::describe_io_error_with_hint(&err)
                    );
                    return Err(super::exit::ERROR);
                }
            }
        }
        if let Some(rev) = &args.changed {
            match changed_files(rev) {
                Ok(more) => paths.extend(more),
                Err(err) => {
                    say!("error: --changed: {err}; run it inside a git repository, or name the files to check");
                    return Err(super::exit::ERROR);
                }
            }
        }
        if paths.is_empty() && args.files_from.is_none() && args.changed.is_none() {
            paths.push(PathBuf::from("."));
        }
        let (inputs, walk_errors) = collect_inputs(&paths, &args.stdin_filename);
        for err in &walk_errors {
            say!("error: {}: {}", err.path.display(), err.message);
        }

        // Which configuration governs each input.
        let mut discovery = Discovery::default();
        let config_of = |input: &Input, discovery: &mut Discovery| -> Option<PathBuf> {
            if args.no_config {
                return None;
            }
            if let Some(path) = &args.config {
                return Some(path.clone());
            }
            match input {
                Input::File(path) => discovery.config_for_file(path),
                Input::Stdin(_) => dejargon::config::discover(Path::new(".")),
            }
        };
        let mut profiles: HashMap<Option<PathBuf>, Arc<Profile>> = HashMap::new();
        let mut jobs = Vec::new();
        let assigned: Vec<(Input, Option<PathBuf>)> = inputs
            .into_iter()
            .map(|input| {
                let config = config_of(&input, &mut discovery);
                (input, config)
            })
            .collect();
        let mut wanted: Vec<Option<PathBuf>> = assigned.iter().map(|(_, c)| c.clone()).collect();
        if wanted.is_empty() {
            wanted.push(config_of(&Input::Stdin(String::new()), &mut discovery));
        }
        for config_path in wanted {
            if profiles.contains_key(&config_path) {
                continue;
            }
            let loaded = match &config_path {
                Some(path) => LoadedConfig::load(path),
                None => Ok(LoadedConfig::defaults(Path::new("."))),
            };
            let profile = loaded.and_then(|config| Profile::build(config, &cli));
            match profile {
                Ok(profile) => {
                    profiles.insert(config_path, Arc::new(profile));
                }
                Err(err) => {
                    report_load_error(&err, color);
                    return Err(super::exit::ERROR);
                }
            }
        }
        for (input, config_path) in assigned {
            let profile = Arc::clone(&profiles[&config_path]);
            let path = match &input {
                Input::File(path) => path.clone(),
                Input::Stdin(name) => PathBuf::from(name),
            };
            if profile.config.is_excluded(&path) {
                continue;
            }
            let settings = profile.settings_for(&path, &cli);
            if !settings.enabled {
                continue;
            }
            jobs.push(Job {
                name: display_name(&input),
                input,
                profile,
                settings,
            });
        }
        let mut profiles: Vec<Arc<Profile>> = profiles.into_values().collect();
        profiles.sort_by_key(|p| p.config.path.clone());
        Ok(Session {
            jobs,
            failed_paths: walk_errors.len(),
            cli,
            profiles,
        })
    }
}
