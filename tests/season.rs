//! The season's schedule (`scores/<year>/workflow.toml`): where a unit stands
//! at a moment, extensions included, on the sample's 2025 schedule.

use crate::common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use chiso::season::{self, Phase, Schedule};
use common::Ws;

fn sample_schedule() -> Schedule {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ws = chiso::load::load_workspace(repo, 2025).unwrap();
    let schedule_diags: Vec<_> = ws
        .diagnostics
        .items
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.name.ends_with("workflow.toml"))
        })
        .map(|d| d.render(chiso::i18n::Lang::En))
        .collect();
    assert!(schedule_diags.is_empty(), "{schedule_diags:?}");
    ws.schedule.expect("the sample's 2025 has a schedule")
}

/// An instant given as seconds since 1970-01-01T00:00Z (computed apart).
fn utc(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

/// The local text of a phase's deadline.
fn deadline(p: Phase) -> Option<String> {
    p.deadline().map(|t| t.text())
}

#[test]
fn the_self_assessment_opens_and_closes_at_vietnam_time() {
    let s = sample_schedule();
    // 2025-10-15T00:29:59Z is 07:29:59 in Vietnam: one second before it opens.
    let before = season::phase(&s, "SNV", utc(1_760_488_199));
    assert!(matches!(before, Phase::NotOpen { .. }), "{before:?}");
    assert!(!before.may_write_self_assessment());
    let Phase::NotOpen { opens } = before else {
        unreachable!()
    };
    assert_eq!(opens.text(), "15/10/2025 07:30");
    // 2025-10-15T00:30:00Z is 07:30 in Vietnam: open.
    let open = season::phase(&s, "SNV", utc(1_760_488_200));
    assert!(open.may_write_self_assessment(), "{open:?}");
    assert_eq!(deadline(open).as_deref(), Some("14/11/2025 17:00"));
    // 2025-11-14T09:59:59Z is 16:59:59 in Vietnam: the last second.
    assert!(season::may_write_self_assessment(
        &s,
        "SNV",
        utc(1_763_114_399)
    ));
    // 2025-11-14T10:00:00Z is 17:00 in Vietnam: closed, round 1 under way.
    let closed = season::phase(&s, "SNV", utc(1_763_114_400));
    assert!(!closed.may_write_self_assessment());
    let Phase::Appraisal { round, results } = closed else {
        panic!("{closed:?}")
    };
    assert_eq!(round, 1);
    assert_eq!(results.unwrap().text(), "19/12/2025 17:00");
}

#[test]
fn an_extension_keeps_its_unit_open_and_no_other() {
    let s = sample_schedule();
    // 17:00 on 14/11/2025: closed for everyone but X-TRUONGSA (extended to 21/11).
    let at = utc(1_763_114_400);
    assert!(!season::may_write_self_assessment(&s, "X-KHANHSON", at));
    let p = season::phase(&s, "X-TRUONGSA", at);
    assert_eq!(
        p,
        Phase::SelfAssessment {
            closes: p.deadline().unwrap(),
            extended: true
        }
    );
    assert_eq!(deadline(p).as_deref(), Some("21/11/2025 17:00"));
    // 2025-11-21T10:00Z is 17:00 on 21/11 in Vietnam: the extension is over.
    assert!(!season::may_write_self_assessment(
        &s,
        "X-TRUONGSA",
        utc(1_763_719_200)
    ));
    assert!(season::may_write_self_assessment(
        &s,
        "X-TRUONGSA",
        utc(1_763_719_199)
    ));
}

#[test]
fn rounds_explanation_and_publication_follow_in_order() {
    let s = sample_schedule();
    let local = |text: &str| {
        let t = season::LocalTime::parse(text).unwrap();
        season::phase_at(&s, "SNV", t)
    };
    assert_eq!(local("2025-12-19T16:59"), {
        Phase::Appraisal {
            round: 1,
            results: season::LocalTime::parse("2025-12-19T17:00"),
        }
    });
    // Results released, the explanation window not open yet (a weekend).
    assert_eq!(local("2025-12-20T09:00"), Phase::Results { round: 1 });
    let explaining = local("2025-12-22T07:30");
    assert!(explaining.may_write_explanation(), "{explaining:?}");
    assert!(!explaining.may_write_self_assessment());
    assert_eq!(deadline(explaining).as_deref(), Some("09/01/2026 17:00"));
    assert_eq!(
        local("2026-01-09T17:00"),
        Phase::Appraisal {
            round: 2,
            results: season::LocalTime::parse("2026-02-06T17:00"),
        }
    );
    // After the last round and before publication.
    assert_eq!(local("2026-02-06T17:00"), Phase::Results { round: 2 });
    // 2026-02-27T01:00Z is 08:00 in Vietnam: published.
    let published = season::phase(&s, "SNV", utc(1_772_154_000));
    assert!(
        matches!(published, Phase::Published { .. }),
        "{published:?}"
    );
    assert_eq!(published.deadline(), None);
}

#[test]
fn a_year_without_a_schedule_has_none() {
    let ws = Ws::fixture();
    let model = ws.load();
    assert!(model.schedule.is_none());
    assert!(
        !model
            .diagnostics
            .items
            .iter()
            .any(|d| d.code.id().starts_with("E10") || d.code.id().starts_with("W10"))
    );
}

/// A schedule of the fixture's year (2024) with the given text.
fn fixture_schedule(text: &str) -> (Option<Schedule>, Vec<chiso::diagnostic::Diagnostic>) {
    let ws = Ws::fixture().write("scores/2024/workflow.toml", text);
    let model = ws.load();
    let diags = model
        .diagnostics
        .items
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.name == "scores/2024/workflow.toml")
        })
        .cloned()
        .collect();
    (model.schedule, diags)
}

