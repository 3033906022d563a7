//! The routes: who may call them, what they read and write, what they answer.
//!
//! | route | who |
//! |---|---|
//! | `GET /healthz` | anyone |
//! | `GET/POST /dang-nhap`, `POST /dang-xuat` | anyone / a session |
//! | `GET /` | a session: the units it may open |
//! | `GET /<year>/don-vi/<UNIT>` | the unit's officers, its council members, administrators, observers |
//! | `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>` | the unit's officers, while the self-assessment is open |
//! | `POST /<year>/don-vi/<UNIT>/nop` | the unit's officers, while the self-assessment is open |
//! | `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>/tep` | the unit's officers, while the entry may be written (multipart, its own body limit) |
//! | `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>/tep/<FILE>/xoa` | the unit's officers, while the self-assessment is open |
//! | `GET /<year>/don-vi/<UNIT>/tep/<FILE>` | whoever may read the unit |
//! | `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>/giai-trinh` | the unit's officers, on a criterion the released round adjusted, while its explanation window is open |

// A refused request is answered with its page: the helpers' error is the
// response itself, as large as any answer.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;

use axum::Form;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::Markup;

use super::Shared;
use super::auth::{self, LoginError, Session};
use super::pages::{self, CardNote, CardValues, Context};
use super::view::{UnitView, ViewError};
use super::write::{self, Actor, Openness, SaveRefusal};
use super::{evidence, explain};
use crate::i18n::{Lang, Web, WebSay};

const SESSION_COOKIE: &str = "chiso_phien";
/// The login form's CSRF token, before there is a session.
const LOGIN_COOKIE: &str = "chiso_dang_nhap";

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/", get(home))
        .route("/dang-nhap", get(login_page).post(login))
        .route("/dang-xuat", post(logout))
        .route("/tinh/htmx.min.js", get(htmx))
        .route("/tinh/chiso.css", get(css))
        .route("/{year}/don-vi/{unit}", get(unit_page))
        .route("/{year}/don-vi/{unit}/tieu-chi/{code}", post(save))
        .route("/{year}/don-vi/{unit}/nop", post(submit))
        .route("/{year}/don-vi/{unit}/thong-bao/{round}", get(letter))
        .route(
            "/{year}/don-vi/{unit}/tieu-chi/{code}/tep",
            post(evidence::upload).layer(DefaultBodyLimit::max(evidence::UPLOAD_LIMIT)),
        )
        .route(
            "/{year}/don-vi/{unit}/tieu-chi/{code}/tep/{file}/xoa",
            post(evidence::remove),
        )
        .route("/{year}/don-vi/{unit}/tep/{file}", get(evidence::download))
        .route(
            "/{year}/don-vi/{unit}/tieu-chi/{code}/giai-trinh",
            post(explain::save_explanation),
        )
        .fallback(not_found)
        .with_state(state)
}

/// What every handler knows about a request.
pub struct Ctx {
    pub state: Shared,
    pub headers: HeaderMap,
    pub address: String,
    pub session: Option<Session>,
    /// Asked by htmx (a fragment is enough).
    pub htmx: bool,
}

impl FromRequestParts<Shared> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, Response> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let address = client_address(peer, &parts.headers, state.trusted_proxy);
        let session = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => {
                auth::session(&state.db, &token).map_err(|_| server_error(state.lang))?
            }
            None => None,
        };
        Ok(Ctx {
            state: state.clone(),
            htmx: parts.headers.contains_key("hx-request"),
            headers: parts.headers.clone(),
            address,
            session,
        })
    }
}

impl Ctx {
    pub(super) fn lang(&self) -> Lang {
        self.state.lang
    }

    /// A refusal as a page (or as the text of a fragment, for htmx).
    pub(super) fn refuse(&self, status: StatusCode, why: Web) -> Response {
        let text = why.text(self.lang());
        let user = self.session.as_ref().map(|s| (&s.user, s.csrf.as_str()));
        (status, pages::message(self.lang(), text, user)).into_response()
    }

