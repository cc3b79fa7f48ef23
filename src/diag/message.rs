//! A message is data until it is shown: a catalogue key and its arguments,
//! written out in the language the reader asked for (`--lang`), passed as a
//! value when diagnostics are rendered, never read from a global.

use crate::format;
use crate::i18n::{self, Lang};
use crate::model::Money;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Key of the `[diag]` section of the catalogues.
    key: String,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Written as given (user text, paths, numbers already in plain digits).
    Text(String),
    /// Another catalogue entry, in the same language.
    Msg(Message),
    /// An amount, written the way the reader's language writes money.
    Money(Money),
}

impl Message {
    pub fn new(key: &str) -> Self {
        Message {
            key: key.to_string(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    pub fn arg_msg(mut self, name: &'static str, value: Message) -> Self {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    pub fn arg_money(mut self, name: &'static str, value: Money) -> Self {
        self.args.push((name, Arg::Money(value)));
        self
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    /// The message in `lang`, placeholders filled.
    pub fn text(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(s) => s.clone(),
                    Arg::Msg(m) => m.text(lang),
                    Arg::Money(m) => format::money(lang, *m),
                };
                (*name, value)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        i18n::format(lang, &format!("diag.{}", self.key), &borrowed)
    }
}

/// Catalogue entry `diag.<key>` with text arguments: the common case.
pub fn msg(key: &str, args: &[(&'static str, &str)]) -> Message {
    args.iter()
        .fold(Message::new(key), |m, (name, value)| m.arg(name, *value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_written_in_the_language_asked_for() {
        let m = Message::new("funding-mismatch")
            .arg_money("sum", Money::from_cents(123_456))
            .arg_money("cost", Money::from_cents(100_000));
        assert!(
            m.text(Lang::En).contains("€1,234.56"),
            "{}",
            m.text(Lang::En)
        );
        assert!(
            m.text(Lang::It).contains("€ 1.234,56"),
            "{}",
            m.text(Lang::It)
        );
    }

    #[test]
    fn nested_messages_follow_the_same_language() {
        let m = Message::new("wrong-type")
            .arg("key", "title")
            .arg("what", "meeting")
            .arg_msg("expected", Message::new("type-string"))
            .arg_msg("found", Message::new("type-integer"));
        assert!(m.text(Lang::En).contains("string"));
        assert!(m.text(Lang::It).contains("stringa"), "{}", m.text(Lang::It));
    }
}
