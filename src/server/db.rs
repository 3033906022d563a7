//! The server's own state — accounts, sessions, failed logins and the audit
//! log — in SQLite at `.chiso/server.db` in the workspace. Scoring data never
//! lives here: it stays in the workspace's files.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::sign::hex;

/// The database file, relative to the workspace.
pub const STATE_FILE: &str = ".chiso/server.db";

/// Schema versions, applied in order; `PRAGMA user_version` records how many
/// have run. A released step is never edited: a change is a new step.
const MIGRATIONS: &[&str] = &[
    // 1: accounts, sessions, failed logins, audit log.
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL,
        password TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL
    );
    CREATE TABLE user_units (
        user_id INTEGER NOT NULL REFERENCES users(id),
        unit TEXT NOT NULL,
        PRIMARY KEY (user_id, unit)
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        csrf TEXT NOT NULL,
        created INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
    );
    CREATE TABLE login_failures (
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        at INTEGER NOT NULL
    );
    CREATE INDEX login_failures_at ON login_failures(at);
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        role TEXT NOT NULL,
        address TEXT NOT NULL,
        action TEXT NOT NULL,
        file TEXT NOT NULL,
        criterion TEXT,
        old TEXT,
        new TEXT,
        hash_before TEXT,
        hash_after TEXT,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );",
];

/// The last audit record's id and hash, beside the database: records cut
/// from the end of the log break no hash, but leave this naming one that is gone.
pub const AUDIT_HEAD_FILE: &str = ".chiso/audit.head";

/// The open database; one connection, used a statement at a time.
pub struct Db {
    conn: Mutex<Connection>,
    root: PathBuf,
    audit_head: PathBuf,
}

/// What verifying the audit log found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditState {
    /// Every record's hash holds, and the last one written is there.
    Intact { records: usize },
    /// The record with this id was edited, or one before it removed.
    Broken { id: i64 },
    /// The records from this id on were removed (the head file names it).
    Truncated { id: i64, records: usize },
}

#[derive(Debug)]
pub enum DbError {
    Io(PathBuf, std::io::Error),
    Sql(PathBuf, rusqlite::Error),
    /// The file was written by a newer chiso.
    TooNew {
        path: PathBuf,
        version: i64,
    },
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Io(_, e) => write!(f, "{e}"),
            DbError::Sql(_, e) => write!(f, "{e}"),
            DbError::TooNew { version, .. } => write!(
                f,
                "schema version {version} > {} (written by a newer chiso)",
                MIGRATIONS.len()
            ),
        }
    }
}

impl DbError {
    pub fn path(&self) -> &Path {
        match self {
            DbError::Io(p, _) | DbError::Sql(p, _) | DbError::TooNew { path: p, .. } => p,
        }
    }
}

impl Db {
    /// Opens the workspace's database, creating it and bringing its schema up
    /// to date.
    pub fn open(root: &Path) -> Result<Db, DbError> {
        let path = root.join(STATE_FILE);
        let dir = path.parent().expect("has a parent");
        std::fs::create_dir_all(dir).map_err(|e| DbError::Io(dir.to_path_buf(), e))?;
        let sql = |e| DbError::Sql(path.clone(), e);
        let mut conn = Connection::open(&path).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sql)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
            .map_err(sql)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if version > MIGRATIONS.len() as i64 {
            return Err(DbError::TooNew { path, version });
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(sql)?;
            tx.execute_batch(step).map_err(sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(sql)?;
            tx.commit().map_err(sql)?;
        }
        Ok(Db {
            conn: Mutex::new(conn),
            root: root.to_path_buf(),
            audit_head: root.join(AUDIT_HEAD_FILE),
        })
    }

    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (every
        // change is a transaction), so the connection stays usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// One record of the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditRecord {
    /// Server time, RFC 3339 UTC.
    pub at: String,
    pub user: String,
    pub role: String,
    pub address: String,
    pub action: String,
    /// The workspace file written, relative to the workspace.
    pub file: String,
    pub criterion: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub hash_before: Option<String>,
    pub hash_after: Option<String>,
}

impl AuditRecord {
    /// The record's hash, chained to the previous record's: changing or
    /// removing a record breaks every hash after it.
    fn chained_hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        for field in [
            prev.to_string(),
            self.at.clone(),
            self.user.clone(),
            self.role.clone(),
            self.address.clone(),
            self.action.clone(),
            self.file.clone(),
            opt(&self.criterion),
            opt(&self.old),
            opt(&self.new),
            opt(&self.hash_before),
            opt(&self.hash_after),
        ] {
            // Length-prefixed, so no two different records hash alike.
            h.update((field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        hex(&h.finalize())
    }
}

/// The hash before the first record.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Db {
    /// Appends a record, chained to the last one.
    pub fn audit(&self, record: &AuditRecord) -> rusqlite::Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let prev: String = tx
            .query_row("SELECT hash FROM audit ORDER BY id DESC LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or_else(|| GENESIS.to_string());
        let hash = record.chained_hash(&prev);
        tx.execute(
            "INSERT INTO audit (at, user, role, address, action, file, criterion, old, new,
                hash_before, hash_after, prev, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                record.at,
                record.user,
                record.role,
                record.address,
                record.action,
                record.file,
                record.criterion,
                record.old,
                record.new,
                record.hash_before,
                record.hash_after,
                prev,
                hash
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        // Still under the connection's lock, so heads are written in order. A
        // head that could not be written lags behind, which verifying allows
        // (only a head naming a missing or different record is a finding).
        let head = format!("{id} {hash}\n");
        let _ = crate::output::write_output(
            crate::output::Destination::report(Some(&self.audit_head), &self.root),
            &head,
        );
        Ok(())
    }

    /// Checks the chain of hashes, and that the last record written (the
    /// head file) is still there.
    pub fn verify_audit(&self) -> rusqlite::Result<AuditState> {
        if let Some(id) = self.audit_broken_at()? {
            return Ok(AuditState::Broken { id });
        }
        let records: Vec<(i64, String)> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT id, hash FROM audit ORDER BY id")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let head = std::fs::read_to_string(&self.audit_head).ok();
        let head = head.as_deref().and_then(|h| {
            let (id, hash) = h.trim().split_once(' ')?;
            Some((id.parse::<i64>().ok()?, hash.to_string()))
        });
        let count = records.len();
        match head {
            Some((id, hash)) => match records.iter().find(|(i, _)| *i == id) {
                Some((_, stored)) if *stored == hash => Ok(AuditState::Intact { records: count }),
                Some(_) => Ok(AuditState::Broken { id }),
                None => Ok(AuditState::Truncated { id, records: count }),
            },
            None => Ok(AuditState::Intact { records: count }),
        }
    }

    /// The audit log in order.
    pub fn audit_log(&self) -> rusqlite::Result<Vec<AuditRecord>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT at, user, role, address, action, file, criterion, old, new,
                hash_before, hash_after FROM audit ORDER BY id",
        )?;
        stmt.query_map([], |r| {
            Ok(AuditRecord {
                at: r.get(0)?,
                user: r.get(1)?,
                role: r.get(2)?,
                address: r.get(3)?,
                action: r.get(4)?,
                file: r.get(5)?,
                criterion: r.get(6)?,
                old: r.get(7)?,
                new: r.get(8)?,
                hash_before: r.get(9)?,
                hash_after: r.get(10)?,
            })
        })?
        .collect()
    }

