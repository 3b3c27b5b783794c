"""ETSI NFV-SOL013 5.2 attribute-based filtering: ``filter=(eq,onboardingState,ONBOARDED)``.

Grammar: ``filter=(op,attrName[/attrName]*,value[,value]*)[;(...)]*``; the expressions of
one filter must all hold (AND). ``op`` is one of

- ``eq``, ``neq``, ``gt``, ``gte``, ``lt``, ``lte``: exactly one value;
- ``in``, ``nin``, ``cont``, ``ncont``: one value or more (``cont``: the string attribute
  contains one of the values).

A value holding ``,``, ``)``, ``;`` or ``'`` is written between single quotes, a quote
inside doubled (``'it''s'``). Values take the type the representation gives the attribute
(numbers, ``true``/``false``, ISO 8601 date-times), a value that can't is a 400.

Arrays and absent attributes: a path crossing arrays designates every value it reaches;
``eq``, ``in``, ``cont``, ``gt``... hold when at least one of them matches, and their
negations ``neq``, ``nin``, ``ncont`` hold exactly when their positive counterpart does not
(so ``(neq,vnfdId,x)`` also selects packages that have no vnfdId yet). Evaluating an
expression in SQL (see :meth:`Filter.column_values`) gives the same answer as in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baton import errors
from baton.api.sol import attributes as attrs

__all__ = ["Expr", "Filter", "parse_filter"]

SINGLE = frozenset({"eq", "neq", "gt", "gte", "lt", "lte"})
MULTI = frozenset({"in", "nin", "cont", "ncont"})
#: Each negative operator and the positive one it is the complement of.
NEGATION = {"neq": "eq", "nin": "in", "ncont": "cont"}
_ORDERING = frozenset({"gt", "gte", "lt", "lte"})

_WHAT = "the filter"


def _bad(reason: str) -> errors.BatonError:
    return errors.InvalidParameterValue(err=f"Invalid filter: {reason}")


# -- parsing -----------------------------------------------------------------------------

def _quoted(text: str, pos: int) -> tuple[str, int]:
    """The quoted value starting at ``text[pos] == "'"``, and the position after it."""
    out: list[str] = []
    pos += 1
    while pos < len(text):
        char = text[pos]
        if char == "'":
            if text.startswith("''", pos):
                out.append("'")
                pos += 2
                continue
            return "".join(out), pos + 1
        out.append(char)
        pos += 1
    raise _bad("a quoted value is not closed.")


def _items(text: str, pos: int) -> tuple[list[str], int]:
    """The comma-separated items of one ``(...)`` starting after its ``(``."""
    items: list[str] = []
    while True:
        if pos < len(text) and text[pos] == "'":
            item, pos = _quoted(text, pos)
        else:
            end = pos
            while end < len(text) and text[end] not in ",)'(;":
                end += 1
            item, pos = text[pos:end], end
        items.append(item)
        if pos >= len(text):
            raise _bad("an expression is not closed with ')'.")
        if text[pos] == ")":
            return items, pos + 1
        if text[pos] != ",":
            raise _bad(f"unexpected {text[pos]!r} at position {pos + 1}.")
        pos += 1


def _split(text: str) -> Iterator[list[str]]:
    pos = 0
    while True:
        if not text.startswith("(", pos):
            raise _bad(f"expected '(' at position {pos + 1}.")
        items, pos = _items(text, pos + 1)
        yield items
        if pos == len(text):
            return
        if text[pos] != ";":
            raise _bad(f"expected ';' at position {pos + 1}.")
        pos += 1


# -- values ------------------------------------------------------------------------------

def _as_number(value: str, attr: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise _bad(f"{value!r} is not a number ({attr}).") from None


def _as_bool(value: str, attr: str) -> bool:
    if value in ("true", "false"):
        return value == "true"
    raise _bad(f"{value!r} is not true or false ({attr}).")


def _as_datetime(value: str, attr: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(f"{value!r} is not an ISO 8601 date-time ({attr}).") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _convert(kind: str | None, value: str, attr: str) -> Any:
    if kind == attrs.NUMBER:
        return _as_number(value, attr)
    if kind == attrs.BOOLEAN:
        return _as_bool(value, attr)
    if kind == attrs.DATETIME:
        return _as_datetime(value, attr)
    return value


def _comparable(found: Any, wanted: Any, kind: str | None) -> tuple[Any, Any] | None:
    """``found`` (from the representation) and ``wanted`` (from the filter) made
    comparable, or None when they can't be (no match)."""
    if kind is None:    # inside a map: the type is that of the value found
        if isinstance(found, bool):
            kind = attrs.BOOLEAN
        elif isinstance(found, (int, float)):
            kind = attrs.NUMBER
        elif not isinstance(found, str):
            return None
        if kind is not None:
            try:
                wanted = _convert(kind, wanted, "")
            except errors.BatonError:
                return None
    if kind == attrs.DATETIME and isinstance(found, str):
        try:
            found = _as_datetime(found, "")
        except errors.BatonError:
            return None
    if kind == attrs.NUMBER and isinstance(found, bool):
        return None
    if type(found) is not type(wanted) and not (
            isinstance(found, (int, float)) and isinstance(wanted, float)):
        return None
    return found, wanted


# -- expressions -------------------------------------------------------------------------

@dataclass(frozen=True)
class Expr:
    """One simple filter expression, its values converted to the attribute's type."""

    op: str
    path: tuple[str, ...]
    kind: str | None
    values: tuple[Any, ...]

    def _test(self, op: str, found: Any) -> bool:
        if op == "cont":
            return isinstance(found, str) and any(
                isinstance(v, str) and v in found for v in self.values)
        for wanted in self.values:
            pair = _comparable(found, wanted, self.kind)
            if pair is None:
                continue
            a, b = pair
            if ((op in ("eq", "in") and a == b) or (op == "gt" and a > b)
                    or (op == "gte" and a >= b) or (op == "lt" and a < b)
                    or (op == "lte" and a <= b)):
                return True
        return False

    def matches(self, obj: Mapping[str, Any]) -> bool:
        """Whether ``obj`` (a representation) satisfies this expression."""
        positive = NEGATION.get(self.op, self.op)
        hit = any(self._test(positive, found) for found in _values_at(obj, self.path))
        return hit != (self.op in NEGATION)


def _values_at(obj: Any, path: Sequence[str]) -> Iterator[Any]:
    """Every value ``path`` reaches in ``obj``, arrays crossed, absent branches skipped."""
    if isinstance(obj, list):
        for item in obj:
            yield from _values_at(item, path)
        return
    if not path:
        yield obj
        return
    if not isinstance(obj, Mapping):
        return
    head, rest = path[0], path[1:]
    if head == attrs.KEY and not rest:
        yield from obj.keys()
        return
    if head in obj and obj[head] is not None:
        yield from _values_at(obj[head], rest)


def _expr(items: list[str], schema: attrs.Schema) -> Expr:
    if len(items) < 3:
        raise _bad(f"({','.join(items)}) needs an operator, an attribute and a value.")
    op, name, raw = items[0], items[1], items[2:]
    if op not in SINGLE and op not in MULTI:
        raise _bad(f"unknown operator {op!r} (eq, neq, gt, gte, lt, lte, in, nin, cont, "
                   f"ncont).")
    if op in SINGLE and len(raw) != 1:
        raise _bad(f"{op} takes exactly one value ({name}).")
    resolved = attrs.resolve(schema, attrs.split_path(name, what=_WHAT), what=_WHAT)
    kind = resolved.type
    if kind == attrs.OBJECT or kind == attrs.MAP:
        raise _bad(f"{name} is not a simple attribute; name one of its attributes.")
    if op in ("cont", "ncont") and kind not in (attrs.STRING, None):
        raise _bad(f"{op} applies to strings, {name} is a {kind}.")
    if op in _ORDERING and kind == attrs.BOOLEAN:
        raise _bad(f"{op} does not apply to the boolean {name}.")
    return Expr(op, resolved.path, kind, tuple(_convert(kind, v, name) for v in raw))


@dataclass(frozen=True)
class Filter:
    """A parsed ``filter`` parameter: expressions that must all hold."""

    exprs: tuple[Expr, ...]

    def matches(self, obj: Mapping[str, Any]) -> bool:
        return all(e.matches(obj) for e in self.exprs)

    def column_values(self, columns: Mapping[str, str]) -> tuple[dict[str, list[Any]],
                                                                  Filter]:
        """Split off what a database can answer exactly: ``eq``/``in`` on the simple
        attributes ``columns`` maps to table columns, as ``{column: accepted values}``
        (the values every such expression of a column accepts), and the rest.

        Only equality goes to SQL: ordering and substring tests depend on the database's
        collation and would not answer as Python does.
        """
        sql: dict[str, list[Any]] = {}
        rest: list[Expr] = []
        for e in self.exprs:
            column = columns.get(e.path[0]) if len(e.path) == 1 else None
            if column is None or e.op not in ("eq", "in") or e.kind != attrs.STRING:
                rest.append(e)
                continue
            accepted = list(dict.fromkeys(e.values))
            if column in sql:
                accepted = [v for v in sql[column] if v in accepted]
            sql[column] = accepted
        return sql, Filter(tuple(rest))


def parse_filter(text: str | None, schema: attrs.Schema) -> Filter:
    """The ``filter`` query parameter ``text`` checked against ``schema`` (400 if bad)."""
    if text is None:
        return Filter(())
    if not text:
        raise _bad("the filter is empty.")
    return Filter(tuple(_expr(items, schema) for items in _split(text)))
