//! The peers, building the same pages: our `plan.md` cut where our site cuts
//! it, as Hugo content and as an mdBook, each with its default settings.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{Figures, run_many};

/// One page: its title and its Markdown; `section` for the pages our site's
/// navigation lists (the index and the `## ` sections).
pub struct Page {
    pub title: String,
    pub body: String,
    pub section: bool,
}

/// Cuts `plan.md` as our site is cut: the title page (what comes before the
/// first section), one page per `## ` section, and one per area and per card
/// (the generator's `### Area di intervento` and `### Scheda` headings), each
/// page starting at its own heading.
pub fn split(markdown: &str) -> Vec<Page> {
    let mut pages: Vec<Page> = vec![Page {
        title: "Indice".into(),
        body: String::new(),
        section: true,
    }];
    for line in markdown.lines() {
        let section = line.starts_with("## ");
        let starts =
            section || line.starts_with("### Area di intervento") || line.starts_with("### Scheda");
        if starts {
            let title = line.trim_start_matches('#').trim().to_string();
            pages.push(Page {
                title,
                body: String::new(),
                section,
            });
        }
        if let Some(page) = pages.last_mut() {
            page.body.push_str(line);
            page.body.push('\n');
        }
    }
    pages
}

fn version(program: &str) -> Option<String> {
    let out = Command::new(program).arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let v = text
        .split_whitespace()
        .find(|w| w.starts_with('v') && w[1..].starts_with(|c: char| c.is_ascii_digit()))?
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .to_string();
    Some(v)
}

fn title_toml(title: &str) -> String {
    format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""))
}

pub struct Hugo {
    pub version: String,
}

impl Hugo {
    pub fn find() -> Option<Hugo> {
        version("hugo").map(|version| Hugo { version })
    }

    /// A site with the pages as content and one small layout whose navigation
    /// lists the sections, as ours does; built into its own `public/`.
    pub fn time(&self, pages: &[Page], work: &Path, runs: usize) -> Figures {
        let site = work.join("hugo");
        let _ = std::fs::remove_dir_all(&site);
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::create_dir_all(site.join("layouts/_default")).unwrap();
        std::fs::write(
            site.join("hugo.toml"),
            "baseURL = \"https://example.org/\"\nlanguageCode = \"it\"\ntitle = \"Piano\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
        )
        .unwrap();
        let layout = "<!DOCTYPE html>\n<html lang=\"it\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><nav><ul>{{ range where .Site.RegularPages \"Params.section\" true }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav>\n<main>{{ .Content }}</main></body></html>\n";
        std::fs::write(site.join("layouts/_default/single.html"), layout).unwrap();
        std::fs::write(site.join("layouts/_default/list.html"), layout).unwrap();
        std::fs::write(site.join("layouts/index.html"), layout).unwrap();
        for (i, p) in pages.iter().enumerate() {
            std::fs::write(
                site.join(format!("content/p{i:05}.md")),
                format!(
                    "+++\ntitle = {}\nweight = {i}\n[params]\nsection = {}\n+++\n\n{}",
                    title_toml(&p.title),
                    p.section,
                    p.body
                ),
            )
            .unwrap();
        }
        run_many(runs, || {
            let mut c = Command::new("hugo");
            c.arg("--quiet")
                .arg("--source")
                .arg(&site)
                .arg("--destination")
                .arg(site.join("public"));
            c
        })
    }
}

pub struct MdBook {
    pub version: String,
    program: PathBuf,
}

impl MdBook {
    pub fn find() -> Option<MdBook> {
        // `cargo install mdbook` puts it in ~/.cargo/bin, on PATH or not.
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
        for program in [PathBuf::from("mdbook"), home.join("bin/mdbook")] {
            let out = Command::new(&program).arg("--version").output();
            if let Ok(out) = out {
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                let version = text.split_whitespace().nth(1).unwrap_or("?").to_string();
                return Some(MdBook { version, program });
            }
        }
        None
    }

    /// A book with one chapter per page, built with its defaults (which
    /// include the search index).
    pub fn time(&self, pages: &[Page], work: &Path, runs: usize) -> Figures {
        let book = work.join("mdbook");
        let _ = std::fs::remove_dir_all(&book);
        std::fs::create_dir_all(book.join("src")).unwrap();
        std::fs::write(
            book.join("book.toml"),
            "[book]\ntitle = \"Piano\"\nlanguage = \"it\"\n",
        )
        .unwrap();
        let mut summary = String::from("# Summary\n\n");
        for (i, p) in pages.iter().enumerate() {
            let name = format!("p{i:05}.md");
            summary.push_str(&format!(
                "- [{}](./{name})\n",
                p.title.replace(['[', ']'], "")
            ));
            std::fs::write(book.join("src").join(&name), &p.body).unwrap();
        }
        std::fs::write(book.join("src/SUMMARY.md"), summary).unwrap();
        run_many(runs, || {
            let mut c = Command::new(&self.program);
            c.arg("build").arg(&book);
            c
        })
    }
}
