//! Reading TOML with positions: a thin layer over toml's spanned document
//! model that reports every problem as a [`Diagnostic`] instead of stopping at
//! the first one, and reads numbers exactly from their source text.

use std::sync::Arc;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{Msg, ValueType};
use crate::num;
use crate::source::{SourceFile, Span};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// Parses a whole file. Syntax errors become diagnostics and yield `None`.
pub fn parse<'i>(file: &'i Arc<SourceFile>, diags: &mut Diagnostics) -> Option<DeTable<'i>> {
    match DeTable::parse(&file.text) {
        Ok(t) => Some(t.into_inner()),
        Err(e) => {
            // toml gives no position for too deep a nesting.
            let deep = e.span().is_none().then(|| too_deep(&file.text)).flatten();
            let span = e.span().or(deep.clone()).unwrap_or(0..0);
            let message = e.message().trim().to_string();
            let line = file.line_text(file.line_col(span.start).line);
            let mut d = Diagnostic::new(Code::TomlSyntax, Msg::TomlSyntax(message));
            if deep.is_some() {
                d = d.hint(Msg::TooDeepHint);
            }
            if let Some(number) = decimal_comma(line) {
                d = d.hint(Msg::DecimalCommaHint(number));
            }
            diags.push(d.at(file, span));
            None
        }
    }
}

/// Where a key has more dotted parts than toml reads (its limit is 80),
/// which toml reports without a position: the first such key (`[a.a.a…]`,
/// `a.a.a… = 1`). Quoted text and comments are skipped. (Arrays and inline
/// tables nested too deep toml positions itself.)
fn too_deep(text: &str) -> Option<Span> {
    const LIMIT: usize = 80;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let mut quote: Option<char> = None;
        let mut parts = 1;
        let key_start = at + (line.len() - line.trim_start().len());
        for (i, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#' | '=' | ']') => break,
                (None, '.') => {
                    parts += 1;
                    if parts >= LIMIT {
                        return Some(key_start..at + i);
                    }
                }
                _ => {}
            }
        }
        at += line.len();
    }
    None
}

/// A number written with a decimal comma after an `=` (`points = 0,75`, or
/// in an inline table `facts = { a = 0,5 }`), the mistake of anyone used to
/// Vietnamese spreadsheets; returned with a point. Several commas in a row of
/// digits are thousands groups (`1,234,567`), not a decimal comma.
fn decimal_comma(line: &str) -> Option<String> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    line.split('=').skip(1).find_map(|value| {
        let value = value.trim_start();
        let sign = usize::from(value.starts_with(['-', '+']));
        let whole = digits(&value[sign..]);
        let rest = value[sign + whole..].strip_prefix(',')?;
        let fraction = digits(rest);
        let grouped = rest[fraction..].starts_with(',') && digits(&rest[fraction + 1..]) > 0;
        (whole > 0 && fraction > 0 && !grouped)
            .then(|| format!("{}.{}", &value[..sign + whole], &rest[..fraction]))
    })
}

pub fn value_type(v: &DeValue<'_>) -> ValueType {
    match v {
        DeValue::String(_) => ValueType::String,
        DeValue::Integer(_) | DeValue::Float(_) => ValueType::Number,
        DeValue::Boolean(_) => ValueType::Bool,
        DeValue::Datetime(_) => ValueType::Date,
        DeValue::Array(_) => ValueType::Array,
        DeValue::Table(_) => ValueType::Table,
    }
}

/// A table being read, with the span that errors about the table point at.
#[derive(Clone, Copy)]
pub struct Table<'a, 'i> {
    pub file: &'a Arc<SourceFile>,
    pub table: &'a DeTable<'i>,
    pub anchor: &'a Span,
}

