//! The "Dati aperti e documenti" page (SPEC 6.6): every file a reader can
//! take away, one click from the cover.

use serde::Serialize;

use super::Views;
use crate::render::published::DataFile;

#[derive(Serialize)]
pub struct DownloadView {
    /// Relative to `html/` (the templates put `root` before it).
    pub href: String,
    pub name: String,
    pub format: &'static str,
    pub description: String,
}

#[derive(Serialize)]
pub struct DownloadsView {
    /// The page, relative to `html/`.
    pub page: &'static str,
    pub documents: Vec<DownloadView>,
    pub data: Vec<DownloadView>,
}

/// The downloads page's path under `html/`: in a folder of its own, so that
/// no id of the plan (a chapter's page is `html/<id>.html`) can take it.
pub const DOWNLOADS_PAGE: &str = "downloads/index.html";

impl Views<'_, '_> {
    pub(super) fn downloads(&self, calendar: bool) -> DownloadsView {
        let item = |href: String, name: &str, format: &'static str, key: &str| DownloadView {
            href,
            name: name.to_string(),
            format,
            description: self.l(key),
        };
        let mut documents = Vec::new();
        if self.pdf {
            documents.push(item(
                "../plan.pdf".into(),
                "plan.pdf",
                "PDF",
                "download-plan-pdf",
            ));
            for year in crate::compute::monitoring_years(self.plan) {
                let name = format!("monitoring-{year}.pdf");
                let mut d = item(
                    format!("../{name}"),
                    &name,
                    "PDF",
                    "download-monitoring-pdf",
                );
                d.description = crate::i18n::format(
                    self.lang,
                    "label.download-monitoring-pdf",
                    &[("year", &year.to_string())],
                );
                documents.push(d);
            }
        }
        documents.push(item(
            "print.html".into(),
            "print.html",
            "HTML",
            "download-print-html",
        ));
        documents.push(item(
            "../plan.md".into(),
            "plan.md",
            "Markdown",
            "download-plan-md",
        ));
        if calendar {
            documents.push(item(
                "meetings.ics".into(),
                "meetings.ics",
                "iCalendar",
                "download-meetings-ics",
            ));
        }
        let data = DataFile::ALL
            .into_iter()
            .filter(|f| f.published(self.plan, self.summary))
            .map(|f| {
                let format = match f.name().rsplit('.').next() {
                    Some("json") => "JSON",
                    Some("md") => "Markdown",
                    _ => "CSV",
                };
                item(format!("../{}", f.path()), f.name(), format, &f.label_key())
            })
            .collect();
        DownloadsView {
            page: DOWNLOADS_PAGE,
            documents,
            data,
        }
    }
}