    /// A POST must come from our own pages: same origin and the session's
    /// CSRF token.
    pub(super) fn check_post(&self, fields: &[(String, String)]) -> Result<&Session, Response> {
        let Some(session) = &self.session else {
            return Err(self.refuse(StatusCode::UNAUTHORIZED, Web::Unauthorized));
        };
        if !same_origin(&self.headers) {
            return Err(self.refuse(StatusCode::FORBIDDEN, Web::CrossSite));
        }
        let token = field(fields, "csrf").unwrap_or_default();
        if !auth::same_secret(token, &session.csrf) {
            return Err(self.refuse(StatusCode::FORBIDDEN, Web::BadForm));
        }
        Ok(session)
    }
}

pub(super) fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

pub(super) fn server_error(lang: Lang) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message(lang, Web::ServerError.text(lang), None),
    )
        .into_response()
}

/// A cookie of the request.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
}

/// A cookie only this site's pages send back and no script reads.
fn set_cookie(name: &str, value: &str, path: &str, max_age: Option<i64>) -> HeaderValue {
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Strict{age}"
    ))
    .expect("tokens are hex")
}

/// A browser says where a request comes from: `Sec-Fetch-Site` (the site of
/// the page that sent it) and `Origin`. Either, when present, must be ours.
pub(super) fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    // A form of this site posts `same-origin`; `none` (typed in the address
    // bar) cannot post a form. Without the header (an old browser, a script)
    // the session's token alone vouches for the post.
    if let Some(site) = text("sec-fetch-site")
        && site != "same-origin"
    {
        return false;
    }
    if let Some(origin) = text("origin") {
        let Some(host) = text("host") else {
            return false;
        };
        let origin_host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"));
        return origin_host == Some(host);
    }
    true
}

/// The client's address: the connection's peer, or, from the trusted
/// reverse proxy, the last address in `X-Forwarded-For` (the one the proxy
/// added; earlier ones are whatever the client sent). Behind a proxy every
/// peer is the proxy: without this the lockout would lock everyone out at
/// once, and the audit log would name the proxy.
fn client_address(
    peer: Option<std::net::IpAddr>,
    headers: &HeaderMap,
    trusted_proxy: Option<std::net::IpAddr>,
) -> String {
    let Some(peer) = peer else {
        return "-".to_string();
    };
    if Some(peer) != trusted_proxy {
        return peer.to_string();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|last| last.trim().parse::<std::net::IpAddr>().ok())
        .unwrap_or(peer)
        .to_string()
}

fn html(markup: Markup) -> Response {
    markup.into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn htmx() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        pages::HTMX,
    )
        .into_response()
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        pages::CSS,
    )
        .into_response()
}

async fn not_found(ctx: Ctx) -> Response {
    ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound)
}

/// The login page, coming back to `next` (a path of this site) after it:
/// the path's own `%`, `&` and `#` escaped, and anything that is not a plain
/// path (a control character) sent home rather than failing.
pub(super) fn to_login(next: &str) -> Response {
    let next = local_path(next)
        .replace('%', "%25")
        .replace('&', "%26")
        .replace('#', "%23");
    Redirect::to(&format!("/dang-nhap?tiep={next}")).into_response()
}

/// Where a login goes back to: a path of this site only. Browsers drop tabs
/// and line breaks from a URL (`/\t/evil.example` becomes `//evil.example`,
/// another site), so any control character or space sends the user home.
fn local_path(next: &str) -> &str {
    let plain = !next
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if plain
        && next.starts_with('/')
        && !next.starts_with("//")
        && next.parse::<axum::http::uri::PathAndQuery>().is_ok()
    {
        next
    } else {
        "/"
    }
}

#[derive(serde::Deserialize)]
struct Next {
    tiep: Option<String>,
}

