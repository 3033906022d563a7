//! A direct evaluator for the expressions criteria are written in: arithmetic,
//! comparisons, `&&`/`||`/`!`, `if`, and the registered functions. It is built
//! from the tree rhai compiled, so precedence and constant folding are rhai's,
//! and it computes exactly what rhai's built-in operators and our registered
//! functions compute, with the same checked arithmetic.
//!
//! It only ever answers with a number or `na()`: an error, a non-numeric
//! result or any construct it does not know hands the evaluation back to
//! rhai, which stays the single source of error messages and positions.

use rhai::{Expr, FnCallExpr, INT, Stmt, StmtBlock, Token};
use rust_decimal::Decimal;

use super::{Outcome, with_subordinates};
use crate::num;

/// Larger trees stay with rhai, whose operation budget then applies.
const MAX_NODES: usize = 256;

#[derive(Debug)]
pub(super) enum Node {
    Int(INT),
    Dec(Decimal),
    Bool(bool),
    /// A declared input: its position among the compile-time variables, and its name.
    Var(usize, Box<str>),
    Neg(Box<Node>),
    Not(Box<Node>),
    Binary(Op, Box<(Node, Node)>),
    And(Box<[Node]>),
    Or(Box<[Node]>),
    /// Condition, then, else (absent: `()` when the condition is false).
    If(Box<(Node, Node, Option<Node>)>),
    Call(Func, Box<[Node]>),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug)]
pub(super) enum Func {
    Na,
    Min,
    Max,
    Abs,
    Floor,
    Ceiling,
    Round,
    SubCount,
    /// `sub_rated("label")`, its label already NFC.
    SubRated(Box<str>),
    SubAvgIndex,
    /// `sub_avg("fact")`: the subordinates' mean figure of a dataset fact.
    SubAvg(Box<str>),
}

#[derive(Debug, Clone, Copy)]
enum Value {
    Int(INT),
    Dec(Decimal),
    Bool(bool),
    Na,
}

/// The direct form of a compiled expression, or `None` when it uses anything
/// outside the subset.
pub(super) fn plan(ast: &rhai::AST, variables: &[&str]) -> Option<Node> {
    let mut budget = MAX_NODES;
    match ast.statements() {
        [stmt] => statement(stmt, variables, &mut budget),
        _ => None,
    }
}

fn statement(stmt: &Stmt, vars: &[&str], budget: &mut usize) -> Option<Node> {
    match stmt {
        Stmt::Expr(e) => expression(e, vars, budget),
        Stmt::If(flow, _) => {
            let cond = expression(&flow.expr, vars, budget)?;
            let then = block(&flow.body, vars, budget)?;
            let otherwise = match flow.branch.statements() {
                [] => None,
                _ => Some(block(&flow.branch, vars, budget)?),
            };
            Some(Node::If(Box::new((cond, then, otherwise))))
        }
        Stmt::Block(b) => block(b, vars, budget),
        Stmt::FnCall(call, _) => {
            *budget = budget.checked_sub(1)?;
            function_call(call, vars, budget)
        }
        _ => None,
    }
}

fn block(b: &StmtBlock, vars: &[&str], budget: &mut usize) -> Option<Node> {
    match b.statements() {
        [stmt] => statement(stmt, vars, budget),
        _ => None,
    }
}

fn expression(e: &Expr, vars: &[&str], budget: &mut usize) -> Option<Node> {
    *budget = budget.checked_sub(1)?;
    Some(match e {
        Expr::IntegerConstant(i, _) => Node::Int(*i),
        Expr::BoolConstant(b, _) => Node::Bool(*b),
        Expr::DynamicConstant(d, _) => {
            if let Ok(d) = d.as_decimal() {
                Node::Dec(d)
            } else if let Ok(i) = d.as_int() {
                Node::Int(i)
            } else if let Ok(b) = d.as_bool() {
                Node::Bool(b)
            } else {
                return None;
            }
        }
        Expr::Variable(v, _, _) => {
            let name = v.1.as_str();
            let slot = vars.iter().position(|n| *n == name)?;
            Node::Var(slot, name.into())
        }
        Expr::Stmt(b) => block(b, vars, budget)?,
        Expr::And(list, _) => Node::And(operands(list, vars, budget)?),
        Expr::Or(list, _) => Node::Or(operands(list, vars, budget)?),
        Expr::FnCall(call, _) => function_call(call, vars, budget)?,
        _ => return None,
    })
}

