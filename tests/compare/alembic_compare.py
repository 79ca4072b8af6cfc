"""Creates the tables of BEFORE (a models file) in the database at URL with SQLAlchemy, then prints
Alembic's compare_metadata() of AFTER against it, one normalised difference a line (sorted).

usage: alembic_compare.py URL BEFORE.py AFTER.py
"""
import importlib.util
import sys

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def metadata_of(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for value in vars(module).values():
        md = getattr(value, "metadata", None)
        if isinstance(md, sa.MetaData):
            return md
    raise SystemExit("no MetaData in " + path)


def cols(c):
    return ",".join(col.name for col in c.columns)


def line(diff):
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return "%s %s" % (kind, diff[1].name)
    if kind in ("add_column", "remove_column"):
        return "%s %s.%s" % (kind, diff[2], diff[3].name)
    if kind in ("add_index", "remove_index"):
        return "%s %s" % (kind, diff[1].name)
    if kind in ("add_constraint", "remove_constraint"):
        c = diff[1]
        return "%s %s(%s)" % (kind.replace("constraint", "unique"), c.table.name, cols(c))
    if kind in ("add_fk", "remove_fk"):
        fk = diff[1]
        return "%s %s(%s)->%s(%s)" % (kind, fk.parent.name, ",".join(c.name for c in fk.columns),
                                      fk.elements[0].column.table.name if kind == "add_fk" else fk.referred_table.name,
                                      ",".join(e.column.name for e in fk.elements))
    if kind in ("modify_nullable", "modify_type", "modify_comment", "modify_default"):
        return "%s %s.%s" % (kind, diff[2], diff[3])
    if kind in ("add_table_comment", "remove_table_comment"):
        return "modify_table_comment %s" % diff[1].name
    return repr(diff)


def main():
    url, before, after = sys.argv[1:4]
    engine = sa.create_engine(url)
    metadata_of(before, "models_before").create_all(engine)
    target = metadata_of(after, "models_after")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, kind, reflected, compare_to: name not in ("alembic_version", "retort_log"),
        })
        lines = []
        for diff in compare_metadata(context, target):
            for d in (diff if isinstance(diff, list) else [diff]):
                lines.append(line(d))
    print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
