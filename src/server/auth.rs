//! Accounts, passwords (Argon2id), sessions and the login lockout.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::{OsRng, RngCore};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::db::Db;
use crate::i18n::WebSay;
use crate::sign::hex;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Role {
    /// A unit's officer: reads and fills its units' self-assessments.
    DonVi,
    /// An appraisal council member: reads the units assigned (all without an assignment).
    ThamDinh,
    /// The administrator at Sở Nội vụ: reads every unit.
    QuanTri,
    /// An observer: reads every unit, writes nothing.
    Xem,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::DonVi => "don_vi",
            Role::ThamDinh => "tham_dinh",
            Role::QuanTri => "quan_tri",
            Role::Xem => "xem",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::DonVi, Role::ThamDinh, Role::QuanTri, Role::Xem]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A logged-in account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The units tied to the account (a unit officer's, a council member's assignment).
    pub units: Vec<String>,
}

impl User {
    /// May this account read the unit's page?
    pub fn may_read(&self, unit: &str) -> bool {
        match self.role {
            Role::DonVi => self.has_unit(unit),
            Role::ThamDinh => self.units.is_empty() || self.has_unit(unit),
            Role::QuanTri | Role::Xem => true,
        }
    }

    /// May this account write the unit's self-assessment (the season aside)?
    /// Only the unit's own officer: the council adjusts in its appraisal, never
    /// in the unit's answers.
    pub fn may_write_self(&self, unit: &str) -> bool {
        self.role == Role::DonVi && self.has_unit(unit)
    }

    fn has_unit(&self, unit: &str) -> bool {
        self.units.iter().any(|u| u == unit)
    }
}

/// The shortest password `chiso user` accepts.
pub const MIN_PASSWORD: usize = 10;

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id with default parameters hashes any password")
        .to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash verified when the account does not exist, so that a login takes as
/// long for an unknown name as for a wrong password.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no account has this password"))
}

/// Makes the unknown-name hash when the server starts: made at the first
/// unknown name, it would make that login slower than a wrong password.
pub fn prepare() {
    dummy_hash();
}

#[derive(Debug)]
pub enum UserError {
    Say(WebSay),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for UserError {
    fn from(e: rusqlite::Error) -> Self {
        UserError::Sql(e)
    }
}

fn check_password(password: &str) -> Result<(), UserError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(UserError::Say(WebSay::PasswordTooShort {
            min: MIN_PASSWORD,
        }));
    }
    Ok(())
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `chiso user add`.
pub fn add_user(
    db: &Db,
    name: &str,
    role: Role,
    units: &[String],
    password: &str,
) -> Result<(), UserError> {
    match role {
        Role::DonVi if units.is_empty() => return Err(UserError::Say(WebSay::UnitNeeded)),
        Role::QuanTri | Role::Xem if !units.is_empty() => {
            return Err(UserError::Say(WebSay::NoUnitsForRole(role.as_str().into())));
        }
        _ => {}
    }
    check_password(password)?;
    let hash = hash_password(password);
    let mut conn = db.conn();
    let tx = conn.transaction()?;
    let exists: Option<i64> = tx
        .query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Err(UserError::Say(WebSay::UserExists(name.into())));
    }
    tx.execute(
        "INSERT INTO users (name, role, password, created) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.as_str(), hash, now()],
    )?;
    let id = tx.last_insert_rowid();
    for unit in units {
        tx.execute(
            "INSERT OR IGNORE INTO user_units (user_id, unit) VALUES (?1, ?2)",
            params![id, unit],
        )?;
    }
    Ok(tx.commit()?)
}

/// `chiso user passwd`: a new password; the account's sessions end.
pub fn set_password(db: &Db, name: &str, password: &str) -> Result<(), UserError> {
    check_password(password)?;
    let hash = hash_password(password);
    let conn = db.conn();
    let id = user_id(&conn, name)?;
    conn.execute(
        "UPDATE users SET password = ?1 WHERE id = ?2",
        params![hash, id],
    )?;
    conn.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
    Ok(())
}

