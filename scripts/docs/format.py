#!/usr/bin/env python3
"""Writes docs/format.md: every collection and key of the input format, from
the JSON Schema the decoder describes (types, required keys, allowed values)
and the meanings below. Run after changing the format:

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
    "stated_total": ("Stated totals", "totali dichiarati (delibere, tabelle)", "A total an act or a table of the plan states, checked against the figures.",
                     "The figures must give exactly `amount`: otherwise `stated-total-mismatch`, with both figures and the difference."),
}

# "collection.key" → (meaning, Italian term or "")
KEYS = {
    "plan.title": ("The plan's title", "titolo"),
    "plan.subtitle": ("A subtitle", "sottotitolo"),
    "plan.authority": ("The body that owns the decision", "ente titolare"),
    "plan.territory": ("The territory it covers", "territorio"),
    "plan.region": ("The region whose laws `legal_ref` cites", "regione"),
    "plan.reference_year": ("The year of activities' `users` and `cost`", "anno di riferimento"),
    "plan.language": ("The language of the generated document", "lingua"),
    "plan.status": ("Where the plan stands", "stato"),
    "plan.start": ("The plan's first day", "inizio"),
    "plan.end": ("The plan's last day (omit for an open end)", "fine"),
    "plan.population": ("Inhabitants, for per-capita figures", "popolazione"),
    "plan.intro": ("Introduction", "introduzione"),
    "plan.intro_file": ("Introduction in a Markdown file", "introduzione"),
    "process.decision_holders": ("Who holds the decision", "titolari della decisione"),
    "process.partners": ("External subjects", "partner"),
    "process.participants": ("Who took part", "partecipanti"),
    "process.participation": ("How participants were chosen", "modalità di partecipazione"),
    "process.codecision": ("Whether participants co-decide", "codecisione"),
    "process.digital_tools": ("Whether digital tools were used", "strumenti digitali"),
    "process.methods": ("Methods used", "metodi"),
    "process.level": ("Level of participation", "livello di partecipazione"),
    "process.index": ("Participation index as published (0–30)", "indice di partecipazione"),
    "process.start_year": ("Year it started", "anno di avvio"),
    "process.end_year": ("Year it ended", "anno di conclusione"),
    "process.duration_months": ("Duration", "durata in mesi"),
    "process.certified": ("Certified by the regional observatory", "certificato"),
    "process.objectives": ("The process's objectives", "obiettivi del processo"),
    "process.expected_results": ("Expected results", "risultati attesi"),
    "process.design": ("How the process was designed", "progettazione del processo"),
    "process.extra": ("Any further field an observatory publishes", "altri campi"),
    "document.version": ("Version of the document", "versione"),
    "document.date": ("Date of this version", "data"),
    "document.status": ("Draft, proposal or approved", "stato (bozza, proposta, approvato)"),
    "document.approval": ("The approving act: body, act, date", "approvazione (organo, atto, data)"),
    "document.outline": ("The order of chapters and generated sections", "indice"),
    "document.accessibility": ("Address of the accessibility statement", "dichiarazione di accessibilità"),
    "spending.year": ("Year of the figures", "anno"),
    "spending.total": ("Total social spending", "spesa sociale totale"),
    "spending.associated": ("Spending managed in associated form", "gestione associata"),
    "spending.population": ("Population for per-capita spending", "popolazione"),
    "spending.by_target": ("Breakdown by user area", "per area di utenza"),
    "spending.income_support": ("Income support", "sostegno al reddito"),
    "spending.adult_population": ("Adults, for income support per adult", "popolazione adulta"),
    "spending.benchmark": ("Per-capita figures to compare with", "confronti"),
    "check.allow": ("Warning codes accepted knowingly", "avvisi accettati"),
    "role.title": ("The function", "ruolo"),
    "role.duty": ("What it does", "compito"),
    "role.holder": ("Who holds it", "titolare"),
    "role.core": ("Core (true) or extended group", "gruppo ristretto"),
    "body.id": ("Identifier", ""),
    "body.name": ("Name", "nome"),
    "body.members": ("Number of members", "componenti"),
    "body.composition": ("Who sits in it", "composizione"),
    "organisation.id": ("Identifier", ""),
    "organisation.name": ("Name", "nome"),
    "organisation.kind": ("Kind of body", "tipologia"),
    "organisation.areas": ("Areas it works in", "aree"),
    "organisation.collective": ("A category standing for several bodies", "soggetto collettivo"),
    "phase.id": ("Identifier", ""),
    "phase.title": ("Title", "fase"),
    "phase.who": ("Who takes part", "chi"),
    "phase.deadline": ("Deadline (orders and checks)", "scadenza"),
    "phase.deadline_label": ("The deadline as the sources write it", "scadenza (come scritta)"),
    "phase.modality": ("How it works", "modalità"),
    "phase.outcome": ("Its outcome", "esito"),
    "phase.outcome_deadline": ("Deadline of the outcome", "scadenza dell'esito"),
    "phase.outcome_deadline_label": ("That deadline as written", ""),
    "area.id": ("Identifier", ""),
    "area.title": ("Title", "area"),
    "area.target": ("Istat user area(s)", "area di utenza Istat"),
    "area.intro": ("Introduction", "introduzione"),
    "area.intro_file": ("Introduction in a Markdown file", ""),
    "area.criticalities": ("Critical issues", "criticità"),
    "area.new_needs": ("New needs", "nuove esigenze"),
    "area.resource_recovery": ("Resources to recover", "recupero risorse"),
    "area.proposals": ("Proposals", "proposte"),
    "activity.area": ("The area it belongs to, and is counted in", "area"),
    "activity.also_areas": ("Other areas it serves: listed and linked there, counted only in `area`", "altre aree"),
    "activity.title": ("Title", "titolo"),
    "activity.id": ("Identifier (needed to be referenced)", ""),
    "activity.provider": ("Who runs it", "gestore"),
    "activity.users": ("Users in the reference year", "utenti"),
    "activity.cost": ("Cost in the reference year (actual)", "costo"),
    "activity.funding": ("Funding of `cost` by source", "finanziamento per fonte"),
    "activity.legal_ref": ("Main legal reference(s)", "riferimento normativo"),
    "activity.service_code": ("Code of the services nomenclature", "codice del nomenclatore"),
    "activity.objectives": ("Objectives it serves", "obiettivi"),
    "activity.codes": ("Codes by scheme", "classificazioni"),
    "activity.scope": ("Where it works", "ambito dell'intervento"),
    "activity.lead": ("Lead body", "soggetto capofila"),
    "activity.actors": ("Organisations involved", "attori coinvolti"),
    "activity.continuing": ("Continues the previous plan", "in continuità"),
    "activity.rationale": ("Why", "razionale"),
    "activity.description": ("What it is", "descrizione"),
    "activity.recipients": ("Who it is for", "destinatari"),
    "activity.actions": ("Planned actions", "azioni previste"),
    "activity.non_financial_resources": ("Non-financial resources", "risorse non finanziarie"),
    "activity.delivery": ("How it is run", "modalità di gestione"),
    "activity.contacts": ("Contacts: name, role, email, phone", "referenti"),
    "activity.budget": ("Budget by year: `{ year, kind, funding, origin }`; kind planned or actual, or for the fund ledger committed or paid; `origin` the fund's annualità (default the year)", "preventivo, consuntivo, impegnato, liquidato"),
    "activity.progress": ("Progress by year: `{ year, status, users, note }`", "avanzamento"),
    "activity.extra": ("Fields of a regional template", "altri campi"),
    "table.id": ("Identifier", ""),
    "table.title": ("Title", "tavolo"),
    "table.kind": ("Kind", "tipologia"),
    "table.phase": ("Its phase", "fase"),
    "table.areas": ("Its areas", "aree"),
    "table.organisations": ("Organisations sitting on it", "organizzazioni"),
    "table.lead": ("Who leads it", "coordinatore"),
    "meeting.title": ("Title", "incontro"),
    "meeting.phase": ("Its phase", "fase"),
    "meeting.id": ("Identifier (needed to be referenced)", ""),
    "meeting.date": ("Date", "data"),
    "meeting.from": ("Start of an aggregate's span", "dal"),
    "meeting.to": ("End of an aggregate's span", "al"),
    "meeting.sessions": ("Number of sessions (default 1)", "sedute"),
    "meeting.participants": ("Total presences over all sessions", "partecipanti"),
    "meeting.tables": ("Tables that met", "tavoli"),
    "meeting.areas": ("Areas", "aree"),
    "meeting.organisations": ("Organisations present", "organizzazioni presenti"),
    "meeting.place": ("Where", "luogo"),
    "meeting.public": ("Open to all citizens", "pubblico"),
    "meeting.lead": ("Who led it", "conduzione"),
    "recommendation.text": ("What was recommended", "indicazione"),
    "recommendation.kind": ("content, method or organisation", "tipo"),
    "recommendation.meeting": ("The meeting it came from", "incontro"),
    "recommendation.table": ("The table it came from", "tavolo"),
    "recommendation.areas": ("Areas", "aree"),
    "recommendation.title": ("Short title", "titolo"),
    "recommendation.response": ("What became of it: `{ status, activities, objectives, note }`", "risposta"),
    "milestone.title": ("Title", "tappa"),
    "milestone.date": ("Date", "data"),
    "milestone.date_label": ("The date as the sources write it", "data (come scritta)"),
    "milestone.planned": ("Foreseen, not yet happened", "prevista"),
    "annex.id": ("Identifier", ""),
    "annex.title": ("Title", "allegato"),
    "annex.file": ("The file, inside the plan", "file"),
    "chapter.id": ("Identifier (its page's name)", ""),
    "chapter.title": ("Title", "capitolo"),
    "chapter.file": ("Its Markdown file", "file"),
    "chapter.text": ("Its Markdown text", "testo"),
    "ambito.name": ("Name", "ambito"),
    "ambito.code": ("Code in the national register of districts", "codice"),
    "ambito.lead": ("The lead body", "ente capofila"),
    "ambito.management": ("Form of management", "forma di gestione"),
    "ambito.health_district": ("Health district", "distretto sanitario"),
    "ambito.health_authority": ("Health authority", "azienda sanitaria"),
    "municipality.name": ("Name", "comune"),
    "municipality.istat_code": ("ISTAT code, six digits", "codice ISTAT"),
    "municipality.population": ("Residents", "popolazione"),
    "municipality.population_date": ("Date of the count", "data del dato"),
    "municipality.since": ("The day it was established (a merger's successor)", "istituzione"),
    "municipality.until": ("The day it ceased (not counted in totals after)", "cessazione"),
    "municipality.merged_into": ("The successor's ISTAT code", "confluito in"),
    "agreement.kind": ("Kind of agreement", "tipo"),
    "agreement.act": ("The act that approved it", "atto"),
    "agreement.signed": ("Date signed", "data di sottoscrizione"),
    "agreement.valid_from": ("Valid from", "validità dal"),
    "agreement.valid_to": ("Valid to", "validità al"),
    "agreement.legal_ref": ("Legal references", "riferimenti normativi"),
    "agreement.annex": ("The signed text, an annex's id", "testo firmato"),
    "agreement.signatories_complete": ("The signatories listed are all there are (default true); false: a municipality without one reads \"firma non documentata\"", "elenco firmatari completo"),
    "signatory.name": ("Name", "firmatario"),
    "signatory.signed_by": ("Who signed", "firmato da"),
    "signatory.date": ("Date", "data"),
    "signatory.role": ("party or adherent", "ruolo"),
    "signatory.municipality": ("The municipality's ISTAT code, or its exact name", "comune"),
    "objective.id": ("Identifier", ""),
    "objective.title": ("Title", "obiettivo"),
    "objective.code": ("Code as the plan numbers it", "codice"),
    "objective.parent": ("Parent objective", "obiettivo padre"),
    "objective.description": ("Description", "descrizione"),
    "objective.regional_ref": ("The regional objective or card it implements", "riferimento regionale"),
    "fund.id": ("Identifier (funding sources name it)", ""),
    "fund.name": ("Name", "fondo"),
    "fund.level": ("Who the money comes from", "livello"),
    "fund.legal_ref": ("Legal references", "riferimenti normativi"),
    "fund.allocation": ("Allocation by year: `{ year, amount, origin }`; `origin` the annualità when it is not the year", "assegnazione / riparto"),
    "indicator.id": ("Identifier", ""),
    "indicator.title": ("Title", "indicatore"),
    "indicator.activity": ("The card it measures", "scheda"),
    "indicator.objective": ("The objective it measures", "obiettivo"),
    "indicator.unit": ("Unit", "unità di misura"),
    "indicator.direction": ("Which way is better", "verso"),
    "indicator.baseline": ("Starting value: `{ year, value }`", "valore di partenza"),
    "indicator.targets": ("Targets by year", "valori attesi"),
    "indicator.actuals": ("Actual values by year", "valori rilevati"),
    "scheme.id": ("Identifier (cards' `codes` name it)", ""),
    "scheme.title": ("Title", "classificazione"),
    "scheme.code": ("Its codes: `{ code, title, parent }`", "codici"),
    "staff.profile": ("social-worker, educator, psychologist, care-worker, administrative or other", "profilo"),
    "staff.year": ("Year", "anno"),
    "staff.fte": ("Full-time equivalents, exactly as written", "tempi pieni equivalenti"),
    "staff.contract": ("permanent, fixed-term, agency or outsourced", "contratto"),
    "staff.employer": ("Who employs them", "datore di lavoro"),
    "staff.funded_by": ("The fund that pays for them", "finanziato da"),
    "staff.note": ("A note on this entry (Markdown)", "nota"),
    "stated_total.what": ("\"plan\", a fund's id or an area's id", "oggetto"),
    "stated_total.year": ("Year", "anno"),
    "stated_total.kind": ("Which figure", "tipo (previsto, consuntivo, assegnazione)"),
    "stated_total.amount": ("The total as stated", "importo dichiarato"),
}
COMMON = {"notes": ("Notes, shown with it (Markdown)", "note"),
          "source": ("Where its facts come from", "fonte")}


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
    if d.get("description") == "(Markdown)":
        return "Markdown"
    return t or "value"


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
            meaning, it = KEYS.get(f"{name}.{key}") or COMMON.get(key) or ("", "")
            if not meaning:
                raise SystemExit(f"no meaning for {name}.{key}: add it to KEYS")
            out.append(f"| `{key}` | {type_of(kd)} | {'yes' if key in required else ''} | {meaning} | {it} |")
        if rules:
            out += ["", f"Checked: {rules}"]
        out.append("")
    (ROOT / "docs/format.md").write_text("\n".join(out))


if __name__ == "__main__":
    main()
