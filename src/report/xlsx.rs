//! `chiso export --format xlsx`: a summary sheet, a ranking sheet per block and
//! a score sheet per unit. Numbers are written as numbers (decimals converted
//! to floats only here, at the cell) with fixed-decimal formats.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::i18n::{Label, Lang, Publish};
use crate::num;
use crate::results::{Decision, UnitResult};
use crate::timeline::Publication;

/// A4 in Excel's paper-size numbering.
const A4: u8 = 9;
/// Widest column, in characters.
const MAX_WIDTH: usize = 60;

pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) wrap: Format,
    points: Format,
    index: Format,
    signed: Format,
    whole: Format,
    pub(super) bold_text: Format,
    bold_points: Format,
    bold_index: Format,
}

fn decimals_format(decimals: u32) -> String {
    if decimals == 0 {
        "0".into()
    } else {
        format!("0.{}", "0".repeat(decimals as usize))
    }
}

impl Styles {
    pub(super) fn new(points_decimals: u32, index_decimals: u32) -> Styles {
        let cell = || Format::new().set_border(FormatBorder::Thin);
        let p = decimals_format(points_decimals);
        let i = decimals_format(index_decimals);
        Styles {
            title: Format::new().set_bold().set_font_size(13),
            header: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text: cell(),
            wrap: cell().set_text_wrap(),
            points: cell().set_num_format(&p),
            index: cell().set_num_format(&i),
            signed: cell().set_num_format(format!("+{i};-{i};{i}")),
            whole: cell().set_num_format("0"),
            bold_text: cell().set_bold(),
            bold_points: cell().set_bold().set_num_format(&p),
            bold_index: cell().set_bold().set_num_format(&i),
        }
    }

    /// A number's cell: `decimals` fixed, or as many as the number has.
    pub(super) fn number(&self, decimals: Option<u32>, bold: bool) -> Format {
        let f = if bold { &self.bold_text } else { &self.text };
        match decimals {
            Some(d) => f.clone().set_num_format(decimals_format(d)),
            None => f.clone(),
        }
    }
}

/// A worksheet that remembers how wide each column's content is.
pub(super) struct Sheet<'a> {
    pub(super) ws: &'a mut Worksheet,
    widths: Vec<usize>,
}

impl<'a> Sheet<'a> {
    pub(super) fn new(ws: &'a mut Worksheet) -> Self {
        Sheet {
            ws,
            widths: Vec::new(),
        }
    }
    fn grow(&mut self, col: u16, chars: usize) {
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(chars);
    }
    pub(super) fn text(
        &mut self,
        row: u32,
        col: u16,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.grow(col, s.chars().count());
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }
    pub(super) fn number(
        &mut self,
        row: u32,
        col: u16,
        d: Decimal,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.grow(col, 8);
        self.ws
            .write_number_with_format(row, col, num::to_f64(d), f)?;
        Ok(())
    }
    fn maybe(
        &mut self,
        row: u32,
        col: u16,
        d: Option<Decimal>,
        f: &Format,
    ) -> Result<(), XlsxError> {
        match d {
            Some(d) => self.number(row, col, d, f),
            None => {
                self.ws.write_blank(row, col, f)?;
                Ok(())
            }
        }
    }
    pub(super) fn header(
        &mut self,
        row: u32,
        labels: &[&str],
        f: &Format,
    ) -> Result<(), XlsxError> {
        for (c, l) in labels.iter().enumerate() {
            // Headers wrap: they widen a column only up to a short word.
            self.grow(c as u16, l.chars().count().min(14));
            self.ws.write_string_with_format(row, c as u16, *l, f)?;
        }
        self.ws.set_row_height(row, 32)?;
        Ok(())
    }
    pub(super) fn title(&mut self, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(0, 0, s, f)?;
        Ok(())
    }
    /// Column widths that fit, frozen header (when there is one), A4
    /// landscape, one page wide.
    pub(super) fn finish(self, header_row: Option<u32>, landscape: bool) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            let w = (*w).clamp(4, MAX_WIDTH) + 2;
            self.ws.set_column_width(c as u16, w as f64)?;
        }
        if let Some(header_row) = header_row {
            self.ws.set_freeze_panes(header_row + 1, 0)?;
            self.ws.set_repeat_rows(header_row, header_row)?;
        }
        self.ws.set_paper_size(A4);
        if landscape {
            self.ws.set_landscape();
        }
        self.ws.set_print_fit_to_pages(1, 0);
        self.ws.set_footer("&C&P / &N");
        Ok(())
    }
}

