//! Markdown text → the renderer: the HTML holds no live element or URL, and
//! plan.md's Markdown stays inert through a renderer that allows raw HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use welfare_plan::assets::Assets;
use welfare_plan::diag::Diagnostics;
use welfare_plan::model::Text;
use welfare_plan::render::markdown::MdRenderer;
use welfare_plan::source::{SourceMap, Span};

#[path = "common.rs"]
mod common;

fuzz_target!(|text: &str| {
    let mut sources = SourceMap::default();
    let file = sources.add("c.md".into(), "c.md".into(), text.to_string());
    let mut assets = Assets::default();
    assets
        .binaries
        .insert("img.png".into(), Ok(b"\x89PNG\r\n\x1a\n".to_vec()));
    let text = Text {
        body: text.to_string(),
        file: Some(file),
        verbatim_at: None,
        span: Span::file_start(file),
    };
    let mut diags = Diagnostics::default();
    let mut md = MdRenderer {
        sources: &sources,
        assets: &assets,
        diags: &mut diags,
        images: Vec::new(),
    };
    for demote in [0, 2] {
        let prose = md.render(&text, "c", demote);
        common::assert_html_is_safe("html", &prose.html);
        common::assert_markdown_is_inert("md", &prose.md);
        let inline = md.render_inline(&text, "c");
        common::assert_html_is_safe("inline html", &inline.html);
        common::assert_markdown_is_inert("inline md", &inline.md);
    }
});
