//! Small helpers shared by the build script modules.

use std::fmt::Display;
use std::fs;
use std::path::Path;

/// Errors are plain messages that say what failed and on which file;
/// `main` prints them and fails the build.
pub type Result<T> = std::result::Result<T, String>;

/// Attach a description of what was being done to an error.
pub trait Context<T> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| format!("{}: {e}", what()))
    }
}

/// An environment variable that Cargo always sets for build scripts.
pub fn env_var(name: &str) -> Result<String> {
    std::env::var(name).context(|| format!("environment variable {name} (set by Cargo)"))
}

/// Tell Cargo to re-run the build script when `path` changes.
pub fn rerun_if_changed(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
}

/// Read a whole file, naming it in the error.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).context(|| format!("could not read {}", path.display()))
}

/// Read a UTF-8 text file, naming it in the error.
pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).context(|| format!("could not read {}", path.display()))
}

/// Write `contents` to `path`, creating parent directories, but leave the
/// file untouched if it already has exactly these bytes. Keeping the mtime
/// avoids recompiling the crate (which `include_bytes!`s these files) when a
/// re-run of the build script produces the same output.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<()> {
    if fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .context(|| format!("could not create directory {}", parent.display()))?;
    }
    fs::write(path, contents).context(|| format!("could not write {}", path.display()))
}
