//! Bytes → the plan's files → load, check and render in memory. The input is
//! split at NUL bytes into plan.toml, another TOML file and a chapter file.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let dir = DIR.get_or_init(common::scratch);
    let mut parts = data.splitn(3, |b| *b == 0);
    let plan = parts.next().unwrap_or_default();
    let other = parts.next().unwrap_or_default();
    let chapter = parts.next().unwrap_or_default();
    std::fs::write(dir.join("plan.toml"), plan).unwrap();
    std::fs::write(dir.join("other.toml"), other).unwrap();
    std::fs::write(dir.join("c.md"), chapter).unwrap();
    common::run_plan(dir);
});
