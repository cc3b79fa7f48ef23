//! `serve`: the last good build, held in memory, over HTTP on 127.0.0.1
//! (SPEC 6.1). Served HTML pages get a small script that reloads them when a
//! rebuild finishes and, while the plan is broken, a banner listing the
//! diagnostics; the built files themselves are never changed (they keep the
//! CSP that forbids scripts).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::output::Output;
use crate::text::escape;

/// What the server shows: the last good build and, when the latest attempt
/// failed, its diagnostics.
#[derive(Default)]
pub struct Site {
    /// Output path (`html/index.html`) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The diagnostics of the latest rebuild, when it failed.
    pub broken: Option<String>,
    /// Bumped by every rebuild, good or broken: pages poll it to reload.
    pub version: u64,
    /// The banner's heading, in the plan's language.
    pub banner_title: String,
}

impl Site {
    pub fn replace(&mut self, outputs: Vec<Output>) {
        self.files = outputs.into_iter().map(|o| (o.path, o.bytes)).collect();
        self.broken = None;
        self.version += 1;
    }

    pub fn fail(&mut self, diagnostics: String) {
        self.broken = Some(diagnostics);
        self.version += 1;
    }
}

pub type Shared = Arc<Mutex<Site>>;

const VERSION_PATH: &str = "/__welfare-plan/version";
const SCRIPT_PATH: &str = "/__welfare-plan/reload.js";
/// Polls the version and reloads the page when it changes.
const RELOAD_JS: &str = "(function () {\n  var seen = null;\n  function poll() {\n    fetch('/__welfare-plan/version', { cache: 'no-store' })\n      .then(function (r) { return r.text(); })\n      .then(function (v) { if (seen !== null && v !== seen) { location.reload(); } seen = v; })\n      .catch(function () {})\n      .finally(function () { setTimeout(poll, 250); });\n  }\n  poll();\n})();\n";

/// At most this many connections are served at once; more wait in the
/// kernel's queue (a page and its files need a handful).
const MAX_CONNECTIONS: usize = 128;
/// A request must arrive whole within this time, however slowly it trickles.
const REQUEST_DEADLINE: Duration = Duration::from_secs(2);

/// The names a browser may use for this server: loopback, and the address it
/// is bound to. A page from elsewhere that resolves its own name to
/// 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
pub struct Hosts {
    bound: std::net::IpAddr,
}

impl Hosts {
    pub fn new(bound: std::net::IpAddr) -> Self {
        Hosts { bound }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        // Without its port: `[::1]:3000`, `localhost:3000`.
        let name = match host.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => host.rsplit_once(':').map_or(host, |(h, _)| h),
        };
        let name = name.to_ascii_lowercase();
        name == "localhost"
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback() || ip == self.bound)
    }
}

/// Accepts connections until the process ends, a thread each, at most
/// [`MAX_CONNECTIONS`] at once; an accept error (no file descriptor left)
/// backs off instead of spinning.
pub fn run(listener: TcpListener, site: Shared, hosts: Hosts) {
    let hosts = Arc::new(hosts);
    let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut backoff = Duration::from_millis(10);
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => {
                backoff = Duration::from_millis(10);
                stream
            }
            Err(_) => {
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        // Wait for a slot: the queue, not a new thread, absorbs a flood.
        while open.load(std::sync::atomic::Ordering::Acquire) >= MAX_CONNECTIONS {
            std::thread::sleep(Duration::from_millis(5));
        }
        open.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        let (site, hosts, open) = (site.clone(), hosts.clone(), open.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &site, &hosts);
            open.fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
        });
    }
}

fn handle(mut stream: TcpStream, site: &Shared, hosts: &Hosts) -> std::io::Result<()> {
    let started = std::time::Instant::now();
    stream.set_write_timeout(Some(REQUEST_DEADLINE))?;
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let left = REQUEST_DEADLINE.saturating_sub(started.elapsed());
        if left.is_zero() || request.len() > 16 * 1024 {
            return Ok(());
        }
        stream.set_read_timeout(Some(left))?;
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&request);
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let host = lines.take_while(|l| !l.is_empty()).find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim().eq_ignore_ascii_case("host").then_some(value)
    });
    if !host.is_some_and(|h| hosts.allows(h)) {
        return respond(
            &mut stream,
            "421 Misdirected Request",
            "text/plain",
            b"",
            false,
        );
    }
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            true,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let (status, kind, body) = answer(path, site);
    respond(&mut stream, status, kind, &body, head_only)
}

