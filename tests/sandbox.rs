//! The formula sandbox: hostile or careless expressions in an appendix become a
//! diagnostic at the formula's position (E0209 when the appendix loads, E0502
//! when a unit is scored), within the engine's limits: never a hang, a crash or
//! unbounded memory.

use crate::common;

use chiso::diagnostic::{Code, Diagnostic};
use chiso::i18n::Lang;
use common::{ONE_BLOCK, Ws};

const PA: &str = "criteria/2024/pa.toml";
/// The line of `formula = ...` in the appendix below.
const FORMULA_LINE: usize = 10;

/// One formula leaf (input `x`, reported by unit A as `x`), scored for unit A.
fn formula(expr: &str, x: &str) -> Vec<Diagnostic> {
    let appendix = format!(
        "id = \"pa\"\ntitle = \"Hộp cát\"\ntotal = 10\n\n[c.\"1\"]\ntitle = \"Công thức\"\nmax = 10\n\
         method = \"formula\"\ninputs = {{ x = \"Số liệu\" }}\nformula = {}\n",
        toml_string(expr)
    );
    let ws = Ws::empty()
        .write("criteria/2024/regulation.toml", ONE_BLOCK)
        .write(PA, &appendix)
        .write(
            "scores/2024/units.toml",
            "[[unit]]\ncode = \"A\"\nname = \"Sở A\"\nblock = \"so\"\n",
        )
        .write(
            "scores/2024/self/A.toml",
            &format!("unit = \"A\"\n[c.\"1\"]\nfacts = {{ x = {x} }}\n"),
        );
    let diags = ws.diagnostics();
    assert!(
        std::fs::read_to_string(ws.path(PA))
            .unwrap()
            .lines()
            .nth(FORMULA_LINE - 1)
            .unwrap()
            .starts_with("formula = "),
    );
    diags
}

/// A TOML basic string (escapes quotes and backslashes).
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Asserts exactly one error, `code`, on the formula's line, rendered in both
/// languages with the quoted line; returns its English message.
fn refused(diags: &[Diagnostic], code: Code) -> String {
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    let all: Vec<String> = errors
        .iter()
        .map(|d| format!("{} {}", d.code.id(), d.message.text(Lang::En)))
        .collect();
    assert_eq!(errors.len(), 1, "{all:?}");
    let d = errors[0];
    assert_eq!(d.code, code, "{all:?}");
    let loc = d.location.as_ref().expect("positioned");
    assert_eq!(loc.file.name, PA);
    let lc = loc.file.line_col(loc.span.start);
    assert_eq!(lc.line, FORMULA_LINE, "{all:?}");
    assert!(lc.column >= 11, "inside the string: {}", lc.column);
    for lang in [Lang::Vi, Lang::En] {
        let text = d.render(lang);
        assert!(
            text.contains(&format!("--> {PA}:{FORMULA_LINE}:")),
            "{text}"
        );
        // The line is quoted; a long one from a little before the mark, cut.
        assert!(
            text.contains(&format!("{FORMULA_LINE} | formula = "))
                || text.contains(&format!("{FORMULA_LINE} | …")),
            "{text}"
        );
        assert!(text.len() < 1_000, "{} bytes", text.len());
    }
    d.message.text(Lang::En)
}

fn compile_error(expr: &str) -> String {
    refused(&formula(expr, "1"), Code::Expression)
}

fn runtime_error(expr: &str, x: &str) -> String {
    refused(&formula(expr, x), Code::Evaluation)
}

#[test]
fn a_plain_formula_is_accepted() {
    let diags = formula("min(max, x * 2)", "3");
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
}

#[test]
fn loops_are_refused_when_the_appendix_loads() {
    compile_error("loop { x }");
    compile_error("while x > 0 { x }");
    compile_error("do { x } while x > 0");
    compile_error("for i in 0..10 { i }");
}

#[test]
fn functions_closures_and_recursion_are_refused() {
    compile_error("fn f(a) { f(a) } f(x)");
    compile_error("|a| a");
    compile_error("Fn(\"f\").call(x)");
}

#[test]
fn statements_and_variables_are_refused() {
    compile_error("let y = x; y");
    compile_error("x = 1");
    compile_error("{ x; x }");
    compile_error("y + 1");
}

#[test]
fn eval_print_debug_import_are_refused() {
    compile_error("eval(\"x\")");
    compile_error("print(x)");
    compile_error("debug(x)");
    compile_error("import \"m\" as m");
}

