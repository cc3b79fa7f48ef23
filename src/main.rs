//! Command-line entry: parses arguments and calls one library function per command.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};
use welfare_plan::app::{self, Options, SummaryFormat};
use welfare_plan::diag::{ColorChoice, MessageFormat};

#[derive(Parser)]
#[command(
    name = "welfare-plan",
    version,
    about = "Compiles a participatory welfare plan from TOML and Markdown files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct Common {
    /// How diagnostics are printed on stderr
    #[arg(long, global = true, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// Fail (exit 1) on warnings not accepted by `[check] allow`
    #[arg(long, global = true)]
    deny_warnings: bool,
    /// Print only errors
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Also list the warnings the plan accepts with `[check] allow` (they are counted either way)
    #[arg(long, global = true)]
    show_allowed: bool,
    /// Colour diagnostics (auto honours NO_COLOR and terminals)
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Language of diagnostics and messages (the document's follows `[plan] language`);
    /// default: the locale (LC_ALL, LC_MESSAGES, LANG: Italian when it starts with `it`), else English
    #[arg(long, global = true, value_enum)]
    lang: Option<MessageLang>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum MessageLang {
    En,
    It,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new plan with every collection shown once, commented
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Load and validate a plan; print diagnostics; write nothing
    Check {
        /// Plan directory (holds plan.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Check, then write the plan document, site and open data
    Build {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: DIR/build); replaced whole, only if it holds a previous build
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also print OUT/plan.pdf from print.html, and each yearly monitoring
        /// report to OUT/monitoring-YEAR.pdf, with a local Chromium
        #[arg(long)]
        pdf: bool,
        /// With --pdf, also print each intervention card to OUT/cards/ID.pdf
        #[arg(long, requires = "pdf")]
        pdf_cards: bool,
        /// The Chromium to print with (default: chromium, chromium-browser or google-chrome on PATH)
        #[arg(long, value_name = "PATH", requires = "pdf")]
        chromium: Option<PathBuf>,
    },
    /// Compare many district plans side by side: a site and open data (SPEC 9)
    Compare {
        /// Plan folders, or folders of plan folders
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder (default: ./compare); replaced whole, only if it holds a previous comparison
        #[arg(long)]
        out: Option<PathBuf>,
        /// Also build each district's site under OUT/districts/NAME/, linked from the comparison
        #[arg(long)]
        with_sites: bool,
    },
    /// Serve the plan on http://127.0.0.1, rebuilt and reloaded on every edit
    Serve {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port (0: any free port)
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; only loopback unless another is given
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Build again on every change to the plan's files, without a server
    Watch {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: DIR/build), by the rules of `build`
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the participation summary on stdout
    Summary {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: SummaryFormat,
        /// The monitoring figures of this year instead: planned and actual by
        /// card, objective, fund and area, indicators, responses
        #[arg(long)]
        year: Option<i64>,
    },
    /// Print the JSON Schema of the input format (for editor validation)
    Schema,
    /// The yearly monitoring sheet: export it, fill it in a spreadsheet, import it
    #[command(subcommand)]
    Monitor(MonitorCommand),
    /// What a diagnostic code means, why it matters, a wrong and a fixed example;
    /// without CODE, the list of codes
    Explain {
        /// A code as printed in brackets, e.g. `unknown-ref`
        code: Option<String>,
    },
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish)
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), e.g. `welfare-plan man > welfare-plan.1`
    Man,
    /// Compare two versions of a plan: two folders, or two git revisions
    Diff {
        /// OLD and NEW plan folders; with --git, the plan folder (default .)
        dirs: Vec<PathBuf>,
        /// Compare two revisions of the plan in its git repository: OLD..NEW
        #[arg(long, value_name = "OLD..NEW")]
        git: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: app::DiffFormat,
        /// Exit 1 when anything changed (like `git diff --exit-code`)
        #[arg(long)]
        exit_code: bool,
    },
}

