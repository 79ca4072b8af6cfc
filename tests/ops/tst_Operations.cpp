// Running revisions without Python, beyond "the same as Alembic": what Retort refuses to run and why
// (with the line), what it refuses to emit where Alembic would fail or lose something, how a failing
// statement leaves the database, and the SQLite batch rebuild that must not cascade deletes.
// Databases are real: SQLite files, and the PostgreSQL and MariaDB servers of the test script.
#include "connection/Connection.h"
#include "runner/MigrationLock.h"
#include "runner/MigrationRunner.h"
#include "migrations/ProjectHistory.h"
#include "runner/VersionTable.h"
#include "ops/DdlCompiler.h"
#include "ops/OpReader.h"
#include "project/NamingConvention.h"
#include "project/Project.h"
#include "runner/RunLog.h"
#include "schema/SchemaReader.h"
#include "RevisionFiles.h"
#include "TestServers.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;
using test::ScratchDatabase;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

using test::Revision;
using test::scriptText;
using test::writeProject;

// One project loaded for running: the history keeps the graph the operation source points into.
struct Loaded
{
    ProjectHistory history;
    std::unique_ptr<RevisionOperationSource> source;
};

std::unique_ptr<Loaded> load(const QString &dir)
{
    Result<Project> project = Project::open(dir);
    if (!project)
        return nullptr;
    auto loaded = std::make_unique<Loaded>();
    loaded->history = ProjectHistory::load(*project);
    loaded->source = std::make_unique<RevisionOperationSource>(loaded->history.graph);
    return loaded;
}

QStringList tableNames(const Connection &c)
{
    Result<Schema> schema = introspectSchema(c);
    QStringList names;
    if (schema) {
        for (const Table &t : schema->tables)
            names << t.name;
    }
    return names;
}

QStringList versionRows(const Connection &c)
{
    Result<VersionTableState> state = readVersionTable(c);
    return state ? state->revisions : QStringList{QStringLiteral("<unreadable>")};
}

OperationsRead readBody(const QString &body, const QString &imports = {})
{
    return readRevisionOperations(scriptText(Revision{QStringLiteral("x1"), {}, body, {}}, imports)).upgrade;
}

Result<QList<SqlStatement>> compileBody(Dialect dialect, const QString &body, SchemaOracle *oracle = nullptr)
{
    const OperationsRead read = readBody(body, QStringLiteral("import sqlalchemy_utils\nimport datetime"));
    if (read.needsPython)
        return makeError(QStringLiteral("needs Python: ") + read.needsPython->reason);
    QList<SqlStatement> all;
    const DdlCompiler compiler(dialect);
    for (const Operation &op : read.operations) {
        Result<QList<SqlStatement>> s = compiler.compile(op, oracle);
        if (!s)
            return s;
        all << *s;
    }
    return all;
}

QString joined(const QList<SqlStatement> &statements)
{
    QStringList out;
    for (const SqlStatement &s : statements)
        out << QString(s.sql).replace(QLatin1Char('\t'), QString()).replace(QLatin1Char('\n'), QString());
    return out.join(QStringLiteral("; "));
}

#define RETORT_VERIFY_OK(statusExpression)                                                                          \
    do {                                                                                                            \
        const Status status_ = (statusExpression);                                                                  \
        QVERIFY2(status_.ok(), qPrintable(!status_.ok() ? status_.error().toString() + QStringLiteral(" [") + status_.error().sql + QLatin1Char(']') \
                                              : QString()));                                                       \
    } while (false)

// The header written by scriptText() takes this many lines before the body starts.
constexpr int kBodyFirstLine = 15;

} // namespace

class tst_Operations : public QObject
{
    Q_OBJECT

private slots:
    // --- what needs Python ---------------------------------------------------------------

