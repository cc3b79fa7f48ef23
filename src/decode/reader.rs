//! Typed reading of a TOML table: every getter checks the type, records the key
//! as known, and reports problems at the offending value; `finish` reports the
//! keys nobody asked for, with a "did you mean".

use crate::assets::Assets;
use crate::diag::{Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::load::{Kind, Node, Table};
use crate::model::Text;
use crate::model::value::{Date, Money, MoneyError, S, is_valid_id};
use crate::source::{SourceMap, Span};

/// What decoding needs from the outside: where to report, and the Markdown
/// files `load` read.
pub struct Ctx<'a> {
    pub diags: &'a mut Diagnostics,
    pub sources: &'a SourceMap,
    pub assets: &'a Assets,
    /// Describing the format (for the schema): nested readers run on empty
    /// tables so that their keys are recorded too.
    pub describe: bool,
}

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

pub struct Reader<'t, 'c, 'a> {
    table: &'t Table,
    /// Where the table starts (its header), for missing keys.
    pub span: Span,
    /// "meeting", "[plan]"… as named in messages.
    pub what: &'static str,
    /// Every key asked for, in order: the known keys, and the format's description.
    keys: Vec<KeySpec>,
    pub ctx: &'c mut Ctx<'a>,
}

/// "`key` in what must be …, found …", the types named from the catalogue.
pub fn wrong_type_message(key: &str, what: &str, expected: &str, found: &str) -> Message {
    Message::new("wrong-type")
        .arg("key", key)
        .arg("what", what)
        .arg_msg("expected", Message::new(&format!("type-{expected}")))
        .arg_msg("found", Message::new(&format!("type-{found}")))
}

fn found(node: &Node) -> &'static str {
    node.kind.type_name()
}

impl<'t, 'c, 'a> Reader<'t, 'c, 'a> {
    pub fn new(table: &'t Table, span: Span, what: &'static str, ctx: &'c mut Ctx<'a>) -> Self {
        Reader {
            table,
            span,
            what,
            keys: Vec::new(),
            ctx,
        }
    }

    fn node(&mut self, key: &'static str, ty: Ty) -> Option<&'t Node> {
        if !self.keys.iter().any(|k| k.key == key) {
            self.keys.push(KeySpec {
                key,
                ty,
                required: false,
            });
        }
        self.table.get(key).map(|e| &e.value)
    }

    /// Marks `key` as required in the description.
    fn require(&mut self, key: &str) {
        if let Some(k) = self.keys.iter_mut().find(|k| k.key == key) {
            k.required = true;
        }
    }

    /// Keys of a nested table, when describing: `read` run on an empty table.
    fn describe_nested<T>(
        &mut self,
        what: &'static str,
        read: impl FnOnce(&mut Reader<'t, '_, 'a>) -> Option<T>,
    ) -> Vec<KeySpec> {
        if !self.ctx.describe {
            return Vec::new();
        }
        let mut r = Reader::new(&EMPTY, self.span, what, self.ctx);
        let _ = read(&mut r);
        r.finish()
    }

    fn wrong_type(&mut self, key: &str, node: &Node, expected: &str) {
        self.ctx.diags.push(Diagnostic::error(
            "wrong-type",
            node.span,
            wrong_type_message(key, self.what, expected, found(node)),
        ));
    }

    pub fn missing(&mut self, key: &str) {
        self.require(key);
        self.ctx.diags.push(Diagnostic::error(
            "missing-key",
            self.span,
            msg("missing-key", &[("key", key), ("what", self.what)]),
        ));
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.get(key).is_some()
    }

    /// Where the value of `key` is written, if it is.
    pub fn value_span(&self, key: &str) -> Option<Span> {
        self.table.get(key).map(|e| e.value.span)
    }

    /// A percentage 0–100 with at most two decimals, in hundredths of a point.
    pub fn percent(&mut self, key: &'static str) -> Option<S<Money>> {
        let node = self.node(key, Ty::Percent)?;
        let parsed = match &node.kind {
            Kind::Integer { literal, radix: 10 } => Money::parse_decimal(literal, false),
            Kind::Float(literal) => Money::parse_decimal(literal, true),
            _ => {
                self.wrong_type(key, node, "percentage");
                return None;
            }
        };
        match parsed {
            Ok(m) if m.cents() <= 10_000 => Some(S::new(m, node.span)),
            _ => {
                self.ctx.diags.push(Diagnostic::error(
                    "out-of-range",
                    node.span,
                    msg("percent-range", &[("key", key)]),
                ));
                None
            }
        }
    }

    /// An array whose items are ids or `{ id, title }` tables (the outline).
    pub fn ids_or_tables(&mut self, key: &'static str) -> Vec<(S<String>, Option<S<String>>)> {
        let read_entry = |r: &mut Reader<'t, '_, 'a>| {
            let id = r.req_string("id");
            let title = r.string("title");
            Some((id?, title))
        };
        let nested = self.describe_nested("outline entry", read_entry);
        let Some(items) = self.array(key, Ty::IdsOrTables(nested), "array-of-entries") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match &item.kind {
                Kind::String(s) => out.push((S::new(s.clone(), item.span), None)),
                Kind::Table(t) => {
                    let mut r = Reader::new(t, item.span, "outline entry", self.ctx);
                    let entry = read_entry(&mut r);
                    r.finish();
                    out.extend(entry);
                }
                _ => self.wrong_type(key, item, "string-or-outline-table"),
            }
        }
        out
    }

