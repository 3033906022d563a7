//! A fast reader for answer files (self-assessments and appraisals).
//!
//! A national run reads 100,000 such files; the general spanned TOML reader
//! (see [`super::toml`]) spends most of the run building its document model.
//! Answer files use a small, regular part of TOML, so this single-pass scanner
//! reads that part directly, with the same spans as the general reader.
//!
//! Accepted: comments and blank lines; `key = value` lines; table headers with
//! two parts (`[c."1.1.1"]`, `[c.x]`) and array-of-tables headers with one
//! part (`[[adjust]]`); bare keys and quoted keys without escapes; values that
//! are basic strings without escapes, literal strings, decimal numbers
//! (`-?(0|[1-9][0-9]*)(.[0-9]+)?`), `true`/`false`, local dates
//! (`2025-01-15`), arrays of such values (over several lines, with comments
//! and a trailing comma) and one-line inline tables of such values; at most
//! 64 keys in a table, apart from the entries headers add.
//!
//! Anything else, valid TOML or not, makes [`parse`] return `None` and the
//! caller reads the file with the general reader: this reader never decides
//! what an error is, so diagnostics are the same whichever reader ran. The
//! rules that turn values into the model are shared through
//! [`super::toml::Fields`].

use std::cell::RefCell;
use std::sync::Arc;

use bumpalo::Bump;
use bumpalo::collections::Vec as ArenaVec;
use rust_decimal::Decimal;

use crate::diagnostic::Diagnostics;
use crate::i18n::ValueType;
use crate::load::toml::{self as t, NamedNumber};
use crate::num;
use crate::source::{SourceFile, Span};

/// A table read from text `'i`, its parts allocated in an arena that lives
/// as long: a file's hundreds of small tables and arrays cost a pointer bump
/// each, and are freed together.
#[derive(Debug)]
pub struct Table<'i> {
    pub entries: ArenaVec<'i, Entry<'i>>,
}

#[derive(Debug)]
pub struct Entry<'i> {
    pub key: &'i str,
    pub key_span: Span,
    pub value: Value<'i>,
}

#[derive(Debug)]
pub struct Value<'i> {
    pub kind: Kind<'i>,
    pub span: Span,
}

