//! Publishing: export, history, diff, new-year.

#[allow(unused_imports)]
use super::*;

/// Words of published results: exports, history, criteria diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    Ranking,
    Summary,
    Block,
    UnitCount,
    AverageIndex,
    Year,
    PreviousIndex,
    IndexChange,
    PreviousRating,
    PreviousRank,
    ChangeNotes,
    NewUnit,
    MergedFrom,
    MergedWith,
    Formerly,
    Consequences,
    NoConsequence,
    ConsequenceRun,
    IndexByBlock,
    RatingDistribution,
    ScoreSheets,
    Reason,
    AllUnits,
    History,
    Change,
    Blocks,
    Settings,
    Ratings,
    Appendix,
    AppendixAdded,
    AppendixRemoved,
    BlockAdded,
    BlockRemoved,
    NoDifference,
    Changes,
    Before,
    After,
    Item,
    CriterionAdded,
    CriterionRemoved,
    CodeChanged,
    RankedWithin,
}

impl Publish {
    pub fn text(self, lang: Lang) -> &'static str {
        use Publish::*;
        let (vi, en) = match self {
            Ranking => ("Xếp hạng", "Ranking"),
            RankedWithin => ("Xếp hạng tại", "Ranked within"),
            Summary => ("Tổng hợp", "Summary"),
            Block => ("Khối", "Block"),
            UnitCount => ("Số đơn vị", "Units"),
            AverageIndex => ("Chỉ số bình quân", "Average index"),
            Year => ("Năm", "Year"),
            PreviousIndex => ("Chỉ số năm trước", "Last year's index"),
            IndexChange => ("Tăng/giảm chỉ số", "Index change"),
            PreviousRating => ("Xếp loại năm trước", "Last year's rating"),
            PreviousRank => ("Hạng năm trước", "Last year's rank"),
            ChangeNotes => ("Ghi chú so sánh", "Comparison notes"),
            NewUnit => ("đơn vị mới", "new unit"),
            MergedFrom => ("hợp nhất từ", "merged from"),
            MergedWith => ("nhận hợp nhất", "absorbed"),
            Formerly => ("năm trước là", "last year as"),
            Consequences => ("Hệ quả của kết quả xếp loại", "Consequences of the ratings"),
            NoConsequence => ("không có đơn vị nào", "no unit"),
            ConsequenceRun => ("Kết quả các năm", "Ratings by year"),
            IndexByBlock => ("Chỉ số CCHC theo khối", "PAR index by block"),
            RatingDistribution => ("Phân bố xếp loại theo khối", "Ratings by block"),
            ScoreSheets => (
                "Bảng điểm chi tiết của từng đơn vị",
                "Score sheet of each unit",
            ),
            Reason => ("Lý do điều chỉnh", "Reason"),
            AllUnits => ("Toàn tỉnh", "All units"),
            History => ("Kết quả Chỉ số CCHC qua các năm", "PAR index across years"),
            Change => ("So với năm trước", "Change from last year"),
            Blocks => ("Khối", "Blocks"),
            Settings => ("Quy định chung", "Regulation settings"),
            Ratings => ("Thang xếp loại", "Rating scale"),
            Appendix => ("Phụ lục", "Appendix"),
            AppendixAdded => ("phụ lục mới", "new appendix"),
            AppendixRemoved => ("bãi bỏ", "removed"),
            BlockAdded => ("khối mới", "new block"),
            BlockRemoved => ("bỏ khối", "block removed"),
            NoDifference => ("Không có thay đổi.", "No changes."),
            Changes => ("Thay đổi", "Changes"),
            Before => ("Trước", "Before"),
            After => ("Sau", "After"),
            Item => ("Nội dung", "Item"),
            CriterionAdded => ("thêm mới", "added"),
            CriterionRemoved => ("bãi bỏ", "removed"),
            CodeChanged => ("đổi mã", "code changed"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The title of a year's published results.
    pub fn title(year: i64, lang: Lang) -> String {
        tr!(
            lang,
            format!("Kết quả Chỉ số cải cách hành chính năm {year}"),
            format!("PAR Index results {year}"),
        )
    }

    pub fn diff_title(from: i64, to: i64, lang: Lang) -> String {
        tr!(
            lang,
            format!("Thay đổi bộ tiêu chí {from} → {to}"),
            format!("Changes in the criteria {from} → {to}"),
        )
    }

    /// A compared field, by its key in the criteria files.
    pub fn field(key: &str, lang: Lang) -> &'static str {
        let (vi, en) = match key {
            "title" => ("tên", "title"),
            "name" => ("tên khối", "name"),
            "appendix" => ("phụ lục", "appendix"),
            "max" => ("điểm tối đa", "max"),
            "kind" => ("loại", "kind"),
            "method" => ("phương pháp chấm", "method"),
            "options" => ("các mức", "options"),
            "bands" => ("khoảng điểm", "bands"),
            "value" => ("giá trị so sánh", "value"),
            "formula" => ("công thức", "formula"),
            "inputs" => ("dữ kiện", "inputs"),
            "na_allowed" => ("cho phép không phát sinh", "N/A allowed"),
            "total" => ("tổng điểm", "total"),
            "min" => ("ngưỡng", "min"),
            "evidence" => ("tài liệu kiểm chứng", "evidence"),
            "assessed_by" => ("người chấm", "assessed by"),
            "step" => ("bước điểm", "step"),
            "points_decimals" => ("số chữ số thập phân của điểm", "points decimals"),
            "index_decimals" => ("số chữ số thập phân của chỉ số", "index decimals"),
            "evidence_policy" => ("xử lý khi thiếu tài liệu kiểm chứng", "evidence policy"),
            "ratings" => ("các mức xếp loại", "ratings"),
            "years" => ("số năm liên tiếp", "years in a row"),
            _ => ("", ""),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn new_year_no_source(path: &str, lang: Lang) -> String {
        tr!(
            lang,
            format!("không có {path}"),
            format!("{path} does not exist"),
        )
    }

    pub fn new_year_exists(path: &str, lang: Lang) -> String {
        tr!(
            lang,
            format!("{path} đã có: không ghi đè (xóa hoặc đổi tên trước nếu muốn tạo lại)"),
            format!(
                "{path} already exists: not overwritten (remove or rename it first to start again)"
            ),
        )
    }

    pub fn new_year_toml(path: &str, error: &str, lang: Lang) -> String {
        tr!(
            lang,
            format!("không đọc được {path}: {error}"),
            format!("cannot read {path}: {error}"),
        )
    }

    pub fn new_year_done(from: i64, to: i64, files: usize, lang: Lang) -> String {
        tr!(
            lang,
            format!(
                "đã tạo {files} tệp của năm {to} từ năm {from}; sau khi chỉnh sửa, xem thay đổi bằng: chiso diff {from} {to}"
            ),
            format!(
                "wrote {files} files for {to} from {from}; after editing, review the changes with: chiso diff {from} {to}"
            ),
        )
    }

    /// A year read for comparison has errors: its results may be incomplete.
    pub fn year_has_errors(year: i64, errors: usize, lang: Lang) -> String {
        tr!(
            lang,
            format!(
                "năm {year} có {errors} lỗi, kết quả có thể chưa đầy đủ; xem chi tiết: chiso check {year}"
            ),
            format!(
                "{year} has {errors} errors, its results may be incomplete; see them with: chiso check {year}"
            ),
        )
    }

    pub fn year_not_evaluated(year: i64, lang: Lang) -> String {
        tr!(
            lang,
            format!(
                "năm {year} không tính được điểm và bị bỏ qua; xem chi tiết: chiso check {year}"
            ),
            format!("{year} could not be scored and is left out; see why with: chiso check {year}"),
        )
    }

    pub fn xlsx_needs_output(lang: Lang) -> String {
        tr!(
            lang,
            "tệp XLSX là tệp nhị phân: ghi ra tệp bằng --output <TỆP>.xlsx".into(),
            "XLSX is binary: write it to a file with --output <FILE>.xlsx".into(),
        )
    }

    pub fn all_is_workbooks(lang: Lang) -> String {
        tr!(
            lang,
            "--all ghi mỗi đơn vị một bảng tính XLSX: bỏ --format toml".into(),
            "--all writes one XLSX workbook per unit: drop --format toml".into(),
        )
    }

    pub fn appraisal_is_a_workbook(lang: Lang) -> String {
        tr!(
            lang,
            "phiếu thẩm định (--for appraisal) chỉ có dạng XLSX: dùng --format xlsx hoặc tệp .xlsx".into(),
            "the appraisal form (--for appraisal) is a workbook only: use --format xlsx or an .xlsx file".into(),
        )
    }

    pub fn cannot_build(error: &str, lang: Lang) -> String {
        tr!(
            lang,
            format!("không tạo được tệp: {error}"),
            format!("cannot build the file: {error}"),
        )
    }
}
