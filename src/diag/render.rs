//! Diagnostics to text: rustc-style snippets, JSON lines, GitHub annotations.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Severity, escape_controls, msg};
use crate::i18n::Lang;
use crate::source::SourceMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Where a diagnostic points, as the user reads it.
struct Location {
    file: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn locate(d: &Diagnostic, sources: &SourceMap) -> Location {
    match d.span {
        Some(span) => {
            let f = sources.get(span.file);
            let (line, column) = f.line_col(span.start);
            let (end_line, end_column) = f.line_col(span.end);
            Location {
                file: Some(escape_controls(&f.display)),
                line,
                column,
                end_line,
                end_column,
            }
        }
        None => Location {
            file: d.path.as_deref().map(escape_controls),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
        },
    }
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: String,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    help: Option<String>,
    allowed: bool,
}

fn json_line(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    let loc = locate(d, sources);
    let has = d.span.is_some();
    let j = JsonDiagnostic {
        severity: d.severity,
        code: d.code.as_str(),
        message: escape_controls(&d.message.text(lang)),
        file: loc.file,
        line: has.then_some(loc.line),
        column: has.then_some(loc.column),
        end_line: has.then_some(loc.end_line),
        end_column: has.then_some(loc.end_column),
        help: d.help.as_ref().map(|h| escape_controls(&h.text(lang))),
        allowed: d.allowed,
    };
    serde_json::to_string(&j).unwrap_or_default()
}

/// GitHub's workflow-command escaping: data escapes `%`, CR, LF; properties also `:` and `,`.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github_line(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    let loc = locate(d, sources);
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(f) = &loc.file {
        props.push(format!("file={}", gh_prop(f)));
    }
    if d.span.is_some() {
        props.push(format!("line={}", loc.line));
        props.push(format!("col={}", loc.column));
        props.push(format!("endLine={}", loc.end_line));
        props.push(format!("endColumn={}", loc.end_column));
    }
    props.push(format!("title={}", gh_prop(d.code.as_str())));
    let mut text = escape_controls(&d.message.text(lang));
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(&escape_controls(&h.text(lang)));
    }
    format!("::{kind} {}::{}", props.join(","), gh_data(&text))
}

/// Warnings the plan accepts are listed briefly: a line and a location.
fn human_allowed(d: &Diagnostic, sources: &SourceMap, lang: Lang) -> String {
    let loc = locate(d, sources);
    let place = match (&loc.file, d.span.is_some()) {
        (Some(f), true) => format!("{f}:{}:{}", loc.line, loc.column),
        (Some(f), false) => f.clone(),
        _ => String::new(),
    };
    format!(
        "warning[{}]: {} ({})\n  --> {place}",
        d.code,
        escape_controls(&d.message.text(lang)),
        msg("note-allowed-short", &[]).text(lang)
    )
}

fn human(d: &Diagnostic, sources: &SourceMap, renderer: &Renderer, lang: Lang) -> String {
    if d.allowed {
        return human_allowed(d, sources, lang);
    }
    let message = escape_controls(&d.message.text(lang));
    let help = d.help.as_ref().map(|h| escape_controls(&h.text(lang)));
    let related: Vec<(crate::source::Span, String)> = d
        .related
        .iter()
        .map(|(s, label)| (*s, label.text(lang)))
        .collect();
    let span = match d.span {
        None => return plain_block(d, &message, d.path.as_deref(), help.as_deref()),
        Some(span) if sources.get(span.file).text.is_empty() => {
            // A file with no text to show (a folder, a FIFO): its path is enough.
            let loc = locate(d, sources);
            let place = format!(
                "{}:{}:{}",
                loc.file.unwrap_or_default(),
                loc.line,
                loc.column
            );
            return plain_block(d, &message, Some(&place), help.as_deref());
        }
        Some(span) => span,
    };
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(message.as_str()).id(d.code.as_str());
    let f = sources.get(span.file);
    // A file name may hold control characters: never raw on a terminal or in a CI log.
    let shown = escape_controls(&f.display);
    let related_paths: Vec<String> = related
        .iter()
        .map(|(rspan, _)| escape_controls(&sources.get(rspan.file).display))
        .collect();
    // The renderer is handed the lines each span touches, never the whole
    // file: a diagnostic costs its own lines, so thousands of them stay fast.
    // A related place close by shares the snippet, as rustc shows it.
    let near = |r: &crate::source::Span| {
        r.file == span.file && r.start.max(span.end).abs_diff(r.end.min(span.start)) <= NEAR
    };
    let (from, to) = related
        .iter()
        .filter(|(r, _)| near(r))
        .fold((span.start, span.end), |(a, b), (r, _)| {
            (a.min(r.start), b.max(r.end))
        });
    let window = Window::of(f, from, to);
    let mut snippet = window
        .snippet(shown.as_str())
        .annotation(AnnotationKind::Primary.span(window.range(span.start, span.end)));
    let mut others = Vec::new();
    for ((rspan, label), rpath) in related.iter().zip(&related_paths) {
        if near(rspan) {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(window.range(rspan.start, rspan.end))
                    .label(label.as_str()),
            );
        } else {
            let rw = Window::of(sources.get(rspan.file), rspan.start, rspan.end);
            others.push(
                rw.snippet(rpath.as_str()).annotation(
                    AnnotationKind::Context
                        .span(rw.range(rspan.start, rspan.end))
                        .label(label.as_str()),
                ),
            );
        }
    }
    let mut group: Group = title.element(snippet);
    for o in others {
        group = group.element(o);
    }
    if let Some(h) = &help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    renderer.render(&[group])
}

