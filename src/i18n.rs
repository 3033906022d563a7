//! The message catalog: every user-facing sentence, in Vietnamese (default)
//! and English. Nothing else in the crate builds user-facing text.

use rust_decimal::Decimal;

use crate::expr::ExprFailure;
use crate::num;

/// The text in `lang`; only that language's text is formatted.
macro_rules! tr {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Vi => $vi,
            Lang::En => $en,
        }
    };
}

pub use crate::lang::Lang;
pub use crate::source::{IoFailure, NotUtf8};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    Number,
    Bool,
    Date,
    Array,
    Table,
}

impl ValueType {
    /// The English name with its article ("an array", "a string").
    fn with_article(self) -> String {
        let name = self.name(Lang::En);
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ValueType::String, Lang::Vi) => "chuỗi",
            (ValueType::String, Lang::En) => "string",
            (ValueType::Number, Lang::Vi) => "số",
            (ValueType::Number, Lang::En) => "number",
            (ValueType::Bool, Lang::Vi) => "true/false",
            (ValueType::Bool, Lang::En) => "boolean",
            (ValueType::Date, Lang::Vi) => "ngày",
            (ValueType::Date, Lang::En) => "date",
            (ValueType::Array, Lang::Vi) => "danh sách",
            (ValueType::Array, Lang::En) => "array",
            (ValueType::Table, Lang::Vi) => "bảng",
            (ValueType::Table, Lang::En) => "table",
        }
    }
}

impl IoFailure {
    pub fn text(&self, lang: Lang) -> String {
        use IoFailure::*;
        match self {
            NotFound => tr!(
                lang,
                "không có tệp hoặc thư mục này".into(),
                "no such file or folder".into(),
            ),
            PermissionDenied => tr!(
                lang,
                "không có quyền truy cập".into(),
                "permission denied".into(),
            ),
            AlreadyExists => tr!(lang, "tệp đã có".into(), "the file already exists".into()),
            IsAFolder => tr!(
                lang,
                "đây là một thư mục, không phải tệp".into(),
                "it is a folder, not a file".into(),
            ),
            NotAFolder => tr!(
                lang,
                "một phần của đường dẫn không phải thư mục".into(),
                "a part of the path is not a folder".into(),
            ),
            DiskFull => tr!(lang, "ổ đĩa đã hết chỗ".into(), "the disk is full".into()),
            ReadOnly => tr!(
                lang,
                "ổ đĩa chỉ cho đọc, không cho ghi".into(),
                "the disk is read-only".into(),
            ),
            NotUtf8 { line, column } => tr!(
                lang,
                format!(
                    "nội dung không phải văn bản UTF-8 (dòng {line}, cột {column}); hãy lưu lại tệp với bảng mã UTF-8"
                ),
                format!(
                    "the content is not UTF-8 text (line {line}, column {column}); save the file as UTF-8"
                ),
            ),
            NotAFile => tr!(
                lang,
                "không phải tệp thông thường (FIFO, thiết bị hay socket); chiso chỉ đọc tệp thông thường".into(),
                "not a regular file (a FIFO, device or socket); chiso reads regular files only".into(),
            ),
            TooLarge { limit_mib } => tr!(
                lang,
                format!("tệp lớn hơn giới hạn {limit_mib} MiB"),
                format!("the file is larger than the {limit_mib} MiB limit"),
            ),
            OutsideWorkspace => tr!(
                lang,
                "đây là liên kết (hoặc nằm trong thư mục liên kết) trỏ ra ngoài thư mục làm việc; chiso không đọc hay ghi qua liên kết ra ngoài".into(),
                "it is a link (or in a linked folder) leading outside the workspace; chiso neither reads nor writes through such links".into(),
            ),
            Other(text) => tr!(lang, format!("lỗi của hệ điều hành ({text})"), text.clone()),
        }
    }
}

/// Every message. Variants carry the values they show; `text` renders them.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    LevelError,
    LevelWarning,
    LevelHint,
    /// A diagnostic found the same in `others` more units than `unit`.
    InUnits {
        unit: String,
        others: usize,
    },
    // Reading files
    CannotRead {
        file: String,
        error: IoFailure,
    },
    TomlSyntax(String),
    TooDeepHint,
    DecimalCommaHint(String),
    WrongType {
        key: String,
        expected: ValueType,
        found: ValueType,
    },
    MissingKey(String),
    UnknownKey(String),
    DidYouMean(String),
    InvalidNumber(String),
    NotAWholeNumber(String),
    NegativeNumber(String),
    TooManyDecimals(String),
    // Regulation
    YearMismatch {
        declared: Decimal,
        folder: i64,
    },
    DuplicateBlock(String),
    NoBlocks,
    DuplicateRating(String),
    RatingOrder {
        label: String,
        previous: String,
    },
    NoRatings,
    RatingNoFloor,
    RatingNoFloorHint,
    // Appendices
    InvalidCode(String),
    RemovedOutsideOverlay(String),
    UnknownKind(String),
    UnknownAssessedBy(String),
    UnknownEvidencePolicy(String),
    NaAllowedOnComputed,
    InvalidInputName(String),
    UnknownSource(String),
    PointsOutOfRange {
        points: Decimal,
        max: Decimal,
    },
    DuplicateOption(String),
    ChoiceWithoutOptions,
    BandsWithoutBands,
    BandsNeedValue(usize),
    UnknownMethod(String),
    KeyNotForMethod {
        key: String,
        method: &'static str,
    },
    ExpressionCompile(ExprFailure),
    ExpressionVariables(Vec<String>),
    /// The ASCII spelling of a name written with other letters.
    ExpressionAsciiName(String),
    DuplicateCode(String),
    RemovedUnknown {
        code: String,
        base: String,
    },
    MissingParent {
        code: String,
        parent: String,
    },
    KindNotTopLevel(String),
    MethodOnBranch(String),
    SumMismatch {
        code: String,
        max: Decimal,
        sum: Decimal,
    },
    ChildrenSum(Decimal),
    TotalMismatch {
        total: Decimal,
        sum: Decimal,
    },
    AppendixIdMismatch {
        id: String,
        file: String,
    },
    DuplicateAppendix(String),
    UnknownAppendix(String),
    AppendixFileHint(String),
    OverlayOfOverlay(String),
    BlockUsesOverlay(String),
    OverlayNotForBlock {
        overlay: String,
        appendix: String,
    },
    // Units
    OverlayListedTwice(String),
    InvalidUnitCode(String),
    UnitCodeInvisible {
        code: String,
        char: String,
    },
    UnitCodeMixedScripts {
        code: String,
        scripts: Vec<String>,
    },
    UnitCodeConfusable {
        code: String,
        other: String,
    },
    UnitCodeLookAlikeHint,
    DuplicateUnit(String),
    /// Two answer files whose names are the same unit code once normalised (NFC).
    DuplicateAnswerFile {
        unit: String,
        file: String,
        other: String,
    },
    UnknownBlock(String),
    KnownBlocks(Vec<String>),
    UnknownParent(String),
    ParentCycle(Vec<String>),
    UnknownUnit(String),
    // Answers
    AnswerFileForUnknownUnit {
        unit: String,
        file: String,
    },
    MissingSelfAssessment(String),
    /// A unit's self-assessment saved under a name chiso does not read.
    MisnamedAnswerFile {
        file: String,
        /// The name it must have (`STP.toml`).
        wanted: String,
    },
    RenameHint {
        from: String,
        to: String,
    },
    TemplateHint {
        year: i64,
        unit: String,
    },
    // Official data the criteria read and the datasets lack
    NoDataset {
        year: i64,
        fact: String,
        criteria: Vec<String>,
        units: usize,
    },
    NoDatasetHint {
        year: i64,
        fact: String,
        /// The `chiso import` kind that writes the fact.
        import: Option<String>,
    },
    NoDataForUnit {
        unit: String,
        facts: Vec<String>,
        files: Vec<String>,
    },
    MissingDataHint {
        year: i64,
    },
    UnitMismatch {
        found: String,
        expected: String,
    },
    AnswerOnBranch(String),
    AnswerTheLeaves(Vec<String>),
    UnknownCriterion(String),
    SeveralAnswers(Vec<String>),
    NaNotAllowed(String),
    NaNotAllowedHint,
    AnswerMismatch {
        key: String,
        method: &'static str,
        expected: &'static str,
    },
    NotMultipleOfStep {
        points: Decimal,
        step: Decimal,
    },
    NearestValid(Decimal, Decimal),
    UnknownOption(String),
    ValidOptions(Vec<String>),
    UnknownFact {
        fact: String,
        code: String,
    },
    /// An answer (`key`) to a criterion the council scores.
    CouncilCriterion {
        code: String,
        key: String,
    },
    CouncilCriterionHint,
    ExpectedFacts(Vec<String>),
    RoundFromOne,
    MissingReason(String),
    MissingReasonHint,
    DuplicateRound {
        code: String,
        round: u32,
        line: usize,
    },
    AcceptWithAnswer(String),
    EmptyAdjustment(String),
    NothingToKeep {
        code: String,
        round: u32,
    },
    NothingToKeepHint,
    // Datasets
    CsvError(String),
    CsvHeader,
    CsvHeaderHint,
    CsvBadColumn(String),
    CsvFieldCount {
        found: usize,
        expected: usize,
    },
    CsvNumber(String),
    CsvNumberHint,
    DuplicateFact {
        unit: String,
        fact: String,
        previous: String,
    },
    // Typed facts and cross-checks
    UnknownFactKind(String),
    UnknownCheckLevel(String),
    /// A value that is not of its fact's kind; `row` (line, unit) for a dataset cell.
    NotOfKind {
        fact: String,
        kind: crate::facts::FactKind,
        written: String,
        row: Option<(usize, String)>,
    },
    ThousandsHint {
        written: String,
        meant: String,
    },
    KindHint(crate::facts::FactKind),
    CheckFailed {
        rule: String,
        values: Vec<(String, Decimal)>,
    },
    CheckHint,
    RateAbove100 {
        value: Decimal,
        values: Vec<(String, Decimal)>,
    },
    RateAbove100Hint,
    OverlayTotalHint(Decimal),
    DatasetRowSumHint,
    // Datasets by period.
    OverlappingPeriods {
        unit: String,
        fact: String,
        period: &'static str,
        other: &'static str,
    },
    UnknownPeriod(String),
    PeriodHint,
    /// What `explain` reads for the year from a fact's rows by period.
    PeriodsRead {
        fact: String,
        figure: crate::facts::YearFigure,
    },
    // Evaluation
    Unanswered(String),
    MissingInput(Vec<String>),
    MissingInputHint,
    Discrepancy {
        fact: String,
        reported: Decimal,
        official: Decimal,
    },
    DiscrepancyHint(String),
    NoBand(Decimal),
    Clamped {
        value: Decimal,
        max: Decimal,
    },
    MissingEvidence(String),
    MissingEvidenceHint,
    EvidencePolicyZeroed,
    LockFileInvalid(String),
    LockFileHint {
        year: i64,
    },
    VerifyHint {
        year: i64,
    },
    LockedInputChanged {
        file: String,
        locked_at: String,
    },
    LockedInputAdded {
        file: String,
        locked_at: String,
    },
    LockedInputRemoved {
        file: String,
        locked_at: String,
    },
    /// A field of the lock (of a unit's record, `field` = "unit" for the
    /// whole record) that no longer matches its seal.
    LockFieldEdited {
        unit: Option<String>,
        field: String,
        written: Option<String>,
        now: Option<String>,
    },
    /// The lock has no seal (`content_sha256`).
    LockNotSealed,
    LockEditedHint {
        year: i64,
    },
    /// A key is required and the lock is not signed.
    LockUnsigned {
        key: String,
        from_regulation: bool,
    },
    LockOtherKey {
        signed_by: Option<String>,
        key: String,
        from_regulation: bool,
    },
    LockBadSignature {
        key: String,
    },
    LockSignHint {
        year: i64,
    },
    /// `lock_public_key` in the regulation is not a public key.
    InvalidPublicKey(String),
    PublicKeyHint,
    ExpressionRuntime(ExprFailure),
    ZeroApplicableMax(Box<Msg>),
    SideSelf,
    SideFinal,
    /// Regulation tests (`criteria/<year>/tests/*.toml`).
    Test(TestMsg),
    /// `chiso import` (see [`ImportMsg`]).
    Import(ImportMsg),
    /// The season's schedule (see [`SeasonMsg`]).
    Season(SeasonMsg),
    /// Evidence attachments (see [`EvidenceMsg`]).
    Evidence(EvidenceMsg),
    /// The self-assessment workbook (see [`WorkbookMsg`]).
    Workbook(WorkbookMsg),
    // Consequences and predecessors
    ConsequenceRating(String),
    /// `ratings = []`: the consequence could never apply.
    ConsequenceNoRatings,
    KnownRatings(Vec<String>),
    ConsequenceYears,
    PredecessorIsSelf(String),
    PredecessorTwice(String),
    UnknownPredecessor {
        code: String,
        year: i64,
    },
    // The reference province's rules (ranking groups, targets, liên đới,
    // applicable max, merged units)
    UnknownRankedWithin(String),
    TargetNotInput(String),
    TargetNotInputHint,
    PercentOutOfRange(String),
    /// A regulation test's expected rank that is no whole number from 1.
    NotARank(Decimal),
    UnknownMergedPredecessors(String),
    LowApplicableMax {
        applicable: Decimal,
        max: Decimal,
        threshold: Decimal,
    },
    LowApplicableMaxHint,
    NoSubordinates(Vec<String>),
    NoSubordinatesHint,
    /// `history`: how merged units' predecessors counted (the regulation's
    /// `merged_predecessors`: "any", "all", "first" or "none").
    MergedPredecessorsUsed(&'static str),
    /// Explain: a formula's rate and the unit's own target.
    RateAndTarget {
        rate: String,
        target: Option<String>,
    },
}

/// Where the key a lock must be signed with was named.
fn key_source(from_regulation: bool) -> (&'static str, &'static str) {
    if from_regulation {
        (
            "quy chế (lock_public_key)",
            "the regulation (lock_public_key)",
        )
    } else {
        ("tham số --public-key", "--public-key")
    }
}

/// The TOML parser's (English) description of a syntax error, in
/// Vietnamese: `unexpected key or value, expected newline, `#`` → `khóa hoặc
/// giá trị không đúng chỗ; cần xuống dòng hoặc `#``. A description the table
/// does not know is kept as the parser wrote it.
fn toml_syntax_vi(message: &str) -> String {
    let (what, expected) = match message.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (message, None),
    };
    let what = match what {
        "unexpected key or value" => "khóa hoặc giá trị không đúng chỗ",
        "unexpected content" => "nội dung không đúng chỗ",
        "unexpected content between comment and newline" => {
            "nội dung không đúng chỗ trong chú thích"
        }
        "missing assignment between key-value pairs" => "thiếu dấu `=` giữa khóa và giá trị",
        "extra assignment between key-value pairs" | "extra `=`" => "thừa dấu `=`",
        "missing comma between key-value pairs" => "thiếu dấu phẩy giữa các cặp khóa = giá trị",
        "missing comma between array elements" => "thiếu dấu phẩy giữa các phần tử của danh sách",
        "extra comma in array" => "thừa dấu phẩy trong danh sách",
        "extra comma in inline table" => "thừa dấu phẩy trong bảng `{ … }`",
        "missing value" | "key with no value" | "missing value for key" => "thiếu giá trị",
        "string values must be quoted" => "giá trị chữ phải đặt trong ngoặc kép: \"…\"",
        "missing opening quote" => "thiếu dấu ngoặc kép mở",
        "unclosed table" | "unclosed array table" => "thiếu dấu `]` đóng tên bảng",
        "unclosed inline table" => "thiếu dấu `}` đóng bảng",
        "unclosed array" => "thiếu dấu `]` đóng danh sách",
        "missing table open" | "missing array opening" => "thiếu dấu `[`",
        "missing inline table opening" => "thiếu dấu `{`",
        "missing key for inline table element" => "thiếu khóa trong bảng `{ … }`",
        "unexpected `=` in array" => "dấu `=` trong danh sách",
        "invalid unquoted key" | "invalid key" => {
            "khóa không hợp lệ (khóa có dấu chấm, dấu cách hay chữ có dấu phải đặt trong ngoặc kép)"
        }
        "unquoted keys cannot be empty" => "khóa không được để trống",
        "keys cannot be multi-line literal strings" | "keys cannot be multi-line basic strings" => {
            "khóa không được là chuỗi nhiều dòng"
        }
        "duplicate key" => "khóa bị ghi hai lần",
        "invalid boolean" => "giá trị đúng/sai phải viết true hoặc false",
        "invalid value"
        | "invalid key-value pair"
        | "invalid inline table element"
        | "invalid table" => "giá trị không hợp lệ",
        "invalid string"
        | "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string" => "chuỗi không hợp lệ",
        "missing escaped value" => "thiếu ký tự sau dấu `\\`",
        "too few unicode value digits" => "mã Unicode thiếu chữ số",
        "invalid integer number"
        | "invalid float"
        | "invalid fraction"
        | "invalid exponent"
        | "invalid mantissa"
        | "invalid binary number"
        | "invalid octal number"
        | "invalid hexadecimal number" => "số không hợp lệ",
        "unexpected leading zero" => "số không được bắt đầu bằng chữ số 0",
        "unexpected sign" | "redundant numeric sign" => "dấu + hoặc - không đúng chỗ",
        "redundant integer number prefix"
        | "integers with a radix cannot be signed"
        | "radix must be lowercase" => "tiền tố cơ số của số không hợp lệ",
        "`_` may only go between digits" => "dấu `_` chỉ được đặt giữa các chữ số",
        "invalid date-time" => "ngày giờ không hợp lệ (viết năm-tháng-ngày, ví dụ 2025-12-31)",
        "invalid comment character" | "missing comment start" => {
            "ký tự không được dùng trong chú thích"
        }
        "carriage return must be followed by newline" => "ký tự CR phải đi liền với xuống dòng",
        "cannot recurse further; max recursion depth met" => "lồng nhau quá sâu",
        _ => return message.to_string(),
    };
    let Some(expected) = expected else {
        return what.to_string();
    };
    let expected: Vec<String> = expected
        .split(", ")
        .map(|e| match e {
            "newline" => "xuống dòng".to_string(),
            "key" => "khóa".to_string(),
            "value" => "giá trị".to_string(),
            "digits" | "numbers" => "chữ số".to_string(),
            "letters" => "chữ cái".to_string(),
            "nothing" => "không gì nữa".to_string(),
            e if e.starts_with('`') => e.to_string(),
            e => format!("`{e}`"),
        })
        .collect();
    format!("{what}; cần {}", expected.join(" hoặc "))
}

