//! Fault injection: builds that are killed, that fail on the disk, or that run two at once must
//! leave the output folder holding the old site or the new one, byte for byte, and nothing else
//! (no temporary files, no stray folders) — once the next build has recovered what a killed
//! one left.
//!
//! Runs the real binary over synthetic sites made by `examples/synth.rs` (built by
//! `cargo test --all-targets`, or `cargo build --example synth`). The builds are stopped at
//! named points of the commit through the binary's test-only hooks (`ECOATLAS_TEST_PAUSE`,
//! `ECOATLAS_TEST_FAIL`, `ECOATLAS_TEST_RESUME`; see `src/output/write.rs`). Each test prints
//! how many fault trials it ran and how many left anything but the old or the new site.
//! `ECOATLAS_FAULT_SEED` replays the random moments of an earlier run.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use support::*;

/// The big site of the kill trials (large enough that a debug build takes seconds, so random
/// kills land in every phase of it), and how many random kills it gets.
const ACTORS: usize = 500;
const RANDOM_KILLS: usize = 8;
/// Kills at a random moment of the commit itself (after the pause before it).
const COMMIT_KILLS: usize = 2;
/// The small site of the other trials.
const SMALL: usize = 40;
const TODAY: &str = "2026-01-01";

/// The example `name` as built for this test's profile; fails clearly when missing or stale.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test binary");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lies in target/<profile>/deps");
    let path = dir.join("examples").join(name);
    let hint = "build the examples first: `cargo test --all-targets` or `cargo build --examples`";
    let built = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| panic!("example `{name}` not found at {}; {hint}", path.display()));
    let source = std::fs::metadata(repo_root().join(format!("examples/{name}.rs")))
        .and_then(|m| m.modified())
        .unwrap();
    assert!(source <= built, "{} is stale; {hint}", path.display());
    path
}

fn synth(actors: usize, seed: u64, out: &Path) {
    let o = Command::new(example("synth"))
        .args(["--actors", &actors.to_string(), "--seed", &seed.to_string()])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "synth: {}", stderr(&o));
}

/// `ecoatlas build` of `site` into `out`, with the test hooks cleared.
fn build_command(site: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ecoatlas"));
    c.arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(out)
        .args(["--today", TODAY])
        .env_remove("ECOATLAS_TEST_PAUSE")
        .env_remove("ECOATLAS_TEST_FAIL")
        .env_remove("ECOATLAS_TEST_RESUME");
    c
}

/// A site's output as files and folders.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    files: BTreeMap<String, Vec<u8>>,
    folders: BTreeSet<String>,
}

fn snapshot(dir: &Path) -> Snapshot {
    let folders = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    Snapshot {
        files: read_tree(dir),
        folders,
    }
}

/// Two sites, built once each into reference folders, and a place to try builds.
struct Pair {
    dir: tempfile::TempDir,
    old_site: PathBuf,
    new_site: PathBuf,
    old_out: PathBuf,
    old: Snapshot,
    new: Snapshot,
    /// How long a full build of the new site took.
    build_time: Duration,
}

impl Pair {
    fn new(actors: usize) -> Pair {
        let dir = tempfile::tempdir().unwrap();
        let (old_site, new_site) = (dir.path().join("old"), dir.path().join("new"));
        synth(actors, 1, &old_site);
        // Another seed: most pages go, others come, some change; the theme's files stay.
        synth(actors * 19 / 20, 2, &new_site);
        let old_out = dir.path().join("old-out");
        let new_out = dir.path().join("new-out");
        let o = build_command(&old_site, &old_out).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let started = Instant::now();
        let o = build_command(&new_site, &new_out).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let build_time = started.elapsed();
        let (old, new) = (snapshot(&old_out), snapshot(&new_out));
        assert_ne!(old.files, new.files);
        Pair {
            dir,
            old_site,
            new_site,
            old_out,
            old,
            new,
            build_time,
        }
    }

