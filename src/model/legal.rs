//! Legal references (SPEC 2.14): kept as written, with what `decode`
//! recognised in them (a normalised citation and, for national and regional
//! laws, a Normattiva URN).

use serde::Serialize;

use super::value::S;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Recognised {
    /// Not (yet) parsed, or not a form the tool knows.
    Unrecognised,
    /// A regional law with no region given here nor in `[plan] region`.
    MissingRegion,
    Act {
        /// Normattiva act type: `legge`, `decreto.legislativo`, …
        act: String,
        /// `stato` or `regione.emilia.romagna`.
        authority: String,
        year: i32,
        number: String,
        /// The act's date when written in full ("8 novembre 2000").
        date: Option<String>,
        article: Option<String>,
        normalised: String,
        urn: Option<String>,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct LegalRef {
    pub text: S<String>,
    pub parsed: Recognised,
}

impl LegalRef {
    pub fn unparsed(text: S<String>) -> Self {
        LegalRef {
            text,
            parsed: Recognised::Unrecognised,
        }
    }

    /// The Normattiva address, when the act has a URN.
    pub fn url(&self) -> Option<String> {
        match &self.parsed {
            Recognised::Act { urn: Some(urn), .. } => {
                Some(format!("https://www.normattiva.it/uri-res/N2Ls?{urn}"))
            }
            _ => None,
        }
    }

    pub fn normalised(&self) -> &str {
        match &self.parsed {
            Recognised::Act { normalised, .. } => normalised,
            _ => &self.text.value,
        }
    }
}
