//! The output folder. A build is written to a fresh dot-named folder beside
//! OUT and swapped in only when complete. OUT is replaced only when it is
//! absent, empty, or holds exactly the files its marker lists; anything else is
//! refused before a byte is written. Leftovers of an interrupted build are
//! recovered (an old build put back) or removed at the next run.

pub(crate) mod in_place;
pub mod pdf;
mod staged_file;

use crate::diag::Code;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, msg};
use crate::output::BUILD_MARKER;
use crate::output::Output;
use staged_file::StagedFile;

const MARKER_HEADER: &str = "# welfare-plan build: this folder is replaced by the next build.\n# Files it wrote (anything else here stops the next build):\n";
const NEW_TAG: &str = "welfare-plan-new";
const OLD_TAG: &str = "welfare-plan-old";
const LOCK_TAG: &str = "welfare-plan-lock";

/// What a successful write did.
#[derive(Debug)]
pub struct Written {
    pub files: usize,
    pub recovered: bool,
}

fn refused(out: &Path, key: &str, extra: &[(&'static str, &str)]) -> Diagnostic {
    let shown = out.display().to_string();
    let mut args = vec![("path", shown.as_str())];
    args.extend_from_slice(extra);
    Diagnostic::at_path(Code::OutputRefused, shown.clone(), msg(key, &args))
}

fn io_error(path: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    let shown = path.display().to_string();
    Box::new(Diagnostic::at_path(
        Code::IoError,
        shown.clone(),
        msg("io-error", &[("path", &shown), ("error", &e.to_string())]),
    ))
}

/// The absolute, symlink-free form of a path that may not exist yet.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize()?;
    for part in rest.iter().rev() {
        if part == ".." {
            resolved.pop();
        } else if part != "." {
            resolved.push(part);
        }
    }
    Ok(resolved)
}

/// Every file (and symlink) below `dir`, relative and `/`-separated.
fn files_in(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_dir() {
            found.insert(crate::source::rel_string(
                entry.path().strip_prefix(dir).unwrap_or(entry.path()),
            ));
        }
    }
    Ok(found)
}

fn read_marker(dir: &Path) -> Option<BTreeSet<String>> {
    let text = fs::read_to_string(dir.join(BUILD_MARKER)).ok()?;
    text.starts_with("# welfare-plan build").then(|| {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// Siblings left by an interrupted build: (new folders, old folders).
fn leftovers(parent: &Path, name: &str) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut new, mut old) = (Vec::new(), Vec::new());
    let Ok(entries) = fs::read_dir(parent) else {
        return (new, old);
    };
    let new_prefix = format!(".{name}.{NEW_TAG}-");
    let old_prefix = format!(".{name}.{OLD_TAG}-");
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let is_ours = e.path().join(BUILD_MARKER).is_file();
        if n.starts_with(&new_prefix) && is_ours {
            new.push(e.path());
        } else if n.starts_with(&old_prefix) && is_ours {
            old.push(e.path());
        }
    }
    new.sort();
    old.sort();
    (new, old)
}

/// Puts back an old build whose swap was interrupted, removes half-written ones.
fn recover(out: &Path, parent: &Path, name: &str) -> Result<bool, Box<Diagnostic>> {
    let (new, old) = leftovers(parent, name);
    let mut recovered = false;
    for (i, o) in old.iter().enumerate() {
        if i == 0 && !out.exists() {
            fs::rename(o, out).map_err(|e| io_error(out, &e))?;
            recovered = true;
        } else {
            fs::remove_dir_all(o).map_err(|e| io_error(o, &e))?;
        }
    }
    for n in new {
        fs::remove_dir_all(&n).map_err(|e| io_error(&n, &e))?;
    }
    Ok(recovered)
}

