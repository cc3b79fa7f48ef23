//! Every integration test in one program (one link instead of seven), one
//! module per command or concern, as ripgrep and mdBook lay theirs out.

mod common;
mod compare;

mod build;
mod catalogue;
mod check;
mod ci_recipes;
mod cli;
mod diff;
mod explain;
mod figures;
mod files;
mod fuzz_findings;
mod monitor;
mod pdf;
mod properties;
mod rules;
mod serve;
mod sheet_attack;
mod summary;
