//! The `halong` command: parse arguments, run the library, map the outcome to an exit code.

// mimalloc returns freed memory and shares it between rendering threads; with the
// system allocator a 20,000-page build peaked at twice the memory (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    halong::cli::run()
}
