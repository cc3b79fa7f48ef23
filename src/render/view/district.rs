//! The district (SPEC 4.1, 4.2, 4.8): the ambito, its municipalities with
//! their populations, the agreement and who has signed it, and who has not.

use serde::Serialize;

use super::areas::LegalView;
use super::{Attribution, Views, opt_s};
use crate::compute;
use crate::format as f;
use crate::model::Generated;

#[derive(Serialize)]
pub struct AmbitoView {
    pub name: String,
    pub code: Option<String>,
    pub lead: Option<String>,
    pub management: Option<String>,
    pub health_district: Option<String>,
    pub health_authority: Option<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct MunicipalityView {
    pub name: String,
    pub istat_code: Option<String>,
    pub population: String,
    pub population_date: Option<String>,
    pub signed: bool,
    /// "confluito in Sissa Trecasali dal 1 gennaio 2014", "istituito il …".
    pub history: Option<String>,
    /// It has ceased: shown, not counted in the total.
    pub ceased: bool,
}

#[derive(Serialize)]
pub struct SignatoryView {
    pub name: String,
    pub signed_by: Option<String>,
    pub date: Option<String>,
    pub role: String,
}

#[derive(Serialize)]
pub struct AgreementView {
    pub kind: String,
    pub act: Option<String>,
    pub signed: Option<String>,
    pub valid: Option<String>,
    pub legal: Vec<LegalView>,
    pub annex: Option<String>,
    pub meta: Attribution,
}

/// One year of the workforce: a row per profile.
#[derive(Serialize)]
pub struct StaffYearView {
    pub year: String,
    pub rows: Vec<StaffRowView>,
    pub total: String,
    /// "5.632", or n.d.
    pub residents_per_social_worker: String,
}

#[derive(Serialize)]
pub struct StaffRowView {
    pub profile: String,
    pub fte: String,
    pub permanent: String,
}

#[derive(Serialize)]
pub struct DistrictView {
    pub has_data: bool,
    pub ambito: Option<AmbitoView>,
    pub municipalities: Vec<MunicipalityView>,
    /// The sum of the column; partial when some municipality has no population.
    pub total_population: String,
    pub total_partial: bool,
    /// Some municipality has ceased: the total counts those existing at the plan's end.
    pub has_ceased: bool,
    /// `[plan] population`, shown apart when it differs from the column's sum.
    pub declared_population: Option<String>,
    pub agreement: Option<AgreementView>,
    pub signatories: Vec<SignatoryView>,
    /// Municipalities that have not signed, when there is an agreement.
    pub unsigned: Vec<String>,
    /// The workforce of the district's social services, by year (SPEC 7).
    pub staff: Vec<StaffYearView>,
    /// Municipalities whose signature the sources do not document
    /// (`signatories_complete = false`).
    pub undocumented: Vec<String>,
}

impl Views<'_, '_> {
    /// What became of a municipality, or when it was established (SPEC 7).
    fn municipality_history(&self, m: &crate::model::Municipality) -> Option<String> {
        let lang = self.lang;
        let successor = m.merged_into.as_ref().map(|c| {
            self.plan
                .municipalities
                .iter()
                .find(|x| x.istat_code.as_ref().is_some_and(|k| k.value == c.value))
                .map_or_else(|| c.value.clone(), |x| x.name.value.clone())
        });
        let date = |d: &crate::model::S<crate::model::Date>| f::date_long(lang, d.value);
        match (&m.until, successor, &m.since) {
            (Some(until), Some(to), _) => Some(crate::i18n::format(
                lang,
                "label.municipality-merged",
                &[("successor", &to), ("date", &date(until))],
            )),
            (Some(until), None, _) => Some(crate::i18n::format(
                lang,
                "label.municipality-ceased",
                &[("date", &date(until))],
            )),
            (None, _, Some(since)) => Some(crate::i18n::format(
                lang,
                "label.municipality-established",
                &[("date", &date(since))],
            )),
            _ => None,
        }
    }

