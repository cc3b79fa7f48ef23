//! Markdown prose for both outputs: sanitised HTML for the site, and Markdown
//! rewritten for `plan.md`. In both, a chapter's headings are demoted under its
//! title and its footnote labels are prefixed with its id, so fragments can
//! share a page; raw HTML becomes text; only http(s), mailto, tel and relative
//! links survive; relative images are copied, remote ones refused.

use crate::diag::Code;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Parser, Tag};

use crate::assets::{self, Assets, UrlKind, is_remote, markdown_options};
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::model::{Text, slug};
use crate::source::{SourceMap, Span};
use html::accessible_tables;
pub use html::percent_encode_path;
use source_edits::{apply_edits, md_heading_edits, neutralise_destinations, replace_dest};

/// Stands for the path from a page to the site root; replaced per page.
pub use crate::text::ROOT_TOKEN;

/// Where copied images go, under the site root and under OUT.
pub const FILES_DIR: &str = "assets/files/";

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Prose {
    /// Markdown for plan.md.
    pub md: String,
    /// Sanitised HTML for the site.
    pub html: String,
}

pub struct MdRenderer<'a> {
    pub sources: &'a SourceMap,
    pub assets: &'a Assets,
    pub diags: &'a mut Diagnostics,
    /// Plan-relative paths of images to copy.
    pub images: Vec<String>,
}

