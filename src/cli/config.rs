//! `dejargon config dump`: the configuration in effect, after defaults, the
//! configuration file and the command line are layered.

use clap::{Args, Subcommand};

use dejargon::config::{Builtin, Config};

use super::session::{InputArgs, Session};
use super::{exit, ColorChoice};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration as TOML.
    Dump(ConfigDumpArgs),
}

#[derive(Debug, Args)]
pub struct ConfigDumpArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(command: ConfigCommand) -> u8 {
    match dump(command) {
        Ok(code) => code,
        Err(err) if super::is_broken_pipe(&err) => exit::CLEAN,
        Err(err) => {
            say!("error: cannot write output: {err}");
            exit::ERROR
        }
    }
}

fn dump(command: ConfigCommand) -> std::io::Result<u8> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let ConfigCommand::Dump(args) = command;
    let session = match Session::new(&args.input, ColorChoice::Auto) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    // Profiles load as their files are met: meet them all.
    session.jobs().for_each(drop);
    if session.aborted() {
        return Ok(exit::ERROR);
    }
    for (n, profile) in session.profiles().iter().enumerate() {
        let mut effective: Config = profile.config.config.clone();
        effective.audience = Some(profile.options.audience);
        effective.fail_on = Some(profile.fail_on);
        effective.undefined_acronyms = Some(profile.options.undefined_acronyms);
        if session.cli.no_builtin {
            effective.builtin = Some(Builtin::All(false));
        } else if effective.builtin.is_none() {
            effective.builtin = Some(Builtin::All(true));
        }
        effective
            .dictionaries
            .extend(session.cli.dictionaries.iter().cloned());
        let source = match &profile.config.path {
            Some(path) => path.display().to_string(),
            None => "built-in defaults (no dejargon.toml found)".to_string(),
        };
        if n > 0 {
            writeln!(out)?;
        }
        writeln!(out, "# from: {source}")?;
        match toml::to_string_pretty(&effective) {
            Ok(text) => write!(out, "{text}")?,
            Err(err) => {
                say!("error: cannot print configuration: {err}");
                return Ok(exit::ERROR);
            }
        }
    }
    out.flush()?;
    Ok(exit::CLEAN)
}