#[derive(Debug)]
pub enum Kind<'i> {
    String(&'i str),
    /// The number's text, as written.
    Number(&'i str),
    Bool(bool),
    /// A local date, as written.
    Date(&'i str),
    Array(ArenaVec<'i, Value<'i>>),
    Table(Table<'i>),
}

impl<'i> Table<'i> {
    pub fn get(&self, key: &str) -> Option<&Value<'i>> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    fn insert(&mut self, key: &'i str, key_span: Span, value: Value<'i>) -> Option<()> {
        if self.entries.len() >= MAX_TABLE_KEYS || self.get(key).is_some() {
            return None;
        }
        self.entries.push(Entry {
            key,
            key_span,
            value,
        });
        Some(())
    }
}

/// Room for the keys of a typical table (an answer, its facts, its evidence),
/// so most tables are allocated once.
const TABLE_ROOM: usize = 4;

/// Keys are looked up one by one, fastest for the few keys of the tables
/// answer files have, but quadratic in a crafted file's thousands: a table
/// with more keys than this (headers' tables aside, which a set checks) is
/// left to the general reader, whose maps look keys up in constant time.
const MAX_TABLE_KEYS: usize = 64;

/// Reads a whole file, or `None` when it uses anything outside the accepted
/// subset; tables and arrays are allocated in `arena`.
pub fn parse<'i>(text: &'i str, arena: &'i Bump) -> Option<Table<'i>> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        arena,
    };
    let mut root = s.table(TABLE_ROOM);
    // Where keys go: the root, a sub-table `[a.b]` (root index, entry index),
    // or the last table of an array of tables `[[a]]` (root index).
    #[derive(Clone, Copy)]
    enum Current {
        Root,
        Sub(usize, usize),
        Last(usize),
    }
    let mut current = Current::Root;
    // Root keys that were defined by headers, and the sub-tables headers defined.
    let mut implicit: Vec<usize> = Vec::new();
    // Sized from the brackets (an upper bound on headers), so the set is never rebuilt.
    let brackets = memchr::memchr_iter(b'[', text.as_bytes()).count();
    let mut defined: foldhash::HashSet<(usize, &str)> =
        foldhash::HashSet::with_capacity_and_hasher(brackets, Default::default());
    // Room for the headers' tables, given to the first table or array that
    // headers make (an answer file has one, `c` or `adjust`), so its entries
    // are never copied as it grows. Later ones grow as needed: sizing each
    // from the brackets would take memory quadratic in a crafted file's size.
    let mut header_room = brackets;
    loop {
        s.skip_blank_lines()?;
        let Some(b) = s.peek() else { break };
        if b == b'[' {
            let start = s.pos;
            if s.bytes.get(s.pos + 1) == Some(&b'[') {
                s.pos += 2;
                let (name, name_span) = s.key()?;
                s.expect(b']')?;
                s.expect(b']')?;
                let span = start..s.pos;
                s.end_of_line()?;
                let item = Value {
                    kind: Kind::Table(s.table(TABLE_ROOM)),
                    span: span.clone(),
                };
                let i = match root.entries.iter().position(|e| e.key == name) {
                    Some(i) => {
                        let e = &mut root.entries[i];
                        // Only arrays this reader made from headers can grow.
                        if !implicit.contains(&i) {
                            return None;
                        }
                        match &mut e.value.kind {
                            Kind::Array(items) => items.push(item),
                            _ => return None,
                        }
                        i
                    }
                    None => {
                        let room = std::mem::take(&mut header_room) / 2;
                        let mut items = ArenaVec::with_capacity_in(room, arena);
                        items.push(item);
                        root.insert(
                            name,
                            name_span,
                            Value {
                                kind: Kind::Array(items),
                                span,
                            },
                        )?;
                        implicit.push(root.entries.len() - 1);
                        root.entries.len() - 1
                    }
                };
                current = Current::Last(i);
            } else {
                s.pos += 1;
                let (parent, parent_span) = s.key()?;
                s.expect(b'.')?;
                let (name, name_span) = s.key()?;
                s.expect(b']')?;
                let span = start..s.pos;
                s.end_of_line()?;
                let i = match root.entries.iter().position(|e| e.key == parent) {
                    Some(i) if implicit.contains(&i) => i,
                    Some(_) => return None,
                    None => {
                        root.insert(
                            parent,
                            parent_span.clone(),
                            Value {
                                kind: Kind::Table(s.table(std::mem::take(&mut header_room))),
                                span: parent_span,
                            },
                        )?;
                        implicit.push(root.entries.len() - 1);
                        root.entries.len() - 1
                    }
                };
                if !defined.insert((i, name)) {
                    return None;
                }
                let table = s.table(TABLE_ROOM);
                let Kind::Table(t) = &mut root.entries[i].value.kind else {
                    return None;
                };
                // Only headers add to this table, and `defined` saw this name first.
                t.entries.push(Entry {
                    key: name,
                    key_span: name_span,
                    value: Value {
                        kind: Kind::Table(table),
                        span,
                    },
                });
                current = Current::Sub(i, t.entries.len() - 1);
            }
            continue;
        }
        let (key, key_span) = s.key()?;
        s.skip_ws();
        s.expect(b'=')?;
        s.skip_ws();
        let value = s.value(true)?;
        s.end_of_line()?;
        let table = match current {
            Current::Root => &mut root,
            Current::Sub(i, j) => match &mut root.entries[i].value.kind {
                Kind::Table(t) => match &mut t.entries[j].value.kind {
                    Kind::Table(t) => t,
                    _ => return None,
                },
                _ => return None,
            },
            Current::Last(i) => match &mut root.entries[i].value.kind {
                Kind::Array(items) => match items.last_mut().map(|v| &mut v.kind) {
                    Some(Kind::Table(t)) => t,
                    _ => return None,
                },
                _ => return None,
            },
        };
        table.insert(key, key_span, value)?;
    }
    Some(root)
}

/// The bytes of a bare key: ASCII letters, digits, `_` and `-`.
const BARE_KEY: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    table
};

struct Scanner<'i> {
    text: &'i str,
    bytes: &'i [u8],
    pos: usize,
    arena: &'i Bump,
}

impl<'i> Scanner<'i> {
    fn table(&self, capacity: usize) -> Table<'i> {
        Table {
            entries: ArenaVec::with_capacity_in(capacity, self.arena),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.pos += 1)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// A comment up to (not including) the line break.
    fn skip_comment(&mut self) -> Option<()> {
        if self.peek() != Some(b'#') {
            return Some(());
        }
        while let Some(b) = self.peek() {
            match b {
                b'\n' | b'\r' => break,
                b'\t' => {}
                0..0x20 | 0x7f => return None,
                _ => {}
            }
            self.pos += 1;
        }
        Some(())
    }