#[derive(Subcommand)]
enum MonitorCommand {
    /// Write the sheet of YEAR: planned amounts, targets and what to fill in
    Export {
        year: i64,
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write to FILE instead of stdout
        #[arg(long)]
        out: Option<PathBuf>,
        /// Cell separator: `;` as Italian spreadsheets expect, or `,`
        #[arg(long, default_value = ";")]
        delimiter: char,
    },
    /// Check a filled sheet and write its values into the plan's TOML files
    Import {
        file: PathBuf,
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

fn main() {
    // Freed pages go back to the system after 10 ms (mimalloc 2's default)
    // instead of mimalloc 3's 1 s: a build's stages each free and allocate
    // hundreds of megabytes on a large plan, and with the longer delay the
    // peak is nearly their sum (×10 plan: 435 MB instead of 560; BENCHMARKS.md).
    // Option 15 is `mi_option_purge_delay` (mimalloc.h).
    // SAFETY: a plain setting, made before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(15, 10) };
    welfare_plan::memory::set_release(release_memory);
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    // The environment is read here, once; the commands get what it said.
    let env = welfare_plan::settings::Environment::read();
    if env.timings {
        welfare_plan::timing::enable();
    }
    let opts = Options {
        message_format: cli.common.message_format,
        color: match cli.common.color {
            ColorChoice::Auto if env.colour => ColorChoice::Always,
            ColorChoice::Auto => ColorChoice::Never,
            chosen => chosen,
        },
        deny_warnings: cli.common.deny_warnings,
        quiet: cli.common.quiet,
        show_allowed: cli.common.show_allowed,
        lang: match cli.common.lang {
            Some(MessageLang::En) => welfare_plan::i18n::Lang::En,
            Some(MessageLang::It) => welfare_plan::i18n::Lang::It,
            None => env.locale_lang,
        },
        env: &env,
    };
    let code = match cli.command {
        Command::Init { dir } => app::init(&dir, &opts),
        Command::Check { dir } => app::check(&dir, &opts),
        Command::Schema => app::schema(&opts),
        Command::Explain { code } => app::explain(code.as_deref(), &opts),
        Command::Completions { shell } => {
            // Into a buffer first: the generator panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "welfare-plan", &mut script);
            app::print_stdout(&script, &opts)
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => app::print_stdout(&page, &opts),
                Err(_) => 2,
            }
        }
        Command::Monitor(MonitorCommand::Export {
            year,
            dir,
            out,
            delimiter,
        }) => app::monitor_export(&dir, year, out.as_deref(), delimiter, &opts),
        Command::Monitor(MonitorCommand::Import { file, dir }) => {
            app::monitor_import(&dir, &file, &opts)
        }
        Command::Diff {
            dirs,
            git,
            format,
            exit_code,
        } => app::diff(&dirs, git.as_deref(), format, exit_code, &opts),
        Command::Build {
            dir,
            out,
            pdf,
            pdf_cards,
            chromium,
        } => {
            let pdf = pdf.then(|| app::Pdf {
                chromium: chromium.clone(),
                cards: pdf_cards,
            });
            app::build(&dir, out.as_deref(), pdf.as_ref(), &opts)
        }
        Command::Serve {
            dir,
            port,
            bind,
            open,
        } => app::serve(&dir, bind, port, open, &opts),
        Command::Watch { dir, out } => app::watch(&dir, out.as_deref(), &opts),
        Command::Summary { dir, format, year } => app::summary(&dir, format, year, &opts),
        Command::Compare {
            dirs,
            out,
            with_sites,
        } => app::compare(&dirs, out.as_deref(), with_sites, &opts),
    };
    std::process::exit(code);
}

// mimalloc instead of the system allocator: on a large plan the build's many
// small strings, freed by two threads, cost a third less time (BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Between stages: every thread takes back what the others freed for it and
/// returns its empty pages to the system.
fn release_memory() {
    // SAFETY: mi_collect works on the calling thread's own heap.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}
