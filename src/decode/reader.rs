//! Typed reading of a TOML table: every getter checks the type, records the key
//! as known, and reports problems at the offending value; `finish` reports the
//! keys nobody asked for, with a "did you mean".

use crate::assets::Assets;
use crate::diag::Code;
use crate::diag::{Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::load::{Kind, Node, Table};
use crate::model::Text;

pub use super::keys::{EMPTY, KeySpec, Ty};
use crate::model::value::{Money, S, is_valid_id};
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

pub struct Reader<'t, 'c, 'a> {
    pub(super) table: &'t Table,
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

    pub(super) fn node(&mut self, key: &'static str, ty: Ty) -> Option<&'t Node> {
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

    pub(super) fn wrong_type(&mut self, key: &str, node: &Node, expected: &str) {
        self.ctx.diags.push(Diagnostic::new(
            Code::WrongType,
            node.span,
            wrong_type_message(key, self.what, expected, found(node)),
        ));
    }

    pub fn missing(&mut self, key: &str) {
        self.require(key);
        self.ctx.diags.push(Diagnostic::new(
            Code::MissingKey,
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

    /// A word of the closed vocabulary `T`.
    pub fn typed<T: crate::model::Choice>(&mut self, key: &'static str) -> Option<S<T>> {
        let s = self.choice(key, T::WORDS)?;
        Some(S::new(T::from_word(&s.value)?, s.span))
    }

    pub fn req_typed<T: crate::model::Choice>(&mut self, key: &'static str) -> Option<S<T>> {
        let value = self.typed(key);
        self.required(key, value)
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
        let d = Diagnostic::new(
            Code::InvalidValue,
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
                Diagnostic::new(
                    Code::InvalidId,
                    s.span,
                    msg("invalid-id", &[("id", &s.value)]),
                )
                .with_help(msg("help-id", &[("suggestion", &hint)])),
            );
            None
        }
    }

    pub fn req_id(&mut self, key: &'static str) -> Option<S<String>> {
        let value = self.id(key);
        self.required(key, value)
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
                    Diagnostic::new(
                        Code::DuplicateId,
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

    /// A table of `name → string or array of strings` in source order (`codes`).
    pub fn string_lists(&mut self, key: &'static str) -> Vec<(S<String>, Vec<S<String>>)> {
        let Some(node) = self.node(key, Ty::StringListMap) else {
            return Vec::new();
        };
        let Kind::Table(t) = &node.kind else {
            self.wrong_type(key, node, "table-of-codes");
            return Vec::new();
        };
        let mut out = Vec::new();
        for e in &t.entries {
            let label = format!("{key}.{}", e.key);
            let values = match &e.value.kind {
                Kind::String(v) => vec![S::new(v.clone(), e.value.span)],
                Kind::Array(items) => items
                    .iter()
                    .filter_map(|n| self.as_string(&label, n))
                    .collect(),
                _ => {
                    self.wrong_type(&label, &e.value, "string-or-array");
                    continue;
                }
            };
            out.push((S::new(e.key.clone(), e.key_span), values));
        }
        out
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
        let sources = self.ctx.sources;
        self.as_string(key, node).map(|s| Text {
            verbatim_at: verbatim_start(&sources.get(s.span.file).text, s.span, &s.value),
            body: s.value,
            file: None,
            span: s.span,
        })
    }

    pub fn mds(&mut self, key: &'static str) -> Vec<Text> {
        let sources = self.ctx.sources;
        self.strings_as(key, Ty::Mds)
            .into_iter()
            .map(|s| Text {
                verbatim_at: verbatim_start(&sources.get(s.span.file).text, s.span, &s.value),
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
            verbatim_at: None,
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
            self.ctx.diags.push(Diagnostic::new(
                Code::InvalidValue,
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
                    Diagnostic::new(
                        Code::UnknownKey,
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

/// Where the body of the string literal at `span` starts in `src`, when its
/// bytes are the value's bytes one for one (no escapes, no folded line ends).
pub(crate) fn verbatim_start(src: &str, span: Span, value: &str) -> Option<usize> {
    let raw = src.get(span.start..span.end)?;
    for delim in ["'''", r#"""""#, "'", "\""] {
        let d = delim.len();
        if raw.len() < 2 * d || !raw.starts_with(delim) || !raw.ends_with(delim) {
            continue;
        }
        let mut start = span.start + d;
        let mut inner = &raw[d..raw.len() - d];
        // A newline right after the opening delimiter is not part of the value.
        if d == 3 {
            if let Some(rest) = inner.strip_prefix("\r\n") {
                start += 2;
                inner = rest;
            } else if let Some(rest) = inner.strip_prefix('\n') {
                start += 1;
                inner = rest;
            }
        }
        return (inner == value).then_some(start);
    }
    None
}