async fn login_page(ctx: Ctx, Query(next): Query<Next>) -> Response {
    login_form(
        &ctx,
        next.tiep.as_deref().unwrap_or("/"),
        None,
        StatusCode::OK,
    )
}

fn login_form(ctx: &Ctx, next: &str, error: Option<Web>, status: StatusCode) -> Response {
    let token = auth::token();
    let mut response = (
        status,
        pages::login(ctx.lang(), &token, local_path(next), error),
    )
        .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(LOGIN_COOKIE, &token, "/dang-nhap", None),
    );
    response
}

async fn login(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Response {
    let next = local_path(field(&fields, "tiep").unwrap_or("/")).to_string();
    if !same_origin(&ctx.headers) {
        return ctx.refuse(StatusCode::FORBIDDEN, Web::CrossSite);
    }
    let expected = cookie(&ctx.headers, LOGIN_COOKIE).unwrap_or_default();
    let given = field(&fields, "csrf").unwrap_or_default();
    if expected.is_empty() || !auth::same_secret(given, &expected) {
        return login_form(&ctx, &next, Some(Web::BadForm), StatusCode::FORBIDDEN);
    }
    let name = field(&fields, "ten_dang_nhap")
        .unwrap_or_default()
        .trim()
        .to_string();
    let password = field(&fields, "mat_khau").unwrap_or_default().to_string();
    let state = ctx.state.clone();
    let address = ctx.address.clone();
    let Ok(_turn) = ctx.state.password_checks.acquire().await else {
        return server_error(ctx.lang());
    };
    // Argon2 takes tens of milliseconds of a core: off the async threads.
    let outcome = tokio::task::spawn_blocking(move || {
        match auth::login(&state.db, &name, &password, &address)? {
            Ok(user) => auth::start_session(&state.db, &user).map(Ok),
            Err(e) => Ok(Err(e)),
        }
    })
    .await;
    match outcome {
        Ok(Ok(Ok(token))) => {
            let mut response = Redirect::to(&next).into_response();
            let headers = response.headers_mut();
            headers.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, "/", None),
            );
            headers.append(
                header::SET_COOKIE,
                set_cookie(LOGIN_COOKIE, "", "/dang-nhap", Some(0)),
            );
            // A session that existed before the login is ended: the new one
            // has a new id.
            if let Some(old) = cookie(&ctx.headers, SESSION_COOKIE) {
                let _ = auth::end_session(&ctx.state.db, &old);
            }
            response
        }
        Ok(Ok(Err(LoginError::Wrong))) => login_form(
            &ctx,
            &next,
            Some(Web::LoginFailed),
            StatusCode::UNAUTHORIZED,
        ),
        Ok(Ok(Err(LoginError::Locked))) => login_form(
            &ctx,
            &next,
            Some(Web::LoginLocked),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        _ => server_error(ctx.lang()),
    }
}

async fn logout(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Response {
    if let Err(r) = ctx.check_post(&fields) {
        return r;
    }
    if let Some(token) = cookie(&ctx.headers, SESSION_COOKIE) {
        let _ = auth::end_session(&ctx.state.db, &token);
    }
    if let Some(session) = &ctx.session {
        let user = &session.user;
        let role = user.role.as_str();
        let _ = auth::record(
            &ctx.state.db,
            &user.name,
            role,
            &ctx.address,
            auth::LOGOUT,
            None,
        );
    }
    let mut response = Redirect::to("/dang-nhap").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", "/", Some(0)),
    );
    response
}

/// The latest year of the workspace.
fn latest_year(root: &std::path::Path) -> Option<i64> {
    crate::load::available_years(root)
        .iter()
        .filter_map(|y| y.parse().ok())
        .max()
}