#[test]
fn unknown_keys_and_missing_windows_are_reported() {
    let (schedule, diags) =
        fixture_schedule("[self_assessment]\nopens = 2024-10-15T07:30\nclose = 2024-11-14T17:00\n");
    assert!(schedule.is_none());
    let mut codes: Vec<&str> = diags.iter().map(|d| d.code.id()).collect();
    codes.sort();
    assert_eq!(codes, ["E0103", "E0105"], "{diags:?}");
    let unknown = diags.iter().find(|d| d.code.id() == "E0103").unwrap();
    let text = unknown.render(chiso::i18n::Lang::En);
    assert!(text.contains("--> scores/2024/workflow.toml:3:1"), "{text}");
    assert!(text.contains("did you mean `closes`?"), "{text}");

    let (schedule, diags) = fixture_schedule("publication = 2025-02-20T08:00\n");
    assert!(schedule.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code.id(), "E0105");
    assert!(
        diags[0]
            .render(chiso::i18n::Lang::Vi)
            .contains("thiếu khóa bắt buộc `self_assessment`")
    );
}

#[test]
fn seconds_may_be_written_and_a_round_needs_both_ends_of_its_window() {
    let (schedule, diags) = fixture_schedule(
        "[self_assessment]\nopens = 2024-10-15T07:30:00\ncloses = 2024-11-14T17:00:30\n\n\
         [[round]]\nresults = 2024-12-19T17:00\nexplanation_opens = 2024-12-22T07:30\n",
    );
    let codes: Vec<&str> = diags.iter().map(|d| d.code.id()).collect();
    assert_eq!(codes, ["E0105"], "{diags:?}");
    assert!(
        diags[0]
            .render(chiso::i18n::Lang::En)
            .contains("missing required key `explanation_closes`")
    );
    let s = schedule.unwrap();
    assert_eq!(s.self_assessment.closes.text(), "14/11/2024 17:00");
    assert_eq!(s.rounds.len(), 1);
    assert_eq!(s.rounds[0].explanation, None);
}

#[test]
fn show_prints_the_phase_and_its_deadline_in_local_time() {
    // Closes far ahead, so that the phase does not depend on the day the test runs.
    let ws = Ws::fixture().write(
        "scores/2024/workflow.toml",
        "[self_assessment]\nopens = 2024-01-01T07:30\ncloses = 2099-11-14T17:00\n\n\
         [[extension]]\nunit = \"B\"\ncloses = 2099-11-21T17:30\nreason = \"Công văn số 1\"\n",
    );
    let (_, out, err) = common::chiso(ws.root(), &["show", "2024", "A"]);
    assert!(
        out.contains("\nGiai đoạn: tự đánh giá, hạn 14/11/2099 17:00\n"),
        "{out}{err}"
    );
    let (_, out, _) = common::chiso(ws.root(), &["--lang", "en", "show", "2024", "B"]);
    assert!(
        out.contains("\nPhase: self-assessment, until 21/11/2099 17:30 (extended)\n"),
        "{out}"
    );
    // Without a schedule, no phase.
    let (_, out, _) = common::chiso(Ws::fixture().root(), &["show", "2024", "A"]);
    assert!(!out.contains("Giai đoạn"), "{out}");
}
