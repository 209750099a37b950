//! What a run checks and with which settings: paths from the command line,
//! `--files-from` and `--changed`, expanded to files, each paired with the
//! profile of the configuration that governs it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use clap::Args;

use dejargon::config::{Discovery, FailOn as ConfigFailOn, LoadedConfig};
use dejargon::engine::display_name;
use dejargon::profile::{CliSettings, FileSettings, Profile};
use dejargon::walk::{inputs, Input, WalkError};
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

/// Everything a run needs. The files to check are not listed up front: jobs
/// are made one at a time from a sorted walk ([`Session::jobs`]), so memory
/// does not grow with the number of files.
pub struct Session {
    pub cli: CliSettings,
    /// Whether standard input is one of the inputs.
    pub reads_stdin: bool,
    config: Option<PathBuf>,
    no_config: bool,
    color: ColorChoice,
    inputs: RefCell<Box<dyn Iterator<Item = Result<Input, WalkError>>>>,
    /// A job made ahead, by [`Session::new`], to report a broken
    /// configuration before anything is printed.
    pending: RefCell<Option<Job>>,
    discovery: RefCell<Discovery>,
    profiles: RefCell<HashMap<Option<PathBuf>, Arc<Profile>>>,
    failed_paths: Cell<usize>,
    aborted: Cell<bool>,
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
    /// Resolves the paths to check and the configuration of the first file.
    /// On failure the error has been printed and the exit code (2) is returned.
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
        let session = Session {
            cli,
            reads_stdin: paths.iter().any(|p| p.as_os_str() == "-"),
            config: args.config.clone(),
            no_config: args.no_config,
            color,
            inputs: RefCell::new(inputs(&paths, &args.stdin_filename)),
            pending: RefCell::new(None),
            discovery: RefCell::new(Discovery::default()),
            profiles: RefCell::new(HashMap::new()),
            failed_paths: Cell::new(0),
            aborted: Cell::new(false),
        };
        // The first job is made now: a broken configuration or dictionary is
        // then reported before any output. With nothing to check, the
        // configuration that would govern standard input is loaded instead.
        let first = session.next_job();
        if session.aborted.get() {
            return Err(super::exit::ERROR);
        }
        match first {
            Some(job) => *session.pending.borrow_mut() = Some(job),
            None => {
                let config = session.config_of(&Input::Stdin(String::new()));
                if session.profile(config).is_none() {
                    return Err(super::exit::ERROR);
                }
            }
        }
        Ok(session)
    }

    /// The jobs of the run, in path order, made as they are asked for. Paths
    /// that cannot be walked are reported on stderr as they are met and
    /// counted in [`Session::failed_paths`]. A configuration that fails to
    /// load ends the jobs early; [`Session::aborted`] then says so.
    pub fn jobs(&self) -> impl Iterator<Item = Job> + '_ {
        let pending = self.pending.borrow_mut().take();
        pending
            .into_iter()
            .chain(std::iter::from_fn(move || self.next_job()))
    }

    /// Paths that could not be walked (so far), already reported.
    pub fn failed_paths(&self) -> usize {
        self.failed_paths.get()
    }

    /// Whether a configuration failed to load while jobs were being made
    /// (already reported); the run must then exit with 2.
    pub fn aborted(&self) -> bool {
        self.aborted.get()
    }

    /// The profiles loaded so far, sorted by configuration path.
    pub fn profiles(&self) -> Vec<Arc<Profile>> {
        let mut profiles: Vec<Arc<Profile>> = self.profiles.borrow().values().cloned().collect();
        profiles.sort_by_key(|p| p.config.path.clone());
        profiles
    }

    fn next_job(&self) -> Option<Job> {
        if self.aborted.get() {
            return None;
        }
        loop {
            let item = self.inputs.borrow_mut().next()?;
            let input = match item {
                Ok(input) => input,
                Err(err) => {
                    say!("error: {}: {}", err.path.display(), err.message);
                    self.failed_paths.set(self.failed_paths.get() + 1);
                    continue;
                }
            };
            let config = self.config_of(&input);
            let profile = self.profile(config)?;
            let path = match &input {
                Input::File(path) => path.clone(),
                Input::Stdin(name) => PathBuf::from(name),
            };
            if profile.config.is_excluded(&path) {
                continue;
            }
            let settings = profile.settings_for(&path, &self.cli);
            if !settings.enabled {
                continue;
            }
            return Some(Job {
                name: display_name(&input),
                input,
                profile,
                settings,
            });
        }
    }

    /// Which configuration file governs `input`.
    fn config_of(&self, input: &Input) -> Option<PathBuf> {
        if self.no_config {
            return None;
        }
        if let Some(path) = &self.config {
            return Some(path.clone());
        }
        match input {
            Input::File(path) => self.discovery.borrow_mut().config_for_file(path),
            Input::Stdin(_) => dejargon::config::discover(Path::new(".")),
        }
    }

    /// The profile of a configuration, loaded on first use. A failure is
    /// reported, marks the session aborted and gives `None`.
    fn profile(&self, config_path: Option<PathBuf>) -> Option<Arc<Profile>> {
        if let Some(profile) = self.profiles.borrow().get(&config_path) {
            return Some(Arc::clone(profile));
        }
        let loaded = match &config_path {
            Some(path) => LoadedConfig::load(path),
            None => Ok(LoadedConfig::defaults(Path::new("."))),
        };
        match loaded.and_then(|config| Profile::build(config, &self.cli)) {
            Ok(profile) => {
                let profile = Arc::new(profile);
                self.profiles
                    .borrow_mut()
                    .insert(config_path, Arc::clone(&profile));
                Some(profile)
            }
            Err(err) => {
                report_load_error(&err, self.color);
                self.aborted.set(true);
                None
            }
        }
    }
}
