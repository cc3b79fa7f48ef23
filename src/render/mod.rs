//! Rendering: formatting, Markdown, HTML, data. Receives a finished model and
//! summary; never reads the plan's TOML.

pub mod data;
pub mod format;
pub mod markdown;
pub mod summary;

use crate::compute::Summary;
use crate::diag::Diagnostics;
use crate::load::FileAccess;
use crate::model::Plan;
use crate::source::SourceMap;

/// Renders every output in memory, reporting problems (templates, Markdown links).
pub fn render_all(
    _plan: &Plan,
    _summary: &Summary,
    _files: &FileAccess,
    _sources: &SourceMap,
    _diags: &mut Diagnostics,
) {
}
