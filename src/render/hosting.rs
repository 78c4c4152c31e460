//! Web-server files a build writes beside the site when `site.yaml` asks for them
//! (`options.host_files`), so that a plain host serves the portal right without
//! editing its own configuration: `.htaccess` for Apache, `_headers` and `_redirects`
//! for Netlify (Cloudflare Pages reads `_headers` too). nginx and Caddy read no file
//! from the site: their configuration is in `docs/deploy/` and `docs/deploy.md`.
//!
//! What they set is what the guide's nginx configuration sets: UTF-8 on every text
//! type, the types some servers lack (CSV, web manifest), a 404 page per language,
//! compression, and how long browsers may keep each kind of file. Asset URLs carry no
//! fingerprint (`style.css`, not `style.3f2a.css`), so only fonts are kept long; the
//! theme's CSS and scripts, which must match the pages, for an hour.

use std::fmt::Write as _;

use crate::config::HostFile;
use crate::content::model::Site;
use crate::derive::Plan;

/// How long browsers may keep a file, by extension (`Cache-Control` values); any
/// other file (pages, feeds, data) is revalidated on every visit (`no-cache`: the
/// server answers "not modified" cheaply when it has not changed).
pub const CACHE_RULES: &[(&[&str], &str)] = &[
    (&["woff2", "woff", "ttf"], "max-age=2592000"),
    (&["css", "js"], "max-age=3600"),
    (
        &["svg", "png", "jpg", "jpeg", "webp", "gif", "ico"],
        "max-age=86400",
    ),
];

/// What pages, feeds and data get: always ask whether they changed.
const REVALIDATE: &str = "no-cache";

/// Text types served with `charset=utf-8`, by extension.
const TEXT_EXTENSIONS: &[&str] = &[
    "html",
    "css",
    "js",
    "json",
    "xml",
    "csv",
    "txt",
    "svg",
    "webmanifest",
];

/// The bytes of `name`, one of the files of `kind` ([`HostFile::files`]).
pub fn file(site: &Site, plan: &Plan, kind: HostFile, name: &str) -> Vec<u8> {
    match (kind, name) {
        (HostFile::Apache, _) => htaccess(site),
        (HostFile::Netlify, "_redirects") => netlify_redirects(site),
        (HostFile::Netlify, _) => netlify_headers(site, plan),
    }
    .into_bytes()
}

/// The `Cache-Control` of a file, from its name.
pub fn cache_control(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    CACHE_RULES
        .iter()
        .find(|(extensions, _)| extensions.contains(&extension))
        .map_or(REVALIDATE, |(_, value)| value)
}

fn htaccess(site: &Site) -> String {
    let root = site.config.root_path();
    let mut out = String::from(
        "# Written by halong (site.yaml: options.host_files: [apache]); see docs/deploy.md.\n\
         # Apache reads it where the server allows it (AllowOverride FileInfo Indexes\n\
         # Options). Every line is also valid in a <Directory> block of the server's own\n\
         # configuration, which is faster.\n\n\
         # Text in UTF-8, and the types some servers lack.\n\
         AddDefaultCharset utf-8\n",
    );
    let _ = writeln!(
        out,
        "AddCharset utf-8 {}",
        TEXT_EXTENSIONS
            .iter()
            .map(|extension| format!(".{extension}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    out.push_str(
        "AddType text/csv .csv\n\
         AddType application/json .json\n\
         AddType application/manifest+json .webmanifest\n\
         AddType image/svg+xml .svg\n\
         AddType font/woff2 .woff2\n\
         <Files \"atom.xml\">\n  ForceType \"application/atom+xml; charset=utf-8\"\n</Files>\n\n\
         # No folder listings; /en/parks becomes /en/parks/.\n\
         Options -Indexes\n\
         DirectorySlash On\n\
         # Files starting with a dot (this one, the build's marker) are nobody's business.\n\
         RedirectMatch 404 /\\.\n\n\
         # A missing page gets the 404 page of its language.\n",
    );
    let _ = writeln!(out, "ErrorDocument 404 {root}404.html");
    for language in &site.config.languages {
        let _ = writeln!(
            out,
            "<If \"%{{REQUEST_URI}} =~ m#^{root}{language}/#\">\n  ErrorDocument 404 {root}{language}/404.html\n</If>"
        );
    }
    out.push_str(
        "\n# Compression.\n<IfModule mod_deflate.c>\n  AddOutputFilterByType DEFLATE text/html text/css text/csv text/plain text/xml application/xml application/javascript text/javascript application/json application/atom+xml application/manifest+json image/svg+xml\n</IfModule>\n\n\
         # How long browsers keep files: URLs carry no fingerprint, so only fonts long.\n\
         <IfModule mod_headers.c>\n  Header set X-Content-Type-Options \"nosniff\"\n",
    );
    let _ = writeln!(out, "  Header set Cache-Control \"{REVALIDATE}\"");
    for (extensions, value) in CACHE_RULES {
        let _ = writeln!(
            out,
            "  <FilesMatch \"\\.({})$\">\n    Header set Cache-Control \"{value}\"\n  </FilesMatch>",
            extensions.join("|")
        );
    }
    out.push_str("</IfModule>\n");
    out
}

fn netlify_headers(site: &Site, plan: &Plan) -> String {
    let root = site.config.root_path();
    let mut out = String::from(
        "# Written by halong (site.yaml: options.host_files: [netlify]); see docs/deploy.md.\n\
         # Netlify and Cloudflare Pages read it. Pages, feeds and data keep the hosts'\n\
         # default (revalidated on every visit); each static file says how long it keeps.\n",
    );
    let _ = writeln!(out, "{root}*\n  X-Content-Type-Options: nosniff");
    for asset in &site.assets {
        let cache = cache_control(&asset.path);
        if cache != REVALIDATE {
            let _ = writeln!(out, "{root}{}\n  Cache-Control: {cache}", asset.path);
        }
    }
    for language in &site.config.languages {
        let _ = writeln!(
            out,
            "{root}{language}/atom.xml\n  Content-Type: application/atom+xml; charset=utf-8"
        );
    }
    for kind in plan.sections.data_kinds(site.config.skip) {
        let _ = writeln!(
            out,
            "{root}data/{}.csv\n  Content-Type: text/csv; charset=utf-8",
            kind.folder()
        );
    }
    out
}

fn netlify_redirects(site: &Site) -> String {
    let root = site.config.root_path();
    let mut out = String::from(
        "# Written by halong (site.yaml: options.host_files: [netlify]); see docs/deploy.md.\n\
         # A missing page gets the 404 page of its language (Netlify applies these only\n\
         # where no file exists; Cloudflare Pages finds the nearest 404.html itself).\n",
    );
    for language in &site.config.languages {
        let _ = writeln!(out, "{root}{language}/*  {root}{language}/404.html  404");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_are_kept_long_theme_files_an_hour_and_pages_revalidated() {
        assert_eq!(
            cache_control("fonts/BeVietnamPro-Regular.woff2"),
            "max-age=2592000"
        );
        assert_eq!(cache_control("style.css"), "max-age=3600");
        assert_eq!(cache_control("favicon.svg"), "max-age=86400");
        assert_eq!(cache_control("en/card.png"), "max-age=86400");
        for page in [
            "en/index.html",
            "data/parks.csv",
            "en/atom.xml",
            "robots.txt",
        ] {
            assert_eq!(cache_control(page), "no-cache", "{page}");
        }
    }
}