async fn home(ctx: Ctx) -> Response {
    let Some(session) = &ctx.session else {
        return Redirect::to("/dang-nhap").into_response();
    };
    let Some(year) = latest_year(&ctx.state.root) else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    let state = ctx.state.clone();
    let scored = tokio::task::spawn_blocking(move || state.years.get(&state.root, year)).await;
    let units: Vec<(String, String)> = match scored {
        Ok(Ok(scored)) => scored
            .ws
            .units
            .iter()
            .filter(|u| session.user.may_read(&u.code))
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        _ => Vec::new(),
    };
    // An officer of one unit goes straight to its page.
    if let [(code, _)] = units.as_slice()
        && session.user.role == auth::Role::DonVi
    {
        return Redirect::to(&format!("/{year}/don-vi/{code}")).into_response();
    }
    html(pages::home(
        ctx.lang(),
        &session.user,
        &session.csrf,
        year,
        &units,
    ))
}

/// Loads a unit's view for a reader, or the refusal.
pub(super) async fn readable_view(ctx: &Ctx, year: &str, unit: &str) -> Result<UnitView, Response> {
    let Some(session) = &ctx.session else {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    };
    if !session.user.may_read(unit) {
        return Err(ctx.refuse(StatusCode::FORBIDDEN, Web::Forbidden));
    }
    let Ok(year) = year.parse::<i64>() else {
        return Err(ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound));
    };
    let state = ctx.state.clone();
    let unit = unit.to_string();
    let unit_code = unit.clone();
    match tokio::task::spawn_blocking(move || state.view(year, &unit)).await {
        // The library finds a unit forgivingly (case, accents, its name): a
        // page is only at the unit's exact code, the one permissions name.
        Ok(Ok(view)) if view.code() == unit_code => Ok(view),
        Ok(Ok(_)) => Err(ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound)),
        Ok(Err(ViewError::NotFound)) => Err(ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound)),
        Ok(Err(ViewError::NotEvaluated)) | Err(_) => Err(server_error(ctx.lang())),
    }
}

pub(super) fn now() -> std::time::SystemTime {
    std::time::SystemTime::now()
}

async fn unit_page(ctx: Ctx, Path((year, unit)): Path<(String, String)>) -> Response {
    if ctx.session.is_none() {
        return to_login(&format!("/{year}/don-vi/{unit}"));
    }
    let view = match readable_view(&ctx, &year, &unit).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let session = ctx.session.as_ref().expect("checked");
    let openness = write::openness(&view, now());
    let round = explain::round_results(&ctx, &view).await;
    let hashes = write::entry_hashes(&view);
    let letters = letters_for(&view, &session.user);
    let may_write = session.user.may_write_self(view.code());
    let cx = Context {
        lang: ctx.lang(),
        csrf: &session.csrf,
        editable: openness.is_open() && may_write,
        may_write,
        hashes: &hashes,
        letters: &letters,
        round: round.as_ref(),
    };
    html(pages::unit_page(&view, &session.user, &cx, &openness, None))
}

/// The checks of a write to a unit's self-assessment: a session, our own
/// page, the unit's officer, the season open.
pub(super) async fn writable_view(
    ctx: &Ctx,
    year: &str,
    unit: &str,
    fields: &[(String, String)],
) -> Result<UnitView, Response> {
    let session = ctx.check_post(fields)?;
    if !session.user.may_write_self(unit) {
        return Err(ctx.refuse(StatusCode::FORBIDDEN, Web::Forbidden));
    }
    let view = readable_view(ctx, year, unit).await?;
    match write::openness(&view, now()) {
        Openness::Open { .. } => Ok(view),
        Openness::Submitted => Err(ctx.refuse(StatusCode::FORBIDDEN, Web::ReadOnly)),
        Openness::Closed => Err(ctx.refuse(StatusCode::FORBIDDEN, Web::Closed)),
        Openness::NotOpen { .. } => Err(ctx.refuse(StatusCode::FORBIDDEN, Web::NotOpen)),
    }
}

