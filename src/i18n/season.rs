//! The season's schedule and the phases of a unit.

#[allow(unused_imports)]
use super::*;

/// The season's schedule (`scores/<year>/workflow.toml`) and the phases of a unit.
#[derive(Debug, Clone, PartialEq)]
pub enum SeasonMsg {
    SelfAssessmentHint,
    NotLocalTime {
        key: String,
        written: String,
    },
    /// The local time to write instead, when one can be told.
    LocalTimeHint(Option<String>),
    OutsideSeason {
        at: String,
        year: i64,
    },
    OutOfOrder {
        moment: crate::season::Moment,
        at: String,
        after: crate::season::Moment,
        after_at: String,
    },
    OrderHint,
    ReasonHint,
    UnknownUnit {
        unit: String,
        year: i64,
    },
    NoExplanationWindow(u32),
    DuplicateExtension {
        unit: String,
        line: usize,
    },
    NotLater {
        unit: String,
        closes: String,
        normal: String,
    },
    /// Where a unit stands now, with the deadline (`chiso show`).
    Phase(crate::season::Phase),
}

fn moment_name(m: crate::season::Moment, lang: Lang) -> String {
    use crate::season::Moment::*;
    match m {
        SelfOpens => tr!(
            lang,
            "thời điểm mở tự đánh giá (opens)".into(),
            "the self-assessment's opening (opens)".into(),
        ),
        SelfCloses => tr!(
            lang,
            "hạn tự đánh giá (closes)".into(),
            "the self-assessment's close (closes)".into(),
        ),
        Results(n) => tr!(
            lang,
            format!("thời điểm gửi kết quả thẩm định vòng {n} (results)"),
            format!("the release of round {n}'s results (results)"),
        ),
        ExplanationOpens(n) => tr!(
            lang,
            format!("thời điểm mở giải trình vòng {n} (explanation_opens)"),
            format!("the opening of round {n}'s explanation window (explanation_opens)"),
        ),
        ExplanationCloses(n) => tr!(
            lang,
            format!("hạn giải trình vòng {n} (explanation_closes)"),
            format!("the close of round {n}'s explanation window (explanation_closes)"),
        ),
        Publication => tr!(
            lang,
            "thời điểm công bố kết quả (publication)".into(),
            "the publication of the results (publication)".into(),
        ),
    }
}

