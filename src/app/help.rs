//! `explain`: the help for one diagnostic code, or the list of codes.

use super::{Options, print_stdout, run_error};
use crate::diag::Code;
use crate::diag::{CODES, Diagnostic, msg, suggestion_help};

pub fn explain(code: Option<&str>, opts: &Options) -> i32 {
    let Some(code) = code else {
        return print_stdout(crate::explain::list(opts.lang).as_bytes(), opts);
    };
    match crate::explain::explanation(code, opts.lang) {
        Some(text) => print_stdout(text.as_bytes(), opts),
        None => {
            let help = suggestion_help(code, CODES.iter().map(|c| c.code))
                .unwrap_or_else(|| msg("help-explain-unknown", &[]));
            let mut diag = Diagnostic::at_path(
                Code::Usage,
                String::new(),
                msg("explain-unknown", &[("code", code)]),
            )
            .with_help(help);
            diag.path = None;
            run_error(diag, opts)
        }
    }
}
