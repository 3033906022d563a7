#!/usr/bin/env python3
"""Reference PAR-index scorer in plain Python: a speed baseline for chiso.

chiso's speed goal is "at least 20 times faster than a straightforward Python
implementation of the same rules" (README, Performance). This file is that
implementation: what a competent developer would write in an afternoon, single-process,
standard library only (Python 3.11), with no optimisation tricks. Use it to measure the
baseline, e.g.

    python3 benches/reference/score.py --root target/synth 2024 -o target/py.json

Sharing no code with chiso, it is also a second opinion on chiso's numbers:
`--compare <chiso's score JSON>` compares every unit's sides, rank and areas exactly and
exits with status 1 when any differs.

It reads a workspace the way `chiso score <year>` does (criteria/<year>/regulation.toml
and the appendices, scores/<year>/units.toml, self/*.toml, appraisal/*.toml,
data/*.csv) and writes the results as the JSON of SPEC §9 (without diagnostics).

It implements the computation of SPEC §7 for the features the synthetic workspace
uses (methods manual, yes_no, choice, bands, formula; overlays; N/A; appraisal rounds
with accept and changed answers/facts; official datasets; capped bonus/deduction areas;
liên đới functions) and is not a full implementation of SPEC: there are no diagnostics
except a few on stderr, `evidence_policy = "zero"` is not implemented, and validation is
limited to the checks that change a score (an invalid answer counts as unanswered).

Numbers are exact decimals (decimal.Decimal, 28 significant digits, as chiso's 96-bit
decimals). Expressions (rhai) are translated once per criterion into a Python lambda.
As in rhai with every input pushed as a decimal: inputs and `max` are decimals, integer
literals are integers, and only integer / integer truncates (e.g. `1 / 3` is 0).
"""

import argparse
import csv
import json
import sys
import tomllib
import unicodedata
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

HAND_METHODS = ("manual", "yes_no", "choice")
COMPUTED_METHODS = ("bands", "formula")
ANSWER_KEYS = ("points", "yes", "choice", "facts", "na")


def warn(msg):
    print(f"warning: {msg}", file=sys.stderr)


def nfc(text):
    return unicodedata.normalize("NFC", text)


