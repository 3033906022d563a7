//! Criteria expressions (`value` of bands, `formula`): rhai, compiled once at
//! load against the leaf's declared inputs, evaluated in exact decimals inside a
//! sandbox (no loops, no functions, no modules, bounded operations and depth).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use rhai::{Dynamic, Engine, EvalAltResult, INT, Position, Scope};
use rust_decimal::Decimal;

use crate::diagnostic::Location;
use crate::num;
use crate::source::{SourceFile, Span};

mod direct;

/// The value `na()` returns: the leaf is not applicable.
#[derive(Debug, Clone, Copy)]
pub struct NotApplicable;

/// What the subordinate functions (SPEC §7.8) read for the unit being scored.
#[derive(Debug, Clone, Default)]
pub struct SubordinateSummary {
    pub count: i64,
    /// Final rating label → number of subordinates with it.
    pub rated: HashMap<String, i64>,
    /// Mean final index, already rounded to `index_decimals`.
    pub avg_index: Decimal,
}

thread_local! {
    // The subordinate functions are registered once on the shared engine; each
    // evaluation publishes its unit's summary here for the duration of the call.
    static SUBORDINATES: RefCell<Option<SubordinateSummary>> = const { RefCell::new(None) };
}

/// Operation budget of one evaluation: generous for real formulas, small enough
/// that a runaway expression stops at once.
pub const MAX_OPERATIONS: u64 = 100_000;

static ENGINE: LazyLock<Engine> = LazyLock::new(build_engine);

/// Expressions compiled so far in this process: loading compiles each
/// expression of the criteria once; evaluating units never compiles.
static COMPILED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub fn compiled_count() -> usize {
    COMPILED.load(std::sync::atomic::Ordering::Relaxed)
}

fn build_engine() -> Engine {
    let mut e = Engine::new_raw();
    e.set_strict_variables(true)
        .set_allow_looping(false)
        .set_allow_statement_expression(false)
        .set_allow_shadowing(false)
        .set_max_operations(MAX_OPERATIONS)
        .set_max_expr_depths(64)
        .set_max_string_size(1_000)
        .set_max_variables(64);
    for symbol in ["eval", "print", "debug", "import", "export"] {
        e.disable_symbol(symbol);
    }
    e.register_type_with_name::<NotApplicable>("na");
    e.register_fn("na", || NotApplicable);

    e.register_fn("min", |a: Decimal, b: Decimal| a.min(b));
    e.register_fn("min", |a: Decimal, b: INT| a.min(Decimal::from(b)));
    e.register_fn("min", |a: INT, b: Decimal| Decimal::from(a).min(b));
    e.register_fn("min", |a: INT, b: INT| a.min(b));
    e.register_fn("max", |a: Decimal, b: Decimal| a.max(b));
    e.register_fn("max", |a: Decimal, b: INT| a.max(Decimal::from(b)));
    e.register_fn("max", |a: INT, b: Decimal| Decimal::from(a).max(b));
    e.register_fn("max", |a: INT, b: INT| a.max(b));
    e.register_fn("abs", |a: Decimal| a.abs());
    e.register_fn("abs", |a: INT| a.checked_abs().unwrap_or(INT::MAX));
    e.register_fn("floor", |a: Decimal| a.floor());
    e.register_fn("floor", |a: INT| a);
    e.register_fn("ceiling", |a: Decimal| a.ceil());
    e.register_fn("ceiling", |a: INT| a);
    e.register_fn("round", |a: Decimal| num::round(a, 0));
    e.register_fn("round", |a: INT| a);
    e.register_fn(
        "round",
        |a: Decimal, dp: INT| -> Result<Decimal, Box<EvalAltResult>> {
            if (0..=20).contains(&dp) {
                Ok(num::round(a, dp as u32))
            } else {
                Err(format!("round: {dp}").into())
            }
        },
    );
    e.register_fn("round", |a: INT, _dp: INT| a);

    e.register_fn("sub_count", || with_subordinates(|s| s.count));
    e.register_fn("sub_rated", |label: &str| {
        let label = crate::source::nfc(label);
        with_subordinates(|s| s.rated.get(&label).copied().unwrap_or(0))
    });
    e.register_fn("sub_avg_index", || with_subordinates(|s| s.avg_index));
    e
}

