//! `build --pdf`: the council's document, printed from the written
//! `html/print.html` by a locally installed Chromium (SPEC 6.2).
//!
//! Chromium gives what the council needs with no PDF library of our own: a
//! tagged PDF (structure for screen readers), bookmarks from the headings
//! (`--generate-pdf-document-outline`), the title and language from the page,
//! and the page numbers and identity footer from `assets/print.css`.

use crate::diag::Code;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, msg};

/// The PDF's name in OUT.
pub const FILE: &str = "plan.pdf";

/// Names tried on PATH, in order.
const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long a print may take before it is abandoned.
const PRINT_TIMEOUT: Duration = Duration::from_secs(180);

/// The browser to print with: `given`, else the first of [`BROWSERS`] on PATH.
/// `path` is the `PATH` the run was started with.
pub fn find_browser(
    given: Option<&Path>,
    path: &std::ffi::OsStr,
) -> Result<PathBuf, Box<Diagnostic>> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(missing(&path.display().to_string()))
        };
    }
    for dir in std::env::split_paths(path) {
        for name in BROWSERS {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(missing(&BROWSERS.join(", ")))
}

fn missing(tried: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::at_path(
            Code::PdfFailed,
            String::new(),
            msg("pdf-no-browser", &[("tried", tried)]),
        )
        .with_help(msg("help-pdf-no-browser", &[])),
    )
}

fn failed(out: &Path, why: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::at_path(
        Code::PdfFailed,
        out.display().to_string(),
        msg("pdf-print-failed", &[("why", why)]),
    ))
}

/// One page to print: its path under `html/` and the PDF's path in OUT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub page: String,
    pub pdf: String,
}

/// What `build --pdf` prints from a written build `dir`: the plan, each
/// yearly monitoring report, and with `cards` each card page (by name, so
/// the order and the names are the same on every run).
pub fn jobs(dir: &Path, cards: bool) -> Vec<Job> {
    let mut jobs = vec![Job {
        page: "print.html".into(),
        pdf: FILE.into(),
    }];
    let names = |sub: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join("html").join(sub))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html") && !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    for name in names("") {
        if let Some(year) = name
            .strip_prefix("monitoring-")
            .and_then(|n| n.strip_suffix(".html"))
        {
            jobs.push(Job {
                pdf: format!("monitoring-{year}.pdf"),
                page: name,
            });
        }
    }
    if cards {
        for name in names("cards") {
            jobs.push(Job {
                pdf: format!("cards/{}.pdf", name.trim_end_matches(".html")),
                page: format!("cards/{name}"),
            });
        }
    }
    jobs
}

/// Prints every [`jobs`] page of `dir` (a complete build: the write
/// stage's new folder, before it becomes OUT), a few at a time; returns the
/// PDFs' paths in OUT. Problems name `shown` (OUT: the folder the user knows).
pub fn print_all(
    browser: &Path,
    dir: &Path,
    shown: &Path,
    epoch: Option<i64>,
    cards: bool,
) -> Result<Vec<String>, Box<Diagnostic>> {
    let jobs = jobs(dir, cards);
    if cards {
        std::fs::create_dir_all(dir.join("cards")).map_err(|e| failed(shown, &e.to_string()))?;
    }
    // Each browser is a process of its own: a few at once keep the machine
    // usable and the run short.
    let parallel = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let printed = crate::threads::in_turn(
        &jobs,
        parallel,
        |i, job| print(browser, dir, shown, epoch, job, i),
        Result::is_err,
    );
    // The first failure, in the jobs' order, is the one reported.
    if let Some(e) = printed.into_iter().flatten().find_map(Result::err) {
        return Err(e);
    }
    Ok(jobs.into_iter().map(|j| j.pdf).collect())
}

