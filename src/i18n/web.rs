//! The web application (`chiso serve`).

#[allow(unused_imports)]
use super::*;

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
    /// A save or submit refused because the self-assessment was submitted meanwhile.
    AlreadySubmitted,
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
    /// The council's letters to the unit, one per released round.
    Letters,
    /// A round's letter asked for before it is released.
    NotReleased,
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
    // Evidence files and the explanation (giải trình) on a criterion's card.
    Attachments,
    NoAttachments,
    AddFile,
    Upload,
    RemoveFile,
    NoFileChosen,
    NameWithPath,
    NameControl,
    WrongFileType,
    EmptyFile,
    UnreadableUpload,
    SaveExplanation,
    ExplanationClosed,
    NotAdjusted,
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
            AlreadySubmitted => (
                "Bản tự đánh giá đã được nộp (có thể bởi người khác): không sửa được nữa; tải lại trang để xem",
                "The self-assessment has been submitted (perhaps by someone else): it can no longer be changed; reload the page to see it",
            ),
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
            Letters => ("Thông báo kết quả thẩm định", "Appraisal letters"),
            NotReleased => (
                "Kết quả vòng thẩm định này chưa được gửi đến đơn vị.",
                "This round's results have not been released to the unit yet.",
            ),
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
            Attachments => ("Tệp đính kèm", "Attached files"),
            NoAttachments => ("Chưa có tệp đính kèm.", "No file attached."),
            AddFile => (
                "Thêm tệp kiểm chứng (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG; tối đa 20 MiB)",
                "Add an evidence file (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG; at most 20 MiB)",
            ),
            Upload => ("Tải lên", "Upload"),
            RemoveFile => ("Gỡ tệp", "Remove"),
            NoFileChosen => ("Chưa chọn tệp để tải lên.", "No file was chosen."),
            NameWithPath => (
                "Tên tệp chứa đường dẫn (/, \\ hoặc ..): không nhận; hãy đặt lại tên tệp rồi tải lên.",
                "The file name contains a path (/, \\ or ..): refused; rename the file and upload it again.",
            ),
            NameControl => (
                "Tên tệp chứa ký tự điều khiển (như NUL hay xuống dòng): không nhận; hãy đặt lại tên tệp rồi tải lên.",
                "The file name contains a control character (such as NUL or a line break): refused; rename the file and upload it again.",
            ),
            WrongFileType => (
                "Nội dung tệp không phải PDF, Word, Excel, PowerPoint, OpenDocument, PNG hay JPEG (xét theo nội dung, không theo đuôi tên tệp): không nhận.",
                "The file's content is not PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG (told by its content, not its name): refused.",
            ),
            EmptyFile => (
                "Tệp rỗng (0 byte): không nhận.",
                "The file is empty: refused.",
            ),
            UnreadableUpload => (
                "Không đọc được tệp gửi lên: hãy tải lại trang rồi thử lại.",
                "The upload could not be read: reload the page and try again.",
            ),
            SaveExplanation => ("Lưu giải trình", "Save the explanation"),
            ExplanationClosed => (
                "Không trong thời gian giải trình: chưa ghi gì.",
                "The explanation window is not open: nothing written.",
            ),
            NotAdjusted => (
                "Chỉ giải trình, bổ sung tài liệu ở tiêu chí Hội đồng thẩm định đã điều chỉnh trong vòng này.",
                "Only the criteria the council adjusted in this round take an explanation or more evidence.",
            ),
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
    /// The link to a round's letter.
    LetterOfRound(u32),
    /// A choice posted that the criterion no longer offers (edited while the
    /// page was open).
    UnknownOption(String),
    /// `chiso audit`: the chain holds.
    AuditIntact(usize),
    /// `chiso audit`: a record edited, or one before it removed.
    AuditBroken(i64),
    /// `chiso audit`: the last records removed.
    AuditTruncated {
        id: i64,
        records: usize,
        /// The head file naming the record.
        head: &'static str,
    },
    /// An uploaded file's name longer than the titles kept.
    NameTooLong {
        max: usize,
    },
    /// An upload larger than the evidence limit.
    FileTooLarge {
        limit_mib: u64,
    },
    /// The heading of a round's decision on a criterion's card.
    RoundResult {
        round: u32,
    },
    /// The explanation window of a round is open for the unit.
    ExplanationOpen {
        round: u32,
        closes: String,
    },
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
            LetterOfRound(round) => tr!(lang, format!("vòng {round}"), format!("round {round}"),),
            UnknownOption(label) => tr!(
                lang,
                format!(
                    "tiêu chí không còn lựa chọn “{label}” (bộ tiêu chí vừa được sửa): tải lại trang rồi chọn lại"
                ),
                format!(
                    "the criterion no longer offers “{label}” (its criteria were just edited): reload the page and choose again"
                ),
            ),
            AuditIntact(n) => tr!(
                lang,
                format!("nhật ký nguyên vẹn: {n} bản ghi, chuỗi băm khớp"),
                format!(
                    "the audit log holds: {n} {}, every hash chained",
                    plural(*n, "record", "records")
                ),
            ),
            AuditBroken(id) => tr!(
                lang,
                format!(
                    "nhật ký đã bị sửa: bản ghi số {id} (hoặc một bản ghi trước nó đã bị xóa) không khớp chuỗi băm"
                ),
                format!(
                    "the audit log was edited: record {id} (or one removed before it) breaks the chain of hashes"
                ),
            ),
            AuditTruncated { id, records, head } => tr!(
                lang,
                format!(
                    "nhật ký đã bị cắt bớt: bản ghi cuối đã ghi là số {id} nhưng không còn (còn {records} bản ghi; xem {head})"
                ),
                format!(
                    "the audit log was cut: the last record written, {id}, is gone ({records} left; see {head})"
                ),
            ),
            NameTooLong { max } => tr!(
                lang,
                format!(
                    "Tên tệp dài quá {max} ký tự: không nhận; hãy đặt tên ngắn hơn rồi tải lên."
                ),
                format!(
                    "The file name is longer than {max} characters: refused; give it a shorter name and upload it again."
                ),
            ),
            FileTooLarge { limit_mib } => tr!(
                lang,
                format!(
                    "Tệp lớn hơn {limit_mib} MiB: không nhận; hãy nén hoặc tách tệp rồi tải lên."
                ),
                format!(
                    "The file is larger than {limit_mib} MiB: refused; compress or split it and upload again."
                ),
            ),
            RoundResult { round } => tr!(
                lang,
                format!("Kết quả thẩm định vòng {round}"),
                format!("Appraisal round {round}"),
            ),
            ExplanationOpen { round, closes } => tr!(
                lang,
                format!(
                    "Đang trong thời gian giải trình kết quả thẩm định vòng {round}, đến {closes}: chỉ các tiêu chí Hội đồng thẩm định đã điều chỉnh được giải trình và bổ sung tài liệu kiểm chứng."
                ),
                format!(
                    "The explanation window of appraisal round {round} is open until {closes}: only the criteria the council adjusted take an explanation and more evidence."
                ),
            ),
        }
    }
}
