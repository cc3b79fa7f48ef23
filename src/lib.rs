//! welfare-plan: compiles a participatory welfare plan from TOML and Markdown.
//!
//! The stages run once, forward: `load` (files, bytes, TOML with spans) →
//! `decode` (TOML tree → the typed [`model`]) → `validate` (diagnostics)
//! → [`compute`] (figures, totals, order) → [`render`] (Markdown, HTML, open
//! data; it reads no file) → [`write`] (OUT, atomic; the PDF; in-place edits
//! of the plan). [`app`] wires them into commands; `main.rs` reads the
//! arguments and, once, the environment ([`settings`]).
//!
//! Shared by the stages: [`diag`] (diagnostics as data), [`source`] (the
//! files read, offsets → line:column), [`text`] (escaping for every output),
//! [`output`] (the files a run makes and where they go), [`format`] and
//! [`i18n`] (the plan's and the reader's language). `diff`, `monitor` and
//! [`explain`] are the following-the-plan commands' own logic.
//!
//! The public surface is what `main.rs`, the tests, the fuzz targets and the
//! benchmark use: [`app`] (the commands, `analyse`), the model and its
//! values, diagnostics and their rendering, the Markdown renderer and the
//! streaming writers (fuzzed and property-tested), the summary encoders,
//! `write::claim` and the PDF's helpers. `load`, `decode`, `validate`,
//! `diff` and `monitor`, and render's views, charts and open-data encoders,
//! are the crate's own: reached only through the commands.

pub mod app;
pub mod assets;
pub mod compute;
pub(crate) mod decode;
pub mod diag;
pub(crate) mod diff;
pub mod explain;
pub mod format;
pub mod i18n;
pub(crate) mod load;
pub mod memory;
pub mod model;
pub(crate) mod monitor;
pub mod output;
pub mod render;
pub mod settings;
pub mod source;
pub mod text;
pub(crate) mod threads;
pub mod timing;
pub(crate) mod validate;
pub mod write;
