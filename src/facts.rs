//! Official figures as data: what kind of number a fact is, and the period a
//! dataset row covers. Below the model (which re-exports them) and the
//! message catalog (which says them).

use rust_decimal::Decimal;

/// What kind of number a fact is: a count must be whole and not negative, a
/// percentage lies in [0, 100]; a number may be any decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FactKind {
    #[default]
    Number,
    Count,
    Percent,
}

/// Why a value is not of its fact's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum KindProblem {
    /// A count with a fraction or a sign; `thousands` is the whole number the
    /// text means when its `.` or `,` separates thousands (`1.036` → 1036).
    NotACount {
        thousands: Option<String>,
    },
    NotAPercent,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Number => "number",
            FactKind::Count => "count",
            FactKind::Percent => "percent",
        }
    }

    pub fn parse(s: &str) -> Option<FactKind> {
        [FactKind::Number, FactKind::Count, FactKind::Percent]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// Checks `value`, written as `text`. A count written like a thousands
    /// separator (`1.000`) is refused even when whole: a unit that wrote 1.000
    /// meant a thousand.
    pub fn check(self, value: Decimal, text: &str) -> Result<(), KindProblem> {
        match self {
            FactKind::Number => Ok(()),
            FactKind::Count => {
                let thousands = thousands_reading(text);
                if value.is_sign_negative() && !value.is_zero()
                    || !value.fract().is_zero()
                    || thousands.is_some()
                {
                    Err(KindProblem::NotACount { thousands })
                } else {
                    Ok(())
                }
            }
            FactKind::Percent if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
                Err(KindProblem::NotAPercent)
            }
            FactKind::Percent => Ok(()),
        }
    }
}

/// `1.036`, `12,345` or `1.234.567`: one to three digits, then groups of three
/// after a `.` or `,` — how Vietnamese (and English) write thousands. The
/// whole number meant, or `None`.
pub fn thousands_reading(text: &str) -> Option<String> {
    let text = text.trim();
    let mut groups = text.split(['.', ',']);
    let first = groups.next()?;
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !(digits(first) && first.len() <= 3) {
        return None;
    }
    let mut meant = first.to_string();
    let mut any = false;
    for g in groups {
        if !(digits(g) && g.len() == 3) {
            return None;
        }
        meant += g;
        any = true;
    }
    any.then_some(meant)
}

/// The period a dataset row covers: its `period` column (empty or absent: the year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year,
    /// The first six months (báo cáo 6 tháng).
    FirstHalf,
    Q1,
    Q2,
    Q3,
    Q4,
}

impl Period {
    pub const ALL: [Period; 6] = [
        Period::Year,
        Period::FirstHalf,
        Period::Q1,
        Period::Q2,
        Period::Q3,
        Period::Q4,
    ];

    /// As written in a dataset's `period` column and `import --period`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "nam",
            Period::FirstHalf => "6t",
            Period::Q1 => "q1",
            Period::Q2 => "q2",
            Period::Q3 => "q3",
            Period::Q4 => "q4",
        }
    }

    pub fn parse(name: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The quarters it covers, one bit each.
    pub fn quarters(self) -> u8 {
        match self {
            Period::Year => 0b1111,
            Period::FirstHalf => 0b0011,
            Period::Q1 => 0b0001,
            Period::Q2 => 0b0010,
            Period::Q3 => 0b0100,
            Period::Q4 => 0b1000,
        }
    }
}

/// How a dataset's figure for the year was made from its rows by period.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigure {
    /// The regulation lists the dataset in `sum_periods`: the year's figure is
    /// the sum of the periods within it; else it is the year's own row.
    pub summed: bool,
    /// Every period's figure, in period order.
    pub periods: Vec<(Period, Decimal)>,
    /// The figure read for the year (`None`: none, e.g. only quarters of an annual dataset).
    pub year: Option<Decimal>,
}

/// The canonical datasets `chiso import` writes (`scores/<year>/data/<stem>.csv`),
/// and so what an imported file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DatasetKind {
    /// Dossier statistics of the one-stop software → `dossiers.csv`.
    Dossiers,
    /// Satisfaction index per unit → `survey.csv`.
    Survey,
    /// Periodic reports on time / late / missing → `reports.csv`.
    Reports,
}

/// A column of facts the import recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Received,
    Resolved,
    Early,
    OnTime,
    Late,
    Pending,
    Online,
    Satisfaction,
    ReportsOnTime,
    ReportsLate,
    ReportsMissing,
}

impl Measure {
    /// The fact name in the canonical dataset (`None`: read for checks only).
    pub fn fact(self) -> Option<&'static str> {
        Some(match self {
            Measure::Received => "tiep_nhan",
            Measure::Resolved => "da_giai_quyet",
            Measure::Early => "truoc_han",
            Measure::OnTime => "dung_han",
            Measure::Late => "tre_han",
            Measure::Pending => "dang_giai_quyet",
            Measure::Online => "truc_tuyen",
            Measure::Satisfaction => "hai_long",
            Measure::ReportsLate => "bao_cao_tre",
            Measure::ReportsMissing => "bao_cao_thieu",
            Measure::ReportsOnTime => return None,
        })
    }

    /// Column titles that name it (for messages; the matching rules are in `classify`).
    pub fn titles(self) -> &'static str {
        match self {
            Measure::Received => "Hồ sơ nhận / tiếp nhận",
            Measure::Resolved => "Hồ sơ (đã) giải quyết",
            Measure::Early => "Hồ sơ sớm hạn / trước hạn",
            Measure::OnTime => "Hồ sơ đúng hạn",
            Measure::Late => "Hồ sơ trễ hạn / quá hạn",
            Measure::Pending => "Hồ sơ chưa / đang giải quyết",
            Measure::Online => "Hồ sơ trực tuyến",
            Measure::Satisfaction => "Chỉ số hài lòng / SIPAS",
            Measure::ReportsOnTime => "Đúng hạn",
            Measure::ReportsLate => "Trễ hạn",
            Measure::ReportsMissing => "Không nộp / Thiếu",
        }
    }

    /// The fact name, or for the check-only on-time reports a name for messages.
    pub fn column_name(self) -> &'static str {
        self.fact().unwrap_or("dung_han")
    }
}

impl DatasetKind {
    pub fn stem(self) -> &'static str {
        match self {
            DatasetKind::Dossiers => "dossiers",
            DatasetKind::Survey => "survey",
            DatasetKind::Reports => "reports",
        }
    }

    /// Measures in the order of the canonical file's columns, then check-only ones.
    pub fn measures(self) -> &'static [Measure] {
        use Measure::*;
        match self {
            DatasetKind::Dossiers => &[Received, Resolved, Early, OnTime, Late, Pending, Online],
            DatasetKind::Survey => &[Satisfaction],
            DatasetKind::Reports => &[ReportsLate, ReportsMissing, ReportsOnTime],
        }
    }

    pub fn required(self) -> &'static [Measure] {
        use Measure::*;
        match self {
            DatasetKind::Dossiers => &[Received, Resolved, Early, OnTime, Late, Pending],
            DatasetKind::Survey => &[Satisfaction],
            // Without a missing column, non-submissions are read from the marks (see `marks`).
            DatasetKind::Reports => &[ReportsLate],
        }
    }

    /// The canonical file's fact columns.
    pub fn facts(self) -> Vec<&'static str> {
        self.measures().iter().filter_map(|m| m.fact()).collect()
    }

    /// Satisfaction is a percentage value; everything else counts.
    pub fn is_count(self) -> bool {
        self != DatasetKind::Survey
    }
}
