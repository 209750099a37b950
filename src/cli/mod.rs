//! Argument parsing and dispatch.

/// Writes a line to stderr like `eprintln!`, but a failed write (stderr
/// closed, or redirected to a full disk) is ignored instead of panicking: the
/// exit code still tells what happened.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod annotate;
mod baseline;
mod check;
mod config;
mod dict;
mod explain;
mod glossary;
mod progress;
mod report;
mod session;
mod setup;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use dejargon::Audience;

/// Exit codes, documented in the README.
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const CLEAN: u8 = 0;
    /// Findings at or above `--fail-on`.
    pub const FINDINGS: u8 = 1;
    /// An error: usage, unreadable path, bad dictionary or configuration.
    pub const ERROR: u8 = 2;
}

#[derive(Debug, Parser)]
#[command(
    name = "dejargon",
    version,
    about = "Finds technical jargon and unexplained acronyms in business writing, and says what to write instead.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files, directories or standard input for jargon.
    Check(check::CheckArgs),
    /// Explain a term: what it means and what to write instead.
    Explain(explain::ExplainArgs),
    /// List the jargon terms and acronyms the documents use, with plain
    /// explanations and first use: a glossary appendix.
    #[command(mut_arg("lang", |arg| arg.help(
        "Bundled dictionaries to load, and the glossary's language (all: the language most of the text is in)"
    )))]
    Glossary(glossary::GlossaryArgs),
    /// Write a self-contained HTML review page: density, verdict, charts,
    /// highlighted text with explanations, filters and a glossary.
    Report(report::ReportArgs),
    /// Record current findings so that `check --baseline` reports only new ones.
    Baseline {
        #[command(subcommand)]
        command: baseline::BaselineCommand,
    },
    /// Show the effective configuration.
    Config {
        #[command(subcommand)]
        command: config::ConfigCommand,
    },
    /// Validate, list and count dictionary entries.
    Dict {
        #[command(subcommand)]
        command: dict::DictCommand,
    },
    /// Write a copy of a Word document (.docx) with a review comment on each finding.
    Annotate(annotate::AnnotateArgs),
}

/// Where dictionaries come from.
#[derive(Debug, Clone, Args)]
pub struct DictionaryArgs {
    /// Add a dictionary file (JSON, see dictionaries/README.md). Repeatable.
    #[arg(long = "dictionary", value_name = "FILE")]
    pub dictionaries: Vec<PathBuf>,
    /// Do not load the bundled dictionaries.
    #[arg(long)]
    pub no_builtin: bool,
    /// Bundled dictionaries to load.
    #[arg(long, value_enum, default_value_t = LangChoice::All)]
    pub lang: LangChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangChoice {
    En,
    Zh,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream: `auto` means a terminal and no `NO_COLOR`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }

    pub fn stdout(self) -> bool {
        self.enabled(io::stdout().is_terminal())
    }

    pub fn stderr(self) -> bool {
        self.enabled(io::stderr().is_terminal())
    }
}

/// The severity at which the run fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceChoice {
    Executive,
    Business,
    Technical,
}

impl From<AudienceChoice> for Audience {
    fn from(value: AudienceChoice) -> Self {
        match value {
            AudienceChoice::Executive => Audience::Executive,
            AudienceChoice::Business => Audience::Business,
            AudienceChoice::Technical => Audience::Technical,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                exit::ERROR
            } else {
                exit::CLEAN
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Glossary(args) => glossary::run(args),
        Command::Report(args) => report::run(args),
        Command::Dict { command } => dict::run(command),
        Command::Baseline { command } => baseline::run(command),
        Command::Config { command } => config::run(command),
        Command::Annotate(args) => annotate::run(args),
    };
    ExitCode::from(code)
}

/// True for the error a closed pipe gives (`dejargon check | head`): not a failure.
pub fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}