/// Runs `f` with `summary` visible to the subordinate functions on this thread.
pub fn with_summary<R>(summary: &SubordinateSummary, f: impl FnOnce() -> R) -> R {
    SUBORDINATES.with(|s| *s.borrow_mut() = Some(summary.clone()));
    let r = f();
    SUBORDINATES.with(|s| *s.borrow_mut() = None);
    r
}

fn with_subordinates<T: Default>(f: impl FnOnce(&SubordinateSummary) -> T) -> T {
    SUBORDINATES.with(|s| s.borrow().as_ref().map(f).unwrap_or_default())
}

/// The names of the functions criteria may call (for hints).
pub const FUNCTIONS: &[&str] = &[
    "na",
    "min",
    "max",
    "abs",
    "floor",
    "ceiling",
    "round",
    "sub_count",
    "sub_rated",
    "sub_avg_index",
];

/// A compiled expression and where it came from.
#[derive(Debug)]
pub struct Expression {
    pub text: String,
    ast: rhai::AST,
    /// The same expression for the direct evaluator, when it is within its subset.
    direct: Option<direct::Node>,
    pub location: Location,
    /// File byte offset of each character of `text` (plus one past the end).
    offsets: Vec<usize>,
}

/// A compile or runtime failure, positioned in the TOML file when rhai says where.
#[derive(Debug, Clone)]
pub struct ExprError {
    pub failure: ExprFailure,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprFailure {
    /// rhai's own message (English).
    Rhai(String),
    NotANumber(String),
    /// A cross-check whose result is not true or false.
    NotACondition(String),
    TooManyOperations,
    /// A call of a function criteria cannot use.
    UnknownFunction(String),
}

pub enum Outcome {
    Number(Decimal),
    NotApplicable,
}

impl Expression {
    /// Compiles `text`, the decoded value of the TOML string at `span` in `file`,
    /// with `variables` as its only free variables.
    pub fn compile(
        text: &str,
        variables: &[&str],
        file: &Arc<SourceFile>,
        span: Span,
    ) -> Result<Expression, ExprError> {
        COMPILED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let offsets = string_offsets(&file.text[span.clone()], span.start, text);
        let location = Location::new(file, span);
        let mut scope = Scope::new();
        for v in variables {
            // Not constants: the optimiser would fold the placeholder values into the AST.
            scope.push(v.to_string(), Decimal::ZERO);
        }
        let mut expr = Expression {
            text: text.to_string(),
            ast: rhai::AST::empty(),
            direct: None,
            location,
            offsets,
        };
        match ENGINE.compile_expression_with_scope(&scope, text) {
            Ok(ast) => {
                // rhai resolves calls only when evaluating: refuse unknown ones now.
                if let Some((at, name)) = unknown_call(text) {
                    let location = match expr.offsets.get(at) {
                        Some(&start) => {
                            let end = expr.offsets.get(at + name.chars().count()).copied();
                            Location::new(file, start..end.unwrap_or(start).max(start))
                        }
                        None => expr.location.clone(),
                    };
                    return Err(ExprError {
                        failure: ExprFailure::UnknownFunction(name),
                        location,
                    });
                }
                expr.direct = direct::plan(&ast, variables);
                expr.ast = ast;
                Ok(expr)
            }
            Err(e) => Err(ExprError {
                failure: ExprFailure::Rhai(e.err_type().to_string()),
                location: expr.locate(e.position()),
            }),
        }
    }

