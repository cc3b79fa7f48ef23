//! Between the renderer and the sink the command chose: each path once, and
//! the pages of overridden templates looked at for the security policy.

use crate::diag::Code;
use std::collections::HashSet;
use std::sync::Mutex;

use crate::assets::Assets;
use crate::diag::{Diagnostic, Diagnostics, Message};
use crate::output::{Gathered, Nowhere, OutFile, Output, Sink};
use crate::source::{FileId, Span};

/// Between the renderer and the sink: each path once (the first file given
/// for it wins), and the HTML pages looked at for the security policy when
/// the plan overrides HTML templates.
pub(super) struct Emitter<'s> {
    sink: &'s dyn Sink,
    seen: Mutex<HashSet<String>>,
    check_pages: bool,
    /// Pages without the policy, or with a script: (path, problem key).
    unprotected: Mutex<Vec<(String, &'static str)>>,
}

impl<'s> Emitter<'s> {
    pub fn new(sink: &'s dyn Sink, assets: &Assets) -> Self {
        Emitter {
            sink,
            seen: Mutex::default(),
            check_pages: html_overrides(assets).next().is_some(),
            unprotected: Mutex::default(),
        }
    }

    /// The first file given for a path wins.
    fn first(&self, path: &str) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string())
    }

    pub fn put(&self, output: Output) {
        if self.first(&output.path) {
            self.deliver(output);
        }
    }

    /// A file written in pieces: straight to the sink, unless the page must
    /// be looked at whole for its security policy.
    pub fn create(&self, path: String) -> Box<dyn OutFile + '_> {
        if !self.first(&path) {
            return Box::new(Nowhere);
        }
        if self.check_pages && path.ends_with(".html") {
            return Box::new(Gathered {
                path,
                bytes: Vec::new(),
                then: |output| self.deliver(output),
            });
        }
        self.sink.create(path)
    }

    fn deliver(&self, output: Output) {
        if self.check_pages
            && output.path.ends_with(".html")
            && let Some(problem) = page_problem(&output.bytes)
        {
            self.unprotected
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((output.path.clone(), problem));
        }
        self.sink.put(output);
    }

    /// Warns of each page the plan's templates left unprotected, in path
    /// order, at the template that most likely made it.
    pub fn report(self, assets: &Assets, diags: &mut Diagnostics) {
        let overrides: Vec<(&String, FileId)> = html_overrides(assets).collect();
        let Some(&(_, first)) = overrides.first() else {
            return;
        };
        // The page's own template if overridden, else the layout, else any.
        let at = |page: &str| {
            let template = match page {
                "html/index.html" => "html/index.html.j2",
                "index.html" => "html/root.html.j2",
                "html/print.html" => "html/print.html.j2",
                p if p.starts_with("html/areas/") => "html/area.html.j2",
                _ => "html/section.html.j2",
            };
            let find = |name: &str| overrides.iter().find(|(n, _)| n.as_str() == name);
            find(template)
                .or_else(|| find("html/base.html.j2"))
                .map_or(first, |(_, f)| *f)
        };
        let mut pages = self
            .unprotected
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        pages.sort();
        for (path, problem) in pages {
            diags.push(Diagnostic::new(
                Code::PageWithoutCsp,
                Span::file_start(at(&path)),
                Message::new("page-without-csp")
                    .arg("page", path.as_str())
                    .arg_msg("problem", Message::new(problem)),
            ));
        }
    }
}

fn html_overrides(assets: &Assets) -> impl Iterator<Item = (&String, FileId)> {
    assets
        .templates
        .iter()
        .filter(|(name, _)| name.starts_with("html/"))
        .filter_map(|(name, file)| Some((name, (*file)?)))
}

/// Why a page is not protected: no Content-Security-Policy that forbids
/// scripts, or a script of its own (JSON-LD data is not one).
fn page_problem(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes);
    let csp = text.contains("http-equiv=\"Content-Security-Policy\"")
        && text.contains("script-src 'none'");
    let script = text
        .match_indices("<script")
        .any(|(i, _)| !text[i..].starts_with("<script type=\"application/ld+json\">"));
    match (csp, script) {
        (false, _) => Some("page-problem-no-csp"),
        (true, true) => Some("page-problem-script"),
        (true, false) => None,
    }
}