impl<'a, 'i> Table<'a, 'i> {
    pub fn new(file: &'a Arc<SourceFile>, table: &'a DeTable<'i>, anchor: &'a Span) -> Self {
        Table {
            file,
            table,
            anchor,
        }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    fn wrong_type(&self, key: &str, v: &Value<'_>, expected: ValueType, diags: &mut Diagnostics) {
        wrong_type(
            self.file,
            key,
            v.span(),
            expected,
            value_type(v.get_ref()),
            diags,
        );
    }

    pub fn str(&self, key: &str, diags: &mut Diagnostics) -> Option<(&'a str, Span)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some((s, v.span())),
            _ => {
                self.wrong_type(key, v, ValueType::String, diags);
                None
            }
        }
    }

    pub fn decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        let v = self.get(key)?;
        decimal_value(self.file, key, v, diags)
    }

    pub fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<(bool, Span)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some((*b, v.span())),
            _ => {
                self.wrong_type(key, v, ValueType::Bool, diags);
                None
            }
        }
    }

    pub fn table(&self, key: &str, diags: &mut Diagnostics) -> Option<(&'a DeTable<'i>, Span)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            _ => {
                self.wrong_type(key, v, ValueType::Table, diags);
                None
            }
        }
    }

    pub fn array(&self, key: &str, diags: &mut Diagnostics) -> Option<(&'a DeArray<'i>, Span)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some((a, v.span())),
            _ => {
                self.wrong_type(key, v, ValueType::Array, diags);
                None
            }
        }
    }

    /// An array of tables (`[[block]]`, `options = [{ ... }]`): each table with its span.
    pub fn tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&'a DeTable<'i>, Span)> {
        let Some((arr, _)) = self.array(key, diags) else {
            return Vec::new();
        };
        arr.iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(tbl) => Some((tbl, item.span())),
                _ => {
                    self.wrong_type(key, item, ValueType::Table, diags);
                    None
                }
            })
            .collect()
    }

    /// A table of tables keyed by criterion code (`[c."1.1"]`): trimmed code, key span, table.
    pub fn keyed_tables(
        &self,
        key: &str,
        diags: &mut Diagnostics,
    ) -> Vec<(&'a str, Span, &'a DeTable<'i>)> {
        let Some((map, _)) = self.table(key, diags) else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(k, v)| match v.get_ref() {
                DeValue::Table(tbl) => Some((k.get_ref().trim(), k.span(), tbl)),
                _ => {
                    self.wrong_type(k.get_ref(), v, ValueType::Table, diags);
                    None
                }
            })
            .collect()
    }

    /// A string or an array of strings, each with its span.
    pub fn str_items(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&'a str, Span)> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => vec![(s, v.span())],
            DeValue::Array(a) => a
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => Some((&**s, item.span())),
                    _ => {
                        self.wrong_type(key, item, ValueType::String, diags);
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(key, v, ValueType::Array, diags);
                Vec::new()
            }
        }
    }

    /// Reports keys not in `known`, suggesting the closest known key.
    pub fn check_keys(&self, known: &[&str], diags: &mut Diagnostics) {
        unknown_keys(
            self.file,
            self.table
                .iter()
                .map(|(k, _)| (k.get_ref().as_ref(), k.span())),
            known,
            diags,
        );
    }
}