    void needsPython_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("imports");
        QTest::addColumn<int>("bodyLine");     // 1-based line in the body
        QTest::addColumn<QString>("reason");
        QTest::newRow("get_bind result used") << "conn = op.get_bind()\nrows = conn.execute('SELECT a FROM t').fetchall()" << "" << 2
                                          << ".execute() on the connection op.get_bind() returns";
        QTest::newRow("get_bind driver parameters") << "conn = op.get_bind()\nconn.execute('UPDATE t SET a = %s', (1,))"
                                                    << "" << 2 << "with parameters for something other than sa.text()";
        QTest::newRow("get_bind percent") << "op.get_bind().execute(\"UPDATE t SET a = '5%'\")" << "" << 1
                                          << "a '%' in SQL handed to the driver";
        QTest::newRow("get_context") << "op.get_context().bind.execute('x')" << "" << 1 << "op.get_context() hands a live connection";
        QTest::newRow("get_context connection") << "conn = op.get_context().connection\nop.drop_table('t')" << "" << 1
                                                << "op.get_context() hands a live connection";
        QTest::newRow("autocommit block in batch") << "with op.batch_alter_table('t') as b:\n    with op.get_context().autocommit_block():\n"
                                                      "        b.drop_column('a')" << "" << 2
                                                   << "an autocommit_block inside a batch_alter_table block";
        QTest::newRow("autocommit block as") << "with op.get_context().autocommit_block() as x:\n    op.drop_table('t')" << "" << 1
                                             << "an autocommit_block bound with 'as'";
        QTest::newRow("loop over rows") << "conn = op.get_bind()\nfor row in conn.execute('SELECT a FROM t'):\n    op.drop_column('t', row[0])"
                                        << "" << 2 << "a loop ('for') over something other than a literal collection";
        QTest::newRow("loop over range") << "op.drop_column('t', 'a')\nfor i in range(3):\n    op.execute('SELECT 1')" << "" << 2
                                         << "a loop ('for') over something other than a literal collection";
        QTest::newRow("loop with break") << "for c in ['a', 'b']:\n    break" << "" << 2 << "a Python statement Retort does not interpret";
        QTest::newRow("loop with else") << "for c in ['a']:\n    pass\nelse:\n    pass" << "" << 1 << "a loop with an 'else' clause";
        QTest::newRow("loop unpacking into an item") << "for t, c[0] in [('t', 'a')]:\n    pass" << "" << 1
                                                     << "unpacks into something other than plain names";
        QTest::newRow("f-string with a call") << "op.drop_table(f'{name()}')" << "" << 1 << "an f-string is computed when Python runs";
        QTest::newRow("f-string with a format spec") << "n = 't'\nop.drop_table(f'{n:>5}')" << "" << 2
                                                     << "an f-string is computed when Python runs";
        QTest::newRow("f-string with !r") << "n = 't'\nop.drop_table(f'{n!r}')" << "" << 2 << "an f-string is computed when Python runs";
        QTest::newRow("f-string of a float") << "x = 1.5\nop.drop_table(f't{x}')" << "" << 2 << "an f-string field holds a number";
        QTest::newRow("condition") << "if True:\n    op.drop_table('t')" << "" << 1 << "a condition ('if')";
        QTest::newRow("computed local") << "name = 't' + 'x'\nop.drop_table(name)" << "" << 1 << "computed when Python runs";
        QTest::newRow("application import, used") << "op.drop_table(User.__tablename__)" << "from myapp.models import User" << 1
                                                  << "uses User.__tablename__, imported from myapp.models (line 7)";
        QTest::newRow("relative import, used") << "op.execute(helpers.sql())" << "from . import helpers" << 1
                                               << "imported from application code";
        QTest::newRow("star import") << "op.drop_table('t')" << "from myapp.models import *" << 0 << "hides which names";
        QTest::newRow("unknown function") << "op.execute(make_sql())" << "" << 1 << "make_sql";
        QTest::newRow("unknown type") << "op.add_column('t', sa.Column('x', sa.Geometry()))" << "" << 1
                                      << "sa.Geometry is a type or construct Retort does not know";
        QTest::newRow("third-party type") << "op.add_column('t', sa.Column('x', geoalchemy2.Geometry()))"
                                          << "import geoalchemy2" << 1 << "uses geoalchemy2.Geometry, imported from geoalchemy2";
        QTest::newRow("unknown sqlalchemy_utils type") << "op.add_column('t', sa.Column('x', sqlalchemy_utils.PasswordType()))"
                                                       << "import sqlalchemy_utils" << 1
                                                       << "sqlalchemy_utils.PasswordType is a sqlalchemy_utils type or function Retort does not know";
        QTest::newRow("core statement with a column value") << "t = sa.table('t', sa.column('a'), sa.column('b'))\n"
                                                              "op.execute(t.update().values(a=t.c.b))" << "" << 2
                                                           << "statement values must be literals";
        QTest::newRow("select") << "op.execute(sa.select(sa.table('t')))" << "" << 1 << "sa.select";
        QTest::newRow("chained call") << "op.execute(sa.column('x').bindparams(a=1))" << "" << 1 << "bindparams";
        QTest::newRow("python enum class") << "op.add_column('t', sa.Column('x', sa.Enum(Mood)))" << "" << 1
                                           << "'Mood' is not defined";
        QTest::newRow("bind parameter") << "op.execute(\"UPDATE t SET a = ':x' WHERE b = :y\")" << "" << 1
                                        << "reads as a bind parameter";
        QTest::newRow("unsupported argument") << "op.create_index('ix', 't', ['a'], postgresql_tablespace='x')" << "" << 1
                                              << "argument 'postgresql_tablespace' is not supported";
        QTest::newRow("date into a string column")
            << "t = sa.table('t', sa.column('a', sa.String))\nop.bulk_insert(t, [{'a': datetime.date(2024, 1, 2)}])"
            << "import datetime" << 2 << "a datetime.date in column 'a', whose type is String";
        QTest::newRow("Decimal of a float") << "t = sa.table('t', sa.column('a', sa.Numeric))\nop.bulk_insert(t, [{'a': Decimal(1.5)}])"
                                            << "from decimal import Decimal" << 2 << "Decimal() takes an integer or a string of digits";
        QTest::newRow("datetime with a time zone")
            << "t = sa.table('t', sa.column('a', sa.DateTime))\nop.bulk_insert(t, [{'a': datetime.datetime(2024, 1, 2, tzinfo=None)}])"
            << "import datetime" << 2 << "with a time zone";
        QTest::newRow("impossible date") << "t = sa.table('t', sa.column('a', sa.Date))\nop.bulk_insert(t, [{'a': datetime.date(2023, 2, 29)}])"
                                         << "import datetime" << 2 << "day 29 is out of range for month 2";
        QTest::newRow("text parameter without a value") << "conn = op.get_bind()\nconn.execute(sa.text('UPDATE t SET a = :a WHERE b = :b'), {'a': 1})"
                                                        << "" << 2 << "parameter ':b' has no value";
        QTest::newRow("text parameters as a list") << "conn = op.get_bind()\nconn.execute(sa.text('UPDATE t SET a = :a'), [{'a': 1}, {'a': 2}])"
                                                   << "" << 2 << "a list runs the statement once per row";
        QTest::newRow("bindparams of an unknown name") << "op.execute(sa.text('UPDATE t SET a = :a').bindparams(a=1, c=2))" << "" << 1
                                                       << "has no parameter ':c'";
        QTest::newRow("Decimal parameter") << "op.execute(sa.text('UPDATE t SET a = :a').bindparams(a=Decimal('1.5')))"
                                           << "from decimal import Decimal" << 1 << "each driver binds it its own way";
        QTest::newRow("batch naming_convention keyed by class")
            << "with op.batch_alter_table('t', naming_convention={sa.UniqueConstraint: 'uq_%(table_name)s'}) as b:\n        b.drop_column('a')"
            << "" << 1 << "dict keys must be plain strings";
        QTest::newRow("batch naming_convention with another key")
            << "with op.batch_alter_table('t', naming_convention={'uniq': 'uq_%(table_name)s'}) as b:\n        b.drop_column('a')"
            << "" << 1 << "naming_convention entries must map";
        QTest::newRow("f-string") << "op.drop_table(f'{x}_t')" << "" << 1 << "the name 'x' is not defined in the file";
        QTest::newRow("try with finally") << "try:\n    op.drop_table('t')\nfinally:\n    print('done')" << "" << 3
                                          << "a 'try' block with an 'finally' clause";
        QTest::newRow("except a driver's class") << "try:\n    op.drop_table('t')\nexcept psycopg2.Error:\n    pass"
                                                 << "import psycopg2" << 3 << "except psycopg2.Error: Retort cannot tell";
        QTest::newRow("handler that acts") << "try:\n    op.drop_table('t')\nexcept Exception:\n    op.drop_table('u')"
                                           << "" << 4 << "the except handler runs Python code";
        QTest::newRow("handler that decides on something else") << "try:\n    op.drop_table('t')\nexcept Exception as e:\n"
                                                                    "    if e.code == 1:\n        print('x')" << "" << 4
                                                                 << "decides on something other than the error's text";
        QTest::newRow("handler that raises its own") << "try:\n    op.drop_table('t')\nexcept Exception:\n    raise RuntimeError('x')"
                                                     << "" << 4 << "raises an error of its own";
        QTest::newRow("python default in bulk insert") << "t = op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), "
                                                          "sa.Column('uid', sa.String(36), default=uuid.uuid4))\n"
                                                          "op.bulk_insert(t, [{'id': 1}])" << "import uuid" << 2
                                                       << "the row leaves out column 'uid', whose default= SQLAlchemy computes";
        QTest::newRow("assignment in a dialect branch") << "if op.get_context().dialect.name == 'postgresql':\n    t = sa.Text()\n"
                                                           "op.add_column('t', sa.Column('a', t))" << "" << 2
                                                        << "an assignment inside a branch on the dialect";
        QTest::newRow("mariadb by name") << "if op.get_bind().dialect.name in ('mysql', 'mariadb'):\n    op.drop_table('t')" << "" << 1
                                         << "a condition ('if') decides at run time";
        QTest::newRow("dialect branch in batch") << "with op.batch_alter_table('t') as b:\n"
                                                    "    if op.get_context().dialect.name == 'sqlite':\n        b.drop_column('a')" << ""
                                                 << 2 << "a branch on the dialect inside a batch_alter_table block";
        QTest::newRow("nested try") << "try:\n    try:\n        op.drop_table('t')\n    except Exception:\n        pass\n"
                                       "except Exception:\n    pass" << "" << 2 << "a 'try' block inside another";
    }

    void needsPython()
    {
        QFETCH(QString, body);
        QFETCH(QString, imports);
        QFETCH(int, bodyLine);
        QFETCH(QString, reason);
        const OperationsRead read = readBody(body, imports);
        QVERIFY2(read.needsPython, "the body was read as runnable");
        QVERIFY(read.operations.empty());
        QVERIFY2(read.needsPython->reason.contains(reason), qPrintable(read.needsPython->reason));
        if (bodyLine > 0)
            QCOMPARE(read.needsPython->line, kBodyFirstLine + bodyLine - 1);
        else
            QCOMPARE(read.needsPython->line, 7);   // the import line of the header
    }

    // A loop over a literal collection runs its body once per item, in order, with its names bound; print()
    // of an f-string of those names shows the text Python would print.
    void loopsUnrollWithTheirNamesBound()
    {
        const OperationsRead read = readBody(QStringLiteral("for k, v in [('a', 1), ('b', 2)]:\n"
                                                           "    print(f'dropping {k} ({v!s}, {{kept}})')\n"
                                                           "    op.drop_column('t', k)"));
        QVERIFY2(!read.needsPython, qPrintable(read.needsPython ? read.needsPython->reason : QString()));
        QStringList seen;
        for (const Operation &op : read.operations) {
            seen << QStringLiteral("%1:%2").arg(op.line - kBodyFirstLine + 1)
                        .arg(op.kind == Operation::Kind::Message ? op.message : op.describe());
        }
        QCOMPARE(seen, (QStringList{QStringLiteral("2:dropping a (1, {kept})"), QStringLiteral("3:") + read.operations.at(1).describe(),
                                    QStringLiteral("2:dropping b (2, {kept})"), QStringLiteral("3:") + read.operations.at(3).describe()}));
        QCOMPARE(read.operations.at(1).name, QStringLiteral("a"));
        QCOMPARE(read.operations.at(3).name, QStringLiteral("b"));
    }

    void runnableBodies_data()
    {
        QTest::addColumn<QString>("body");
        QTest::newRow("docstring and pass") << "\"\"\"nothing\"\"\"\npass";
        QTest::newRow("local table for bulk_insert") << "t = sa.table('t', sa.column('a', sa.Integer))\nop.bulk_insert(t, [{'a': 1}])";
        QTest::newRow("create_table result") << "t = op.create_table('t', sa.Column('a', sa.Integer))\nop.bulk_insert(t, [{'a': -1}])";
        QTest::newRow("inline_literal") << "op.bulk_insert(sa.table('t', sa.column('a', sa.String)), [{'a': op.inline_literal('x')}])";
        QTest::newRow("escaped colon") << "op.execute(\"UPDATE t SET a = '10\\\\:30'\")";
        QTest::newRow("postgres cast") << "op.execute('UPDATE t SET a = b::text')";
        QTest::newRow("core statement") << "t = sa.table('t', sa.column('a'))\nop.execute(t.update().where(t.c.a == None).values(a=1))";
        // Issue 19: what real projects write around their operations.
        QTest::newRow("python-side default") << "op.add_column('t', sa.Column('uid', sa.String(36), default=uuid.uuid4))";
        QTest::newRow("messages") << "print('Adding id column')\nlogging.info('done: %s', 't')\nop.drop_table('t')";
        QTest::newRow("annotated bind") << "bind: Connection = op.get_bind()\nbind.execute(sa.text('DELETE FROM t'))";
        QTest::newRow("branch for another engine") << "if op.get_bind().dialect.name == 'oracle':\n    op.execute('x')\n"
                                                      "op.drop_table('t')";
        QTest::newRow("loop over a tuple") << "for c in ('a', 'b'):\n    op.drop_column('t', c)";
        QTest::newRow("loop over dict items") << "for c, n in {'a': 1}.items():\n    op.execute(f'UPDATE t SET {c} = {n}')";
        QTest::newRow("loop reversed") << "for c in reversed(['a', 'b']):\n    op.drop_column(f't_{c}', c)";
        QTest::newRow("f-string of a local") << "t = 'x'\nop.drop_table(f\"{t}_archive\")";
        QTest::newRow("drop_index made with") << "op.drop_index('ix', table_name='t', postgresql_using='gin', "
                                                 "postgresql_where=sa.text('a > 0'))";
    }

    void runnableBodies()
    {
        QFETCH(QString, body);
        const OperationsRead read = readBody(body, QStringLiteral("import logging\nfrom sqlalchemy.engine import Connection"));
        QVERIFY2(!read.needsPython, qPrintable(read.needsPython ? read.needsPython->reason : QString()));
    }

    // Issue 19: an import the functions never reach is inert (a template that adds
    // `import sqlalchemy_utils` to every file, an application module imported and not used).
    void unusedImportsAreInert_data()
    {
        QTest::addColumn<QString>("imports");
        QTest::newRow("library") << "import sqlalchemy_utils";
        QTest::newRow("application module") << "from myapp.models import User";
        QTest::newRow("relative") << "from . import helpers";
        QTest::newRow("dotted") << "import myapp.cli as cli";
    }
    void unusedImportsAreInert()
    {
        QFETCH(QString, imports);
        const OperationsRead read = readBody(QStringLiteral("op.add_column('t', sa.Column('x', sa.Integer))"), imports);
        QVERIFY2(!read.needsPython, qPrintable(read.needsPython ? read.needsPython->reason : QString()));
        QCOMPARE(read.operations.size(), size_t(1));
    }

    // Old and new argument styles mean the same operation.
    void argumentStyles_data()
    {
        QTest::addColumn<QString>("keywords");
        QTest::addColumn<QString>("positional");
        QTest::newRow("create_index") << "op.create_index(index_name='ix_a', table_name='t', columns=['a'], unique=True)"
                                      << "op.create_index('ix_a', 't', ['a'], None, True)";
        QTest::newRow("create_foreign_key 0.7 names")
            << "op.create_foreign_key(constraint_name='fk', source_table='t', referent_table='u', local_cols=['a'], remote_cols=['id'])"
            << "op.create_foreign_key(name='fk', source='t', referent='u', local_cols=['a'], remote_cols=['id'])";
        QTest::newRow("drop_constraint") << "op.drop_constraint('fk', 't', type_='foreignkey')"
                                         << "op.drop_constraint(name='fk', tablename='t', type='foreignkey')";
        QTest::newRow("drop_index") << "op.drop_index('ix', table_name='t')" << "op.drop_index('ix', 't')";
        QTest::newRow("add_column schema") << "op.add_column('t', sa.Column('a', sa.Integer), schema='s')"
                                           << "op.add_column('t', sa.Column('a', sa.Integer), 's')";
        QTest::newRow("imported names") << "op.add_column('t', sa.Column('a', sa.String(length=5), nullable=False))"
                                        << "op.add_column('t', sa.Column('a', sa.String(5), nullable=False))";
    }

    void argumentStyles()
    {
        QFETCH(QString, keywords);
        QFETCH(QString, positional);
        for (const Dialect d : {Dialect::PostgreSQL, Dialect::MySQL}) {
            const Result<QList<SqlStatement>> a = compileBody(d, keywords);
            const Result<QList<SqlStatement>> b = compileBody(d, positional);
            QVERIFY2(a && b, qPrintable((a ? QString() : a.error().message) + (b ? QString() : b.error().message)));
            QCOMPARE(joined(*b), joined(*a));
        }
    }

    // --- what Retort emits differently from Alembic, and what it refuses --------------------

    void goldenSql_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("sql");     // statements joined by "; ", tabs and newlines removed
        QTest::newRow("if_not_exists") << Dialect::PostgreSQL << "op.create_table('t', sa.Column('a', sa.Integer), if_not_exists=True)"
                                       << "CREATE TABLE IF NOT EXISTS t (a INTEGER)";
        QTest::newRow("drop if_exists") << Dialect::MySQL << "op.drop_table('t', if_exists=True)" << "DROP TABLE IF EXISTS t";
        QTest::newRow("pg add_column creates its enum") << Dialect::PostgreSQL
            << "op.add_column('t', sa.Column('mood', sa.Enum('ok', 'sad', name='mood')))"
            << "CREATE TYPE mood AS ENUM ('ok', 'sad'); ALTER TABLE t ADD COLUMN mood mood";
        QTest::newRow("reserved words") << Dialect::PostgreSQL << "op.add_column('user', sa.Column('order', sa.Integer))"
                                        << "ALTER TABLE \"user\" ADD COLUMN \"order\" INTEGER";
        QTest::newRow("mysql backslash") << Dialect::MySQL
            << "op.bulk_insert(sa.table('t', sa.column('a', sa.String)), [{'a': 'C:\\\\x'}])"
            << "INSERT INTO t (a) VALUES ('C:\\\\x')";
        QTest::newRow("sqlite comments skipped") << Dialect::SQLite << "op.create_table_comment('t', 'x')" << "";
    }

    void goldenSql()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, body);
        QFETCH(QString, sql);
        const Result<QList<SqlStatement>> s = compileBody(dialect, body);
        QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
        QCOMPARE(joined(*s), sql);
    }

    void refusals_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("mysql alter without existing_type") << Dialect::MySQL << "op.alter_column('t', 'a', nullable=False)"
                                                           << "require the existing type";
        QTest::newRow("mysql alter with unknown nullability") << Dialect::MySQL
            << "op.alter_column('t', 'a', type_=sa.String(10), existing_type=sa.String(5))" << "Alembic would make 'a' NULL";
        QTest::newRow("mysql generic drop_constraint") << Dialect::MySQL << "op.drop_constraint('x', 't')" << "please specify constraint type";
        QTest::newRow("mysql varchar without length") << Dialect::MySQL << "op.add_column('t', sa.Column('a', sa.String()))"
                                                      << "VARCHAR requires a length";
        QTest::newRow("sqlite alter outside batch") << Dialect::SQLite << "op.alter_column('t', 'a', nullable=False)"
                                                    << "use op.batch_alter_table()";
        QTest::newRow("sqlite constraint outside batch") << Dialect::SQLite << "op.create_unique_constraint('uq', 't', ['a'])"
                                                         << "No support for ALTER of constraints";
        QTest::newRow("uuid on sqlite") << Dialect::SQLite
            << "op.add_column('t', sa.Column('a', sa.dialects.postgresql.UUID()))" << "cannot be stored in SQLite";
        QTest::newRow("unnamed constraint") << Dialect::PostgreSQL << "op.create_unique_constraint(None, 't', ['a'])"
                                            << "no later revision could drop it";
        QTest::newRow("drop unnamed") << Dialect::PostgreSQL << "op.drop_constraint(None, 't', type_='foreignkey')"
                                      << "op.drop_constraint(None, …) drops an unnamed constraint";
        QTest::newRow("virtual computed on postgresql") << Dialect::PostgreSQL
            << "op.add_column('t', sa.Column('b', sa.Integer, sa.Computed('a * 2', persisted=False)))"
            << "PostgreSQL computed columns are always stored";
        QTest::newRow("array on mysql") << Dialect::MySQL << "op.add_column('t', sa.Column('a', sa.ARRAY(sa.Integer)))"
                                        << "sa.ARRAY cannot be stored in MySQL/MariaDB";
        QTest::newRow("tsvector on sqlite") << Dialect::SQLite
            << "op.add_column('t', sa.Column('a', sqlalchemy_utils.TSVectorType()))" << "postgresql.TSVECTOR cannot be stored in SQLite";
        QTest::newRow("time parameter on sqlite") << Dialect::SQLite
            << "conn = op.get_bind()\nconn.execute(sa.text('UPDATE t SET a = :a'), {'a': datetime.time(1, 2)})"
            << "Python's sqlite3 cannot bind";
        QTest::newRow("sqlite batch offline") << Dialect::SQLite
            << "with op.batch_alter_table('t') as b:\n    b.drop_column('a')" << "there is no database here";
    }

    void refusals()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, body);
        QFETCH(QString, message);
        const Result<QList<SqlStatement>> s = compileBody(dialect, body);
        QVERIFY2(!s, "the operation was compiled");
        QVERIFY2(s.error().message.contains(message), qPrintable(s.error().message));
    }

    // An application naming_convention decides the names of constraints a revision leaves unnamed, and
    // of names given without op.f() where a template builds on %(constraint_name)s: Retort names them as
    // SQLAlchemy does, and reports what it cannot work out (a convention computed in Python).
    void namingConvention_data()
    {
        QTest::addColumn<QString>("models");
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("expected");   // "sql:" and PostgreSQL's statements, or what the refusal says
        const QString literal = QStringLiteral(
            "import sqlalchemy as sa\nconvention = {\"pk\": \"pk_%(table_name)s\", \"uq\": \"uq_%(table_name)s_%(column_0_name)s\", "
            "\"fk\": \"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s\", \"ix\": \"ix_%(column_0_label)s\", "
            "\"ck\": \"ck_%(table_name)s_%(constraint_name)s\"}\n"
            "metadata = sa.MetaData(naming_convention=convention)\n");
        const QString table = QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer, primary_key=True)");
        QTest::newRow("unnamed primary key") << literal << table + ")"
                                             << "sql:CREATE TABLE t (\n\tid SERIAL NOT NULL, \n\tCONSTRAINT pk_t PRIMARY KEY (id)\n)";
        QTest::newRow("named with op.f") << literal << table + ", sa.PrimaryKeyConstraint('id', name=op.f('pk_given')))"
                                         << "sql:CREATE TABLE t (\n\tid SERIAL NOT NULL, \n\tCONSTRAINT pk_given PRIMARY KEY (id)\n)";
        QTest::newRow("column unique, foreign key and index") << literal
            << table + ", sa.Column('a', sa.Integer, sa.ForeignKey('u.id'), unique=True), sa.Column('b', sa.Integer, index=True))"
            << "sql:CREATE TABLE t (\n\tid SERIAL NOT NULL, \n\ta INTEGER, \n\tb INTEGER, \n\tCONSTRAINT pk_t PRIMARY KEY (id), "
               "\n\tCONSTRAINT uq_t_a UNIQUE (a), \n\tCONSTRAINT fk_t_a_u FOREIGN KEY(a) REFERENCES u (id)\n); "
               "CREATE INDEX ix_t_b ON t (b)";
        QTest::newRow("unnamed unique") << literal << "op.create_unique_constraint(None, 't', ['a'])"
                                        << "sql:ALTER TABLE t ADD CONSTRAINT uq_t_a UNIQUE (a)";
        QTest::newRow("unnamed index") << literal << "op.create_index(None, 't', ['a', 'b'])" << "sql:CREATE INDEX ix_t_a ON t (a, b)";
        QTest::newRow("named check") << literal << "op.create_check_constraint('positive', 't', 'a > 0')"
                                     << "sql:ALTER TABLE t ADD CONSTRAINT ck_t_positive CHECK (a > 0)";
        QTest::newRow("drop named check") << literal << "op.drop_constraint('positive', 't', type_='check')"
                                          << "sql:ALTER TABLE t DROP CONSTRAINT ck_t_positive";
        QTest::newRow("drop named unique") << literal << "op.drop_constraint('uq_t_a', 't', type_='unique')"
                                           << "sql:ALTER TABLE t DROP CONSTRAINT uq_t_a";
        QTest::newRow("drop without type") << literal << "op.drop_constraint('positive', 't')"
                                           << "sql:ALTER TABLE t DROP CONSTRAINT positive";
        QTest::newRow("batch") << literal << "with op.batch_alter_table('t') as b:\n        b.create_unique_constraint(None, ['a'])"
                               << "sql:ALTER TABLE t ADD CONSTRAINT uq_t_a UNIQUE (a)";
        // drop_constraint(None, type_=…): SQLAlchemy names the empty constraint by the template, columns empty.
        QTest::newRow("drop unnamed primary key") << literal << "op.drop_constraint(None, 't', type_='primary')"
                                                  << "sql:ALTER TABLE t DROP CONSTRAINT pk_t";
        QTest::newRow("drop unnamed unique") << literal << "op.drop_constraint(None, 't', type_='unique')"
                                             << "sql:ALTER TABLE t DROP CONSTRAINT uq_t_";
        QTest::newRow("drop unnamed foreign key") << literal << "op.drop_constraint(None, 't', type_='foreignkey')"
                                                  << "names the constraint after what it refers to";
        QTest::newRow("drop unnamed without type") << literal << "op.drop_constraint(None, 't')"
                                                   << "drops an unnamed constraint, which cannot be found by name";
        QTest::newRow("unnamed check") << literal << "op.create_check_constraint(None, 't', 'a > 0')"
                                       << "cannot name this constraint of table 't': the naming convention uses %(constraint_name)s";
        QTest::newRow("no ix template") << QStringLiteral("import sqlalchemy as sa\nmetadata = sa.MetaData(naming_convention={\"uq\": \"uq_%(table_name)s\"})\n")
                                        << "op.create_index(None, 't', ['a'])" << "has no \"ix\" template";
        QTest::newRow("computed convention") << QStringLiteral("import sqlalchemy as sa\nmetadata = sa.MetaData(naming_convention=make())\n")
            << "op.create_foreign_key('fk_a', 't', 'u', ['a'], ['id'])" << "decides the name of constraint 'fk_a'";
    }

    void namingConvention()
    {
        QFETCH(QString, models);
        QFETCH(QString, body);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path() + QStringLiteral("/migrations"), {Revision{QStringLiteral("r1"), {}, body, {}}}));
        QDir().mkpath(dir.path() + QStringLiteral("/app"));
        QFile file(dir.path() + QStringLiteral("/app/models.py"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(models.toUtf8());
        file.close();
        // A Flask-Migrate layout: migrations/ beside the application package.
        Result<Project> project = Project::open(dir.path());
        QVERIFY(project);
        const std::optional<NamingConventionUse> use = findNamingConvention(*project);
        QVERIFY2(use, "the naming_convention in app/models.py was not found");
        QCOMPARE(use->path, QStringLiteral("app/models.py"));
        const ProjectHistory history = ProjectHistory::load(*project);
        RevisionOperationSource source(history.graph, use);
        const OperationsRead &read = source.operations(0, true);
        if (expected.startsWith(QStringLiteral("sql:"))) {
            QVERIFY2(!read.needsPython, qPrintable(read.needsPython ? read.needsPython->reason : QString()));
            const DdlCompiler compiler(Dialect::PostgreSQL);
            QStringList sql;
            const std::function<void(const OperationList &)> compile = [&](const OperationList &ops) {
                for (const Operation &op : ops) {
                    if (op.kind == Operation::Kind::Batch) {
                        compile(op.batch);   // PostgreSQL runs a batch's operations as ALTER statements
                        continue;
                    }
                    Operation plain = op;
                    if (plain.table.isEmpty())
                        plain.table = QStringLiteral("t");
                    const Result<QList<SqlStatement>> statements = compiler.compile(plain, nullptr);
                    QVERIFY2(statements, qPrintable(statements ? QString() : statements.error().message));
                    for (const SqlStatement &s : *statements)
                        sql << s.sql;
                }
            };
            compile(read.operations);
            QCOMPARE(sql.join(QStringLiteral("; ")), expected.mid(4));
        } else {
            QVERIFY(read.needsPython);
            QVERIFY2(read.needsPython->reason.contains(expected), qPrintable(read.needsPython->reason));
            // Where the convention decides, the report names it (a drop no convention can name is plainly unnamed).
            if (!expected.contains(QStringLiteral("cannot be found by name")))
                QVERIFY(read.needsPython->reason.contains(QStringLiteral("models.py:")));
        }
    }

    // --- runs on real databases ---------------------------------------------------------

    void planRefusesBeforeAnythingRuns()
    {
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True))"),
                     QStringLiteral("op.drop_table('t1')")},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                     QStringLiteral("op.add_column('t1', sa.Column('a', sa.Integer))\nfor i in range(3):\n    op.execute('SELECT 1')"),
                     {}},
        }));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(Dialect::SQLite);
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        QVERIFY(plan);
        const Status problem = runMigration(**c, *loaded->source, *plan);
        QVERIFY(!problem.ok());
        QVERIFY2(problem.error().message.contains(QStringLiteral("Revision r2 needs Python to upgrade: a loop")), qPrintable(problem.error().message));
        QVERIFY(problem.error().file.endsWith(QStringLiteral("versions/r2.py")));
        QCOMPARE(problem.error().line, kBodyFirstLine + 1);
        QCOMPARE(tableNames(**c), QStringList());   // r1 did not run either
    }

    void failingStatement_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<bool>("locked");   // as retort-cli runs: under the migration lock
        for (const bool locked : {false, true}) {
            const char *suffix = locked ? " locked" : "";
            QTest::addRow("sqlite%s", suffix) << Dialect::SQLite << locked;
            QTest::addRow("postgresql%s", suffix) << Dialect::PostgreSQL << locked;
            QTest::addRow("mariadb%s", suffix) << Dialect::MySQL << locked;
        }
    }

    void failingStatement()
    {
        QFETCH(Dialect, dialect);
        QFETCH(bool, locked);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True))"),
                     QStringLiteral("op.drop_table('t1')")},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                     QStringLiteral("op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))\n"
                                    "op.execute('INSERT INTO no_such_table VALUES (1)')\n"
                                    "op.create_table('t3', sa.Column('id', sa.Integer, primary_key=True))"),
                     {}},
        }));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        QVERIFY(plan);
        std::unique_ptr<MigrationLock> lock;
        if (locked) {
            Result<std::unique_ptr<MigrationLock>> taken = MigrationLock::acquire(**c, QStringLiteral("alembic_version"), 5);
            QVERIFY2(taken, qPrintable(taken ? QString() : taken.error().toString()));
            lock = std::move(taken.value());
        }
        QStringList ran;
        RunSettings settings;
        settings.observer = [&ran](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::Statement)
                ran << e.sql;
        };
        settings.lock = lock.get();
        const Status problem = runMigration(**c, *loaded->source, *plan, settings);
        if (lock)
            RETORT_VERIFY_OK(lock->release(true));   // keeps what completed (r1)
        QVERIFY(!problem.ok());
        QVERIFY2(problem.error().message.startsWith(QStringLiteral("upgrade r1 -> r2 failed: the database refused a statement")),
                 qPrintable(problem.error().message));
        QCOMPARE(problem.error().sql, QStringLiteral("INSERT INTO no_such_table VALUES (1)"));
        QCOMPARE(problem.error().line, kBodyFirstLine + 1);
        QVERIFY(!problem.error().detail.isEmpty());                       // the driver's own text
        QCOMPARE(versionRows(**c), QStringList{QStringLiteral("r1")});   // r1 completed, r2 not recorded
        QVERIFY(!ran.contains(QStringLiteral("CREATE TABLE t3 (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)")));
        QStringList tables = tableNames(**c);
        tables.removeAll(QStringLiteral("alembic_version"));
        if (dialect == Dialect::MySQL) {
            // DDL commits at once: the report names what stayed applied.
            QCOMPARE(tables, (QStringList{QStringLiteral("t1"), QStringLiteral("t2")}));
            QVERIFY2(problem.error().message.contains(QStringLiteral("1 of this revision's statements were applied (CREATE TABLE t2")),
                     qPrintable(problem.error().message));
            QVERIFY(problem.error().message.contains(QStringLiteral("the version table is still at r1")));
        } else {
            QCOMPARE(tables, QStringList{QStringLiteral("t1")});
            QVERIFY2(problem.error().message.contains(QStringLiteral("rolled back; the version table is at r1")), qPrintable(problem.error().message));
        }
    }

    // PostgreSQL commits before an autocommit_block, as Alembic does: a later failure cannot roll back
    // what ran before it or in it, and the report says which statements stayed.
    void failureAfterAutocommitBlock()
    {
        RETORT_REQUIRE_SERVER(Dialect::PostgreSQL);
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {},
                     QStringLiteral("op.create_table('t1', sa.Column('id', sa.Integer, primary_key=True), sa.Column('n', sa.Integer))\n"
                                    "with op.get_context().autocommit_block():\n"
                                    "    op.create_index('ix_t1_n', 't1', ['n'], postgresql_concurrently=True)\n"
                                    "op.create_table('t2', sa.Column('id', sa.Integer, primary_key=True))\n"
                                    "op.execute('INSERT INTO no_such_table VALUES (1)')"),
                     {}},
        }));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        QVERIFY2(!loaded->source->operations(0, true).needsPython,
                 qPrintable(loaded->source->operations(0, true).needsPython->reason));
        ScratchDatabase db(Dialect::PostgreSQL);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        QVERIFY(plan);
        QStringList ran;
        RunSettings settings;
        settings.observer = [&ran](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::Statement)
                ran << e.sql.simplified();
        };
        const Status problem = runMigration(**c, *loaded->source, *plan, settings);
        QVERIFY(!problem.ok());
        const QString message = problem.error().message;
        QVERIFY2(message.contains(QStringLiteral("autocommit_block at line %1 committed 2 of its statements").arg(kBodyFirstLine + 1)),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("CREATE INDEX CONCURRENTLY ix_t1_n ON t1 (n)")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("what ran after the block was rolled back")), qPrintable(message));
        QCOMPARE(problem.error().line, kBodyFirstLine + 4);
        // What Alembic leaves too: t1 and its index committed, t2 rolled back, no version row.
        QStringList tables = tableNames(**c);
        QCOMPARE(tables, (QStringList{QStringLiteral("alembic_version"), QStringLiteral("t1")}));
        QCOMPARE(versionRows(**c), QStringList());
        QSqlQuery index((*c)->database());
        QVERIFY(index.exec(QStringLiteral("SELECT indexname FROM pg_indexes WHERE tablename = 't1' AND indexname = 'ix_t1_n'")));
        QVERIFY(index.next());
        // The run shows where the transaction ends and begins again.
        QCOMPARE(ran.indexOf(QStringLiteral("COMMIT")) + 1, ran.indexOf(QStringLiteral("CREATE INDEX CONCURRENTLY ix_t1_n ON t1 (n)")));
        QCOMPARE(ran.indexOf(QStringLiteral("BEGIN")) - 1, ran.indexOf(QStringLiteral("CREATE INDEX CONCURRENTLY ix_t1_n ON t1 (n)")));
    }

    // Four migrators at once: each revision runs exactly once, the others wait and find nothing to do.
    void concurrentUpgrades_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::newRow("sqlite") << Dialect::SQLite;
        QTest::newRow("postgresql") << Dialect::PostgreSQL;
        QTest::newRow("mariadb") << Dialect::MySQL;
    }

    void concurrentUpgrades()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        const QString project = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable");
        std::vector<std::unique_ptr<QProcess>> processes;
        for (int i = 0; i < 4; ++i) {
            auto process = std::make_unique<QProcess>();
            process->setWorkingDirectory(project);
            process->start(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--url"),
                                                            db.url().toString(true), QStringLiteral("--lock-timeout"),
                                                            QStringLiteral("120"), QStringLiteral("--no-backup")});
            processes.push_back(std::move(process));
        }
        int revisionsRun = 0;
        int waited = 0;
        for (const auto &process : processes) {
            QVERIFY(process->waitForFinished(180000));
            const QString out = QString::fromUtf8(process->readAllStandardOutput());
            const QString err = QString::fromUtf8(process->readAllStandardError());
            QVERIFY2(process->exitCode() == 0, qPrintable(out + err));
            revisionsRun += int(out.count(QStringLiteral("Running upgrade")));
            waited += err.contains(QStringLiteral("waiting for the migration lock")) ? 1 : 0;
        }
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        std::unique_ptr<Loaded> loaded = load(project);
        QCOMPARE(revisionsRun, loaded->history.graph.size());   // every revision once, in all four runs together
        QCOMPARE(versionRows(**c), QStringList{QStringLiteral("a09")});
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM article")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
        q.finish();
        // The run log agrees: one successful upgrade step per revision, in one run; the others found nothing to do.
        Result<QList<RunLogEntry>> log = runlog::readAll(**c);
        QVERIFY2(log, qPrintable(log ? QString() : log.error().toString()));
        QMap<QString, int> applied;
        QSet<QString> runs;
        for (const RunLogEntry &e : *log) {
            QCOMPARE(e.outcome, runlog::kOk);
            if (e.step > 0) {
                ++applied[e.revision];
                runs.insert(e.runId);
            }
        }
        QCOMPARE(applied.size(), loaded->history.graph.size());
        for (auto it = applied.cbegin(); it != applied.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
        QCOMPARE(runs.size(), 1);
        qInfo("%d of 4 runs reported waiting for the lock", waited);
    }

    // While another session holds the lock, a run gives up after --lock-timeout, names the holder, changes nothing.
    void lockTimeoutNamesTheHolder_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("holder");
        QTest::newRow("sqlite") << Dialect::SQLite << "another connection writing to the database file";
        QTest::newRow("postgresql") << Dialect::PostgreSQL << "PostgreSQL backend";
        QTest::newRow("mariadb") << Dialect::MySQL << "connection ";
    }

    void lockTimeoutNamesTheHolder()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, holder);
        RETORT_REQUIRE_SERVER(dialect);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<std::unique_ptr<MigrationLock>> held = MigrationLock::acquire(**c, QStringLiteral("alembic_version"), 5);
        QVERIFY2(held, qPrintable(held ? QString() : held.error().toString()));
        QProcess process;
        process.setWorkingDirectory(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable"));
        process.start(QStringLiteral(RETORT_CLI_PATH), {QStringLiteral("upgrade"), QStringLiteral("heads"), QStringLiteral("--url"),
                                                       db.url().toString(true), QStringLiteral("--lock-timeout"), QStringLiteral("2"),
                                                       QStringLiteral("--no-backup")});
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(err.contains(QStringLiteral("error: Another migration holds the lock on this database (") + holder), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("gave up after 2 s. Nothing was changed")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("waiting for the migration lock")), qPrintable(err));
        RETORT_VERIFY_OK((*held)->release(false));
        QCOMPARE(tableNames(**c), QStringList());
    }

    // A batch rebuild drops and recreates the parent table. With foreign keys on, SQLite would delete
    // every child row through ON DELETE CASCADE; Retort turns them off around the revision.
    void batchRebuildKeepsChildRows()
    {
        std::unique_ptr<Loaded> loaded = load(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable"));
        QVERIFY(loaded);
        ScratchDatabase db(Dialect::SQLite);
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        Result<MigrationPlan> toData = planUpgrade(loaded->history.graph, {}, QStringLiteral("a07"));
        QVERIFY(toData);
        RETORT_VERIFY_OK(runMigration(**c, *loaded->source, *toData));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM article")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
        q.finish();   // an unfinished SELECT would lock the tables

        Result<MigrationPlan> rebuild = planUpgrade(loaded->history.graph, versionRows(**c), QStringLiteral("a08"));
        QVERIFY(rebuild);
        QStringList statements;
        RunSettings settings;
        settings.observer = [&](const RunEvent &e) {
            if (e.kind == RunEvent::Kind::Statement)
                statements << e.sql;
        };
        RETORT_VERIFY_OK(runMigration(**c, *loaded->source, *rebuild, settings));
        QVERIFY(statements.contains(QStringLiteral("DROP TABLE account")));   // the parent really was rebuilt
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM article")) && q.next());
        QCOMPARE(q.value(0).toInt(), 3);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM account")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);   // restored for the user's session
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_key_check")));
        QVERIFY(!q.next());
    }

    // What a SQLite rebuild would lose is refused, and the revision leaves the database as it was.
    void sqliteRebuildRefusesWhatItWouldLose_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("message");
        QTest::newRow("trigger") << "CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN SELECT 1; END"
                                 << "has the trigger 't_audit', which a batch rebuild would drop";
        QTest::newRow("autoincrement") << "" << "uses AUTOINCREMENT";
    }

    void sqliteRebuildRefusesWhatItWouldLose()
    {
        QFETCH(QString, setup);
        QFETCH(QString, message);
        ScratchDatabase db(Dialect::SQLite);
        QStringList statements{setup.isEmpty() ? QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER)")
                                               : QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)")};
        if (!setup.isEmpty())
            statements << setup;
        QCOMPARE(db.exec(statements), QString());
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {Revision{QStringLiteral("r1"), {},
            QStringLiteral("with op.batch_alter_table('t') as batch_op:\n    batch_op.drop_column('a')"), {}}}));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        const Status problem = runMigration(**c, *loaded->source, *plan);
        QVERIFY(!problem.ok());
        QVERIFY2(problem.error().message.contains(message), qPrintable(problem.error().message));
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT a FROM t")));   // the column is still there
        QCOMPARE(tableNames(**c), QStringList{QStringLiteral("t")});   // and no version table was left behind
    }

    // recreate="always" on the servers keeps what Alembic's own rebuild loses or trips on: the SERIAL's
    // sequence (Alembic's copy restarts at 1, so the next insert collides), a PostgreSQL enum type (Alembic
    // creates it again and fails), a table comment, and MySQL foreign keys (their names are unique per
    // database, so Alembic's copy fails with errno 121). The rows survive, the next id follows the last.
    void serverRebuildKeepsKeysSequencesAndComments_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::newRow("postgresql") << Dialect::PostgreSQL;
        QTest::newRow("mariadb") << Dialect::MySQL;
    }

    void serverRebuildKeepsKeysSequencesAndComments()
    {
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {},
                     QStringLiteral("op.create_table('owner', sa.Column('id', sa.Integer, primary_key=True))\n"
                                    "op.create_table('pet', sa.Column('id', sa.Integer, primary_key=True),\n"
                                    "    sa.Column('owner_id', sa.Integer, sa.ForeignKey('owner.id', name='fk_pet_owner')),\n"
                                    "    sa.Column('parent_id', sa.Integer, sa.ForeignKey('pet.id', name='fk_pet_parent')),\n"
                                    "    sa.Column('mood', sa.Enum('calm', 'wild', name='pet_mood')),\n"
                                    "    sa.Column('name', sa.String(20)), comment='animals we know')\n"
                                    "op.execute(\"INSERT INTO owner (id) VALUES (1)\")\n"
                                    "op.execute(\"INSERT INTO pet (owner_id, parent_id, mood, name) VALUES (1, NULL, 'calm', 'Rex')\")\n"
                                    "op.execute(\"INSERT INTO pet (owner_id, parent_id, mood, name) VALUES (1, 1, 'wild', 'Tiny')\")"),
                     {}},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                     QStringLiteral("with op.batch_alter_table('pet', recreate='always') as batch_op:\n"
                                    "    batch_op.alter_column('name', existing_type=sa.String(20), type_=sa.String(40))\n"
                                    "op.execute(\"INSERT INTO pet (owner_id, parent_id, mood, name) VALUES (1, 2, 'calm', 'Bit')\")"),
                     {}},
        }));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        QVERIFY(plan);
        const Status run = runMigration(**c, *loaded->source, *plan);
        QVERIFY2(run.ok(), qPrintable(run.error().message + QLatin1Char('\n') + run.error().sql + QLatin1Char('\n') + run.error().detail));
        QCOMPARE(versionRows(**c), QStringList{QStringLiteral("r2")});
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT id, parent_id, name FROM pet ORDER BY id")));
        QStringList rows;
        while (q.next())
            rows << QStringLiteral("%1 %2 %3").arg(q.value(0).toString(), q.value(1).isNull() ? QStringLiteral("-") : q.value(1).toString(),
                                                   q.value(2).toString());
        QCOMPARE(rows, (QStringList{QStringLiteral("1 - Rex"), QStringLiteral("2 1 Tiny"), QStringLiteral("3 2 Bit")}));

        const Result<Schema> schema = introspectSchema(**c);
        QVERIFY(schema);
        const Table *pet = schema->table(QStringLiteral("pet"));
        QVERIFY(pet);
        QCOMPARE(pet->comment, QStringLiteral("animals we know"));
        QCOMPARE(pet->column(QStringLiteral("name"))->type.toLower().remove(QStringLiteral("character ")),
                 dialect == Dialect::PostgreSQL ? QStringLiteral("varying(40)") : QStringLiteral("varchar(40)"));
        QStringList keys;
        for (const ForeignKey &fk : pet->foreignKeys)
            keys << fk.name + QLatin1Char(' ') + fk.referredTable;
        keys.sort();
        QCOMPARE(keys, (QStringList{QStringLiteral("fk_pet_owner owner"), QStringLiteral("fk_pet_parent pet")}));
        if (dialect == Dialect::PostgreSQL) {
            QCOMPARE(pet->column(QStringLiteral("id"))->defaultValue, QStringLiteral("nextval('pet_id_seq'::regclass)"));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname LIKE '\\_alembic\\_tmp\\_%'")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);   // no copy, no stray sequence left behind
        }
        // The foreign keys hold: a pet of an owner who does not exist is refused.
        QVERIFY(!q.exec(QStringLiteral("INSERT INTO pet (owner_id, name) VALUES (99, 'Ghost')")));
    }

    // Offline, copy_from= describes the table on the servers as on SQLite: Alembic's statements, with the
    // foreign key after the copy and (PostgreSQL) the new SERIAL moved past the copied ids, each said so.
    void serverRebuildFromCopyFrom_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("postgresql") << Dialect::PostgreSQL << QStringList{
            QStringLiteral("ALTER TABLE post DROP CONSTRAINT fk_post_user"),
            QStringLiteral("CREATE TABLE _alembic_tmp_post ( id SERIAL NOT NULL, user_id INTEGER, title VARCHAR(80) NOT NULL, PRIMARY KEY (id) )"),
            QStringLiteral("INSERT INTO _alembic_tmp_post (id, user_id, title) SELECT post.id, post.user_id, post.title FROM post"),
            QStringLiteral("DROP TABLE post"),
            QStringLiteral("ALTER TABLE _alembic_tmp_post RENAME TO post"),
            QStringLiteral("SELECT setval(pg_get_serial_sequence('post', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM post"),
            QStringLiteral("ALTER TABLE post ADD CONSTRAINT fk_post_user FOREIGN KEY(user_id) REFERENCES \"user\" (id)")};
        QTest::newRow("mysql") << Dialect::MySQL << QStringList{
            QStringLiteral("CREATE TABLE _alembic_tmp_post ( id INTEGER NOT NULL AUTO_INCREMENT, user_id INTEGER, title VARCHAR(80) NOT NULL, "
                           "PRIMARY KEY (id) )"),
            QStringLiteral("INSERT INTO _alembic_tmp_post (id, user_id, title) SELECT post.id, post.user_id, post.title FROM post"),
            QStringLiteral("DROP TABLE post"),
            QStringLiteral("ALTER TABLE _alembic_tmp_post RENAME TO post"),
            QStringLiteral("ALTER TABLE post ADD CONSTRAINT fk_post_user FOREIGN KEY(user_id) REFERENCES user (id)")};
    }

    void serverRebuildFromCopyFrom()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QStringList, expected);
        const Result<QList<SqlStatement>> sql = compileBody(dialect, QStringLiteral(
            "post = sa.Table('post', sa.MetaData(), sa.Column('id', sa.Integer, primary_key=True),\n"
            "    sa.Column('user_id', sa.Integer, sa.ForeignKey('user.id', name='fk_post_user')),\n"
            "    sa.Column('title', sa.String(40), nullable=False))\n"
            "with op.batch_alter_table('post', recreate='always', copy_from=post) as batch_op:\n"
            "    batch_op.alter_column('title', existing_type=sa.String(40), type_=sa.String(80))"));
        QVERIFY2(sql, qPrintable(sql ? QString() : sql.error().message));
        QStringList statements;
        QStringList notes;
        for (const SqlStatement &s : *sql) {
            statements << s.sql.simplified();
            if (!s.note.isEmpty())
                notes << s.note;
        }
        QCOMPARE(statements, expected);
        QCOMPARE(notes.size(), dialect == Dialect::PostgreSQL ? 2 : 1);
        QVERIFY2(notes.last().startsWith(QStringLiteral("adds the foreign key after the copy")), qPrintable(notes.last()));
    }

    // The window's preview has no live table to rebuild from: it says where the statements will come from
    // and shows the rest of the plan; the --sql script (Alembic's offline mode) refuses, as Alembic does.
    void serverRebuildInAPreview()
    {
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {
            Revision{QStringLiteral("r1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))"), {}},
            Revision{QStringLiteral("r2"), QStringLiteral("r1"),
                     QStringLiteral("with op.batch_alter_table('t', recreate='always') as batch_op:\n"
                                    "    batch_op.add_column(sa.Column('a', sa.Integer))\n"
                                    "op.create_index('ix_t_a', 't', ['a'])"), {}},
        }));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        QVERIFY(loaded);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        QVERIFY(plan);
        const Result<QString> preview = offlineSqlFrom(Dialect::PostgreSQL, *loaded->source, *plan, {}, true);
        QVERIFY2(preview, qPrintable(preview ? QString() : preview.error().message));
        QVERIFY2(preview->contains(QStringLiteral("-- Retort: batch_alter_table(recreate=\"always\") at line %1 rebuilds table 't'")
                                       .arg(kBodyFirstLine)), qPrintable(*preview));
        QVERIFY2(preview->contains(QStringLiteral("CREATE INDEX ix_t_a ON t (a);")), qPrintable(*preview));
        const Result<QString> script = offlineSqlFrom(Dialect::PostgreSQL, *loaded->source, *plan, {}, false);
        QVERIFY(!script);
        QVERIFY2(script.error().message.contains(QStringLiteral("there is none in offline mode")), qPrintable(script.error().message));
    }

    // What a server rebuild would lose is refused before the table is touched.
    void serverRebuildRefusesWhatItWouldLose_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QString>("message");
        QTest::newRow("postgresql trigger") << Dialect::PostgreSQL
            << QStringList{QStringLiteral("CREATE FUNCTION t_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"),
                           QStringLiteral("CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION t_touch()")}
            << "has triggers, which a rebuild would drop";
        QTest::newRow("postgresql identity") << Dialect::PostgreSQL
            << QStringList{QStringLiteral("ALTER TABLE t ADD COLUMN n INTEGER GENERATED BY DEFAULT AS IDENTITY")}
            << "is an IDENTITY or generated column";
        QTest::newRow("mariadb trigger") << Dialect::MySQL
            << QStringList{QStringLiteral("CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW SET NEW.a = NEW.a")}
            << "has triggers, which a rebuild would drop";
    }

    void serverRebuildRefusesWhatItWouldLose()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QStringList, setup);
        QFETCH(QString, message);
        RETORT_REQUIRE_SERVER(dialect);
        ScratchDatabase db(dialect);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        QCOMPARE(db.exec(QStringList{QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)")} + setup), QString());
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {Revision{QStringLiteral("r1"), {},
            QStringLiteral("with op.batch_alter_table('t', recreate='always') as batch_op:\n    batch_op.drop_column('a')"), {}}}));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        const Status problem = runMigration(**c, *loaded->source, *plan);
        QVERIFY(!problem.ok());
        QVERIFY2(problem.error().message.contains(message), qPrintable(problem.error().message));
        QCOMPARE(problem.error().line, kBodyFirstLine);
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT a FROM t")));   // the column is still there
        QCOMPARE(versionRows(**c), QStringList());
    }

    void sqliteRunsOneStatementPerCall()
    {
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {Revision{QStringLiteral("r1"), {},
                                                   QStringLiteral("op.execute('CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER)')"),
                                                   {}}}));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        ScratchDatabase db(Dialect::SQLite);
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        const Status problem = runMigration(**c, *loaded->source, *plan);
        QVERIFY(!problem.ok());
        QVERIFY2(problem.error().message.contains(QStringLiteral("one statement at a time")), qPrintable(problem.error().message));
        QCOMPARE(tableNames(**c), QStringList());
    }

    // MODIFY restates the whole column; a default the script does not mention would be lost.
    void mysqlModifyKeepsWhatTheScriptDoesNotMention()
    {
        RETORT_REQUIRE_SERVER(Dialect::MySQL);
        ScratchDatabase db(Dialect::MySQL);
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        QCOMPARE(db.exec({QStringLiteral("CREATE TABLE t (kind VARCHAR(1) NOT NULL DEFAULT 'a')")}), QString());
        QTemporaryDir dir;
        QVERIFY(writeProject(dir.path(), {Revision{QStringLiteral("r1"), {},
            QStringLiteral("op.alter_column('t', 'kind', type_=sa.String(4), existing_type=sa.String(1))"), {}}}));
        std::unique_ptr<Loaded> loaded = load(dir.path());
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        QVERIFY(c);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        const Status problem = runMigration(**c, *loaded->source, *plan);
        QVERIFY(!problem.ok());
        QVERIFY2(problem.error().message.contains(QStringLiteral("has the default 'a' in the database, which this MODIFY would drop")),
                 qPrintable(problem.error().message));
        QSqlQuery q((*c)->database());
        QVERIFY(q.exec(QStringLiteral("SELECT COLUMN_TYPE, COLUMN_DEFAULT, IS_NULLABLE FROM information_schema.COLUMNS "
                                      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("varchar(1)"));   // untouched
        QCOMPARE(q.value(2).toString(), QStringLiteral("NO"));
    }

    // Offline SQLite scripts replay the revisions on a scratch database, so batch rebuilds can be
    // printed (Alembic needs copy_from for that); the script, run on an empty database, gives the
    // schema an online run gives.
    void offlineSqliteScriptMatchesOnlineRun()
    {
        std::unique_ptr<Loaded> loaded = load(QStringLiteral(RETORT_SOURCE_DIR "/tests/data/ops/portable"));
        QVERIFY(loaded);
        Result<MigrationPlan> plan = planUpgrade(loaded->history.graph, {}, QStringLiteral("heads"));
        QVERIFY(plan);
        Result<QString> script = offlineSql(Dialect::SQLite, *loaded->source, *plan);
        QVERIFY2(script, qPrintable(script ? QString() : script.error().toString()));
        QVERIFY(script->contains(QStringLiteral("ALTER TABLE _alembic_tmp_account RENAME TO account;")));

        ScratchDatabase fromScript(Dialect::SQLite);
        QStringList statements;
        for (const QString &s : script->split(QStringLiteral(";\n\n"), Qt::SkipEmptyParts)) {
            QString sql = s;
            sql.remove(QRegularExpression(QStringLiteral("^-- [^\n]*\n\n")));
            if (!sql.trimmed().isEmpty())
                statements << sql;
        }
        QCOMPARE(fromScript.exec(statements), QString());

        ScratchDatabase online(Dialect::SQLite);
        Result<std::unique_ptr<Connection>> c = Connection::open(online.url());
        QVERIFY(c);
        RETORT_VERIFY_OK(runMigration(**c, *loaded->source, *plan));
        Result<std::unique_ptr<Connection>> s = Connection::open(fromScript.url());
        QVERIFY(s);
        Result<Schema> a = introspectSchema(**c);
        Result<Schema> b = introspectSchema(**s);
        QVERIFY(a && b);
        QCOMPARE(b->tables.size(), a->tables.size());
        for (int i = 0; i < a->tables.size(); ++i) {
            QCOMPARE(b->tables[i].name, a->tables[i].name);
            // the script's text has Alembic's four spaces where the online run's has tabs
            QCOMPARE(b->tables[i].definition.simplified(), a->tables[i].definition.simplified());
        }
        QCOMPARE(versionRows(**s), versionRows(**c));
    }
};

QTEST_GUILESS_MAIN(tst_Operations)
#include "tst_Operations.moc"
