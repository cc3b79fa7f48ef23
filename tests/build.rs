//! `build`: golden plan.md per example (Italian and English), determinism,
//! hostile input never becoming markup, and the output folder's safety rules.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{built, cmd, stderr};

const EXAMPLES: &[&str] = &["parma-2012", "parma-2020", "reggio-emilia-2013", "demo"];

fn build(plan: &Path, out: &Path) -> std::process::Output {
    cmd()
        .arg("build")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    files
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if rel.starts_with("build") {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn every_example_builds_every_output() {
    for name in EXAMPLES {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("site");
        let o = build(&Path::new("examples").join(name), &target);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let files = tree(&target);
        for must in [
            "plan.md",
            "participation.md",
            "html/index.html",
            "html/print.html",
            "html/assets/style.css",
            "data/plan.json",
            "data/activities.csv",
            "data/meetings.csv",
            "data/participation.csv",
            "data/organisations.csv",
            "data/funding.csv",
            "data/README.md",
            ".welfare-plan-build",
        ] {
            assert!(files.contains_key(must), "{name}: {must} missing");
        }
        let json: serde_json::Value = serde_json::from_slice(&files["data/plan.json"]).unwrap();
        assert!(json["summary"]["totals"]["sessions"].is_i64());
    }
}

#[test]
fn plan_md_golden_per_example() {
    for name in EXAMPLES {
        let out = tempfile::tempdir().unwrap();
        let o = build(&Path::new("examples").join(name), &out.path().join("b"));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let md = fs::read_to_string(out.path().join("b/plan.md")).unwrap();
        insta::assert_snapshot!(format!("plan_md_{}", name.replace('-', "_")), md);
    }
}

#[test]
fn plan_md_golden_in_english() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("examples/demo"), dir.path());
    let plan = dir.path().join("plan.toml");
    let text = fs::read_to_string(&plan)
        .unwrap()
        .replace("language = \"it\"", "language = \"en\"");
    fs::write(&plan, text).unwrap();
    let o = build(dir.path(), &dir.path().join("build"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = fs::read_to_string(dir.path().join("build/plan.md")).unwrap();
    assert!(md.contains("€2,454,551.40"), "English money format");
    assert!(
        md.contains("| 2024 | 50.0 | 52.6 |") || md.contains("77.5"),
        "numbers as written, English decimals"
    );
    assert!(md.contains("## Participation"));
    assert!(md.contains("20 December 2024"));
    insta::assert_snapshot!("plan_md_demo_en", md);
    let html = fs::read_to_string(dir.path().join("build/html/index.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
}

#[test]
fn italian_figures_are_exact_in_the_document() {
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/demo"), &out.path().join("b"));
    let md = fs::read_to_string(out.path().join("b/plan.md")).unwrap();
    for figure in [
        "€ 2.454.551,40",
        "€ 1.078.150,90",
        "43,9%",
        "€ 766,62",
        // A fund's unallocated 2024 amount, a card's actual, a met target.
        "€ 165.000",
        "€ 118.500,40",
        "raggiunto",
        "€ 5.230.450,75",
        "€ 108,40",
        "59,7%",
        "16/04/2024",
        "18 dicembre 2024",
    ] {
        assert!(md.contains(figure), "{figure} missing");
    }
    let resources = fs::read_to_string(out.path().join("b/html/resources.html")).unwrap();
    assert!(resources.contains("€ 2.454.551,40"));
    let funds = fs::read_to_string(out.path().join("b/html/funds.html")).unwrap();
    assert!(
        funds.contains("€ 591.300"),
        "the 2024 actual of the Fondo povertà"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    for name in EXAMPLES {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        build(&Path::new("examples").join(name), &a.path().join("o"));
        build(&Path::new("examples").join(name), &b.path().join("o"));
        assert_eq!(
            tree(&a.path().join("o")),
            tree(&b.path().join("o")),
            "{name}"
        );
    }
}

#[test]
fn a_build_on_every_core_is_the_same_as_on_one() {
    for name in EXAMPLES {
        let dir = tempfile::tempdir().unwrap();
        let trees: Vec<_> = ["1", "4"]
            .iter()
            .map(|threads| {
                let out = dir.path().join(threads);
                let o = cmd()
                    .env("RAYON_NUM_THREADS", threads)
                    .args(["build", "--quiet"])
                    .arg(Path::new("examples").join(name))
                    .arg("--out")
                    .arg(&out)
                    .output()
                    .unwrap();
                assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
                tree(&out)
            })
            .collect();
        assert_eq!(trees[0], trees[1], "{name}");
    }
}

#[test]
fn a_rebuild_links_the_files_that_did_not_change_and_rewrites_the_others() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, plan) = plan_copy();
    let out = plan.join("build");
    build(&plan, &out);
    let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
    let (css, index) = (inode("html/assets/style.css"), inode("html/index.html"));
    let before = tree(&out);
    build(&plan, &out);
    assert_eq!(tree(&out), before);
    assert_eq!(inode("html/assets/style.css"), css, "unchanged: linked");
    assert_eq!(inode("html/index.html"), index);

    let toml = plan.join("plan.toml");
    let text = fs::read_to_string(&toml).unwrap();
    let title = text.lines().find(|l| l.starts_with("title = ")).unwrap();
    fs::write(
        &toml,
        text.replacen(title, "title = \"Un altro titolo\"", 1),
    )
    .unwrap();
    build(&plan, &out);
    assert_eq!(inode("html/assets/style.css"), css);
    assert_ne!(inode("html/index.html"), index, "changed: written anew");
    assert!(
        fs::read_to_string(out.join("html/index.html"))
            .unwrap()
            .contains("Un altro titolo")
    );
    // What a one-off build of the same plan writes, byte for byte.
    let fresh = plan.parent().unwrap().join("fresh");
    build(&plan, &fresh);
    assert_eq!(tree(&out), tree(&fresh));
}

#[test]
fn source_date_epoch_is_the_only_date_a_build_shows() {
    let out = tempfile::tempdir().unwrap();
    let o = cmd()
        .env("SOURCE_DATE_EPOCH", "1355184000")
        .args(["build", "examples/parma-2012", "--out"])
        .arg(out.path().join("b"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let index = fs::read_to_string(out.path().join("b/html/index.html")).unwrap();
    assert!(index.contains("Generato il 11 dicembre 2012"), "{index}");
}

#[test]
fn every_page_says_draft_until_approved() {
    // Parma 2012 is a proposal: every page says so, in words a reader
    // understands (not "BOZZA — Proposta").
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/parma-2012"), &out.path().join("b"));
    for (path, bytes) in tree(&out.path().join("b")) {
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(
                page.contains("<p class=\"draft-banner\"><strong>PROPOSTA — in attesa di approvazione</strong></p>"),
                "{path}"
            );
            assert!(!page.contains("BOZZA"), "{path}");
        }
    }
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/demo"), &out.path().join("b"));
    let index = fs::read_to_string(out.path().join("b/html/index.html")).unwrap();
    assert!(!index.contains("BOZZA"));
    assert!(
        index.contains(
            "Approvato da Assemblea dei Sindaci, Deliberazione n. 12 del 18 dicembre 2024"
        )
    );
}

/// Tags a generated page may contain; every other `<` must be escaped text.
const PAGE_TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "p",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "div",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "strong",
    "em",
    "code",
    "pre",
    "span",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "details",
    "summary",
    "svg",
    "title",
    "desc",
    "defs",
    "pattern",
    "circle",
    "g",
    "rect",
    "text",
    "img",
    "sup",
    "blockquote",
    "hr",
    "br",
    "del",
    "script",
];

/// What CommonMark itself makes of `plan.md` and its siblings: the elements
/// Markdown produces, never one written in the input, and no live URL.
pub(crate) fn assert_markdown_output_is_inert(path: &str, html: &str) {
    #[rustfmt::skip]
    const MARKDOWN_TAGS: &[&str] = &[
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "a", "em", "strong", "code",
        "pre", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "hr", "br", "img", "del",
        "sup", "sub", "section", "div", "input", "span", "dl", "dt", "dd",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        rest = &after[end..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(MARKDOWN_TAGS.contains(&name.as_str()), "{path}: <{tag}>");
        let lower = tag.to_ascii_lowercase();
        // Table alignment is the one style CommonMark writes itself.
        let lower = lower.replace("style=\"text-align: ", "align=\"");
        for bad in [
            " on",
            "style=",
            "javascript:",
            "data:",
            "vbscript:",
            "src=x",
        ] {
            assert!(!lower.contains(bad), "{path}: <{tag}>");
        }
    }
}

fn assert_page_is_safe(path: &str, html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        rest = &after[end..];
        if tag.starts_with('!') {
            assert!(
                tag.starts_with("!DOCTYPE"),
                "{path}: comment or declaration <{tag}>"
            );
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(PAGE_TAGS.contains(&name.as_str()), "{path}: tag <{tag}>");
        let lower = tag.to_ascii_lowercase();
        if name == "script" && !tag.starts_with('/') {
            assert_eq!(tag, "script type=\"application/ld+json\"", "{path}");
            let body_end = rest.find("</script>").expect("closed");
            assert!(
                !rest[..body_end].contains('<'),
                "{path}: markup inside JSON-LD"
            );
        }
        for bad in [" on", "style=", "javascript:", "data:", "vbscript:"] {
            assert!(
                !lower.contains(bad) || lower.starts_with("meta http-equiv"),
                "{path}: <{tag}>"
            );
        }
    }
}

#[test]
fn hostile_input_never_becomes_markup() {
    let out = tempfile::tempdir().unwrap();
    let o = build(
        Path::new("tests/fixtures/build/hostile"),
        &out.path().join("b"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = tree(&out.path().join("b"));
    let mut pages = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        // The BEL in an organisation's kind is not text: no output carries it.
        if !path.ends_with(".json") && !path.starts_with("annexes/") {
            assert!(!bytes.contains(&0x07), "{path} carries a control character");
        }
        if path.ends_with(".html") {
            pages += 1;
            assert_page_is_safe(path, &text);
            assert!(text.contains("Content-Security-Policy"), "{path}");
            assert!(
                text.contains("script-src &#x27;none&#x27;") || text.contains("script-src 'none'"),
                "{path}"
            );
        }
        if path.ends_with(".csv") {
            for bad in [",=", ",+", ",@", ",-", "\n=", "\n+", "\n@", "\n-"] {
                assert!(
                    !text.contains(bad),
                    "{path}: formula cell {bad:?} in {text}"
                );
            }
        }
        if path.ends_with(".md") && !path.starts_with("annexes/") {
            // Published through a renderer that allows raw HTML, no element
            // or URL from the input may come alive.
            let mut html = String::new();
            let options = pulldown_cmark::Options::all();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&text, options),
            );
            assert_markdown_output_is_inert(path, &html);
        }
        if path == "plan.md" {
            // Escaped (`\<script`) is text; a bare `<script` would be markup.
            let mut in_code = false;
            for line in text.lines() {
                if line.starts_with("```") {
                    in_code = !in_code;
                }
                let bare = line
                    .match_indices("<script")
                    .any(|(i, _)| i == 0 || !line[..i].ends_with('\\'));
                assert!(in_code || !bare, "plan.md carries raw HTML: {line}");
            }
        }
    }
    assert!(pages >= 10);
}

#[test]
fn refused_links_and_remote_images_fail_the_build_with_a_location() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plan.toml"),
        "[plan]\ntitle = \"T\"\nauthority = \"A\"\n\n[[chapter]]\nid = \"c\"\ntitle = \"C\"\nfile = \"c.md\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("c.md"),
        "Intro.\n\n[click](javascript:alert(1))\n\n![logo](https://example.org/logo.png)\n",
    )
    .unwrap();
    let out = dir.path().join("build");
    let o = cmd()
        .args(["build", "--message-format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "a failed build writes nothing");
    let diags: Vec<crate::common::Diag> = stderr(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let found: Vec<(&str, Option<usize>)> =
        diags.iter().map(|d| (d.code.as_str(), d.line)).collect();
    assert!(found.contains(&("markdown-link", Some(3))), "{found:?}");
    assert!(found.contains(&("remote-image", Some(5))), "{found:?}");
    // `check` renders in memory and reports the same.
    let (code, diags) = crate::common::check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(diags.len(), 2);
}

#[test]
fn annexes_and_images_are_copied_and_linked() {
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/demo"), &out.path().join("b"));
    let b = out.path().join("b");
    assert_eq!(
        fs::read(b.join("annexes/accordo-di-programma.pdf")).unwrap(),
        fs::read("examples/demo/annexes/accordo-di-programma.pdf").unwrap()
    );
    assert!(b.join("html/assets/files/images/piramide.svg").is_file());
    let annexes = fs::read_to_string(b.join("html/annexes.html")).unwrap();
    assert!(annexes.contains("href=\"../annexes/accordo-di-programma.pdf\""));
    let contesto = fs::read_to_string(b.join("html/contesto.html")).unwrap();
    assert!(contesto.contains("src=\"assets/files/images/piramide.svg\""));
    let area = fs::read_to_string(b.join("html/areas/anziani.html")).unwrap();
    assert!(area.contains("href=\"../assets/style.css\""));
}

#[test]
fn legal_references_link_to_normattiva() {
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/demo"), &out.path().join("b"));
    let area = fs::read_to_string(out.path().join("b/html/areas/anziani.html")).unwrap();
    assert!(
        area.contains(
            "href=\"https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2000;328\""
        ),
        "{area}"
    );
}

// ---- output folder safety ----------------------------------------------------

fn plan_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        Path::new("examples/reggio-emilia-2013"),
        &dir.path().join("plan"),
    );
    let plan = dir.path().join("plan");
    (dir, plan)
}

#[test]
fn a_users_folder_is_never_touched() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("documents");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.odt"), "precious").unwrap();
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("thesis.odt"), "{}", stderr(&o));
    assert_eq!(tree(&out).len(), 1);
    assert_eq!(
        fs::read_to_string(out.join("thesis.odt")).unwrap(),
        "precious"
    );
}