/// `chiso user disable`: no more logins; the account's sessions end.
pub fn disable_user(db: &Db, name: &str) -> Result<(), UserError> {
    let conn = db.conn();
    let id = user_id(&conn, name)?;
    conn.execute("UPDATE users SET disabled = 1 WHERE id = ?1", [id])?;
    conn.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
    Ok(())
}

fn user_id(conn: &rusqlite::Connection, name: &str) -> Result<i64, UserError> {
    conn.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| UserError::Say(WebSay::NoSuchUser(name.into())))
}

/// An account as `chiso user list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user: User,
    pub disabled: bool,
}

pub fn list_users(db: &Db) -> rusqlite::Result<Vec<Account>> {
    let conn = db.conn();
    let mut stmt = conn.prepare("SELECT id, name, role, disabled FROM users ORDER BY name")?;
    let rows: Vec<(i64, String, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, name, role, disabled)| {
            Ok(Account {
                user: User {
                    id,
                    name,
                    role: Role::parse(&role).unwrap_or(Role::Xem),
                    units: units_of(&conn, id)?,
                },
                disabled,
            })
        })
        .collect()
}

fn units_of(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT unit FROM user_units WHERE user_id = ?1 ORDER BY unit")?;
    stmt.query_map([id], |r| r.get(0))?.collect()
}

// --- Logging in ------------------------------------------------------------

/// Failed logins within this window count towards the lockout.
pub const LOCKOUT_WINDOW: i64 = 15 * 60;
/// This many failures for one name, or from one address, within the window
/// lock further attempts until the oldest falls out of it.
pub const LOCKOUT_FAILURES: i64 = 5;

#[derive(Debug, PartialEq, Eq)]
pub enum LoginError {
    Wrong,
    Locked,
}

/// Checks a name and password, counting failures per name and per address.
/// A locked name or address is refused even with the right password. Every
/// attempt is in the audit log.
pub fn login(
    db: &Db,
    name: &str,
    password: &str,
    address: &str,
) -> rusqlite::Result<Result<User, LoginError>> {
    let now = now();
    // The attempt counts as a failure before its password is checked, and is
    // taken back when it was right: guesses sent in parallel each see the
    // ones before them, so a burst gets no more than the lockout allows.
    let attempt = {
        let conn = db.conn();
        conn.execute(
            "DELETE FROM login_failures WHERE at < ?1",
            [now - LOCKOUT_WINDOW],
        )?;
        let failures: i64 = conn.query_row(
            "SELECT max(
                (SELECT count(*) FROM login_failures WHERE name = ?1),
                (SELECT count(*) FROM login_failures WHERE address = ?2))",
            params![name, address],
            |r| r.get(0),
        )?;
        if failures >= LOCKOUT_FAILURES {
            None
        } else {
            let stored: Option<(i64, String, String, bool)> = conn
                .query_row(
                    "SELECT id, role, password, disabled FROM users WHERE name = ?1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            conn.execute(
                "INSERT INTO login_failures (name, address, at) VALUES (?1, ?2, ?3)",
                params![name, address, now],
            )?;
            Some((stored, conn.last_insert_rowid()))
        }
    };
    let Some((stored, failure)) = attempt else {
        record(db, name, "", address, LOGIN_LOCKED, None)?;
        return Ok(Err(LoginError::Locked));
    };
    // Hashing takes tens of milliseconds: without the database lock.
    let ok = match &stored {
        Some((_, _, hash, disabled)) => verify_password(password, hash) && !disabled,
        None => {
            verify_password(password, dummy_hash());
            false
        }
    };
    match stored {
        Some((id, role, _, _)) if ok => {
            let user = {
                let conn = db.conn();
                conn.execute("DELETE FROM login_failures WHERE rowid = ?1", [failure])?;
                User {
                    id,
                    name: name.to_string(),
                    role: Role::parse(&role).unwrap_or(Role::Xem),
                    units: units_of(&conn, id)?,
                }
            };
            record(db, name, &role, address, LOGIN, None)?;
            Ok(Ok(user))
        }
        _ => {
            let role = stored.map(|(_, role, _, _)| role).unwrap_or_default();
            record(db, name, &role, address, LOGIN_FAILED, None)?;
            Ok(Err(LoginError::Wrong))
        }
    }
}

