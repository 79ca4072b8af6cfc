// The SQL console's core: statements split as each engine's lexer splits them (checked against the
// real engines: SQLite's own prepare, and PostgreSQL and MariaDB running the text with several
// statements allowed), the statement under the cursor, what a statement does, and ConsoleSession on
// real databases: rows in batches, one statement at a time, read-only that holds against every way
// round it we know, writes when allowed, and cancelling a running statement.
#include "connection/Connection.h"
#include "data/ConsoleSession.h"
#include "sql/SqlScript.h"

#include "TestServers.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <sqlite3.h>

using namespace retort;
using sql::StatementKind;

class tst_SqlConsole : public QObject
{
    Q_OBJECT
private slots:
    void splitsLikeTheEngines_data();
    void splitsLikeTheEngines();
    void statementUnderTheCursor();
    void classifiesStatements_data();
    void classifiesStatements();
    void hiddenStatementsNeverRun_data();
    void hiddenStatementsNeverRun();
    void sessionStreamsRowsAndStaysReadOnly_data();
    void sessionStreamsRowsAndStaysReadOnly();
    void sessionWritesWhenAllowed_data();
    void sessionWritesWhenAllowed();
    void cancelsARunningStatement_data();
    void cancelsARunningStatement();
};

namespace {

void dialectRows()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

QStringList texts(const QString &script, Dialect dialect)
{
    QStringList out;
    for (const sql::StatementSpan &s : sql::splitStatements(script, dialect))
        out << s.text;
    return out;
}

} // namespace

