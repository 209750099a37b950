//! `dejargon check`: lint files and report.

use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use dejargon::document::{Document, DocumentError};
use dejargon::engine::check_inputs;
use dejargon::report::{Compact, FileReport, Human, Json, Reporter, Summary};
use dejargon::walk::{collect_inputs, Input};
use dejargon::{Checked, LintOptions, Linter, Severity};

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
    /// Number of threads (0: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
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

/// What a worker hands back for one file.
struct Rendered {
    findings: Vec<Severity>,
    output: io::Result<Vec<u8>>,
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
    for err in &walk_errors {
        eprintln!("error: {}: {}", err.path.display(), err.message);
        summary.files_failed += 1;
    }

    let reporter: Box<dyn Reporter> = match args.format {
        OutputFormat::Human => Box::new(Human::new(args.color.stdout())),
        OutputFormat::Compact => Box::new(Compact),
        OutputFormat::Json => Box::new(Json),
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let render = |document: &Document, checked: &Checked| {
        let mut output = Vec::new();
        let result = reporter
            .render(
                &FileReport {
                    path: &document.name,
                    source: &document.source,
                    findings: &checked.findings,
                },
                &mut output,
            )
            .map(|()| output);
        Rendered {
            findings: checked.findings.iter().map(|f| f.severity).collect(),
            output: result,
        }
    };
    let mut wrote_any = false;
    let result = reporter.begin(&mut out).and_then(|()| {
        check_inputs(
            &linter,
            &inputs,
            args.threads,
            &read_input,
            &render,
            &mut |outcome| {
                match outcome.result {
                    Ok(rendered) => {
                        summary.files_checked += 1;
                        if !rendered.findings.is_empty() {
                            summary.files_with_findings += 1;
                        }
                        for severity in rendered.findings {
                            summary.add_finding(severity);
                        }
                        let output = rendered.output?;
                        if !output.is_empty() {
                            if wrote_any {
                                out.write_all(reporter.separator())?;
                            }
                            out.write_all(&output)?;
                            wrote_any = true;
                        }
                    }
                    Err(DocumentError::Skipped(note)) => {
                        eprintln!("note: {}: {note}", outcome.name);
                        summary.files_skipped += 1;
                    }
                    Err(DocumentError::Failed(message)) => {
                        eprintln!("error: {}: {message}", outcome.name);
                        summary.files_failed += 1;
                    }
                }
                Ok(())
            },
        )
    });
    let result = result
        .and_then(|()| reporter.finish(&mut out, &summary))
        .and_then(|()| out.flush());
    if let Err(err) = result {
        if is_broken_pipe(&err) {
            return exit::CLEAN;
        }
        eprintln!("error: cannot write output: {err}");
        return exit::ERROR;
    }
    if args.format == OutputFormat::Human {
        eprintln!("{}", summary.line());
    }
    if summary.files_failed > 0 {
        return exit::ERROR;
    }
    match args.fail_on.severity() {
        Some(severity) if summary.at_or_above(severity) > 0 => exit::FINDINGS,
        _ => exit::CLEAN,
    }
}
