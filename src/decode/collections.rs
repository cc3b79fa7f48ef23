//! The collections any file may hold, one reader per `[[collection]]` (SPEC 2.3–2.16).

use super::reader::Reader;
use super::{MAX_COUNT, derived_key};
use crate::diag::Code;
use crate::diag::{Diagnostic, msg};
use crate::model::value::S;
use crate::model::*;

pub(super) fn read_role(r: &mut Reader) -> Option<Role> {
    let title = r.req_string("title");
    let duty = r.md("duty");
    let holder = r.string("holder");
    let core = r.bool("core").map(|b| b.value).unwrap_or(true);
    let (notes, source) = r.notes_and_source();
    let title = title?;
    Some(Role {
        key: derived_key("role", None, None, &title.value),
        title,
        duty,
        holder,
        core,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_body(r: &mut Reader) -> Option<Body> {
    let id = r.req_id("id");
    let name = r.req_string("name");
    let members = r.int("members", 1, MAX_COUNT);
    let composition = r.strings("composition");
    let (notes, source) = r.notes_and_source();
    Some(Body {
        id: id?,
        name: name?,
        members,
        composition,
        notes,
        source,
    })
}

pub(super) fn read_organisation(r: &mut Reader) -> Option<Organisation> {
    let id = r.req_id("id");
    let name = r.req_string("name");
    let kind = r.string("kind");
    let areas = r.ids("areas");
    let collective = r.bool("collective").map(|b| b.value).unwrap_or(false);
    let (notes, source) = r.notes_and_source();
    Some(Organisation {
        id: id?,
        name: name?,
        kind,
        areas,
        collective,
        notes,
        source,
    })
}

pub(super) fn read_phase(r: &mut Reader) -> Option<Phase> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let who = r.string("who");
    let deadline = r.date("deadline");
    let deadline_label = r.string("deadline_label");
    let modality = r.md("modality");
    let outcome = r.md("outcome");
    let outcome_deadline = r.date("outcome_deadline");
    let outcome_deadline_label = r.string("outcome_deadline_label");
    let (notes, source) = r.notes_and_source();
    Some(Phase {
        id: id?,
        title: title?,
        who,
        deadline,
        deadline_label,
        modality,
        outcome,
        outcome_deadline,
        outcome_deadline_label,
        notes,
        source,
    })
}

pub(super) fn read_area(r: &mut Reader) -> Option<Area> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let target = r.choices("target", TARGETS);
    let intro = r.md_or_file("intro", "intro_file");
    let criticalities = r.mds("criticalities");
    let new_needs = r.mds("new_needs");
    let resource_recovery = r.mds("resource_recovery");
    let proposals = r.mds("proposals");
    let (notes, source) = r.notes_and_source();
    Some(Area {
        id: id?,
        title: title?,
        target,
        intro,
        criticalities,
        new_needs,
        resource_recovery,
        proposals,
        notes,
        source,
    })
}

pub(super) fn read_activity(r: &mut Reader) -> Option<Activity> {
    let area = r.req_id("area");
    let also_areas = r.ids("also_areas");
    let title = r.req_string("title");
    let id = r.id("id");
    let provider = r.string("provider");
    let users = r.int("users", 0, MAX_COUNT);
    let cost_written = r.has("cost");
    let cost = r.money("cost");
    let funding_span = r.value_span("funding");
    let funding: Vec<Funding> = r
        .money_map("funding")
        .into_iter()
        .map(|(source, amount)| Funding { source, amount })
        .collect();
    let legal_ref = r
        .one_or_many("legal_ref")
        .into_iter()
        .map(LegalRef::unparsed)
        .collect();
    let service_code = r.string("service_code");
    let card = super::programme::read_card(r);
    let (notes, source) = r.notes_and_source();
    let (area, title) = (area?, title?);
    Some(Activity {
        key: derived_key("activity", id.as_ref(), Some(&area.value), &title.value),
        area,
        also_areas,
        title,
        id,
        provider,
        users,
        cost,
        cost_written,
        funding_span,
        funding,
        legal_ref,
        service_code,
        card,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_table(r: &mut Reader) -> Option<Table> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let kind = r.string("kind");
    let phase = r.id("phase");
    let areas = r.ids("areas");
    let organisations = r.ids("organisations");
    let lead = r.string("lead");
    let (notes, source) = r.notes_and_source();
    Some(Table {
        id: id?,
        title: title?,
        kind,
        phase,
        areas,
        organisations,
        lead,
        notes,
        source,
    })
}

pub(super) fn read_meeting(r: &mut Reader) -> Option<Meeting> {
    let title = r.req_string("title");
    let phase = r.req_id("phase");
    let id = r.id("id");
    let date = r.date("date");
    let from = r.date("from");
    let to = r.date("to");
    let sessions_given = r.int("sessions", 1, MAX_COUNT);
    let participants = r.int("participants", 0, MAX_COUNT);
    let tables = r.ids("tables");
    let areas = r.ids("areas");
    let organisations = r.ids("organisations");
    let place = r.string("place");
    let public = r.bool("public").map(|b| b.value).unwrap_or(false);
    let lead = r.string("lead");
    let (notes, source) = r.notes_and_source();
    // An invalid `sessions` is already reported; 1 keeps the other checks going.
    let single = sessions_given
        .as_ref()
        .map_or(!r.has("sessions"), |s| s.value == 1);
    let sessions = sessions_given.unwrap_or(S::new(1, r.span));
    if single && !r.has("date") {
        r.ctx.diags.push(
            Diagnostic::new(Code::MissingDate, r.span, msg("meeting-without-date", &[]))
                .with_help(msg("help-meeting-without-date", &[])),
        );
    }
    if let (Some(d), Some(span)) = (&date, r.value_span("from").or(r.value_span("to"))) {
        r.ctx.diags.push(
            Diagnostic::new(Code::InvalidValue, span, msg("date-and-span", &[]))
                .with_related(d.span, msg("label-date", &[])),
        );
    }
    if let (Some(f), Some(t)) = (&from, &to)
        && t.value < f.value
    {
        r.ctx.diags.push(Diagnostic::new(
            Code::DateOrder,
            t.span,
            msg(
                "date-order",
                &[
                    ("start_key", "from"),
                    ("end_key", "to"),
                    ("start", &f.value.iso()),
                    ("end", &t.value.iso()),
                ],
            ),
        ));
    }
    let (title, phase) = (title?, phase?);
    Some(Meeting {
        key: derived_key("meeting", id.as_ref(), Some(&phase.value), &title.value),
        title,
        phase,
        id,
        date,
        from,
        to,
        sessions,
        participants,
        tables,
        areas,
        organisations,
        place,
        public,
        lead,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_recommendation(r: &mut Reader) -> Option<Recommendation> {
    let text = r.md("text");
    if text.is_none() && !r.has("text") {
        r.missing("text");
    }
    let kind = r.req_choice("kind", &["content", "method", "organisation"]);
    let meeting = r.id("meeting");
    let table = r.id("table");
    let areas = r.ids("areas");
    let title = r.string("title");
    let response = r.table("response", "response", |t| {
        let status = t.req_typed("status");
        let activities = t.ids("activities");
        let objectives = t.ids("objectives");
        let note = t.md("note");
        Some(Response {
            status: status?,
            activities,
            objectives,
            note,
        })
    });
    let (notes, source) = r.notes_and_source();
    if !r.has("meeting") && !r.has("table") {
        r.ctx.diags.push(Diagnostic::new(
            Code::MissingKey,
            r.span,
            msg("recommendation-without-origin", &[]),
        ));
    }
    let (text, kind) = (text?, kind?);
    let parent = meeting.as_ref().or(table.as_ref()).map(|s| s.value.clone());
    let label = title
        .as_ref()
        .map(|t| t.value.as_str())
        .unwrap_or(&text.body);
    Some(Recommendation {
        key: derived_key("recommendation", None, parent.as_deref(), label),
        text,
        kind,
        meeting,
        table,
        areas,
        title,
        response,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_milestone(r: &mut Reader) -> Option<Milestone> {
    let title = r.req_string("title");
    let date = r.date("date");
    let date_label = r.string("date_label");
    let planned = r.bool("planned").map(|b| b.value).unwrap_or(false);
    let (notes, source) = r.notes_and_source();
    // A past milestone known only from its words ("primo semestre 2014")
    // keeps them: no date is invented (SPEC 7).
    if !planned && !r.has("date") && !r.has("date_label") {
        r.ctx.diags.push(
            Diagnostic::new(
                Code::MissingDate,
                r.span,
                msg("milestone-without-date", &[]),
            )
            .with_help(msg("help-milestone-without-date", &[])),
        );
    }
    let title = title?;
    Some(Milestone {
        key: derived_key("milestone", None, None, &title.value),
        title,
        date,
        date_label,
        planned,
        notes,
        source,
        span: r.span,
    })
}

pub(super) fn read_annex(r: &mut Reader) -> Option<Annex> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let file = r.req_string("file");
    let (notes, source) = r.notes_and_source();
    // `load` read it and reported any problem where it is named; the annex
    // stays, so that what refers to it is not reported a second time.
    let file = file.and_then(|f| {
        let rel = crate::assets::normalise(&f.value).ok()?;
        Some(S::new(rel, f.span))
    });
    Some(Annex {
        id: id?,
        title: title?,
        file: file?,
        notes,
        source,
    })
}

pub(super) fn read_chapter(r: &mut Reader) -> Option<Chapter> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let text = r.md_or_file("text", "file");
    let (notes, source) = r.notes_and_source();
    Some(Chapter {
        id: id?,
        title: title?,
        text,
        notes,
        source,
    })
}
