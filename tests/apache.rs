//! The `.htaccess` halong writes (`options.host_files: [apache]`), proven on a real
//! Apache: a server with nothing but the modules it needs and `AllowOverride` for the
//! site's folder (what docs/deploy.md asks of a host) serves a fresh build of the
//! bundled portal, at the root and under `/portal/`, and must pass the same checks as
//! the guide's nginx configuration (tests/nginx.rs): every link, the type and charset
//! of each file, caching, compression, the 404 page of each language, redirects.
//!
//! Apache must be installed (`apt-get install -y apache2`; `.ci/run` does it). Set
//! `HALONG_SKIP_APACHE_TEST=1` to skip this test on a machine without it, or
//! `HALONG_APACHE=/path/to/apache2` to use another binary.

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::served::*;
use common::*;

fn apache_or_skip() -> Option<PathBuf> {
    if std::env::var_os("HALONG_SKIP_APACHE_TEST").is_some_and(|value| value != "0") {
        eprintln!("skipped: HALONG_SKIP_APACHE_TEST is set");
        return None;
    }
    if let Some(path) = std::env::var_os("HALONG_APACHE") {
        return Some(PathBuf::from(path));
    }
    let found = [
        "/usr/sbin/apache2",
        "/usr/sbin/httpd",
        "/usr/local/apache2/bin/httpd",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|path| path.is_file());
    match found {
        Some(path) => Some(path),
        None => panic!(
            "Apache is not installed, and this test serves the site's .htaccess with it.\n\
             Install it with `sudo apt-get install -y apache2` (Debian, Ubuntu; `.ci/run` does it),\n\
             or set HALONG_APACHE=/path/to/apache2, or HALONG_SKIP_APACHE_TEST=1 to skip this test."
        ),
    }
}

/// The folder of Apache's loadable modules.
fn modules() -> PathBuf {
    [
        "/usr/lib/apache2/modules",
        "/usr/lib64/httpd/modules",
        "/usr/lib/httpd/modules",
        "/usr/local/apache2/modules",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|path| path.join("mod_mime.so").is_file())
    .expect("Apache's modules (mod_mime.so)")
}

/// A running Apache, in one process; stopped (this process, by its id) when dropped.
struct Apache {
    child: Child,
    port: u16,
    _prefix: tempfile::TempDir,
}

impl Drop for Apache {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Makes `path` readable to every user: Apache started by root serves as `nobody`.
fn open_to_all(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walk(path) {
        let mode = if entry.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

fn walk(path: &Path) -> Vec<PathBuf> {
    let mut all = vec![path.to_path_buf()];
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            all.extend(walk(&entry.unwrap().path()));
        }
    }
    all
}

fn start_apache(binary: &Path, port: u16, document_root: &Path) -> Apache {
    let prefix_dir = tempfile::tempdir().unwrap();
    let prefix = prefix_dir.path();
    let modules = modules();
    let load: String = [
        ("mpm_event_module", "mod_mpm_event.so"),
        ("authz_core_module", "mod_authz_core.so"),
        ("dir_module", "mod_dir.so"),
        ("mime_module", "mod_mime.so"),
        ("headers_module", "mod_headers.so"),
        ("deflate_module", "mod_deflate.so"),
        ("filter_module", "mod_filter.so"),
        ("alias_module", "mod_alias.so"),
    ]
    .iter()
    .filter(|(_, file)| modules.join(file).is_file())
    .map(|(name, file)| format!("LoadModule {name} {}/{file}\n", modules.display()))
    .collect();
    let types = [
        "/etc/mime.types",
        "/etc/apache2/mime.types",
        "/etc/httpd/conf/mime.types",
    ]
    .into_iter()
    .find(|path| Path::new(path).is_file())
    .expect("a mime.types file");
    // Started by root, Apache serves as an unprivileged user (and needs one).
    let user = if is_root() {
        open_to_all(document_root);
        "User nobody\nGroup #65534\n"
    } else {
        ""
    };
    let config = format!(
        "ServerRoot {prefix}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\n{load}{user}\
         PidFile {prefix}/httpd.pid\nErrorLog {prefix}/error.log\nTypesConfig {types}\n\
         DirectoryIndex index.html\nDocumentRoot {root}\n\
         <Directory />\n  AllowOverride None\n  Require all denied\n</Directory>\n\
         # What docs/deploy.md asks of the host: let the site's .htaccess apply.\n\
         <Directory {root}>\n  AllowOverride FileInfo Indexes Options\n  Require all granted\n</Directory>\n",
        prefix = prefix.display(),
        root = document_root.display(),
    );
    let config_path = prefix.join("httpd.conf");
    std::fs::write(&config_path, config).unwrap();
    let child = Command::new(binary)
        .arg("-X")
        .arg("-f")
        .arg(&config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
    let mut apache = Apache {
        child,
        port,
        _prefix: prefix_dir,
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = apache.child.try_wait() {
            let log = std::fs::read_to_string(apache._prefix.path().join("error.log"))
                .unwrap_or_default();
            panic!("Apache exited ({status}):\n{log}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Apache did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    apache
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.stdout.trim_ascii() == b"0")
}

/// The bundled portal, asking for an `.htaccess`.
fn portal_with_htaccess(into: &Path) -> PathBuf {
    let site = into.join("site");
    for folder in ["content", "templates", "static"] {
        copy_tree(&repo().join(folder), &site.join(folder));
    }
    let settings = std::fs::read_to_string(repo().join("site.yaml")).unwrap();
    assert!(
        settings.contains("\noptions:\n"),
        "site.yaml has an options block"
    );
    std::fs::write(
        site.join("site.yaml"),
        settings.replace("\noptions:\n", "\noptions:\n  host_files: [apache]\n"),
    )
    .unwrap();
    site
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn apache_serves_the_site_by_the_htaccess_halong_writes() {
    let Some(binary) = apache_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = portal_with_htaccess(dir.path());
    let build = |base: &str, output: &Path| {
        let run = cli_build(&site, output, Some(base));
        assert!(run.status.success(), "halong build failed:\n{}", run.stderr);
        assert!(output.join(".htaccess").is_file());
    };

    let port = free_port();
    let output = dir.path().join("root");
    build(&format!("http://127.0.0.1:{port}/"), &output);
    let apache = start_apache(&binary, port, &output);
    check_site(apache.port, "/");
    drop(apache);

    let port = free_port();
    let www = dir.path().join("www");
    build(
        &format!("http://127.0.0.1:{port}/portal/"),
        &www.join("portal"),
    );
    let apache = start_apache(&binary, port, &www);
    check_site(apache.port, "/portal/");
    let response = get(port, "/portal", &[]);
    assert_eq!(response.status, 301);
    assert_eq!(location(port, &response), "/portal/");
    assert_eq!(get(port, "/portal/.htaccess", &[]).status, 404);
}
