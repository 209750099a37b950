//! `dejargon check`: lint files and report.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use dejargon::report::{Compact, FileReport, Human, Json, Reporter, Summary};
use dejargon::source::DecodeError;
use dejargon::walk::{collect_inputs, describe_io_error, Input};
use dejargon::{Format, LintOptions, Linter, SourceText};

use super::setup::{common_acronyms, load_dictionary, report_load_error};
use super::{exit, is_broken_pipe, AudienceChoice, ColorChoice, DictionaryArgs, FailOn};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics with the source line, for people.
    Human,
    /// One line per finding: path:line:col: severity[rule] message.
    Compact,
    /// One JSON object with every finding and a summary.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub dictionary: DictionaryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit with 1 when there are findings at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Who the document is written for; decides which terms count as jargon.
    #[arg(long, value_enum, default_value_t = AudienceChoice::Executive)]
    pub audience: AudienceChoice,
    /// File name to use for standard input (picks the format, shown in output).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
    /// Do not report acronyms that no dictionary knows.
    #[arg(long)]
    pub no_undefined_acronyms: bool,
}

/// Why a file could not be checked.
enum FileError {
    /// Skipped on purpose; a note, not a failure.
    Skipped(String),
    /// Could not be checked; makes the run exit with 2.
    Failed(String),
}

/// Reads an input's bytes.
fn read_input(input: &Input) -> io::Result<Vec<u8>> {
    match input {
        Input::Stdin(_) => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        Input::File(path) => std::fs::read(path),
    }
}

fn display_name(input: &Input) -> String {
    match input {
        Input::Stdin(name) => name.clone(),
        Input::File(path) => path.display().to_string(),
    }
}

fn load(input: &Input) -> Result<SourceText, FileError> {
    let bytes = read_input(input).map_err(|err| {
        FileError::Failed(format!("cannot read: {}", describe_io_error(&err)))
    })?;
    SourceText::from_bytes(bytes).map_err(|err| match err {
        DecodeError::Binary => FileError::Skipped(err.to_string()),
        DecodeError::InvalidUtf8 { .. } => FileError::Failed(err.to_string()),
    })
}

pub fn run(args: CheckArgs) -> u8 {
    let dictionary = match load_dictionary(&args.dictionary) {
        Ok(d) => d,
        Err(err) => {
            report_load_error(&err, args.color);
            return exit::ERROR;
        }
    };
    let options = LintOptions {
        audience: args.audience.into(),
        undefined_acronyms: !args.no_undefined_acronyms,
        ..LintOptions::default()
    };
    let linter = Linter::new(dictionary, common_acronyms(), options);

    let (inputs, walk_errors) = collect_inputs(&args.paths, &args.stdin_filename);
    let mut summary = Summary::default();
    let stderr = io::stderr();
    for err in &walk_errors {
        let _ = writeln!(stderr.lock(), "error: {}: {}", err.path.display(), err.message);
        summary.files_failed += 1;
    }

    let mut reporter: Box<dyn Reporter> = match args.format {
        OutputFormat::Human => Box::new(Human::new(args.color.stdout())),
        OutputFormat::Compact => Box::new(Compact),
        OutputFormat::Json => Box::new(Json::default()),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = check_all(&linter, &inputs, reporter.as_mut(), &mut out, &mut summary)
        .and_then(|()| reporter.finish(&mut out, &summary))
        .and_then(|()| out.flush());
    if let Err(err) = result {
        if is_broken_pipe(&err) {
            return exit::CLEAN;
        }
        let _ = writeln!(stderr.lock(), "error: cannot write output: {err}");
        return exit::ERROR;
    }
    if args.format == OutputFormat::Human {
        let _ = writeln!(stderr.lock(), "{}", summary.line());
    }
    if summary.files_failed > 0 {
        return exit::ERROR;
    }
    match args.fail_on.severity() {
        Some(severity) if summary.at_or_above(severity) > 0 => exit::FINDINGS,
        _ => exit::CLEAN,
    }
}

fn check_all(
    linter: &Linter,
    inputs: &[Input],
    reporter: &mut dyn Reporter,
    out: &mut dyn Write,
    summary: &mut Summary,
) -> io::Result<()> {
    for input in inputs {
        let name = display_name(input);
        let source = match load(input) {
            Ok(source) => source,
            Err(FileError::Skipped(note)) => {
                eprintln!("note: {name}: {note}");
                summary.files_skipped += 1;
                continue;
            }
            Err(FileError::Failed(message)) => {
                eprintln!("error: {name}: {message}");
                summary.files_failed += 1;
                continue;
            }
        };
        let format = Format::from_path(Path::new(&name));
        let checked = linter.lint(source.as_str(), format);
        summary.add_file(&checked.findings);
        reporter.file(
            out,
            &FileReport {
                path: &name,
                source: &source,
                findings: &checked.findings,
            },
        )?;
    }
    Ok(())
}
