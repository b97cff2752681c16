//! Rebuilding after a change, for the live preview. The last clean build is kept (its site, its
//! templates, its output); when only actor records changed, just those records are read again
//! and just the outputs that show them are rendered again:
//!
//! - only the Markdown body changed: the actor's own pages (the body shows nowhere else);
//! - anything else about an actor: its own pages, the campus and term pages that list it, and
//!   the lists, free pages, news, statistics and data files of every language where what they
//!   show of it changed ([`pieces::Pieces`]), of a long list only the pages whose actors or
//!   data changed ([`render::PageKey`]); and unless only
//!   texts other than its name changed, the pages of the actors it is related to either way
//!   (they show its name) and the campus pages that show one of its relations;
//! - an actor added or removed: the same, with every campus and term page and the sitemap.
//!
//! A change that adds or takes away a page of a list ([`paging::page_counts`]) rebuilds
//! everything, as does anything else (site.yaml, the theme, campuses, pages, news, logos, a record in an unusual
//! shape) and any build that ends with a warning or an error rebuilds everything, so the messages
//! are exactly those of a full build. `tests/incremental.rs` checks that after any sequence of
//! edits the result is byte for byte that of a fresh full build.

use crate::diagnostic::Diagnostic;
use crate::load::actors::{load_record, EXTS};
use crate::load::{is_editor_artifact, record_of, split_name};
use crate::model::{Actor, Site};
use crate::output::Collect;
use crate::pipeline::{self, BuildError, Kept, Rendered};
mod map;
mod order;
mod pieces;

use crate::render::pages::paging;
use crate::render::{self, Outputs, RenderOptions, Shared};
use crate::slug::slugify;
use pieces::{Pieces, Reuse};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a rebuild went about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pass {
    /// Everything was read and rendered.
    Full,
    /// Only these actor records were read again, and `outputs` files rendered.
    Actors { slugs: Vec<String>, outputs: usize },
}

/// Rebuilds one site again and again, as little as each change needs.
pub struct Rebuilder {
    root: PathBuf,
    opts: RenderOptions,
    /// The last build, when it was clean (no warnings): what a partial rebuild starts from.
    last: Option<Kept>,
    /// Per-actor pieces of the shared outputs as the last render of those outputs made them
    /// ([`pieces::Pieces`]); a render of them without the pieces starts a new one.
    memo: Arc<Pieces>,
    /// Actors changed since `memo`'s pieces were brought up to date.
    pending: BTreeSet<String>,
    /// The untranslated notes of the last build, made on the first partial rebuild after a
    /// full one.
    notes: Option<Notes>,
}

/// What has no translation yet, kept so that a partial rebuild lists it as a full build does
/// ([`pipeline::finish`]: sorted, without repeats, located in the source) but sorts and locates
/// only the notes of the actors it read again. Those of the rest of the site and of the theme
/// do not change in a partial rebuild, nor do their files.
///
/// The list itself is the kept rendering's `untranslated`, changed in place: `made` runs
/// parallel to it, so that a changed actor's notes are found and put in by binary search, and
/// a partial rebuild neither makes the list again nor copies it but once, into the rendering
/// it returns.
struct Notes {
    /// Each actor's notes, as [`crate::translations`] makes them (not located).
    actors: BTreeMap<String, Vec<Diagnostic>>,
    /// Every note of the site as made, which is what a full build sorts and removes repeats by,
    /// in that order and without repeats, with how many times it was made. Its `i`th note,
    /// located ([`crate::diagnostic::locate`]), is the `i`th of the list.
    made: Vec<(Diagnostic, usize)>,
}

/// One actor record before and after a change (`None`: not there).
struct Change {
    slug: String,
    old: Option<Actor>,
    new: Option<Actor>,
}

impl Rebuilder {
    pub fn new(root: PathBuf, opts: RenderOptions) -> Rebuilder {
        Rebuilder {
            root,
            opts,
            last: None,
            memo: Arc::default(),
            pending: BTreeSet::new(),
            notes: None,
        }
    }

