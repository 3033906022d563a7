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
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            diags.push(Diagnostic::new(Code::TomlSyntax, Msg::TomlSyntax(message)).at(file, span));
            None
        }
    }
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
        diags.push(
            Diagnostic::new(
                Code::WrongType,
                Msg::WrongType {
                    key: key.to_string(),
                    expected,
                    found: value_type(v.get_ref()),
                },
            )
            .at(self.file, v.span()),
        );
    }

    pub fn missing(&self, key: &str, diags: &mut Diagnostics) {
        diags.push(
            Diagnostic::new(Code::MissingKey, Msg::MissingKey(key.to_string()))
                .at(self.file, self.anchor.clone()),
        );
    }

    pub fn string(&self, key: &str, diags: &mut Diagnostics) -> Option<(String, Span)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), v.span())),
            _ => {
                self.wrong_type(key, v, ValueType::String, diags);
                None
            }
        }
    }

    pub fn required_string(&self, key: &str, diags: &mut Diagnostics) -> Option<(String, Span)> {
        let r = self.string(key, diags);
        if r.is_none() && self.get(key).is_none() {
            self.missing(key, diags);
        }
        r
    }

    /// A non-empty string after trimming.
    pub fn text(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        self.string(key, diags)
            .map(|(s, _)| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    pub fn decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        let v = self.get(key)?;
        decimal_value(self.file, key, v, diags)
    }

    pub fn required_decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        let r = self.decimal(key, diags);
        if r.is_none() && self.get(key).is_none() {
            self.missing(key, diags);
        }
        r
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

    /// A non-negative whole number.
    pub fn count(&self, key: &str, diags: &mut Diagnostics) -> Option<(u32, Span)> {
        let (d, span) = self.decimal(key, diags)?;
        match u32::try_from(d.normalize().mantissa())
            .ok()
            .filter(|_| d.fract().is_zero())
        {
            Some(n) => Some((n, span)),
            None => {
                diags.push(
                    Diagnostic::new(Code::InvalidNumber, Msg::NotAWholeNumber(key.to_string()))
                        .at(self.file, span),
                );
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
    ) -> Vec<(String, Span, &'a DeTable<'i>)> {
        let Some((map, _)) = self.table(key, diags) else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(k, v)| match v.get_ref() {
                DeValue::Table(tbl) => Some((k.get_ref().trim().to_string(), k.span(), tbl)),
                _ => {
                    self.wrong_type(k.get_ref(), v, ValueType::Table, diags);
                    None
                }
            })
            .collect()
    }

    /// A string or an array of strings (evidence lists).
    pub fn strings(&self, key: &str, diags: &mut Diagnostics) -> Vec<String> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::String(s) => vec![s.to_string()],
            DeValue::Array(a) => a
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => Some(s.to_string()),
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
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref();
            if !known.contains(&key) {
                diags.push(
                    Diagnostic::new(Code::UnknownKey, Msg::UnknownKey(key.to_string()))
                        .at(self.file, k.span())
                        .hint_opt(
                            closest(key, known.iter().copied())
                                .map(|s| Msg::DidYouMean(s.to_string())),
                        ),
                );
            }
        }
    }
}

pub fn decimal_value(
    file: &Arc<SourceFile>,
    key: &str,
    v: &Value<'_>,
    diags: &mut Diagnostics,
) -> Option<(Decimal, Span)> {
    let parsed = match v.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 => num::parse_decimal(i.as_str()),
        DeValue::Float(f) => num::parse_decimal(f.as_str()),
        DeValue::Integer(_) => None,
        _ => {
            diags.push(
                Diagnostic::new(
                    Code::WrongType,
                    Msg::WrongType {
                        key: key.to_string(),
                        expected: ValueType::Number,
                        found: value_type(v.get_ref()),
                    },
                )
                .at(file, v.span()),
            );
            return None;
        }
    };
    match parsed {
        Some(d) => Some((d, v.span())),
        None => {
            diags.push(
                Diagnostic::new(Code::InvalidNumber, Msg::InvalidNumber(key.to_string()))
                    .at(file, v.span()),
            );
            None
        }
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&word_l, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