/// Places this close (in bytes) share one snippet.
const NEAR: usize = 2048;
/// At most this many diagnostics of one file are drawn as snippets; the rest
/// are counted (JSON and GitHub output list them all).
const MAX_SHOWN_PER_FILE: usize = 200;

/// The whole lines of a file that a byte range touches.
struct Window<'a> {
    text: &'a str,
    /// Where the lines start in the file, and the number of the first.
    offset: usize,
    line: usize,
}

impl<'a> Window<'a> {
    fn of(f: &'a crate::source::SourceFile, start: usize, end: usize) -> Self {
        let text = f.text.as_str();
        let r = char_range(text, start, end);
        let offset = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let stop = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
        Window {
            text: &text[offset..stop],
            offset,
            line: f.line_col(r.start).0,
        }
    }

    fn snippet(&self, path: &'a str) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
        Snippet::source(self.text).line_start(self.line).path(path)
    }

    /// A range of the file as a range of the window.
    fn range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let s = start.saturating_sub(self.offset);
        let e = end.saturating_sub(self.offset);
        char_range(self.text, s, e)
    }
}

/// A byte range widened to character boundaries and clamped to the text, as
/// the snippet renderer needs (a span may start inside a replaced bad byte).
fn char_range(text: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// A diagnostic without a snippet: the title, the place, the help.
fn plain_block(d: &Diagnostic, message: &str, place: Option<&str>, help: Option<&str>) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut text = format!("{severity}[{}]: {message}", d.code);
    if let Some(p) = place.filter(|p| !p.is_empty()) {
        text.push_str(&format!("\n  --> {}", escape_controls(p)));
    }
    if let Some(h) = help {
        text.push_str(&format!("\n  = help: {h}"));
    }
    text
}

/// Writes every diagnostic, then (human format) a closing count line.
pub fn render_all(
    diags: &Diagnostics,
    sources: &SourceMap,
    format: MessageFormat,
    color: ColorChoice,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        MessageFormat::Json => {
            for d in diags.iter() {
                writeln!(out, "{}", json_line(d, sources, lang))?;
            }
        }
        MessageFormat::Github => {
            for d in diags.iter() {
                writeln!(out, "{}", github_line(d, sources, lang))?;
            }
        }
        MessageFormat::Human => {
            let styled = match color {
                ColorChoice::Never => false,
                ColorChoice::Always => true,
                // `main` settles `auto` from the environment; left as it is, plain.
                ColorChoice::Auto => false,
            };
            let renderer = if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            let mut shown: std::collections::HashMap<Option<crate::source::FileId>, usize> =
                std::collections::HashMap::new();
            let mut hidden: std::collections::BTreeMap<String, usize> = Default::default();
            for d in diags.iter() {
                let file = d.span.map(|s| s.file);
                let n = shown.entry(file).or_default();
                *n += 1;
                if file.is_some() && *n > MAX_SHOWN_PER_FILE {
                    let name = locate(d, sources).file.unwrap_or_default();
                    *hidden.entry(name).or_default() += 1;
                    continue;
                }
                writeln!(out, "{}\n", human(d, sources, &renderer, lang))?;
            }
            for (file, n) in &hidden {
                writeln!(
                    out,
                    "{}\n",
                    msg(
                        "more-diagnostics",
                        &[("count", &n.to_string()), ("file", file)]
                    )
                    .text(lang)
                )?;
            }
            let errors = diags.count(Severity::Error);
            let warnings = diags.count(Severity::Warning);
            let accepted = warnings - diags.denied_warnings();
            if errors + warnings > 0 {
                let e = errors.to_string();
                let w = warnings.to_string();
                let a = accepted.to_string();
                let key = if accepted > 0 {
                    "summary-line-accepted"
                } else {
                    "summary-line"
                };
                writeln!(
                    out,
                    "{}",
                    msg(key, &[("errors", &e), ("warnings", &w), ("accepted", &a)]).text(lang)
                )?;
            }
            // Like rustc's `--explain` line: the codes shown, each once, in order.
            let mut codes: Vec<&str> = Vec::new();
            for d in diags.iter().filter(|d| !d.allowed) {
                if !codes.contains(&d.code.as_str()) {
                    codes.push(d.code.as_str());
                }
            }
            if !codes.is_empty() {
                let list = codes.join(", ");
                writeln!(
                    out,
                    "{}",
                    msg("explain-hint", &[("codes", &list)]).text(lang)
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_widened_to_character_boundaries() {
        let text = "id = \"a\u{fffd}\"";
        // The replacement character is bytes 7..10.
        assert_eq!(char_range(text, 7, 8), 7..10);
        assert_eq!(char_range(text, 8, 9), 7..10);
        assert_eq!(char_range(text, 100, 200), text.len()..text.len());
    }

    #[test]
    fn github_escaping_follows_the_workflow_command_rules() {
        assert_eq!(gh_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(gh_prop("a:b,c"), "a%3Ab%2Cc");
    }
}