impl Fields for Table<'_, '_> {
    fn file(&self) -> &Arc<SourceFile> {
        self.file
    }
    fn anchor(&self) -> &Span {
        self.anchor
    }
    fn span_of(&self, key: &str) -> Option<Span> {
        self.get(key).map(|v| v.span())
    }
    fn check_keys(&self, known: &[&str], diags: &mut Diagnostics) {
        Table::check_keys(self, known, diags)
    }
    fn str(&self, key: &str, diags: &mut Diagnostics) -> Option<(&str, Span)> {
        Table::str(self, key, diags)
    }
    fn decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        Table::decimal(self, key, diags)
    }
    fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<(bool, Span)> {
        Table::bool(self, key, diags)
    }
    fn str_items(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span)> {
        Table::str_items(self, key, diags)
    }
    fn date(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Datetime(d) => Some(d.to_string()),
            DeValue::String(s) => Some(s.to_string()),
            other => {
                wrong_type(
                    self.file,
                    key,
                    v.span(),
                    ValueType::Date,
                    value_type(other),
                    diags,
                );
                None
            }
        }
    }
    fn numbers(&self, key: &str, diags: &mut Diagnostics) -> Vec<NamedNumber> {
        let Some((tbl, _)) = self.table(key, diags) else {
            return Vec::new();
        };
        tbl.iter()
            .map(|(k, v)| NamedNumber {
                name: k.get_ref().to_string(),
                name_span: k.span(),
                value: match v.get_ref() {
                    DeValue::Integer(i) if i.radix() == 10 => Ok(num::parse_decimal(i.as_str())),
                    DeValue::Float(f) => Ok(num::parse_decimal(f.as_str())),
                    DeValue::Integer(_) => Ok(None),
                    other => Err(value_type(other)),
                },
                span: v.span(),
            })
            .collect()
    }
}

/// A table's entry that should be a number (a fact), not yet checked: the
/// number, `None` for a number that is not a valid decimal, or the type found instead.
pub struct NamedNumber {
    pub name: String,
    pub name_span: Span,
    pub value: Result<Option<Decimal>, ValueType>,
    pub span: Span,
}

impl NamedNumber {
    pub fn decimal(
        &self,
        file: &Arc<SourceFile>,
        diags: &mut Diagnostics,
    ) -> Option<(Decimal, Span)> {
        match self.value {
            Ok(d) => checked_number(file, &self.name, d, self.span.clone(), diags),
            Err(found) => {
                wrong_type(
                    file,
                    &self.name,
                    self.span.clone(),
                    ValueType::Number,
                    found,
                    diags,
                );
                None
            }
        }
    }
}

/// Read access to one table of a file, whichever reader read it (the general
/// spanned TOML reader here, or the answer files' fast reader): the rules that
/// turn values into the model are written once, against this.
pub trait Fields {
    fn file(&self) -> &Arc<SourceFile>;
    /// What errors about the table as a whole point at.
    fn anchor(&self) -> &Span;
    fn span_of(&self, key: &str) -> Option<Span>;
    /// Reports keys not in `known`, suggesting the closest known key.
    fn check_keys(&self, known: &[&str], diags: &mut Diagnostics);
    fn str(&self, key: &str, diags: &mut Diagnostics) -> Option<(&str, Span)>;
    fn decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)>;
    fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<(bool, Span)>;
    /// A string or an array of strings, each with its span.
    fn str_items(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span)>;
    /// A date (or a string), as text.
    fn date(&self, key: &str, diags: &mut Diagnostics) -> Option<String>;
    /// A table of numbers (facts), in file order, not yet checked.
    fn numbers(&self, key: &str, diags: &mut Diagnostics) -> Vec<NamedNumber>;

    fn missing(&self, key: &str, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::new(Code::MissingKey, Msg::MissingKey(key.to_string()))
                .at(self.file(), self.anchor().clone()),
        );
    }

    /// [`Fields::str`], copied.
    fn string(&self, key: &str, diags: &mut Diagnostics) -> Option<(String, Span)> {
        self.str(key, diags).map(|(s, span)| (s.to_string(), span))
    }

    /// [`Fields::str_items`], copied.
    fn string_items(&self, key: &str, diags: &mut Diagnostics) -> Vec<(String, Span)> {
        self.str_items(key, diags)
            .into_iter()
            .map(|(s, span)| (s.to_string(), span))
            .collect()
    }

    /// A string or an array of strings (evidence lists).
    fn strings(&self, key: &str, diags: &mut Diagnostics) -> Vec<String> {
        self.str_items(key, diags)
            .into_iter()
            .map(|(s, _)| s.to_string())
            .collect()
    }

    fn required_string(&self, key: &str, diags: &mut Diagnostics) -> Option<(String, Span)> {
        let r = self.string(key, diags);
        if r.is_none() && self.span_of(key).is_none() {
            self.missing(key, diags);
        }
        r
    }

    /// A non-empty string after trimming.
    fn text(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        self.str(key, diags)
            .map(|(s, _)| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    fn required_decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        let r = self.decimal(key, diags);
        if r.is_none() && self.span_of(key).is_none() {
            self.missing(key, diags);
        }
        r
    }

    /// A non-negative whole number.
    fn count(&self, key: &str, diags: &mut Diagnostics) -> Option<(u32, Span)> {
        let (d, span) = self.decimal(key, diags)?;
        match u32::try_from(d.normalize().mantissa())
            .ok()
            .filter(|_| d.fract().is_zero())
        {
            Some(n) => Some((n, span)),
            None => {
                diags.push(
                    Diagnostic::new(Code::InvalidNumber, Msg::NotAWholeNumber(key.to_string()))
                        .at(self.file(), span),
                );
                None
            }
        }
    }
}

