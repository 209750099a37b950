//! `dejargon glossary`: the jargon terms and acronyms the documents use, with
//! plain explanations and first use, as an appendix (Markdown, JSON or CSV).

use std::io::{self, Write};

use clap::{Args, ValueEnum};

use dejargon::glossary::GlossaryBuilder;
use dejargon::report::glossary::{csv, json, markdown};
use dejargon::stats::{word_count, WordCount};
use dejargon::Language;

use super::check::each_checked;
use super::progress::Progress;
use super::session::{InputArgs, Session};
use super::{exit, is_broken_pipe, ColorChoice, LangChoice};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GlossaryFormat {
    /// A Markdown section with a table, to paste into a report.
    Markdown,
    /// `{"version":1,"terms":[…]}`.
    Json,
    /// Comma-separated values with a header row, for a spreadsheet.
    Csv,
}

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GlossaryFormat::Markdown)]
    pub format: GlossaryFormat,
}

pub fn run(args: GlossaryArgs) -> u8 {
    let session = match Session::new(&args.input, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // `--lang en|zh` loads only that language's dictionaries, so explanations
    // come in it, and picks the headings; `all` prefers, for a term in both,
    // the entry of the sentence it is first used in, and picks headings by
    // the language most of the text is in.
    let preferred = match args.input.dictionary.lang {
        LangChoice::En => Some(Language::En),
        LangChoice::Zh => Some(Language::Zh),
        LangChoice::All => None,
    };
    let mut builder = GlossaryBuilder::new(preferred);
    let mut words = WordCount::default();
    let progress = Progress::new(args.format != GlossaryFormat::Markdown, "reading");
    let failed = each_checked(&session, args.input.threads, &progress, &mut |job, doc| {
        words += word_count(&doc.prose.masked);
        builder.add(
            &doc.document.name,
            &doc.document.source,
            &doc.findings,
            &doc.definitions,
            job.profile.linter.dictionary(),
        );
    });
    let failed = match failed {
        Ok(n) => n,
        Err(err) => {
            say!("error: {err}");
            return exit::ERROR;
        }
    };
    let language = preferred.unwrap_or(if words.mostly_cjk() {
        Language::Zh
    } else {
        Language::En
    });
    let glossary = builder.finish();
    let text = match args.format {
        GlossaryFormat::Markdown => markdown(&glossary, language),
        GlossaryFormat::Json => json(&glossary),
        GlossaryFormat::Csv => csv(&glossary),
    };
    let mut out = io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if !is_broken_pipe(&err) {
            say!("error: cannot write output: {err}");
            return exit::ERROR;
        }
    }
    if failed > 0 {
        exit::ERROR
    } else {
        exit::CLEAN
    }
}