/// Prints `dir/html/PAGE` to `dir/PDF`. `n` keeps the job's temporary files
/// apart from the others'.
fn print(
    browser: &Path,
    dir: &Path,
    shown: &Path,
    epoch: Option<i64>,
    job: &Job,
    n: usize,
) -> Result<PathBuf, Box<Diagnostic>> {
    let failed = |why: &str| failed(shown, why);
    let out = std::path::absolute(dir).map_err(|e| failed(&e.to_string()))?;
    let source = out.join("html").join(&job.page);
    let folder = source.parent().unwrap_or(&out).to_path_buf();
    // A copy of the page whose links to the site's files are plain text (in
    // a PDF they would become this machine's file:// paths), beside it so
    // that its stylesheets are found.
    let page = folder.join(format!(".print-pdf-{n}.html"));
    let html = std::fs::read_to_string(&source).map_err(|e| failed(&e.to_string()))?;
    std::fs::write(&page, unlink_local(&html)).map_err(|e| failed(&e.to_string()))?;
    let target = out.join(&job.pdf);
    let partial = out.join(format!(".pdf-{n}.partial"));
    // A profile of its own, so that a browser the official has open does not
    // take the job over (Chromium hands work to a running instance).
    let profile = out.join(format!(".pdf-{n}.profile"));
    let _ = std::fs::remove_dir_all(&profile);
    let mut cmd = Command::new(browser);
    cmd.arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .arg("--no-pdf-header-footer")
        .arg("--generate-pdf-document-outline")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", partial.display()))
        .arg(file_url(&page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Chromium refuses to run as root with its sandbox (CI containers).
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        cmd.arg("--no-sandbox");
    }
    let result = run(&mut cmd);
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_file(&page);
    let outcome = result.and_then(|()| {
        let mut bytes = std::fs::read(&partial).map_err(|e| e.to_string())?;
        if !bytes.starts_with(b"%PDF-") {
            return Err("the browser wrote no PDF".to_string());
        }
        fix_dates(&mut bytes, source_date(epoch));
        std::fs::write(&partial, &bytes).map_err(|e| e.to_string())?;
        std::fs::rename(&partial, &target).map_err(|e| e.to_string())
    });
    match outcome {
        Ok(()) => Ok(target),
        Err(why) => {
            let _ = std::fs::remove_file(&partial);
            Err(failed(&format!("{}: {why}", job.pdf)))
        }
    }
}

/// `html` with every `href` that leaves the page for a local file removed
/// (the link's text stays). Web, mail and phone links and in-page anchors
/// are kept. The HTML is ours: attribute values never hold a raw `"`.
pub fn unlink_local(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" href=\"") {
        let value_start = at + " href=\"".len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        let keep = ["http://", "https://", "mailto:", "tel:", "#"]
            .iter()
            .any(|p| value.starts_with(p))
            // Only links are touched (stylesheets stay).
            || !rest[..at]
                .rfind('<')
                .is_some_and(|tag| rest[tag..].starts_with("<a "));
        let end = value_start + len + 1;
        if keep {
            out.push_str(&rest[..end]);
        } else {
            out.push_str(&rest[..at]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => return Err(format!("the browser ended with {status}")),
            None if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the browser did not finish in {} s",
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// A `file://` URL for an absolute path, each byte outside the unreserved
/// set percent-encoded (plan folders may have spaces or accents).
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for &b in path.to_string_lossy().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// `SOURCE_DATE_EPOCH` as a PDF date body (`YYYYMMDDHHmmSS`), when set.
fn source_date(epoch: Option<i64>) -> Option<String> {
    let secs = epoch?;
    let rem = secs.rem_euclid(86_400);
    let date = crate::model::Date::from_unix(secs);
    if !(0..=9999).contains(&date.year) {
        return None;
    }
    Some(format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}",
        date.year,
        date.month,
        date.day,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

/// Makes the PDF's dates deterministic: `SOURCE_DATE_EPOCH` when given, else
/// no dates at all. Every edit keeps the byte length, so the cross-reference
/// offsets stay right.
pub fn fix_dates(pdf: &mut [u8], date: Option<String>) {
    for key in [&b"/CreationDate"[..], &b"/ModDate"[..]] {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], key).map(|i| i + from) {
            from = at + key.len();
            // `/Key (D:YYYYMMDDHHmmSS...)`
            let Some(open) = pdf[from..]
                .iter()
                .position(|&b| b != b' ')
                .map(|i| i + from)
            else {
                break;
            };
            if pdf.get(open..open + 3) != Some(&b"(D:"[..]) {
                continue;
            }
            let Some(close) = pdf[open..]
                .iter()
                .position(|&b| b == b')')
                .map(|i| i + open)
            else {
                break;
            };
            match &date {
                Some(date) if close - (open + 3) >= date.len() => {
                    let body = &mut pdf[open + 3..close];
                    body[..date.len()].copy_from_slice(date.as_bytes());
                    // The time zone, if any room is left: UTC.
                    let rest = &mut body[date.len()..];
                    let zone = b"+00'00'";
                    for (i, b) in rest.iter_mut().enumerate() {
                        *b = *zone.get(i).unwrap_or(&b' ');
                    }
                }
                // Whitespace in place of the entry: a dictionary without it.
                _ => pdf[at..=close].fill(b' '),
            }
            from = close;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
