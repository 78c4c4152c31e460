//! What the command line prints, and where: results on standard output, diagnostics,
//! progress and the command's own errors on standard error, so `halong check | less`
//! and `halong check --format json | jq` see only the report.
//!
//! Text is styled with `anstyle` and written through `anstream`, which drops the
//! styles unless colour is on: `--color always`, or `auto` (the default) on a
//! terminal when neither `NO_COLOR` is set nor `TERM` is `dumb` (`CLICOLOR_FORCE`
//! forces it, as cargo honours it).

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::diagnostics::{render_styled, Diagnostic, Palette, SourceTexts};

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// The choice for `anstream` and clap.
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

/// How much to print besides the results and diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors and warnings only: no progress, no summary.
    Quiet,
    /// Progress while working, then a summary.
    Normal,
    /// Also each stage's time.
    Verbose,
}

/// The command line's printer, shared by the subcommands.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    /// How much to print.
    pub verbosity: Verbosity,
}

const ERROR: Style = AnsiColor::BrightRed.on_default().bold();
const WARNING: Style = AnsiColor::BrightYellow.on_default().bold();
const LABEL: Style = Style::new().bold();
const DONE: Style = AnsiColor::BrightGreen.on_default().bold();

impl Console {
    /// Applies the colour choice for everything printed from now on.
    pub fn new(color: ColorWhen, verbosity: Verbosity) -> Console {
        color.choice().write_global();
        Console { verbosity }
    }

    /// Whether progress and summaries are wanted.
    pub fn chatty(&self) -> bool {
        self.verbosity != Verbosity::Quiet
    }

    /// Whether standard error is a terminal (a progress bar can be drawn).
    pub fn on_terminal(&self) -> bool {
        std::io::stderr().is_terminal()
    }

    /// Prints diagnostics to standard error, with a count.
    pub fn diagnostics(&self, diagnostics: &[Diagnostic], texts: &SourceTexts) {
        if diagnostics.is_empty() {
            return;
        }
        anstream::eprint!("{}", render_styled(diagnostics, texts, &Palette::COLOURED));
        anstream::eprintln!("{}", count(diagnostics));
    }

    /// `error: message` on standard error.
    pub fn error(&self, message: impl std::fmt::Display) {
        anstream::eprintln!("{}error{}: {message}", ERROR.render(), ERROR.render_reset());
    }

    /// `warning: message` on standard error.
    pub fn warning(&self, message: impl std::fmt::Display) {
        anstream::eprintln!(
            "{}warning{}: {message}",
            WARNING.render(),
            WARNING.render_reset()
        );
    }

    /// `help: message` on standard error, after an error or a warning.
    pub fn help(&self, message: impl std::fmt::Display) {
        anstream::eprintln!("{}help{}: {message}", LABEL.render(), LABEL.render_reset());
    }

    /// `note: message` on standard error, unless quiet: something whoever publishes
    /// the output should know.
    pub fn note(&self, message: impl std::fmt::Display) {
        if self.chatty() {
            anstream::eprintln!("{}note{}: {message}", LABEL.render(), LABEL.render_reset());
        }
    }

    /// A status line on standard error (what the command is doing), unless quiet.
    pub fn status(&self, message: impl std::fmt::Display) {
        if self.chatty() {
            anstream::eprintln!("{message}");
        }
    }

    /// A result line on standard output (what the command did), unless quiet; the
    /// first word is highlighted, as cargo does.
    pub fn result(&self, verb: &str, rest: impl std::fmt::Display) {
        if self.chatty() {
            let rest = rest.to_string();
            let space = if rest.is_empty() { "" } else { " " };
            anstream::println!(
                "{}{verb}{}{space}{rest}",
                DONE.render(),
                DONE.render_reset()
            );
        }
    }
}

/// `2 error(s), 1 warning(s)`.
pub fn count(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!("{errors} error(s), {warnings} warning(s)")
}

/// `20,048`: thousands separated, as the English messages are.
pub fn thousands(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `350 ms` or `17.2 s`.
pub fn duration(elapsed: std::time::Duration) -> String {
    if elapsed.as_millis() < 1000 {
        format!("{} ms", elapsed.as_millis())
    } else {
        format!("{:.1} s", elapsed.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_times_read_easily() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(20_048), "20,048");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(duration(std::time::Duration::from_millis(350)), "350 ms");
        assert_eq!(duration(std::time::Duration::from_millis(17_240)), "17.2 s");
    }
}
