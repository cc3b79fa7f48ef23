//! What each key a reader asks for holds: the decoder's description of the
//! format, from which the JSON Schema is made.

use crate::load::Table;

/// What a key holds, as the JSON Schema describes it.
#[derive(Clone, Debug)]
pub enum Ty {
    String,
    Id,
    Bool,
    Int(i64, i64),
    Date,
    Money,
    Percent,
    Choice(&'static [&'static str]),
    Strings,
    StringOrStrings,
    Choices(&'static [&'static str]),
    Ids,
    Md,
    Mds,
    MdFile,
    MoneyMap,
    /// A number kept as written (integer or decimal).
    Number,
    /// A table of name → string or array of strings (an activity's `codes`).
    StringListMap,
    /// An array of tables with these keys.
    Tables(Vec<KeySpec>),
    /// A table with these keys.
    Table(Vec<KeySpec>),
    /// An array of ids or of tables with these keys (the outline).
    IdsOrTables(Vec<KeySpec>),
}

/// One key a reader asks for.
#[derive(Clone, Debug)]
pub struct KeySpec {
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
}

/// The table a describing reader reads: every key absent.
pub static EMPTY: Table = Table {
    entries: Vec::new(),
};
