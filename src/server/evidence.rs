//! Evidence files (tài liệu kiểm chứng) on a criterion's card: an upload
//! stored by the library ([`crate::evidence::store`], by its bytes, under its
//! SHA-256) and added to the entry's `attachments` through the one write
//! path; a removal through the same path; a download served only as an
//! attachment, to those who may read the unit.

// A refused request is answered with its page (see routes.rs).
#![allow(clippy::result_large_err)]

use axum::Form;
use axum::body::Bytes;
use axum::extract::Path as UrlPath;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::pages::CardNote;
use super::routes::{self, Ctx, card_answer, field};
use super::write::{self, Actor, SaveRefusal};
use crate::answers::edit::{self, EntryEdit};
use crate::evidence::{self as library, BadName, EvidenceError, MAX_BYTES, MAX_TITLE_CHARS};
use crate::i18n::{Web, WebSay};

/// The largest upload's body: the largest evidence file and room for the
/// form's other fields. Only the upload route takes more than the general
/// limit ([`super::FORM_LIMIT`]).
pub const UPLOAD_LIMIT: usize = MAX_BYTES as usize + super::FORM_LIMIT;

/// The file field of the upload form.
const FILE_FIELD: &str = "tep";

/// A refusal shown on the card: its status and message; nothing written.
fn refused(status: StatusCode, text: String) -> Result<(), (StatusCode, CardNote)> {
    Err((status, CardNote::NotSaved(vec![text])))
}

/// A browser writes `"`, CR and LF in a multipart file name as `%22`, `%0D`
/// and `%0A` (HTML's form encoding): read back, so that a line break in a
/// name is seen as one (and NUL likewise).
fn file_name(raw: &str) -> String {
    raw.replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%00", "\0")
}

/// The form as posted: its text fields, and the file (its name and bytes).
struct Upload {
    fields: Vec<(String, String)>,
    file: Option<(String, Bytes)>,
}

/// Reads the multipart body, within the route's limit; `Err` is the status
/// to answer (413 when the body is larger than the limit).
async fn read_upload(mut multipart: Multipart) -> Result<Upload, StatusCode> {
    let mut upload = Upload {
        fields: Vec::new(),
        file: None,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Ok(upload),
            Err(e) => return Err(e.status()),
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == FILE_FIELD {
            let original = file_name(field.file_name().unwrap_or_default());
            let bytes = field.bytes().await.map_err(|e| e.status())?;
            upload.file = Some((original, bytes));
        } else {
            let text = field.text().await.map_err(|e| e.status())?;
            upload.fields.push((name, text));
        }
    }
}

/// `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>/tep`: stores a file and adds
/// it to the entry. Who may is checked before the body is read; its name
/// before anything is stored; the entry's hash before the file is stored and
/// again, under the lock, when the entry is written.
pub async fn upload(
    ctx: Ctx,
    UrlPath((year, unit, code)): UrlPath<(String, String, String)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(session) = ctx.session.clone() else {
        return ctx.refuse(StatusCode::UNAUTHORIZED, Web::Unauthorized);
    };
    if !routes::same_origin(&ctx.headers) {
        return ctx.refuse(StatusCode::FORBIDDEN, Web::CrossSite);
    }
    if !session.user.may_write_self(&unit) {
        return ctx.refuse(StatusCode::FORBIDDEN, Web::Forbidden);
    }
    let lang = ctx.lang();
    let Ok(multipart) = multipart else {
        return ctx.refuse(StatusCode::UNPROCESSABLE_ENTITY, Web::UnreadableUpload);
    };
    // Each upload is held in memory while it is read (up to 20 MiB): a few
    // at a time, the others wait their turn.
    let Ok(_turn) = ctx.state.uploads.acquire().await else {
        return ctx.refuse(StatusCode::INTERNAL_SERVER_ERROR, Web::ServerError);
    };
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(status) => {
            // Nothing was stored: the card says why (a body too large for
            // the route is cut off before it is all read).
            let text = if status == StatusCode::PAYLOAD_TOO_LARGE {
                WebSay::FileTooLarge {
                    limit_mib: MAX_BYTES >> 20,
                }
                .text(lang)
            } else {
                Web::UnreadableUpload.text(lang).to_string()
            };
            let status = if status == StatusCode::PAYLOAD_TOO_LARGE {
                status
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return card_answer(&ctx, &year, &unit, &code, refused(status, text), None).await;
        }
    };
    if let Err(r) = ctx.check_post(&upload.fields) {
        return r;
    }
    let view = match routes::readable_view(&ctx, &year, &unit).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !view.scheme().by_code.contains_key(code.as_str()) {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    }
    let round = super::explain::round_results(&ctx, &view).await;
    let season = match super::explain::entry_write(
        &view,
        &session.user,
        &code,
        round.as_ref(),
        routes::now(),
    ) {
        Ok(season) => season,
        Err(why) => return ctx.refuse(StatusCode::FORBIDDEN, why),
    };
    let base = field(&upload.fields, "base")
        .unwrap_or_default()
        .to_string();
    let outcome = match upload.file {
        None => refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            Web::NoFileChosen.text(lang).into(),
        ),
        Some((name, bytes)) => {
            let state = ctx.state.clone();
            let address = ctx.address.clone();
            let (y, u, c) = (view.year(), view.code().to_string(), code.clone());
            tokio::task::spawn_blocking(move || {
                let actor = Actor {
                    user: &session.user,
                    address: &address,
                };
                attach(
                    &state, &actor, y, &u, &c, &name, &bytes, &base, season, lang,
                )
            })
            .await
            .unwrap_or_else(|_| Err(SaveRefusal::Failed.card_note(lang)))
        }
    };
    card_answer(&ctx, &year, &unit, &code, outcome, None).await
}

