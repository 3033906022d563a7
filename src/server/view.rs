//! A unit's year as its pages show it, computed by the same library code as
//! `chiso show`: the workspace loaded from its files, every unit evaluated
//! and traced ([`ops::show_year`], kept by the server's [`super::cache`]
//! while the files stay the same), this unit picked out.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Say;
use crate::model::{AssessedBy, Criterion, Scheme, SelfEntry, Unit, Workspace};
use crate::ops::{self, Problem, YearScored};
use crate::results::{Results, UnitResult};

/// A unit of a scored year: what `chiso show` prints for it.
pub struct UnitView {
    year: Arc<YearScored>,
    code: String,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum ViewError {
    /// No such year or unit.
    NotFound,
    /// The year's criteria do not load: nothing can be scored.
    NotEvaluated,
}

impl From<ops::Error> for ViewError {
    fn from(e: ops::Error) -> ViewError {
        match e.problem {
            Some(Problem::Say(say))
                if matches!(
                    *say,
                    Say::NoSuchUnit(_)
                        | Say::UnknownUnit { .. }
                        | Say::NoSuchYear { .. }
                        | Say::NoWorkspace { .. }
                ) =>
            {
                ViewError::NotFound
            }
            _ => ViewError::NotEvaluated,
        }
    }
}

impl UnitView {
    /// The unit of a scored year (the server's: [`super::AppState::view`]).
    pub fn of(year: Arc<YearScored>, unit: &str) -> Result<UnitView, ViewError> {
        let (code, diagnostics) = year.unit(unit)?;
        Ok(UnitView {
            year,
            code,
            diagnostics,
        })
    }

    /// The scored year the unit is part of.
    pub fn scored_year(&self) -> &Arc<YearScored> {
        &self.year
    }

    /// The appraisal rounds that have a letter for the unit: the schedule's
    /// rounds, or without a schedule those the council wrote adjustments in.
    pub fn letter_rounds(&self) -> Vec<u32> {
        match &self.ws().schedule {
            Some(s) => s.rounds.iter().map(|r| r.number).collect(),
            None => {
                let last = self
                    .ws()
                    .appraisals
                    .get(self.code())
                    .and_then(|a| a.adjustments.iter().map(|x| x.round).max())
                    .unwrap_or(0);
                (1..=last).collect()
            }
        }
    }

    /// Of [`Self::letter_rounds`], those released to the unit at `now`: with
    /// a schedule once the round's results are due; without one none (the
    /// council's file may be a round in progress; it then sends its letters
    /// itself, as the unit's cards show no decision either).
    pub fn released_rounds(&self, now: std::time::SystemTime) -> Vec<u32> {
        match &self.ws().schedule {
            Some(s) => {
                let now = crate::season::LocalTime::at(now);
                s.rounds
                    .iter()
                    .filter(|r| r.results <= now)
                    .map(|r| r.number)
                    .collect()
            }
            None => Vec::new(),
        }
    }

    pub fn ws(&self) -> &Workspace {
        &self.year.ws
    }

    pub fn results(&self) -> &Results {
        self.year.results.as_ref().expect("checked when picked")
    }

    pub fn year(&self) -> i64 {
        self.ws().year
    }

    /// The unit's code as the workspace writes it.
    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn unit(&self) -> &Unit {
        self.ws().unit(self.code()).expect("checked when picked")
    }

    pub fn scheme(&self) -> &Scheme {
        self.ws()
            .scheme_of(self.unit())
            .expect("checked when picked")
    }

    pub fn result(&self) -> &UnitResult {
        self.results()
            .unit(&self.code)
            .expect("checked when picked")
    }

    pub fn entry(&self, node: usize) -> Option<&SelfEntry> {
        self.ws()
            .self_assessments
            .get(self.code())
            .and_then(|s| s.entries.get(node))
    }

    /// The self-assessment's `submitted` date, when the unit has submitted.
    pub fn submitted(&self) -> Option<&str> {
        self.ws()
            .self_assessments
            .get(self.code())
            .and_then(|s| s.submitted.as_deref())
    }

    /// The official figure of a fact for this unit, if a dataset has one.
    pub fn official(&self, fact: &str) -> Option<Decimal> {
        self.ws()
            .data
            .facts
            .get(self.code())
            .and_then(|f| f.get(fact))
            .map(|f| f.value)
    }

    /// The unit's own problems and those of the year that are no unit's.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The problems of one criterion.
    pub fn diagnostics_of(&self, code: &str) -> Vec<&Diagnostic> {
        self.diagnostics()
            .iter()
            .filter(|d| d.criterion.as_deref() == Some(code))
            .collect()
    }

    /// The leaves the unit answers.
    pub fn answerable(&self) -> impl Iterator<Item = (usize, &Criterion)> {
        self.scheme()
            .leaves()
            .filter(|(_, c)| c.assessed_by == AssessedBy::Unit)
    }

    /// How many of the answerable leaves have an answer (or facts).
    pub fn answered(&self) -> usize {
        self.answerable()
            .filter(|&(i, _)| {
                self.entry(i)
                    .is_some_and(|e| e.answer.is_some() || e.facts.iter().next().is_some())
            })
            .count()
    }

    /// Criteria that lack their required evidence (W0606).
    pub fn evidence_missing(&self) -> usize {
        self.diagnostics()
            .iter()
            .filter(|d| d.code == Code::MissingEvidence)
            .count()
    }

    /// The area (top-level node) that holds node `i`, as its position in `roots`.
    pub fn area_of(&self, mut i: usize) -> usize {
        let scheme = self.scheme();
        while let Some(p) = scheme.nodes[i].parent {
            i = p;
        }
        scheme.roots.iter().position(|&r| r == i).unwrap_or(0)
    }
}
