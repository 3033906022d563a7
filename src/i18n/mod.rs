//! The message catalog: every user-facing sentence, in Vietnamese (default)
//! and English. Nothing else in the crate builds user-facing text.
use rust_decimal::Decimal;

use crate::expr::ExprFailure;
use crate::num;

pub use crate::lang::Lang;
pub use crate::source::{IoFailure, NotUtf8};

/// The text in `lang`; only that language's text is formatted.
macro_rules! tr {
    ($lang:expr, $vi:expr, $en:expr $(,)?) => {
        match $lang {
            Lang::Vi => $vi,
            Lang::En => $en,
        }
    };
}

mod diagnostics;
mod help;
mod import;
mod letters;
mod publish;
mod regulation_tests;
mod reports;
mod season;
mod web;

pub use diagnostics::*;
pub use help::*;
pub use import::*;
pub use letters::*;
pub use publish::*;
pub use regulation_tests::*;
pub use reports::*;
pub use season::*;
pub use web::*;

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
