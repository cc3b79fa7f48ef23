//! Markdown prose for both outputs: sanitised HTML for the site, and Markdown
//! rewritten for `plan.md`. In both, a chapter's headings are demoted under its
//! title and its footnote labels are prefixed with its id, so fragments can
//! share a page; raw HTML becomes text; only http(s), mailto, tel and relative
//! links survive; relative images are copied, remote ones refused.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag};

use crate::assets::{self, Assets, UrlKind, is_remote, markdown_options};
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::model::{Text, slug};
use crate::source::{SourceMap, Span};

/// Stands for the path from a page to the site root; replaced per page.
pub const ROOT_TOKEN: &str = "@@WPROOT@@";

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

/// Tables of the prose, as the site's own: header cells with `scope`,
/// alignment by class (the CSP forbids `style` attributes), a scrolling wrapper.
/// Text is escaped by then, so these tags can only be the renderer's.
fn accessible_tables(html: &str) -> String {
    if !html.contains("<table>") {
        return html.to_string();
    }
    let mut out = html
        .replace("<table>", "<div class=\"table-wrap\"><table>")
        .replace("</table>", "</table></div>");
    for align in ["left", "center", "right"] {
        out = out.replace(
            &format!(" style=\"text-align: {align}\""),
            &format!(" class=\"align-{align}\""),
        );
    }
    // Header cells are column headers.
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(start) = rest.find("<thead>") {
        let end = rest[start..]
            .find("</thead>")
            .map(|e| start + e)
            .unwrap_or(rest.len());
        result.push_str(&rest[..start]);
        result.push_str(
            &rest[start..end]
                .replace("<th>", "<th scope=\"col\">")
                .replace("<th class=", "<th scope=\"col\" class="),
        );
        rest = &rest[end..];
    }
    result.push_str(rest);
    result
}

