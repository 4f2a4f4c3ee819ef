//! The writer's view of its own health, for `/readyz`: did the last commit go through, is
//! the database file still the one it opened, does the data directory take a synced write.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What the writer thread checks when asked whether storage takes writes.
pub(super) struct Health {
    db: PathBuf,
    /// The database file as opened; a file swapped or removed under a running server leaves
    /// the open connection writing to a file nobody will read again.
    opened: Option<Identity>,
    /// The outcome of the latest batch.
    pub last_commit: Result<(), String>,
    /// Set by the test hook: the writer ends after this batch.
    pub halted: bool,
}

/// Device and inode: which file a path names.
type Identity = (u64, u64);

impl Health {
    pub fn new(db: &Path) -> Health {
        Health {
            db: db.to_path_buf(),
            opened: identity(db),
            last_commit: Ok(()),
            halted: false,
        }
    }

    /// `Ok` when storage takes writes; why not otherwise (paths and OS errors, never data).
    pub fn check(&self) -> Result<(), String> {
        if self.halted {
            return Err("the writer has stopped".into());
        }
        self.last_commit
            .as_ref()
            .map_err(|error| format!("the last write failed: {error}"))?;
        let now = identity(&self.db);
        if now.is_none() || now != self.opened {
            return Err("the database file is gone or was replaced".into());
        }
        let dir = self.db.parent().unwrap_or(Path::new("."));
        probe(&dir.join(".readyz-probe"))
            .map_err(|error| format!("the data directory cannot be written: {error}"))
    }
}

/// Writes, syncs and removes a small file: fails on a full, read-only or failing disk.
fn probe(path: &Path) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(b"ok")?;
    file.sync_data()?;
    drop(file);
    std::fs::remove_file(path)
}

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    std::fs::metadata(path).ok()?.is_file().then_some((0, 0))
}
