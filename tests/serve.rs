//! `serve` (SPEC 6.1), driven as a browser would: a real server on
//! 127.0.0.1, plain HTTP requests, real edits to the plan's files.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::cmd;

/// The server, stopped when the test ends however it ends.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(plan: &Path) -> Server {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .args(["serve", "--port", "0"])
        .arg(plan)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("http://") {
                let url = line[at + 7..].split('/').next().unwrap().to_string();
                let _ = tx.send(url);
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("serve prints its address");
    Server { child, addr }
}

/// GET `path`: status code and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

/// Waits until the served version moves past `after` (a rebuild finished).
fn next_version(server: &Server, after: &str) -> String {
    let started = Instant::now();
    loop {
        let (_, v) = get(server, "/__welfare-plan/version");
        if v != after {
            return v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no rebuild after an edit"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_rebuild_broken_plans_keep_the_last_good_pages_with_a_banner() {
    let dir = tempfile::tempdir().unwrap();
    crate::build::copy_dir(Path::new("tests/fixtures/district"), dir.path());
    let toml = dir.path().join("plan.toml");
    let original = std::fs::read_to_string(&toml).unwrap();
    let server = start(dir.path());

    let (status, page) = get(&server, "/html/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/__welfare-plan/reload.js\"></script>"));
    assert!(page.contains("script-src 'self'; connect-src 'self'"));
    assert!(!page.contains("serve-banner"));
    // `/` is the build's own root page, which leads to the cover.
    let (status, root) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(root.contains("url=html/index.html"), "{root}");
    let (status, js) = get(&server, "/__welfare-plan/reload.js");
    assert_eq!(status, 200);
    assert!(js.contains("location.reload()"));
    let (_, version) = get(&server, "/__welfare-plan/version");

    // An edit: the page changes.
    let title = original
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap();
    let edited = original.replacen(title, "title = \"Piano modificato dal test\"", 1);
    std::fs::write(&toml, &edited).unwrap();
    let version = next_version(&server, &version);
    let (_, page) = get(&server, "/html/index.html");
    assert!(page.contains("Piano modificato dal test"));

    // A broken edit: the banner names the problem over the last good pages.
    std::fs::write(&toml, format!("{edited}\nbroken = [\n")).unwrap();
    let version = next_version(&server, &version);
    let (status, page) = get(&server, "/html/index.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("class=\"serve-banner\" role=\"alert\""),
        "{page}"
    );
    assert!(page.contains("toml-syntax"), "{page}");
    // First in the body, before the header: what the official sees first.
    assert!(page.find("serve-banner").unwrap() < page.find("site-header").unwrap());
    assert!(page.contains("Piano modificato dal test"));

    // Fixed: the banner goes.
    std::fs::write(&toml, &original).unwrap();
    next_version(&server, &version);
    let (_, page) = get(&server, "/html/index.html");
    assert!(!page.contains("serve-banner"));
    assert!(!page.contains("Piano modificato dal test"));

    // Other files as built; nothing outside the build; nothing written.
    let (status, css) = get(&server, "/html/assets/style.css");
    assert_eq!(status, 200);
    assert!(css.contains(".serve-banner"));
    for path in [
        "/../plan.toml",
        "/html/../../plan.toml",
        "/html/%2e%2e/plan.toml",
        "/plan.toml",
    ] {
        let (status, _) = get(&server, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
    }
    assert!(!dir.path().join("build").exists(), "serve writes nothing");
}

#[test]
fn serve_and_watch_refuse_a_folder_that_is_not_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["serve", "--port", "0"][..], &["watch"][..]] {
        let out = cmd().args(args).arg(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error[not-a-plan]"),
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Waits until `path` holds `text` (or, with `present` false, no longer does).
fn wait_for(path: &Path, text: &str, present: bool) {
    let started = Instant::now();
    while std::fs::read_to_string(path).is_ok_and(|s| s.contains(text)) != present {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{path:?}: `{text}` {present}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_builds_every_change_into_out_and_leaves_it_alone_while_broken() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    crate::build::copy_dir(Path::new("tests/fixtures/district"), &plan);
    let out = dir.path().join("site");
    let toml = plan.join("plan.toml");
    let original = std::fs::read_to_string(&toml).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .env("LC_ALL", "C")
        .env("NO_COLOR", "1")
        .args(["watch", "--out"])
        .arg(&out)
        .arg(&plan)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // What watch says on each rebuild, to know it ran.
    let stderr = child.stderr.take().unwrap();
    let (tx, said) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let _server = Server {
        child,
        addr: String::new(),
    };
    let index = out.join("html/index.html");
    wait_for(&index, "<html", true);
    assert!(!std::fs::read_to_string(&index).unwrap().contains("<script"));

    let title = original
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap();
    let edited = original.replacen(title, "title = \"Piano osservato\"", 1);
    std::fs::write(&toml, &edited).unwrap();
    wait_for(&index, "Piano osservato", true);

    // Broken: watch rebuilds (it reports the error), and OUT keeps the last good build.
    std::fs::write(&toml, format!("{edited}\nbroken = [\n")).unwrap();
    let started = Instant::now();
    loop {
        let left = Duration::from_secs(30).saturating_sub(started.elapsed());
        let line = said
            .recv_timeout(left)
            .expect("watch rebuilds after the broken edit");
        if line.contains("error[toml-syntax]") {
            break;
        }
    }
    assert!(
        std::fs::read_to_string(&index)
            .unwrap()
            .contains("Piano osservato")
    );

    std::fs::write(&toml, &original).unwrap();
    wait_for(&index, "Piano osservato", false);
}

#[test]
fn watch_does_not_rebuild_for_its_own_output_inside_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    crate::build::copy_dir(Path::new("tests/fixtures/district"), dir.path());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .env("LC_ALL", "C")
        .arg("watch")
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _watch = Server {
        child,
        addr: String::new(),
    };
    // The default OUT, DIR/build: writing it must not count as an edit.
    let marker = dir.path().join("build/.welfare-plan-build");
    wait_for(&marker, "html/index.html", true);
    let written = std::fs::metadata(&marker).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        std::fs::metadata(&marker).unwrap().modified().unwrap(),
        written
    );
}

/// A raw request with its own Host header: the status code.
fn status_with_host(server: &Server, host: &str) -> u16 {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(
        stream,
        "GET /html/index.html HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response[9..12].parse().unwrap()
}

#[test]
fn a_page_that_rebinds_its_own_name_to_loopback_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    crate::build::copy_dir(Path::new("tests/fixtures/district"), dir.path());
    let server = start(dir.path());
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        server.addr.clone(),
    ] {
        assert_eq!(status_with_host(&server, &host), 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        assert_eq!(status_with_host(&server, &host), 421, "{host}");
    }
    // No Host at all: not a browser's request.
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    write!(stream, "GET /html/index.html HTTP/1.0\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 421"), "{response}");
}

