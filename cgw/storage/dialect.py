"""The project's SQL is written once, in DuckDB's dialect; this module compiles it for PostgreSQL.

SQLGlot does the transpiling. Where its PostgreSQL output is wrong for our SQL, a small AST
transform below fixes it (each one has its own test in tests/cgw/storage/test_dialect.py):

- `GROUP BY ALL` becomes the ordinals of the select list's non-aggregate items;
- `arg_max(a, b)` becomes the first element of `array_agg(a ORDER BY b DESC)`;
- `year()`, `month()`, `day()`, `quarter()` return integers (PostgreSQL's EXTRACT gives numeric,
  which `make_date` refuses), and `make_date` takes integers;
- `TRY_CAST(x AS <integer>)` calls `cgw_try_bigint` (NULL where x is no integer);
- `try_strptime(x, fmt)` calls `cgw_try_date` (created with the schema, see SUPPORT_DDL);
- `regexp_full_match(x, p)` becomes `x ~ '^(?:p)$'`;
- JSON functions on text cast it to json (the undo record's row_data);
- `unnest(range(a, b))` becomes `generate_series(a, b - 1)`;
- `INSERT OR REPLACE INTO t` becomes `INSERT … ON CONFLICT (t's primary key) DO UPDATE`;
- in DDL, text columns get `COLLATE "C"`: codepoint order, as DuckDB sorts, and prefix scans
  on the region codes can use a plain b-tree index.

Parameters: DuckDB's `$name` and `?` become psycopg's `%(name)s` and `%s`; a literal `%` is
doubled, so compiled SQL always runs with a parameter list or dict (empty when it has none). `compile` is cached on the SQL text: the metric engine
builds the same statements again and again.
"""

from __future__ import annotations

import functools
import re

import sqlglot
from sqlglot import exp

DUCKDB = "duckdb"
POSTGRES = "postgres"
DIALECTS = (DUCKDB, POSTGRES)

# Functions the compiled SQL may call that PostgreSQL lacks; created with the schema.
SUPPORT_DDL = (
    """CREATE OR REPLACE FUNCTION cgw_try_date(s text, fmt text) RETURNS date
       LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
       BEGIN RETURN to_date(s, fmt); EXCEPTION WHEN others THEN RETURN NULL; END $$""",
    # A function, not a CASE around CAST: PostgreSQL folds a constant CAST while planning, even in a
    # CASE branch that would never run.
    """CREATE OR REPLACE FUNCTION cgw_try_bigint(s text) RETURNS bigint
       LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
       BEGIN RETURN s::bigint; EXCEPTION WHEN others THEN RETURN NULL; END $$""",
)

_PARAM_MARK = "__cgw_param_"
_INTEGER_TYPES = {exp.DataType.Type.TINYINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.INT,
                  exp.DataType.Type.BIGINT, exp.DataType.Type.INT128}
_TEXT_TYPES = {exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT, exp.DataType.Type.CHAR}
# strptime directives → PostgreSQL to_date patterns (the ones our SQL uses).
_STRPTIME = {"%Y": "YYYY", "%m": "MM", "%d": "DD"}


class UnsupportedSQL(ValueError):
    """A construct this module cannot compile faithfully: fix the source SQL or add a transform."""


# --- the transforms -------------------------------------------------------------------------------


def _is_aggregate(node: exp.Expression) -> bool:
    """Whether a select item aggregates (an aggregate function outside any window or subquery)."""
    for agg in node.find_all(exp.AggFunc):
        if agg is node:
            return True
        parent = agg.parent
        inside_other = False
        while parent is not None and parent is not node:
            if isinstance(parent, exp.Window | exp.Subquery | exp.Select):
                inside_other = True
                break
            parent = parent.parent
        if not inside_other and not isinstance(agg.parent, exp.Window):
            return True
    return False


def group_by_all(node: exp.Expression) -> exp.Expression:
    """GROUP BY ALL → GROUP BY the positions of the non-aggregate select items."""
    if isinstance(node, exp.Select) and isinstance(node.args.get("group"), exp.Group) and node.args["group"].args.get("all"):
        positions = [i + 1 for i, item in enumerate(node.expressions) if not _is_aggregate(item)]
        if positions:
            node.set("group", exp.Group(expressions=[exp.Literal.number(p) for p in positions]))
        else:
            node.set("group", None)
    return node


