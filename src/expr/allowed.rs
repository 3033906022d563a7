//! What a criteria expression may contain (docs/format.md, "Expressions"),
//! checked on the tree rhai compiled, before rhai's optimiser folds constants
//! away: an operator, statement, value or function outside the documented
//! language is refused when the appendix loads, at its position, rather than
//! failing (or silently computing something) for every unit.

use rhai::{Expr, FnCallExpr, Position, Stmt, StmtBlock, Token};

/// A function criteria may call.
pub struct Function {
    pub name: &'static str,
    /// The numbers of arguments it takes.
    pub arities: &'static [usize],
    /// How it is written, for messages.
    pub usage: &'static str,
}

/// The functions criteria may call, registered in `build_engine`.
pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "na",
        arities: &[0],
        usage: "na()",
    },
    Function {
        name: "min",
        arities: &[2],
        usage: "min(a, b)",
    },
    Function {
        name: "max",
        arities: &[2],
        usage: "max(a, b)",
    },
    Function {
        name: "abs",
        arities: &[1],
        usage: "abs(x)",
    },
    Function {
        name: "floor",
        arities: &[1],
        usage: "floor(x)",
    },
    Function {
        name: "ceiling",
        arities: &[1],
        usage: "ceiling(x)",
    },
    Function {
        name: "round",
        arities: &[1, 2],
        usage: "round(x), round(x, decimals)",
    },
    Function {
        name: "sub_count",
        arities: &[0],
        usage: "sub_count()",
    },
    Function {
        name: "sub_rated",
        arities: &[1],
        usage: "sub_rated(\"Tốt\")",
    },
    Function {
        name: "sub_avg_index",
        arities: &[0],
        usage: "sub_avg_index()",
    },
    Function {
        name: "sub_avg",
        arities: &[1],
        usage: "sub_avg(\"hai_long\")",
    },
];

/// The operators criteria may use, as listed in docs/format.md.
pub const OPERATORS: &str = "+ - * / == != < <= > >= && || ! ( ) if … else …";

pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Every function as it is written, for hints.
pub fn usages() -> String {
    FUNCTIONS
        .iter()
        .map(|f| f.usage)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a compiled expression is refused, and where (rhai's position inside it).
#[derive(Debug, PartialEq)]
pub(super) struct Refusal {
    pub pos: Position,
    pub what: Refused,
}

#[derive(Debug, PartialEq)]
pub(super) enum Refused {
    /// An operator, statement or value: the text written at the position names it.
    Construct,
    /// A text value, as written.
    Text(String),
    UnknownFunction(String),
    /// A known function with arguments it does not take.
    Arguments(String),
    IfWithoutElse,
}

/// The first construct of `statements` outside the documented language.
pub(super) fn check(statements: &[Stmt]) -> Result<(), Refusal> {
    statements.iter().try_for_each(statement)
}

fn refuse<T>(pos: Position, what: Refused) -> Result<T, Refusal> {
    Err(Refusal { pos, what })
}

fn statement(stmt: &Stmt) -> Result<(), Refusal> {
    match stmt {
        Stmt::Expr(e) => expression(e),
        Stmt::FnCall(call, pos) => function_call(call, *pos),
        Stmt::Block(b) => block(b),
        Stmt::If(flow, pos) => {
            expression(&flow.expr)?;
            block(&flow.body)?;
            if flow.branch.is_empty() {
                return refuse(*pos, Refused::IfWithoutElse);
            }
            block(&flow.branch)
        }
        other => refuse(other.position(), Refused::Construct),
    }
}

/// A block of `if`/`else`: one expression (an empty one has no value).
fn block(b: &StmtBlock) -> Result<(), Refusal> {
    match b.statements() {
        [stmt] => statement(stmt),
        [] => refuse(b.position(), Refused::Construct),
        [_, second, ..] => refuse(second.position(), Refused::Construct),
    }
}

fn expression(e: &Expr) -> Result<(), Refusal> {
    match e {
        Expr::IntegerConstant(..) | Expr::BoolConstant(..) | Expr::Variable(..) => Ok(()),
        Expr::DynamicConstant(d, pos) => {
            if d.is::<rust_decimal::Decimal>() || d.is::<rhai::INT>() || d.is::<bool>() {
                Ok(())
            } else {
                refuse(*pos, Refused::Construct)
            }
        }
        Expr::StringConstant(s, pos) => refuse(*pos, Refused::Text(quoted(s))),
        Expr::Unit(pos) => refuse(*pos, Refused::Text("()".into())),
        Expr::Stmt(b) => block(b),
        Expr::And(list, _) | Expr::Or(list, _) => list.iter().try_for_each(expression),
        Expr::FnCall(call, pos) => function_call(call, *pos),
        other => refuse(other.position(), Refused::Construct),
    }
}

fn function_call(call: &FnCallExpr, pos: Position) -> Result<(), Refusal> {
    if let Some(token) = &call.op_token {
        use Token::*;
        let allowed = match call.args.len() {
            1 => matches!(token, Minus | UnaryMinus | Bang),
            2 => matches!(
                token,
                Plus | Minus
                    | Multiply
                    | Divide
                    | EqualsTo
                    | NotEqualsTo
                    | LessThan
                    | LessThanEqualsTo
                    | GreaterThan
                    | GreaterThanEqualsTo
            ),
            _ => false,
        };
        if !allowed {
            return refuse(pos, Refused::Construct);
        }
        return call.args.iter().try_for_each(expression);
    }
    let name = call.name.as_str();
    let Some(f) = function(name) else {
        return refuse(pos, Refused::UnknownFunction(name.to_string()));
    };
    if call.capture_parent_scope || !f.arities.contains(&call.args.len()) {
        return refuse(pos, Refused::Arguments(name.to_string()));
    }
    match (name, &call.args[..]) {
        // The one function taking text: a rating label written in quotes.
        ("sub_rated" | "sub_avg", [Expr::StringConstant(..)]) => Ok(()),
        ("sub_rated" | "sub_avg", _) => refuse(pos, Refused::Arguments(name.to_string())),
        _ => call.args.iter().try_for_each(expression),
    }
}

/// A text value as written, shortened: a long one is quoted once, not in full.
fn quoted(s: &str) -> String {
    const SHOWN: usize = 40;
    if s.chars().count() > SHOWN {
        format!("\"{}…", s.chars().take(SHOWN).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

/// The first name (character index and text) of `text` with a letter outside
/// ASCII, outside strings and comments: rhai reads `hài_lòng` as `h` followed
/// by stray characters.
pub(super) fn non_ascii_name(text: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let name_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if matches!(c, '"' | '\'' | '`') {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if name_char(c) {
            let start = i;
            while i < chars.len() && name_char(chars[i]) {
                i += 1;
            }
            if !chars[start..i].iter().all(char::is_ascii) {
                return Some((start, chars[start..i].iter().collect()));
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The operator or word written from character `at` of `text`, to quote it.
pub(super) fn written_at(text: &str, at: usize) -> String {
    let rest: Vec<char> = text.chars().skip(at).collect();
    let Some(&first) = rest.first() else {
        return String::new();
    };
    let word = |c: &char| c.is_alphanumeric() || *c == '_';
    let symbol = |c: &char| "+-*/%<>=!&|^?.:~@#$".contains(*c);
    let taken: String = if word(&first) {
        rest.iter().take_while(|c| word(c)).collect()
    } else if symbol(&first) {
        rest.iter().take_while(|c| symbol(c)).take(3).collect()
    } else {
        first.to_string()
    };
    taken
}
