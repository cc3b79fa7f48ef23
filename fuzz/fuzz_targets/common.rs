//! What every target asserts on what the tool produced, and how it runs a plan.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use welfare_plan::diag::{ColorChoice, MessageFormat, render_all};
use welfare_plan::i18n::Lang;

/// A scratch plan folder of this process, in memory when /dev/shm exists.
pub fn scratch() -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
    let dir = PathBuf::from(format!("{base}/welfare-plan-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Loads, checks and renders the plan in `dir` in memory, and shows its
/// diagnostics in every format: none of it may panic, and what is rendered
/// must be inert.
pub fn run_plan(dir: &Path) {
    let mut a = welfare_plan::app::analyse(dir);
    let _ = a.diags.exit_code(true);
    if let (Some(plan), Some(summary)) = (a.plan.take(), &a.summary)
        && !a.diags.has_errors()
    {
        let _ = welfare_plan::render::summary::text(&plan, summary);
        let _ = welfare_plan::render::summary::json(summary);
        let kept = welfare_plan::output::Collect::default();
        if welfare_plan::render::render_into(plan, summary, &a.assets, &a.sources, &mut a.diags, &kept, Default::default())
        {
            for o in &kept.into_sorted() {
                let text = String::from_utf8_lossy(&o.bytes);
                if o.path.ends_with(".html") {
                    assert_html_is_safe(&o.path, &text);
                } else if o.path.ends_with(".md") && !o.path.starts_with("annexes/") {
                    assert_markdown_is_inert(&o.path, &text);
                }
            }
        }
    }
    a.diags.sort();
    for format in [MessageFormat::Human, MessageFormat::Json, MessageFormat::Github] {
        let mut sink = Vec::new();
        render_all(&a.diags, &a.sources, format, ColorChoice::Never, Lang::It, &mut sink).unwrap();
    }
}

const TAGS: &[&str] = &[
    "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer", "section",
    "article", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "p", "a", "ul", "ol", "li", "div",
    "span", "strong", "em", "code", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr",
    "th", "td", "dl", "dt", "dd", "figure", "figcaption", "svg", "desc", "g", "rect", "text",
    "defs", "pattern", "circle",
    "img", "sup", "blockquote", "hr", "br", "del", "script", "small", "abbr", "details",
    "summary", "time", "input", "label", "line", "path", "title",
];

/// No element, attribute or URL from the input in a page: only the
/// renderer's own tags, no event handler or style attribute, no script URL,
/// and the only script the JSON-LD block.
pub fn assert_html_is_safe(path: &str, html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        rest = &after[end..];
        if tag.starts_with('!') {
            assert!(tag.starts_with("!DOCTYPE"), "{path}: <{tag}>");
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(TAGS.contains(&name.as_str()), "{path}: tag <{tag}>");
        let lower = tag.to_ascii_lowercase();
        if name == "script" && !tag.starts_with('/') {
            assert_eq!(tag, "script type=\"application/ld+json\"", "{path}");
            let body_end = rest.find("</script>").expect("closed");
            assert!(!rest[..body_end].contains('<'), "{path}: markup in JSON-LD");
        }
        if !lower.starts_with("meta http-equiv") {
            assert_attributes_are_inert(path, tag, false);
        }
    }
}

/// Attributes of a tag, as (name, value), quotes honoured.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let name = tag[start..i].to_ascii_lowercase();
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i += 1;
                let vs = i;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = tag[vs..i.min(b.len())].to_string();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = tag[vs..i].to_string();
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

/// No event handler, no style (but CommonMark's own alignment when allowed),
/// no script or data URL in a URL attribute.
fn assert_attributes_are_inert(path: &str, tag: &str, alignment_allowed: bool) {
    for (name, value) in attributes(tag) {
        assert!(!name.starts_with("on"), "{path}: <{tag}>");
        if name == "style" {
            assert!(
                alignment_allowed && value.starts_with("text-align: "),
                "{path}: <{tag}>"
            );
        }
        if matches!(name.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href") {
            let url: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase()
                .replace("&#x3a;", ":")
                .replace("&#58;", ":");
            for bad in ["javascript:", "data:", "vbscript:"] {
                assert!(!url.starts_with(bad), "{path}: <{tag}>");
            }
        }
    }
}

/// Markdown published through a renderer that allows raw HTML: only the
/// elements Markdown itself makes, and no live URL.
pub fn assert_markdown_is_inert(path: &str, md: &str) {
    const MARKDOWN_TAGS: &[&str] = &[
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "a", "em", "strong", "code",
        "pre", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr", "br", "img", "del",
        "sup", "sub", "section", "div", "input", "span", "dl", "dt", "dd",
    ];
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::all()),
    );
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        rest = &after[end..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(MARKDOWN_TAGS.contains(&name.as_str()), "{path}: <{tag}> in\n{md}");
        assert_attributes_are_inert(path, tag, true);
    }
}
