//! `serve`: build in memory, serve on 127.0.0.1, rebuild on every edit.

use crate::diag::Code;
use std::net::{IpAddr, TcpListener};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::build::analyse_and_render;
use super::{Options, report};
use crate::diag::{ColorChoice, Diagnostic, MessageFormat, msg, render_all};
mod http;

use http::{Shared, Site};

/// How often the plan folder is looked at, and how long it must stay
/// unchanged before a rebuild (an editor saving several files, a `git checkout`).
const POLL: Duration = Duration::from_millis(100);
const SETTLE: Duration = Duration::from_millis(100);

pub fn serve(dir: &Path, bind: IpAddr, port: u16, open: bool, opts: &Options) -> i32 {
    let site: Shared = Arc::new(Mutex::new(Site::default()));
    // Not a plan: said as `check` says it, and nothing is served.
    if let Err(crate::load::NotAPlan(d)) = crate::load::open(dir) {
        return super::run_error(*d, opts);
    }
    // Taken before the first build, so that an edit made while it runs is seen.
    let seen = crate::load::fingerprint(dir);
    rebuild(dir, &site, opts);
    let listener = match TcpListener::bind((bind, port)) {
        Ok(l) => l,
        Err(e) => {
            let shown = std::net::SocketAddr::new(bind, port).to_string();
            return super::run_error(
                Diagnostic::at_path(
                    Code::IoError,
                    shown.clone(),
                    msg("io-error", &[("path", &shown), ("error", &e.to_string())]),
                ),
                opts,
            );
        }
    };
    let url = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}/html/index.html"),
        Err(_) => format!(
            "http://{}/html/index.html",
            std::net::SocketAddr::new(bind, port)
        ),
    };
    // Always printed (even with --quiet): it is how the official finds the site.
    eprintln!("{}", msg("serving", &[("url", &url)]).text(opts.lang));
    if !bind.is_loopback() {
        // The draft is readable by anyone who can reach this machine.
        eprintln!(
            "{}",
            msg("serve-on-network", &[("addr", &bind.to_string())]).text(opts.lang)
        );
    }
    let server = site.clone();
    let hosts = http::Hosts::new(bind);
    std::thread::spawn(move || http::run(listener, server, hosts));
    if open {
        open_browser(&url, opts.lang);
    }
    on_every_change(dir, seen, || rebuild(dir, &site, opts))
}

/// `watch`: `build` now and after every change, by the rules of `build`.
pub fn watch(dir: &Path, out: Option<&Path>, opts: &Options) -> i32 {
    if let Err(crate::load::NotAPlan(d)) = crate::load::open(dir) {
        return super::run_error(*d, opts);
    }
    let seen = crate::load::fingerprint(dir);
    let _ = super::build(dir, out, None, opts);
    eprintln!("{}", msg("watching", &[]).text(opts.lang));
    on_every_change(dir, seen, || {
        let _ = super::build(dir, out, None, opts);
    })
}

/// Runs `then` each time the plan folder differs from `seen` and has settled;
/// never returns.
fn on_every_change(dir: &Path, mut seen: crate::load::Fingerprint, mut then: impl FnMut()) -> ! {
    loop {
        std::thread::sleep(POLL);
        let mut now = crate::load::fingerprint(dir);
        if now == seen {
            continue;
        }
        loop {
            std::thread::sleep(SETTLE);
            let again = crate::load::fingerprint(dir);
            if again == now {
                break;
            }
            now = again;
        }
        seen = now;
        then();
    }
}

/// One rebuild: a good one replaces what is served; a broken one keeps it and
/// raises the banner. Either way the diagnostics go to stderr too.
fn rebuild(dir: &Path, site: &Shared, opts: &Options) {
    let started = Instant::now();
    let (mut a, lang, outputs) = analyse_and_render(dir, opts);
    let lang = lang.unwrap_or(opts.lang);
    let failed = a.diags.exit_code(opts.deny_warnings) != 0 || outputs.is_none();
    let mut banner = Vec::new();
    if failed {
        let mut shown = a.diags.clone();
        shown.sort();
        shown.retain(|d| !d.allowed);
        let _ = render_all(
            &shown,
            &a.sources,
            MessageFormat::Human,
            ColorChoice::Never,
            lang,
            &mut banner,
        );
    }
    report(&mut a.diags, &a.sources, opts);
    {
        let mut site = site.lock().unwrap_or_else(|e| e.into_inner());
        site.banner_title = msg("serve-banner", &[]).text(lang);
        match outputs {
            Some(outputs) if !failed => site.replace(outputs),
            _ => site.fail(String::from_utf8_lossy(&banner).into_owned()),
        }
    }
    let ms = started.elapsed().as_millis().to_string();
    let key = if failed {
        "serve-broken"
    } else {
        "serve-rebuilt"
    };
    if !opts.quiet || failed {
        eprintln!("{}", msg(key, &[("ms", &ms)]).text(opts.lang));
    }
}

/// Opens the page in the desktop's browser. The opener is waited for on its
/// own thread, so it never lingers as a zombie; when there is no desktop (no
/// opener, or one that fails) the user is told to open the address themselves,
/// and serving goes on.
fn open_browser(url: &str, lang: crate::i18n::Lang) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_string();
    let tell = move || eprintln!("{}", msg("serve-no-browser", &[("url", &url)]).text(lang));
    match spawned {
        Ok(mut child) => {
            std::thread::spawn(move || {
                if !child.wait().is_ok_and(|status| status.success()) {
                    tell();
                }
            });
        }
        Err(_) => tell(),
    }
}
