//! Recognising legal references (SPEC 2.14): `L. 328/2000`, `Legge 8
//! novembre 2000, n. 328`, `D.Lgs. 147/2017`, `L.R. 2/2003`, DGRs… into a
//! normalised citation and, for national and regional laws, a Normattiva URN.

use regex::Regex;
use std::sync::OnceLock;

use crate::model::legal::Recognised;

pub const REGIONS: &[&str] = &[
    "Abruzzo",
    "Basilicata",
    "Calabria",
    "Campania",
    "Emilia-Romagna",
    "Friuli-Venezia Giulia",
    "Lazio",
    "Liguria",
    "Lombardia",
    "Marche",
    "Molise",
    "Piemonte",
    "Puglia",
    "Sardegna",
    "Sicilia",
    "Toscana",
    "Trentino-Alto Adige",
    "Umbria",
    "Valle d'Aosta",
    "Veneto",
];

struct Patterns {
    numbered: Regex,
    dated: Regex,
    dgr: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        // The act's name, an optional region, then "n. 328/2000" or "328/2000".
        let act = r"(?P<act>L\.?\s*R\.?|Legge\s+regionale|L\.|L|Legge|D\.?\s*Lgs\.?|Decreto\s+legislativo|D\.?\s*L\.|Decreto[- ]legge|D\.?\s*P\.?\s*R\.?|Decreto\s+del\s+Presidente\s+della\s+Repubblica)";
        let region = r"(?:\s+(?P<region>[A-Z][A-Za-z'\- ]+?))?";
        // The article, and the paragraphs after it ("comma 797", "commi
        // 797-804", "c. 797"): the URN names the article.
        let art = r"(?:\s*,?\s*(?:art\.|articolo)\s*(?P<art>\d+(?:[- ]?(?:bis|ter|quater))?)(?:\s*,?\s*(?:commi|comma|c\.)\s*\d+(?:\s*-\s*\d+)?)?)?";
        let numbered = Regex::new(&format!(
            r"(?i-u)^\s*{act}{region}\s*(?:n\.?\s*)?(?P<num>\d+)\s*/\s*(?P<year>\d{{4}}){art}\s*$"
        ))
        .expect("valid pattern");
        let dated = Regex::new(&format!(
            r"(?i)^\s*{act}{region}\s+(?P<day>\d{{1,2}})\s+(?P<month>[a-z]+)\s+(?P<year>\d{{4}})\s*,?\s*n\.?\s*(?P<num>\d+){art}\s*$"
        ))
        .expect("valid pattern");
        let dgr = Regex::new(r"(?i)^\s*(?:D\.?\s*G\.?\s*R\.?|Delibera(?:zione)?\s+(?:di\s+)?Giunta\s+Regionale)\s*(?:n\.?\s*)?(?P<num>(?:[IVXL]+/)?\d+)(?:\s*/\s*(?P<year>\d{4}))?(?:\s+del\s+(?P<date>\d{1,2}[/.]\d{1,2}[/.]\d{4}))?\s*$")
            .expect("valid pattern");
        Patterns { numbered, dated, dgr }
    })
}

fn act_kind(act: &str) -> (&'static str, bool, &'static str) {
    let a: String = act
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match a.as_str() {
        "lr" | "leggeregionale" => ("legge", true, "L.R."),
        "l" | "legge" => ("legge", false, "L."),
        "dlgs" | "decretolegislativo" => ("decreto.legislativo", false, "D.Lgs."),
        "dl" | "decretolegge" => ("decreto.legge", false, "D.L."),
        _ => ("decreto.del.presidente.della.repubblica", false, "D.P.R."),
    }
}

fn region_authority(region: &str) -> Option<(&'static str, String)> {
    let canonical = REGIONS
        .iter()
        .find(|r| r.eq_ignore_ascii_case(region.trim()))
        .copied()?;
    let urn: String = canonical.to_lowercase().replace(['-', ' ', '\''], ".");
    Some((canonical, format!("regione.{urn}")))
}

