//! Reports: labels of tables and sheets, and the sentences commands print.

#[allow(unused_imports)]
use super::*;

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
    /// The printed score sheet's signatures (`show --format html|md|xlsx`).
    Preparer,
    PlaceDate,
    UnitHead,
    SignName,
    SignAndSeal,
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
            Preparer => ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
            PlaceDate => ("……………, ngày …… tháng …… năm ……", "……………, date ……………………"),
            UnitHead => ("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF THE UNIT"),
            SignName => ("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
            SignAndSeal => (
                "(Ký, ghi rõ họ tên, đóng dấu)",
                "(Signature, full name and seal)",
            ),
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
    /// A kind of worklist item typed (`review --kind`) that is none of them.
    UnknownFinding {
        given: String,
        closest: Option<String>,
        /// Every kind's slug (`gap`, `na-claim`…), shown with its name.
        kinds: Vec<&'static str>,
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
    /// `template --all -o PATH` where PATH is a file.
    NotAFolder(String),
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
        /// The block the worklist is restricted to (its name).
        block: Option<String>,
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
            UnknownFinding { given, closest, kinds } => {
                let guess = closest.as_ref().map(|c| (format!(" (có phải `{c}`?)"), format!(" (did you mean `{c}`?)")));
                let (gv, ge) = guess.unwrap_or_default();
                let kinds: Vec<String> = kinds.iter().map(|k| format!("{k} ({})", finding_name(k, lang))).collect();
                tr!(
                    lang,
                    format!("không có loại mục `{given}`{gv}; các loại: {}", kinds.join(", ")),
                    format!("no kind of item `{given}`{ge}; the kinds: {}", kinds.join(", ")),
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
            NotAFolder(f) => tr!(
                lang,
                format!("{f} không phải là thư mục: --all ghi mỗi đơn vị một bảng tính vào một thư mục"),
                format!("{f} is not a folder: --all writes one workbook per unit into a folder"),
            ),
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
            ReviewTitle { year, unit, block } => {
                let of: String = [unit, block].into_iter().flatten().map(|x| format!(" — {x}")).collect();
                tr!(lang, format!("Danh sách cần xem xét — thẩm định CCHC năm {year}{of}"), format!("Review worklist — PAR appraisal {year}{of}"))
            }
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
