//! `welfare-plan explain CODE`: what a diagnostic means, why it matters, and a
//! wrong and a fixed example.
//!
//! The prose is in the catalogues (`src/i18n/explain-{en,it}.toml`, keys
//! `explain.CODE.title|means|why`); the examples are small plans, one file per
//! code under `src/explain/examples/`, shared by both languages and embedded
//! through the code catalogue ([`crate::diag::CODES`]). A test writes
//! every example to disk and runs it: the wrong one reports its code, the fixed
//! one checks clean.

use crate::diag::{CODES, CodeInfo, Exit};
use crate::i18n::{Lang, text};

/// One half of an example: the plan's files and the command run on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// Arguments after `welfare-plan`, run inside the plan folder (`.`).
    pub run: Vec<String>,
    /// A program the command needs on this machine (`chromium`), if any.
    pub needs: Option<String>,
    /// The plan's files in the order they are shown.
    pub files: Vec<(String, ExampleFile)>,
}

/// A file of an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExampleFile {
    /// UTF-8 text.
    Text(String),
    /// Text saved in Latin-1 (Windows-1252), as some Windows editors do.
    Latin1(String),
    /// A file of this many bytes (its content does not matter).
    Size(u64),
    /// A folder where a file is expected.
    Folder,
    /// Text in a file nobody may read (permissions 000).
    Unreadable(String),
}

impl ExampleFile {
    /// The bytes to write; `None` for a folder.
    pub fn bytes(&self) -> Option<Vec<u8>> {
        match self {
            ExampleFile::Text(t) | ExampleFile::Unreadable(t) => Some(t.as_bytes().to_vec()),
            // Every character the examples use is below U+0100, where Latin-1 is the code point.
            ExampleFile::Latin1(t) => {
                Some(t.chars().map(|c| u32::from(c).min(255) as u8).collect())
            }
            ExampleFile::Size(n) => Some(vec![b'#'; usize::try_from(*n).unwrap_or(0)]),
            ExampleFile::Folder => None,
        }
    }
}

/// The wrong and the fixed example of a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub wrong: Example,
    pub fixed: Example,
}

/// The example of `code`; `Err` describes a malformed example file (a bug,
/// caught by the tests).
pub fn case(code: &str) -> Option<Result<Case, String>> {
    Some(parse_case(crate::diag::info(code)?.example))
}

fn parse_case(source: &str) -> Result<Case, String> {
    let table: toml::Table = toml::from_str(source).map_err(|e| e.to_string())?;
    let half = |name: &str| -> Result<Example, String> {
        let t = table
            .get(name)
            .and_then(toml::Value::as_table)
            .ok_or(format!("no [{name}]"))?;
        parse_example(t).map_err(|e| format!("[{name}]: {e}"))
    };
    if let Some(extra) = table.keys().find(|k| *k != "wrong" && *k != "fixed") {
        return Err(format!("unknown key `{extra}`"));
    }
    Ok(Case {
        wrong: half("wrong")?,
        fixed: half("fixed")?,
    })
}

fn parse_example(t: &toml::Table) -> Result<Example, String> {
    let mut example = Example {
        run: vec!["check".into(), ".".into()],
        needs: None,
        files: Vec::new(),
    };
    for (key, value) in t {
        match (key.as_str(), value) {
            ("run", toml::Value::Array(args)) => {
                example.run = args
                    .iter()
                    .map(|a| a.as_str().map(str::to_owned).ok_or("run: not a string"))
                    .collect::<Result<_, _>>()?;
            }
            ("needs", toml::Value::String(s)) => example.needs = Some(s.clone()),
            ("files", toml::Value::Table(files)) => {
                for (path, spec) in files {
                    example.files.push((path.clone(), parse_file(spec)?));
                }
            }
            _ => return Err(format!("unexpected `{key}`")),
        }
    }
    Ok(example)
}