async fn save(
    ctx: Ctx,
    Path((year, unit, code)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let view = match writable_view(&ctx, &year, &unit, &fields).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let lang = ctx.lang();
    let Some(&node) = view.scheme().by_code.get(code.as_str()) else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    let criterion = &view.scheme().nodes[node];
    if !criterion.is_leaf() || criterion.assessed_by != crate::model::AssessedBy::Unit {
        return ctx.refuse(StatusCode::FORBIDDEN, Web::Forbidden);
    }
    let (values, form) = write::read_form(criterion, &fields, lang);
    let base = field(&fields, "base").unwrap_or_default().to_string();
    let session = ctx.session.as_ref().expect("checked");
    let outcome = match form {
        Err(problems) => Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            CardNote::NotSaved(problems),
        )),
        Ok(form) => {
            let state = ctx.state.clone();
            let user = session.user.clone();
            let address = ctx.address.clone();
            let code = criterion.code.clone();
            let unit = view.code().to_string();
            let year = view.year();
            tokio::task::spawn_blocking(move || {
                let actor = Actor {
                    user: &user,
                    address: &address,
                };
                write::save_entry(&state, &actor, year, &unit, &code, &form, &base, lang)
            })
            .await
            .unwrap_or(Err(SaveRefusal::Failed))
            .map_err(|refusal| refusal.card_note(lang))
        }
    };
    card_answer(&ctx, &year, &unit, &code, outcome, Some(values)).await
}

/// The answer to a write of a criterion's entry (a save, an evidence file,
/// an explanation), from the files as they stand after it: without
/// JavaScript a done write redirects back to the page at the card (303) and
/// a refused one answers the page with the card saying why; for htmx, the
/// card with the totals swapped in place. `typed` is what the user typed,
/// kept on the card when the write was refused.
pub(super) async fn card_answer(
    ctx: &Ctx,
    year: &str,
    unit: &str,
    code: &str,
    outcome: Result<(), (StatusCode, CardNote)>,
    typed: Option<CardValues>,
) -> Response {
    let lang = ctx.lang();
    let Some(session) = &ctx.session else {
        return ctx.refuse(StatusCode::UNAUTHORIZED, Web::Unauthorized);
    };
    // The page after the write: the same numbers `chiso show` prints now.
    let view = match readable_view(ctx, year, unit).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(&node) = view.scheme().by_code.get(code) else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    let (status, note) = match outcome {
        Ok(()) if !ctx.htmx => {
            let to = format!(
                "/{}/don-vi/{}#tc-{}",
                view.year(),
                view.code(),
                code.replace('.', "-")
            );
            return Redirect::to(&to).into_response();
        }
        Ok(()) => (StatusCode::OK, CardNote::Saved),
        Err(refused) => refused,
    };
    let openness = write::openness(&view, now());
    let round = explain::round_results(ctx, &view).await;
    let hashes = write::entry_hashes(&view);
    let may_write = session.user.may_write_self(view.code());
    let cx = Context {
        lang,
        csrf: &session.csrf,
        editable: openness.is_open() && may_write,
        may_write,
        hashes: &hashes,
        letters: &letters_for(&view, &session.user),
        round: round.as_ref(),
    };
    let shown = match (&note, typed) {
        (CardNote::Saved, _) | (_, None) => {
            CardValues::of_entry(view.entry(node), &view.scheme().nodes[node], lang)
        }
        (_, Some(typed)) => typed,
    };
    if ctx.htmx {
        let k = view.area_of(node);
        let fragment = maud::html! {
            (pages::card(&view, node, &cx, &shown, Some(&note)))
            (pages::summary(&view, &openness, lang, true))
            (pages::subtotal(&view, k, lang, true))
        };
        return (status, fragment).into_response();
    }
    (
        status,
        pages::unit_page(
            &view,
            &session.user,
            &cx,
            &openness,
            Some((node, &shown, &note)),
        ),
    )
        .into_response()
}

