//! The council's letters (`chiso notify`): the formal parts of a Vietnamese
//! administrative letter (Nghị định 30/2020/NĐ-CP) and what `notify --all`
//! says it wrote.

#[allow(unused_imports)]
use super::*;

use crate::season::LocalTime;

/// The parts of a letter that are not its table, and the placeholders of
/// what the regulation's `[letter]` does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterText {
    /// `Số: …/TB-HĐTĐ`: the number is given when the letter is registered.
    Number { symbol: Option<String> },
    /// `Khánh Hòa, ngày 19 tháng 12 năm 2025` (địa danh, ngày tháng năm).
    PlaceDate {
        place: Option<String>,
        date: Option<LocalTime>,
    },
    /// The explanation deadline of round `round` (from the season's schedule).
    Deadline {
        round: u32,
        opens: LocalTime,
        closes: LocalTime,
        extended: bool,
    },
    /// The title of the final results' table of a round-2 letter.
    FinalList {
        round: u32,
        block: String,
        group: Option<String>,
    },
    /// `Nơi nhận:`
    Recipients,
    /// The unit the letter is addressed to (`Như trên`).
    AsAbove,
    /// The recipient every letter has when `[letter]` names none: the archive.
    Archive,
    /// The signature block when `[letter]` gives no `signer`.
    DefaultSigner,
    /// Under the signer's title: where to sign.
    SignHere,
    /// The signer's name, written by hand.
    NamePlaceholder,
    /// `notify --all`: `count` letters of round `round` written into `folder`.
    AllWritten {
        count: usize,
        round: u32,
        folder: String,
    },
    /// `notify --all -o FILE` where FILE is a file.
    OutputNotFolder(String),
    /// `notify` with neither a unit nor `--all`.
    UnitOrAll,
}

/// `ngày 08 tháng 01 năm 2026`: a day below 10 and the months January and
/// February are written with a leading zero (Nghị định 30/2020/NĐ-CP).
fn date_vi(t: LocalTime) -> String {
    let d = t.civil();
    let month = match d.month() {
        m @ 1..=2 => format!("{m:02}"),
        m => m.to_string(),
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

impl LetterText {
    pub fn text(&self, lang: Lang) -> String {
        use LetterText::*;
        match self {
            Number { symbol } => {
                let symbol = symbol.as_deref().unwrap_or("TB-HĐTĐ");
                tr!(lang, format!("Số: …/{symbol}"), format!("No.: …/{symbol}"))
            }
            PlaceDate { place, date } => {
                let place = place.as_deref().unwrap_or("……");
                match date {
                    Some(t) => tr!(
                        lang,
                        format!("{place}, {}", date_vi(*t)),
                        format!("{place}, {}", t.civil().strftime("%-d %B %Y")),
                    ),
                    None => tr!(
                        lang,
                        format!("{place}, ngày …… tháng …… năm ……"),
                        format!("{place}, date: ……"),
                    ),
                }
            }
            Deadline {
                round,
                opens,
                closes,
                extended,
            } => {
                let at = |t: &LocalTime| {
                    (
                        t.civil().strftime("%H:%M ngày %d/%m/%Y").to_string(),
                        t.civil().strftime("%H:%M on %d/%m/%Y").to_string(),
                    )
                };
                let ((ov, oe), (cv, ce)) = (at(opens), at(closes));
                let (xv, xe) = if *extended {
                    (" (đã gia hạn cho đơn vị)", " (extended for the unit)")
                } else {
                    ("", "")
                };
                tr!(
                    lang,
                    format!("Thời hạn giải trình kết quả thẩm định vòng {round}: từ {ov} đến trước {cv}{xv}, theo lịch đánh giá."),
                    format!("Deadline for explanations on the round {round} appraisal: from {oe} until before {ce}{xe} (Vietnam time), as the season's schedule sets."),
                )
            }
            FinalList {
                round,
                block,
                group,
            } => {
                let (gv, ge) = match group {
                    Some(g) => (format!(" — xếp hạng tại {g}"), format!(" — ranked by {g}")),
                    None => (String::new(), String::new()),
                };
                tr!(
                    lang,
                    format!("Kết quả thẩm định cuối cùng (sau vòng {round}) của {block}{gv}"),
                    format!("Final appraisal results (after round {round}) of {block}{ge}"),
                )
            }
            Recipients => tr!(lang, "Nơi nhận:".into(), "Recipients:".into()),
            AsAbove => tr!(lang, "Như trên".into(), "As above".into()),
            Archive => tr!(lang, "Lưu: VT".into(), "Archived: VT".into()),
            DefaultSigner => tr!(
                lang,
                "TM. HỘI ĐỒNG THẨM ĐỊNH\nCHỦ TỊCH".into(),
                "ON BEHALF OF THE APPRAISAL COUNCIL\nCHAIR".into(),
            ),
            SignHere => tr!(
                lang,
                "(Ký, ghi rõ họ tên và đóng dấu)".into(),
                "(Signature, full name and seal)".into(),
            ),
            NamePlaceholder => "……………………".into(),
            AllWritten {
                count,
                round,
                folder,
            } => tr!(
                lang,
                format!("đã ghi {count} thông báo kết quả thẩm định vòng {round} vào thư mục {folder}"),
                format!("wrote {} of round {round} into the folder {folder}", plural(*count, "letter", "letters")),
            ),
            OutputNotFolder(f) => tr!(
                lang,
                format!("{f} là một tệp; với --all, -o là thư mục nhận các thông báo (mỗi đơn vị một tệp)"),
                format!("{f} is a file; with --all, -o is the folder the letters go to (one file per unit)"),
            ),
            UnitOrAll => tr!(
                lang,
                "hãy cho mã đơn vị (chiso notify 2025 STP), hoặc --all -o THƯ_MỤC để ghi thông báo của mọi đơn vị".into(),
                "give a unit's code (chiso notify 2025 STP), or --all -o FOLDER for every unit's letter".into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> LocalTime {
        LocalTime::parse(text).unwrap()
    }

    #[test]
    fn days_below_10_and_january_february_take_a_leading_zero() {
        assert_eq!(date_vi(at("2026-01-08T08:00")), "ngày 08 tháng 01 năm 2026");
        assert_eq!(date_vi(at("2026-02-06T17:00")), "ngày 06 tháng 02 năm 2026");
        assert_eq!(date_vi(at("2018-06-08T08:00")), "ngày 08 tháng 6 năm 2018");
        assert_eq!(date_vi(at("2025-12-19T17:00")), "ngày 19 tháng 12 năm 2025");
    }
}