/// Refuses an OUT that would lose anything the tool did not write.
fn check_replaceable(out: &Path) -> Result<(), Box<Diagnostic>> {
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(out, &e)),
    };
    if !meta.is_dir() {
        return Err(Box::new(refused(out, "out-not-a-folder", &[])));
    }
    let present = files_in(out).map_err(|e| io_error(out, &e))?;
    if present.is_empty() {
        return Ok(());
    }
    let listed = match read_marker(out) {
        Some(l) => l,
        None => {
            let sample: Vec<&str> = present.iter().take(5).map(String::as_str).collect();
            return Err(Box::new(
                refused(out, "out-not-ours", &[("files", &sample.join(", "))])
                    .with_help(msg("help-out-not-ours", &[])),
            ));
        }
    };
    let extra: Vec<&str> = present
        .iter()
        .filter(|f| f.as_str() != BUILD_MARKER && !listed.contains(*f))
        .map(String::as_str)
        .collect();
    if !extra.is_empty() {
        let shown: Vec<&str> = extra.iter().take(10).copied().collect();
        let more = if extra.len() > 10 {
            format!(" (+{})", extra.len() - 10)
        } else {
            String::new()
        };
        return Err(Box::new(
            refused(
                out,
                "out-has-extra-files",
                &[("files", &format!("{}{more}", shown.join(", ")))],
            )
            .with_help(msg("help-out-has-extra-files", &[])),
        ));
    }
    Ok(())
}

/// Adds `files` to the marker of the folder `dir`.
fn record(dir: &Path, files: &[String]) -> std::io::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut marker = fs::read_to_string(dir.join(BUILD_MARKER))?;
    for f in files {
        marker.push_str(f);
        marker.push('\n');
    }
    fs::write(dir.join(BUILD_MARKER), marker)
}

/// OUT claimed for one build: judged, locked against every other build,
/// and recovered from an interrupted one — before the plan is even read, so
/// that a refused OUT is reported with the plan's own errors (2 wins) and a
/// half-done swap is put right whatever becomes of this build.
#[derive(Debug)]
pub struct Claim {
    /// Held until the claim is dropped; the kernel releases it if the process dies.
    _lock: fs::File,
    abs: PathBuf,
    parent: PathBuf,
    name: String,
    /// An earlier interrupted build's output was put back.
    pub recovered: bool,
}

/// The lock file beside OUT that serialises builds into it.
fn lock_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.{LOCK_TAG}"))
}

/// Takes the lock on `path`, waiting at most `wait` for another build to finish.
fn lock(path: &Path, out: &Path, wait: Duration) -> Result<fs::File, Box<Diagnostic>> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| io_error(path, &e))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Box::new(
                    refused(out, "out-busy", &[("seconds", &wait.as_secs().to_string())])
                        .with_help(msg("help-out-busy", &[])),
                ));
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_error(path, &e)),
        }
    }
}

/// Claims `out` for a build of the plan at `plan_root`.
pub fn claim(out: &Path, plan_root: &Path, wait: Duration) -> Result<Claim, Box<Diagnostic>> {
    let abs = absolute(out).map_err(|e| io_error(out, &e))?;
    let cwd = std::env::current_dir()
        .and_then(|c| c.canonicalize())
        .map_err(|e| io_error(out, &e))?;
    let root = plan_root
        .canonicalize()
        .map_err(|e| io_error(plan_root, &e))?;
    if abs == cwd {
        return Err(Box::new(refused(out, "out-is-cwd", &[])));
    }
    if root.starts_with(&abs) {
        return Err(Box::new(refused(out, "out-contains-plan", &[])));
    }
    let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else {
        return Err(Box::new(refused(out, "out-is-cwd", &[])));
    };
    let (parent, name) = (parent.to_path_buf(), name.to_string_lossy().into_owned());
    fs::create_dir_all(&parent).map_err(|e| io_error(&parent, &e))?;
    let lock = lock(&lock_path(&parent, &name), out, wait)?;
    // Under the lock, any dot-folder left beside OUT belongs to a build that is gone.
    let recovered = recover(&abs, &parent, &name)?;
    check_replaceable(&abs)?;
    Ok(Claim {
        _lock: lock,
        abs,
        parent,
        name,
        recovered,
    })
}

