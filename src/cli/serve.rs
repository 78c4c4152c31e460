//! `halong serve`: build into a temporary folder and serve it on this machine.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{print_diagnostics, RootArgument};
use crate::Options;

/// Arguments of `halong serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArguments {
    #[command(flatten)]
    root: RootArgument,
    /// Port to listen on.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on (127.0.0.1 keeps the preview on this machine).
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Where to build (default: public/ in the portal's folder).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Include news marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Builds, then serves until interrupted.
pub fn run(arguments: ServeArguments) -> ExitCode {
    let root = arguments.root.root;
    let output = arguments
        .output
        .unwrap_or_else(|| crate::default_output(&root));
    let host = if arguments.bind == "0.0.0.0" {
        "127.0.0.1".to_string()
    } else {
        arguments.bind.clone()
    };
    let base_url = format!("http://{host}:{}/", arguments.port);
    let options = Options {
        base_url: Some(base_url.clone()),
        drafts: arguments.drafts,
    };
    match crate::build(&root, &output, &options) {
        Ok(report) => print_diagnostics(&report.warnings, &crate::SourceTexts::new()),
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, &failure.texts);
            if !output.join("index.html").exists() {
                eprintln!("build failed and there is no earlier build to serve");
                return ExitCode::FAILURE;
            }
            eprintln!("build failed; serving the last good build");
        }
    }
    match crate::serve::Server::bind(&arguments.bind, arguments.port, &output) {
        Ok(server) => {
            println!("serving {} at {base_url}", output.display());
            println!("press Ctrl+C to stop");
            server.run();
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                arguments.bind, arguments.port
            );
            eprintln!("help: pass another port with --port");
            ExitCode::FAILURE
        }
    }
}
