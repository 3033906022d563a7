//! Scoring a year, and what one unit sees of it: its score sheet, how one
//! criterion got its points, its round letter and a template to fill in.

use std::path::Path;

use super::{Error, ExitStatus, Result};
use crate::diagnostic::Diagnostic;
use crate::eval::{self, Options};
use crate::i18n::Say;
use crate::model::{Scheme, Workspace};
use crate::notice::Notice;
use crate::results::{Results, UnitResult};
use crate::season::{self, Phase};

/// A year scored: the workspace (without answers), its results and all its
/// diagnostics.
pub struct Scored {
    pub ws: Workspace,
    pub results: Results,
    pub diagnostics: Vec<Diagnostic>,
}

impl Scored {
    pub fn status(&self) -> ExitStatus {
        ExitStatus::of(&self.diagnostics)
    }
}

/// `chiso score`: every unit's areas, index, rating and rank (only the units
/// of `block` when given).
pub fn score(root: &Path, year: i64, block: Option<&str>) -> Result<Scored> {
    // Score tables and the JSON show units and their areas only.
    let options = Options {
        areas_only: true,
        ..Options::default()
    };
    let (ws, results) = super::load_and_evaluate(root, year, &options)?;
    let Some(mut results) = results else {
        return Err(Error::bad_input(super::all_diagnostics(&ws, None)));
    };
    let diagnostics = super::all_diagnostics(&ws, Some(&results));
    if let Some(b) = block {
        let reg = ws.regulation.as_ref().expect("evaluated");
        let b = match crate::lookup::block(reg, b) {
            Ok(b) => b.id.clone(),
            Err(say) => return Err(Error::usage(say).after(diagnostics)),
        };
        results.retain_block(reg, &b);
    }
    Ok(Scored {
        ws,
        results,
        diagnostics,
    })
}

/// One unit of a scored year, traced criterion by criterion; the diagnostics
/// are the unit's own and the year's that concern every unit.
pub struct UnitScored {
    pub ws: Workspace,
    pub results: Results,
    pub unit: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the unit stands in the season now, when the year has a schedule.
    pub phase: Option<Phase>,
}

impl UnitScored {
    pub fn status(&self) -> ExitStatus {
        ExitStatus::of(&self.diagnostics)
    }

    pub fn result(&self) -> &UnitResult {
        self.results.unit(&self.unit).expect("checked when scored")
    }

    pub fn scheme(&self) -> &Scheme {
        self.ws
            .scheme_of(self.result_unit())
            .expect("checked when scored")
    }

    /// The unit (of the workspace's unit list).
    pub fn result_unit(&self) -> &crate::model::Unit {
        self.ws.unit(&self.unit).expect("checked when scored")
    }
}

/// `chiso show`: a unit's score sheet.
pub fn show(root: &Path, year: i64, unit: &str) -> Result<UnitScored> {
    let ws = super::load(root, year)?;
    let code = match crate::lookup::unit(&ws, unit) {
        Ok(u) => u.code.clone(),
        Err(say) => {
            let shown = ws.diagnostics.items.clone();
            return Err(Error::usage(say).after(shown));
        }
    };
    let options = Options {
        trace_units: [code.clone()].into(),
        ..Options::default()
    };
    let results = eval::evaluate(&ws, &options);
    let diagnostics = scored_unit(&ws, results.as_ref(), &code, unit)?;
    let results = results.expect("checked by scored_unit");
    let phase = ws
        .schedule
        .as_ref()
        .map(|s| season::phase(s, &code, std::time::SystemTime::now()));
    Ok(UnitScored {
        ws,
        results,
        unit: code,
        diagnostics,
        phase,
    })
}

/// Whether the unit `code` (as `asked` named it) was scored, and then its
/// diagnostics as [`show`] gives them: its own and the year's that concern
/// every unit.
fn scored_unit(
    ws: &Workspace,
    results: Option<&Results>,
    code: &str,
    asked: &str,
) -> Result<Vec<Diagnostic>> {
    let not_evaluated = || Error::usage(Say::NotEvaluated(asked.to_string()));
    let has_scheme = ws.unit(code).and_then(|u| ws.scheme_of(u)).is_some();
    let Some(results) = results.filter(|_| has_scheme) else {
        return Err(not_evaluated().after(super::all_diagnostics(ws, None)));
    };
    if results.unit(code).is_none() {
        return Err(not_evaluated());
    }
    Ok(super::all_diagnostics(ws, Some(results))
        .into_iter()
        .filter(|d| super::concerns(d, code))
        .collect())
}

/// A year with every unit scored and traced as [`show`] scores one: for a
/// front end that shows many units of the same year (the server keeps it
/// while the year's files stay the same). `results` is `None` when the
/// year's criteria do not load.
pub struct YearScored {
    pub ws: Workspace,
    pub results: Option<Results>,
}

/// [`show`] for every unit of the year at once.
pub fn show_year(root: &Path, year: i64) -> Result<YearScored> {
    let ws = super::load(root, year)?;
    let options = Options {
        trace_units: ws.units.iter().map(|u| u.code.clone()).collect(),
        ..Options::default()
    };
    let results = eval::evaluate(&ws, &options);
    Ok(YearScored { ws, results })
}