    /// Rebuilds after the files `changed` (absolute paths below the site root) changed; with no
    /// paths, rebuilds everything. Returns the whole rendered site and how it was made.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<(Rendered, Pass), BuildError> {
        if let Some((rendered, pass)) = self.try_actors(changed) {
            return Ok((rendered, pass));
        }
        self.last = None;
        self.memo = Arc::default();
        self.pending.clear();
        self.notes = None;
        let kept = pipeline::render_keeping(&self.root, &self.opts)?;
        let rendered = kept.rendered.clone();
        if kept.rendered.warnings.is_empty() {
            self.last = Some(kept);
        }
        Ok((rendered, Pass::Full))
    }

    /// The partial rebuild, when the change allows one and it ends clean.
    fn try_actors(&mut self, changed: &[PathBuf]) -> Option<(Rendered, Pass)> {
        let kept = self.last.as_mut()?;
        // A new day (a preview left running past midnight) can change which events are
        // upcoming on any page.
        let today = crate::date::today(self.opts.today.as_deref())
            .ok()?
            .to_string();
        if kept.opts.today.as_deref() != Some(today.as_str()) {
            return None;
        }
        let changes = read_changes(&self.root, &kept.site, changed)?;
        let body_only = changes.iter().all(|c| match (&c.old, &c.new) {
            (Some(old), Some(new)) => same_but_body(old, new),
            _ => false,
        });
        let removed: Vec<String> = changes
            .iter()
            .filter(|c| c.new.is_none())
            .map(|c| c.slug.clone())
            .collect();
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        for c in &changes {
            if c.new.is_some() {
                dirty.insert(c.slug.clone());
            }
            let seen_alike = match (&c.old, &c.new) {
                (Some(old), Some(new)) => same_to_others(old, new),
                _ => false,
            };
            if !seen_alike {
                // The actors it names (relations, successor, buyer) show it on their pages.
                for a in c.old.iter().chain(&c.new) {
                    dirty.extend(a.names().map(str::to_string));
                }
                // Those that name it (unchanged records: the same before and after).
                dirty.extend(
                    kept.site
                        .actors
                        .iter()
                        .filter(|a| a.names().any(|s| s == c.slug))
                        .map(|a| a.slug.clone()),
                );
            }
        }
        // The campus and term pages that list a changed actor, or show a relation of one (on
        // the campuses of the actors at either end). An actor added or removed changes the
        // sitemap, which lists every page: then all of them.
        self.pending.extend(changes.iter().map(|c| c.slug.clone()));
        let shared = if body_only {
            None
        } else if changes.iter().any(|c| c.old.is_none() || c.new.is_none()) {
            // Rendered without the pieces, which then no longer match the output.
            self.memo = Arc::default();
            Some(Shared::all())
        } else {
            let versions = changes.iter().flat_map(|c| c.old.iter().chain(&c.new));
            let neighbours = dirty.iter().filter_map(|s| kept.site.actor(s));
            let campuses = versions
                .clone()
                .chain(neighbours)
                .flat_map(|a| a.campuses.iter().cloned())
                .collect();
            let types = versions.clone().map(|a| a.kind.clone()).collect();
            let sectors = versions.flat_map(|a| a.sectors.iter().cloned()).collect();
            Some(Shared {
                campuses: Some(campuses),
                types: Some(types),
                sectors: Some(sectors),
                sitemap: false,
                supply: Some(Arc::new(Reuse {
                    memo: self.memo.clone(),
                    changed: std::mem::take(&mut self.pending),
                })),
            })
        };
        let base_url = self
            .opts
            .base_url
            .clone()
            .unwrap_or_else(|| kept.site.config.base_url.clone());
        let base_path = crate::config::base_path_of(&base_url);
        let gone: Vec<String> = removed
            .iter()
            .flat_map(|slug| render::actor_files(&kept.site, &base_path, slug))
            .collect();
        let slugs: Vec<String> = changes.iter().map(|c| c.slug.clone()).collect();
        // Lists whose pages come or go (one more page, one fewer) change the sitemap and the
        // pages that link to them: those are built again in full.
        let pages_before = (!body_only).then(|| paging::page_counts(&kept.site));
        for c in changes {
            apply(&mut kept.site, &c.slug, c.new);
        }
        if pages_before.is_some_and(|before| before != paging::page_counts(&kept.site)) {
            return None;
        }
        dirty.retain(|s| kept.site.actor(s).is_some());
        // Body-only changes cannot change what validation says (it does not read bodies). The
        // last site was valid; of its actors, only the changed ones and those whose relations
        // point at them (all in `dirty`) can have become invalid.
        if !body_only && !crate::validate::validate_part(&kept.site, Some(&dirty)).is_empty() {
            return None;
        }
        let day = crate::date::Date::parse(&today)?;
        if !body_only && !crate::provenance::check(&kept.site, day, Some(&dirty)).is_empty() {
            return None;
        }
        let sitemap_again = shared.as_ref().is_some_and(|s| s.sitemap);
        let outputs = Outputs::Part {
            actors: dirty,
            shared,
        };
        let part = Collect::default();
        let diags = render::render_site(
            &kept.site,
            &kept.templates,
            &self.root,
            &kept.opts,
            &outputs,
            &part,
        );
        if !diags.is_empty() || !kept.site.take_body_problems().is_empty() {
            return None;
        }
        let part = part.into_tree();
        let outputs = part.len();
        let mut tree = kept.rendered.tree.clone();
        for file in &gone {
            tree.remove(file);
        }
        if sitemap_again {
            // The render put in the parts there are now.
            let parts: Vec<String> = tree
                .paths()
                .filter(|p| render::data::sitemap::is_part(p))
                .map(String::from)
                .collect();
            for file in &parts {
                tree.remove(file);
            }
        }
        tree.replace(part);
        let exists = |p: &str| tree.get(p).is_some();
        // Removing pages can break links anywhere; otherwise only the changed texts' links can
        // have changed.
        let links = if removed.is_empty() {
            crate::links::check_actors(&kept.site, slugs.iter().map(String::as_str), &exists)
        } else {
            crate::links::check(&kept.site, &exists)
        };
        if !links.is_empty() {
            return None;
        }
        kept.rendered.tree = tree;
        kept.rendered.actors = kept.site.actors.len();
        let notes = self
            .notes
            .get_or_insert_with(|| Notes::of(&self.root, kept));
        for slug in &slugs {
            let made = kept
                .site
                .actor(slug)
                .map(|a| crate::translations::untranslated_actor(&kept.site, a))
                .unwrap_or_default();
            notes.set(&self.root, slug, made, &mut kept.rendered.untranslated);
        }
        // The tree is shared, not copied ([`crate::output::OutputTree`]).
        Some((kept.rendered.clone(), Pass::Actors { slugs, outputs }))
    }
}