/// The rounds whose letters the reader may open: a unit's officer those
/// released to the unit, the council, administrator and observers every one.
fn letters_for(view: &UnitView, user: &auth::User) -> Vec<u32> {
    if user.role == auth::Role::DonVi {
        view.released_rounds(now())
    } else {
        view.letter_rounds()
    }
}

/// A round's letter to the unit, as `chiso notify <year> <UNIT> --round N
/// --format html` writes it: a printable page with no script at all.
async fn letter(ctx: Ctx, Path((year, unit, round)): Path<(String, String, String)>) -> Response {
    let view = match readable_view(&ctx, &year, &unit).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let session = ctx.session.as_ref().expect("readable");
    let Ok(round) = round.parse::<u32>() else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    if !view.letter_rounds().contains(&round) {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    }
    if !letters_for(&view, &session.user).contains(&round) {
        return ctx.refuse(StatusCode::FORBIDDEN, Web::NotReleased);
    }
    let lang = ctx.lang();
    let root = ctx.state.root.clone();
    let (year, code) = (view.year(), view.code().to_string());
    let noticed =
        tokio::task::spawn_blocking(move || crate::ops::notify(&root, year, &code, round)).await;
    let Ok(Ok(noticed)) = noticed else {
        return server_error(lang);
    };
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; \
             frame-ancestors 'none'; base-uri 'none'",
        )],
        Html(crate::report::notice::html(&noticed.notice, lang)),
    )
        .into_response()
}

async fn submit(
    ctx: Ctx,
    Path((year, unit)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let view = match writable_view(&ctx, &year, &unit, &fields).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let lang = ctx.lang();
    // What `chiso check <year> --unit <UNIT>` reports, to the letter.
    let root = ctx.state.root.clone();
    let (year, code) = (view.year(), view.code().to_string());
    let checked =
        tokio::task::spawn_blocking(move || crate::ops::check(&root, year, Some(&code))).await;
    let errors = match checked {
        Ok(Ok(c)) => c.diagnostics.iter().filter(|d| d.is_error()).count(),
        _ => return server_error(lang),
    };
    if errors > 0 {
        let text = WebSay::SubmitRefused { errors }.text(lang);
        let session = ctx.session.as_ref().expect("checked");
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            pages::message(lang, &text, Some((&session.user, &session.csrf))),
        )
            .into_response();
    }
    let session = ctx.session.as_ref().expect("checked");
    let actor = Actor {
        user: &session.user,
        address: &ctx.address,
    };
    match write::submit(&ctx.state, &actor, view.year(), view.code()) {
        Ok(()) => Redirect::to(&format!("/{}/don-vi/{}", view.year(), view.code())).into_response(),
        Err(SaveRefusal::Submitted) => ctx.refuse(StatusCode::FORBIDDEN, Web::AlreadySubmitted),
        Err(_) => server_error(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_the_peer_unless_the_peer_is_the_trusted_proxy() {
        let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 1.2.3.4"),
        );
        headers.append("x-forwarded-for", HeaderValue::from_static("5.6.7.8"));
        // From the proxy: the address it added last, not the client's claims.
        assert_eq!(
            client_address(Some(proxy), &headers, Some(proxy)),
            "5.6.7.8"
        );
        // Without a trusted proxy, or from another peer, the header is ignored.
        assert_eq!(client_address(Some(proxy), &headers, None), "127.0.0.1");
        let other: std::net::IpAddr = "10.0.0.9".parse().unwrap();
        assert_eq!(
            client_address(Some(other), &headers, Some(proxy)),
            "10.0.0.9"
        );
        // A header that names no address leaves the peer.
        let mut junk = HeaderMap::new();
        junk.insert("x-forwarded-for", HeaderValue::from_static("unknown"));
        assert_eq!(client_address(Some(proxy), &junk, Some(proxy)), "127.0.0.1");
        assert_eq!(client_address(None, &headers, Some(proxy)), "-");
    }
}
