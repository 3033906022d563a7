//! Criteria expressions (`value` of bands, `formula`): rhai, compiled once at
//! load against the leaf's declared inputs, evaluated in exact decimals inside a
//! sandbox (no loops, no functions, no modules, bounded operations and depth).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use rhai::{Dynamic, Engine, EvalAltResult, INT, OptimizationLevel, Position, Scope};
use rust_decimal::Decimal;

use crate::num;
use crate::source::Location;
use crate::source::{SourceFile, Span};

mod allowed;
mod direct;

/// The value `na()` returns: the leaf is not applicable.
#[derive(Debug, Clone, Copy)]
pub struct NotApplicable;

/// What the subordinate functions (docs/format.md, Expressions) read for the unit being scored.
#[derive(Debug, Clone, Default)]
pub struct SubordinateSummary {
    pub count: i64,
    /// Final rating label → number of subordinates with it.
    pub rated: HashMap<String, i64>,
    /// Mean final index, already rounded to `index_decimals`.
    pub avg_index: Decimal,
    /// Dataset fact → the subordinates' mean figure (e.g. `hai_long`, their
    /// satisfaction index), rounded like the index.
    pub avg_facts: HashMap<String, Decimal>,
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
    // Compiled unoptimised, so that what is written is checked before constants
    // are folded (`1 << 100` would become 0); optimised after the check.
    e.set_optimization_level(OptimizationLevel::None)
        .set_strict_variables(true)
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
    e.register_fn("sub_avg", |fact: &str| {
        let fact = crate::source::nfc(fact);
        with_subordinates(|s| s.avg_facts.get(&fact).copied().unwrap_or_default())
    });
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

pub use allowed::{FUNCTIONS, Function, OPERATORS, function, usages};

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
    /// A function called with arguments it does not take: its name.
    Arguments(String),
    /// An operator, statement or value outside the language of criteria, as written.
    NotAllowed(String),
    /// `if` without `else`: no value when the condition is false.
    IfWithoutElse,
    /// A name with letters outside ASCII, and the same name in ASCII.
    NonAsciiName {
        name: String,
        ascii: String,
    },
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
        let ast = match ENGINE.compile_expression_with_scope(&scope, text) {
            Ok(ast) => ast,
            Err(e) => {
                // rhai reads `hài_lòng` as `h` and stray characters: name it whole.
                if let Some((at, name)) = allowed::non_ascii_name(text) {
                    let len = name.chars().count();
                    let ascii = crate::text::fold(&name).replace(' ', "_");
                    return Err(ExprError {
                        failure: ExprFailure::NonAsciiName { name, ascii },
                        location: expr.span_of(at, len),
                    });
                }
                return Err(ExprError {
                    failure: ExprFailure::Rhai(e.err_type().to_string()),
                    location: expr.locate(e.position()),
                });
            }
        };
        if let Err(refusal) = allowed::check(ast.statements()) {
            let at = expr.char_index(refusal.pos);
            let (failure, len) = match refusal.what {
                allowed::Refused::Construct => {
                    let written = at
                        .map(|at| allowed::written_at(text, at))
                        .unwrap_or_default();
                    let len = written.chars().count();
                    (ExprFailure::NotAllowed(written), len)
                }
                allowed::Refused::Text(t) => {
                    let len = t.chars().count().min(text.chars().count());
                    (ExprFailure::NotAllowed(t), len)
                }
                allowed::Refused::UnknownFunction(name) => {
                    let len = name.chars().count();
                    (ExprFailure::UnknownFunction(name), len)
                }
                allowed::Refused::Arguments(name) => {
                    let len = name.chars().count();
                    (ExprFailure::Arguments(name), len)
                }
                allowed::Refused::IfWithoutElse => (ExprFailure::IfWithoutElse, 2),
            };
            let location = match at {
                Some(at) => expr.span_of(at, len),
                None => expr.location.clone(),
            };
            return Err(ExprError { failure, location });
        }
        let ast = ENGINE.optimize_ast(&scope, ast, OptimizationLevel::Simple);
        expr.direct = direct::plan(&ast, variables);
        expr.ast = ast;
        Ok(expr)
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
        match self.char_index(pos) {
            Some(at) => self.span_of(at, 1),
            None => self.location.clone(),
        }
    }

    /// The character index in `text` of a rhai position.
    fn char_index(&self, pos: Position) -> Option<usize> {
        let (line, col) = (pos.line()?, pos.position()?);
        let mut char_index = 0;
        for (i, l) in self.text.split('\n').enumerate() {
            if i + 1 == line {
                return Some(char_index + col.saturating_sub(1).min(l.chars().count()));
            }
            char_index += l.chars().count() + 1;
        }
        None
    }

    /// The TOML file's span of `len` characters of `text` from character `at`.
    fn span_of(&self, at: usize, len: usize) -> Location {
        match self.offsets.get(at) {
            Some(&start) => {
                let end = self.offsets.get(at + len.max(1)).copied().unwrap_or(start);
                Location::new(&self.location.file, start..end.max(start))
            }
            None => self.location.clone(),
        }
    }
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
    }

    /// What `text` (a TOML literal string at column 11) is refused for, and the
    /// line, column and length of the span.
    fn refused(text: &str, vars: &[&str]) -> (ExprFailure, usize, usize) {
        let err = compile(&format!("'{text}'"), vars).unwrap_err();
        let lc = err.location.file.line_col(err.location.span.start);
        assert_eq!(lc.line, 1);
        let len = err.location.file.text[err.location.span.clone()]
            .chars()
            .count();
        (err.failure, lc.column, len)
    }

    #[test]
    fn unknown_functions_are_found_in_the_tree_not_the_text() {
        use ExprFailure::*;
        let foo = |s: &str| UnknownFunction(s.to_string());
        assert_eq!(refused("foo/**/(1)", &[]), (foo("foo"), 12, 3));
        assert_eq!(refused("type_of/**/(x)", &["x"]), (foo("type_of"), 12, 7));
        assert_eq!(
            refused("1 + is_def_var(\"x\")", &[]),
            (foo("is_def_var"), 16, 10)
        );
    }

    #[test]
    fn functions_are_checked_for_their_arguments() {
        use ExprFailure::*;
        let args = |s: &str| Arguments(s.to_string());
        assert_eq!(refused("min(1)", &[]), (args("min"), 12, 3));
        assert_eq!(
            refused("x + sub_count(1)", &["x"]),
            (args("sub_count"), 16, 9)
        );
        assert_eq!(refused("round(x, 1, 2)", &["x"]), (args("round"), 12, 5));
        assert_eq!(refused("sub_rated(x)", &["x"]), (args("sub_rated"), 12, 9));
        assert_eq!(refused("na!()", &[]), (args("na"), 12, 2));
        assert!(compile("'round(x, 2) + sub_rated(\"Tốt\") + na_or(1)'", &["x"]).is_err());
        assert!(compile("'round(x, 2) + sub_rated(\"Tốt\")'", &["x"]).is_ok());
    }

    #[test]
    fn operators_and_statements_outside_the_documentation_are_refused() {
        let not_allowed = |s: &str| ExprFailure::NotAllowed(s.to_string());
        // Folded to 0 by rhai's optimiser if it were not refused first.
        assert_eq!(refused("1 << 100", &[]), (not_allowed("<<"), 14, 2));
        for (text, op, column) in [
            ("x >> 1", ">>", 14),
            ("x & y", "&", 14),
            ("x | y", "|", 14),
            ("x ^ y", "^", 14),
            ("x ** 2", "**", 14),
            ("x % 2", "%", 14),
            ("x ?? y", "??", 14),
            ("switch x { 1 => 2, _ => 3 }", "switch", 12),
            ("x + \"a\"", "\"a\"", 16),
        ] {
            assert_eq!(
                refused(text, &["x", "y"]),
                (not_allowed(op), column, op.chars().count()),
                "{text}"
            );
        }
        assert_eq!(
            refused("if x > 1 { 1 }", &["x"]),
            (ExprFailure::IfWithoutElse, 12, 2)
        );
    }

    #[test]
    fn a_name_with_diacritics_is_reported_whole() {
        let (failure, column, len) = refused("max * hài_lòng / 100", &["hai_long"]);
        assert_eq!(
            failure,
            ExprFailure::NonAsciiName {
                name: "hài_lòng".into(),
                ascii: "hai_long".into()
            }
        );
        assert_eq!((column, len), (18, 8));
    }
}
