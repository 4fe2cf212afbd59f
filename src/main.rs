//! The command line: parses arguments, calls the library, sets the exit code.

use clap::{Parser, Subcommand};
use cyberrecord::diagnostics::{format_report, Command as Reporter};
use cyberrecord::{Failure, Settings, Step};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc instead of the system allocator: rendering allocates many small strings and
/// maps from several threads at once, where glibc's malloc spent a quarter of the build
/// (measured with perf on a 10,000-page site).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's `mi_option_set` (mimalloc.h), linked in through the mimalloc crate.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3): how long freed memory stays mapped.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// A build is short and allocates in waves (a page's context, its HTML, then the next):
/// returning freed memory to the system after mimalloc's default 10 ms only makes the
/// kernel zero fresh pages for the next wave (perf at 10,000 pages: page faults 2,100-3,400
/// -> 730, CPU time -10%). A build's memory is given back when the process ends anyway;
/// `serve` keeps the default.
fn tune_memory_for_a_build() {
    // SAFETY: sets a plain integer option; mimalloc documents it as safe at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    no_huge_pages();
}

/// Transparent huge pages off for the process. mimalloc asks for them on its arenas, and
/// the kernel then makes a whole 2 MiB region resident as soon as one byte of it is
/// touched: at 10,000 events a build's peak memory was 132 MB with them and 103 MB without
/// (one-sentence events), 202 and 165 MB (3.4 KB bodies), its time no longer (medians of
/// six interleaved runs; docs/PERFORMANCE.md, "The fifth pass"). Set by the process, not
/// through mimalloc's option, which is read when its first arena is mapped, before `main`.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes integers and sets a flag of this process;
    // where it fails (a kernel without it) huge pages stay as they were, which is harmless.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1 as libc::c_ulong, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// Builds the public record of the UN processes on ICTs and international security from
/// Markdown in content/ and templates in themes/.
///
/// Exit codes: 0 success, 1 content, template or output errors, 2 usage errors.
#[derive(Parser)]
#[command(version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder, replacing it only if the build succeeds.
    Build {
        /// The site's folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output]. It must be a new or empty
        /// folder, or one that build wrote (it holds .cyberrecord-output and nothing else).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site is deployed at, over base_url in content/site.yaml: it makes
        /// the sitemap, canonical links, absolute feed links and a 404 page that works at
        /// any depth (on Netlify: --base-url "$URL").
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<String>,
        #[arg(long, help = Step::help(&Step::BUILD))]
        timings: bool,
    },
    /// Check everything build checks (front matter, references, links, templates) without
    /// writing anything.
    Check {
        /// The site's folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, help = Step::help(&Step::CHECK))]
        timings: bool,
    },
    /// Serve the site from memory with live reload while you edit (never writes output/).
    Serve {
        /// The site's folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; the next free one is taken if it is busy.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind; anything but loopback exposes your drafts to the network. Only
        /// requests for localhost, a loopback address, this address or the name given here
        /// are answered (421 otherwise), so that a web page cannot read the drafts through
        /// DNS rebinding; bound to 0.0.0.0 or ::, any IP address is answered, but no other
        /// host name.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        tune_memory_for_a_build();
    }
    let start = Instant::now();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            timings,
        } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let settings = Settings { base_url };
            finish(
                cyberrecord::build(&root, &output, &settings),
                timings,
                start,
                (Reporter::Build, &format!("wrote {}", output.display())),
            )
        }
        Command::Check { root, timings } => finish(
            cyberrecord::check_root(&root).and_then(|()| cyberrecord::generate(&root)),
            timings,
            start,
            (Reporter::Check, "checked"),
        ),
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => {
            let options = cyberrecord::serve::Options {
                root,
                port,
                bind,
                open,
            };
            match cyberrecord::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(match e {
                        cyberrecord::serve::Error::Usage(_) => 2,
                        cyberrecord::serve::Error::Io(_) => 1,
                    })
                }
            }
        }
    }
}

/// After `check`: the cited UN documents that have no record yet, for the editor.
fn report_missing_records(generated: &cyberrecord::Generated) {
    for warning in generated.warnings() {
        println!("{warning}");
    }
    let missing = generated.documents_without_record();
    if !missing.is_empty() {
        println!(
            "note: {} cited UN document{} no record in content/documents/: {}",
            missing.len(),
            if missing.len() == 1 { " has" } else { "s have" },
            missing.join(", ")
        );
    }
}

/// `--base-url`, checked as `base_url` in content/site.yaml is: a bad one is a usage error.
fn parse_base_url(url: &str) -> Result<String, String> {
    cyberrecord::config::check_base_url(url)
}

/// Reports the result of `build` or `check` in the words of `command`, `verb` on success.
fn finish(
    result: Result<cyberrecord::Generated, Failure>,
    timings: bool,
    start: Instant,
    (command, verb): (Reporter, &str),
) -> ExitCode {
    match result {
        Ok(generated) => {
            if timings {
                eprint!("{}", generated.timings.report());
            }
            println!(
                "{verb}: {} pages in {:.0} ms",
                generated.pages,
                start.elapsed().as_secs_f64() * 1000.0
            );
            if command == Reporter::Check {
                report_missing_records(&generated);
            }
            // The process ends here and the system takes its memory back at once: freeing
            // the site graph entity by entity first is wasted work on a large site.
            std::mem::forget(generated);
            ExitCode::SUCCESS
        }
        Err(Failure::Input(diagnostics)) => {
            eprint!("{}", format_report(&diagnostics, command));
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
