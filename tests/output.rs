//! The output folder is replaced as a whole, so halong must never be pointed at
//! someone's work: the site, its sources, a folder that contains them, or a folder it
//! did not make (unless forced). Each test runs the real binary, as a user would, and
//! checks what is left on disk.

mod common;

use std::path::Path;

use common::{cli_build, halong, read_dir_files, SiteTest};
use halong::output::MARKER;

/// A site on disk, with a `.git` folder like a real portal, in `<tmp>/site`.
fn site_on_disk() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    SiteTest::new().write_to(&root);
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    (dir, root)
}

fn build_forced(root: &Path, output: &Path) -> common::Run {
    halong(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--force",
    ])
}

#[test]
fn an_output_pointed_at_the_site_its_sources_or_its_parent_is_refused_and_nothing_is_lost() {
    let (dir, root) = site_on_disk();
    std::fs::write(dir.path().join("other-project.txt"), "someone's work").unwrap();
    let everything_before = read_dir_files(dir.path());
    for (output, says) in [
        (root.clone(), "is the site's own folder"),
        (
            root.join("content"),
            "lies inside the site's `content/` folder",
        ),
        (
            root.join("templates"),
            "lies inside the site's `templates/` folder",
        ),
        (
            root.join("static/preview"),
            "lies inside the site's `static/` folder",
        ),
        (dir.path().to_path_buf(), "contains the site"),
        (root.join("content/../.."), "contains the site"),
    ] {
        for run in [
            cli_build(&root, &output, None),
            build_forced(&root, &output),
        ] {
            assert_eq!(
                run.status.code(),
                Some(1),
                "{}: {}",
                output.display(),
                run.stderr
            );
            assert!(
                run.stderr.contains("error[E0902]") && run.stderr.contains(says),
                "{}: {}",
                output.display(),
                run.stderr
            );
            assert!(
                run.stderr.contains("= help: pass a folder of its own"),
                "{}",
                run.stderr
            );
            assert!(!run.stderr.contains(":1:1"), "{}", run.stderr);
            assert!(!run.stdout.contains("built "), "{}", run.stdout);
        }
    }
    assert!(
        read_dir_files(dir.path()) == everything_before,
        "a refused build changed files"
    );
    for kept in ["site.yaml", "content/parks/park-alpha.yaml", ".git/HEAD"] {
        assert!(root.join(kept).is_file(), "{kept} is gone");
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_the_site_is_seen_for_what_it_is() {
    let (dir, root) = site_on_disk();
    let link = dir.path().join("looks-new");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let before = read_dir_files(&root);
    let run = build_forced(&root, &link);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("error[E0902]"), "{}", run.stderr);
    assert!(read_dir_files(&root) == before, "the site changed");
}

#[test]
fn a_folder_halong_did_not_make_is_replaced_only_with_force() {
    let (dir, root) = site_on_disk();
    let output = dir.path().join("www");
    std::fs::create_dir_all(output.join("photos")).unwrap();
    std::fs::write(output.join("photos/board.jpg"), "a photo").unwrap();

    let run = cli_build(&root, &output, None);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("error[E0903]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is not empty and was not made by halong"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!run.stderr.contains(":1:1"), "{}", run.stderr);
    assert!(run.stderr.contains("was left as it was"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(output.join("photos/board.jpg")).unwrap(),
        "a photo"
    );
    assert!(!output.join("index.html").exists());

    let run = build_forced(&root, &output);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        !output.join("photos").exists(),
        "--force replaces the folder"
    );
    assert!(output.join("vi/parks/park-alpha/index.html").is_file());
    assert!(output.join(MARKER).is_file());
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["site", "www"],
        "the replaced folder left something"
    );
}

#[test]
fn every_output_is_marked_and_a_marked_or_empty_folder_is_rebuilt_without_force() {
    let (dir, root) = site_on_disk();
    let output = dir.path().join("public");
    std::fs::create_dir(&output).unwrap();
    let run = cli_build(&root, &output, None);
    assert!(
        run.status.success(),
        "an empty folder is fine: {}",
        run.stderr
    );
    let marker = std::fs::read_to_string(output.join(MARKER)).unwrap();
    assert!(marker.starts_with("made by halong"), "{marker}");
    let sitemap = std::fs::read_to_string(output.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(MARKER), "the marker is not a page");

    std::fs::write(output.join("stray.html"), "left by hand").unwrap();
    let run = cli_build(&root, &output, None);
    assert!(run.status.success(), "halong's own output: {}", run.stderr);
    assert!(!output.join("stray.html").exists());
    assert!(output.join(MARKER).is_file());
}

#[test]
fn a_stale_staging_folder_does_not_survive_the_next_build() {
    let (dir, root) = site_on_disk();
    let output = dir.path().join("public");
    assert!(cli_build(&root, &output, None).status.success());
    // What a build killed half-way leaves: its staging folder, marked, half written.
    let staging = dir.path().join(".public.halong-staging");
    std::fs::create_dir_all(staging.join("vi/parks")).unwrap();
    std::fs::copy(output.join(MARKER), staging.join(MARKER)).unwrap();
    std::fs::write(staging.join("vi/parks/half.html"), "<p>half").unwrap();

    let run = cli_build(&root, &output, None);
    assert!(run.status.success(), "{}", run.stderr);
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["public", "site"], "a staging folder was left");
    assert!(!output.join("vi/parks/half.html").exists());

    // A folder of that name that halong did not make is never removed.
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("notes.txt"), "mine").unwrap();
    let run = cli_build(&root, &output, None);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("was not made by halong"),
        "{}",
        run.stderr
    );
    assert!(staging.join("notes.txt").is_file());
}

#[test]
fn serve_refuses_the_same_folders_before_it_listens() {
    let (_dir, root) = site_on_disk();
    let before = read_dir_files(&root);
    let run = halong(&[
        "serve",
        "--root",
        root.to_str().unwrap(),
        "--output",
        root.join("content").to_str().unwrap(),
        "--port",
        "0",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("error[E0902]"), "{}", run.stderr);
    assert!(!run.stdout.contains("serving"), "{}", run.stdout);
    assert!(read_dir_files(&root) == before, "the site changed");
}

#[test]
fn new_outside_a_portal_refuses_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = halong(&[
        "new",
        "park",
        "song-khoai",
        "--root",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("no site.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("halong init"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // In a portal it still works.
    let (_site, root) = site_on_disk();
    let run = halong(&[
        "new",
        "park",
        "song-khoai",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(root.join("content/parks/song-khoai.yaml").is_file());
}

#[test]
fn init_writes_a_gitignore_for_the_output_and_the_folders_a_build_uses() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("portal");
    let run = halong(&["init", portal.to_str().unwrap()]);
    assert!(run.status.success(), "{}", run.stderr);
    let ignored = std::fs::read_to_string(portal.join(".gitignore")).unwrap();
    let run = halong(&["build", "--root", portal.to_str().unwrap()]);
    assert!(run.status.success(), "{}", run.stderr);
    // Every folder a build made beside the sources is ignored.
    for entry in std::fs::read_dir(&portal).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if ![
            "site.yaml",
            "schema.yaml",
            "content",
            "templates",
            "static",
            ".gitignore",
        ]
        .contains(&name.as_str())
        {
            assert!(
                ignored.lines().any(|line| line == format!("/{name}/")),
                "{name} is not in .gitignore:\n{ignored}"
            );
        }
    }
    for name in [
        "/public/",
        "/.public.halong-staging/",
        "/.public.halong-previous/",
    ] {
        assert!(
            ignored.lines().any(|line| line == name),
            "{name}:\n{ignored}"
        );
    }
}