#[test]
fn a_file_added_to_an_old_build_stops_the_next_one() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    fs::write(out.join("html/CNAME"), "piano.comune.example").unwrap();
    let before = tree(&out);
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("html/CNAME"), "{}", stderr(&o));
    assert_eq!(tree(&out), before);
}

#[test]
fn a_previous_build_is_replaced_whole() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    // A file the old build wrote and the new one will not: removed with the old build.
    let marker = fs::read_to_string(out.join(".welfare-plan-build")).unwrap();
    fs::write(out.join("stale.txt"), "old").unwrap();
    fs::write(
        out.join(".welfare-plan-build"),
        format!("{marker}stale.txt\n"),
    )
    .unwrap();
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.join("stale.txt").exists());
    // Nothing left beside OUT.
    assert_eq!(siblings(dir.path()).len(), 2, "{:?}", siblings(dir.path()));
}

#[test]
fn an_empty_folder_may_be_used() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("empty");
    fs::create_dir(&out).unwrap();
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    assert!(out.join("html/index.html").is_file());
}

#[test]
fn a_failed_build_keeps_the_last_good_output() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    let before = tree(&out);
    let toml = fs::read_to_string(plan.join("plan.toml")).unwrap();
    fs::write(
        plan.join("plan.toml"),
        toml.replace("members = 5", "members = \"five\""),
    )
    .unwrap();
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(tree(&out), before);
}