#[test]
fn unknown_functions_and_property_access_are_diagnostics() {
    let diags = formula("x + foo(x)", "1");
    let m = refused(&diags, Code::Expression);
    assert!(m.contains("no function `foo`"), "{m}");
    let loc = diags
        .iter()
        .find(|d| d.is_error())
        .unwrap()
        .location
        .as_ref()
        .unwrap();
    assert_eq!(loc.file.line_col(loc.span.start).column, 16);
    assert_eq!(&loc.file.text[loc.span.clone()], "foo");
    let m = compile_error("if x > 0 { sqrt (x) } else { \"f(\" }");
    assert!(m.contains("`sqrt`"), "{m}");
    compile_error("type_of(x)");
    compile_error("x.abs()");
    compile_error("x.len");
    compile_error("x[0]");
    compile_error("[1, 2, 3]");
    compile_error("#{ a: 1 }");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for depth in [100, 10_000, 200_000] {
        let expr = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
        compile_error(&expr);
    }
    let ifs = format!(
        "{}x{}",
        "if x > 0 { ".repeat(5_000),
        " } else { 0 }".repeat(5_000)
    );
    compile_error(&ifs);
    let unary = format!("{}x", "-".repeat(100_000));
    compile_error(&unary);
}

#[test]
fn huge_strings_are_bounded() {
    // A literal beyond the string limit.
    compile_error(&format!("\"{}\"", "a".repeat(5_000)));
    // Text is no value of a formula (only `sub_rated("…")` takes one): refused
    // when the appendix loads, and quoted shortened, not in full.
    let half = "a".repeat(900);
    let m = compile_error(&format!("\"{half}\" + \"{half}\""));
    assert!(
        m.contains(&format!("`\"{}…` is not allowed", "a".repeat(40))),
        "{m}"
    );
    assert!(m.len() < 200, "{m}");
    let m = compile_error("\"a\" + x");
    assert!(m.contains("`\"a\"` is not allowed"), "{m}");
    compile_error("\"a\" * 1000000000");
}

#[test]
fn long_expressions_stop_at_the_complexity_or_operation_budget() {
    // A long chain is too deep to compile.
    compile_error(&vec!["x"; 150_000].join("+"));
    // A balanced sum of 2^17 terms compiles, then stops at the operation budget.
    let mut sum = "x".to_string();
    for _ in 0..17 {
        sum = format!("({sum}+{sum})");
    }
    let m = runtime_error(&sum, "1");
    assert!(m.contains("operations"), "{m}");
}

#[test]
fn integer_and_decimal_overflow_are_diagnostics() {
    runtime_error("9223372036854775807 + 1", "1");
    runtime_error("-9223372036854775807 - 2", "1");
    runtime_error("79228162514264337593543950335 * 10", "1");
    runtime_error("x * x * x * x * x", "1000000000000");
    runtime_error("abs(-9223372036854775807 - 1) * 2", "1");
}

#[test]
fn division_by_zero_is_a_diagnostic() {
    runtime_error("x / 0", "1");
    runtime_error("x / (x - x)", "5");
    // `%` is no operator of criteria (docs/format.md): refused before any division.
    compile_error("x % 0");
    runtime_error("10 / 0", "1");
}

#[test]
fn unusual_function_arguments_are_diagnostics() {
    runtime_error("round(x, 100)", "1.5");
    runtime_error("round(x, -1)", "1.5");
    let m = compile_error_or_runtime("sub_rated(x)");
    assert!(!m.is_empty());
}

/// Either diagnostic is acceptable where rhai only knows at run time.
fn compile_error_or_runtime(expr: &str) -> String {
    let diags = formula(expr, "1");
    match diags.iter().find(|d| d.is_error()).map(|d| d.code) {
        Some(Code::Expression) => refused(&diags, Code::Expression),
        _ => refused(&diags, Code::Evaluation),
    }
}

#[test]
fn na_and_results_that_are_not_numbers() {
    let diags = formula("if x > 0 { na() } else { x }", "1");
    assert!(
        diags
            .iter()
            .all(|d| d.code != Code::Expression && d.code != Code::Evaluation),
        "{diags:?}"
    );
    runtime_error("x > 0", "1");
    let m = compile_error("()");
    assert!(m.contains("`()` is not allowed"), "{m}");
}
