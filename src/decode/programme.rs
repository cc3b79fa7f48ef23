//! The Piano di Zona's collections (SPEC 4): the district and its agreement,
//! objectives, the intervention card's keys, funds, indicators, schemes.

use super::reader::Reader;
use super::{MAX_COUNT, YEARS, derived_key};
use crate::model::value::S;
use crate::model::*;

pub(super) fn read_ambito(r: &mut Reader) -> Ambito {
    let name = r.req_string("name");
    let code = r.string("code");
    let lead = r.string("lead");
    let management = r.string("management");
    let health_district = r.string("health_district");
    let health_authority = r.string("health_authority");
    let (notes, source) = r.notes_and_source();
    Ambito {
        name: name.unwrap_or_else(|| S::new(String::new(), r.span)),
        code,
        lead,
        management,
        health_district,
        health_authority,
        notes,
        source,
    }
}

pub(super) fn read_municipality(r: &mut Reader) -> Option<Municipality> {
    let name = r.req_string("name");
    let istat_code = r.string("istat_code");
    let population = r.int("population", 0, MAX_COUNT);
    let population_date = r.date("population_date");
    let since = r.date("since");
    let until = r.date("until");
    let merged_into = r.string("merged_into");
    let (notes, source) = r.notes_and_source();
    let name = name?;
    Some(Municipality {
        key: match &istat_code {
            Some(code) => format!("municipality:{}", code.value),
            None => derived_key("municipality", None, None, &name.value),
        },
        name,
        istat_code,
        population,
        population_date,
        since,
        until,
        merged_into,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_agreement(r: &mut Reader) -> Agreement {
    let kind = r.string("kind");
    let act = r.string("act");
    let signed = r.date("signed");
    let valid_from = r.date("valid_from");
    let valid_to = r.date("valid_to");
    let legal_ref = r
        .one_or_many("legal_ref")
        .into_iter()
        .map(LegalRef::unparsed)
        .collect();
    let annex = r.id("annex");
    let signatories_complete = r.bool("signatories_complete");
    let (notes, source) = r.notes_and_source();
    Agreement {
        kind,
        act,
        signed,
        valid_from,
        valid_to,
        legal_ref,
        annex,
        signatories_complete,
        notes,
        source,
        span: r.span,
    }
}

pub(super) fn read_signatory(r: &mut Reader) -> Option<Signatory> {
    let name = r.req_string("name");
    let signed_by = r.string("signed_by");
    let date = r.date("date");
    let role = r
        .choice("role", &["party", "adherent"])
        .map_or_else(|| "party".to_string(), |s| s.value);
    let municipality = r.string("municipality");
    let (notes, source) = r.notes_and_source();
    let name = name?;
    Some(Signatory {
        key: derived_key("signatory", None, None, &name.value),
        name,
        signed_by,
        date,
        role,
        municipality,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_objective(r: &mut Reader) -> Option<Objective> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let code = r.string("code");
    let parent = r.id("parent");
    let description = r.md("description");
    let regional_ref = r.string("regional_ref");
    let (notes, source) = r.notes_and_source();
    Some(Objective {
        id: id?,
        title: title?,
        code,
        parent,
        description,
        regional_ref,
        notes,
        source,
    })
}

fn read_funding(t: &mut Reader) -> Vec<Funding> {
    t.money_map("funding")
        .into_iter()
        .map(|(source, amount)| Funding { source, amount })
        .collect()
}

/// The intervention card's keys of an `[[activity]]` (SPEC 4.4).
pub(super) fn read_card(r: &mut Reader) -> Card {
    let objectives = r.ids("objectives");
    let codes = r.string_lists("codes");
    let scope = r.typed("scope");
    let lead = r.string("lead");
    let actors = r.ids("actors");
    let continuing = r.bool("continuing");
    let rationale = r.md("rationale");
    let description = r.md("description");
    let recipients = r.md("recipients");
    let actions = r.mds("actions");
    let non_financial_resources = r.md("non_financial_resources");
    let delivery = r.typed("delivery");
    let contacts = r.tables("contacts", "contact", |t| {
        let name = t.req_string("name");
        let role = t.string("role");
        let email = t.string("email");
        let phone = t.string("phone");
        Some(Contact {
            name: name?,
            role,
            email,
            phone,
        })
    });
    let budget_span = r.value_span("budget");
    let budget = r.tables("budget", "budget entry", |t| {
        let year = t.int("year", YEARS.0, YEARS.1);
        let year = t.required("year", year);
        let kind = t.req_choice("kind", BudgetKind::WORDS);
        let origin = t.int("origin", YEARS.0, YEARS.1);
        let funding = read_funding(t);
        if !t.has("funding") {
            t.missing("funding");
        }
        let kind = kind?;
        let value = BudgetKind::from_name(&kind.value)?;
        Some(BudgetEntry {
            year: year?,
            kind: S::new(value, kind.span),
            origin,
            funding,
            span: t.span,
        })
    });
    let progress = r.tables("progress", "progress entry", |t| {
        let year = t.int("year", YEARS.0, YEARS.1);
        let year = t.required("year", year);
        let status = t.req_typed("status");
        let users = t.int("users", 0, MAX_COUNT);
        let note = t.md("note");
        Some(Progress {
            year: year?,
            status: status?,
            users,
            note,
        })
    });
    let extra = read_extra(r);
    Card {
        objectives,
        codes,
        scope,
        lead,
        actors,
        continuing,
        rationale,
        description,
        recipients,
        actions,
        non_financial_resources,
        delivery,
        contacts,
        budget,
        progress,
        extra,
        budget_span,
    }
}

/// `extra`: fields of a regional template the format does not list.
pub(super) fn read_extra(r: &mut Reader) -> Vec<ExtraField> {
    r.tables("extra", "extra field", |t| {
        let label = t.req_string("label");
        let value = t.req_string("value");
        Some(ExtraField {
            label: label?,
            value: value?,
        })
    })
}

pub(super) fn read_fund(r: &mut Reader) -> Option<Fund> {
    let id = r.req_id("id");
    let name = r.req_string("name");
    let level = r.typed("level");
    let national = r.typed("national");
    let legal_ref = r
        .one_or_many("legal_ref")
        .into_iter()
        .map(LegalRef::unparsed)
        .collect();
    let allocation = r.tables("allocation", "allocation", |t| {
        let year = t.int("year", YEARS.0, YEARS.1);
        let year = t.required("year", year);
        let amount = t.money("amount");
        let amount = t.required("amount", amount);
        let origin = t.int("origin", YEARS.0, YEARS.1);
        Some(Allocation {
            year: year?,
            amount: amount?,
            origin,
        })
    });
    let (notes, source) = r.notes_and_source();
    Some(Fund {
        id: id?,
        name: name?,
        level,
        national,
        legal_ref,
        allocation,
        notes,
        source,
    })
}

pub(super) fn read_stated_total(r: &mut Reader) -> Option<StatedTotal> {
    let what = r.req_string("what");
    let year = r.int("year", YEARS.0, YEARS.1);
    let year = r.required("year", year);
    let kind = r.req_typed("kind");
    let amount = r.money("amount");
    let amount = r.required("amount", amount);
    let (notes, source) = r.notes_and_source();
    Some(StatedTotal {
        what: what?,
        year: year?,
        kind: kind?,
        amount: amount?,
        notes,
        source,
    })
}

pub(super) fn read_staff(r: &mut Reader) -> Option<Staff> {
    let profile = r.req_typed("profile");
    let year = r.int("year", YEARS.0, YEARS.1);
    let year = r.required("year", year);
    let fte = r.number("fte");
    let fte = r.required("fte", fte);
    let contract = r.typed("contract");
    let employer = r.string("employer");
    let funded_by = r.id("funded_by");
    let note = r.md("note");
    let (notes, source) = r.notes_and_source();
    Some(Staff {
        profile: profile?,
        year: year?,
        fte: fte?,
        contract,
        employer,
        funded_by,
        note,
        notes,
        source,
    })
}

fn read_measure(t: &mut Reader) -> Option<Measure> {
    let year = t.int("year", YEARS.0, YEARS.1);
    let year = t.required("year", year);
    let value = t.number("value");
    let value = t.required("value", value);
    Some(Measure {
        year: year?,
        value: value?,
    })
}

pub(super) fn read_indicator(r: &mut Reader) -> Option<Indicator> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let activity = r.id("activity");
    let objective = r.id("objective");
    let unit = r.string("unit");
    let direction = r.typed("direction");
    let baseline = r.table("baseline", "baseline", |t| {
        let year = t.int("year", YEARS.0, YEARS.1);
        let value = t.number("value");
        let value = t.required("value", value);
        Some(Baseline {
            year,
            value: value?,
        })
    });
    let targets = r.tables("targets", "target", read_measure);
    let actuals = r.tables("actuals", "actual", read_measure);
    let (notes, source) = r.notes_and_source();
    Some(Indicator {
        id: id?,
        title: title?,
        activity,
        objective,
        unit,
        direction,
        baseline,
        targets,
        actuals,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_scheme(r: &mut Reader) -> Option<Scheme> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let codes = r.tables("code", "scheme code", |t| {
        let code = t.req_string("code");
        let title = t.req_string("title");
        let parent = t.string("parent");
        Some(SchemeCode {
            code: code?,
            title: title?,
            parent,
        })
    });
    let (notes, source) = r.notes_and_source();
    Some(Scheme {
        id: id?,
        title: title?,
        codes,
        notes,
        source,
    })
}
