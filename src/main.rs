//! The `ecoatlas` command line: parses arguments and calls the library.

use clap::{Args, CommandFactory, Parser, Subcommand};
use ecoatlas::diagnostic::ContentErrors;
use ecoatlas::pipeline::{self, BuildError, BuildOptions};
use ecoatlas::report::{self, MessageFormat};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ecoatlas",
    version = env!("ECOATLAS_VERSION"),
    about = "Build interactive ecosystem-map websites from Markdown, YAML and GeoJSON"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How diagnostics are reported (shared by `check` and `build`).
#[derive(Args)]
struct Reporting {
    /// How to print problems: human (with the source line), json (one object per line), or
    /// github (Actions annotations on the changed lines of a pull request).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Treat warnings (such as a position outside the site's region) as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Also list every text that has no translation yet, as notes (readers see the default
    /// language's text instead; this is never an error).
    #[arg(long)]
    untranslated: bool,
}

/// Prints the untranslated texts when `--untranslated` asks for them.
fn untranslated(notes: &[ecoatlas::diagnostic::Diagnostic], reporting: &Reporting, root: &Path) {
    if !reporting.untranslated {
        return;
    }
    report::print(notes, reporting.message_format, root);
    if reporting.message_format == MessageFormat::Human {
        eprintln!(
            "{} without a translation; readers see the default language instead.",
            ecoatlas::diagnostic::count(notes.len(), "text")
        );
    }
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
        #[command(flatten)]
        reporting: Reporting,
    },
    /// Check everything a build would, write nothing, and report every problem.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Warn about every record (actor, campus, page, news item) whose `reviewed:` day is
        /// more than MONTHS months ago, or that has none; with --deny-warnings, fail on them.
        #[arg(long, value_name = "MONTHS")]
        stale: Option<u32>,
        #[command(flatten)]
        reporting: Reporting,
    },
    /// Build the site and preview it on a local web server.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (the next free one if it is taken); 0 picks any free port.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Another host name the preview may be reached by (besides localhost and the
        /// server's addresses); repeat for several. Requests to any other name are refused.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
        /// How long (ms) the files must be quiet before a rebuild starts.
        #[arg(long, default_value_t = ecoatlas::serve::DEFAULT_DEBOUNCE.as_millis() as u64)]
        debounce: u64,
    },
    /// Write JSON Schemas for site.yaml, actor, campus, page and news records.
    Schema {
        /// A site: its schemas list its own types, sectors, campuses and actors (written into
        /// DIR/schemas unless --output says otherwise). Run again after adding a campus or actor.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The folder to write them to [default: schemas, or DIR/schemas with --root].
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Create a new, minimal site that builds at once.
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// The site's title (one text for every language).
        #[arg(long)]
        title: Option<String>,
        /// The site's languages, the default first, e.g. `sv,en` or `de,en`. UI strings the
        /// theme has not got in a language are shown in English (`check --untranslated` lists
        /// them).
        #[arg(long, value_delimiter = ',')]
        languages: Option<Vec<String>>,
        /// The region the site covers, WEST,SOUTH,EAST,NORTH in degrees: the map's bounds,
        /// centre and zoom.
        #[arg(long, value_name = "W,S,E,N", value_parser = parse_bounds, allow_hyphen_values = true)]
        bounds: Option<[f64; 4]>,
    },
    /// Write a new record that checks as it is, with every field it may have (the optional
    /// ones as comments), and a translation for each other language of the site.
    New {
        /// actor, campus, news or page.
        #[arg(value_enum)]
        kind: ecoatlas::new::Kind,
        /// The record's slug: lower-case letters, digits and hyphens (its file's name).
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Add and update actor records from a spreadsheet (CSV, xlsx, xls, xlsb or ods) with the
    /// columns of data/actors.csv; prints what it adds, changes and leaves.
    Import {
        /// The sheet: a .csv file, or a workbook whose first sheet is read.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Say what would be done, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the completion script for a shell, e.g. `ecoatlas completions bash >
    /// ~/.local/share/bash-completion/completions/ecoatlas`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Write the manual pages: ecoatlas.1 and one page per command (ecoatlas-build.1, ...).
    Man {
        /// The folder to write them to.
        #[arg(long, default_value = "man")]
        output: PathBuf,
    },
}

/// `--bounds W,S,E,N`: four numbers.
fn parse_bounds(text: &str) -> Result<[f64; 4], String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{text}`: give four numbers, WEST,SOUTH,EAST,NORTH"))?;
    <[f64; 4]>::try_from(numbers).map_err(|n| {
        format!(
            "`{text}`: give four numbers, WEST,SOUTH,EAST,NORTH (not {})",
            n.len()
        )
    })
}

/// Exit codes: 0 success, 1 problems in the content, 2 usage or I/O errors (clap also uses 2).
const CONTENT_ERRORS: u8 = 1;
const OTHER_ERRORS: u8 = 2;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            root,
            output,
            base_url,
            force,
            today,
            reporting,
        } => {
            let opts = BuildOptions {
                root: root.clone(),
                output,
                base_url,
                force,
                deny_warnings: reporting.deny_warnings,
                today,
            };
            match pipeline::build(&opts) {
                Ok(s) => {
                    report::print(&s.report.warnings, reporting.message_format, &root);
                    untranslated(&s.report.untranslated, &reporting, &root);
                    println!(
                        "Built {} actors, {} campuses, {} pages into {} in {:.2} s ({} files written, {} unchanged, {} removed)",
                        s.report.actors,
                        s.report.campuses,
                        s.report.pages,
                        s.output.display(),
                        s.elapsed.as_secs_f64(),
                        s.stats.written,
                        s.stats.unchanged,
                        s.stats.removed,
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failed(
                    e,
                    reporting.message_format,
                    &root,
                    "Build failed",
                    "The output folder was not changed.",
                ),
            }
        }
        Command::Check {
            root,
            stale,
            reporting,
        } => match pipeline::check_site(&root, reporting.deny_warnings, stale) {
            Ok(rendered) => {
                let warnings = rendered.warnings;
                report::print(&warnings, reporting.message_format, &root);
                untranslated(&rendered.untranslated, &reporting, &root);
                if reporting.message_format == MessageFormat::Human {
                    eprintln!(
                        "Checked {}: no errors, {}.",
                        root.display(),
                        ecoatlas::diagnostic::count(warnings.len(), "warning")
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => failed(e, reporting.message_format, &root, "Check failed", ""),
        },
        Command::Serve {
            root,
            port,
            bind,
            open,
            allowed_hosts,
            debounce,
        } => {
            let opts = ecoatlas::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                allowed_hosts,
                debounce: std::time::Duration::from_millis(debounce),
            };
            match ecoatlas::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(OTHER_ERRORS)
                }
            }
        }
        Command::Schema { root, output } => {
            let (output, schemas) = match &root {
                None => (
                    output.unwrap_or_else(|| PathBuf::from("schemas")),
                    ecoatlas::schema::schemas(),
                ),
                Some(root) => match ecoatlas::schema::site_schemas(root) {
                    Ok(s) => (output.unwrap_or_else(|| root.join("schemas")), s),
                    Err(problems) => {
                        let e = BuildError::Content(ContentErrors(problems));
                        return failed(e, MessageFormat::Human, root, "schema", "");
                    }
                },
            };
            match ecoatlas::schema::write_all(&output, schemas) {
                Ok(names) => {
                    println!(
                        "Wrote {} schemas into {}: {}",
                        names.len(),
                        output.display(),
                        names.join(", ")
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(OTHER_ERRORS)
                }
            }
        }
        Command::Import {
            file,
            root,
            dry_run,
        } => imported(&ecoatlas::import::ImportOptions {
            file,
            root,
            dry_run,
        }),
        Command::New { kind, slug, root } => {
            let written = ecoatlas::date::today(None)
                .map_err(|m| anyhow::anyhow!(m))
                .and_then(|today| {
                    ecoatlas::new::new_record(&root, kind, &slug, &today.to_string())
                });
            match written {
                Ok(files) => {
                    for f in &files {
                        println!("wrote {}", f.display());
                    }
                    println!(
                        "Fill them in, then check with: ecoatlas check --root {}",
                        root.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(OTHER_ERRORS)
                }
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "ecoatlas",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Command::Man { output } => {
            let written = std::fs::create_dir_all(&output)
                .and_then(|()| clap_mangen::generate_to(Cli::command(), &output));
            match written {
                Ok(()) => {
                    println!("Wrote the manual pages into {}", output.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!(
                        "error: cannot write the manual pages into {}: {e}",
                        output.display()
                    );
                    ExitCode::from(OTHER_ERRORS)
                }
            }
        }
        Command::Init {
            dir,
            title,
            languages,
            bounds,
        } => {
            let opts = ecoatlas::init::InitOptions {
                title,
                languages,
                bounds,
            };
            match ecoatlas::init::init(&dir, &opts) {
                Ok(()) => {
                    let d = dir.display();
                    println!("Created a new site in {d}. Next:");
                    println!(
                        "  ecoatlas check --root {d}   # every problem at once; writes nothing"
                    );
                    println!("  ecoatlas serve --root {d}   # a preview that follows your edits");
                    println!("  ecoatlas build --root {d}   # the site, into {d}/output");
                    println!(
                        "Your editor completes the records from {d}/schemas ({d}/.vscode/settings.json);\n\
                         run `ecoatlas schema --root {d}` again after adding a campus or an actor."
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(OTHER_ERRORS)
                }
            }
        }
    }
}

/// Runs `ecoatlas import` and reports it: a line per row that changes something, then counts.
fn imported(opts: &ecoatlas::import::ImportOptions) -> ExitCode {
    use ecoatlas::import::{ImportError, Outcome};
    match ecoatlas::import::import(opts) {
        Ok(r) => {
            report::print(&r.warnings, MessageFormat::Human, &opts.root);
            let count = |o: Outcome| r.rows.iter().filter(|x| x.outcome == o).count();
            for row in &r.rows {
                let what = match row.outcome {
                    Outcome::Add => "add",
                    Outcome::Change => "change",
                    Outcome::Leave => continue,
                };
                println!(
                    "row {}: {what} {} ({}): {}",
                    row.row,
                    row.slug,
                    row.file.display(),
                    row.keys.join(", ")
                );
            }
            let (add, change, leave) = (
                count(Outcome::Add),
                count(Outcome::Change),
                count(Outcome::Leave),
            );
            if opts.dry_run {
                println!("Would add {add}, change {change} and leave {leave} records (dry run: nothing written).");
            } else {
                println!("Added {add}, changed {change} and left {leave} records.");
            }
            ExitCode::SUCCESS
        }
        Err(ImportError::Problems(problems)) => failed(
            BuildError::Content(ContentErrors(problems)),
            MessageFormat::Human,
            &opts.root,
            "import",
            "Nothing was written.",
        ),
        Err(ImportError::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(OTHER_ERRORS)
        }
    }
}

/// Reports why a build or check failed and picks the exit code.
fn failed(e: BuildError, format: MessageFormat, root: &Path, what: &str, after: &str) -> ExitCode {
    match e {
        BuildError::Content(errors) => {
            report::print(&errors.0, format, root);
            eprintln!(
                "{what}: {errors}.{}{after}",
                if after.is_empty() { "" } else { " " }
            );
            // A folder that is no site at all is a usage error, as a wrong path is.
            let no_site = errors
                .0
                .iter()
                .any(|d| d.message == ecoatlas::config::NO_SITE);
            ExitCode::from(if no_site {
                OTHER_ERRORS
            } else {
                CONTENT_ERRORS
            })
        }
        BuildError::Other(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(OTHER_ERRORS)
        }
    }
}
