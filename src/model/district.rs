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
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
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
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Signatory {
    pub key: String,
    pub name: Str,
    pub signed_by: Option<Str>,
    pub date: Option<S<Date>>,
    /// "party" (default) or "adherent".
    pub role: String,
    /// A municipality's `istat_code`.
    pub municipality: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}
