//! Catalogues of every user-facing text, one file per language: `en.toml`, `it.toml`.
//!
//! Keys are `section.name`; values may hold `{placeholders}` filled by [`format`].
//! Document labels follow the plan's `language`; diagnostics and command
//! messages the language the user asked for (`--lang`), passed as a value.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    /// The messages' language from the locale, as `gettext` looks it up:
    /// the first of LC_ALL, LC_MESSAGES, LANG that is set; Italian when it
    /// starts with `it`, else English.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&var)
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.starts_with("it") => Lang::It,
            _ => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::It => "it",
            Lang::En => "en",
        }
    }
}

const EN: &str = include_str!("en.toml");
const IT: &str = include_str!("it.toml");
/// `explain CODE`'s prose, kept apart for its length; keys `explain.CODE.…`.
const EXPLAIN_EN: &str = include_str!("explain-en.toml");
const EXPLAIN_IT: &str = include_str!("explain-it.toml");

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            _ => {}
        }
    }
}

fn parse(text: &str, explain: &str) -> HashMap<String, String> {
    // The catalogues are part of the binary and covered by tests; a broken one is a bug.
    let table: toml::Table = toml::from_str(text).expect("embedded catalogue is valid TOML");
    let explain: toml::Table = toml::from_str(explain).expect("embedded catalogue is valid TOML");
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    flatten("explain", &explain, &mut out);
    out
}

pub fn catalogue(lang: Lang) -> &'static HashMap<String, String> {
    static EN_CAT: OnceLock<HashMap<String, String>> = OnceLock::new();
    static IT_CAT: OnceLock<HashMap<String, String>> = OnceLock::new();
    match lang {
        Lang::En => EN_CAT.get_or_init(|| parse(EN, EXPLAIN_EN)),
        Lang::It => IT_CAT.get_or_init(|| parse(IT, EXPLAIN_IT)),
    }
}

/// The text of `key`; falls back to English, then to the key itself so that a
/// missing entry is visible rather than fatal (tests check that none is missing).
pub fn text(lang: Lang, key: &str) -> &str {
    catalogue(lang)
        .get(key)
        .or_else(|| catalogue(Lang::En).get(key))
        .map_or(key, String::as_str)
}

/// The month (1–12) a month name written in `lang` stands for (`marzo` → 3),
/// from the catalogue's `month-N` labels, in any letter case.
pub fn month_number(lang: Lang, name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    (1..=12u8).find(|m| text(lang, &format!("label.month-{m}")).to_lowercase() == name)
}

/// The text of `key` with `{name}` placeholders replaced by `args`.
pub fn format(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    fill(text(lang, key), args)
}

pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` placeholders of a text.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .match_indices('{')
            .filter_map(|(i, _)| {
                let rest = &text[i + 1..];
                let end = rest.find('}')?;
                let name = &rest[..end];
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
                    .then_some(name)
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn both_catalogues_have_the_same_keys_and_placeholders() {
        let en = catalogue(Lang::En);
        let it = catalogue(Lang::It);
        for (k, v) in en {
            if let Some(t) = it.get(k) {
                assert_eq!(placeholders(v), placeholders(t), "{k}");
            }
        }
        let mut missing: Vec<_> = en.keys().filter(|k| !it.contains_key(*k)).collect();
        missing.sort();
        assert!(missing.is_empty(), "missing in it.toml: {missing:?}");
        let mut extra: Vec<_> = it.keys().filter(|k| !en.contains_key(*k)).collect();
        extra.sort();
        assert!(extra.is_empty(), "only in it.toml: {extra:?}");
    }

    #[test]
    fn the_messages_follow_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "it_IT.UTF-8")])), Lang::It);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "en_GB"), ("LANG", "it_IT")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "it_CH")])),
            Lang::It
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_unknown_ones() {
        assert_eq!(fill("a {x} b {y}", &[("x", "1")]), "a 1 b {y}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }
}
