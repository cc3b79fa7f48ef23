//! The district and its agreement (SPEC 4.1, 4.2): the ambito, its
//! municipalities, the accordo di programma and who signed it.

use serde::Serialize;

use super::{LegalRef, S, Str, Text};
use crate::model::value::Date;
use crate::source::Span;

#[derive(Debug, Serialize)]
pub struct Ambito {
    pub name: Str,
    pub code: Option<Str>,
    pub lead: Option<Str>,
    pub management: Option<Str>,
    pub health_district: Option<Str>,
    pub health_authority: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Municipality {
    pub key: String,
    pub name: Str,
    /// Exactly six digits (checked by `validate`).
    pub istat_code: Option<Str>,
    pub population: Option<S<i64>>,
    pub population_date: Option<S<Date>>,
    /// The day it was established (a merger's successor, SPEC 7).
    pub since: Option<S<Date>>,
    /// The day it ceased.
    pub until: Option<S<Date>>,
    /// The successor's `istat_code`.
    pub merged_into: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

impl Municipality {
    /// Whether it existed on `day`: established by then, not yet ceased.
    pub fn exists_on(&self, day: Date) -> bool {
        self.since.as_ref().is_none_or(|s| s.value <= day)
            && self.until.as_ref().is_none_or(|u| u.value > day)
    }
}

#[derive(Debug, Serialize)]
pub struct Agreement {
    /// "Accordo di programma" unless written otherwise.
    pub kind: Option<Str>,
    pub act: Option<Str>,
    pub signed: Option<S<Date>>,
    pub valid_from: Option<S<Date>>,
    pub valid_to: Option<S<Date>>,
    pub legal_ref: Vec<LegalRef>,
    pub annex: Option<Str>,
    /// The signatories listed are all there are (default): a municipality
    /// without one has not signed. `false` when the sources do not list
    /// every signature: it is "firma non documentata", not "non ha firmato".
    pub signatories_complete: Option<S<bool>>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

impl Agreement {
    pub fn signatories_complete(&self) -> bool {
        self.signatories_complete.as_ref().is_none_or(|c| c.value)
    }
}

#[derive(Debug, Serialize)]
pub struct Signatory {
    pub key: String,
    pub name: Str,
    pub signed_by: Option<Str>,
    pub date: Option<S<Date>>,
    /// "party" (default) or "adherent".
    pub role: String,
    /// A municipality's `istat_code`, or its exact `name`.
    pub municipality: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

impl super::Plan {
    /// The municipality a signatory stands for: by ISTAT code, else by its
    /// exact name (SPEC 7).
    pub fn signatory_municipality(&self, s: &Signatory) -> Option<&Municipality> {
        let named = s.municipality.as_ref()?.value.as_str();
        self.municipalities
            .iter()
            .find(|m| m.istat_code.as_ref().is_some_and(|c| c.value == named))
            .or_else(|| self.municipalities.iter().find(|m| m.name.value == named))
    }

    /// Whether a municipality has a signatory.
    pub fn has_signed(&self, m: &Municipality) -> bool {
        self.signatories.iter().any(|s| {
            self.signatory_municipality(s)
                .is_some_and(|x| std::ptr::eq(x, m))
        })
    }
}
