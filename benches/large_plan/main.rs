//! The speed benchmark: `cargo bench --bench large_plan` (the one command in
//! BENCHMARKS.md runs it after installing the peers).
//!
//! Generates plans at several sizes, times `check` and `build` of the release
//! binary (wall time and peak memory, median of several runs), then builds the
//! same pages with Hugo and mdBook in the same run: our `plan.md` cut where our
//! site cuts it (one page per `## ` section, one per area, one per card).
//! Asserts nothing about time; prints a Markdown table, and with
//! `--write FILE` writes BENCHMARKS.md.
//!
//! Options (after `--`): `--sizes 1,3,10`, `--runs N`, `--baseline PATH` (an
//! older welfare-plan binary measured alongside), `--write FILE`.

/// The top of BENCHMARKS.md: what is measured and how to measure it again.
const HEADER: &str = "# Benchmarks

Written by `benches/run.sh`, the one command that reproduces it: it installs
the peers if missing (Debian's `hugo`, `cargo install mdbook`), builds
welfare-plan and the revision before the speed work (`abdbba3`, the
\"baseline\"), and runs `cargo bench --bench large_plan` on this machine.

What it measures, on plans generated at three sizes (×1: 100 areas of 30
activities, 200 of them intervention cards with three-year budgets, 7,500
meetings one file each, 500 organisations, 100 tables, 2,500
recommendations; ×3 and ×10 multiply all of it):

- `check` and `build` of the release binary: wall time, median of 5 runs (3 at
  ×10) after one unmeasured run, and peak resident memory from the kernel
  (`wait4`). `build` (again) rebuilds an unchanged plan over its previous
  output, as an official does between edits (unchanged files are hard-linked,
  not rewritten); `build` (first) writes into a folder that does not exist.
- Hugo and mdBook building the same pages: our `plan.md` cut where our site
  cuts it (the title page, one page per `## ` section, one per area, one per
  card), Hugo with a one-file layout whose navigation lists the sections as
  ours does, mdBook with its defaults (which include its search index).
  Our build does more besides: it parses and validates every file, and writes
  the print page, `plan.md`, `participation.md`, the open data (JSON, CSV),
  the calendar and the monitoring pages.
";

mod generate;
mod measure;
mod peers;

use std::path::{Path, PathBuf};

use measure::{Figures, run_many, run_many_after};

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    baseline: Option<PathBuf>,
    write: Option<PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        sizes: vec![1, 3, 10],
        runs: 5,
        baseline: None,
        write: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                o.sizes = args
                    .next()
                    .expect("--sizes 1,3,10")
                    .split(',')
                    .map(|s| s.parse().expect("a size is a number"))
                    .collect();
            }
            "--runs" => o.runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--baseline" => o.baseline = args.next().map(PathBuf::from),
            "--write" => o.write = args.next().map(PathBuf::from),
            _ => {} // cargo bench passes `--bench`
        }
    }
    o
}

struct Row {
    size: usize,
    shape: generate::Shape,
    pages: usize,
    peer_pages: usize,
    check: Figures,
    build: Figures,
    cold: Figures,
    baseline: Option<(Figures, Figures)>,
    hugo: Option<Figures>,
    mdbook: Option<Figures>,
}

