//! The `ecoatlas` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};
use ecoatlas::pipeline::{self, BuildError, BuildOptions};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ecoatlas",
    version,
    about = "Build interactive ecosystem-map websites from Markdown, YAML and GeoJSON"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site's folder (with site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site is published at (overrides base_url in site.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Replace the contents of an output folder that ecoatlas did not create.
        #[arg(long)]
        force: bool,
        /// The date the site is built for (yyyy-mm-dd), which decides which events are still
        /// upcoming [default: SOURCE_DATE_EPOCH if set, else today's date in UTC].
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Also list every text that has no translation yet (as notes on stderr).
        #[arg(long)]
        untranslated: bool,
    },
    /// Build the site and preview it on a local web server.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks any free port.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new, minimal site that builds at once.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            force,
            today,
            untranslated,
        } => {
            match pipeline::build(&BuildOptions {
                root,
                output,
                base_url,
                force,
                today,
            }) {
                Ok(s) => {
                    for w in &s.rendered.warnings {
                        eprintln!("{w}");
                    }
                    if untranslated {
                        for n in &s.rendered.untranslated {
                            eprintln!("{n}");
                        }
                        eprintln!(
                            "{} text(s) without a translation; readers see the default language instead.",
                            s.rendered.untranslated.len()
                        );
                    }
                    println!(
                        "Built {} actors, {} campuses, {} pages into {} in {:.2} s ({} files written, {} unchanged, {} removed)",
                        s.rendered.actors,
                        s.rendered.campuses,
                        s.rendered.pages(),
                        s.output.display(),
                        s.elapsed.as_secs_f64(),
                        s.stats.written,
                        s.stats.unchanged,
                        s.stats.removed,
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => report(e),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => {
            match ecoatlas::serve::serve(&ecoatlas::serve::ServeOptions {
                root,
                bind,
                port,
                open,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match ecoatlas::init::init(&dir) {
            Ok(()) => {
                println!(
                    "Created a new site in {}. Build it with: ecoatlas build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

/// Prints why a build failed. Exit code 1: mistakes in the content; 2: anything else.
fn report(e: BuildError) -> ExitCode {
    match e {
        BuildError::Content(errors) => {
            for d in &errors.0 {
                eprintln!("{d}");
            }
            eprintln!("Build failed: {errors}. The output folder was not changed.");
            ExitCode::from(1)
        }
        BuildError::Other(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
