//! `dejargon report`: the review page, one self-contained HTML file.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use dejargon::fix::write_atomic;
use dejargon::glossary::GlossaryBuilder;
use dejargon::report::page::{Page, PageDocument};
use dejargon::stats::DocStats;
use dejargon::Format;

use super::check::each_checked;
use super::progress::Progress;
use super::session::{InputArgs, Session};
use super::{exit, ColorChoice};

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the page; `-` writes it to standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// The page's title.
    #[arg(long, value_name = "TEXT", default_value = "Jargon review")]
    pub title: String,
}

pub fn run(args: ReportArgs) -> u8 {
    let session = match Session::new(&args.input, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut page = Page::new(&args.title);
    let mut glossary = GlossaryBuilder::new(None);
    let progress = Progress::new(false, "reading");
    let failed = each_checked(&session, args.input.threads, &progress, &mut |job, doc| {
        let document = &doc.document;
        let stats = DocStats::compute(&document.name, &document.source, &doc.prose, &doc.findings);
        glossary.add(
            &document.name,
            &document.source,
            &doc.findings,
            &doc.definitions,
            job.profile.linter.dictionary(),
        );
        page.add(
            &PageDocument {
                name: &document.name,
                source: &document.source,
                prose: &doc.prose,
                findings: &doc.findings,
                definitions: &doc.definitions,
                // Word text is one paragraph per line; elsewhere a single
                // line break is a soft wrap.
                soft_wraps: document.format != Format::Docx,
            },
            stats,
        );
    });
    let failed = match failed {
        Ok(n) => n,
        Err(err) => {
            say!("error: {err}");
            return exit::ERROR;
        }
    };
    let run = page.run_stats();
    let html = page.finish(&glossary.finish());
    let to_stdout = args.output.as_os_str() == "-";
    let written = if to_stdout {
        let mut out = io::stdout().lock();
        out.write_all(html.as_bytes()).and_then(|()| out.flush())
    } else {
        let new = !args.output.exists();
        write_atomic(&args.output, html.as_bytes()).and_then(|()| readable_by_others(&args, new))
    };
    if let Err(err) = written {
        if to_stdout && super::is_broken_pipe(&err) {
            return exit::CLEAN;
        }
        say!(
            "error: {}: cannot write the page: {err}",
            args.output.display()
        );
        return exit::ERROR;
    }
    if !to_stdout {
        say!(
            "wrote {}: {} {}, {} words, {} findings, {:.1} per 1,000 words ({})",
            args.output.display(),
            run.files.len(),
            if run.files.len() == 1 {
                "document"
            } else {
                "documents"
            },
            run.words,
            run.findings,
            run.density,
            run.verdict().label()
        );
    }
    if failed > 0 {
        exit::ERROR
    } else {
        exit::CLEAN
    }
}

/// A new page is meant to be shared: make it readable like any new file
/// (the atomic write starts from a private temporary file).
fn readable_by_others(args: &ReportArgs, new: bool) -> io::Result<()> {
    #[cfg(unix)]
    if new {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&args.output, std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = (args, new);
    Ok(())
}