def arg_max(node: exp.Expression) -> exp.Expression:
    """arg_max(a, b) → (array_agg(a ORDER BY b DESC) FILTER (WHERE a and b not NULL))[1]."""
    if isinstance(node, exp.ArgMax | exp.ArgMin):
        a, b = node.this, node.expression
        order = exp.Ordered(this=b.copy(), desc=isinstance(node, exp.ArgMax), nulls_first=False)
        agg = exp.ArrayAgg(this=exp.Order(this=a.copy(), expressions=[order]))
        cond = exp.and_(exp.Not(this=exp.Is(this=a.copy(), expression=exp.Null())),
                        exp.Not(this=exp.Is(this=b.copy(), expression=exp.Null())))
        filtered = exp.Filter(this=agg, expression=exp.Where(this=cond))
        return exp.Bracket(this=exp.Paren(this=filtered), expressions=[exp.Literal.number(1)], offset=1)
    return node


_PARTS = {exp.Year: "YEAR", exp.Month: "MONTH", exp.Day: "DAY", exp.Quarter: "QUARTER"}


def date_parts(node: exp.Expression) -> exp.Expression:
    """year(x) and friends → CAST(EXTRACT(... FROM x) AS INT); make_date with integer arguments."""
    for cls, unit in _PARTS.items():
        if type(node) is cls:
            extract = exp.Extract(this=exp.Var(this=unit), expression=node.this.copy())
            return exp.Cast(this=extract, to=exp.DataType.build("INT"))
    if isinstance(node, exp.Anonymous) and node.name.lower() == "quarter":
        extract = exp.Extract(this=exp.Var(this="QUARTER"), expression=node.expressions[0].copy())
        return exp.Cast(this=extract, to=exp.DataType.build("INT"))
    if isinstance(node, exp.DateFromParts):
        args = [node.args.get(k).transform(date_parts) for k in ("year", "month", "day")]
        ints = [a if isinstance(a, exp.Literal) else exp.Cast(this=a.copy(), to=exp.DataType.build("INT")) for a in args]
        return exp.Anonymous(this="MAKE_DATE", expressions=ints)
    return node


def try_cast(node: exp.Expression) -> exp.Expression:
    """TRY_CAST(x AS <integer>) → CAST(cgw_try_bigint(x) AS …): NULL where x is no integer."""
    if isinstance(node, exp.TryCast) or (isinstance(node, exp.Cast) and node.args.get("safe")):
        if node.to.this not in _INTEGER_TYPES:
            raise UnsupportedSQL(f"TRY_CAST to {node.to.sql()} has no PostgreSQL form here")
        text = exp.Cast(this=node.this.copy(), to=exp.DataType.build("TEXT"))
        return exp.Cast(this=exp.Anonymous(this="cgw_try_bigint", expressions=[text]), to=node.to.copy())
    return node


def try_strptime(node: exp.Expression) -> exp.Expression:
    """try_strptime(x, '%Y%m%d') → cgw_try_date(x, 'YYYYMMDD') (NULL where x is no date)."""
    if isinstance(node, exp.Anonymous) and node.name.lower() == "try_strptime":
        value, fmt = node.expressions
        if not isinstance(fmt, exp.Literal) or not fmt.is_string:
            raise UnsupportedSQL("try_strptime needs a literal format")
        pattern = fmt.this
        for k, v in _STRPTIME.items():
            pattern = pattern.replace(k, v)
        if "%" in pattern:
            raise UnsupportedSQL(f"strptime format {fmt.this!r} has no PostgreSQL form here")
        return exp.Anonymous(this="cgw_try_date", expressions=[value.copy(), exp.Literal.string(pattern)])
    return node