/// The actor records that `changed` touched, read again; `None` when a path is not an actor
/// record's file, or a record cannot be read cleanly on its own.
fn read_changes(root: &Path, site: &Site, changed: &[PathBuf]) -> Option<Vec<Change>> {
    let dir = root.join("content").join("actors");
    let languages = &site.config.languages;
    // Editors' temporary files (a save through a temporary file and a rename) are not records.
    let changed: Vec<PathBuf> = changed
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !is_editor_artifact(&n.to_string_lossy()))
        })
        .cloned()
        .collect();
    let mut slugs: BTreeSet<String> = BTreeSet::new();
    for path in &changed {
        let name = path.file_name()?.to_string_lossy();
        if !path.starts_with(&dir) || path.is_dir() {
            return None;
        }
        let (stem, _, ext) = split_name(&name, languages)?;
        if !EXTS.contains(&ext.as_str()) {
            return None;
        }
        slugs.insert(slugify(&stem));
    }
    if slugs.is_empty() {
        return None;
    }
    let mut changes = Vec::new();
    for slug in slugs {
        let old = site.actor(&slug);
        if old.is_some_and(|a| a.logo.is_some()) {
            return None;
        }
        let mut paths: Vec<PathBuf> = changed.clone();
        if let Some(a) = old {
            paths.push(root.join(&a.origin.file));
            paths.extend(a.translation_files.values().map(|f| root.join(f)));
        }
        paths.sort();
        paths.dedup();
        let record = record_of(&dir, root, &slug, &paths, &EXTS, languages)?;
        let new = if record.main.is_empty() {
            if !record.translations.is_empty() {
                return None;
            }
            None
        } else {
            let (actor, logo, diags) = load_record(root, &record, &site.config, &site.campuses);
            if !diags.is_empty() || logo.is_some() {
                return None;
            }
            Some(actor?)
        };
        if old.is_none() && new.is_none() {
            continue;
        }
        changes.push(Change {
            slug,
            old: old.cloned(),
            new,
        });
    }
    (!changes.is_empty()).then_some(changes)
}

