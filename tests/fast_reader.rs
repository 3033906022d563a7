//! The fast answer-file reader against the general TOML reader: on every
//! answer file and unit list of the sample and fixture workspaces, and on
//! randomly damaged copies of them, both give the same model and the same
//! diagnostics.

use std::path::Path;
use std::sync::Arc;

use chiso::diagnostic::Diagnostics;
use chiso::i18n::Lang;
use chiso::load::answers::{Reader, load_appraisal_with, load_self_with};
use chiso::load::{fast, load_workspace, units};
use chiso::model::{Scheme, Workspace};
use chiso::source::SourceFile;
use proptest::prelude::*;

const SAMPLE: &str = env!("CARGO_MANIFEST_DIR");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/basic");

/// Model and rendered diagnostics of one answer file read by one reader.
fn read(kind: &str, text: &str, unit: &str, scheme: Option<&Scheme>, reader: Reader) -> String {
    let file = SourceFile::new(format!("scores/2024/{kind}/{unit}.toml"), text);
    let mut diags = Diagnostics::default();
    let model = if kind == "self" {
        format!(
            "{:?}",
            load_self_with(reader, &file, unit, scheme, &mut diags)
        )
    } else {
        format!(
            "{:?}",
            load_appraisal_with(reader, &file, unit, scheme, &mut diags)
        )
    };
    format!("{model}\n{}", rendered(&diags))
}

/// Diagnostics as text and as data (spans, codes).
fn rendered(diags: &Diagnostics) -> String {
    let items: Vec<String> = diags
        .items
        .iter()
        .map(|d| format!("{}{d:?}", d.render(Lang::En)))
        .collect();
    items.join("\n")
}

/// A unit list read by one reader, as [`read`] shows it.
fn read_units(text: &str, ws: &Workspace, reader: Reader) -> String {
    let file = SourceFile::new("scores/2024/units.toml", text);
    let mut diags = Diagnostics::default();
    let units = units::load_with(reader, &file, ws.regulation.as_ref(), &mut diags);
    format!("{units:?}\n{}", rendered(&diags))
}

fn units_same_either_way(text: &str, ws: &Workspace) {
    let fast = read_units(text, ws, Reader::Fast);
    let general = read_units(text, ws, Reader::General);
    assert_eq!(fast, general, "units.toml:\n{text}");
}

fn same_either_way(kind: &str, text: &str, unit: &str, scheme: Option<&Scheme>) {
    let fast = read(kind, text, unit, scheme, Reader::Fast);
    let general = read(kind, text, unit, scheme, Reader::General);
    assert_eq!(fast, general, "{kind}/{unit}.toml:\n{text}");
}

/// Every answer file of a workspace year: kind, unit code, text.
fn answer_files(root: &Path, year: i64) -> Vec<(&'static str, String, String)> {
    let mut files = Vec::new();
    for kind in ["self", "appraisal"] {
        let dir = chiso::load::scores_dir(root, year).join(kind);
        for path in chiso::load::list_files(&dir, "toml").unwrap() {
            let unit = path.file_stem().unwrap().to_string_lossy().to_string();
            files.push((kind, unit, std::fs::read_to_string(&path).unwrap()));
        }
    }
    files
}

fn scheme<'w>(ws: &'w Workspace, unit: &str) -> Option<&'w Scheme> {
    ws.unit(unit).and_then(|u| ws.scheme_of(u))
}

#[test]
fn sample_and_fixture_files_read_the_same_and_fast() {
    let mut read_fast = 0;
    for (root, year) in [(SAMPLE, 2024), (SAMPLE, 2025), (FIXTURE, 2024)] {
        let ws = load_workspace(Path::new(root), year).unwrap();
        let files = answer_files(Path::new(root), year);
        assert!(!files.is_empty());
        for (kind, unit, text) in &files {
            same_either_way(kind, text, unit, scheme(&ws, unit));
            read_fast += usize::from(accepts(text));
        }
        // The files people actually write are in the fast reader's subset.
        assert_eq!(read_fast, files.len(), "{root} {year}");
        read_fast = 0;
    }
}