    /// Evaluates with the given variable values. The subordinate functions
    /// read the summary published by [`with_summary`] (none: zeros).
    pub fn evaluate(&self, vars: &[(&str, Decimal)]) -> Result<Outcome, ExprError> {
        if let Some(outcome) = self.direct.as_ref().and_then(|d| d.evaluate(vars)) {
            return Ok(outcome);
        }
        self.evaluate_with_rhai(vars)
    }

    /// Evaluates a condition (a cross-check): `Some(true)` or `Some(false)`,
    /// `None` when it answers `na()` (the check does not apply).
    pub fn evaluate_condition(&self, vars: &[(&str, Decimal)]) -> Result<Option<bool>, ExprError> {
        if let Some(truth) = self.direct.as_ref().and_then(|d| d.condition(vars)) {
            return Ok(truth);
        }
        let mut scope = Scope::with_capacity(vars.len());
        for (name, value) in vars {
            scope.push_constant(*name, *value);
        }
        match ENGINE.eval_ast_with_scope::<Dynamic>(&mut scope, &self.ast) {
            Ok(v) if v.is::<bool>() => Ok(Some(v.cast::<bool>())),
            Ok(v) if v.is::<NotApplicable>() => Ok(None),
            Ok(v) => Err(ExprError {
                failure: ExprFailure::NotACondition(v.type_name().to_string()),
                location: self.location.clone(),
            }),
            Err(e) => Err(ExprError {
                failure: runtime_failure(&e),
                location: self.locate(e.position()),
            }),
        }
    }

    /// The variables the expression reads, in order of first appearance.
    pub fn variables(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        self.ast.walk(&mut |path: &[rhai::ASTNode]| {
            if let Some(rhai::ASTNode::Expr(rhai::Expr::Variable(v, _, _))) = path.last()
                && !names.iter().any(|n| n == v.1.as_str())
            {
                names.push(v.1.to_string());
            }
            true
        });
        names
    }

    /// Whether evaluation takes the direct path (rhai is then only the
    /// fallback for errors).
    pub fn is_direct(&self) -> bool {
        self.direct.is_some()
    }

    fn evaluate_with_rhai(&self, vars: &[(&str, Decimal)]) -> Result<Outcome, ExprError> {
        let mut scope = Scope::with_capacity(vars.len());
        for (name, value) in vars {
            scope.push_constant(*name, *value);
        }
        match ENGINE.eval_ast_with_scope::<Dynamic>(&mut scope, &self.ast) {
            Ok(v) => self.outcome(v),
            Err(e) => {
                let pos = e.position();
                Err(ExprError {
                    failure: runtime_failure(&e),
                    location: self.locate(pos),
                })
            }
        }
    }

    fn outcome(&self, v: Dynamic) -> Result<Outcome, ExprError> {
        // Checked before cast, so the value is never copied.
        if v.is::<Decimal>() {
            Ok(Outcome::Number(v.cast::<Decimal>()))
        } else if v.is::<INT>() {
            Ok(Outcome::Number(Decimal::from(v.cast::<INT>())))
        } else if v.is::<NotApplicable>() {
            Ok(Outcome::NotApplicable)
        } else {
            Err(ExprError {
                failure: ExprFailure::NotANumber(v.type_name().to_string()),
                location: self.location.clone(),
            })
        }
    }