    /// A fresh output folder holding the old site.
    fn old_output(&self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let o = Command::new("cp")
            .arg("-a")
            .arg(&self.old_out)
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "cp: {}", stderr(&o));
        out
    }

    /// Which site `out` holds: "old", "new", or what differs from both.
    fn which(&self, out: &Path) -> Result<&'static str, String> {
        let now = snapshot(out);
        if now == self.old {
            return Ok("old");
        }
        if now == self.new {
            return Ok("new");
        }
        let differ = |want: &Snapshot| {
            let mut d: Vec<String> = now
                .files
                .keys()
                .chain(want.files.keys())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .filter(|p| now.files.get(*p) != want.files.get(*p))
                .take(5)
                .cloned()
                .collect();
            d.extend(
                now.folders
                    .symmetric_difference(&want.folders)
                    .take(3)
                    .map(|f| format!("{f}/")),
            );
            d
        };
        Err(format!(
            "neither site: differs from the old in {:?}, from the new in {:?}",
            differ(&self.old),
            differ(&self.new)
        ))
    }

    /// What the next build does first, and only that: it recovers, then fails at the test hook
    /// right after. Returns its standard error.
    fn recover(&self, out: &Path) -> String {
        let o = build_command(&self.new_site, out)
            .env("ECOATLAS_TEST_FAIL", "locked")
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("test failure at locked"), "{err}");
        err
    }
}

/// The lines a child writes to standard error, as they come.
fn stderr_lines(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let pipe = child.stderr.take().expect("stderr piped");
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line containing `needle`; returns the lines up to it.
fn wait_for(lines: &Receiver<String>, needle: &str, timeout: Duration) -> Vec<String> {
    let deadline = Instant::now() + timeout;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(RecvTimeoutError::Timeout) => panic!("no `{needle}` in {seen:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("ended without `{needle}`: {seen:?}"),
        }
    }
}

