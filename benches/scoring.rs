//! Scoring a synthetic province: 10,000 units (about 15,000 answer files) on
//! the sample criteria. `cargo bench` reports each stage on its own: reading
//! the answer files from disk, their TOML (fast reader, and the general reader
//! it falls back to), loading and validating the whole workspace, evaluation, JSON output,
//! with the time and the allocations (count and bytes) of each.
//!
//! Memory per unit is counted once, before the timings, and printed first.
//!
//! `chiso test` on a suite whose cases all fail (each failure is traced and
//! explained) is timed on its own workspace.
//!
//! The `hostile` stages score workspaces of growing hostile size (many leaves,
//! a long chain of parents), whose time should grow in proportion.

use std::path::Path;
use std::sync::LazyLock;

use chiso::eval::{self, Options};
use chiso::load::{self, fast, load_workspace};

const YEAR: i64 = 2024;
const UNITS: usize = 10_000;

static WORKSPACE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    chiso::synth::generate(source, YEAR, dir.path(), UNITS, 42).expect("generate");
    dir
});

/// The text of every answer file, read once.
static ANSWER_TEXTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let scores = load::scores_dir(WORKSPACE.path(), YEAR);
    ["self", "appraisal"]
        .iter()
        .flat_map(|kind| load::list_files(&scores.join(kind), "toml").expect("listed"))
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect()
});

// The same allocator as the command line, so stage timings add up to a run.
#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

fn main() {
    memory();
    divan::main();
}

/// Memory a unit costs, counted once before the timings (which run uncounted):
/// what the loaded model holds, what results add, and the peak of a `score`
/// run (load, evaluation of the areas, streamed JSON), per unit.
fn memory() {
    let per_unit = |bytes: isize| bytes as f64 / UNITS as f64 / 1000.0;
    let text = ANSWER_TEXTS.iter().map(String::len).sum::<usize>() as isize;
    let start = counting::start();
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    let model = counting::live() - start;
    let options = Options {
        areas_only: true,
        ..Options::default()
    };
    let r = eval::evaluate(&ws, &options).expect("evaluates");
    let results = counting::live() - start - model;
    drop((ws, r));
    counting::stop();

    // `score`: each unit's answers read while it is scored, then the JSON.
    let start = counting::start();
    let (ws, r) =
        chiso::pipeline::load_and_evaluate(WORKSPACE.path(), YEAR, &options).expect("loads");
    let r = r.expect("evaluates");
    chiso::report::score::write_json(&ws, &r, chiso::i18n::Lang::Vi, &mut std::io::sink())
        .expect("written");
    let peak = counting::stop() - start;
    println!(
        "memory per unit: model {:.1} kB (answer text {:.1} kB), results {:.1} kB, \
         a `score` run's peak {:.1} kB",
        per_unit(model),
        per_unit(text),
        per_unit(results),
        per_unit(peak),
    );
}

/// mimalloc, counting live and peak bytes while switched on.
mod counting {
    use std::alloc::{GlobalAlloc, Layout};
    use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

    pub struct Counting;
    static ON: AtomicBool = AtomicBool::new(false);
    // Signed: blocks allocated before counting may be freed while it is on.
    static LIVE: AtomicIsize = AtomicIsize::new(0);
    static PEAK: AtomicIsize = AtomicIsize::new(0);

    /// Switches counting on, the peak starting afresh; the live bytes so far.
    pub fn start() -> isize {
        let live = LIVE.load(Relaxed);
        PEAK.store(live, Relaxed);
        ON.store(true, Relaxed);
        live
    }
    pub fn live() -> isize {
        LIVE.load(Relaxed)
    }
    /// Switches counting off; the peak of live bytes.
    pub fn stop() -> isize {
        ON.store(false, Relaxed);
        PEAK.load(Relaxed)
    }