fn main() {
    let opts = options();
    // WELFARE_PLAN_BENCH_EXE: another binary to time (a copy, while the tree is rebuilt).
    let exe = std::env::var_os("WELFARE_PLAN_BENCH_EXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/welfare-plan")
        });
    assert!(
        exe.exists(),
        "run `cargo build --release` first: the benchmark times the release binary"
    );
    let hugo = peers::Hugo::find();
    let mdbook = peers::MdBook::find();
    let mut rows = Vec::new();
    for &size in &opts.sizes {
        let work = tempfile::tempdir().unwrap();
        let plan = work.path().join("plan");
        let shape = generate::generate(&plan, size);
        if let Some(dir) = std::env::var_os("WELFARE_PLAN_BENCH_KEEP") {
            // To profile or inspect the plan: a copy that outlives the run.
            let keep = PathBuf::from(dir).join(format!("plan-x{size}"));
            let _ = std::fs::remove_dir_all(&keep);
            copy_dir(&plan, &keep);
        }
        let out = work.path().join("site");
        // Fewer runs at the largest size: each takes seconds.
        let runs = if size >= 10 {
            opts.runs.min(3)
        } else {
            opts.runs
        };
        let ours = |exe: &Path| {
            let check = run_many(runs, || {
                let mut c = std::process::Command::new(exe);
                c.args(["check", "--quiet"]).arg(&plan);
                c
            });
            let build = run_many(runs, || {
                let mut c = std::process::Command::new(exe);
                c.args(["build", "--quiet"])
                    .arg(&plan)
                    .arg("--out")
                    .arg(&out);
                c
            });
            (check, build)
        };
        let baseline = opts.baseline.as_deref().map(&ours);
        let (check, build) = ours(&exe);
        // A first build: no previous output to reuse.
        let cold_out = work.path().join("cold");
        let cold = run_many_after(
            runs,
            || {
                let _ = std::fs::remove_dir_all(&cold_out);
            },
            || {
                let mut c = std::process::Command::new(&exe);
                c.args(["build", "--quiet"])
                    .arg(&plan)
                    .arg("--out")
                    .arg(&cold_out);
                c
            },
        );
        let pages = measure::html_pages(&out.join("html"));
        let markdown = std::fs::read_to_string(out.join("plan.md")).unwrap();
        let split = peers::split(&markdown);
        let hugo = hugo.as_ref().map(|h| h.time(&split, work.path(), runs));
        let mdbook = mdbook.as_ref().map(|m| m.time(&split, work.path(), runs));
        eprintln!(
            "×{size}: {} files, our site {} pages, peers {} pages",
            shape.files,
            pages,
            split.len()
        );
        rows.push(Row {
            size,
            shape,
            pages,
            peer_pages: split.len(),
            check,
            build,
            cold,
            baseline,
            hugo,
            mdbook,
        });
    }
    let report = report(&rows, &opts, hugo.as_ref(), mdbook.as_ref());
    print!("{report}");
    if let Some(path) = &opts.write {
        std::fs::write(path, format!("{HEADER}\n{report}")).unwrap();
    }
}

fn report(
    rows: &[Row],
    opts: &Options,
    hugo: Option<&peers::Hugo>,
    mdbook: Option<&peers::MdBook>,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| size | files | TOML+MD | areas | activities | meetings | pages (ours / peers) |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for r in rows {
        let _ = writeln!(
            s,
            "| ×{} | {} | {:.1} MB | {} | {} ({} cards) | {} | {} / {} |",
            r.size,
            r.shape.files,
            r.shape.bytes as f64 / 1e6,
            r.shape.areas,
            r.shape.activities,
            r.shape.cards,
            r.shape.meetings,
            r.pages,
            r.peer_pages,
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Wall time (median of {} runs; 3 at ×10) and peak memory (resident set, median):\n",
        opts.runs
    );
    let mut header = String::from("| size | `check` | `build` (again) | `build` (first) |");
    let mut rule = String::from("|---|---|---|---|");
    if opts.baseline.is_some() {
        header.push_str(" baseline `check` | baseline `build` |");
        rule.push_str("---|---|");
    }
    header.push_str(&format!(
        " Hugo{} | mdBook{} | `build` (again / first) vs faster peer |",
        hugo.map(|h| format!(" {}", h.version)).unwrap_or_default(),
        mdbook
            .map(|m| format!(" {}", m.version))
            .unwrap_or_default()
    ));
    rule.push_str("---|---|---|");
    let _ = writeln!(s, "{header}\n{rule}");
    for r in rows {
        let mut line = format!("| ×{} | {} | {} | {} |", r.size, r.check, r.build, r.cold);
        if let Some((c, b)) = &r.baseline {
            line.push_str(&format!(" {c} | {b} |"));
        } else if opts.baseline.is_some() {
            line.push_str(" – | – |");
        }
        let show =
            |f: &Option<Figures>| f.as_ref().map_or("not installed".into(), |f| f.to_string());
        let faster = [&r.hugo, &r.mdbook]
            .into_iter()
            .flatten()
            .map(|f| f.seconds)
            .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.min(t))));
        let ratio = faster.map_or("–".into(), |t| {
            format!(
                "{:.1}× / {:.1}× faster",
                t / r.build.seconds,
                t / r.cold.seconds
            )
        });
        line.push_str(&format!(
            " {} | {} | {ratio} |",
            show(&r.hugo),
            show(&r.mdbook)
        ));
        let _ = writeln!(s, "{line}");
    }
    if let (Some(one), Some(three)) = (
        rows.iter().find(|r| r.size == 1),
        rows.iter().find(|r| r.size == 3),
    ) {
        let _ = writeln!(
            s,
            "\n×3 costs {:.2} times ×1 for `build` (again), {:.2} for `build` (first), {:.2} for `check`.",
            three.build.seconds / one.build.seconds,
            three.cold.seconds / one.cold.seconds,
            three.check.seconds / one.check.seconds
        );
    }
    let _ = writeln!(s, "\nMachine: {}", measure::machine());
    s
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
