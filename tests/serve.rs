//! `chiso serve`: handler tests on a copy of the sample workspace, calling
//! the router as a service (no socket). The 2025 sample's SNV and STP have
//! their `submitted` removed and the year its schedule, so their forms are open.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use chiso::i18n::Lang;
use chiso::server::auth::{self, Role};
use chiso::server::{self, AppState, Shared};

use crate::common;

const PASSWORD: &str = "mat-khau-thu-nghiem";

pub struct Site {
    pub dir: tempfile::TempDir,
    pub state: Shared,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

/// A logged-in browser: its session cookie and the session's CSRF token.
#[derive(Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl Site {
    pub fn new() -> Site {
        let dir = common::sample();
        for unit in ["SNV", "STP"] {
            let path = dir.path().join(format!("scores/2025/self/{unit}.toml"));
            let text = std::fs::read_to_string(&path).unwrap();
            let open: String = text
                .lines()
                .filter(|l| !l.starts_with("submitted"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(&path, open).unwrap();
        }
        // The sample's schedule closed the self-assessment in November 2025:
        // without it, a unit writes until it submits.
        std::fs::remove_file(dir.path().join("scores/2025/workflow.toml")).unwrap();
        let state = AppState::open(dir.path().to_path_buf(), Lang::Vi).unwrap();
        let add = |name: &str, role, units: &[&str]| {
            let units: Vec<String> = units.iter().map(|u| u.to_string()).collect();
            auth::add_user(&state.db, name, role, &units, PASSWORD).unwrap();
        };
        add("can-bo-snv", Role::DonVi, &["SNV"]);
        add("can-bo-stp", Role::DonVi, &["STP"]);
        add("tham-dinh", Role::ThamDinh, &["SNV"]);
        add("quan-tri", Role::QuanTri, &[]);
        add("xem", Role::Xem, &[]);
        Site { dir, state }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn app(&self) -> Router {
        server::app(self.state.clone())
    }

    /// A session, opened the way the login route opens one.
    pub fn browser(&self, name: &str) -> Browser {
        let user = auth::login(&self.state.db, name, PASSWORD, "test")
            .unwrap()
            .unwrap();
        let token = auth::start_session(&self.state.db, &user).unwrap();
        let csrf = auth::session(&self.state.db, &token).unwrap().unwrap().csrf;
        Browser {
            cookie: format!("chiso_phien={token}"),
            csrf,
        }
    }

    /// The audit records of writes to workspace files (not of logins).
    pub fn file_audit(&self) -> Vec<chiso::server::db::AuditRecord> {
        let mut log = self.state.db.audit_log().unwrap();
        log.retain(|r| r.file != chiso::server::db::STATE_FILE);
        log
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    pub async fn get(&self, path: &str, browser: Option<&Browser>) -> Reply {
        let mut r = Request::get(path).header(header::HOST, "chiso.test");
        if let Some(b) = browser {
            r = r.header(header::COOKIE, &b.cookie);
        }
        self.send(r.body(Body::empty()).unwrap()).await
    }

    /// A form post from our own page (same origin), optionally by htmx.
    pub async fn post(
        &self,
        path: &str,
        browser: Option<&Browser>,
        fields: &[(&str, &str)],
        htmx: bool,
    ) -> Reply {
        self.post_with(
            path,
            browser,
            fields,
            &[
                ("origin", "http://chiso.test"),
                ("sec-fetch-site", "same-origin"),
            ],
            htmx,
        )
        .await
    }

    pub async fn post_with(
        &self,
        path: &str,
        browser: Option<&Browser>,
        fields: &[(&str, &str)],
        extra: &[(&str, &str)],
        htmx: bool,
    ) -> Reply {
        let body = form(fields);
        let mut r = Request::post(path)
            .header(header::HOST, "chiso.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in extra {
            r = r.header(*k, *v);
        }
        if let Some(b) = browser {
            r = r.header(header::COOKIE, &b.cookie);
        }
        if htmx {
            r = r.header("hx-request", "true");
        }
        self.send(r.body(Body::from(body)).unwrap()).await
    }

    pub fn self_file(&self, unit: &str) -> String {
        std::fs::read_to_string(self.root().join(format!("scores/2025/self/{unit}.toml"))).unwrap()
    }

    /// The hidden `base` of a criterion's card on the unit's page.
    pub async fn base(&self, browser: &Browser, unit: &str, code: &str) -> String {
        let page = self
            .get(&format!("/2025/don-vi/{unit}"), Some(browser))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let card = &page.body[page
            .body
            .find(&format!("id=\"tc-{}\"", code.replace('.', "-")))
            .unwrap()..];
        hidden(card, "base")
    }

    /// Saves a criterion from a fresh page.
    pub async fn save(
        &self,
        browser: &Browser,
        unit: &str,
        code: &str,
        fields: &[(&str, &str)],
    ) -> Reply {
        let base = self.base(browser, unit, code).await;
        let mut all = vec![("csrf", browser.csrf.as_str()), ("base", base.as_str())];
        all.extend_from_slice(fields);
        self.post(
            &format!("/2025/don-vi/{unit}/tieu-chi/{code}"),
            Some(browser),
            &all,
            true,
        )
        .await
    }
}

/// A multipart body: text fields, then the file part (its name as raw
/// bytes, exactly as a client might send it).
pub fn multipart(fields: &[(&str, &str)], file: Option<(&[u8], &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----chisoRanhGioi7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"")
                .as_bytes(),
        );
        body.extend_from_slice(name);
        body.extend_from_slice(b"\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Site {
    /// Posts the upload form of a criterion's card.
    pub async fn upload(
        &self,
        path: &str,
        browser: Option<&Browser>,
        fields: &[(&str, &str)],
        file: Option<(&[u8], &[u8])>,
        htmx: bool,
    ) -> Reply {
        let (content_type, body) = multipart(fields, file);
        let mut r = Request::post(path)
            .header(header::HOST, "chiso.test")
            .header(header::CONTENT_TYPE, content_type)
            .header("origin", "http://chiso.test")
            .header("sec-fetch-site", "same-origin");
        if let Some(b) = browser {
            r = r.header(header::COOKIE, &b.cookie);
        }
        if htmx {
            r = r.header("hx-request", "true");
        }
        self.send(r.body(Body::from(body)).unwrap()).await
    }

    /// Uploads a file to a criterion of a unit from a fresh page.
    pub async fn attach(
        &self,
        browser: &Browser,
        unit: &str,
        code: &str,
        name: &str,
        bytes: &[u8],
    ) -> Reply {
        let base = self.base(browser, unit, code).await;
        self.upload(
            &format!("/2025/don-vi/{unit}/tieu-chi/{code}/tep"),
            Some(browser),
            &[("csrf", &browser.csrf), ("base", &base)],
            Some((name.as_bytes(), bytes)),
            false,
        )
        .await
    }

    /// The files stored as a unit's evidence.
    pub fn evidence_files(&self, unit: &str) -> Vec<String> {
        let dir = self.root().join(format!("scores/2025/evidence/{unit}"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the first hidden input named `name` in `html`.
pub fn hidden(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap();
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// The text of the element with `class` (its first occurrence).
pub fn class_text(html: &str, class: &str) -> String {
    let at = html.find(&format!("class=\"{class}\"")).unwrap();
    let rest = &html[at..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    rest[..rest.find('<').unwrap()].to_string()
}

fn self_total(root: &Path, unit: &str) -> rust_decimal::Decimal {
    let ws = chiso::load::load_workspace(root, 2025).unwrap();
    let r = chiso::eval::evaluate(&ws, &Default::default()).unwrap();
    r.unit(unit).unwrap().self_.total
}

// --- Health, login, sessions ------------------------------------------------

#[tokio::test]
async fn healthz_answers_when_ready() {
    let site = Site::new();
    let r = site.get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "ok\n");
}

#[tokio::test]
async fn the_state_database_is_created_in_the_workspace() {
    let site = Site::new();
    assert!(site.root().join(".chiso/server.db").is_file());
}

async fn login_form(site: &Site) -> (String, String) {
    let page = site.get("/dang-nhap", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let cookie = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_string();
    (cookie, hidden(&page.body, "csrf"))
}

async fn log_in(site: &Site, name: &str, password: &str) -> Reply {
    log_in_with(site, name, password, "/2025/don-vi/SNV", None).await
}

/// Logs in asking to go to `next`, with an earlier session's cookie if any.
async fn log_in_with(
    site: &Site,
    name: &str,
    password: &str,
    next: &str,
    earlier: Option<&Browser>,
) -> Reply {
    let (mut cookie, csrf) = login_form(site).await;
    if let Some(b) = earlier {
        cookie = format!("{cookie}; {}", b.cookie);
    }
    let fields = [
        ("csrf", csrf.as_str()),
        ("tiep", next),
        ("ten_dang_nhap", name),
        ("mat_khau", password),
    ];
    site.post_with(
        "/dang-nhap",
        None,
        &fields,
        &[("cookie", &cookie), ("origin", "http://chiso.test")],
        false,
    )
    .await
}

#[tokio::test]
async fn logging_in_sets_a_strict_http_only_session_with_a_new_id() {
    let site = Site::new();
    let first = log_in(&site, "can-bo-snv", PASSWORD).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.headers[header::LOCATION], "/2025/don-vi/SNV");
    let session = first
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("chiso_phien="))
        .unwrap();
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Strict")
            && session.contains("Path=/"),
        "{session}"
    );
    let second = log_in(&site, "can-bo-snv", PASSWORD).await;
    let again = second
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("chiso_phien="))
        .unwrap();
    assert_ne!(session, again);
    // The session opens the unit's page.
    let cookie = session.split(';').next().unwrap().to_string();
    let page = site
        .get(
            "/2025/don-vi/SNV",
            Some(&Browser {
                cookie,
                csrf: String::new(),
            }),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
}

/// Logging in ends the session the browser had: a new id, and the old one
/// opens nothing.
#[tokio::test]
async fn logging_in_ends_the_browsers_earlier_session() {
    let site = Site::new();
    let earlier = site.browser("can-bo-snv");
    assert_eq!(
        site.get("/2025/don-vi/SNV", Some(&earlier)).await.status,
        StatusCode::OK
    );
    let r = log_in_with(&site, "can-bo-snv", PASSWORD, "/", Some(&earlier)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = site.get("/2025/don-vi/SNV", Some(&earlier)).await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "the earlier session still opens pages"
    );
}

/// After logging in the browser goes back only to a path of this site.
#[tokio::test]
async fn a_login_goes_back_only_to_this_site() {
    let site = Site::new();
    for (next, goes) in [
        ("/2025/don-vi/SNV?x=1", "/2025/don-vi/SNV?x=1"),
        ("/\t/evil.test", "/"),
        ("/\n/evil.test", "/"),
        ("/ /evil.test", "/"),
        ("//evil.test", "/"),
        ("/\\evil.test", "/"),
        ("https://evil.test/", "/"),
        ("evil.test", "/"),
    ] {
        let r = log_in_with(&site, "quan-tri", PASSWORD, next, None).await;
        assert_eq!(r.headers[header::LOCATION], goes, "{next:?}");
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_repeated_failures_lock_the_account() {
    let site = Site::new();
    let r = log_in(&site, "can-bo-snv", "sai-mat-khau").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    for _ in 1..auth::LOCKOUT_FAILURES {
        log_in(&site, "can-bo-snv", "sai-mat-khau").await;
    }
    let r = log_in(&site, "can-bo-snv", PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        !r.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("chiso_phien="))
    );
}

#[tokio::test]
async fn a_login_without_its_form_token_or_from_another_site_is_refused() {
    let site = Site::new();
    let fields = [
        ("csrf", "x"),
        ("ten_dang_nhap", "can-bo-snv"),
        ("mat_khau", PASSWORD),
    ];
    let r = site
        .post_with(
            "/dang-nhap",
            None,
            &fields,
            &[("cookie", "chiso_dang_nhap=y")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (cookie, csrf) = login_form(&site).await;
    let fields = [
        ("csrf", csrf.as_str()),
        ("ten_dang_nhap", "can-bo-snv"),
        ("mat_khau", PASSWORD),
    ];
    let r = site
        .post_with(
            "/dang-nhap",
            None,
            &fields,
            &[("cookie", &cookie), ("origin", "http://evil.test")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let r = site
        .post("/dang-xuat", Some(&b), &[("csrf", &b.csrf)], false)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let log = site.state.db.audit_log().unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.user.as_str(), last.role.as_str()),
        (auth::LOGOUT, "can-bo-snv", "don_vi")
    );
}

/// Accounts made, given a new password or disabled from the command line are
/// in the audit log, which the server's records then chain to.
#[test]
fn account_changes_from_the_command_line_are_audited() {
    let dir = common::sample();
    let user = |args: &[&str], stdin: &str| {
        assert_cmd::Command::cargo_bin("chiso")
            .unwrap()
            .arg("--root")
            .arg(dir.path())
            .arg("user")
            .args(args)
            .write_stdin(stdin)
            .assert()
            .success();
    };
    let password = format!("{PASSWORD}\n");
    user(
        &[
            "add",
            "a",
            "--role",
            "don_vi",
            "--unit",
            "SNV",
            "--unit",
            "STP",
            "--password-stdin",
        ],
        &password,
    );
    user(&["passwd", "a", "--password-stdin"], "mat-khau-moi-dai\n");
    user(&["disable", "a"], "");
    let state = AppState::open(dir.path().to_path_buf(), Lang::Vi).unwrap();
    let log = state.db.audit_log().unwrap();
    let seen: Vec<(&str, &str, Option<&str>)> = log
        .iter()
        .map(|r| (r.user.as_str(), r.action.as_str(), r.new.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("chiso user", auth::USER_ADDED, Some("a don_vi SNV,STP")),
            ("chiso user", auth::PASSWORD_CHANGED, Some("a")),
            ("chiso user", auth::USER_DISABLED, Some("a")),
        ]
    );
    assert_eq!(state.db.audit_broken_at().unwrap(), None);

    // `chiso audit` lists them and vouches for the chain; cut or edited, it
    // says so and fails.
    let (code, out, _) = common::chiso(dir.path(), &["audit"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].contains("\tchiso user\t\t\tthem_tai_khoan\t.chiso/server.db\t"));
    assert_eq!(lines[3], "nhật ký nguyên vẹn: 3 bản ghi, chuỗi băm khớp");
    let sql = |q: &str| state.db.conn().execute(q, []).unwrap();
    sql("DELETE FROM audit WHERE id = 3");
    let (code, _, err) = common::chiso(dir.path(), &["audit"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("nhật ký đã bị cắt bớt: bản ghi cuối đã ghi là số 3"),
        "{err}"
    );
    sql("UPDATE audit SET new = 'b' WHERE id = 2");
    let (code, _, err) = common::chiso(dir.path(), &["--lang", "en", "audit"]);
    assert_eq!(code, 1);
    assert!(err.contains("the audit log was edited: record 2"), "{err}");
}

#[tokio::test]
async fn an_idle_session_no_longer_opens_pages() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    site.state
        .db
        .conn()
        .execute(
            "UPDATE sessions SET last_seen = last_seen - ?1",
            [auth::SESSION_IDLE + 1],
        )
        .unwrap();
    let r = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

// --- Who may do what ------------------------------------------------------

#[tokio::test]
async fn anonymous_requests_are_sent_to_the_login_or_refused() {
    let site = Site::new();
    let r = site.get("/2025/don-vi/SNV", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers[header::LOCATION],
        "/dang-nhap?tiep=/2025/don-vi/SNV"
    );
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.2.1",
            None,
            &[("diem", "0")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = site.post("/2025/don-vi/SNV/nop", None, &[], false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = site
        .upload(
            "/2025/don-vi/SNV/tieu-chi/1.2.1/tep",
            None,
            &[],
            Some((b"a.pdf", PDF)),
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    for path in [
        "/2025/don-vi/SNV/tieu-chi/1.2.1/tep/a.pdf/xoa",
        "/2025/don-vi/SNV/tieu-chi/4.1.2/giai-trinh",
    ] {
        let r = site.post(path, None, &[], false).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let r = site.get("/2025/don-vi/SNV/tep/a.pdf", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_role_reads_and_writes_only_what_it_may() {
    let site = Site::new();
    let officer = site.browser("can-bo-snv");
    let r = site.attach(&officer, "SNV", "1.2.1", "a.pdf", PDF).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let download = format!("/2025/don-vi/SNV/tep/{}.pdf", sha256_hex(PDF));
    let before = site.self_file("SNV");
    // (account, may read SNV, may read STP, may write SNV)
    let matrix = [
        ("can-bo-snv", true, false, true),
        ("can-bo-stp", false, true, false),
        ("tham-dinh", true, false, false),
        ("quan-tri", true, true, false),
        ("xem", true, true, false),
    ];
    for (name, read_snv, read_stp, write_snv) in matrix {
        let b = site.browser(name);
        let expect = |ok| {
            if ok {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            }
        };
        assert_eq!(
            site.get("/2025/don-vi/SNV", Some(&b)).await.status,
            expect(read_snv),
            "{name} SNV"
        );
        assert_eq!(
            site.get("/2025/don-vi/STP", Some(&b)).await.status,
            expect(read_stp),
            "{name} STP"
        );
        assert_eq!(
            site.get(&download, Some(&b)).await.status,
            expect(read_snv),
            "{name} downloads SNV's file"
        );
        if write_snv {
            continue;
        }
        let r = site
            .upload(
                "/2025/don-vi/SNV/tieu-chi/1.2.1/tep",
                Some(&b),
                &[("csrf", &b.csrf), ("base", "")],
                Some((b"b.pdf", PDF)),
                false,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name} uploads to SNV");
        let remove = format!(
            "/2025/don-vi/SNV/tieu-chi/1.2.1/tep/{}.pdf/xoa",
            sha256_hex(PDF)
        );
        let r = site
            .post(&remove, Some(&b), &[("csrf", &b.csrf), ("base", "")], false)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name} removes SNV's file");
        let r = site
            .post(
                "/2025/don-vi/SNV/tieu-chi/4.1.2/giai-trinh",
                Some(&b),
                &[("csrf", &b.csrf), ("base", ""), ("giai_trinh", "x")],
                false,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name} explains for SNV");
        let fields = [("csrf", b.csrf.as_str()), ("base", ""), ("diem", "0")];
        let r = site
            .post("/2025/don-vi/SNV/tieu-chi/1.2.1", Some(&b), &fields, false)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name} writes SNV");
        let r = site
            .post(
                "/2025/don-vi/SNV/nop",
                Some(&b),
                &[("csrf", &b.csrf)],
                false,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name} submits SNV");
    }
    assert_eq!(site.self_file("SNV"), before);
}

#[tokio::test]
async fn a_save_without_the_session_token_or_from_another_site_is_refused() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    let path = "/2025/don-vi/SNV/tieu-chi/1.2.1";
    let r = site.post(path, Some(&b), &[("diem", "0")], false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no token");
    let r = site
        .post(path, Some(&b), &[("csrf", "0000"), ("diem", "0")], false)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "wrong token");
    for extra in [
        [
            ("origin", "http://evil.test"),
            ("sec-fetch-site", "same-origin"),
        ],
        [
            ("origin", "http://chiso.test"),
            ("sec-fetch-site", "cross-site"),
        ],
        [
            ("origin", "http://chiso.test"),
            ("sec-fetch-site", "same-site"),
        ],
        [("origin", "http://chiso.test"), ("sec-fetch-site", "none")],
    ] {
        let r = site
            .post_with(
                path,
                Some(&b),
                &[("csrf", &b.csrf), ("diem", "0")],
                &extra,
                false,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{extra:?}");
    }
    assert_eq!(site.self_file("SNV"), before);
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let site = Site::new();
    let r = site.get("/dang-nhap", None).await;
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert!(!r.body.contains("<script>"), "no inline script");

    // Every response, not only pages: errors, redirects, static files, a
    // refused body.
    let b = site.browser("can-bo-snv");
    let big = "x".repeat(server::FORM_LIMIT + 1);
    let responses = [
        ("404", site.get("/2025/don-vi/KHONG-CO", Some(&b)).await),
        ("403", site.get("/2025/don-vi/STP", Some(&b)).await),
        ("redirect", site.get("/2025/don-vi/SNV", None).await),
        ("static", site.get("/tinh/chiso.css", None).await),
        (
            "413",
            site.post(
                "/dang-xuat",
                Some(&b),
                &[("csrf", &b.csrf), ("x", &big)],
                false,
            )
            .await,
        ),
    ];
    for (what, r) in &responses {
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
        ] {
            assert_eq!(r.headers[name], value, "{what}: {name}");
        }
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{what}");
    }
    assert_eq!(responses[0].1.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let big = "x".repeat(server::FORM_LIMIT + 1);
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.2.1",
            Some(&b),
            &[("csrf", &b.csrf), ("ghi_chu", &big)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_vendored_htmx_is_the_pinned_release() {
    use sha2::Digest;
    let site = Site::new();
    let r = site.get("/tinh/htmx.min.js", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let hash = sha2::Sha256::digest(r.body.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    // htmx.org 2.0.11, dist/htmx.min.js from the npm package.
    assert_eq!(
        hex,
        "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
    );
}

// --- The unit's page and saving --------------------------------------------

#[tokio::test]
async fn the_page_shows_the_same_numbers_as_the_library() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    let ws = chiso::load::load_workspace(site.root(), 2025).unwrap();
    let r = chiso::eval::evaluate(&ws, &Default::default()).unwrap();
    let u = r.unit("SNV").unwrap();
    let index = chiso::num::fmt_fixed(u.self_.index.unwrap(), r.index_decimals, Lang::Vi);
    assert_eq!(class_text(&page.body, "index"), index);
    assert!(index.contains(','), "decimal comma: {index}");
    assert_eq!(
        class_text(&page.body, "rating"),
        u.self_.rating.clone().unwrap()
    );
}

#[tokio::test]
async fn saving_one_criterion_changes_only_that_entry() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    let total = self_total(site.root(), "SNV");
    let r = site
        .save(&b, "SNV", "1.2.1", &[("diem", "0,5"), ("tai_lieu", "Báo cáo số 250/BC-SNV ngày 13/03/2025 (quý I); số 342/BC-SNV ngày 13/06/2025 (6 tháng); số 93/BC-SNV ngày 18/09/2025 (quý III); số 58/BC-SNV ngày 18/12/2025 (năm)")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let expected = before.replacen(
        "[c.\"1.2.1\"]\npoints = 0.75\n",
        "[c.\"1.2.1\"]\npoints = 0.5\n",
        1,
    );
    assert_ne!(expected, before);
    assert_eq!(site.self_file("SNV"), expected);
    // 0.75 → 0.5: the self total drops by a quarter point, on the page too.
    let after = self_total(site.root(), "SNV");
    assert_eq!(total - after, rust_decimal_macros_free("0.25"));
    assert!(r.body.contains("Đã lưu."));
    assert!(r.body.contains("id=\"tong-hop\" hx-swap-oob=\"true\""));
    let shown = class_text(&r.body, "total");
    assert!(
        shown.starts_with(&chiso::num::fmt_fixed(after, 2, Lang::Vi)),
        "{shown}"
    );
    // The audit log holds the change, chained.
    let log = site.file_audit();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].user, "can-bo-snv");
    assert_eq!(log[0].criterion.as_deref(), Some("1.2.1"));
    assert!(log[0].old.as_deref().unwrap().contains("points = 0.75"));
    assert!(log[0].new.as_deref().unwrap().contains("points = 0.5"));
    assert_eq!(site.state.db.audit_broken_at().unwrap(), None);
}

fn rust_decimal_macros_free(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

#[tokio::test]
async fn without_javascript_a_save_redirects_back_to_the_card() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.3.1").await;
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.3.1",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base), ("tra_loi", "khong")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/2025/don-vi/SNV#tc-1-3-1");
    assert!(
        site.self_file("SNV")
            .contains("[c.\"1.3.1\"]\nyes = false\n")
    );
}

#[tokio::test]
async fn a_stale_page_gets_a_conflict_with_both_values() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.2.1").await;
    let path = "/2025/don-vi/SNV/tieu-chi/1.2.1";
    let first = site
        .post(
            path,
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base), ("diem", "0,5")],
            true,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let after_first = site.self_file("SNV");
    let second = site
        .post(
            path,
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base), ("diem", "0,25")],
            true,
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains("points = 0.5") && second.body.contains("points = 0.25"),
        "{}",
        second.body
    );
    assert_eq!(site.self_file("SNV"), after_first);
}

#[tokio::test]
async fn a_save_that_does_not_validate_writes_nothing_and_says_why() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    // 5 points on a criterion of at most 0.75.
    let r = site.save(&b, "SNV", "1.2.1", &[("diem", "5")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Chưa lưu:"));
    assert!(r.body.contains("[E"), "a diagnostic code: {}", r.body);
    assert!(r.body.contains("value=\"5\""), "what was typed is kept");
    assert_eq!(site.self_file("SNV"), before);
    // Not a number at all.
    let r = site.save(&b, "SNV", "1.2.1", &[("diem", "năm")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("“năm” không phải là số"));
    assert_eq!(site.self_file("SNV"), before);
    assert!(site.file_audit().is_empty());
}

#[tokio::test]
async fn hostile_text_is_shown_as_text() {
    let site = Site::new();
    let units = site.root().join("scores/2025/units.toml");
    let text = std::fs::read_to_string(&units).unwrap();
    let name_line = text
        .lines()
        .skip_while(|l| *l != "code = \"SNV\"")
        .find(|l| l.starts_with("name"))
        .unwrap()
        .to_string();
    std::fs::write(
        &units,
        text.replacen(
            &name_line,
            "name = \"Sở <script>alert(1)</script> Nội vụ\"",
            1,
        ),
    )
    .unwrap();
    let b = site.browser("can-bo-snv");
    let r = site
        .save(
            &b,
            "SNV",
            "1.2.1",
            &[
                ("diem", "0,5"),
                ("ghi_chu", "\"><img src=x onerror=alert(2)>"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(
        page.body
            .contains("Sở &lt;script&gt;alert(1)&lt;/script&gt; Nội vụ")
    );
    assert!(!page.body.contains("<img src=x"));
    assert!(
        page.body
            .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
    );
}

#[tokio::test]
async fn a_submitted_self_assessment_is_read_only() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let r = site
        .post(
            "/2025/don-vi/SNV/nop",
            Some(&b),
            &[("csrf", &b.csrf)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let file = site.self_file("SNV");
    let submitted = file
        .lines()
        .find(|l| l.starts_with("submitted = "))
        .unwrap();
    assert_eq!(submitted.len(), "submitted = 2025-01-01".len());
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert!(page.body.contains("Đã nộp"));
    assert!(page.body.contains("<fieldset disabled"));
    assert!(!page.body.contains("action=\"/2025/don-vi/SNV/nop\""));
    let r = site.save(&b, "SNV", "1.2.1", &[("diem", "0")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(site.self_file("SNV"), file);
}

// --- Concurrency -------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_of_different_criteria_lose_nothing() {
    let site = std::sync::Arc::new(Site::new());
    let b = site.browser("can-bo-snv");
    // yes_no criteria of SNV's appendix, all set to "no" at once.
    let codes = [
        "1.3.1", "1.4.1", "1.5.1", "1.5.2", "2.1.3", "2.3.1", "2.4.1", "3.1.1",
    ];
    let before = site.self_file("SNV");
    // Saves that change nothing are not recorded.
    let changing = codes
        .iter()
        .filter(|c| !before.contains(&format!("[c.\"{c}\"]\nyes = false\n")))
        .count();
    assert!(changing >= 4, "{changing}");
    let mut bases = Vec::new();
    for c in codes {
        bases.push(site.base(&b, "SNV", c).await);
    }
    let mut tasks = Vec::new();
    for (code, base) in codes.iter().zip(bases) {
        let site = site.clone();
        let b = b.clone();
        let code = code.to_string();
        tasks.push(tokio::spawn(async move {
            let path = format!("/2025/don-vi/SNV/tieu-chi/{code}");
            site.post(
                &path,
                Some(&b),
                &[("csrf", &b.csrf), ("base", &base), ("tra_loi", "khong")],
                true,
            )
            .await
            .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let file = site.self_file("SNV");
    for code in codes {
        let entry = &file[file.find(&format!("[c.\"{code}\"]")).unwrap()..];
        let entry = &entry[..entry[1..].find("\n[").map_or(entry.len(), |i| i + 1)];
        assert!(entry.contains("yes = false"), "{code}: {entry}");
    }
    assert_eq!(site.file_audit().len(), changing);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_saves_of_one_criterion_from_the_same_page_give_one_conflict() {
    let site = std::sync::Arc::new(Site::new());
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.2.1").await;
    let mut tasks = Vec::new();
    for points in ["0,25", "0,5"] {
        let (site, b, base) = (site.clone(), b.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            site.post(
                "/2025/don-vi/SNV/tieu-chi/1.2.1",
                Some(&b),
                &[("csrf", &b.csrf), ("base", &base), ("diem", points)],
                true,
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
}

// --- The page and the library agree -----------------------------------------

/// The options of 2025's 1.1.1 (appendix pl1), as the form posts them.
const CHOICES_111: [&str; 3] = [
    "Ban hành đến hết ngày 31/01/2025",
    "Ban hành sau ngày 31/01/2025",
    "Không ban hành",
];

/// A choice is posted as its label: one the criterion no longer offers (its
/// options edited while the page was open) is refused and writes nothing,
/// where a posted position would have silently named another option.
#[tokio::test]
async fn a_choice_the_criterion_no_longer_offers_is_refused() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert!(page.body.contains(&format!("value=\"{}\"", CHOICES_111[1])));
    let before = site.self_file("SNV");
    let r = site
        .save(
            &b,
            "SNV",
            "1.1.1",
            &[("tra_loi", "Ban hành trước ngày 15/01/2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("không còn lựa chọn"), "{}", r.body);
    assert_eq!(site.self_file("SNV"), before);
    let r = site
        .save(&b, "SNV", "1.1.1", &[("tra_loi", CHOICES_111[1])])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        site.self_file("SNV")
            .contains(&format!("choice = \"{}\"", CHOICES_111[1]))
    );
}

/// A save of the property test: a criterion of a method and what is typed.
#[derive(Debug, Clone)]
enum Typed {
    /// 1.2.1, manual, max 0.75, step 0.25: the number of quarter points.
    Manual(u8),
    /// 1.3.1, yes_no.
    YesNo(bool),
    /// 1.1.1, choice: the option's position (three options).
    Choice(u8),
    /// 1.1.2, bands on two counts: completed and planned tasks.
    Facts(u8, u8),
}

impl Typed {
    fn save(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Typed::Manual(q) => (
                "1.2.1",
                vec![("diem", format!("{},{:02}", q / 4, (q % 4) * 25))],
            ),
            Typed::YesNo(y) => (
                "1.3.1",
                vec![("tra_loi", if *y { "co" } else { "khong" }.into())],
            ),
            Typed::Choice(i) => ("1.1.1", vec![("tra_loi", CHOICES_111[*i as usize].into())]),
            Typed::Facts(done, planned) => (
                "1.1.2",
                vec![
                    ("so_lieu.nv_hoan_thanh", done.min(planned).to_string()),
                    ("so_lieu.nv_ke_hoach", planned.to_string()),
                ],
            ),
        }
    }
}

fn typed() -> impl proptest::strategy::Strategy<Value = Typed> {
    use proptest::prelude::*;
    prop_oneof![
        (0u8..=3).prop_map(Typed::Manual),
        any::<bool>().prop_map(Typed::YesNo),
        (0u8..3).prop_map(Typed::Choice),
        (0u8..30, 1u8..30).prop_map(|(d, p)| Typed::Facts(d, p)),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 4, ..Default::default() })]

    /// After any sequence of saves, what the last answer showed (total and
    /// index) is what the library scores from the files.
    #[test]
    fn random_saves_then_the_library_scores_what_the_page_showed(saves in proptest::collection::vec(typed(), 1..4)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let site = Site::new();
            let b = site.browser("can-bo-snv");
            let mut last = None;
            for s in &saves {
                let (code, fields) = s.save();
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let r = site.save(&b, "SNV", code, &fields).await;
                assert_eq!(r.status, StatusCode::OK, "{s:?}: {}", r.body);
                last = Some(r.body);
            }
            let shown = last.unwrap();
            let ws = chiso::load::load_workspace(site.root(), 2025).unwrap();
            let results = chiso::eval::evaluate(&ws, &Default::default()).unwrap();
            let u = results.unit("SNV").unwrap();
            let total = chiso::num::fmt_fixed(u.self_.total, results.points_decimals, Lang::Vi);
            let index = chiso::num::fmt_fixed(u.self_.index.unwrap(), results.index_decimals, Lang::Vi);
            assert!(class_text(&shown, "total").starts_with(&format!("{total} / ")), "{total}");
            assert_eq!(class_text(&shown, "index"), index);
        });
    }
}

#[tokio::test]
async fn after_the_deadline_the_form_is_read_only_and_saves_are_refused() {
    let site = Site::new();
    // The sample's schedule: the self-assessment closed on 14/11/2025 at 17:00.
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scores/2025"),
        &site.root().join("scores/2025-lich"),
    );
    std::fs::copy(
        site.root().join("scores/2025-lich/workflow.toml"),
        site.root().join("scores/2025/workflow.toml"),
    )
    .unwrap();
    std::fs::remove_dir_all(site.root().join("scores/2025-lich")).unwrap();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(class_text(&page.body, "status"), "Đã hết hạn tự chấm");
    assert_eq!(class_text(&page.body, "deadline"), "14/11/2025 17:00");
    assert!(page.body.contains("<fieldset disabled"));
    let card = &page.body[page.body.find("id=\"tc-1-2-1\"").unwrap()..];
    let base = hidden(card, "base");
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.2.1",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base), ("diem", "0")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = site
        .post(
            "/2025/don-vi/SNV/nop",
            Some(&b),
            &[("csrf", &b.csrf)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(site.self_file("SNV"), before);
}

/// A unit's own figure for a fact the official data also has stays a field of
/// the card, beside the official figure: saving the card as shown keeps it
/// (a read-only copy of the official figure used to drop it from the file).
#[tokio::test]
async fn saving_a_card_keeps_the_units_own_figure_beside_the_official_one() {
    let site = Site::new();
    let mut text = site.self_file("SNV");
    text.push_str("\n[c.\"3.4.1\"]\nfacts = { truc_tuyen = 900, tiep_nhan = 1236 }\n");
    std::fs::write(site.root().join("scores/2025/self/SNV.toml"), text).unwrap();
    let b = site.browser("can-bo-snv");
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    let card = &page.body[page.body.find("id=\"tc-3-4-1\"").unwrap()..];
    let card = &card[..card.find("</form>").unwrap()];
    let own = hidden(card, "so_lieu.truc_tuyen");
    let received = hidden(card, "so_lieu.tiep_nhan");
    assert_eq!((own.as_str(), received.as_str()), ("900", "1236"));
    assert!(
        card.contains(": 824<"),
        "the official figure is shown: {card}"
    );
    let r = site
        .save(
            &b,
            "SNV",
            "3.4.1",
            &[
                ("so_lieu.truc_tuyen", &own),
                ("so_lieu.tiep_nhan", &received),
                ("ghi_chu", "đã đối chiếu với hệ thống một cửa"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = site.self_file("SNV");
    assert!(
        after.contains("facts = { truc_tuyen = 900, tiep_nhan = 1236 }"),
        "{after}"
    );
    assert!(after.contains("đã đối chiếu"));
}

/// Whether the form is open is judged again under the file's lock: a page
/// opened before the unit was submitted (by another officer, or with the
/// command line) cannot write after, and a second submit writes no new date.
#[tokio::test]
async fn a_save_from_a_page_opened_before_submission_is_refused() {
    use chiso::server::write::{self, Actor, SaveRefusal};
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.2.1").await;
    let user = auth::login(&site.state.db, "can-bo-stp", PASSWORD, "t")
        .unwrap()
        .unwrap();
    let actor = Actor {
        user: &user,
        address: "t",
    };
    write::submit(&site.state, &actor, 2025, "SNV").unwrap();
    let submitted = site.self_file("SNV");
    let ws = chiso::load::load_workspace(site.root(), 2025).unwrap();
    let scheme = ws.scheme_of(ws.unit("SNV").unwrap()).unwrap();
    let criterion = scheme.get("1.2.1").unwrap();
    let fields = vec![("diem".to_string(), "0".to_string())];
    let form = write::read_form(criterion, &fields, Lang::Vi).1.unwrap();
    let r = write::save_entry(
        &site.state,
        &actor,
        2025,
        "SNV",
        "1.2.1",
        &form,
        &base,
        Lang::Vi,
    );
    assert!(matches!(r, Err(SaveRefusal::Submitted)), "{r:?}");
    assert!(matches!(
        write::submit(&site.state, &actor, 2025, "SNV"),
        Err(SaveRefusal::Submitted)
    ));
    assert_eq!(site.self_file("SNV"), submitted);
}

/// Permissions name units by their exact code; the library's forgiving
/// look-up (case, accents, names) must not lead a request to another unit
/// than the one its permission was checked for.
#[tokio::test]
async fn a_unit_page_is_only_at_the_units_exact_code() {
    let site = Site::new();
    auth::add_user(
        &site.state.db,
        "lech",
        Role::DonVi,
        &["snv".into()],
        PASSWORD,
    )
    .unwrap();
    let officer = site.browser("lech");
    let r = site.get("/2025/don-vi/snv", Some(&officer)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let before = site.self_file("SNV");
    let r = site
        .post(
            "/2025/don-vi/snv/tieu-chi/1.2.1",
            Some(&officer),
            &[("csrf", &officer.csrf), ("base", "x"), ("diem", "0")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(site.self_file("SNV"), before);
    let admin = site.browser("quan-tri");
    for path in [
        "/2025/don-vi/snv",
        "/2025/don-vi/S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5",
    ] {
        assert_eq!(
            site.get(path, Some(&admin)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        site.get("/2025/don-vi/SNV", Some(&admin)).await.status,
        StatusCode::OK
    );
}

/// A save is recorded under its write's lock; one that cannot be recorded
/// is undone, not kept unaudited.
#[tokio::test]
async fn a_save_that_cannot_be_audited_is_undone() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.2.1").await;
    let before = site.self_file("SNV");
    site.state
        .db
        .conn()
        .execute_batch("DROP TABLE audit")
        .unwrap();
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.2.1",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base), ("diem", "0,25")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(site.self_file("SNV"), before);
}

/// A card's `base` is the hash of the entry the page was built from: a write
/// between loading the page's numbers and hashing its entries must not pair
/// old values with the new hash (the next save would overwrite unseen).
#[test]
fn a_pages_hashes_are_of_the_file_its_values_came_from() {
    use chiso::answers::edit;
    use chiso::server::write;
    let site = Site::new();
    let view = site.state.view(2025, "SNV").unwrap();
    let shown = edit::entry_hash(site.root(), 2025, "SNV", "1.2.1").unwrap();
    let path = site.root().join("scores/2025/self/SNV.toml");
    let text = site
        .self_file("SNV")
        .replace("points = 0.75", "points = 0.5");
    std::fs::write(&path, text).unwrap();
    assert_eq!(write::entry_hashes(&view)["1.2.1"], shown);
}

/// A file typed in decomposed Unicode (NFD) is read in NFC: the page's hash
/// and the save's agree, so such a file is not one long conflict.
#[tokio::test]
async fn an_entry_typed_in_decomposed_unicode_can_be_saved() {
    let site = Site::new();
    let path = site.root().join("scores/2025/self/SNV.toml");
    let nfd = "Bá\u{301}o cá\u{301}o quy\u{301} I"; // "Báo cáo quý I" decomposed
    let text = site.self_file("SNV").replacen(
        "points = 0.75\n",
        &format!("points = 0.75\nnote = \"{nfd}\"\n"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let b = site.browser("can-bo-snv");
    let r = site.save(&b, "SNV", "1.2.1", &[("diem", "0,5")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// The paths the matrix above leaves out: the home page of every role,
/// unknown years, units and criteria, a criterion the council scores, a
/// council member without assigned units, the logout's token, and the
/// session's twelve-hour limit.
#[tokio::test]
async fn the_rest_of_the_route_and_role_matrix() {
    let site = Site::new();
    // Home: an officer of one unit goes to its page; the others see the
    // units they may read, and only those.
    let officer = site.browser("can-bo-snv");
    let r = site.get("/", Some(&officer)).await;
    assert_eq!(
        (r.status, r.headers[header::LOCATION].to_str().unwrap()),
        (StatusCode::SEE_OTHER, "/2025/don-vi/SNV")
    );
    for (name, sees_stp) in [("tham-dinh", false), ("quan-tri", true), ("xem", true)] {
        let r = site.get("/", Some(&site.browser(name))).await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        assert!(r.body.contains("/2025/don-vi/SNV"), "{name}");
        assert_eq!(r.body.contains("/2025/don-vi/STP"), sees_stp, "{name}");
    }
    // A council member without assigned units reads every unit, writes none.
    auth::add_user(&site.state.db, "hoi-dong", Role::ThamDinh, &[], PASSWORD).unwrap();
    let council = site.browser("hoi-dong");
    assert_eq!(
        site.get("/2025/don-vi/STP", Some(&council)).await.status,
        StatusCode::OK
    );
    let r = site
        .post(
            "/2025/don-vi/STP/tieu-chi/1.2.1",
            Some(&council),
            &[("csrf", &council.csrf), ("base", ""), ("diem", "0")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Unknown year, unit, criterion.
    let admin = site.browser("quan-tri");
    for path in [
        "/1999/don-vi/SNV",
        "/nam/don-vi/SNV",
        "/2025/don-vi/KHONG-CO",
    ] {
        assert_eq!(
            site.get(path, Some(&admin)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let before = site.self_file("SNV");
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/99.9",
            Some(&officer),
            &[("csrf", &officer.csrf), ("base", ""), ("diem", "0")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // 10.5 is scored by the council: the unit cannot answer it.
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/10.5",
            Some(&officer),
            &[("csrf", &officer.csrf), ("base", ""), ("diem", "1")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(site.self_file("SNV"), before);
    // Logging out needs the session's token: without it the session stays.
    let r = site.post("/dang-xuat", Some(&officer), &[], false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        site.get("/2025/don-vi/SNV", Some(&officer)).await.status,
        StatusCode::OK
    );
    // Twelve hours after it began a session ends, however busy.
    site.state
        .db
        .conn()
        .execute(
            "UPDATE sessions SET created = created - ?1",
            [auth::SESSION_MAX + 1],
        )
        .unwrap();
    assert_eq!(
        site.get("/2025/don-vi/SNV", Some(&officer)).await.status,
        StatusCode::SEE_OTHER
    );
}

/// A unit's officer opens the council's letter of a round once the schedule
/// releases it (as `chiso notify --format html` writes it), not before; the
/// council reads every round's at any time. A letter runs no script.
#[tokio::test]
async fn a_unit_reads_its_round_letters_once_released() {
    let site = Site::new();
    std::fs::write(
        site.root().join("scores/2025/workflow.toml"),
        "[self_assessment]\nopens = 2025-10-15T07:30\ncloses = 2025-11-14T17:00\n\n\
         [[round]]\nresults = 2025-12-19T17:00\n\n[[round]]\nresults = 2099-02-06T17:00\n",
    )
    .unwrap();
    let officer = site.browser("can-bo-snv");
    let page = site.get("/2025/don-vi/SNV", Some(&officer)).await;
    assert!(page.body.contains("href=\"/2025/don-vi/SNV/thong-bao/1\""));
    assert!(!page.body.contains("/thong-bao/2"));
    let r = site
        .get("/2025/don-vi/SNV/thong-bao/1", Some(&officer))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let (_, expected, _) = common::chiso(
        site.root(),
        &["notify", "2025", "SNV", "--round", "1", "--format", "html"],
    );
    assert_eq!(r.body, expected);
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    let r = site
        .get("/2025/don-vi/SNV/thong-bao/2", Some(&officer))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("chưa được gửi đến đơn vị"));
    for path in [
        "/2025/don-vi/SNV/thong-bao/3",
        "/2025/don-vi/SNV/thong-bao/x",
    ] {
        assert_eq!(
            site.get(path, Some(&officer)).await.status,
            StatusCode::NOT_FOUND
        );
    }
    // Another unit's letter: refused; the council: every round.
    let other = site.browser("can-bo-stp");
    let r = site.get("/2025/don-vi/SNV/thong-bao/1", Some(&other)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let council = site.browser("tham-dinh");
    let r = site
        .get("/2025/don-vi/SNV/thong-bao/2", Some(&council))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        site.get("/2025/don-vi/SNV/thong-bao/1", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Without a schedule nothing is released to the unit: the council's file
    // may hold a round in progress.
    std::fs::remove_file(site.root().join("scores/2025/workflow.toml")).unwrap();
    let page = site.get("/2025/don-vi/SNV", Some(&officer)).await;
    assert!(!page.body.contains("/thong-bao/"));
    let r = site
        .get("/2025/don-vi/SNV/thong-bao/1", Some(&officer))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = site
        .get("/2025/don-vi/SNV/thong-bao/1", Some(&council))
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

// --- Evidence files ----------------------------------------------------------

/// A small PDF, as the evidence tests write one.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of a criterion's entry in a self-assessment file.
fn entry_of<'a>(file: &'a str, code: &str) -> &'a str {
    let entry = &file[file.find(&format!("[c.\"{code}\"]")).unwrap()..];
    &entry[..entry[1..].find("\n[").map_or(entry.len(), |i| i + 1)]
}

#[tokio::test]
async fn an_uploaded_file_is_stored_by_its_hash_and_attached_to_the_entry() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    let r = site
        .attach(&b, "SNV", "1.2.1", "Báo cáo quý I.pdf", PDF)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers[header::LOCATION], "/2025/don-vi/SNV#tc-1-2-1");
    // Stored under its SHA-256, byte for byte.
    let sha = sha256_hex(PDF);
    let stored = format!("{sha}.pdf");
    assert_eq!(site.evidence_files("SNV"), std::slice::from_ref(&stored));
    let on_disk = std::fs::read(
        site.root()
            .join(format!("scores/2025/evidence/SNV/{stored}")),
    )
    .unwrap();
    assert_eq!(on_disk, PDF);
    // Only that entry changed: its attachments list names the file.
    let after = site.self_file("SNV");
    let line = format!(
        "attachments = [\n  {{ file = \"{stored}\", title = \"Báo cáo quý I.pdf\", sha256 = \"{sha}\", size = {} }},\n]\n",
        PDF.len()
    );
    assert!(entry_of(&after, "1.2.1").ends_with(&line), "{after}");
    assert_eq!(after.replacen(&line, "", 1), before);
    // The loader and the lock accept it.
    let (code, out, err) = common::chiso(site.root(), &["check", "2025", "--unit", "SNV"]);
    assert!(!out.contains("E031") && !err.contains("E031"), "{out}{err}");
    assert_eq!(code, 0, "{out}{err}");
    let inputs = chiso::lock::hash_inputs(site.root(), 2025).unwrap();
    assert_eq!(
        inputs.get(&format!("scores/2025/evidence/SNV/{stored}")),
        Some(&sha)
    );
    let (code, out, err) = common::chiso(site.root(), &["lock", "2025"]);
    assert_eq!(code, 0, "{out}{err}");
    // The audit log says who attached what, where.
    let log = site.file_audit();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "tai_len");
    assert_eq!(log[0].criterion.as_deref(), Some("1.2.1"));
    assert_eq!(log[0].file, "scores/2025/self/SNV.toml");
    assert!(log[0].new.as_deref().unwrap().contains(&sha));
    assert_eq!(site.state.db.audit_broken_at().unwrap(), None);
    // The card lists it with its download link.
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    let card = &page.body[page.body.find("id=\"tc-1-2-1\"").unwrap()..];
    let card = &card[..card[1..].find("id=\"tc-").map_or(card.len(), |i| i + 1)];
    assert!(
        card.contains(&format!(
            "<a href=\"/2025/don-vi/SNV/tep/{stored}\">Báo cáo quý I.pdf</a>"
        )),
        "{card}"
    );
}

#[tokio::test]
async fn with_htmx_an_upload_answers_the_card_listing_the_file() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.3.1").await;
    let r = site
        .upload(
            "/2025/don-vi/SNV/tieu-chi/1.3.1/tep",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base)],
            Some((b"bien-ban.pdf", PDF)),
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.starts_with("<div class=\"card\" id=\"tc-1-3-1\">"));
    assert!(r.body.contains("Đã lưu."));
    assert!(r.body.contains(">bien-ban.pdf</a>"));
    // The card's new hash lets the next save through.
    let next = hidden(&r.body, "base");
    assert_ne!(next, base);
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.3.1",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &next), ("tra_loi", "khong")],
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entry = site.self_file("SNV");
    let entry = entry_of(&entry, "1.3.1");
    assert!(
        entry.contains("yes = false") && entry.contains("bien-ban.pdf"),
        "{entry}"
    );
}

#[tokio::test]
async fn a_download_is_an_attachment_with_a_safe_name_for_readers_only() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let r = site
        // A browser writes a quote in a file name as %22.
        .attach(&b, "SNV", "1.2.1", "Quyết định %22số 12%22; bản chụp", PDF)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let path = format!("/2025/don-vi/SNV/tep/{}.pdf", sha256_hex(PDF));
    let r = site.get(&path, Some(&b)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), PDF);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/octet-stream");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    // The quote and the semicolon cannot end the header's value; the type's
    // extension is added; the UTF-8 name is percent-encoded.
    assert_eq!(
        r.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"Quy_t __nh _s_ 12__ b_n ch_p.pdf\"; \
         filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20_s%E1%BB%91%2012__%20b%E1%BA%A3n%20ch%E1%BB%A5p.pdf"
    );
    // Who may read the unit: its officer, its council member, the
    // administrator, the observer; not another unit's officer.
    for (name, status) in [
        ("tham-dinh", StatusCode::OK),
        ("quan-tri", StatusCode::OK),
        ("xem", StatusCode::OK),
        ("can-bo-stp", StatusCode::FORBIDDEN),
    ] {
        let other = site.browser(name);
        assert_eq!(site.get(&path, Some(&other)).await.status, status, "{name}");
    }
    // Without a session: to the login, coming back to the file.
    let r = site.get(&path, None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers[header::LOCATION],
        format!("/dang-nhap?tiep={path}")
    );
    // Only files the answers list; never a path.
    for bad in [
        "/2025/don-vi/SNV/tep/0000.pdf",
        "/2025/don-vi/SNV/tep/..%2F..%2Funits.toml",
        "/2025/don-vi/SNV/tep/..",
    ] {
        assert_eq!(
            site.get(bad, Some(&b)).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn an_upload_refused_for_its_name_bytes_or_size_writes_nothing_and_says_why() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    let long = format!("{}.pdf", "Báo cáo ".repeat(40));
    let html = b"<html><script>alert(1)</script></html>".as_slice();
    let too_large = [PDF, &vec![b' '; chiso::evidence::MAX_BYTES as usize]].concat();
    let cases: [(&[u8], &[u8], StatusCode, &str); 9] = [
        (
            b"../../units.toml.pdf",
            PDF,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tên tệp chứa đường dẫn",
        ),
        (
            b"..\\bao-cao.pdf",
            PDF,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tên tệp chứa đường dẫn",
        ),
        (
            b"bao%00cao.pdf",
            PDF,
            StatusCode::UNPROCESSABLE_ENTITY,
            "ký tự điều khiển",
        ),
        (
            b"bao%0Acao.pdf",
            PDF,
            StatusCode::UNPROCESSABLE_ENTITY,
            "ký tự điều khiển",
        ),
        // A NUL byte in the part's header: the body cannot be read at all.
        (
            b"bao\0cao.pdf",
            PDF,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Không đọc được tệp gửi lên",
        ),
        (
            long.as_bytes(),
            PDF,
            StatusCode::UNPROCESSABLE_ENTITY,
            "dài quá 200 ký tự",
        ),
        (
            b"bao-cao.pdf",
            html,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Nội dung tệp không phải PDF",
        ),
        (
            b"bao-cao.pdf",
            b"",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tệp rỗng",
        ),
        (
            b"bao-cao.pdf",
            &too_large,
            StatusCode::PAYLOAD_TOO_LARGE,
            "Tệp lớn hơn 20 MiB",
        ),
    ];
    for (name, bytes, status, says) in cases {
        let shown = String::from_utf8_lossy(name);
        for htmx in [false, true] {
            let base = site.base(&b, "SNV", "1.2.1").await;
            let r = site
                .upload(
                    "/2025/don-vi/SNV/tieu-chi/1.2.1/tep",
                    Some(&b),
                    &[("csrf", &b.csrf), ("base", &base)],
                    Some((name, bytes)),
                    htmx,
                )
                .await;
            assert_eq!(r.status, status, "{shown}: {}", r.body);
            // On the card, with or without JavaScript.
            let card = &r.body[r.body.find("id=\"tc-1-2-1\"").unwrap()..];
            assert!(
                card.contains("Chưa lưu:") && card.contains(says),
                "{shown}: {card}"
            );
        }
    }
    // A body larger than the route's limit is cut off: 413, on the card.
    let huge = vec![b'%'; chiso::server::evidence::UPLOAD_LIMIT + 1];
    let base = site.base(&b, "SNV", "1.2.1").await;
    let r = site
        .upload(
            "/2025/don-vi/SNV/tieu-chi/1.2.1/tep",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base)],
            Some((b"lon.pdf", &huge)),
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Tệp lớn hơn 20 MiB"), "{}", r.body);
    assert_eq!(site.self_file("SNV"), before);
    assert!(site.evidence_files("SNV").is_empty());
    assert!(site.file_audit().is_empty());
}

#[tokio::test]
async fn an_upload_by_anyone_but_the_units_officer_while_open_is_refused() {
    let site = Site::new();
    let path = "/2025/don-vi/SNV/tieu-chi/1.2.1/tep";
    let file = Some((b"a.pdf".as_slice(), PDF));
    let before = site.self_file("SNV");
    // Anonymous.
    let r = site.upload(path, None, &[("csrf", "x")], file, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Another unit's officer, a council member, the administrator, an observer.
    for name in ["can-bo-stp", "tham-dinh", "quan-tri", "xem"] {
        let other = site.browser(name);
        let r = site
            .upload(path, Some(&other), &[("csrf", &other.csrf)], file, false)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}");
    }
    let b = site.browser("can-bo-snv");
    let base = site.base(&b, "SNV", "1.2.1").await;
    // Without the session's token, or with another's.
    let r = site
        .upload(path, Some(&b), &[("base", &base)], file, false)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = site
        .upload(
            path,
            Some(&b),
            &[("csrf", "0000"), ("base", &base)],
            file,
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // From another site.
    let (content_type, body) = multipart(&[("csrf", &b.csrf), ("base", &base)], file);
    let r = site
        .send(
            Request::post(path)
                .header(header::HOST, "chiso.test")
                .header(header::CONTENT_TYPE, content_type)
                .header("origin", "http://evil.test")
                .header(header::COOKIE, &b.cookie)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A stale page: a conflict, and the file is not stored.
    let r = site.save(&b, "SNV", "1.2.1", &[("diem", "0,5")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let after_save = site.self_file("SNV");
    let r = site
        .upload(
            path,
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base)],
            file,
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body
            .contains("attachments += { title = &quot;a.pdf&quot;"),
        "{}",
        r.body
    );
    assert_eq!(site.self_file("SNV"), after_save);
    assert!(site.evidence_files("SNV").is_empty());
    // A criterion the council scores takes no file from the unit.
    let r = site.attach(&b, "SNV", "10.5", "a.pdf", PDF).await;
    assert!(
        matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
        "{}",
        r.status
    );
    // After submission.
    let r = site
        .post(
            "/2025/don-vi/SNV/nop",
            Some(&b),
            &[("csrf", &b.csrf)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let submitted = site.self_file("SNV");
    let r = site.attach(&b, "SNV", "1.2.1", "a.pdf", PDF).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(site.self_file("SNV"), submitted);
    assert!(site.evidence_files("SNV").is_empty());
    assert_ne!(before, submitted);
}

#[tokio::test]
async fn an_attachment_is_removed_through_the_same_write_path() {
    let site = Site::new();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    site.attach(&b, "SNV", "1.2.1", "a.pdf", PDF).await;
    let file = format!("{}.pdf", sha256_hex(PDF));
    let path = format!("/2025/don-vi/SNV/tieu-chi/1.2.1/tep/{file}/xoa");
    // Not by another unit's officer, nor without the token.
    let other = site.browser("can-bo-stp");
    let base = site.base(&b, "SNV", "1.2.1").await;
    let r = site
        .post(
            &path,
            Some(&other),
            &[("csrf", &other.csrf), ("base", &base)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = site.post(&path, Some(&b), &[("base", &base)], false).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = site
        .post(
            &path,
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The entry is as it was; the stored file stays (the lock sealed it).
    assert_eq!(site.self_file("SNV"), before);
    assert_eq!(site.evidence_files("SNV"), std::slice::from_ref(&file));
    let log = site.file_audit();
    assert_eq!(
        log.iter().map(|r| r.action.as_str()).collect::<Vec<_>>(),
        ["tai_len", "go_tep"]
    );
    // A file the entry does not list.
    let r = site
        .post(
            &path,
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base)],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

// --- The explanation (giải trình) after round 1 -----------------------------

/// The sample's schedule with round 1's explanation window open now (and
/// for a long time: tests must not depend on the day they run).
fn explanation_window_open(site: &Site) {
    std::fs::write(
        site.root().join("scores/2025/workflow.toml"),
        "[self_assessment]\nopens = 2025-10-15T07:30\ncloses = 2025-11-14T17:00\n\n\
         [[round]]\nresults = 2025-12-19T17:00\n\
         explanation_opens = 2025-12-22T07:30\nexplanation_closes = 2999-01-09T17:00\n",
    )
    .unwrap();
}

#[tokio::test]
async fn in_the_window_only_the_adjusted_criteria_take_an_explanation() {
    let site = Site::new();
    explanation_window_open(&site);
    let b = site.browser("can-bo-snv");
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(
        "Đang trong thời gian giải trình kết quả thẩm định vòng 1, đến 09/01/2999 17:00"
    ));
    // SNV's round 1 adjusted 4.1.2, 5.5.2, 6.2.2 and 7.1.3: those cards, and
    // only those, have the explanation form.
    let forms: Vec<&str> = page
        .body
        .match_indices("/giai-trinh\"")
        .map(|(i, _)| {
            let start = page.body[..i].rfind("/tieu-chi/").unwrap() + 10;
            &page.body[start..i]
        })
        .collect();
    assert_eq!(
        forms,
        [
            "4.1.2", "4.1.2", "5.5.2", "5.5.2", "6.2.2", "6.2.2", "7.1.3", "7.1.3"
        ]
    );
    // The council's decision on the card: points and reason; round 2 (not
    // released) shows nothing.
    let card = &page.body[page.body.find("id=\"tc-4-1-2\"").unwrap()..];
    let card = &card[..card[1..].find("id=\"tc-").unwrap() + 1];
    assert!(card.contains("Kết quả thẩm định vòng 1"), "{card}");
    assert!(card.contains("ban hành chậm so với thời hạn của UBND tỉnh (Tổ thẩm định số 3)"));
    let noticed = chiso::ops::notify(site.root(), 2025, "SNV", 1).unwrap();
    let item = noticed
        .notice
        .items
        .iter()
        .find(|i| i.code == "4.1.2")
        .unwrap();
    assert_eq!(
        class_text(card, "final-points"),
        format!(
            "{} / {}",
            chiso::num::fmt(item.appraised_points, Lang::Vi),
            chiso::num::fmt(item.max, Lang::Vi)
        )
    );
    assert!(
        !page.body.contains("giữ kết quả vòng 1"),
        "round 2's reason"
    );
    // The rest is read-only: the self-assessment is closed.
    assert!(page.body.contains("<fieldset disabled"));
    assert_eq!(
        site.save(&b, "SNV", "4.1.2", &[("tra_loi", "0")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // An explanation on an adjusted criterion is written, and recorded.
    let base = site.base(&b, "SNV", "4.1.2").await;
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/4.1.2/giai-trinh",
            Some(&b),
            &[
                ("csrf", &b.csrf),
                ("base", &base),
                (
                    "giai_trinh",
                    "Quyết định ban hành đúng hạn, xem công văn kèm theo",
                ),
            ],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let file = site.self_file("SNV");
    assert!(
        entry_of(&file, "4.1.2")
            .ends_with("explanation = \"Quyết định ban hành đúng hạn, xem công văn kèm theo\"\n"),
        "{file}"
    );
    let log = site.state.db.audit_log().unwrap();
    assert_eq!(log.last().unwrap().action, "giai_trinh");
    // Evidence there too.
    let r = site.attach(&b, "SNV", "4.1.2", "cong-van.pdf", PDF).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(entry_of(&site.self_file("SNV"), "4.1.2").contains("cong-van.pdf"));

    // Not on a criterion the round did not adjust.
    let before = site.self_file("SNV");
    let base = site.base(&b, "SNV", "1.2.1").await;
    let r = site
        .post(
            "/2025/don-vi/SNV/tieu-chi/1.2.1/giai-trinh",
            Some(&b),
            &[("csrf", &b.csrf), ("base", &base), ("giai_trinh", "x")],
            false,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains(
            "Chỉ giải trình, bổ sung tài liệu ở tiêu chí Hội đồng thẩm định đã điều chỉnh"
        )
    );
    let r = site.attach(&b, "SNV", "1.2.1", "a.pdf", PDF).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Not by a council member, nor another unit's officer.
    for name in ["tham-dinh", "can-bo-stp"] {
        let other = site.browser(name);
        let r = site
            .post(
                "/2025/don-vi/SNV/tieu-chi/4.1.2/giai-trinh",
                Some(&other),
                &[("csrf", &other.csrf), ("base", &base), ("giai_trinh", "x")],
                false,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{name}");
    }
    assert_eq!(site.self_file("SNV"), before);
}

#[tokio::test]
async fn outside_the_window_no_explanation_is_taken() {
    let site = Site::new();
    // Before round 1's results: the council is appraising.
    std::fs::write(
        site.root().join("scores/2025/workflow.toml"),
        "[self_assessment]\nopens = 2025-10-15T07:30\ncloses = 2025-11-14T17:00\n\n\
         [[round]]\nresults = 2999-12-19T17:00\n\
         explanation_opens = 2999-12-22T07:30\nexplanation_closes = 2999-12-30T17:00\n",
    )
    .unwrap();
    let b = site.browser("can-bo-snv");
    let before = site.self_file("SNV");
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert!(!page.body.contains("giai-trinh"));
    assert!(
        !page.body.contains("Kết quả thẩm định vòng 1"),
        "not released yet"
    );
    let base = site.base(&b, "SNV", "4.1.2").await;
    let fields = [
        ("csrf", b.csrf.as_str()),
        ("base", base.as_str()),
        ("giai_trinh", "x"),
    ];
    let post = || {
        site.post(
            "/2025/don-vi/SNV/tieu-chi/4.1.2/giai-trinh",
            Some(&b),
            &fields,
            false,
        )
    };
    let r = post().await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Không trong thời gian giải trình"));
    // After the window (the sample's own schedule: published in February 2026).
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scores/2025"),
        &site.root().join("scores/2025-lich"),
    );
    std::fs::copy(
        site.root().join("scores/2025-lich/workflow.toml"),
        site.root().join("scores/2025/workflow.toml"),
    )
    .unwrap();
    std::fs::remove_dir_all(site.root().join("scores/2025-lich")).unwrap();
    let r = post().await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Published: the last round's decisions are on the cards, read-only.
    let page = site.get("/2025/don-vi/SNV", Some(&b)).await;
    assert!(page.body.contains("Kết quả thẩm định vòng 2"));
    assert!(!page.body.contains("name=\"giai_trinh\""));
    assert_eq!(site.self_file("SNV"), before);
    // A year without a schedule has no window.
    std::fs::remove_file(site.root().join("scores/2025/workflow.toml")).unwrap();
    assert_eq!(post().await.status, StatusCode::FORBIDDEN);
    assert_eq!(site.self_file("SNV"), before);
}