#[test]
fn a_build_that_fails_while_rendering_leaves_no_half_written_folder() {
    // Files stream into the new folder as pages render: a template error
    // found midway must still leave OUT as it was and nothing beside it.
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    let before = tree(&out);
    fs::create_dir_all(plan.join("templates/html")).unwrap();
    fs::write(
        plan.join("templates/html/section.html.j2"),
        "{% extends \"html/base.html.j2\" %}\n{% block content %}{{ section.titel }}{% endblock %}\n",
    )
    .unwrap();
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("template-error"));
    assert_eq!(tree(&out), before);
    let beside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site."))
        .collect();
    assert_eq!(
        beside,
        vec![".site.welfare-plan-lock".to_string()],
        "only the lock file"
    );
}

#[test]
fn an_interrupted_swap_is_recovered() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    // As if a build stopped after moving the old output aside, and one stopped mid-write.
    fs::rename(&out, dir.path().join(".site.welfare-plan-old-999")).unwrap();
    fs::create_dir(dir.path().join(".site.welfare-plan-new-998")).unwrap();
    fs::write(
        dir.path()
            .join(".site.welfare-plan-new-998/.welfare-plan-build"),
        "# welfare-plan build\n# (incomplete)\n",
    )
    .unwrap();
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted build"), "{}", stderr(&o));
    assert_eq!(siblings(dir.path()).len(), 2, "{:?}", siblings(dir.path()));
}

#[test]
fn out_may_not_be_the_plan_its_parent_or_the_current_directory() {
    let (dir, plan) = plan_copy();
    for out in [plan.clone(), dir.path().to_path_buf()] {
        let o = build(&plan, &out);
        assert_eq!(o.status.code(), Some(2), "{}", out.display());
    }
    let o = cmd()
        .current_dir(dir.path())
        .args(["build", "plan", "--out", "."])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(plan.join("plan.toml").is_file());
}

#[test]
fn deny_warnings_fails_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        Path::new("tests/fixtures/check/area-without-activity"),
        dir.path(),
    );
    let o = cmd()
        .args(["build", "--deny-warnings"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("build").exists());
}

// ---- templates -----------------------------------------------------------------

