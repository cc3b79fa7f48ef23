//! `build --pdf` (SPEC 6.2): printed by a real Chromium, read back with
//! poppler's `pdfinfo` and `pdftotext`. `.ci/run` installs both and sets
//! `WELFARE_PLAN_REQUIRE_CHROMIUM=1`, so there a missing browser fails the
//! test; on a developer's machine without one the printing test says so and
//! returns.

use std::path::Path;
use std::process::Command as Process;

use welfare_plan::write::pdf::{fix_dates, unlink_local};

use crate::common::cmd;

fn have(tool: &str) -> bool {
    Process::new(tool).arg("-v").output().is_ok()
}

fn browser_available() -> bool {
    let found =
        welfare_plan::write::pdf::find_browser(None, &std::env::var_os("PATH").unwrap_or_default())
            .is_ok()
            && have("pdfinfo");
    if !found {
        assert!(
            std::env::var_os("WELFARE_PLAN_REQUIRE_CHROMIUM").is_none(),
            "WELFARE_PLAN_REQUIRE_CHROMIUM is set but chromium or pdfinfo is missing"
        );
        eprintln!("skipped: no chromium and poppler-utils on this machine");
    }
    found
}

fn pdfinfo(pdf: &Path) -> String {
    let out = Process::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn info_field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .unwrap_or_default()
        .trim()
}

/// Every outline (bookmark) title in the PDF: literal `( … )` or UTF-16 `<FEFF…>`.
fn outline_titles(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    let mut titles = Vec::new();
    for (at, _) in text.match_indices("/Title ") {
        let rest = &text[at + 7..];
        // Only outline items: their dictionary also names a /Parent.
        let dict_end = rest.find(">>").unwrap_or(rest.len());
        if !rest[..dict_end].contains("/Parent") {
            continue;
        }
        if let Some(hex) = rest.strip_prefix("<FEFF").and_then(|r| r.split('>').next()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap())
                .collect();
            titles.push(String::from_utf16_lossy(&units));
        } else if let Some(lit) = rest.strip_prefix('(') {
            let end = lit.find(')').unwrap_or(lit.len());
            titles.push(lit[..end].replace("\\(", "(").replace("\\'", "'"));
        }
    }
    titles
}

