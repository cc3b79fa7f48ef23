//! `[[rule]]` (SPEC 8), and the built-in rule sets: TOML files embedded in
//! the binary and read by the same reader as a plan's own rules, so that a
//! set is data, never code.

use super::reader::{Ctx, Reader};
use super::{MAX_COUNT, YEARS};
use crate::assets::Assets;
use crate::diag::Diagnostics;
use crate::load::Kind;
use crate::model::{Band, Rule, RuleWhere};
use crate::source::{SourceMap, Span};

/// The built-in sets by the name `[plan] rules` gives them.
pub const SETS: &[(&str, &str)] = &[("national", include_str!("../../rules/national.toml"))];

pub(super) fn read_rule(r: &mut Reader) -> Option<Rule> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let source = r.req_string("source");
    let from = r.int("from", YEARS.0, YEARS.1);
    let to = r.int("to", YEARS.0, YEARS.1);
    let kind = r.req_typed("kind");
    let profile = r.typed("profile");
    let contract = r.typed("contract");
    let per = r.int("per", 1, MAX_COUNT);
    let contribution = r.tables("contribution", "contribution band", |t| {
        let from_per = t.int("from_per", 1, MAX_COUNT);
        let from_per = t.required("from_per", from_per);
        let to_per = t.int("to_per", 1, MAX_COUNT);
        let to_per = t.required("to_per", to_per);
        let eur = t.money("eur");
        let eur = t.required("eur", eur);
        Some(Band {
            from_per: from_per?,
            to_per: to_per?,
            eur: eur?,
        })
    });
    let fund = r.string("fund");
    let min = r.number("min");
    let of = r.typed("of");
    let where_ = read_where(r);
    let lag = r.int("lag", 0, 10);
    let scheme = r.string("scheme");
    let code = r.string("code");
    let notes = r.md("notes");
    Some(Rule {
        id: id?,
        title: title?,
        source: source?,
        from,
        to,
        kind: kind?,
        profile,
        contract,
        per,
        contribution,
        fund,
        min,
        of,
        where_,
        lag,
        scheme,
        code,
        notes,
        set: None,
        source_url: None,
        span: r.span,
    })
}

/// `where`: `{ scheme = "leps", code = "…" }`, `{ area = "…" }`,
/// `{ istat-area = "…" }`, or a scheme's id naming its code
/// (`{ leps = "pronto-intervento-sociale" }`), as a card's `codes` do.
fn read_where(r: &mut Reader) -> Option<RuleWhere> {
    let items = r.string_lists("where");
    let at = items.first()?.0.span;
    let one = |v: &Vec<crate::model::S<String>>| (v.len() == 1).then(|| v[0].clone());
    let get = |k: &str| {
        items
            .iter()
            .find(|(key, _)| key.value == k)
            .and_then(|(_, v)| one(v))
    };
    let shape = match items.len() {
        2 => get("scheme")
            .zip(get("code"))
            .map(|(scheme, code)| RuleWhere::Code { scheme, code }),
        1 => {
            let (key, values) = &items[0];
            one(values).and_then(|value| match key.value.as_str() {
                "area" => Some(RuleWhere::Area(value)),
                "istat-area" => Some(RuleWhere::IstatArea(value)),
                "scheme" | "code" => None,
                _ => Some(RuleWhere::Code {
                    scheme: key.clone(),
                    code: value,
                }),
            })
        }
        _ => None,
    };
    if shape.is_none() {
        r.ctx.diags.push(crate::diag::Diagnostic::new(
            crate::diag::Code::RuleInvalid,
            at,
            crate::diag::msg("rule-where-shape", &[]),
        ));
    }
    shape
}

/// The rules of the built-in set `name`, located at `at` (where the plan
/// names the set: a rule's own place is in the tool). `None` for no such set.
pub fn builtin_set(name: &str, at: Span) -> Option<Vec<Rule>> {
    let text = SETS.iter().find(|(n, _)| *n == name)?.1;
    let (rules, diags) = decode_set(name, text);
    // The embedded sets are checked by the tests: a problem here is the
    // tool's, and its rules are left out rather than half-read.
    if diags.has_errors() {
        return Some(Vec::new());
    }
    Some(
        rules
            .into_iter()
            .map(|mut r| {
                r.set = Some(name.to_string());
                r.span = at;
                r
            })
            .collect(),
    )
}

/// A set's text decoded on its own, with its own diagnostics.
pub fn decode_set(name: &str, text: &str) -> (Vec<Rule>, Diagnostics) {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let path = format!("<built-in>/rules/{name}.toml");
    let file = sources.add(path.clone(), path, text.to_string());
    let table = match toml::de::DeTable::parse(text) {
        Ok(t) => crate::load::convert_table(file, t.get_ref()),
        Err(_) => {
            diags.push(crate::diag::Diagnostic::at_path(
                crate::diag::Code::RuleInvalid,
                format!("<built-in>/rules/{name}.toml"),
                crate::diag::msg("rule-set-broken", &[("set", name)]),
            ));
            return (Vec::new(), diags);
        }
    };
    let assets = Assets::default();
    let mut ctx = Ctx {
        diags: &mut diags,
        sources: &sources,
        assets: &assets,
        describe: false,
    };
    let mut rules = Vec::new();
    if let Some(entry) = table.get("rule")
        && let Kind::Array(items) = &entry.value.kind
    {
        for item in items {
            if let Kind::Table(t) = &item.kind {
                let mut r = Reader::new(t, item.span, "rule", &mut ctx);
                rules.extend(read_rule(&mut r));
                r.finish();
            }
        }
    }
    (rules, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_set_reads_without_a_problem() {
        for (name, text) in SETS {
            let (rules, diags) = decode_set(name, text);
            let problems: Vec<String> = diags.iter().map(|d| format!("{:?}", d.code)).collect();
            assert!(problems.is_empty(), "{name}: {problems:?}");
            assert!(rules.len() >= 10, "{name}: {} rules", rules.len());
            let mut ids: Vec<&str> = rules.iter().map(|r| r.id.value.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), rules.len(), "{name}: a rule id twice");
        }
    }
}
