"""Runs real Alembic (Debian's python3-alembic) on test projects and prints what it did, as JSON.

Input on stdin: [{"dir": project folder, "db": sqlite file, "commands": [[name, args...], ...]}, ...]
Output: one list per project with, per command, {"ok", "output" or "error", "rows"} where rows are
the alembic_version rows after the command.

Alembic 1.8.1 lists version files in directory order; newer releases sort them. The file listing is
sorted here so that the reference is deterministic (Retort sorts as newer Alembic does).
"""
import io
import json
import os
import sys

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import base as script_base
from alembic.util.exc import CommandError

_original_list = script_base.Script._list_py_dir.__func__
script_base.Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(_original_list(cls, sd, path)))


def version_rows(db):
    engine = sa.create_engine("sqlite:///" + db)
    try:
        with engine.connect() as connection:
            return sorted(r[0] for r in connection.execute(sa.text("SELECT version_num FROM alembic_version")))
    except Exception:
        return []
    finally:
        engine.dispose()


def run(scenario):
    # prepend_sys_path and relative paths in alembic.ini are relative to the working directory.
    os.chdir(scenario["dir"])
    # The demo's env.py takes its URL from RETORT_DATABASE_URL first.
    os.environ["RETORT_DATABASE_URL"] = "sqlite:///" + scenario["db"]
    results = []
    for cmd in scenario["commands"]:
        out = io.StringIO()
        config = Config(os.path.join(scenario["dir"], "alembic.ini"), stdout=out)
        config.set_main_option("sqlalchemy.url", "sqlite:///" + scenario["db"])
        name, args = cmd[0], cmd[1:]
        try:
            if name == "heads":
                command.heads(config)
            elif name == "history":
                command.history(config, args[0] if args else None)
            elif name == "branches":
                command.branches(config)
            elif name == "upgrade":
                command.upgrade(config, args[0])
            elif name == "downgrade":
                command.downgrade(config, args[0])
            elif name == "stamp":
                command.stamp(config, args[0], purge=bool(args[1]) if len(args) > 1 else False)
            elif name == "current":
                command.current(config)
            else:
                raise ValueError("unknown command " + name)
            results.append({"ok": True, "output": out.getvalue(), "rows": version_rows(scenario["db"])})
        except CommandError as e:
            results.append({"ok": False, "error": str(e), "rows": version_rows(scenario["db"])})
        except Exception as e:  # Alembic itself crashed (KeyError, AssertionError, ...)
            results.append({"ok": False, "crash": True, "error": "%s: %s" % (type(e).__name__, e),
                            "rows": version_rows(scenario["db"])})
    return results


print(json.dumps([run(s) for s in json.load(sys.stdin)]))
