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
    let first_line = source.lines().next().unwrap_or("");
    // A trailing `{…}` is an attribute block (`{#id onclick=…}`) for the
    // Markdown renderers that read them (a backslash does not stop them):
    // its `{` as an entity stays text everywhere, and reads `{`.
    let brace = attribute_brace(first_line).map(|at| {
        let at = range.start + at;
        (at..at + 1, "&#123;".to_string())
    });
    if marks > 0 {
        let at = range.start + indent;
        return std::iter::once((at..at + marks, hashes))
            .chain(brace)
            .collect();
    }
    // Setext: a single text line becomes ATX; the underline goes.
    let lines: Vec<&str> = source.trim_end_matches('\n').lines().collect();
    if lines.len() != 2 {
        return brace.into_iter().collect();
    }
    let underline_start = range.start + lines[0].len() + 1;
    let underline_end = underline_start + lines[1].len();
    [
        (range.start..range.start, format!("{hashes} ")),
        (range.start + lines[0].len()..underline_end, String::new()),
    ]
    .into_iter()
    .chain(brace)
    .collect()
}

/// Where the `{` of a heading line's trailing attribute block is, if the
/// line ends with one (before a closing sequence of `#`).
fn attribute_brace(line: &str) -> Option<usize> {
    let t = line.trim_end();
    let t = t.trim_end_matches('#').trim_end();
    if !t.ends_with('}') {
        return None;
    }
    t.rfind('{')
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

/// A safety net over the finished Markdown: wherever any parser could read
/// a link destination — after `](`, or in a reference definition — one with
/// a refused scheme (`javascript:`, also written with entities or escapes)
/// becomes a fragment (`#javascript:…`), which no browser runs. Parsers
/// disagree on what is a link; this does not depend on any of them.
pub(super) fn neutralise_destinations(md: &str) -> String {
    use std::sync::OnceLock;
    static STARTS: OnceLock<regex::Regex> = OnceLock::new();
    let starts = STARTS.get_or_init(|| {
        regex::Regex::new(
            r"(?m)(?:\]\([ \t]*\n?[ \t]*<?)|(?:^[ ]{0,3}\[(?:[^\]\\\n]|\\.)*\]:[ \t]*\n?[ \t]*<?)",
        )
        .expect("valid pattern")
    });
    let mut inserts: Vec<usize> = Vec::new();
    for m in starts.find_iter(md) {
        let rest = &md[m.end()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
            .unwrap_or(rest.len());
        let dest = decode_destination(&rest[..end]);
        if matches!(
            crate::assets::url_kind(&dest),
            crate::assets::UrlKind::Refuse
        ) {
            inserts.push(m.end());
        }
    }
    if inserts.is_empty() {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len() + inserts.len());
    let mut pos = 0;
    for at in inserts {
        out.push_str(&md[pos..at]);
        out.push('#');
        pos = at;
    }
    out.push_str(&md[pos..]);
    out
}

/// A destination as a Markdown parser would hand it to a browser: backslash
/// escapes and character references (`&#58;`, `&#x3A;`, `&colon;`) decoded.
fn decode_destination(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '\\' && rest.len() > 1 {
            let next = rest[1..].chars().next().unwrap_or('\\');
            out.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        if c == '&'
            && let Some(end) = rest.find(';')
        {
            let entity = &rest[1..end];
            let decoded = if let Some(hex) = entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
            {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = entity.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match entity.to_ascii_lowercase().as_str() {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    _ => None,
                }
            };
            if let Some(d) = decoded {
                out.push(d);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
