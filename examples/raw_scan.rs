//! The bare baseline for `bench/compare.sh`: the same Aho-Corasick automaton
//! dejargon's lexer runs (same patterns, same settings, case folded in the
//! text the same way), unanchored over every byte of the same files, and
//! nothing else: no Markdown, no word boundaries, no positions, no output
//! beyond one count. Single-threaded, one reused buffer.
//!
//! dejargon itself runs that automaton anchored, only where a match could
//! start a word; this is the plain scan a tool without that knowledge runs.
//!
//! ```sh
//! dejargon dict export --format lines > target/terms.txt
//! cargo run --release --example raw_scan -- target/terms.txt --files-from list.txt
//! cargo run --release --example raw_scan -- target/terms.txt a.md b.md
//! ```

use aho_corasick::automaton::Automaton;
use aho_corasick::Input;
use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(terms) = args.next() else {
        eprintln!("usage: raw_scan TERMS.txt [--files-from LIST] [FILE]...");
        return ExitCode::from(2);
    };
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--files-from" {
            let Some(list) = args.next() else {
                eprintln!("--files-from needs a file");
                return ExitCode::from(2);
            };
            let text = std::fs::read_to_string(&list).expect("read the file list");
            files.extend(text.lines().filter(|l| !l.is_empty()).map(PathBuf::from));
        } else {
            files.push(PathBuf::from(arg));
        }
    }

    let started = Instant::now();
    let text = std::fs::read_to_string(&terms).expect("read the term list");
    let patterns: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let automaton = dejargon::lexer::build_automaton(&patterns).expect("build the automaton");
    let built = started.elapsed();

    // One buffer, reused for every file.
    let mut buffer = Vec::new();
    let mut bytes = 0usize;
    let mut matches = 0usize;
    for path in &files {
        buffer.clear();
        if let Err(err) = File::open(path).and_then(|mut f| f.read_to_end(&mut buffer)) {
            eprintln!("{}: {err}", path.display());
            return ExitCode::from(2);
        }
        bytes += buffer.len();
        // ASCII case is ignored by folding the text, as the lexer does.
        buffer.make_ascii_lowercase();
        matches += automaton
            .try_find_iter(Input::new(&buffer))
            .expect("unanchored search is supported")
            .count();
    }
    let total = started.elapsed();
    eprintln!(
        "raw_scan: {} patterns built in {:.1} ms; {} files, {} bytes, {} matches in {:.1} ms",
        patterns.len(),
        built.as_secs_f64() * 1e3,
        files.len(),
        bytes,
        matches,
        total.as_secs_f64() * 1e3
    );
    println!("{matches}");
    ExitCode::SUCCESS
}