fn function_call(call: &FnCallExpr, vars: &[&str], budget: &mut usize) -> Option<Node> {
    // The one function taking text: its label is read here, once.
    if let (None, name @ ("sub_rated" | "sub_avg"), [Expr::StringConstant(label, _)]) =
        (&call.op_token, call.name.as_str(), &call.args[..])
    {
        let label: Box<str> = crate::source::nfc(label).into();
        let func = if name == "sub_rated" {
            Func::SubRated(label)
        } else {
            Func::SubAvg(label)
        };
        return Some(Node::Call(func, Box::default()));
    }
    let args = operands(&call.args, vars, budget)?;
    Some(match (&call.op_token, args.len()) {
        (Some(token), 1) => {
            let [arg]: [Node; 1] = args.into_vec().try_into().ok()?;
            match token {
                Token::Minus | Token::UnaryMinus => Node::Neg(Box::new(arg)),
                Token::Bang => Node::Not(Box::new(arg)),
                _ => return None,
            }
        }
        (Some(token), 2) => {
            let op = match token {
                Token::Plus => Op::Add,
                Token::Minus => Op::Sub,
                Token::Multiply => Op::Mul,
                Token::Divide => Op::Div,
                Token::EqualsTo => Op::Eq,
                Token::NotEqualsTo => Op::Ne,
                Token::GreaterThan => Op::Gt,
                Token::GreaterThanEqualsTo => Op::Ge,
                Token::LessThan => Op::Lt,
                Token::LessThanEqualsTo => Op::Le,
                _ => return None,
            };
            let [a, b]: [Node; 2] = args.into_vec().try_into().ok()?;
            Node::Binary(op, Box::new((a, b)))
        }
        (Some(_), _) => return None,
        (None, n) => {
            let func = match (call.name.as_str(), n) {
                ("na", 0) => Func::Na,
                ("min", 2) => Func::Min,
                ("max", 2) => Func::Max,
                ("abs", 1) => Func::Abs,
                ("floor", 1) => Func::Floor,
                ("ceiling", 1) => Func::Ceiling,
                ("round", 1 | 2) => Func::Round,
                ("sub_count", 0) => Func::SubCount,
                ("sub_avg_index", 0) => Func::SubAvgIndex,
                _ => return None,
            };
            Node::Call(func, args)
        }
    })
}

fn operands(list: &[Expr], vars: &[&str], budget: &mut usize) -> Option<Box<[Node]>> {
    list.iter().map(|e| expression(e, vars, budget)).collect()
}

impl Node {
    /// The outcome rhai would give, or `None` to let rhai evaluate (and
    /// report) it.
    pub(super) fn evaluate(&self, vars: &[(&str, Decimal)]) -> Option<Outcome> {
        match self.value(vars)? {
            Value::Dec(d) => Some(Outcome::Number(d)),
            Value::Int(i) => Some(Outcome::Number(Decimal::from(i))),
            Value::Na => Some(Outcome::NotApplicable),
            Value::Bool(_) => None,
        }
    }

    /// The truth rhai would give a condition (`None` inside: `na()`), or
    /// `None` to let rhai evaluate (and report) it.
    pub(super) fn condition(&self, vars: &[(&str, Decimal)]) -> Option<Option<bool>> {
        match self.value(vars)? {
            Value::Bool(b) => Some(Some(b)),
            Value::Na => Some(None),
            Value::Dec(_) | Value::Int(_) => None,
        }
    }

    fn value(&self, vars: &[(&str, Decimal)]) -> Option<Value> {
        Some(match self {
            Node::Int(i) => Value::Int(*i),
            Node::Dec(d) => Value::Dec(*d),
            Node::Bool(b) => Value::Bool(*b),
            Node::Var(slot, name) => {
                let found = match vars.get(*slot) {
                    Some((n, v)) if *n == &**name => Some(*v),
                    _ => vars.iter().find(|(n, _)| *n == &**name).map(|v| v.1),
                };
                Value::Dec(found?)
            }
            Node::Neg(a) => match a.value(vars)? {
                Value::Int(i) => Value::Int(i.checked_neg()?),
                Value::Dec(d) => Value::Dec(-d),
                _ => return None,
            },
            Node::Not(a) => match a.value(vars)? {
                Value::Bool(b) => Value::Bool(!b),
                _ => return None,
            },
            Node::Binary(op, ab) => binary(*op, ab.0.value(vars)?, ab.1.value(vars)?)?,
            Node::And(list) => {
                for n in list {
                    if !n.value(vars)?.as_bool()? {
                        return Some(Value::Bool(false));
                    }
                }
                Value::Bool(true)
            }
            Node::Or(list) => {
                for n in list {
                    if n.value(vars)?.as_bool()? {
                        return Some(Value::Bool(true));
                    }
                }
                Value::Bool(false)
            }
            Node::If(parts) => {
                let (cond, then, otherwise) = &**parts;
                if cond.value(vars)?.as_bool()? {
                    then.value(vars)?
                } else {
                    otherwise.as_ref()?.value(vars)?
                }
            }
            Node::Call(func, args) => call(func, args, vars)?,
        })
    }
}

