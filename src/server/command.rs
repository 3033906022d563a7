//! `chiso serve` and `chiso user`: the command line's side of the server.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::Path;

use super::auth::{self, Role, UserError};
use super::db::{AuditState, Db};
use crate::i18n::{Lang, Msg, Say, Web, WebSay};

use crate::ops::ExitStatus;

const OK: ExitStatus = ExitStatus::Success;
const BAD_INPUT: ExitStatus = ExitStatus::Failure;
const USAGE: ExitStatus = ExitStatus::Error;

#[derive(clap::Subcommand, Debug)]
pub enum UserAction {
    /// Create an account. The password is typed twice without echo, or read
    /// from standard input with --password-stdin (no prompt).
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// A unit of the account (don_vi: one at least; tham_dinh: the units
        /// assigned, all when none).
        #[arg(long = "unit", value_name = "CODE")]
        units: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password; the account's sessions end.
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Refuse the account's logins from now on; its sessions end.
    Disable { name: String },
    /// The accounts, their roles and units.
    List,
}

fn fail(text: String, lang: Lang, code: ExitStatus) -> ExitStatus {
    eprintln!("{}: {text}", Msg::LevelError.text(lang));
    code
}

fn open(root: &Path, lang: Lang) -> Result<Db, ExitStatus> {
    Db::open(root).map_err(|e| {
        fail(
            WebSay::CannotOpenState {
                file: crate::source::relative_name(root, e.path()),
                error: e.to_string(),
            }
            .text(lang),
            lang,
            USAGE,
        )
    })
}

/// `chiso serve`: until interrupted.
pub fn serve(
    root: &Path,
    listen: SocketAddr,
    trusted_proxy: Option<std::net::IpAddr>,
    lang: Lang,
) -> ExitStatus {
    if !root.join("criteria").is_dir() {
        return fail(
            WebSay::NotAWorkspace(root.display().to_string()).text(lang),
            lang,
            USAGE,
        );
    }
    let shown = root.display().to_string();
    let result = super::serve(root.to_path_buf(), listen, trusted_proxy, lang, |address| {
        eprintln!(
            "{}",
            WebSay::Listening {
                root: shown,
                address: address.to_string()
            }
            .text(lang)
        );
    });
    match result {
        Ok(()) => OK,
        Err(super::ServeError::State(e)) => fail(
            WebSay::CannotOpenState {
                file: crate::source::relative_name(root, e.path()),
                error: e.to_string(),
            }
            .text(lang),
            lang,
            USAGE,
        ),
        Err(super::ServeError::Listen(address, e)) => fail(
            WebSay::CannotListen {
                address: address.to_string(),
                error: e.to_string(),
            }
            .text(lang),
            lang,
            USAGE,
        ),
        Err(super::ServeError::Io(e)) => fail(e.to_string(), lang, USAGE),
    }
}

/// The password: one line of standard input, or typed twice without echo.
fn password(from_stdin: bool, lang: Lang) -> Result<String, ExitStatus> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| fail(e.to_string(), lang, USAGE))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    let ask = |prompt: Web| {
        rpassword::prompt_password(prompt.text(lang)).map_err(|e| fail(e.to_string(), lang, USAGE))
    };
    let first = ask(Web::PasswordPrompt)?;
    if ask(Web::PasswordAgain)? != first {
        return Err(fail(
            Web::PasswordsDiffer.text(lang).into(),
            lang,
            BAD_INPUT,
        ));
    }
    Ok(first)
}

fn user_error(e: UserError, lang: Lang) -> ExitStatus {
    match e {
        UserError::Say(say) => fail(say.text(lang), lang, BAD_INPUT),
        UserError::Sql(e) => fail(e.to_string(), lang, USAGE),
    }
}

/// The units of the workspace's latest year: an account names real units.
fn unknown_unit(root: &Path, units: &[String]) -> Option<String> {
    let year = crate::load::available_years(root)
        .iter()
        .filter_map(|y| y.parse::<i64>().ok())
        .max()?;
    let ws = crate::load::load_workspace(root, year).ok()?;
    units.iter().find(|u| ws.unit(u).is_none()).cloned()
}