/// Audit actions of accounts (those of answer files are the write path's).
pub const LOGIN: &str = "dang_nhap";
pub const LOGIN_FAILED: &str = "dang_nhap_sai";
pub const LOGIN_LOCKED: &str = "dang_nhap_bi_khoa";
pub const LOGOUT: &str = "dang_xuat";
pub const USER_ADDED: &str = "them_tai_khoan";
pub const PASSWORD_CHANGED: &str = "doi_mat_khau";
pub const USER_DISABLED: &str = "khoa_tai_khoan";

/// The longest account name an audit record keeps: a failed login's name is
/// whatever was typed.
const AUDIT_NAME: usize = 100;

/// Appends an account event to the audit log: who (`user`, `role`), from
/// where, what, and for an account change which account and how (`detail`).
/// Its file is the server's database.
pub fn record(
    db: &Db,
    user: &str,
    role: &str,
    address: &str,
    action: &str,
    detail: Option<String>,
) -> rusqlite::Result<()> {
    db.audit(&super::db::AuditRecord {
        at: super::write::server_time(),
        user: user.chars().take(AUDIT_NAME).collect(),
        role: role.to_string(),
        address: address.to_string(),
        action: action.to_string(),
        file: super::db::STATE_FILE.to_string(),
        new: detail,
        ..Default::default()
    })
}

// --- Sessions --------------------------------------------------------------

/// A session ends after this long without a request.
pub const SESSION_IDLE: i64 = 30 * 60;
/// …and after this long in any case.
pub const SESSION_MAX: i64 = 12 * 60 * 60;

/// A random token: 32 bytes from the system's generator, in hex.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Only a hash of the token is stored: the database alone opens no session.
fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A session: the logged-in account and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf: String,
}

/// Starts a session for `user` (always a new id); returns its token.
pub fn start_session(db: &Db, user: &User) -> rusqlite::Result<String> {
    let token = token();
    let now = now();
    db.conn().execute(
        "INSERT INTO sessions (token_hash, user_id, csrf, created, last_seen) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![token_hash(&token), user.id, self::token(), now],
    )?;
    Ok(token)
}

