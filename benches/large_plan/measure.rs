//! Timing a command and reading its peak memory from the kernel (`wait4`'s
//! `ru_maxrss`), with no tool in between.

use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Median wall time and median peak resident memory of several runs.
pub struct Figures {
    pub seconds: f64,
    pub peak_mb: f64,
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} s, {:.0} MB", self.seconds, self.peak_mb)
    }
}

/// Runs the command `runs` times (after one unmeasured warm-up run that fills
/// the page cache) and panics if any run fails.
pub fn run_many(runs: usize, command: impl Fn() -> Command) -> Figures {
    run_many_after(runs, || {}, command)
}

/// Like [`run_many`], with `prepare` run (untimed) before each run.
pub fn run_many_after(runs: usize, prepare: impl Fn(), command: impl Fn() -> Command) -> Figures {
    prepare();
    run_once(command());
    let mut seconds = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        prepare();
        let (s, kb) = run_once(command());
        seconds.push(s);
        peaks.push(kb as f64 / 1024.0);
    }
    Figures {
        seconds: median(seconds),
        peak_mb: median(peaks),
    }
}

fn run_once(mut command: Command) -> (f64, i64) {
    // A file, not a pipe: a pipe nobody reads while we wait would fill and stall the run.
    let mut log = tempfile::tempfile().unwrap();
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed().as_secs_f64();
    drop(child);
    assert_eq!(waited, pid, "wait4 failed");
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        let mut err = String::new();
        let _ = std::io::Seek::rewind(&mut log);
        let _ = std::io::Read::read_to_string(&mut log, &mut err);
        panic!("{command:?} failed ({status}):\n{err}");
    }
    (elapsed, usage.ru_maxrss)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The HTML pages of our site (not its assets).
pub fn html_pages(html: &Path) -> usize {
    walkdir::WalkDir::new(html)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| e.file_name() != "print.html")
        .count()
}

/// CPU model, cores, memory and kernel, read from /proc.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or("unknown CPU".into(), |m| m.trim().to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "{model}, {cores} cores, {mem_gb:.0} GiB, Linux {}",
        kernel.trim()
    )
}
