//! Everything `load` read besides the TOML, handed to the later stages as
//! data: Markdown files named by `file`/`*_file` keys (their text is in the
//! [`SourceMap`](crate::source::SourceMap)), the bytes of annexes and of the
//! images Markdown shows, and the plan's template overrides. Keys are
//! plan-relative, `/`-separated paths; a file that could not be had keeps the
//! reason, so the stage that knows where it was named can report it there.
//! Also the path and URL rules both sides must agree on.

use crate::diag::Code;
use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Message, msg};
use crate::source::FileId;

/// The largest file the tool reads or copies (SPEC 1).
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Outside,
    NotFound,
    /// "symlink", "folder", "special": a `file-kind-*` catalogue entry.
    NotRegular(&'static str),
    TooLarge(u64),
    Unreadable(String),
}

impl FileProblem {
    pub fn code(&self) -> Code {
        match self {
            FileProblem::Outside => Code::PathOutsidePlan,
            FileProblem::NotFound => Code::FileNotFound,
            FileProblem::NotRegular(_) => Code::NotARegularFile,
            FileProblem::TooLarge(_) => Code::FileTooLarge,
            FileProblem::Unreadable(_) => Code::Unreadable,
        }
    }

    pub fn message(&self, path: &str) -> Message {
        match self {
            FileProblem::Outside => msg("path-outside-plan", &[("path", path)]),
            FileProblem::NotFound => msg("file-not-found", &[("path", path)]),
            FileProblem::NotRegular(what) => Message::new("not-a-regular-file")
                .arg("path", path)
                .arg_msg("what", Message::new(&format!("file-kind-{what}"))),
            FileProblem::TooLarge(size) => msg(
                "file-too-large",
                &[
                    ("path", path),
                    ("size", &size.to_string()),
                    ("max", &MAX_FILE_SIZE.to_string()),
                ],
            ),
            FileProblem::Unreadable(e) => msg("unreadable", &[("path", path), ("error", e)]),
        }
    }
}

/// What was read for one path: the file, or why not.
pub type Read<T> = Result<T, FileProblem>;

#[derive(Debug, Default)]
pub struct Assets {
    /// Markdown files by the path as written in the TOML: the file in the
    /// source map, or `None` when it could not be read (already reported).
    pub texts: BTreeMap<String, Option<FileId>>,
    /// Annexes and images, by normalised path.
    pub binaries: BTreeMap<String, Read<Vec<u8>>>,
    /// Files of the plan that Markdown links to (`[text](file)`), by
    /// normalised path: only images and annexes may be.
    pub linked_files: BTreeSet<String>,
    /// The annexes' files, by normalised path.
    pub annex_files: BTreeSet<String>,
    /// The plan's `templates/` folder, by template name (`html/index.html.j2`):
    /// the file in the source map, or `None` when it could not be read
    /// (already reported).
    pub templates: BTreeMap<String, Option<FileId>>,
}

impl Assets {
    /// The Markdown file named `written`, if it was read.
    pub fn text(&self, written: &str) -> Option<FileId> {
        self.texts.get(written).copied().flatten()
    }

    /// An annex's or image's bytes by normalised path.
    pub fn binary(&self, rel: &str) -> Read<&[u8]> {
        match self.binaries.get(rel) {
            Some(Ok(bytes)) => Ok(bytes),
            Some(Err(p)) => Err(p.clone()),
            None => Err(FileProblem::NotFound),
        }
    }
}

/// Normalises a plan-relative path as written in a file; refuses absolute
/// paths and `..` that would leave the root.
pub fn normalise(rel: &str) -> Result<String, FileProblem> {
    if rel.starts_with('/') || rel.starts_with('\\') || rel.contains('\0') || looks_like_drive(rel)
    {
        return Err(FileProblem::Outside);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(FileProblem::Outside);
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(FileProblem::NotFound);
    }
    Ok(parts.join("/"))
}

fn looks_like_drive(rel: &str) -> bool {
    let b = rel.as_bytes();
    b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic()
}