/// xorshift64*, seeded from the clock unless `ECOATLAS_FAULT_SEED` is set.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("ECOATLAS_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("fault seed: {seed} (ECOATLAS_FAULT_SEED={seed} replays it)");
        Rng(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

/// Counts trials and the ones that left neither site.
#[derive(Default)]
struct Tally {
    trials: usize,
    bad: Vec<String>,
}

impl Tally {
    fn record(&mut self, what: &str, result: Result<&'static str, String>) -> &'static str {
        self.trials += 1;
        match result {
            Ok(site) => site,
            Err(e) => {
                self.bad.push(format!("{what}: {e}"));
                "neither"
            }
        }
    }

    fn finish(self, name: &str) {
        eprintln!(
            "{name}: {} fault trials, {} left anything but the old or the new site",
            self.trials,
            self.bad.len()
        );
        assert!(self.bad.is_empty(), "{:#?}", self.bad);
    }
}

/// No temporary file of a build is left anywhere below `out`.
fn assert_no_leftovers(out: &Path) {
    let left: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.contains("ecoatlas-staging") || n.contains("ecoatlas-tmp")
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn killed_builds_leave_the_old_or_the_new_site_once_the_next_build_recovers() {
    let pair = Pair::new(ACTORS);
    let mut tally = Tally::default();
    let mut rng = Rng::new();
    eprintln!(
        "a build of the new site ({ACTORS} actors) took {:.1} s",
        pair.build_time.as_secs_f64()
    );

    // Killed at a random moment of the whole build.
    let span = pair.build_time.as_millis() as u64 * 11 / 10;
    for i in 0..RANDOM_KILLS {
        let out = pair.old_output("out");
        let delay = Duration::from_millis(rng.below(span));
        let mut child = build_command(&pair.new_site, &out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap();
        child.wait().unwrap();
        pair.recover(&out);
        let site = tally.record(&format!("random kill {i} at {delay:?}"), pair.which(&out));
        eprintln!("random kill after {delay:?} (finished first: {finished}): {site} site");
        assert_no_leftovers(&out);
    }

    // Killed at each named point; what the next build must find there, and say.
    for (point, want, says) in [
        ("locked", "old", "had not changed the site"),
        ("commit", "old", "had not changed the site"),
        ("journal", "new", "completed it"),
        ("apply", "new", "completed it"),
        ("applied", "new", "completed it"),
        ("done", "new", "had finished writing the site"),
    ] {
        let out = pair.old_output("out");
        let mut child = build_command(&pair.new_site, &out)
            .env("ECOATLAS_TEST_PAUSE", point)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = stderr_lines(&mut child);
        wait_for(
            &lines,
            &format!("test pause at {point}"),
            Duration::from_secs(600),
        );
        child.kill().unwrap();
        child.wait().unwrap();
        let said = pair.recover(&out);
        let site = tally.record(&format!("killed at {point}"), pair.which(&out));
        eprintln!("killed at {point}: {site} site");
        assert_eq!(site, want, "killed at {point}");
        let notes: Vec<&str> = said.lines().filter(|l| l.starts_with("note:")).collect();
        assert!(
            notes.len() == 1 && notes[0].contains(says),
            "killed at {point}, the next build said: {said}"
        );
        assert_no_leftovers(&out);
    }

    // Killed at a random moment of the commit: paused before it, let go, killed soon after.
    for i in 0..COMMIT_KILLS {
        let out = pair.old_output("out");
        let resume = pair.dir.path().join(format!("resume-{i}"));
        let mut child = build_command(&pair.new_site, &out)
            .env("ECOATLAS_TEST_PAUSE", "commit")
            .env("ECOATLAS_TEST_RESUME", &resume)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = stderr_lines(&mut child);
        wait_for(&lines, "test pause at commit", Duration::from_secs(600));
        let delay = Duration::from_millis(rng.below(400));
        std::fs::write(&resume, "").unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
        pair.recover(&out);
        let site = tally.record(&format!("commit kill {i} at {delay:?}"), pair.which(&out));
        eprintln!("killed {delay:?} into the commit: {site} site");
        assert_no_leftovers(&out);
    }

    // After all that, a real build: the new site, and the files it shares with the old one
    // (the theme's) untouched.
    let out = pair.old_output("out");
    // A theme file (the share images are drawn from the content, which changed).
    let asset = walkdir::WalkDir::new(out.join("assets"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_type().is_file() && !e.path().starts_with(out.join("assets/share")))
        .unwrap()
        .into_path();
    let before = std::fs::metadata(&asset).unwrap();
    let o = build_command(&pair.new_site, &out).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(pair.which(&out), Ok("new"));
    let after = std::fs::metadata(&asset).unwrap();
    assert_eq!(
        before.modified().unwrap(),
        after.modified().unwrap(),
        "{} was rewritten with the same bytes",
        asset.display()
    );
    tally.finish("kills");
}

/// Runs a build that must fail (exit 1 or 2) and checks that `out` is as it was.
fn fails_and_leaves(pair: &Pair, out: &Path, cmd: &mut Command, tally: &mut Tally, what: &str) {
    let before = snapshot(out);
    let o = cmd.output().unwrap();
    assert!(
        !o.status.success(),
        "{what}: the build succeeded: {}",
        stdout(&o)
    );
    eprintln!("{what}: {}", stderr(&o).lines().last().unwrap_or_default());
    let now = snapshot(out);
    let result = if now == before {
        Ok("old")
    } else {
        pair.which(out)
            .and_then(|_| Err("the output changed although the build failed".to_string()))
    };
    tally.record(what, result);
    assert_no_leftovers(out);
}

#[test]
fn builds_that_fail_leave_the_output_byte_identical() {
    let pair = Pair::new(SMALL);
    let mut tally = Tally::default();

    // At each point of the commit, including half-way through applying it.
    for point in ["locked", "commit", "journal", "apply", "applied"] {
        let out = pair.old_output("out");
        let mut cmd = build_command(&pair.new_site, &out);
        cmd.env("ECOATLAS_TEST_FAIL", point);
        fails_and_leaves(
            &pair,
            &out,
            &mut cmd,
            &mut tally,
            &format!("failure at {point}"),
        );
    }

    // A file that cannot be replaced: immutable (as root, where permissions do not stop
    // anything), else in a read-only folder.
    let out = pair.old_output("out");
    let changed = pair
        .new
        .files
        .iter()
        .find(|(p, b)| p.contains('/') && pair.old.files.get(*p).is_some_and(|o| o != *b))
        .map(|(p, _)| out.join(p))
        .expect("a file both sites have, with other bytes");
    let stuck = Stuck::new(&changed);
    match &stuck {
        Some(_) => {
            let mut cmd = build_command(&pair.new_site, &out);
            fails_and_leaves(
                &pair,
                &out,
                &mut cmd,
                &mut tally,
                "a file that cannot be replaced",
            );
        }
        None => eprintln!("skipped: cannot make a file unreplaceable here"),
    }
    drop(stuck);

    // A full disk, at several amounts of free space (so that it fills at different steps).
    match Tmpfs::mount(&pair.dir.path().join("disk"), 8 << 20) {
        None => eprintln!("skipped the full disk: not root, or mounting a tmpfs failed"),
        Some(disk) => {
            for free in [0u64, 4 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20] {
                let out = disk.path.join("out");
                if out.exists() {
                    std::fs::remove_dir_all(&out).unwrap();
                }
                let o = Command::new("cp")
                    .arg("-a")
                    .arg(&pair.old_out)
                    .arg(&out)
                    .output()
                    .unwrap();
                assert!(
                    o.status.success(),
                    "the old site does not fit: {}",
                    stderr(&o)
                );
                disk.fill_leaving(free);
                let before = snapshot(&out);
                let o = build_command(&pair.new_site, &out).output().unwrap();
                let result = if o.status.success() {
                    pair.which(&out)
                } else if snapshot(&out) == before {
                    Ok("old")
                } else {
                    Err(format!("changed by a failed build: {}", stderr(&o)))
                };
                let site = tally.record(&format!("full disk, {free} bytes free"), result);
                eprintln!(
                    "full disk with {free} bytes free: {}; {site} site",
                    if o.status.success() {
                        "built"
                    } else {
                        "failed"
                    }
                );
                assert_no_leftovers(&out);
                disk.unfill();
            }
        }
    }
    tally.finish("failures");
}

/// A file made unreplaceable for as long as this lives.
struct Stuck {
    path: PathBuf,
    immutable: bool,
}

impl Stuck {
    fn new(file: &Path) -> Option<Stuck> {
        if is_root() {
            let ok = Command::new("chattr")
                .arg("+i")
                .arg(file)
                .status()
                .is_ok_and(|s| s.success());
            return ok.then(|| Stuck {
                path: file.to_path_buf(),
                immutable: true,
            });
        }
        use std::os::unix::fs::PermissionsExt;
        let dir = file.parent().unwrap();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).ok()?;
        Some(Stuck {
            path: dir.to_path_buf(),
            immutable: false,
        })
    }
}

impl Drop for Stuck {
    fn drop(&mut self) {
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| stdout(&o).trim() == "0")
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    fn mount(path: &Path, size: u64) -> Option<Tmpfs> {
        if !is_root() {
            return None;
        }
        std::fs::create_dir_all(path).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}")])
            .arg("tmpfs")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs {
            path: path.to_path_buf(),
        })
    }

    fn filler(&self) -> PathBuf {
        self.path.join("filler")
    }

    /// Takes all free space but `free` bytes.
    fn fill_leaving(&self, free: u64) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.filler()).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        drop(f);
        let len = std::fs::metadata(self.filler()).unwrap().len();
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(self.filler())
            .unwrap();
        f.set_len(len.saturating_sub(free)).unwrap();
    }

    fn unfill(&self) {
        let _ = std::fs::remove_file(self.filler());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn two_builds_at_once_take_turns() {
    let pair = Pair::new(SMALL);
    let out = pair.old_output("out");
    let resume = pair.dir.path().join("resume");
    // The first stops in its commit, holding the lock...
    let mut first = build_command(&pair.new_site, &out)
        .env("ECOATLAS_TEST_PAUSE", "journal")
        .env("ECOATLAS_TEST_RESUME", &resume)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let first_lines = stderr_lines(&mut first);
    wait_for(
        &first_lines,
        "test pause at journal",
        Duration::from_secs(300),
    );
    // ... the second, of the other site, waits for it and says so ...
    let mut second = build_command(&pair.old_site, &out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let second_lines = stderr_lines(&mut second);
    wait_for(
        &second_lines,
        "another ecoatlas build is writing to",
        Duration::from_secs(60),
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second did not wait"
    );
    // ... and goes on once the first has finished: the result is the second's site, whole.
    std::fs::write(&resume, "").unwrap();
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    assert_eq!(pair.which(&out), Ok("old"));
    assert_no_leftovers(&out);
    eprintln!("two builds at once: 1 fault trial, 0 left anything but the old or the new site");
}

#[test]
fn a_killed_first_build_leaves_a_folder_the_next_build_takes_as_its_own() {
    let pair = Pair::new(SMALL);
    let mut tally = Tally::default();
    for point in ["locked", "commit", "apply"] {
        let out = pair.dir.path().join(format!("first-{point}"));
        let mut child = build_command(&pair.new_site, &out)
            .env("ECOATLAS_TEST_PAUSE", point)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = stderr_lines(&mut child);
        wait_for(
            &lines,
            &format!("test pause at {point}"),
            Duration::from_secs(300),
        );
        child.kill().unwrap();
        child.wait().unwrap();
        // No --force needed: the folder is marked as ecoatlas output from the start.
        let o = build_command(&pair.new_site, &out).output().unwrap();
        assert!(
            o.status.success(),
            "after a first build killed at {point}: {}",
            stderr(&o)
        );
        tally.record(
            &format!("first build killed at {point}"),
            pair.which(&out).and_then(|s| {
                if s == "new" {
                    Ok(s)
                } else {
                    Err(format!("the {s} site after a full build"))
                }
            }),
        );
        assert_no_leftovers(&out);
    }
    // A first build that fails leaves nothing at all.
    let out = pair.dir.path().join("first-failed");
    let o = build_command(&pair.new_site, &out)
        .env("ECOATLAS_TEST_FAIL", "apply")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!out.exists(), "a failed first build left {}", out.display());
    tally.finish("first builds");
}
