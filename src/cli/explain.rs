//! `dejargon explain TERM`: what a term means and what to write instead.

use std::io::Write;

use clap::Args;

use super::setup::{common_acronyms, load_dictionary, report_load_error};
use super::{exit, ColorChoice, DictionaryArgs};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The term or acronym to explain (any case).
    pub term: String,
    #[command(flatten)]
    pub dictionary: DictionaryArgs,
}

pub fn run(args: ExplainArgs) -> u8 {
    let dictionary = match load_dictionary(&args.dictionary) {
        Ok(d) => d,
        Err(err) => {
            report_load_error(&err, ColorChoice::Auto);
            return exit::ERROR;
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let ids = dictionary.lookup(args.term.trim());
    if ids.is_empty() {
        let common = common_acronyms();
        if let Some(expansion) = common.expansion(args.term.trim()) {
            let _ = writeln!(
                out,
                "{}: a business acronym most readers know ({expansion}); dejargon does not flag it.",
                args.term.trim()
            );
            return exit::CLEAN;
        }
        let _ = writeln!(out, "{}: not in any loaded dictionary.", args.term.trim());
        return exit::FINDINGS;
    }
    for (n, id) in ids.into_iter().enumerate() {
        let entry = &dictionary.entries[id];
        if n > 0 {
            let _ = writeln!(out);
        }
        let mut text = entry.term.to_string();
        if let Some(expansion) = &entry.expansion {
            text.push_str(&format!(" ({expansion})"));
        }
        text.push_str(&format!(
            "\n  meaning:     {}\n  write:       {}\n  category:    {}\n  severity:    {}\n  known to:    {}\n  dictionary:  {} [{}]",
            entry.explanation,
            entry.suggestions.join("; "),
            entry.category,
            entry.severity,
            match entry.known_to {
                dejargon::dictionary::KnownTo::Business => "most office workers",
                dejargon::dictionary::KnownTo::Technical => "technical staff",
                dejargon::dictionary::KnownTo::Few => "few people (specialists only)",
            },
            dictionary.dictionary_name(id),
            dictionary.language_of(id).as_str(),
        ));
        if !entry.aliases.is_empty() {
            text.push_str(&format!("\n  also:        {}", entry.aliases.join(", ")));
        }
        if let Some(example) = entry.examples.first() {
            text.push_str(&format!("\n  example:     {example}"));
        }
        if let Err(err) = writeln!(out, "{text}") {
            if super::is_broken_pipe(&err) {
                return exit::CLEAN;
            }
        }
    }
    exit::CLEAN
}
