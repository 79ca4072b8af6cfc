// bench_introspection TABLES [sqlite|postgresql|mysql ...]: creates TABLES tables of 20 columns
// each (a primary key, a foreign key to the previous table, a unique constraint and two indexes)
// in a scratch database per engine, then times Retort's introspection and SQLAlchemy's inspector
// on it: SQLAlchemy 1.4 table by table as Alembic 1.8's autogenerate calls it, and SQLAlchemy 2.0's
// batched get_multi_*() when RETORT_SA20_PYTHONPATH points at it. Prints one line per engine.
// The servers come from RETORT_TEST_PG_URL / RETORT_TEST_MYSQL_URL (bench/introspection starts them).
#include "TestProcesses.h"
#include "TestServers.h"

#include "connection/Connection.h"
#include "schema/SchemaReader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace retort;

namespace {

QStringList tableDdl(Dialect dialect, int i)
{
    const QString ts = dialect == Dialect::PostgreSQL ? QStringLiteral("TIMESTAMP") : QStringLiteral("DATETIME");
    QStringList columns{QStringLiteral("id INTEGER NOT NULL PRIMARY KEY"),
                        i == 0 ? QStringLiteral("parent_id INTEGER") : QStringLiteral("parent_id INTEGER REFERENCES t%1 (id)").arg(i - 1)};
    for (int c = 0; c < 18; ++c) {
        switch (c % 6) {
        case 0: columns << QStringLiteral("name%1 VARCHAR(50) NOT NULL").arg(c); break;
        case 1: columns << QStringLiteral("qty%1 INTEGER DEFAULT 0").arg(c); break;
        case 2: columns << QStringLiteral("price%1 NUMERIC(10, 2)").arg(c); break;
        case 3: columns << QStringLiteral("at%1 %2").arg(c).arg(ts); break;
        case 4: columns << QStringLiteral("flag%1 BOOLEAN").arg(c); break;
        default: columns << QStringLiteral("note%1 TEXT").arg(c); break;
        }
    }
    columns << QStringLiteral("CONSTRAINT uq_t%1_name0 UNIQUE (name0)").arg(i);
    return {QStringLiteral("CREATE TABLE t%1 (%2)").arg(i).arg(columns.join(QStringLiteral(", "))),
            QStringLiteral("CREATE INDEX ix_t%1_qty1 ON t%1 (qty1)").arg(i),
            QStringLiteral("CREATE INDEX ix_t%1_at3_name6 ON t%1 (at3, name6)").arg(i)};
}

QString saUrl(const DatabaseUrl &url)
{
    QString text = url.toString(true);
    if (url.dialect() == Dialect::MySQL)
        text.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));
    return text;
}

// Seconds SQLAlchemy took, as the helper prints it; -1 when it failed.
double sqlalchemySeconds(const DatabaseUrl &url, const QString &mode, int tables)
{
    QMap<QString, QString> env;
    if (mode == QLatin1String("multi")) {
        const QString path = qEnvironmentVariable("RETORT_SA20_PYTHONPATH");
        if (path.isEmpty())
            return -1;
        env.insert(QStringLiteral("PYTHONPATH"), path);
    }
    const test::ProcessRun run = test::runProgram(QStringLiteral("/usr/bin/python3"),
                                                  {QStringLiteral(RETORT_SOURCE_DIR "/bench/sqlalchemy_inspect.py"), saUrl(url), mode},
                                                  {}, env, 3600 * 1000);
    if (run.exitCode != 0) {
        std::fprintf(stderr, "%s\n", qPrintable(run.describe()));
        return -1;
    }
    const QStringList parts = run.out.trimmed().split(QLatin1Char(' '));
    if (parts.value(1).toInt() != tables)
        std::fprintf(stderr, "SQLAlchemy saw %s tables\n", qPrintable(parts.value(1)));
    return parts.value(0).toDouble();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    const int tables = args.isEmpty() ? 5000 : args.takeFirst().toInt();
    if (args.isEmpty())
        args = {QStringLiteral("sqlite"), QStringLiteral("postgresql"), QStringLiteral("mysql")};
    QTextStream out(stdout);
    out << QStringLiteral("%1 tables x 20 columns, 1 FK, 1 unique, 2 indexes each; Retort: median of 3 runs\n\n").arg(tables);
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n").arg(QStringLiteral("engine"), -12).arg(QStringLiteral("retort"), 10)
               .arg(QStringLiteral("SA 1.4"), 10).arg(QStringLiteral("ratio"), 8).arg(QStringLiteral("SA 2.0 multi"), 13)
               .arg(QStringLiteral("ratio"), 8);
    out.flush();
    for (const QString &engine : std::as_const(args)) {
        const Dialect dialect = engine == QLatin1String("postgresql") ? Dialect::PostgreSQL
                                : engine == QLatin1String("mysql")    ? Dialect::MySQL
                                                                      : Dialect::SQLite;
        if (dialect != Dialect::SQLite && !test::serverUrl(dialect)) {
            out << engine << ": no server (run bench/introspection, which starts them)\n";
            continue;
        }
        test::ScratchDatabase db(dialect);
        if (!db.isValid()) {
            out << engine << ": " << db.error() << "\n";
            continue;
        }
        {
            Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
            if (!c) {
                out << engine << ": " << c.error().toString() << "\n";
                continue;
            }
            QSqlQuery q((*c)->database());
            if (dialect != Dialect::MySQL)
                q.exec(QStringLiteral("BEGIN"));
            for (int i = 0; i < tables; ++i) {
                if (dialect == Dialect::PostgreSQL && i > 0 && i % 500 == 0) {
                    q.exec(QStringLiteral("COMMIT"));   // one transaction would run out of locks
                    q.exec(QStringLiteral("BEGIN"));
                }
                for (const QString &sql : tableDdl(dialect, i)) {
                    if (!q.exec(sql)) {
                        out << engine << ": " << sql << ": " << q.lastError().text() << "\n";
                        return 1;
                    }
                }
            }
            if (dialect != Dialect::MySQL)
                q.exec(QStringLiteral("COMMIT"));
        }
        QList<qint64> times;
        for (int run = 0; run < 3; ++run) {
            Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
            QElapsedTimer timer;
            timer.start();
            const Result<Schema> schema = introspectSchema(**c);
            times << timer.elapsed();
            if (!schema || schema->tables.size() != tables || schema->tables.last().columns.size() != 20
                || schema->tables.last().foreignKeys.size() != 1 || schema->tables.last().indexes.size() < 2) {
                out << engine << ": Retort read the schema wrongly\n";
                return 1;
            }
        }
        std::sort(times.begin(), times.end());
        const double ours = double(times.at(1)) / 1000.0;
        const double sa14 = sqlalchemySeconds(db.url(), QStringLiteral("per-table"), tables);
        const double sa20 = sqlalchemySeconds(db.url(), QStringLiteral("multi"), tables);
        const auto cell = [](double v) { return v < 0 ? QStringLiteral("-") : QString::number(v, 'f', 3) + QLatin1Char('s'); };
        const auto ratio = [&](double v) { return v < 0 ? QStringLiteral("-") : QString::number(v / ours, 'f', 1) + QLatin1Char('x'); };
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n").arg(engine, -12).arg(cell(ours), 10).arg(cell(sa14), 10).arg(ratio(sa14), 8)
                   .arg(cell(sa20), 13).arg(ratio(sa20), 8);
        out.flush();
    }
    return 0;
}
