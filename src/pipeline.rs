//! Reading while scoring: a year's answer files are read as each unit is
//! scored and dropped after it, so a national run holds one level of answers
//! at a time. Above both `load` and `eval`, which know nothing of each other.

use crate::eval::{self, AnswerSource, Options};
use crate::load::{self, AnswerFiles, LoadFailure};
use crate::model::{Appraisal, SelfAssessment, Unit, Workspace};
use crate::results::Results;

/// Answer files read as their unit is scored, and dropped after.
struct Reading<'a> {
    ws: &'a Workspace,
    files: &'a AnswerFiles,
}

impl AnswerSource for Reading<'_> {
    fn with_answers<R>(
        &self,
        unit: &Unit,
        score: impl FnOnce(Option<&SelfAssessment>, Option<&Appraisal>) -> R,
    ) -> R {
        let own = self.files.read_self(self.ws, &unit.code);
        let appraisal = self.files.read_appraisal(self.ws, &unit.code);
        score(own.as_ref(), appraisal.as_ref())
    }
}

/// Loads a year and scores it, reading each unit's answer files while scoring
/// it: a national run holds one level of answers at a time, never all of
/// them. The workspace comes back without answers, with all its diagnostics.
pub fn load_and_evaluate(
    root: &std::path::Path,
    year: i64,
    options: &Options,
) -> Result<(Workspace, Option<Results>), LoadFailure> {
    let (mut ws, files) = load::load_workspace_unread(root, year)?;
    let results = eval::evaluate_with(
        &ws,
        options,
        &Reading {
            ws: &ws,
            files: &files,
        },
    );
    files.finish(&mut ws);
    Ok((ws, results))
}