impl Value {
    fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// rhai's built-in operators: integers stay integers (truncating division),
/// a decimal on either side makes both decimals.
fn binary(op: Op, a: Value, b: Value) -> Option<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(match op {
            Op::Add => Value::Int(x.checked_add(y)?),
            Op::Sub => Value::Int(x.checked_sub(y)?),
            Op::Mul => Value::Int(x.checked_mul(y)?),
            Op::Div if y == 0 => return None,
            Op::Div => Value::Int(x.checked_div(y)?),
            _ => Value::Bool(compare(op, x.cmp(&y))),
        }),
        (Value::Int(_) | Value::Dec(_), Value::Int(_) | Value::Dec(_)) => {
            let (x, y) = (a.decimal()?, b.decimal()?);
            Some(match op {
                Op::Add => Value::Dec(x.checked_add(y)?),
                Op::Sub => Value::Dec(x.checked_sub(y)?),
                Op::Mul => Value::Dec(x.checked_mul(y)?),
                Op::Div if y.is_zero() => return None,
                Op::Div => Value::Dec(x.checked_div(y)?),
                _ => Value::Bool(compare(op, x.cmp(&y))),
            })
        }
        _ => None,
    }
}

fn compare(op: Op, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => ord == Equal,
        Op::Ne => ord != Equal,
        Op::Gt => ord == Greater,
        Op::Ge => ord != Less,
        Op::Lt => ord == Less,
        Op::Le => ord != Greater,
        Op::Add | Op::Sub | Op::Mul | Op::Div => unreachable!("arithmetic is not a comparison"),
    }
}

impl Value {
    fn decimal(self) -> Option<Decimal> {
        match self {
            Value::Int(i) => Some(Decimal::from(i)),
            Value::Dec(d) => Some(d),
            _ => None,
        }
    }
}