impl Claim {
    /// Starts the new build in a fresh dot-named folder beside OUT; files go
    /// into it as they are rendered ([`Staging`] is a render sink).
    pub fn begin(self) -> Result<Staging, Box<Diagnostic>> {
        let pid = std::process::id();
        let new = self.parent.join(format!(".{}.{NEW_TAG}-{pid}", self.name));
        let previous = self.abs.is_dir().then(|| self.abs.clone());
        let started = fs::create_dir(&new).and_then(|()| {
            // The marker goes first, so an interrupted folder is recognisable as ours.
            fs::write(
                new.join(BUILD_MARKER),
                format!("{MARKER_HEADER}# (incomplete)\n"),
            )
        });
        if let Err(e) = started {
            let _ = fs::remove_dir_all(&new);
            return Err(io_error(&new, &e));
        }
        Ok(Staging {
            claim: self,
            new,
            previous,
            written: Mutex::default(),
            failed: Mutex::default(),
        })
    }
}

/// A build being written: the new folder beside OUT, filled as files come,
/// then completed and swapped in ([`finish`](Staging::finish)) or removed
/// ([`abandon`](Staging::abandon)). OUT stays locked meanwhile.
pub struct Staging {
    claim: Claim,
    new: PathBuf,
    previous: Option<PathBuf>,
    /// The paths written, for the marker.
    written: Mutex<Vec<String>>,
    /// The first write that failed: the build fails with it.
    failed: Mutex<Option<Box<Diagnostic>>>,
}

impl crate::output::Sink for Staging {
    fn put(&self, output: Output) {
        let mut file = self.create(output.path);
        let _ = file.write_all(&output.bytes);
        file.done();
    }

    fn create(&self, path: String) -> Box<dyn crate::output::OutFile + '_> {
        Box::new(StagedFile::new(self, path))
    }
}

/// Where each staged file's result goes.
impl Staging {
    fn written(&self, rel: String) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel);
    }

    /// The first failure is the one reported.
    fn failed(&self, path: &Path, error: &std::io::Error) {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed.get_or_insert_with(|| io_error(path, error));
    }
}

impl Staging {
    /// Removes the unfinished folder: OUT stays as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.new);
    }

    /// Completes the new folder (its marker lists every file), runs `finish`
    /// on it (the files it adds, plan-relative, join the build; if it fails,
    /// OUT stays as it was), then swaps it in for OUT and releases OUT.
    pub fn finish(
        self,
        finish: impl FnOnce(&Path) -> Result<Vec<String>, Box<Diagnostic>>,
    ) -> Result<Written, Box<Diagnostic>> {
        let Staging {
            claim,
            new,
            written,
            failed,
            ..
        } = self;
        if let Some(d) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            let _ = fs::remove_dir_all(&new);
            return Err(d);
        }
        let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        let mut marker = MARKER_HEADER.to_string();
        for path in &written {
            marker.push_str(path);
            marker.push('\n');
        }
        if let Err(e) = fs::write(new.join(BUILD_MARKER), marker) {
            let _ = fs::remove_dir_all(&new);
            return Err(io_error(&new, &e));
        }
        let added = match finish(&new).and_then(|added| {
            record(&new, &added)
                .map(|()| added.len())
                .map_err(|e| io_error(&new, &e))
        }) {
            Ok(n) => n,
            Err(d) => {
                let _ = fs::remove_dir_all(&new);
                return Err(d);
            }
        };
        let abs = &claim.abs;
        let old = claim
            .parent
            .join(format!(".{}.{OLD_TAG}-{}", claim.name, std::process::id()));
        if abs.exists()
            && let Err(e) = fs::rename(abs, &old)
        {
            let _ = fs::remove_dir_all(&new);
            return Err(io_error(abs, &e));
        }
        if let Err(e) = fs::rename(&new, abs) {
            // Put the previous build back: a failed build leaves OUT as it was.
            let _ = fs::rename(&old, abs);
            let _ = fs::remove_dir_all(&new);
            return Err(io_error(abs, &e));
        }
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| io_error(&old, &e))?;
        }
        Ok(Written {
            files: written.len() + added,
            recovered: claim.recovered,
        })
    }
}