/// Do the two versions of an actor differ in their Markdown bodies only?
fn same_but_body(old: &Actor, new: &Actor) -> bool {
    let without_body = |a: &Actor| {
        let mut a = a.clone();
        for t in a.text.by_lang.values_mut() {
            t.body = Default::default();
            t.links = Default::default();
        }
        a
    };
    without_body(old) == without_body(new)
}

/// Do the two versions of an actor differ only in texts other than its name? Other actors'
/// pages, and the campus pages of other actors, show an actor's name and its relations only
/// (and validation of their relations reads its type): those pages then stay the same.
fn same_to_others(old: &Actor, new: &Actor) -> bool {
    let names_only = |a: &Actor| {
        let mut a = a.clone();
        for t in a.text.by_lang.values_mut() {
            *t = crate::model::ActorText {
                name: std::mem::take(&mut t.name),
                ..Default::default()
            };
        }
        a
    };
    names_only(old) == names_only(new)
}

/// Puts `new` in the place of the actor `slug` (actors stay sorted by slug).
fn apply(site: &mut Site, slug: &str, new: Option<Actor>) {
    let at = site.actors.binary_search_by(|a| a.slug.as_str().cmp(slug));
    match (at, new) {
        (Ok(i), Some(a)) => site.actors[i] = a,
        (Ok(i), None) => {
            site.actors.remove(i);
        }
        (Err(i), Some(a)) => site.actors.insert(i, a),
        (Err(_), None) => {}
    }
}

impl Notes {
    /// The notes of `kept`'s site and theme, as a full build makes them; makes the list of
    /// `kept`'s rendering again to match.
    fn of(root: &Path, kept: &mut Kept) -> Notes {
        let site = &kept.site;
        let mut notes = Notes {
            actors: BTreeMap::new(),
            made: Vec::new(),
        };
        let mut all = Vec::new();
        for a in &site.actors {
            let made = crate::translations::untranslated_actor(site, a);
            all.extend(made.iter().cloned());
            if !made.is_empty() {
                notes.actors.insert(a.slug.clone(), made);
            }
        }
        all.extend(crate::translations::untranslated_but_actors(site));
        all.extend(crate::translations::untranslated_theme(
            kept.templates.theme(),
            root,
            &site.config.languages,
        ));
        all.sort();
        for note in all {
            match notes.made.last_mut() {
                Some((last, count)) if *last == note => *count += 1,
                _ => notes.made.push((note, 1)),
            }
        }
        let mut list: Vec<Diagnostic> = notes.made.iter().map(|(n, _)| n.clone()).collect();
        crate::diagnostic::locate(&mut list, root);
        kept.rendered.untranslated = list;
        notes
    }

    /// Puts `made` in the place of the notes of actor `slug` (none when it is gone), in `list`
    /// too (the list `self.made` runs parallel to).
    fn set(&mut self, root: &Path, slug: &str, made: Vec<Diagnostic>, list: &mut Vec<Diagnostic>) {
        debug_assert_eq!(
            self.made.len(),
            list.len(),
            "the notes run parallel to the list"
        );
        for old in self.actors.remove(slug).unwrap_or_default() {
            if let Ok(i) = self.made.binary_search_by(|(n, _)| n.cmp(&old)) {
                self.made[i].1 -= 1;
                if self.made[i].1 == 0 {
                    self.made.remove(i);
                    list.remove(i);
                }
            }
        }
        let mut located = made.clone();
        crate::diagnostic::locate(&mut located, root);
        for (note, located) in made.iter().zip(located) {
            match self.made.binary_search_by(|(n, _)| n.cmp(note)) {
                Ok(i) => self.made[i].1 += 1,
                Err(i) => {
                    self.made.insert(i, (note.clone(), 1));
                    list.insert(i, located);
                }
            }
        }
        if !made.is_empty() {
            self.actors.insert(slug.to_string(), made);
        }
    }
}
