//! The open-data page's context: one entry per data set the build writes (a kind of
//! record, as CSV and JSON), with its title, description and record count. The files
//! themselves are made in `files.rs` and `csv.rs`.

use serde::Serialize;
use tera::Context;

use crate::content::model::Site;
use crate::derive::Plan;

use super::PageParts;

/// One open-data set on the data page.
#[derive(Debug, Clone, Serialize)]
struct DatasetView {
    key: &'static str,
    title: String,
    description: String,
    /// "23 records".
    count: String,
    csv: String,
    json: String,
}

/// Fills the data page's context.
pub(super) fn page(
    site: &Site,
    plan: &Plan,
    language: &str,
    root: &str,
    context: &mut Context,
) -> PageParts {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    let datasets: Vec<DatasetView> = plan
        .sections
        .data_kinds(site.config.skip)
        .into_iter()
        .map(|kind| {
            let folder = kind.folder();
            DatasetView {
                key: folder,
                title: t(&format!("data.{folder}_title")),
                description: t(&format!("data.{folder}_description")),
                count: t("data.records").replace("{n}", &site.records_of(kind).count().to_string()),
                csv: format!("{root}data/{folder}.csv"),
                json: format!("{root}data/{folder}.json"),
            }
        })
        .collect();
    context.insert("datasets", &datasets);
    PageParts::new("data.html", t("data.title"), t("data.intro"), "website")
}