#[test]
fn unit_lists_read_the_same_and_fast() {
    for (root, year) in [
        (SAMPLE, 2023),
        (SAMPLE, 2024),
        (SAMPLE, 2025),
        (FIXTURE, 2024),
    ] {
        let ws = load_workspace(Path::new(root), year).unwrap();
        let path = chiso::load::scores_dir(Path::new(root), year).join("units.toml");
        let text = std::fs::read_to_string(path).unwrap();
        units_same_either_way(&text, &ws);
        assert!(accepts(&text), "{root} {year}");
    }
    let ws = load_workspace(Path::new(FIXTURE), 2024).unwrap();
    for text in [
        "[[unit]]\ncode = \"A\"\nname = \"a\"\nblock = \"nope\"\n",
        "[[unit]]\ncode = \"A\"\nblock = \"so\"\nprevious = \"B\"\n",
        "[[unit]]\ncode = \"A\"\nblock = \"so\"\nprevious = [\"A\", 1, \"B\", \"B\"]\n",
        "[[unit]]\ncode = \"A\"\nblock = \"so\"\nprevious = true\nextra = [2]\n",
        "[[unit]]\nname = \"no code\"\n[[unit]]\ncode = \"A B\"\nblock = \"so\"\n",
        "[[unit]]\ncode = \"A\"\nblock = \"so\"\n[[unit]]\ncode = \"A\"\nblock = \"so\"\nparent = \"A\"\n",
        "unit = 1\n",
        "[[unit]]\ncode = 'A'\nblock = 'so'\ncolour = 'x'\nname = ''\n",
    ] {
        units_same_either_way(text, &ws);
    }
}

/// Each construct the fast reader accepts (see `src/load/fast.rs`), in files
/// it reads itself, gives what the general reader gives: the sample files
/// use only some of them.
#[test]
fn every_accepted_construct_reads_the_same() {
    let ws = load_workspace(Path::new(FIXTURE), 2024).unwrap();
    let a = scheme(&ws, "A");
    let own = [
        // Comments after a value, after a header and inside an array.
        "unit = \"A\" # mã đơn vị\n[c.\"1.1\"] # tiêu chí\npoints = 1.5 # điểm\nevidence = [ # văn bản\n  \"QĐ 1\", # thứ nhất\n  # giữa\n  \"QĐ 2\",\n]\n",
        // Quoted keys on key lines and in inline tables; a literal header part.
        "\"unit\" = \"A\"\n[c.'1.2']\n'yes' = true\n[c.\"1.4\"]\nfacts = { \"tre_han\" = 1, 'da_giai_quyet' = 63 }\n",
        // A bare second header part (no such criterion), and a literal string value.
        "unit = 'A'\n[c.x]\nyes = true\n[c.\"1.3\"]\nchoice = 'Trễ hạn'\n",
        // Negative numbers, in a value and in facts.
        "unit = \"A\"\n[c.\"1.1\"]\npoints = -1\n[c.\"1.4\"]\nfacts = { tre_han = -2, da_giai_quyet = -0.5 }\n",
        // Empty arrays, tables and strings.
        "unit = \"A\"\n[c.\"1.1\"]\npoints = 0\nevidence = []\nnote = \"\"\n[c.\"1.4\"]\nfacts = {}\n",
        // Dates, strings and booleans where facts should be numbers.
        "unit = \"A\"\n[c.\"1.4\"]\nfacts = { tre_han = 2024-01-15, da_giai_quyet = \"63\" }\n[c.\"1.5\"]\nfacts = { hai_long = true }\n",
        // Line breaks written as CRLF, and tabs around keys and values.
        "unit = \"A\"\r\nsubmitted = 2025-01-15\r\n\r\n[c.\"1.2\"]\r\n\tyes\t=\ttrue\t\r\nevidence = [\r\n\t\"QĐ 3\",\r\n]\r\n",
    ];
    for text in own {
        assert!(accepts(text), "{text}");
        same_either_way("self", text, "A", a);
    }
    let appraisals = [
        "unit = \"A\" # đơn vị\n\n[[adjust]] # vòng 1\ncode = '1.4'\nround = 1\nfacts = { \"tre_han\" = 3 } # theo phần mềm\nreason = \"\"\n",
        "unit = \"A\"\r\n[[adjust]]\r\n\tcode = \"1.1\"\r\nround = 2\r\npoints = -0.25\r\nreason = 'Giải trình'\r\n",
    ];
    for text in appraisals {
        assert!(accepts(text), "{text}");
        same_either_way("appraisal", text, "A", a);
    }
}

