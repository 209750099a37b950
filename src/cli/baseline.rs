//! `dejargon baseline write`: accept the findings a repository has today.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use dejargon::baseline::{self, DEFAULT_BASELINE};
use dejargon::engine::for_each_ordered;
use dejargon::fix::write_atomic;

use super::check::work;
use super::session::{InputArgs, Session};
use super::{exit, ColorChoice};

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Write the current findings to a baseline file (replacing it).
    Write(BaselineWriteArgs),
}

#[derive(Debug, Args)]
pub struct BaselineWriteArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The baseline file to write.
    #[arg(long, short = 'o', value_name = "FILE", default_value = DEFAULT_BASELINE)]
    pub output: PathBuf,
}

pub fn run(command: BaselineCommand) -> u8 {
    let BaselineCommand::Write(args) = command;
    let session = match Session::new(&args.input, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut entries = Vec::new();
    let mut failed = 0;
    let mut files = 0;
    let result = for_each_ordered(
        session.jobs(),
        args.input.threads,
        &|job| work(job, false, false, false),
        &mut |job, outcome| {
            files += 1;
            match &outcome.document {
                Ok(doc) => entries.extend(
                    outcome
                        .findings
                        .iter()
                        .map(|f| baseline::entry(&job.name, doc.source.as_str(), f)),
                ),
                Err(err) => {
                    say!("error: {}: {err}", job.name);
                    failed += 1;
                }
            }
            Ok(())
        },
    );
    if let Err(err) = result {
        say!("error: {err}");
        return exit::ERROR;
    }
    failed += session.failed_paths() + usize::from(session.aborted());
    if failed > 0 {
        say!(
            "error: baseline not written: {failed} files could not be checked; fix or exclude them and run again"
        );
        return exit::ERROR;
    }
    let count = entries.len();
    if let Err(err) = write_atomic(&args.output, baseline::to_json(entries).as_bytes()) {
        say!(
            "error: {}: cannot write baseline: {}",
            args.output.display(),
            dejargon::fix::describe_write_error(&err)
        );
        return exit::ERROR;
    }
    say!(
        "wrote {count} findings from {} files to {}",
        files,
        args.output.display()
    );
    exit::CLEAN
}