/// A time recorded in a file (ISO 8601, UTC) as people read it in Vietnam:
/// `dd/mm/yyyy HH:MM` at +07:00 (Asia/Ho_Chi_Minh has no daylight saving).
/// Files keep the ISO time; text that is no such time is shown as it is.
pub fn local_time(iso: &str) -> String {
    match humantime::parse_rfc3339(iso) {
        Ok(t) => format!("{} (+07:00)", crate::season::LocalTime::at(t).text()),
        Err(_) => iso.to_string(),
    }
}

/// English "1 warning" / "2 warnings" (Vietnamese nouns do not inflect).
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// rhai's (English) message about an expression, in Vietnamese; the names and
/// numbers it quotes are kept, and a message the table does not know is kept
/// whole as the detail.
fn rhai_vi(m: &str) -> String {
    let m = m.strip_prefix("Syntax error: ").unwrap_or(m);
    let prefixes = [
        ("Undefined variable: ", "biến không có trong tiêu chí: "),
        ("Variable not found: ", "biến không có trong tiêu chí: "),
        ("Function not found: ", "không có hàm "),
        ("Unknown operator: ", "phép toán không có: "),
        ("Invalid number: ", "số không hợp lệ: "),
        ("Invalid symbol encountered: ", "ký hiệu không hợp lệ: "),
        ("Invalid character: ", "ký tự không hợp lệ: "),
        ("Unexpected ", "ký tự không đúng chỗ: "),
        ("Division by zero", "chia cho 0"),
        ("Addition overflow", "tràn số khi cộng"),
        ("Subtraction overflow", "tràn số khi trừ"),
        ("Multiplication overflow", "tràn số khi nhân"),
        ("Data type incorrect", "sai kiểu dữ liệu"),
        ("Output type incorrect", "kết quả sai kiểu"),
        ("Runtime error: ", "lỗi khi tính: "),
    ];
    for (en, vi) in prefixes {
        if let Some(rest) = m.strip_prefix(en) {
            return format!("{vi}{rest}");
        }
    }
    match m {
        "Script is incomplete" => "biểu thức chưa viết hết".to_string(),
        "Open string is not terminated" => "chuỗi chưa có dấu ngoặc kép đóng".to_string(),
        m if m.starts_with("Expecting '") => {
            let token = m[11..].split('\'').next().unwrap_or_default();
            format!("thiếu `{token}` ({m})")
        }
        m => format!("biểu thức viết sai ({m})"),
    }
}