    /// Maps a rhai position (line, column within the expression) to the TOML file.
    fn locate(&self, pos: Position) -> Location {
        let (Some(line), Some(col)) = (pos.line(), pos.position()) else {
            return self.location.clone();
        };
        let mut char_index = 0;
        for (i, l) in self.text.split('\n').enumerate() {
            if i + 1 == line {
                char_index += col.saturating_sub(1).min(l.chars().count());
                break;
            }
            char_index += l.chars().count() + 1;
        }
        match self.offsets.get(char_index) {
            Some(&start) => {
                let end = self.offsets.get(char_index + 1).copied().unwrap_or(start);
                Location::new(&self.location.file, start..end.max(start))
            }
            None => self.location.clone(),
        }
    }
}

/// The first call (character index and name) of a function not in [`FUNCTIONS`],
/// skipping string and character literals and keywords.
fn unknown_call(text: &str) -> Option<(usize, String)> {
    const KEYWORDS: &[&str] = &["if", "else", "switch", "while", "loop", "for", "do", "in"];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '"' | '\'' | '`') {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let name: String = chars[start..i].iter().collect();
            let next = chars[i..].iter().find(|c| !c.is_whitespace());
            let after_dot = start > 0 && chars[start - 1] == '.';
            if next == Some(&'(')
                && !after_dot
                && !KEYWORDS.contains(&name.as_str())
                && !FUNCTIONS.contains(&name.as_str())
            {
                return Some((start, name));
            }
        } else if c.is_ascii_digit() {
            // Numbers such as `1e5` or `0x1f` are not names.
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    None
}

fn runtime_failure(e: &EvalAltResult) -> ExprFailure {
    match e {
        EvalAltResult::ErrorTooManyOperations(_) => ExprFailure::TooManyOperations,
        EvalAltResult::ErrorRuntime(v, _) => ExprFailure::Rhai(v.to_string()),
        other => ExprFailure::Rhai(
            other
                .to_string()
                .split(" (line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        ),
    }
}

/// For each character of the decoded string `text`, the byte offset in the file
/// of the character it came from. `raw` is the TOML string token (with quotes).
fn string_offsets(raw: &str, base: usize, text: &str) -> Vec<usize> {
    let (open, literal) = if raw.starts_with("\"\"\"") {
        (3, false)
    } else if raw.starts_with("'''") {
        (3, true)
    } else if raw.starts_with('"') {
        (1, false)
    } else if raw.starts_with('\'') {
        (1, true)
    } else {
        return vec![base; text.chars().count() + 1];
    };
    let mut body = &raw[open..];
    let mut pos = base + open;
    if open == 3 {
        // A newline right after the opening delimiter is trimmed.
        for nl in ["\r\n", "\n"] {
            if let Some(rest) = body.strip_prefix(nl) {
                body = rest;
                pos += nl.len();
                break;
            }
        }
    }
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut chars = body.char_indices().peekable();
    let wanted = text.chars().count();
    while offsets.len() < wanted {
        let Some((i, c)) = chars.next() else { break };
        if c == '\\' && !literal {
            match chars.peek().map(|&(_, c)| c) {
                Some('u') | Some('U') => {
                    let n = if chars.peek().map(|p| p.1) == Some('u') {
                        4
                    } else {
                        8
                    };
                    for _ in 0..=n {
                        chars.next();
                    }
                    offsets.push(pos + i);
                }
                Some('\n') | Some('\r') | Some(' ') | Some('\t') => {
                    // Line-ending backslash: skips all following whitespace.
                    while chars.peek().is_some_and(|&(_, c)| c.is_whitespace()) {
                        chars.next();
                    }
                }
                _ => {
                    chars.next();
                    offsets.push(pos + i);
                }
            }
        } else {
            offsets.push(pos + i);
        }
    }
    let end = chars
        .peek()
        .map(|&(i, _)| pos + i)
        .unwrap_or(pos + body.len());
    while offsets.len() < wanted {
        offsets.push(end);
    }
    offsets.push(end);
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn compile(src: &str, vars: &[&str]) -> Result<Expression, ExprError> {
        let toml = format!("formula = {src}\n");
        let file = SourceFile::new("t.toml", &toml);
        let start = toml.find('=').unwrap() + 2;
        let raw = &toml[start..toml.len() - 1];
        let text: String = toml::de::DeValue::parse(raw)
            .unwrap()
            .into_inner()
            .as_str()
            .unwrap()
            .to_string();
        Expression::compile(&text, vars, &file, start..toml.len() - 1)
    }

    fn eval(src: &str, vars: &[(&str, Decimal)]) -> Result<Outcome, ExprError> {
        let names: Vec<&str> = vars.iter().map(|v| v.0).collect();
        compile(src, &names).unwrap().evaluate(vars)
    }

    fn number(o: Result<Outcome, ExprError>) -> Decimal {
        match o {
            Ok(Outcome::Number(d)) => d,
            Ok(Outcome::NotApplicable) => panic!("na"),
            Err(e) => panic!("{:?}", e.failure),
        }
    }

    #[test]
    fn decimals_are_exact_and_mix_with_integers() {
        assert_eq!(
            number(eval(
                "\"max * hai_long / 100\"",
                &[("max", dec!(14)), ("hai_long", dec!(87.35))]
            )),
            dec!(12.229)
        );
        assert_eq!(number(eval("\"0.1 + 0.2\"", &[])), dec!(0.3));
        assert_eq!(
            number(eval("\"x / 3 * 3\"", &[("x", dec!(1))])).round_dp(10),
            dec!(1)
        );
    }

    #[test]
    fn if_expression_and_na() {
        let src = "\"if d == 0 { na() } else { t * 100 / d }\"";
        assert!(matches!(
            eval(src, &[("t", dec!(1)), ("d", dec!(0))]),
            Ok(Outcome::NotApplicable)
        ));
        assert_eq!(
            number(eval(src, &[("t", dec!(1)), ("d", dec!(4))])),
            dec!(25)
        );
    }

    #[test]
    fn helper_functions() {
        assert_eq!(
            number(eval(
                "\"min(max, x * 0.25)\"",
                &[("max", dec!(1)), ("x", dec!(7))]
            )),
            dec!(1)
        );
        assert_eq!(number(eval("\"round(2.345, 2)\"", &[])), dec!(2.35));
        assert_eq!(number(eval("\"round(2.5)\"", &[])), dec!(3));
    }

    #[test]
    fn unknown_variable_is_a_compile_error_at_its_position() {
        let err = compile("\"tre_han * 100 / da_giai\"", &["tre_han"]).unwrap_err();
        let lc = err.location.file.line_col(err.location.span.start);
        assert_eq!((lc.line, lc.column), (1, 28));
        assert!(
            matches!(&err.failure, ExprFailure::Rhai(m) if m.contains("da_giai")),
            "{:?}",
            err.failure
        );
    }

    #[test]
    fn escapes_are_mapped_to_file_positions() {
        let err = compile(r#""sub_rated(\"Tốt\") + y""#, &[]).unwrap_err();
        let lc = err.location.file.line_col(err.location.span.start);
        assert_eq!((lc.line, lc.column), (1, 33));
    }

    #[test]
    fn loops_and_statements_are_refused() {
        assert!(compile("\"loop { 1 }\"", &[]).is_err());
        assert!(compile("\"{ let a = 1; a }\"", &[]).is_err());
        assert!(compile("\"while true { }\"", &[]).is_err());
    }

    #[test]
    fn conditions_and_their_variables() {
        let e = compile("\"if b == 0 { na() } else { a <= b }\"", &["a", "b"]).unwrap();
        assert_eq!(e.variables(), ["b", "a"]);
        let check = |a, b| e.evaluate_condition(&[("a", a), ("b", b)]).unwrap();
        assert_eq!(check(dec!(36), dec!(1.036)), Some(false));
        assert_eq!(check(dec!(36), dec!(40)), Some(true));
        assert_eq!(check(dec!(36), dec!(0)), None);
        let not_a_condition = compile("\"a + 1\"", &["a"]).unwrap();
        assert!(matches!(
            not_a_condition.evaluate_condition(&[("a", dec!(1))]),
            Err(ExprError {
                failure: ExprFailure::NotACondition(_),
                ..
            })
        ));
    }

    #[test]
    fn runtime_errors_are_reported() {
        let e = eval("\"x / 0\"", &[("x", dec!(1))]);
        assert!(e.is_err());
        let e = eval("\"x + \\\"a\\\"\"", &[("x", dec!(1))]);
        assert!(e.is_err());
    }
}