pub fn wrong_type(
    file: &Arc<SourceFile>,
    key: &str,
    span: Span,
    expected: ValueType,
    found: ValueType,
    diags: &mut Diagnostics,
) {
    diags.push(
        Diagnostic::new(
            Code::WrongType,
            Msg::WrongType {
                key: key.to_string(),
                expected,
                found,
            },
        )
        .at(file, span),
    );
}

/// Reports keys not in `known`, suggesting the closest known key.
pub fn unknown_keys<'k>(
    file: &Arc<SourceFile>,
    keys: impl Iterator<Item = (&'k str, Span)>,
    known: &[&str],
    diags: &mut Diagnostics,
) {
    for (key, span) in keys {
        if !known.contains(&key) {
            diags.push(
                Diagnostic::new(Code::UnknownKey, Msg::UnknownKey(key.to_string()))
                    .at(file, span)
                    .hint_opt(
                        closest(key, known.iter().copied()).map(|s| Msg::DidYouMean(s.to_string())),
                    ),
            );
        }
    }
}

/// A number read exactly from its text, or an error (`None`: not a valid decimal).
pub fn checked_number(
    file: &Arc<SourceFile>,
    key: &str,
    parsed: Option<Decimal>,
    span: Span,
    diags: &mut Diagnostics,
) -> Option<(Decimal, Span)> {
    match parsed {
        Some(d) => Some((d, span)),
        None => {
            diags.push(
                Diagnostic::new(Code::InvalidNumber, Msg::InvalidNumber(key.to_string()))
                    .at(file, span),
            );
            None
        }
    }
}

pub fn decimal_value(
    file: &Arc<SourceFile>,
    key: &str,
    v: &Value<'_>,
    diags: &mut Diagnostics,
) -> Option<(Decimal, Span)> {
    let text = match v.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 => Some(i.as_str()),
        DeValue::Float(f) => Some(f.as_str()),
        DeValue::Integer(_) => None,
        other => {
            wrong_type(
                file,
                key,
                v.span(),
                ValueType::Number,
                value_type(other),
                diags,
            );
            return None;
        }
    };
    checked_number(
        file,
        key,
        text.and_then(num::parse_decimal),
        v.span(),
        diags,
    )
}

pub use crate::text::closest;

/// A table from either reader, with the kinds of sub-tables answer files and
/// the unit list have.
pub trait Tables: Fields + Sized {
    /// `[c."1.1"]` tables: trimmed code, key span, table (anchored at the key).
    fn keyed_tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span, Self)>;
    /// `[[adjust]]` tables, each with its span.
    fn tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(Self, Span)>;
    fn anchored(self, anchor: Span) -> Self;
}

/// A table read by the general reader, with its own anchor.
pub struct General<'a, 'i> {
    file: &'a Arc<SourceFile>,
    table: &'a DeTable<'i>,
    anchor: Span,
}

