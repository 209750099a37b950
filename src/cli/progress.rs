//! A progress bar on stderr for long runs, and the one rule for when to show it.

use std::io::{self, IsTerminal};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A run checks more files than this before a bar is worth showing.
pub const MIN_FILES: usize = 20;

/// Whether to show a progress bar: many files, stderr is a terminal (a bar in
/// a log file or a pipe is noise), and the output is not for a machine
/// (JSON, SARIF and GitHub annotations are read by tools, often in CI).
pub fn wanted(files: usize, stderr_is_terminal: bool, machine_readable: bool) -> bool {
    files > MIN_FILES && stderr_is_terminal && !machine_readable
}

/// A progress counter that may be switched off; every method is then a no-op.
///
/// Files are found while they are checked, so the total is not known in
/// advance: the counter stays hidden until more than [`MIN_FILES`] files are
/// done, then shows how many, like a spinner.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A counter, shown once [`wanted`] says the run is long enough.
    pub fn new(machine_readable: bool, verb: &str) -> Progress {
        if !wanted(usize::MAX, io::stderr().is_terminal(), machine_readable) {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(&format!("{{spinner}} {verb} {{pos}} files"))
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        Progress(Some(bar))
    }

    /// One more file done (called from worker threads).
    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            if bar.position() == MIN_FILES as u64 + 1 {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(200));
            }
        }
    }

    /// Runs `f` with the bar hidden, so that what it prints is not mixed
    /// into the bar's line.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Flushes `out` while a bar is shown, so that output and bar take turns;
    /// without a bar, buffering goes on.
    pub fn flush(&self, out: &mut impl io::Write) -> io::Result<()> {
        match &self.0 {
            Some(_) => out.flush(),
            None => Ok(()),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_for_many_files_on_a_terminal_for_people() {
        assert!(wanted(21, true, false));
        assert!(!wanted(20, true, false), "few files");
        assert!(!wanted(500, false, false), "stderr is not a terminal");
        assert!(!wanted(500, true, true), "machine-readable output");
    }
}
