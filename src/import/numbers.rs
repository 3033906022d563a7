//! Numbers as vendor exports and reports write them, Vietnamese style.
//!
//! Rules (documented in docs/format.md, "chiso import"):
//! - A count is a whole number. `.`, `,` or a space between digit groups of exactly
//!   three is a thousands separator (`5.418` = 5418, `1.234.567`); one separator
//!   style per number. `5.0` (a lone separator followed by other than three digits)
//!   is a decimal and must be whole.
//! - A rate or a value has at most one decimal separator, `,` or `.` (`95,21`,
//!   `98.134`); with both, the last one is the decimal separator (`1.234,5`).
//!   A trailing `%` marks a percentage.
//! - A rate without `%` (and under a title without `%`) that is at most 1 is a
//!   fraction: `0,9256` is 92,56 %.

use rust_decimal::Decimal;

use crate::num;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// Not a number at all.
    Invalid,
    /// A count with a fractional part.
    NotWhole,
    Negative,
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// Strips a leading minus; the caller rejects negatives with a clearer message.
fn split_sign(s: &str) -> (bool, &str) {
    match s.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    }
}

/// A count of dossiers or reports: a non-negative whole number.
pub fn parse_count(text: &str) -> Result<Decimal, NumError> {
    let (negative, body) = split_sign(text.trim());
    let body: String = body
        .chars()
        .map(|c| {
            if c == '\u{a0}' || c == '\u{202f}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let seps: Vec<char> = body.chars().filter(|c| !c.is_ascii_digit()).collect();
    let value = if seps.is_empty() {
        num::parse_decimal(&body).ok_or(NumError::Invalid)?
    } else {
        let sep = seps[0];
        if !matches!(sep, '.' | ',' | ' ') || seps.iter().any(|&c| c != sep) {
            return Err(NumError::Invalid);
        }
        let groups: Vec<&str> = body.split(sep).collect();
        let grouped = groups.len() >= 2
            && (1..=3).contains(&groups[0].len())
            && groups.iter().all(|g| digits(g))
            && groups[1..].iter().all(|g| g.len() == 3);
        if grouped {
            num::parse_decimal(&groups.concat()).ok_or(NumError::Invalid)?
        } else if groups.len() == 2 && sep != ' ' && digits(groups[0]) && digits(groups[1]) {
            // `5.0`, `12,5`: a decimal, which a count cannot be unless it is whole.
            let d = num::parse_decimal(&format!("{}.{}", groups[0], groups[1]))
                .ok_or(NumError::Invalid)?;
            if !d.fract().is_zero() {
                return Err(NumError::NotWhole);
            }
            d.trunc()
        } else {
            return Err(NumError::Invalid);
        }
    };
    if negative && !value.is_zero() {
        return Err(NumError::Negative);
    }
    if !value.fract().is_zero() {
        return Err(NumError::NotWhole);
    }
    Ok(value)
}

/// `1e20`, `1,5E+07`: how a spreadsheet shows a large number in a narrow column.
pub fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.trim().split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    parse_value(mantissa).is_ok() && digits(exponent)
}

/// A decimal value with `,` or `.` as decimal separator, and whether it carried `%`.
pub fn parse_value(text: &str) -> Result<(Decimal, bool), NumError> {
    let t = text.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    let (negative, body) = split_sign(t);
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(NumError::Invalid);
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let plain = match (dots, commas) {
        (0, 0) => body.clone(),
        (1, 0) => body.clone(),
        (0, 1) => body.replace(',', "."),
        _ => {
            // Both kinds: the last separator is the decimal one, the other groups thousands.
            let last = body.rfind(['.', ',']).unwrap_or(0);
            let dec = body.as_bytes()[last] as char;
            let thousands = if dec == '.' { ',' } else { '.' };
            let (int, frac) = body.split_at(last);
            if int.contains(dec) || int.starts_with(thousands) {
                return Err(NumError::Invalid);
            }
            let groups: Vec<&str> = int.split(thousands).collect();
            if !(1..=3).contains(&groups[0].len()) || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(NumError::Invalid);
            }
            format!("{}.{}", groups.concat(), &frac[1..])
        }
    };
    if plain.starts_with('.') || plain.ends_with('.') {
        return Err(NumError::Invalid);
    }
    let value = num::parse_decimal(&plain).ok_or(NumError::Invalid)?;
    if negative && !value.is_zero() {
        return Err(NumError::Negative);
    }
    Ok((value, percent))
}

/// A rate, returned in percent. `percent_title`: the column's title says `%`.
pub fn parse_rate(text: &str, percent_title: bool) -> Result<Rate, NumError> {
    let (value, percent) = parse_value(text)?;
    let written = decimals_written(text);
    let fraction = !percent && !percent_title && value <= Decimal::ONE;
    Ok(if fraction {
        Rate {
            percent: (value * Decimal::ONE_HUNDRED).normalize(),
            decimals: written.saturating_sub(2),
        }
    } else {
        Rate {
            percent: value,
            decimals: written,
        }
    })
}

/// A rate in percent, with the precision it was written with (for tolerance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub percent: Decimal,
    /// Decimals of the percentage as written (`95,21%` → 2, `0,9256` → 2).
    pub decimals: u32,
}