fn failure(f: &ExprFailure, lang: Lang) -> String {
    match f {
        ExprFailure::Rhai(m) => tr!(lang, rhai_vi(m), m.clone()),
        ExprFailure::NotANumber(t) => tr!(
            lang,
            format!("kết quả không phải là số (kiểu {t})"),
            format!("the result is not a number (type {t})"),
        ),
        ExprFailure::NotACondition(t) => tr!(
            lang,
            format!("điều kiện kiểm tra phải cho kết quả đúng/sai (kết quả có kiểu {t})"),
            format!("a check must give true or false (the result is of type {t})"),
        ),
        ExprFailure::UnknownFunction(name) => tr!(
            lang,
            format!(
                "không có hàm `{name}`; các hàm dùng được: {}",
                crate::expr::usages()
            ),
            format!(
                "no function `{name}`; the functions available: {}",
                crate::expr::usages()
            ),
        ),
        ExprFailure::Arguments(name) => {
            let usage = crate::expr::function(name).map_or("", |f| f.usage);
            tr!(
                lang,
                format!("hàm `{name}` không nhận các đối số này; viết {usage}"),
                format!("`{name}` does not take these arguments; write {usage}"),
            )
        }
        ExprFailure::NotAllowed(written) => tr!(
            lang,
            format!("`{written}` không dùng được trong biểu thức của tiêu chí"),
            format!("`{written}` is not allowed in a criteria expression"),
        ),
        ExprFailure::IfWithoutElse => tr!(
            lang,
            "`if` thiếu `else`: khi điều kiện sai, biểu thức không có giá trị".into(),
            "`if` without `else`: when the condition is false the expression has no value".into(),
        ),
        ExprFailure::NonAsciiName { name, .. } => tr!(
            lang,
            format!("tên `{name}` có chữ ngoài bảng mã ASCII"),
            format!("the name `{name}` has letters outside ASCII"),
        ),
        ExprFailure::TooManyOperations => tr!(
            lang,
            format!(
                "vượt quá {} phép tính cho phép",
                crate::expr::MAX_OPERATIONS
            ),
            format!(
                "more than the {} operations allowed",
                crate::expr::MAX_OPERATIONS
            ),
        ),
    }
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        let n = |d: &Decimal| num::fmt(*d, lang);
        use Msg::*;
        match self {
            LevelError => tr!(lang, "lỗi".into(), "error".into()),
            LevelWarning => tr!(lang, "cảnh báo".into(), "warning".into()),
            LevelHint => tr!(lang, "gợi ý".into(), "help".into()),
            InUnits { unit, others } => tr!(
                lang,
                format!("đơn vị {unit} và {others} đơn vị khác"),
                format!("unit {unit} and {others} other unit{}", if *others == 1 { "" } else { "s" }),
            ),
            CannotRead { file, error } => {
                let error = error.text(lang);
                tr!(lang, format!("không đọc được tệp {file}: {error}"), format!("cannot read {file}: {error}"))
            }
            TomlSyntax(m) => tr!(lang, format!("lỗi cú pháp TOML: {}", toml_syntax_vi(m)), format!("TOML syntax error: {m}")),
            TooDeepHint => tr!(
                lang,
                "khóa hoặc giá trị lồng nhau quá 80 cấp; mã tiêu chí viết trong ngoặc kép: [c.\"1.2.3\"]".into(),
                "a key or value nested more than 80 levels deep; criterion codes are quoted: [c.\"1.2.3\"]".into(),
            ),
            DecimalCommaHint(n) => tr!(
                lang,
                format!("trong tệp TOML, số thập phân viết bằng dấu chấm: {n}"),
                format!("decimals in TOML are written with a point: {n}"),
            ),
            WrongType { key, expected, found } => tr!(
                lang,
                format!("`{key}` phải là {}, không phải {}", expected.name(lang), found.name(lang)),
                format!("`{key}` must be {}, not {}", expected.with_article(), found.with_article()),
            ),
            MissingKey(k) => tr!(lang, format!("thiếu khóa bắt buộc `{k}`"), format!("missing required key `{k}`")),
            UnknownKey(k) => tr!(lang, format!("khóa không hợp lệ `{k}`"), format!("unknown key `{k}`")),
            DidYouMean(s) => tr!(lang, format!("có phải ý bạn là `{s}`?"), format!("did you mean `{s}`?")),
            InvalidNumber(k) => tr!(lang, format!("`{k}` không phải là số hợp lệ"), format!("`{k}` is not a valid number")),
            NotAWholeNumber(k) => tr!(lang, format!("`{k}` phải là số nguyên không âm"), format!("`{k}` must be a non-negative whole number")),
            NegativeNumber(k) => tr!(lang, format!("`{k}` không được âm"), format!("`{k}` must not be negative")),
            TooManyDecimals(k) => tr!(lang, format!("`{k}` tối đa là 10"), format!("`{k}` is at most 10")),
            YearMismatch { declared, folder } => tr!(
                lang,
                format!("năm {} khác với thư mục criteria/{folder}", n(declared)),
                format!("year {} differs from the folder criteria/{folder}", n(declared)),
            ),
            DuplicateBlock(b) => tr!(lang, format!("khối `{b}` được khai báo hai lần"), format!("block `{b}` is declared twice")),
            NoBlocks => tr!(lang, "quy chế chưa khai báo khối nào ([[block]])".into(), "the regulation declares no block ([[block]])".into()),
            DuplicateRating(r) => tr!(lang, format!("mức xếp loại `{r}` được khai báo hai lần"), format!("rating `{r}` is declared twice")),
            RatingOrder { label, previous } => tr!(
                lang,
                format!("mức `{label}` phải có `min` thấp hơn mức `{previous}` đứng trước (xếp từ cao xuống thấp)"),
                format!("rating `{label}` must have a lower `min` than `{previous}` before it (highest first)"),
            ),
            NoRatings => tr!(lang, "quy chế chưa khai báo thang xếp loại ([[rating]])".into(), "the regulation declares no rating scale ([[rating]])".into()),
            RatingNoFloor => tr!(lang, "mức xếp loại thấp nhất phải có `min = 0`".into(), "the lowest rating must have `min = 0`".into()),
            RatingNoFloorHint => tr!(lang, "nếu không, đơn vị có chỉ số thấp sẽ không được xếp loại".into(), "otherwise a unit with a low index gets no rating".into()),
            InvalidCode(c) => tr!(
                lang,
                format!("mã tiêu chí `{c}` không hợp lệ: dùng các số cách nhau bởi dấu chấm, ví dụ \"3.4.2\""),
                format!("invalid criterion code `{c}`: use numbers separated by dots, e.g. \"3.4.2\""),
            ),
            RemovedOutsideOverlay(c) => tr!(
                lang,
                format!("`removed` ở tiêu chí {c} chỉ dùng trong phụ lục bổ sung có `extends`"),
                format!("`removed` on {c} is only for overlays with `extends`"),
            ),
            UnknownEvidencePolicy(p) => tr!(lang, format!("chính sách tài liệu kiểm chứng `{p}` không hợp lệ: dùng \"warn\" hoặc \"zero\""), format!("unknown evidence policy `{p}`: use \"warn\" or \"zero\"")),
            UnknownKind(k) => tr!(lang, format!("loại `{k}` không hợp lệ: dùng \"bonus\" hoặc \"deduction\""), format!("unknown kind `{k}`: use \"bonus\" or \"deduction\"")),
            UnknownAssessedBy(a) => tr!(lang, format!("`assessed_by = \"{a}\"` không hợp lệ: dùng \"unit\" (đơn vị tự chấm) hoặc \"council\" (Hội đồng thẩm định chấm)"), format!("unknown `assessed_by = \"{a}\"`: use \"unit\" (the unit scores it) or \"council\" (the appraisal council does)")),
            NaAllowedOnComputed => tr!(
                lang,
                "`na_allowed` chỉ dùng cho tiêu chí manual, yes_no, choice; tiêu chí tính toán dùng na() trong biểu thức".into(),
                "`na_allowed` is for manual, yes_no and choice leaves; computed leaves use na() in their expression".into(),
            ),
            InvalidInputName(s) => tr!(
                lang,
                format!("tên dữ kiện `{s}` không hợp lệ: dùng chữ không dấu, số và `_`, không trùng tên hàm hay `max`"),
                format!("invalid input name `{s}`: use ASCII letters, digits and `_`, not a function name nor `max`"),
            ),
            UnknownSource(s) => tr!(lang, format!("nguồn `{s}` không hợp lệ: dùng self, data hoặc subordinates"), format!("unknown source `{s}`: use self, data or subordinates")),
            PointsOutOfRange { points, max } => tr!(
                lang,
                format!("điểm {} nằm ngoài khoảng [0, {}]", n(points), n(max)),
                format!("points {} outside [0, {}]", n(points), n(max)),
            ),
            DuplicateOption(o) => tr!(lang, format!("lựa chọn \"{o}\" bị trùng"), format!("option \"{o}\" is repeated")),
            ChoiceWithoutOptions => tr!(lang, "phương pháp choice cần danh sách `options`".into(), "method choice needs `options`".into()),
            BandsWithoutBands => tr!(lang, "phương pháp bands cần danh sách `bands`".into(), "method bands needs `bands`".into()),
            BandsNeedValue(k) => tr!(
                lang,
                format!("tiêu chí bands có {k} dữ kiện nên cần biểu thức `value`"),
                format!("a bands leaf with {k} inputs needs a `value` expression"),
            ),
            UnknownMethod(m) => tr!(
                lang,
                format!("phương pháp chấm `{m}` không hợp lệ: manual, yes_no, choice, bands, formula"),
                format!("unknown method `{m}`: manual, yes_no, choice, bands, formula"),
            ),
            KeyNotForMethod { key, method } => tr!(
                lang,
                format!("khóa `{key}` không dùng cho phương pháp {method}"),
                format!("key `{key}` does not belong to method {method}"),
            ),
            ExpressionCompile(f) => tr!(lang, format!("biểu thức không hợp lệ: {}", failure(f, lang)), format!("invalid expression: {}", failure(f, lang))),
            ExpressionVariables(v) => tr!(
                lang,
                format!(
                    "biến dùng được: {}; hàm: {}; phép toán: {}",
                    list(v),
                    crate::expr::usages(),
                    crate::expr::OPERATORS
                ),
                format!(
                    "variables available: {}; functions: {}; operators: {}",
                    list(v),
                    crate::expr::usages(),
                    crate::expr::OPERATORS
                ),
            ),
            ExpressionAsciiName(ascii) => tr!(
                lang,
                format!("tên dữ kiện chỉ dùng chữ ASCII, không dấu: ví dụ `{ascii}`"),
                format!("fact names are written in ASCII, without diacritics: e.g. `{ascii}`"),
            ),
            DuplicateCode(c) => tr!(lang, format!("mã tiêu chí {c} bị trùng"), format!("criterion code {c} is repeated")),
            RemovedUnknown { code, base } => tr!(
                lang,
                format!("không thể bỏ tiêu chí {code}: không có trong phụ lục {base}"),
                format!("cannot remove {code}: it is not in appendix {base}"),
            ),
            MissingParent { code, parent } => tr!(
                lang,
                format!("tiêu chí {code} không có tiêu chí cha {parent}"),
                format!("criterion {code} has no parent {parent}"),
            ),
            KindNotTopLevel(c) => tr!(
                lang,
                format!("`kind` của {c} khác với lĩnh vực chứa nó: chỉ đặt `kind` ở cấp lĩnh vực"),
                format!("`kind` of {c} differs from its area: set `kind` on top-level nodes only"),
            ),
            MethodOnBranch(c) => tr!(
                lang,
                format!("tiêu chí {c} có tiêu chí con nên không có phương pháp chấm riêng"),
                format!("criterion {c} has sub-criteria, so it cannot have a method"),
            ),
            SumMismatch { code, max, sum } => tr!(
                lang,
                format!("điểm tối đa của {code} là {} nhưng tổng các tiêu chí con là {}", n(max), n(sum)),
                format!("max of {code} is {} but its children add up to {}", n(max), n(sum)),
            ),
            ChildrenSum(s) => tr!(lang, format!("tổng thực tế: {}", n(s)), format!("actual sum: {}", n(s))),
            TotalMismatch { total, sum } => tr!(
                lang,
                format!("`total` là {} nhưng tổng điểm các lĩnh vực là {}", n(total), n(sum)),
                format!("`total` is {} but the areas add up to {}", n(total), n(sum)),
            ),
            AppendixIdMismatch { id, file } => tr!(
                lang,
                format!("phụ lục có id `{id}` nhưng tệp tên là {file}.toml"),
                format!("appendix id `{id}` differs from its file name {file}.toml"),
            ),
            DuplicateAppendix(a) => tr!(lang, format!("phụ lục `{a}` bị trùng"), format!("appendix `{a}` is repeated")),
            UnknownAppendix(a) => tr!(lang, format!("không có phụ lục `{a}`"), format!("no appendix `{a}`")),
            AppendixFileHint(p) => tr!(lang, format!("tạo tệp {p}"), format!("create {p}")),
            OverlayOfOverlay(a) => tr!(
                lang,
                format!("`{a}` đã là phụ lục bổ sung; chỉ được mở rộng phụ lục gốc"),
                format!("`{a}` is itself an overlay; extend a base appendix"),
            ),
            BlockUsesOverlay(a) => tr!(
                lang,
                format!("khối dùng phụ lục bổ sung `{a}`; hãy dùng phụ lục gốc và khai báo `extra` cho đơn vị"),
                format!("the block uses overlay `{a}`; use the base appendix and list the overlay in the unit's `extra`"),
            ),
            OverlayNotForBlock { overlay, appendix } => tr!(
                lang,
                format!("phụ lục bổ sung `{overlay}` không mở rộng phụ lục `{appendix}` của khối"),
                format!("overlay `{overlay}` does not extend the block's appendix `{appendix}`"),
            ),
            OverlayListedTwice(x) => tr!(
                lang,
                format!("phụ lục bổ sung `{x}` được liệt kê hai lần trong `extra`"),
                format!("overlay `{x}` is listed twice in `extra`"),
            ),
            InvalidUnitCode(c) => tr!(
                lang,
                format!("mã đơn vị `{c}` không hợp lệ (không dùng khoảng trắng, `/`, `.`)"),
                format!("invalid unit code `{c}` (no spaces, `/` or `.`)"),
            ),
            UnitCodeInvisible { code, char } => tr!(
                lang,
                format!("mã đơn vị `{code}` chứa ký tự điều khiển hoặc ký tự vô hình {char}"),
                format!("unit code `{code}` holds a control or invisible character {char}"),
            ),
            UnitCodeMixedScripts { code, scripts } => tr!(
                lang,
                format!("mã đơn vị `{code}` trộn chữ của nhiều hệ chữ viết: {}", scripts.join(", ")),
                format!("unit code `{code}` mixes letters of several scripts: {}", scripts.join(", ")),
            ),
            UnitCodeConfusable { code, other } => tr!(
                lang,
                format!("mã đơn vị `{code}` trông giống mã `{other}` của đơn vị khác"),
                format!("unit code `{code}` looks like the code `{other}` of another unit"),
            ),
            UnitCodeLookAlikeHint => tr!(
                lang,
                "gõ lại mã bằng chữ Latinh và chữ số (chữ Hy Lạp Ν, chữ Kirin А trông như N, A)".into(),
                "type the code again in Latin letters and digits (Greek Ν, Cyrillic А look like N, A)".into(),
            ),
            DuplicateUnit(c) => tr!(lang, format!("đơn vị `{c}` được khai báo hai lần"), format!("unit `{c}` is declared twice")),
            DuplicateAnswerFile { unit, file, other } => tr!(
                lang,
                format!("{file}: đơn vị `{unit}` đã có tệp {other} (hai tên tệp chỉ khác nhau ở cách mã hóa dấu); tệp này không được đọc"),
                format!("{file}: unit `{unit}` already has the file {other} (the two names differ only in how accents are encoded); this file is not read"),
            ),
            UnknownBlock(b) => tr!(lang, format!("không có khối `{b}` trong quy chế"), format!("no block `{b}` in the regulation")),
            KnownBlocks(b) => tr!(lang, format!("các khối: {}", list(b)), format!("blocks: {}", list(b))),
            UnknownParent(p) => tr!(lang, format!("đơn vị cấp trên `{p}` không có trong danh sách"), format!("parent unit `{p}` is not listed")),
            ParentCycle(c) => tr!(
                lang,
                format!("vòng lặp đơn vị cấp trên: {} → {}", c.join(" → "), c.first().cloned().unwrap_or_default()),
                format!("parent cycle: {} → {}", c.join(" → "), c.first().cloned().unwrap_or_default()),
            ),
            UnknownUnit(u) => tr!(lang, format!("không có đơn vị `{u}` trong units.toml"), format!("no unit `{u}` in units.toml")),
            AnswerFileForUnknownUnit { unit, file } => tr!(
                lang,
                format!("{file}: đơn vị `{unit}` không có trong units.toml"),
                format!("{file}: unit `{unit}` is not in units.toml"),
            ),
            MissingSelfAssessment(p) => tr!(lang, format!("chưa có bản tự đánh giá {p}"), format!("no self-assessment {p}")),
            MisnamedAnswerFile { file, wanted } => tr!(
                lang,
                format!("{file} không được đọc: bản tự đánh giá phải có tên đúng là {wanted}"),
                format!("{file} is not read: the self-assessment must be named exactly {wanted}"),
            ),
            RenameHint { from, to } => tr!(
                lang,
                format!("đổi tên tệp {from} thành {to} (trên Windows: bật \"File name extensions\" trong File Explorer để thấy đuôi .txt); đừng tạo mẫu mới, mẫu mới sẽ không có các câu trả lời đã điền"),
                format!("rename {from} to {to} (on Windows, turn on \"File name extensions\" in File Explorer to see a .txt ending); do not make a new template, it would not have the answers filled in"),
            ),
            NoDataset { year, fact, criteria, units } => tr!(
                lang,
                format!("không tệp dữ liệu nào trong scores/{year}/data có cột `{fact}`, dữ kiện chính thức mà tiêu chí {} đọc: {units} đơn vị bị chấm thiếu dữ kiện này", criteria.join(", ")),
                format!("no dataset in scores/{year}/data has a column `{fact}`, the official figure criteria {} read: {units} units are scored without it", criteria.join(", ")),
            ),
            NoDatasetHint { year, fact, import } => match import {
                Some(kind) => tr!(
                    lang,
                    format!("nhập dữ liệu: chiso import {kind} {year} <TỆP>; chiso lock {year} coi thiếu dữ liệu chính thức là lỗi"),
                    format!("import it: chiso import {kind} {year} <FILE>; chiso lock {year} treats missing official data as an error"),
                ),
                None => tr!(
                    lang,
                    format!("thêm cột `{fact}` vào một tệp CSV trong scores/{year}/data; chiso lock {year} coi thiếu dữ liệu chính thức là lỗi"),
                    format!("add a column `{fact}` to a CSV in scores/{year}/data; chiso lock {year} treats missing official data as an error"),
                ),
            },
            NoDataForUnit { unit, facts, files } => tr!(
                lang,
                format!("dữ liệu chính thức ({}) không có số liệu {} của đơn vị {unit}", files.join(", "), list(facts)),
                format!("the official data ({}) has no figure {} for unit {unit}", files.join(", "), list(facts)),
            ),
            MissingDataHint { year } => tr!(
                lang,
                format!("thêm dòng (hoặc ô) của đơn vị vào tệp dữ liệu, hoặc nhập lại tệp gốc bằng chiso import; chiso lock {year} coi thiếu dữ liệu chính thức là lỗi"),
                format!("add the unit's row (or cell) to the dataset, or import the source again with chiso import; chiso lock {year} treats missing official data as an error"),
            ),
            TemplateHint { year, unit } => tr!(
                lang,
                format!("tạo mẫu bằng: chiso template {year} {unit}"),
                format!("create one with: chiso template {year} {unit}"),
            ),
            UnitMismatch { found, expected } => tr!(
                lang,
                format!("`unit = \"{found}\"` khác với tên tệp {expected}.toml"),
                format!("`unit = \"{found}\"` differs from the file name {expected}.toml"),
            ),
            AnswerOnBranch(c) => tr!(
                lang,
                format!("{c} có tiêu chí con: chấm điểm từng tiêu chí thành phần"),
                format!("{c} has sub-criteria: answer each of them"),
            ),
            AnswerTheLeaves(c) => tr!(lang, format!("các tiêu chí thành phần: {}", list(c)), format!("its sub-criteria: {}", list(c))),
            UnknownCriterion(c) => tr!(lang, format!("không có tiêu chí {c} trong bộ tiêu chí của đơn vị"), format!("no criterion {c} in the unit's criteria")),
            SeveralAnswers(k) => tr!(lang, format!("chỉ được trả lời bằng một khóa, đang có {}", list(k)), format!("answer with one key only, found {}", list(k))),
            NaNotAllowed(c) => tr!(lang, format!("tiêu chí {c} không cho phép khai \"không phát sinh\""), format!("criterion {c} cannot be declared not applicable")),
            NaNotAllowedHint => tr!(
                lang,
                "chỉ tiêu chí có `na_allowed = true` trong phụ lục mới được khai `na = true`".into(),
                "only leaves with `na_allowed = true` in the appendix accept `na = true`".into(),
            ),
            AnswerMismatch { key, method, expected } => tr!(
                lang,
                format!("tiêu chí chấm theo {method} nên trả lời bằng `{expected}`, không phải `{key}`"),
                format!("a {method} criterion is answered with `{expected}`, not `{key}`"),
            ),
            NotMultipleOfStep { points, step } => tr!(
                lang,
                format!("điểm {} không phải bội số của bước chấm {}", n(points), n(step)),
                format!("points {} are not a multiple of the step {}", n(points), n(step)),
            ),
            NearestValid(a, b) => tr!(
                lang,
                format!("điểm hợp lệ gần nhất: {} hoặc {}", n(a), n(b)),
                format!("nearest valid points: {} or {}", n(a), n(b)),
            ),
            UnknownOption(o) => tr!(lang, format!("không có lựa chọn \"{o}\""), format!("no option \"{o}\"")),
            ValidOptions(o) => tr!(lang, format!("các lựa chọn: {}", list(o)), format!("options: {}", list(o))),
            CouncilCriterion { code, key } => tr!(
                lang,
                format!("tiêu chí {code} do Hội đồng thẩm định chấm: đơn vị không tự chấm (`{key}` không được tính)"),
                format!("criterion {code} is scored by the appraisal council: the unit does not answer it (`{key}` is not counted)"),
            ),
            CouncilCriterionHint => tr!(
                lang,
                "xóa dòng trả lời (points, yes, choice, na, facts); Hội đồng ghi quyết định trong appraisal/<ĐƠN VỊ>.toml. Đơn vị vẫn có thể ghi explanation (giải trình), evidence, note".into(),
                "remove the answer line (points, yes, choice, na, facts); the council records its decision in appraisal/<UNIT>.toml. The unit may still write an explanation, evidence and a note".into(),
            ),
            UnknownFact { fact, code } => tr!(lang, format!("tiêu chí {code} không có dữ kiện `{fact}`"), format!("criterion {code} has no input `{fact}`")),
            ExpectedFacts(f) => tr!(lang, format!("dữ kiện của tiêu chí: {}", list(f)), format!("the criterion's inputs: {}", list(f))),
            RoundFromOne => tr!(lang, "`round` bắt đầu từ 1".into(), "`round` starts at 1".into()),
            MissingReason(c) => tr!(lang, format!("điều chỉnh tiêu chí {c} thiếu lý do"), format!("the adjustment of {c} has no reason")),
            MissingReasonHint => tr!(lang, "mỗi điều chỉnh phải có `reason = \"...\"`".into(), "every adjustment needs `reason = \"...\"`".into()),
            DuplicateRound { code, round, line } => tr!(
                lang,
                format!("tiêu chí {code} đã được điều chỉnh ở vòng {round} (dòng {line})"),
                format!("{code} is already adjusted in round {round} (line {line})"),
            ),
            AcceptWithAnswer(c) => tr!(
                lang,
                format!("điều chỉnh {c} có `accept = true` nên không được kèm điểm hay dữ kiện"),
                format!("the adjustment of {c} has `accept = true` and cannot also give an answer or facts"),
            ),
            EmptyAdjustment(c) => tr!(
                lang,
                format!("điều chỉnh {c} phải có điểm (points/yes/choice/facts/na) hoặc `accept = true`"),
                format!("the adjustment of {c} needs an answer (points/yes/choice/facts/na) or `accept = true`"),
            ),
            NothingToKeep { code, round } => tr!(
                lang,
                format!("`accept = false` ở vòng {round} giữ quyết định của vòng trước, nhưng tiêu chí {code} chưa có điều chỉnh nào ở vòng trước"),
                format!("`accept = false` in round {round} keeps the previous round's decision, but {code} has no adjustment in an earlier round"),
            ),
            NothingToKeepHint => tr!(
                lang,
                "ghi điểm của Hội đồng (points/yes/choice/facts/na) thay cho `accept = false`; `accept = false` chỉ dùng từ vòng 2 để không chấp nhận giải trình".into(),
                "write the council's answer (points/yes/choice/facts/na) instead of `accept = false`; `accept = false` is for round 2 and later, to turn an explanation down".into(),
            ),
            CsvError(e) => tr!(lang, format!("tệp CSV không đọc được: {e}"), format!("unreadable CSV: {e}")),
            CsvHeader => tr!(lang, "cột đầu tiên của dòng tiêu đề phải là `unit`".into(), "the first header column must be `unit`".into()),
            CsvHeaderHint => tr!(lang, "ví dụ: unit,tre_han,da_giai_quyet".into(), "for example: unit,tre_han,da_giai_quyet".into()),
            CsvBadColumn(c) => tr!(lang, format!("tên cột `{c}` rỗng hoặc bị trùng"), format!("column `{c}` is empty or repeated")),
            CsvFieldCount { found, expected } => tr!(
                lang,
                format!("dòng có {found} cột, tiêu đề có {expected} cột"),
                format!("the row has {found} fields, the header {expected}"),
            ),
            CsvNumber(v) => tr!(lang, format!("giá trị `{v}` không phải số thập phân thuần"), format!("`{v}` is not a plain decimal number")),
            CsvNumberHint => tr!(
                lang,
                "dùng dấu chấm thập phân, không dấu phân cách hàng nghìn, không `%` (ví dụ 5418 hoặc 95.21); tệp xuất từ phần mềm thì dùng `chiso import`".into(),
                "use a decimal point, no thousands separators, no `%` (e.g. 5418 or 95.21); convert vendor exports with `chiso import`".into(),
            ),
            DuplicateFact { unit, fact, previous } => tr!(
                lang,
                format!("dữ kiện `{fact}` của đơn vị {unit} đã có ở {previous}"),
                format!("fact `{fact}` of unit {unit} is already given at {previous}"),
            ),
            UnknownFactKind(k) => tr!(
                lang,
                format!("kiểu dữ kiện `{k}` không hợp lệ: dùng \"count\", \"percent\" hoặc \"number\""),
                format!("unknown input type `{k}`: use \"count\", \"percent\" or \"number\""),
            ),
            UnknownCheckLevel(l) => tr!(
                lang,
                format!("mức `{l}` không hợp lệ: dùng \"error\" hoặc \"warning\""),
                format!("unknown level `{l}`: use \"error\" or \"warning\""),
            ),
            NotOfKind { fact, kind, written, row } => {
                let (vi, en) = match row {
                    Some((line, unit)) => (
                        format!("dòng {line} ({unit}), cột `{fact}`"),
                        format!("row {line} ({unit}), column `{fact}`"),
                    ),
                    None => (format!("`{fact}`"), format!("`{fact}`")),
                };
                match kind {
                    crate::facts::FactKind::Percent => tr!(
                        lang,
                        format!("{vi} là tỷ lệ phần trăm (từ 0 đến 100), không thể là {written}"),
                        format!("{en} is a percentage (0 to 100), not {written}"),
                    ),
                    _ => tr!(
                        lang,
                        format!("{vi} là số đếm (số nguyên không âm), không thể là {written}"),
                        format!("{en} is a count (a whole number, not negative), not {written}"),
                    ),
                }
            }
            ThousandsHint { written, meant } => tr!(
                lang,
                format!("nếu {written} là {meant} (dấu phân cách hàng nghìn), viết {meant}: số không có dấu phân cách"),
                format!("if {written} means {meant} (a thousands separator), write {meant}: numbers have no separators"),
            ),
            KindHint(crate::facts::FactKind::Percent) => tr!(
                lang,
                "viết tỷ lệ theo phần trăm, ví dụ 95.5 cho 95,5%".into(),
                "write the rate in percent, e.g. 95.5 for 95.5%".into(),
            ),
            KindHint(_) => tr!(
                lang,
                "viết số đếm là số nguyên, ví dụ 36".into(),
                "write a count as a whole number, e.g. 36".into(),
            ),
            CheckFailed { rule, values } => {
                let values = values.iter().map(|(k, v)| format!("{k} = {}", n(v))).collect::<Vec<_>>().join(", ");
                tr!(
                    lang,
                    format!("số liệu không thỏa điều kiện `{rule}`: {values}"),
                    format!("the figures fail the check `{rule}`: {values}"),
                )
            }
            CheckHint => tr!(
                lang,
                "điều kiện do quy chế đặt ra; đối chiếu lại các số liệu này với hồ sơ gốc".into(),
                "the regulation sets this check; compare these figures with their source".into(),
            ),
            RateAbove100 { value, values } => {
                let values = values.iter().map(|(k, v)| format!("{k} = {}", n(v))).collect::<Vec<_>>().join(", ");
                tr!(
                    lang,
                    format!("tỷ lệ tính được là {}%, vượt quá 100% ({values})", n(value)),
                    format!("the computed rate is {}%, above 100% ({values})", n(value)),
                )
            }
            RateAbove100Hint => tr!(
                lang,
                "một tỷ lệ không vượt quá 100%: kiểm tra tử số, mẫu số và dấu phân cách hàng nghìn".into(),
                "a rate cannot exceed 100%: check the numerator, the denominator and thousands separators".into(),
            ),
            DatasetRowSumHint => tr!(
                lang,
                "đối chiếu dòng này với phần mềm một cửa hoặc báo cáo gốc; điểm được tính theo số liệu như trong tệp".into(),
                "check this row against the one-stop software or the source report; points use the figures as written".into(),
            ),
            OverlayTotalHint(sum) => tr!(
                lang,
                format!("phụ lục bổ sung làm thay đổi tổng điểm: ghi `total = {}` trong tệp này", n(sum)),
                format!("the overlay changes the sum of the areas: write `total = {}` in this file", n(sum)),
            ),
            OverlappingPeriods { unit, fact, period, other } => tr!(
                lang,
                format!("{unit} `{fact}`: kỳ {period} trùng với kỳ {other} (cùng số liệu được ghi hai lần)"),
                format!("{unit} `{fact}`: the period {period} overlaps {other} (the same figures twice)"),
            ),
            PeriodsRead { fact, figure } => {
                let list = |year: bool, sep: &str| {
                    figure
                        .periods
                        .iter()
                        .filter(|(p, _)| (*p == crate::facts::Period::Year) == year)
                        .map(|(p, v)| format!("{} {}", p.name(), num::fmt(*v, lang)))
                        .collect::<Vec<_>>()
                        .join(sep)
                };
                let (periods, annual) = (list(false, " + "), list(true, ""));
                let year = figure.year.map(|v| num::fmt(v, lang)).unwrap_or_default();
                match (figure.summed, annual.is_empty()) {
                    (true, true) => tr!(
                        lang,
                        format!("{fact}: tổng các kỳ {periods} = {year} (quy chế: sum_periods)"),
                        format!("{fact}: the sum of the periods {periods} = {year} (regulation: sum_periods)"),
                    ),
                    (true, false) => tr!(
                        lang,
                        format!("{fact}: tổng các kỳ {periods} = {year} (quy chế: sum_periods); dòng cả năm {annual} không dùng"),
                        format!("{fact}: the sum of the periods {periods} = {year} (regulation: sum_periods); the year's row {annual} is not read"),
                    ),
                    (false, false) => tr!(
                        lang,
                        format!("{fact}: dùng dòng cả năm {annual}; các kỳ {} được lưu, không dùng", list(false, ", ")),
                        format!("{fact}: the year's row {annual} is read; the periods {} are recorded, not read", list(false, ", ")),
                    ),
                    (false, true) => tr!(
                        lang,
                        format!("{fact}: không có dòng cả năm (nam); các kỳ {} được lưu, không dùng (quy chế không cộng các kỳ của tệp này)", list(false, ", ")),
                        format!("{fact}: no row for the year (nam); the periods {} are recorded, not read (the regulation does not sum this dataset's periods)", list(false, ", ")),
                    ),
                }
            }
            UnknownPeriod(p) => tr!(lang, format!("kỳ `{p}` không hợp lệ"), format!("unknown period `{p}`")),
            PeriodHint => tr!(
                lang,
                "kỳ là nam (cả năm, hoặc để trống), 6t (6 tháng đầu năm), q1, q2, q3 hoặc q4".into(),
                "a period is nam (the year, or empty), 6t (the first six months), q1, q2, q3 or q4".into(),
            ),
            Unanswered(t) => tr!(lang, format!("chưa chấm điểm: {t}"), format!("not answered: {t}")),
            MissingInput(f) => tr!(lang, format!("thiếu dữ kiện {}", list(f)), format!("missing input {}", list(f))),
            MissingInputHint => tr!(
                lang,
                "khai trong `facts` của bản tự đánh giá hoặc bổ sung vào scores/<năm>/data/*.csv".into(),
                "give it in the self-assessment's `facts` or in scores/<year>/data/*.csv".into(),
            ),
            Discrepancy { fact, reported, official } => tr!(
                lang,
                format!("đơn vị khai `{fact}` = {}, dữ liệu chính thức là {}", n(reported), n(official)),
                format!("the unit reports `{fact}` = {}, the official data says {}", n(reported), n(official)),
            ),
            DiscrepancyHint(f) => tr!(lang, format!("điểm thẩm định dùng số liệu trong {f}"), format!("final points use the value in {f}")),
            NoBand(v) => tr!(lang, format!("giá trị {} không thuộc khoảng điểm nào: 0 điểm", n(v)), format!("value {} matches no band: 0 points", n(v))),
            Clamped { value, max } => tr!(
                lang,
                format!("kết quả công thức {} được giới hạn trong [0, {}]", n(value), n(max)),
                format!("formula result {} clamped to [0, {}]", n(value), n(max)),
            ),
            LockFileInvalid(e) => tr!(lang, format!("tệp khóa kết quả không hợp lệ: {e}"), format!("invalid results lock: {e}")),
            LockFileHint { year } => tr!(
                lang,
                format!("tệp này do `chiso lock {year}` tạo ra và không được sửa tay; khôi phục bản đã công bố hoặc khóa lại bằng `chiso lock {year} --force`"),
                format!("this file is written by `chiso lock {year}` and must not be edited; restore the published copy or re-lock with `chiso lock {year} --force`"),
            ),
            VerifyHint { year } => tr!(
                lang,
                format!("kết quả năm {year} đã khóa; chạy `chiso verify {year}` để xem kết quả có thay đổi không"),
                format!("the {year} results are locked; run `chiso verify {year}` to see whether results change"),
            ),
            LockedInputChanged { file, locked_at } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("{file} đã thay đổi sau khi khóa kết quả ({locked_at})"),
                    format!("{file} changed after the results were locked ({locked_at})"),
                )
            }
            LockedInputAdded { file, locked_at } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("{file} được thêm sau khi khóa kết quả ({locked_at})"),
                    format!("{file} was added after the results were locked ({locked_at})"),
                )
            }
            LockedInputRemoved { file, locked_at } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("{file} đã bị xóa sau khi khóa kết quả ({locked_at})"),
                    format!("{file} was removed after the results were locked ({locked_at})"),
                )
            }
            LockFieldEdited { unit, field, written, now } => {
                let shown = match unit {
                    Some(code) if field == "unit" || field == "record" => tr!(lang, format!("đơn vị {code}"), format!("unit {code}")),
                    Some(code) => tr!(lang, format!("đơn vị {code}: {field}"), format!("unit {code}: {field}")),
                    None => field.clone(),
                };
                let (written_vi, written_en) = match written {
                    Some(w) => (format!("ghi `{w}`"), format!("it reads `{w}`")),
                    None if field == "record" => ("không còn khớp dấu niêm phong".into(), "it no longer matches its seal".into()),
                    None => ("đã bị xóa".into(), "it was removed".into()),
                };
                let (now_vi, now_en) = match now {
                    Some(n) => (format!("; tính lại: `{n}`"), format!("; recomputed: `{n}`")),
                    None => (String::new(), String::new()),
                };
                tr!(
                    lang,
                    format!("{shown} trong tệp khóa đã bị sửa sau khi khóa ({written_vi}{now_vi}): giá trị này không phải giá trị đã khóa"),
                    format!("{shown} was changed in the lock file after locking ({written_en}{now_en}): it is not the locked value"),
                )
            }
            LockNotSealed => tr!(
                lang,
                "tệp khóa không có dấu niêm phong (content_sha256 và [seal]): không phải do chiso này ghi, hoặc đã bị sửa; không xác minh được giá trị nào trong đó".into(),
                "the lock file has no seal (content_sha256 and [seal]): not written by this chiso, or edited; none of its values can be confirmed".into(),
            ),
            LockEditedHint { year } => tr!(
                lang,
                format!("tệp khóa chỉ do `chiso lock` ghi, không sửa tay; khôi phục bản đã công bố, hoặc khóa lại kết quả hiện nay bằng `chiso lock {year} --force`"),
                format!("a lock is written by `chiso lock`, never by hand; restore the published copy, or lock today's results with `chiso lock {year} --force`"),
            ),
            LockUnsigned { key, from_regulation } => {
                let (vi, en) = key_source(*from_regulation);
                tr!(
                    lang,
                    format!("bản khóa không có chữ ký, nhưng {vi} yêu cầu chữ ký của khóa {key}"),
                    format!("the lock is not signed, but {en} requires a signature by key {key}"),
                )
            }
            LockOtherKey { signed_by, key, from_regulation } => {
                let (vi, en) = key_source(*from_regulation);
                let by = signed_by.as_deref().unwrap_or("?");
                tr!(
                    lang,
                    format!("bản khóa được ký bằng khóa khác ({by}), không phải khóa {key} mà {vi} yêu cầu"),
                    format!("the lock is signed by another key ({by}), not by key {key} that {en} requires"),
                )
            }
            LockBadSignature { key } => tr!(
                lang,
                format!("chữ ký của bản khóa không khớp với nội dung (khóa {key}): tệp khóa đã bị sửa sau khi ký"),
                format!("the lock's signature does not match its content (key {key}): the lock file was changed after it was signed"),
            ),
            LockSignHint { year } => tr!(
                lang,
                format!("người quản trị giữ khóa bí mật ký lại bản khóa: chiso lock {year} --force --sign TỆP-KHÓA"),
                format!("the administrator who holds the private key signs the lock again: chiso lock {year} --force --sign KEYFILE"),
            ),
            InvalidPublicKey(k) => tr!(
                lang,
                format!("`{k}` không phải khóa công khai Ed25519"),
                format!("`{k}` is not an Ed25519 public key"),
            ),
            PublicKeyHint => tr!(
                lang,
                "64 chữ số thập lục phân, như `chiso key new` in ra".into(),
                "64 hexadecimal digits, as `chiso key new` prints".into(),
            ),
            MissingEvidenceHint => tr!(lang, "bổ sung tài liệu kiểm chứng (evidence) hoặc giải trình (explanation)".into(), "add the evidence, or an explanation".into()),
            EvidencePolicyZeroed => tr!(lang, "theo quy chế (evidence_policy = \"zero\"), điểm cuối cùng của tiêu chí này là 0 cho đến khi Hội đồng thẩm định quyết định khác".into(), "under the regulation (evidence_policy = \"zero\") the final points of this criterion are 0 until the council decides otherwise".into()),
            MissingEvidence(e) => tr!(lang, format!("thiếu tài liệu kiểm chứng: {e}"), format!("missing evidence: {e}")),
            ExpressionRuntime(f) => tr!(lang, format!("lỗi khi tính biểu thức: {}", failure(f, lang)), format!("expression failed: {}", failure(f, lang))),
            ZeroApplicableMax(side) => tr!(
                lang,
                format!("tổng điểm tối đa áp dụng bằng 0 ({}): không tính được chỉ số", side.text(lang)),
                format!("the applicable max is 0 ({}): no index", side.text(lang)),
            ),
            SideSelf => tr!(lang, "tự chấm".into(), "self".into()),
            SideFinal => tr!(lang, "thẩm định".into(), "final".into()),
            Test(m) => m.text(lang),
            Import(m) => m.text(lang),
            Season(m) => m.text(lang),
            Evidence(m) => m.text(lang),
            Workbook(m) => m.text(lang),
            ConsequenceRating(r) => tr!(lang, format!("mức xếp loại `{r}` không có trong thang xếp loại ([[rating]])"), format!("rating `{r}` is not on the rating scale ([[rating]])")),
            ConsequenceNoRatings => tr!(lang, "`ratings` rỗng: hệ quả này không bao giờ áp dụng".into(), "`ratings` is empty: this consequence can never apply".into()),
            KnownRatings(r) => tr!(lang, format!("các mức xếp loại: {}", list(r)), format!("ratings: {}", list(r))),
            ConsequenceYears => tr!(lang, "`years` (số năm liên tiếp) phải từ 1 trở lên".into(), "`years` (consecutive years) must be at least 1".into()),
            PredecessorIsSelf(c) => tr!(
                lang,
                format!("đơn vị {c} không cần khai chính mình trong `previous`: mã giữ nguyên thì tự động được theo dõi"),
                format!("unit {c} need not list itself in `previous`: a kept code is followed automatically"),
            ),
            PredecessorTwice(c) => tr!(lang, format!("đơn vị tiền thân `{c}` được khai hai lần"), format!("predecessor `{c}` is listed twice")),
            UnknownPredecessor { code, year } => tr!(
                lang,
                format!("không có đơn vị `{code}` trong scores/{year}/units.toml"),
                format!("no unit `{code}` in scores/{year}/units.toml"),
            ),
            UnknownRankedWithin(w) => tr!(
                lang,
                format!("`ranked_within = \"{w}\"` không hợp lệ: dùng \"block\" (xếp hạng trong toàn khối) hoặc \"parent\" (xếp hạng trong đơn vị cấp trên)"),
                format!("unknown `ranked_within = \"{w}\"`: use \"block\" (ranked across the block) or \"parent\" (ranked within the parent unit)"),
            ),
            TargetNotInput(name) => tr!(
                lang,
                format!("`target = \"{name}\"` không phải là dữ kiện (inputs) của tiêu chí tính toán này"),
                format!("`target = \"{name}\"` is not an input of this computed criterion"),
            ),
            TargetNotInputHint => tr!(
                lang,
                "`target` nêu tên dữ kiện chứa chỉ tiêu riêng của đơn vị, ví dụ `chi_tieu_truc_tuyen`, khai trong `inputs` với `source = \"data\"`".into(),
                "`target` names the input holding the unit's own target, e.g. `chi_tieu_truc_tuyen`, declared in `inputs` with `source = \"data\"`".into(),
            ),
            NotARank(d) => tr!(lang, format!("thứ hạng {} không hợp lệ: phải là số nguyên từ 1 trở lên", crate::num::fmt(*d, lang)), format!("rank {} is not valid: a whole number from 1", crate::num::fmt(*d, lang))),
            PercentOutOfRange(key) => tr!(lang, format!("`{key}` là tỷ lệ phần trăm, phải từ 0 đến 100"), format!("`{key}` is a percentage: from 0 to 100")),
            UnknownMergedPredecessors(m) => tr!(
                lang,
                format!("`merged_predecessors = \"{m}\"` không hợp lệ: dùng \"any\", \"all\", \"first\" hoặc \"none\""),
                format!("unknown `merged_predecessors = \"{m}\"`: use \"any\", \"all\", \"first\" or \"none\""),
            ),
            LowApplicableMax { applicable, max, threshold } => tr!(
                lang,
                format!("điểm tối đa áp dụng chỉ còn {} trên {} ({}%), dưới ngưỡng {}% của quy chế: chỉ số tính trên quá ít tiêu chí", crate::num::fmt(*applicable, lang), crate::num::fmt(*max, lang), crate::num::fmt(crate::num::round(*applicable * Decimal::ONE_HUNDRED / *max, 2), lang), crate::num::fmt(*threshold, lang)),
                format!("the applicable max is only {} of {} ({}%), below the regulation's {}%: the index rests on too few criteria", crate::num::fmt(*applicable, lang), crate::num::fmt(*max, lang), crate::num::fmt(crate::num::round(*applicable * Decimal::ONE_HUNDRED / *max, 2), lang), crate::num::fmt(*threshold, lang)),
            ),
            LowApplicableMaxHint => tr!(
                lang,
                "Hội đồng thẩm định kiểm tra các tiêu chí đơn vị khai \"không phát sinh\" (chiso review liệt kê na-claim)".into(),
                "the appraisal council should check the criteria the unit declared not applicable (chiso review lists them as na-claim)".into(),
            ),
            NoSubordinates(codes) => tr!(
                lang,
                format!("tiêu chí liên đới {} đọc kết quả của đơn vị trực thuộc, nhưng đơn vị không có đơn vị trực thuộc nào trong units.toml và không có số liệu sub_count: các tiêu chí này thành \"không phát sinh\"", list(codes)),
                format!("joint-responsibility criteria {} read the subordinates' results, but the unit has no subordinate in units.toml and no sub_count figure: they become not applicable", list(codes)),
            ),
            NoSubordinatesHint => tr!(
                lang,
                "khai các đơn vị trực thuộc (parent = mã đơn vị này) trong units.toml, hoặc nêu kết quả của chúng trong dữ liệu (cột sub_count, sub_avg_index, sub_rated:<mức xếp loại>); sub_count = 0 xác nhận không có đơn vị trực thuộc".into(),
                "list the subordinates (parent = this unit's code) in units.toml, or state their results in a dataset (columns sub_count, sub_avg_index, sub_rated:<rating>); sub_count = 0 confirms there are none".into(),
            ),
            MergedPredecessorsUsed(m) => {
                let (vi, en) = match *m {
                    "all" => ("mọi đơn vị tiền thân phải có đủ số năm liên tiếp", "the run must hold through every predecessor"),
                    "first" => ("chỉ tính đơn vị tiền thân đầu tiên trong `previous` (đơn vị lớn nhất)", "only the first predecessor in `previous` (the largest) counts"),
                    "none" => ("đơn vị sáp nhập tính lại từ năm sáp nhập", "a merged unit's record starts at the merger"),
                    _ => ("chỉ cần một đơn vị tiền thân có đủ số năm liên tiếp", "a run through any one predecessor counts"),
                };
                tr!(
                    lang,
                    format!("Đơn vị hình thành do sáp nhập nhiều đơn vị (merged_predecessors = \"{m}\"): {vi}"),
                    format!("Units formed by merging several (merged_predecessors = \"{m}\"): {en}"),
                )
            }
            RateAndTarget { rate, target } => match target {
                Some(t) => tr!(lang, format!("Tỷ lệ {rate} / chỉ tiêu {t}"), format!("Rate {rate} / target {t}")),
                None => tr!(lang, format!("Tỷ lệ {rate}"), format!("Rate {rate}")),
            },
        }
    }
}

