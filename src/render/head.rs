//! What a page says about itself in its `<head>`: the full title, canonical and
//! `x-default` URLs, the language alternates (also the language switcher), Open
//! Graph's type, locales and preview image, and the structured data
//! ([`super::structured`]).

use serde::Serialize;

use crate::content::model::Site;
use crate::derive::{Job, Plan, Target};

use super::{card, structured, PageParts};

/// A language in the switcher and in `hreflang` alternates.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Alternate {
    code: String,
    name: String,
    href: String,
    absolute: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct PageMeta {
    title: String,
    description: String,
    /// None on error pages: they are no page's canonical copy.
    canonical: Option<String>,
    /// Keeps search engines from indexing the page (error pages).
    noindex: bool,
    x_default: String,
    og_type: &'static str,
    /// The page's locale as Open Graph writes it (`vi_VN`), and the other languages'.
    og_locale: String,
    og_locale_alternates: Vec<String>,
    image: ImageView,
    json_ld: Option<String>,
    template: &'static str,
    path: String,
}

/// A page's preview image (`og:image`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImageView {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What it shows, in the page's language.
    pub alt: String,
}

/// The `<head>` facts of the page `job` in `language`, whose own parts are `parts`.
pub(super) fn meta(
    site: &Site,
    plan: &Plan,
    root: &str,
    job: &Job,
    language: &str,
    parts: &PageParts,
) -> PageMeta {
    let site_title = site.shown(&site.config.title, language).into_owned();
    let x_default = match job.target {
        // The chooser is the page for people whose language we do not know.
        Target::Chooser | Target::Home => site.config.base_url.clone(),
        // Error pages are not alternates of each other.
        Target::NotFound => String::new(),
        _ => site
            .config
            .absolute_in(site.config.default_language(), &job.page_path),
    };
    let canonical = match job.target {
        Target::Chooser => site.config.base_url.clone(),
        _ => site.config.absolute_in(language, &job.page_path),
    };
    let full_title = if matches!(job.target, Target::Home | Target::Chooser) {
        site_title.clone()
    } else {
        format!("{} · {site_title}", parts.title)
    };
    let image = ImageView {
        url: site.config.absolute_in(language, "card.png"),
        width: card::WIDTH,
        height: card::HEIGHT,
        alt: site_title,
    };
    let json_ld = structured::json_ld(
        site,
        plan,
        root,
        &structured::PageFacts {
            job,
            language,
            canonical: &canonical,
            title: &parts.title,
            description: &parts.description,
            breadcrumb: &parts.breadcrumb,
            image: &image,
        },
    );
    let is_error = job.target == Target::NotFound;
    PageMeta {
        title: full_title,
        description: parts.description.clone(),
        canonical: (!is_error).then_some(canonical),
        noindex: is_error,
        x_default,
        og_type: parts.og_type,
        og_locale: og_locale(site, language),
        og_locale_alternates: site
            .config
            .languages
            .iter()
            .filter(|code| code.as_str() != language)
            .map(|code| og_locale(site, code))
            .collect(),
        image,
        json_ld,
        template: parts.template,
        path: job.page_path.clone(),
    }
}

/// The page `job` in each of the site's languages.
pub(super) fn alternates(site: &Site, root: &str, job: &Job) -> Vec<Alternate> {
    let config = &site.config;
    config
        .languages
        .iter()
        .map(|code| {
            let page_path = match job.target {
                Target::Chooser => "",
                _ => job.page_path.as_str(),
            };
            let path = [code, "/", page_path].concat();
            Alternate {
                code: code.clone(),
                name: site.translations.get(code, "language_name").to_string(),
                href: [root, &path].concat(),
                absolute: config.absolute(&path),
                current: job.language.as_deref() == Some(code.as_str()),
            }
        })
        .collect()
}

/// A language's locale as Open Graph writes it (`vi_VN`: `locale.og` in its UI
/// strings), or its code when the strings do not say.
fn og_locale(site: &Site, code: &str) -> String {
    site.translations
        .language(code)
        .and_then(|language| language.strings.get("locale.og"))
        .cloned()
        .unwrap_or_else(|| code.to_string())
}
