//! `chiso import`: vendor tables and the self-assessment workbook.

#[allow(unused_imports)]
use super::*;

/// Messages of `chiso import`: diagnostics about the imported table and the
/// sentences of the command (changes, what was written).
#[derive(Debug, Clone, PartialEq)]
pub enum ImportMsg {
    CannotRead {
        file: String,
        error: IoFailure,
    },
    /// A zipped workbook that unpacks beyond the bound.
    UnpacksTooLarge {
        file: String,
        limit_mib: u64,
    },
    NotATable {
        file: String,
        error: String,
    },
    NoHeader,
    NoHeaderHint(Vec<&'static str>),
    MissingColumn {
        fact: &'static str,
        titles: &'static str,
    },
    MissingColumnHint,
    EarlyAndOnTimeHint,
    BadCount {
        cell: String,
        text: String,
    },
    NotWhole {
        cell: String,
        text: String,
    },
    Negative {
        cell: String,
        text: String,
    },
    BadValue {
        cell: String,
        text: String,
    },
    NotAPercentage {
        cell: String,
        text: String,
    },
    NumberHint,
    // Cells and columns that would shift or lose values silently.
    FormulaHint,
    ScientificHint,
    StrayQuote {
        cell: String,
        text: String,
        /// The line of the closing quote; `None`: never closed.
        closed_on: Option<usize>,
        lines: (usize, usize),
    },
    StrayQuoteHint,
    FieldCount {
        cell: String,
        found: usize,
        expected: usize,
    },
    UntitledValue {
        cell: String,
        text: String,
    },
    FieldCountHint,
    AmbiguousColumn {
        fact: &'static str,
        first: String,
        first_title: String,
        second: String,
        second_title: String,
    },
    AmbiguousColumnHint,
    TitlePeriod {
        cell: String,
        text: String,
        period: &'static str,
    },
    TitlePeriodHint(&'static str),
    UnknownUnit {
        cell: String,
        name: String,
    },
    Closest(Vec<String>),
    UnknownUnitHint,
    AmbiguousUnit {
        cell: String,
        name: String,
        candidates: Vec<String>,
    },
    AmbiguousHint,
    DuplicateUnit {
        cell: String,
        unit: String,
        previous: usize,
    },
    ResolvedSplit {
        cell: String,
        resolved: Decimal,
        early: Decimal,
        on_time: Decimal,
        late: Decimal,
    },
    ReceivedSplit {
        cell: String,
        received: Decimal,
        resolved: Decimal,
        pending: Decimal,
    },
    RowSumHint,
    Rate {
        cell: String,
        written: Decimal,
        part: Decimal,
        whole: Decimal,
        expected: Decimal,
    },
    Total {
        cell: String,
        fact: &'static str,
        written: Decimal,
        sum: Decimal,
        rows: usize,
    },
    TotalHint,
    EmptyRow {
        cell: String,
        name: String,
    },
    EmptyRowHint,
    NoUnitRows,
    NoUnitRowsHint,
    // Sentences of the command.
    Unchanged(String),
    ChangesIn(String),
    NewFile {
        file: String,
        units: usize,
    },
    Changed {
        unit: String,
        fact: String,
        old: String,
        new: String,
    },
    Added(String),
    AddedPeriod {
        unit: String,
        period: String,
    },
    Removed(String),
    Kept(Vec<String>),
    BlockedByErrors {
        errors: usize,
        warnings: usize,
    },
    BlockedByWarnings(usize),
    DryRun,
    Imported {
        units: usize,
        warnings: usize,
    },
}

impl ImportMsg {
    pub fn text(&self, lang: Lang) -> String {
        let n = |d: &Decimal| num::fmt(*d, lang);
        use ImportMsg::*;
        match self {
            CannotRead { file, error } => {
                let error = error.text(lang);
                tr!(lang, format!("không mở được tệp {file}: {error}"), format!("cannot open {file}: {error}"))
            }
            UnpacksTooLarge { file, limit_mib } => tr!(
                lang,
                format!("{file} khi giải nén lớn hơn giới hạn {limit_mib} MiB; không đọc tệp này"),
                format!("{file} unpacks to more than the {limit_mib} MiB limit; it is not read"),
            ),
            NotATable { file, error } => tr!(
                lang,
                format!("không đọc được bảng trong {file}: {error}"),
                format!("cannot read a table from {file}: {error}"),
            ),
            NoHeader => tr!(
                lang,
                "không tìm thấy dòng tiêu đề của bảng (cột tên cơ quan, đơn vị)".into(),
                "no header row found (a column of unit names)".into(),
            ),
            NoHeaderHint(titles) => tr!(
                lang,
                format!("bảng cần một dòng tiêu đề có cột {}", titles.join(" / ")),
                format!("the table needs a header row with a column titled {}", titles.join(" / ")),
            ),
            MissingColumn { fact, titles } => tr!(
                lang,
                format!("thiếu cột `{fact}` ({titles})"),
                format!("no column for `{fact}` ({titles})"),
            ),
            MissingColumnHint => tr!(
                lang,
                "xem các tiêu đề cột được nhận biết trong docs/format.md, mục chiso import".into(),
                "see the recognised column titles in docs/format.md, section chiso import".into(),
            ),
            EarlyAndOnTimeHint => tr!(
                lang,
                "cột này gộp hồ sơ sớm hạn và đúng hạn; cần hai cột riêng (xuất lại từ phần mềm một cửa)".into(),
                "this column adds early and on-time dossiers together; two separate columns are needed (export again from the one-stop software)".into(),
            ),
            BadCount { cell, text } => tr!(lang, format!("{cell}: `{text}` không phải là số lượng"), format!("{cell}: `{text}` is not a count")),
            NotWhole { cell, text } => tr!(lang, format!("{cell}: số lượng `{text}` phải là số nguyên"), format!("{cell}: the count `{text}` must be a whole number")),
            Negative { cell, text } => tr!(lang, format!("{cell}: `{text}` không được âm"), format!("{cell}: `{text}` must not be negative")),
            BadValue { cell, text } => tr!(lang, format!("{cell}: `{text}` không phải là số"), format!("{cell}: `{text}` is not a number")),
            NotAPercentage { cell, text } => tr!(
                lang,
                format!("{cell}: `{text}` không phải là tỷ lệ phần trăm (0 đến 100)"),
                format!("{cell}: `{text}` is not a percentage (0 to 100)"),
            ),
            NumberHint => tr!(
                lang,
                "viết số lượng như 5418 hoặc 5.418, tỷ lệ như 95,21% hoặc 0,9521".into(),
                "write counts as 5418 or 5.418, rates as 95,21% or 0,9521".into(),
            ),
            FormulaHint => tr!(
                lang,
                "ô chứa công thức chưa được tính: mở tệp bằng chương trình bảng tính, để nó tính rồi lưu lại (hoặc dán đặc biệt dạng giá trị)".into(),
                "the cell holds a formula that was never calculated: open the file in a spreadsheet program, let it calculate and save it (or paste the values only)".into(),
            ),
            ScientificHint => tr!(
                lang,
                "số viết dạng khoa học (1e20) là do cột quá hẹp hoặc định dạng sai: định dạng cột là số rồi xuất lại".into(),
                "a number in scientific notation (1e20) comes from a narrow or wrongly formatted column: format the column as a number and export again".into(),
            ),
            StrayQuote { cell, text, closed_on, lines: (from, to) } => match closed_on {
                None => tr!(
                    lang,
                    format!("{cell}: dấu `\"` mở ô `{text}` không bao giờ được đóng: các dòng {from}–{to} bị đọc thành một ô"),
                    format!("{cell}: the `\"` opening the cell `{text}` is never closed: lines {from}–{to} are read as one cell"),
                ),
                Some(line) => tr!(
                    lang,
                    format!("{cell}: dấu `\"` mở ô `{text}` chỉ được đóng ở dòng {line}: các dòng {from}–{to} bị đọc thành một ô"),
                    format!("{cell}: the `\"` opening the cell `{text}` closes only on line {line}: lines {from}–{to} are read as one cell"),
                ),
            },
            StrayQuoteHint => tr!(
                lang,
                "thêm dấu `\"` còn thiếu hoặc xóa dấu thừa; dấu `\"` bên trong một ô được viết hai lần (`\"\"`)".into(),
                "add the missing `\"` or remove the stray one; a `\"` inside a cell is written twice (`\"\"`)".into(),
            ),
            FieldCount { cell, found, expected } => tr!(
                lang,
                format!("{cell}: dòng có {found} ô, dòng tiêu đề có {expected}: số liệu sẽ không nằm dưới đúng tiêu đề"),
                format!("{cell}: the row has {found} fields, the header {expected}: its values would not be under their titles"),
            ),
            UntitledValue { cell, text } => tr!(
                lang,
                format!("{cell}: giá trị `{text}` nằm ở cột không có tiêu đề"),
                format!("{cell}: the value `{text}` is in a column without a title"),
            ),
            FieldCountHint => tr!(
                lang,
                "một ô bị thiếu hoặc thừa (thường là dấu phân cách): sửa dòng này hoặc dòng tiêu đề cho cùng số cột".into(),
                "a field is missing or extra (often a separator): correct this row or the header so that they have the same columns".into(),
            ),
            AmbiguousColumn { fact, first, first_title, second, second_title } => tr!(
                lang,
                format!("không phân biệt được cột nào là `{fact}`: {first} (`{first_title}`) hay {second} (`{second_title}`)"),
                format!("cannot tell which column is `{fact}`: {first} (`{first_title}`) or {second} (`{second_title}`)"),
            ),
            AmbiguousColumnHint => tr!(
                lang,
                "sửa tiêu đề của cột không phải là số liệu này, hoặc xóa cột đó trước khi nhập".into(),
                "change the title of the column that is not this figure, or delete that column before importing".into(),
            ),
            TitlePeriod { cell, text, period } => tr!(
                lang,
                format!("{cell}: tiêu đề `{text}` cho biết bảng là số liệu kỳ {period}, không phải cả năm"),
                format!("{cell}: the title `{text}` says the table covers the period {period}, not the year"),
            ),
            TitlePeriodHint(period) => tr!(
                lang,
                format!("nhập với --period {period} (số liệu cả năm được giữ), hoặc --period nam nếu đây đúng là số liệu cả năm"),
                format!("import with --period {period} (the year's figures are kept), or --period nam if these are the year's figures"),
            ),
            UnknownUnit { cell, name } => tr!(
                lang,
                format!("{cell}: không có đơn vị nào tên `{name}` trong units.toml"),
                format!("{cell}: no unit named `{name}` in units.toml"),
            ),
            Closest(list) => tr!(lang, format!("gần nhất: {}", list.join("; ")), format!("closest: {}", list.join("; "))),
            UnknownUnitHint => tr!(
                lang,
                "sửa tên trong tệp, hoặc thêm cột `Mã đơn vị` với mã của đơn vị".into(),
                "correct the name in the file, or add a `Mã đơn vị` column with the unit's code".into(),
            ),
            AmbiguousUnit { cell, name, candidates } => tr!(
                lang,
                format!("{cell}: tên `{name}` khớp với nhiều đơn vị: {}", candidates.join("; ")),
                format!("{cell}: the name `{name}` matches several units: {}", candidates.join("; ")),
            ),
            AmbiguousHint => tr!(
                lang,
                "ghi đầy đủ tên (kèm cấp: huyện, xã, thị trấn...) hoặc dùng cột `Mã đơn vị`".into(),
                "write the full name (with its level: huyện, xã, thị trấn...) or use a `Mã đơn vị` column".into(),
            ),
            DuplicateUnit { cell, unit, previous } => tr!(
                lang,
                format!("{cell}: đơn vị {unit} đã có ở dòng {previous}"),
                format!("{cell}: unit {unit} already appears on row {previous}"),
            ),
            ResolvedSplit { cell, resolved, early, on_time, late } => tr!(
                lang,
                format!(
                    "{cell}: hồ sơ đã giải quyết {} ≠ sớm hạn {} + đúng hạn {} + trễ hạn {} = {}",
                    n(resolved), n(early), n(on_time), n(late), n(&(*early + *on_time + *late))
                ),
                format!(
                    "{cell}: resolved {} ≠ early {} + on time {} + late {} = {}",
                    n(resolved), n(early), n(on_time), n(late), n(&(*early + *on_time + *late))
                ),
            ),
            ReceivedSplit { cell, received, resolved, pending } => tr!(
                lang,
                format!(
                    "{cell}: hồ sơ tiếp nhận {} ≠ đã giải quyết {} + đang giải quyết {} = {}",
                    n(received), n(resolved), n(pending), n(&(*resolved + *pending))
                ),
                format!(
                    "{cell}: received {} ≠ resolved {} + pending {} = {}",
                    n(received), n(resolved), n(pending), n(&(*resolved + *pending))
                ),
            ),
            RowSumHint => tr!(
                lang,
                "đối chiếu dòng này với phần mềm một cửa; số liệu được nhập đúng như trong tệp".into(),
                "check this row against the one-stop software; the numbers are imported as written".into(),
            ),
            Rate { cell, written, part, whole, expected } => tr!(
                lang,
                format!("{cell}: tỷ lệ {}% không khớp với {} / {} = {}%", n(written), n(part), n(whole), n(expected)),
                format!("{cell}: the rate {}% disagrees with {} / {} = {}%", n(written), n(part), n(whole), n(expected)),
            ),
            Total { cell, fact, written, sum, rows } => tr!(
                lang,
                format!("{cell}: dòng tổng ghi `{fact}` = {}, cộng {rows} dòng của nó được {}", n(written), n(sum)),
                format!("{cell}: the total row says `{fact}` = {}, the {rows} rows it sums add up to {}", n(written), n(sum)),
            ),
            TotalHint => tr!(
                lang,
                "một dòng đơn vị hoặc dòng tổng bị sai; dòng tổng không được nhập".into(),
                "a unit row or the total is wrong; total rows are not imported".into(),
            ),
            EmptyRow { cell, name } => tr!(
                lang,
                format!("{cell}: dòng của `{name}` không có số liệu; bỏ qua"),
                format!("{cell}: the row of `{name}` has no numbers; skipped"),
            ),
            EmptyRowHint => tr!(
                lang,
                "đơn vị này sẽ không có số liệu trong tệp dữ liệu".into(),
                "this unit will have no values in the dataset".into(),
            ),
            NoUnitRows => tr!(
                lang,
                "bảng không có dòng nào của đơn vị (chỉ có tiêu đề, nhóm hoặc dòng tổng)".into(),
                "the table has no unit rows (only headings, groups or totals)".into(),
            ),
            NoUnitRowsHint => tr!(
                lang,
                "nhập bảng chi tiết theo từng cơ quan, đơn vị, không phải bảng tổng hợp theo khối".into(),
                "import the table by unit, not a summary by block".into(),
            ),
            Unchanged(f) => tr!(
                lang,
                format!("không có gì thay đổi: {f} đã có đúng các số liệu này; không ghi lại"),
                format!("nothing changed: {f} already holds these values; not rewritten"),
            ),
            ChangesIn(f) => tr!(lang, format!("thay đổi trong {f}:"), format!("changes to {f}:")),
            NewFile { file, units } => tr!(lang, format!("tạo mới {file}: {units} đơn vị"), format!("new file {file}: {units} units")),
            Changed { unit, fact, old, new } => format!("  {unit} {fact}: {old} → {new}"),
            Added(u) => tr!(lang, format!("  + {u} (đơn vị mới)"), format!("  + {u} (new unit)")),
            AddedPeriod { unit, period } => tr!(
                lang,
                format!("  + {unit} [{period}] (dòng mới của kỳ {period}; các dòng khác được giữ)"),
                format!("  + {unit} [{period}] (a new row for the period {period}; other rows are kept)"),
            ),
            Removed(u) => tr!(lang, format!("  - {u} (không có trong tệp nhập: bỏ)"), format!("  - {u} (not in the imported file: removed)")),
            Kept(facts) => tr!(
                lang,
                format!("tệp nhập không có cột {}: giữ nguyên giá trị đang có", facts.join(", ")),
                format!("the imported file has no column {}: existing values kept", facts.join(", ")),
            ),
            BlockedByErrors { errors, warnings } => tr!(
                lang,
                format!("{errors} lỗi, {warnings} cảnh báo; không ghi gì. Sửa tệp nguồn rồi nhập lại"),
                format!("{}, {}; nothing written. Correct the source file and import again", plural(*errors, "error", "errors"), plural(*warnings, "warning", "warnings")),
            ),
            BlockedByWarnings(w) => tr!(
                lang,
                format!(
                    "{w} cảnh báo; chưa ghi. Sửa tệp nguồn rồi nhập lại, hoặc nếu số liệu đúng như tệp gốc, chạy lại với --accept-warnings"
                ),
                format!(
                    "{}; nothing written yet. Correct the source file and import again, or, if the numbers are as the original says, run again with --accept-warnings",
                    plural(*w, "warning", "warnings")
                ),
            ),
            DryRun => tr!(lang, "chạy thử (--dry-run): không ghi".into(), "dry run (--dry-run): nothing written".into()),
            Imported { units, warnings } => tr!(
                lang,
                format!("đã đọc {units} đơn vị, {warnings} cảnh báo"),
                format!("read {}, {}", plural(*units, "unit", "units"), plural(*warnings, "warning", "warnings")),
            ),
        }
    }
}

/// The self-assessment workbook (`chiso template --format xlsx`, `chiso import
/// self`): its words and sheets, and the diagnostics of reading it back.
#[derive(Debug, Clone, PartialEq)]
pub enum WorkbookMsg {
    // The workbook's own words.
    Title {
        year: i64,
        unit: String,
        name: String,
    },
    Submitted,
    SubmittedHint,
    ColCode,
    ColTitle,
    ColMax,
    ColMethod,
    ColAnswer,
    ColNotApplicable,
    ColPoints,
    ColOfficial,
    ColEvidence,
    ColNote,
    ColExplanation,
    ColGuide,
    ColRequired,
    ColReference,
    Yes,
    No,
    /// The answer "not applicable" (`na = true`).
    NotApplicable,
    ComputedOnImport,
    CouncilScores,
    // The appraisal workbook's own words and diagnostics.
    AppraisalTitle {
        year: i64,
        unit: String,
        name: String,
        round: u32,
    },
    ColSelfAnswer,
    ColSelfPoints,
    ColAccept,
    ColAdjusted,
    ColReason,
    ColBy,
    /// `accept = true` and `accept = false`.
    Accept,
    NotAccept,
    NoReason,
    NoReasonHint,
    FactKind(crate::facts::FactKind),
    /// The instruction sheet, one paragraph per line.
    Instructions {
        year: i64,
        unit: String,
    },
    GuideSheet,
    // Diagnostics of reading it back.
    NotAWorkbook {
        file: String,
        error: String,
    },
    MissingSheet(String),
    NotThisForm,
    /// The same form in the layout of another chiso version.
    OlderLayout {
        found: String,
    },
    WrongYear {
        found: String,
        expected: i64,
    },
    WrongUnit {
        found: String,
        expected: String,
    },
    OtherCriteria {
        changed: Vec<String>,
        added: Vec<String>,
        removed: Vec<String>,
    },
    OtherCriteriaHint {
        year: i64,
        unit: String,
    },
    RowMoved {
        expected: String,
        found: String,
    },
    StructureHint {
        year: i64,
        unit: String,
    },
    NotANumber {
        text: String,
    },
    NotACount {
        text: String,
    },
    Negative {
        text: String,
    },
    NumberHint,
    UnknownLabel {
        text: String,
    },
    ValidLabels(Vec<String>),
    ExistingUnreadable {
        file: String,
        error: String,
    },
    // The appraisal workbook's instructions, rounds and the whole year's
    // workbooks.
    AppraisalInstructions {
        year: i64,
        unit: String,
        round: u32,
    },
    /// The hidden sheet's round skips one: the year's last round is `last`.
    RoundSkipped {
        round: u32,
        last: u32,
    },
    /// The season schedule has `rounds` appraisal rounds.
    RoundNotScheduled {
        round: u32,
        rounds: usize,
    },
    RoundHint {
        year: i64,
        unit: String,
    },
    /// `template --all`: `count` workbooks written into `folder`.
    YearWritten {
        count: usize,
        folder: String,
    },
    // Sentences of `import self`.
    Changed {
        code: String,
        before: String,
        after: String,
    },
    NoChange,
    Changes(usize),
    Refused,
}

impl WorkbookMsg {
    pub fn text(&self, lang: Lang) -> String {
        use WorkbookMsg::*;
        let s = |vi: &str, en: &str| tr!(lang, vi.into(), en.into());
        match self {
            Title { year, unit, name } => tr!(
                lang,
                format!("Tự đánh giá, chấm điểm Chỉ số CCHC năm {year} — {name} ({unit})"),
                format!("Self-assessment of the PAR Index {year} — {name} ({unit})"),
            ),
            Submitted => s("Ngày gửi", "Submitted"),
            SubmittedHint => s(
                "← năm-tháng-ngày, ví dụ 2025-01-14",
                "← year-month-day, e.g. 2025-01-14",
            ),
            ColCode => s("Mã", "Code"),
            ColTitle => s("Tiêu chí / số liệu", "Criterion / figure"),
            ColMax => s("Điểm tối đa", "Max"),
            ColMethod => s("Cách chấm", "Method"),
            ColAnswer => s("Trả lời", "Answer"),
            ColNotApplicable => s("Không phát sinh", "Not applicable"),
            ColPoints => s("Điểm", "Points"),
            ColOfficial => s("Số liệu chính thức", "Official figure"),
            ColEvidence => s(
                "Tài liệu kiểm chứng (mỗi dòng một tài liệu)",
                "Evidence (one document per line)",
            ),
            ColNote => s("Ghi chú", "Note"),
            ColExplanation => s("Giải trình", "Explanation"),
            ColGuide => s("Hướng dẫn chấm", "Guidance"),
            ColRequired => s("Tài liệu kiểm chứng yêu cầu", "Required evidence"),
            ColReference => s("Căn cứ", "Legal basis"),
            Yes => s("Có", "Yes"),
            No => s("Không", "No"),
            NotApplicable => s("Không phát sinh", "Not applicable"),
            ComputedOnImport => s("tính khi nhập", "computed on import"),
            CouncilScores => s("Hội đồng thẩm định chấm", "scored by the council"),
            AppraisalTitle {
                year,
                unit,
                name,
                round,
            } => tr!(
                lang,
                format!("Thẩm định Chỉ số CCHC năm {year}, vòng {round} — {name} ({unit})"),
                format!("Appraisal of the PAR Index {year}, round {round} — {name} ({unit})"),
            ),
            ColSelfAnswer => s("Đơn vị tự đánh giá", "Unit's answer"),
            ColSelfPoints => s("Điểm tự chấm", "Self points"),
            ColAccept => s("Chấp nhận", "Accept"),
            ColAdjusted => s("Hội đồng chấm", "Council's answer"),
            ColReason => s("Lý do (bắt buộc)", "Reason (required)"),
            ColBy => s("Tổ thẩm định", "Working group"),
            Accept => s("chấp nhận", "accept"),
            NotAccept => s("không chấp nhận", "do not accept"),
            NoReason => s(
                "điều chỉnh không có lý do",
                "an adjustment without a reason",
            ),
            NoReasonHint => s(
                "ghi lý do điều chỉnh vào cột Lý do, hoặc xoá điều chỉnh",
                "write the adjustment's reason in the Reason column, or clear the adjustment",
            ),
            FactKind(k) => match k {
                crate::facts::FactKind::Count => {
                    s("số nguyên, không âm", "whole number, not negative")
                }
                crate::facts::FactKind::Percent => {
                    s("tỷ lệ %, từ 0 đến 100", "percentage, 0 to 100")
                }
                crate::facts::FactKind::Number => s("số", "number"),
            },
            Instructions { year, unit } => tr!(
                lang,
                format!(
                    "Mẫu tự đánh giá Chỉ số CCHC năm {year} của đơn vị {unit}, do chiso tạo từ bộ tiêu chí của năm.\n\
                     Chỉ nhập vào các ô nền trắng của trang \"Tự đánh giá\"; các ô khác được khóa để giữ cấu trúc của mẫu.\n\
                     Cột \"Trả lời\": tiêu chí chấm trực tiếp nhập số điểm (từ 0 đến điểm tối đa, theo bước điểm của quy chế); tiêu chí có/không và tiêu chí chọn mức chọn trong danh sách.\n\
                     Tiêu chí tính theo số liệu: nhập từng số liệu ở các dòng bên dưới tiêu chí; số lượng là số nguyên (có thể viết 1.036 hoặc 1036); số thập phân viết 0,75 hoặc 0.75. Điểm được tính khi nhập tệp vào chiso.\n\
                     Cột \"Không phát sinh\": chỉ có ở tiêu chí cho phép; chọn khi đơn vị không phát sinh nội dung của tiêu chí (khi đó để trống cột \"Trả lời\").\n\
                     Cột \"Tài liệu kiểm chứng\": mỗi tài liệu một dòng (Alt+Enter để xuống dòng trong ô).\n\
                     Các dòng nền xám là tiêu chí do Hội đồng thẩm định chấm: đơn vị không nhập.\n\
                     Không đổi tên, thêm, xóa hoặc sắp xếp lại dòng, cột hay trang tính: chiso nhận biết mẫu qua trang ẩn \"chiso\" và từ chối mẫu đã bị sửa cấu trúc, mẫu của năm hoặc đơn vị khác.\n\
                     Nhập lại vào chiso: chiso import self {year} {unit} <tệp>.xlsx (thêm --dry-run để xem trước các thay đổi)."
                ),
                format!(
                    "Self-assessment form of the PAR Index {year} for unit {unit}, made by chiso from the year's criteria.\n\
                     Type only into the white cells of the sheet \"Tự đánh giá\"; the other cells are locked to keep the form's structure.\n\
                     Column \"Answer\": a manual criterion takes its points (0 to the maximum, in the regulation's steps); a yes/no or choice criterion takes a value from the list.\n\
                     A criterion computed from figures: type each figure in the rows below it; a count is a whole number (1.036 or 1036); a decimal is written 0,75 or 0.75. Points are computed when the file is imported into chiso.\n\
                     Column \"Not applicable\": only where the criterion allows it; choose it when the criterion does not arise for the unit (and leave \"Answer\" empty).\n\
                     Column \"Evidence\": one document per line (Alt+Enter starts a new line in a cell).\n\
                     Grey rows (scored by the council) are not for the unit.\n\
                     Do not rename, add, delete or reorder rows, columns or sheets: chiso recognises the form by its hidden sheet \"chiso\" and refuses a form whose structure was changed, or one of another year or unit.\n\
                     Import it back: chiso import self {year} {unit} <file>.xlsx (add --dry-run to preview the changes)."
                ),
            ),
            GuideSheet => s("Hướng dẫn", "Instructions"),
            NotAWorkbook { file, error } => tr!(
                lang,
                format!("không đọc được {file} như một bảng tính: {error}"),
                format!("cannot read {file} as a workbook: {error}"),
            ),
            MissingSheet(sheet) => tr!(
                lang,
                format!("bảng tính không có trang \"{sheet}\" của mẫu tự đánh giá"),
                format!("the workbook has no sheet \"{sheet}\" of the self-assessment form"),
            ),
            NotThisForm => s(
                "bảng tính không phải mẫu tự đánh giá do chiso tạo",
                "the workbook is not a self-assessment form made by chiso",
            ),
            OlderLayout { found } => tr!(
                lang,
                format!(
                    "mẫu này theo bố cục {found} của một phiên bản chiso khác: lập lại bảng tính bằng chiso template rồi nhập vào mẫu mới"
                ),
                format!(
                    "this form has the layout {found} of another chiso version: make the workbook again with chiso template and fill in the new one"
                ),
            ),
            WrongYear { found, expected } => tr!(
                lang,
                format!("mẫu này của năm {found}, không phải năm {expected}"),
                format!("this form is for the year {found}, not {expected}"),
            ),
            WrongUnit { found, expected } => tr!(
                lang,
                format!("mẫu này của đơn vị {found}, không phải {expected}"),
                format!("this form is unit {found}'s, not {expected}'s"),
            ),
            OtherCriteria {
                changed,
                added,
                removed,
            } => {
                let list = |v: &Vec<String>| {
                    if v.is_empty() {
                        "—".to_string()
                    } else {
                        v.join(", ")
                    }
                };
                tr!(
                    lang,
                    format!(
                        "mẫu được tạo từ bộ tiêu chí khác với bộ tiêu chí hiện nay: đã thay đổi {}; mới có {}; đã bỏ {}",
                        list(changed),
                        list(added),
                        list(removed)
                    ),
                    format!(
                        "the form was made from other criteria than the current ones: changed {}; added {}; removed {}",
                        list(changed),
                        list(added),
                        list(removed)
                    ),
                )
            }
            OtherCriteriaHint { year, unit } => tr!(
                lang,
                format!(
                    "tạo mẫu mới bằng chiso template {year} {unit} --format xlsx và chép các câu trả lời sang"
                ),
                format!(
                    "make a new form with chiso template {year} {unit} --format xlsx and copy the answers over"
                ),
            ),
            RowMoved { expected, found } => tr!(
                lang,
                format!("cấu trúc mẫu đã bị sửa: ở đây phải là dòng `{expected}`, gặp `{found}`"),
                format!(
                    "the form's structure was edited: row `{expected}` belongs here, found `{found}`"
                ),
            ),
            StructureHint { year, unit } => tr!(
                lang,
                format!(
                    "không thêm, xóa hay sắp xếp lại dòng; tạo mẫu mới bằng chiso template {year} {unit} --format xlsx"
                ),
                format!(
                    "do not add, delete or reorder rows; make a new form with chiso template {year} {unit} --format xlsx"
                ),
            ),
            NotANumber { text } => tr!(
                lang,
                format!("`{text}` không phải là số"),
                format!("`{text}` is not a number")
            ),
            NotACount { text } => tr!(
                lang,
                format!("số lượng `{text}` phải là số nguyên"),
                format!("the count `{text}` must be a whole number")
            ),
            Negative { text } => tr!(
                lang,
                format!("`{text}` không được âm"),
                format!("`{text}` must not be negative")
            ),
            NumberHint => s(
                "viết số như 12, 1.036 (một nghìn không trăm ba mươi sáu) hoặc 0,75",
                "write numbers like 12, 1.036 (one thousand and thirty-six) or 0,75",
            ),
            UnknownLabel { text } => tr!(
                lang,
                format!("`{text}` không có trong danh sách của ô"),
                format!("`{text}` is not one of the cell's values")
            ),
            ValidLabels(labels) => tr!(
                lang,
                format!("chọn một trong: {}", labels.join(", ")),
                format!("choose one of: {}", labels.join(", ")),
            ),
            ExistingUnreadable { file, error } => tr!(
                lang,
                format!(
                    "không ghép được vào {file} hiện có vì tệp không phải TOML hợp lệ: {error}"
                ),
                format!("cannot merge into the existing {file}: it is not valid TOML: {error}"),
            ),
            AppraisalInstructions { year, unit, round } => tr!(
                lang,
                format!(
                    "Bảng tính thẩm định Chỉ số CCHC năm {year}, vòng {round}, của đơn vị {unit}, do chiso tạo từ bộ tiêu chí và bản tự đánh giá của đơn vị.\n\
                     Chỉ nhập vào các ô nền trắng của trang \"Thẩm định\"; các ô khác (kết quả tự đánh giá, điểm tự chấm, số liệu chính thức) được khóa.\n\
                     Mỗi dòng tiêu chí là một điều chỉnh của vòng {round}: để trống cả dòng nếu Hội đồng không điều chỉnh tiêu chí đó.\n\
                     Cột \"Chấp nhận\": chọn \"chấp nhận\" khi chấp nhận kết quả tự đánh giá (hoặc giải trình) của đơn vị; khi đó để trống cột \"Hội đồng chấm\". Chọn \"không chấp nhận\" (không chấm lại) để giữ kết quả của vòng trước.\n\
                     Cột \"Hội đồng chấm\": tiêu chí chấm trực tiếp nhập số điểm; tiêu chí có/không và tiêu chí chọn mức chọn trong danh sách; \"Không phát sinh\" ở cột bên cạnh.\n\
                     Tiêu chí tính theo số liệu: nhập số liệu Hội đồng xác định ở các dòng bên dưới tiêu chí, cột \"Hội đồng chấm\" (chỉ các số liệu cần sửa; số lượng là số nguyên). Cột \"Đơn vị tự đánh giá\" là số liệu của đơn vị, cột \"Số liệu chính thức\" là số liệu đã nhập từ cơ quan quản lý.\n\
                     Cột \"Lý do\" là bắt buộc với mọi điều chỉnh; cột \"Tổ thẩm định\" ghi tổ đã thẩm định.\n\
                     Không đổi tên, thêm, xóa hoặc sắp xếp lại dòng, cột hay trang tính: chiso nhận biết bảng tính qua trang ẩn \"chiso\" (năm, đơn vị, vòng, bộ tiêu chí) và từ chối bảng tính đã bị sửa cấu trúc.\n\
                     Nhập lại vào chiso: chiso import appraisal {year} {unit} <tệp>.xlsx (thêm --dry-run để xem trước các thay đổi). Các vòng khác trong tệp thẩm định được giữ nguyên."
                ),
                format!(
                    "Appraisal workbook of the PAR Index {year}, round {round}, for unit {unit}, made by chiso from the criteria and the unit's self-assessment.\n\
                     Type only into the white cells of the sheet \"Thẩm định\"; the other cells (the unit's answers, self points, official figures) are locked.\n\
                     Each criterion's row is an adjustment of round {round}: leave the whole row empty when the council does not adjust the criterion.\n\
                     Column \"Accept\": choose \"accept\" to accept the unit's own answer (or its explanation), leaving \"Council's answer\" empty. Choose \"do not accept\" (without a new answer) to keep the previous round's decision.\n\
                     Column \"Council's answer\": a manual criterion takes its points; a yes/no or choice criterion takes a value from the list; \"Not applicable\" is in the next column.\n\
                     A criterion computed from figures: type the figures the council found in the rows below it, column \"Council's answer\" (only those to correct; a count is a whole number). Column \"Unit's answer\" holds the unit's figure, \"Official figure\" the figure imported from the managing agency.\n\
                     Column \"Reason\" is required for every adjustment; \"Working group\" names the group that appraised it.\n\
                     Do not rename, add, delete or reorder rows, columns or sheets: chiso recognises the workbook by its hidden sheet \"chiso\" (year, unit, round, criteria) and refuses one whose structure was changed.\n\
                     Import it back: chiso import appraisal {year} {unit} <file>.xlsx (add --dry-run to preview the changes). The appraisal file's other rounds are kept."
                ),
            ),
            RoundSkipped { round, last } => tr!(
                lang,
                format!(
                    "bảng tính của vòng {round}, nhưng việc thẩm định năm nay mới đến vòng {last}: không được bỏ qua vòng {}",
                    last + 1
                ),
                format!(
                    "the workbook is for round {round}, but this year's appraisal has reached round {last} only: round {} cannot be skipped",
                    last + 1
                ),
            ),
            RoundNotScheduled { round, rounds } => tr!(
                lang,
                format!(
                    "bảng tính của vòng {round}, nhưng lịch đánh giá (workflow.toml) chỉ có {rounds} vòng thẩm định"
                ),
                format!(
                    "the workbook is for round {round}, but the season schedule (workflow.toml) has {}",
                    plural(*rounds, "appraisal round", "appraisal rounds")
                ),
            ),
            RoundHint { year, unit } => tr!(
                lang,
                format!(
                    "tạo bảng tính của vòng đúng bằng chiso template {year} {unit} --for appraisal --round <VÒNG>"
                ),
                format!(
                    "make the right round's workbook with chiso template {year} {unit} --for appraisal --round <ROUND>"
                ),
            ),
            YearWritten { count, folder } => tr!(
                lang,
                format!("đã ghi {count} bảng tính vào {folder}"),
                format!(
                    "wrote {} into {folder}",
                    plural(*count, "workbook", "workbooks")
                ),
            ),
            Changed {
                code,
                before,
                after,
            } => format!("{code}: {before} → {after}"),
            NoChange => s("không có thay đổi", "no change"),
            Changes(n) => tr!(
                lang,
                format!("{n} tiêu chí thay đổi"),
                format!("{n} criteria changed")
            ),
            Refused => s(
                "không ghi gì: sửa các lỗi trong bảng tính rồi nhập lại",
                "nothing written: correct the workbook's errors and import it again",
            ),
        }
    }
}