impl SeasonMsg {
    pub fn text(&self, lang: Lang) -> String {
        use SeasonMsg::*;
        match self {
            SelfAssessmentHint => tr!(
                lang,
                "khai báo thời gian tự đánh giá: [self_assessment] với opens = 2025-10-15T07:30 và closes = 2025-11-14T17:00".into(),
                "declare the self-assessment's window: [self_assessment] with opens = 2025-10-15T07:30 and closes = 2025-11-14T17:00".into(),
            ),
            NotLocalTime { key, written } => tr!(
                lang,
                format!("`{key}` phải là ngày giờ Việt Nam dạng 2025-11-14T17:00, không phải `{written}`"),
                format!("`{key}` must be a Vietnam date and time like 2025-11-14T17:00, not `{written}`"),
            ),
            LocalTimeHint(Some(t)) => tr!(
                lang,
                format!("viết `{t}` (giờ Việt Nam, không ghi múi giờ, không đặt trong ngoặc kép)"),
                format!("write `{t}` (Vietnam time, without an offset or quotes)"),
            ),
            LocalTimeHint(None) => tr!(
                lang,
                "viết ngày giờ Việt Nam có thật, dạng năm-tháng-ngàyTgiờ:phút, ví dụ 2025-11-14T17:00 (không ghi múi giờ, không đặt trong ngoặc kép)".into(),
                "write a real Vietnam date and time as year-month-dayThour:minute, e.g. 2025-11-14T17:00 (without an offset or quotes)".into(),
            ),
            OutsideSeason { at, year } => tr!(
                lang,
                format!("{at} nằm ngoài mùa đánh giá năm {year} (từ 01/01/{year} đến 31/12/{}); có phải ngày chép từ lịch năm trước?", year + 1),
                format!("{at} is outside the {year} season (01/01/{year} to 31/12/{}); a date copied from last year's schedule?", year + 1),
            ),
            OutOfOrder { moment, at, after, after_at } => tr!(
                lang,
                format!("{} ({at}) phải sau {} ({after_at})", moment_name(*moment, lang), moment_name(*after, lang)),
                format!("{} ({at}) must come after {} ({after_at})", moment_name(*moment, lang), moment_name(*after, lang)),
            ),
            OrderHint => tr!(
                lang,
                "thứ tự của mùa đánh giá: mở tự đánh giá < hạn tự đánh giá ≤ kết quả vòng 1 ≤ mở giải trình < hạn giải trình ≤ kết quả vòng 2 … ≤ công bố".into(),
                "the season's order: self-assessment opens < closes ≤ round 1 results ≤ explanation opens < closes ≤ round 2 results … ≤ publication".into(),
            ),
            ReasonHint => tr!(
                lang,
                "ghi lý do và văn bản cho phép gia hạn, ví dụ reason = \"Công văn số 215/SNV-CCHC ngày 12/11/2025\"".into(),
                "give the reason and the document that grants the extension, e.g. reason = \"Công văn số 215/SNV-CCHC ngày 12/11/2025\"".into(),
            ),
            UnknownUnit { unit, year } => tr!(
                lang,
                format!("gia hạn cho đơn vị `{unit}`, không có trong scores/{year}/units.toml"),
                format!("an extension for unit `{unit}`, which is not in scores/{year}/units.toml"),
            ),
            NoExplanationWindow(n) => tr!(
                lang,
                format!("lịch không có thời gian giải trình của vòng {n} để gia hạn (explanation_opens, explanation_closes của [[round]] thứ {n})"),
                format!("the schedule has no explanation window of round {n} to extend (explanation_opens, explanation_closes of [[round]] number {n})"),
            ),
            DuplicateExtension { unit, line } => tr!(
                lang,
                format!("đơn vị {unit} đã được gia hạn thời gian này ở dòng {line}"),
                format!("unit {unit} already has this window extended on line {line}"),
            ),
            NotLater { unit, closes, normal } => tr!(
                lang,
                format!("gia hạn cho {unit} đến {closes} không muộn hơn hạn chung {normal}: không có tác dụng"),
                format!("the extension for {unit} to {closes} is not later than the general close {normal}: it changes nothing"),
            ),
            Phase(p) => {
                use crate::season::Phase::*;
                let extended = |e: bool| match (e, lang) {
                    (false, _) => "",
                    (true, Lang::Vi) => " (đã gia hạn)",
                    (true, Lang::En) => " (extended)",
                };
                let (vi, en) = match *p {
                    NotOpen { opens } => (
                        format!("chưa mở tự đánh giá (mở lúc {})", opens.text()),
                        format!("self-assessment not open yet (opens {})", opens.text()),
                    ),
                    SelfAssessment { closes, extended: e } => (
                        format!("tự đánh giá, hạn {}{}", closes.text(), extended(e)),
                        format!("self-assessment, until {}{}", closes.text(), extended(e)),
                    ),
                    Appraisal { round, results: Some(r) } => (
                        format!("đã hết hạn tự đánh giá; thẩm định vòng {round}, gửi kết quả lúc {}", r.text()),
                        format!("self-assessment closed; round {round} appraisal, results on {}", r.text()),
                    ),
                    Appraisal { round, results: None } => (
                        format!("đã hết hạn tự đánh giá; thẩm định vòng {round}"),
                        format!("self-assessment closed; round {round} appraisal"),
                    ),
                    Results { round } => (
                        format!("đã có kết quả thẩm định vòng {round}"),
                        format!("round {round} results released"),
                    ),
                    Explanation { round, closes, extended: e } => (
                        format!("giải trình kết quả thẩm định vòng {round}, hạn {}{}", closes.text(), extended(e)),
                        format!("explanation of round {round}'s results, until {}{}", closes.text(), extended(e)),
                    ),
                    Published { at } => (
                        format!("đã công bố kết quả ({})", at.text()),
                        format!("results published ({})", at.text()),
                    ),
                };
                tr!(lang, format!("Giai đoạn: {vi}"), format!("Phase: {en}"))
            }
        }
    }
}
