//! Exact decimal helpers: rounding as the regulation means it, and
//! locale-aware formatting.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::lang::Lang;

/// Rounds half away from zero (docs/format.md, Computation: "round" is never banker's rounding).
pub fn round(d: Decimal, decimals: u32) -> Decimal {
    d.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

pub fn clamp(d: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    d.max(lo).min(hi)
}

/// Is `d` a whole multiple of `step`? A zero step accepts everything.
pub fn is_multiple(d: Decimal, step: Decimal) -> bool {
    step.is_zero() || d.checked_rem(step).is_some_and(|r| r.is_zero())
}

/// The multiples of `step` just below and above `d`.
pub fn nearest_multiples(d: Decimal, step: Decimal) -> (Decimal, Decimal) {
    let below = d
        .checked_div(step)
        .and_then(|q| q.floor().checked_mul(step))
        .unwrap_or(d);
    (
        below.normalize(),
        below.checked_add(step).unwrap_or(below).normalize(),
    )
}

/// The largest magnitude accepted for any number read from a file: far above
/// any real count or score, far below where exact decimal arithmetic overflows.
pub const LIMIT: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0); // 1e12

/// Formats a number for people: no trailing zeros, decimal comma in Vietnamese.
pub fn fmt(d: Decimal, lang: Lang) -> String {
    let s = d.normalize().to_string();
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Formats with a fixed number of decimals (tables of points and indices).
pub fn fmt_fixed(d: Decimal, decimals: u32, lang: Lang) -> String {
    let s = format!("{:.*}", decimals as usize, round(d, decimals));
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// The nearest binary float: only for spreadsheet cells and chart geometry,
/// after every computation is done in decimals.
pub fn to_f64(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

/// Formats a signed change (`+1,25`, `−0,5`, `0`), with a fixed number of decimals.
pub fn fmt_signed(d: Decimal, decimals: u32, lang: Lang) -> String {
    let d = round(d, decimals);
    if d > Decimal::ZERO {
        format!("+{}", fmt_fixed(d, decimals, lang))
    } else if d < Decimal::ZERO {
        format!("−{}", fmt_fixed(-d, decimals, lang))
    } else {
        fmt_fixed(d, decimals, lang)
    }
}

/// Parses a TOML/CSV number literal exactly ("1_000", "0.25", "1e2").
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    // Most numbers have no separators: parsed in place, without a copy.
    let owned: String;
    let t = if text.contains('_') {
        owned = text.chars().filter(|&c| c != '_').collect();
        &owned
    } else {
        text
    };
    let t = t.strip_prefix('+').unwrap_or(t);
    let d = if t.contains(['e', 'E']) {
        Decimal::from_scientific(t).ok()
    } else {
        t.parse::<Decimal>().ok()
    };
    d.filter(|d| d.abs() <= LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(dec!(2.345), 2), dec!(2.35));
        assert_eq!(round(dec!(2.335), 2), dec!(2.34));
        assert_eq!(round(dec!(84.995), 2), dec!(85.00));
        assert_eq!(round(dec!(-1.005), 2), dec!(-1.01));
    }

    #[test]
    fn formats_vietnamese_decimal_comma() {
        assert_eq!(fmt(dec!(1.250), Lang::Vi), "1,25");
        assert_eq!(fmt(dec!(1.250), Lang::En), "1.25");
        assert_eq!(fmt_fixed(dec!(90), 2, Lang::Vi), "90,00");
    }

    #[test]
    fn step_multiples() {
        assert!(is_multiple(dec!(1.25), dec!(0.25)));
        assert!(!is_multiple(dec!(1.3), dec!(0.25)));
        assert_eq!(
            nearest_multiples(dec!(1.3), dec!(0.25)),
            (dec!(1.25), dec!(1.5))
        );
    }

    #[test]
    fn parses_toml_numbers_exactly() {
        assert_eq!(parse_decimal("0.1"), Some(dec!(0.1)));
        assert_eq!(parse_decimal("1_000"), Some(dec!(1000)));
        assert_eq!(parse_decimal("+1_000.5"), Some(dec!(1000.5)));
        assert_eq!(parse_decimal("+0.25"), Some(dec!(0.25)));
        assert_eq!(parse_decimal("2.5e1"), Some(dec!(25)));
        assert_eq!(parse_decimal("nan"), None);
        assert_eq!(LIMIT, dec!(1_000_000_000_000));
        assert_eq!(parse_decimal("1000000000001"), None);
        assert_eq!(parse_decimal("79228162514264337593543950335"), None);
    }
}