/// `chiso audit`: the audit log, a record a line (local time, account, role,
/// address, action, file, criterion), then whether its chain holds.
pub fn audit(root: &Path, lang: Lang) -> ExitStatus {
    let db = match open(root, lang) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let log = match db.audit_log() {
        Ok(log) => log,
        Err(e) => return fail(e.to_string(), lang, USAGE),
    };
    for r in &log {
        let at = humantime::parse_rfc3339(&r.at)
            .map(|t| {
                crate::season::LocalTime::at(t)
                    .civil()
                    .strftime("%d/%m/%Y %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|_| r.at.clone());
        println!(
            "{at}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.user,
            r.role,
            r.address,
            r.action,
            r.file,
            r.criterion.as_deref().unwrap_or("")
        );
    }
    match db.verify_audit() {
        Ok(AuditState::Intact { records }) => {
            println!("{}", WebSay::AuditIntact(records).text(lang));
            OK
        }
        Ok(AuditState::Broken { id }) => fail(WebSay::AuditBroken(id).text(lang), lang, BAD_INPUT),
        Ok(AuditState::Truncated { id, records }) => fail(
            WebSay::AuditTruncated {
                id,
                records,
                head: super::db::AUDIT_HEAD_FILE,
            }
            .text(lang),
            lang,
            BAD_INPUT,
        ),
        Err(e) => fail(e.to_string(), lang, USAGE),
    }
}

/// Records an account change made from the command line; the failure's
/// status when the record could not be written (the change itself is made).
fn audited(db: &Db, action: &str, detail: &str, lang: Lang) -> Option<ExitStatus> {
    // The command line has no account: the record names the command.
    auth::record(db, "chiso user", "", "", action, Some(detail.to_string()))
        .err()
        .map(|e| fail(e.to_string(), lang, USAGE))
}

pub fn user(root: &Path, action: &UserAction, lang: Lang) -> ExitStatus {
    let db = match open(root, lang) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let done = |name: &str, what: Web| {
        println!("{name}: {}", what.text(lang));
        OK
    };
    match action {
        UserAction::Add {
            name,
            role,
            units,
            password_stdin,
        } => {
            if let Some(u) = unknown_unit(root, units) {
                return fail(Say::NoSuchUnit(u).text(lang), lang, BAD_INPUT);
            }
            let password = match password(*password_stdin, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            match auth::add_user(&db, name, *role, units, &password) {
                Ok(()) => {
                    let detail = format!("{name} {} {}", role.as_str(), units.join(","));
                    audited(&db, auth::USER_ADDED, detail.trim_end(), lang)
                        .unwrap_or_else(|| done(name, Web::UserAdded))
                }
                Err(e) => user_error(e, lang),
            }
        }
        UserAction::Passwd {
            name,
            password_stdin,
        } => {
            let password = match password(*password_stdin, lang) {
                Ok(p) => p,
                Err(code) => return code,
            };
            match auth::set_password(&db, name, &password) {
                Ok(()) => audited(&db, auth::PASSWORD_CHANGED, name, lang)
                    .unwrap_or_else(|| done(name, Web::PasswordChanged)),
                Err(e) => user_error(e, lang),
            }
        }
        UserAction::Disable { name } => match auth::disable_user(&db, name) {
            Ok(()) => audited(&db, auth::USER_DISABLED, name, lang)
                .unwrap_or_else(|| done(name, Web::UserDisabled)),
            Err(e) => user_error(e, lang),
        },
        UserAction::List => match auth::list_users(&db) {
            Ok(accounts) if accounts.is_empty() => {
                println!("{}", Web::NoUsers.text(lang));
                OK
            }
            Ok(accounts) => {
                for a in accounts {
                    let state = if a.disabled {
                        Web::Disabled
                    } else {
                        Web::Active
                    };
                    println!(
                        "{}\t{}\t{}\t{}",
                        a.user.name,
                        a.user.role.as_str(),
                        a.user.units.join(","),
                        state.text(lang)
                    );
                }
                OK
            }
            Err(e) => fail(e.to_string(), lang, USAGE),
        },
    }
}
