"""The rule formula language: a tokenizer and a recursive-descent parser into a small AST.

Nothing here evaluates Python: the AST is walked by `engine.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from ..errors import JuesuanError


class FormulaError(JuesuanError):
    """A formula that cannot be parsed; `column` is 1-based within the formula text."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message if column is None else f"{message}（第{column}个字符处）")
        self.column = column


# --- AST ----------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Key:
    """A literal row or column key: 27, 合计, "2010301"."""

    text: str


@dataclass(frozen=True)
class Var:
    name: str
    attr: str | None = None


@dataclass(frozen=True)
class Range:
    start: Key
    end: Key


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple["Node", ...]


Selector = Union[Key, Var, Range, Call]


@dataclass(frozen=True)
class Ref:
    table: str
    row: Selector
    column: Selector


@dataclass(frozen=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Compare:
    op: str
    left: "Node"
    right: "Node"


Node = Union[Num, Ref, Neg, BinOp, Call, Var]


@dataclass(frozen=True)
class Each:
    """`r in rows(表2)`: a variable bound over a set."""

    var: str
    func: str
    args: tuple[Selector | str, ...]


# --- tokens -------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<str>"[^"\n]*")
  | (?P<range>\.\.)
  | (?P<op><=|>=|==|!=|[-+*/=<>\[\](),.≤≥])
  | (?P<name>[^\W\d][\w\-]*|[\u4e00-\u9fff][\w\-]*)
    """,
    re.VERBOSE,
)

COMPARATORS = {"=": "=", "==": "=", "<=": "<=", "≤": "<=", ">=": ">=", "≥": ">=", "<": "<", ">": ">", "!=": "!="}
FUNCTIONS = {"sum", "abs", "min", "max"}
ROW_FUNCTIONS = {"children"}
SET_FUNCTIONS = {"rows", "codes", "parents", "cols"}
MAX_FORMULA = 2000


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_FORMULA:
        raise FormulaError("公式过长")
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise FormulaError(f"无法识别的字符“{text[pos]}”", pos + 1)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str, variables: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.variables = variables
        self.depth = 0

    # helpers
    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return token

    def expect(self, text: str) -> Token:
        token = self.take()
        if token.text != text:
            found = token.text or "公式结尾"
            raise FormulaError(f"此处应为“{text}”，却是“{found}”", token.pos + 1)
        return token

    def fail(self, message: str, token: Token | None = None) -> FormulaError:
        token = token or self.peek()
        return FormulaError(message, token.pos + 1)

    def done(self) -> None:
        if self.peek().kind != "end":
            raise self.fail(f"多余的内容“{self.peek().text}”")

    # grammar
    def check(self) -> Compare:
        left = self.expr()
        token = self.peek()
        if token.text not in COMPARATORS:
            raise self.fail("检查式需要比较符（= <= >= < > !=）")
        self.take()
        right = self.expr()
        self.done()
        return Compare(COMPARATORS[token.text], left, right)

    def expr(self) -> Node:
        self.depth += 1
        if self.depth > 50:
            raise self.fail("公式嵌套过深")
        node = self.term()
        while self.peek().text in ("+", "-"):
            op = self.take().text
            node = BinOp(op, node, self.term())
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek().text in ("*", "/"):
            op = self.take().text
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek().text == "-":
            self.take()
            return Neg(self.unary())
        if self.peek().text == "+":
            self.take()
        return self.primary()

    def primary(self) -> Node:
        token = self.peek()
        if token.kind == "num":
            self.take()
            return Num(Decimal(token.text))
        if token.text == "(":
            self.take()
            node = self.expr()
            self.expect(")")
            return node
        if token.kind == "name":
            if self.peek(1).text == "[":
                return self.ref()
            if self.peek(1).text == "(":
                name = self.take().text
                if name not in FUNCTIONS:
                    raise self.fail(f"未知函数“{name}”，可用：{', '.join(sorted(FUNCTIONS))}", token)
                self.expect("(")
                args = [self.expr()]
                while self.peek().text == ",":
                    self.take()
                    args.append(self.expr())
                self.expect(")")
                if name == "abs" and len(args) != 1:
                    raise self.fail("abs() 只接受一个参数", token)
                return Call(name, tuple(args))
            if token.text in self.variables:
                self.take()
                return Var(token.text)
            raise self.fail(f"“{token.text}”既不是单元格引用（如 表1[27, 1]）也不是变量", token)
        raise self.fail(f"此处应为数字、单元格引用或括号，却是“{token.text or '公式结尾'}”", token)

    def ref(self) -> Ref:
        table = self.take().text
        self.expect("[")
        row = self.selector()
        self.expect(",")
        column = self.selector()
        self.expect("]")
        return Ref(table, row, column)

    def key(self) -> Key | Var:
        token = self.take()
        if token.kind == "num":
            return Key(token.text)
        if token.kind == "str":
            return Key(token.text[1:-1])
        if token.kind == "name":
            if token.text in self.variables:
                if self.peek().text == ".":
                    self.take()
                    attr = self.take()
                    if attr.kind != "name":
                        raise self.fail("“.”后应为属性名", attr)
                    return Var(token.text, attr.text)
                return Var(token.text)
            return Key(token.text)
        raise self.fail(f"此处应为行次、栏次、编码或变量，却是“{token.text or '公式结尾'}”", token)

    def selector(self) -> Selector:
        token = self.peek()
        if token.kind == "name" and self.peek(1).text == "(":
            name = self.take().text
            if name not in ROW_FUNCTIONS:
                raise self.fail(f"行选择只能用 {', '.join(sorted(ROW_FUNCTIONS))}()", token)
            self.expect("(")
            arg = self.key()
            if not isinstance(arg, Var):
                raise self.fail(f"{name}() 的参数必须是变量", token)
            self.expect(")")
            return Call(name, (arg,))
        first = self.key()
        if self.peek().kind == "range":
            self.take()
            last = self.key()
            if not isinstance(first, Key) or not isinstance(last, Key):
                raise self.fail("范围 a..b 的两端必须是行次或栏次", token)
            return Range(first, last)
        return first


def parse_check(text: str, variables: frozenset[str] = frozenset()) -> Compare:
    """Parse `left CMP right`."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("检查式为空")
    return _Parser(text, variables).check()


def parse_each(text: str) -> Each:
    """Parse `var in func(table[, a..b])`."""
    if not isinstance(text, str):
        raise FormulaError("each 必须是文本，如 \"r in rows(表2)\"")
    parser = _Parser(text)
    var = parser.take()
    if var.kind != "name":
        raise parser.fail("each 应以变量名开头，如 r in rows(表2)", var)
    word = parser.take()
    if word.text != "in":
        raise parser.fail("变量名后应为 in", word)
    func = parser.take()
    if func.text not in SET_FUNCTIONS:
        raise parser.fail(f"集合只能是 {', '.join(sorted(SET_FUNCTIONS))}(…)", func)
    parser.expect("(")
    table = parser.take()
    if table.kind != "name":
        raise parser.fail("集合的第一个参数应为表号", table)
    args: list[Selector | str] = [table.text]
    while parser.peek().text == ",":
        parser.take()
        args.append(parser.selector())
    parser.expect(")")
    parser.done()
    return Each(var.text, func.text, tuple(args))
