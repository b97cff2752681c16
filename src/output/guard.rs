//! Which folders a build may empty. A build makes its output folder hold exactly the site, so it
//! deletes whatever else is there: the output folder must never be (or hold) something the user
//! keeps. Paths are compared as the file system resolves them (`..` and symbolic links followed),
//! so that `site/content/..`, a link to the site or `$HOME/..` are seen for what they are.

use super::MARKER;
use anyhow::{bail, Context, Result};
use std::path::{Component, Path, PathBuf};

/// Why `out` may not be used as the output folder of the site in `site_root`, if it may not.
///
/// Never allowed, not even with `force`: the site's root or any folder that holds it (up to
/// `/`), the site's `content/` and `themes/` folders or anything inside them, and the home
/// folder or any folder that holds it. Allowed only with `force`: a folder that is not empty and
/// has no [`MARKER`] (ecoatlas did not create it).
pub fn check_output_dir(out: &Path, site_root: &Path, force: bool) -> Result<()> {
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    check_with_home(out, site_root, home.as_deref(), force)
}

/// [`check_output_dir`] with the home folder given (so that tests need not change `HOME`).
fn check_with_home(out: &Path, site_root: &Path, home: Option<&Path>, force: bool) -> Result<()> {
    let real_out = real_path(out)
        .with_context(|| format!("cannot resolve the output folder {}", out.display()))?;
    let root = real_path(site_root)
        .with_context(|| format!("cannot resolve the site folder {}", site_root.display()))?;
    if let Some(why) = protected(&real_out, &root, home) {
        let shown = if real_out.as_path() == out {
            out.display().to_string()
        } else {
            format!("{} (that is {})", out.display(), real_out.display())
        };
        bail!(
            "refusing to use {shown} as the output folder: {why}, and a build deletes everything \
             in its output folder that is not part of the site; choose a folder of its own, such \
             as {}",
            root.join("output").display()
        );
    }
    let meta = match std::fs::metadata(&real_out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", out.display())),
    };
    if !meta.is_dir() {
        bail!(
            "the output path {} exists and is not a folder",
            out.display()
        );
    }
    if force {
        return Ok(());
    }
    let has_marker = real_out.join(MARKER).is_file();
    let empty = std::fs::read_dir(&real_out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if !has_marker && !empty {
        bail!(
            "refusing to write into {}: it is not empty and was not created by ecoatlas (no {MARKER} file); pass --force to replace its contents",
            out.display()
        );
    }
    Ok(())
}

/// Why the real folder `out` must never be emptied, if it must not.
fn protected(out: &Path, root: &Path, home: Option<&Path>) -> Option<String> {
    if out.parent().is_none() {
        return Some("it is the root of the file system".into());
    }
    if out == root {
        return Some("it is the site's own folder".into());
    }
    if root.starts_with(out) {
        return Some(format!("it holds the site ({})", root.display()));
    }
    for part in ["content", "themes"] {
        let dir = real_path(&root.join(part)).unwrap_or_else(|_| root.join(part));
        if out.starts_with(&dir) {
            return Some(if out == dir {
                format!("it is the site's {part}/ folder")
            } else {
                format!("it is inside the site's {part}/ folder")
            });
        }
    }
    if let Some(home) = home {
        let home = real_path(home).unwrap_or_else(|_| home.to_path_buf());
        if out == home {
            return Some("it is your home folder".into());
        }
        if home.starts_with(out) {
            return Some(format!("it holds your home folder ({})", home.display()));
        }
    }
    None
}

/// `path` as the file system resolves it: absolute, with `.`, `..` and symbolic links resolved
/// as far as the path exists; the part that does not exist yet is appended as written (its `..`
/// taken away lexically, which is what creating the folders would come to).
pub fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut real = PathBuf::new();
    // Once a component does not exist, nothing below it can be a link.
    let mut exists = true;
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => real.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                if exists {
                    match std::fs::canonicalize(&real) {
                        Ok(r) => real = r,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            // A dangling link is followed no further: creating the output
                            // folder would fail on it anyway.
                            exists = false;
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site with content/ and themes/, inside a fake home folder, inside a temporary folder.
    struct Fixture {
        _dir: tempfile::TempDir,
        top: PathBuf,
        home: PathBuf,
        site: PathBuf,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(dir.path()).unwrap();
        let home = top.join("home");
        let site = home.join("site");
        std::fs::create_dir_all(site.join("content/actors")).unwrap();
        std::fs::create_dir_all(site.join("themes/default/static")).unwrap();
        std::fs::write(site.join("site.yaml"), "title: x\n").unwrap();
        Fixture {
            _dir: dir,
            top,
            home,
            site,
        }
    }

    impl Fixture {
        /// The refusal for `out`, with and without `--force`, which must agree.
        fn refusal(&self, out: &Path) -> Option<String> {
            let plain = check_with_home(out, &self.site, Some(&self.home), false).err();
            let forced = check_with_home(out, &self.site, Some(&self.home), true).err();
            assert_eq!(
                plain.is_some(),
                forced.is_some(),
                "{}: --force must not change a refusal of a protected folder",
                out.display()
            );
            let message = forced.map(|e| format!("{e:#}"));
            if let Some(m) = &message {
                assert!(!m.contains("--force"), "suggests --force: {m}");
            }
            message
        }
    }

    #[test]
    fn the_site_and_every_folder_holding_it_are_refused_even_with_force() {
        let f = fixture();
        let cases = [
            (f.site.clone(), "the site's own folder"),
            (f.site.join("content/.."), "the site's own folder"),
            (f.site.join("content/actors/../.."), "the site's own folder"),
            (f.site.join("./output/.."), "the site's own folder"),
            (f.site.join("missing/../.."), "holds the site"),
            (f.home.clone(), "holds the site"),
            (f.site.join(".."), "holds the site"),
            (f.top.clone(), "holds the site"),
            (f.home.join(".."), "holds the site"),
            (PathBuf::from("/"), "root of the file system"),
            (f.site.join("content"), "content/ folder"),
            (f.site.join("content/actors"), "inside the site's content/"),
            (
                f.site.join("content/new/deeper"),
                "inside the site's content/",
            ),
            (f.site.join("themes"), "themes/ folder"),
            (
                f.site.join("themes/default/static"),
                "inside the site's themes/",
            ),
        ];
        for (out, why) in cases {
            let m = f
                .refusal(&out)
                .unwrap_or_else(|| panic!("{} was allowed", out.display()));
            assert!(m.contains(why), "{}: {m}", out.display());
            assert!(
                m.contains(&out.display().to_string()),
                "names the folder: {m}"
            );
        }
    }

    #[test]
    fn links_are_followed_to_the_folder_they_name() {
        let f = fixture();
        let to_site = f.top.join("link-to-site");
        std::os::unix::fs::symlink(&f.site, &to_site).unwrap();
        let m = f.refusal(&to_site).expect("a link to the site");
        assert!(
            m.contains("the site's own folder") && m.contains(&f.site.display().to_string()),
            "{m}"
        );
        let to_content = f.top.join("link-to-content");
        std::os::unix::fs::symlink(f.site.join("content"), &to_content).unwrap();
        assert!(f.refusal(&to_content).is_some(), "a link to content/");
        // A link inside the site that leads up out of it.
        let up = f.site.join("up");
        std::os::unix::fs::symlink("../..", &up).unwrap();
        assert!(f.refusal(&up).unwrap().contains("holds the site"));
        // `link/..` is the parent of the link's target, not of the link.
        let deep = f.top.join("deep");
        std::os::unix::fs::symlink(f.site.join("content/actors"), &deep).unwrap();
        let m = f
            .refusal(&deep.join(".."))
            .expect("content/ through a link");
        assert!(m.contains("content/ folder"), "{m}");
    }

    #[test]
    fn the_home_folder_and_its_parents_are_refused_even_with_force() {
        let f = fixture();
        // A home folder that does not hold the site, named through a link.
        let other = f.top.join("other");
        std::fs::create_dir_all(other.join("www")).unwrap();
        let link = f.top.join("home-link");
        std::os::unix::fs::symlink(&other, &link).unwrap();
        for home in [&other, &link] {
            let check = |out: &Path, force| check_with_home(out, &f.site, Some(home), force);
            for out in [other.clone(), link.clone(), other.join("www/..")] {
                for force in [false, true] {
                    let m = format!("{:#}", check(&out, force).unwrap_err());
                    assert!(m.contains("it is your home folder"), "{m}");
                    assert!(!m.contains("--force"), "{m}");
                }
            }
            let m = check(&f.top, true).unwrap_err().to_string();
            assert!(m.contains("holds"), "{m}");
            assert!(
                check(&other.join("www"), false).is_ok(),
                "a folder inside home"
            );
        }
    }

    #[test]
    fn folders_of_their_own_are_allowed_and_foreign_ones_need_force() {
        let f = fixture();
        let check = |out: &Path, force| check_with_home(out, &f.site, Some(&f.home), force);
        assert!(check(&f.site.join("output"), false).is_ok(), "the default");
        assert!(check(&f.site.join("public/../output"), false).is_ok());
        assert!(check(&f.home.join("www"), false).is_ok(), "inside home");
        let foreign = f.top.join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let m = check(&foreign, false).unwrap_err().to_string();
        assert!(
            m.contains("--force") && m.contains("not created by ecoatlas"),
            "{m}"
        );
        assert!(check(&foreign, true).is_ok());
        std::fs::write(foreign.join(MARKER), "").unwrap();
        assert!(check(&foreign, false).is_ok(), "marked as ecoatlas output");
        let file = f.top.join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(check(&file, true)
            .unwrap_err()
            .to_string()
            .contains("not a folder"));
    }

    #[test]
    fn real_paths_resolve_dots_and_links_and_keep_what_does_not_exist() {
        let f = fixture();
        assert_eq!(real_path(&f.site.join("content/..")).unwrap(), f.site);
        assert_eq!(
            real_path(&f.site.join("a/b/../c/./d")).unwrap(),
            f.site.join("a/c/d")
        );
        let link = f.top.join("l");
        std::os::unix::fs::symlink(f.site.join("content"), &link).unwrap();
        assert_eq!(
            real_path(&link.join("new")).unwrap(),
            f.site.join("content/new")
        );
        assert_eq!(real_path(&link.join("..")).unwrap(), f.site);
    }
}