/// Short labels: table headers, field names, words in traces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Rank,
    Code,
    Unit,
    Criterion,
    Max,
    ApplicableMax,
    SelfScore,
    FinalScore,
    SelfIndex,
    SelfTotal,
    FinalPoints,
    Index,
    Rating,
    Difference,
    Round,
    Notes,
    Points,
    Bonus,
    Deduction,
    Total,
    Units,
    AverageIndex,
    NotApplicable,
    Appendices,
    Parent,
    Method,
    Expression,
    Evidence,
    EvidenceGiven,
    Guide,
    Reference,
    Note,
    Explanation,
    Adjustments,
    Result,
    AllUnits,
    NotPublished,
    RankedBy,
    NoParent,
    PublishedUnits,
    NoProblems,
    Unanswered,
    ComputedFromData,
    /// A council criterion where the council has not adjusted it.
    CouncilPending,
    /// Template: a council criterion shown for information.
    CouncilOnly,
    FromSelf,
    FromData,
    FromAppraisal,
    Missing,
    Value,
    Band,
    NoBandMatched,
    Clamped,
    Rounded,
    Accepted,
    NotAccepted,
    DecisionKept,
    DecidedBy,
    SelfAnswer,
    OfficialDataUsed,
    DataShort,
    NoEvidenceZeroed,
    NoEvidenceShort,
    AwaitingShort,
    RoundLegend,
    To,
    Council,
    Nation,
    Motto,
    Reason,
    AfterRound,
    Number,
    Impact,
    Finding,
    Details,
    SameAnswer,
    ImpactLegend,
    LockHeader,
    Locked,
    Now,
    ChangedFiles,
    AddedFiles,
    RemovedFiles,
    ChangedResults,
    LockFields,
    FinalTotal,
    Yes,
    No,
    Options,
    Children,
    /// A criterion without a parent (`explain 2025 STP 3`).
    Area,
    Subordinates,
    DataPeriods,
}