/// How a link or image destination written in Markdown is treated.
pub enum UrlKind {
    /// http(s), mailto, tel, protocol-relative: kept as written.
    Keep,
    /// A path inside the plan.
    Relative,
    /// Any other scheme (`javascript:`, `data:`…): refused.
    Refuse,
}

/// Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
pub fn url_kind(url: &str) -> UrlKind {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_start = lower.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(c), Some(p)) if p < c => UrlKind::Relative,
        (Some(c), _) => match &lower[..c] {
            "http" | "https" | "mailto" | "tel" => UrlKind::Keep,
            _ => UrlKind::Refuse,
        },
        (None, _) if lower.starts_with("//") => UrlKind::Keep,
        (None, _) => UrlKind::Relative,
    }
}

pub fn is_remote(url: &str) -> bool {
    let l = url.trim().to_ascii_lowercase();
    l.starts_with("http:") || l.starts_with("https:") || l.starts_with("//")
}

/// `%XX` escapes decoded (as UTF-8); anything malformed is kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (
                (bytes[i + 1] as char).to_digit(16),
                (bytes[i + 2] as char).to_digit(16),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The plan-relative path (not yet normalised) an image destination names,
/// from the folder `base` (`"areas/"`, or `""` at the root) of the file the
/// Markdown was written in: query and fragment dropped, `%20` decoded.
pub fn image_path(base: &str, url: &str) -> String {
    let path = percent_decode(url.split(['?', '#']).next().unwrap_or(""));
    format!("{base}{path}")
}

/// Whether `bytes` are an image a published page can show without running
/// anything: PNG, JPEG, GIF or WebP by their signature, or an SVG with no
/// script, event handler, external reference, foreign object or entity.
pub fn is_safe_image(bytes: &[u8]) -> bool {
    let raster = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP");
    raster || std::str::from_utf8(bytes).is_ok_and(is_safe_svg)
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// An SVG is judged as an XML parser (and a browser) reads it: elements and
/// attributes by namespace and local name, whatever their prefix. Refused: a
/// document type or entity, a processing instruction (an external style
/// sheet), a root that is not SVG, any element that runs or embeds something
/// (`script`, `foreignObject`, `iframe`…, in any namespace), an animation of
/// a link or an event, any event attribute, and any reference (`href`,
/// `src`, `url(…)`, `@import`) to anything but the image itself.
fn is_safe_svg(text: &str) -> bool {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return false;
    };
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return false;
    }
    let local_ref = |v: &str| v.trim_start().starts_with('#');
    let css_is_safe = |css: &str| {
        let lower = css.to_ascii_lowercase();
        if lower.contains("@import") || lower.contains("expression(") {
            return false;
        }
        lower
            .match_indices("url(")
            .all(|(i, _)| local_ref(lower[i + 4..].trim_start().trim_start_matches(['"', '\''])))
    };
    for node in doc.descendants() {
        if node.is_pi() {
            return false;
        }
        if node.is_text()
            && node
                .parent_element()
                .is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("style"))
            && !css_is_safe(node.text().unwrap_or(""))
        {
            return false;
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script"
                | "foreignobject"
                | "iframe"
                | "embed"
                | "object"
                | "handler"
                | "listener"
                | "audio"
                | "video"
                | "canvas"
        ) {
            return false;
        }
        if matches!(
            name.as_str(),
            "set" | "animate" | "animatemotion" | "animatetransform"
        ) && node.attributes().any(|a| {
            a.name().eq_ignore_ascii_case("attributeName") && {
                let v = a.value().trim().to_ascii_lowercase();
                v.ends_with("href") || v.starts_with("on")
            }
        }) {
            return false;
        }
        for a in node.attributes() {
            let attr = a.name().to_ascii_lowercase();
            if attr.starts_with("on")
                || ((attr == "href" || attr == "src") && !local_ref(a.value()))
                || (attr == "style" && !css_is_safe(a.value()))
                || a.value().to_ascii_lowercase().contains("javascript:")
            {
                return false;
            }
            // A presentation attribute may hold url(…) too (fill="url(#g)").
            if a.value().to_ascii_lowercase().contains("url(") && !css_is_safe(a.value()) {
                return false;
            }
        }
    }
    true
}

