//! `halong init DIR`: a new portal from the default theme and a neutral starter (a
//! fictional province, one example record per kind, every field explained), both
//! embedded in the binary, that builds at once. `halong init DIR --example` writes the
//! bundled portal instead, as a worked example. Never writes into a non-empty folder.
//!
//! What is embedded is listed by `build.rs` from the repository itself (the theme in
//! `templates/` and `static/`, the starter in `src/cli/starter/`, the bundled portal's
//! `site.yaml` and `content/`), so neither copy can drift from its source.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::console::Console;

/// The embedded files: `THEME`, `STARTER` and `EXAMPLE`, each a list of (path in the
/// new portal, bytes).
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The new portal's `.gitignore`: the output and the folders a build uses beside it.
pub const GITIGNORE: &str = include_str!("starter/gitignore");

/// Arguments of `halong init`.
#[derive(Debug, clap::Args)]
pub struct InitArguments {
    /// The folder to create (must be empty or not exist).
    dir: PathBuf,
    /// Write the bundled portal (real sourced content, its own map outline) as a worked
    /// example, instead of the neutral starter.
    #[arg(long)]
    example: bool,
}

/// The files of a new portal: the theme, the starter content or the bundled portal's,
/// the fact schema (the built-in one, for the starter: staff add their own figures
/// there) and the `.gitignore`.
pub fn files(example: bool) -> Vec<(&'static str, &'static [u8])> {
    let content = if example {
        embedded::EXAMPLE
    } else {
        embedded::STARTER
    };
    let gitignore = (".gitignore", GITIGNORE.as_bytes());
    let schema = crate::content::schema::FILE;
    let default_schema = (!content.iter().any(|(path, _)| *path == schema))
        .then_some((schema, crate::content::schema::DEFAULT.as_bytes()));
    embedded::THEME
        .iter()
        .chain(content)
        .copied()
        .chain(default_schema)
        .chain([gitignore])
        .collect()
}

/// Runs `init`.
pub fn run(arguments: InitArguments, console: Console) -> ExitCode {
    let dir = arguments.dir;
    if dir
        .read_dir()
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false)
    {
        console.error(format!(
            "{} is not empty; nothing was written",
            dir.display()
        ));
        console.help("pick a new folder name; init never overwrites files");
        return ExitCode::FAILURE;
    }
    for (path, bytes) in files(arguments.example) {
        let target = dir.join(Path::new(path));
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes));
        if let Err(error) = written {
            console.error(format!("cannot write {}: {error}", target.display()));
            return ExitCode::FAILURE;
        }
    }
    if arguments.example {
        console.result(
            "created",
            format!("the example portal in {}", dir.display()),
        );
    } else {
        console.result(
            "created",
            format!(
                "a new portal in {} (its content is a fictional example to replace)",
                dir.display()
            ),
        );
    }
    console.result("next:", format!("cd {} && halong serve", dir.display()));
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(files: &[(&str, &[u8])]) -> crate::output::Memory {
        // What `load` reads: not the fonts (binary) nor the `.gitignore`.
        let texts: Vec<(&str, &str)> = files
            .iter()
            .filter(|(path, _)| !path.starts_with("static/fonts/") && *path != ".gitignore")
            .map(|(path, bytes)| (*path, std::str::from_utf8(bytes).unwrap()))
            .collect();
        let input = crate::Input::from_files(texts);
        let sink = crate::output::Memory::default();
        let report = crate::build_into(&input, &crate::Options::default(), &sink)
            .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        sink
    }

    /// Every theme file in the repository is embedded, so `init` never ships a theme
    /// that is missing a template the code expects.
    #[test]
    fn every_theme_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["templates", "static"] {
            for entry in walkdir::WalkDir::new(root.join(folder)) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let relative = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    assert!(
                        files(false).iter().any(|(path, _)| *path == relative),
                        "{relative} is not embedded in `halong init`"
                    );
                }
            }
        }
    }

    #[test]
    fn the_starter_portal_builds_without_errors_or_warnings() {
        let files = build(&files(false)).into_files();
        assert!(
            files.contains_key("vi/parks/example-park/index.html")
                && files.contains_key("en/zones/example-zone/index.html")
                && files.contains_key("en/clusters/example-cluster/index.html")
                && files.contains_key("en/projects/example-project/index.html")
        );
    }

    #[test]
    fn both_write_the_schema_they_are_built_with() {
        for example in [false, true] {
            let files = files(example);
            let schemas: Vec<&[u8]> = files
                .iter()
                .filter(|(path, _)| *path == "schema.yaml")
                .map(|(_, bytes)| *bytes)
                .collect();
            assert_eq!(
                schemas,
                [crate::content::schema::DEFAULT.as_bytes()],
                "example: {example}"
            );
        }
    }

    #[test]
    fn the_example_is_the_bundled_portal() {
        let example = files(true);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (path, bytes) in &example {
            let theme = path.starts_with("templates/") || path.starts_with("static/");
            if !theme && *path != ".gitignore" {
                assert_eq!(
                    std::fs::read(root.join(path)).unwrap(),
                    *bytes,
                    "{path} is the repository's own"
                );
            }
        }
        let files = build(&example).into_files();
        assert!(
            files.contains_key("vi/parks/cai-lan/index.html")
                && files.contains_key("en/zones/quang-yen/index.html")
        );
    }
}
