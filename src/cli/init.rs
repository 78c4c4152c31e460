//! `halong init DIR`: a new portal from the default theme and a small sample, both
//! embedded in the binary, that builds at once. Never writes into a non-empty folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Files embedded from the repository: the theme as it is, and the starter content.
macro_rules! embed {
    ($($path:literal => $source:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $source)) as &[u8])),*]
    };
}

/// (path in the new portal, bytes).
pub const FILES: &[(&str, &[u8])] = embed! {
    "site.yaml" => "src/cli/starter/site.yaml",
    "content/sources.yaml" => "src/cli/starter/content/sources.yaml",
    "content/sectors.yaml" => "src/cli/starter/content/sectors.yaml",
    "content/province.yaml" => "src/cli/starter/content/province.yaml",
    "content/zones/quang-yen.yaml" => "src/cli/starter/content/zones/quang-yen.yaml",
    "content/zones/quang-yen.vi.md" => "src/cli/starter/content/zones/quang-yen.vi.md",
    "content/zones/quang-yen.en.md" => "src/cli/starter/content/zones/quang-yen.en.md",
    "content/parks/cai-lan.yaml" => "src/cli/starter/content/parks/cai-lan.yaml",
    "content/parks/cai-lan.vi.md" => "src/cli/starter/content/parks/cai-lan.vi.md",
    "content/parks/cai-lan.en.md" => "src/cli/starter/content/parks/cai-lan.en.md",
    "content/pages/about.vi.md" => "src/cli/starter/content/pages/about.vi.md",
    "content/pages/about.en.md" => "src/cli/starter/content/pages/about.en.md",
    "templates/404.html" => "templates/404.html",
    "templates/article.html" => "templates/article.html",
    "templates/base.html" => "templates/base.html",
    "templates/chooser.html" => "templates/chooser.html",
    "templates/compare.html" => "templates/compare.html",
    "templates/components.html" => "templates/components.html",
    "templates/home.html" => "templates/home.html",
    "templates/list.html" => "templates/list.html",
    "templates/news_list.html" => "templates/news_list.html",
    "templates/page.html" => "templates/page.html",
    "templates/record.html" => "templates/record.html",
    "templates/search.html" => "templates/search.html",
    "templates/sources.html" => "templates/sources.html",
    "templates/partials/charts.html" => "templates/partials/charts.html",
    "templates/partials/facts.html" => "templates/partials/facts.html",
    "templates/partials/news_items.html" => "templates/partials/news_items.html",
    "templates/partials/record_table.html" => "templates/partials/record_table.html",
    "templates/partials/untranslated.html" => "templates/partials/untranslated.html",
    "templates/i18n/vi.yaml" => "templates/i18n/vi.yaml",
    "templates/i18n/en.yaml" => "templates/i18n/en.yaml",
    "static/style.css" => "static/style.css",
    "static/compare.js" => "static/compare.js",
    "static/favicon.svg" => "static/favicon.svg",
    "static/search.js" => "static/search.js",
    "static/fonts/BeVietnamPro-Regular.ttf" => "static/fonts/BeVietnamPro-Regular.ttf",
    "static/fonts/BeVietnamPro-Regular.woff2" => "static/fonts/BeVietnamPro-Regular.woff2",
    "static/fonts/OFL-BeVietnamPro.txt" => "static/fonts/OFL-BeVietnamPro.txt",
    "static/fonts/README.md" => "static/fonts/README.md",
};

/// The new portal's `.gitignore`: the output and the folders a build uses beside it.
pub const GITIGNORE: &str = include_str!("starter/gitignore");

/// Arguments of `halong init`.
#[derive(Debug, clap::Args)]
pub struct InitArguments {
    /// The folder to create (must be empty or not exist).
    dir: PathBuf,
}

/// Runs `init`.
pub fn run(arguments: InitArguments) -> ExitCode {
    let dir = arguments.dir;
    if dir
        .read_dir()
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false)
    {
        eprintln!("error: {} is not empty", dir.display());
        eprintln!("help: pick a new folder name; init never overwrites files");
        return ExitCode::FAILURE;
    }
    let gitignore = [(".gitignore", GITIGNORE.as_bytes())];
    for (path, bytes) in FILES.iter().chain(&gitignore) {
        let target = dir.join(Path::new(path));
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, bytes));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", target.display());
            return ExitCode::FAILURE;
        }
    }
    println!("created a new portal in {}", dir.display());
    println!("next: cd {} && halong serve", dir.display());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

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
                        FILES.iter().any(|(path, _)| *path == relative),
                        "{relative} is not embedded in `halong init`"
                    );
                }
            }
        }
    }

    #[test]
    fn the_starter_portal_builds_without_errors_or_warnings() {
        let files: Vec<(&str, &str)> = FILES
            .iter()
            .filter(|(path, _)| !path.starts_with("static/fonts/"))
            .map(|(path, bytes)| (*path, std::str::from_utf8(bytes).unwrap()))
            .collect();
        let input = crate::Input::from_files(files);
        let sink = crate::output::Memory::default();
        let report = crate::build_into(&input, &crate::Options::default(), &sink)
            .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        let files = sink.into_files();
        assert!(
            files.contains_key("vi/parks/cai-lan/index.html")
                && files.contains_key("en/zones/quang-yen/index.html")
        );
    }
}
