//! `dejargon annotate`: write a copy of a Word document with a review comment
//! on each finding.

use std::path::{Path, PathBuf};

use clap::Args;

use dejargon::document::{Document, Layout};
use dejargon::docx::annotate::{annotate, AnnotateOptions};
use dejargon::docx::Limits;
use dejargon::fix::write_atomic;
use dejargon::format::Format;

use super::session::{InputArgs, Session};
use super::{exit, AudienceChoice, ColorChoice, DictionaryArgs};

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The Word document (.docx) to review.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write the reviewed copy.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        required_unless_present = "in_place",
        conflicts_with = "in_place"
    )]
    pub output: Option<PathBuf>,
    /// Replace the input with the reviewed copy (written atomically).
    #[arg(long)]
    pub in_place: bool,
    /// Author name shown on the comments.
    #[arg(long, value_name = "NAME", default_value = "dejargon")]
    pub author: String,
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
    /// Do not comment on acronyms that no dictionary knows.
    #[arg(long)]
    pub no_undefined_acronyms: bool,
}

pub fn run(args: AnnotateArgs) -> u8 {
    let shown = args.input.display().to_string();
    let fail = |message: String| {
        say!("error: {message}");
        exit::ERROR
    };
    if Format::from_path(&args.input) != Format::Docx {
        return fail(format!(
            "{shown}: annotate works on Word documents (.docx); use `dejargon check` for other files"
        ));
    }
    let output = match (&args.output, args.in_place) {
        (_, true) => args.input.clone(),
        (Some(output), false) => {
            if same_file(&args.input, output) {
                return fail(format!(
                    "{}: this is the input file; write the copy elsewhere, or pass --in-place to replace the input",
                    output.display()
                ));
            }
            output.clone()
        }
        (None, false) => {
            return fail("name the output with -o FILE, or pass --in-place".to_string())
        }
    };

    // The same dictionaries and settings `check` would use for this file.
    let input_args = InputArgs {
        paths: vec![args.input.clone()],
        files_from: None,
        changed: None,
        stdin_filename: "<stdin>".to_string(),
        config: args.config.clone(),
        no_config: args.no_config,
        dictionary: args.dictionary.clone(),
        audience: args.audience,
        fail_on: None,
        no_undefined_acronyms: args.no_undefined_acronyms,
        threads: 1,
    };
    let session = match Session::new(&input_args, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(job) = session.jobs().next() else {
        if session.failed_paths() > 0 || session.aborted() {
            return exit::ERROR;
        }
        say!("note: {shown}: excluded or disabled by the configuration; nothing written");
        return exit::CLEAN;
    };

    let bytes = match std::fs::read(&args.input) {
        Ok(b) => b,
        Err(err) => {
            return fail(format!(
                "{shown}: cannot read: {}",
                dejargon::walk::describe_io_error(&err)
            ))
        }
    };
    let limits = Limits::default();
    let document = match Document::from_docx(&shown, &bytes, &limits) {
        Ok(d) => d,
        Err(err) => return fail(format!("{shown}: {err}")),
    };
    let Layout::Docx(layout) = &document.layout else {
        return fail(format!("{shown}: not read as a Word document"));
    };
    let checked = job.profile.linter.lint_prose(
        document.source.as_str(),
        document.prose(),
        &job.settings.options,
    );
    let comment_options = AnnotateOptions {
        author: args.author.clone(),
        ..AnnotateOptions::default()
    };
    let annotated = match annotate(
        &bytes,
        document.source.as_str(),
        layout,
        &checked.findings,
        &comment_options,
        &limits,
    ) {
        Ok(a) => a,
        Err(err) => return fail(format!("{shown}: {err}")),
    };
    let is_new = !output.exists();
    if let Err(err) = write_atomic(&output, &annotated.bytes) {
        return fail(format!(
            "{}: cannot write: {}",
            output.display(),
            dejargon::walk::describe_io_error(&err)
        ));
    }
    if is_new {
        // A copy is readable by whoever could read the original.
        if let Ok(meta) = std::fs::metadata(&args.input) {
            let _ = std::fs::set_permissions(&output, meta.permissions());
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{shown}: {} added, written to {}",
        plural(annotated.comments, "comment"),
        output.display()
    );
    if annotated.not_anchored > 0 {
        line.push_str(&format!(
            " ({} in page headers, footers or notes got no comment; `dejargon check` lists them)",
            plural(annotated.not_anchored, "finding")
        ));
    }
    say!("{line}");
    exit::CLEAN
}

/// Whether two paths name the same file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
