//! Finding the table's header by its Vietnamese column titles, and what each
//! column holds.

use std::collections::BTreeMap;

use super::names::fold;
use super::table::{Grid, Row};
use super::{Kind, Measure};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Stt,
    Name,
    Code,
    Count(Measure),
    /// `bool`: the title says `%`.
    Rate(Measure, bool),
    /// Early and on-time dossiers in one column (it cannot fill two facts).
    EarlyAndOnTime,
    Other,
}

const NAME_TITLES: &[&str] = &[
    "ten co quan don vi",
    "ten co quan",
    "ten don vi",
    "co quan don vi",
    "don vi",
    "co quan",
    "ten dia phuong",
    "dia phuong",
];

pub(super) fn has_word(title: &str, word: &str) -> bool {
    format!(" {title} ").contains(&format!(" {word} "))
}

fn is_code_title(folded: &str) -> bool {
    matches!(folded, "ma" | "ma don vi" | "ma co quan" | "code" | "ma dv")
}

fn is_name_title(folded: &str) -> bool {
    NAME_TITLES.contains(&folded)
        || folded.starts_with("ten co quan")
        || folded.starts_with("ten don vi")
}

/// What a column holds, from its (multi-row) title.
fn classify(kind: Kind, raw: &str) -> Role {
    let t = fold(raw);
    let w = |word: &str| has_word(&t, word);
    if matches!(t.as_str(), "stt" | "tt" | "so thu tu" | "so tt" | "so") {
        return Role::Stt;
    }
    if is_code_title(&t) {
        return Role::Code;
    }
    if is_name_title(&t) {
        return Role::Name;
    }
    let measure = match kind {
        Kind::Dossiers => {
            if w("truc tuyen") {
                Some(Measure::Online)
            } else if w("chua giai") || w("dang giai") || w("dang xu ly") || w("ton") {
                Some(Measure::Pending)
            } else if w("tre") || w("qua han") {
                Some(Measure::Late)
            } else if w("som") && w("dung") {
                // "sớm và đúng hạn" in one column cannot fill two facts.
                return if w("ty le") {
                    Role::Other
                } else {
                    Role::EarlyAndOnTime
                };
            } else if w("som") || w("truoc han") || w("truoc hen") {
                Some(Measure::Early)
            } else if w("dung han") || w("dung hen") {
                Some(Measure::OnTime)
            } else if w("giai quyet") || w("da xu ly") {
                Some(Measure::Resolved)
            } else if w("nhan") {
                Some(Measure::Received)
            } else {
                None
            }
        }
        Kind::Survey => (w("hai long") || w("sipas")).then_some(Measure::Satisfaction),
        Kind::Reports => {
            if w("khong nop") || w("khong gui") || w("chua nop") || w("chua gui") || w("thieu") {
                Some(Measure::ReportsMissing)
            } else if w("tre") || w("qua han") {
                Some(Measure::ReportsLate)
            } else if w("dung han") {
                Some(Measure::ReportsOnTime)
            } else {
                None
            }
        }
    };
    match measure {
        None => Role::Other,
        Some(m) if kind == Kind::Survey || w("ty le") => Role::Rate(m, raw.contains('%')),
        Some(m) => Role::Count(m),
    }
}

/// Where the header is and what each column holds.
pub(super) struct Layout {
    /// Index in `grid.rows` of the first row after the header.
    pub(super) body: usize,
    /// Index in `grid.rows` of the (first) header row.
    pub(super) header: usize,
    pub(super) stt: Option<usize>,
    pub(super) name: Option<usize>,
    pub(super) code: Option<usize>,
    pub(super) counts: BTreeMap<Measure, usize>,
    pub(super) rates: BTreeMap<Measure, (usize, bool)>,
    pub(super) early_and_on_time: Option<usize>,
    /// Two columns whose titles name the same figure: the measure, both columns.
    pub(super) ambiguous: Vec<(Measure, usize, usize)>,
    /// The columns the header spans: the most fields of a header row in a CSV
    /// file (each row writes every field), one past the last title in a sheet.
    pub(super) width: usize,
    /// The combined (multi-row) title of each column.
    pub(super) titles: Vec<String>,
}

impl Layout {
    pub(super) fn has(&self, kind: Kind, m: Measure) -> bool {
        if kind.is_count() {
            self.counts.contains_key(&m)
        } else {
            self.rates.contains_key(&m)
        }
    }

    /// Required facts without a column. A dossier table with the online column
    /// alone (the provincial report's Phụ lục VII) imports just that.
    pub(super) fn missing(&self, kind: Kind) -> Vec<Measure> {
        let required = kind.required();
        let missing: Vec<Measure> = required
            .iter()
            .copied()
            .filter(|&m| !self.has(kind, m))
            .collect();
        if kind == Kind::Dossiers
            && self.has(kind, Measure::Online)
            && missing.len() == required.len()
        {
            return Vec::new();
        }
        missing
    }

    /// A unit column and every required column.
    pub(super) fn complete(&self, kind: Kind) -> bool {
        (self.name.is_some() || self.code.is_some()) && self.missing(kind).is_empty()
    }
}

pub(super) fn looks_numeric(text: &str) -> bool {
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ' | '-'))
}

/// A header row names the column of units (by name or by code).
pub(super) fn row_is_header(row: &Row) -> bool {
    row.cells.iter().any(|c| {
        let t = fold(&c.text);
        is_name_title(&t) || is_code_title(&t)
    })
}

