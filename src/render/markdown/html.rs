//! The HTML side's finishing touches: accessible tables, encoded paths.

/// Tables of the prose, as the site's own: header cells with `scope`,
/// alignment by class (the CSP forbids `style` attributes), a scrolling wrapper.
/// Text is escaped by then, so these tags can only be the renderer's.
pub(super) fn accessible_tables(html: &str) -> String {
    if !html.contains("<table>") {
        return html.to_string();
    }
    let mut out = html
        .replace("<table>", "<div class=\"table-wrap\"><table>")
        .replace("</table>", "</table></div>");
    for align in ["left", "center", "right"] {
        out = out.replace(
            &format!(" style=\"text-align: {align}\""),
            &format!(" class=\"align-{align}\""),
        );
    }
    // Header cells are column headers.
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(start) = rest.find("<thead>") {
        let end = rest[start..]
            .find("</thead>")
            .map(|e| start + e)
            .unwrap_or(rest.len());
        result.push_str(&rest[..start]);
        result.push_str(
            &rest[start..end]
                .replace("<th>", "<th scope=\"col\">")
                .replace("<th class=", "<th scope=\"col\" class="),
        );
        rest = &rest[end..];
    }
    result.push_str(rest);
    result
}

/// A relative path as a URL: every byte but letters, digits, `-._~/` as `%XX`.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