/// The Markdown dialect of the plan's prose: GFM tables, footnotes, strikethrough.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// The folder of a plan-relative file, with its trailing `/` (`""` at the root).
pub fn base_dir(rel: &str) -> &str {
    match rel.rfind('/') {
        Some(i) => &rel[..i + 1],
        None => "",
    }
}

/// Opens `path` for reading without following a symlink in its last
/// component (ELOOP) and without blocking on a FIFO: how both the plan's
/// files (`load`) and a previous build's files (`write`) are opened.
pub fn open_no_follow(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_refuses_paths_that_leave_the_root() {
        assert_eq!(normalise("a/./b.md").unwrap(), "a/b.md");
        assert_eq!(normalise("a/../b.md").unwrap(), "b.md");
        for bad in ["../x.md", "a/../../x.md", "/etc/passwd", "C:/x.md"] {
            assert!(matches!(normalise(bad), Err(FileProblem::Outside)), "{bad}");
        }
    }

    #[test]
    fn images_are_judged_by_their_content() {
        let table: &[(&[u8], bool)] = &[
            (b"\x89PNG\r\n\x1a\nrest", true),
            (&[0xFF, 0xD8, 0xFF, 0xE0], true),
            (b"GIF89a...", true),
            (b"RIFF\0\0\0\0WEBPVP8 ", true),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='1'/></svg>",
                true,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><rect fill='url(#g)'/><use href='#a'/></svg>",
                true,
            ),
            // Inkscape's metadata, in its own namespaces, is inert.
            (
                b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:inkscape='http://www.inkscape.org/namespaces/inkscape' inkscape:version='1.2'><rect/></svg>",
                true,
            ),
            (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", false),
            // The same script under another prefix of the SVG namespace.
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><s:script xmlns:s='http://www.w3.org/2000/svg'>alert(1)</s:script></svg>",
                false,
            ),
            (
                b"<s:svg xmlns:s='http://www.w3.org/2000/svg'><s:rect s:onclick='x'/></s:svg>",
                false,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><h:iframe xmlns:h='http://www.w3.org/1999/xhtml' src='https://x'/></svg>",
                false,
            ),
            (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'></svg>", false),
            (b"<svg xmlns='http://www.w3.org/2000/svg'><rect ONCLICK = 'x'/></svg>", false),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><image href='https://evil.example/x.png'/></svg>",
                false,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'><use x:href='other.svg#a'/></svg>",
                false,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><p>x</p></foreignObject></svg>",
                false,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><rect style='fill:url(http://x)'/></svg>",
                false,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(https://x/a.css);</style></svg>",
                false,
            ),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'><a href='#x'><set attributeName='href' to='javascript:alert(1)'/></a></svg>",
                false,
            ),
            (
                b"<?xml-stylesheet href='https://x/a.css'?><svg xmlns='http://www.w3.org/2000/svg'/>",
                false,
            ),
            (
                b"<!DOCTYPE svg [<!ENTITY x 'y'>]><svg xmlns='http://www.w3.org/2000/svg'>&x;</svg>",
                false,
            ),
            // No namespace: not an SVG a browser shows as an image.
            (b"<svg><rect/></svg>", false),
            (b"<html><script>alert(1)</script></html>", false),
            (b"%PDF-1.7", false),
            (b"", false),
        ];
        for (bytes, safe) in table {
            assert_eq!(
                is_safe_image(bytes),
                *safe,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn image_paths_are_decoded_and_joined_to_their_folder() {
        assert_eq!(
            image_path("areas/", "img/a%20b.png?x#y"),
            "areas/img/a b.png"
        );
        assert_eq!(base_dir("areas/anziani.md"), "areas/");
        assert_eq!(base_dir("plan.toml"), "");
    }
}