/// The functions registered in `build_engine`, signature by signature.
fn call(func: &Func, args: &[Node], vars: &[(&str, Decimal)]) -> Option<Value> {
    let mut values = [Value::Na; 2];
    for (slot, arg) in values.iter_mut().zip(args) {
        *slot = arg.value(vars)?;
    }
    Some(match (func, args.len(), values) {
        (Func::Na, 0, _) => Value::Na,
        (Func::SubCount, 0, _) => Value::Int(with_subordinates(|s| s.count)),
        (Func::SubAvgIndex, 0, _) => Value::Dec(with_subordinates(|s| s.avg_index)),
        (Func::SubRated(label), 0, _) => Value::Int(with_subordinates(|s| {
            s.rated.get(&**label).copied().unwrap_or(0)
        })),
        (Func::SubAvg(fact), 0, _) => Value::Dec(with_subordinates(|s| {
            s.avg_facts.get(&**fact).copied().unwrap_or_default()
        })),
        (Func::Min | Func::Max, 2, [a, b]) => {
            let max = matches!(func, Func::Max);
            match (a, b) {
                (Value::Int(x), Value::Int(y)) => Value::Int(if max { x.max(y) } else { x.min(y) }),
                (Value::Int(_) | Value::Dec(_), Value::Int(_) | Value::Dec(_)) => {
                    let (x, y) = (a.decimal()?, b.decimal()?);
                    Value::Dec(if max { x.max(y) } else { x.min(y) })
                }
                _ => return None,
            }
        }
        (Func::Abs, 1, [Value::Int(x), _]) => Value::Int(x.checked_abs().unwrap_or(INT::MAX)),
        (Func::Abs, 1, [Value::Dec(x), _]) => Value::Dec(x.abs()),
        (Func::Floor | Func::Ceiling | Func::Round, 1, [Value::Int(x), _]) => Value::Int(x),
        (Func::Floor, 1, [Value::Dec(x), _]) => Value::Dec(x.floor()),
        (Func::Ceiling, 1, [Value::Dec(x), _]) => Value::Dec(x.ceil()),
        (Func::Round, 1, [Value::Dec(x), _]) => Value::Dec(num::round(x, 0)),
        (Func::Round, 2, [Value::Int(x), Value::Int(_)]) => Value::Int(x),
        (Func::Round, 2, [Value::Dec(x), Value::Int(dp)]) if (0..=20).contains(&dp) => {
            Value::Dec(num::round(x, dp as u32))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Expression, SubordinateSummary, with_summary};
    use super::*;
    use crate::source::SourceFile;
    use proptest::prelude::*;
    use rust_decimal::dec;

    fn compile(text: &str) -> Option<Expression> {
        let toml = format!("formula = '{text}'\n");
        let file = SourceFile::new("t.toml", &toml);
        Expression::compile(text, &["x", "y", "max"], &file, 10..toml.len() - 1).ok()
    }

    fn same(a: &Outcome, b: &Outcome) -> bool {
        match (a, b) {
            (Outcome::Number(a), Outcome::Number(b)) => a == b && a.scale() == b.scale(),
            (Outcome::NotApplicable, Outcome::NotApplicable) => true,
            _ => false,
        }
    }

    fn atom() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec!["x", "y", "max"]).prop_map(str::to_string),
            2 => (-3i64..200).prop_map(|i| i.to_string()),
            2 => prop::sample::select(vec!["0.5", "0.25", "1.0", "100", "0.001", "9223372036854775807"])
                .prop_map(str::to_string),
            1 => prop::sample::select(vec!["sub_count()", "sub_avg_index()", "sub_rated(\"Tốt\")"])
                .prop_map(str::to_string),
            // Values that are not numbers, now and then.
            1 => prop::sample::select(vec!["na()", "true", "\"a\"", "(-9223372036854775807 - 1)"])
                .prop_map(str::to_string),
        ]
    }

    /// Mostly well-typed numeric expressions, with some ill-typed ones mixed in.
    fn expression() -> impl Strategy<Value = String> {
        atom().prop_recursive(5, 48, 3, |num| {
            let arith = prop::sample::select(vec!["+", "-", "*", "/"]);
            let cmp = prop::sample::select(vec!["==", "!=", "<", "<=", ">", ">="]);
            let funcs =
                prop::sample::select(vec!["min", "max", "abs", "floor", "ceiling", "round"]);
            let simple_cond = (num.clone(), cmp, num.clone())
                .prop_map(|(a, op, b)| format!("{a} {op} {b}"));
            let cond = prop_oneof![
                3 => simple_cond.clone(),
                1 => (simple_cond.clone(), prop::sample::select(vec!["&&", "||"]), simple_cond.clone())
                    .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
                1 => simple_cond.prop_map(|a| format!("!({a})")),
                1 => num.clone(),
            ];
            prop_oneof![
                4 => (num.clone(), arith, num.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
                1 => num.clone().prop_map(|a| format!("-{a}")),
                2 => (funcs.clone(), num.clone()).prop_map(|(f, a)| format!("{f}({a})")),
                2 => (funcs, num.clone(), num.clone()).prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
                2 => (cond, num.clone(), num.clone())
                    .prop_map(|(c, a, b)| format!("if {c} {{ {a} }} else {{ {b} }}")),
            ]
        })
    }

    fn value() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            Just(Decimal::ZERO),
            Just(dec!(-1)),
            Just(dec!(0.333)),
            Just(Decimal::MAX),
            (-1000i64..1000, 0u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
        ]
    }

    /// Whenever the direct path answers, rhai gives the same outcome; and it
    /// does answer for most generated expressions (a direct path that never
    /// answered would pass the comparison vacuously).
    #[test]
    fn direct_evaluation_agrees_with_rhai() {
        use proptest::test_runner::{Config, TestRunner};
        let answered = std::cell::Cell::new(0u32);
        let mut runner = TestRunner::new(Config::with_cases(5000));
        let summary = SubordinateSummary {
            count: 3,
            rated: [("Tốt".to_string(), 2)].into(),
            avg_index: dec!(81.25),
            avg_facts: Default::default(),
        };
        runner
            .run(&(expression(), value(), value()), |(text, x, y)| {
                let Some(expr) = compile(&text) else {
                    return Ok(());
                };
                let Some(direct) = &expr.direct else {
                    return Ok(());
                };
                let vars = [("x", x), ("y", y), ("max", dec!(2.5))];
                with_summary(&summary, || {
                    if let Some(fast) = direct.evaluate(&vars) {
                        answered.set(answered.get() + 1);
                        match expr.evaluate_with_rhai(&vars) {
                            Ok(slow) => prop_assert!(same(&fast, &slow), "{text}"),
                            Err(e) => {
                                prop_assert!(false, "{text}: rhai failed with {:?}", e.failure)
                            }
                        }
                    }
                    Ok(())
                })
            })
            .unwrap();
        // About half the generated cases are well-typed numeric expressions
        // the direct path answers (the rest fail, or hand back to rhai).
        assert!(
            answered.get() >= 1000,
            "direct path answered {} of 5000",
            answered.get()
        );
    }

    #[test]
    fn criteria_shapes_are_direct() {
        let vars = [
            ("t", dec!(3)),
            ("d", dec!(4)),
            ("x", dec!(6)),
            ("y", dec!(2)),
            ("max", dec!(2)),
        ];
        let summary = SubordinateSummary {
            count: 4,
            rated: [("Tốt".to_string(), 3)].into(),
            avg_index: dec!(80),
            avg_facts: Default::default(),
        };
        // Each shape with the value worked out by hand for the variables above.
        for (text, expected) in [
            ("if d == 0 { na() } else { t * 100 / d }", dec!(75)),
            ("min(max, 0.25 * x)", dec!(1.5)),
            (
                "if x >= 2 && !(y < 1) || x == 0 { round(x / 4, 1) } else { -abs(y) }",
                dec!(1.5),
            ),
            ("sub_rated(\"Tốt\") * 100 / max(sub_count(), 1)", dec!(75)),
        ] {
            let toml = format!("formula = '{text}'\n");
            let file = SourceFile::new("t.toml", &toml);
            let e = Expression::compile(
                text,
                &["t", "d", "x", "y", "max"],
                &file,
                10..toml.len() - 1,
            )
            .unwrap();
            let direct = e
                .direct
                .as_ref()
                .unwrap_or_else(|| panic!("not direct: {text}"));
            match with_summary(&summary, || direct.evaluate(&vars)) {
                Some(Outcome::Number(n)) => assert_eq!(n, expected, "{text}"),
                _ => panic!("the direct path did not answer {text}"),
            }
        }
    }

    /// Every expression of the sample years' criteria is within the direct
    /// subset and answered by it, with the same value as rhai's.
    #[test]
    fn the_sample_criteria_are_evaluated_directly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let summary = SubordinateSummary {
            count: 4,
            rated: [("Tốt".to_string(), 3)].into(),
            avg_index: dec!(80),
            avg_facts: Default::default(),
        };
        let mut seen = 0;
        for year in [2023, 2024, 2025] {
            let ws = crate::load::load_workspace(root, year).unwrap();
            for criterion in ws.schemes.iter().flat_map(|s| &s.nodes) {
                let exprs: Vec<&Expression> = match &criterion.method {
                    Some(crate::model::Method::Formula { formula, value }) => {
                        value.iter().chain([formula]).map(|e| &**e).collect()
                    }
                    Some(crate::model::Method::Bands { value: Some(e), .. }) => vec![&**e],
                    _ => continue,
                };
                for expr in exprs {
                    seen += 1;
                    let direct = expr.direct.as_ref().unwrap_or_else(|| {
                        panic!("{year} {}: not direct: {}", criterion.code, expr.text)
                    });
                    // Every fact 7 of 10, so rates and differences are defined.
                    let mut vars: Vec<(&str, Decimal)> = criterion
                        .fact_inputs()
                        .enumerate()
                        .map(|(k, i)| (i.name.as_str(), Decimal::from(7 + 3 * k as i64)))
                        .collect();
                    vars.push(("max", criterion.max));
                    // A formula's `value` (a rate): a figure of the usual size.
                    vars.push(("value", dec!(58.1)));
                    with_summary(&summary, || {
                        let fast = direct.evaluate(&vars).unwrap_or_else(|| {
                            panic!(
                                "{year} {}: the direct path did not answer {}",
                                criterion.code, expr.text
                            )
                        });
                        let slow = expr
                            .evaluate_with_rhai(&vars)
                            .unwrap_or_else(|e| panic!("{:?}", e.failure));
                        assert!(
                            same(&fast, &slow),
                            "{year} {}: {}",
                            criterion.code,
                            expr.text
                        );
                    });
                }
            }
        }
        assert!(seen > 30, "only {seen} expressions in the sample criteria");
    }

    #[test]
    fn errors_and_other_values_go_back_to_rhai() {
        let vars = [("x", dec!(1)), ("y", Decimal::ZERO), ("max", dec!(2))];
        for text in [
            "x / y",
            "x > y",
            "if y > x { 1 } else { x > y }",
            "na() + 1",
            "-9223372036854775807 - 2",
        ] {
            let e = compile(text).unwrap();
            assert!(
                e.direct.as_ref().unwrap().evaluate(&vars).is_none(),
                "{text}"
            );
        }
    }
}
