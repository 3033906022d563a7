//! The letter to a unit after an appraisal round (`chiso notify`): every
//! criterion the round decided, with self and appraised points and reasons.

use rust_decimal::Decimal;

use crate::model::{Ruling, Workspace};
use crate::results::{Decision, Results, Side};

#[derive(Debug, Clone)]
pub struct NoticeItem {
    pub code: String,
    pub title: String,
    pub max: Decimal,
    pub self_points: Decimal,
    pub appraised_points: Decimal,
    /// Whether the round adjusted the criterion, or accepted or turned down
    /// the unit's explanation (round 2 and later).
    pub ruling: Ruling,
    pub reason: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Notice {
    pub year: i64,
    pub round: u32,
    pub authority: Option<String>,
    pub legal_basis: Option<String>,
    pub unit: String,
    pub unit_name: String,
    pub block_name: String,
    pub items: Vec<NoticeItem>,
    pub self_: Side,
    /// The results as they stand after this round.
    pub appraised: Side,
    pub points_decimals: u32,
    pub index_decimals: u32,
}

/// The notice of `round` for `unit`. `results` must be evaluated on the
/// workspace as of that round (see [`Workspace::as_of_round`]).
pub fn notice(ws: &Workspace, results: &Results, unit: &str, round: u32) -> Option<Notice> {
    let reg = ws.regulation.as_ref()?;
    let u = results.unit(unit)?;
    let scheme = ws.unit(unit).and_then(|x| ws.scheme_of(x))?;
    let appraisal = ws.appraisals.get(unit);
    let items = scheme
        .leaves()
        .filter_map(|(i, leaf)| {
            let n = &u.nodes[i];
            let ruling = match n.decision {
                Decision::Adjusted { round: r } if r == round => Ruling::Adjust,
                Decision::Accepted { round: r } if r == round => Ruling::Accept,
                Decision::NotAccepted { round: r, .. } if r == round => Ruling::Reject,
                _ => return None,
            };
            let by = appraisal
                .and_then(|a| a.for_code(&leaf.code).find(|x| x.round == round))
                .and_then(|a| a.by.clone());
            Some(NoticeItem {
                code: leaf.code.clone(),
                title: leaf.title.clone(),
                max: leaf.max,
                self_points: n.self_.points,
                appraised_points: n.final_.points,
                ruling,
                reason: n.reason.clone(),
                by,
            })
        })
        .collect();
    Some(Notice {
        year: results.year,
        round,
        authority: reg.authority.clone(),
        legal_basis: reg.legal_basis.clone(),
        unit: u.code.clone(),
        unit_name: u.name.clone(),
        block_name: reg
            .block(&u.block)
            .map(|b| b.name.clone())
            .unwrap_or_else(|| u.block.clone()),
        items,
        self_: u.self_.clone(),
        appraised: u.final_.clone(),
        points_decimals: results.points_decimals,
        index_decimals: results.index_decimals,
    })
}
