//! Edits to the Markdown source for plan.md: the same prose, rewritten where
//! the HTML side changed it (heading levels, refused links, copied images).

use pulldown_cmark::HeadingLevel;

/// Edits that turn the heading at `range` into an ATX heading of `level`,
/// touching only its marks so that edits inside the heading text still apply.
pub(super) fn md_heading_edits(
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

/// Replaces the last `old` inside `range`; false when it is not there.
pub(super) fn replace_dest(
    edits: &mut Vec<(std::ops::Range<usize>, String)>,
    body: &str,
    range: &std::ops::Range<usize>,
    old: &str,
    new: &str,
) -> bool {
    if old.is_empty() {
        return false;
    }
    let slice = &body[range.clone()];
    match slice.rfind(old) {
        Some(pos) => {
            let at = range.start + pos;
            edits.push((at..at + old.len(), new.to_string()));
            true
        }
        None => false,
    }
}

pub(super) fn apply_edits(body: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
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