pub(super) fn find_layout(grid: &Grid, kind: Kind) -> Option<Layout> {
    let start = grid.rows.iter().take(60).position(|r| {
        r.cells.iter().filter(|c| !c.text.is_empty()).count() >= 2 && row_is_header(r)
    })?;
    // Up to two more header rows: text only, nothing in the first two columns.
    let mut end = start + 1;
    while end < grid.rows.len() && end < start + 3 {
        let r = &grid.rows[end];
        let text_only = !r.is_blank()
            && r.cells.iter().all(|c| !looks_numeric(&c.text))
            && r.text(0).is_empty()
            && r.text(1).is_empty();
        if !text_only {
            break;
        }
        end += 1;
    }
    let header = &grid.rows[start..end];
    let width = header.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    // A title merged across columns is written in its first column only: fill it
    // to the right wherever a lower header row has a sub-title.
    let mut titles = vec![String::new(); width];
    for (i, row) in header.iter().enumerate() {
        let mut carry = String::new();
        for (col, title) in titles.iter_mut().enumerate() {
            let own = row.text(col);
            let below = header[i + 1..].iter().any(|r| !r.text(col).is_empty());
            let text = if !own.is_empty() {
                carry = own.to_string();
                own.to_string()
            } else if below {
                carry.clone()
            } else {
                carry.clear();
                String::new()
            };
            if !text.is_empty() {
                if !title.is_empty() {
                    title.push(' ');
                }
                title.push_str(&text);
            }
        }
    }
    let width = if grid.sheet.is_some() {
        titles
            .iter()
            .rposition(|t| !t.is_empty())
            .map_or(0, |c| c + 1)
    } else {
        width
    };
    let mut layout = Layout {
        body: end,
        header: start,
        stt: None,
        name: None,
        code: None,
        counts: BTreeMap::new(),
        rates: BTreeMap::new(),
        early_and_on_time: None,
        ambiguous: Vec::new(),
        width,
        titles: Vec::new(),
    };
    for (col, title) in titles.iter().enumerate() {
        match classify(kind, title) {
            Role::Stt => {
                layout.stt.get_or_insert(col);
            }
            Role::Name => {
                layout.name.get_or_insert(col);
            }
            Role::Code => {
                layout.code.get_or_insert(col);
            }
            // Two columns of one figure: which one holds it cannot be told, and
            // reading either could be wrong.
            Role::Count(m) => match layout.counts.get(&m) {
                Some(&first) => layout.ambiguous.push((m, first, col)),
                None => {
                    layout.counts.insert(m, col);
                }
            },
            Role::Rate(m, pct) => match layout.rates.get(&m) {
                Some(&(first, _)) => layout.ambiguous.push((m, first, col)),
                None => {
                    layout.rates.insert(m, (col, pct));
                }
            },
            Role::EarlyAndOnTime => {
                layout.early_and_on_time.get_or_insert(col);
            }
            Role::Other => {}
        }
    }
    layout.titles = titles;
    Some(layout)
}

/// A row numbering the columns under the header (`1 2 3 …`, `(1) (2) (3) …`,
/// perhaps after letters `A B`): not a unit's row.
pub(super) fn is_column_numbers(row: &Row) -> bool {
    let mut numbers = Vec::new();
    for cell in row.cells.iter().filter(|c| !c.text.is_empty()) {
        let t = cell
            .text
            .trim_matches(|c: char| c == '(' || c == ')' || c == ' ');
        if let Ok(n) = t.parse::<u32>() {
            numbers.push(n);
        } else if !(t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic())) {
            return false;
        }
    }
    numbers.len() >= 3 && numbers.windows(2).all(|w| w[1] == w[0] + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_titles() {
        use Measure::*;
        let d = |t| classify(Kind::Dossiers, t);
        assert_eq!(d("Hồ sơ nhận"), Role::Count(Received));
        assert_eq!(d("Tổng số hồ sơ tiếp nhận"), Role::Count(Received));
        assert_eq!(d("Hồ sơ giải quyết Tỷ lệ"), Role::Rate(Resolved, false));
        assert_eq!(d("Hồ sơ đã giải quyết Tỷ lệ %"), Role::Rate(Resolved, true));
        assert_eq!(d("Hồ sơ sớm hẹn Số lượng"), Role::Count(Early));
        assert_eq!(d("Hồ sơ trước hạn Tổng số"), Role::Count(Early));
        assert_eq!(d("Hồ sơ đúng hạn"), Role::Count(OnTime));
        assert_eq!(d("Hồ sơ trễ hẹn"), Role::Count(Late));
        assert_eq!(d("Hồ sơ chưa giải quyết"), Role::Count(Pending));
        assert_eq!(d("Hồ sơ đang giải quyết"), Role::Count(Pending));
        assert_eq!(d("Số hồ sơ trực tuyến"), Role::Count(Online));
        assert_eq!(d("Hồ sơ sớm và đúng hạn"), Role::EarlyAndOnTime);
        assert_eq!(d("Hồ sơ sớm và đúng hạn Tỷ lệ"), Role::Other);
        assert_eq!(d("Số thứ tự"), Role::Stt);
        assert_eq!(d("Tên cơ quan, đơn vị"), Role::Name);
        assert_eq!(d("Mã đơn vị"), Role::Code);
        let r = |t| classify(Kind::Reports, t);
        assert_eq!(r("Thời gian gửi Trễ hạn"), Role::Count(ReportsLate));
        assert_eq!(r("Không nộp"), Role::Count(ReportsMissing));
        assert_eq!(r("Đúng hạn"), Role::Count(ReportsOnTime));
        assert_eq!(
            classify(Kind::Survey, "Chỉ số hài lòng (%)"),
            Role::Rate(Satisfaction, true)
        );
    }
}