impl Rate {
    /// Whether `part / whole` agrees with this rate within one unit of its last
    /// written decimal (reports round and truncate alike).
    pub fn agrees(&self, part: Decimal, whole: Decimal) -> bool {
        if whole.is_zero() {
            return true;
        }
        let computed = part * Decimal::ONE_HUNDRED / whole;
        let tolerance = Decimal::new(1, self.decimals.min(10));
        (computed - self.percent).abs() <= tolerance
    }

    /// `part / whole` in percent, to the precision this rate was written with.
    pub fn expected(&self, part: Decimal, whole: Decimal) -> Decimal {
        if whole.is_zero() {
            return Decimal::ZERO;
        }
        num::round(part * Decimal::ONE_HUNDRED / whole, self.decimals.min(10)).normalize()
    }
}

fn decimals_written(text: &str) -> u32 {
    let t = text.trim().trim_end_matches('%').trim_end();
    match t.rfind(['.', ',']) {
        Some(i) => t[i + 1..].chars().filter(char::is_ascii_digit).count() as u32,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn counts_with_vietnamese_thousands() {
        assert_eq!(parse_count("5.418"), Ok(dec!(5418)));
        assert_eq!(parse_count("5418"), Ok(dec!(5418)));
        assert_eq!(parse_count("1.234.567"), Ok(dec!(1234567)));
        assert_eq!(parse_count("145 153"), Ok(dec!(145153)));
        assert_eq!(parse_count("145\u{a0}153"), Ok(dec!(145153)));
        assert_eq!(parse_count("4,000"), Ok(dec!(4000)));
        assert_eq!(parse_count(" 01 "), Ok(dec!(1)));
        assert_eq!(parse_count("00"), Ok(dec!(0)));
    }

    #[test]
    fn ambiguous_and_bad_counts() {
        // A lone separator followed by other than three digits is a decimal.
        assert_eq!(parse_count("5.0"), Ok(dec!(5)));
        assert_eq!(parse_count("12,5"), Err(NumError::NotWhole));
        assert_eq!(parse_count("1.5"), Err(NumError::NotWhole));
        // Groups must be of three after the first.
        assert_eq!(parse_count("12.34.567"), Err(NumError::Invalid));
        assert_eq!(parse_count("1.234,567"), Err(NumError::Invalid));
        assert_eq!(parse_count("-3"), Err(NumError::Negative));
        assert_eq!(parse_count("95%"), Err(NumError::Invalid));
        assert_eq!(parse_count("x"), Err(NumError::Invalid));
        assert_eq!(parse_count(""), Err(NumError::Invalid));
    }

    #[test]
    fn values_with_decimal_comma_or_dot() {
        assert_eq!(parse_value("95,21%"), Ok((dec!(95.21), true)));
        assert_eq!(parse_value("95.21"), Ok((dec!(95.21), false)));
        assert_eq!(parse_value("0,9256"), Ok((dec!(0.9256), false)));
        assert_eq!(parse_value("98.134"), Ok((dec!(98.134), false)));
        assert_eq!(parse_value("100"), Ok((dec!(100), false)));
        assert_eq!(parse_value("4,8 %"), Ok((dec!(4.8), true)));
        assert_eq!(parse_value("1.234,5"), Ok((dec!(1234.5), false)));
        assert_eq!(parse_value("1,234.5"), Ok((dec!(1234.5), false)));
        assert_eq!(parse_value("1,2,3"), Err(NumError::Invalid));
        assert_eq!(parse_value("12,"), Err(NumError::Invalid));
        assert_eq!(parse_value("abc"), Err(NumError::Invalid));
        assert_eq!(parse_value("-1"), Err(NumError::Negative));
    }

    #[test]
    fn rates_as_percent_or_fraction() {
        let r = parse_rate("95,21%", false).unwrap();
        assert_eq!((r.percent, r.decimals), (dec!(95.21), 2));
        let r = parse_rate("0,9256", false).unwrap();
        assert_eq!((r.percent, r.decimals), (dec!(92.56), 2));
        let r = parse_rate("0,07442", false).unwrap();
        assert_eq!((r.percent, r.decimals), (dec!(7.442), 3));
        // Under a "Tỷ lệ %" title, 0.28 is 0,28 %, not 28 %.
        let r = parse_rate("0.28", true).unwrap();
        assert_eq!((r.percent, r.decimals), (dec!(0.28), 2));
        let r = parse_rate("99.72", false).unwrap();
        assert_eq!(r.percent, dec!(99.72));
    }

    #[test]
    fn rate_agreement_tolerates_the_last_written_decimal() {
        let r = parse_rate("98.134", true).unwrap();
        assert!(r.agrees(dec!(631), dec!(643)));
        let r = parse_rate("23,37%", false).unwrap();
        assert!(!r.agrees(dec!(561), dec!(2365)));
        assert_eq!(r.expected(dec!(561), dec!(2365)), dec!(23.72));
        let r = parse_rate("0", true).unwrap();
        assert!(r.agrees(dec!(1), dec!(1542)));
        assert!(r.agrees(dec!(5), dec!(0)));
    }
}