def regexp_full_match(node: exp.Expression) -> exp.Expression:
    """regexp_full_match(x, 'p') → x ~ '^(?:p)$' (the whole string must match)."""
    if isinstance(node, exp.RegexpFullMatch):
        pattern = node.expression
        if isinstance(pattern, exp.Literal):
            anchored = exp.Literal.string(f"^(?:{pattern.this})$")
        else:
            anchored = exp.DPipe(this=exp.DPipe(this=exp.Literal.string("^(?:"), expression=pattern.copy()),
                                 expression=exp.Literal.string(")$"))
        return exp.RegexpLike(this=node.this.copy(), expression=anchored)
    return node


def json_text(node: exp.Expression) -> exp.Expression:
    """JSON functions on a text column: PostgreSQL wants the column cast to json first, and a
    json_extract cast to a number or text is the scalar's text cast (PostgreSQL casts no json to int)."""
    if isinstance(node, exp.JSONExtract | exp.JSONExtractScalar):
        arg = node.this
        if not (isinstance(arg, exp.Cast) and arg.to.this in (exp.DataType.Type.JSON, exp.DataType.Type.JSONB)):
            node.set("this", exp.Cast(this=arg.copy(), to=exp.DataType.build("JSON")))
        if isinstance(node, exp.JSONExtract) and isinstance(node.parent, exp.Cast) \
                and node.parent.to.this not in (exp.DataType.Type.JSON, exp.DataType.Type.JSONB):
            return exp.JSONExtractScalar(this=node.this, expression=node.expression)
    return node


def unnest_series(node: exp.Expression) -> exp.Expression:
    """unnest(range(a, b)) in a select list → generate_series(a, b - 1) (a set-returning function in
    PostgreSQL; unnest takes arrays only)."""
    if isinstance(node, exp.Explode) and isinstance(node.this, exp.GenerateSeries):
        return node.this.copy()
    return node


def collate_text_columns(node: exp.Expression) -> exp.Expression:
    """Text columns in CREATE TABLE get COLLATE "C" (codepoint order, like DuckDB)."""
    if isinstance(node, exp.ColumnDef) and isinstance(node.args.get("kind"), exp.DataType):
        if node.args["kind"].this in _TEXT_TYPES and not any(
                isinstance(c.kind, exp.CollateColumnConstraint) for c in node.constraints):
            collate = exp.ColumnConstraint(kind=exp.CollateColumnConstraint(this=exp.Identifier(this="C", quoted=True)))
            node.set("constraints", [collate, *node.constraints])
    return node


@functools.cache
def _schema_columns() -> dict[str, tuple[list[str], list[str]]]:
    """table → (columns in order, primary-key columns), from data/schema.sql."""
    from cgw.storage.schema import SCHEMA_FILE

    out = {}
    for stmt in sqlglot.parse(SCHEMA_FILE.read_text(encoding="utf-8"), read=DUCKDB):
        if not isinstance(stmt, exp.Create) or not isinstance(stmt.this, exp.Schema):
            continue
        table = stmt.this.this.name
        cols, key = [], []
        for item in stmt.this.expressions:
            if isinstance(item, exp.ColumnDef):
                cols.append(item.name)
                if any(isinstance(c.kind, exp.PrimaryKeyColumnConstraint) for c in item.constraints):
                    key.append(item.name)
            elif isinstance(item, exp.PrimaryKey):
                key += [e.name for e in item.expressions]
        out[table] = (cols, key)
    return out


def insert_or_replace(node: exp.Expression) -> exp.Expression:
    """INSERT OR REPLACE INTO t … → INSERT INTO t … ON CONFLICT (key) DO UPDATE SET other = EXCLUDED.other."""
    if isinstance(node, exp.Insert) and (node.args.get("alternative") or "").upper() == "REPLACE":
        target = node.this
        table = target.this.name if isinstance(target, exp.Schema) else target.name
        known = _schema_columns().get(table)
        if known is None or not known[1]:
            raise UnsupportedSQL(f"INSERT OR REPLACE into {table!r}: no primary key known from the schema")
        cols, key = known
        named = [e.name for e in target.expressions] if isinstance(target, exp.Schema) else cols
        if not isinstance(target, exp.Schema):
            node.set("this", exp.Schema(this=target.copy(), expressions=[exp.to_identifier(c) for c in cols]))
        updates = [exp.EQ(this=exp.column(c), expression=exp.column(c, table="EXCLUDED")) for c in named if c not in key]
        node.set("alternative", None)
        node.set("conflict", exp.OnConflict(
            conflict_keys=[exp.to_identifier(k) for k in key],
            action=exp.var("DO UPDATE") if updates else exp.var("DO NOTHING"),
            expressions=updates or None,
        ))
    return node


