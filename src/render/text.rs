//! Text for outputs: HTML escaping, control characters, shortening.

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

/// Escapes text for HTML/SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if is_forbidden_control(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