void tst_SqlConsole::splitsLikeTheEngines_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("statements");
    const auto all = [](const char *tag, const QString &script, const QStringList &statements) {
        for (const Dialect d : {Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL})
            QTest::addRow("%s %s", dialectKey(d).toLatin1().constData(), tag) << d << script << statements;
    };
    all("two", QStringLiteral("SELECT 1;\n  SELECT 2  ;"), {QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")});
    all("string", QStringLiteral("SELECT 'a;b'; SELECT 'it''s'"), {QStringLiteral("SELECT 'a;b'"), QStringLiteral("SELECT 'it''s'")});
    all("comments", QStringLiteral("-- one; two\nSELECT 1 /* ; */; ;;"), {QStringLiteral("SELECT 1 /* ; */")});
    all("only comments", QStringLiteral("-- nothing;\n/* here; */ ;"), {});
    QTest::addRow("postgresql dollar quote") << Dialect::PostgreSQL
                                             << QStringLiteral("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT $1")
                                             << QStringList{QStringLiteral("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql"),
                                                            QStringLiteral("SELECT $1")};
    QTest::addRow("postgresql E string") << Dialect::PostgreSQL << QStringLiteral("SELECT E'\\';'; SELECT 2")
                                         << QStringList{QStringLiteral("SELECT E'\\';'"), QStringLiteral("SELECT 2")};
    QTest::addRow("postgresql plain backslash") << Dialect::PostgreSQL << QStringLiteral("SELECT 'a\\'; SELECT 2")
                                                << QStringList{QStringLiteral("SELECT 'a\\'"), QStringLiteral("SELECT 2")};
    QTest::addRow("postgresql nested comment") << Dialect::PostgreSQL << QStringLiteral("SELECT 1 /* a /* b; */ c; */; SELECT 2")
                                               << QStringList{QStringLiteral("SELECT 1 /* a /* b; */ c; */"), QStringLiteral("SELECT 2")};
    QTest::addRow("mariadb backslash") << Dialect::MySQL << QStringLiteral("SELECT 'a\\';'; SELECT \"b;\"")
                                       << QStringList{QStringLiteral("SELECT 'a\\';'"), QStringLiteral("SELECT \"b;\"")};
    QTest::addRow("mariadb hash comment") << Dialect::MySQL << QStringLiteral("SELECT 1 # x; y\n; SELECT 2")
                                          << QStringList{QStringLiteral("SELECT 1 # x; y"), QStringLiteral("SELECT 2")};
    QTest::addRow("mariadb dashes without blank") << Dialect::MySQL << QStringLiteral("SELECT 1--1; SELECT 2")
                                                  << QStringList{QStringLiteral("SELECT 1--1"), QStringLiteral("SELECT 2")};
    QTest::addRow("sqlite trigger") << Dialect::SQLite
                                    << QStringLiteral("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM b; END; SELECT 1")
                                    << QStringList{QStringLiteral("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM b; END"),
                                                   QStringLiteral("SELECT 1")};
    QTest::addRow("sqlite brackets") << Dialect::SQLite << QStringLiteral("SELECT [a;b] FROM t; SELECT `c;`")
                                     << QStringList{QStringLiteral("SELECT [a;b] FROM t"), QStringLiteral("SELECT `c;`")};
}

void tst_SqlConsole::splitsLikeTheEngines()
{
    QFETCH(Dialect, dialect);
    QFETCH(QString, script);
    QFETCH(QStringList, statements);
    QCOMPARE(texts(script, dialect), statements);
    if (dialect != Dialect::SQLite || statements.isEmpty())
        return;
    // SQLite's own tokenizer (sqlite3_complete) ends statements where the splitter does: none of its
    // ends falls inside a statement found here, and each statement found here ends at one of them.
    QList<qsizetype> ends;
    for (qsizetype p = script.indexOf(QLatin1Char(';')); p >= 0; p = script.indexOf(QLatin1Char(';'), p + 1)) {
        if (sqlite3_complete(script.left(p + 1).toUtf8().constData()))
            ends << p;
    }
    for (const sql::StatementSpan &span : sql::splitStatements(script, dialect)) {
        for (const qsizetype end : std::as_const(ends))
            QVERIFY2(end < span.start || end >= span.end, qPrintable(QStringLiteral("SQLite ends a statement at %1 inside: ").arg(end) + span.text));
        const qsizetype semicolon = script.indexOf(QLatin1Char(';'), span.end);
        QVERIFY2(semicolon < 0 ? script.mid(span.end).trimmed().isEmpty() : ends.contains(semicolon), qPrintable(span.text));
    }
}

void tst_SqlConsole::statementUnderTheCursor()
{
    const QString script = QStringLiteral("SELECT 1;\nSELECT 'two;'\n  FROM t;  \n\nSELECT 3");
    const auto at = [&](qsizetype cursor) {
        const std::optional<sql::StatementSpan> s = sql::statementAt(script, cursor, Dialect::PostgreSQL);
        return s ? s->text : QStringLiteral("<none>");
    };
    QCOMPARE(at(0), QStringLiteral("SELECT 1"));
    QCOMPARE(at(9), QStringLiteral("SELECT 1"));          // just after the ';'
    QCOMPARE(at(script.indexOf(QStringLiteral("two"))), QStringLiteral("SELECT 'two;'\n  FROM t"));
    QCOMPARE(at(script.indexOf(QStringLiteral("FROM")) + 9), QStringLiteral("SELECT 'two;'\n  FROM t"));   // after "t;  "
    QCOMPARE(at(script.indexOf(QStringLiteral("\n\n")) + 1), QStringLiteral("<none>"));   // the blank line
    QCOMPARE(at(script.size()), QStringLiteral("SELECT 3"));
}

void tst_SqlConsole::classifiesStatements_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("statement");
    QTest::addColumn<StatementKind>("kind");
    const auto row = [](Dialect d, const QString &s, StatementKind k) {
        QTest::addRow("%s: %s", dialectKey(d).toLatin1().constData(), s.left(40).toUtf8().constData()) << d << s << k;
    };
    for (const Dialect d : {Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL}) {
        row(d, QStringLiteral("  -- why\n select * from t where a = 'DELETE'"), StatementKind::Query);
        row(d, QStringLiteral("WITH x AS (SELECT 1) SELECT * FROM x"), StatementKind::Query);
        row(d, QStringLiteral("EXPLAIN SELECT 1"), StatementKind::Query);
        row(d, QStringLiteral("delete from t"), StatementKind::DataChange);
        row(d, QStringLiteral("INSERT INTO t VALUES (1)"), StatementKind::DataChange);
        row(d, QStringLiteral("drop table t"), StatementKind::Schema);
        row(d, QStringLiteral("CREATE TABLE \"select\" (a int)"), StatementKind::Schema);
        row(d, QStringLiteral("BEGIN"), StatementKind::Other);
        row(d, QStringLiteral("SELECT 1; DROP TABLE t"), StatementKind::Other);
        row(d, QStringLiteral("/* only */"), StatementKind::Other);
    }
    row(Dialect::PostgreSQL, QStringLiteral("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"), StatementKind::DataChange);
    row(Dialect::PostgreSQL, QStringLiteral("SELECT * INTO copy FROM t"), StatementKind::Other);
    row(Dialect::PostgreSQL, QStringLiteral("SELECT set_config('default_transaction_read_only', 'off', false)"), StatementKind::DataChange);
    row(Dialect::PostgreSQL, QStringLiteral("SELECT nextval('s')"), StatementKind::DataChange);
    row(Dialect::PostgreSQL, QStringLiteral("EXPLAIN ANALYZE DELETE FROM t"), StatementKind::DataChange);
    row(Dialect::PostgreSQL, QStringLiteral("EXPLAIN (ANALYZE, BUFFERS) SELECT 1"), StatementKind::Query);
    row(Dialect::PostgreSQL, QStringLiteral("SET default_transaction_read_only = off"), StatementKind::Other);
    row(Dialect::PostgreSQL, QStringLiteral("SELECT '$$'; DROP TABLE t"), StatementKind::Other);
    row(Dialect::MySQL, QStringLiteral("SELECT * FROM t INTO OUTFILE '/tmp/x'"), StatementKind::Other);
    row(Dialect::MySQL, QStringLiteral("SELECT 1 /*!, (SELECT 2) */"), StatementKind::Other);
    row(Dialect::MySQL, QStringLiteral("SHOW TABLES"), StatementKind::Query);
    row(Dialect::MySQL, QStringLiteral("SET SESSION TRANSACTION READ WRITE"), StatementKind::Other);
    row(Dialect::SQLite, QStringLiteral("PRAGMA table_info('t')"), StatementKind::Query);
    row(Dialect::SQLite, QStringLiteral("PRAGMA foreign_keys"), StatementKind::Query);
    row(Dialect::SQLite, QStringLiteral("PRAGMA query_only = OFF"), StatementKind::Other);
    row(Dialect::SQLite, QStringLiteral("PRAGMA query_only(0)"), StatementKind::Other);
    row(Dialect::SQLite, QStringLiteral("PRAGMA user_version(7)"), StatementKind::Other);
    row(Dialect::SQLite, QStringLiteral("ATTACH DATABASE '/tmp/x' AS x"), StatementKind::Other);
}

