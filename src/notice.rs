//! The letter to a unit after an appraisal round (`chiso notify`): every
//! criterion the round decided, with self and appraised points and reasons,
//! the formal parts of an administrative letter (the regulation's `[letter]`),
//! the deadline for the unit's explanation (the season's schedule) and, after
//! the final round, the final results of the units ranked with it.

use rust_decimal::Decimal;

use crate::model::{LetterSettings, Ruling, Workspace};
use crate::results::{Decision, Results, Side};
use crate::season::{Extended, LocalTime};

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
    /// The formal parts the regulation gives (issuer, place, signer…).
    pub letter: LetterSettings,
    /// The letter's date: when the season's schedule releases the round's
    /// results; `None` without a schedule (left to fill in by hand).
    pub dated: Option<LocalTime>,
    /// The unit's explanation window after this round, from the schedule
    /// (its own extension applied); `None` when the schedule has none.
    pub explanation: Option<ExplanationWindow>,
    /// After the final round (round 2 or later, not followed by an
    /// explanation window): the results of the units ranked with this one.
    pub final_list: Option<FinalList>,
}

/// When the unit may explain itself on the round's adjustments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExplanationWindow {
    pub opens: LocalTime,
    /// Excluded: the unit writes until just before it.
    pub closes: LocalTime,
    /// The unit's own extension moved the close.
    pub extended: bool,
}

/// The final results of one ranking (a block, or one parent's units of a
/// block ranked within the parent), in rank order, as `score` gives them.
#[derive(Debug, Clone)]
pub struct FinalList {
    pub block_name: String,
    /// The parent's name (or code), for a block ranked within the parent.
    pub group: Option<String>,
    pub units: Vec<FinalRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FinalRow {
    pub rank: Option<u32>,
    pub code: String,
    pub name: String,
    pub total: Decimal,
    pub index: Option<Decimal>,
    pub rating: Option<String>,
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
    let scheduled = ws
        .schedule
        .as_ref()
        .and_then(|s| s.rounds.iter().find(|r| r.number == round));
    let explanation = scheduled.and_then(|r| {
        let w = r.explanation.as_ref()?;
        let schedule = ws.schedule.as_ref()?;
        let window = Extended::Explanation { round };
        let (closes, extended) = schedule.closes_for(unit, window, w.closes);
        Some(ExplanationWindow {
            opens: w.opens,
            closes,
            extended,
        })
    });
    // Round 1 is always followed by the units' explanations; a later round
    // is final unless the schedule opens another explanation window after it.
    let is_final = round >= 2 && explanation.is_none();
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
        letter: reg.letter.clone(),
        dated: scheduled.map(|r| r.results),
        explanation,
        final_list: is_final.then(|| final_list(results, unit)).flatten(),
    })
}

/// The ranking `unit` is in, with every unit's final results.
fn final_list(results: &Results, unit: &str) -> Option<FinalList> {
    let ranking = results
        .rankings()
        .into_iter()
        .find(|r| r.units.iter().any(|(_, u)| u.code == unit))?;
    Some(FinalList {
        block_name: ranking.block.name.clone(),
        group: ranking
            .group
            .map(|g| g.parent_name.clone().unwrap_or_else(|| g.parent.clone())),
        units: ranking
            .units
            .iter()
            .map(|(_, u)| FinalRow {
                rank: u.rank,
                code: u.code.clone(),
                name: u.name.clone(),
                total: u.final_.total,
                index: u.final_.index,
                rating: u.final_.rating.clone(),
            })
            .collect(),
    })
}