    // ---- scalars -------------------------------------------------------

    pub fn string(&mut self, key: &'static str) -> Option<S<String>> {
        let node = self.node(key, Ty::String)?;
        self.as_string(key, node)
    }

    fn as_string(&mut self, key: &str, node: &Node) -> Option<S<String>> {
        match &node.kind {
            Kind::String(s) => Some(S::new(s.clone(), node.span)),
            _ => {
                self.wrong_type(key, node, "string");
                None
            }
        }
    }

    pub fn req_string(&mut self, key: &'static str) -> Option<S<String>> {
        let value = self.string(key);
        self.required(key, value)
    }

    /// `value`, or the key reported missing when it is not written at all.
    pub fn required<T>(&mut self, key: &'static str, value: Option<T>) -> Option<T> {
        self.require(key);
        if !self.has(key) {
            self.missing(key);
        }
        value
    }

    /// A string that must be one of `allowed`.
    pub fn choice(
        &mut self,
        key: &'static str,
        allowed: &'static [&'static str],
    ) -> Option<S<String>> {
        let node = self.node(key, Ty::Choice(allowed))?;
        let s = self.as_string(key, node)?;
        self.check_choice(key, s, allowed)
    }

    pub fn req_choice(
        &mut self,
        key: &'static str,
        allowed: &'static [&'static str],
    ) -> Option<S<String>> {
        let value = self.choice(key, allowed);
        self.required(key, value)
    }

    fn check_choice(
        &mut self,
        key: &str,
        s: S<String>,
        allowed: &[&'static str],
    ) -> Option<S<String>> {
        if allowed.contains(&s.value.as_str()) {
            return Some(s);
        }
        let list = allowed
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let d = Diagnostic::error(
            "invalid-value",
            s.span,
            msg(
                "invalid-choice",
                &[("key", key), ("value", &s.value), ("allowed", &list)],
            ),
        )
        .with_help(suggestion_help(&s.value, allowed.iter().copied()));
        self.ctx.diags.push(d);
        None
    }

    pub fn id(&mut self, key: &'static str) -> Option<S<String>> {
        let node = self.node(key, Ty::Id)?;
        let s = self.as_string(key, node)?;
        self.check_id(s)
    }

    fn check_id(&mut self, s: S<String>) -> Option<S<String>> {
        if is_valid_id(&s.value) {
            Some(s)
        } else {
            let hint = crate::model::slug(&s.value);
            self.ctx.diags.push(
                Diagnostic::error("invalid-id", s.span, msg("invalid-id", &[("id", &s.value)]))
                    .with_help(msg("help-id", &[("suggestion", &hint)])),
            );
            None
        }
    }

    pub fn req_id(&mut self, key: &'static str) -> Option<S<String>> {
        let value = self.id(key);
        self.required(key, value)
    }

    pub fn bool(&mut self, key: &'static str) -> Option<S<bool>> {
        let node = self.node(key, Ty::Bool)?;
        match node.kind {
            Kind::Bool(b) => Some(S::new(b, node.span)),
            _ => {
                self.wrong_type(key, node, "boolean");
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub fn int(&mut self, key: &'static str, min: i64, max: i64) -> Option<S<i64>> {
        let node = self.node(key, Ty::Int(min, max))?;
        self.as_int(key, node, min, max)
    }

    fn as_int(&mut self, key: &str, node: &Node, min: i64, max: i64) -> Option<S<i64>> {
        let Kind::Integer { literal, radix } = &node.kind else {
            self.wrong_type(key, node, "integer");
            return None;
        };
        let clean: String = literal.chars().filter(|c| *c != '_').collect();
        match i64::from_str_radix(&clean, *radix) {
            Ok(v) if (min..=max).contains(&v) => Some(S::new(v, node.span)),
            _ => {
                let range = if max == i64::MAX {
                    msg("range-at-least", &[("min", &min.to_string())])
                } else {
                    msg(
                        "range-between",
                        &[("min", &min.to_string()), ("max", &max.to_string())],
                    )
                };
                self.ctx.diags.push(Diagnostic::error(
                    "out-of-range",
                    node.span,
                    Message::new("out-of-range")
                        .arg("key", key)
                        .arg("value", literal.as_str())
                        .arg_msg("range", range),
                ));
                None
            }
        }
    }

    pub fn date(&mut self, key: &'static str) -> Option<S<Date>> {
        let node = self.node(key, Ty::Date)?;
        self.as_date(key, node)
    }

    fn as_date(&mut self, key: &str, node: &Node) -> Option<S<Date>> {
        if let Kind::Datetime(dt) = &node.kind
            && let (Some(d), None, None) = (dt.date, dt.time, dt.offset)
        {
            return Some(S::new(
                Date {
                    year: i32::from(d.year),
                    month: d.month,
                    day: d.day,
                },
                node.span,
            ));
        }
        if let Kind::String(s) = &node.kind
            && looks_like_date(s)
        {
            self.ctx.diags.push(
                Diagnostic::error(
                    "wrong-type",
                    node.span,
                    wrong_type_message(key, self.what, "date", "string"),
                )
                .with_help(msg("help-date-unquoted", &[("value", s)])),
            );
            return None;
        }
        self.wrong_type(key, node, "date-unquoted");
        None
    }

    pub fn money(&mut self, key: &'static str) -> Option<S<Money>> {
        let node = self.node(key, Ty::Money)?;
        self.as_money(key, node)
    }

    pub fn as_money(&mut self, key: &str, node: &Node) -> Option<S<Money>> {
        let parsed = match &node.kind {
            Kind::Integer { literal, radix: 10 } => Money::parse_decimal(literal, false),
            Kind::Float(literal) => Money::parse_decimal(literal, true),
            Kind::String(s) => Money::parse_decimal(s, false),
            _ => {
                self.wrong_type(key, node, "money");
                return None;
            }
        };
        match parsed {
            Ok(m) => Some(S::new(m, node.span)),
            Err(e) => {
                let key_msg = match e {
                    MoneyError::Negative => "money-negative",
                    MoneyError::TooManyDecimals => "money-decimals",
                    MoneyError::TooLargeForFloat => "money-float-too-large",
                    MoneyError::TooLarge => "money-too-large",
                    MoneyError::NotANumber => "money-not-a-number",
                };
                let help = match e {
                    MoneyError::TooLargeForFloat => Some(msg("help-money-string", &[])),
                    MoneyError::NotANumber => Some(msg("help-money-format", &[])),
                    _ => None,
                };
                self.ctx.diags.push(
                    Diagnostic::error("invalid-money", node.span, msg(key_msg, &[("key", key)]))
                        .with_help(help),
                );
                None
            }
        }
    }

    // ---- arrays --------------------------------------------------------

    fn array(&mut self, key: &'static str, ty: Ty, expected: &str) -> Option<&'t [Node]> {
        let node = self.node(key, ty)?;
        match &node.kind {
            Kind::Array(items) => Some(items),
            _ => {
                self.wrong_type(key, node, expected);
                None
            }
        }
    }

    pub fn strings(&mut self, key: &'static str) -> Vec<S<String>> {
        self.strings_as(key, Ty::Strings)
    }

    fn strings_as(&mut self, key: &'static str, ty: Ty) -> Vec<S<String>> {
        let Some(items) = self.array(key, ty, "array-of-strings") else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|n| self.as_string(key, n))
            .collect()
    }

    /// A string or an array of strings (`legal_ref`, `target`).
    pub fn one_or_many(&mut self, key: &'static str) -> Vec<S<String>> {
        self.one_or_many_as(key, Ty::StringOrStrings)
    }

    fn one_or_many_as(&mut self, key: &'static str, ty: Ty) -> Vec<S<String>> {
        let Some(node) = self.node(key, ty) else {
            return Vec::new();
        };
        match &node.kind {
            Kind::String(s) => vec![S::new(s.clone(), node.span)],
            Kind::Array(items) => items
                .iter()
                .filter_map(|n| self.as_string(key, n))
                .collect(),
            _ => {
                self.wrong_type(key, node, "string-or-array");
                Vec::new()
            }
        }
    }

    pub fn choices(
        &mut self,
        key: &'static str,
        allowed: &'static [&'static str],
    ) -> Vec<S<String>> {
        self.one_or_many_as(key, Ty::Choices(allowed))
            .into_iter()
            .filter_map(|s| self.check_choice(key, s, allowed))
            .collect()
    }

    pub fn ids(&mut self, key: &'static str) -> Vec<S<String>> {
        let Some(items) = self.array(key, Ty::Ids, "array-of-ids") else {
            return Vec::new();
        };
        let strings: Vec<S<String>> = items
            .iter()
            .filter_map(|n| self.as_string(key, n))
            .collect();
        let ids: Vec<S<String>> = strings
            .into_iter()
            .filter_map(|s| self.check_id(s))
            .collect();
        // The same id twice in one list is a slip (it would count once).
        let mut unique: Vec<S<String>> = Vec::with_capacity(ids.len());
        for id in ids {
            match unique.iter().find(|u| u.value == id.value) {
                Some(first) => self.ctx.diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        id.span,
                        msg("duplicate-in-list", &[("id", &id.value), ("key", key)]),
                    )
                    .with_related(first.span, msg("label-first-listed", &[])),
                ),
                None => unique.push(id),
            }
        }
        unique
    }

    /// An array of inline tables, each read by `read`.
    pub fn tables<T>(
        &mut self,
        key: &'static str,
        what: &'static str,
        mut read: impl FnMut(&mut Reader<'t, '_, 'a>) -> Option<T>,
    ) -> Vec<T> {
        let nested = self.describe_nested(what, &mut read);
        let Some(items) = self.array(key, Ty::Tables(nested), "array-of-tables") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match &item.kind {
                Kind::Table(t) => {
                    let mut r = Reader::new(t, item.span, what, self.ctx);
                    let v = read(&mut r);
                    r.finish();
                    out.extend(v);
                }
                _ => self.wrong_type(key, item, "table"),
            }
        }
        out
    }

    /// A sub-table read by `read`.
    pub fn table<T>(
        &mut self,
        key: &'static str,
        what: &'static str,
        read: impl Fn(&mut Reader<'t, '_, 'a>) -> Option<T>,
    ) -> Option<T> {
        let nested = self.describe_nested(what, &read);
        let node = self.node(key, Ty::Table(nested))?;
        match &node.kind {
            Kind::Table(t) => {
                let mut r = Reader::new(t, node.span, what, self.ctx);
                let v = read(&mut r);
                r.finish();
                v
            }
            _ => {
                self.wrong_type(key, node, "table");
                None
            }
        }
    }

    /// A table of `name → money` in source order (`funding`).
    pub fn money_map(&mut self, key: &'static str) -> Vec<(S<String>, S<Money>)> {
        let Some(node) = self.node(key, Ty::MoneyMap) else {
            return Vec::new();
        };
        let Kind::Table(t) = &node.kind else {
            self.wrong_type(key, node, "table-of-amounts");
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in &t.entries {
            let label = format!("{key}.{}", e.key);
            if let Some(m) = self.as_money(&label, &e.value) {
                out.push((S::new(e.key.clone(), e.key_span), m));
            }
        }
        out
    }

    // ---- prose ---------------------------------------------------------

    pub fn md(&mut self, key: &'static str) -> Option<Text> {
        let node = self.node(key, Ty::Md)?;
        self.as_string(key, node).map(|s| Text {
            body: s.value,
            file: None,
            span: s.span,
        })
    }

    pub fn mds(&mut self, key: &'static str) -> Vec<Text> {
        self.strings_as(key, Ty::Mds)
            .into_iter()
            .map(|s| Text {
                body: s.value,
                file: None,
                span: s.span,
            })
            .collect()
    }

    /// A Markdown file named by `key`, as `load` read it (its problems are
    /// already reported there).
    pub fn md_file(&mut self, key: &'static str) -> Option<Text> {
        let node = self.node(key, Ty::MdFile)?;
        let path = self.as_string(key, node)?;
        let id = self.ctx.assets.text(&path.value)?;
        Some(Text {
            body: self.ctx.sources.get(id).text.clone(),
            file: Some(id),
            span: Span::file_start(id),
        })
    }

    /// Inline `text_key` or `file_key`; both at once is an error.
    pub fn md_or_file(&mut self, text_key: &'static str, file_key: &'static str) -> Option<Text> {
        if self.has(text_key) && self.has(file_key) {
            let span = self
                .table
                .get(file_key)
                .map(|e| e.key_span)
                .unwrap_or(self.span);
            self.ctx.diags.push(Diagnostic::error(
                "invalid-value",
                span,
                msg(
                    "both-text-and-file",
                    &[("text", text_key), ("file", file_key)],
                ),
            ));
        }
        let inline = self.md(text_key);
        let file = self.md_file(file_key);
        file.or(inline)
    }

    /// `notes` and `source`, accepted by every collection.
    pub fn notes_and_source(&mut self) -> (Option<Text>, Option<S<String>>) {
        (self.md("notes"), self.string("source"))
    }

    /// Reports every key that no getter asked for; returns the keys asked for.
    pub fn finish(self) -> Vec<KeySpec> {
        for e in &self.table.entries {
            if !self.keys.iter().any(|k| k.key == e.key) {
                let help = suggestion_help(&e.key, self.keys.iter().map(|k| k.key));
                self.ctx.diags.push(
                    Diagnostic::error(
                        "unknown-key",
                        e.key_span,
                        msg("unknown-key", &[("key", &e.key), ("what", self.what)]),
                    )
                    .with_help(help),
                );
            }
        }
        self.keys
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().filter(|c| c.is_ascii_digit()).count() == 8
}
