//! `halong new zone|park|cluster|project|news <slug>`: start a record with every field
//! present and commented, and a prose file per language. Never overwrites a file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::console::Console;
use super::RootArgument;
use crate::content::model::Kind;
use crate::content::schema::{Schema, ValueType};
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
    /// The slug: lower-case ASCII letters, digits and `-` (e.g. song-xanh).
    slug: String,
}

/// The files `new` writes: (path relative to the root, text), the facts file from the
/// portal's schema. A news item is dated `today` (YYYY-MM-DD).
pub fn scaffold(
    what: What,
    slug: &str,
    languages: &[String],
    schema: &Schema,
    today: &str,
) -> Vec<(PathBuf, String)> {
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
                facts_file(kind, languages, schema),
            ));
            for language in languages {
                let text = "---\nsummary: \n---\n\n".to_string();
                files.push((folder.join(format!("{slug}.{language}.md")), text));
            }
        }
        None => {
            for language in languages {
                let text = format!(
                    "---\n\
                     title: \n\
                     date: {today}   # the day it happened: the same in every language\n\
                     summary:    # one sentence, shown in lists and the feed\n\
                     # source: <id from content/sources.yaml>\n\
                     draft: true   # delete this line to publish\n\
                     ---\n\n"
                );
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

fn facts_file(kind: Kind, languages: &[String], schema: &Schema) -> String {
    let mut out = String::new();
    let text = localized(languages);
    let _ = writeln!(
        out,
        "# Facts of one {}. Every line is optional except `name`.",
        kind.word()
    );
    let _ = writeln!(
        out,
        "# Leave a figure out rather than guess it: the site shows \"not published\"."
    );
    let _ = writeln!(out, "name: {text}");
    let _ = writeln!(out, "# short_name: {text}   # used in tables and charts");
    let _ = writeln!(out, "# aliases: [Other name]   # names people search for");
    let statuses: Vec<&str> = schema
        .statuses
        .iter()
        .map(|status| status.term.key.as_str())
        .collect();
    if let Some(first) = statuses.first() {
        let _ = writeln!(out, "# status: {first}   # {}", statuses.join(" | "));
    }
    let kinds: Vec<&str> = schema
        .of(kind)
        .kinds
        .iter()
        .map(|term| term.key.as_str())
        .collect();
    if let Some(first) = kinds.first() {
        let _ = writeln!(out, "# kind: {first}   # {}", kinds.join(" | "));
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
        "# coordinates: {{lat: , lon: , precision: commune, source: <id>, as_of: YYYY}}   # degrees north and east; precision: published, nearby, bounds, commune or coarse"
    );
    let _ = writeln!(
        out,
        "# contact: {{name: {text}, phone: ..., email: ..., website: https://..., source: <id>, as_of: YYYY-MM-DD}}   # or the id of an office in content/contacts.yaml"
    );
    let _ = writeln!(out, "# facts: each is {{value: 123.4, unit: ha, source: <id>, as_of: YYYY-MM-DD}} or a list of them");
    let _ = writeln!(
        out,
        "# (the facts, their units and labels are declared in schema.yaml)"
    );
    let _ = writeln!(out, "facts:");
    let label_language = languages
        .iter()
        .find(|code| *code == "en")
        .or(languages.first());
    for fact in &schema.of(kind).facts {
        let key = &fact.key;
        let value = if fact.takes(ValueType::Number) || fact.takes(ValueType::Range) {
            ""
        } else if fact.takes(ValueType::Text) {
            text.as_str()
        } else {
            "YYYY-MM-DD"
        };
        let unit = match fact.units.as_slice() {
            [] => String::new(),
            [first, ..] => format!(" unit: {first},"),
        };
        let year = if fact.target { " year: ," } else { "" };
        let label = label_language.map_or("", |code| fact.label.show(code));
        let units = if fact.units.len() > 1 {
            format!(" ({})", fact.units.join(", "))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  # {key}: {{value: {value},{unit}{year} source: , as_of: }}   # {label}{units}"
        );
    }
    out
}

/// Runs `new`.
pub fn run(arguments: NewArguments, console: Console) -> ExitCode {
    let root = arguments.root.root;
    if !is_slug(&arguments.slug) {
        console.error(format!("`{}` is not a valid slug", arguments.slug));
        console.help(format!(
            "use lower-case ASCII letters, digits and `-`, e.g. `{}`",
            slugify(&arguments.slug)
        ));
        return ExitCode::FAILURE;
    }
    // Without this, `new` run in the wrong folder would start a `content/` there.
    if !root.join("site.yaml").is_file() {
        console.error(format!(
            "{} is not a portal folder (it has no site.yaml); nothing was written",
            display_folder(&root)
        ));
        console.help(
            "run `halong new` in the portal's folder (the one with site.yaml), or pass \
             it with --root; `halong init DIR` starts a new portal",
        );
        return ExitCode::FAILURE;
    }
    let (languages, schema) = crate::portal_schema(&root);
    let files = scaffold(
        arguments.what,
        &arguments.slug,
        &languages,
        &schema,
        &super::today(),
    );
    let existing: Vec<&PathBuf> = files
        .iter()
        .map(|(path, _)| path)
        .filter(|path| root.join(path).exists())
        .collect();
    if !existing.is_empty() {
        for path in existing {
            console.error(format!("{} already exists", display_path(path)));
        }
        console.help("pick another slug or edit the existing files; nothing was written");
        return ExitCode::FAILURE;
    }
    for (path, text) in &files {
        let target = root.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, text));
        if let Err(error) = written {
            console.error(format!("cannot write {}: {error}", target.display()));
            return ExitCode::FAILURE;
        }
        console.result("created", display_path(path));
    }
    let next = match arguments.what {
        What::News => {
            "in each language's file write the title, a one-sentence summary and the text; \
             cite the source (an id from content/sources.yaml) and check the date; \
             `halong serve --drafts` shows it, and deleting `draft: true` publishes it"
        }
        _ => "fill in the name and facts, write the prose, then run `halong check`",
    };
    console.result("next:", next);
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

fn display_path(path: &Path) -> String {
    crate::diagnostics::display_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_park_lists_every_fact_and_both_languages() {
        let languages = vec!["vi".to_string(), "en".to_string()];
        let schema = crate::content::schema::read(None, &languages, &mut Vec::new());
        let files = scaffold(What::Park, "song-khoai", &languages, &schema, "2026-01-02");
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
        for fact in &schema.of(Kind::Park).facts {
            let key = &fact.key;
            assert!(files[0].1.contains(&format!("# {key}:")), "{key} missing");
        }
        assert!(files[0].1.contains(
            "# total_area: {value: , unit: ha, source: , as_of: }   # Total area (ha, km2, m2)"
        ));
    }

    #[test]
    fn a_news_item_is_a_dated_draft_in_each_language() {
        let languages = vec!["vi".to_string(), "en".to_string()];
        let schema = crate::content::schema::read(None, &languages, &mut Vec::new());
        let files = scaffold(What::News, "port-opens", &languages, &schema, "2026-03-04");
        assert_eq!(files.len(), 2);
        for (path, text) in &files {
            assert!(path.starts_with("content/news"), "{}", path.display());
            assert!(text.contains("\ndate: 2026-03-04 "), "{text}");
            assert!(text.contains("\ndraft: true"), "{text}");
            assert!(!text.contains("facts"), "{text}");
        }
    }
}