fn parse_file(spec: &toml::Value) -> Result<ExampleFile, String> {
    if let Some(s) = spec.as_str() {
        return Ok(ExampleFile::Text(s.to_owned()));
    }
    let t = spec.as_table().ok_or("a file is a string or a table")?;
    match t.iter().next() {
        Some((k, toml::Value::String(s))) if k == "latin1" && t.len() == 1 => {
            Ok(ExampleFile::Latin1(s.clone()))
        }
        Some((k, toml::Value::Integer(n))) if k == "size" && t.len() == 1 => {
            Ok(ExampleFile::Size(u64::try_from(*n).map_err(|e| e.to_string())?))
        }
        Some((k, toml::Value::Boolean(true))) if k == "folder" && t.len() == 1 => {
            Ok(ExampleFile::Folder)
        }
        Some((k, toml::Value::String(s))) if k == "unreadable" && t.len() == 1 => {
            Ok(ExampleFile::Unreadable(s.clone()))
        }
        _ => Err("a file table is { latin1 = \"…\" }, { size = N }, { folder = true } or { unreadable = \"…\" }".into()),
    }
}

/// The full explanation of `code` in `lang`, as printed by `explain CODE`.
pub fn explanation(code: &str, lang: Lang) -> Option<String> {
    let info = crate::diag::info(code)?;
    let case = case(code)?.ok()?;
    let key = |part: &str| text(lang, &format!("explain.{code}.{part}")).to_owned();
    let mut out = format!("{code}: {}\n{}\n\n", key("title"), kind(info, lang));
    for (heading, body) in [("means", key("means")), ("why", key("why"))] {
        out.push_str(text(lang, &format!("explain-label.{heading}")));
        out.push('\n');
        out.push_str(&indent(&wrap(body.trim_end(), 76)));
        out.push_str("\n\n");
    }
    out.push_str(text(lang, "explain-label.wrong"));
    out.push('\n');
    out.push_str(&show_example(&case.wrong, None, lang));
    out.push_str(text(lang, "explain-label.fixed"));
    out.push('\n');
    out.push_str(&show_example(&case.fixed, Some(&case.wrong), lang));
    Some(out.trim_end().to_owned() + "\n")
}

/// "error (exit 1)", "warning", …
fn kind(info: &CodeInfo, lang: Lang) -> &'static str {
    let key = match info.exit {
        Exit::Usage => "explain-label.kind-usage",
        Exit::Plan => "explain-label.kind-plan",
        Exit::Warning => "explain-label.kind-warning",
    };
    text(lang, key)
}

/// An example's command and files; a file the fixed half leaves as it was in
/// the wrong one is named, not repeated.
fn show_example(example: &Example, before: Option<&Example>, lang: Lang) -> String {
    let mut out = format!("  $ welfare-plan {}\n", example.run.join(" "));
    if let Some(program) = &example.needs {
        out.push_str(&indent(&crate::i18n::format(
            lang,
            "explain-label.needs",
            &[("program", program)],
        )));
        out.push('\n');
    }
    for (path, file) in &example.files {
        let unchanged = before.is_some_and(|b| b.files.iter().any(|(p, f)| p == path && f == file));
        if unchanged {
            out.push_str(&format!(
                "  ── {path} ({})\n",
                text(lang, "explain-label.unchanged")
            ));
            continue;
        }
        let note = match file {
            ExampleFile::Text(_) => String::new(),
            ExampleFile::Latin1(_) => format!(" ({})", text(lang, "explain-label.latin1")),
            ExampleFile::Size(n) => format!(
                " ({})",
                crate::i18n::format(lang, "explain-label.size", &[("bytes", &n.to_string())])
            ),
            ExampleFile::Folder => format!(" ({})", text(lang, "explain-label.folder")),
            ExampleFile::Unreadable(_) => format!(" ({})", text(lang, "explain-label.unreadable")),
        };
        out.push_str(&format!("  ── {path}{note}\n"));
        if let ExampleFile::Text(t) | ExampleFile::Latin1(t) | ExampleFile::Unreadable(t) = file {
            out.push_str(&indent(&indent(t.trim_end())));
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

/// Greedy word wrap at `width` characters, keeping explicit line breaks.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("  {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every code with its title, as printed by `explain` alone.
pub fn list(lang: Lang) -> String {
    let width = CODES.iter().map(|c| c.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for info in CODES {
        let key = format!("explain.{}.title", info.code);
        let title = text(lang, &key);
        out.push_str(&format!("{:width$}  {title}\n", info.code));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_between_words_and_never_inside_one() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("aaaaaaaaaa bb", 4), "aaaaaaaaaa\nbb");
        assert_eq!(wrap("attività è così", 10), "attività è\ncosì");
        assert_eq!(wrap("one\ntwo", 80), "one\ntwo");
    }
}
