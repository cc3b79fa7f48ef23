use super::*;
use crate::source::FileId;

fn render(md: &str, prefix: &str, demote: u8) -> (Prose, Vec<&'static str>) {
    let mut assets = Assets::default();
    assets
        .binaries
        .insert("img.png".into(), Ok(b"\x89PNG\r\n\x1a\n".to_vec()));
    assets.binaries.insert(
        "evil.svg".into(),
        Ok(b"<svg onload=alert(1)></svg>".to_vec()),
    );
    assets
        .binaries
        .insert("page.html".into(), Ok(b"<html><script>x</script>".to_vec()));
    assets.linked_files.insert("notes.toml".into());
    assets.linked_files.insert("annex.pdf".into());
    assets.annex_files.insert("annex.pdf".into());
    let mut sources = SourceMap::default();
    let file = sources.add("chapter.md".into(), "chapter.md".into(), md.into());
    let text = Text {
        body: md.into(),
        file: Some(file),
        verbatim_at: None,
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
    let codes = diags.iter().map(|d| d.code.as_str()).collect();
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

#[test]
fn footnote_labels_are_written_safely() {
    let (p, _) = render("Note[^<script>].\n\n[^<script>]: text\n", "c", 1);
    assert!(p.md.contains("[^c-_3cscript_3e]"), "{}", p.md);
    assert!(!p.md.contains("<script>"), "{}", p.md);
    assert!(!p.html.contains("<script>"), "{}", p.html);
}

#[test]
fn many_identical_headings_get_distinct_ids_in_one_pass() {
    let md = "## Same\n\n".repeat(20_000);
    let (p, _) = render(&md, "c", 1);
    assert!(p.html.contains("id=\"c-same\""));
    assert!(p.html.contains("id=\"c-same-2\""));
    assert!(p.html.contains("id=\"c-same-20000\""));
    assert!(!p.html.contains("id=\"c-same-20001\""));
}

#[test]
fn every_angle_bracket_of_markdown_is_an_entity_but_autolinks_and_escapes() {
    let (p, _) = render(
        "<img src=x onerror=alert(1) title=<x>> and \\<kept\n\n```\n<code>\n```\n",
        "c",
        1,
    );
    assert!(!p.md.contains("<img"), "{}", p.md);
    assert!(p.md.contains("\\<kept"), "{}", p.md);
    // Code too: a renderer of another dialect might not see it as code.
    assert!(p.md.contains("```\n&lt;code>\n```"), "{}", p.md);
    let (p, _) = render("two backslashes \\\\<script>", "c", 1);
    assert!(p.md.contains("\\\\&lt;script>"), "{}", p.md);
    let (p, _) = render("See <https://example.org>.", "c", 1);
    assert!(p.md.contains("<https://example.org>"), "{}", p.md);
}

#[test]
fn only_safe_images_and_published_files_are_linked() {
    let (_, codes) = render("![x](evil.svg)", "c", 0);
    assert_eq!(codes, vec!["unsafe-image"]);
    let (_, codes) = render("![x](page.html)", "c", 0);
    assert_eq!(codes, vec!["unsafe-image"]);
    let (p, codes) = render("[notes](notes.toml)", "c", 0);
    assert_eq!(codes, vec!["link-to-plan-file"]);
    assert!(p.md.contains("[notes](#)"), "{}", p.md);
    let (_, codes) = render("[annex](annex.pdf) [page](process.html)", "c", 0);
    assert!(codes.is_empty(), "{codes:?}");
}

/// Found by fuzzing: an indented code block in a short field lost its
/// indentation when trimmed, and its `<script>` became live Markdown HTML.
#[test]
fn an_inline_field_keeps_code_inert_wherever_it_is_placed() {
    let mut sources = SourceMap::default();
    let body = "\u{3}\u{1}\0\0\u{8}u\0# <script>alert('h')</script>\n\n```\n<b>x</b>\n```\n";
    let file = sources.add("c.md".into(), "c.md".into(), body.into());
    let assets = Assets::default();
    let mut diags = Diagnostics::default();
    let mut r = MdRenderer {
        sources: &sources,
        assets: &assets,
        diags: &mut diags,
        images: vec![],
    };
    let text = Text {
        body: body.into(),
        file: Some(file),
        verbatim_at: None,
        span: Span::file_start(file),
    };
    let p = r.render_inline(&text, "c");
    assert!(!p.md.contains("<script>"), "{}", p.md);
    assert!(!p.md.contains("<b>"), "{}", p.md);
    // Placed in a list item, as templates do, it is still inert.
    let mut html = String::new();
    let item = format!("- {}\n", p.md);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&item));
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
}

#[test]
fn refused_destinations_are_fragments_in_markdown_whatever_the_parser() {
    for md in [
        "[evil]: javascript:alert(1)\n",
        "  [e\\]vil]:\n  <JavaScript:alert(1)>\n",
        "[x](  javascript&#58;alert(1))",
        "[x](java\\script&colon;alert(1))",
        "<div>\n[x](data:text/html,hi)\n</div>\n",
    ] {
        let out = super::source_edits::neutralise_destinations(md);
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(
                &format!("{out}\n[evil] [e\\]vil]"),
                pulldown_cmark::Options::all(),
            ),
        );
        let lower = html.to_ascii_lowercase();
        assert!(
            !lower.contains("href=\"javascript") && !lower.contains("href=\"data"),
            "{md:?} → {out:?} → {html}"
        );
    }
    // Safe destinations and prose are left alone.
    let fine = "[a](https://example.org) Data: 13/11/2012.\n[r]: mailto:x@example.org\n";
    assert_eq!(super::source_edits::neutralise_destinations(fine), fine);
}
