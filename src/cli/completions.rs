//! `halong completions SHELL` and `halong man`: the shell completion script and the
//! manual page, both made from the same clap definition as `--help`.

use std::process::ExitCode;

/// Arguments of `halong completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArguments {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints the completion script for a shell on standard output.
pub fn run(arguments: CompletionsArguments) -> ExitCode {
    let mut command = super::command();
    clap_complete::generate(
        arguments.shell,
        &mut command,
        "halong",
        &mut std::io::stdout(),
    );
    ExitCode::SUCCESS
}

/// Prints the manual page (roff) on standard output.
pub fn man() -> ExitCode {
    let page = clap_mangen::Man::new(super::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the manual page: {error}");
            ExitCode::FAILURE
        }
    }
}
