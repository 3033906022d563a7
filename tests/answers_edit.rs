//! `answers::edit::set_entry`: one self-assessment entry changed in place,
//! nothing else of the file touched; stale and invalid edits write nothing;
//! concurrent edits of different criteria all land.

use crate::common;

use chiso::answers::edit::{self, AnswerEdit, EditError, EntryEdit};
use chiso::diagnostic::Code;
use common::{Ws, d};

const A: &str = "scores/2024/self/A.toml";

/// The fixture with comments and spacing around unit A's entries.
fn commented() -> Ws {
    Ws::fixture()
        .edit(
            A,
            "[c.\"1.1\"]\npoints = 1.75\n",
            "# Kế hoạch CCHC\n[c.\"1.1\"]\npoints = 1.75   # theo QĐ 12\n",
        )
        .edit(A, "[c.\"1.2\"]\n", "[c.\"1.2\"]  # báo cáo\n")
}

fn read(ws: &Ws, rel: &str) -> String {
    std::fs::read_to_string(ws.path(rel)).unwrap()
}

fn set(ws: &Ws, unit: &str, code: &str, e: &EntryEdit) -> Result<edit::EditOutcome, EditError> {
    let hash = edit::entry_hash(ws.root(), 2024, unit, code).unwrap();
    edit::set_entry(ws.root(), 2024, unit, code, e, &hash)
}

fn answer(a: AnswerEdit) -> EntryEdit {
    EntryEdit {
        answer: Some(a),
        ..Default::default()
    }
}

#[test]
fn only_the_entry_changes_byte_for_byte() {
    let ws = commented();
    let before = read(&ws, A);
    let out = set(&ws, "A", "1.1", &answer(AnswerEdit::Points(d("1.5")))).unwrap();
    let expected = before.replace(
        "points = 1.75   # theo QĐ 12",
        "points = 1.5   # theo QĐ 12",
    );
    assert_ne!(expected, before);
    assert_eq!(read(&ws, A), expected);
    assert!(out.changed);
    assert_eq!(out.file, A);
    assert_eq!(
        out.before,
        "points = 1.75\nexplanation = \"Đã bổ sung quyết định\"\n"
    );
    assert_eq!(
        out.after,
        "points = 1.5\nexplanation = \"Đã bổ sung quyết định\"\n"
    );
    assert_eq!(out.entry_hash, edit::hash(&out.after));
    assert_eq!(
        out.entry_hash,
        edit::entry_hash(ws.root(), 2024, "A", "1.1").unwrap()
    );
    assert_eq!(
        out.file_sha256_before.as_deref(),
        Some(chiso::answers::edit::hash(&before).as_str())
    );
}

#[test]
fn another_answer_key_takes_the_place_of_the_old_one() {
    let ws = commented();
    let before = read(&ws, A);
    // 2.1 was not applicable; now 2 points, in the same place, the note kept.
    set(&ws, "A", "2.1", &answer(AnswerEdit::Points(d("2")))).unwrap();
    assert_eq!(
        read(&ws, A),
        before.replace(
            "[c.\"2.1\"]\nna = true\nnote",
            "[c.\"2.1\"]\npoints = 2\nnote"
        )
    );
    // Facts, evidence and note of other entries.
    let e = EntryEdit {
        facts: Some(vec![("tre_han".into(), d("2"))]),
        evidence: Some(vec!["Báo cáo số 5".into(), " ".into()]),
        ..Default::default()
    };
    let before = read(&ws, A);
    set(&ws, "A", "1.4", &e).unwrap();
    assert_eq!(
        read(&ws, A),
        before.replace(
            "facts = { tre_han = 0 }\n",
            "facts = { tre_han = 2 }\nevidence = [\"Báo cáo số 5\"]\n"
        )
    );
    // A blank note removes the key; clearing the answer removes it too.
    let before = read(&ws, A);
    let e = EntryEdit {
        answer: Some(AnswerEdit::Clear),
        note: Some("  ".into()),
        ..Default::default()
    };
    set(&ws, "A", "2.1", &e).unwrap();
    assert_eq!(
        read(&ws, A),
        before.replace("points = 2\nnote = \"Không ban hành văn bản QPPL\"\n", "")
    );
}