/// Checks, stores and attaches one upload; nothing is stored when the name,
/// the bytes or the entry's hash are refused.
#[allow(clippy::too_many_arguments)]
fn attach(
    state: &super::AppState,
    actor: &Actor,
    year: i64,
    unit: &str,
    code: &str,
    name: &str,
    bytes: &[u8],
    base: &str,
    season: super::explain::EntryWrite,
    lang: crate::i18n::Lang,
) -> Result<(), (StatusCode, CardNote)> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    match library::check_upload_name(name) {
        Ok(()) => {}
        Err(BadName::Empty) => return refused(unprocessable, Web::NoFileChosen.text(lang).into()),
        Err(BadName::Path) => return refused(unprocessable, Web::NameWithPath.text(lang).into()),
        Err(BadName::Control) => {
            return refused(unprocessable, Web::NameControl.text(lang).into());
        }
        Err(BadName::TooLong) => {
            let text = WebSay::NameTooLong {
                max: MAX_TITLE_CHARS,
            };
            return refused(unprocessable, text.text(lang));
        }
    }
    let root = &state.root;
    // A stale page is told before the file is stored (set_entry checks again
    // under the lock).
    match edit::current_entry(root, year, unit, code) {
        Ok(current) if edit::hash(&current) == base => {}
        Ok(current) => {
            return Err(SaveRefusal::Conflict {
                current,
                yours: attachment_text(name, bytes.len()),
            }
            .card_note(lang));
        }
        Err(_) => return Err(SaveRefusal::Failed.card_note(lang)),
    }
    let stored = match library::store(root, year, unit, name, bytes) {
        Ok(a) => a,
        Err(EvidenceError::NotAllowed) => {
            return refused(unprocessable, Web::WrongFileType.text(lang).into());
        }
        Err(EvidenceError::Empty) => {
            return refused(unprocessable, Web::EmptyFile.text(lang).into());
        }
        Err(EvidenceError::TooLarge { limit, .. }) => {
            let text = WebSay::FileTooLarge {
                limit_mib: limit >> 20,
            };
            return refused(StatusCode::PAYLOAD_TOO_LARGE, text.text(lang));
        }
        Err(_) => return Err(SaveRefusal::Failed.card_note(lang)),
    };
    let yours = attachment_text(&stored.title, bytes.len());
    // Added during the self-assessment, the file is refused under the lock
    // once the unit has submitted meanwhile; an explanation's comes after.
    let edit = EntryEdit {
        attach: vec![stored],
        only_before_submission: season == super::explain::EntryWrite::SelfAssessment,
        ..Default::default()
    };
    write::write_entry(
        state, actor, "tai_len", year, unit, code, &edit, &yours, base, lang,
    )
    .map_err(|r| r.card_note(lang))
}

