//! Prose: the Markdown files of records, news and pages. Front matter is read with
//! positions counted from the start of the file; the body becomes HTML, plain text for
//! search, headings and links (checked later, in [`super::links`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::files::{Version, RESERVED_PAGES};
use super::references::Known;
use super::{date, Checker};
use crate::content::load::TextFile;
use crate::content::model::{Article, Page, PartialDate};
use crate::content::yaml::{self, Document, Fields, Node};
use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::{self, LinkStyle, Prose};

/// What a prose file belongs to, which decides its front matter keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ProseKind {
    /// A zone, park, cluster or project: `summary` only.
    Record,
    /// A news item: `title`, `summary`, `date`, `added`, `source`, `draft`.
    News,
    /// A free page: `title`, `summary`, `menu`.
    Page,
}

impl ProseKind {
    /// Front matter keys beyond `title` and `summary`.
    fn own_keys(self) -> &'static [&'static str] {
        match self {
            ProseKind::Record => &[],
            ProseKind::News => &["date", "added", "source", "draft"],
            ProseKind::Page => &["menu"],
        }
    }
}

impl Checker {
    pub(super) fn front_matter(
        &mut self,
        file: &TextFile,
    ) -> Option<(Option<serde_yaml::Value>, usize)> {
        match markdown::split_front_matter(&file.text) {
            Ok(split) if split.front_matter.is_empty() => Some((None, 0)),
            Ok(split) => {
                let text = split.front_matter;
                match yaml::parse(&file.path, text) {
                    Ok(value) => Some((Some(value), split.body_offset)),
                    Err(diagnostic) => {
                        self.diagnostics.push(diagnostic);
                        None
                    }
                }
            }
            Err(offset) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0109",
                        &file.path,
                        Position::of_offset(&file.text, offset),
                        "front matter is not closed",
                    )
                    .with_help("end the front matter with a line containing only `---`"),
                );
                None
            }
        }
    }

    /// Reads a prose file: front matter (with the keys the kind allows) and body.
    /// Reads a prose file; returns it with its front matter (for the keys news and
    /// pages read themselves) and the body's offset.
    pub(super) fn prose(
        &mut self,
        file: &TextFile,
        language: &str,
        root: &str,
        allow_raw_html: bool,
        kind: ProseKind,
    ) -> Option<(Prose, Option<serde_yaml::Value>, usize)> {
        let titled = kind != ProseKind::Record;
        let (front, body_offset) = self.front_matter(file)?;
        let front_text = &file.text[..body_offset];
        let document = Document::new(&file.path, front_text);
        let mut title = None;
        let mut summary = None;
        if let Some(value) = &front {
            let root_node = Node::root(&document, value);
            let mut fields = root_node.fields(&mut self.diagnostics)?;
            if titled {
                title = fields
                    .require("title", "A title", &mut self.diagnostics)
                    .and_then(|n| n.text(&mut self.diagnostics));
            }
            summary = fields
                .get("summary")
                .and_then(|n| n.text(&mut self.diagnostics));
            // Keys news and pages read themselves (from the returned front matter).
            for key in kind.own_keys() {
                fields.get(key);
            }
            fields.finish(&mut self.diagnostics);
        } else if titled {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0103",
                    &file.path,
                    Position::START,
                    "missing front matter with `title`",
                )
                .with_help("start the file with `---`, a line `title: ...`, and `---`"),
            );
        }
        let style = LinkStyle {
            root,
            language,
            allow_raw_html,
        };
        let (html, plain, headings, mut links) =
            markdown::render(&file.text[body_offset..], body_offset, &style);
        let offsets: Vec<usize> = links.iter().map(|link| link.offset).collect();
        let positions = crate::diagnostics::positions_of(&file.text, &offsets);
        for (link, position) in links.iter_mut().zip(positions) {
            link.position = position;
        }
        let prose = Prose {
            title,
            summary,
            html,
            plain,
            headings,
            file: file.path.clone(),
            sources: crate::markdown::linked_sources(&links),
            links,
        };
        Some((prose, front, body_offset))
    }

    pub(super) fn article(
        &mut self,
        slug: &str,
        versions: &[Version],
        root: &str,
        allow_raw_html: bool,
        known: &Known<'_>,
    ) -> Option<Article> {
        let mut article_date: Option<(PartialDate, PathBuf)> = None;
        // Where the date was first read, for the warning about feeds.
        let mut date_position: Option<(PathBuf, Position)> = None;
        let mut added: Option<(PartialDate, PathBuf)> = None;
        let mut source = None;
        let mut draft = false;
        let mut prose = BTreeMap::new();
        for (file, language) in versions {
            let Some((version, front, body_offset)) =
                self.prose(file, language, root, allow_raw_html, ProseKind::News)
            else {
                continue;
            };
            // Read the news-only keys with positions.
            front_fields(file, front.as_ref(), body_offset, |mut fields| {
                match fields
                    .get("date")
                    .and_then(|n| date(&n, &mut self.diagnostics).map(|d| (n, d)))
                {
                    Some((node, date)) => match &article_date {
                        Some((first, first_file)) if *first != date => self.diagnostics.push(
                            node.error(
                                "E0305",
                                format!(
                                    "date {} differs from {} in {}",
                                    date.iso(),
                                    first.iso(),
                                    first_file.display()
                                ),
                            )
                            .with_help("a news item has one date in every language"),
                        ),
                        Some(_) => {}
                        None => {
                            date_position = Some((file.path.clone(), node.position()));
                            article_date = Some((date, file.path.clone()));
                        }
                    },
                    None => {
                        if fields.get("date").is_none() {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    "E0103",
                                    &file.path,
                                    Position::START,
                                    "news needs a `date`",
                                )
                                .with_help(
                                    "add `date: YYYY-MM-DD` to the front matter (or YYYY-MM, \
                                     YYYY if the article gives no day)",
                                ),
                            );
                        }
                    }
                }
                if let Some(node) = fields.get("added") {
                    self.added(&node, file, &mut added);
                }
                if let Some(node) = fields.get("source") {
                    if let Some(id) = self.source_ref(&node, known) {
                        source = Some(id);
                    }
                }
                if let Some(node) = fields.get("draft") {
                    draft |= node.value.as_bool().unwrap_or(false);
                }
            });
            prose.insert(language.clone(), Box::new(version));
        }
        let (date, _) = article_date?;
        let added = added.map(|(added, _)| added);
        if date.day.is_none() && added.is_none() {
            if let Some((file, position)) = date_position {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "W0305",
                        file,
                        position,
                        format!(
                            "news dated only {} is left out of the feeds",
                            if date.month.is_some() { "by month" } else { "by year" }
                        ),
                    )
                    .with_help("a feed entry needs a day; add `added: YYYY-MM-DD` (the day the item was added to the portal) to put it in the feeds, and keep `date` as published"),
                );
            }
        }
        Some(Article {
            slug: slug.to_string(),
            date,
            added,
            source,
            versions: prose,
            draft,
        })
    }

    /// Reads `added:` (the day a news item was added to the portal): a full date, the
    /// same in every language.
    fn added(
        &mut self,
        node: &Node<'_>,
        file: &TextFile,
        added: &mut Option<(PartialDate, PathBuf)>,
    ) {
        let Some(day) = date(node, &mut self.diagnostics) else {
            return;
        };
        if day.day.is_none() {
            self.diagnostics.push(
                node.error("E0110", format!("`added: {}` has no day", day.iso()))
                    .with_help("write the day the item was added to the portal, as YYYY-MM-DD"),
            );
            return;
        }
        match added {
            Some((first, first_file)) if *first != day => self.diagnostics.push(
                node.error(
                    "E0305",
                    format!(
                        "added {} differs from {} in {}",
                        day.iso(),
                        first.iso(),
                        first_file.display()
                    ),
                )
                .with_help("a news item has one `added` date in every language"),
            ),
            Some(_) => {}
            None => *added = Some((day, file.path.clone())),
        }
    }

    pub(super) fn page(
        &mut self,
        slug: &str,
        versions: &[Version],
        root: &str,
        allow_raw_html: bool,
    ) -> Option<Page> {
        let mut menu = None;
        let mut prose = BTreeMap::new();
        for (file, language) in versions {
            let Some((version, front, body_offset)) =
                self.prose(file, language, root, allow_raw_html, ProseKind::Page)
            else {
                continue;
            };
            front_fields(file, front.as_ref(), body_offset, |mut fields| {
                if let Some(n) = fields.get("menu") {
                    menu = n.number(&mut self.diagnostics).map(|m| m as i64).or(menu);
                }
            });
            prose.insert(language.clone(), Box::new(version));
        }
        (!prose.is_empty()).then(|| Page {
            slug: slug.to_string(),
            menu,
            versions: prose,
        })
    }
}