/// A relative path as a URL: every byte but letters, digits, `-._~/` as `%XX`.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl MdRenderer<'_> {
    /// Span of `range` in the text, when it maps to the file; else the whole value.
    fn span_of(&self, text: &Text, range: std::ops::Range<usize>) -> Span {
        match text.file {
            Some(file) => Span::new(file, range),
            None => text.span,
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
        let body = if text.body.chars().any(super::text::is_forbidden_control) {
            cleaned = text
                .body
                .chars()
                .map(|c| {
                    if super::text::is_forbidden_control(c) {
                        ' '
                    } else {
                        c
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
        let mut used_ids: Vec<String> = Vec::new();

        let parsed: Vec<(Event, std::ops::Range<usize>)> =
            Parser::new_ext(body, markdown_options())
                .into_offset_iter()
                .collect();
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
                    let mut id = format!("{prefix}-{text_slug}");
                    let mut n = 2;
                    while used_ids.contains(&id) {
                        id = format!("{prefix}-{text_slug}-{n}");
                        n += 1;
                    }
                    used_ids.push(id.clone());
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
                    let new = format!("{prefix}-{label}");
                    edits.push((range.clone(), format!("[^{new}]")));
                    events.push(Event::FootnoteReference(CowStr::from(new)));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let new = format!("{prefix}-{label}");
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
                            self.diags.push(Diagnostic::error(
                                "markdown-link",
                                self.span_of(text, range.clone()),
                                msg("markdown-link", &[("url", &dest_url)]),
                            ));
                            replace_dest(&mut edits, body, &range, &dest_url, "#");
                            CowStr::from("#")
                        }
                        _ => dest_url,
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
                            Diagnostic::error(
                                "remote-image",
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
                                self.diags.push(Diagnostic::error(
                                    "markdown-link",
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
                    replace_dest(&mut edits, body, &range, &dest_url, &md_dest);
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
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        let html = accessible_tables(&html);
        Prose {
            md: apply_edits(body, edits),
            html,
        }
    }

    fn copy_image(&mut self, base: &str, url: &str, span: Span) -> Option<String> {
        // Drop any query or fragment; `%20` and friends are how Markdown writes spaces.
        let joined = assets::image_path(base, url);
        let read = assets::normalise(&joined).and_then(|rel| self.assets.binary(&rel).map(|_| rel));
        match read {
            Ok(rel) => {
                if !self.images.contains(&rel) {
                    self.images.push(rel.clone());
                }
                Some(rel)
            }
            Err(problem) => {
                let shown = self.sources.display(&joined);
                self.diags.push(Diagnostic::error(
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
        p.md = p.md.trim().to_string();
        p
    }
}

/// `level` moved by `by` (down when positive), kept within h1..h6.
fn shifted(level: HeadingLevel, by: i8) -> HeadingLevel {
    let n = (level as i8 + by).clamp(1, 6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// Edits that turn the heading at `range` into an ATX heading of `level`,
/// touching only its marks so that edits inside the heading text still apply.
fn md_heading_edits(
    body: &str,
    range: std::ops::Range<usize>,
    level: HeadingLevel,
) -> Vec<(std::ops::Range<usize>, String)> {
    let hashes = "#".repeat(level as usize);
    let source = &body[range.clone()];
    let indent = source.len() - source.trim_start().len();
    let marks = source[indent..].chars().take_while(|c| *c == '#').count();
    if marks > 0 {
        let at = range.start + indent;
        return vec![(at..at + marks, hashes)];
    }
    // Setext: a single text line becomes ATX; the underline goes.
    let lines: Vec<&str> = source.trim_end_matches('\n').lines().collect();
    if lines.len() != 2 {
        return Vec::new();
    }
    let underline_start = range.start + lines[0].len() + 1;
    let underline_end = underline_start + lines[1].len();
    vec![
        (range.start..range.start, format!("{hashes} ")),
        (range.start + lines[0].len()..underline_end, String::new()),
    ]
}

fn replace_dest(
    edits: &mut Vec<(std::ops::Range<usize>, String)>,
    body: &str,
    range: &std::ops::Range<usize>,
    old: &str,
    new: &str,
) {
    if old.is_empty() {
        return;
    }
    let slice = &body[range.clone()];
    if let Some(pos) = slice.rfind(old) {
        let at = range.start + pos;
        edits.push((at..at + old.len(), new.to_string()));
    }
}

fn apply_edits(body: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(body.len());
    let mut pos = 0;
    for (r, rep) in edits {
        if r.start < pos {
            continue; // overlapping edit (a nested construct): the outer one wins
        }
        out.push_str(&body[pos..r.start]);
        out.push_str(&rep);
        pos = r.end;
    }
    out.push_str(&body[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn render(md: &str, prefix: &str, demote: u8) -> (Prose, Vec<&'static str>) {
        let mut assets = Assets::default();
        assets
            .binaries
            .insert("img.png".into(), Ok(b"png".to_vec()));
        let mut sources = SourceMap::default();
        let file = sources.add("chapter.md".into(), "chapter.md".into(), md.into());
        let text = Text {
            body: md.into(),
            file: Some(file),
            span: Span::file_start(FileId(file.0)),
        };
        let mut diags = Diagnostics::default();
        let mut r = MdRenderer {
            sources: &sources,
            assets: &assets,
            diags: &mut diags,
            images: vec![],
        };
        let p = r.render(&text, prefix, demote);
        let codes = diags.iter().map(|d| d.code).collect();
        (p, codes)
    }

    #[test]
    fn hostile_markup_never_reaches_the_html() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<p style=\"color:red\">x</p>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "![x](data:image/svg+xml;base64,PHN2Zz4=)",
            "[x](vbscript:msgbox)",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
        ];
        for a in attacks {
            let (p, _) = render(a, "c", 0);
            assert_safe_html(&p.html, a);
        }
    }

    /// Every tag is one Markdown produces; no event handler, style or bad URL.
    pub(crate) fn assert_safe_html(html: &str, input: &str) {
        const ALLOWED: &[&str] = &[
            "p",
            "a",
            "em",
            "strong",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "img",
            "blockquote",
            "hr",
            "br",
            "sup",
            "div",
            "del",
            "section",
        ];
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            let tag_text = &rest[i + 1..];
            let end = tag_text.find('>').unwrap_or(tag_text.len());
            let tag = &tag_text[..end];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                ALLOWED.contains(&name.as_str()),
                "{input:?} produced tag <{tag}> in {html}"
            );
            let lower = tag.to_ascii_lowercase();
            assert!(
                !lower.contains(" on") && !lower.contains("style="),
                "{input:?} produced <{tag}>"
            );
            for attr in ["href=\"", "src=\""] {
                if let Some(j) = lower.find(attr) {
                    let v = &lower[j + attr.len()..];
                    assert!(
                        !v.starts_with("javascript:")
                            && !v.starts_with("data:")
                            && !v.starts_with("vbscript:"),
                        "{input:?} produced <{tag}>"
                    );
                }
            }
            rest = &tag_text[end..];
        }
    }

    #[test]
    fn refused_urls_are_reported() {
        let (_, codes) = render("[x](javascript:alert(1))", "c", 0);
        assert_eq!(codes, vec!["markdown-link"]);
        let (_, codes) = render("![logo](https://example.org/x.png)", "c", 0);
        assert_eq!(codes, vec!["remote-image"]);
        let (_, codes) = render("![missing](nope.png)", "c", 0);
        assert_eq!(codes, vec!["file-not-found"]);
        let (_, codes) = render("![up](../../etc/passwd)", "c", 0);
        assert_eq!(codes, vec!["path-outside-plan"]);
    }

    #[test]
    fn safe_links_and_relative_images_are_kept() {
        let (p, codes) = render(
            "[a](https://example.org) [b](mailto:x@example.org) [c](#sec) ![i](img.png)",
            "c",
            0,
        );
        assert!(codes.is_empty(), "{codes:?}");
        assert!(p.html.contains("href=\"https://example.org\""));
        assert!(p.html.contains("href=\"mailto:x@example.org\""));
        assert!(
            p.html
                .contains(&format!("src=\"{ROOT_TOKEN}assets/files/img.png\""))
        );
        assert!(p.md.contains("](html/assets/files/img.png)"));
    }

    #[test]
    fn headings_are_demoted_and_ids_prefixed() {
        let (p, _) = render(
            "# Popolazione\n\ntext\n\nBisogni\n-------\n\n## Popolazione\n",
            "contesto",
            2,
        );
        assert!(
            p.html
                .contains("<h2 id=\"contesto-popolazione\">Popolazione</h2>"),
            "{}",
            p.html
        );
        assert!(
            p.html.contains("<h3 id=\"contesto-bisogni\">Bisogni</h3>"),
            "{}",
            p.html
        );
        assert!(
            p.html.contains("<h3 id=\"contesto-popolazione-2\">"),
            "{}",
            p.html
        );
        assert!(p.md.starts_with("### Popolazione\n"), "{}", p.md);
        assert!(p.md.contains("#### Bisogni\n"), "{}", p.md);
        // Nesting is relative: prose that starts at `##` or `######` starts at the top.
        let (p, _) = render("###### Deep", "c", 3);
        assert!(p.html.contains("<h2"), "{}", p.html);
        assert!(p.md.starts_with("#### Deep"), "{}", p.md);
        let (p, _) = render("## A\n\n### B\n\n##### C\n", "c", 2);
        assert!(
            p.html.contains("<h2 id=\"c-a\">")
                && p.html.contains("<h3 id=\"c-b\">")
                && p.html.contains("<h5 id=\"c-c\">"),
            "{}",
            p.html
        );
        assert!(
            p.md.contains("### A\n") && p.md.contains("#### B\n") && p.md.contains("###### C\n"),
            "{}",
            p.md
        );
    }

    #[test]
    fn prose_tables_get_header_scopes_and_no_style_attributes() {
        let (p, _) = render(
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n| x |\n|---|\n| y |\n",
            "c",
            0,
        );
        assert!(!p.html.contains("style="), "{}", p.html);
        assert!(
            p.html
                .contains("<th scope=\"col\" class=\"align-left\">a</th>"),
            "{}",
            p.html
        );
        assert!(
            p.html.contains("<td class=\"align-right\">2</td>"),
            "{}",
            p.html
        );
        assert!(p.html.contains("<th scope=\"col\">x</th>"), "{}", p.html);
        assert_eq!(
            p.html.matches("<div class=\"table-wrap\"><table>").count(),
            2
        );
    }

    #[test]
    fn percent_escapes_in_paths_are_decoded() {
        assert_eq!(
            assets::percent_decode("img%20dir/a%20b.svg"),
            "img dir/a b.svg"
        );
        assert_eq!(assets::percent_decode("citt%C3%A0.png"), "città.png");
        assert_eq!(assets::percent_decode("100%"), "100%");
        assert_eq!(assets::percent_decode("%zz"), "%zz");
        assert_eq!(
            percent_encode_path("img dir/città (1).png"),
            "img%20dir/citt%C3%A0%20%281%29.png"
        );
        assert_eq!(
            assets::percent_decode(&percent_encode_path("a b/ç.png")),
            "a b/ç.png"
        );
    }

    #[test]
    fn footnotes_are_namespaced_by_chapter() {
        let (p, _) = render("Testo[^1].\n\n[^1]: Nota.\n", "contesto", 0);
        assert!(p.html.contains("href=\"#contesto-1\""), "{}", p.html);
        assert!(p.html.contains("id=\"contesto-1\""), "{}", p.html);
        assert!(p.md.contains("Testo[^contesto-1]."), "{}", p.md);
        assert!(p.md.contains("[^contesto-1]: Nota."), "{}", p.md);
    }

    #[test]
    fn raw_html_becomes_text_in_markdown_too() {
        let (p, _) = render("a <b onclick=x>bold</b>\n\n<div>block</div>\n", "c", 0);
        assert!(!p.md.contains("<b"), "{}", p.md);
        assert!(!p.md.contains("<div"), "{}", p.md);
        assert!(p.html.contains("&lt;b onclick=x&gt;"), "{}", p.html);
    }
}
