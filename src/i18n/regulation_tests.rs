//! `chiso test`: the regulation's test cases.

#[allow(unused_imports)]
use super::*;

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