    /// The id of the first record whose chain does not hold, if any.
    pub fn audit_broken_at(&self) -> rusqlite::Result<Option<i64>> {
        let rows: Vec<(i64, String, String)> = {
            let conn = self.conn();
            let mut stmt = conn.prepare("SELECT id, prev, hash FROM audit ORDER BY id")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let records = self.audit_log()?;
        let mut prev = GENESIS.to_string();
        for ((id, stored_prev, hash), record) in rows.into_iter().zip(records) {
            if stored_prev != prev || record.chained_hash(&prev) != hash {
                return Ok(Some(id));
            }
            prev = hash;
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        db.conn()
            .execute(
                "INSERT INTO users (name, role, password, created) VALUES ('a', 'xem', 'x', 0)",
                [],
            )
            .unwrap();
        drop(db);
        let db = Db::open(dir.path()).unwrap();
        let n: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let v: i64 = db
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        Db::open(dir.path())
            .unwrap()
            .conn()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        assert!(matches!(
            Db::open(dir.path()),
            Err(DbError::TooNew { version: 99, .. })
        ));
    }

    #[test]
    fn an_edited_audit_record_breaks_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        for i in 0..3 {
            db.audit(&AuditRecord {
                at: format!("t{i}"),
                user: "u".into(),
                action: "luu".into(),
                new: Some(format!("{i}")),
                ..Default::default()
            })
            .unwrap();
        }
        assert_eq!(db.audit_broken_at().unwrap(), None);
        db.conn()
            .execute("UPDATE audit SET new = '9' WHERE id = 2", [])
            .unwrap();
        assert_eq!(db.audit_broken_at().unwrap(), Some(2));
        assert_eq!(db.verify_audit().unwrap(), AuditState::Broken { id: 2 });
    }

    fn three_records() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        for i in 0..3 {
            db.audit(&AuditRecord {
                at: format!("t{i}"),
                user: "u".into(),
                action: "luu".into(),
                ..Default::default()
            })
            .unwrap();
        }
        (dir, db)
    }

    /// Cutting the last records breaks no hash; the head file finds it.
    #[test]
    fn records_removed_from_the_end_are_found() {
        let (_dir, db) = three_records();
        assert_eq!(
            db.verify_audit().unwrap(),
            AuditState::Intact { records: 3 }
        );
        db.conn()
            .execute("DELETE FROM audit WHERE id = 3", [])
            .unwrap();
        assert_eq!(db.audit_broken_at().unwrap(), None);
        assert_eq!(
            db.verify_audit().unwrap(),
            AuditState::Truncated { id: 3, records: 2 }
        );
    }

    /// A head that lags behind (its write failed after the record's) is no
    /// finding; one naming a record with another hash is.
    #[test]
    fn a_lagging_head_is_allowed_a_different_one_is_not() {
        let (dir, db) = three_records();
        let head = dir.path().join(AUDIT_HEAD_FILE);
        let second: String = db
            .conn()
            .query_row("SELECT hash FROM audit WHERE id = 2", [], |r| r.get(0))
            .unwrap();
        std::fs::write(&head, format!("2 {second}\n")).unwrap();
        assert_eq!(
            db.verify_audit().unwrap(),
            AuditState::Intact { records: 3 }
        );
        std::fs::write(&head, "2 00ff\n").unwrap();
        assert_eq!(db.verify_audit().unwrap(), AuditState::Broken { id: 2 });
    }
}
