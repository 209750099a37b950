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
    let mut failed = session.failed_paths;
    let result = for_each_ordered(
        &session.jobs,
        args.input.threads,
        &|job| work(job, false, false),
        &mut |job, outcome| {
            match &outcome.document {
                Ok(doc) => entries.extend(
                    outcome
                        .findings
                        .iter()
                        .map(|f| baseline::entry(&job.name, doc.source.as_str(), f)),
                ),
                Err(err) => {
                    eprintln!("error: {}: {err}", job.name);
                    failed += 1;
                }
            }
            Ok(())
        },
    );
    if let Err(err) = result {
        eprintln!("error: {err}");
        return exit::ERROR;
    }
    if failed > 0 {
        eprintln!("error: baseline not written: {failed} files could not be checked");
        return exit::ERROR;
    }
    let count = entries.len();
    if let Err(err) = write_atomic(&args.output, baseline::to_json(entries).as_bytes()) {
        eprintln!(
            "error: {}: cannot write baseline: {err}",
            args.output.display()
        );
        return exit::ERROR;
    }
    eprintln!(
        "wrote {count} findings from {} files to {}",
        session.jobs.len(),
        args.output.display()
    );
    exit::CLEAN
}