def round_half_away(value, decimals):
    """Round half away from zero (SPEC §7: 2.345 -> 2.35), as Python's ROUND_HALF_UP."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def to_decimal(value):
    """A TOML/CSV number as a Decimal (TOML floats are parsed as Decimal already)."""
    if isinstance(value, bool):
        raise ValueError("a yes/no is not a number")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    raise ValueError(f"not a number: {value!r}")


def read_toml(path):
    # utf-8-sig accepts a BOM; floats become exact decimals.
    return tomllib.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)


def code_key(code):
    """Natural order of criterion codes: 1.10 after 1.9."""
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


# ---------------------------------------------------------------------------
# Expressions: a tiny rhai-subset to Python translator
# ---------------------------------------------------------------------------


class NotApplicable(Exception):
    """Raised by na(): the leaf is not applicable."""


class ExpressionError(Exception):
    pass


def _na():
    raise NotApplicable()


def _div(a, b):
    # rhai: integer / integer truncates toward zero; anything with a decimal is exact.
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise ZeroDivisionError("division by zero")
        q = abs(a) // abs(b)
        return q if (a >= 0) == (b >= 0) else -q
    return Decimal(a) / Decimal(b)


def _mod(a, b):
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise ZeroDivisionError("division by zero")
        return a - b * _div(a, b)
    return Decimal(a) % Decimal(b)


def _min(a, b):
    return a if a <= b else b


def _max(a, b):
    return a if a >= b else b


def _floor(x):
    return x if isinstance(x, int) else x.to_integral_value(rounding=ROUND_FLOOR)


def _ceiling(x):
    return x if isinstance(x, int) else x.to_integral_value(rounding=ROUND_CEILING)


def _round(x, decimals=0):
    return x if isinstance(x, int) else round_half_away(x, decimals)


EXPR_GLOBALS = {
    "__builtins__": {},
    "_na": _na,
    "_div": _div,
    "_mod": _mod,
    "_min": _min,
    "_max": _max,
    "_abs": abs,
    "_floor": _floor,
    "_ceiling": _ceiling,
    "_round": _round,
}

# rhai function name -> (python name, number of arguments allowed)
FUNCTIONS = {
    "na": ("_na", (0,)),
    "min": ("_min", (2,)),
    "max": ("_max", (2,)),
    "abs": ("_abs", (1,)),
    "floor": ("_floor", (1,)),
    "ceiling": ("_ceiling", (1,)),
    "round": ("_round", (1, 2)),
    "sub_count": ("ctx.sub_count", (0,)),
    "sub_rated": ("ctx.sub_rated", (1,)),
    "sub_avg_index": ("ctx.sub_avg_index", (0,)),
    "sub_avg": ("ctx.sub_avg", (1,)),
}

OPERATORS = ("==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%",
             "!", "(", ")", "{", "}", ",")


def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit():
            j = i
            while j < len(src) and (src[j].isdigit() or src[j] == "_"):
                j += 1
            if j + 1 < len(src) and src[j] == "." and src[j + 1].isdigit():
                j += 1
                while j < len(src) and (src[j].isdigit() or src[j] == "_"):
                    j += 1
                tokens.append(("dec", src[i:j].replace("_", "")))
            else:
                tokens.append(("int", src[i:j].replace("_", "")))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < len(src) and (src[j].isalnum() or src[j] == "_"):
                j += 1
            tokens.append(("name", src[i:j]))
            i = j
        elif ch == '"':
            j = src.index('"', i + 1)
            tokens.append(("str", src[i + 1:j]))
            i = j + 1
        else:
            for op in OPERATORS:
                if src.startswith(op, i):
                    tokens.append(("op", op))
                    i += len(op)
                    break
            else:
                raise ExpressionError(f"unexpected character {ch!r}")
    tokens.append(("end", ""))
    return tokens


class Translator:
    """Recursive-descent parser that emits an equivalent Python expression."""

    def __init__(self, src, variables):
        self.tokens = tokenize(src)
        self.pos = 0
        self.variables = variables
        self.constants = {}

    def peek(self):
        return self.tokens[self.pos]

    def take(self, kind=None, text=None):
        tok = self.tokens[self.pos]
        if (kind and tok[0] != kind) or (text is not None and tok[1] != text):
            raise ExpressionError(f"expected {text or kind}, found {tok[1]!r}")
        self.pos += 1
        return tok

    def at(self, text):
        tok = self.peek()
        return tok[0] in ("op", "name") and tok[1] == text

    def translate(self):
        out = self.expr()
        self.take("end")
        return out

    def expr(self):
        if self.at("if"):
            return self.if_expr()
        return self.or_expr()

    def if_expr(self):
        self.take("name", "if")
        cond = self.expr()
        then = self.block()
        if not self.at("else"):
            raise ExpressionError("if without else")
        self.take("name", "else")
        other = self.if_expr() if self.at("if") else self.block()
        return f"(({then}) if ({cond}) else ({other}))"

    def block(self):
        self.take("op", "{")
        inner = self.expr()
        self.take("op", "}")
        return inner

    def or_expr(self):
        out = self.and_expr()
        while self.at("||"):
            self.take()
            out = f"({out} or {self.and_expr()})"
        return out

    def and_expr(self):
        out = self.comparison()
        while self.at("&&"):
            self.take()
            out = f"({out} and {self.comparison()})"
        return out

    def comparison(self):
        out = self.additive()
        if self.peek()[1] in ("==", "!=", "<", "<=", ">", ">=") and self.peek()[0] == "op":
            op = self.take()[1]
            out = f"({out} {op} {self.additive()})"
        return out

    def additive(self):
        out = self.multiplicative()
        while self.at("+") or self.at("-"):
            op = self.take()[1]
            out = f"({out} {op} {self.multiplicative()})"
        return out

    def multiplicative(self):
        out = self.unary()
        while self.at("*") or self.at("/") or self.at("%"):
            op = self.take()[1]
            right = self.unary()
            if op == "*":
                out = f"({out} * {right})"
            elif op == "/":
                out = f"_div({out}, {right})"
            else:
                out = f"_mod({out}, {right})"
        return out

    def unary(self):
        if self.at("-"):
            self.take()
            return f"(-{self.unary()})"
        if self.at("!"):
            self.take()
            return f"(not {self.unary()})"
        return self.primary()

    def primary(self):
        kind, text = self.peek()
        if kind == "int":
            self.take()
            return text
        if kind == "dec":
            self.take()
            name = f"_k{len(self.constants)}"
            self.constants[name] = Decimal(text)
            return name
        if kind == "str":
            self.take()
            return repr(nfc(text))
        if self.at("("):
            self.take()
            inner = self.expr()
            self.take("op", ")")
            return f"({inner})"
        if self.at("if"):
            return self.if_expr()
        if kind == "name":
            self.take()
            if text in ("true", "false"):
                return "True" if text == "true" else "False"
            if self.at("("):
                return self.call(text)
            if text not in self.variables:
                raise ExpressionError(f"unknown variable {text!r}")
            return f"env[{text!r}]"
        raise ExpressionError(f"unexpected {text!r}")

    def call(self, name):
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name!r}")
        self.take("op", "(")
        args = []
        while not self.at(")"):
            args.append(self.expr())
            if not self.at(")"):
                self.take("op", ",")
        self.take("op", ")")
        target, arities = FUNCTIONS[name]
        if len(args) not in arities:
            raise ExpressionError(f"{name}() takes {arities} arguments")
        return f"{target}({', '.join(args)})"


def compile_expression(src, variables):
    """Translate a rhai expression into a Python function f(env, ctx)."""
    translator = Translator(src, variables)
    body = translator.translate()
    namespace = dict(EXPR_GLOBALS)
    namespace.update(translator.constants)
    return eval(f"lambda env, ctx: {body}", namespace)


# ---------------------------------------------------------------------------
# Criteria
# ---------------------------------------------------------------------------


class Node:
    def __init__(self, code, raw, source):
        self.code = code
        self.title = raw.get("title", "")
        self.max = to_decimal(raw.get("max", 0))
        self.kind = raw.get("kind")  # set on top-level nodes; inherited after merging
        self.method = raw.get("method")
        self.na_allowed = bool(raw.get("na_allowed", False))
        self.own_step = to_decimal(raw["step"]) if "step" in raw else None
        self.step = None  # resolved after merging
        self.children = []
        self.options = {}
        self.bands = []
        self.inputs = []  # names of the facts the leaf reads (not `subordinates` ones)
        self.expr = None
        self.value_expr = None  # a formula's `value`, read by the formula as `value`
        method = self.method
        for name, spec in raw.get("inputs", {}).items():
            origin = spec.get("source", "self") if isinstance(spec, dict) else "self"
            if origin != "subordinates":
                self.inputs.append(name)
        if method == "choice":
            for option in raw.get("options", []):
                self.options[nfc(option["label"])] = to_decimal(option["points"])
        elif method == "bands":
            for band in raw.get("bands", []):
                self.bands.append(
                    {key: to_decimal(band[key]) for key in ("gt", "gte", "lt", "lte", "points") if key in band}
                )
            src = raw.get("value")
            if src is None and len(self.inputs) != 1:
                raise ValueError(f"{source}: {code}: bands without `value` need exactly one input")
            if src is not None:
                self.expr = self._compile(src, source)
        elif method == "formula":
            if "value" in raw:
                self.value_expr = self._compile(raw["value"], source)
                self.expr = self._compile(raw["formula"], source, {"value"})
            else:
                self.expr = self._compile(raw["formula"], source)

    def _compile(self, src, source, extra=()):
        try:
            return compile_expression(src, set(self.inputs) | {"max"} | set(extra))
        except (ExpressionError, ValueError) as e:
            raise ValueError(f"{source}: {self.code}: expression {src!r}: {e}") from None

    @property
    def is_leaf(self):
        return not self.children


class Scheme:
    """The merged criteria tree of an appendix (plus overlays) that a unit uses."""

    def __init__(self, ids, nodes, reg_step):
        self.ids = ids
        self.nodes = nodes
        codes = sorted(nodes, key=code_key)
        for code in codes:
            nodes[code].children = []
        self.top = []
        for code in codes:
            node = nodes[code]
            if "." in code:
                parent = nodes.get(code.rsplit(".", 1)[0])
                if parent is None:
                    raise ValueError(f"{code}: parent missing")
                parent.children.append(node)
            else:
                self.top.append(node)
        for node in self.top:
            kind = node.kind or "ordinary"
            self._resolve(node, kind, reg_step)
        self.leaves = [nodes[c] for c in codes if nodes[c].is_leaf]
        self.max = sum((n.max for n in self.top if n.kind == "ordinary"), Decimal(0))

    def _resolve(self, node, kind, step):
        node.kind = kind
        node.step = node.own_step if node.own_step is not None else step
        if node.is_leaf and node.method is None:
            node.method = "manual"
        for child in node.children:
            self._resolve(child, kind, node.step)


class Regulation:
    def __init__(self, root, year):
        folder = root / "criteria" / str(year)
        raw = read_toml(folder / "regulation.toml")
        self.id = raw["id"]
        self.step = to_decimal(raw.get("step", Decimal("0.25")))
        self.points_decimals = int(raw.get("points_decimals", 2))
        self.index_decimals = int(raw.get("index_decimals", 2))
        if raw.get("evidence_policy", "warn") != "warn":
            warn("evidence_policy other than \"warn\" is not implemented here")
        self.blocks = [(b["id"], b["appendix"]) for b in raw["block"]]
        # Who publishes and where units are ranked: by block, or within the parent.
        self.published = {b["id"]: b.get("published", True) for b in raw["block"]}
        self.within_parent = {b["id"]: b.get("ranked_within", "block") == "parent" for b in raw["block"]}
        self.ratings = [(nfc(r["label"]), to_decimal(r["min"])) for r in raw["rating"]]
        # Appendices: every other TOML file of the folder.
        self.appendices = {}
        for path in sorted(folder.glob("*.toml")):
            if path.name == "regulation.toml":
                continue
            data = read_toml(path)
            nodes = {}
            for code, node_raw in data.get("c", {}).items():
                if node_raw.get("removed"):
                    nodes[code] = None
                else:
                    nodes[code] = Node(code, node_raw, path.name)
            self.appendices[data["id"]] = {
                "extends": data.get("extends"),
                "total": data.get("total"),
                "nodes": nodes,
            }
        self.schemes = {}

    def scheme(self, appendix_id, extra):
        """The merged tree of an appendix and its overlays, built once per combination."""
        key = (appendix_id, tuple(extra))
        if key not in self.schemes:
            nodes = {c: n for c, n in self.appendices[appendix_id]["nodes"].items() if n is not None}
            for overlay_id in extra:
                for code, node in self.appendices[overlay_id]["nodes"].items():
                    if node is None:  # removed = true: the node and its subtree
                        for other in list(nodes):
                            if other == code or other.startswith(code + "."):
                                del nodes[other]
                    else:  # a new node, or a replacement (keys are not merged)
                        nodes[code] = node
            # Copy the nodes: kind, step and children depend on the merged tree.
            copies = {}
            for code, node in nodes.items():
                copy = Node.__new__(Node)
                copy.__dict__.update(node.__dict__)
                copies[code] = copy
            self.schemes[key] = Scheme([appendix_id] + list(extra), copies, self.step)
        return self.schemes[key]

    def rating_of(self, index):
        if index is None:
            return None
        for label, minimum in self.ratings:
            if minimum <= index:
                return label
        return None


# ---------------------------------------------------------------------------
# Answers, appraisals and datasets
# ---------------------------------------------------------------------------


def parse_answer(leaf, entry, allow_accept=False):
    """An answer (kind, value) of a self-assessment entry or an adjustment, or None when
    there is none or it is invalid (an invalid answer counts as unanswered)."""
    if allow_accept and entry.get("accept") is True:
        return ("accept", None)
    keys = [k for k in ANSWER_KEYS if k in entry and not (k == "na" and entry[k] is False)]
    if len(keys) != 1:
        return None
    key = keys[0]
    value = entry[key]
    try:
        if key == "na":
            if value is True and leaf.na_allowed and leaf.method in HAND_METHODS:
                return ("na", None)
        elif key == "points" and leaf.method == "manual":
            points = to_decimal(value)
            if 0 <= points <= leaf.max and (leaf.step == 0 or points % leaf.step == 0):
                return ("points", points)
        elif key == "yes" and leaf.method == "yes_no" and isinstance(value, bool):
            return ("points", leaf.max if value else Decimal(0))
        elif key == "choice" and leaf.method == "choice" and isinstance(value, str):
            label = nfc(value)
            if label in leaf.options:
                return ("points", leaf.options[label])
        elif key == "facts" and leaf.method in COMPUTED_METHODS and isinstance(value, dict):
            facts = {}
            for name, fact in value.items():
                if name not in leaf.inputs:
                    return None
                facts[name] = to_decimal(fact)
            return ("facts", facts)
    except ValueError:
        return None
    return None


def load_self(path, scheme):
    """{leaf code: answer} of a self-assessment file (missing file: no answers)."""
    if not path.exists():
        return {}
    raw = read_toml(path)
    answers = {}
    for code, entry in raw.get("c", {}).items():
        leaf = scheme.nodes.get(code)
        if leaf is None or not leaf.is_leaf or not isinstance(entry, dict):
            continue
        answer = parse_answer(leaf, entry)
        if answer is not None:
            answers[code] = answer
    return answers


def load_appraisal(path, scheme):
    """{leaf code: the deciding adjustment's answer}: the highest round wins."""
    if not path.exists():
        return {}
    raw = read_toml(path)
    best = {}  # code -> (round, answer)
    for adjust in raw.get("adjust", []):
        code = adjust.get("code")
        leaf = scheme.nodes.get(code)
        round_no = adjust.get("round")
        if leaf is None or not leaf.is_leaf or not isinstance(round_no, int):
            continue
        if not str(adjust.get("reason", "")).strip():
            continue  # an adjustment without a reason is an error: ignored
        answer = parse_answer(leaf, adjust, allow_accept=True)
        if answer is None:
            continue
        if code in best and best[code][0] == round_no:
            warn(f"{path.name}: {code}: two adjustments in round {round_no}")
            continue
        if code not in best or round_no > best[code][0]:
            best[code] = (round_no, answer)
    return {code: answer for code, (_, answer) in best.items()}


def load_datasets(folder):
    """{unit code: {fact: Decimal}} from every data/*.csv."""
    data = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if not header or header[0].strip() != "unit":
                warn(f"{path.name}: the first column must be `unit`")
                continue
            facts = [h.strip() for h in header[1:]]
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    warn(f"{path.name}: a row with {len(row)} fields, {len(header)} expected")
                    continue
                unit = row[0].strip()
                values = data.setdefault(unit, {})
                for fact, cell in zip(facts, row[1:]):
                    cell = cell.strip()
                    if cell == "":
                        continue
                    if fact in values:
                        warn(f"{path.name}: {unit} {fact} given twice")
                        continue
                    try:
                        values[fact] = Decimal(cell)
                    except ArithmeticError:
                        warn(f"{path.name}: {unit} {fact}: not a number: {cell!r}")
    return data


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


class SubContext:
    """What the liên đới functions see: the subordinates' final results (and their
    datasets), or, for a unit without listed subordinates, the results its own dataset
    states (sub_count, sub_avg_index, sub_rated:<rating>, sub_avg:<fact>)."""

    def __init__(self, subordinates, index_decimals, datasets=(), stated=None):
        self.subs = subordinates
        self.index_decimals = index_decimals
        self.datasets = list(datasets)
        self.stated = stated if not subordinates and stated and "sub_count" in stated else None

    def sub_count(self):
        if self.stated is not None:
            return int(self.stated["sub_count"])
        return len(self.subs)

    def sub_rated(self, label):
        if self.stated is not None:
            return int(self.stated.get("sub_rated:" + nfc(label), 0))
        return sum(1 for s in self.subs if s["final"]["rating"] == nfc(label))

    def sub_avg_index(self):
        if self.stated is not None:
            return round_half_away(self.stated.get("sub_avg_index", Decimal(0)), self.index_decimals)
        indices = [s["final"]["index"] for s in self.subs if s["final"]["index"] is not None]
        if not indices:
            raise ZeroDivisionError("no subordinate has an index")
        return round_half_away(sum(indices, Decimal(0)) / len(indices), self.index_decimals)

    def sub_avg(self, fact):
        fact = nfc(fact)
        if self.stated is not None:
            return self.stated.get("sub_avg:" + fact, Decimal(0))
        values = [d[fact] for d in self.datasets if fact in d]
        if not values:
            return Decimal(0)
        return round_half_away(sum(values, Decimal(0)) / len(values), self.index_decimals)


def score_leaf(leaf, answer, facts, ctx, points_decimals):
    """(points, applicable) of one leaf on one side."""
    if leaf.method in HAND_METHODS:
        if answer is None:
            return Decimal(0), True  # unanswered
        if answer[0] == "na":
            return Decimal(0), False
        return answer[1], True
    # bands / formula: every input must have a value
    env = {"max": leaf.max}
    for name in leaf.inputs:
        if name not in facts:
            return Decimal(0), True  # missing-input
        env[name] = facts[name]
    try:
        if leaf.value_expr is not None:
            env["value"] = leaf.value_expr(env, ctx)
        if leaf.expr is not None:
            value = leaf.expr(env, ctx)
        else:
            value = env[leaf.inputs[0]]
        if isinstance(value, bool):
            raise TypeError("a yes/no instead of a number")
        value = Decimal(value)
    except NotApplicable:
        return Decimal(0), False
    except (ArithmeticError, TypeError):
        return Decimal(0), True  # evaluation error: the leaf scores 0
    if leaf.method == "bands":
        for band in leaf.bands:
            if "gt" in band and not value > band["gt"]:
                continue
            if "gte" in band and not value >= band["gte"]:
                continue
            if "lt" in band and not value < band["lt"]:
                continue
            if "lte" in band and not value <= band["lte"]:
                continue
            return band["points"], True
        return Decimal(0), True  # no band holds
    points = round_half_away(value, points_decimals)
    return min(max(points, Decimal(0)), leaf.max), True


def sum_node(node, leaf_results):
    """(points, applicable max) of a node from its leaves; bonus/deduction nodes are capped."""
    if node.is_leaf:
        points, applicable = leaf_results[node.code]
        return points, (node.max if applicable else Decimal(0))
    points = Decimal(0)
    applicable_max = Decimal(0)
    for child in node.children:
        p, a = sum_node(child, leaf_results)
        points += p
        applicable_max += a
    if node.kind != "ordinary":
        points = min(points, node.max)
        applicable_max = min(applicable_max, node.max)
    return points, applicable_max


def side_result(scheme, leaf_results, reg):
    areas = [sum_node(node, leaf_results) for node in scheme.top]
    totals = {"ordinary": Decimal(0), "bonus": Decimal(0), "deduction": Decimal(0)}
    applicable_max = Decimal(0)
    for node, (points, amax) in zip(scheme.top, areas):
        totals[node.kind] += points
        if node.kind == "ordinary":
            applicable_max += amax
    total = totals["ordinary"] + totals["bonus"] - totals["deduction"]
    index = None
    if applicable_max != 0:
        index = total / applicable_max * 100
        index = round_half_away(min(max(index, Decimal(0)), Decimal(100)), reg.index_decimals)
    return {
        "points": totals["ordinary"],
        "bonus": totals["bonus"],
        "deduction": totals["deduction"],
        "total": total,
        "index": index,
        "rating": reg.rating_of(index),
        "applicable_max": applicable_max,
        "areas": areas,
    }


def score_unit(unit, scheme, self_answers, adjustments, dataset, ctx, reg):
    self_results = {}
    final_results = {}
    for leaf in scheme.leaves:
        answer = self_answers.get(leaf.code)
        adjust = adjustments.get(leaf.code)
        # Self facts: the unit's own over the datasets.
        # Final facts: the deciding adjustment's over the datasets over the unit's own.
        own = answer[1] if answer and answer[0] == "facts" else {}
        self_facts = {}
        final_facts = {}
        for name in leaf.inputs:
            if name in own:
                self_facts[name] = own[name]
                final_facts[name] = own[name]
            if name in dataset:
                self_facts.setdefault(name, dataset[name])
                final_facts[name] = dataset[name]
        final_answer = answer
        if adjust is not None and adjust[0] != "accept":
            final_answer = adjust
            if adjust[0] == "facts":
                final_facts.update(adjust[1])
        self_results[leaf.code] = score_leaf(leaf, answer, self_facts, ctx, reg.points_decimals)
        final_results[leaf.code] = score_leaf(leaf, final_answer, final_facts, ctx, reg.points_decimals)
    return {
        "self": side_result(scheme, self_results, reg),
        "final": side_result(scheme, final_results, reg),
    }


def score_workspace(root, year):
    reg = Regulation(root, year)
    scores = root / "scores" / str(year)
    block_appendix = dict(reg.blocks)
    units = []
    for raw in read_toml(scores / "units.toml").get("unit", []):
        extra = raw.get("extra", [])
        if isinstance(extra, str):
            extra = [extra]
        units.append({
            "code": raw["code"],
            "name": nfc(raw.get("name", "")),
            "block": raw["block"],
            "extra": extra,
            "parent": raw.get("parent"),
        })
    datasets = load_datasets(scores / "data")
    children = {}
    for unit in units:
        if unit["parent"]:
            children.setdefault(unit["parent"], []).append(unit)

    results = {}
    in_progress = set()

    def score(unit):
        """Scores a unit after its subordinates (liên đới)."""
        code = unit["code"]
        if code in results:
            return results[code]
        if code in in_progress:
            raise ValueError(f"parent links form a cycle at {code}")
        in_progress.add(code)
        listed = children.get(code, [])
        subordinates = [score(sub) for sub in listed]
        scheme = reg.scheme(block_appendix[unit["block"]], unit["extra"])
        self_answers = load_self(scores / "self" / f"{code}.toml", scheme)
        adjustments = load_appraisal(scores / "appraisal" / f"{code}.toml", scheme)
        ctx = SubContext(subordinates, reg.index_decimals,
                         [datasets.get(sub["code"], {}) for sub in listed], datasets.get(code))
        result = score_unit(unit, scheme, self_answers, adjustments, datasets.get(code, {}), ctx, reg)
        result.update(unit=unit, scheme=scheme)
        results[code] = result
        in_progress.discard(code)
        return result

    for unit in units:
        if unit["block"] not in block_appendix:
            warn(f"unit {unit['code']}: unknown block {unit['block']}")
            continue
        score(unit)

    # Competition ranking by final index (1, 2, 2, 4) per block, or per parent
    # in a block ranked within the parent.
    for r in results.values():
        unit = r["unit"]
        r["group"] = (unit["parent"] or "") if reg.within_parent[unit["block"]] else ""
    for block_id, _ in reg.blocks:
        members = [r for r in results.values() if r["unit"]["block"] == block_id]
        for r in members:
            index = r["final"]["index"]
            indices = [o["final"]["index"] for o in members
                       if o["group"] == r["group"] and o["final"]["index"] is not None]
            r["rank"] = None if index is None else 1 + sum(1 for other in indices if other > index)
    return reg, results


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def number(value):
    """A Decimal as a JSON number. The digits come from exact decimal arithmetic; float is
    used only to let the json module print them (shortest repr: 80.78 stays 80.78)."""
    if value is None:
        return None
    value = value.normalize()
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def side_json(side):
    return {key: number(side[key]) if key != "rating" else side[key]
            for key in ("points", "bonus", "deduction", "total", "index", "rating")}


def to_json(reg, results, year):
    order = {block_id: i for i, (block_id, _) in enumerate(reg.blocks)}
    ordered = sorted(
        results.values(),
        key=lambda r: (order[r["unit"]["block"]], r["group"], r["rank"] is None, r["rank"] or 0,
                       r["unit"]["code"]),
    )
    units = []
    for r in ordered:
        unit, scheme = r["unit"], r["scheme"]
        areas = []
        for node, self_area, final_area in zip(scheme.top, r["self"]["areas"], r["final"]["areas"]):
            area = {
                "code": node.code,
                "title": nfc(node.title),
                "max": number(node.max),
                "applicable_max": number(final_area[1]),
                "self": number(self_area[0]),
                "final": number(final_area[0]),
            }
            if node.kind != "ordinary":
                area["kind"] = node.kind
            areas.append(area)
        units.append({
            "code": unit["code"],
            "name": unit["name"],
            "block": unit["block"],
            "appendices": scheme.ids,
            "max": number(scheme.max),
            "applicable_max": number(r["final"]["applicable_max"]),
            "self": side_json(r["self"]),
            "final": side_json(r["final"]),
            "rank": r["rank"],
            "areas": areas,
        })
    labels = [label for label, _ in reg.ratings]

    def counted(members):
        counts = {label: 0 for label in labels}
        indices = []
        for r in members:
            if r["final"]["rating"] is not None:
                counts[r["final"]["rating"]] += 1
                indices.append(r["final"]["index"])
        average = None
        if indices:
            average = round_half_away(sum(indices, Decimal(0)) / len(indices), reg.index_decimals)
        return {"units": len(members), "average_index": number(average), "by_rating": counts}

    blocks = []
    published = []
    for block_id, _ in reg.blocks:
        members = [r for r in results.values() if r["unit"]["block"] == block_id]
        block = {"block": block_id, "published": reg.published[block_id], **counted(members)}
        if reg.within_parent[block_id]:
            block["groups"] = [
                {"parent": parent, **counted([r for r in members if r["group"] == parent])}
                for parent in sorted({r["group"] for r in members})
            ]
            if not block["groups"]:
                del block["groups"]
        if reg.published[block_id]:
            published += members
        blocks.append(block)
    province = counted(published)
    return {
        "year": year,
        "regulation": reg.id,
        "units": units,
        "summary": {"units": province["units"], "by_rating": province["by_rating"], "blocks": blocks},
    }


def compare(mine, theirs):
    """Prints every field where this scorer and chiso differ; True when none does."""
    differences = []

    def check(where, a, b):
        if a != b:
            differences.append(f"{where}: python {a!r}, chiso {b!r}")

    ours = {u["code"]: u for u in mine["units"]}
    fields = 0
    for unit in theirs["units"]:
        code = unit["code"]
        own = ours.get(code)
        if own is None:
            differences.append(f"{code}: scored by chiso only")
            continue
        pairs = [(f"{side}.{key}", own[side][key], unit[side][key])
                 for side in ("self", "final")
                 for key in ("points", "bonus", "deduction", "total", "index", "rating")]
        pairs += [(key, own[key], unit[key])
                  for key in ("rank", "max", "applicable_max", "block", "name", "appendices")]
        areas = {a["code"]: a for a in own["areas"]}
        pairs.append(("areas", list(areas), [a["code"] for a in unit["areas"]]))
        for area in unit["areas"]:
            mine_area = areas.get(area["code"], {})
            pairs += [(f"area {area['code']}.{key}", mine_area.get(key), area[key])
                      for key in ("self", "final", "max", "applicable_max", "title")]
        for where, a, b in pairs:
            fields += 1
            check(f"{code} {where}", a, b)
    check("units", sorted(ours), sorted(u["code"] for u in theirs["units"]))
    check("unit order", [u["code"] for u in mine["units"]], [u["code"] for u in theirs["units"]])
    check("summary", mine["summary"], theirs["summary"])
    for line in differences[:30]:
        print(line)
    print(f"{len(theirs['units'])} units, {fields} fields compared, {len(differences)} differ")
    return not differences


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the workspace folder")
    parser.add_argument("year", type=int)
    parser.add_argument("-o", "--output", type=Path, help="JSON file (default: stdout)")
    parser.add_argument("--compare", type=Path, metavar="CHISO_JSON",
                        help="compare with `chiso score --format json` output instead of writing")
    args = parser.parse_args()
    with localcontext() as context:
        context.prec = 28
        reg, results = score_workspace(args.root, args.year)
        document = to_json(reg, results, args.year)
        text = json.dumps(document, ensure_ascii=False, indent=2)
    if args.compare:
        # Through JSON text, so both sides' numbers are read the same way.
        mine = json.loads(text, parse_float=Decimal)
        theirs = json.loads(args.compare.read_text(encoding="utf-8"), parse_float=Decimal)
        sys.exit(0 if compare(mine, theirs) else 1)
    if args.output:
        tmp = args.output.with_name(args.output.name + ".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(args.output)  # written whole or not at all
    else:
        print(text)


if __name__ == "__main__":
    main()