impl YearScored {
    /// One unit as [`show`] gives it: its code as the workspace writes it
    /// and its diagnostics (the same errors as `show` when it has no score).
    pub fn unit(&self, unit: &str) -> Result<(String, Vec<Diagnostic>)> {
        let code = match crate::lookup::unit(&self.ws, unit) {
            Ok(u) => u.code.clone(),
            Err(say) => {
                let shown = self.ws.diagnostics.items.clone();
                return Err(Error::usage(say).after(shown));
            }
        };
        let diagnostics = scored_unit(&self.ws, self.results.as_ref(), &code, unit)?;
        Ok((code, diagnostics))
    }
}

/// `chiso explain`: [`show`], for one criterion of the unit's tree (its code,
/// trimmed, returned beside the unit).
pub fn explain(
    root: &Path,
    year: i64,
    unit: &str,
    criterion: &str,
) -> Result<(UnitScored, String)> {
    let scored = show(root, year, unit)?;
    let found = crate::lookup::criterion(scored.scheme(), scored.result_unit(), criterion)
        .map(str::to_string);
    match found {
        Ok(code) => Ok((scored, code)),
        Err(say) => Err(Error::usage(say).after(scored.diagnostics)),
    }
}

/// A unit's letter after a round.
pub struct Noticed {
    pub notice: Notice,
    pub diagnostics: Vec<Diagnostic>,
}

/// The year's workspace and results as they stood after `round`.
fn as_of_round(root: &Path, year: i64, round: u32) -> Result<Workspace> {
    if round == 0 {
        return Err(Error::usage(Say::NoRound(round)));
    }
    let mut ws = super::load(root, year)?;
    ws.as_of_round(round);
    Ok(ws)
}

/// `chiso notify`: what `round` decided for `unit`, as of that round.
pub fn notify(root: &Path, year: i64, unit: &str, round: u32) -> Result<Noticed> {
    let ws = as_of_round(root, year, round)?;
    let code = super::unit_code(&ws, unit)?;
    let results = eval::evaluate(&ws, &Options::default());
    // The letter is about one unit: its problems and the year's, not the others'.
    let diagnostics = super::all_diagnostics(&ws, results.as_ref())
        .into_iter()
        .filter(|d| super::concerns(d, &code))
        .collect();
    match results
        .as_ref()
        .and_then(|r| crate::notice::notice(&ws, r, &code, round))
    {
        Some(notice) => Ok(Noticed {
            notice,
            diagnostics,
        }),
        None => Err(Error::usage(Say::NotEvaluated(code)).after(diagnostics)),
    }
}

/// Every letter of a round, with the year's diagnostics.
pub struct NoticedAll {
    /// One per unit of a published block that has results, in the results'
    /// order (by block, then rank).
    pub notices: Vec<Notice>,
    pub diagnostics: Vec<Diagnostic>,
}

/// `chiso notify --all`: the letter of `round` to every unit the province
/// publishes (the units of a block another level assesses get theirs from it).
pub fn notify_all(root: &Path, year: i64, round: u32) -> Result<NoticedAll> {
    let ws = as_of_round(root, year, round)?;
    let results = eval::evaluate(&ws, &Options::default());
    let diagnostics = super::all_diagnostics(&ws, results.as_ref());
    let Some(results) = results else {
        return Err(Error::bad_input(diagnostics));
    };
    let reg = ws.regulation.as_ref().expect("evaluated");
    let notices = results
        .units
        .iter()
        .filter(|u| reg.block(&u.block).is_some_and(|b| b.published))
        .filter_map(|u| crate::notice::notice(&ws, &results, &u.code, round))
        .collect();
    Ok(NoticedAll {
        notices,
        diagnostics,
    })
}

/// A unit and its merged criteria tree, for a template to fill in.
pub struct UnitTree {
    pub ws: Workspace,
    pub unit: String,
}

impl UnitTree {
    pub fn unit(&self) -> &crate::model::Unit {
        self.ws.unit(&self.unit).expect("checked when loaded")
    }

    pub fn scheme(&self) -> &Scheme {
        self.ws.scheme_of(self.unit()).expect("checked when loaded")
    }
}

/// `chiso template`: the unit's tree, for a self-assessment to fill in;
/// refused when it would be written over an existing file without `force`.
pub fn template(
    root: &Path,
    year: i64,
    unit: &str,
    output: Option<&Path>,
    force: bool,
) -> Result<UnitTree> {
    // A template written over a filled self-assessment would lose its answers.
    if let Some(path) = output
        && path.is_file()
        && !force
    {
        return Err(Error::usage(Say::WouldOverwrite(
            path.display().to_string(),
        )));
    }
    let ws = super::load(root, year)?;
    let u = crate::lookup::unit(&ws, unit).map_err(Error::usage)?;
    if ws.scheme_of(u).is_none() {
        let shown = ws.diagnostics.items.clone();
        return Err(Error::usage(Say::NotEvaluated(unit.to_string())).after(shown));
    }
    let unit = u.code.clone();
    Ok(UnitTree { ws, unit })
}
