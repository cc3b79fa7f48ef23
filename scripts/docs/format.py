#!/usr/bin/env python3
"""Writes docs/format.md: every collection and key of the input format, from
the JSON Schema the decoder describes (types, required keys, allowed values,
and each key's meaning, written in src/decode/key_docs.rs — the same text
editors show on hover) and the collections' notes and Italian terms below.
Run after changing the format:

    cargo run -q -- schema > schema/welfare-plan.schema.json
    python3 scripts/docs/format.py

A test (tests/cli.rs) checks that docs/format.md and the schema name the
same keys, so a key added to one and not the other fails CI.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema/welfare-plan.schema.json").read_text())

# collection → (title, Italian term, what it is, the rules that check it)
COLLECTIONS = {
    "plan": ("The plan's identity", "il piano", "Required, in `plan.toml` only.",
             "`end` ≥ `start`; `reference_year` is required once an activity gives `users` or `cost`; dates and years lie in 1900–2200."),
    "process": ("The process card", "scheda del processo partecipativo", "The fields regional observatories publish about a participatory process; `plan.toml` only.",
                "`index` 0–30; `codecision` and `digital_tools` absent read \"non indicato\", never \"No\"."),
    "document": ("The document's identity and outline", "il documento", "`plan.toml` only.",
                 "`approval` is required when `status = \"approved\"`; every outline entry is a chapter id or a generated section."),
    "spending": ("Social spending", "spesa sociale", "`plan.toml` only.",
                 "Shares of `by_target` add up to 100 ± 0.1."),
    "check": ("Warnings the plan accepts", "avvisi accettati", "`plan.toml` only.",
              "Only warning codes may be allowed (`welfare-plan explain` lists them)."),
    "role": ("The pilot group", "cabina di regia / gruppo di pilotaggio", "One entry per function.", ""),
    "body": ("Governance bodies", "organi di governo", "", "Unique `id`."),
    "organisation": ("Stakeholders", "soggetti coinvolti", "", "Unique `id`; `areas` name existing areas."),
    "phase": ("Phases of the process", "fasi", "", "Deadlines that go backwards in source order are warned."),
    "area": ("Policy areas", "aree di intervento", "", "An area with no activity is warned."),
    "activity": ("Activities and intervention cards", "attività / schede intervento",
                 "An activity with `objectives`, `actions`, `budget` or `rationale` is shown as a full card.",
                 "`funding` adds up to `cost` exactly; `cost`/`funding` and `budget` are not both given; one budget entry per year and kind; once funds exist every source is a fund id; budget and progress years outside the plan are warned."),
    "table": ("Tables and working groups", "tavoli e gruppi di lavoro", "", "References exist."),
    "meeting": ("Meetings", "incontri", "One dated event, or an aggregate of several sessions when the sources only give totals.",
                "`date` is required when `sessions` = 1; a meeting outside the plan's period or after its phase's deadline is warned."),
    "recommendation": ("Recommendations", "indicazioni / proposte", "What workshops and tables produced, and what became of each.",
                       "`meeting` or `table` is given; an approved plan answers every recommendation (warning)."),
    "milestone": ("Milestones of the outcome", "esito / tappe", "", "`date` is required unless `planned = true`."),
    "annex": ("Annexes", "allegati", "Any file of the plan, copied into the output.", "The file exists inside the plan; active content in an annex is warned."),
    "chapter": ("Chapters", "capitoli", "Narrative prose in Markdown.", "A chapter with neither `file` nor `text` is a placeholder (warning); ids of generated pages are reserved."),
    "ambito": ("The district", "ambito territoriale sociale", "`plan.toml` only.", ""),
    "municipality": ("Municipalities of the district", "comuni dell'ambito", "",
                     "`istat_code` is six digits and unique; when municipalities give populations and `[plan] population` differs, a warning."),
    "agreement": ("The programme agreement", "accordo di programma", "`plan.toml` only.",
                  "With an agreement, a municipality that has not signed is warned."),
    "signatory": ("Signatories of the agreement", "firmatari", "", "A signature after `valid_to` or before the plan's start is warned."),
    "objective": ("Objectives", "obiettivi", "A tree of at most four levels.", "`parent` exists; no cycle."),
    "fund": ("Funds", "fondi / fonti di finanziamento", "Where the money comes from, with its allocation by year.",
             "Planned budgets above a year's allocations are an error, actual spending above them a warning; one allocation per year and annualità; for each fund, annualità and card, paid ≤ committed (`paid-above-committed`)."),
    "indicator": ("Indicators", "indicatori", "How the plan measures itself; with neither `activity` nor `objective`, a context series.",
                  "One target and one actual per year; values outside the plan's years are warned."),
    "scheme": ("Classifications", "classificazioni (schede regionali, LEPS)", "Codes that cards are tagged with; `istat-area` is built in.",
               "An activity's codes name existing schemes and codes."),
    "staff": ("The workforce", "personale dei servizi sociali", "Full-time equivalents by year, profile and contract.",
              "`fte` is more than 0; `funded_by` names a fund; years outside the plan are warned."),
    "rule": ("Rules", "regole (LEPS, vincoli dei fondi, regole regionali)", "A rule the plan must meet, with its source, evaluated for every year of the plan (SPEC 8); `[plan] rules = [\"national\"]` adds the built-in national set.",
             "The parameters its kind needs are given; `fund`, `scheme`, `code` and `area` name what exists (`rule-invalid`); a year not met is `rule-not-met` (a warning)."),
    "stated_total": ("Stated totals", "totali dichiarati (delibere, tabelle)", "A total an act or a table of the plan states, checked against the figures.",
                     "The figures must give exactly `amount`: otherwise `stated-total-mismatch`, with both figures and the difference."),
}

# "collection.key" → the Italian term an official knows (the meaning is the
# schema's description, written in src/decode/key_docs.rs)
ITALIAN = {
    "plan.title": "titolo",
    "plan.subtitle": "sottotitolo",
    "plan.authority": "ente titolare",
    "plan.territory": "territorio",
    "plan.region": "regione",
    "plan.reference_year": "anno di riferimento",
    "plan.language": "lingua",
    "plan.status": "stato",
    "plan.start": "inizio",
    "plan.end": "fine",
    "plan.population": "popolazione",
    "plan.intro": "introduzione",
    "plan.intro_file": "introduzione",
    "process.decision_holders": "titolari della decisione",
    "process.partners": "partner",
    "process.participants": "partecipanti",
    "process.participation": "modalità di partecipazione",
    "process.codecision": "codecisione",
    "process.digital_tools": "strumenti digitali",
    "process.methods": "metodi",
    "process.level": "livello di partecipazione",
    "process.index": "indice di partecipazione",
    "process.start_year": "anno di avvio",
    "process.end_year": "anno di conclusione",
    "process.duration_months": "durata in mesi",
    "process.certified": "certificato",
    "process.objectives": "obiettivi del processo",
    "process.expected_results": "risultati attesi",
    "process.design": "progettazione del processo",
    "process.extra": "altri campi",
    "document.version": "versione",
    "document.date": "data",
    "document.status": "stato (bozza, proposta, approvato)",
    "document.approval": "approvazione (organo, atto, data)",
    "document.outline": "indice",
    "document.accessibility": "dichiarazione di accessibilità",
    "spending.year": "anno",
    "spending.total": "spesa sociale totale",
    "spending.associated": "gestione associata",
    "spending.population": "popolazione",
    "spending.by_target": "per area di utenza",
    "spending.income_support": "sostegno al reddito",
    "spending.adult_population": "popolazione adulta",
    "spending.benchmark": "confronti",
    "check.allow": "avvisi accettati",
    "role.title": "ruolo",
    "role.duty": "compito",
    "role.holder": "titolare",
    "role.core": "gruppo ristretto",
    "body.id": "",
    "body.name": "nome",
    "body.members": "componenti",
    "body.composition": "composizione",
    "organisation.id": "",
    "organisation.name": "nome",
    "organisation.kind": "tipologia",
    "organisation.areas": "aree",
    "organisation.collective": "soggetto collettivo",
    "phase.id": "",
    "phase.title": "fase",
    "phase.who": "chi",
    "phase.deadline": "scadenza",
    "phase.deadline_label": "scadenza (come scritta)",
    "phase.modality": "modalità",
    "phase.outcome": "esito",
    "phase.outcome_deadline": "scadenza dell'esito",
    "phase.outcome_deadline_label": "",
    "area.id": "",
    "area.title": "area",
    "area.target": "area di utenza Istat",
    "area.intro": "introduzione",
    "area.intro_file": "",
    "area.criticalities": "criticità",
    "area.new_needs": "nuove esigenze",
    "area.resource_recovery": "recupero risorse",
    "area.proposals": "proposte",
    "activity.area": "area",
    "activity.also_areas": "altre aree",
    "activity.title": "titolo",
    "activity.id": "",
    "activity.provider": "gestore",
    "activity.users": "utenti",
    "activity.cost": "costo",
    "activity.funding": "finanziamento per fonte",
    "activity.legal_ref": "riferimento normativo",
    "activity.service_code": "codice del nomenclatore",
    "activity.objectives": "obiettivi",
    "activity.codes": "classificazioni",
    "activity.scope": "ambito dell'intervento",
    "activity.lead": "soggetto capofila",
    "activity.actors": "attori coinvolti",
    "activity.continuing": "in continuità",
    "activity.rationale": "razionale",
    "activity.description": "descrizione",
    "activity.recipients": "destinatari",
    "activity.actions": "azioni previste",
    "activity.non_financial_resources": "risorse non finanziarie",
    "activity.delivery": "modalità di gestione",
    "activity.contacts": "referenti",
    "activity.budget": "preventivo, consuntivo, impegnato, liquidato",
    "activity.progress": "avanzamento",
    "activity.extra": "altri campi",
    "table.id": "",
    "table.title": "tavolo",
    "table.kind": "tipologia",
    "table.phase": "fase",
    "table.areas": "aree",
    "table.organisations": "organizzazioni",
    "table.lead": "coordinatore",
    "meeting.title": "incontro",
    "meeting.phase": "fase",
    "meeting.id": "",
    "meeting.date": "data",
    "meeting.from": "dal",
    "meeting.to": "al",
    "meeting.sessions": "sedute",
    "meeting.participants": "partecipanti",
    "meeting.tables": "tavoli",
    "meeting.areas": "aree",
    "meeting.organisations": "organizzazioni presenti",
    "meeting.place": "luogo",
    "meeting.public": "pubblico",
    "meeting.lead": "conduzione",
    "recommendation.text": "indicazione",
    "recommendation.kind": "tipo",
    "recommendation.meeting": "incontro",
    "recommendation.table": "tavolo",
    "recommendation.areas": "aree",
    "recommendation.title": "titolo",
    "recommendation.response": "risposta",
    "milestone.title": "tappa",
    "milestone.date": "data",
    "milestone.date_label": "data (come scritta)",
    "milestone.planned": "prevista",
    "annex.id": "",
    "annex.title": "allegato",
    "annex.file": "file",
    "chapter.id": "",
    "chapter.title": "capitolo",
    "chapter.file": "file",
    "chapter.text": "testo",
    "ambito.name": "ambito",
    "ambito.code": "codice",
    "ambito.lead": "ente capofila",
    "ambito.management": "forma di gestione",
    "ambito.health_district": "distretto sanitario",
    "ambito.health_authority": "azienda sanitaria",
    "municipality.name": "comune",
    "municipality.istat_code": "codice ISTAT",
    "municipality.population": "popolazione",
    "municipality.population_date": "data del dato",
    "municipality.since": "istituzione",
    "municipality.until": "cessazione",
    "municipality.merged_into": "confluito in",
    "agreement.kind": "tipo",
    "agreement.act": "atto",
    "agreement.signed": "data di sottoscrizione",
    "agreement.valid_from": "validità dal",
    "agreement.valid_to": "validità al",
    "agreement.legal_ref": "riferimenti normativi",
    "agreement.annex": "testo firmato",
    "agreement.signatories_complete": "elenco firmatari completo",
    "signatory.name": "firmatario",
    "signatory.signed_by": "firmato da",
    "signatory.date": "data",
    "signatory.role": "ruolo",
    "signatory.municipality": "comune",
    "objective.id": "",
    "objective.title": "obiettivo",
    "objective.code": "codice",
    "objective.parent": "obiettivo padre",
    "objective.description": "descrizione",
    "objective.regional_ref": "riferimento regionale",
    "fund.id": "",
    "fund.name": "fondo",
    "fund.level": "livello",
    "fund.legal_ref": "riferimenti normativi",
    "fund.allocation": "assegnazione / riparto",
    "indicator.id": "",
    "indicator.title": "indicatore",
    "indicator.activity": "scheda",
    "indicator.objective": "obiettivo",
    "indicator.unit": "unità di misura",
    "indicator.direction": "verso",
    "indicator.baseline": "valore di partenza",
    "indicator.targets": "valori attesi",
    "indicator.actuals": "valori rilevati",
    "scheme.id": "",
    "scheme.title": "classificazione",
    "scheme.code": "codici",
    "staff.profile": "profilo",
    "staff.year": "anno",
    "staff.fte": "tempi pieni equivalenti",
    "staff.contract": "contratto",
    "staff.employer": "datore di lavoro",
    "staff.funded_by": "finanziato da",
    "staff.note": "nota",
    "stated_total.what": "oggetto",
    "stated_total.year": "anno",
    "stated_total.kind": "tipo (previsto, consuntivo, assegnazione)",
    "stated_total.amount": "importo dichiarato",
}
COMMON_ITALIAN = {"notes": "note", "source": "fonte"}


def type_of(d):
    if "$ref" in d:
        return {"#/definitions/id": "id", "#/definitions/money": "money"}.get(d["$ref"], d["$ref"])
    if "enum" in d:
        return " \\| ".join(f'`"{v}"`' for v in d["enum"])
    if "oneOf" in d:
        return " or ".join(type_of(x) for x in d["oneOf"])
    t = d.get("type")
    if t == "array":
        return "array of " + type_of(d.get("items", {}))
    if t == "object":
        inner = d.get("properties")
        return "table" + (" `{ " + ", ".join(inner) + " }`" if inner else "")
    if t == "string" and d.get("format") == "date":
        return "date"
    desc = d.get("description", "")
    if desc.endswith("(Markdown)"):
        return "Markdown"
    if desc.endswith("Markdown file, relative to the plan root"):
        return "path to a Markdown file"
    return t or "value"


# What the schema adds to a meaning about the value's form (shown as the type).
FORM_NOTES = (" (Markdown)", " Markdown file, relative to the plan root",
              " source → amount", " scheme → code or codes")


def meaning_of(d):
    text = d.get("description", "")
    for note in FORM_NOTES:
        if text.endswith(note):
            text = text[: -len(note)]
    return text


def main():
    out = ["# The input format", "",
           "Every collection and key a plan's TOML files may hold, as the decoder reads",
           "them. Generated by `scripts/docs/format.py` from the JSON Schema",
           "(`welfare-plan schema`) and the meanings kept in that script; a test keeps",
           "this page and the schema in step. Money is euros: an integer, a number with",
           "at most two decimals, or a string `\"1234.56\"`; dates are TOML dates",
           "(`2024-03-01`), between 1900 and 2200. An absent figure is *not",
           "available* (n.d.), never 0. Unknown keys are errors, with a \"did you",
           "mean\" hint.", ""]
    for name, d in SCHEMA["properties"].items():
        title, it_term, what, rules = COLLECTIONS[name]
        array = "items" in d
        item = d.get("items", d)
        header = f"`[[{name}]]`" if array else f"`[{name}]`"
        out += [f"## {header} — {title}", "", f"*{it_term}*. {what}".rstrip(), ""]
        out += ["| key | type | required | meaning | Italian |", "|---|---|---|---|---|"]
        required = set(item.get("required", []))
        for key, kd in item.get("properties", {}).items():
            meaning = meaning_of(kd)
            it = ITALIAN.get(f"{name}.{key}", COMMON_ITALIAN.get(key, ""))
            if not meaning:
                raise SystemExit(f"no description for {name}.{key}: add it to src/decode/key_docs.rs")
            out.append(f"| `{key}` | {type_of(kd)} | {'yes' if key in required else ''} | {meaning} | {it} |")
        if rules:
            out += ["", f"Checked: {rules}"]
        out.append("")
    (ROOT / "docs/format.md").write_text("\n".join(out))


if __name__ == "__main__":
    main()
