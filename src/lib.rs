//! welfare-plan: compiles a participatory welfare plan from TOML and Markdown.
//!
//! The stages run once, forward: [`load`] → [`model`] → [`validate`] →
//! [`compute`] → [`render`] → [`write`]. [`app`] wires them into commands.

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
pub mod pdf;
pub mod render;
pub mod serve;
pub mod source;
pub mod text;
pub mod timing;
pub mod validate;
pub mod write;
