//! `chiso serve`: the province's web application for the unit officer's
//! season. Scoring data stays in the workspace's files (their stamp checked
//! per request, the scored year kept while it holds: [`cache`]; written one
//! entry at a time through the library); the server's own state (accounts,
//! sessions, audit log) is in SQLite ([`db`]).
//!
//! Pages are rendered on the server ([`pages`], escaped by default) and work
//! without JavaScript; the vendored htmx only saves a criterion in place.

pub mod auth;
pub mod cache;
pub mod command;
pub mod db;
pub mod evidence;
pub mod explain;
pub mod pages;
pub mod routes;
pub mod view;
pub mod write;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use crate::i18n::Lang;
use db::Db;

/// Everything a request handler shares.
pub struct AppState {
    pub root: PathBuf,
    pub db: Db,
    pub lang: Lang,
    /// Password checks running at once: one per core. Each takes Argon2's
    /// memory (about 19 MiB) and tens of milliseconds of a core; a burst of
    /// logins waits its turn instead of exhausting the machine.
    pub password_checks: tokio::sync::Semaphore,
    /// The reverse proxy whose `X-Forwarded-For` names the client
    /// (`serve --trusted-proxy`); without one the client is the peer.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Uploads read at once (each held in memory, up to 20 MiB).
    pub uploads: tokio::sync::Semaphore,
    /// The scored years, while their files stay the same.
    pub years: cache::YearCache,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn open(root: PathBuf, lang: Lang) -> Result<Shared, db::DbError> {
        let db = Db::open(&root)?;
        auth::prepare();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Arc::new(AppState {
            root,
            db,
            lang,
            password_checks: tokio::sync::Semaphore::new(cores),
            trusted_proxy: None,
            uploads: tokio::sync::Semaphore::new(UPLOADS_AT_ONCE),
            years: cache::YearCache::default(),
        }))
    }

    /// A unit's view as the files stand now (the kept scored year when
    /// they have not changed).
    pub fn view(&self, year: i64, unit: &str) -> Result<view::UnitView, view::ViewError> {
        let scored = self.years.get(&self.root, year)?;
        view::UnitView::of(scored, unit)
    }
}

/// Uploads read at once: 4 × 20 MiB at the most in memory.
pub const UPLOADS_AT_ONCE: usize = 4;

/// The largest request body of a form (a criterion's answer, evidence and
/// note; a login).
pub const FORM_LIMIT: usize = 64 * 1024;

/// The application: every route, the security headers, the body limit.
pub fn app(state: Shared) -> Router {
    routes::router(state)
        .layer(axum::extract::DefaultBodyLimit::max(FORM_LIMIT))
        .layer(axum::middleware::map_response(security_headers))
}

/// No script but our own file, no framing, no type sniffing, no caching of
/// pages that show a unit's answers.
async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    // A route may set a stricter policy of its own (a letter: no script at
    // all, its printed style inline).
    if !h.contains_key("content-security-policy") {
        set(
            h,
            "content-security-policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        );
    }
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(h, "cross-origin-opener-policy", "same-origin");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    response
}

#[derive(Debug)]
pub enum ServeError {
    State(db::DbError),
    Listen(SocketAddr, std::io::Error),
    Io(std::io::Error),
}

/// Runs the server until interrupted (Ctrl-C).
pub fn serve(
    root: PathBuf,
    listen: SocketAddr,
    trusted_proxy: Option<std::net::IpAddr>,
    lang: Lang,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let mut state = AppState::open(root, lang).map_err(ServeError::State)?;
    Arc::get_mut(&mut state)
        .expect("not shared before the server starts")
        .trusted_proxy = trusted_proxy;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Io)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| ServeError::Listen(listen, e))?;
        let address = listener.local_addr().map_err(ServeError::Io)?;
        ready(address);
        axum::serve(
            listener,
            app(state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Io)
    })
}