    fn newline(&mut self) -> Option<bool> {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                Some(true)
            }
            Some(b'\r') => {
                self.pos += 1;
                self.expect(b'\n')?;
                Some(true)
            }
            _ => Some(false),
        }
    }

    /// Whitespace and a comment, then a line break or the end of the file.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_ws();
        self.skip_comment()?;
        if self.newline()? || self.peek().is_none() {
            Some(())
        } else {
            None
        }
    }

    fn skip_blank_lines(&mut self) -> Option<()> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline()? {
                return Some(());
            }
        }
    }

    /// Whitespace, line breaks and comments inside an array.
    fn skip_array_blanks(&mut self) -> Option<()> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline()? {
                return Some(());
            }
        }
    }

    /// A bare key or a quoted key without escapes: its name and span.
    fn key(&mut self) -> Option<(&'i str, Span)> {
        let start = self.pos;
        match self.peek()? {
            b'"' => {
                let name = self.basic_string()?;
                Some((name, start..self.pos))
            }
            b'\'' => {
                let name = self.literal_string()?;
                Some((name, start..self.pos))
            }
            _ => {
                let len = self.bytes[start..]
                    .iter()
                    .position(|&b| !BARE_KEY[usize::from(b)])
                    .unwrap_or(self.bytes.len() - start);
                self.pos = start + len;
                (len > 0).then(|| (&self.text[start..self.pos], start..self.pos))
            }
        }
    }

    /// `"..."` without escapes or control characters: the contents.
    fn basic_string(&mut self) -> Option<&'i str> {
        self.quoted(b'"', true)
    }

    fn literal_string(&mut self) -> Option<&'i str> {
        self.quoted(b'\'', false)
    }

    fn quoted(&mut self, quote: u8, no_escapes: bool) -> Option<&'i str> {
        self.expect(quote)?;
        if self.peek() == Some(quote) {
            // `"""` opens a multi-line string: left to the general reader.
            if self.bytes.get(self.pos + 1) == Some(&quote) {
                return None;
            }
            self.pos += 1;
            return Some("");
        }
        let start = self.pos;
        let rest = &self.bytes[start..];
        let len = if no_escapes {
            let len = memchr::memchr2(quote, b'\\', rest)?;
            (rest[len] == quote).then_some(len)?
        } else {
            memchr::memchr(quote, rest)?
        };
        // No control characters but tabs (a line break ends a one-line
        // string): checked without branching, so it runs on whole vectors.
        let control = rest[..len].iter().fold(false, |any, &b| {
            any | ((b < 0x20 && b != b'\t') || b == 0x7f)
        });
        if control {
            return None;
        }
        self.pos = start + len + 1;
        Some(&self.text[start..start + len])
    }

    fn at_delimiter(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'#')
        )
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A value; arrays and inline tables only at the top (`top` is false inside them).
    fn value(&mut self, top: bool) -> Option<Value<'i>> {
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' => Kind::String(self.basic_string()?),
            b'\'' => Kind::String(self.literal_string()?),
            b't' | b'f' => {
                let rest = &self.bytes[self.pos..];
                let (b, len) = if rest.starts_with(b"true") {
                    (true, 4)
                } else if rest.starts_with(b"false") {
                    (false, 5)
                } else {
                    return None;
                };
                self.pos += len;
                if !self.at_delimiter() {
                    return None;
                }
                Kind::Bool(b)
            }
            b'[' if top => {
                self.pos += 1;
                let mut items = ArenaVec::with_capacity_in(2, self.arena);
                loop {
                    self.skip_array_blanks()?;
                    if self.expect(b']').is_some() {
                        break;
                    }
                    items.push(self.value(false)?);
                    self.skip_array_blanks()?;
                    if self.expect(b',').is_none() {
                        self.skip_array_blanks()?;
                        self.expect(b']')?;
                        break;
                    }
                }
                Kind::Array(items)
            }
            b'{' if top => {
                self.pos += 1;
                let mut table = self.table(TABLE_ROOM);
                self.skip_ws();
                if self.expect(b'}').is_none() {
                    loop {
                        self.skip_ws();
                        let (key, key_span) = self.key()?;
                        self.skip_ws();
                        self.expect(b'=')?;
                        self.skip_ws();
                        let v = self.value(false)?;
                        table.insert(key, key_span, v)?;
                        self.skip_ws();
                        if self.expect(b',').is_none() {
                            self.expect(b'}')?;
                            break;
                        }
                    }
                }
                Kind::Table(table)
            }
            b'-' | b'0'..=b'9' => {
                self.expect(b'-');
                let int_start = self.pos;
                let n = self.digits();
                if n == 0 || (n > 1 && self.bytes[int_start] == b'0') {
                    return None;
                }
                if n == 4 && self.peek() == Some(b'-') && start == int_start {
                    return self.date(start);
                }
                if self.expect(b'.').is_some() && self.digits() == 0 {
                    return None;
                }
                // Long numbers (beyond the model's bound anyway) are left to the general reader.
                if !self.at_delimiter() || self.pos - start > 20 || n > 15 {
                    return None;
                }
                Kind::Number(&self.text[start..self.pos])
            }
            _ => return None,
        };
        Some(Value {
            kind,
            span: start..self.pos,
        })
    }

    /// `YYYY-MM-DD` alone (no time), checked by the date type the general reader uses.
    fn date(&mut self, start: usize) -> Option<Value<'i>> {
        self.expect(b'-')?;
        (self.digits() == 2).then_some(())?;
        self.expect(b'-')?;
        (self.digits() == 2).then_some(())?;
        let time_follows = matches!(self.peek(), Some(b'T' | b't'))
            || (self.peek() == Some(b' ')
                && matches!(self.bytes.get(self.pos + 1), Some(b'0'..=b'9')));
        if time_follows || !self.at_delimiter() {
            return None;
        }
        let text = &self.text[start..self.pos];
        text.parse::<toml::value::Datetime>().ok()?;
        Some(Value {
            kind: Kind::Date(text),
            span: start..self.pos,
        })
    }
}