/// Tables with many keys are left to the general reader, which looks keys up
/// in constant time (the fast reader's one-by-one look-ups were quadratic in a
/// crafted file's size); the result is the same either way.
#[test]
fn tables_with_many_keys_are_left_to_the_general_reader() {
    let ws = load_workspace(Path::new(FIXTURE), 2024).unwrap();
    let keys = |n: usize, line: fn(usize) -> String| -> String {
        format!("unit = \"A\"\n{}", (0..n).map(line).collect::<String>())
    };
    let root_keys: fn(usize) -> String = |i| format!("k{i} = 1\n");
    let parents: fn(usize) -> String = |i| format!("[p{i}.a]\n");
    let arrays: fn(usize) -> String = |i| format!("[[a{i}]]\n");
    for line in [root_keys, parents, arrays] {
        assert!(accepts(&keys(60, line)));
        let many = keys(70, line);
        assert!(!accepts(&many), "{many}");
        same_either_way("self", &many, "A", scheme(&ws, "A"));
    }
    let facts: Vec<String> = (0..70).map(|i| format!("f{i} = 1")).collect();
    let many_facts = format!(
        "unit = \"A\"\n[c.\"1.4\"]\nfacts = {{ {} }}\n",
        facts.join(", ")
    );
    assert!(!accepts(&many_facts), "{many_facts}");
    same_either_way("self", &many_facts, "A", scheme(&ws, "A"));
    // Headers add entries without that bound: a national list, a long self-assessment.
    let headers: String = (0..200)
        .map(|i| format!("[c.\"9.{i}\"]\nyes = true\n"))
        .collect();
    assert!(accepts(&format!("unit = \"A\"\n{headers}")));
}

#[test]
fn fast_reader_gives_way_on_what_it_does_not_know() {
    for text in [
        "unit = \"A\"\nnote = \"\"\"multi\nline\"\"\"\n",
        "unit = \"A\"\n[c.\"1.1\"]\nnote = \"tab\\tescape\"\n",
        "unit = \"A\"\nc.\"1.1\".points = 1\n",
        "unit = \"A\"\n[c.\"1.1\"]\npoints = 1_0\n",
        "unit = \"A\"\n[c.\"1.1\"]\npoints = 1e1\n",
        "unit = \"A\"\nsubmitted = 2025-01-15T10:00:00\n",
        "unit = \"A\"\n[c.\"1.1\"]\npoints = 1\n[c.\"1.1\"]\npoints = 2\n",
        "unit = \"A\"\nunit = \"B\"\n",
        "unit = \"A\"\n[c]\n",
        "unit = \"A\"\n[c.\"1.1\"]\nfacts = { a = 1, }\n",
        "unit = \"A\"\n[c.\"1.1\"]\nevidence = [[\"nested\"]]\n",
        "unit = \"A\"\r[c.\"1.1\"]\n",
    ] {
        assert!(!accepts(text), "{text}");
    }
    let arena = bumpalo::Bump::new();
    let doc = fast::parse("unit = 'A' # x\n\n[c.\"1.1\"]\nfacts = { a = -1.5, \"b\" = 0 }\nevidence = [\n  \"x\", # y\n  'z',\n]\n[[adjust]]\nyes = true\n", &arena).unwrap();
    assert_eq!(
        doc.entries.iter().map(|e| e.key).collect::<Vec<_>>(),
        ["unit", "c", "adjust"]
    );
}