    fn grew(by: usize) {
        let by = by as isize;
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    fn shrank(by: usize) {
        LIVE.fetch_sub(by as isize, Relaxed);
    }

    // SAFETY: every call is forwarded to mimalloc unchanged; only counters are added.
    #[allow(unsafe_code)]
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if ON.load(Relaxed) {
                grew(layout.size());
            }
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if ON.load(Relaxed) {
                shrank(layout.size());
            }
            unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if ON.load(Relaxed) {
                if new_size > layout.size() {
                    grew(new_size - layout.size());
                } else {
                    shrank(layout.size() - new_size);
                }
            }
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

/// Every answer file read from disk and checked (UTF-8, NFC), nothing
/// parsed (all threads): the floor under reading the answers.
#[divan::bench(sample_count = 10)]
fn read_answer_files() -> usize {
    use rayon::prelude::*;
    let root = WORKSPACE.path();
    let scores = load::scores_dir(root, YEAR);
    let paths: Vec<_> = ["self", "appraisal"]
        .iter()
        .flat_map(|kind| load::list_files(&scores.join(kind), "toml").expect("listed"))
        .collect();
    paths
        .par_iter()
        .map(|p| chiso::source::SourceFile::read(root, p).map_or(0, |f| f.text.len()))
        .sum()
}

/// The fast reader alone, on every answer file (one thread).
#[divan::bench(sample_count = 10)]
fn read_answers_fast() -> usize {
    ANSWER_TEXTS
        .iter()
        .map(|t| fast::with_arena(|arena| fast::parse(t, arena).map_or(0, |doc| doc.entries.len())))
        .sum()
}

/// The general TOML reader on the same files (one thread), for comparison.
#[divan::bench(sample_count = 3)]
fn read_answers_general() -> usize {
    ANSWER_TEXTS
        .iter()
        .map(|t| toml::de::DeTable::parse(t).map_or(0, |doc| doc.get_ref().len()))
        .sum()
}

/// Files → validated model: reading, TOML, validation (all threads).
#[divan::bench(sample_count = 10)]
fn load_and_validate() -> chiso::model::Workspace {
    load_workspace(WORKSPACE.path(), YEAR).expect("loads")
}

/// Files → areas' results as `score` and `check` run: each unit's answer
/// files read, validated and scored in one go (all threads).
#[divan::bench(sample_count = 10)]
fn load_and_evaluate_areas() -> Option<chiso::results::Results> {
    let options = Options {
        areas_only: true,
        ..Options::default()
    };
    chiso::pipeline::load_and_evaluate(WORKSPACE.path(), YEAR, &options)
        .expect("loads")
        .1
}

/// Every node's results, as `show`, `explain` and the exports need them.
#[divan::bench(sample_count = 10)]
fn evaluate(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    bencher.bench(|| eval::evaluate(&ws, &Options::default()));
}

/// The areas' results only, as `score` and `check` evaluate.
#[divan::bench(sample_count = 10)]
fn evaluate_areas(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    let options = Options {
        areas_only: true,
        ..Options::default()
    };
    bencher.bench(|| eval::evaluate(&ws, &options));
}

/// The JSON of docs/json.md, streamed as `score --format json -o` writes it.
#[divan::bench(sample_count = 10)]
fn write_json(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    let r = eval::evaluate(&ws, &Options::default()).expect("evaluates");
    bencher.bench(|| {
        let mut out = std::io::sink();
        chiso::report::score::write_json(&ws, &r, chiso::i18n::Lang::Vi, &mut out)
    });
}

/// Failing regulation cases: many enough that re-scoring the suite per
/// failure (as `chiso test` once did) would take minutes and gigabytes.
const FAILING_CASES: usize = 400;

/// The sample criteria of the year with one test file of failing cases.
static FAILING_SUITE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let criteria = format!("criteria/{YEAR}");
    chiso::synth::copy_dir(&source.join(&criteria), &dir.path().join(&criteria)).expect("copy");
    let tests = dir.path().join(&criteria).join("tests");
    std::fs::remove_dir_all(&tests).expect("tests removed");
    std::fs::create_dir(&tests).expect("tests folder");
    let cases: String = (0..FAILING_CASES)
        .map(|i| {
            format!("[[case]]\nname = \"Ca {i}\"\nblock = \"so\"\n[case.expect]\ntotal = 1\n\n")
        })
        .collect();
    std::fs::write(tests.join("failing.toml"), cases).expect("written");
    dir
});

/// `chiso test`'s run of a suite whose every case fails (reports not rendered).
#[divan::bench(sample_count = 3)]
fn regulation_tests_failing(bencher: divan::Bencher) {
    let suite = chiso::rules::load_suite(FAILING_SUITE.path(), YEAR).expect("loads");
    bencher.bench(|| chiso::rules::run(&suite));
}

/// Hostile sizes, loaded and scored as `score` does, at growing sizes: time
/// should grow in proportion (a unit's warnings were once compared with all
/// the others, quadratic in leaves; parents were walked per unit, cubic in
/// the chain).
mod hostile {
    use super::*;

    /// One unit on a tree whose bonus area has this many unanswered leaves.
    #[divan::bench(args = [5_000, 10_000, 20_000, 40_000], sample_count = 3)]
    fn many_leaves(bencher: divan::Bencher, leaves: usize) {
        let dir = tempfile::tempdir().expect("temp dir");
        chiso::synth::many_leaves(dir.path(), YEAR, leaves).expect("generate");
        bencher.bench(|| chiso::pipeline::load_and_evaluate(dir.path(), YEAR, &Options::default()));
    }

    /// This many units in one chain of parents.
    #[divan::bench(args = [1_000, 2_000, 4_000, 8_000], sample_count = 3)]
    fn chain_of_parents(bencher: divan::Bencher, units: usize) {
        let dir = tempfile::tempdir().expect("temp dir");
        chiso::synth::chain(dir.path(), YEAR, units).expect("generate");
        bencher.bench(|| chiso::pipeline::load_and_evaluate(dir.path(), YEAR, &Options::default()));
    }
}