/// What an upload would add to the entry, shown in a conflict.
fn attachment_text(title: &str, size: usize) -> String {
    format!("attachments += {{ title = {title:?}, size = {size} }}")
}

/// `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>/tep/<FILE>/xoa`: removes an
/// attachment from the entry, while the self-assessment is open (the stored
/// file stays: another entry may list the same bytes, and `chiso lock`
/// sealed it).
pub async fn remove(
    ctx: Ctx,
    UrlPath((year, unit, code, file)): UrlPath<(String, String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let view = match routes::writable_view(&ctx, &year, &unit, &fields).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let lang = ctx.lang();
    let Some(&node) = view.scheme().by_code.get(code.as_str()) else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    let session = ctx.session.clone().expect("checked");
    if let Err(why) = super::explain::entry_write(&view, &session.user, &code, None, routes::now())
    {
        return ctx.refuse(StatusCode::FORBIDDEN, why);
    }
    let listed = view
        .entry(node)
        .and_then(|e| e.attachments.iter().find(|(a, _)| a.file == file))
        .map(|(a, _)| a.title.clone());
    let Some(title) = listed else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    let base = field(&fields, "base").unwrap_or_default().to_string();
    let state = ctx.state.clone();
    let address = ctx.address.clone();
    let (y, u, c) = (view.year(), view.code().to_string(), code.clone());
    let outcome = tokio::task::spawn_blocking(move || {
        let actor = Actor {
            user: &session.user,
            address: &address,
        };
        let edit = EntryEdit {
            detach: vec![file.clone()],
            only_before_submission: true,
            ..Default::default()
        };
        let yours = format!("attachments -= {{ file = {file:?}, title = {title:?} }}");
        write::write_entry(
            &state, &actor, "go_tep", y, &u, &c, &edit, &yours, &base, lang,
        )
    })
    .await
    .unwrap_or(Err(SaveRefusal::Failed))
    .map_err(|r| r.card_note(lang));
    card_answer(&ctx, &year, &unit, &code, outcome, None).await
}

/// `GET /<year>/don-vi/<UNIT>/tep/<FILE>`: a file attached to the unit's
/// self-assessment, to whoever may read the unit; always a download
/// (`Content-Disposition: attachment`, a generic type, `nosniff`), never
/// shown by the browser as a page of this site.
pub async fn download(
    ctx: Ctx,
    UrlPath((year, unit, file)): UrlPath<(String, String, String)>,
) -> Response {
    if ctx.session.is_none() {
        return routes::to_login(&format!("/{year}/don-vi/{unit}/tep/{file}"));
    }
    let view = match routes::readable_view(&ctx, &year, &unit).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    // Only a file the unit's answers list: never any path.
    let listed = view
        .ws()
        .self_assessments
        .get(view.code())
        .and_then(|sa| {
            sa.entries
                .iter()
                .flat_map(|e| e.attachments.iter())
                .find(|(a, _)| a.file == file)
        })
        .map(|(a, _)| a.title.clone());
    let (Some(title), Some(path)) = (
        listed,
        library::path_of(&ctx.state.root, view.year(), view.code(), &file),
    ) else {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    };
    let root = ctx.state.root.clone();
    let bytes =
        match tokio::task::spawn_blocking(move || crate::source::read_bytes(&root, &path)).await {
            Ok(Ok(b)) => b,
            _ => return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound),
        };
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(&download_name(&title, &file)),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The name a download is saved under: the unit's title for the file, with
/// nothing a file system or a header could read as a path or a separator,
/// and the extension of the stored type.
pub fn download_name(title: &str, file: &str) -> String {
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    let clean: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | '"' | ':' | '*' | '?' | '<' | '>' | '|' | ';' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let stem = clean.trim().trim_start_matches('.');
    let stem = if stem.is_empty() { "tep" } else { stem };
    if ext.is_empty() || stem.to_lowercase().ends_with(&format!(".{ext}")) {
        stem.to_string()
    } else {
        format!("{stem}.{ext}")
    }
}

/// `attachment` with the name twice: plain ASCII for old clients, UTF-8
/// percent-encoded (RFC 6266, RFC 5987) for the others.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