/// Runs `read` over the front matter of a prose file (given as parsed by `prose`, which
/// already reported its problems), with positions counted from the start of the file.
fn front_fields(
    file: &TextFile,
    front: Option<&serde_yaml::Value>,
    body_offset: usize,
    read: impl FnOnce(Fields<'_>),
) {
    let Some(value) = front else { return };
    let document = Document::new(&file.path, &file.text[..body_offset]);
    if let Some(fields) = Node::root(&document, value).fields(&mut Vec::new()) {
        read(fields);
    }
}

impl Checker {
    /// Every news item, newest first (drafts only when `drafts`).
    pub(super) fn news(
        &mut self,
        files: &BTreeMap<String, Vec<Version>>,
        root: &str,
        allow_raw_html: bool,
        drafts: bool,
        known: &Known<'_>,
    ) -> Vec<Article> {
        let mut news = Vec::new();
        for (slug, versions) in files {
            if let Some(article) = self.article(slug, versions, root, allow_raw_html, known) {
                if drafts || !article.draft {
                    news.push(article);
                }
            }
        }
        news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        news
    }

    /// Every free page, by slug; a slug a section of the site uses is refused.
    pub(super) fn pages(
        &mut self,
        files: &BTreeMap<String, Vec<Version>>,
        root: &str,
        allow_raw_html: bool,
    ) -> Vec<Page> {
        let mut pages = Vec::new();
        for (slug, versions) in files {
            if RESERVED_PAGES.contains(&slug.as_str()) {
                let (file, _) = &versions[0];
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0304",
                        &file.path,
                        Position::START,
                        format!("page slug `{slug}` is taken by a section of the site"),
                    )
                    .with_help("rename the page file, e.g. about-parks.en.md"),
                );
                continue;
            }
            if let Some(page) = self.page(slug, versions, root, allow_raw_html) {
                pages.push(page);
            }
        }
        pages
    }
}
