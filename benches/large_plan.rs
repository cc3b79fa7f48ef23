//! Benchmark on a generated large plan: `cargo bench` (or `cargo bench -- SCALE`).
//!
//! Generates a plan with many areas, activities, organisations, tables,
//! meetings and recommendations into a temporary folder, then times the stages
//! through the library: load + model + validate + compute (what `check` and
//! `summary` do), rendering every output in memory, and a full `build` write.
//! Prints the median of several runs; asserts nothing about time.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use welfare_plan::app::analyse;
use welfare_plan::render::render_outputs;

struct Scale {
    areas: usize,
    activities_per_area: usize,
    organisations: usize,
    tables: usize,
    meetings: usize,
    recommendations: usize,
}

fn generate(dir: &Path, s: &Scale) {
    let mut plan = String::from(
        "[plan]\ntitle = \"Piano di prova su larga scala\"\nauthority = \"Comune di Prova\"\nregion = \"Emilia-Romagna\"\nreference_year = 2024\nstart = 2024-01-01\nend = 2024-12-31\npopulation = 250000\n\n[spending]\nyear = 2023\ntotal = \"98765432.10\"\nassociated = 50000000\nby_target = [{ target = \"anziani\", share = 50 }, { target = \"disabili\", share = 50 }]\n\n",
    );
    for p in 0..4 {
        let _ = write!(
            plan,
            "[[phase]]\nid = \"fase-{p}\"\ntitle = \"Fase {p}\"\ndeadline = 2024-{:02}-28\nmodality = \"Incontri *di lavoro* nella fase {p}.\"\n\n",
            3 + p * 3
        );
    }
    fs(dir, "plan.toml", &plan);
    for a in 0..s.areas {
        let mut t = format!(
            "[[area]]\nid = \"area-{a}\"\ntitle = \"Area di intervento {a}\"\ntarget = \"anziani\"\nintro = \"Introduzione all'area {a}, con **grassetto** e un [link](https://example.org).\"\ncriticalities = [\"Criticità uno\", \"Criticità due\"]\nproposals = [\"Proposta\"]\n\n"
        );
        for i in 0..s.activities_per_area {
            let cost = 1000 + (a * 7919 + i * 104_729) % 900_000;
            let _ = write!(
                t,
                "[[activity]]\narea = \"area-{a}\"\ntitle = \"Attività {i} dell'area {a}\"\nprovider = \"Gestore {i}\"\nusers = {}\ncost = \"{cost}.50\"\nfunding = {{ comune = \"{}.50\", ausl = {} }}\nlegal_ref = [\"L. 328/2000\", \"L.R. 2/2003\"]\n\n",
                1 + i % 300,
                cost - cost / 3,
                cost / 3
            );
        }
        fs(dir, &format!("areas/area-{a:04}.toml"), &t);
    }
    let mut o = String::new();
    for i in 0..s.organisations {
        let _ = write!(
            o,
            "[[organisation]]\nid = \"org-{i}\"\nname = \"Organizzazione {i}\"\nkind = \"associazione\"\ncollective = {}\nareas = [\"area-{}\"]\n\n",
            i % 10 == 0,
            i % s.areas
        );
    }
    fs(dir, "organisations.toml", &o);
    let mut t = String::new();
    for i in 0..s.tables {
        let _ = write!(
            t,
            "[[table]]\nid = \"tavolo-{i}\"\ntitle = \"Tavolo {i}\"\nphase = \"fase-{}\"\nareas = [\"area-{}\"]\norganisations = [\"org-{}\", \"org-{}\"]\n\n",
            i % 4,
            i % s.areas,
            i % s.organisations,
            (i * 7) % s.organisations
        );
    }
    fs(dir, "tables.toml", &t);
    for chunk in 0..(s.meetings / 500).max(1) {
        let mut m = String::new();
        for j in 0..500.min(s.meetings) {
            let i = chunk * 500 + j;
            let _ = write!(
                m,
                "[[meeting]]\nid = \"m-{i}\"\ntitle = \"Incontro {i}\"\nphase = \"fase-{}\"\ndate = 2024-{:02}-{:02}\nparticipants = {}\ntables = [\"tavolo-{}\"]\norganisations = [\"org-{}\", \"org-{}\", \"org-{}\"]\npublic = {}\nplace = \"Sala {}\"\n\n",
                i % 4,
                1 + i % 12,
                1 + i % 28,
                5 + i % 40,
                i % s.tables,
                i % s.organisations,
                (i * 3) % s.organisations,
                (i * 11) % s.organisations,
                i % 5 == 0,
                i % 30
            );
        }
        fs(dir, &format!("meetings/{chunk:04}.toml"), &m);
    }
    let mut r = String::new();
    for i in 0..s.recommendations {
        let _ = write!(
            r,
            "[[recommendation]]\nmeeting = \"m-{}\"\nkind = \"{}\"\ntitle = \"Indicazione {i}\"\ntext = \"Testo dell'indicazione {i}.\"\n\n",
            i % s.meetings,
            ["content", "method", "organisation"][i % 3]
        );
    }
    fs(dir, "recommendations.toml", &r);
    fs(
        dir,
        "capitoli/contesto.md",
        &"## Sezione\n\nTesto del capitolo con una nota[^1].\n\n[^1]: Nota.\n\n".repeat(200),
    );
    fs(
        dir,
        "capitoli.toml",
        "[[chapter]]\nid = \"contesto\"\ntitle = \"Il contesto\"\nfile = \"capitoli/contesto.md\"\n",
    );
}

fn fs(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let factor: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1);
    let s = Scale {
        areas: 20 * factor,
        activities_per_area: 100,
        organisations: 1000 * factor,
        tables: 200 * factor,
        meetings: 10_000 * factor,
        recommendations: 5000 * factor,
    };
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), &s);
    let bytes: u64 = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!(
        "plan: {} areas, {} activities, {} organisations, {} tables, {} meetings, {} recommendations ({:.1} MB of TOML/Markdown)",
        s.areas,
        s.areas * s.activities_per_area,
        s.organisations,
        s.tables,
        s.meetings,
        s.recommendations,
        bytes as f64 / 1e6
    );
    let a = analyse(dir.path());
    assert!(!a.diags.has_errors(), "the generated plan must be valid");
    let runs = 5;
    let analyse_t = time(runs, || analyse(dir.path()));
    let render_t = time(runs, || {
        let mut a = analyse(dir.path());
        let (plan, summary) = (a.plan.as_ref().unwrap(), a.summary.as_ref().unwrap());
        render_outputs(plan, summary, &a.assets, &a.sources, &mut a.diags).map(|o| o.len())
    });
    let out = dir.path().join("build");
    let exe = env!("CARGO_MANIFEST_DIR").to_string() + "/target/release/welfare-plan";
    let build_t = if Path::new(&exe).exists() {
        Some(time(runs, || {
            std::process::Command::new(&exe)
                .args(["build", "--quiet"])
                .arg(dir.path())
                .arg("--out")
                .arg(&out)
                .status()
                .unwrap()
        }))
    } else {
        None
    };
    println!(
        "check (load, model, validate, compute), median of {runs}: {:?}",
        analyse_t
    );
    println!(
        "check + render every output in memory, median of {runs}: {:?}",
        render_t
    );
    match build_t {
        Some(t) => println!(
            "welfare-plan build (release binary, writes OUT), median of {runs}: {:?}",
            t
        ),
        None => {
            println!("welfare-plan build: run `cargo build --release` first to time the binary")
        }
    }
}