#[test]
fn a_plan_overrides_a_template_by_name() {
    let (_dir, plan) = plan_copy();
    fs::create_dir_all(plan.join("templates/md")).unwrap();
    fs::write(
        plan.join("templates/md/participation.md.j2"),
        "Custom: {{ plan.title }} ({{ context_version }})\n",
    )
    .unwrap();
    let out = plan.join("build");
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(out.join("participation.md")).unwrap(),
        "Custom: Percorsi per riprogettare il welfare in modo partecipato (3)\n"
    );
}

#[test]
fn a_broken_override_is_reported_in_the_plans_file() {
    let (_dir, plan) = plan_copy();
    fs::create_dir_all(plan.join("templates/html")).unwrap();
    fs::write(plan.join("templates/html/index.html.j2"), "{% extends \"html/base.html.j2\" %}\n{% block content %}\n{{ plan.titel }}\n{% endblock %}\n").unwrap();
    fs::write(plan.join("templates/html/indx.html.j2"), "typo").unwrap();
    let (code, diags) = crate::common::check_json(&plan);
    assert_eq!(code, 1);
    let d = diags
        .iter()
        .find(|d| d.code == "template-error")
        .expect("template error");
    assert!(
        d.file
            .as_deref()
            .unwrap()
            .ends_with("templates/html/index.html.j2"),
        "{d:?}"
    );
    assert_eq!(d.line, Some(3));
    assert!(
        diags.iter().any(|d| d.code == "unused-template"
            && d.help.as_deref() == Some("did you mean `html/index.html.j2`?")),
        "{diags:?}"
    );
}

/// Two overrides that include each other: the cycle is reported in the
/// plan's file and line, not at the built-in page that met it.
#[test]
fn overrides_that_include_each_other_are_reported_where_they_do() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    copy_dir(Path::new("tests/fixtures/district"), &plan);
    let partials = plan.join("templates/html/partials");
    fs::create_dir_all(&partials).unwrap();
    fs::write(
        partials.join("annexes.html.j2"),
        "{% include \"html/partials/areas.html.j2\" %}\n",
    )
    .unwrap();
    fs::write(
        partials.join("areas.html.j2"),
        "<p>x</p>\n{% include \"html/partials/annexes.html.j2\" %}\n",
    )
    .unwrap();
    let (code, diags) = crate::common::check_json(&plan);
    assert_eq!(code, 1);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "template-error")
        .collect();
    assert!(!errors.is_empty());
    for d in errors {
        assert!(
            d.file
                .as_deref()
                .is_some_and(|f| f.ends_with("templates/html/partials/areas.html.j2")),
            "{d:?}"
        );
        assert_eq!(d.line, Some(2), "{d:?}");
    }
}

#[test]
fn a_runaway_template_is_stopped_by_fuel() {
    let (_dir, plan) = plan_copy();
    fs::create_dir_all(plan.join("templates/md")).unwrap();
    fs::write(
        plan.join("templates/md/participation.md.j2"),
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let (code, diags) = crate::common::check_json(&plan);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d.code == "template-error" && d.message.contains("fuel")),
        "{diags:?}"
    );
}

