//! The `compare` benchmark: `cargo bench --bench compare` (benches/run.sh
//! runs it after the large-plan one and adds its table to BENCHMARKS.md).
//!
//! Generates N district plans of a realistic size (a Piano di Zona: a dozen
//! municipalities, forty intervention cards over three years, the workforce,
//! funds tagged for the national rules, meetings and recommendations), then
//! times, in the same run, `compare` over all of them against N separate
//! `check` runs of the same plans, one after the other as a script would run
//! them. Wall time and peak resident memory (`wait4`); asserts nothing about
//! time. Options: `--sizes 100,300,600`, `--runs N`, `--write FILE` (replaces
//! the `## compare` section of FILE, or adds it).

#[path = "../large_plan/measure.rs"]
#[allow(dead_code)]
mod measure;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

const AREAS: [(&str, &str); 5] = [
    ("anziani", "anziani"),
    ("minori", "famiglia-minori"),
    ("disabili", "disabili"),
    ("poverta", "poverta-disagio-adulti"),
    ("dipendenze", "dipendenze"),
];
const LEPS: [&str; 5] = [
    "pronto-intervento-sociale",
    "supervisione",
    "dimissioni-protette",
    "prevenzione-allontanamento",
    "punto-unico-accesso",
];

/// District `i`'s plan: the figures vary with `i` (deterministically), some
/// districts have not reported their actuals.
fn district(i: usize) -> String {
    let mut t = String::new();
    let population = 20_000 + (i * 7_919) % 180_000;
    let _ = write!(
        t,
        "[plan]\ntitle = \"Piano di Zona del distretto {i}\"\nauthority = \"Comune capofila {i}\"\n\
         start = 2024-01-01\nend = 2026-12-31\nrules = [\"national\"]\n\n[check]\nallow = [\"rule-not-met\", \"population-mismatch\"]\n\n"
    );
    let municipalities = 6 + i % 12;
    for m in 0..municipalities {
        let _ = write!(
            t,
            "[[municipality]]\nname = \"Comune {i}-{m}\"\npopulation = {}\n\n",
            population / municipalities
        );
    }
    for (id, national, level) in [
        ("fnps", Some("fnps"), "state"),
        ("fna", Some("fna"), "state"),
        ("poverta", Some("poverty-services"), "state"),
        ("fsr", None, "region"),
        ("comuni", None, "municipalities"),
    ] {
        let _ = write!(
            t,
            "[[fund]]\nid = \"{id}\"\nname = \"Fondo {id}\"\nlevel = \"{level}\"\n"
        );
        if let Some(n) = national {
            let _ = writeln!(t, "national = \"{n}\"");
        }
        let _ = write!(
            t,
            "allocation = [{{ year = 2024, amount = {} }}, {{ year = 2025, amount = {} }}]\n\n",
            1_000_000 + i * 1_000,
            1_010_000 + i * 1_000
        );
    }
    for (id, target) in AREAS {
        let _ = write!(
            t,
            "[[area]]\nid = \"{id}\"\ntitle = \"Area {id}\"\ntarget = \"{target}\"\n\n"
        );
    }
    for c in 0..40 {
        let (area, _) = AREAS[c % AREAS.len()];
        let fund = ["fnps", "fna", "poverta", "fsr", "comuni"][c % 5];
        let amount = 10_000 + ((i + 1) * (c + 3) * 37) % 90_000;
        let _ = write!(
            t,
            "[[activity]]\nid = \"scheda-{c}\"\narea = \"{area}\"\ntitle = \"Scheda {c} del distretto {i}\"\n\
             description = \"Un intervento del piano, descritto come lo descrivono i distretti: destinatari, azioni, risultati attesi e modalità di verifica.\"\n"
        );
        if c < LEPS.len() {
            let _ = writeln!(t, "codes = {{ leps = \"{}\" }}", LEPS[c]);
        }
        let _ = writeln!(t, "budget = [");
        for year in 2024..=2026 {
            let _ = writeln!(
                t,
                "  {{ year = {year}, kind = \"planned\", funding = {{ {fund} = {amount} }} }},"
            );
        }
        // Two districts in three report their first year, not every card.
        if !i.is_multiple_of(3) && !c.is_multiple_of(4) {
            let _ = writeln!(
                t,
                "  {{ year = 2024, kind = \"actual\", funding = {{ {fund} = {} }} }},",
                amount - 500
            );
        }
        let _ = write!(t, "]\n\n");
    }
    for year in 2024..=2026 {
        let _ = write!(
            t,
            "[[staff]]\nprofile = \"social-worker\"\nyear = {year}\nfte = {}.5\ncontract = \"permanent\"\n\n",
            population / 6_000 + year as usize % 2
        );
    }
    let _ = write!(t, "[[phase]]\nid = \"ascolto\"\ntitle = \"Ascolto\"\n\n");
    for m in 0..50 {
        let _ = write!(
            t,
            "[[meeting]]\nid = \"incontro-{m}\"\nphase = \"ascolto\"\ntitle = \"Incontro {m}\"\ndate = 2024-{:02}-{:02}\nsessions = 1\nparticipants = {}\n\n",
            1 + m % 12,
            1 + m % 28,
            10 + (i + m) % 40
        );
    }
    for r in 0..20 {
        let _ = write!(
            t,
            "[[recommendation]]\nmeeting = \"incontro-{r}\"\nkind = \"content\"\ntext = \"Proposta {r}: rafforzare i servizi di prossimità.\"\n\n"
        );
    }
    t
}