impl MdRenderer<'_> {
    /// Span of `range` in the text, when it maps to the file; else the whole value.
    fn span_of(&self, text: &Text, range: std::ops::Range<usize>) -> Span {
        match (text.file, text.verbatim_at) {
            (Some(file), _) => Span::new(file, range),
            (None, Some(at)) => Span::new(text.span.file, at + range.start..at + range.end),
            (None, None) => text.span,
        }
    }

    /// Renders `text`; `prefix` namespaces heading and footnote ids.
    /// Headings keep their relative nesting but start from a fixed level, so
    /// that prose starting at `##` nests as well as prose starting at `#`: in
    /// the HTML its top headings become `<h2>` (pages put their title in
    /// `<h1>`; templates shift further with `shift_headings`); in the Markdown
    /// they go `md_demote` levels below `#`, to sit under plan.md's sections.
    pub fn render(&mut self, text: &Text, prefix: &str, md_demote: u8) -> Prose {
        let base = assets::base_dir(&self.sources.get(text.span.file).rel).to_string();
        // Control characters become spaces: forbidden in HTML, and replacing
        // them keeps every byte offset (for diagnostics) in place.
        let cleaned: String;
        let body = if text.body.chars().any(crate::text::is_forbidden_control) {
            // As many spaces as the character has bytes.
            cleaned = text
                .body
                .chars()
                .map(|c| {
                    if crate::text::is_forbidden_control(c) {
                        " ".repeat(c.len_utf8())
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            cleaned.as_str()
        } else {
            text.body.as_str()
        };
        // Edits to the Markdown source (range → replacement), applied back to front.
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut events: Vec<Event> = Vec::new();
        let mut heading_texts: Vec<String> = Vec::new();
        let mut in_heading: Option<String> = None;
        // Ids taken, and the next suffix to try for each slug: linear in the
        // number of headings, even when they all have the same text.
        let mut used_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut next_suffix: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        // Autolinks kept as written (`<https://…>`): their `<` is the link's own.
        let mut autolinks: Vec<std::ops::Range<usize>> = Vec::new();

        let parser = Parser::new_ext(body, markdown_options());
        // Reference definitions (`[r]: url`): their destinations are edited
        // where they are written, not where they are used.
        let definitions: Vec<(std::ops::Range<usize>, String)> = parser
            .reference_definitions()
            .iter()
            .map(|(_, def)| (def.span.clone(), def.dest.to_string()))
            .collect();
        let parsed: Vec<(Event, std::ops::Range<usize>)> = parser.into_offset_iter().collect();
        for (span, dest) in &definitions {
            if matches!(assets::url_kind(dest), UrlKind::Refuse) {
                replace_dest(&mut edits, body, span, dest, "#");
            }
        }
        // First pass: heading texts, for ids.
        for (ev, _) in &parsed {
            match ev {
                Event::Start(Tag::Heading { .. }) => in_heading = Some(String::new()),
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = in_heading.as_mut() {
                        h.push_str(t);
                    }
                }
                Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                    heading_texts.push(in_heading.take().unwrap_or_default());
                }
                _ => {}
            }
        }
        let top = parsed
            .iter()
            .filter_map(|(ev, _)| match ev {
                Event::Start(Tag::Heading { level, .. }) => Some(*level as i8),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        let html_shift = 2 - top;
        let md_shift = 1 + md_demote as i8 - top;
        let mut heading_index = 0;
        for (ev, range) in parsed {
            match ev {
                Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) => {
                    let new_level = shifted(level, html_shift);
                    let text_slug = slug(
                        heading_texts
                            .get(heading_index)
                            .map(String::as_str)
                            .unwrap_or(""),
                    );
                    heading_index += 1;
                    let base = format!("{prefix}-{text_slug}");
                    let mut id = base.clone();
                    if used_ids.contains(&id) {
                        let n = next_suffix.entry(base.clone()).or_insert(2);
                        while used_ids.contains(&format!("{base}-{n}")) {
                            *n += 1;
                        }
                        id = format!("{base}-{n}");
                        *n += 1;
                    }
                    used_ids.insert(id.clone());
                    edits.extend(md_heading_edits(
                        body,
                        range.clone(),
                        shifted(level, md_shift),
                    ));
                    events.push(Event::Start(Tag::Heading {
                        level: new_level,
                        id: Some(CowStr::from(id)),
                        classes,
                        attrs,
                    }));
                }
                Event::End(pulldown_cmark::TagEnd::Heading(level)) => {
                    events.push(Event::End(pulldown_cmark::TagEnd::Heading(shifted(
                        level, html_shift,
                    ))));
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    // Raw HTML is shown as text, never as markup.
                    edits.push((range.clone(), h.replace('<', "&lt;").replace('>', "&gt;")));
                    events.push(Event::Text(h));
                }
                Event::FootnoteReference(label) => {
                    let new = format!("{prefix}-{}", safe_label(&label));
                    edits.push((range.clone(), format!("[^{new}]")));
                    events.push(Event::FootnoteReference(CowStr::from(new)));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let new = format!("{prefix}-{}", safe_label(&label));
                    let old = format!("[^{label}]");
                    if let Some(pos) = body[range.clone()].find(&old) {
                        let at = range.start + pos;
                        edits.push((at..at + old.len(), format!("[^{new}]")));
                    }
                    events.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(new))));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest = match assets::url_kind(&dest_url) {
                        UrlKind::Refuse => {
                            self.diags.push(Diagnostic::new(
                                Code::MarkdownLink,
                                self.span_of(text, range.clone()),
                                msg("markdown-link", &[("url", &dest_url)]),
                            ));
                            replace_dest(&mut edits, body, &range, &dest_url, "#");
                            CowStr::from("#")
                        }
                        UrlKind::Relative if self.links_unpublished_file(&base, &dest_url) => {
                            let rel = assets::image_path(&base, &dest_url);
                            self.diags.push(
                                Diagnostic::new(
                                    Code::LinkToPlanFile,
                                    self.span_of(text, range.clone()),
                                    msg(
                                        "link-to-plan-file",
                                        &[("path", &self.sources.display(&rel))],
                                    ),
                                )
                                .with_help(msg("help-link-to-plan-file", &[])),
                            );
                            replace_dest(&mut edits, body, &range, &dest_url, "#");
                            CowStr::from("#")
                        }
                        _ => {
                            if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                                autolinks.push(range.clone());
                            }
                            dest_url
                        }
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let span = self.span_of(text, range.clone());
                    let dest = if is_remote(&dest_url) {
                        self.diags.push(
                            Diagnostic::new(
                                Code::RemoteImage,
                                span,
                                msg("remote-image", &[("url", &dest_url)]),
                            )
                            .with_help(msg("help-remote-image", &[])),
                        );
                        None
                    } else {
                        match assets::url_kind(&dest_url) {
                            UrlKind::Relative => self.copy_image(&base, &dest_url, span),
                            _ => {
                                self.diags.push(Diagnostic::new(
                                    Code::MarkdownLink,
                                    span,
                                    msg("markdown-link", &[("url", &dest_url)]),
                                ));
                                None
                            }
                        }
                    };
                    let (html_dest, md_dest) = match &dest {
                        Some(rel) => (
                            format!("{ROOT_TOKEN}{FILES_DIR}{rel}"),
                            format!("html/{FILES_DIR}{}", percent_encode_path(rel)),
                        ),
                        None => ("#".to_string(), "#".to_string()),
                    };
                    if !replace_dest(&mut edits, body, &range, &dest_url, &md_dest) {
                        // A reference image: its destination is in the definition.
                        for (span, dest) in definitions.iter().filter(|(_, d)| *d == *dest_url) {
                            replace_dest(&mut edits, body, span, dest, &md_dest);
                        }
                    }
                    events.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: CowStr::from(html_dest),
                        title,
                        id,
                    }));
                }
                other => events.push(other),
            }
        }
        // Every `<` of plan.md's prose is an entity — in text and in code
        // alike — but for a kept autolink's and one already escaped with a
        // backslash: no renderer, however it reads the rest (another dialect,
        // a code block moved into a list item), can find a tag there.
        for (i, _) in body.match_indices('<') {
            // An odd run of backslashes escapes it; an even one escapes itself.
            let backslashes = body[..i].bytes().rev().take_while(|b| *b == b'\\').count();
            if backslashes % 2 == 0 && !autolinks.iter().any(|r| r.start == i) {
                edits.push((i..i + 1, "&lt;".to_string()));
            }
        }
        let mut html = String::new();
        let events = events.into_iter().map(guard_root_token);
        pulldown_cmark::html::push_html(&mut html, events);
        let html = accessible_tables(&html);
        Prose {
            md: neutralise_destinations(&apply_edits(body, edits)),
            html,
        }
    }

    /// A relative link to a file of the plan that is neither an annex nor an
    /// image: it would point at something the build does not publish.
    fn links_unpublished_file(&self, base: &str, url: &str) -> bool {
        let Ok(rel) = assets::normalise(&assets::image_path(base, url)) else {
            return false;
        };
        let image = self
            .assets
            .binaries
            .get(&rel)
            .is_some_and(|b| b.as_ref().is_ok_and(|b| assets::is_safe_image(b)));
        self.assets.linked_files.contains(&rel) && !self.assets.annex_files.contains(&rel) && !image
    }

    fn copy_image(&mut self, base: &str, url: &str, span: Span) -> Option<String> {
        // Drop any query or fragment; `%20` and friends are how Markdown writes spaces.
        let joined = assets::image_path(base, url);
        let read = assets::normalise(&joined)
            .and_then(|rel| self.assets.binary(&rel).map(|bytes| (rel, bytes)));
        match read {
            Ok((_, bytes)) if !assets::is_safe_image(bytes) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::UnsafeImage,
                        span,
                        msg("unsafe-image", &[("path", &self.sources.display(&joined))]),
                    )
                    .with_help(msg("help-unsafe-image", &[])),
                );
                None
            }
            Ok((rel, _)) => {
                if !self.images.contains(&rel) {
                    self.images.push(rel.clone());
                }
                Some(rel)
            }
            Err(problem) => {
                let shown = self.sources.display(&joined);
                self.diags.push(Diagnostic::new(
                    problem.code(),
                    span,
                    problem.message(&shown),
                ));
                None
            }
        }
    }

    /// Inline Markdown of a short field (a list item): rendered without the
    /// surrounding paragraph.
    pub fn render_inline(&mut self, text: &Text, prefix: &str) -> Prose {
        let mut p = self.render(text, prefix, 0);
        let trimmed = p.html.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|s| s.strip_suffix("</p>"))
            && !inner.contains("<p>")
        {
            p.html = inner.to_string();
        }
        // Leading spaces are Markdown (an indented code block): only blank lines go.
        p.md = p.md.trim_end().trim_start_matches(['\n', '\r']).to_string();
        p
    }
}