/// Reads the top table of `$file` with this reader when `$reader` allows it
/// and the file is in its subset, else with the general reader, and evaluates
/// `$body` with the table bound to `$top`: `None` when the general reader
/// fails (its diagnostics say why). A macro, as `$body` is generic over the
/// two readers' tables.
macro_rules! read_top {
    ($reader:expr, $file:expr, $diags:expr, |$top:ident| $body:expr) => {{
        let file: &std::sync::Arc<$crate::source::SourceFile> = $file;
        let fast = if $reader == $crate::load::answers::Reader::Fast {
            $crate::load::fast::with_arena(|arena| {
                let doc = $crate::load::fast::parse(&file.text, arena)?;
                let $top = $crate::load::fast::Fields {
                    file,
                    table: &doc,
                    anchor: 0..0,
                };
                let result = $body;
                // Its memory is the arena's, reset for the next file: nothing to free.
                std::mem::forget(doc);
                Some(result)
            })
        } else {
            None
        };
        match fast {
            Some(result) => Some(result),
            None => match $crate::load::toml::parse(file, $diags) {
                Some(doc) => {
                    let $top = $crate::load::toml::General::top(file, &doc);
                    Some($body)
                }
                None => None,
            },
        }
    }};
}
pub(crate) use read_top;

thread_local! {
    /// Each thread's arena, reused file after file.
    static ARENA: RefCell<Bump> = RefCell::new(Bump::new());
}

/// An arena larger than this (after a long unit list) is freed after use
/// rather than kept for the small answer files that follow.
const KEPT_ARENA_BYTES: usize = 1 << 20;

/// Runs `f` with this thread's arena, emptied first.
pub fn with_arena<R>(f: impl FnOnce(&Bump) -> R) -> R {
    ARENA.with(|cell| {
        // Taken out, so a nested call gets an arena of its own.
        let mut arena = cell.take();
        arena.reset();
        let result = f(&arena);
        if arena.allocated_bytes() <= KEPT_ARENA_BYTES {
            cell.replace(arena);
        }
        result
    })
}

/// One table of a file this reader read, as the shared answer rules read it.
pub struct Fields<'a, 'i> {
    pub file: &'a Arc<SourceFile>,
    pub table: &'a Table<'i>,
    pub anchor: Span,
}

