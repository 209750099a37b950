//! `dejargon dict check|list|stats|export`: tools for the people who curate dictionaries.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use dejargon::dictionary::check::check_entries;
use dejargon::{Dictionary, Language};

use super::setup::{load_dictionary, report_load_error};
use super::{exit, is_broken_pipe, ColorChoice, DictionaryArgs, LangChoice};

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Validate dictionaries (the bundled ones when no file is given).
    Check(DictCheckArgs),
    /// List entries.
    List(DictListArgs),
    /// Count entries per language and category.
    Stats(DictStatsArgs),
    /// Write the dictionaries as a prh rule file, a Vale style or a term list.
    Export(DictExportArgs),
}

#[derive(Debug, Args)]
pub struct DictCheckArgs {
    /// Dictionary files to check, together with the bundled ones.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check the files alone, without the bundled dictionaries.
    #[arg(long)]
    pub no_builtin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Tsv,
}

#[derive(Debug, Args)]
pub struct DictListArgs {
    #[command(flatten)]
    pub dictionary: DictionaryArgs,
    /// Only this category.
    #[arg(long)]
    pub category: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Include `allow` entries.
    #[arg(long)]
    pub include_allow: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A prh rule file (YAML) for textlint-rule-prh.
    Prh,
    /// A Vale substitution style: two files, needs --output DIR.
    Vale,
    /// The lexer's patterns, one per line (lowercase), for a bare scan.
    Lines,
}

#[derive(Debug, Args)]
pub struct DictExportArgs {
    #[command(flatten)]
    pub dictionary: DictionaryArgs,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (a directory for `vale`) instead of standard output.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DictStatsArgs {
    #[command(flatten)]
    pub dictionary: DictionaryArgs,
}

pub fn run(command: DictCommand) -> u8 {
    let result = match command {
        DictCommand::Check(args) => return check(args),
        DictCommand::List(args) => list(args),
        DictCommand::Stats(args) => stats(args),
        DictCommand::Export(args) => return export(args),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => exit::CLEAN,
        Err(err) => {
            say!("error: cannot write output: {err}");
            exit::ERROR
        }
    }
}

fn load(args: &DictionaryArgs) -> Option<Dictionary> {
    match load_dictionary(args) {
        Ok(d) => Some(d),
        Err(err) => {
            report_load_error(&err, ColorChoice::Auto);
            None
        }
    }
}

fn check(args: DictCheckArgs) -> u8 {
    let dict_args = DictionaryArgs {
        dictionaries: args.files.clone(),
        no_builtin: args.no_builtin,
        lang: LangChoice::All,
    };
    let Some(dictionary) = load(&dict_args) else {
        return exit::ERROR;
    };
    let checked_files: Vec<usize> = if args.files.is_empty() {
        (0..dictionary.sources.len()).collect()
    } else {
        (0..dictionary.sources.len())
            .filter(|&i| !dictionary.sources[i].path.starts_with("builtin:"))
            .collect()
    };
    let problems = check_entries(&dictionary, |id| {
        checked_files.contains(&dictionary.entries[id].source)
    });
    let entries = dictionary
        .entries
        .iter()
        .filter(|e| checked_files.contains(&e.source))
        .count();
    for problem in &problems {
        say!("error: {problem}");
    }
    if problems.is_empty() {
        say!(
            "{} entries in {} files: no problems",
            entries,
            checked_files.len()
        );
        exit::CLEAN
    } else {
        say!("{} problems in {} entries", problems.len(), entries);
        exit::ERROR
    }
}

#[derive(Serialize)]
struct ListedEntry<'a> {
    term: &'a str,
    aliases: &'a [dejargon::dictionary::Text],
    kind: dejargon::dictionary::Kind,
    language: Language,
    category: &'a str,
    severity: dejargon::Severity,
    known_to: dejargon::dictionary::KnownTo,
    expansion: Option<&'a str>,
    suggestions: &'a [dejargon::dictionary::Text],
    explanation: &'a str,
    dictionary: &'a str,
}