#[test]
fn slow_connections_never_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    crate::build::copy_dir(Path::new("tests/fixtures/district"), dir.path());
    let server = start(dir.path());
    // More half-sent requests than the server serves at once, held open.
    let slow: Vec<TcpStream> = (0..200)
        .filter_map(|_| {
            let mut s = TcpStream::connect(&server.addr).ok()?;
            s.write_all(b"G").ok()?;
            Some(s)
        })
        .collect();
    assert!(slow.len() > 150);
    let started = Instant::now();
    let (status, page) = get(&server, "/html/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("<html"));
    // Each slow request is dropped at its deadline: a few seconds, not never.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    drop(slow);
}

#[test]
fn a_plan_broken_from_the_start_serves_its_diagnostics_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    crate::build::copy_dir(Path::new("tests/fixtures/district"), dir.path());
    let toml = dir.path().join("plan.toml");
    let original = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{original}\nbroken = [\n")).unwrap();
    let server = start(dir.path());
    let (status, page) = get(&server, "/html/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("class=\"serve-banner\""), "{page}");
    assert!(page.contains("toml-syntax"), "{page}");
    assert!(
        page.contains("<script src=\"/__welfare-plan/reload.js\"></script>"),
        "{page}"
    );
    let (_, version) = get(&server, "/__welfare-plan/version");
    std::fs::write(&toml, &original).unwrap();
    next_version(&server, &version);
    let (status, page) = get(&server, "/html/index.html");
    assert_eq!(status, 200);
    assert!(!page.contains("serve-banner"));
    assert!(page.contains("site-header"), "{page}");
}

/// `serve --open` on a machine without a desktop: it says that no browser
/// could be opened, with the address to open, and goes on serving.
#[test]
fn open_without_a_desktop_says_so_and_keeps_serving() {
    let plan = Path::new("examples/demo");
    let no_programs = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env("PATH", no_programs.path())
        .args(["serve", "--open", "--port", "0"])
        .arg(plan)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut addr = None;
    let mut told = None;
    while addr.is_none() || told.is_none() {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("serve reports its address and the missing browser");
        if line.contains("no browser could be opened") {
            told = Some(line);
        } else if let Some(at) = line.find("http://") {
            addr = Some(line[at + 7..].split('/').next().unwrap().to_string());
        }
    }
    let server = Server {
        child,
        addr: addr.unwrap(),
    };
    assert!(
        told.unwrap()
            .contains(&format!("http://{}/html/index.html", server.addr)),
        "the message gives the address to open"
    );
    let (status, body) = get(&server, "/html/index.html");
    assert_eq!(status, 200);
    assert!(body.contains("<html"), "{body}");
}
