//! `dejargon check`: lint files, report, optionally fix.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use dejargon::baseline::{self, Baseline};
use dejargon::definitions::Definition;
use dejargon::document::{Document, DocumentError};
use dejargon::engine::{for_each_ordered, load_document};
use dejargon::fix;
use dejargon::format::{Format, Prose};
use dejargon::report::{
    stats_table, Compact, FileReport, Github, Human, Json, Reporter, Sarif, Summary,
};
use dejargon::stats::{DocStats, RunStats};
use dejargon::walk::Input;
use dejargon::Finding;

use super::progress::Progress;
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
    /// After the findings, print words checked, jargon density (findings per
    /// 1,000 words), and findings by severity, category, term, file and
    /// section (JSON and SARIF: in the summary).
    #[arg(long)]
    pub stats: bool,
    /// Exit with 1 when a document has more than N jargon findings per 1,000 words.
    #[arg(long, value_name = "N", value_parser = parse_density)]
    pub max_density: Option<f64>,
}

fn parse_density(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err("expected a number of findings per 1,000 words, 0 or more".to_string()),
    }
}

impl OutputFormat {
    /// Formats read by tools rather than people (no progress bar for them).
    pub fn is_machine_readable(self) -> bool {
        matches!(
            self,
            OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Github
        )
    }
}

/// The render buffer is reused between files up to this capacity.
const MAX_KEPT_RENDER_BUFFER: usize = 4 << 20;

/// Bytes of report buffered before a write to standard output.
const OUTPUT_BUFFER: usize = 64 << 10;

/// What a worker hands back for one file.
pub struct Outcome {
    pub document: Result<Document, DocumentError>,
    pub findings: Vec<Finding>,
    /// The fixed text, when fixing changed something.
    pub fixed: Option<String>,
    pub fixes_applied: usize,
    /// Writing the fixed file failed.
    pub write_error: Option<String>,
    /// The prose view the findings were found in (for statistics and the
    /// review page); `None` when the document could not be loaded.
    pub prose: Option<Prose>,
    /// Acronyms the document defines itself.
    pub definitions: Vec<Definition>,
}