    pub(super) fn district(&mut self) -> DistrictView {
        let lang = self.lang;
        let plan = self.plan;
        let ambito = plan.ambito.as_ref().map(|a| AmbitoView {
            name: a.name.value.clone(),
            code: opt_s(&a.code),
            lead: opt_s(&a.lead),
            management: opt_s(&a.management),
            health_district: opt_s(&a.health_district),
            health_authority: opt_s(&a.health_authority),
            meta: self.meta(&a.notes, &a.source, "ambito"),
        });
        let municipalities: Vec<MunicipalityView> = plan
            .municipalities
            .iter()
            .map(|m| MunicipalityView {
                name: m.name.value.clone(),
                istat_code: opt_s(&m.istat_code),
                population: self.int(m.population.as_ref().map(|p| p.value)),
                population_date: m
                    .population_date
                    .as_ref()
                    .map(|d| f::date_short(lang, d.value)),
                signed: plan.has_signed(m),
                history: self.municipality_history(m),
                ceased: m.until.is_some(),
            })
            .collect();
        let agreement = plan.agreement.as_ref().map(|a| AgreementView {
            kind: opt_s(&a.kind).unwrap_or_else(|| self.l("agreement-default-kind")),
            act: opt_s(&a.act),
            signed: a.signed.as_ref().map(|d| f::date_long(lang, d.value)),
            valid: f::period(
                lang,
                a.valid_from.as_ref().map(|d| d.value),
                a.valid_to.as_ref().map(|d| d.value),
                f::date_long,
            ),
            legal: LegalView::list(&a.legal_ref),
            annex: a.annex.as_ref().and_then(|id| {
                super::annex_paths(plan)
                    .into_iter()
                    .find(|(aid, _, _)| *aid == id.value)
                    .map(|(_, _, path)| crate::render::markdown::percent_encode_path(&path))
            }),
            meta: self.meta(&a.notes, &a.source, "agreement"),
        });
        let signatories = plan
            .signatories
            .iter()
            .map(|s| SignatoryView {
                name: s.name.value.clone(),
                signed_by: opt_s(&s.signed_by),
                date: s.date.as_ref().map(|d| f::date_short(lang, d.value)),
                role: self.l(&format!("signatory-{}", s.role)),
            })
            .collect();
        // Who has not signed, when the sources list every signature; else
        // their signature is only not documented (SPEC 7).
        let complete = plan.agreement.as_ref().map(|a| a.signatories_complete());
        let without: Vec<String> = municipalities
            .iter()
            .filter(|m| !m.signed && !m.ceased)
            .map(|m| m.name.clone())
            .collect();
        let (unsigned, undocumented) = match complete {
            Some(true) => (without, Vec::new()),
            Some(false) => (Vec::new(), without),
            None => (Vec::new(), Vec::new()),
        };
        // The municipalities that exist at the plan's end: a merger's parts
        // and its successor are never counted together.
        let (column_sum, column_missing) = compute::sum_recorded(
            plan.current_municipalities()
                .map(|m| m.population.as_ref().map(|p| p.value)),
            i64::saturating_add,
        );
        DistrictView {
            has_data: compute::has_data(plan, self.summary, Generated::District),
            ambito,
            total_population: self.int(column_sum),
            total_partial: column_sum.is_some() && column_missing,
            has_ceased: plan.municipalities.iter().any(|m| m.until.is_some()),
            declared_population: plan
                .plan
                .population
                .as_ref()
                .filter(|p| Some(p.value) != column_sum || column_missing)
                .map(|p| f::integer(lang, p.value)),
            municipalities,
            agreement,
            signatories,
            unsigned,
            undocumented,
            staff: self
                .summary
                .staff
                .iter()
                .map(|y| StaffYearView {
                    year: y.year.to_string(),
                    rows: y
                        .by_profile
                        .iter()
                        .map(|p| StaffRowView {
                            profile: self.l(crate::model::Choice::label_key(p.profile)),
                            fte: f::number(lang, &p.fte),
                            permanent: f::number(lang, &p.permanent),
                        })
                        .collect(),
                    total: f::number(lang, &y.fte),
                    residents_per_social_worker: self.int(y.residents_per_social_worker),
                })
                .collect(),
        }
    }
}
