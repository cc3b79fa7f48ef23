//! welfare-plan: compiles a participatory welfare plan from TOML and Markdown.
//!
//! The stages run once, forward: [`load`] (files, bytes, TOML with spans) →
//! [`decode`] (TOML tree → the typed [`model`]) → [`validate`] (diagnostics)
//! → [`compute`] (figures, totals, order) → [`render`] (Markdown, HTML, open
//! data; it reads no file) → [`write`] (OUT, atomic; the PDF; in-place edits
//! of the plan). [`app`] wires them into commands; `main.rs` reads the
//! arguments and, once, the environment ([`settings`]).
//!
//! Shared by the stages: [`diag`] (diagnostics as data), [`source`] (the
//! files read, offsets → line:column), [`text`] (escaping for every output),
//! [`output`] (the files a run makes and where they go), [`format`] and
//! [`i18n`] (the plan's and the reader's language). [`diff`], [`monitor`] and
//! [`explain`] are the following-the-plan commands' own logic.

pub mod app;
pub mod assets;
pub mod compute;
pub mod decode;
pub mod diag;
pub mod diff;
pub mod explain;
pub mod format;
pub mod i18n;
pub mod load;
pub mod memory;
pub mod model;
pub mod monitor;
pub mod output;
pub mod render;
pub mod settings;
pub mod source;
pub mod text;
pub mod timing;
pub mod validate;
pub mod write;