fn main() {
    let mut sizes = vec![100, 300, 600];
    let mut runs = 3;
    let mut write: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .expect("--sizes 100,300,600")
                    .split(',')
                    .map(|s| s.parse().expect("a size is a number"))
                    .collect();
            }
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--write" => write = args.next().map(PathBuf::from),
            _ => {}
        }
    }
    let exe = std::env::var_os("WELFARE_PLAN_BENCH_EXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/welfare-plan")
        });
    assert!(
        exe.exists(),
        "run `cargo build --release` first: the benchmark times the release binary"
    );
    let largest = *sizes.iter().max().unwrap();
    let work = tempfile::tempdir().unwrap();
    // WELFARE_PLAN_BENCH_KEEP: generate the region there, to inspect or profile it.
    let region = std::env::var_os("WELFARE_PLAN_BENCH_KEEP")
        .map(|d| PathBuf::from(d).join("region"))
        .unwrap_or_else(|| work.path().join("region"));
    let mut bytes = 0;
    for i in 0..largest {
        let dir = region.join(format!("distretto-{i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        let text = district(i);
        bytes += text.len();
        std::fs::write(dir.join("plan.toml"), text).unwrap();
    }
    let mut table = String::new();
    let _ = writeln!(
        table,
        "## compare\n\nWritten by `cargo bench --bench compare` (run by `benches/run.sh`): {largest} \
         generated district plans ({:.0} KB each on average: a dozen municipalities, 40 cards over \
         three years, the workforce, five funds tagged for the national rules, 50 meetings, 20 \
         recommendations; a third have not reported). `compare` over the first N of them against \
         N separate `check` runs of the same plans, one after the other, in the same run; wall \
         time (median of {runs}) and peak resident memory. Machine: {}.\n",
        bytes as f64 / largest as f64 / 1024.0,
        measure::machine()
    );
    let _ = writeln!(
        table,
        "| plans | `compare` | N separate `check` runs | compare / checks | compare's peak memory |\n|---:|---:|---:|---:|---:|"
    );
    for &n in &sizes {
        let subset = work.path().join(format!("subset-{n}"));
        std::fs::create_dir_all(&subset).unwrap();
        for i in 0..n {
            let name = format!("distretto-{i:04}");
            std::os::unix::fs::symlink(region.join(&name), subset.join(&name)).unwrap();
        }
        let out = work.path().join(format!("out-{n}"));
        let compare = measure::run_many_after(
            runs,
            || {
                let _ = std::fs::remove_dir_all(&out);
            },
            || {
                let mut c = Command::new(&exe);
                c.args(["compare", "--quiet"])
                    .arg(&subset)
                    .arg("--out")
                    .arg(&out);
                c
            },
        );
        let script = format!(
            "for d in {}/*/; do {} check --quiet \"$d\" || exit 1; done",
            subset.display(),
            exe.display()
        );
        let checks = measure::run_many(runs.min(2), || {
            let mut c = Command::new("sh");
            c.args(["-c", &script]);
            c
        });
        let _ = writeln!(
            table,
            "| {n} | {:.2} s | {:.2} s | {:.2} | {:.0} MB |",
            compare.seconds,
            checks.seconds,
            compare.seconds / checks.seconds,
            compare.peak_mb
        );
        eprintln!("{n} plans: compare {compare}, checks {checks}");
    }
    println!("{table}");
    if let Some(file) = write {
        let old = std::fs::read_to_string(&file).unwrap_or_default();
        let kept = match old.find("\n## compare\n") {
            Some(at) => old[..at + 1].to_string(),
            None => format!("{}\n", old.trim_end()),
        };
        std::fs::write(&file, format!("{kept}\n{table}")).unwrap();
    }
}
