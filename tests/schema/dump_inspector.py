"""Dumps a live schema with SQLAlchemy's inspector in the shape tst_Introspection compares with
`retort-cli inspect --json`: types in SQLAlchemy's reflected vocabulary (rendered as in
tests/models/dump_metadata.py), indexes without the ones that duplicate a constraint.

usage: dump_inspector.py URL [SCHEMA]
"""
import json
import os
import sys

import sqlalchemy as sa

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
from dump_metadata import type_text  # noqa: E402


def main():
    url = sys.argv[1]
    schema = sys.argv[2] if len(sys.argv) > 2 else None
    engine = sa.create_engine(url)
    out = {"tables": [], "views": [], "enums": []}
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        out["views"] = sorted(insp.get_view_names(schema=schema))
        if engine.dialect.name == "postgresql":
            out["enums"] = [{"name": e["name"], "values": list(e["labels"])}
                            for e in sorted(insp.get_enums(schema=schema or "public"), key=lambda e: e["name"])]
        for table in sorted(insp.get_table_names(schema=schema)):
            columns = []
            for c in insp.get_columns(table, schema=schema):
                columns.append({"name": c["name"], "reflected_type": type_text(c["type"]), "nullable": bool(c["nullable"]),
                                "default": c.get("default"), "comment": c.get("comment")})
            pk = insp.get_pk_constraint(table, schema=schema)
            fks = [{"name": f.get("name"), "columns": f["constrained_columns"], "referred_table": f["referred_table"],
                    "referred_columns": f["referred_columns"], "ondelete": (f.get("options") or {}).get("ondelete"),
                    "onupdate": (f.get("options") or {}).get("onupdate")}
                   for f in insp.get_foreign_keys(table, schema=schema)]
            indexes = [{"name": i["name"], "columns": [c or "" for c in i["column_names"]], "unique": bool(i["unique"])}
                       for i in insp.get_indexes(table, schema=schema) if not i.get("duplicates_constraint")]
            uniques = [{"name": u.get("name"), "columns": u["column_names"]}
                       for u in insp.get_unique_constraints(table, schema=schema)]
            checks = [{"name": c.get("name"), "sqltext": c["sqltext"]} for c in insp.get_check_constraints(table, schema=schema)]
            comment = insp.get_table_comment(table, schema=schema).get("text") if engine.dialect.name != "sqlite" else None
            out["tables"].append({"name": table, "comment": comment, "columns": columns,
                                  "primary_key": {"name": pk.get("name"), "columns": pk.get("constrained_columns") or []},
                                  "foreign_keys": fks, "indexes": indexes, "unique_constraints": uniques,
                                  "check_constraints": checks})
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