impl Label {
    pub fn text(self, lang: Lang) -> &'static str {
        use Label::*;
        let (vi, en) = match self {
            Rank => ("Hạng", "Rank"),
            Code => ("Mã", "Code"),
            Unit => ("Đơn vị", "Unit"),
            Criterion => ("Tiêu chí", "Criterion"),
            Max => ("Tối đa", "Max"),
            ApplicableMax => ("Tối đa áp dụng", "Applicable max"),
            SelfScore => ("Tự chấm", "Self"),
            FinalScore => ("Thẩm định", "Final"),
            SelfIndex => ("Chỉ số tự chấm", "Self index"),
            SelfTotal => ("Tổng tự chấm", "Self total"),
            FinalPoints => ("Điểm thẩm định", "Final points"),
            Index => ("Chỉ số", "Index"),
            Rating => ("Xếp loại", "Rating"),
            Difference => ("Chênh lệch", "Difference"),
            Round => ("Vòng", "Round"),
            Notes => ("Ghi chú", "Notes"),
            Points => ("Điểm", "Points"),
            Bonus => ("Điểm thưởng", "Bonus"),
            Deduction => ("Điểm trừ", "Deduction"),
            Total => ("Tổng điểm", "Total"),
            Units => ("đơn vị", "units"),
            AverageIndex => ("chỉ số bình quân", "average index"),
            NotApplicable => ("KPS", "N/A"),
            Appendices => ("Phụ lục", "Appendices"),
            Parent => ("Đơn vị cấp trên", "Parent unit"),
            Method => ("Phương pháp chấm", "Method"),
            Expression => ("Biểu thức", "Expression"),
            Evidence => ("Tài liệu kiểm chứng", "Evidence"),
            EvidenceGiven => ("Tài liệu đã nộp", "Evidence given"),
            Guide => ("Hướng dẫn chấm", "Scoring guide"),
            Reference => ("Căn cứ", "Reference"),
            Note => ("Ghi chú của đơn vị", "Unit's note"),
            Explanation => ("Giải trình", "Explanation"),
            Adjustments => ("Điều chỉnh của Hội đồng thẩm định", "Appraisal adjustments"),
            Result => ("Kết quả", "Result"),
            AllUnits => ("Toàn tỉnh", "All units"),
            NotPublished => (
                "do đơn vị cấp trên xếp hạng, không tính vào kết quả toàn tỉnh",
                "ranked by the parent unit, not counted in the province's results",
            ),
            RankedBy => ("xếp hạng tại", "ranked by"),
            NoParent => ("không có đơn vị cấp trên", "no parent unit"),
            PublishedUnits => ("đơn vị được công bố", "published units"),
            NoProblems => ("Không có lỗi hay cảnh báo.", "No errors or warnings."),
            Unanswered => ("chưa chấm", "unanswered"),
            ComputedFromData => (
                "tính từ dữ liệu chính thức",
                "computed from the official data",
            ),
            CouncilPending => (
                "do Hội đồng thẩm định chấm (đơn vị không tự chấm)",
                "scored by the appraisal council (not by the unit)",
            ),
            CouncilOnly => (
                "Do Hội đồng thẩm định chấm — đơn vị không tự chấm, không ghi câu trả lời (chỉ để biết)",
                "Scored by the appraisal council — the unit does not answer it (for information only)",
            ),
            FromSelf => ("đơn vị tự khai", "reported by the unit"),
            FromData => ("dữ liệu chính thức", "official data"),
            FromAppraisal => ("thẩm định", "appraisal"),
            Missing => ("thiếu", "missing"),
            Value => ("giá trị", "value"),
            Band => ("khoảng", "band"),
            NoBandMatched => ("không khớp khoảng nào", "no band matched"),
            Clamped => ("đã giới hạn trong [0, tối đa]", "clamped to [0, max]"),
            Rounded => (
                "làm tròn (từ 5 trở lên làm tròn lên)",
                "rounded (half away from zero)",
            ),
            Accepted => ("chấp nhận kết quả tự chấm", "self answer accepted"),
            NotAccepted => ("không chấp nhận giải trình", "explanation not accepted"),
            DecisionKept => (
                "giữ quyết định vòng {round}",
                "the decision of round {round} stands",
            ),
            DecidedBy => ("quyết định bởi", "decided by"),
            SelfAnswer => ("kết quả tự chấm", "self answer"),
            OfficialDataUsed => (
                "kết quả tự chấm, thay số liệu đơn vị tự khai bằng dữ liệu chính thức",
                "self answer, with official data in place of the unit's own figures",
            ),
            DataShort => ("DL", "data"),
            NoEvidenceZeroed => (
                "0 điểm: thiếu tài liệu kiểm chứng và giải trình (evidence_policy = \"zero\")",
                "0 points: no evidence and no explanation (evidence_policy = \"zero\")",
            ),
            NoEvidenceShort => ("TLKC", "no ev."),
            LockHeader => (
                "Kết quả CCHC đã khóa: mã SHA-256 của mọi tệp đầu vào và của kết quả.\n\
                 Do `chiso lock` tạo ra; không sửa tay. Kiểm tra bằng `chiso verify`.",
                "Locked PAR results: the SHA-256 of every input file and of the results.\n\
                 Written by `chiso lock`; do not edit. Check with `chiso verify`.",
            ),
            To => ("Kính gửi", "To"),
            Council => (
                "HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC",
                "PAR INDEX APPRAISAL COUNCIL",
            ),
            Nation => (
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "SOCIALIST REPUBLIC OF VIETNAM",
            ),
            Motto => (
                "Độc lập - Tự do - Hạnh phúc",
                "Independence - Freedom - Happiness",
            ),
            Reason => ("Lý do", "Reason"),
            AfterRound => ("Sau thẩm định vòng {round}", "After round {round}"),
            Number => ("STT", "#"),
            Impact => ("Tác động", "Impact"),
            Finding => ("Nội dung cần xem xét", "Finding"),
            Details => ("Chi tiết", "Details"),
            SameAnswer => (
                "cùng câu trả lời, điểm thẩm định",
                "same answer, final points",
            ),
            ImpactLegend => (
                "Tác động: số điểm chỉ số CCHC (%) của đơn vị có thể thay đổi theo quyết định của Hội đồng.",
                "Impact: how many index points (%) of the unit the council's decision can move.",
            ),
            Locked => (
                "Khi khóa (tổng điểm · chỉ số · xếp loại · hạng)",
                "Locked (total · index · rating · rank)",
            ),
            Now => (
                "Hiện nay (tổng điểm · chỉ số · xếp loại · hạng)",
                "Now (total · index · rating · rank)",
            ),
            ChangedFiles => ("Tệp đã thay đổi", "Changed files"),
            AddedFiles => ("Tệp mới thêm", "Added files"),
            RemovedFiles => ("Tệp đã xóa", "Removed files"),
            ChangedResults => (
                "Kết quả khác với khi khóa",
                "Results that differ from the lock",
            ),
            LockFields => (
                "Thông tin của bản khóa không khớp (khi khóa → hiện nay)",
                "Fields of the lock that do not match (locked → now)",
            ),
            AwaitingShort => ("chờ", "pending"),
            RoundLegend => (
                "Cột Vòng: vòng thẩm định quyết định điểm; ✓ = chấp nhận giải trình của đơn vị; \
                 ✗ = không chấp nhận giải trình, giữ quyết định vòng trước; \
                 \"chờ\" = đơn vị đã giải trình, chờ Hội đồng quyết định ở vòng sau; \
                 DL = dùng dữ liệu chính thức thay số liệu tự khai; \
                 TLKC = 0 điểm do thiếu tài liệu kiểm chứng.",
                "Round column: the appraisal round that decided the points; ✓ = the unit's \
                 explanation accepted; ✗ = the explanation turned down, the previous round's \
                 decision stands; \"pending\" = the unit explained itself, awaiting the \
                 council's next round; data = official data replaced the unit's figures; \
                 no ev. = 0 points for missing evidence.",
            ),
            FinalTotal => ("Tổng thẩm định", "Final total"),
            Yes => ("có", "yes"),
            No => ("không", "no"),
            Options => ("Các mức", "Options"),
            Children => ("Tiêu chí thành phần", "Sub-criteria"),
            Area => ("Lĩnh vực", "Area"),
            Subordinates => (
                "Đơn vị trực thuộc (kết quả thẩm định)",
                "Subordinate units (final results)",
            ),
            DataPeriods => ("Số liệu theo kỳ", "Data by period"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Names of the review worklist's findings (see `review::Finding::slug`).
pub fn finding_name(slug: &str, lang: Lang) -> &'static str {
    match (slug, lang) {
        ("awaiting-decision", Lang::Vi) => "giải trình chờ quyết định vòng 2",
        ("awaiting-decision", Lang::En) => "explanation awaiting round 2",
        ("inconsistent", Lang::Vi) => "thẩm định không thống nhất giữa các đơn vị",
        ("inconsistent", Lang::En) => "appraised differently across units",
        ("discrepancy", Lang::Vi) => "số liệu tự khai khác dữ liệu chính thức",
        ("discrepancy", Lang::En) => "self-reported figures contradict official data",
        ("missing-evidence", Lang::Vi) => "chấm điểm nhưng thiếu tài liệu kiểm chứng",
        ("missing-evidence", Lang::En) => "points claimed without evidence",
        ("na-claim", Lang::Vi) => "đề nghị không phát sinh (KPS)",
        ("na-claim", Lang::En) => "not-applicable claim",
        ("unanswered", Lang::Vi) => "chưa tự chấm",
        ("unanswered", Lang::En) => "unanswered",
        ("gap", Lang::Vi) => "chênh lệch tự chấm / thẩm định",
        ("gap", Lang::En) => "self / final gap",
        _ => "",
    }
}

/// How a method is called in traces and templates.
pub fn method_name(method: &str, lang: Lang) -> &'static str {
    match (method, lang) {
        ("manual", Lang::Vi) => "chấm điểm trực tiếp",
        ("manual", Lang::En) => "manual (points entered)",
        ("yes_no", Lang::Vi) => "có / không",
        ("yes_no", Lang::En) => "yes_no (yes / no)",
        ("choice", Lang::Vi) => "chọn một mức",
        ("choice", Lang::En) => "choice (one option)",
        ("bands", Lang::Vi) => "theo khoảng giá trị",
        ("bands", Lang::En) => "bands (value ranges)",
        ("formula", Lang::Vi) => "tính theo công thức",
        ("formula", Lang::En) => "formula",
        _ => "",
    }
}

/// Sentences of the command line itself (not diagnostics).
#[derive(Debug, Clone, PartialEq)]
pub enum Say {
    Summary {
        errors: usize,
        warnings: usize,
    },
    /// The last line of `check`: counts by severity, then by code.
    CheckSummary {
        /// (code id, count) of the errors, most frequent first.
        errors: Vec<(&'static str, usize)>,
        warnings: Vec<(&'static str, usize)>,
        /// `--errors-only`: the warnings were counted, not shown.
        warnings_hidden: bool,
    },
    WarningsHidden {
        warnings: usize,
        year: i64,
        /// (code id, count), most frequent first.
        by_code: Vec<(&'static str, usize)>,
    },
    /// `history --from/--to` cover no year with criteria.
    NoYearInRange {
        from: i64,
        to: i64,
        available: Vec<String>,
    },
    NoSuchYear {
        year: i64,
        available: Vec<String>,
    },
    /// No `criteria/` folder here or in any folder above.
    NoWorkspace {
        year: i64,
    },
    NoSuchUnit(String),
    /// A unit typed on the command line that no code or name matches
    /// (`lookup::unit`): the closest units, or those it could be.
    UnknownUnit {
        given: String,
        /// "CODE (name)", at most a few.
        candidates: Vec<String>,
    },
    /// A block typed that no id or name matches: every block is listed.
    UnknownBlock {
        given: String,
        closest: Option<String>,
        /// "id (name)" of every block.
        blocks: Vec<String>,
    },
    /// A criterion code typed that the unit's criteria do not have.
    UnknownCriterion {
        unit: String,
        given: String,
        /// The criteria of the parent code, or the closest code.
        candidates: Vec<String>,
    },
    NotEvaluated(String),
    CannotWrite {
        file: String,
        error: IoFailure,
    },
    /// What [`Say::CannotWrite`] names when the output is no file.
    StandardOutput,
    Written(String),
    /// `-o` into a folder that did not exist (inside the workspace): created.
    FolderCreated(String),
    WouldOverwrite(String),
    /// `-o` names a folder.
    OutputIsFolder(String),
    /// `-o FILE` whose extension is not `--format`'s.
    OutputContradictsFormat {
        file: String,
        extension: String,
        format: String,
        /// The file name with the format's extension.
        suggested: String,
    },
    /// `-o FILE` of a kind the command does not write.
    OutputKindNotWritten {
        file: String,
        extension: String,
        /// What the command writes: `.txt (table)`, `.json`…
        writes: Vec<String>,
    },
    /// An output that would replace (or be read as) an input of the workspace.
    OutputIsInput(String),
    CannotRead {
        error: IoFailure,
    },
    RankInBlock {
        rank: Option<u32>,
        of: usize,
    },
    TemplateHeader {
        year: i64,
        unit: String,
        name: String,
    },
    TemplateHowTo,
    TemplateFromData,
    TemplateNaAllowed,
    ReviewCount(usize),
    NoticeTitle,
    NoticeSubtitle {
        round: u32,
        year: i64,
    },
    NoticeIntro {
        legal_basis: Option<String>,
        round: u32,
        year: i64,
        unit: String,
        block: String,
        count: usize,
    },
    NoticeClosing {
        round: u32,
        year: i64,
        unit: String,
    },
    NoRound(u32),
    ReviewTitle {
        year: i64,
        unit: Option<String>,
    },
    LockRefused {
        year: i64,
    },
    LockBlocked {
        year: i64,
        errors: usize,
        missing_data: usize,
    },
    Locked {
        file: String,
        inputs: usize,
        units: usize,
        sha: String,
    },
    AlreadyLocked {
        year: i64,
        locked_at: String,
    },
    LockExists {
        year: i64,
        locked_at: String,
    },
    NotLocked {
        year: i64,
    },
    Verified {
        year: i64,
        locked_at: String,
        inputs: usize,
        units: usize,
    },
    NotVerified {
        year: i64,
        locked_at: String,
    },
    /// The inputs have errors: results cannot be recomputed and compared.
    VerifyInputErrors {
        year: i64,
    },
    /// The lock file was edited or its signature fails (errors above).
    LockNotTrusted {
        year: i64,
        errors: usize,
    },
    /// A lock written by another chiso version.
    LockOtherVersion {
        written: String,
    },
    /// A signed lock whose signature holds.
    LockSigned {
        key: String,
        /// Checked against a key the regulation or the command named.
        trusted: bool,
        from_regulation: bool,
    },
    /// `lock --sign` on a lock another key signed, without `--force`.
    LockSignedByOther {
        year: i64,
        key: String,
    },
    KeyWritten(String),
    KeyInsideWorkspace(String),
    KeyExists(String),
    NotAKey(String),
    CannotReadKey {
        file: String,
        error: IoFailure,
    },
    BadPublicKey(String),
    /// `chiso import` (see [`ImportMsg`]).
    Import(ImportMsg),
    /// The self-assessment workbook (see [`WorkbookMsg`]).
    Workbook(WorkbookMsg),
}

impl Say {
    pub fn text(&self, lang: Lang) -> String {
        use Say::*;
        match self {
            Summary { errors, warnings } => tr!(lang, format!("{errors} lỗi, {warnings} cảnh báo"), format!("{}, {}", plural(*errors, "error", "errors"), plural(*warnings, "warning", "warnings"))),
            CheckSummary { errors, warnings, warnings_hidden } => {
                let count = |c: &[(&str, usize)]| c.iter().map(|(_, n)| n).sum::<usize>();
                let codes = |c: &[(&str, usize)]| {
                    if c.is_empty() {
                        String::new()
                    } else {
                        let list: Vec<String> = c.iter().map(|(id, n)| format!("{id} ×{n}")).collect();
                        format!(" ({})", list.join(", "))
                    }
                };
                let (e, w) = (count(errors), count(warnings));
                let (ec, wc) = (codes(errors), codes(warnings));
                let hidden = match (*warnings_hidden && w > 0, lang) {
                    (false, _) => "",
                    (true, Lang::Vi) => "; cảnh báo không được in (--errors-only)",
                    (true, Lang::En) => "; the warnings are not shown (--errors-only)",
                };
                tr!(
                    lang,
                    format!("{e} lỗi{ec}, {w} cảnh báo{wc}{hidden}"),
                    format!("{}{ec}, {}{wc}{hidden}", plural(e, "error", "errors"), plural(w, "warning", "warnings")),
                )
            }
            WarningsHidden { warnings, year, by_code } => {
                let codes = by_code
                    .iter()
                    .map(|(id, n)| format!("{id} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                tr!(
                    lang,
                    format!(
                        "{warnings} cảnh báo ({codes}); điểm vẫn được tính; xem chi tiết: chiso check {year}"
                    ),
                    format!(
                        "{} ({codes}); the scores are computed all the same; see them with: chiso check {year}",
                        plural(*warnings, "warning", "warnings")
                    ),
                )
            }
            NoYearInRange { from, to, available } => tr!(
                lang,
                format!("không có năm nào từ {from} đến {to} có thư mục criteria/; các năm hiện có: {}", available.join(", ")),
                format!("no year from {from} to {to} has a criteria/ folder; years available: {}", available.join(", ")),
            ),
            NoSuchYear { year, available } => tr!(
                lang,
                format!("không có thư mục criteria/{year}; các năm hiện có: {}", available.join(", ")),
                format!("no folder criteria/{year}; years available: {}", available.join(", ")),
            ),
            NoWorkspace { year } => tr!(
                lang,
                format!(
                    "không tìm thấy không gian làm việc: không có thư mục criteria/ ở đây hay ở thư mục cha nào (cần criteria/{year}); \
                     hãy chạy lệnh trong thư mục chứa criteria/ và scores/, hoặc chỉ ra nó bằng --root THƯ_MỤC"
                ),
                format!(
                    "no workspace found: no criteria/ folder here or in any folder above (criteria/{year} is needed); \
                     run the command inside the folder that holds criteria/ and scores/, or name it with --root DIR"
                ),
            ),
            NoSuchUnit(u) => tr!(lang, format!("không có đơn vị `{u}`"), format!("no unit `{u}`")),
            UnknownUnit { given, candidates } => match &candidates[..] {
                [] => tr!(
                    lang,
                    format!("không có đơn vị `{given}` (mã hoặc tên); các mã đơn vị ở scores/<năm>/units.toml"),
                    format!("no unit `{given}` (code or name); the unit codes are in scores/<year>/units.toml"),
                ),
                [one] => tr!(
                    lang,
                    format!("không có đơn vị `{given}`; có phải ý bạn là {one}?"),
                    format!("no unit `{given}`; did you mean {one}?"),
                ),
                many => tr!(
                    lang,
                    format!("`{given}` có thể là nhiều đơn vị: {}; hãy ghi mã đơn vị", many.join(", ")),
                    format!("`{given}` could be several units: {}; give the unit's code", many.join(", ")),
                ),
            },
            UnknownBlock { given, closest, blocks } => {
                let guess = closest.as_ref().map(|c| (format!(" (có phải `{c}`?)"), format!(" (did you mean `{c}`?)")));
                let (gv, ge) = guess.unwrap_or_default();
                tr!(
                    lang,
                    format!("không có khối `{given}`{gv}; các khối: {}", blocks.join(", ")),
                    format!("no block `{given}`{ge}; the blocks: {}", blocks.join(", ")),
                )
            }
            UnknownCriterion { unit, given, candidates } => match &candidates[..] {
                [] => tr!(
                    lang,
                    format!("đơn vị {unit} không có tiêu chí {given}; xem các mã tiêu chí bằng: chiso show <năm> {unit}"),
                    format!("unit {unit} has no criterion {given}; see the criteria's codes with: chiso show <year> {unit}"),
                ),
                [one] => tr!(
                    lang,
                    format!("đơn vị {unit} không có tiêu chí {given}; có phải ý bạn là {one}?"),
                    format!("unit {unit} has no criterion {given}; did you mean {one}?"),
                ),
                many => tr!(
                    lang,
                    format!("đơn vị {unit} không có tiêu chí {given}; các tiêu chí gần nhất: {}", many.join(", ")),
                    format!("unit {unit} has no criterion {given}; the nearest criteria: {}", many.join(", ")),
                ),
            },
            NotEvaluated(u) => tr!(
                lang,
                format!("không tính được điểm của {u}: bộ tiêu chí của đơn vị có lỗi (chạy chiso check)"),
                format!("{u} could not be scored: its criteria have errors (run chiso check)"),
            ),
            CannotWrite { file, error } => {
                let error = error.text(lang);
                tr!(lang, format!("không ghi được {file}: {error}"), format!("cannot write {file}: {error}"))
            }
            StandardOutput => tr!(lang, "đầu ra chuẩn".into(), "standard output".into()),
            CannotRead { error } => {
                let error = error.text(lang);
                tr!(lang, format!("không đọc được tệp đầu vào: {error}"), format!("cannot read an input file: {error}"))
            }
            Written(f) => tr!(lang, format!("đã ghi {f}"), format!("wrote {f}")),
            FolderCreated(d) => tr!(lang, format!("đã tạo thư mục {d}"), format!("created the folder {d}")),
            OutputIsFolder(f) => tr!(
                lang,
                format!("{f} là một thư mục; hãy ghi tên tệp, ví dụ {f}/ket-qua.json"),
                format!("{f} is a folder; give a file name, e.g. {f}/results.json"),
            ),
            OutputContradictsFormat { file, extension, format, suggested } => tr!(
                lang,
                format!("{file} có đuôi .{extension} nhưng --format là {format}; bỏ --format, hoặc đặt tên tệp là {suggested}"),
                format!("{file} ends in .{extension} but --format is {format}; drop --format, or name the file {suggested}"),
            ),
            OutputKindNotWritten { file, extension, writes } => {
                let writes = writes.join(", ");
                tr!(
                    lang,
                    format!("lệnh này không ghi được tệp .{extension} ({file}); các loại tệp ghi được: {writes}"),
                    format!("this command cannot write a .{extension} file ({file}); it writes: {writes}"),
                )
            }
            OutputIsInput(f) => tr!(
                lang,
                format!("{f} là tệp đầu vào của không gian làm việc (hoặc sẽ được đọc như tệp đầu vào); không ghi kết quả đè lên hay thêm vào dữ liệu; hãy ghi ra tệp khác"),
                format!("{f} is an input of the workspace (or would be read as one); an output never replaces or adds to the data: write it to another file"),
            ),
            WouldOverwrite(f) => tr!(
                lang,
                format!("{f} đã có; không ghi đè (dùng --force nếu thật sự muốn thay tệp này)"),
                format!("{f} exists; not overwritten (use --force to replace it)"),
            ),
            RankInBlock { rank, of } => match rank {
                Some(r) => tr!(lang, format!("{r}/{of} trong khối"), format!("{r} of {of} in the block")),
                None => tr!(lang, "chưa xếp hạng".into(), "not ranked".into()),
            },
            TemplateHeader { year, unit, name } => tr!(
                lang,
                format!("Bản tự đánh giá kết quả CCHC năm {year} — {name} ({unit})"),
                format!("PAR self-assessment {year} — {name} ({unit})"),
            ),
            TemplateHowTo => tr!(
                lang,
                "Điền câu trả lời dưới mỗi tiêu chí (bỏ dấu # ở dòng trả lời), ghi tài liệu kiểm chứng vào `evidence`, rồi chạy: chiso check".into(),
                "Answer under each criterion (remove the # of the answer line), list evidence in `evidence`, then run: chiso check".into(),
            ),
            TemplateFromData => tr!(
                lang,
                "lấy từ dữ liệu chính thức nếu đơn vị không khai".into(),
                "taken from the official data unless the unit reports it".into(),
            ),
            NoticeTitle => tr!(lang, "THÔNG BÁO".into(), "NOTICE".into()),
            NoticeSubtitle { round, year } => tr!(
                lang,
                format!("Kết quả thẩm định vòng {round} Chỉ số cải cách hành chính năm {year}"),
                format!("Round {round} appraisal of the {year} PAR Index"),
            ),
            NoticeIntro { legal_basis, round, year, unit, block, count } => {
                let basis_vi = legal_basis.as_ref().map(|b| format!("Căn cứ {b}; ")).unwrap_or_default();
                let basis_en = legal_basis.as_ref().map(|b| format!("Under {b}, ")).unwrap_or_default();
                match count {
                    0 => tr!(
                        lang,
                        format!("{basis_vi}Hội đồng thẩm định thông báo: qua thẩm định vòng {round} kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm {year} của {unit} ({block}), Hội đồng không điều chỉnh tiêu chí nào."),
                        format!("{basis_en}the appraisal council reports that its round {round} appraisal of the {year} PAR self-assessment of {unit} ({block}) adjusted no criterion."),
                    ),
                    n => tr!(
                        lang,
                        format!("{basis_vi}Hội đồng thẩm định thông báo kết quả thẩm định vòng {round} đối với kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm {year} của {unit} ({block}): {n} tiêu chí được điều chỉnh như sau."),
                        format!("{basis_en}the appraisal council reports its round {round} appraisal of the {year} PAR self-assessment of {unit} ({block}): {} adjusted as follows.", if *n == 1 { "1 criterion was".to_string() } else { format!("{n} criteria were") }),
                    ),
                }
            }
            NoticeClosing { round, year, unit } => match round {
                1 => tr!(
                    lang,
                    format!("Đề nghị đơn vị rà soát; trường hợp không thống nhất, đơn vị giải trình trong thời hạn quy định bằng cách ghi ý kiến vào mục explanation của tiêu chí tương ứng trong tệp scores/{year}/self/{unit}.toml, kèm tài liệu kiểm chứng bổ sung (evidence), để Hội đồng xem xét ở vòng 2. Kết quả trên chưa phải kết quả cuối cùng."),
                    format!("Please review these adjustments. Where the unit disagrees, it explains itself within the set time by writing an explanation under the criterion in scores/{year}/self/{unit}.toml, with any added evidence, for the council's round 2. These results are not final."),
                ),
                _ => tr!(
                    lang,
                    format!("Kết quả sau vòng {round} là kết quả thẩm định để Hội đồng tổng hợp, trình công bố Chỉ số CCHC năm {year}."),
                    format!("The results after round {round} are the appraised results the council submits for publication of the {year} PAR Index."),
                ),
            },
            NoRound(r) => tr!(lang, format!("vòng thẩm định phải từ 1 trở lên (đã cho {r})"), format!("the appraisal round must be 1 or more (got {r})")),
            ReviewCount(n) => tr!(lang, format!("{n} mục cần xem xét"), plural(*n, "item to review", "items to review")),
            ReviewTitle { year, unit } => match unit {
                Some(u) => tr!(lang, format!("Danh sách cần xem xét — thẩm định CCHC năm {year} — {u}"), format!("Review worklist — PAR appraisal {year} — {u}")),
                None => tr!(lang, format!("Danh sách cần xem xét — thẩm định CCHC năm {year}"), format!("Review worklist — PAR appraisal {year}")),
            },
            LockRefused { year } => tr!(
                lang,
                format!("không khóa kết quả năm {year} khi còn lỗi; sửa các lỗi trên (chiso check {year}) rồi khóa lại"),
                format!("the {year} results cannot be locked while there are errors; fix them (chiso check {year}) and lock again"),
            ),
            LockBlocked { year, errors, missing_data } => tr!(
                lang,
                format!("không khóa kết quả năm {year}: còn {errors} lỗi và {missing_data} chỗ thiếu dữ liệu chính thức (W0609, khi khóa được coi là lỗi); sửa (chiso check {year}) rồi khóa lại, hoặc nếu buộc phải khóa như hiện trạng: chiso lock {year} --force --reason \"…\" (lý do và các lỗi được ghi vào tệp khóa)"),
                format!("the {year} results are not locked: {errors} errors and {missing_data} gaps in the official data (W0609, an error for a lock); fix them (chiso check {year}) and lock again, or to lock them as they are: chiso lock {year} --force --reason \"…\" (the reason and the problems are recorded in the lock)"),
            ),
            Locked { file, inputs, units, sha } => tr!(
                lang,
                format!("đã khóa kết quả: {file} ({inputs} tệp đầu vào, {units} đơn vị; SHA-256 kết quả {sha})"),
                format!("results locked: {file} ({inputs} input files, {units} units; results SHA-256 {sha})"),
            ),
            AlreadyLocked { year, locked_at } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("kết quả năm {year} đã được khóa lúc {locked_at} và không có gì thay đổi"),
                    format!("the {year} results were locked at {locked_at} and nothing has changed"),
                )
            }
            LockExists { year, locked_at } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("kết quả năm {year} đã được khóa lúc {locked_at} và đã có thay đổi (xem trên); để khóa lại với dữ liệu mới: chiso lock {year} --force"),
                    format!("the {year} results were locked at {locked_at} and have changed since (see above); to re-lock with the new data: chiso lock {year} --force"),
                )
            }
            NotLocked { year } => tr!(
                lang,
                format!("kết quả năm {year} chưa được khóa (không có scores/{year}/results.lock.toml); khóa bằng: chiso lock {year}"),
                format!("the {year} results are not locked (no scores/{year}/results.lock.toml); lock them with: chiso lock {year}"),
            ),
            Verified { year, locked_at, inputs, units } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("đã xác minh: kết quả năm {year} khớp với bản khóa lúc {locked_at} ({inputs} tệp đầu vào, {units} đơn vị)"),
                    format!("verified: the {year} results match the lock of {locked_at} ({inputs} input files, {units} units)"),
                )
            }
            NotVerified { year, locked_at } => {
                let locked_at = local_time(locked_at);
                tr!(
                    lang,
                    format!("KHÔNG khớp: dữ liệu hoặc kết quả năm {year} đã khác với bản khóa lúc {locked_at}"),
                    format!("MISMATCH: the {year} data or results differ from the lock of {locked_at}"),
                )
            }
            VerifyInputErrors { year } => tr!(
                lang,
                format!("KHÔNG xác minh được: dữ liệu năm {year} hiện có lỗi (liệt kê ở trên), nên không tính lại được kết quả để so với bản khóa; sửa lỗi rồi chạy lại chiso verify {year}"),
                format!("NOT VERIFIED: the {year} inputs now have errors (listed above), so the results cannot be recomputed to compare with the lock; fix them and run chiso verify {year} again"),
            ),
            LockNotTrusted { year, errors } => tr!(
                lang,
                format!("KHÔNG khớp: tệp khóa kết quả năm {year} đã bị sửa hoặc chữ ký không hợp lệ ({errors} lỗi ở trên)"),
                format!("MISMATCH: the {year} lock file was changed or its signature fails ({} above)", plural(*errors, "error", "errors")),
            ),
            LockOtherVersion { written } => tr!(
                lang,
                format!("ghi chú: bản khóa do chiso {written} ghi; kết quả được tính lại bằng chiso {}", env!("CARGO_PKG_VERSION")),
                format!("note: the lock was written by chiso {written}; the results were recomputed by chiso {}", env!("CARGO_PKG_VERSION")),
            ),
            LockSigned { key, trusted, from_regulation } => {
                let (vi, en) = key_source(*from_regulation);
                if *trusted {
                    tr!(lang, format!("chữ ký hợp lệ: bản khóa được ký bằng khóa {key} mà {vi} yêu cầu"), format!("signature valid: the lock is signed by key {key}, as {en} requires"))
                } else {
                    tr!(
                        lang,
                        format!("ghi chú: bản khóa được ký bằng khóa {key}, nhưng không có khóa nào để đối chiếu (lock_public_key trong quy chế hoặc --public-key): chữ ký không chứng minh ai đã ký"),
                        format!("note: the lock is signed by key {key}, but no key was named to check it against (lock_public_key in the regulation, or --public-key): the signature does not prove who signed"),
                    )
                }
            }
            LockSignedByOther { year, key } => tr!(
                lang,
                format!("bản khóa kết quả năm {year} đã được ký bằng khóa {key}; để ký lại bằng khóa khác: chiso lock {year} --force --sign TỆP-KHÓA"),
                format!("the {year} lock is already signed by key {key}; to sign it with another key: chiso lock {year} --force --sign KEYFILE"),
            ),
            KeyWritten(f) => tr!(
                lang,
                format!("đã ghi khóa bí mật vào {f} (chỉ người sở hữu đọc được); giữ bí mật, ngoài thư mục làm việc. Dòng dưới đây là khóa công khai, ghi vào criteria/<năm>/regulation.toml:"),
                format!("wrote the private key to {f} (readable by its owner only); keep it secret, outside the workspace. The line below is the public key, for criteria/<year>/regulation.toml:"),
            ),
            KeyInsideWorkspace(f) => tr!(
                lang,
                format!("{f} nằm trong thư mục làm việc: khóa bí mật phải để ngoài thư mục này (ai sửa được dữ liệu cũng đọc được nó)"),
                format!("{f} is inside the workspace: a private key is kept outside it (anyone who can edit the inputs could read it)"),
            ),
            KeyExists(f) => tr!(
                lang,
                format!("{f} đã có; không ghi đè một khóa"),
                format!("{f} exists; a key is never overwritten"),
            ),
            NotAKey(f) => tr!(
                lang,
                format!("{f} không phải khóa bí mật Ed25519 (PKCS#8 PEM, như `chiso key new` ghi)"),
                format!("{f} is not an Ed25519 private key (PKCS#8 PEM, as `chiso key new` writes)"),
            ),
            CannotReadKey { file, error } => {
                let error = error.text(lang);
                tr!(lang, format!("không đọc được khóa bí mật {file}: {error}"), format!("cannot read the private key {file}: {error}"))
            }
            BadPublicKey(k) => tr!(
                lang,
                format!("`{k}` không phải khóa công khai Ed25519 (64 chữ số thập lục phân, như `chiso key new` in ra)"),
                format!("`{k}` is not an Ed25519 public key (64 hexadecimal digits, as `chiso key new` prints)"),
            ),
            TemplateNaAllowed => tr!(
                lang,
                "nếu không phát sinh: na = true và ghi rõ lý do trong note".into(),
                "if not applicable: na = true, with the reason in note".into(),
            ),
            Import(m) => m.text(lang),
            Workbook(m) => m.text(lang),
        }
    }
}

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

