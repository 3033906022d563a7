//! The docs are the contract, so they are run: every `chiso …` line of the
//! shell blocks of README.md and docs/*.md runs on the sample workspace, and
//! where a doc shows what a command prints, the program prints exactly that.
//!
//! The convention (also stated in docs/commands.md): a ```` ```text ```` block
//! that follows a ```` ```sh ```` block (only blank lines between) is the output
//! of the last command of that block, standard error and standard output
//! together as a terminal shows them. In it, a line that is only `…` stands for
//! any number of lines, and a line ending in `…` for any line that begins with
//! what precedes the `…`. Other blocks (plain ```` ``` ````) are illustrations
//! that no command of the doc prints at that point (for instance an error made
//! on purpose in a copy of the sample) and are not compared.

use crate::common;

use std::io::{Read, Seek};
use std::path::Path;

/// A command shown in a doc, and the output shown right after it, if any.
struct Example {
    command: String,
    /// The doc's line of the command (1-based), for the failure message.
    line: usize,
    shown: Option<String>,
}

/// The `chiso …` lines of the shell blocks of a Markdown file (comments and a
/// trailing `> file` redirection removed), each with the ```text block that
/// follows its shell block when it is the block's last command.
fn examples(markdown: &str) -> Vec<Example> {
    enum State {
        Prose,
        Shell,
        /// Just after a shell block: a text block here is its output.
        AfterShell,
        Shown(String),
        Other,
    }
    let mut examples: Vec<Example> = Vec::new();
    let mut state = State::Prose;
    for (n, line) in markdown.lines().enumerate() {
        let trimmed = line.trim();
        let fence = trimmed.strip_prefix("```");
        state = match (state, fence) {
            (State::Shell, Some(_)) => State::AfterShell,
            (State::Shell, None) => {
                if trimmed.starts_with("chiso ") {
                    let command = trimmed.split(" #").next().unwrap_or(trimmed);
                    let command = command.split(" > ").next().unwrap_or(command);
                    examples.push(Example {
                        command: command.trim().to_string(),
                        line: n + 1,
                        shown: None,
                    });
                }
                State::Shell
            }
            (State::AfterShell, Some("text")) => State::Shown(String::new()),
            (State::AfterShell, None) if trimmed.is_empty() => State::AfterShell,
            (State::Shown(text), Some(_)) => {
                if let Some(last) = examples.last_mut() {
                    last.shown = Some(text);
                }
                State::Prose
            }
            (State::Shown(mut text), None) => {
                text.push_str(line);
                text.push('\n');
                State::Shown(text)
            }
            (State::Other, Some(_)) => State::Prose,
            (State::Other, None) => State::Other,
            (_, Some("sh")) => State::Shell,
            (_, Some(_)) => State::Other,
            (_, None) => State::Prose,
        };
    }
    examples
}