#[test]
fn a_missing_file_is_created_with_the_entry() {
    let ws = Ws::fixture();
    let rel = "scores/2024/self/B.toml";
    assert!(!ws.path(rel).exists());
    assert_eq!(
        edit::entry_hash(ws.root(), 2024, "B", "1.3").unwrap(),
        edit::hash("")
    );
    let out = set(
        &ws,
        "B",
        "1.3",
        &answer(AnswerEdit::Choice("Đúng hạn".into())),
    )
    .unwrap();
    assert_eq!(out.file_sha256_before, None);
    assert_eq!(out.before, "");
    assert_eq!(
        read(&ws, rel),
        "unit = \"B\"\n\n[c.\"1.3\"]\nchoice = \"Đúng hạn\"\n"
    );
    // The new file loads without an error of its own.
    let model = ws.load();
    assert!(model.self_assessments.contains_key("B"));
    assert!(
        !model
            .diagnostics
            .items
            .iter()
            .any(|x| x.is_error() && x.unit.as_deref() == Some("B")),
        "{:?}",
        model.diagnostics.items
    );
}

#[test]
fn a_stale_entry_is_a_conflict_with_both_hashes() {
    let ws = commented();
    let seen = edit::entry_hash(ws.root(), 2024, "A", "1.2").unwrap();
    // Someone else answers 1.2 meanwhile.
    edit::set_entry(
        ws.root(),
        2024,
        "A",
        "1.2",
        &answer(AnswerEdit::Yes(false)),
        &seen,
    )
    .unwrap();
    let before = read(&ws, A);
    let err = edit::set_entry(
        ws.root(),
        2024,
        "A",
        "1.2",
        &answer(AnswerEdit::Yes(true)),
        &seen,
    )
    .unwrap_err();
    let EditError::Conflict {
        expected,
        current,
        current_entry,
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(expected, seen);
    assert_eq!(expected, edit::hash("yes = true\n"));
    assert_eq!(current, edit::hash("yes = false\n"));
    assert_eq!(current_entry, "yes = false\n");
    assert_eq!(read(&ws, A), before);
    // Editing another criterion from the same page still works.
    set(&ws, "A", "9.2", &answer(AnswerEdit::Yes(false))).unwrap();
}

#[test]
fn an_edit_that_adds_an_error_writes_nothing() {
    let ws = commented();
    let before = read(&ws, A);
    let err = set(&ws, "A", "1.1", &answer(AnswerEdit::Points(d("1.3")))).unwrap_err();
    let EditError::Invalid(diags) = err else {
        panic!("{err:?}")
    };
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, Code::NotMultipleOfStep);
    let at = diags[0].location.as_ref().unwrap();
    assert_eq!(at.file.name, A);
    assert_eq!(at.file.line_col(at.span.start).line, 6);
    assert_eq!(read(&ws, A), before);
    // An option that does not exist, a criterion the unit does not have.
    for (code, e) in [
        ("1.3", answer(AnswerEdit::Choice("Sớm hạn".into()))),
        ("1.9", answer(AnswerEdit::Yes(true))),
        ("1.2", answer(AnswerEdit::Points(d("1")))),
    ] {
        let err = set(&ws, "A", code, &e).unwrap_err();
        assert!(matches!(err, EditError::Invalid(_)), "{code}: {err:?}");
        assert_eq!(read(&ws, A), before, "{code}");
    }
    assert!(matches!(
        set(&ws, "Z", "1.1", &answer(AnswerEdit::Yes(true))),
        Err(EditError::UnknownUnit(_))
    ));
}

#[test]
fn an_error_already_in_the_file_does_not_block_other_entries() {
    // 1.3's option is wrong in the file (an error of the file as it stands).
    let ws = commented().edit(A, "choice = \"Trễ hạn\"", "choice = \"Tre han\"");
    let before = read(&ws, A);
    set(&ws, "A", "9.2", &answer(AnswerEdit::Yes(false))).unwrap();
    assert_eq!(
        read(&ws, A),
        before.replace("[c.\"9.2\"]\nyes = true", "[c.\"9.2\"]\nyes = false")
    );
}