void tst_SqlConsole::classifiesStatements()
{
    QFETCH(Dialect, dialect);
    QFETCH(QString, statement);
    QFETCH(StatementKind, kind);
    QCOMPARE(sql::classifyStatement(statement, dialect), kind);
}

// Texts built to hide a second statement from a lexer that reads strings, comments or quotes
// differently from the server's. Wherever the splitter sees one statement, the server, running the
// text with several statements allowed, must not run a second: the table pwn never appears.
void tst_SqlConsole::hiddenStatementsNeverRun_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("script");
    const QString create = QStringLiteral("CREATE TABLE pwn (a INTEGER)");
    const QStringList tricks{
        QStringLiteral("SELECT E'\\''; %1; SELECT ''").arg(create),
        QStringLiteral("SELECT 'a\\'; %1; SELECT '").arg(create),
        QStringLiteral("SELECT \"a\\\"; %1; SELECT \"").arg(create),
        QStringLiteral("SELECT 1 /* /* */ ; %1; /* */").arg(create),
        QStringLiteral("SELECT $$ $a$ ; %1; $$").arg(create),
        QStringLiteral("SELECT $a$ $$ ; %1; $a$").arg(create),
        QStringLiteral("SELECT 1 -- x\n; %1").arg(create),
        QStringLiteral("SELECT 1--x\n; %1").arg(create),
        QStringLiteral("SELECT 1 # x\n; %1").arg(create),
        QStringLiteral("SELECT `a;` ; %1").arg(create),
        QStringLiteral("SELECT [a ; %1; ]").arg(create),
        QStringLiteral("SELECT 'a'';' ; %1").arg(create),
    };
    for (const Dialect d : {Dialect::PostgreSQL, Dialect::MySQL}) {
        // The control: a plain second statement does run, so the check below can see one.
        QTest::addRow("%s control", dialectKey(d).toLatin1().constData()) << d << QStringLiteral("SELECT 1; %1").arg(create);
        for (int i = 0; i < tricks.size(); ++i)
            QTest::addRow("%s %d", dialectKey(d).toLatin1().constData(), i) << d << tricks.at(i);
    }
}

