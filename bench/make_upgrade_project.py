"""Writes a linear Alembic project of N revisions for bench/upgrade.

Usage: make_upgrade_project.py DIR N native|python

Every revision creates a table with an index and adds a column to the table of the revision before
(and downgrade undoes it). "python" revisions do the same and also write a row through
op.get_bind(), which Retort runs through the project's Python; "native" revisions are declarative
and Retort runs them without Python. The URL comes from RETORT_DATABASE_URL.
"""
import os
import sys

ENV = '''import os

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
url = os.environ.get("RETORT_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
'''

REVISION = '''"""table {i}

Revision ID: {rev}
Revises: {down_text}
"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "t{i}",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("created", sa.DateTime, nullable=True),
    )
    op.create_index("ix_t{i}_name", "t{i}", ["name"])
{previous_up}{python_up}

def downgrade():
{python_down}    op.drop_index("ix_t{i}_name", table_name="t{i}")
    op.drop_table("t{i}")
{previous_down}'''


def main():
    target, count, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    versions = os.path.join(target, "alembic", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(target, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///bench.db\n")
    with open(os.path.join(target, "alembic", "env.py"), "w") as f:
        f.write(ENV)
    for i in range(count):
        rev = "r%05d" % i
        down = "r%05d" % (i - 1) if i else None
        previous_up = previous_down = python_up = python_down = ""
        if i:
            previous_up = '    op.add_column("t%d", sa.Column("extra", sa.Integer, nullable=True))\n' % (i - 1)
            previous_down = ('    with op.batch_alter_table("t%d") as batch_op:\n'
                             '        batch_op.drop_column("extra")\n') % (i - 1)
        if kind == "python":
            python_up = ('    bind = op.get_bind()\n'
                         '    bind.execute(sa.text("INSERT INTO t%d (id, name) VALUES (1, :name)"), {"name": "row %d"})\n') % (i, i)
            python_down = '    op.get_bind().execute(sa.text("DELETE FROM t%d"))\n' % i
        with open(os.path.join(versions, "%s_table_%d.py" % (rev, i)), "w") as f:
            f.write(REVISION.format(i=i, rev=rev, down=down, down_text=down or "", previous_up=previous_up,
                                    previous_down=previous_down, python_up=python_up, python_down=python_down))


main()
