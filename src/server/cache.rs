//! The server's scored years, kept while their files stay the same.
//!
//! The workspace's files remain the one source of truth: before each use, a
//! cheap [`Stamp`] of every file the year is loaded from (its criteria, its
//! scores folder with the unit list, answers, datasets, evidence and
//! schedule, the previous year's unit list, the list of years) is taken and
//! compared with the stamp the kept year was computed from. Any difference —
//! a file added, removed, replaced, resized or touched, by the server, the
//! command line or an editor — scores the year again with
//! [`ops::show_year`]; the cache only keeps that operation's outcome.
//!
//! A modification time can miss an edit: file systems keep it to a clock
//! tick (milliseconds, two seconds on FAT), so a second write of the same
//! size within the tick of the first leaves size and time as they were. A
//! file changed less than [`FRESH`] before the stamp is therefore stamped by
//! its content (SHA-256) as well; one too large to hash makes the year
//! uncacheable until it is older. A year is kept only when the stamps taken
//! before and after scoring it agree (no file changed while it was read),
//! and never when an input is a symbolic link (its target's changes would
//! not show in the link's own stamp).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use sha2::{Digest, Sha256};

use crate::load;
use crate::ops::{self, YearScored};

/// How recent a change must be for a file to be stamped by its content too:
/// longer than any file system's timestamp granularity and than the clock
/// steps between processes.
pub const FRESH: Duration = Duration::from_secs(2);

/// The largest recently changed file hashed for a stamp (an answer file is
/// kilobytes; a fresh evidence upload above this makes the year uncacheable
/// for [`FRESH`]).
const HASH_LIMIT: u64 = 1024 * 1024;

/// One entry of the year's input folders.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    /// Relative to the workspace.
    path: PathBuf,
    dir: bool,
    len: u64,
    modified: Option<SystemTime>,
    /// Unix: the inode and the change time (which no tool sets back, unlike
    /// the modification time); an atomic replace gives a new inode.
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
    /// The content's SHA-256, for a file changed within [`FRESH`].
    content: Option<[u8; 32]>,
}

/// Every input of a year, as cheaply as the file system tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp(Vec<Seen>);

impl Stamp {
    /// The year's inputs now; `None` when the year cannot be kept (a link,
    /// a recently changed file too large to hash, a folder that cannot be
    /// read): it is then scored for every request.
    pub fn take(root: &Path, year: i64) -> Option<Stamp> {
        Stamp::take_at(root, year, SystemTime::now())
    }

    /// [`Stamp::take`], files changed within [`FRESH`] before `now` stamped
    /// by their content: the stamps before and after scoring a year are both
    /// taken as of the time before, so that they compare content with
    /// content.
    fn take_at(root: &Path, year: i64, now: SystemTime) -> Option<Stamp> {
        let mut seen = Vec::new();
        // The list of years (a year's folder added or removed).
        let years = root.join("criteria");
        for name in names(&years)? {
            seen.push(Seen::of(root, &years.join(name), now)?);
        }
        walk(root, &load::criteria_dir(root, year), now, &mut seen)?;
        walk(root, &load::scores_dir(root, year), now, &mut seen)?;
        // Predecessors are checked against the previous year's unit list.
        let previous = load::scores_dir(root, year - 1).join("units.toml");
        if std::fs::symlink_metadata(&previous).is_ok() {
            seen.push(Seen::of(root, &previous, now)?);
        }
        Some(Stamp(seen))
    }
}

/// The names in a folder, sorted; none when it does not exist.
fn names(dir: &Path) -> Option<Vec<std::ffi::OsString>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(Vec::new()),
        Err(_) => return None,
    };
    let mut names = rd
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<Vec<_>>>()
        .ok()?;
    names.sort();
    Some(names)
}

/// `dir` and everything under it, in name order; nothing when it does not
/// exist (a year without appraisals yet).
fn walk(root: &Path, dir: &Path, now: SystemTime, seen: &mut Vec<Seen>) -> Option<()> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(()),
        Err(_) => None,
        Ok(_) => entry(root, dir, now, seen),
    }
}

fn entry(root: &Path, path: &Path, now: SystemTime, seen: &mut Vec<Seen>) -> Option<()> {
    let this = Seen::of(root, path, now)?;
    let is_dir = this.dir;
    seen.push(this);
    if is_dir {
        for name in names(path)? {
            entry(root, &path.join(name), now, seen)?;
        }
    }
    Some(())
}

impl Seen {
    fn of(root: &Path, path: &Path, now: SystemTime) -> Option<Seen> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if meta.file_type().is_symlink() {
            return None;
        }
        let modified = meta.modified().ok();
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
        };
        #[cfg(unix)]
        let changed = {
            let (secs, nanos) = (inode.2, inode.3);
            u64::try_from(secs).ok().map(|s| {
                SystemTime::UNIX_EPOCH + Duration::new(s, nanos.clamp(0, 999_999_999) as u32)
            })
        };
        #[cfg(not(unix))]
        let changed: Option<SystemTime> = None;
        let dir = meta.is_dir();
        let content = if !dir && (!trusted(modified, now) || (cfg!(unix) && !trusted(changed, now)))
        {
            if meta.len() > HASH_LIMIT {
                return None;
            }
            let bytes = std::fs::read(path).ok()?;
            Some(Sha256::digest(&bytes).into())
        } else {
            None
        };
        Some(Seen {
            path: path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            dir,
            // A folder's own size and time say nothing its listing does not.
            len: if dir { 0 } else { meta.len() },
            modified: if dir { None } else { modified },
            #[cfg(unix)]
            inode: if dir { (0, 0, 0, 0) } else { inode },
            content,
        })
    }
}

