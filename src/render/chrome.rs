//! What every page of one language shares: the UI strings, the site's own texts and
//! the menu, converted for Tera once per language (and per current menu entry)
//! instead of once per page. Tera shares a converted map between every context it is
//! put in, so each page gets them without a copy.

use serde::Serialize;

use super::versions::{marked, pick};
use super::views::nested_strings;
use crate::content::model::{Kind, Site};
use crate::derive::Plan;

/// The shared values of one language.
pub(super) struct Chrome {
    /// `t`: the UI strings, nested (`t.nav.home`).
    pub strings: tera::Value,
    /// `site`: the portal's own texts and which of its sections exist.
    pub site: tera::Value,
    /// The menu entries' paths below the language (`parks/`), in menu order.
    menu_paths: Vec<String>,
    /// The menu with no entry current, then with each entry current in turn.
    menus: Vec<tera::Value>,
    /// The menu's entries, for the rare page under two of them.
    items: Vec<MenuItem>,
    /// `footer`: the theme's [`FOOTER`], rendered once for the language (a safe
    /// string), or `None` when the theme has no such template.
    pub footer: Option<tera::Value>,
}

/// The template of the footer every page of a language shares. It sees only `t`,
/// `site`, `root` and `lang`, so it is rendered once per language rather than once per
/// page: looking its UI strings up on every page was 1 % of a build's instructions.
pub(super) const FOOTER: &str = "partials/footer.html";

#[derive(Debug, Clone, Serialize)]
struct MenuItem {
    label: String,
    href: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
struct SiteView {
    title: String,
    description: String,
    publisher: String,
    email: Option<String>,
    phone: Option<String>,
    home: String,
    /// Whether the open data of parks exists (`data/parks.*`).
    park_data: bool,
    /// Whether `/<lang>/data/` exists.
    data_page: bool,
}

impl Chrome {
    /// The shared values of `language`.
    pub fn new(site: &Site, plan: &Plan, language: &str, root: &str) -> Chrome {
        // A string this language borrows from another is marked as such.
        let strings: std::collections::BTreeMap<String, String> = site
            .translations
            .language(language)
            .map(|known| {
                known
                    .strings
                    .iter()
                    .map(|(key, text)| match known.borrowed.get(key) {
                        Some(from) => (key.clone(), crate::i18n::mark(from, text)),
                        None => (key.clone(), text.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let site_view = SiteView {
            title: site.shown(&site.config.title, language).into_owned(),
            description: site.shown(&site.config.description, language).into_owned(),
            publisher: site
                .shown(&site.config.publisher.name, language)
                .into_owned(),
            email: site.config.email.clone(),
            phone: site.config.phone.clone(),
            home: format!("{root}{language}/"),
            park_data: plan.sections.lists(Kind::Park),
            data_page: plan.sections.has_open_data(site.config.skip),
        };
        let (menu_paths, items) = menu(site, plan, language, root);
        let with_current = |current: Option<usize>| {
            let items: Vec<MenuItem> = items
                .iter()
                .enumerate()
                .map(|(index, item)| MenuItem {
                    current: Some(index) == current,
                    ..item.clone()
                })
                .collect();
            tera::Value::from_serializable(&items)
        };
        let menus = std::iter::once(None)
            .chain((0..items.len()).map(Some))
            .map(with_current)
            .collect();
        Chrome {
            strings: tera::Value::from_serializable(&nested_strings(&strings)),
            site: tera::Value::from_serializable(&site_view),
            menu_paths,
            menus,
            items,
            footer: None,
        }
    }

    /// Renders the theme's [`FOOTER`] for `language`, if it has one.
    pub fn render_footer(
        &mut self,
        tera: &tera::Tera,
        language: &str,
        root: &str,
    ) -> Result<(), crate::diagnostics::Diagnostic> {
        if !tera.get_template_names().any(|name| name == FOOTER) {
            return Ok(());
        }
        let mut context = tera::Context::new();
        context.insert_value("t", self.strings.clone());
        context.insert_value("site", self.site.clone());
        context.insert("root", root);
        context.insert("lang", language);
        let footer = tera
            .render(FOOTER, &context)
            .map_err(|error| super::template_error(FOOTER, &error, None))?;
        self.footer = Some(tera::Value::safe_string(&footer));
        Ok(())
    }

    /// `menu` for the page at `page_path` (below the language): an entry is current
    /// on the pages under it.
    pub fn menu(&self, page_path: &str) -> tera::Value {
        let mut current = self
            .menu_paths
            .iter()
            .enumerate()
            .filter(|(_, path)| !path.is_empty() && page_path.starts_with(path.as_str()))
            .map(|(index, _)| index);
        match (current.next(), current.next()) {
            (None, _) => self.menus[0].clone(),
            (Some(index), None) => self.menus[index + 1].clone(),
            // Under two entries: both are current.
            (Some(_), Some(_)) => {
                let items: Vec<MenuItem> = self
                    .items
                    .iter()
                    .zip(&self.menu_paths)
                    .map(|(item, path)| MenuItem {
                        current: !path.is_empty() && page_path.starts_with(path.as_str()),
                        ..item.clone()
                    })
                    .collect();
                tera::Value::from_serializable(&items)
            }
        }
    }
}

/// The menu's entries in `language` (none current), with their paths: the sections
/// that exist (no entry for a kind without records yet), then the pages that ask for
/// one, by their order.
fn menu(site: &Site, plan: &Plan, language: &str, root: &str) -> (Vec<String>, Vec<MenuItem>) {
    let sections = &plan.sections;
    let mut items: Vec<(i64, String, String)> = [
        (10, "zones", sections.lists(Kind::Zone)),
        (20, "parks", sections.lists(Kind::Park)),
        (22, "clusters", sections.lists(Kind::Cluster)),
        (24, "projects", sections.lists(Kind::Project)),
        (25, "compare", sections.compare),
        (26, "news", sections.news),
    ]
    .into_iter()
    .filter(|(_, _, exists)| *exists)
    .map(|(order, section, _)| {
        (
            order,
            site.translations
                .shown(language, &format!("nav.{section}"))
                .into_owned(),
            format!("{section}/"),
        )
    })
    .collect();
    for page in &site.pages {
        if let Some(order) = page.menu {
            let (prose, from) = pick(&page.versions, site.config.chain(language));
            items.push((
                order,
                marked(prose.title.as_deref().unwrap_or(&page.slug), from),
                format!("{}/", page.slug),
            ));
        }
    }
    items.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    items
        .into_iter()
        .map(|(_, label, path)| {
            let item = MenuItem {
                href: format!("{root}{language}/{path}"),
                label,
                current: false,
            };
            (path, item)
        })
        .unzip()
}