pub fn parse(text: &str, plan_region: Option<&str>) -> Recognised {
    let p = patterns();
    if let Some(c) = p.dgr.captures(text) {
        let num = c["num"].to_string();
        let year = c.name("year").map(|y| y.as_str().to_string()).or_else(|| {
            c.name("date")
                .map(|d| d.as_str()[d.as_str().len() - 4..].to_string())
        });
        let normalised = match (&year, c.name("date")) {
            (_, Some(d)) => format!("DGR {num} del {}", d.as_str()),
            (Some(y), None) => format!("DGR {num}/{y}"),
            (None, None) => format!("DGR {num}"),
        };
        return Recognised::Act {
            act: "dgr".into(),
            authority: plan_region
                .and_then(region_authority)
                .map(|r| r.1)
                .unwrap_or_default(),
            year: year.and_then(|y| y.parse().ok()).unwrap_or(0),
            number: num,
            date: None,
            article: None,
            normalised,
            urn: None,
        };
    }
    let (caps, date) = if let Some(c) = p.numbered.captures(text) {
        (c, None)
    } else if let Some(c) = p.dated.captures(text) {
        let month = c["month"].to_lowercase();
        let Some(m) = crate::i18n::month_number(crate::i18n::Lang::It, &month) else {
            return Recognised::Unrecognised;
        };
        let day: u32 = c["day"].parse().unwrap_or(0);
        if !(1..=31).contains(&day) {
            return Recognised::Unrecognised;
        }
        let date = format!("{}-{:02}-{:02}", &c["year"], m, day);
        (c, Some(date))
    } else {
        return Recognised::Unrecognised;
    };
    let (act, regional, short) = act_kind(&caps["act"]);
    let year: i32 = caps["year"].parse().unwrap_or(0);
    let number = caps["num"].trim_start_matches('0').to_string();
    let article = caps.name("art").map(|a| a.as_str().replace([' ', '-'], ""));
    let written_region = caps.name("region").map(|r| r.as_str().trim().to_string());
    if !regional && written_region.is_some() {
        return Recognised::Unrecognised;
    }
    let (authority, region_name) = if regional {
        let region = written_region.as_deref().or(plan_region);
        match region {
            None => return Recognised::MissingRegion,
            Some(r) => match region_authority(r) {
                Some((name, urn)) => (urn, Some(name)),
                None => return Recognised::Unrecognised,
            },
        }
    } else {
        ("stato".to_string(), None)
    };
    let when = date.clone().unwrap_or_else(|| year.to_string());
    let mut urn = format!("urn:nir:{authority}:{act}:{when};{number}");
    if let Some(a) = &article {
        urn.push_str(&format!("~art{a}"));
    }
    let mut normalised = match (regional, region_name, written_region.is_some()) {
        (true, Some(name), true) => format!("{short} {name} {number}/{year}"),
        _ => format!("{short} {number}/{year}"),
    };
    if let Some(a) = &article {
        normalised.push_str(&format!(", art. {a}"));
    }
    Recognised::Act {
        act: act.into(),
        authority,
        year,
        number,
        date,
        article,
        normalised,
        urn: Some(urn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urn(text: &str, region: Option<&str>) -> Option<String> {
        match parse(text, region) {
            Recognised::Act { urn, .. } => urn,
            _ => None,
        }
    }

    #[test]
    fn national_laws_get_a_normattiva_urn() {
        let table = [
            ("L. 328/2000", "urn:nir:stato:legge:2000;328"),
            ("L 328/2000", "urn:nir:stato:legge:2000;328"),
            ("Legge n. 328/2000", "urn:nir:stato:legge:2000;328"),
            (
                "Legge 8 novembre 2000, n. 328",
                "urn:nir:stato:legge:2000-11-08;328",
            ),
            (
                "D.Lgs. 147/2017",
                "urn:nir:stato:decreto.legislativo:2017;147",
            ),
            (
                "D.Lgs 147/2017",
                "urn:nir:stato:decreto.legislativo:2017;147",
            ),
            (
                "D.P.R. 309/1990",
                "urn:nir:stato:decreto.del.presidente.della.repubblica:1990;309",
            ),
            ("L. 104/1992, art. 3", "urn:nir:stato:legge:1992;104~art3"),
            (
                "L. 178/2020, art. 1, commi 797-804",
                "urn:nir:stato:legge:2020;178~art1",
            ),
            (
                "L. 178/2020, art. 1, c. 797",
                "urn:nir:stato:legge:2020;178~art1",
            ),
        ];
        for (text, want) in table {
            assert_eq!(urn(text, None).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn regional_laws_take_the_region_from_the_text_or_the_plan() {
        assert_eq!(
            urn("L.R. 2/2003", Some("Emilia-Romagna")).as_deref(),
            Some("urn:nir:regione.emilia.romagna:legge:2003;2")
        );
        assert_eq!(
            urn("L.R. Emilia-Romagna 2/2003", None).as_deref(),
            Some("urn:nir:regione.emilia.romagna:legge:2003;2")
        );
        assert_eq!(
            urn("L.R. Lombardia 3/2008", Some("Emilia-Romagna")).as_deref(),
            Some("urn:nir:regione.lombardia:legge:2008;3")
        );
        assert_eq!(parse("L.R. 2/2003", None), Recognised::MissingRegion);
    }

    #[test]
    fn dgrs_are_recognised_without_urn() {
        for text in [
            "DGR X/2941 del 19/12/2014",
            "DGR 1234/2014",
            "D.G.R. n. 1234/2014",
        ] {
            match parse(text, Some("Lombardia")) {
                Recognised::Act { act, urn, .. } => {
                    assert_eq!(act, "dgr", "{text}");
                    assert_eq!(urn, None);
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_forms_stay_unrecognised() {
        for text in [
            "Regolamento comunale",
            "L. 328",
            "Legge 31 febbraioo 2000, n. 1",
            "L. Lombardia 3/2008",
        ] {
            assert_eq!(parse(text, None), Recognised::Unrecognised, "{text}");
        }
    }
}