#[test]
fn file_names_with_spaces_are_found_and_linked() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path();
    fs::create_dir(plan.join("img dir")).unwrap();
    fs::copy(
        "examples/demo/images/piramide.svg",
        plan.join("img dir/città 1.svg"),
    )
    .unwrap();
    fs::write(
        plan.join("plan.toml"),
        "[plan]\ntitle = \"T\"\nauthority = \"A\"\n\n[[chapter]]\nid = \"c\"\ntitle = \"C\"\ntext = \"![logo](img%20dir/citt%C3%A0%201.svg)\"\n\n[[annex]]\nid = \"x\"\ntitle = \"Allegato\"\nfile = \"img dir/città 1.svg\"\n",
    )
    .unwrap();
    let o = build(plan, &plan.join("build"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b = plan.join("build");
    assert!(b.join("html/assets/files/img dir/città 1.svg").is_file());
    assert!(b.join("annexes/città 1.svg").is_file());
    let page = fs::read_to_string(b.join("html/c.html")).unwrap();
    assert!(
        page.contains("src=\"assets/files/img%20dir/citt%C3%A0%201.svg\""),
        "{page}"
    );
    let annexes = fs::read_to_string(b.join("html/annexes.html")).unwrap();
    assert!(
        annexes.contains("href=\"../annexes/citt%C3%A0%201.svg\""),
        "{annexes}"
    );
    let md = fs::read_to_string(b.join("plan.md")).unwrap();
    assert!(
        md.contains("](html/assets/files/img%20dir/citt%C3%A0%201.svg)"),
        "{md}"
    );
    assert!(md.contains("](annexes/citt%C3%A0%201.svg)"), "{md}");
}

#[test]
fn demo_pages_and_data_golden() {
    let out = tempfile::tempdir().unwrap();
    let o = build(Path::new("examples/demo"), &out.path().join("b"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for file in [
        "html/index.html",
        "html/resources.html",
        "html/areas/anziani.html",
        "html/downloads/index.html",
        "html/cards/sad-potenziato.html",
        "index.html",
        "participation.md",
        "process-card.md",
        "data/activities.csv",
        "data/meetings.csv",
        "data/funding.csv",
        "data/organisations.csv",
        "data/participation.csv",
    ] {
        let text = fs::read_to_string(out.path().join("b").join(file)).unwrap();
        insta::assert_snapshot!(format!("demo_{}", file.replace(['/', '.'], "_")), text);
    }
}

#[test]
fn active_annexes_warn_and_unpublished_files_or_unsafe_images_fail() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path();
    fs::write(
        plan.join("plan.toml"),
        "[plan]\ntitle = \"T\"\nauthority = \"A\"\n\n[[annex]]\nid = \"page\"\ntitle = \"Page\"\nfile = \"page.html\"\n\n[[chapter]]\nid = \"c\"\ntitle = \"C\"\nfile = \"c.md\"\n",
    )
    .unwrap();
    fs::write(
        plan.join("page.html"),
        "<html><script>alert(1)</script></html>",
    )
    .unwrap();
    fs::write(plan.join("notes.txt"), "private").unwrap();
    fs::write(plan.join("logo.svg"), "<svg onload=\"alert(1)\"></svg>").unwrap();
    fs::write(
        plan.join("c.md"),
        "See [the notes](notes.txt) and [the page](page.html).\n\n![logo](logo.svg)\n",
    )
    .unwrap();
    let (code, diags) = crate::common::check_json(plan);
    assert_eq!(code, 1);
    let found = |code: &str, line: usize| {
        diags.iter().any(|d| {
            d.code == code
                && d.line == Some(line)
                && d.file
                    .as_deref()
                    .is_some_and(|f| f.ends_with(".md") || f.ends_with(".toml"))
        })
    };
    assert!(found("annex-active-content", 8), "{diags:#?}");
    assert!(found("link-to-plan-file", 1), "{diags:#?}");
    assert!(found("unsafe-image", 3), "{diags:#?}");
    // The annex itself may be linked: it is published.
    assert!(
        !diags
            .iter()
            .any(|d| d.message.contains("page.html") && d.code == "link-to-plan-file")
    );
}

#[test]
fn an_override_that_drops_the_csp_or_adds_a_script_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p");
    copy_dir(Path::new("examples/parma-2020"), &plan);
    fs::create_dir_all(plan.join("templates/html")).unwrap();
    let base = fs::read_to_string("templates/html/base.html.j2").unwrap();
    let no_csp: String = base
        .lines()
        .filter(|l| !l.contains("Content-Security-Policy"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(plan.join("templates/html/base.html.j2"), no_csp).unwrap();
    let (code, diags) = crate::common::check_json(&plan);
    assert_eq!(code, 0, "a warning, not an error: {diags:#?}");
    let warned: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "page-without-csp")
        .collect();
    assert!(!warned.is_empty());
    assert!(warned.iter().all(|d| {
        d.file
            .as_deref()
            .unwrap()
            .ends_with("templates/html/base.html.j2")
    }));
    fs::write(
        plan.join("templates/html/base.html.j2"),
        base.replace("</body>", "<script>alert(1)</script></body>"),
    )
    .unwrap();
    let (_, diags) = crate::common::check_json(&plan);
    assert!(
        diags
            .iter()
            .any(|d| d.code == "page-without-csp" && d.message.contains("<script>")),
        "{diags:#?}"
    );
}

#[test]
fn a_template_that_builds_a_huge_string_stops_within_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p");
    copy_dir(Path::new("examples/demo"), &plan);
    fs::create_dir_all(plan.join("templates/md")).unwrap();
    fs::write(
        plan.join("templates/md/plan.md.j2"),
        "{% set ns = namespace(s=\"ab\") %}\n{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n",
    )
    .unwrap();
    // Under a 1 GB address-space limit: an unbounded render would abort (134).
    let exe = assert_cmd::cargo::cargo_bin!("welfare-plan");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec '{}' check --message-format json '{}'",
            exe.display(),
            plan.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines().any(|l| l.contains("template-error")
            && l.contains("templates/md/plan.md.j2")
            && l.contains("\"line\":2")),
        "{err}"
    );
}

/// What lies beside OUT, but for the lock file that serialises builds.
fn siblings(dir: &Path) -> Vec<std::ffi::OsString> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !n.to_string_lossy().ends_with(".welfare-plan-lock"))
        .collect()
}

/// The files OUT holds are exactly those its marker lists.
fn assert_out_matches_its_marker(out: &Path) {
    let marker = fs::read_to_string(out.join(".welfare-plan-build")).unwrap();
    let listed: std::collections::BTreeSet<String> = marker
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect();
    let present: std::collections::BTreeSet<String> = tree(out)
        .into_keys()
        .filter(|p| p != ".welfare-plan-build")
        .collect();
    assert_eq!(listed, present);
}

#[test]
fn an_interrupted_swap_is_recovered_even_when_the_next_build_fails() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    assert_eq!(build(&plan, &out).status.code(), Some(0));
    let before = tree(&out);
    // Killed between the two renames: OUT is gone, the old build is aside.
    fs::rename(&out, dir.path().join(".site.welfare-plan-old-999")).unwrap();
    let toml = fs::read_to_string(plan.join("plan.toml")).unwrap();
    fs::write(
        plan.join("plan.toml"),
        toml.replace("members = 5", "members = \"five\""),
    )
    .unwrap();
    let o = build(&plan, &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(tree(&out), before, "the last good build is back");
}

#[test]
fn a_refused_out_wins_over_plan_errors_and_both_are_reported() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("mine");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("notes.txt"), "a user's file").unwrap();
    let toml = fs::read_to_string(plan.join("plan.toml")).unwrap();
    fs::write(
        plan.join("plan.toml"),
        toml.replace("members = 5", "members = \"five\""),
    )
    .unwrap();
    let o = cmd()
        .args(["build", "--message-format", "json"])
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("output-refused") && err.contains("wrong-type"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).unwrap(),
        "a user's file"
    );
}

#[test]
fn a_build_waits_for_another_that_holds_out_then_gives_up_with_exit_2() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join(".site.welfare-plan-lock"))
        .unwrap();
    lock.lock().unwrap();
    let o = cmd()
        .env("WELFARE_PLAN_LOCK_TIMEOUT", "1")
        .args(["build"])
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("another build"), "{}", stderr(&o));
    assert!(!out.exists());
    lock.unlock().unwrap();
    assert_eq!(build(&plan, &out).status.code(), Some(0));
}

#[test]
fn builds_started_together_into_one_out_never_leave_it_broken() {
    let (dir, plan) = plan_copy();
    let out = dir.path().join("site");
    for _round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
                    .args(["build", "--quiet"])
                    .arg(&plan)
                    .arg("--out")
                    .arg(&out)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let o = child.wait_with_output().unwrap();
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        assert_out_matches_its_marker(&out);
        assert_eq!(siblings(dir.path()).len(), 2, "{:?}", siblings(dir.path()));
    }
}