/// Diagnostics about regulation test files (`criteria/<year>/tests/*.toml`).
#[derive(Debug, Clone, PartialEq)]
pub enum TestMsg {
    NoCases,
    NoCasesHint,
    DuplicateCase { name: String, line: usize },
    UnknownCase(String),
    OwnSubordinate(String),
    UnknownDataFact(String),
    DataFactHint(Vec<String>),
    UnknownRating(String),
    ValidRatings(Vec<String>),
    NothingExpected(String),
    NothingExpectedHint,
    NoTestFiles(i64),
    NoTestFilesHint(i64),
}

impl TestMsg {
    pub fn text(&self, lang: Lang) -> String {
        use TestMsg::*;
        match self {
            NoCases => tr!(
                lang,
                "tệp kiểm thử không có trường hợp nào ([[case]])".into(),
                "the test file has no case ([[case]])".into(),
            ),
            NoCasesHint => tr!(
                lang,
                "thêm [[case]] với name, block, [case.answers] và [case.expect]".into(),
                "add a [[case]] with name, block, [case.answers] and [case.expect]".into(),
            ),
            DuplicateCase { name, line } => tr!(
                lang,
                format!(
                    "trường hợp `{name}` đã có ở dòng {line}: mỗi trường hợp cần một tên riêng"
                ),
                format!(
                    "case `{name}` already exists at line {line}: each case needs its own name"
                ),
            ),
            UnknownCase(n) => tr!(
                lang,
                format!("không có trường hợp `{n}` trong tệp này"),
                format!("no case `{n}` in this file"),
            ),
            OwnSubordinate(n) => tr!(
                lang,
                format!("trường hợp `{n}` không thể là đơn vị trực thuộc của chính nó"),
                format!("case `{n}` cannot be its own subordinate"),
            ),
            UnknownDataFact(f) => tr!(
                lang,
                format!(
                    "`{f}` không phải là số liệu đầu vào của tiêu chí nào trong bộ tiêu chí của đơn vị"
                ),
                format!("`{f}` is not an input of any criterion of the unit's criteria"),
            ),
            DataFactHint(names) => tr!(
                lang,
                format!("các số liệu hợp lệ: {}", list(names)),
                format!("valid facts: {}", list(names)),
            ),
            UnknownRating(r) => tr!(
                lang,
                format!("quy chế không có mức xếp loại `{r}`"),
                format!("the regulation has no rating `{r}`"),
            ),
            ValidRatings(r) => tr!(
                lang,
                format!("các mức xếp loại: {}", list(r)),
                format!("ratings: {}", list(r)),
            ),
            NothingExpected(n) => tr!(
                lang,
                format!("trường hợp `{n}` không kiểm tra kết quả nào"),
                format!("case `{n}` checks no result"),
            ),
            NothingExpectedHint => tr!(
                lang,
                "thêm [case.expect] với points, total, index, rating hoặc applicable_max".into(),
                "add [case.expect] with points, total, index, rating or applicable_max".into(),
            ),
            NoTestFiles(y) => tr!(
                lang,
                format!("chưa có tệp kiểm thử nào trong criteria/{y}/tests"),
                format!("no test file in criteria/{y}/tests"),
            ),
            NoTestFilesHint(y) => tr!(
                lang,
                format!(
                    "tạo criteria/{y}/tests/<tên>.toml (xem docs/format.md, mục kiểm thử quy chế)"
                ),
                format!(
                    "create criteria/{y}/tests/<name>.toml (see docs/format.md, regulation tests)"
                ),
            ),
        }
    }
}

/// What `chiso test` prints.
#[derive(Debug, Clone, PartialEq)]
pub enum TestSay {
    Ok,
    Failed,
    Invalid,
    Expected,
    Actual,
    Summary {
        passed: usize,
        failed: usize,
        invalid: usize,
    },
}

impl TestSay {
    pub fn text(&self, lang: Lang) -> String {
        use TestSay::*;
        match self {
            Ok => tr!(lang, "đạt".into(), "ok".into()),
            Failed => tr!(lang, "KHÔNG ĐẠT".into(), "FAILED".into()),
            Invalid => tr!(lang, "LỖI TỆP".into(), "INVALID".into()),
            Expected => tr!(lang, "mong đợi".into(), "expected".into()),
            Actual => tr!(lang, "thực tế".into(), "actual".into()),
            Summary {
                passed,
                failed,
                invalid,
            } => tr!(
                lang,
                format!(
                    "kết quả kiểm thử: {passed} đạt, {failed} không đạt, {invalid} lỗi tệp ({} trường hợp)",
                    passed + failed + invalid
                ),
                format!(
                    "test result: {passed} passed, {failed} failed, {invalid} invalid ({} cases)",
                    passed + failed + invalid
                ),
            ),
        }
    }
}

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
}