/// Loads, lints and (in fix mode) fixes one file. The prose view is kept in
/// the outcome only if `keep_prose` (statistics need it): results wait in
/// memory for their turn in the output, two batches of files at a time.
pub fn work(job: &Job, fix_mode: bool, write: bool, keep_prose: bool) -> Outcome {
    let document = load_document(&job.input);
    let Ok(doc) = &document else {
        return Outcome {
            document,
            findings: Vec::new(),
            fixed: None,
            fixes_applied: 0,
            write_error: None,
            prose: None,
            definitions: Vec::new(),
        };
    };
    let checked =
        job.profile
            .linter
            .lint_prose(doc.source.as_str(), doc.prose(), &job.settings.options);
    let mut findings = checked.findings;
    let prose = keep_prose.then_some(checked.prose);
    let definitions = checked.definitions;
    let mut fixed = None;
    let mut fixes_applied = 0;
    let mut write_error = None;
    // The text of a Word document is not its file: fixes would have to go in
    // as tracked changes, which `annotate`'s comments stand in for.
    if fix_mode && doc.format != Format::Docx {
        let edits = fix::edits(doc.source.as_str(), &findings);
        if !edits.is_empty() {
            // Findings are reported as they were in the original text; the
            // text written is fixed until a second run would change nothing.
            let (new_text, count) = fix::apply_until_stable(doc.source.as_str(), &edits, |text| {
                job.profile
                    .linter
                    .lint_with(text, doc.format, &job.settings.options)
                    .findings
            });
            fixes_applied = count;
            let fixed_spans: Vec<usize> = edits.iter().map(|e| e.span.start).collect();
            findings.retain(|f| !fixed_spans.contains(&f.span.start));
            if write {
                if let Input::File(path) = &job.input {
                    if let Err(err) = fix::write_atomic(path, new_text.as_bytes()) {
                        write_error = Some(format!(
                            "cannot write fixes, the file is unchanged: {}",
                            fix::describe_write_error(&err)
                        ));
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
        prose,
        definitions,
    }
}

/// A document that was loaded and linted, for commands that collect results
/// (glossary, report) rather than print them one by one.
pub struct CheckedDocument {
    pub document: Document,
    pub findings: Vec<Finding>,
    pub prose: Prose,
    pub definitions: Vec<Definition>,
}

/// Lints every job of a session (in parallel, results in input order) and
/// hands each loaded document to `each`. Files that cannot be read are
/// reported on stderr; returns how many failed.
pub fn each_checked(
    session: &Session,
    threads: usize,
    progress: &Progress,
    each: &mut dyn FnMut(&Job, CheckedDocument),
) -> io::Result<usize> {
    let mut failed = 0;
    for_each_ordered(
        session.jobs(),
        threads,
        &|job: &Job| {
            let outcome = work(job, false, false, true);
            progress.inc();
            outcome
        },
        &mut |job, outcome| {
            match outcome.document {
                Ok(document) => each(
                    job,
                    CheckedDocument {
                        document,
                        findings: outcome.findings,
                        prose: outcome.prose.unwrap_or_else(|| Prose {
                            masked: String::new(),
                            headings: Vec::new(),
                            comments: Vec::new(),
                        }),
                        definitions: outcome.definitions,
                    },
                ),
                Err(DocumentError::Skipped(note)) => {
                    progress.suspend(|| say!("note: {}: {note}", job.name));
                }
                Err(DocumentError::Failed(message)) => {
                    progress.suspend(|| say!("error: {}: {message}", job.name));
                    failed += 1;
                }
            }
            Ok(())
        },
    )?;
    progress.finish();
    // A configuration that failed to load mid-run counts as a failure.
    Ok(failed + session.failed_paths() + usize::from(session.aborted()))
}

pub fn run(args: CheckArgs) -> u8 {
    // Never dropped: the session holds the dictionaries and automata, and
    // freeing them just before the process exits cost 7% of a one-file run.
    let session = std::mem::ManuallyDrop::new(match Session::new(&args.input, args.color) {
        Ok(s) => s,
        Err(code) => return code,
    });
    let mut baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(message) => {
                say!("error: {message}");
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
    let mut summary = Summary::default();
    let mut failing = 0usize;
    let mut shown = 0usize;
    let mut wrote_any = false;
    let mut changed_files = 0usize;
    let mut fixes_total = 0usize;
    let stdout = io::stdout();
    // Large enough for most files' findings: a write per buffer, not two
    // per file (the default 8 KiB passes a file's chunk straight through and
    // buffers the few bytes after it).
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, stdout.lock());
    let reports_findings = !args.diff;
    let want_stats = args.stats || args.max_density.is_some();
    let mut doc_stats: Vec<DocStats> = Vec::new();
    let mut run_stats = RunStats::default();
    let progress = Progress::new(args.format.is_machine_readable(), "checking");
    let mut rendered: Vec<u8> = Vec::new();

    let result = (|| -> io::Result<()> {
        if reports_findings {
            reporter.begin(&mut out)?;
        }
        for_each_ordered(
            session.jobs(),
            args.input.threads,
            &|job: &Job| {
                let outcome = work(job, fix_mode, args.fix, want_stats);
                progress.inc();
                outcome
            },
            &mut |job, outcome| {
                let doc = match outcome.document {
                    Ok(doc) => doc,
                    Err(DocumentError::Skipped(note)) => {
                        progress.suspend(|| say!("note: {}: {note}", job.name));
                        summary.files_skipped += 1;
                        return Ok(());
                    }
                    Err(DocumentError::Failed(message)) => {
                        progress.suspend(|| say!("error: {}: {message}", job.name));
                        summary.files_failed += 1;
                        return Ok(());
                    }
                };
                if let Some(message) = &outcome.write_error {
                    progress.suspend(|| say!("error: {}: {message}", job.name));
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
                if want_stats {
                    if let Some(prose) = &outcome.prose {
                        doc_stats.push(DocStats::compute(&doc.name, &doc.source, prose, &findings));
                    }
                }
                if let Some(threshold) = job.settings.fail_on.severity() {
                    failing += findings.iter().filter(|f| f.severity >= threshold).count();
                }
                if fix_mode
                    && doc.format == Format::Docx
                    && findings.iter().any(|f| f.fix().is_some())
                {
                    say!(
                        "note: {}: --fix and --diff do not change Word documents; `dejargon annotate` adds review comments instead",
                        job.name
                    );
                }
                if args.diff {
                    if let Some(fixed) = &outcome.fixed {
                        let diff = fix::unified_diff(&job.name, doc.source.as_str(), fixed);
                        progress.suspend(|| {
                            out.write_all(diff.as_bytes())?;
                            progress.flush(&mut out)
                        })?;
                    }
                    return Ok(());
                }
                if args.fix && matches!(job.input, Input::Stdin(_)) && doc.format != Format::Docx {
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
                // Written chunk by chunk as it is rendered (a file with many
                // findings is not held whole); the separator goes before the
                // first bytes of a file that has any.
                let mut started = false;
                let mut write = |chunk: &mut Vec<u8>| -> io::Result<()> {
                    if chunk.is_empty() {
                        return Ok(());
                    }
                    progress.suspend(|| {
                        if wrote_any && !started {
                            out.write_all(reporter.separator())?;
                        }
                        out.write_all(chunk)?;
                        progress.flush(&mut out)
                    })?;
                    started = true;
                    wrote_any = true;
                    chunk.clear();
                    Ok(())
                };
                reporter.render_streaming(
                    &FileReport {
                        path: &doc.name,
                        source: &doc.source,
                        findings: &findings,
                        layout: &doc.layout,
                    },
                    &mut rendered,
                    &mut write,
                )?;
                write(&mut rendered)?;
                // Reused file after file; a huge one does not pin its memory.
                if rendered.capacity() > MAX_KEPT_RENDER_BUFFER {
                    rendered = Vec::new();
                }
                Ok(())
            },
        )?;
        progress.finish();
        if want_stats {
            run_stats = RunStats::from_docs(std::mem::take(&mut doc_stats));
        }
        if args.stats {
            summary.stats = Some(run_stats.clone());
        }
        summary.files_failed += session.failed_paths() + usize::from(session.aborted());
        let stdin_fix = args.fix && session.reads_stdin;
        if reports_findings && !stdin_fix {
            reporter.finish(&mut out, &summary)?;
            // Like ripgrep's --stats: on stdout, after the results. JSON and
            // SARIF carry the statistics in their summary instead.
            if args.stats && !matches!(args.format, OutputFormat::Json | OutputFormat::Sarif) {
                out.write_all(stats_table(&run_stats).as_bytes())?;
            }
        } else if args.stats {
            // stdout holds a diff or the fixed text: keep it clean.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                stats_table(&run_stats).as_bytes(),
            );
        }
        out.flush()
    })();
    progress.finish();
    if let Err(err) = result {
        if is_broken_pipe(&err) {
            return exit::CLEAN;
        }
        say!("error: cannot write output: {err}");
        return exit::ERROR;
    }
    if args.max_findings.is_some()
        && summary.findings_omitted > 0
        && args.format != OutputFormat::Human
    {
        say!(
            "note: {} more findings not shown (--max-findings)",
            summary.findings_omitted
        );
    }
    if args.format == OutputFormat::Human && !(args.fix && stdout_is_fixed_text(&session)) {
        say!("{}", summary.line());
    }
    if fix_mode && (changed_files > 0 || args.fix) {
        let verb = if args.diff { "would fix" } else { "fixed" };
        say!("{verb} {fixes_total} findings in {changed_files} files");
    }
    let too_dense = match args.max_density {
        Some(max) => too_dense(&run_stats, max),
        None => 0,
    };
    if summary.files_failed > 0 {
        return exit::ERROR;
    }
    if args.diff && changed_files > 0 {
        return exit::FINDINGS;
    }
    if failing > 0 || too_dense > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// Reports every document above `--max-density` on stderr; returns how many.
fn too_dense(stats: &RunStats, max: f64) -> usize {
    let mut count = 0;
    for file in stats.files.iter().filter(|f| f.density > max) {
        say!(
            "error: {}: {:.1} jargon findings per 1,000 words ({} in {} words) is above --max-density {max}",
            file.path, file.density, file.findings, file.words
        );
        count += 1;
    }
    count
}

fn stdout_is_fixed_text(session: &Session) -> bool {
    session.reads_stdin
}