fn list(args: DictListArgs) -> io::Result<u8> {
    let Some(dictionary) = load(&args.dictionary) else {
        return Ok(exit::ERROR);
    };
    let mut entries: Vec<ListedEntry<'_>> = dictionary
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| args.include_allow || e.kind != dejargon::dictionary::Kind::Allow)
        .filter(|(_, e)| args.category.as_deref().is_none_or(|c| c == e.category))
        .map(|(id, e)| ListedEntry {
            term: &e.term,
            aliases: &e.aliases,
            kind: e.kind,
            language: dictionary.language_of(id),
            category: &e.category,
            severity: e.severity,
            known_to: e.known_to,
            expansion: e.expansion.as_deref(),
            suggestions: &e.suggestions,
            explanation: &e.explanation,
            dictionary: dictionary.dictionary_name(id),
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.language, a.term.to_lowercase()).cmp(&(b.language, b.term.to_lowercase()))
    });
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
        ListFormat::Tsv => {
            writeln!(
                out,
                "term\tlanguage\tkind\tcategory\tseverity\tknown_to\tsuggestion\taliases"
            )?;
            for e in &entries {
                writeln!(
                    out,
                    "{}\t{}\t{:?}\t{}\t{}\t{:?}\t{}\t{}",
                    e.term,
                    e.language.as_str(),
                    e.kind,
                    e.category,
                    e.severity,
                    e.known_to,
                    e.suggestions.first().map_or("", |s| &**s),
                    e.aliases.join("|")
                )?;
            }
        }
        ListFormat::Text => {
            for e in &entries {
                writeln!(
                    out,
                    "{} [{}/{}] -> {}",
                    e.term,
                    e.language.as_str(),
                    e.category,
                    e.suggestions.join("; ")
                )?;
            }
        }
    }
    out.flush()?;
    Ok(exit::CLEAN)
}

fn stats(args: DictStatsArgs) -> io::Result<u8> {
    let Some(dictionary) = load(&args.dictionary) else {
        return Ok(exit::ERROR);
    };
    let mut per_language: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_category: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (id, entry) in dictionary.entries.iter().enumerate() {
        let language = dictionary.language_of(id).as_str();
        let counts = per_language.entry(language).or_default();
        if entry.kind == dejargon::dictionary::Kind::Allow {
            counts.1 += 1;
        } else {
            counts.0 += 1;
            *per_category.entry((language, &entry.category)).or_default() += 1;
        }
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "language  entries  allow")?;
    for (language, (entries, allow)) in &per_language {
        writeln!(out, "{language:<8}  {entries:>7}  {allow:>5}")?;
    }
    writeln!(out, "\nlanguage  category              entries")?;
    for ((language, category), count) in &per_category {
        writeln!(out, "{language:<8}  {category:<20}  {count:>7}")?;
    }
    Ok(exit::CLEAN)
}

fn export(args: DictExportArgs) -> u8 {
    use dejargon::dictionary::export;
    let Some(dictionary) = load(&args.dictionary) else {
        return exit::ERROR;
    };
    let result = match (args.format, &args.output) {
        (ExportFormat::Vale, None) => {
            say!("error: --format vale writes two files; give a directory with --output DIR");
            return exit::ERROR;
        }
        (ExportFormat::Vale, Some(dir)) => std::fs::create_dir_all(dir).and_then(|()| {
            export::vale(&dictionary)
                .iter()
                .try_for_each(|file| std::fs::write(dir.join(&file.name), &file.text))
        }),
        (format, output) => {
            let text = match format {
                ExportFormat::Prh => export::prh(&dictionary),
                _ => export::lines(&dictionary),
            };
            match output {
                Some(path) => std::fs::write(path, text),
                None => {
                    let stdout = io::stdout();
                    let mut out = stdout.lock();
                    out.write_all(text.as_bytes()).and_then(|()| out.flush())
                }
            }
        }
    };
    match result {
        Ok(()) => exit::CLEAN,
        Err(err) if is_broken_pipe(&err) => exit::CLEAN,
        Err(err) => {
            let target = args
                .output
                .as_ref()
                .map_or("standard output".to_string(), |p| p.display().to_string());
            say!("error: cannot write {target}: {err}");
            exit::ERROR
        }
    }
}
