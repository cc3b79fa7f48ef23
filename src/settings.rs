//! What a run takes from its environment, read once in `main` and handed to
//! the commands beside the flags (ripgrep turns its `LowArgs` into `HiArgs`
//! the same way): no stage reads an environment variable.

use std::ffi::OsString;
use std::time::Duration;

use crate::i18n::Lang;

#[derive(Debug, Clone)]
pub struct Environment {
    /// `SOURCE_DATE_EPOCH`, the reproducible-builds convention: the only
    /// date a build may show (pages, the PDF's metadata).
    pub source_date_epoch: Option<i64>,
    /// Whether `--color auto` colours: stderr is a terminal and `NO_COLOR`
    /// is unset or empty.
    pub colour: bool,
    /// How long a build waits for another that holds OUT
    /// (`WELFARE_PLAN_LOCK_TIMEOUT`, seconds; 30 by default).
    pub lock_wait: Duration,
    /// Where `build --pdf` looks for a browser (`PATH`).
    pub path: OsString,
    /// `WELFARE_PLAN_TIMINGS`: each stage's time and memory on stderr.
    pub timings: bool,
    /// The language of messages by the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub locale_lang: Lang,
}

impl Environment {
    /// Reads the process's environment.
    pub fn read() -> Self {
        let var = |name: &str| std::env::var(name).ok();
        Environment {
            source_date_epoch: var("SOURCE_DATE_EPOCH").and_then(|v| v.trim().parse().ok()),
            colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            lock_wait: Duration::from_secs(
                var("WELFARE_PLAN_LOCK_TIMEOUT")
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(30),
            ),
            path: std::env::var_os("PATH").unwrap_or_default(),
            timings: std::env::var_os("WELFARE_PLAN_TIMINGS").is_some(),
            locale_lang: Lang::from_locale(var),
        }
    }

    /// The build date, from `SOURCE_DATE_EPOCH`.
    pub fn source_date(&self) -> Option<crate::model::Date> {
        self.source_date_epoch.map(crate::model::Date::from_unix)
    }
}

impl Default for Environment {
    /// No date, no colour, the default wait, no PATH: what tests and tools
    /// that embed the library start from.
    fn default() -> Self {
        Environment {
            source_date_epoch: None,
            colour: false,
            lock_wait: Duration::from_secs(30),
            path: OsString::new(),
            timings: false,
            locale_lang: Lang::En,
        }
    }
}
