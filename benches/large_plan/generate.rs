//! The generated plan the benchmark measures: at scale 1, 100 areas of 30
//! activities (2 of them intervention cards with three-year budgets), 7,500
//! meetings one file each (as a plan kept by many hands is), 500
//! organisations, 100 tables, 2,500 recommendations, 20 objectives, 5 funds,
//! 40 indicators and a Markdown chapter. Everything scales with the factor.

use std::fmt::Write as _;
use std::path::Path;

pub struct Shape {
    pub areas: usize,
    pub activities: usize,
    pub cards: usize,
    pub meetings: usize,
    pub files: usize,
    pub bytes: u64,
}

const ACTIVITIES_PER_AREA: usize = 30;
const CARDS_PER_AREA: usize = 2;
const FUNDS: [&str; 5] = ["fnps", "fna", "poverta", "regionale", "comuni"];

pub fn generate(dir: &Path, factor: usize) -> Shape {
    let areas = 100 * factor;
    let organisations = 500 * factor;
    let tables = 100 * factor;
    let meetings = 7500 * factor;
    let recommendations = 2500 * factor;
    let objectives = 20 * factor;
    let mut files = 0;
    let mut bytes = 0u64;
    let mut put = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        files += 1;
        bytes += text.len() as u64;
    };

    let mut plan = String::from(
        "[plan]\ntitle = \"Piano di Zona di prova su larga scala 2024–2026\"\nauthority = \"Comune di Prova\"\nregion = \"Emilia-Romagna\"\nreference_year = 2024\nstart = 2024-01-01\nend = 2026-12-31\npopulation = 250000\n\n[spending]\nyear = 2023\ntotal = \"98765432.10\"\nassociated = 50000000\nby_target = [{ target = \"anziani\", share = 50 }, { target = \"disabili\", share = 50 }]\n\n",
    );
    for p in 0..4 {
        let _ = write!(
            plan,
            "[[phase]]\nid = \"fase-{p}\"\ntitle = \"Fase {p}\"\ndeadline = 2024-{:02}-28\nmodality = \"Incontri *di lavoro* nella fase {p}.\"\n\n",
            3 + p * 3
        );
    }
    put("plan.toml", &plan);

    // Funds large enough for every card they pay for.
    let mut programme = String::new();
    for f in FUNDS {
        let _ = write!(
            programme,
            "[[fund]]\nid = \"{f}\"\nname = \"Fondo {f}\"\nallocation = [{{ year = 2024, amount = {a} }}, {{ year = 2025, amount = {a} }}, {{ year = 2026, amount = {a} }}]\n\n",
            a = 20_000_000 * areas
        );
    }
    for o in 0..objectives {
        let parent = if o % 4 == 0 {
            String::new()
        } else {
            format!("parent = \"obiettivo-{}\"\n", o - o % 4)
        };
        let _ = write!(
            programme,
            "[[objective]]\nid = \"obiettivo-{o}\"\ntitle = \"Obiettivo {o}\"\n{parent}\n"
        );
    }
    for i in 0..40 * factor {
        let _ = write!(
            programme,
            "[[indicator]]\nid = \"indicatore-{i}\"\ntitle = \"Indicatore {i}\"\nobjective = \"obiettivo-{}\"\nunit = \"persone\"\ndirection = \"increase\"\nbaseline = {{ year = 2023, value = {} }}\ntargets = [{{ year = 2024, value = {} }}, {{ year = 2026, value = {} }}]\nactuals = [{{ year = 2024, value = {} }}]\n\n",
            i % objectives,
            100 + i,
            110 + i,
            130 + i,
            112 + i
        );
    }
    put("programme.toml", &programme);

    for a in 0..areas {
        let mut t = format!(
            "[[area]]\nid = \"area-{a}\"\ntitle = \"Area di intervento {a}\"\ntarget = \"anziani\"\nintro = \"Introduzione all'area {a}, con **grassetto** e un [collegamento](https://example.org).\"\ncriticalities = [\"Criticità uno\", \"Criticità due\"]\nproposals = [\"Proposta\"]\n\n"
        );
        for i in 0..ACTIVITIES_PER_AREA {
            let cost = 1000 + (a * 7919 + i * 104_729) % 900_000;
            if i < CARDS_PER_AREA {
                let _ = write!(
                    t,
                    "[[activity]]\nid = \"scheda-{a}-{i}\"\narea = \"area-{a}\"\ntitle = \"Scheda {i} dell'area {a}\"\nobjectives = [\"obiettivo-{}\"]\nlead = \"Comune di Prova\"\ndescription = \"Descrizione della scheda, con *enfasi*.\"\nactions = [\"Prima azione.\", \"Seconda azione.\"]\nbudget = [\n",
                    (a + i) % objectives
                );
                for year in 2024..=2026 {
                    let _ = writeln!(
                        t,
                        "  {{ year = {year}, kind = \"planned\", funding = {{ {} = \"{cost}.50\", comuni = {} }} }},",
                        FUNDS[(a + i) % 4],
                        cost / 2
                    );
                }
                let _ = write!(
                    t,
                    "  {{ year = 2024, kind = \"actual\", funding = {{ {} = {cost} }} }},\n]\nprogress = [{{ year = 2024, status = \"in-progress\", users = {} }}]\n\n",
                    FUNDS[(a + i) % 4],
                    10 + i
                );
            } else {
                let _ = write!(
                    t,
                    "[[activity]]\narea = \"area-{a}\"\ntitle = \"Attività {i} dell'area {a}\"\nprovider = \"Gestore {i}\"\nusers = {}\ncost = \"{cost}.50\"\nfunding = {{ comuni = \"{}.50\", regionale = {} }}\nlegal_ref = [\"L. 328/2000\", \"L.R. 2/2003\"]\n\n",
                    1 + i % 300,
                    cost - cost / 3,
                    cost / 3
                );
            }
        }
        put(&format!("areas/area-{a:04}.toml"), &t);
    }

    let mut o = String::new();
    for i in 0..organisations {
        let _ = write!(
            o,
            "[[organisation]]\nid = \"org-{i}\"\nname = \"Organizzazione {i}\"\nkind = \"associazione\"\ncollective = {}\nareas = [\"area-{}\"]\n\n",
            i % 10 == 0,
            i % areas
        );
    }
    put("organisations.toml", &o);
    let mut t = String::new();
    for i in 0..tables {
        let _ = write!(
            t,
            "[[table]]\nid = \"tavolo-{i}\"\ntitle = \"Tavolo {i}\"\nphase = \"fase-{}\"\nareas = [\"area-{}\"]\norganisations = [\"org-{}\", \"org-{}\"]\n\n",
            i % 4,
            i % areas,
            i % organisations,
            (i * 7 + 1) % organisations
        );
    }
    put("tables.toml", &t);
    for i in 0..meetings {
        let month = 1 + i % 12;
        let m = format!(
            "[[meeting]]\nid = \"m-{i}\"\ntitle = \"Incontro {i}\"\nphase = \"fase-{}\"\ndate = 2024-{month:02}-{:02}\nparticipants = {}\ntables = [\"tavolo-{}\"]\norganisations = [\"org-{}\", \"org-{}\"]\npublic = {}\nplace = \"Sala {}\"\n",
            (month - 1) / 3,
            1 + i % 28,
            5 + i % 40,
            i % tables,
            i % organisations,
            (i * 3 + 1) % organisations,
            i % 5 == 0,
            i % 30
        );
        put(&format!("meetings/2024-{month:02}/m-{i:06}.toml"), &m);
    }
    let mut r = String::new();
    for i in 0..recommendations {
        let _ = write!(
            r,
            "[[recommendation]]\nmeeting = \"m-{}\"\nkind = \"{}\"\ntitle = \"Indicazione {i}\"\ntext = \"Testo dell'indicazione {i}.\"\n\n",
            i % meetings,
            ["content", "method", "organisation"][i % 3]
        );
    }
    put("recommendations.toml", &r);
    put(
        "capitoli/contesto.md",
        &"## Sezione\n\nTesto del capitolo con una nota[^1].\n\n[^1]: Nota.\n\n".repeat(200),
    );
    put(
        "capitoli.toml",
        "[[chapter]]\nid = \"contesto\"\ntitle = \"Il contesto\"\nfile = \"capitoli/contesto.md\"\n",
    );
    Shape {
        areas,
        activities: areas * ACTIVITIES_PER_AREA,
        cards: areas * CARDS_PER_AREA,
        meetings,
        files,
        bytes,
    }
}