fn value_type(kind: &Kind<'_>) -> ValueType {
    match kind {
        Kind::String(_) => ValueType::String,
        Kind::Number(_) => ValueType::Number,
        Kind::Bool(_) => ValueType::Bool,
        Kind::Date(_) => ValueType::Date,
        Kind::Array(_) => ValueType::Array,
        Kind::Table(_) => ValueType::Table,
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    fn wrong_type(&self, key: &str, v: &Value<'_>, expected: ValueType, diags: &mut Diagnostics) {
        t::wrong_type(
            self.file,
            key,
            v.span.clone(),
            expected,
            value_type(&v.kind),
            diags,
        );
    }

    pub fn table(&self, key: &str, diags: &mut Diagnostics) -> Option<&'a Table<'i>> {
        let v = self.table.get(key)?;
        match &v.kind {
            Kind::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, v, ValueType::Table, diags);
                None
            }
        }
    }

    /// A table of tables keyed by code (`[c."1.1"]`): trimmed code, key span, table.
    pub fn keyed_tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&'i str, Span, Self)> {
        let Some(map) = self.table(key, diags) else {
            return Vec::new();
        };
        map.entries
            .iter()
            .filter_map(|e| match &e.value.kind {
                Kind::Table(tbl) => Some((
                    e.key.trim(),
                    e.key_span.clone(),
                    Fields {
                        file: self.file,
                        table: tbl,
                        anchor: e.key_span.clone(),
                    },
                )),
                _ => {
                    self.wrong_type(e.key, &e.value, ValueType::Table, diags);
                    None
                }
            })
            .collect()
    }

    /// An array of tables (`[[adjust]]`): each table with its span.
    pub fn tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(Self, Span)> {
        let Some(v) = self.table.get(key) else {
            return Vec::new();
        };
        let Kind::Array(items) = &v.kind else {
            self.wrong_type(key, v, ValueType::Array, diags);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| match &item.kind {
                Kind::Table(tbl) => Some((
                    Fields {
                        file: self.file,
                        table: tbl,
                        anchor: item.span.clone(),
                    },
                    item.span.clone(),
                )),
                _ => {
                    self.wrong_type(key, item, ValueType::Table, diags);
                    None
                }
            })
            .collect()
    }
}

impl t::Tables for Fields<'_, '_> {
    fn keyed_tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span, Self)> {
        Fields::keyed_tables(self, key, diags)
    }
    fn tables(&self, key: &str, diags: &mut Diagnostics) -> Vec<(Self, Span)> {
        Fields::tables(self, key, diags)
    }
    fn anchored(self, anchor: Span) -> Self {
        Fields { anchor, ..self }
    }
}

impl t::Fields for Fields<'_, '_> {
    fn file(&self) -> &Arc<SourceFile> {
        self.file
    }
    fn anchor(&self) -> &Span {
        &self.anchor
    }
    fn span_of(&self, key: &str) -> Option<Span> {
        self.table.get(key).map(|v| v.span.clone())
    }
    fn check_keys(&self, known: &[&str], diags: &mut Diagnostics) {
        t::unknown_keys(
            self.file,
            self.table
                .entries
                .iter()
                .map(|e| (e.key, e.key_span.clone())),
            known,
            diags,
        );
    }
    fn str(&self, key: &str, diags: &mut Diagnostics) -> Option<(&str, Span)> {
        let v = self.table.get(key)?;
        match &v.kind {
            Kind::String(s) => Some((s, v.span.clone())),
            _ => {
                self.wrong_type(key, v, ValueType::String, diags);
                None
            }
        }
    }
    fn decimal(&self, key: &str, diags: &mut Diagnostics) -> Option<(Decimal, Span)> {
        let v = self.table.get(key)?;
        match &v.kind {
            Kind::Number(n) => {
                t::checked_number(self.file, key, num::parse_decimal(n), v.span.clone(), diags)
            }
            _ => {
                self.wrong_type(key, v, ValueType::Number, diags);
                None
            }
        }
    }
    fn bool(&self, key: &str, diags: &mut Diagnostics) -> Option<(bool, Span)> {
        let v = self.table.get(key)?;
        match &v.kind {
            Kind::Bool(b) => Some((*b, v.span.clone())),
            _ => {
                self.wrong_type(key, v, ValueType::Bool, diags);
                None
            }
        }
    }
    fn str_items(&self, key: &str, diags: &mut Diagnostics) -> Vec<(&str, Span)> {
        let Some(v) = self.table.get(key) else {
            return Vec::new();
        };
        match &v.kind {
            Kind::String(s) => vec![(*s, v.span.clone())],
            Kind::Array(items) => items
                .iter()
                .filter_map(|item| match &item.kind {
                    Kind::String(s) => Some((*s, item.span.clone())),
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
    fn date(&self, key: &str, diags: &mut Diagnostics) -> Option<String> {
        let v = self.table.get(key)?;
        match &v.kind {
            Kind::Date(d) => d
                .parse::<toml::value::Datetime>()
                .ok()
                .map(|d| d.to_string()),
            Kind::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(key, v, ValueType::Date, diags);
                None
            }
        }
    }
    fn numbers(&self, key: &str, diags: &mut Diagnostics) -> Vec<NamedNumber> {
        let Some(tbl) = self.table(key, diags) else {
            return Vec::new();
        };
        tbl.entries
            .iter()
            .map(|e| NamedNumber {
                name: e.key.to_string(),
                name_span: e.key_span.clone(),
                value: match &e.value.kind {
                    Kind::Number(n) => Ok(num::parse_decimal(n)),
                    other => Err(value_type(other)),
                },
                span: e.value.span.clone(),
            })
            .collect()
    }
}