/// Sheet names: at most 31 characters, none of `[]:*?/\`, unique ignoring case.
pub(super) fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = match clean.trim_matches('\'').trim() {
        "" => "_".to_string(),
        c => c.to_string(),
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let keep = 31 - suffix.chars().count();
        let name: String = clean.chars().take(keep).collect::<String>() + suffix.as_str();
        if !used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            used.push(name.clone());
            return name;
        }
        n += 1;
    }
}

pub fn render(p: &Publication<'_>, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let r = &p.year.results;
    let s = Styles::new(r.points_decimals, r.index_decimals);
    let mut wb = Workbook::new();
    let mut used = Vec::new();
    summary(&mut wb, p, &s, &mut used, lang)?;
    // A sheet per block; a block ranked within the parent lists its parents'
    // rankings one after the other, each row naming its parent.
    let mut sheets: Vec<(&str, bool, Vec<RankedRow>)> = Vec::new();
    for g in r.rankings() {
        match g.group {
            None => sheets.push((
                &g.block.name,
                !g.block.groups.is_empty(),
                g.units.iter().map(|&m| (m, None)).collect(),
            )),
            Some(group) => {
                let parent = super::score::parent_of(group, lang);
                if let Some((_, _, rows)) = sheets.last_mut() {
                    rows.extend(g.units.iter().map(|&m| (m, Some(parent.clone()))));
                }
            }
        }
    }
    for (name, grouped, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(name, &mut used))?;
        ranking(ws, p, name, grouped, &rows, &s, lang)?;
    }
    for u in &r.units {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&u.code, &mut used))?;
        unit_sheet(ws, p, u, &s, lang)?;
    }
    wb.save_to_buffer()
}

fn summary(
    wb: &mut Workbook,
    p: &Publication<'_>,
    s: &Styles,
    used: &mut Vec<String>,
    lang: Lang,
) -> Result<(), XlsxError> {
    let r = &p.year.results;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(Publish::Summary.text(lang), used))?;
    let mut sh = Sheet::new(ws);
    sh.title(&Publish::title(r.year, lang), &s.title)?;
    let mut head = vec![Publish::Block.text(lang), Publish::UnitCount.text(lang)];
    head.extend(r.ratings.iter().map(String::as_str));
    head.push(Publish::AverageIndex.text(lang));
    sh.header(2, &head, &s.header)?;
    let mut row = 3;
    for b in &r.summary.blocks {
        sh.text(row, 0, &b.name, &s.text)?;
        sh.number(row, 1, b.units.into(), &s.whole)?;
        for (i, (_, n)) in b.by_rating.iter().enumerate() {
            sh.number(row, 2 + i as u16, (*n).into(), &s.whole)?;
        }
        sh.maybe(row, 2 + b.by_rating.len() as u16, b.average_index, &s.index)?;
        row += 1;
    }
    sh.text(row, 0, Publish::AllUnits.text(lang), &s.bold_text)?;
    sh.number(row, 1, r.summary.units.into(), &s.whole)?;
    for (i, (_, n)) in r.summary.by_rating.iter().enumerate() {
        sh.number(row, 2 + i as u16, (*n).into(), &s.whole)?;
    }
    sh.ws
        .write_blank(row, 2 + r.summary.by_rating.len() as u16, &s.text)?;
    row += 2;
    if !p.consequence_labels.is_empty() {
        sh.text(row, 0, Publish::Consequences.text(lang), &s.title)?;
        row += 1;
        sh.header(
            row,
            &[
                Publish::Consequences.text(lang),
                Label::Code.text(lang),
                Label::Unit.text(lang),
                Publish::ConsequenceRun.text(lang),
            ],
            &s.header,
        )?;
        row += 1;
        for label in &p.consequence_labels {
            let hits = p.consequences_of(label);
            if hits.is_empty() {
                sh.text(row, 0, label, &s.wrap)?;
                sh.text(row, 1, "", &s.text)?;
                sh.text(row, 2, Publish::NoConsequence.text(lang), &s.text)?;
                sh.text(row, 3, "", &s.text)?;
                row += 1;
            }
            for m in hits {
                sh.text(row, 0, label, &s.wrap)?;
                sh.text(row, 1, &m.code, &s.text)?;
                sh.text(row, 2, &m.name, &s.text)?;
                sh.text(row, 3, &super::history::run_text(&m.run), &s.text)?;
                row += 1;
            }
        }
    }
    sh.finish(Some(2), true)
}

