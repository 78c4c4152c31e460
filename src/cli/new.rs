//! `halong new zone|park|cluster|project|news <slug>`: start a record with every field
//! present and commented, and a prose file per language. Never overwrites a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::RootArgument;
use crate::content::model::Kind;
use crate::content::validate::fact_keys;
use crate::i18n::{is_slug, slugify};

/// What to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// An economic zone.
    Zone,
    /// An industrial park.
    Park,
    /// An industrial cluster.
    Cluster,
    /// A key project.
    Project,
    /// A news item.
    News,
}

/// Arguments of `halong new`.
#[derive(Debug, clap::Args)]
pub struct NewArguments {
    #[command(flatten)]
    root: RootArgument,
    /// What to create.
    #[arg(value_enum)]
    what: What,
    /// The slug: lower-case ASCII letters, digits and `-` (e.g. song-khoai).
    slug: String,
}

/// The files `new` writes: (path relative to the root, text).
pub fn scaffold(what: What, slug: &str, languages: &[String]) -> Vec<(PathBuf, String)> {
    let kind = match what {
        What::Zone => Some(Kind::Zone),
        What::Park => Some(Kind::Park),
        What::Cluster => Some(Kind::Cluster),
        What::Project => Some(Kind::Project),
        What::News => None,
    };
    let mut files = Vec::new();
    match kind {
        Some(kind) => {
            let folder = Path::new("content").join(kind.folder());
            files.push((
                folder.join(format!("{slug}.yaml")),
                facts_file(kind, languages),
            ));
            for language in languages {
                let text = "---\nsummary: \n---\n\n".to_string();
                files.push((folder.join(format!("{slug}.{language}.md")), text));
            }
        }
        None => {
            for language in languages {
                let text = "---\ntitle: \ndate: 2026-01-01\nsummary: \n# source: <id from content/sources.yaml>\ndraft: true\n---\n\n".to_string();
                files.push((
                    Path::new("content/news").join(format!("{slug}.{language}.md")),
                    text,
                ));
            }
        }
    }
    files
}

fn localized(languages: &[String]) -> String {
    let pairs: Vec<String> = languages
        .iter()
        .map(|language| format!("{language}: "))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

fn facts_file(kind: Kind, languages: &[String]) -> String {
    let mut out = String::new();
    let text = localized(languages);
    let _ = writeln!(
        out,
        "# Facts of one {}. Every line is optional except `name`.",
        crate::content::validate::kind_word(kind)
    );
    let _ = writeln!(
        out,
        "# Leave a figure out rather than guess it: the site shows \"not published\"."
    );
    let _ = writeln!(out, "name: {text}");
    let _ = writeln!(out, "# short_name: {text}   # used in tables and charts");
    let _ = writeln!(out, "# aliases: [Other name]   # names people search for");
    let _ = writeln!(
        out,
        "# status: operating   # operating | under_construction | planned"
    );
    if kind == Kind::Zone {
        let _ = writeln!(out, "# kind: coastal   # coastal | border_gate");
    }
    if matches!(kind, Kind::Park | Kind::Cluster) {
        let _ = writeln!(out, "# zone: <zone slug>   # the economic zone it lies in");
        let _ = writeln!(out, "# developer: Company name");
    }
    if kind == Kind::Park {
        let _ = writeln!(
            out,
            "# projects: [<project slug>]   # key projects in content/projects/"
        );
        let _ = writeln!(
            out,
            "# tenants: [{{name: Company, source: <id>, as_of: 2025-01-01}}]"
        );
    }
    if kind == Kind::Project {
        let _ = writeln!(out, "# investor: Company name");
        let _ = writeln!(out, "# origin: {text}   # the investor's country");
    }
    let _ = writeln!(
        out,
        "# sectors: [<sector slug>]   # from content/sectors.yaml"
    );
    let _ = writeln!(out, "# address:");
    let _ = writeln!(out, "#   before_2025: {text}");
    let _ = writeln!(out, "#   after_2025: {text}");
    let _ = writeln!(
        out,
        "# coordinates: {{lat: 21.0, lon: 107.0, source: <id>}}   # only from a cited dataset"
    );
    let _ = writeln!(
        out,
        "# contact: {{phone: ..., email: ..., website: https://..., source: <id>}}"
    );
    let _ = writeln!(out, "# facts: each is {{value: 123.4, unit: ha, source: <id>, as_of: YYYY-MM-DD}} or a list of them");
    let _ = writeln!(out, "facts:");
    for key in fact_keys(kind) {
        let _ = writeln!(out, "  # {key}: {{value: , unit: , source: , as_of: }}");
    }
    out
}

/// Runs `new`.
pub fn run(arguments: NewArguments) -> ExitCode {
    let root = arguments.root.root;
    if !is_slug(&arguments.slug) {
        eprintln!("error: `{}` is not a valid slug", arguments.slug);
        eprintln!(
            "help: use lower-case ASCII letters, digits and `-`, e.g. `{}`",
            slugify(&arguments.slug)
        );
        return ExitCode::FAILURE;
    }
    // Without this, `new` run in the wrong folder would start a `content/` there.
    if !root.join("site.yaml").is_file() {
        eprintln!(
            "error: {} is not a portal folder (it has no site.yaml); nothing was written",
            display_folder(&root)
        );
        eprintln!(
            "help: run `halong new` in the portal's folder (the one with site.yaml), or pass \
             it with --root; `halong init DIR` starts a new portal"
        );
        return ExitCode::FAILURE;
    }
    let (_, _, site) = crate::check(&root, &crate::Options::default());
    let languages = site
        .map(|site| site.config.languages)
        .unwrap_or_else(|| vec!["vi".into(), "en".into()]);
    let files = scaffold(arguments.what, &arguments.slug, &languages);
    let existing: Vec<&PathBuf> = files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| root.join(path).exists())
        .collect();
    if !existing.is_empty() {
        for path in existing {
            eprintln!("error: {} already exists", path.display());
        }
        eprintln!("help: pick another slug or edit the existing files; nothing was written");
        return ExitCode::FAILURE;
    }
    for (path, text) in &files {
        let target = root.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, text));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", target.display());
            return ExitCode::FAILURE;
        }
        println!("created {}", path.display());
    }
    println!("next: fill in the name and facts, write the prose, then run `halong check`");
    ExitCode::SUCCESS
}

/// `root` as the user knows it: the current folder's full path rather than `.`.
fn display_folder(root: &Path) -> String {
    let shown = if root.as_os_str().is_empty() || root == Path::new(".") {
        std::env::current_dir().unwrap_or_else(|_| root.to_path_buf())
    } else {
        root.to_path_buf()
    };
    crate::diagnostics::display_path(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_park_lists_every_fact_and_both_languages() {
        let languages = vec!["vi".to_string(), "en".to_string()];
        let files = scaffold(What::Park, "song-khoai", &languages);
        let paths: Vec<String> = files
            .iter()
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "content/parks/song-khoai.yaml",
                "content/parks/song-khoai.vi.md",
                "content/parks/song-khoai.en.md"
            ]
        );
        for key in fact_keys(Kind::Park) {
            assert!(files[0].1.contains(&format!("# {key}:")), "{key} missing");
        }
    }
}
