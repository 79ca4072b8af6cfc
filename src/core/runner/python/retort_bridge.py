# Retort's Python bridge: runs the revisions that need Python with the project's own Alembic and
# SQLAlchemy, one revision per request, for a Retort process that holds the migration lock, took
# the backup and writes the run log. Retort starts it once per run with the interpreter the user
# chose (or the project's virtualenv) and talks to it in JSON lines: requests on stdin, events on
# stdout. Everything else the project prints goes to stderr. The database URL (with its password)
# arrives in the first request, never in argv or the environment.
#
# Requests:  {"cmd": "hello", "url", "project_dir", "ini", "section", "script_location", "x"}
#            {"cmd": "run", "path", "revision", "upgrade", "before": [stmt], "after": [stmt],
#             "fk_check": bool, "attach": [[alias, file]], "function": name (multi-database: upgrade_<bind>)}      where stmt is {"sql": "... ? ...", "params": [...], "rows": -1 | n}
#            {"cmd": "offline", "path", "upgrade", "function"}   the revision's SQL in Alembic's offline mode
#            {"cmd": "quit"}
#            (hello without "url" but with "dialect": offline only; no connection is ever opened)
# Events:    {"event": "ready", "python", "alembic", "sqlalchemy", "env", "driver"}
#            {"event": "statement", "sql", "line"}   before each statement of a revision runs
#            {"event": "done"}
#            {"event": "offline", "statements": [...]}
#            {"event": "error", "stage", "message", "file", "line", "sql", "detail", "traceback"}
#
# One revision is one transaction where the engine allows it: BEGIN (SQLite: BEGIN IMMEDIATE, with
# foreign keys off around it as Retort's native runner does), upgrade() or downgrade() through real
# Alembic operations on a MigrationContext bound to this connection, the statements Retort sends
# (the version-table change and the run-log row), PRAGMA foreign_key_check on SQLite, COMMIT.
import io
import json
import os
import sys
import traceback

_proto_out = None
_bookkeeping = [False]      # True while the bridge runs Retort's own statements (not streamed)
_current_path = [None]      # the revision file being run, for the line of each statement
_state = {}


def send(event):
    _proto_out.write(json.dumps(event) + "\n")
    _proto_out.flush()


def _same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _line_in(frames, path):
    """The line of the deepest frame in the revision file, else 0."""
    if not path:
        return 0
    line = 0
    for frame in frames:
        if frame.filename and _same_file(frame.filename, path):
            line = frame.lineno or 0
    return line


def _current_line():
    """The line of the revision file being run that the current statement comes from (the deepest
    frame in that file), else 0. Walks the frames without reading any source."""
    path = _current_path[0]
    if not path:
        return 0
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == path:
            return frame.f_lineno
        frame = frame.f_back
    return 0