/// A footnote label safe to write anywhere: letters, digits, `-` and `_`
/// kept, every other byte as `_xx` (so distinct labels stay distinct).
fn safe_label(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for b in label.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

/// `level` moved by `by` (down when positive), kept within h1..h6.
fn shifted(level: HeadingLevel, by: i8) -> HeadingLevel {
    let n = (level as i8 + by).clamp(1, 6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

mod html;
mod source_edits;

#[cfg(test)]
mod tests;

/// User text that spells [`ROOT_TOKEN`] keeps it: text is escaped here with
/// the token broken by an entity, a link's destination gets `%40` for its
/// first `@` (the same URL). The images' own destinations are the tool's.
fn guard_root_token(ev: Event<'_>) -> Event<'_> {
    let holds = |s: &str| s.contains(ROOT_TOKEN);
    match ev {
        Event::Text(t) if holds(&t) => Event::Html(CowStr::from(crate::text::escape(&t))),
        Event::Code(t) if holds(&t) => Event::Html(CowStr::from(format!(
            "<code>{}</code>",
            crate::text::escape(&t)
        ))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if holds(&dest_url) || holds(&title) => {
            let guard = |s: &str| s.replace(ROOT_TOKEN, "%40@WPROOT@@");
            Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(guard(&dest_url)),
                title: CowStr::from(title.replace(ROOT_TOKEN, "@\u{2060}@WPROOT@@")),
                id,
            })
        }
        other => other,
    }
}
