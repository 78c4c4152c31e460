//! The stages import forward only (`STYLE.md`): settings and UI strings know nothing of
//! validation or the model, and content knows nothing of what is derived from it. A
//! backward import is how a stage starts depending on the one after it.

use std::path::Path;

/// Every `.rs` file under `folder` (or `folder` itself when it is a file), with its text.
fn sources(folder: &Path) -> Vec<(String, String)> {
    if folder.is_file() {
        return vec![(
            folder.display().to_string(),
            std::fs::read_to_string(folder).unwrap(),
        )];
    }
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.display().to_string(), text));
            }
        }
    }
    files
}

#[test]
fn stages_import_forward_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // (module, what it must not use)
    let rules = [
        ("config.rs", "content::validate"),
        ("config.rs", "content::model"),
        ("i18n.rs", "content::model"),
        ("i18n.rs", "content::validate"),
        ("content", "crate::derive"),
        ("content", "crate::render"),
        ("content", "crate::output"),
    ];
    let mut broken = Vec::new();
    for (module, forbidden) in rules {
        for (file, text) in sources(&src.join(module)) {
            for (number, line) in text.lines().enumerate() {
                if line.contains(forbidden) && !line.trim_start().starts_with("//") {
                    broken.push(format!("{file}:{}: uses {forbidden}", number + 1));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "backward imports:\n{}",
        broken.join("\n")
    );
}