void tst_SqlConsole::hiddenStatementsNeverRun()
{
    QFETCH(Dialect, dialect);
    QFETCH(QString, script);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    const int seen = int(sql::splitStatements(script, dialect).size());
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(dialect == Dialect::PostgreSQL ? QStringLiteral("QPSQL") : QStringLiteral("QMYSQL"),
                                                     QStringLiteral("raw"));
        raw.setHostName(db.url().host());
        raw.setPort(db.url().port());
        raw.setUserName(db.url().username());
        raw.setPassword(db.url().password());
        raw.setDatabaseName(db.url().database());
        if (dialect == Dialect::MySQL)
            raw.setConnectOptions(QStringLiteral("CLIENT_MULTI_STATEMENTS"));
        QVERIFY2(raw.open(), qPrintable(raw.lastError().text()));
        QSqlQuery(raw).exec(script);   // PostgreSQL's simple protocol and MariaDB with multi statements run every statement
        QSqlQuery probe(raw);
        const bool created = probe.exec(QStringLiteral("SELECT 1 FROM pwn"));
        probe.finish();
        raw.close();
        if (QByteArray(QTest::currentDataTag()).endsWith("control"))
            QVERIFY(created && seen == 2);
        if (seen <= 1)
            QVERIFY2(!created, qPrintable(QStringLiteral("the server ran a second statement the splitter did not see: ") + script));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
}

void tst_SqlConsole::sessionStreamsRowsAndStaysReadOnly_data()
{
    dialectRows();
}

void tst_SqlConsole::sessionStreamsRowsAndStaysReadOnly()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    QStringList values;
    for (int i = 1; i <= 5000; ++i)
        values << QStringLiteral("(%1, 'n%1')").arg(i);
    QCOMPARE(db.exec({QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))"),
                      QStringLiteral("INSERT INTO t VALUES %1").arg(values.join(QLatin1Char(',')))}),
             QString());
    ConsoleSession session(db.url(), false);
    QSignalSpy columns(&session, &ConsoleSession::columnsReady);
    QSignalSpy rows(&session, &ConsoleSession::rowsReady);
    QSignalSpy executed(&session, &ConsoleSession::executed);
    QSignalSpy failed(&session, &ConsoleSession::failed);

    // Rows in batches, the first small, all of them in order.
    session.execute(1, QStringLiteral("-- every row\nSELECT id, name FROM t ORDER BY id;"));
    QTRY_COMPARE_WITH_TIMEOUT(executed.size(), 1, 30000);
    QCOMPARE(columns.first().at(1).toStringList(), (QStringList{QStringLiteral("id"), QStringLiteral("name")}));
    QVERIFY(rows.size() >= 3);
    QCOMPARE(rows.first().at(1).value<QList<QVariantList>>().size(), 200);
    int total = 0;
    for (const QList<QVariant> &signal : std::as_const(rows)) {
        for (const QVariantList &row : signal.at(1).value<QList<QVariantList>>()) {
            ++total;
            QCOMPARE(row.at(0).toInt(), total);
        }
    }
    QCOMPARE(total, 5000);
    QCOMPARE(executed.first().at(1).toLongLong(), -1);
    QCOMPARE(executed.first().at(3).toBool(), false);
    QVERIFY(failed.isEmpty());

    // Everything that writes, or would make the session writable, is refused; nothing changed.
    const QStringList refused{
        QStringLiteral("DELETE FROM t"),
        QStringLiteral("DROP TABLE t"),
        QStringLiteral("SELECT 1; DELETE FROM t"),
        dialect == Dialect::SQLite ? QStringLiteral("PRAGMA query_only = OFF")
        : dialect == Dialect::PostgreSQL ? QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
                                         : QStringLiteral("SET SESSION TRANSACTION READ WRITE"),
        QStringLiteral("WITH x AS (SELECT 1) DELETE FROM t"),
    };
    quint64 id = 10;
    for (const QString &sql : refused) {
        failed.clear();
        session.execute(++id, sql);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QCOMPARE(failed.first().at(0).toULongLong(), id);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("read-only")) || message.contains(QStringLiteral("one at a time")), qPrintable(sql + QStringLiteral(": ") + message));
    }
    if (dialect == Dialect::PostgreSQL) {
        // A function that writes reads as a query here; the read-only transaction stops it on the server.
        QCOMPARE(db.exec({QStringLiteral("CREATE FUNCTION wipe() RETURNS integer LANGUAGE sql AS 'DELETE FROM t; SELECT 0'")}), QString());
        failed.clear();
        session.execute(++id, QStringLiteral("SELECT wipe()"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("read-only transaction")), qPrintable(failed.first().at(1).toString()));
    }
    Result<std::unique_ptr<Connection>> check = Connection::open(db.url());
    QVERIFY(check);
    QSqlQuery q((*check)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM t")) && q.next());
    QCOMPARE(q.value(0).toInt(), 5000);

    // A failing query says why, and the session goes on.
    failed.clear();
    session.execute(++id, QStringLiteral("SELECT nope FROM t"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("nope")), qPrintable(failed.first().at(1).toString()));
    executed.clear();
    session.execute(++id, QStringLiteral("SELECT count(*) FROM t"));
    QTRY_COMPARE_WITH_TIMEOUT(executed.size(), 1, 10000);
}