def alias_derived_tables(tree: exp.Expression) -> exp.Expression:
    """A subquery in FROM or JOIN without an alias gets one (PostgreSQL 15 requires it)."""
    for i, node in enumerate(list(tree.find_all(exp.Subquery))):
        if not node.alias and isinstance(node.parent, exp.From | exp.Join):
            node.set("alias", exp.TableAlias(this=exp.to_identifier(f"_q{i}")))
    return tree


def _mark_parameters(node: exp.Expression, names: list[str | None]) -> exp.Expression:
    """Parameters become marker columns; `names` collects them in order (None for `?`)."""
    if isinstance(node, exp.Placeholder):
        name = node.name if node.name not in ("", "?") else None
        names.append(name)
        return exp.column(f"{_PARAM_MARK}{len(names) - 1}")
    if isinstance(node, exp.Parameter):
        names.append(node.name)
        return exp.column(f"{_PARAM_MARK}{len(names) - 1}")
    return node


TRANSFORMS = (group_by_all, arg_max, date_parts, try_cast, try_strptime, regexp_full_match, json_text,
              unnest_series, insert_or_replace)


def _to_postgres(statement: exp.Expression) -> str:
    names: list[str | None] = []
    tree = alias_derived_tables(statement.transform(lambda n: _mark_parameters(n, names)))
    for transform in TRANSFORMS:
        tree = tree.transform(transform)
    if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TABLE":
        tree = tree.transform(collate_text_columns)
    sql = tree.sql(dialect=POSTGRES, comments=False).replace("%", "%%")
    if any(n is None for n in names) and any(n is not None for n in names):
        raise UnsupportedSQL("a statement mixes ? and $name parameters")

    def param(m: re.Match) -> str:
        name = names[int(m.group(1))]
        return "%s" if name is None else f"%({name})s"

    return re.sub(rf"\b{_PARAM_MARK}(\d+)\b", param, sql)


_PASSTHROUGH = re.compile(
    r"^\s*(BEGIN|COMMIT|ROLLBACK|SET|RESET|ANALYZE|TRUNCATE|CREATE\s+TYPE|CREATE\s+(OR\s+REPLACE\s+)?FUNCTION)\b", re.I)


@functools.lru_cache(maxsize=4096)
def compile(sql: str, dialect: str) -> str:  # noqa: A001 - the word the issue uses
    """`sql` (DuckDB dialect, one statement) as `dialect` runs it. DuckDB: unchanged."""
    if dialect == DUCKDB:
        return sql
    if dialect != POSTGRES:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    if _PASSTHROUGH.match(sql):
        return sql.replace("%", "%%")
    try:
        statements = sqlglot.parse(sql, read=DUCKDB)
    except sqlglot.errors.ParseError as e:
        raise UnsupportedSQL(f"SQLGlot cannot parse: {e}") from None
    statements = [s for s in statements if s is not None]
    if len(statements) != 1:
        raise UnsupportedSQL(f"compile takes one statement, got {len(statements)}")
    return _to_postgres(statements[0])


@functools.lru_cache(maxsize=4096)
def compile_many(sql: str, dialect: str) -> tuple[str, ...]:
    """`sql` of one or more statements (data/schema.sql, a migration), compiled statement by
    statement. DuckDB: the text unchanged, as one item."""
    if dialect == DUCKDB:
        return (sql,)
    if _PASSTHROUGH.match(sql):
        return (compile(sql, dialect),)
    try:
        statements = [s for s in sqlglot.parse(sql, read=DUCKDB) if s is not None]
    except sqlglot.errors.ParseError as e:
        raise UnsupportedSQL(f"SQLGlot cannot parse: {e}") from None
    if dialect != POSTGRES:
        raise ValueError(f"unknown SQL dialect {dialect!r}")
    return tuple(_to_postgres(s) for s in statements)