#[test]
fn a_year_with_actual_figures_gets_its_monitoring_report() {
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/demo"), &out.path().join("b"));
    let md = fs::read_to_string(out.path().join("b/monitoring-2024.md")).unwrap();
    assert!(md.starts_with("# Rapporto di monitoraggio 2024"), "{md}");
    // A card's planned and actual side by side, the difference and the share spent.
    assert!(
        md.contains("| Assistenza domiciliare potenziata | € 180.000 | € 179.700,40 | -€ 299,60 | 99,8% | in corso |"),
        "{md}"
    );
    let html = fs::read_to_string(out.path().join("b/html/monitoring-2024.html")).unwrap();
    assert_page_is_safe("monitoring-2024.html", &html);
    assert!(
        html.contains("€ 591.300"),
        "the Fondo povertà's 2024 actual"
    );
    let index = fs::read_to_string(out.path().join("b/html/index.html")).unwrap();
    assert!(index.contains("href=\"monitoring-2024.html\""));
    // Years without actual figures get no report; plans without them, none at all.
    assert!(!out.path().join("b/monitoring-2025.md").exists());
    build(Path::new("examples/parma-2012"), &out.path().join("p"));
    assert!(!out.path().join("p/html").read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("monitoring-")
    }));
}

#[test]
fn the_meetings_calendar_parses_with_stable_uids() {
    use icalendar::{Calendar, Component};
    let out = tempfile::tempdir().unwrap();
    build(Path::new("examples/demo"), &out.path().join("a"));
    build(Path::new("examples/demo"), &out.path().join("b"));
    let text = fs::read_to_string(out.path().join("a/html/meetings.ics")).unwrap();
    assert_eq!(
        text,
        fs::read_to_string(out.path().join("b/html/meetings.ics")).unwrap()
    );
    assert!(text.lines().all(|l| l.len() <= 76), "folded lines");
    let calendar: Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert!(events.len() >= 4, "{}", events.len());
    let first = events
        .iter()
        .find(|e| e.get_uid() == Some("tavolo-anziani-1@welfare-plan"))
        .expect("a meeting's UID is its key");
    assert!(first.get_summary().is_some());
    assert!(first.get_start().is_some());
    let process = fs::read_to_string(out.path().join("a/html/process.html")).unwrap();
    assert!(process.contains("href=\"meetings.ics\""));
}

/// A file written in pieces is compared with the previous build's as it
/// comes: equal → linked; shorter, longer or different at any point → a new
/// file with exactly the new bytes (the equal start copied from the old one).
#[test]
fn files_written_in_pieces_are_linked_only_when_every_byte_is_the_same() {
    use std::io::Write;
    use std::os::unix::fs::MetadataExt;
    use welfare_plan::output::Output;
    use welfare_plan::output::Sink;
    let dir = tempfile::tempdir().unwrap();
    let (plan, out) = (dir.path().join("plan"), dir.path().join("out"));
    fs::create_dir(&plan).unwrap();
    let long = "abcdefghij".repeat(20_000);
    let wait = std::time::Duration::from_secs(5);
    let write_build = |files: &[(&str, &str)]| {
        let staging = welfare_plan::write::claim(&out, &plan, wait)
            .unwrap()
            .begin()
            .unwrap();
        for (path, text) in files {
            if path.ends_with(".whole") {
                staging.put(Output {
                    path: path.to_string(),
                    bytes: text.as_bytes().to_vec(),
                });
                continue;
            }
            let mut file = staging.create(path.to_string());
            for piece in text.as_bytes().chunks(7_777) {
                file.write_all(piece).unwrap();
            }
            file.done();
        }
        staging.finish(|_| Ok(Vec::new())).unwrap();
    };
    let first: &[(&str, &str)] = &[
        ("same.txt", &long),
        ("shorter.txt", &long),
        ("longer.txt", &long),
        ("middle.txt", &long),
        ("empty.txt", ""),
        ("d/same.whole", "whole file"),
    ];
    write_build(first);
    let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
    let before: Vec<u64> = first.iter().map(|(p, _)| inode(p)).collect();
    let mut middle = long.clone();
    middle.replace_range(100_000..100_001, "X");
    let longer = format!("{long}more");
    let second: &[(&str, &str)] = &[
        ("same.txt", &long),
        ("shorter.txt", &long[..150_000]),
        ("longer.txt", &longer),
        ("middle.txt", &middle),
        ("empty.txt", ""),
        ("d/same.whole", "whole file"),
    ];
    write_build(second);
    for ((path, text), old) in second.iter().zip(before) {
        assert_eq!(fs::read_to_string(out.join(path)).unwrap(), *text, "{path}");
        let linked = inode(path) == old;
        let unchanged = matches!(*path, "same.txt" | "empty.txt" | "d/same.whole");
        assert_eq!(linked, unchanged, "{path}: linked only if unchanged");
    }
}

