//! The totals relations of the dossier figures: received = resolved + pending,
//! and resolved = early + on time + late. `import` checks them on every row of
//! a table it reads, `check` on every row of the canonical datasets: one
//! definition of the relations, and one message for both.

use rust_decimal::Decimal;

use crate::i18n::ImportMsg;

/// A total and the facts it splits into, by fact name (dataset columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// `da_giai_quyet` = `truoc_han` + `dung_han` + `tre_han`.
    Resolved,
    /// `tiep_nhan` = `da_giai_quyet` + `dang_giai_quyet`.
    Received,
}

pub const SPLITS: [Split; 2] = [Split::Resolved, Split::Received];

impl Split {
    pub fn whole(self) -> &'static str {
        match self {
            Split::Resolved => "da_giai_quyet",
            Split::Received => "tiep_nhan",
        }
    }

    pub fn parts(self) -> &'static [&'static str] {
        match self {
            Split::Resolved => &["truoc_han", "dung_han", "tre_han"],
            Split::Received => &["da_giai_quyet", "dang_giai_quyet"],
        }
    }

    /// The whole and its parts, when every one has a value and the parts do
    /// not add up to the whole.
    pub fn violated(
        self,
        value: impl Fn(&str) -> Option<Decimal>,
    ) -> Option<(Decimal, Vec<Decimal>)> {
        let whole = value(self.whole())?;
        let parts: Vec<Decimal> = self
            .parts()
            .iter()
            .map(|p| value(p))
            .collect::<Option<_>>()?;
        (parts.iter().sum::<Decimal>() != whole).then_some((whole, parts))
    }

    /// The message for a row that does not add up, `cell` naming the whole's cell.
    pub fn message(self, cell: String, whole: Decimal, parts: &[Decimal]) -> ImportMsg {
        let part = |i: usize| parts.get(i).copied().unwrap_or_default();
        match self {
            Split::Resolved => ImportMsg::ResolvedSplit {
                cell,
                resolved: whole,
                early: part(0),
                on_time: part(1),
                late: part(2),
            },
            Split::Received => ImportMsg::ReceivedSplit {
                cell,
                received: whole,
                resolved: part(0),
                pending: part(1),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn rows_that_do_not_add_up() {
        // SKHDT in the provincial report: 561 pending where 56 was meant.
        let row = |f: &str| match f {
            "tiep_nhan" => Some(dec!(2365)),
            "da_giai_quyet" => Some(dec!(2309)),
            "truoc_han" => Some(dec!(2019)),
            "dung_han" => Some(dec!(116)),
            "tre_han" => Some(dec!(174)),
            "dang_giai_quyet" => Some(dec!(561)),
            _ => None,
        };
        assert_eq!(Split::Resolved.violated(row), None);
        assert_eq!(
            Split::Received.violated(row),
            Some((dec!(2365), vec![dec!(2309), dec!(561)]))
        );
        // A column the dataset does not have: nothing to check.
        assert_eq!(
            Split::Received.violated(|f| row(f).filter(|_| f != "dang_giai_quyet")),
            None
        );
    }
}