/// Whether a file's time alone tells a later change apart: it is at least
/// [`FRESH`] old (a recent, unknown or future time may be followed by a
/// change within the same tick of the file system's clock).
fn trusted(time: Option<SystemTime>, now: SystemTime) -> bool {
    time.is_some_and(|t| now.duration_since(t).is_ok_and(|age| age >= FRESH))
}

/// The latest scoring of a year: when it began reading the files, what it
/// gave, and the stamp of the files it read (`None`: not reusable by stamp —
/// a file changed while it was scored, the server wrote since, or the year
/// has an input it cannot stamp).
struct Kept {
    started: Instant,
    stamp: Option<Stamp>,
    scored: Arc<YearScored>,
}

/// The scored years of one workspace.
///
/// A year is scored by one request at a time; requests that come meanwhile
/// wait. A waiting request then takes the latest outcome if that scoring
/// began reading the files after the request arrived: every write finished
/// before the request is in it (a burst of saves is then scored a few times,
/// not once per save), though later writes may have made it unfit to keep.
#[derive(Default)]
pub struct YearCache {
    kept: Mutex<HashMap<i64, Kept>>,
    scoring: Mutex<HashMap<i64, Arc<Mutex<()>>>>,
}

impl YearCache {
    /// The year scored as its files stand now: the kept one when its stamp
    /// is still the files' stamp, else scored again (and kept when no file
    /// changed while it was scored).
    pub fn get(&self, root: &Path, year: i64) -> Result<Arc<YearScored>, ops::Error> {
        let arrived = Instant::now();
        if let Some(scored) = self.fresh(root, year) {
            return Ok(scored);
        }
        let turn = Arc::clone(
            self.scoring
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(year)
                .or_default(),
        );
        let _turn = turn.lock().unwrap_or_else(|e| e.into_inner());
        // Scored, by the request this one waited for, from files read after
        // this one arrived?
        if let Some(scored) = self.since(year, arrived) {
            return Ok(scored);
        }
        let started = Instant::now();
        let now = SystemTime::now();
        let before = Stamp::take_at(root, year, now);
        if let Some(stamp) = &before
            && let Some(scored) = self.matching(year, stamp)
        {
            return Ok(scored);
        }
        let scored = Arc::new(ops::show_year(root, year)?);
        let after = Stamp::take_at(root, year, now);
        let stamp = match (before, after) {
            (Some(before), Some(after)) if before == after => Some(after),
            _ => None,
        };
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).insert(
            year,
            Kept {
                started,
                stamp,
                scored: Arc::clone(&scored),
            },
        );
        Ok(scored)
    }

    /// The latest scoring of the year, if it began after `arrived`.
    fn since(&self, year: i64, arrived: Instant) -> Option<Arc<YearScored>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(&year)
            .filter(|k| k.started >= arrived)
            .map(|k| Arc::clone(&k.scored))
    }

    /// The kept year, if the files still have its stamp.
    fn fresh(&self, root: &Path, year: i64) -> Option<Arc<YearScored>> {
        let stamp = Stamp::take(root, year)?;
        self.matching(year, &stamp)
    }

    fn matching(&self, year: i64, stamp: &Stamp) -> Option<Arc<YearScored>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(&year)
            .filter(|k| k.stamp.as_ref() == Some(stamp))
            .map(|k| Arc::clone(&k.scored))
    }

    /// Forgets the year: the server has just written one of its files (the
    /// stamp would see it too; this costs nothing and says so).
    pub fn invalidate(&self, year: i64) {
        if let Some(k) = self
            .kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_mut(&year)
        {
            k.stamp = None;
        }
    }

    /// Whether the year is kept for requests to come (for tests).
    pub fn is_kept(&self, year: i64) -> bool {
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&year)
            .is_some_and(|k| k.stamp.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within the clock's tick a file is stamped by its bytes too: a second
    /// write of the same size and time is told apart only by them.
    #[test]
    fn a_recently_changed_file_is_stamped_by_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "x = 1\n").unwrap();
        let now = SystemTime::now();
        let fresh = Seen::of(dir.path(), &path, now).unwrap();
        let expected: [u8; 32] = Sha256::digest(b"x = 1\n").into();
        assert_eq!(fresh.content, Some(expected));
        // An hour on, its times alone tell a later change apart.
        let later = Seen::of(dir.path(), &path, now + Duration::from_secs(3600)).unwrap();
        assert_eq!(later.content, None);
        assert_eq!(later.len, fresh.len);
    }

    #[test]
    fn only_a_time_older_than_the_clock_tick_is_trusted_alone() {
        let now = SystemTime::now();
        let hour = Duration::from_secs(3600);
        assert!(trusted(Some(now - hour), now));
        assert!(trusted(Some(now - FRESH), now));
        assert!(!trusted(Some(now - Duration::from_millis(1999)), now));
        assert!(!trusted(Some(now), now));
        // A clock set back, or a file from another machine's future.
        assert!(!trusted(Some(now + hour), now));
        assert!(!trusted(None, now));
    }
}