/// SPEC 6.6: publishing OUT as it is (the CI recipe's Pages upload, a web
/// server's document root) opens the plan: OUT's own `index.html` leads to
/// the cover, under the same security policy as every page, in the plan's
/// language, with a link for a browser that does not follow the refresh.
#[test]
fn the_root_of_out_leads_to_the_cover() {
    for (example, lang, link) in [
        ("examples/demo", "it", "Apri il piano"),
        ("examples/parma-2012", "it", "Apri il piano"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let o = build(Path::new(example), &out.path().join("b"));
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let root = fs::read_to_string(out.path().join("b/index.html")).unwrap();
        assert!(root.starts_with("<!DOCTYPE html>\n"), "{root}");
        assert!(root.contains(&format!("<html lang=\"{lang}\">")), "{root}");
        assert!(
            root.contains("<meta http-equiv=\"refresh\" content=\"0; url=html/index.html\">"),
            "{root}"
        );
        assert!(
            root.contains(&format!("<a href=\"html/index.html\">{link}</a>")),
            "{root}"
        );
        assert!(root.contains("script-src 'none'"), "{root}");
        assert!(!root.contains("<script"), "{root}");
        assert!(out.path().join("b/html/index.html").is_file());
        // The cover's title is the root page's title.
        let cover = fs::read_to_string(out.path().join("b/html/index.html")).unwrap();
        let title = |page: &str| {
            let start = page.find("<title>").unwrap() + 7;
            page[start..page[start..].find("</title>").unwrap() + start].to_string()
        };
        assert!(title(&cover).ends_with(&title(&root)), "{cover}");
    }
}

/// SPEC 6.6: the page "Dati aperti e documenti" links every file of `data/`
/// (and the calendar when there is one), every link it has leads to a file
/// of the build, and it is one click from the cover and from every page.
#[test]
fn the_downloads_page_links_every_file_of_data() {
    for example in [
        "examples/demo",
        "examples/parma-2012",
        "tests/fixtures/fidenza",
        "tests/fixtures/partial-district",
    ] {
        let (_out, b) = built(example);
        let page_dir = b.join("html/downloads");
        let page = fs::read_to_string(page_dir.join("index.html")).unwrap();
        let hrefs: Vec<String> = page
            .split("href=\"")
            .skip(1)
            .map(|h| h[..h.find('"').unwrap()].to_string())
            .filter(|h| !h.starts_with('#') && !h.starts_with("https:"))
            .collect();
        // Every link of the page resolves inside the build.
        for href in &hrefs {
            let target = page_dir.join(href);
            assert!(target.exists(), "{example}: {href} leads nowhere");
        }
        let linked = |path: &str| {
            hrefs
                .iter()
                .any(|h| page_dir.join(h).canonicalize().ok() == b.join(path).canonicalize().ok())
        };
        let data: Vec<String> = fs::read_dir(b.join("data"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(data.len() >= 7, "{example}: {data:?}");
        for name in &data {
            assert!(
                linked(&format!("data/{name}")),
                "{example}: data/{name} not linked"
            );
        }
        assert_eq!(
            linked("html/meetings.ics"),
            b.join("html/meetings.ics").exists(),
            "{example}: the calendar"
        );
        assert!(!page.contains("plan.pdf"), "no PDF without --pdf");
        // One click from the cover, and in every page's navigation.
        let cover = fs::read_to_string(b.join("html/index.html")).unwrap();
        assert!(cover.contains("href=\"downloads/index.html\""), "{example}");
        let area = fs::read_dir(b.join("html/areas"))
            .ok()
            .and_then(|mut d| d.next());
        if let Some(area) = area {
            let area = fs::read_to_string(area.unwrap().path()).unwrap();
            assert!(
                area.contains("href=\"../downloads/index.html\""),
                "{example}"
            );
        }
    }
}

/// SPEC 6.6, names not ids: a fund is shown by its name wherever the site
/// names a funding source (table headers, area pages, cards), and the built-in
/// Istat scheme by its label, never `istat-area:`.
#[test]
fn funds_and_the_istat_scheme_are_shown_by_name() {
    for example in ["examples/demo", "tests/fixtures/fidenza"] {
        let (_out, b) = built(example);
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(b.join("data/plan.json")).unwrap()).unwrap();
        let funds: Vec<(String, String)> = json["plan"]["funds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_string(),
                    f["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert!(!funds.is_empty(), "{example}");
        for (path, bytes) in tree(&b) {
            if !path.ends_with(".html") {
                continue;
            }
            let page = String::from_utf8(bytes).unwrap();
            assert!(!page.contains("istat-area:"), "{example} {path}");
            for (id, name) in &funds {
                if id == name {
                    continue;
                }
                for shown in [
                    format!("<th scope=\"col\" class=\"num\">{id}</th>"),
                    format!("Finanziamento: {id} "),
                    format!("; {id} €"),
                ] {
                    assert!(!page.contains(&shown), "{example} {path}: {shown}");
                }
            }
        }
        let resources = fs::read_to_string(b.join("html/resources.html")).unwrap_or_default();
        if resources.contains("id=\"funding\"") {
            let (_, name) = &funds[0];
            assert!(resources.contains(&format!(">{name}</th>")), "{example}");
        }
    }
}

/// SPEC 6.6: every card page links its area, its objectives and its
/// indicators, and every such link leads to a page of the build and to an
/// element of that page.
#[test]
fn every_card_page_links_its_area_objectives_and_indicators() {
    for example in [
        "examples/demo",
        "tests/fixtures/fidenza",
        "tests/fixtures/partial-district",
    ] {
        let (_out, b) = built(example);
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(b.join("data/plan.json")).unwrap()).unwrap();
        let plan = &json["plan"];
        let list = |key: &str| plan[key].as_array().cloned().unwrap_or_default();
        let mut cards = 0;
        for activity in list("activities") {
            let Some(id) = activity["id"].as_str() else {
                continue;
            };
            let page_path = b.join(format!("html/cards/{id}.html"));
            let Ok(page) = fs::read_to_string(&page_path) else {
                continue;
            };
            cards += 1;
            let area = activity["area"].as_str().unwrap();
            let mut expected = vec![format!("../areas/{area}.html")];
            for o in activity["objectives"].as_array().into_iter().flatten() {
                expected.push(format!(
                    "../objectives.html#objective-{}",
                    o.as_str().unwrap()
                ));
            }
            for i in list("indicators") {
                if i["activity"].as_str() == Some(id) {
                    expected.push(format!(
                        "../indicators.html#indicator-{}",
                        i["id"].as_str().unwrap()
                    ));
                }
            }
            // The funds its budget draws on, and back: the fund links the card.
            let funds = fs::read_to_string(b.join("html/funds.html")).unwrap_or_default();
            for entry in activity["budget"].as_array().into_iter().flatten() {
                for source in entry["funding"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    if list("funds").iter().any(|f| f["id"] == source.as_str()) {
                        expected.push(format!("../funds.html#fund-{source}"));
                        assert!(
                            funds.contains(&format!("href=\"cards/{id}.html\"")),
                            "{example}: the funds page does not link card {id}"
                        );
                    }
                }
            }
            // The recommendations it answers.
            let answers = list("recommendations")
                .iter()
                .filter(|r| {
                    r["response"]["activities"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|x| x == id))
                })
                .count();
            assert_eq!(
                page.matches("href=\"../recommendations.html#").count(),
                answers,
                "{example}: card {id} answers {answers} recommendations"
            );
            for href in expected {
                assert!(
                    page.contains(&format!("href=\"{href}\"")),
                    "{example}: card {id} does not link {href}"
                );
                let (file, anchor) = href.split_once('#').unwrap_or((&href, ""));
                let target = fs::read_to_string(page_path.parent().unwrap().join(file))
                    .unwrap_or_else(|_| panic!("{example}: {href} from card {id} leads nowhere"));
                if !anchor.is_empty() {
                    assert!(
                        target.contains(&format!("id=\"{anchor}\"")),
                        "{example}: no #{anchor} in {file}"
                    );
                }
            }
        }
        assert!(cards > 0, "{example}: no card page");
    }
}

/// SPEC 6.6 (everything linked): every link of every page of a build leads
/// to a file of the build, and to an element with its anchor's id.
#[test]
fn every_link_of_every_page_leads_to_a_page_and_its_anchor() {
    for example in [
        "examples/demo",
        "examples/parma-2012",
        "tests/fixtures/fidenza",
    ] {
        let (_out, b) = built(example);
        let mut pages = vec![b.join("index.html")];
        let mut dirs = vec![b.join("html")];
        while let Some(dir) = dirs.pop() {
            for e in fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "html") {
                    pages.push(p);
                }
            }
        }
        let mut links = 0;
        for page in &pages {
            let html = fs::read_to_string(page).unwrap();
            for part in html.split("href=\"").skip(1) {
                let href = &part[..part.find('"').unwrap()];
                if href.starts_with("https://") || href.starts_with("mailto:") {
                    continue;
                }
                links += 1;
                let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
                let target = if file.is_empty() {
                    page.clone()
                } else {
                    page.parent().unwrap().join(file)
                };
                assert!(
                    target.is_file(),
                    "{example}: {href} in {} leads nowhere",
                    page.display()
                );
                if !anchor.is_empty() {
                    let text = fs::read_to_string(&target).unwrap();
                    assert!(
                        text.contains(&format!("id=\"{anchor}\"")),
                        "{example}: {href} in {}: no such anchor",
                        page.display()
                    );
                }
            }
        }
        assert!(links > 100, "{example}: only {links} links");
    }
}

