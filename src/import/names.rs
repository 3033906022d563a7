//! Matching the unit names written in a report to the year's units.
//!
//! A name matches when it is equal as written (NFC, any case); failing that, when
//! it is equal after [`fold`]; failing that, when it is equal with the organisation prefix (`Sở`, `UBND`, `Ủy ban nhân dân`) removed; failing
//! that, with the administrative level (`huyện`, `xã`, `thị trấn`, ...) and a
//! trailing `tỉnh` removed as well. The first step that finds exactly one unit
//! wins; two or more at a step is ambiguous. Nothing closer than that is guessed.

use crate::model::Unit;

pub use crate::text::fold;

const ORGANISATION: &[&str] = &["uy ban nhan dan", "ubnd", "so"];
const LEVEL: &[&str] = &[
    "thanh pho",
    "thi xa",
    "thi tran",
    "huyen",
    "quan",
    "phuong",
    "xa",
];

fn strip_word<'a>(s: &'a str, words: &[&str]) -> &'a str {
    for w in words {
        if let Some(rest) = s.strip_prefix(w)
            && let Some(rest) = rest.strip_prefix(' ')
        {
            return rest;
        }
    }
    s
}

/// The keys of a name, from strict to lenient: as written (NFC, any case and
/// spacing), folded, without the organisation prefix, without the level too.
fn keys(name: &str) -> [String; 4] {
    let written = crate::source::nfc(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let full = fold(name);
    let org = strip_word(&full, ORGANISATION).to_string();
    let level = strip_word(&org, LEVEL);
    let level = level.strip_suffix(" tinh").unwrap_or(level).to_string();
    [written, full, org, level]
}

/// Leading list numbering in a name cell (`5.1. UBND xã Thành Sơn`, `3) Sở Y tế`).
pub fn strip_numbering(name: &str) -> &str {
    let t = name.trim_start();
    let end = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ')'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (num, rest) = t.split_at(end);
    if num.chars().next().is_some_and(|c| c.is_ascii_digit())
        && num.ends_with(['.', ')'])
        && rest.starts_with(char::is_whitespace)
    {
        rest.trim_start()
    } else {
        t
    }
}

pub enum Match<'u> {
    Unit(&'u Unit),
    /// Several units at the first step that matched any.
    Ambiguous(Vec<&'u Unit>),
    /// No unit; the closest few by name.
    None(Vec<&'u Unit>),
}

pub struct Matcher<'u> {
    units: Vec<(&'u Unit, [String; 4])>,
}

impl<'u> Matcher<'u> {
    pub fn new(units: &'u [Unit]) -> Matcher<'u> {
        Matcher {
            units: units.iter().map(|u| (u, keys(&u.name))).collect(),
        }
    }

    pub fn codes(&self) -> impl Iterator<Item = &'u str> + '_ {
        self.units.iter().map(|(u, _)| u.code.as_str())
    }

    /// A unit by its code (exact, or ignoring case).
    pub fn by_code(&self, code: &str) -> Option<&'u Unit> {
        let code = code.trim();
        self.units
            .iter()
            .find(|(u, _)| u.code == code)
            .or_else(|| {
                self.units
                    .iter()
                    .find(|(u, _)| u.code.eq_ignore_ascii_case(code))
            })
            .map(|(u, _)| *u)
    }

    pub fn by_name(&self, name: &str) -> Match<'u> {
        let wanted = keys(strip_numbering(name));
        if wanted[1].is_empty() {
            return Match::None(Vec::new());
        }
        for step in 0..wanted.len() {
            let found: Vec<&'u Unit> = self
                .units
                .iter()
                .filter(|(_, k)| !k[step].is_empty() && k[step] == wanted[step])
                .map(|(u, _)| *u)
                .collect();
            match found.len() {
                0 => continue,
                1 => return Match::Unit(found[0]),
                _ => return Match::Ambiguous(found),
            }
        }
        let mut scored: Vec<(f64, &'u Unit)> = self
            .units
            .iter()
            .map(|(u, k)| {
                (
                    strsim::normalized_damerau_levenshtein(&wanted[2], &k[2]),
                    *u,
                )
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.code.cmp(&b.1.code)));
        Match::None(scored.into_iter().take(3).map(|(_, u)| u).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn folds_case_diacritics_and_composition() {
        assert_eq!(fold("UBND xã Ba Cụm Bắc"), "ubnd xa ba cum bac");
        assert_eq!(fold("Ba Cùm  Bắc"), "ba cum bac");
        // Decomposed input (Unicode tổ hợp) folds the same.
        let nfd: String = "Sở Nội vụ".nfd().collect();
        assert_ne!(nfd, "Sở Nội vụ");
        assert_eq!(fold(&nfd), "so noi vu");
        assert_eq!(
            fold("Đài Phát thanh - Truyền hình"),
            "dai phat thanh truyen hinh"
        );
        assert_eq!(fold("Phòng Giáo dục&Đào tạo"), "phong giao duc dao tao");
    }

    #[test]
    fn strips_list_numbering() {
        assert_eq!(
            strip_numbering("5.1. UBND xã Thành Sơn"),
            "UBND xã Thành Sơn"
        );
        assert_eq!(strip_numbering("3) Sở Y tế"), "Sở Y tế");
        assert_eq!(strip_numbering("Sở Y tế"), "Sở Y tế");
        assert_eq!(strip_numbering("123"), "123");
    }

    #[test]
    fn keys_drop_prefixes_step_by_step() {
        let k = keys("UBND  huyện Khánh Sơn");
        assert_eq!(
            k,
            [
                "ubnd huyện khánh sơn",
                "ubnd huyen khanh son",
                "huyen khanh son",
                "khanh son"
            ]
        );
        assert_eq!(keys("Cục Hải quan tỉnh")[3], "cuc hai quan");
    }

    #[test]
    fn exact_names_win_over_folded_ones() {
        let unit = |code: &str, name: &str| Unit {
            code: code.into(),
            name: name.into(),
            block: "xa".into(),
            extra: Vec::new(),
            parent: None,
            previous: Vec::new(),
            scheme: None,
            location: crate::diagnostic::Location::new(
                &crate::source::SourceFile::new("units.toml", ""),
                0..0,
            ),
        };
        let units = [unit("X1", "UBND xã Ba Cụm"), unit("X2", "UBND xã Bà Cùm")];
        let m = Matcher::new(&units);
        assert!(matches!(m.by_name("UBND xã Bà Cùm"), Match::Unit(u) if u.code == "X2"));
        assert!(matches!(m.by_name("ubnd xã ba cụm"), Match::Unit(u) if u.code == "X1"));
        assert!(matches!(m.by_name("Ba Cum"), Match::Ambiguous(v) if v.len() == 2));
    }
}