/// Brackets in a comment (an upper bound on headers, used to size the first
/// table headers make) cost memory once, not once for every table or array a
/// file's headers make: that was quadratic in a crafted file's size.
#[test]
fn brackets_in_a_comment_cost_memory_once() {
    let padding = format!("#{}\n", "[".repeat(5_000));
    let arrays: String = (0..60).map(|i| format!("[[a{i}]]\n")).collect();
    let parents: String = (0..60).map(|i| format!("[p{i}.x]\n")).collect();
    let used = |text: &str| {
        let arena = bumpalo::Bump::new();
        assert!(fast::parse(text, &arena).is_some());
        arena.allocated_bytes()
    };
    for body in [arrays, parents] {
        let plain = used(&format!("unit = \"A\"\n{body}"));
        let padded = used(&format!("unit = \"A\"\n{padding}{body}"));
        // The first table's room (an entry, under 128 bytes, per bracket) in
        // arena chunks that grow by doubling: a few hundred bytes per bracket.
        // Room in each of the 60 tables would be over 5,000.
        assert!(
            padded < plain + 1024 * padding.len(),
            "{padded} bytes with the comment, {plain} without"
        );
    }
}

/// Whether the fast reader reads `text` (rather than leave it to the general reader).
fn accepts(text: &str) -> bool {
    fast::with_arena(|arena| fast::parse(text, arena).is_some())
}

/// The sample files with the most varied content, and the fixture's.
fn seeds() -> Vec<(&'static str, String, String, Arc<Workspace>)> {
    let sample = Arc::new(load_workspace(Path::new(SAMPLE), 2024).unwrap());
    let fixture = Arc::new(load_workspace(Path::new(FIXTURE), 2024).unwrap());
    let mut seeds = Vec::new();
    for (root, ws) in [(SAMPLE, &sample), (FIXTURE, &fixture)] {
        for (kind, unit, text) in answer_files(Path::new(root), 2024).into_iter().take(12) {
            seeds.push((kind, unit, text, Arc::clone(ws)));
        }
    }
    seeds
}

/// Characters that matter to TOML and to the answer rules.
const PIECES: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    ".",
    "#",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\\",
    "-",
    "+",
    "_",
    "0",
    "1",
    "0.3",
    "1e2",
    "true",
    "false",
    "2025-01-15",
    "x",
    "c",
    "ế",
    "points",
    "yes",
    "choice",
    "facts",
    "na",
    "evidence",
    "note",
    "code",
    "round",
    "reason",
    "accept",
    "adjust",
    "unit",
    "[[unit]]",
    "previous",
    "block",
    "parent",
    "\"1.1.1\"",
    "\u{0}",
    "\u{7f}",
];

fn mutate(text: &str, ops: &[(u8, usize, usize, usize)]) -> String {
    let mut s = text.to_string();
    for &(op, at, len, piece) in ops {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + len % 12).min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        match op % 4 {
            0 => s.insert_str(at, PIECES[piece % PIECES.len()]),
            1 => s.replace_range(at..end, ""),
            2 => s.replace_range(at..end, PIECES[piece % PIECES.len()]),
            _ => {
                // Repeat a whole line (duplicate keys and tables).
                let start = s[..at].rfind('\n').map_or(0, |i| i + 1);
                let stop = s[at..].find('\n').map_or(s.len(), |i| at + i + 1);
                let line = s[start..stop].to_string();
                s.insert_str(stop, &line);
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_read_the_same(
        seed in any::<prop::sample::Index>(),
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..4),
    ) {
        thread_local! {
            static SEEDS: Vec<(&'static str, String, String, Arc<Workspace>)> = seeds();
        }
        SEEDS.with(|seeds| {
            let (kind, unit, text, ws) = &seeds[seed.index(seeds.len())];
            let damaged = mutate(text, &ops);
            same_either_way(kind, &damaged, unit, scheme(ws, unit));
        });
    }

    #[test]
    fn damaged_unit_lists_read_the_same(
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..4),
    ) {
        thread_local! {
            static LIST: (String, Workspace) = {
                let ws = load_workspace(Path::new(SAMPLE), 2025).unwrap();
                let path = chiso::load::scores_dir(Path::new(SAMPLE), 2025).join("units.toml");
                (std::fs::read_to_string(path).unwrap(), ws)
            };
        }
        LIST.with(|(text, ws)| units_same_either_way(&mutate(text, &ops), ws));
    }
}