/// The response to a GET of `path`: status, content type, body.
fn answer(path: &str, site: &Shared) -> (&'static str, &'static str, Vec<u8>) {
    let site = site.lock().unwrap_or_else(|e| e.into_inner());
    match path {
        VERSION_PATH => (
            "200 OK",
            "text/plain",
            site.version.to_string().into_bytes(),
        ),
        SCRIPT_PATH => ("200 OK", "text/javascript", RELOAD_JS.as_bytes().to_vec()),
        _ => {
            let Some(rel) = decode_path(path) else {
                return ("400 Bad Request", "text/plain", b"bad path".to_vec());
            };
            let rel = if rel.ends_with('/') || rel.is_empty() {
                format!("{rel}index.html")
            } else {
                rel
            };
            // No good build yet (the plan was broken from the start): every
            // page is the banner, with the script that reloads it once fixed.
            if site.files.is_empty() && (rel.ends_with(".html") || !rel.contains('.')) {
                let page = format!(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body></body></html>",
                    escape(&site.banner_title)
                );
                return (
                    "200 OK",
                    "text/html; charset=utf-8",
                    live_page(page.as_bytes(), &site).into_bytes(),
                );
            }
            match site.files.get(&rel) {
                Some(bytes) if rel.ends_with(".html") => (
                    "200 OK",
                    "text/html; charset=utf-8",
                    live_page(bytes, &site).into_bytes(),
                ),
                Some(bytes) => ("200 OK", content_type(&rel), bytes.clone()),
                None => ("404 Not Found", "text/plain", b"not found".to_vec()),
            }
        }
    }
}

/// A built page as served: its CSP opened to our own script, the reload
/// script, and the banner while the plan is broken.
fn live_page(bytes: &[u8], site: &Site) -> String {
    let html = String::from_utf8_lossy(bytes);
    let html = html.replace("script-src 'none'", "script-src 'self'; connect-src 'self'");
    let banner = site.broken.as_ref().map(|diags| {
        format!(
            "<div class=\"serve-banner\" role=\"alert\"><p><strong>{}</strong></p><pre>{}</pre></div>\n",
            escape(&site.banner_title),
            escape(diags)
        )
    });
    // The banner first thing in the body, where it is seen and read first.
    let mut html = html;
    if let Some(banner) = banner {
        let at = html
            .find("<body")
            .and_then(|b| html[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        html.insert_str(at, &format!("\n{banner}"));
    }
    let script = format!("<script src=\"{SCRIPT_PATH}\"></script>\n");
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &script),
        None => html.push_str(&script),
    }
    html
}

/// `/html/a%20b.html` → `html/a b.html`; `None` for anything that could leave
/// the build (`..`, NUL, bad encoding).
fn decode_path(path: &str) -> Option<String> {
    let raw = path.strip_prefix('/')?;
    let mut bytes = Vec::with_capacity(raw.len());
    let mut it = raw.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex = [it.next()?, it.next()?];
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            bytes.push(b);
        }
    }
    let s = String::from_utf8(bytes).ok()?;
    if s.contains('\0') || s.contains('\\') || s.split('/').any(|seg| seg == "..") {
        return None;
    }
    Some(s)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_the_bound_address_are_served() {
        let local = Hosts::new("127.0.0.1".parse().unwrap());
        for host in [
            "localhost:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
            "LOCALHOST",
            "127.0.0.1",
        ] {
            assert!(local.allows(host), "{host}");
        }
        for host in [
            "evil.example:3000",
            "127.0.0.1.evil.example",
            "",
            "[::2]:1",
            "10.0.0.1:3000",
        ] {
            assert!(!local.allows(host), "{host}");
        }
        let lan = Hosts::new("192.168.1.5".parse().unwrap());
        assert!(lan.allows("192.168.1.5:3000"));
        assert!(!lan.allows("192.168.1.6:3000"));
    }
}