/// The live session of a token, its idle clock restarted; an expired one is removed.
pub fn session(db: &Db, token: &str) -> rusqlite::Result<Option<Session>> {
    let now = now();
    let conn = db.conn();
    let hash = token_hash(token);
    conn.execute(
        "DELETE FROM sessions WHERE last_seen < ?1 OR created < ?2",
        params![now - SESSION_IDLE, now - SESSION_MAX],
    )?;
    let row: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ?1 AND u.disabled = 0",
            [&hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((id, name, role, csrf)) = row else {
        return Ok(None);
    };
    conn.execute(
        "UPDATE sessions SET last_seen = ?1 WHERE token_hash = ?2",
        params![now, hash],
    )?;
    Ok(Some(Session {
        user: User {
            id,
            name,
            role: Role::parse(&role).unwrap_or(Role::Xem),
            units: units_of(&conn, id)?,
        },
        csrf,
    }))
}

pub fn end_session(db: &Db, token: &str) -> rusqlite::Result<()> {
    db.conn().execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [token_hash(token)],
    )?;
    Ok(())
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        (dir, db)
    }

    #[test]
    fn passwords_are_stored_as_argon2id_hashes() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        let stored: String = db
            .conn()
            .query_row("SELECT password FROM users", [], |r| r.get(0))
            .unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("mat-khau-dai"));
        assert!(login(&db, "snv", "mat-khau-dai", "a").unwrap().is_ok());
        assert_eq!(
            login(&db, "snv", "sai", "a").unwrap(),
            Err(LoginError::Wrong)
        );
    }

    #[test]
    fn accounts_are_refused_without_a_fitting_unit_or_password() {
        let (_d, db) = db();
        let e = add_user(&db, "a", Role::DonVi, &[], "mat-khau-dai").unwrap_err();
        assert!(matches!(e, UserError::Say(WebSay::UnitNeeded)));
        let e = add_user(&db, "a", Role::Xem, &["SNV".into()], "mat-khau-dai").unwrap_err();
        assert!(matches!(e, UserError::Say(WebSay::NoUnitsForRole(_))));
        let e = add_user(&db, "a", Role::Xem, &[], "ngan").unwrap_err();
        assert!(matches!(e, UserError::Say(WebSay::PasswordTooShort { .. })));
        add_user(&db, "a", Role::Xem, &[], "mat-khau-dai").unwrap();
        let e = add_user(&db, "a", Role::Xem, &[], "mat-khau-dai").unwrap_err();
        assert!(matches!(e, UserError::Say(WebSay::UserExists(_))));
    }

    #[test]
    fn repeated_failures_lock_even_the_right_password_out() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        for _ in 0..LOCKOUT_FAILURES {
            assert_eq!(
                login(&db, "snv", "sai", "1.2.3.4").unwrap(),
                Err(LoginError::Wrong)
            );
        }
        assert_eq!(
            login(&db, "snv", "mat-khau-dai", "5.6.7.8").unwrap(),
            Err(LoginError::Locked)
        );
    }

    /// Guesses sent at once each count before their password is checked: the
    /// burst gets the lockout's five, not one per thread.
    #[test]
    fn parallel_guesses_get_no_more_than_the_lockout_allows() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        let outcomes: Vec<LoginError> = std::thread::scope(|s| {
            let guesses: Vec<_> = (0..12)
                .map(|i| {
                    let db = &db;
                    s.spawn(move || login(db, "snv", &format!("doan-{i}"), "a").unwrap())
                })
                .collect();
            guesses
                .into_iter()
                .map(|g| g.join().unwrap().unwrap_err())
                .collect()
        });
        let wrong = outcomes.iter().filter(|o| **o == LoginError::Wrong).count();
        assert_eq!(wrong as i64, LOCKOUT_FAILURES, "{outcomes:?}");
        let rows: i64 = db
            .conn()
            .query_row("SELECT count(*) FROM login_failures", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, LOCKOUT_FAILURES);
    }

    /// The lockout counts per name and per address, each on its own: five
    /// names guessed from one address lock that address for every name, and
    /// five addresses guessing one name lock that name from everywhere.
    #[test]
    fn the_lockout_counts_per_name_and_per_address() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        add_user(&db, "stp", Role::DonVi, &["STP".into()], "mat-khau-dai").unwrap();
        for i in 0..LOCKOUT_FAILURES {
            let _ = login(&db, &format!("ten-{i}"), "sai", "1.1.1.1").unwrap();
        }
        assert_eq!(
            login(&db, "snv", "mat-khau-dai", "1.1.1.1").unwrap(),
            Err(LoginError::Locked)
        );
        assert!(
            login(&db, "snv", "mat-khau-dai", "2.2.2.2")
                .unwrap()
                .is_ok()
        );
        for i in 0..LOCKOUT_FAILURES {
            let _ = login(&db, "stp", "sai", &format!("3.3.3.{i}")).unwrap();
        }
        assert_eq!(
            login(&db, "stp", "mat-khau-dai", "4.4.4.4").unwrap(),
            Err(LoginError::Locked)
        );
    }

    /// A right password takes back the failure its attempt counted first.
    #[test]
    fn a_successful_login_counts_no_failure() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        for _ in 0..2 * LOCKOUT_FAILURES {
            assert!(login(&db, "snv", "mat-khau-dai", "a").unwrap().is_ok());
        }
    }

    #[test]
    fn every_login_attempt_is_audited() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        login(&db, "snv", "mat-khau-dai", "1.2.3.4")
            .unwrap()
            .unwrap();
        login(&db, "snv", "sai", "1.2.3.4").unwrap().unwrap_err();
        login(&db, &"x".repeat(5000), "sai", "5.6.7.8")
            .unwrap()
            .unwrap_err();
        for _ in 0..=LOCKOUT_FAILURES {
            let _ = login(&db, "khac", "sai", "9.9.9.9").unwrap();
        }
        let log = db.audit_log().unwrap();
        let seen: Vec<(&str, &str, &str, &str)> = log
            .iter()
            .take(3)
            .map(|r| {
                (
                    r.action.as_str(),
                    r.user.as_str(),
                    r.role.as_str(),
                    r.address.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (LOGIN, "snv", "don_vi", "1.2.3.4"),
                (LOGIN_FAILED, "snv", "don_vi", "1.2.3.4"),
                (LOGIN_FAILED, &"x".repeat(AUDIT_NAME)[..], "", "5.6.7.8"),
            ]
        );
        assert_eq!(log.last().unwrap().action, LOGIN_LOCKED);
        assert!(log.iter().all(|r| r.file == super::super::db::STATE_FILE));
        assert_eq!(db.audit_broken_at().unwrap(), None);
    }

    #[test]
    fn disabling_or_a_new_password_ends_sessions_and_logins() {
        let (_d, db) = db();
        add_user(&db, "snv", Role::DonVi, &["SNV".into()], "mat-khau-dai").unwrap();
        let user = login(&db, "snv", "mat-khau-dai", "a").unwrap().unwrap();
        let t = start_session(&db, &user).unwrap();
        assert!(session(&db, &t).unwrap().is_some());
        set_password(&db, "snv", "mat-khau-moi-dai").unwrap();
        assert!(session(&db, &t).unwrap().is_none());
        let t = start_session(&db, &user).unwrap();
        disable_user(&db, "snv").unwrap();
        assert!(session(&db, &t).unwrap().is_none());
        assert_eq!(
            login(&db, "snv", "mat-khau-moi-dai", "a").unwrap(),
            Err(LoginError::Wrong)
        );
    }

    #[test]
    fn an_idle_session_expires() {
        let (_d, db) = db();
        add_user(&db, "x", Role::Xem, &[], "mat-khau-dai").unwrap();
        let user = login(&db, "x", "mat-khau-dai", "a").unwrap().unwrap();
        let t = start_session(&db, &user).unwrap();
        db.conn()
            .execute(
                "UPDATE sessions SET last_seen = last_seen - ?1",
                [SESSION_IDLE + 1],
            )
            .unwrap();
        assert!(session(&db, &t).unwrap().is_none());
    }

    #[test]
    fn the_role_matrix_of_reading_and_writing() {
        let officer = User {
            id: 1,
            name: "a".into(),
            role: Role::DonVi,
            units: vec!["SNV".into()],
        };
        assert!(officer.may_read("SNV") && officer.may_write_self("SNV"));
        assert!(!officer.may_read("STP") && !officer.may_write_self("STP"));
        let council = User {
            role: Role::ThamDinh,
            ..officer.clone()
        };
        assert!(council.may_read("SNV") && !council.may_read("STP"));
        assert!(!council.may_write_self("SNV"));
        for role in [Role::QuanTri, Role::Xem] {
            let u = User {
                role,
                units: vec![],
                ..officer.clone()
            };
            assert!(u.may_read("STP") && !u.may_write_self("STP"));
        }
    }
}