impl Publish {
    pub fn text(self, lang: Lang) -> &'static str {
        use Publish::*;
        let (vi, en) = match self {
            Ranking => ("Xếp hạng", "Ranking"),
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

// ── The command line's help and usage errors (`chiso --help`, clap's errors) ──

/// What a command does, for `chiso --help` and `chiso COMMAND --help`
/// (`command` is the path of subcommand names, `""` for chiso itself,
/// `"key new"` for a nested one).
pub fn command_about(command: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match command {
        "" => (
            "Chấm điểm Chỉ số cải cách hành chính (PAR Index) theo quy chế của tỉnh",
            "Scores the administrative-reform index (PAR Index) as the province's regulation prescribes",
        ),
        "check" => (
            "Kiểm tra một năm: bộ tiêu chí, danh sách đơn vị, bản tự đánh giá, kết quả thẩm định và số liệu chính thức",
            "Validate a year: criteria, units, self-assessments, appraisals and official data",
        ),
        "score" => (
            "Tính điểm, chỉ số, xếp loại và xếp hạng theo khối",
            "Compute points, indices, ratings and rankings by block",
        ),
        "show" => (
            "Bảng điểm của một đơn vị: mọi tiêu chí với điểm tối đa, tự chấm, thẩm định và lý do",
            "A unit's score sheet: every criterion with max, self, final points and reasons",
        ),
        "explain" => (
            "Cách một tiêu chí của đơn vị được tính điểm: dữ kiện và nguồn, mức hoặc công thức, điều chỉnh",
            "How one criterion of a unit got its points: inputs and sources, band or formula, adjustments",
        ),
        "export" => (
            "Kết quả để công bố: tổng hợp, xếp hạng so với năm trước, hệ quả của xếp loại, bảng điểm từng đơn vị",
            "Publishable results: summary, rankings with the change from last year, consequences, every unit's score sheet",
        ),
        "history" => (
            "Chỉ số, xếp loại, hạng qua các năm của một đơn vị (qua đổi tên, hợp nhất) hoặc mọi đơn vị, kèm hệ quả",
            "Index, rating and rank per year for one unit (through renames and mergers) or all units, with consequences",
        ),
        "diff" => (
            "Thay đổi của bộ tiêu chí giữa hai năm: khối, thang xếp loại, tiêu chí thêm, bỏ, chuyển mã, sửa",
            "What changed in the criteria between two years: blocks, rating scale, criteria added, removed, moved, changed",
        ),
        "new-year" => (
            "Lập bộ tiêu chí năm sau từ năm nay: chép criteria/TỪ sang criteria/ĐẾN, đổi năm và số hiệu quy chế (giữ chú thích)",
            "Start next year's criteria from this year's: copy criteria/FROM to criteria/TO with the year and id updated (comments kept)",
        ),
        "template" => (
            "Mẫu bản tự đánh giá của một đơn vị, có đủ tiêu chí, hướng dẫn chấm và tài liệu kiểm chứng cần có",
            "A self-assessment to fill in for a unit, with every criterion, its guidance and the evidence it needs",
        ),
        "lock" => (
            "Khóa kết quả cuối cùng: ghi kết quả và mã SHA-256 của mọi tệp đầu vào vào scores/NĂM/results.lock.toml",
            "Lock the final results: record them and a SHA-256 of every input in scores/YEAR/results.lock.toml",
        ),
        "verify" => (
            "Tính lại năm đã khóa: tệp, kết quả, trường nào của bản khóa đã thay đổi, chữ ký còn hợp lệ không",
            "Recompute a locked year: which inputs, results and fields of the lock changed, whether its signature holds",
        ),
        "key" => (
            "Khóa ký cho kết quả đã khóa",
            "Signing keys for locked results",
        ),
        "key new" => (
            "Tạo cặp khóa Ed25519: khóa bí mật ghi vào TỆP_KHÓA (ngoài thư mục làm việc), khóa công khai in ra để ghi vào quy chế",
            "Make an Ed25519 key pair: the private key goes to KEYFILE (outside the workspace), the public key is printed for the regulation",
        ),
        "notify" => (
            "Thông báo của Hội đồng gửi đơn vị sau một vòng thẩm định: tiêu chí được điều chỉnh, điểm, lý do",
            "The council's letter to a unit after an appraisal round: the criteria decided, points and reasons",
        ),
        "review" => (
            "Danh sách cần xem xét của Hội đồng, xếp theo mức có thể làm thay đổi chỉ số",
            "The council's worklist, by how much each item can move the index",
        ),
        "test" => (
            "Chạy các trường hợp kiểm thử của quy chế (criteria/NĂM/tests/*.toml)",
            "Run the regulation's test cases (criteria/YEAR/tests/*.toml)",
        ),
        "import" => (
            "Nhập bảng xuất từ phần mềm hoặc phụ lục báo cáo (CSV, XLSX) vào số liệu chính thức (scores/NĂM/data/)",
            "Import a vendor export or report table (CSV, XLSX) into the year's official data (scores/YEAR/data/)",
        ),
        "import self" => (
            "Nhập bảng tính tự đánh giá đã điền (lập bằng template --format xlsx) vào scores/NĂM/self/ĐƠN_VỊ.toml, giữ chú thích và thứ tự của tệp",
            "Read a unit's filled self-assessment workbook (made by template --format xlsx) into scores/YEAR/self/UNIT.toml, keeping the file's comments and order",
        ),
        "serve" => (
            "Chạy ứng dụng web của kỳ đánh giá (docs/serve.md): đơn vị tự đánh giá trên trình duyệt",
            "Run the season's web application (docs/serve.md): units fill in their self-assessment in a browser",
        ),
        "user" => (
            "Quản lý tài khoản của ứng dụng web (lưu trong .chiso/server.db)",
            "Manage the web application's accounts (kept in .chiso/server.db)",
        ),
        "user add" => (
            "Tạo tài khoản; mật khẩu được gõ hai lần không hiện trên màn hình, hoặc đọc từ đầu vào chuẩn với --password-stdin",
            "Create an account; the password is typed twice without echo, or read from standard input with --password-stdin",
        ),
        "user passwd" => (
            "Đặt mật khẩu mới; các phiên đăng nhập của tài khoản kết thúc",
            "Set a new password; the account's sessions end",
        ),
        "user disable" => (
            "Khóa tài khoản từ nay; các phiên đăng nhập của tài khoản kết thúc",
            "Refuse the account's logins from now on; its sessions end",
        ),
        "user list" => (
            "Liệt kê các tài khoản, vai trò và đơn vị",
            "List the accounts, their roles and units",
        ),
        "import appraisal" => (
            "Nhập bảng tính thẩm định đã điền (lập bằng template --for appraisal) vào scores/NĂM/appraisal/ĐƠN_VỊ.toml: thay các điều chỉnh của vòng đó, giữ các vòng khác và chú thích",
            "Read a filled appraisal workbook (made by template --for appraisal) into scores/YEAR/appraisal/UNIT.toml: the round's adjustments are replaced, other rounds and comments kept",
        ),
        "help" => (
            "In trợ giúp của chiso hoặc của các lệnh đã nêu",
            "Print this help or the help of the given command(s)",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Vi { vi } else { en })
}

/// One or two examples per command, shown under its help (the same in both languages).
pub fn command_examples(command: &str) -> &'static [&'static str] {
    match command {
        "" => &[
            "chiso check 2025",
            "chiso score 2025",
            "chiso show 2025 STP",
            "chiso score --help",
        ],
        "check" => &[
            "chiso check 2025 --unit STP",
            "chiso check 2026 --criteria --errors-only",
        ],
        "score" => &[
            "chiso score 2025",
            "chiso score 2025 --block so -o ket-qua.csv",
        ],
        "show" => &["chiso show 2025 STP"],
        "explain" => &["chiso explain 2025 STP 3.3.1"],
        "export" => &[
            "chiso export 2025 -o ket-qua-2025.xlsx",
            "chiso export 2025 -o ket-qua-2025.html",
        ],
        "history" => &["chiso history", "chiso history SN-BQLDA --from 2024"],
        "diff" => &[
            "chiso diff 2024 2025",
            "chiso diff 2025 2026 --format md -o thuyet-minh.md",
        ],
        "new-year" => &["chiso new-year 2025 2026 --units"],
        "template" => &["chiso template 2025 STP -o scores/2025/self/STP.toml"],
        "lock" => &["chiso lock 2025", "chiso lock 2025 --sign ~/khoa.pem"],
        "verify" => &["chiso verify 2025"],
        "key" | "key new" => &["chiso key new -o ~/khoa.pem"],
        "notify" => &[
            "chiso notify 2025 STP",
            "chiso notify 2025 STP --round 2 -o thong-bao-STP.html",
        ],
        "review" => &["chiso review 2025", "chiso review 2025 STP --format md"],
        "test" => &["chiso test 2025"],
        "import" => &["chiso import dossiers 2025 mot-cua-2025.csv --dry-run"],
        "import self" => &["chiso import self 2025 STP mau-STP.xlsx --dry-run"],
        "import appraisal" => &["chiso import appraisal 2025 STP tham-dinh-STP.xlsx --dry-run"],
        "serve" => &["chiso serve --listen 127.0.0.1:8080"],
        "user add" => &["chiso user add nguyenvana --role don_vi --unit STP"],
        _ => &[],
    }
}

/// What an argument or option means (`arg` is clap's id: the field's name).
pub fn arg_help(command: &str, arg: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match (command, arg) {
        (_, "root") => (
            "Thư mục làm việc (chứa criteria/ và scores/); không có: thư mục gần nhất, từ thư mục hiện tại ngược lên, có criteria/",
            "The workspace folder (holds criteria/ and scores/); without it, the nearest folder upwards that has criteria/",
        ),
        (_, "lang") => (
            "Ngôn ngữ của thông báo và bảng biểu: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh)",
            "Language of messages and tables: vi (Vietnamese, the default) or en (English)",
        ),
        (_, "help") => ("In trợ giúp", "Print help"),
        (_, "version") => ("In số phiên bản", "Print the version"),
        ("diff" | "new-year", "from") => ("Năm trước (năm nguồn)", "The earlier year (the source)"),
        ("diff" | "new-year", "to") => ("Năm sau (năm mới)", "The later year (the new one)"),
        ("history", "from") => (
            "Năm đầu tiên được in (mặc định: năm sớm nhất có criteria/)",
            "First year shown (default: the earliest year with criteria/)",
        ),
        ("history", "to") => (
            "Năm cuối cùng được in (mặc định: năm muộn nhất)",
            "Last year shown (default: the latest year)",
        ),
        (_, "year") => (
            "Năm đánh giá, ví dụ 2025 (thư mục criteria/NĂM)",
            "The year, e.g. 2025 (folder criteria/YEAR)",
        ),
        ("history", "unit") => (
            "Mã đơn vị, ví dụ SN-BQLDA; không có: mọi đơn vị",
            "A unit's code, e.g. SN-BQLDA; without it, every unit",
        ),
        ("review", "unit") => (
            "Chỉ đơn vị này (mã đơn vị, ví dụ STP)",
            "Only this unit (its code, e.g. STP)",
        ),
        ("check", "unit") => (
            "Chỉ những gì liên quan đến đơn vị này: tệp, kết quả của đơn vị và các vấn đề chung của cả năm",
            "Only what concerns this unit: its own files and results, and the problems of the year that concern every unit",
        ),
        (_, "unit") => (
            "Mã đơn vị (trong scores/NĂM/units.toml), ví dụ STP",
            "The unit's code (in scores/YEAR/units.toml), e.g. STP",
        ),
        ("check", "errors_only") => (
            "Chỉ in các lỗi (dòng cuối vẫn đếm các cảnh báo)",
            "Only the errors (the last line still counts the warnings)",
        ),
        ("check", "criteria") => (
            "Chỉ các vấn đề của bộ tiêu chí (criteria/NĂM), không có vấn đề của các đơn vị",
            "Only the problems of the criteria (criteria/YEAR), none of the units'",
        ),
        ("explain", "code") => (
            "Mã tiêu chí, ví dụ 3.3.1",
            "The criterion's code, e.g. 3.3.1",
        ),
        ("score", "block") => (
            "Chỉ khối này (mã khối, ví dụ so)",
            "Only this block (its id, e.g. so)",
        ),
        ("check" | "history" | "test", "format") => (
            "Định dạng: text (văn bản) hoặc json",
            "Format: text or json",
        ),
        ("diff", "format") => (
            "Định dạng: text, md (bảng Markdown cho tờ trình) hoặc json",
            "Format: text, md (Markdown tables for the explanatory note) or json",
        ),
        ("score", "format") => (
            "Định dạng: table (bảng), json, csv (cho chương trình), csv-excel (cho Excel tiếng Việt: dấu phẩy thập phân, dấu ;) hoặc md; mặc định theo phần mở rộng của --output, không có thì table",
            "Format: table, json, csv (for programs), csv-excel (for Excel in Vietnamese: decimal commas, ;) or md; by default the extension of --output says, else table",
        ),
        ("export", "format") => (
            "Định dạng: xlsx (khuyên dùng cho Excel), html, csv, csv-excel (dấu phẩy thập phân, dấu ;) hoặc md; mặc định theo phần mở rộng của --output, không có thì html",
            "Format: xlsx (recommended for Excel), html, csv, csv-excel (decimal commas, ;) or md; by default the extension of --output says, else html",
        ),
        ("notify", "format") => (
            "Định dạng: md hoặc html (trang in khổ A4); mặc định theo phần mở rộng của --output, không có thì md",
            "Format: md or html (a page to print on A4); by default the extension of --output says, else md",
        ),
        ("review", "format") => (
            "Định dạng: table (bảng), json hoặc md; mặc định theo phần mở rộng của --output, không có thì table",
            "Format: table, json or md; by default the extension of --output says, else table",
        ),
        ("key new", "output") => (
            "Tệp khóa bí mật (ngoài thư mục làm việc; không ghi đè)",
            "The private key's file (outside the workspace; never overwritten)",
        ),
        ("template", "output") => (
            "Ghi mẫu vào tệp này (không ghi đè nếu không có --force); không có: in ra màn hình",
            "Write the template to this file (never over one without --force); without it, print it",
        ),
        (_, "output") => (
            "Ghi vào tệp này (ghi trọn vẹn qua tệp tạm) thay vì in ra màn hình",
            "Write to this file (atomically) instead of standard output",
        ),
        ("template", "force") => (
            "Ghi đè tệp đã có (bản tự đánh giá đang điền sẽ mất)",
            "Overwrite an existing file (a filled self-assessment is lost)",
        ),
        ("lock", "force") => (
            "Thay bản khóa đã có khi dữ liệu hoặc kết quả đã thay đổi",
            "Replace an existing lock whose inputs or results have changed",
        ),
        ("lock", "reason") => (
            "Cùng --force: khóa dù `check` còn lỗi hoặc thiếu số liệu chính thức (W0609); lý do và các vấn đề được ghi vào bản khóa",
            "With --force: lock although `check` reports errors or official data is missing (W0609); the reason and problems are recorded",
        ),
        ("lock", "sign") => (
            "Ký bản khóa bằng khóa bí mật này (tạo bằng `chiso key new`, giữ ngoài thư mục làm việc)",
            "Sign the lock with this private key (made by `chiso key new`, kept outside the workspace)",
        ),
        ("verify", "public_key") => (
            "Khóa công khai bản khóa phải được ký (64 chữ số thập lục phân), thay cho lock_public_key của quy chế",
            "The public key the lock must be signed with (64 hexadecimal digits), instead of the regulation's lock_public_key",
        ),
        ("new-year", "units") => (
            "Chép cả scores/TỪ/units.toml (bỏ `previous`)",
            "Also copy scores/FROM/units.toml (without `previous`)",
        ),
        ("notify", "round") => (
            "Vòng thẩm định (mặc định 1)",
            "The appraisal round (default 1)",
        ),
        ("import", "kind") => (
            "Loại số liệu: dossiers (hồ sơ TTHC, phần mềm một cửa), survey (chỉ số hài lòng), reports (báo cáo định kỳ)",
            "What the file holds: dossiers (one-stop dossiers), survey (satisfaction index), reports (periodic reports)",
        ),
        ("import", "file") => (
            "Tệp CSV hoặc bảng tính (XLSX)",
            "The CSV or spreadsheet (XLSX) file",
        ),
        ("import self", "file") => (
            "Bảng tính đã điền (.xlsx hoặc .ods)",
            "The filled workbook (.xlsx, or .ods)",
        ),
        ("import self", "dry_run") => (
            "Chỉ in những gì sẽ thay đổi theo từng tiêu chí; không ghi gì",
            "Show what would change, criterion by criterion; write nothing",
        ),
        ("serve", "listen") => (
            "Địa chỉ và cổng để lắng nghe (mặc định 127.0.0.1:8080)",
            "The address and port to listen on (127.0.0.1:8080 by default)",
        ),
        ("user add" | "user passwd" | "user disable", "name") => {
            ("Tên đăng nhập của tài khoản", "The account's login name")
        }
        ("user add", "role") => (
            "Vai trò: don_vi (cán bộ đơn vị), tham_dinh (thành viên Hội đồng), quan_tri (quản trị, Sở Nội vụ), xem (chỉ xem)",
            "Role: don_vi (a unit's officer), tham_dinh (council member), quan_tri (administrator at Sở Nội vụ), xem (read only)",
        ),
        ("user add", "units") => (
            "Đơn vị của tài khoản (don_vi: ít nhất một; tham_dinh: các đơn vị được giao, tất cả nếu không nêu); nêu nhiều lần cho nhiều đơn vị",
            "A unit of the account (don_vi: one at least; tham_dinh: the units assigned, all when none); repeat for several",
        ),
        ("user add" | "user passwd", "password_stdin") => (
            "Đọc mật khẩu từ đầu vào chuẩn, không hỏi",
            "Read the password from standard input, without a prompt",
        ),
        ("import appraisal", "file") => (
            "Bảng tính thẩm định đã điền (.xlsx hoặc .ods)",
            "The filled appraisal workbook (.xlsx, or .ods)",
        ),
        ("import appraisal", "dry_run") => (
            "Chỉ in những gì sẽ thay đổi theo từng tiêu chí; không ghi gì",
            "Show what would change, criterion by criterion; write nothing",
        ),
        ("template", "for_") => (
            "Phiếu cho ai: self (đơn vị tự đánh giá, mặc định) hoặc appraisal (bảng tính thẩm định của Hội đồng, luôn là .xlsx)",
            "Whose form: self (the unit's self-assessment, the default) or appraisal (the council's appraisal workbook, always .xlsx)",
        ),
        ("template", "round") => (
            "Vòng thẩm định của bảng tính (chỉ với --for appraisal); mặc định là vòng kế tiếp",
            "The appraisal round of the workbook (only with --for appraisal); by default the next round",
        ),
        ("template", "format") => (
            "Định dạng: toml (tệp tự đánh giá) hoặc xlsx (bảng tính để điền trong Excel); mặc định theo phần mở rộng của --output, không có thì toml",
            "Format: toml (a self-assessment file) or xlsx (a workbook to fill in Excel); by default the extension of --output says, else toml",
        ),
        ("import", "accept_warnings") => (
            "Ghi cả khi có dòng không cộng khớp (số liệu được giữ đúng như trong tệp)",
            "Write even though some rows do not add up (the numbers are kept as written)",
        ),
        ("import", "dry_run") => (
            "Chỉ in những gì sẽ thay đổi; không ghi gì",
            "Show what would change; write nothing",
        ),
        ("import", "replace") => (
            "Tệp thay toàn bộ số liệu: đơn vị không có trong tệp bị xóa (mặc định được giữ)",
            "The file replaces the whole dataset: units it does not mention are removed (by default they are kept)",
        ),
        ("import", "period") => (
            "Kỳ của số liệu: nam (cả năm, mặc định), 6t (6 tháng đầu năm), q1, q2, q3, q4; dòng của kỳ khác được giữ",
            "The period the figures cover: nam (the year, the default), 6t (first six months), q1..q4; other periods' rows are kept",
        ),
        ("help", "command") => ("Lệnh cần xem trợ giúp", "The command to show help for"),
        _ => return None,
    };
    Some(if lang == Lang::Vi { vi } else { en })
}

/// A column of `--format csv-excel` (named in [`crate::report::score::CSV_COLUMNS`]).
pub fn csv_column(column: &str, lang: Lang) -> &str {
    let vi = match column {
        "block" => "Khối",
        "rank" => "Hạng",
        "code" => "Mã",
        "name" => "Đơn vị",
        "max" => "Điểm tối đa",
        "applicable_max" => "Tối đa áp dụng",
        "self_points" => "Điểm tự chấm",
        "self_bonus" => "Điểm thưởng tự chấm",
        "self_deduction" => "Điểm trừ tự chấm",
        "self_total" => "Tổng tự chấm",
        "self_index" => "Chỉ số tự chấm",
        "self_rating" => "Xếp loại tự chấm",
        "final_points" => "Điểm thẩm định",
        "final_bonus" => "Điểm thưởng",
        "final_deduction" => "Điểm trừ",
        "final_total" => "Tổng thẩm định",
        "final_index" => "Chỉ số",
        "final_rating" => "Xếp loại",
        other => other,
    };
    match lang {
        Lang::Vi => vi,
        Lang::En => column,
    }
}

/// A placeholder for an argument's value in the usage line (`<NĂM>`).
pub fn value_name(arg: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match arg {
        "year" => ("NĂM", "YEAR"),
        "unit" => ("ĐƠN_VỊ", "UNIT"),
        "code" => ("MÃ_TIÊU_CHÍ", "CODE"),
        "from" => ("TỪ", "FROM"),
        "to" => ("ĐẾN", "TO"),
        "output" => ("TỆP", "FILE"),
        "file" => ("TỆP", "FILE"),
        "root" => ("THƯ_MỤC", "DIR"),
        "block" => ("KHỐI", "BLOCK"),
        "round" => ("VÒNG", "ROUND"),
        "reason" => ("LÝ_DO", "REASON"),
        "period" => ("KỲ", "PERIOD"),
        "kind" => ("LOẠI", "KIND"),
        "sign" => ("TỆP_KHÓA", "KEYFILE"),
        "public_key" => ("HEX", "HEX"),
        "format" => ("ĐỊNH_DẠNG", "FORMAT"),
        "lang" => ("NGÔN_NGỮ", "LANG"),
        "command" => ("LỆNH", "COMMAND"),
        _ => return None,
    };
    Some(if lang == Lang::Vi { vi } else { en })
}

/// Words clap writes around the help, and the examples' heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpWord {
    Usage,
    Commands,
    Arguments,
    Options,
    Examples,
    Default,
    Values,
    /// Clap's "[OPTIONS]" in a usage line.
    OptionsPlaceholder,
    /// Clap's "<COMMAND>" in a usage line.
    CommandPlaceholder,
}

impl HelpWord {
    pub fn text(self, lang: Lang) -> &'static str {
        use HelpWord::*;
        let (vi, en) = match self {
            Usage => ("Cách dùng:", "Usage:"),
            Commands => ("Lệnh", "Commands"),
            Arguments => ("Đối số", "Arguments"),
            Options => ("Tùy chọn", "Options"),
            Examples => ("Ví dụ:", "Examples:"),
            Default => ("mặc định:", "default:"),
            Values => ("giá trị:", "possible values:"),
            OptionsPlaceholder => ("[TÙY_CHỌN]", "[OPTIONS]"),
            CommandPlaceholder => ("<LỆNH>", "<COMMAND>"),
        };
        if lang == Lang::Vi { vi } else { en }
    }
}

