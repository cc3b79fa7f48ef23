//! `init` and `schema`.

use std::path::Path;

use super::{Options, print_stdout, usage_error};
use crate::decode;

/// `init`: a new plan with every collection shown once, commented, and a
/// `.gitignore` for the output folder. Refuses a folder that is not empty.
pub fn init(dir: &Path, opts: &Options) -> i32 {
    let shown = crate::source::display_path(dir, "");
    let not_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if dir.exists() && (!dir.is_dir() || not_empty) {
        return usage_error(
            crate::diag::msg("init-not-empty", &[("path", &shown)]),
            opts,
        );
    }
    let schema_text = decode::json_schema_text();
    let files: [(&str, &str); 3] = [
        ("plan.toml", include_str!("../../templates/init/plan.toml")),
        (".gitignore", include_str!("../../templates/init/gitignore")),
        ("welfare-plan.schema.json", &schema_text),
    ];
    let result = std::fs::create_dir_all(dir).and_then(|_| {
        files
            .iter()
            .try_for_each(|(name, text)| std::fs::write(dir.join(name), text))
    });
    match result {
        Ok(()) => {
            if !opts.quiet {
                eprintln!(
                    "{}",
                    crate::diag::msg("init-done", &[("path", &shown)]).text(opts.lang)
                );
            }
            0
        }
        Err(e) => usage_error(
            crate::diag::msg("io-error", &[("path", &shown), ("error", &e.to_string())]),
            opts,
        ),
    }
}

/// `schema`: prints the JSON Schema on stdout.
pub fn schema(opts: &Options) -> i32 {
    print_stdout(decode::json_schema_text().as_bytes(), opts)
}