def _error_event(stage, exc, path=None):
    """An error event for exc: the revision file:line from the traceback, the statement and the
    driver's own words when the database refused it."""
    frames = traceback.extract_tb(exc.__traceback__)
    line = _line_in(frames, path)
    where = path if line else ""
    if not line:
        # The deepest frame of the project (not of Alembic, SQLAlchemy or this bridge).
        project = _state.get("project_dir") or ""
        for frame in frames:
            if project and frame.filename.startswith(project + os.sep):
                where, line = frame.filename, frame.lineno or 0
    sql = getattr(exc, "statement", None)
    orig = getattr(exc, "orig", None)
    detail = str(orig) if orig is not None else ""
    message = "%s: %s" % (type(exc).__name__, str(orig) if orig is not None else str(exc))
    return {"event": "error", "stage": stage, "message": message.strip(), "file": where, "line": line,
            "sql": sql or "", "detail": detail.strip(),
            "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-8000:]}


def _split_words(text):
    return [w for w in text.replace(",", " ").split() if w]


def _choose_driver(url):
    """A URL without +driver gets the driver the interpreter has, as a user would pick it."""
    import importlib
    name = url.drivername
    if "+" in name:
        return url
    candidates = {"postgresql": [("psycopg2", "postgresql+psycopg2"), ("psycopg", "postgresql+psycopg"),
                                 ("pg8000", "postgresql+pg8000")],
                  "mysql": [("MySQLdb", "mysql+mysqldb"), ("pymysql", "mysql+pymysql")],
                  "mariadb": [("MySQLdb", "mariadb+mysqldb"), ("pymysql", "mariadb+pymysql")]}.get(name, [])
    for module, driver in candidates:
        try:
            importlib.import_module(module)
        except Exception:
            continue
        return url.set(drivername=driver) if hasattr(url, "set") else _with_driver_13(url, driver)
    return url


def _with_driver_13(url, driver):
    url = __import__("copy").copy(url)
    url.drivername = driver
    return url


def _exec_driver(conn, sql, params):
    """Runs Retort's own statement (written with ? placeholders) in the driver's paramstyle."""
    style = conn.dialect.paramstyle
    key = (sql, style)
    text = _converted.get(key)
    if text is None:
        text = _converted[key] = _convert_placeholders(sql, style)
    if style == "named":
        params = {"p%d" % i: v for i, v in enumerate(params)}
    else:
        params = tuple(params)
    # Straight to the driver, on the connection (and transaction) the revision used: Retort's own
    # statements are not the revision's, and skipping SQLAlchemy's machinery keeps them cheap.
    cursor = conn.connection.cursor()
    try:
        cursor.execute(text, params)
        return _Done(cursor.rowcount, cursor.fetchall() if cursor.description else [])
    finally:
        cursor.close()


_converted = {}


def _batched(conn, statements):
    """psycopg2 runs several statements in one round trip: each run of statements that need no row
    count, with the one after it that does (whose count the driver then reports), goes as one."""
    if conn.dialect.driver != "psycopg2":
        return statements
    out, pending = [], []
    for statement in statements:
        pending.append(statement)
        if statement.get("rows", -1) >= 0:
            out.append(pending)
            pending = []
    if pending:
        out.append(pending)
    return [group[0] if len(group) == 1 else
            {"sql": ";\n".join(g["sql"] for g in group), "params": [p for g in group for p in g.get("params", [])],
             "rows": group[-1].get("rows", -1)}
            for group in out]


def _convert_placeholders(sql, style):
    """sql with Retort's ? placeholders in the driver's paramstyle (outside quotes; % doubled where
    the driver formats with %)."""
    out, quote, n = [], None, 0
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" and style in ("format", "pyformat") else ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'\"`":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append({"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": ":%d" % (n + 1),
                        "named": ":p%d" % n}.get(style, "?"))
            n += 1
        elif ch == "%" and style in ("format", "pyformat"):
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class _Done:
    def __init__(self, rowcount, rows):
        self.rowcount = rowcount
        self._rows = rows

    def fetchall(self):
        return self._rows


def hello(msg):
    _state["project_dir"] = msg["project_dir"]
    _state["multidb"] = bool(msg.get("multidb"))
    # Alembic and SQLAlchemy come from the interpreter, never from the project folder (whose
    # alembic/ migrations folder would otherwise import as a namespace package named alembic).
    missing = []
    for name in ("alembic", "sqlalchemy"):
        try:
            module = __import__(name)
            if getattr(module, "__file__", None) is None:
                raise ImportError("%s is a folder of the project, not the package" % name)
        except Exception as exc:
            sys.modules.pop(name, None)
            missing.append((name, "%s: %s" % (type(exc).__name__, exc)))
    if missing:
        send({"event": "error", "stage": "import", "missing": [name for name, _ in missing],
              "message": missing[0][1], "file": "", "line": 0, "sql": "", "detail": missing[0][1], "traceback": ""})
        return False
    os.chdir(msg["project_dir"])
    # As `alembic` run from the project folder and `flask db` see it: the project root importable,
    # then prepend_sys_path (ScriptDirectory.from_config applies it).
    if msg["project_dir"] not in sys.path:
        sys.path.insert(0, msg["project_dir"])
    try:
        import sqlalchemy as sa
        import alembic
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        from alembic.runtime.environment import EnvironmentContext
    except Exception as exc:
        send(_error_event("import", exc))
        return False
    try:
        make_url = sa.engine.make_url
        offline_only = not msg.get("url")
        url = make_url(msg["dialect"] + "://") if offline_only else _choose_driver(make_url(msg["url"]))
        config = Config(msg.get("ini") or None, ini_section=msg.get("section") or "alembic", output_buffer=io.StringIO())
        config.set_main_option("script_location", msg["script_location"])
        rendered = url.render_as_string(hide_password=False) if hasattr(url, "render_as_string") else str(url)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
        if msg.get("x"):
            import argparse
            config.cmd_opts = argparse.Namespace(x=list(msg["x"]))
        script = ScriptDirectory.from_config(config)
    except Exception as exc:
        send(_error_event("config", exc))
        return False

    # env.py runs in offline mode, as `alembic upgrade --sql` runs it: its imports happen (custom
    # operations, plugins, the models), its context.configure() options are kept, and it opens no
    # connection of its own. Flask-Migrate's env.py needs the application: it is created, as
    # `flask db` does, when env.py asks for current_app.
    env = EnvironmentContext(config, script, fn=lambda rev, context: [], as_sql=True,
                             starting_rev=None, destination_rev=None)
    run_kw = {}
    original_run = EnvironmentContext.run_migrations

    def record_run(self, **kw):
        run_kw.update(kw)
        return original_run(self, **kw)

    EnvironmentContext.run_migrations = record_run
    env_status = "env.py read"
    # Flask-Migrate's multi-database env.py writes one <bind>.sql file per database in offline mode:
    # those go to a scratch folder, never into the project.
    scratch = None
    if msg.get("multidb"):
        import tempfile
        scratch = tempfile.mkdtemp(prefix="retort-env-")
        os.chdir(scratch)
    try:
        env.__enter__()
        try:
            script.run_env()
        except RuntimeError as exc:
            if "application context" not in str(exc):
                raise
            app = _flask_app()
            if app is None:
                raise
            _state["app_context"] = app.app_context()
            _state["app_context"].push()
            env_status = "env.py read inside the Flask application's context"
            script.run_env()
    except BaseException as exc:
        EnvironmentContext.run_migrations = original_run
        send(_error_event("env.py", exc, os.path.join(msg["script_location"], "env.py")))
        return False
    finally:
        if scratch:
            import shutil
            os.chdir(msg["project_dir"])
            shutil.rmtree(scratch, ignore_errors=True)
    EnvironmentContext.run_migrations = original_run
    # Flask-Migrate's env.py sets the application's URL; revisions see the database Retort runs on.
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    opts = dict(env.context_opts)
    for key in ("url", "connection", "dialect_name", "dialect_opts", "as_sql", "fn", "starting_rev", "destination_rev",
                "tag", "output_buffer", "literal_binds", "output_encoding", "template_args", "transaction_per_migration"):
        opts.pop(key, None)
    _state.update(sa=sa, env=env, opts=opts, run_kw=run_kw, config=config, dialect=url.get_backend_name())
    if offline_only:
        send({"event": "ready", "python": sys.version.split()[0], "alembic": alembic.__version__,
              "sqlalchemy": sa.__version__, "env": env_status, "driver": ""})
        return True

    try:
        kwargs = {"poolclass": sa.pool.NullPool}
        if url.get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"timeout": 30}
        engine = sa.create_engine(url, **kwargs)
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            def on_connect(dbapi_connection, record):
                dbapi_connection.isolation_level = None     # BEGIN is Retort's, below

            def on_begin(conn):
                _bookkeeping[0] = True
                try:
                    (conn.exec_driver_sql if hasattr(conn, "exec_driver_sql") else conn.execute)("BEGIN IMMEDIATE")
                finally:
                    _bookkeeping[0] = False
            sa.event.listen(engine, "connect", on_connect)
            sa.event.listen(engine, "begin", on_begin)

        def before_execute(conn, cursor, statement, parameters, context, executemany):
            if _bookkeeping[0]:
                return
            send({"event": "statement", "sql": statement, "line": _current_line()})
        sa.event.listen(engine, "before_cursor_execute", before_execute)
        connection = engine.connect()
        # MySQL/MariaDB commit DDL at once: every statement commits as it runs (as Alembic's own
        # runs and Retort's native ones do), so a failure report lists exactly what stayed applied.
        autocommit = engine.dialect.name in ("mysql", "mariadb")
        if autocommit:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
    except Exception as exc:
        send(_error_event("connect", exc))
        return False
    _state.update(engine=engine, connection=connection, sqlite=sqlite, autocommit=autocommit)
    send({"event": "ready", "python": sys.version.split()[0], "alembic": alembic.__version__, "sqlalchemy": sa.__version__,
          "env": env_status, "driver": engine.dialect.driver})
    return True