impl<'a, 'i> General<'a, 'i> {
    /// A whole document, anchored at its start.
    pub fn top(file: &'a Arc<SourceFile>, table: &'a DeTable<'i>) -> Self {
        General {
            file,
            table,
            anchor: 0..0,
        }
    }

    pub fn of(table: &Table<'a, 'i>) -> Self {
        General {
            file: table.file,
            table: table.table,
            anchor: table.anchor.clone(),
        }
    }

    fn t(&self) -> Table<'_, 'i> {
        Table::new(self.file, self.table, &self.anchor)
    }

    /// For reading sub-tables and borrowed strings, which outlive this table's
    /// anchor (not used by them).
    fn parts(&self) -> Table<'a, 'i> {
        static UNUSED: Span = 0..0;
        Table::new(self.file, self.table, &UNUSED)
    }
}

impl Fields for General<'_, '_> {
    fn file(&self) -> &Arc<SourceFile> {
        self.file
    }
    fn anchor(&self) -> &Span {
        &self.anchor
    }
    fn span_of(&self, key: &str) -> Option<Span> {
        self.t().span_of(key)
    }
    fn check_keys(&self, known: &[&str], diags: &mut Diagnostics) {
        self.t().check_keys(known, diags)
    }
    fn str(&self, key: &str, diags: &mut Diagnostics) -> Option<(&str, Span)> {
        self.parts().str(key, diags)
    }
    fn decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        self.t().decimal(key, diags)
    }
    fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<(bool, Span)> {
        self.t().bool(key, diags)
    }
    fn str_items(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span)> {
        self.parts().str_items(key, diags)
    }
    fn date(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        self.t().date(key, diags)
    }
    fn numbers(&self, key: &str, diags: &mut Diagnostics) -> Vec<NamedNumber> {
        self.t().numbers(key, diags)
    }
}

impl Tables for General<'_, '_> {
    fn keyed_tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span, Self)> {
        self.parts()
            .keyed_tables(key, diags)
            .into_iter()
            .map(|(code, span, table)| {
                let anchor = span.clone();
                (
                    code,
                    span,
                    General {
                        file: self.file,
                        table,
                        anchor,
                    },
                )
            })
            .collect()
    }
    fn tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(Self, Span)> {
        self.parts()
            .tables(key, diags)
            .into_iter()
            .map(|(table, span)| {
                (
                    General {
                        file: self.file,
                        table,
                        anchor: span.clone(),
                    },
                    span,
                )
            })
            .collect()
    }
    fn anchored(self, anchor: Span) -> Self {
        General { anchor, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn decimal_comma_hints() {
        use super::decimal_comma;
        assert_eq!(decimal_comma("points = 0,75").as_deref(), Some("0.75"));
        assert_eq!(decimal_comma("points = 0,75 # x").as_deref(), Some("0.75"));
        assert_eq!(decimal_comma("points = -0,5").as_deref(), Some("-0.5"));
        assert_eq!(
            decimal_comma("facts = { a = 1, b = 0,5 }").as_deref(),
            Some("0.5")
        );
        assert_eq!(
            decimal_comma("facts = { a = 0,5, b = 1 }").as_deref(),
            Some("0.5")
        );
        assert_eq!(decimal_comma("points = 1,234,567"), None);
        assert_eq!(decimal_comma("points = [1,5]"), None);
        assert_eq!(decimal_comma("points = 0, 75"), None);
        assert_eq!(decimal_comma("points = 1"), None);
    }

    #[test]
    fn closest_breaks_ties_by_text_order() {
        assert_eq!(closest("U1", ["U3", "U2"]), Some("U2"));
        assert_eq!(closest("U1", ["U2", "U3"]), Some("U2"));
        assert_eq!(
            closest("so-noi-vu", ["so-noi-vu2", "X"]),
            Some("so-noi-vu2")
        );
        assert_eq!(closest("abc", ["xyz"]), None);
    }
}
