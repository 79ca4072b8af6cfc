"""Dumps database schemas with SQLAlchemy's inspector (Debian's python3-sqlalchemy), as JSON.

Usage: schema_dump.py URL [URL...]   prints one JSON object per URL, one per line.
The table alembic_version is left out (Retort's run log must not be among the tables at all). Types are rendered with the database's own dialect. The rows of
each table are included (sorted, as text), so data migrations are compared too.
"""
import json
import re
import sys

import sqlalchemy as sa


def norm_sql(text):
    if text is None:
        return None
    return re.sub(r"\s+", " ", str(text)).strip()


def rows_of(conn, engine, table, cols):
    # Values a server default fills in at insert time (now(), CURRENT_TIMESTAMP) differ between two
    # databases; they are compared as present/absent only.
    clock = [bool(c["default"]) and re.search(r"now|current_timestamp", c["default"], re.I) is not None for c in cols]
    rows = []
    for row in conn.execute(sa.text("SELECT * FROM %s" % engine.dialect.identifier_preparer.quote(table))):
        rows.append(json.dumps([None if v is None else ("<clock>" if clock[i] else str(v)) for i, v in enumerate(row)]))
    return sorted(rows)


def dump(url):
    engine = sa.create_engine(url)
    out = {"tables": {}, "enums": []}
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        for table in sorted(insp.get_table_names()):
            if table == "alembic_version":
                continue
            cols = []
            for c in insp.get_columns(table):
                cols.append({"name": c["name"], "type": str(c["type"].compile(dialect=engine.dialect)),
                             "nullable": c["nullable"], "default": norm_sql(c.get("default")),
                             "comment": c.get("comment"), "autoincrement": c.get("autoincrement")})
            pk = insp.get_pk_constraint(table)
            fks = [{"name": f.get("name"), "columns": f["constrained_columns"], "table": f["referred_table"],
                    "refcolumns": f["referred_columns"], "options": {k: v for k, v in sorted(f.get("options", {}).items())}}
                   for f in insp.get_foreign_keys(table)]
            indexes = [{"name": i["name"], "columns": i["column_names"], "unique": bool(i["unique"])}
                       for i in insp.get_indexes(table)]
            uniques = [{"name": u["name"], "columns": u["column_names"]} for u in insp.get_unique_constraints(table)]
            try:
                checks = [{"name": c["name"], "sqltext": norm_sql(c["sqltext"])} for c in insp.get_check_constraints(table)]
            except NotImplementedError:
                checks = []
            try:
                comment = insp.get_table_comment(table).get("text")
            except NotImplementedError:
                comment = None
            key = lambda d: json.dumps(d, sort_keys=True)
            out["tables"][table] = {
                "columns": cols,
                "primary_key": {"name": pk.get("name"), "columns": pk["constrained_columns"]},
                "foreign_keys": sorted(fks, key=key), "indexes": sorted(indexes, key=key),
                "unique_constraints": sorted(uniques, key=key), "check_constraints": sorted(checks, key=key),
                "comment": comment,
                "rows": rows_of(conn, engine, table, cols),
            }
        if engine.dialect.supports_sequences:
            out["sequences"] = sorted(insp.get_sequence_names())
        if engine.dialect.name == "postgresql":
            # retort_log holds Retort's run log on PostgreSQL (a schema of its own, outside the project's tables).
            out["schemas"] = sorted(s for s in insp.get_schema_names() if s not in ("information_schema", "retort_log"))
            out["enums"] = sorted([{"name": e["name"], "labels": e["labels"]} for e in insp.get_enums()],
                                  key=lambda e: e["name"])
    engine.dispose()
    return out


if __name__ == "__main__":
    for url in sys.argv[1:]:
        print(json.dumps(dump(url), sort_keys=True))