/// A unit in a ranking, with the parent it is ranked within (if by parent).
type RankedRow<'r> = ((usize, &'r UnitResult), Option<String>);

fn ranking(
    ws: &mut Worksheet,
    p: &Publication<'_>,
    block_name: &str,
    grouped: bool,
    members: &[RankedRow<'_>],
    s: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let r = &p.year.results;
    let mut sh = Sheet::new(ws);
    sh.title(
        &format!("{} — {block_name}", Publish::title(r.year, lang)),
        &s.title,
    )?;
    let mut columns = vec![
        Label::Rank.text(lang),
        Label::Code.text(lang),
        Label::Unit.text(lang),
        Label::SelfTotal.text(lang),
        Label::SelfIndex.text(lang),
        Label::FinalTotal.text(lang),
        Label::Index.text(lang),
        Label::Rating.text(lang),
        Publish::PreviousIndex.text(lang),
        Publish::IndexChange.text(lang),
        Publish::PreviousRating.text(lang),
        Publish::PreviousRank.text(lang),
        Publish::ChangeNotes.text(lang),
    ];
    if grouped {
        columns.push(Publish::RankedWithin.text(lang));
    }
    sh.header(2, &columns, &s.header)?;
    for (row, ((i, u), parent)) in (3u32..).zip(members) {
        let change = &p.changes[*i];
        let before = super::history::before(change);
        sh.maybe(row, 0, u.rank.map(Decimal::from), &s.whole)?;
        sh.text(row, 1, &u.code, &s.text)?;
        sh.text(row, 2, &u.name, &s.text)?;
        sh.number(row, 3, u.self_.total, &s.points)?;
        sh.maybe(row, 4, u.self_.index, &s.index)?;
        sh.number(row, 5, u.final_.total, &s.points)?;
        sh.maybe(row, 6, u.final_.index, &s.index)?;
        sh.text(row, 7, u.final_.rating.as_deref().unwrap_or(""), &s.text)?;
        sh.maybe(row, 8, before.and_then(|b| b.index), &s.index)?;
        sh.maybe(row, 9, super::history::index_change(change), &s.signed)?;
        sh.text(
            row,
            10,
            before.and_then(|b| b.rating.as_deref()).unwrap_or(""),
            &s.text,
        )?;
        sh.maybe(
            row,
            11,
            before.and_then(|b| b.rank).map(Decimal::from),
            &s.whole,
        )?;
        sh.text(
            row,
            12,
            &super::history::change_note(change, &u.code, lang),
            &s.text,
        )?;
        if let Some(parent) = parent {
            sh.text(row, 13, parent, &s.text)?;
        }
    }
    sh.finish(Some(2), true)
}

fn unit_sheet(
    ws: &mut Worksheet,
    p: &Publication<'_>,
    u: &UnitResult,
    s: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let y = p.year;
    let r = &y.results;
    let mut sh = Sheet::new(ws);
    sh.title(
        &format!(
            "{} ({}) — {} — {}",
            u.name,
            u.code,
            y.block_name(&u.block),
            r.year
        ),
        &s.title,
    )?;
    sh.header(
        2,
        &[
            Label::Code.text(lang),
            Label::Criterion.text(lang),
            Label::Max.text(lang),
            Label::SelfScore.text(lang),
            Label::FinalScore.text(lang),
            Publish::Reason.text(lang),
        ],
        &s.header,
    )?;
    let mut row = 3;
    if let Some(scheme) = y.ws.unit(&u.code).and_then(|x| y.ws.scheme_of(x)) {
        for (i, c) in scheme.nodes.iter().enumerate() {
            let n = &u.nodes[i];
            let (t, pts) = if c.is_leaf() {
                (&s.text, &s.points)
            } else {
                (&s.bold_text, &s.bold_points)
            };
            sh.text(row, 0, &c.code, t)?;
            sh.text(row, 1, &format!("{}{}", "   ".repeat(c.depth), c.title), t)?;
            sh.number(row, 2, c.max, pts)?;
            let unanswered = c.is_leaf() && n.decision == Decision::Unanswered;
            for (col, side, blank) in [(3, &n.self_, unanswered), (4, &n.final_, false)] {
                if side.na {
                    sh.text(row, col, Label::NotApplicable.text(lang), t)?;
                } else if blank {
                    sh.ws.write_blank(row, col, t)?;
                } else {
                    sh.number(row, col, side.points, pts)?;
                }
            }
            sh.text(row, 5, n.reason.as_deref().unwrap_or(""), &s.wrap)?;
            row += 1;
        }
    }
    row += 1;
    let totals: [(Label, Decimal, Decimal); 5] = [
        (Label::Points, u.self_.points, u.final_.points),
        (Label::Bonus, u.self_.bonus, u.final_.bonus),
        (Label::Deduction, u.self_.deduction, u.final_.deduction),
        (Label::Total, u.self_.total, u.final_.total),
        (
            Label::ApplicableMax,
            u.self_.applicable_max,
            u.final_.applicable_max,
        ),
    ];
    for (label, a, b) in totals {
        sh.text(row, 1, label.text(lang), &s.bold_text)?;
        sh.number(row, 3, a, &s.bold_points)?;
        sh.number(row, 4, b, &s.bold_points)?;
        row += 1;
    }
    sh.text(row, 1, Label::Index.text(lang), &s.bold_text)?;
    sh.maybe(row, 3, u.self_.index, &s.bold_index)?;
    sh.maybe(row, 4, u.final_.index, &s.bold_index)?;
    row += 1;
    sh.text(row, 1, Label::Rating.text(lang), &s.bold_text)?;
    sh.text(
        row,
        3,
        u.self_.rating.as_deref().unwrap_or(""),
        &s.bold_text,
    )?;
    sh.text(
        row,
        4,
        u.final_.rating.as_deref().unwrap_or(""),
        &s.bold_text,
    )?;
    row += 1;
    sh.text(row, 1, Label::Rank.text(lang), &s.bold_text)?;
    sh.maybe(row, 4, u.rank.map(Decimal::from), &s.whole)?;
    sh.finish(Some(2), false)
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = Vec::new();
        assert_eq!(
            sheet_name("Khối sở, ban, ngành", &mut used),
            "Khối sở, ban, ngành"
        );
        assert_eq!(
            sheet_name("khối sở, ban, ngành", &mut used),
            "khối sở, ban, ngành (2)"
        );
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g", &mut used), "a_b_c__d_e_f_g");
        assert_eq!(sheet_name("''", &mut used), "_");
        let long = "Ban Quản lý dự án đầu tư xây dựng các công trình Giao thông";
        let first = sheet_name(long, &mut used);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, &mut used);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)") && first != second);
    }
}