/// A command line clap could not read, in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum UsageError {
    UnknownCommand {
        given: String,
        suggested: Vec<String>,
    },
    UnknownArgument {
        given: String,
        suggested: Option<String>,
    },
    MissingArguments(Vec<String>),
    MissingCommand,
    InvalidValue {
        arg: String,
        value: String,
        valid: Vec<String>,
        suggested: Option<String>,
    },
    /// A value that should be a whole number (a year, a round) is not.
    NotANumber {
        arg: String,
        value: String,
    },
    /// An option given twice, or two that cannot go together.
    Conflict {
        arg: String,
        with: Option<String>,
    },
    /// An argument more than the command takes.
    Unexpected(String),
    /// Anything else clap reports: its own (English) words, kept as detail.
    Other(String),
}

impl UsageError {
    pub fn text(&self, lang: Lang) -> String {
        use UsageError::*;
        let suggest = |s: &[String]| match s {
            [] => String::new(),
            s => tr!(
                lang,
                format!("; có phải ý bạn là {}?", list(s).replace(", ", " hoặc ")),
                format!("; did you mean {}?", list(s).replace(", ", " or ")),
            ),
        };
        match self {
            UnknownCommand { given, suggested } => tr!(
                lang,
                format!("không có lệnh `{given}`{}", suggest(suggested)),
                format!("no command `{given}`{}", suggest(suggested)),
            ),
            UnknownArgument { given, suggested } => {
                let s = suggest(suggested.as_slice());
                tr!(
                    lang,
                    format!("lệnh này không có tùy chọn `{given}`{s}"),
                    format!("this command has no option `{given}`{s}"),
                )
            }
            MissingArguments(args) => tr!(
                lang,
                format!("thiếu {}", args.join(", ")),
                format!("missing {}", args.join(", ")),
            ),
            MissingCommand => tr!(lang, "thiếu tên lệnh".into(), "no command given".into()),
            InvalidValue {
                arg,
                value,
                valid,
                suggested,
            } => {
                let s = suggest(suggested.as_slice());
                tr!(
                    lang,
                    format!(
                        "giá trị `{value}` không dùng được cho {arg}{s}; các giá trị: {}",
                        list(valid)
                    ),
                    format!(
                        "`{value}` is not a value of {arg}{s}; the values: {}",
                        list(valid)
                    ),
                )
            }
            NotANumber { arg, value } => tr!(
                lang,
                format!("{arg} phải là số nguyên (ví dụ 2025), không phải `{value}`"),
                format!("{arg} must be a whole number (e.g. 2025), not `{value}`"),
            ),
            Conflict { arg, with: None } => tr!(
                lang,
                format!("{arg} chỉ được ghi một lần"),
                format!("{arg} may be given only once"),
            ),
            Conflict {
                arg,
                with: Some(other),
            } => tr!(
                lang,
                format!("{arg} không dùng cùng {other} được"),
                format!("{arg} cannot be used with {other}"),
            ),
            Unexpected(value) => tr!(
                lang,
                format!("thừa đối số `{value}`"),
                format!("unexpected argument `{value}`"),
            ),
            Other(detail) => tr!(
                lang,
                format!("dòng lệnh không hợp lệ ({detail})"),
                format!("invalid command line ({detail})"),
            ),
        }
    }

    /// The line that follows the error: where to read more.
    pub fn see_help(command: &str, lang: Lang) -> String {
        let command = if command.is_empty() {
            "chiso".to_string()
        } else {
            format!("chiso {command}")
        };
        tr!(
            lang,
            format!("xem cách dùng: {command} --help"),
            format!("for more, try: {command} --help"),
        )
    }
}

/// Evidence attachments (`attachments` of a self-assessment entry).
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceMsg {
    Missing {
        file: String,
        error: IoFailure,
    },
    NotPlainName(String),
    NotSha256(String),
    Sha256 {
        file: String,
        expected: String,
        found: String,
    },
    Size {
        file: String,
        expected: u64,
        found: u64,
    },
    Type {
        file: String,
    },
    TooLarge {
        file: String,
        limit_mib: u64,
    },
    AttachAgainHint,
    /// The heading of an entry's attachments (`chiso explain`).
    Attachments,
    /// One attachment listed: its title, stored name and size.
    Listed {
        title: String,
        file: String,
        size: u64,
    },
}

impl EvidenceMsg {
    pub fn text(&self, lang: Lang) -> String {
        use EvidenceMsg::*;
        match self {
            Missing { file, error } => {
                let error = error.text(lang);
                tr!(
                    lang,
                    format!("không đọc được tệp đính kèm {file}: {error}"),
                    format!("the attached file {file} cannot be read: {error}"),
                )
            }
            NotPlainName(f) => tr!(
                lang,
                format!("`file` của tệp đính kèm phải là tên tệp trong thư mục tài liệu kiểm chứng của đơn vị, không phải đường dẫn: `{f}`"),
                format!("an attachment's `file` must be a file name in the unit's evidence folder, not a path: `{f}`"),
            ),
            NotSha256(v) => tr!(
                lang,
                format!("`sha256` phải gồm 64 chữ số thập lục phân, không phải `{v}`"),
                format!("`sha256` must be 64 hexadecimal digits, not `{v}`"),
            ),
            Sha256 { file, expected, found } => tr!(
                lang,
                format!("nội dung tệp {file} đã thay đổi: SHA-256 là {found}, tệp tự đánh giá ghi {expected}"),
                format!("the content of {file} changed: its SHA-256 is {found}, the self-assessment says {expected}"),
            ),
            Size { file, expected, found } => tr!(
                lang,
                format!("tệp {file} có {found} byte, tệp tự đánh giá ghi {expected} byte"),
                format!("{file} has {found} bytes, the self-assessment says {expected}"),
            ),
            Type { file } => tr!(
                lang,
                format!("tệp {file} không phải PDF, văn bản Office/OpenDocument, PNG hay JPEG"),
                format!("{file} is not a PDF, an Office or OpenDocument file, a PNG or a JPEG"),
            ),
            TooLarge { file, limit_mib } => tr!(
                lang,
                format!("tệp {file} lớn hơn giới hạn {limit_mib} MiB của tài liệu kiểm chứng"),
                format!("{file} is larger than the {limit_mib} MiB limit of evidence files"),
            ),
            AttachAgainHint => tr!(
                lang,
                "đính kèm lại tệp gốc: tệp được lưu theo SHA-256 của nội dung".into(),
                "attach the original file again: files are stored under the SHA-256 of their content".into(),
            ),
            Attachments => tr!(lang, "Tệp đính kèm".into(), "Attached files".into()),
            Listed { title, file, size } => tr!(
                lang,
                format!("{title} ({file}, {size} byte)"),
                format!("{title} ({file}, {size} bytes)"),
            ),
        }
    }
}

// ---------------------------------------------------------------------------
// `chiso serve` and `chiso user`: the web application's words and sentences.
// ---------------------------------------------------------------------------

/// Fixed words of the web pages and of `chiso user`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Web {
    AppName,
    LoginTitle,
    UserName,
    Password,
    LoginButton,
    Logout,
    LoginFailed,
    LoginLocked,
    Forbidden,
    NotFound,
    Unauthorized,
    BadForm,
    CrossSite,
    ServerError,
    Status,
    Draft,
    Submitted,
    Closed,
    NotOpen,
    Deadline,
    NoDeadline,
    Opens,
    Progress,
    ProvisionalIndex,
    SelfTotal,
    Rating,
    NotRated,
    Save,
    Saved,
    Yes,
    No,
    NotAnswered,
    NotApplicable,
    Evidence,
    Note,
    Guidance,
    LegalBasis,
    RequiredEvidence,
    Official,
    Points,
    Max,
    Step,
    CouncilScores,
    Subtotal,
    Submit,
    SubmitDone,
    ReadOnly,
    NotSaved,
    Conflict,
    CurrentValue,
    YourValue,
    ReloadPage,
    Problems,
    UserAdded,
    PasswordChanged,
    UserDisabled,
    PasswordPrompt,
    PasswordAgain,
    PasswordsDiffer,
    NoUsers,
    Role,
    Units,
    Active,
    Disabled,
}

impl Web {
    pub fn text(self, lang: Lang) -> &'static str {
        use Web::*;
        let (vi, en) = match self {
            AppName => ("Chỉ số cải cách hành chính", "PAR Index"),
            LoginTitle => ("Đăng nhập", "Log in"),
            UserName => ("Tên đăng nhập", "User name"),
            Password => ("Mật khẩu", "Password"),
            LoginButton => ("Đăng nhập", "Log in"),
            Logout => ("Đăng xuất", "Log out"),
            LoginFailed => (
                "Tên đăng nhập hoặc mật khẩu không đúng.",
                "Wrong user name or password.",
            ),
            LoginLocked => (
                "Đăng nhập sai quá nhiều lần: tạm khóa 15 phút, hãy thử lại sau.",
                "Too many failed logins: locked for 15 minutes, try again later.",
            ),
            Forbidden => (
                "Tài khoản của bạn không có quyền làm việc này.",
                "Your account may not do this.",
            ),
            NotFound => ("Không có trang này.", "No such page."),
            Unauthorized => (
                "Hãy đăng nhập (phiên làm việc đã hết hạn hoặc chưa đăng nhập).",
                "Please log in (the session has expired or you are not logged in).",
            ),
            BadForm => (
                "Biểu mẫu không hợp lệ hoặc đã cũ: hãy tải lại trang rồi làm lại.",
                "The form is invalid or stale: reload the page and try again.",
            ),
            CrossSite => (
                "Yêu cầu đến từ trang web khác: bị từ chối.",
                "The request came from another site: refused.",
            ),
            ServerError => (
                "Máy chủ gặp lỗi, chưa ghi gì; hãy thử lại.",
                "The server failed and wrote nothing; try again.",
            ),
            Status => ("Trạng thái", "Status"),
            Draft => ("Đang tự chấm", "Self-assessment in progress"),
            Submitted => ("Đã nộp", "Submitted"),
            Closed => ("Đã hết hạn tự chấm", "Self-assessment closed"),
            NotOpen => ("Chưa đến thời gian tự chấm", "Self-assessment not open yet"),
            Deadline => ("Hạn nộp", "Deadline"),
            NoDeadline => ("chưa có lịch", "no schedule"),
            Opens => ("mở từ", "opens"),
            Progress => ("Tiến độ", "Progress"),
            ProvisionalIndex => ("Chỉ số tạm tính", "Provisional index"),
            SelfTotal => ("Tổng điểm tự chấm", "Self-assessed total"),
            Rating => ("Xếp loại", "Rating"),
            NotRated => ("chưa xếp loại", "not rated"),
            Save => ("Lưu", "Save"),
            Saved => ("Đã lưu.", "Saved."),
            Yes => ("Có", "Yes"),
            No => ("Không", "No"),
            NotAnswered => ("Chưa chấm", "Not answered"),
            NotApplicable => ("Không phát sinh", "Not applicable"),
            Evidence => (
                "Tài liệu kiểm chứng (mỗi dòng một tài liệu)",
                "Evidence (one document per line)",
            ),
            Note => ("Ghi chú", "Note"),
            Guidance => ("Hướng dẫn", "Guidance"),
            LegalBasis => ("Căn cứ", "Legal basis"),
            RequiredEvidence => ("Tài liệu kiểm chứng yêu cầu", "Required evidence"),
            Official => ("Số liệu chính thức", "Official figure"),
            Points => ("Điểm", "Points"),
            Max => ("Tối đa", "Max"),
            Step => ("bước", "step"),
            CouncilScores => (
                "Hội đồng thẩm định chấm tiêu chí này.",
                "The appraisal council scores this criterion.",
            ),
            Subtotal => ("Điểm lĩnh vực", "Area subtotal"),
            Submit => ("Nộp bản tự đánh giá", "Submit the self-assessment"),
            SubmitDone => (
                "Đã nộp bản tự đánh giá; biểu mẫu chỉ còn để xem.",
                "The self-assessment is submitted; the form is read-only.",
            ),
            ReadOnly => ("Chỉ xem, không sửa được.", "Read-only."),
            NotSaved => ("Chưa lưu:", "Not saved:"),
            Conflict => (
                "Tiêu chí này vừa được sửa ở nơi khác sau khi bạn mở trang; chưa lưu.",
                "This criterion was changed elsewhere after you opened the page; not saved.",
            ),
            CurrentValue => ("Giá trị hiện có", "Current value"),
            YourValue => ("Giá trị bạn nhập", "Your value"),
            ReloadPage => ("Tải lại trang", "Reload the page"),
            Problems => ("Vấn đề", "Problems"),
            UserAdded => ("đã tạo tài khoản", "account created"),
            PasswordChanged => ("đã đổi mật khẩu", "password changed"),
            UserDisabled => (
                "đã khóa tài khoản và đóng các phiên của nó",
                "account disabled and its sessions closed",
            ),
            PasswordPrompt => ("Mật khẩu: ", "Password: "),
            PasswordAgain => ("Nhập lại mật khẩu: ", "Password again: "),
            PasswordsDiffer => (
                "hai lần nhập mật khẩu không khớp",
                "the two passwords differ",
            ),
            NoUsers => ("chưa có tài khoản nào", "no accounts yet"),
            Role => ("Vai trò", "Role"),
            Units => ("Đơn vị", "Units"),
            Active => ("đang dùng", "active"),
            Disabled => ("đã khóa", "disabled"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// Sentences of the web pages and of `chiso user` that carry values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebSay {
    /// `chiso serve` is ready.
    Listening {
        root: String,
        address: String,
    },
    Answered {
        answered: usize,
        leaves: usize,
    },
    EvidenceMissing(usize),
    /// A number typed in the form that is not one.
    NotANumber {
        field: String,
        text: String,
    },
    SubmitRefused {
        errors: usize,
    },
    PasswordTooShort {
        min: usize,
    },
    UserExists(String),
    NoSuchUser(String),
    /// A unit officer's account names no unit.
    UnitNeeded,
    /// A role that is tied to no unit was given units.
    NoUnitsForRole(String),
    CannotOpenState {
        file: String,
        error: String,
    },
    CannotListen {
        address: String,
        error: String,
    },
    NoSuchYear(i64),
    /// `chiso serve` on a folder without `criteria/`.
    NotAWorkspace(String),
}

impl WebSay {
    pub fn text(&self, lang: Lang) -> String {
        use WebSay::*;
        match self {
            Listening { root, address } => tr!(
                lang,
                format!("chiso serve: không gian làm việc {root}, địa chỉ http://{address}"),
                format!("chiso serve: workspace {root}, at http://{address}"),
            ),
            Answered { answered, leaves } => tr!(
                lang,
                format!("{answered}/{leaves} tiêu chí đã chấm"),
                format!("{answered} of {leaves} criteria answered"),
            ),
            EvidenceMissing(n) => tr!(
                lang,
                format!("{n} tiêu chí thiếu tài liệu kiểm chứng"),
                format!(
                    "{n} {} without evidence",
                    plural(*n, "criterion", "criteria")
                ),
            ),
            NotANumber { field, text } => tr!(
                lang,
                format!("{field}: “{text}” không phải là số (ví dụ 12 hoặc 0,5)"),
                format!("{field}: “{text}” is not a number (e.g. 12 or 0.5)"),
            ),
            SubmitRefused { errors } => tr!(
                lang,
                format!(
                    "chưa nộp được: bản tự đánh giá còn {errors} lỗi, hãy sửa các tiêu chí báo lỗi"
                ),
                format!(
                    "not submitted: the self-assessment has {errors} {}; fix the criteria that show them",
                    plural(*errors, "error", "errors")
                ),
            ),
            PasswordTooShort { min } => tr!(
                lang,
                format!("mật khẩu cần ít nhất {min} ký tự"),
                format!("a password needs at least {min} characters"),
            ),
            UserExists(name) => tr!(
                lang,
                format!("đã có tài khoản “{name}”"),
                format!("an account “{name}” exists already"),
            ),
            NoSuchUser(name) => tr!(
                lang,
                format!("không có tài khoản “{name}”"),
                format!("no account “{name}”"),
            ),
            UnitNeeded => tr!(
                lang,
                "tài khoản don_vi cần ít nhất một --unit MÃ_ĐƠN_VỊ".into(),
                "a don_vi account needs at least one --unit CODE".into(),
            ),
            NoUnitsForRole(role) => tr!(
                lang,
                format!("vai trò {role} không gắn với đơn vị: bỏ --unit"),
                format!("the role {role} is tied to no unit: drop --unit"),
            ),
            CannotOpenState { file, error } => tr!(
                lang,
                format!("không mở được cơ sở dữ liệu của máy chủ {file}: {error}"),
                format!("cannot open the server's database {file}: {error}"),
            ),
            CannotListen { address, error } => tr!(
                lang,
                format!("không mở được địa chỉ {address}: {error}"),
                format!("cannot listen on {address}: {error}"),
            ),
            NoSuchYear(year) => tr!(
                lang,
                format!("không có năm {year} trong không gian làm việc"),
                format!("no year {year} in the workspace"),
            ),
            NotAWorkspace(root) => tr!(
                lang,
                format!(
                    "{root} không phải là không gian làm việc (không có thư mục criteria/): chỉ ra nó bằng --root THƯ_MỤC"
                ),
                format!(
                    "{root} is not a workspace (no criteria/ folder): name one with --root DIR"
                ),
            ),
        }
    }
}
