//! The build pipeline: config → load → validate → render → links → output. [`build`] streams
//! the files into the output folder as they are rendered and commits them only when everything
//! succeeded; [`check_site`] keeps only their paths; the preview ([`render()`]) keeps them in memory.

use crate::config::SiteConfig;
use crate::diagnostic::{ContentErrors, Diagnostic, Diagnostics};
use crate::output::{self, Collect, Listing, OutputTree, Sink, WriteStats, Writer};
use crate::render::{self, RenderOptions, Templates};
use crate::theme::Theme;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `ecoatlas build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Replace the contents of an output folder that ecoatlas did not create.
    pub force: bool,
    /// The build's "today" (`yyyy-mm-dd`); see [`crate::date::today`].
    pub today: Option<String>,
    /// Fail on warnings too.
    pub deny_warnings: bool,
}

/// A rendered site, not yet written anywhere. Cloning it shares the files ([`OutputTree`]).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub tree: OutputTree,
    pub actors: usize,
    pub campuses: usize,
    /// Warnings that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// What has no translation yet ([`crate::translations`]), as notes.
    pub untranslated: Vec<Diagnostic>,
}

/// What a check or build found, apart from the files themselves.
#[derive(Debug, Clone)]
pub struct Report {
    pub actors: usize,
    pub campuses: usize,
    /// The number of HTML pages.
    pub pages: usize,
    /// Warnings that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// What has no translation yet ([`crate::translations`]), as notes.
    pub untranslated: Vec<Diagnostic>,
}

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub report: Report,
    pub output: PathBuf,
    pub stats: WriteStats,
    pub elapsed: Duration,
}

/// Why a build failed: mistakes in the input (with every diagnostic), or anything else.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Content(#[from] ContentErrors),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// The diagnostics in order, each pointed at its source text.
pub(crate) fn finish(root: &Path, diags: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    let mut all: Diagnostics = Diagnostics::default();
    all.extend(diags);
    let mut sorted = all.sorted();
    crate::diagnostic::locate(&mut sorted, root);
    sorted
}

fn fail(root: &Path, diags: impl IntoIterator<Item = Diagnostic>) -> BuildError {
    BuildError::Content(ContentErrors(finish(root, diags)))
}

/// Turns warnings into a failure when they are not allowed (`--deny-warnings`).
fn deny(warnings: &[Diagnostic], deny_warnings: bool) -> Result<(), BuildError> {
    if deny_warnings && !warnings.is_empty() {
        return Err(BuildError::Content(ContentErrors(warnings.to_vec())));
    }
    Ok(())
}

/// `ecoatlas check`: everything a build does but writing; returns the whole report: its
/// warnings and, in [`Report::untranslated`], what has no translation yet
/// (`check --untranslated`). The files are rendered but not kept, only their paths (for the
/// link check). With `stale` (`check --stale <MONTHS>`), every record not reviewed within
/// that many months is a warning too ([`crate::provenance::stale`]).
pub fn check_site(
    root: &Path,
    deny_warnings: bool,
    stale: Option<u32>,
) -> Result<Report, BuildError> {
    let output = root.join("output");
    output::recover_interrupted(&output)?;
    let listing = Listing::for_output(&output);
    let mut outcome = render_into(root, &RenderOptions::default(), &listing)?;
    if let Some(months) = stale {
        let today = crate::date::today(outcome.opts.today.as_deref())
            .map_err(|m| BuildError::Other(anyhow::anyhow!(m)))?;
        let found = crate::provenance::stale(&outcome.site, today, months);
        let warnings = std::mem::take(&mut outcome.warnings);
        outcome.warnings = finish(root, warnings.into_iter().chain(found));
    }
    deny(&outcome.warnings, deny_warnings)?;
    Ok(outcome.report(&listing))
}

/// Prints how long each step took when `ECOATLAS_TIMINGS` is set (for profiling).
struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    fn new() -> Timings {
        Timings {
            on: std::env::var_os("ECOATLAS_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    fn step(&mut self, what: &str) {
        if self.on {
            eprintln!(
                "timing: {what}: {:.1} ms{}",
                self.last.elapsed().as_secs_f64() * 1e3,
                memory()
            );
            self.last = Instant::now();
        }
    }
}

/// The process's resident memory now and at its peak, where the system tells (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!(" (resident {now} MiB, peak {peak} MiB)"),
        _ => String::new(),
    }
}

/// Reads, checks and renders the site in `root` into memory.
pub fn render(root: &Path, opts: &RenderOptions) -> Result<Rendered, BuildError> {
    render_keeping(root, opts).map(|k| k.rendered)
}

/// A rendering together with what it was rendered from, which a rebuild after a small change
/// can start from ([`crate::incremental`]).
pub(crate) struct Kept {
    pub rendered: Rendered,
    pub site: crate::model::Site,
    pub templates: Templates,
    /// The options with "today" settled.
    pub opts: RenderOptions,
}

/// Like [`render`], but keeps the site and the templates.
pub(crate) fn render_keeping(root: &Path, opts: &RenderOptions) -> Result<Kept, BuildError> {
    let collect = Collect::default();
    let outcome = render_into(root, opts, &collect)?;
    let rendered = Rendered {
        tree: collect.into_tree(),
        actors: outcome.site.actors.len(),
        campuses: outcome.site.campuses.len(),
        warnings: outcome.warnings,
        untranslated: outcome.untranslated,
    };
    Ok(Kept {
        rendered,
        site: outcome.site,
        templates: outcome.templates,
        opts: outcome.opts,
    })
}

/// A clean rendering: what it was made from and what it found, its files in the sink.
struct Outcome {
    site: crate::model::Site,
    templates: Templates,
    opts: RenderOptions,
    warnings: Vec<Diagnostic>,
    untranslated: Vec<Diagnostic>,
}

impl Outcome {
    fn report(self, sink: &dyn Sink) -> Report {
        Report {
            actors: self.site.actors.len(),
            campuses: self.site.campuses.len(),
            pages: sink.pages(),
            warnings: self.warnings,
            untranslated: self.untranslated,
        }
    }
}

/// Reads, checks and renders the site in `root`, handing each file to `sink` as it is made.
/// Fails with every content error found; the sink then holds an incomplete site.
fn render_into(root: &Path, opts: &RenderOptions, sink: &dyn Sink) -> Result<Outcome, BuildError> {
    let today = crate::date::today(opts.today.as_deref())
        .map_err(|m| BuildError::Other(anyhow::anyhow!(m)))?;
    let opts = RenderOptions {
        today: Some(today.to_string()),
        ..opts.clone()
    };
    let mut timings = Timings::new();
    let config = SiteConfig::load(root).map_err(|d| fail(root, d))?;
    let theme = Theme::load(root, &config.theme).map_err(|d| fail(root, [d]))?;
    let templates = Templates::compile(theme, root);
    timings.step("config, theme and templates");
    let (site, mut diags) = crate::load::load_site(root, config);
    timings.step("load");
    diags.extend(crate::validate::validate(&site));
    diags.extend(crate::provenance::check(&site, today, None));
    crate::validate::follow_ons(&site, &mut diags);
    diags.extend(render::map::popup::check(root, &site.config));
    let basemap = crate::basemap::read(root, &site.config).unwrap_or_else(|d| {
        diags.extend(d);
        None
    });
    timings.step("validate");
    let templates = match templates {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            return Err(fail(root, diags));
        }
    };
    if diags.has_errors() {
        return Err(fail(root, diags));
    }
    diags.extend(render::render_site(
        &site,
        &templates,
        root,
        &opts,
        &render::Outputs::All,
        sink,
    ));
    diags.extend(site.take_body_problems());
    if let Some(basemap) = basemap {
        let file = site.config.basemap.as_ref().map(|b| b.file.clone());
        if let Err(e) = crate::basemap::publish(basemap, sink) {
            diags.push(Diagnostic::error(
                file.unwrap_or_default(),
                format!("{e:#}"),
            ));
        }
    }
    timings.step("render");
    diags.extend(crate::links::check(&site, &|p| sink.has(p)));
    diags.extend(output::names::diagnose(
        &site,
        templates.theme(),
        root,
        &sink.name_problems(),
    ));
    timings.step("links");
    if diags.has_errors() {
        return Err(fail(root, diags));
    }
    let mut untranslated = crate::translations::untranslated(&site);
    untranslated.extend(crate::translations::untranslated_theme(
        templates.theme(),
        root,
        &site.config.languages,
    ));
    Ok(Outcome {
        site,
        templates,
        opts,
        warnings: finish(root, diags),
        untranslated: finish(root, untranslated),
    })
}

/// `ecoatlas build`: renders everything straight into the output folder, staged: the files
/// written take effect only when everything succeeded ([`Writer`]); a failed build leaves the
/// last good output as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("output"));
    output::check_output_dir(&output, &opts.root, opts.force)?;
    let writing = || format!("writing the site to {}", output.display());
    let writer = Writer::begin(&output).with_context(writing)?;
    let outcome = render_into(
        &opts.root,
        &RenderOptions {
            base_url: opts.base_url.clone(),
            today: opts.today.clone(),
        },
        &writer,
    )?;
    deny(&outcome.warnings, opts.deny_warnings)?;
    let report = outcome.report(&writer);
    let stats = writer.commit().with_context(writing)?;
    Ok(BuildSummary {
        report,
        output,
        stats,
        elapsed: started.elapsed(),
    })
}
