//! After an appraisal round: the council's decisions shown on the unit's
//! cards once the round's results are released, and the unit's explanation
//! (giải trình) on the criteria the round adjusted, while the round's
//! explanation window (`scores/<year>/workflow.toml`) is open for the unit.

// A refused request is answered with its page (see routes.rs).
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::time::SystemTime;

use axum::Form;
use axum::extract::Path as UrlPath;
use axum::http::StatusCode;
use axum::response::Response;

use super::auth::User;
use super::pages::CardValues;
use super::routes::{self, Ctx, field};
use super::view::UnitView;
use super::write::{self, Actor, Openness, SaveRefusal};
use crate::answers::edit::EntryEdit;
use crate::i18n::Web;
use crate::model::{AssessedBy, Ruling};
use crate::notice::NoticeItem;
use crate::season::{self, LocalTime, Phase, Schedule};

/// The latest appraisal round whose results the unit has been sent, and what
/// it decided: computed as the year stood after that round (`chiso notify`),
/// so that a later round the council is still working on shows nothing.
#[derive(Debug, Clone)]
pub struct RoundResults {
    pub round: u32,
    /// The criteria the round decided, by code.
    pub items: HashMap<String, NoticeItem>,
    /// The round's explanation window is open for the unit, until then.
    pub explanation_closes: Option<LocalTime>,
}

impl RoundResults {
    /// The round's decision on a criterion, if it made one.
    pub fn item(&self, code: &str) -> Option<&NoticeItem> {
        self.items.get(code)
    }

    /// May the unit explain itself on `code` now: the window is open and the
    /// round adjusted the criterion (an accepted self answer needs nothing).
    pub fn may_explain(&self, code: &str) -> bool {
        self.explanation_closes.is_some()
            && self
                .item(code)
                .is_some_and(|i| matches!(i.ruling, Ruling::Adjust | Ruling::Reject))
    }
}

/// The latest round released to `unit` at `now`, and the close of its
/// explanation window when that is open.
fn released(schedule: &Schedule, unit: &str, now: SystemTime) -> Option<(u32, Option<LocalTime>)> {
    match season::phase(schedule, unit, now) {
        Phase::Explanation { round, closes, .. } => Some((round, Some(closes))),
        Phase::Results { round } => Some((round, None)),
        Phase::Appraisal { round, .. } if round > 1 => Some((round - 1, None)),
        Phase::Published { .. } => schedule.rounds.last().map(|r| (r.number, None)),
        _ => None,
    }
}

/// The round results the unit's page shows, if the year's schedule says a
/// round has been released to the unit (a year without a schedule releases
/// nothing). Off the async threads: it loads and scores the year as it
/// stood after that round.
pub async fn round_results(ctx: &Ctx, view: &UnitView) -> Option<RoundResults> {
    let schedule = view.ws().schedule.as_ref()?;
    let (round, explanation_closes) = released(schedule, view.code(), routes::now())?;
    let root = ctx.state.root.clone();
    let (year, unit) = (view.year(), view.code().to_string());
    let noticed =
        tokio::task::spawn_blocking(move || crate::ops::notify(&root, year, &unit, round))
            .await
            .ok()?
            .ok()?;
    Some(RoundResults {
        round,
        items: noticed
            .notice
            .items
            .into_iter()
            .map(|i| (i.code.clone(), i))
            .collect(),
        explanation_closes,
    })
}

/// Which season lets a write of a criterion's entry through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryWrite {
    /// The self-assessment is open: any criterion the unit answers.
    SelfAssessment,
    /// A round's explanation window is open and the round adjusted it.
    Explanation,
}

/// May `user` write the entry of `code` (its answer, evidence files) now,
/// and under which season; else why not. The account's own units only.
pub fn entry_write(
    view: &UnitView,
    user: &User,
    code: &str,
    round: Option<&RoundResults>,
    now: SystemTime,
) -> Result<EntryWrite, Web> {
    if !user.may_write_self(view.code()) {
        return Err(Web::Forbidden);
    }
    let answerable = view
        .scheme()
        .by_code
        .get(code)
        .map(|&i| &view.scheme().nodes[i])
        .is_some_and(|c| c.is_leaf() && c.assessed_by == AssessedBy::Unit);
    let openness = write::openness(view, now);
    if openness.is_open() {
        return if answerable {
            Ok(EntryWrite::SelfAssessment)
        } else {
            Err(Web::Forbidden)
        };
    }
    match round {
        Some(r) if r.may_explain(code) => Ok(EntryWrite::Explanation),
        Some(r) if r.explanation_closes.is_some() => Err(Web::NotAdjusted),
        _ => Err(match openness {
            Openness::Submitted => Web::ReadOnly,
            Openness::NotOpen { .. } => Web::NotOpen,
            _ => Web::Closed,
        }),
    }
}

/// `POST /<year>/don-vi/<UNIT>/tieu-chi/<CODE>/giai-trinh`: the unit's
/// explanation of a criterion the round adjusted, while the window is open.
pub async fn save_explanation(
    ctx: Ctx,
    UrlPath((year, unit, code)): UrlPath<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let session = match ctx.check_post(&fields) {
        Ok(s) => s.clone(),
        Err(r) => return r,
    };
    if !session.user.may_write_self(&unit) {
        return ctx.refuse(StatusCode::FORBIDDEN, Web::Forbidden);
    }
    let view = match routes::readable_view(&ctx, &year, &unit).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !view.scheme().by_code.contains_key(code.as_str()) {
        return ctx.refuse(StatusCode::NOT_FOUND, Web::NotFound);
    }
    let round = round_results(&ctx, &view).await;
    let refusal = match &round {
        Some(r) if r.may_explain(&code) => None,
        Some(r) if r.explanation_closes.is_some() => Some(Web::NotAdjusted),
        _ => Some(Web::ExplanationClosed),
    };
    if let Some(why) = refusal {
        return ctx.refuse(StatusCode::FORBIDDEN, why);
    }
    let lang = ctx.lang();
    let text = field(&fields, "giai_trinh").unwrap_or_default().to_string();
    let base = field(&fields, "base").unwrap_or_default().to_string();
    let state = ctx.state.clone();
    let address = ctx.address.clone();
    let (y, u, c, t) = (
        view.year(),
        view.code().to_string(),
        code.clone(),
        text.clone(),
    );
    let outcome = tokio::task::spawn_blocking(move || {
        let actor = Actor {
            user: &session.user,
            address: &address,
        };
        let edit = EntryEdit {
            explanation: Some(t.clone()),
            ..Default::default()
        };
        let yours = format!("explanation = {:?}", t.trim());
        write::write_entry(
            &state,
            &actor,
            "giai_trinh",
            y,
            &u,
            &c,
            &edit,
            &yours,
            &base,
            lang,
        )
    })
    .await
    .unwrap_or(Err(SaveRefusal::Failed))
    .map_err(|r| r.card_note(lang));
    let typed = outcome.is_err().then(|| {
        let node = view.scheme().by_code[code.as_str()];
        CardValues {
            explanation: text,
            ..CardValues::of_entry(view.entry(node), &view.scheme().nodes[node], lang)
        }
    });
    routes::card_answer(&ctx, &year, &unit, &code, outcome, typed).await
}
