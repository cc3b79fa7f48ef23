//! `html/meetings.ics` (SPEC 6.3): every dated meeting, and every planned
//! milestone, as an iCalendar event (RFC 5545) with a UID stable across
//! builds — the entity's key — so that calendars update instead of doubling.

use crate::model::{Date, Plan};

/// Text escaped as RFC 5545 wants it: backslash, `;`, `,` and line breaks.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (continuations start with a space), CRLF-ended.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn day(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The day after `d` (an all-day event ends the next day, exclusive).
fn next_day(d: Date) -> Date {
    let days_in = |y: i32, m: u8| match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d.day < days_in(d.year, d.month) {
        Date {
            day: d.day + 1,
            ..d
        }
    } else if d.month < 12 {
        Date {
            month: d.month + 1,
            day: 1,
            ..d
        }
    } else {
        Date {
            year: d.year + 1,
            month: 1,
            day: 1,
        }
    }
}

/// The calendar; `None` when the plan has no dated meeting or planned milestone.
/// `stamp` is the date the events are stamped with (DTSTAMP is required): the
/// build's date, else the document's, so that the file is the same every build.
pub fn meetings_ics(plan: &Plan, stamp: Date) -> Option<String> {
    let uid_domain = "welfare-plan";
    let phase_title = |id: &str| {
        plan.phases
            .iter()
            .find(|p| p.id.value == id)
            .map_or(id.to_string(), |p| p.title.value.clone())
    };
    let mut events = String::new();
    for m in &plan.meetings {
        let (Some(start), end) = (
            m.date.as_ref().or(m.from.as_ref()).map(|d| d.value),
            m.date.as_ref().or(m.to.as_ref()).map(|d| d.value),
        ) else {
            continue;
        };
        let end = end.filter(|e| *e >= start).unwrap_or(start);
        line(&mut events, "BEGIN:VEVENT");
        line(&mut events, &format!("UID:{}@{uid_domain}", escape(&m.key)));
        line(&mut events, &format!("DTSTAMP:{}T000000Z", day(stamp)));
        line(&mut events, &format!("DTSTART;VALUE=DATE:{}", day(start)));
        line(
            &mut events,
            &format!("DTEND;VALUE=DATE:{}", day(next_day(end))),
        );
        line(&mut events, &format!("SUMMARY:{}", escape(&m.title.value)));
        if let Some(place) = &m.place {
            line(&mut events, &format!("LOCATION:{}", escape(&place.value)));
        }
        line(
            &mut events,
            &format!("DESCRIPTION:{}", escape(&phase_title(&m.phase.value))),
        );
        line(&mut events, "END:VEVENT");
    }
    for ms in plan.milestones.iter().filter(|m| m.planned) {
        let Some(date) = ms.date.as_ref().map(|d| d.value) else {
            continue;
        };
        line(&mut events, "BEGIN:VEVENT");
        line(
            &mut events,
            &format!("UID:{}@{uid_domain}", escape(&ms.key)),
        );
        line(&mut events, &format!("DTSTAMP:{}T000000Z", day(stamp)));
        line(&mut events, &format!("DTSTART;VALUE=DATE:{}", day(date)));
        line(
            &mut events,
            &format!("DTEND;VALUE=DATE:{}", day(next_day(date))),
        );
        line(&mut events, &format!("SUMMARY:{}", escape(&ms.title.value)));
        line(&mut events, "END:VEVENT");
    }
    if events.is_empty() {
        return None;
    }
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//welfare-plan//meetings//IT");
    line(&mut out, "CALSCALE:GREGORIAN");
    if let Some(title) = &plan.plan.title {
        line(&mut out, &format!("X-WR-CALNAME:{}", escape(&title.value)));
    }
    out.push_str(&events);
    line(&mut out, "END:VCALENDAR");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_and_text_is_escaped() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", escape(&"à".repeat(60))));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let d = |y, m, d| Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(next_day(d(2024, 2, 28)), d(2024, 2, 29));
        assert_eq!(next_day(d(2023, 2, 28)), d(2023, 3, 1));
        assert_eq!(next_day(d(2024, 12, 31)), d(2025, 1, 1));
    }
}
