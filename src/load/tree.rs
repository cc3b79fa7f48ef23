//! An owned TOML tree that keeps the span of every key and value, so that later
//! stages can point at any of them without borrowing the file text.

use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use crate::source::{FileId, Span};

#[derive(Clone, Debug)]
pub enum Kind {
    String(String),
    /// The integer's literal, parsed later so that overflow is a located error.
    Integer {
        literal: String,
        radix: u32,
    },
    /// The float's literal, so that money can be read exactly.
    Float(String),
    Bool(bool),
    Datetime(Datetime),
    Array(Vec<Node>),
    Table(Table),
}

#[derive(Clone, Debug)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    /// In source order.
    pub entries: Vec<Entry>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

impl Kind {
    /// The TOML type, as a catalogue key (`diag.type-<name>`) for "expected …, found …".
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::String(_) => "string",
            Kind::Integer { .. } => "integer",
            Kind::Float(_) => "float",
            Kind::Bool(_) => "boolean",
            Kind::Datetime(_) => "date-time",
            Kind::Array(_) => "array",
            Kind::Table(_) => "table",
        }
    }
}

pub fn convert_table(file: FileId, table: &DeTable<'_>) -> Table {
    Table {
        entries: table
            .iter()
            .map(|(k, v)| Entry {
                key: k.get_ref().to_string(),
                key_span: Span::new(file, k.span()),
                value: convert_value(file, v.get_ref(), v.span()),
            })
            .collect(),
    }
}

fn convert_value(file: FileId, value: &DeValue<'_>, span: std::ops::Range<usize>) -> Node {
    let kind = match value {
        DeValue::String(s) => Kind::String(s.to_string()),
        DeValue::Integer(i) => Kind::Integer {
            literal: i.as_str().to_string(),
            radix: i.radix(),
        },
        DeValue::Float(f) => Kind::Float(f.as_str().to_string()),
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(d) => Kind::Datetime(*d),
        DeValue::Array(a) => Kind::Array(
            a.iter()
                .map(|v| convert_value(file, v.get_ref(), v.span()))
                .collect(),
        ),
        DeValue::Table(t) => Kind::Table(convert_table(file, t)),
    };
    Node {
        kind,
        span: Span::new(file, span),
    }
}
