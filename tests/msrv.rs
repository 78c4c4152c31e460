//! The Rust version `Cargo.toml` declares (`rust-version`) is true of the lock: no
//! locked package built for this machine declares a newer one. CI has one toolchain
//! and cannot build on the declared version itself, so this reads the lock's metadata
//! (`cargo metadata --locked --filter-platform <host>`: packages only other platforms
//! build, such as `wasip2`, are left out). Our own code is held to the same version
//! by clippy's `incompatible_msrv` lint (`cargo clippy -- -D warnings` in `.ci/run`).

use std::process::Command;

/// `1.89` or `1.89.0` as numbers (a missing patch is 0).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|part| part.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The host's target triple, as rustc reports it.
fn host() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

#[test]
fn no_locked_package_built_here_needs_a_newer_rust_than_declared() {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|package| package["name"] == "halong")
        .and_then(|package| package["rust_version"].as_str())
        .expect("Cargo.toml declares rust-version");
    // Only what the resolve for this host holds (--filter-platform already trims it).
    let resolved: Vec<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|node| node["id"].as_str())
        .collect();
    let mut too_new: Vec<String> = packages
        .iter()
        .filter(|package| resolved.contains(&package["id"].as_str().unwrap_or("")))
        .filter_map(|package| {
            let needs = package["rust_version"].as_str()?;
            (version(needs) > version(ours)).then(|| {
                format!(
                    "{} {} needs Rust {needs}",
                    package["name"].as_str().unwrap_or("?"),
                    package["version"].as_str().unwrap_or("?")
                )
            })
        })
        .collect();
    too_new.sort();
    assert!(
        too_new.is_empty(),
        "Cargo.toml declares rust-version {ours}, but the lock holds:\n  {}\n\
         Either `cargo update -p NAME --precise VERSION` to one that builds on {ours} (the \
         resolver is MSRV-aware, so a plain `cargo update` keeps to it), or raise \
         rust-version in Cargo.toml and the README together.",
        too_new.join("\n  ")
    );
}

#[test]
fn versions_compare_as_numbers() {
    assert!(version("1.91") > version("1.89"));
    assert!(version("1.100") > version("1.91"));
    assert!(version("1.89.0") == version("1.89"));
    assert!(version("1.88.1") < version("1.89"));
}
