"""Imports a model module with the real SQLAlchemy / Flask-SQLAlchemy and prints its MetaData as
JSON, in the normalised shape tst_ModelConformance compares with Retort's static reading.

usage: dump_metadata.py PROJECT_DIR MODULE [--flask-naming 2]

--flask-naming 2 replaces Flask-SQLAlchemy 3's camel_to_snake_case by the rule Flask-SQLAlchemy 2.x
used (its regex, as documented in shared/reference/alembic.md section 8) before the module is
imported, so the 2.x table names are produced by Flask-SQLAlchemy's own metaclass.
"""
import importlib
import json
import re
import sys
import types


def flask_2x_camel_to_snake_case(name):
    def join(match):
        word = match.group()
        if len(word) > 1:
            return ("_%s_%s" % (word[:-1], word[-1])).lower()
        return "_" + word.lower()
    return re.sub(r"([A-Z]+)(?=[a-z0-9])", join, name).lstrip("_")


def py_string(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def type_text(t):
    import sqlalchemy as sa
    if isinstance(t, sa.types.TypeDecorator):
        t = t.impl if isinstance(t.impl, sa.types.TypeEngine) else t.impl()
    cls = type(t)
    name = cls.__name__
    module = cls.__module__
    prefix = ""
    for dialect in ("postgresql", "mysql", "sqlite"):
        if module.startswith("sqlalchemy.dialects." + dialect):
            prefix = dialect + "."
    if name == "NullType":
        return None
    args = []
    if name == "SET" and prefix == "mysql.":
        args = [py_string(v) for v in t.values]
    elif isinstance(t, sa.Enum):
        args = [py_string(v) for v in t.enums]
        if t.name:
            args.append("name=" + py_string(t.name))
        if not t.native_enum:
            args.append("native_enum=False")
    else:
        if isinstance(t, (sa.String, sa.LargeBinary)) and getattr(t, "length", None) is not None:
            args.append(str(t.length))
        if isinstance(t, sa.Float) and t.precision is not None:
            args.append(str(t.precision))
        elif isinstance(t, sa.Numeric) and not isinstance(t, sa.Float):
            if t.precision is not None:
                args.append(str(t.precision))
            if t.scale is not None:
                args.append(str(t.scale))
        if isinstance(t, (sa.DateTime, sa.Time)) and t.timezone:
            args.append("timezone=True")
        if name == "TINYINT" and getattr(t, "display_width", None):
            args.append(str(t.display_width))   # TINYINT(1) is how MySQL stores a boolean
        if getattr(t, "unsigned", False):
            args.append("unsigned=True")
        if isinstance(t, sa.ARRAY):
            args.append(type_text(t.item_type))
    return prefix + name + ("(%s)" % ", ".join(args) if args else "")


def index_expression_text(e):
    """A column's name, or an expression as CREATE INDEX writes it (no table prefix)."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import sqlite
    if isinstance(e, sa.Column):
        return e.name
    dialect = sqlite.dialect()
    return dialect.statement_compiler(dialect, None).process(e, include_table=False, literal_binds=True)


def generated_text(column):
    """sa.Computed / sa.Identity, in the words Retort's model JSON uses."""
    import sqlalchemy as sa
    if column.computed is not None:
        persisted = column.computed.persisted
        return "computed(%s%s)" % (column.computed.sqltext, "" if persisted is None else ", persisted=%s" % persisted)
    if column.identity is not None:
        i = column.identity
        words = []
        for attr, word in (("increment", "INCREMENT BY"), ("start", "START WITH"), ("minvalue", "MINVALUE"),
                           ("maxvalue", "MAXVALUE")):
            if getattr(i, attr) is not None:
                words.append("%s %s" % (word, getattr(i, attr)))
        if i.nominvalue:
            words.append("NO MINVALUE")
        if i.nomaxvalue:
            words.append("NO MAXVALUE")
        if i.cache is not None:
            words.append("CACHE %s" % i.cache)
        if i.order:
            words.append("ORDER")
        if i.cycle:
            words.append("CYCLE")
        return "identity(always=%s%s)" % (bool(i.always), (", " + " ".join(words)) if words else "")
    return None


def sequence_text(column):
    """A sa.Sequence default, in the words Retort's model JSON uses."""
    import sqlalchemy as sa
    d = column.default
    if not isinstance(d, sa.Sequence):
        return None
    return d.name + (" (optional)" if d.optional else "")


def default_text(column):
    import sqlalchemy as sa
    d = column.server_default
    if d is None or column.computed is not None or column.identity is not None:
        return None
    arg = getattr(d, "arg", None)
    if isinstance(arg, str):
        return py_string(arg)
    if isinstance(arg, sa.sql.elements.TextClause):
        return "text(%s)" % py_string(arg.text)
    if isinstance(arg, sa.sql.elements.True_):
        return "true()"
    if isinstance(arg, sa.sql.elements.False_):
        return "false()"
    if isinstance(arg, sa.sql.functions.FunctionElement):
        return "func.%s()" % arg.name
    return repr(arg)


def name_of(c):
    n = c.name
    if n is None or type(n).__name__ == "_NoneName":
        return None
    return str(n)


def dump_table(table, bind_key):
    import sqlalchemy as sa
    columns = []
    for c in table.columns:
        columns.append({
            "name": c.name,
            "type": type_text(c.type),
            "nullable": bool(c.nullable),
            "primary_key": bool(c.primary_key),
            "default": default_text(c),
            "generated": generated_text(c),
            "sequence": sequence_text(c),
        })
    fks, uniques, checks = [], [], []
    for con in sorted(table.constraints, key=lambda c: (type(c).__name__, [col.name for col in getattr(c, "columns", [])],
                                                        str(getattr(c, "sqltext", "")))):
        if isinstance(con, sa.ForeignKeyConstraint):
            fks.append({
                "name": name_of(con),
                "columns": [e.parent.name for e in con.elements],
                "referred_table": con.elements[0].column.table.name,
                "referred_columns": [e.column.name for e in con.elements],
                "ondelete": con.ondelete,
                "onupdate": con.onupdate,
            })
        elif isinstance(con, sa.UniqueConstraint):
            uniques.append({"name": name_of(con), "columns": [c.name for c in con.columns]})
        elif isinstance(con, sa.CheckConstraint):
            checks.append({"name": name_of(con), "sqltext": str(con.sqltext)})
    for column in table.columns:   # Column(..., CheckConstraint(...)): a column-level CHECK
        for con in column.constraints:
            if isinstance(con, sa.CheckConstraint):
                checks.append({"name": name_of(con), "sqltext": str(con.sqltext)})
    indexes = []
    for ix in sorted(table.indexes, key=lambda i: str(i.name)):
        indexes.append({"name": name_of(ix), "columns": [index_expression_text(e) for e in ix.expressions],
                        "unique": bool(ix.unique)})
    return {
        "name": table.name,
        "schema": table.schema,
        "bind_key": bind_key,
        "comment": table.comment,
        "columns": columns,
        "primary_key": {"name": name_of(table.primary_key), "columns": [c.name for c in table.primary_key.columns]},
        "foreign_keys": fks,
        "unique_constraints": uniques,
        "check_constraints": checks,
        "indexes": indexes,
    }


def main():
    project, module_name = sys.argv[1], sys.argv[2]
    naming2 = "--flask-naming" in sys.argv and sys.argv[sys.argv.index("--flask-naming") + 1] == "2"
    sys.path.insert(0, project)
    import sqlalchemy as sa
    try:
        import flask_sqlalchemy
        import flask_sqlalchemy.model as fsa_model
        if naming2:
            fsa_model.camel_to_snake_case = flask_2x_camel_to_snake_case
    except ImportError:
        flask_sqlalchemy = None
    importlib.import_module(module_name)
    metadatas = []   # (bind_key, MetaData)
    seen = set()

    def add(bind_key, md):
        if id(md) not in seen:
            seen.add(id(md))
            metadatas.append((bind_key, md))

    for name, mod in list(sys.modules.items()):
        path = getattr(mod, "__file__", None) or ""
        if not isinstance(mod, types.ModuleType) or not path.startswith(project):
            continue
        for value in list(vars(mod).values()):
            if flask_sqlalchemy is not None and isinstance(value, flask_sqlalchemy.SQLAlchemy):
                for key, md in value.metadatas.items():
                    add(key, md)
            elif isinstance(value, sa.MetaData):
                add(None, value)
            elif isinstance(value, sa.orm.registry):
                add(None, value.metadata)
            elif isinstance(value, type) and isinstance(getattr(value, "metadata", None), sa.MetaData):
                add(None, value.metadata)
    tables = []
    for bind_key, md in metadatas:
        for table in md.tables.values():
            tables.append(dump_table(table, bind_key))
    tables.sort(key=lambda t: (t["bind_key"] or "", t["schema"] or "", t["name"]))
    json.dump({"sqlalchemy": sa.__version__, "tables": tables}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