def _flask_app():
    """The project's Flask application, found as `flask` finds it: FLASK_APP (from the environment or
    the project's .flaskenv / .env), else wsgi.py / app.py, else a module or package of the project
    folder that builds a Flask application (create_app() or a Flask instance)."""
    import importlib
    names = []
    flask_app = os.environ.get("FLASK_APP")
    for dotenv in (".flaskenv", ".env"):
        if flask_app:
            break
        try:
            with open(os.path.join(_state["project_dir"], dotenv), encoding="utf-8") as f:
                for line in f:
                    key, _, value = line.strip().partition("=")
                    if key.strip() == "FLASK_APP":
                        flask_app = value.strip().strip("'\"")
        except OSError:
            pass
    if flask_app:
        names.append(flask_app.replace(".py", "").replace("/", "."))
    names += ["wsgi", "app", "application"]
    root = _state["project_dir"]
    for entry in sorted(os.listdir(root)):
        path = os.path.join(root, entry)
        source = os.path.join(path, "__init__.py") if os.path.isdir(path) else path
        if not entry.isidentifier() and not entry.endswith(".py") or entry in ("setup.py", "conftest.py"):
            continue
        try:
            with open(source, encoding="utf-8") as f:
                text = f.read(200000)
        except OSError:
            continue
        if "create_app" in text or "Flask(" in text:
            names.append(entry[:-3] if entry.endswith(".py") else entry)
    for name in names:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        candidates = [attr] if attr else ["app", "application", "create_app", "make_app"]
        for candidate in candidates:
            obj = getattr(module, candidate.split("(")[0], None)
            if obj is None:
                continue
            if hasattr(obj, "app_context"):
                return obj
            if callable(obj):
                made = obj()
                if hasattr(made, "app_context"):
                    return made
    return None


