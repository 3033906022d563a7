//! The council's commands: its letters to the units (`notify`, one unit or
//! all of them into a folder) and its worklist (`review`).

use std::path::Path;

use super::print::{self, Context, summarise, then, write};
use super::{Done, NoticeFormat, OutputFormat, ReviewFormat, format_of};
use crate::i18n::LetterText;
use crate::notice::Notice;
use crate::ops::{self, ExitStatus};
use crate::output::Destination;
use crate::report;

fn render(notice: &Notice, format: NoticeFormat, cx: Context) -> String {
    match format {
        NoticeFormat::Md => report::notice::markdown(notice, cx.lang),
        NoticeFormat::Html => report::notice::html(notice, cx.lang),
    }
}

/// The name of a unit's letter in the folder of `notify --all`.
pub fn letter_file_name(unit: &str, year: i64, round: u32, format: NoticeFormat) -> String {
    format!(
        "thong-bao-{unit}-{year}-vong-{round}.{}",
        format.kind().extension()
    )
}

/// `notify`: one unit's letter, or with `all` every published unit's into
/// the folder `output`.
pub fn notify(
    cx: Context,
    year: i64,
    unit: Option<&str>,
    all: bool,
    round: u32,
    format: Option<NoticeFormat>,
    output: Option<&Path>,
) -> Done {
    let (unit, folder) = match (unit, all, output) {
        (_, true, Some(folder)) => return notify_all(cx, year, round, format, folder),
        (Some(unit), false, _) => (unit, output),
        _ => {
            print::error_line(&LetterText::UnitOrAll.text(cx.lang), cx.lang);
            return Ok(ExitStatus::Error);
        }
    };
    let format = format_of(format, folder)?;
    let noticed = ops::notify(cx.root, year, unit, round)?;
    let status = summarise(&noticed.diagnostics, year, cx.lang);
    let text = render(&noticed.notice, format, cx);
    Ok(then(write(cx, folder, &text), status))
}

/// `notify --all -o FOLDER`: one file per unit, each written atomically,
/// then one line saying how many.
fn notify_all(
    cx: Context,
    year: i64,
    round: u32,
    format: Option<NoticeFormat>,
    folder: &Path,
) -> Done {
    // The folder's name says nothing of the letters' format.
    let format = format.unwrap_or(NoticeFormat::DEFAULT);
    if folder.exists() && !folder.is_dir() {
        let text = LetterText::OutputNotFolder(folder.display().to_string()).text(cx.lang);
        print::error_line(&text, cx.lang);
        return Ok(ExitStatus::Error);
    }
    let done = ops::notify_all(cx.root, year, round)?;
    let status = summarise(&done.diagnostics, year, cx.lang);
    for notice in &done.notices {
        let path = folder.join(letter_file_name(&notice.unit, year, round, format));
        let text = render(notice, format, cx);
        let to = Destination::report(Some(&path), cx.root);
        if let Err(failed) = print::write_quietly(cx, to, |out| out.write_all(text.as_bytes())) {
            return Ok(failed);
        }
    }
    let written = LetterText::AllWritten {
        count: done.notices.len(),
        round,
        folder: folder.display().to_string(),
    };
    eprintln!("{}", written.text(cx.lang));
    Ok(status)
}

pub fn review(
    cx: Context,
    year: i64,
    filter: ops::ReviewFilter,
    format: Option<ReviewFormat>,
    output: Option<&Path>,
) -> Done {
    let format = format_of(format, output)?;
    let (worklist, diagnostics) = ops::review(cx.root, year, filter)?;
    let status = summarise(&diagnostics, year, cx.lang);
    let text = match format {
        ReviewFormat::Table => report::review::table(&worklist, cx.lang),
        ReviewFormat::Md => report::review::markdown(&worklist, cx.lang),
        ReviewFormat::Json => report::review::json(&worklist, cx.lang),
    };
    Ok(then(write(cx, output, &text), status))
}
