//! The `dejargon` command line. All behaviour lives in the library; this
//! binary parses arguments, picks colours and output formats, and turns
//! results into exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