def _load_revision(path):
    modules = _state.setdefault("modules", {})
    if path not in modules:
        from alembic import util
        modules[path] = util.load_python_file(os.path.dirname(path), os.path.basename(path))
    return modules[path]


def run(msg):
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    conn = _state["connection"]
    sqlite = _state["sqlite"]
    path = msg["path"]
    stage = "revision"
    raw = None
    fk_was_on = False
    trans = None
    try:
        stage = "load"
        module = _load_revision(path)
        if _state.get("multidb") and not msg.get("function"):
            # upgrade(engine_name) would run whichever bind env.py named last, on this database.
            raise RuntimeError("a multi-database revision needs the bind to run (upgrade_<bind>)")
        name = msg.get("function") or ("upgrade" if msg["upgrade"] else "downgrade")
        function = getattr(module, name, None)
        if function is None:
            raise AttributeError("the revision has no %s() function" % name)
        stage = "begin"
        if sqlite:
            # Foreign keys off outside the transaction, so a batch rebuild never cascades.
            raw = conn.connection
            cursor = raw.cursor()
            cursor.execute("PRAGMA foreign_keys")
            fk_was_on = cursor.fetchone()[0] == 1
            if fk_was_on:
                cursor.execute("PRAGMA foreign_keys = OFF")
            # Retort's run log in its own file, attached once (outside any transaction).
            cursor.execute("PRAGMA database_list")
            attached = set(row[1] for row in cursor.fetchall())
            for alias, file in msg.get("attach", []):
                if alias not in attached:
                    cursor.execute('ATTACH DATABASE ? AS "%s"' % alias.replace('"', '""'), (file,))
            cursor.close()
        if not _state["autocommit"]:
            trans = conn.begin()
        stage = "version"
        _bookkeeping[0] = True
        for statement in msg.get("before", []):
            _exec_driver(conn, statement["sql"], statement.get("params", []))
        _bookkeeping[0] = False
        stage = "revision"
        # One migration context for the whole run, as under Alembic.
        context = _state.get("context")
        if context is None:
            context = _state["context"] = MigrationContext.configure(connection=conn, opts=dict(_state["opts"]))
        env = _state["env"]
        env._migration_context = context      # context.get_context(), get_bind() in revisions
        _current_path[0] = path
        with Operations.context(context):
            # Alembic passes run_migrations()'s keywords (engine_name=…); upgrade_<bind>() takes none.
            function(**({} if msg.get("function") else _state["run_kw"]))
        _current_path[0] = None
        stage = "version"
        _bookkeeping[0] = True
        for statement in _batched(conn, msg.get("after", [])):
            result = _exec_driver(conn, statement["sql"], statement.get("params", []))
            expected = statement.get("rows", -1)
            if expected >= 0 and result.rowcount != expected:
                raise RuntimeError("the version table changed under Retort: %d rows matched instead of %d"
                                   % (result.rowcount, expected))
        if sqlite and msg.get("fk_check"):
            broken = _exec_driver(conn, "PRAGMA foreign_key_check", []).fetchall()
            if broken:
                row = broken[0]
                stage = "foreign keys"
                raise RuntimeError("the revision would leave rows that break foreign keys: row %s of table %s refers to "
                                   "a missing row of %s" % (row[1], row[0], row[2]))
        _bookkeeping[0] = False
        stage = "commit"
        if trans is not None:
            trans.commit()
            trans = None
        elif getattr(conn, "in_transaction", None) and conn.in_transaction():
            conn.commit()       # SQLAlchemy 2.0's autobegin, a formality under AUTOCOMMIT
        send({"event": "done"})
    except BaseException as exc:
        _current_path[0] = None
        _bookkeeping[0] = False
        event = _error_event(stage, exc, path)
        if trans is not None:
            try:
                trans.rollback()
            except Exception as rollback_error:
                event["rollback"] = str(rollback_error)
        send(event)
    finally:
        if raw is not None and fk_was_on:
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.close()
            except Exception:
                pass


