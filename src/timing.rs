//! `WELFARE_PLAN_TIMINGS=1`: each stage's time and resident memory on stderr,
//! for the benchmark and for profiling (like `cargo --timings`).

/// Runs one stage; with `WELFARE_PLAN_TIMINGS` set, prints how long it took
/// and the resident memory after it.
pub fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("WELFARE_PLAN_TIMINGS").is_some()) {
        return f();
    }
    let started = std::time::Instant::now();
    let value = f();
    // From /proc (Linux only; 0 elsewhere).
    let rss_mb = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024));
    eprintln!(
        "timing: {stage} {:.1} ms, {rss_mb} MB resident",
        started.elapsed().as_secs_f64() * 1e3
    );
    value
}
