//! `dejargon check`: lint files, report, optionally fix.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use dejargon::baseline::{self, Baseline};
use dejargon::document::{Document, DocumentError};
use dejargon::engine::{for_each_ordered, load_document};
use dejargon::fix;
use dejargon::report::{Compact, FileReport, Github, Human, Json, Reporter, Sarif, Summary};
use dejargon::walk::Input;
use dejargon::Finding;

use super::session::{InputArgs, Job, Session};
use super::{exit, is_broken_pipe, ColorChoice};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics with the source line, for people.
    Human,
    /// One line per finding: path:line:col: severity[rule] message.
    Compact,
    /// One JSON object with every finding and a summary.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Apply safe replacements in place (stdin: print the fixed text).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe replacements as a unified diff; change nothing.
    #[arg(long)]
    pub diff: bool,
    /// Show at most N findings (the summary still counts all).
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

/// The render buffer is reused between files up to this capacity.
const MAX_KEPT_RENDER_BUFFER: usize = 4 << 20;

/// What a worker hands back for one file.
pub struct Outcome {
    pub document: Result<Document, DocumentError>,
    pub findings: Vec<Finding>,
    /// The fixed text, when fixing changed something.
    pub fixed: Option<String>,
    pub fixes_applied: usize,
    /// Writing the fixed file failed.
    pub write_error: Option<String>,
}

/// Loads, lints and (in fix mode) fixes one file.
pub fn work(job: &Job, fix_mode: bool, write: bool) -> Outcome {
    let document = load_document(&job.input);
    let Ok(doc) = &document else {
        return Outcome {
            document,
            findings: Vec::new(),
            fixed: None,
            fixes_applied: 0,
            write_error: None,
        };
    };
    let checked =
        job.profile
            .linter
            .lint_with(doc.source.as_str(), doc.format, &job.settings.options);
    let mut findings = checked.findings;
    let mut fixed = None;
    let mut fixes_applied = 0;
    let mut write_error = None;
    if fix_mode {
        let edits = fix::edits(doc.source.as_str(), &findings);
        if !edits.is_empty() {
            fixes_applied = edits.len();
            let new_text = fix::apply(doc.source.as_str(), &edits);
            let fixed_spans: Vec<usize> = edits.iter().map(|e| e.span.start).collect();
            findings.retain(|f| !fixed_spans.contains(&f.span.start));
            if write {
                if let Input::File(path) = &job.input {
                    if let Err(err) = fix::write_atomic(path, new_text.as_bytes()) {
                        write_error = Some(format!("cannot write fixes: {err}"));
                    }
                }
            }
            fixed = Some(new_text);
        }
    }
    Outcome {
        document,
        findings,
        fixed,
        fixes_applied,
        write_error,
    }
}