def offline(msg):
    """The revision's statements as `alembic upgrade --sql` prints them; a revision that needs a live
    connection (it reads rows, inspects the database) fails here with its file:line."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    path = msg["path"]
    statements = []
    try:
        module = _load_revision(path)
        function = getattr(module, msg.get("function") or ("upgrade" if msg["upgrade"] else "downgrade"))
        opts = dict(_state["opts"])
        opts.update(as_sql=True, literal_binds=True, output_buffer=io.StringIO())
        context = MigrationContext.configure(dialect_name=_state["dialect"], opts=opts)
        context.impl.static_output = statements.append
        _state["env"]._migration_context = context
        _current_path[0] = path
        with Operations.context(context):
            function(**({} if msg.get("function") else _state["run_kw"]))
        send({"event": "offline", "statements": statements})
    except BaseException as exc:
        event = _error_event("offline", exc, path)
        event["statements"] = statements
        send(event)
    finally:
        _current_path[0] = None


def main():
    global _proto_out
    # python -c puts the working directory first on sys.path; the project folder is added back, after
    # Alembic and SQLAlchemy are imported, by hello().
    if sys.path and sys.path[0] in ("", os.getcwd()):
        sys.path.pop(0)
    # The protocol keeps its own copies of stdin and stdout; the project's prints go to stderr and
    # input() reads nothing, so no revision can write into or read from the protocol.
    _proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdout = sys.stderr
    sys.stdin = open(os.devnull)
    while True:
        line = proto_in.readline()
        if not line:
            break
        try:
            msg = json.loads(line)
        except ValueError:
            send({"event": "error", "stage": "protocol", "message": "not a request: %r" % line[:200]})
            continue
        cmd = msg.get("cmd")
        if cmd == "hello":
            if not hello(msg):
                break
        elif cmd == "run" and "connection" in _state:
            run(msg)
        elif cmd == "offline":
            offline(msg)
        elif cmd == "quit":
            break
    connection = _state.get("connection")
    if connection is not None:
        try:
            connection.close()
        except Exception:
            pass


main()
