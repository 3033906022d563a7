//! Diagnostics: what is wrong with a file, its hint, and the values they quote.

#[allow(unused_imports)]
use super::*;

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
