//! The build pipeline: config → load → validate → render → output. `build` and `serve` both
//! call [`render`]; only [`build`] writes to disk, and only after everything succeeded.

use crate::config::SiteConfig;
use crate::diagnostic::{ContentErrors, Diagnostic, Diagnostics};
use crate::output::{self, OutputTree, WriteStats};
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

impl Rendered {
    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.tree.paths().filter(|p| p.ends_with(".html")).count()
    }
}

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub rendered: Rendered,
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

/// `ecoatlas check`: everything a build does but writing; returns the warnings.
pub fn check(root: &Path, deny_warnings: bool) -> Result<Vec<Diagnostic>, BuildError> {
    check_site(root, deny_warnings).map(|r| r.warnings)
}

/// Like [`check`], but returns the whole rendering: its warnings and, in
/// [`Rendered::untranslated`], what has no translation yet (`check --untranslated`).
pub fn check_site(root: &Path, deny_warnings: bool) -> Result<Rendered, BuildError> {
    let rendered = render(root, &RenderOptions::default())?;
    deny(&rendered.warnings, deny_warnings)?;
    Ok(rendered)
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
                "timing: {what}: {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1e3
            );
            self.last = Instant::now();
        }
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
    let (tree, render_diags) =
        render::render_site(&site, &templates, root, &opts, &render::Scope::All);
    timings.step("render");
    diags.extend(render_diags);
    diags.extend(crate::links::check(&site, &tree));
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
    let rendered = Rendered {
        tree,
        actors: site.actors.len(),
        campuses: site.campuses.len(),
        warnings: finish(root, diags),
        untranslated: finish(root, untranslated),
    };
    Ok(Kept {
        rendered,
        site,
        templates,
        opts,
    })
}

/// `ecoatlas build`: renders everything, and only then writes the output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let started = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("output"));
    output::check_output_dir(&output, &opts.root, opts.force)?;
    let rendered = render(
        &opts.root,
        &RenderOptions {
            base_url: opts.base_url.clone(),
            today: opts.today.clone(),
        },
    )?;
    deny(&rendered.warnings, opts.deny_warnings)?;
    let stats = output::write_tree(&rendered.tree, &output)
        .with_context(|| format!("writing the site to {}", output.display()))?;
    Ok(BuildSummary {
        rendered,
        output,
        stats,
        elapsed: started.elapsed(),
    })
}