/// SPEC 6.6: each yearly monitoring report is in every page's navigation,
/// and every row of its tables links its card, objective, fund or area to a
/// page (and anchor) of the build.
#[test]
fn monitoring_reports_are_in_the_navigation_and_their_rows_link() {
    for example in [
        "examples/demo",
        "tests/fixtures/fidenza",
        "tests/fixtures/partial-district",
    ] {
        let (_out, b) = built(example);
        let reports: Vec<String> = fs::read_dir(b.join("html"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("monitoring-") && n.ends_with(".html"))
            .collect();
        assert!(!reports.is_empty(), "{example}: no report");
        let cover = fs::read_to_string(b.join("html/resources.html"))
            .or_else(|_| fs::read_to_string(b.join("html/index.html")))
            .unwrap();
        for report in &reports {
            let nav = &cover[cover.find("<nav").unwrap()..cover.find("</nav>").unwrap()];
            assert!(
                nav.contains(&format!("href=\"{report}\"")),
                "{example}: {report} not in the navigation"
            );
            let page = fs::read_to_string(b.join("html").join(report)).unwrap();
            let main = &page[page.find("<main").unwrap()..];
            let rows: Vec<&str> = main.split("<th scope=\"row\">").skip(1).collect();
            let mut linked = 0;
            for row in rows {
                let Some(rest) = row.strip_prefix("<a href=\"") else {
                    continue;
                };
                linked += 1;
                let href = &rest[..rest.find('"').unwrap()];
                let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
                let target = fs::read_to_string(b.join("html").join(file))
                    .unwrap_or_else(|_| panic!("{example}: {href} in {report} leads nowhere"));
                if !anchor.is_empty() {
                    assert!(
                        target.contains(&format!("id=\"{anchor}\"")),
                        "{example}: no #{anchor} in {file}"
                    );
                }
            }
            assert!(linked > 0, "{example}: {report} links nothing");
            assert!(
                main.contains("href=\"cards/"),
                "{example}: {report} links no card"
            );
        }
    }
}

/// SPEC 6.6, counts that agree: the cover's number of organisations is the
/// number the list on the process page gives, or the page says why not.
#[test]
fn the_covers_organisations_agree_with_the_list() {
    let mut checked = 0;
    for example in [
        "examples/demo",
        "examples/parma-2012",
        "examples/reggio-emilia-2013",
    ] {
        let (_out, b) = built(example);
        checked += 1;
        let cover = fs::read_to_string(b.join("html/index.html")).unwrap();
        let Some(at) = cover.find("</span> <span class=\"figure-label\">Organizzazioni") else {
            continue;
        };
        let value = &cover[cover[..at].rfind('>').unwrap() + 1..at];
        let process = fs::read_to_string(b.join("html/process.html")).unwrap();
        let Some(list) = process.split("<ul class=\"organisations\">").nth(1) else {
            continue;
        };
        let listed = list[..list.find("</ul>").unwrap()].matches("<li>").count();
        let sentence = format!("<p>{listed} organizzazioni e ");
        assert!(process.contains(&sentence), "{example}: no `{sentence}`");
        assert!(
            value == listed.to_string()
                || process.contains(&format!("Incontri e tavoli ne nominano {value} e")),
            "{example}: the cover says {value}, the list has {listed}"
        );
        checked += 10;
    }
    assert!(
        checked >= 23,
        "the demo and Parma 2012 both list organisations"
    );
}