#[test]
fn concurrent_edits_of_different_criteria_all_land() {
    let ws = commented();
    let edits: Vec<(&str, EntryEdit)> = vec![
        ("1.1", answer(AnswerEdit::Points(d("0.5")))),
        ("1.2", answer(AnswerEdit::Yes(false))),
        ("1.3", answer(AnswerEdit::Choice("Đúng hạn".into()))),
        (
            "1.4",
            EntryEdit {
                facts: Some(vec![("tre_han".into(), d("4"))]),
                ..Default::default()
            },
        ),
        (
            "2.1",
            EntryEdit {
                note: Some("Ghi chú mới".into()),
                ..Default::default()
            },
        ),
        ("9.1", answer(AnswerEdit::Points(d("0.75")))),
        ("9.2", answer(AnswerEdit::Yes(false))),
    ];
    // Every hash read before any write: each thread edits from the same page.
    let hashes: Vec<String> = edits
        .iter()
        .map(|(code, _)| edit::entry_hash(ws.root(), 2024, "A", code).unwrap())
        .collect();
    std::thread::scope(|s| {
        for ((code, e), hash) in edits.iter().zip(&hashes) {
            let root = ws.root();
            s.spawn(move || {
                edit::set_entry(root, 2024, "A", code, e, hash).unwrap();
            });
        }
    });
    let text = read(&ws, A);
    for expected in [
        "points = 0.5   # theo QĐ 12",
        "[c.\"1.2\"]  # báo cáo\nyes = false",
        "choice = \"Đúng hạn\"",
        "facts = { tre_han = 4 }",
        "note = \"Ghi chú mới\"",
        "[c.\"9.1\"]\npoints = 0.75",
        "[c.\"9.2\"]\nyes = false",
        "# Kế hoạch CCHC",
    ] {
        assert!(text.contains(expected), "{expected} not in\n{text}");
    }
}

#[test]
fn two_saves_of_one_criterion_from_one_page_give_one_conflict() {
    let ws = commented();
    let seen = edit::entry_hash(ws.root(), 2024, "A", "9.1").unwrap();
    let results: Vec<Result<edit::EditOutcome, EditError>> = std::thread::scope(|s| {
        let handles: Vec<_> = ["0.25", "0.5"]
            .into_iter()
            .map(|p| {
                let (root, seen) = (ws.root(), &seen);
                s.spawn(move || {
                    edit::set_entry(
                        root,
                        2024,
                        "A",
                        "9.1",
                        &answer(AnswerEdit::Points(d(p))),
                        seen,
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(EditError::Conflict { .. })))
        .count();
    assert_eq!((ok, conflicts), (1, 1), "{results:?}");
}

/// A unit's own answers close when it submits: an edit that asks for it is
/// refused once the file says `submitted`, judged under the lock (a page
/// opened before another officer submitted cannot write after). The
/// explanation, which comes after submission, does not ask for it.
#[test]
fn an_edit_before_submission_only_is_refused_once_submitted() {
    // The fixture's A submitted on 15/01/2025.
    let ws = Ws::fixture();
    let before = read(&ws, A);
    let closed = EntryEdit {
        only_before_submission: true,
        ..answer(AnswerEdit::Points(d("1.5")))
    };
    assert!(matches!(
        set(&ws, "A", "1.1", &closed),
        Err(EditError::Submitted)
    ));
    assert_eq!(read(&ws, A), before);
    let explanation = EntryEdit {
        explanation: Some("Đã bổ sung quyết định số 12".into()),
        ..Default::default()
    };
    assert!(set(&ws, "A", "1.1", &explanation).unwrap().changed);
    // Before submission the same edit goes through.
    let open = Ws::fixture().edit(A, "submitted = 2025-01-15\n", "");
    assert!(set(&open, "A", "1.1", &closed).unwrap().changed);
}
