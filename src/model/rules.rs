//! Rules as data (SPEC 8): what binds a plan, each with its source, checked
//! year by year against the plan's own figures. The national set is a TOML
//! file embedded in the binary (`rules/national.toml`), read like a plan's
//! own `[[rule]]`.

use serde::Serialize;

use super::value::{Money, Number, S};
use super::{RuleKind, ShareOf, StaffContract, StaffProfile, Str};
use crate::source::Span;

/// A band of the social-worker contribution: each FTE between
/// `population / from_per` and `population / to_per` earns `eur`.
#[derive(Debug, Serialize, Clone)]
pub struct Band {
    pub from_per: S<i64>,
    pub to_per: S<i64>,
    pub eur: S<Money>,
}

/// Which cards a `fund-share` rule counts.
#[derive(Debug, Serialize, Clone)]
pub enum RuleWhere {
    /// A code of a classification scheme.
    Code {
        scheme: Str,
        code: Str,
    },
    Area(Str),
    IstatArea(Str),
}

#[derive(Debug, Serialize, Clone)]
pub struct Rule {
    pub id: Str,
    pub title: Str,
    /// The act and article it comes from.
    pub source: Str,
    /// The years it applies to (both included).
    pub from: Option<S<i64>>,
    pub to: Option<S<i64>>,
    pub kind: S<RuleKind>,
    // staff-ratio
    pub profile: Option<S<StaffProfile>>,
    pub contract: Option<S<StaffContract>>,
    pub per: Option<S<i64>>,
    pub contribution: Vec<Band>,
    // fund-share, spending-rate
    /// A fund id of the plan; in a built-in set, a `[[fund]] national` tag.
    pub fund: Option<Str>,
    pub min: Option<S<Number>>,
    pub of: Option<S<ShareOf>>,
    #[serde(rename = "where")]
    pub where_: Option<RuleWhere>,
    pub lag: Option<S<i64>>,
    // service-present
    pub scheme: Option<Str>,
    pub code: Option<Str>,
    pub notes: Option<super::Text>,
    /// The built-in set it comes from (`national`), `None` for the plan's own.
    pub set: Option<String>,
    /// The source on Normattiva, when it is a law the tool recognises.
    #[serde(skip)]
    pub source_url: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

impl Rule {
    pub fn applies_in(&self, year: i64) -> bool {
        self.from.as_ref().is_none_or(|f| f.value <= year)
            && self.to.as_ref().is_none_or(|t| t.value >= year)
    }
}
