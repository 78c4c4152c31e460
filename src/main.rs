//! The `halong` command: parse arguments, run the library, map the outcome to an exit code.

// mimalloc returns freed memory and shares it between rendering threads; with the
// system allocator a 20,000-page build peaked at twice the memory (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Set before the first map is made, as ahash requires; if it were refused, ahash
    // would keep its own source, which is as good, only shared.
    let _ = ahash::random_state::set_random_source(SeedPerThread);
    halong::cli::run()
}

/// The seeds of the hash maps Tera makes for every value of every page. ahash's own
/// source is one atomic counter for the whole process, and with a thread rendering on
/// each core its cache line moved between them at every map (1.2 % of a 10,000-park
/// build's CPU samples; this took 1.9 % off its wall time, docs/performance.md). This
/// is the same counter (advanced by an address, as ahash's is), kept per thread;
/// ahash still mixes each seed with its random keys.
struct SeedPerThread;

impl ahash::random_state::RandomSource for SeedPerThread {
    fn gen_hasher_seed(&self) -> usize {
        thread_local! {
            static COUNTER: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        COUNTER.with(|counter| {
            let seed = counter
                .get()
                .wrapping_add(std::ptr::from_ref(counter) as usize);
            counter.set(seed);
            seed
        })
    }
}