pub fn run(args: CheckArgs) -> u8 {
    let session = match Session::new(&args.input, args.color) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(message) => {
                eprintln!("error: {message}");
                return exit::ERROR;
            }
        },
        None => None,
    };
    let reporter: Box<dyn Reporter> = match args.format {
        OutputFormat::Human => Box::new(Human::new(args.color.stdout())),
        OutputFormat::Compact => Box::new(Compact),
        OutputFormat::Json => Box::new(Json),
        OutputFormat::Sarif => Box::new(Sarif),
        OutputFormat::Github => Box::new(Github),
    };
    let fix_mode = args.fix || args.diff;
    let mut summary = Summary {
        files_failed: session.failed_paths,
        ..Summary::default()
    };
    let mut failing = 0usize;
    let mut shown = 0usize;
    let mut wrote_any = false;
    let mut changed_files = 0usize;
    let mut fixes_total = 0usize;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let reports_findings = !args.diff;
    let mut rendered: Vec<u8> = Vec::new();

    let result = (|| -> io::Result<()> {
        if reports_findings {
            reporter.begin(&mut out)?;
        }
        for_each_ordered(
            &session.jobs,
            args.input.threads,
            &|job: &Job| work(job, fix_mode, args.fix),
            &mut |job, outcome| {
                let doc = match outcome.document {
                    Ok(doc) => doc,
                    Err(DocumentError::Skipped(note)) => {
                        eprintln!("note: {}: {note}", job.name);
                        summary.files_skipped += 1;
                        return Ok(());
                    }
                    Err(DocumentError::Failed(message)) => {
                        eprintln!("error: {}: {message}", job.name);
                        summary.files_failed += 1;
                        return Ok(());
                    }
                };
                if let Some(message) = &outcome.write_error {
                    eprintln!("error: {}: {message}", job.name);
                    summary.files_failed += 1;
                } else if outcome.fixed.is_some() {
                    changed_files += 1;
                    fixes_total += outcome.fixes_applied;
                }
                let mut findings = outcome.findings;
                if let Some(baseline) = baseline.as_mut() {
                    findings.retain(|f| {
                        !baseline.accepts(&baseline::entry(&job.name, doc.source.as_str(), f))
                    });
                }
                summary.add_file(&findings);
                if let Some(threshold) = job.settings.fail_on.severity() {
                    failing += findings.iter().filter(|f| f.severity >= threshold).count();
                }
                if args.diff {
                    if let Some(fixed) = &outcome.fixed {
                        out.write_all(
                            fix::unified_diff(&job.name, doc.source.as_str(), fixed).as_bytes(),
                        )?;
                    }
                    return Ok(());
                }
                if args.fix && matches!(job.input, Input::Stdin(_)) {
                    let text = outcome.fixed.as_deref().unwrap_or(doc.source.as_str());
                    out.write_all(text.as_bytes())?;
                    return Ok(());
                }
                if let Some(max) = args.max_findings {
                    let room = max.saturating_sub(shown);
                    if findings.len() > room {
                        summary.findings_omitted += findings.len() - room;
                        findings.truncate(room);
                    }
                }
                shown += findings.len();
                rendered.clear();
                reporter.render(
                    &FileReport {
                        path: &doc.name,
                        source: &doc.source,
                        findings: &findings,
                    },
                    &mut rendered,
                )?;
                if !rendered.is_empty() {
                    if wrote_any {
                        out.write_all(reporter.separator())?;
                    }
                    out.write_all(&rendered)?;
                    wrote_any = true;
                }
                // Reused file after file; a huge one does not pin its memory.
                if rendered.capacity() > MAX_KEPT_RENDER_BUFFER {
                    rendered = Vec::new();
                }
                Ok(())
            },
        )?;
        let stdin_fix = args.fix
            && session
                .jobs
                .iter()
                .any(|j| matches!(j.input, Input::Stdin(_)));
        if reports_findings && !stdin_fix {
            reporter.finish(&mut out, &summary)?;
        }
        out.flush()
    })();
    if let Err(err) = result {
        if is_broken_pipe(&err) {
            return exit::CLEAN;
        }
        eprintln!("error: cannot write output: {err}");
        return exit::ERROR;
    }
    if args.max_findings.is_some()
        && summary.findings_omitted > 0
        && args.format != OutputFormat::Human
    {
        eprintln!(
            "note: {} more findings not shown (--max-findings)",
            summary.findings_omitted
        );
    }
    if args.format == OutputFormat::Human && !(args.fix && stdout_is_fixed_text(&session)) {
        eprintln!("{}", summary.line());
    }
    if fix_mode && (changed_files > 0 || args.fix) {
        let verb = if args.diff { "would fix" } else { "fixed" };
        eprintln!("{verb} {fixes_total} findings in {changed_files} files");
    }
    if summary.files_failed > 0 {
        return exit::ERROR;
    }
    if args.diff && changed_files > 0 {
        return exit::FINDINGS;
    }
    if failing > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

fn stdout_is_fixed_text(session: &Session) -> bool {
    session
        .jobs
        .iter()
        .any(|j| matches!(j.input, Input::Stdin(_)))
}
