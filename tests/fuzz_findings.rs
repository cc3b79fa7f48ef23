//! Every input the fuzzers found a fault with, kept: each must now render
//! inert (see fuzz/ and the README's Fuzzing section).

use std::fs;

use welfare_plan::assets::Assets;
use welfare_plan::diag::Diagnostics;
use welfare_plan::model::Text;
use welfare_plan::render::markdown::MdRenderer;
use welfare_plan::source::{SourceMap, Span};

use crate::build::assert_markdown_output_is_inert;

#[test]
fn markdown_findings_render_inert_in_every_placement() {
    let mut found = 0;
    for entry in fs::read_dir("tests/fixtures/fuzz/markdown").unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        // As the fuzz target reads it (`arbitrary`'s `&str`): the valid UTF-8 prefix.
        let body = match std::str::from_utf8(&bytes) {
            Ok(s) => s.to_string(),
            Err(e) => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
        };
        found += 1;
        let mut sources = SourceMap::default();
        let file = sources.add("c.md".into(), "c.md".into(), body.clone());
        let assets = Assets::default();
        let mut diags = Diagnostics::default();
        let mut md = MdRenderer {
            sources: &sources,
            assets: &assets,
            diags: &mut diags,
            images: Vec::new(),
        };
        let text = Text {
            body,
            file: Some(file),
            verbatim_at: None,
            span: Span::file_start(file),
        };
        let name = path.display().to_string();
        let block = md.render(&text, "c", 2);
        let inline = md.render_inline(&text, "c");
        for published in [
            block.md.clone(),
            inline.md.clone(),
            format!("- {}\n", inline.md),
        ] {
            assert_markdown_output_is_inert(&name, &published);
            // As a renderer with every extension (heading attributes, raw
            // HTML) would publish it.
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&published, pulldown_cmark::Options::all()),
            );
            assert_rendered_markdown_is_inert(&name, &html);
        }
    }
    assert!(
        found >= 2,
        "the findings are kept under tests/fixtures/fuzz/markdown"
    );
}

/// What a renderer with every extension made of published Markdown: no
/// event attribute (`onclick`, from a heading's `{…}` block), no URL that
/// runs or embeds (a fragment such as `#javascript:` is only a fragment).
fn assert_rendered_markdown_is_inert(path: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    for (i, _) in lower.match_indices(" on") {
        let name: String = lower[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = &lower[i + 1 + name.len()..];
        assert!(
            !(name.len() > 2
                && after.starts_with('=')
                && lower[..i].rfind('<') > lower[..i].rfind('>')),
            "{path}: an event attribute `{name}` in {html}"
        );
    }
    for attr in ["href=\"", "src=\""] {
        for (i, _) in lower.match_indices(attr) {
            let url = &lower[i + attr.len()..];
            for bad in ["javascript:", "data:", "vbscript:"] {
                assert!(!url.starts_with(bad), "{path}: {bad} in {html}");
            }
        }
    }
}