/// The section titles of print.html (its `<h2>`s), unescaped.
fn section_titles(print_html: &str) -> Vec<String> {
    print_html
        .split("<h2 id=\"section-")
        .skip(1)
        .map(|s| {
            let title = &s[s.find('>').unwrap() + 1..s.find("</h2>").unwrap()];
            title
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn the_council_pdf_is_tagged_with_bookmarks_page_numbers_identity_and_figures() {
    if !browser_available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let run = cmd()
        .args(["build", "examples/demo", "--pdf", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let pdf = out.path().join("plan.pdf");
    // The downloads page links the PDF the build printed.
    let downloads = std::fs::read_to_string(out.path().join("html/downloads/index.html")).unwrap();
    assert!(downloads.contains("href=\"../../plan.pdf\""), "{downloads}");
    let info = pdfinfo(&pdf);
    assert_eq!(info_field(&info, "Tagged"), "yes", "{info}");
    assert_eq!(
        info_field(&info, "Title"),
        "Piano di Zona di Esempio 2024–2026"
    );
    assert!(info_field(&info, "Page size").ends_with("(A4)"), "{info}");
    assert!(
        !info.contains("CreationDate"),
        "dateless without SOURCE_DATE_EPOCH: {info}"
    );
    let pages: usize = info_field(&info, "Pages").parse().unwrap();
    assert!(pages > 10, "{info}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("/Lang (it)"));

    // Bookmarks: one per section of the plan, in the outline.
    let html = std::fs::read_to_string(out.path().join("html/print.html")).unwrap();
    let sections = section_titles(&html);
    assert!(sections.len() >= 10, "{sections:?}");
    let titles = outline_titles(&bytes);
    for s in &sections {
        assert!(titles.contains(s), "no bookmark `{s}` in {titles:?}");
    }

    // Every page numbered "n / N" with the identity in its footer.
    let text = Process::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let page_texts: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len(), pages);
    for (i, page) in page_texts.iter().enumerate() {
        assert!(
            page.contains(&format!("{} / {pages}", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            page.contains("Versione 1.0 del 20 dicembre 2024"),
            "page {}",
            i + 1
        );
    }
    // The plan's figures, as the site shows them.
    for figure in ["€ 1.078.150,90", "€ 2.650.000", "€ 1.083.000"] {
        assert!(text.contains(figure), "{figure} missing from the PDF");
    }

    // The same plan prints to the same bytes; SOURCE_DATE_EPOCH dates it.
    let again = tempfile::tempdir().unwrap();
    let run = cmd()
        .args(["build", "examples/demo", "--pdf", "-q", "--out"])
        .arg(again.path())
        .env("SOURCE_DATE_EPOCH", "1734652800")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let info = pdfinfo(&again.path().join("plan.pdf"));
    assert!(info_field(&info, "CreationDate").contains("2024"), "{info}");
}

#[test]
fn no_browser_is_exit_2_with_install_help_and_nothing_written() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = cmd()
        .args(["build", "examples/demo", "--pdf", "--out"])
        .arg(&target)
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("error[pdf-failed]: no Chromium found"),
        "{err}"
    );
    assert!(err.contains("apt install chromium"), "{err}");
    assert!(!target.exists());
    // Not even the lock file beside OUT: the folder is as it was.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    let run = cmd()
        .args([
            "--lang",
            "it",
            "build",
            "examples/demo",
            "--pdf",
            "--chromium",
            "/nonexistent/chromium",
            "--out",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains(
            "nessun Chromium trovato per stampare il PDF (cercati: /nonexistent/chromium)"
        ),
        "{err}"
    );
}

#[test]
fn pdf_dates_are_replaced_in_place_or_blanked() {
    let pdf = b"<</Title (T) /CreationDate (D:20261130213123+00'00') /ModDate (D:20261130213123+00'00')>>";
    let mut dated = pdf.to_vec();
    fix_dates(&mut dated, Some("20241220000000".into()));
    assert_eq!(
        String::from_utf8(dated.clone()).unwrap(),
        "<</Title (T) /CreationDate (D:20241220000000+00'00') /ModDate (D:20241220000000+00'00')>>"
    );
    let mut blank = pdf.to_vec();
    fix_dates(&mut blank, None);
    let blank = String::from_utf8(blank).unwrap();
    assert_eq!(blank.len(), pdf.len(), "offsets must not move");
    assert_eq!(
        blank.split_whitespace().collect::<Vec<_>>(),
        ["<</Title", "(T)", ">>"]
    );
}

#[test]
fn only_links_to_local_files_lose_their_target_in_the_pdf() {
    let cases = [
        (r#"<a href="index.html">Cover</a>"#, "<a>Cover</a>"),
        (r#"<a href="../annexes/a.pdf">A</a>"#, "<a>A</a>"),
        (
            r#"<a href="https://x.it/">X</a>"#,
            r#"<a href="https://x.it/">X</a>"#,
        ),
        (
            r#"<a href="mailto:a@b.it">M</a>"#,
            r#"<a href="mailto:a@b.it">M</a>"#,
        ),
        (
            r##"<a href="#section-x">S</a>"##,
            r##"<a href="#section-x">S</a>"##,
        ),
        (
            r#"<link rel="stylesheet" href="assets/style.css">"#,
            r#"<link rel="stylesheet" href="assets/style.css">"#,
        ),
        (
            r#"<a class="c" href="cards/x.html">C</a> <a href="tel:+39">T</a>"#,
            r#"<a class="c">C</a> <a href="tel:+39">T</a>"#,
        ),
    ];
    for (html, want) in cases {
        assert_eq!(unlink_local(html), want, "{html}");
    }
}

/// A browser that fails: the error names OUT (the folder the official
/// knows), not the new build's folder, already removed; OUT is as it was.
#[test]
fn a_failed_print_names_out_and_leaves_it_as_it_was() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = cmd()
        .args([
            "build",
            "examples/demo",
            "--pdf",
            "--chromium",
            "/bin/false",
            "--out",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("error[pdf-failed]"), "{err}");
    assert!(err.contains(&target.display().to_string()), "{err}");
    assert!(!err.contains("welfare-plan-new"), "{err}");
    assert!(!target.exists());
}

/// Headings of `html` (h1–h6), as their text reads.
fn heading_texts(html: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for part in html.split("<h").skip(1) {
        if !part.starts_with(|c: char| ('1'..='6').contains(&c)) {
            continue;
        }
        let Some(start) = part.find('>') else {
            continue;
        };
        let Some(end) = part.find("</h") else {
            continue;
        };
        let mut text = String::new();
        let mut in_tag = false;
        for c in part[start + 1..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        let text = text
            .replace("&#39;", "'")
            .replace("&amp;", "&")
            .replace("&quot;", "\"");
        out.insert(text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Each page's lines, top to bottom, as poppler's `pdftohtml -xml` reads
/// them: (text, bold). The footer (the lowest 60 points) is left out.
fn page_lines(pdf: &Path) -> Vec<Vec<(String, bool)>> {
    let out = Process::new("pdftohtml")
        .args(["-xml", "-i", "-stdout"])
        .arg(pdf)
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &xml,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            let height: i64 = page.attribute("height").unwrap().parse().unwrap();
            let mut lines: Vec<(i64, String, bool)> = page
                .children()
                .filter(|n| n.has_tag_name("text"))
                .map(|t| {
                    let top: i64 = t.attribute("top").unwrap().parse().unwrap();
                    let text: String = t.descendants().filter_map(|d| d.text()).collect();
                    let bold = t.children().any(|c| c.has_tag_name("b"));
                    (
                        top,
                        text.split_whitespace().collect::<Vec<_>>().join(" "),
                        bold,
                    )
                })
                .filter(|(top, text, _)| *top < height - 60 && !text.is_empty())
                .collect();
            lines.sort_by_key(|l| l.0);
            lines.into_iter().map(|(_, t, b)| (t, b)).collect()
        })
        .collect()
}

/// SPEC 6.6, the printed plan: no heading is the last line of a page, the
/// web-only text is not printed, a draft says so on every page, and `--pdf`
/// prints each yearly monitoring report (and each card with `--pdf-cards`).
#[test]
fn the_printed_plan_keeps_headings_with_their_text_and_prints_the_reports() {
    if !browser_available() || !have("pdftohtml") {
        return;
    }
    // The demo as a draft: the draft mark must be on every page.
    let plan = tempfile::tempdir().unwrap();
    let src = plan.path().join("demo");
    crate::build::copy_dir(Path::new("examples/demo"), &src);
    let toml = std::fs::read_to_string(src.join("plan.toml")).unwrap();
    let toml = toml
        .replace("status = \"approved\"\n", "status = \"draft\"\n")
        .replace(
            "approval = { body = \"Assemblea dei Sindaci\", act = \"Deliberazione n. 12\", date = 2024-12-18 }\n",
            "",
        );
    std::fs::write(src.join("plan.toml"), toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = cmd()
        .args(["build", "--pdf", "--pdf-cards", "--out"])
        .arg(out.path())
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let o = out.path();
    for (pdf, page) in [
        ("plan.pdf", "html/print.html"),
        ("monitoring-2024.pdf", "html/monitoring-2024.html"),
        ("cards/sad-potenziato.pdf", "html/cards/sad-potenziato.html"),
    ] {
        let headings = heading_texts(&std::fs::read_to_string(o.join(page)).unwrap());
        let pages = page_lines(&o.join(pdf));
        assert!(!pages.is_empty(), "{pdf}: no page");
        let text = Process::new("pdftotext")
            .arg(o.join(pdf))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        for (i, page) in text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .enumerate()
        {
            assert!(
                page.contains("BOZZA — documento non ancora approvato"),
                "{pdf}: no draft mark on page {}",
                i + 1
            );
        }
        for web_only in [
            "calendario (.ics)",
            "Vai al contenuto",
            "Versione stampabile",
            "Scarica la scheda in PDF",
        ] {
            assert!(
                !text.contains(web_only),
                "{pdf}: web-only text printed: {web_only}"
            );
        }
        for (i, lines) in pages.iter().enumerate() {
            if let Some((last, bold)) = lines.last() {
                assert!(
                    !(*bold && headings.contains(last)),
                    "{pdf}: page {} ends with the heading `{last}`",
                    i + 1
                );
            }
        }
    }
    // Every card printed, and linked from its page and from the downloads.
    let cards = std::fs::read_dir(o.join("html/cards")).unwrap().count();
    assert_eq!(std::fs::read_dir(o.join("cards")).unwrap().count(), cards);
    let card = std::fs::read_to_string(o.join("html/cards/sad-potenziato.html")).unwrap();
    assert!(
        card.contains("href=\"../../cards/sad-potenziato.pdf\""),
        "{card}"
    );
    let downloads = std::fs::read_to_string(o.join("html/downloads/index.html")).unwrap();
    assert!(
        downloads.contains("href=\"../../monitoring-2024.pdf\""),
        "{downloads}"
    );
}
