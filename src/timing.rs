//! `WELFARE_PLAN_TIMINGS=1`: each stage's time and resident memory on stderr,
//! for the benchmark and for profiling (like `cargo --timings`).

static ON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns the timings on (`main`, from `WELFARE_PLAN_TIMINGS`).
pub fn enable() {
    ON.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Runs one stage; with `WELFARE_PLAN_TIMINGS` set, prints how long it took
/// and the resident memory after it.
pub fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if !ON.load(std::sync::atomic::Ordering::Relaxed) {
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
