//! Lists the files `halong init` embeds, so the lists follow the repository by
//! themselves: the default theme (`templates/`, `static/`), the neutral starter
//! (`site.yaml` and `content/` in `src/cli/starter/`) and the bundled portal (`site.yaml`, `schema.yaml` if there is
//! one, `content/`) that `init --example` writes. Writes `$OUT_DIR/embedded.rs` with one
//! `include_bytes!` per file, in path order, and asks Cargo to run again when any of
//! those folders changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let mut out = String::new();
    let lists: [(&str, &str, &[&str]); 3] = [
        ("THEME", "", &["templates", "static"]),
        ("STARTER", "src/cli/starter", &["site.yaml", "content"]),
        ("EXAMPLE", "", &["site.yaml", "schema.yaml", "content"]),
    ];
    for (name, base, entries) in lists {
        let base = root.join(base);
        let mut files = Vec::new();
        for entry in entries {
            let path = base.join(entry);
            // Cargo would run this again on every build for a path that does not exist.
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            collect(&path, &mut files);
        }
        files.sort();
        let _ = writeln!(
            out,
            "/// Files of the {name} list: (path in the portal, bytes)."
        );
        let _ = writeln!(out, "pub const {name}: &[(&str, &[u8])] = &[");
        for file in files {
            let relative = file
                .strip_prefix(&base)
                .expect("under its base")
                .components()
                .filter_map(|part| match part {
                    std::path::Component::Normal(part) => part.to_str(),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("/");
            let _ = writeln!(
                out,
                "    ({relative:?}, include_bytes!({:?})),",
                file.display().to_string()
            );
        }
        let _ = writeln!(out, "];");
    }
    let target =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("set by Cargo")).join("embedded.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

/// Every file at or under `path` that a portal keeps (not editor droppings or hidden
/// files, except `.gitignore`). A missing path adds nothing.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dropping = (name.starts_with('.') && name != ".gitignore")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp");
    if dropping {
        return;
    }
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    }
}
