//! The server keeps a scored year while its files stay the same, and never
//! shows a stale one: every edit, by the server, the library's write path
//! (the command line's) or a plain write into the file, is seen by the next
//! request, even one of the same size within the same clock tick.

use std::path::Path;
use std::sync::Arc;

use axum::http::StatusCode;
use rust_decimal::Decimal;

use chiso::server::cache::Stamp;

use crate::serve::{Site, class_text};

const YEAR: i64 = 2025;

fn self_total(root: &Path, unit: &str) -> Decimal {
    let ws = chiso::load::load_workspace(root, YEAR).unwrap();
    let r = chiso::eval::evaluate(&ws, &Default::default()).unwrap();
    r.unit(unit).unwrap().self_.total
}

/// The total the unit's page shows, read back as a number.
async fn page_total(site: &Site, browser: &crate::serve::Browser) -> Decimal {
    let page = site.get("/2025/don-vi/SNV", Some(browser)).await;
    assert_eq!(page.status, StatusCode::OK);
    let shown = class_text(&page.body, "total");
    shown
        .split('/')
        .next()
        .unwrap()
        .trim()
        .replace(',', ".")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_scored_year_is_kept_while_its_files_stay_the_same() {
    let site = Site::new();
    let root = site.root();
    // Files just copied are stamped by their content until they are older
    // than the clock tick; after it, by their times.
    tokio::time::sleep(chiso::server::cache::FRESH).await;
    let first = site.state.years.get(root, YEAR).unwrap();
    let b = site.browser("can-bo-snv");
    assert_eq!(
        site.get("/2025/don-vi/SNV", Some(&b)).await.status,
        StatusCode::OK
    );
    let again = site.state.years.get(root, YEAR).unwrap();
    assert!(Arc::ptr_eq(&first, &again), "scored again without a change");
    assert!(site.state.years.is_kept(YEAR));
}

#[tokio::test]
async fn a_save_through_the_server_is_scored_on_the_next_request() {
    let site = Site::new();
    let root = site.root();
    let b = site.browser("can-bo-snv");
    let before = site.state.years.get(root, YEAR).unwrap();
    let total = page_total(&site, &b).await;
    // 1.2.1: 0.75 → 0.5.
    let r = site.save(&b, "SNV", "1.2.1", &[("diem", "0,5")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = site.state.years.get(root, YEAR).unwrap();
    assert!(!Arc::ptr_eq(&before, &after));
    let shown = page_total(&site, &b).await;
    assert_eq!(total - shown, Decimal::new(25, 2));
    assert_eq!(shown, self_total(root, "SNV"));
}

#[tokio::test]
async fn a_write_of_the_same_size_and_time_is_seen_on_the_next_request() {
    let site = Site::new();
    let root = site.root();
    let b = site.browser("can-bo-snv");
    let total = page_total(&site, &b).await;
    assert!(site.state.years.is_kept(YEAR));
    // An editor saves 0.75 → 0.50 in place: same size, and the modification
    // time put back as it was (as a coarse clock tick would leave it).
    let path = root.join("scores/2025/self/SNV.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen(
        "[c.\"1.2.1\"]\npoints = 0.75\n",
        "[c.\"1.2.1\"]\npoints = 0.50\n",
        1,
    );
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::io::Write::write_all(&mut &file, edited.as_bytes()).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (meta.len(), meta.modified().unwrap()),
        (text.len() as u64, modified)
    );
    let shown = page_total(&site, &b).await;
    assert_eq!(total - shown, Decimal::new(25, 2));
    assert_eq!(shown, self_total(root, "SNV"));
}

#[tokio::test]
async fn an_edit_through_the_command_lines_write_path_is_seen() {
    let site = Site::new();
    let root = site.root();
    let b = site.browser("can-bo-snv");
    let total = page_total(&site, &b).await;
    let base = chiso::answers::edit::entry_hash(root, YEAR, "SNV", "1.2.1").unwrap();
    let edit = chiso::answers::edit::EntryEdit {
        answer: Some(chiso::answers::edit::AnswerEdit::Points(Decimal::new(
            25, 2,
        ))),
        ..Default::default()
    };
    chiso::answers::edit::set_entry(root, YEAR, "SNV", "1.2.1", &edit, &base).unwrap();
    let shown = page_total(&site, &b).await;
    assert_eq!(total - shown, Decimal::new(50, 2));
    assert_eq!(shown, self_total(root, "SNV"));
}

#[test]
fn every_input_of_the_year_is_in_its_stamp() {
    let site = Site::new();
    let root = site.root();
    let stamp = || Stamp::take(root, YEAR).unwrap();
    let original = stamp();
    assert_eq!(stamp(), original, "the same files, the same stamp");
    let touch_back = |path: &Path| {
        // Another time, nothing else: a change the stamp must see.
        let f = std::fs::File::options().write(true).open(path).unwrap();
        let then =
            std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        f.set_modified(then).unwrap();
    };
    // A file added, then removed: the listing is part of the stamp.
    for added in [
        "scores/2025/workflow.toml",
        "scores/2025/data/extra.csv",
        "scores/2025/appraisal/NEW.toml",
        "criteria/2025/pl9.toml",
    ] {
        std::fs::write(root.join(added), "").unwrap();
        assert_ne!(stamp(), original, "{added} added");
        std::fs::remove_file(root.join(added)).unwrap();
        assert_eq!(stamp(), original, "{added} removed again");
    }
    // An evidence file, in a unit's folder made for it.
    std::fs::create_dir_all(root.join("scores/2025/evidence/SNV")).unwrap();
    let with_folder = stamp();
    assert_ne!(with_folder, original);
    std::fs::write(root.join("scores/2025/evidence/SNV/a.pdf"), "%PDF-1.4").unwrap();
    assert_ne!(stamp(), with_folder);
    // Each kind of input, its time changed.
    for changed in [
        "scores/2025/units.toml",
        "scores/2025/data/survey.csv",
        "scores/2025/appraisal/SNV.toml",
        "criteria/2025/regulation.toml",
        // Predecessors are checked against the previous year's unit list.
        "scores/2024/units.toml",
    ] {
        let before = stamp();
        touch_back(&root.join(changed));
        assert_ne!(stamp(), before, "{changed}");
    }
    // A year added: the list of years is an input (a year that did not exist).
    let before = stamp();
    std::fs::create_dir(root.join("criteria/2026")).unwrap();
    assert_ne!(stamp(), before);
}

#[cfg(unix)]
#[tokio::test]
async fn a_year_with_a_linked_input_is_never_kept() {
    let site = Site::new();
    let root = site.root();
    std::os::unix::fs::symlink(
        root.join("scores/2025/data/survey.csv"),
        root.join("scores/2025/data/linked.csv"),
    )
    .unwrap();
    assert!(Stamp::take(root, YEAR).is_none());
    let first = site.state.years.get(root, YEAR).unwrap();
    let again = site.state.years.get(root, YEAR).unwrap();
    assert!(!Arc::ptr_eq(&first, &again));
    assert!(!site.state.years.is_kept(YEAR));
}

/// Requests that wait while the year is scored take that scoring's outcome
/// when it began after they arrived (a burst of saves is scored a few times,
/// not once per request), even when nothing can be kept by stamp.
#[cfg(unix)]
#[test]
fn requests_waiting_for_a_scoring_share_the_next_one() {
    let site = Site::new();
    let root = site.root().to_path_buf();
    std::os::unix::fs::symlink(
        root.join("scores/2025/data/survey.csv"),
        root.join("scores/2025/data/linked.csv"),
    )
    .unwrap();
    let start = Arc::new(std::sync::Barrier::new(8));
    let scored: Vec<_> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (start, root, years) = (start.clone(), &root, &site.state.years);
                s.spawn(move || {
                    start.wait();
                    years.get(root, YEAR).unwrap()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let mut distinct: Vec<&Arc<_>> = Vec::new();
    for s in &scored {
        if !distinct.iter().any(|d| Arc::ptr_eq(d, s)) {
            distinct.push(s);
        }
    }
    // Usually one: those that arrived before the first began share it, and
    // any later one the next (a thread the machine starts late may make one
    // more); never one each.
    assert!(
        distinct.len() <= 4,
        "{} scorings for 8 requests",
        distinct.len()
    );
}
