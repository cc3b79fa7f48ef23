//! Text for every output: HTML, Markdown and CSV escaping, control
//! characters, shortening — used by render, diff, monitor and serve alike.

/// C0 controls other than tab, LF and CR, DEL and C1 controls: not text, and
/// forbidden in HTML. Outputs drop them (diagnostics show them escaped).
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Follows fenced code blocks line by line: true when `line` opens, closes or
/// lies inside a fence (where Markdown rewriting must not touch it).
pub fn in_fence<'l>(fence: &mut Option<&'l str>, line: &'l str) -> bool {
    let trimmed = line.trim_start();
    match *fence {
        Some(f) => {
            if trimmed.starts_with(f) {
                *fence = None;
            }
            true
        }
        None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
            *fence = Some(&trimmed[..3]);
            true
        }
        None => false,
    }
}

/// Stands for the path from a page to the site's root in HTML shared by pages
/// at several depths; replaced as each page is written. User text can never
/// hold it: [`escape_into`] writes its first `@` as an entity.
pub const ROOT_TOKEN: &str = "@@WPROOT@@";

/// Escapes text for HTML/SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_into(s, &mut out);
    out
}

/// [`escape`] written straight into `out`: runs of plain text are copied
/// whole, so a page's thousands of values cost no allocation each.
pub fn escape_into(s: &str, out: &mut impl std::fmt::Write) -> std::fmt::Result {
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '@' if s[i..].starts_with(ROOT_TOKEN) => "&#64;",
            c if is_forbidden_control(c) => "",
            _ => continue,
        };
        out.write_str(&s[plain..i])?;
        out.write_str(replacement)?;
        plain = i + c.len_utf8();
    }
    out.write_str(&s[plain..])
}

/// `s` cut to `max` characters, an ellipsis marking the cut.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// `s` as the inside of a double-quoted CSS string: letters, digits and plain
/// punctuation as they are, everything else (quotes, backslashes, controls,
/// `<`) as a hexadecimal escape, so no text can end the string or the sheet.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || " .,;:-_()/'·—–+&%#".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out
}

/// A text cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`.
pub fn csv_text(s: &str) -> String {
    let s: String = s.chars().filter(|c| !is_forbidden_control(*c)).collect();
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Plain text for Markdown: characters that would become markup are escaped.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if is_forbidden_control(c) => {}
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A GFM table cell: `|` escaped, line breaks as spaces, raw HTML as text.
pub fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.trim().chars() {
        match c {
            c if is_forbidden_control(c) => continue,
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            c => out.push(c),
        }
        last_space = c == ' ';
    }
    out
}