/// Times change from run to run: an ISO time (`2026-11-22T08:05:36Z`) or a
/// time shown to people (`22/11/2026 15:05`) becomes `<time>`.
fn without_times(text: &str) -> String {
    let shapes = ["dddd-dd-ddTdd:dd:ddZ", "dd/dd/dddd dd:dd"];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    'outer: while i < chars.len() {
        for shape in shapes {
            let len = shape.len();
            if i + len <= chars.len()
                && shape.chars().zip(&chars[i..i + len]).all(|(s, c)| match s {
                    'd' => c.is_ascii_digit(),
                    s => s == *c,
                })
            {
                out.push_str("<time>");
                i += len;
                continue 'outer;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether `actual` is what `shown` shows (see the module's comment): `Err`
/// names the first shown line that is not there.
fn compare(shown: &str, actual: &str) -> Result<(), String> {
    let line_matches = |s: &str, a: &str| match s.strip_suffix('…') {
        Some(prefix) if !prefix.is_empty() => a.starts_with(prefix),
        _ => s == a,
    };
    // Trailing blank lines (a table's separator) are not shown.
    let shown = without_times(shown.trim_end());
    let actual = without_times(actual.trim_end());
    let shown: Vec<&str> = shown.lines().map(str::trim_end).collect();
    let actual: Vec<&str> = actual.lines().map(str::trim_end).collect();
    // Runs of lines between the `…` gaps, each found after the previous one.
    let runs: Vec<&[&str]> = shown.split(|l| *l == "…").collect();
    let mut at = 0;
    for (i, run) in runs.iter().enumerate() {
        let (first, last) = (i == 0, i == runs.len() - 1);
        let fits = |start: usize| {
            start + run.len() <= actual.len()
                && run
                    .iter()
                    .zip(&actual[start..])
                    .all(|(s, a)| line_matches(s, a))
        };
        let found = if first {
            fits(0).then_some(0)
        } else if last {
            actual
                .len()
                .checked_sub(run.len())
                .filter(|&s| s >= at && fits(s))
        } else {
            (at..=actual.len()).find(|&s| fits(s))
        };
        match found {
            Some(start) => at = start + run.len(),
            None => {
                return Err(format!(
                    "these shown lines are not in the output{}:\n{}",
                    if first {
                        " (at its start)"
                    } else if last {
                        " (at its end)"
                    } else {
                        ""
                    },
                    run.join("\n")
                ));
            }
        }
        if first && last && at != actual.len() {
            return Err("the output has more lines than shown (end with `…`?)".into());
        }
    }
    Ok(())
}

#[test]
fn comparing_shown_output() {
    let actual = "a\nb\nc\nd\ne\n";
    assert!(compare("a\nb\nc\nd\ne\n", actual).is_ok());
    assert!(compare("a\n…\ne\n", actual).is_ok());
    assert!(compare("a\n…\nc\n…\ne\n", actual).is_ok());
    assert!(compare("…\nd\ne\n", actual).is_ok());
    assert!(compare("a\nb\n", actual).is_err(), "the end is not elided");
    assert!(compare("a\n…\nx\n…\ne\n", actual).is_err());
    assert!(compare("a\n…\nd\nc\n…\n", actual).is_err(), "order counts");
    assert!(
        compare("b\n…\n", actual).is_err(),
        "the start is not elided"
    );
    assert!(compare("abc…\n", "abcdef\n").is_ok());
    assert!(compare("abd…\n", "abcdef\n").is_err());
    assert!(
        compare(
            "khóa lúc 2026-11-22T08:05:36Z\n",
            "khóa lúc 2027-01-02T00:00:00Z\n"
        )
        .is_ok()
    );
    assert!(compare("lúc 22/11/2026 15:05\n", "lúc 02/01/2027 07:00\n").is_ok());
}

#[test]
fn shown_outputs_are_read_from_text_blocks_after_shell_blocks() {
    let doc = "```sh\nchiso a\nchiso b   # note\n```\n\n```text\nout\n…\n```\n\
               ```sh\nchiso c\n```\nprose\n```text\nnot c's\n```\n```\nchiso d\n```\n";
    let found = examples(doc);
    let seen: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|e| (e.command.as_str(), e.shown.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("chiso a", None),
            ("chiso b", Some("out\n…\n")),
            ("chiso c", None)
        ]
    );
    assert_eq!(found[1].line, 3);
}

/// Runs `command` (without a shell) in `dir`: exit code and what a terminal
/// shows, standard error and standard output interleaved as written.
fn run(dir: &Path, command: &str) -> (Option<i32>, String) {
    let mut log = tempfile::tempfile().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
        .current_dir(dir)
        .args(command.split_whitespace().skip(1))
        .stdout(log.try_clone().unwrap())
        .stderr(log.try_clone().unwrap())
        .status()
        .unwrap();
    log.rewind().unwrap();
    let mut bytes = Vec::new();
    log.read_to_end(&mut bytes).unwrap();
    (status.code(), String::from_utf8_lossy(&bytes).into_owned())
}

/// Every command shown in README.md and docs/*.md runs on the sample workspace
/// (with the example files of docs/examples/ beside it), in the order a reader
/// meets them: none is a usage error (exit 2) or panics, and every output a
/// doc shows is the program's.
#[test]
fn every_documented_command_runs_on_the_sample_and_prints_what_is_shown() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![repo.join("README.md")];
    let mut in_docs: Vec<_> = std::fs::read_dir(repo.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    in_docs.sort();
    docs.extend(in_docs);
    // Commands a guide shows at a moment the sample is past: the file is moved
    // aside while the command runs, as it was before the guide's step.
    let before = [(
        "chiso template 2025 STP -o scores/2025/self/STP.toml",
        "scores/2025/self/STP.toml",
    )];
    let (mut ran, mut compared) = (0, 0);
    let mut wrong = Vec::new();
    for doc in &docs {
        let name = doc.strip_prefix(repo).unwrap().display().to_string();
        let examples = examples(&std::fs::read_to_string(doc).unwrap());
        let ws = common::sample();
        // `~/…` (the administrator's signing key) stands for a folder outside
        // the workspace: commands are run without a shell.
        let home = tempfile::tempdir().unwrap();
        for example in std::fs::read_dir(repo.join("docs/examples")).unwrap() {
            let example = example.unwrap().path();
            std::fs::copy(&example, ws.path().join(example.file_name().unwrap())).unwrap();
        }
        for example in examples {
            let command = example
                .command
                .replace("~/", &format!("{}/", home.path().display()));
            let aside = before
                .iter()
                .find(|(c, _)| *c == command)
                .map(|(_, f)| ws.path().join(f));
            if let Some(file) = &aside {
                std::fs::rename(file, file.with_extension("aside")).unwrap();
            }
            let (code, output) = run(ws.path(), &command);
            if let Some(file) = &aside {
                std::fs::rename(file.with_extension("aside"), file).unwrap();
            }
            assert!(
                matches!(code, Some(0 | 1)) && !output.contains("panicked"),
                "{name}:{}: `{}` exited {code:?}:\n{output}",
                example.line,
                example.command,
            );
            ran += 1;
            if let Some(shown) = &example.shown {
                let output = output
                    .replace(&format!("{}/", ws.path().display()), "")
                    .replace(&format!("{}/", home.path().display()), "~/");
                if let Err(e) = compare(shown, &output) {
                    wrong.push(format!(
                        "{name}:{}: `{}`: {e}\n--- the program printed:\n{output}",
                        example.line, example.command
                    ));
                }
                compared += 1;
            }
        }
    }
    assert!(ran >= 50, "only {ran} documented commands found");
    assert!(
        wrong.is_empty(),
        "{} of {compared} shown outputs differ:\n\n{}",
        wrong.len(),
        wrong.join("\n\n")
    );
    assert!(compared >= 20, "only {compared} shown outputs compared");
}
