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
        assert_markdown_output_is_inert(&name, &block.md);
        let inline = md.render_inline(&text, "c");
        assert_markdown_output_is_inert(&name, &inline.md);
        assert_markdown_output_is_inert(&name, &format!("- {}\n", inline.md));
    }
    assert!(
        found >= 2,
        "the findings are kept under tests/fixtures/fuzz/markdown"
    );
}
