//! Test workspaces: the hand-computed fixture copied into a temporary folder,
//! with files replaced or added per test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chiso::diagnostic::Diagnostic;
use chiso::eval::{self, Options};
use chiso::model::Workspace;
use chiso::results::Results;

/// Runs the chiso binary on a workspace: exit code, stdout, stderr.
pub fn chiso(root: &Path, args: &[&str]) -> (i32, String, String) {
    let mut command = assert_cmd::Command::cargo_bin("chiso").unwrap();
    command.arg("--root").arg(root);
    run(command, args)
}

/// A command's whole outcome as a snapshot records it: the exit status and
/// standard error, then standard output.
pub fn outcome(root: &Path, args: &[&str]) -> String {
    let (code, out, err) = chiso(root, args);
    format!("exit: {code}\n--- stderr\n{err}--- stdout\n{out}")
}

/// Runs chiso in `dir` without `--root` (the workspace is found upwards).
pub fn chiso_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut command = assert_cmd::Command::cargo_bin("chiso").unwrap();
    command.current_dir(dir);
    run(command, args)
}

fn run(mut command: assert_cmd::Command, args: &[&str]) -> (i32, String, String) {
    let out = command.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A scratch copy of the sample workspace (criteria and scores of every year).
pub fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["criteria", "scores"] {
        copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    dir
}

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/basic");

pub struct Ws {
    pub dir: tempfile::TempDir,
}

pub fn copy_dir(from: &Path, to: &Path) {
    chiso::synth::copy_dir(from, to).unwrap();
}

impl Ws {
    /// A copy of the fixture workspace.
    pub fn fixture() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(Path::new(FIXTURE), dir.path());
        Ws { dir }
    }

    /// An empty workspace with the fixture's regulation and the given appendices.
    pub fn empty() -> Ws {
        let ws = Ws::fixture();
        for sub in ["criteria/2024", "scores/2024"] {
            std::fs::remove_dir_all(ws.dir.path().join(sub)).unwrap();
        }
        ws.write(
            "criteria/2024/regulation.toml",
            &std::fs::read_to_string(Path::new(FIXTURE).join("criteria/2024/regulation.toml"))
                .unwrap(),
        )
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(self, rel: &str, content: &str) -> Ws {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn remove(self, rel: &str) -> Ws {
        std::fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Replaces `from` by `to` in a file (which must contain it).
    pub fn edit(self, rel: &str, from: &str, to: &str) -> Ws {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(p, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// The fixture under `evidence_policy = "zero"`, where A claims 1.75 of
    /// 1.1 without evidence, explanation or any decision of the council on it:
    /// nothing but the policy decides 1.1.
    pub fn unproven_claim_under_zero_policy() -> Ws {
        Ws::fixture()
            .edit(
                "criteria/2024/regulation.toml",
                "index_decimals = 2",
                "index_decimals = 2\nevidence_policy = \"zero\"",
            )
            .edit(
                "scores/2024/self/A.toml",
                "explanation = \"Đã bổ sung quyết định\"\n",
                "",
            )
            .edit(
                "scores/2024/appraisal/A.toml",
                "code = \"1.1\"",
                "code = \"1.2\"",
            )
            .edit(
                "scores/2024/appraisal/A.toml",
                "code = \"1.1\"",
                "code = \"1.2\"",
            )
    }

    /// The fixture with unit B's rows removed from the datasets: B's computed
    /// criteria have no official figures.
    pub fn without_data_for_b() -> Ws {
        Ws::fixture()
            .edit("scores/2024/data/dossiers.csv", "B,3,100\n", "")
            .edit("scores/2024/data/survey.csv", "B,0,0\n", "")
    }

    pub fn load(&self) -> Workspace {
        chiso::load::load_workspace(self.root(), 2024).expect("year exists")
    }

    pub fn score(&self) -> (Workspace, Results) {
        let ws = self.load();
        let r = eval::evaluate(&ws, &Options::default()).expect("regulation loads");
        (ws, r)
    }

    /// Every diagnostic of loading and evaluation.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let ws = self.load();
        let mut all = ws.diagnostics.items.clone();
        if let Some(r) = eval::evaluate(&ws, &Options::default()) {
            all.extend(r.units.iter().flat_map(|u| u.diagnostics.iter().cloned()));
        }
        all
    }
}

impl Ws {
    /// The regulation tests of 2024 (`criteria/2024/tests`), loaded.
    pub fn suite(&self) -> chiso::rules::Suite {
        chiso::rules::load_suite(self.root(), 2024).expect("year exists")
    }
}

/// A FIFO at `path` (by the system's `mkfifo`: no unsafe code in the tests).
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

pub fn d(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

/// A one-leaf appendix: `x` reported by the unit, formula `x`, max 100, plus
/// bonus and deduction areas fed by facts.
pub const SIMPLE: &str = r#"
id = "pa"
title = "Một tiêu chí"
total = 100

[c."1"]
title = "Điểm"
max = 100
method = "formula"
inputs = { x = "Điểm" }
formula = "x"

[c."9"]
title = "Thưởng"
kind = "bonus"
max = 2
method = "formula"
inputs = { thuong = "Điểm thưởng" }
formula = "thuong"

[c."10"]
title = "Trừ"
kind = "deduction"
max = 1

[c."10.1"]
title = "Báo cáo trễ"
max = 1
method = "formula"
inputs = { tre = "Số báo cáo trễ" }
formula = "tre * 0.25"

[c."10.2"]
title = "Vi phạm"
max = 1
method = "formula"
inputs = { vi_pham = "Số vi phạm" }
formula = "vi_pham * 0.5"
"#;

pub const ONE_BLOCK: &str = r#"
id = "t"
title = "T"
year = 2024
points_decimals = 3
index_decimals = 2

[[block]]
id = "so"
name = "Khối sở"
appendix = "pa"

[[rating]]
label = "Tốt"
min = 85
[[rating]]
label = "Khá"
min = 70
[[rating]]
label = "Trung bình"
min = 50
[[rating]]
label = "Yếu"
min = 0
"#;

/// A workspace with units `(code, x, bonus, late reports, violations)` on [`SIMPLE`].
pub fn simple(units: &[(&str, &str, &str, &str, &str)]) -> Ws {
    let mut ws = Ws::empty()
        .write("criteria/2024/regulation.toml", ONE_BLOCK)
        .write("criteria/2024/pa.toml", SIMPLE);
    let mut list = String::new();
    for (code, x, bonus, late, violations) in units {
        list +=
            &format!("[[unit]]\ncode = \"{code}\"\nname = \"Đơn vị {code}\"\nblock = \"so\"\n\n");
        ws = ws.write(
            &format!("scores/2024/self/{code}.toml"),
            &format!(
                "unit = \"{code}\"\n[c.\"1\"]\nfacts = {{ x = {x} }}\n[c.\"9\"]\nfacts = {{ thuong = {bonus} }}\n[c.\"10.1\"]\nfacts = {{ tre = {late} }}\n[c.\"10.2\"]\nfacts = {{ vi_pham = {violations} }}\n"
            ),
        );
    }
    ws.write("scores/2024/units.toml", &list)
}

/// Answers a template as an officer would: uncomments the first proposed
/// answer of each leaf (with 1 for the unit's own figures) and leaves facts
/// that come from the official data to the datasets.
pub fn answer_template(template: &str) -> String {
    let mut filled = String::new();
    let mut answered = false;
    for line in template.lines() {
        if line.starts_with("[c.") {
            answered = false;
        }
        let proposal = ["# points = ", "# yes = ", "# choice = ", "# facts = "]
            .iter()
            .any(|p| line.starts_with(p));
        let from_data = line.starts_with("# facts = ") && line.contains("   # ");
        if proposal && !answered && !from_data {
            filled += &line
                .trim_start_matches("# ")
                .replace(" = 0,", " = 1,")
                .replace(" = 0 }", " = 1 }");
            answered = true;
        } else {
            filled += line;
        }
        filled += "\n";
    }
    filled
}
