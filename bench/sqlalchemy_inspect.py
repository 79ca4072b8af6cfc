"""Times SQLAlchemy's inspector on a whole schema; prints "SECONDS TABLES".

usage: sqlalchemy_inspect.py URL per-table|multi
per-table: columns, primary key, foreign keys, indexes and unique constraints of every table, one
table at a time, as Alembic's autogenerate asks for them. multi: SQLAlchemy 2.0's batched get_multi_*().
"""
import sys
import time

import sqlalchemy as sa


def main():
    url, mode = sys.argv[1], sys.argv[2]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        start = time.perf_counter()
        insp = sa.inspect(conn)
        names = insp.get_table_names()
        if mode == "multi":
            insp.get_multi_columns()
            insp.get_multi_pk_constraint()
            insp.get_multi_foreign_keys()
            insp.get_multi_indexes()
            insp.get_multi_unique_constraints()
        else:
            for name in names:
                insp.get_columns(name)
                insp.get_pk_constraint(name)
                insp.get_foreign_keys(name)
                insp.get_indexes(name)
                insp.get_unique_constraints(name)
        print("%.3f %d" % (time.perf_counter() - start, len(names)))


if __name__ == "__main__":
    main()