void tst_SqlConsole::sessionWritesWhenAllowed_data()
{
    dialectRows();
}

void tst_SqlConsole::sessionWritesWhenAllowed()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    ConsoleSession session(db.url(), true);
    QSignalSpy executed(&session, &ConsoleSession::executed);
    QSignalSpy failed(&session, &ConsoleSession::failed);
    session.execute(1, QStringLiteral("CREATE TABLE w (id INTEGER PRIMARY KEY)"));
    session.execute(2, QStringLiteral("INSERT INTO w VALUES (1), (2), (3)"));
    session.execute(3, QStringLiteral("DELETE FROM w WHERE id > 1"));
    QTRY_COMPARE_WITH_TIMEOUT(executed.size(), 3, 30000);
    QVERIFY(failed.isEmpty());
    QCOMPARE(executed.at(1).at(1).toLongLong(), 3);
    QCOMPARE(executed.at(2).at(1).toLongLong(), 2);
    // Committed: another connection sees it.
    Result<std::unique_ptr<Connection>> check = Connection::open(db.url());
    QVERIFY(check);
    QSqlQuery q((*check)->database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM w")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    // Still one statement at a time.
    session.execute(4, QStringLiteral("DELETE FROM w; DROP TABLE w"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("one at a time")));
}

void tst_SqlConsole::cancelsARunningStatement_data()
{
    dialectRows();
}

void tst_SqlConsole::cancelsARunningStatement()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    const QString slow = dialect == Dialect::SQLite
        ? QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
        : dialect == Dialect::PostgreSQL ? QStringLiteral("SELECT pg_sleep(30)") : QStringLiteral("SELECT SLEEP(30)");
    ConsoleSession session(db.url(), false);
    QSignalSpy opened(&session, &ConsoleSession::opened);
    QVERIFY(opened.wait(10000));
    QSignalSpy failed(&session, &ConsoleSession::failed);
    QSignalSpy executed(&session, &ConsoleSession::executed);
    QElapsedTimer timer;
    timer.start();
    session.execute(1, slow);
    QTest::qWait(500);
    session.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() + executed.size() == 1, 10000);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    // MariaDB's SLEEP ends early and returns 1 when killed; the others fail with the cancel.
    if (dialect != Dialect::MySQL)
        QVERIFY2(failed.size() == 1 && failed.first().at(1).toString().contains(QStringLiteral("Cancelled")), qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).toString()));
    // The session still works.
    executed.clear();
    session.execute(2, QStringLiteral("SELECT 1"));
    QTRY_COMPARE_WITH_TIMEOUT(executed.size(), 1, 10000);
}

QTEST_GUILESS_MAIN(tst_SqlConsole)
#include "tst_SqlConsole.moc"
