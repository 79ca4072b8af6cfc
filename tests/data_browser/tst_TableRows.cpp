// Pages of rows for the Data tab on real SQLite, PostgreSQL and MariaDB databases: the pages cover
// the table exactly once in every order, the filter matches text (wildcards in it are literal), odd
// names are quoted, and a browse session cannot write. The RowFetcher that serves them off the GUI
// thread is tested here too, headless: counts, chunks newest first, dropped wishes, ranges, retiring.
#include "connection/Connection.h"
#include "data/RowFetcher.h"
#include "data/TableRows.h"

#include "TestServers.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QThread>
#include <QSqlQuery>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;

class tst_TableRows : public QObject
{
    Q_OBJECT
private slots:
    void pagesFiltersAndReadOnly_data();
    void pagesFiltersAndReadOnly();
    void interruptsARunningQuery_data();
    void interruptsARunningQuery();
    void fetcherServesNewestFirst_data();
    void fetcherServesNewestFirst();
    void fetcherReportsAndRetires();
};

void tst_TableRows::pagesFiltersAndReadOnly_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

void tst_TableRows::pagesFiltersAndReadOnly()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    const QString table = quoteIdentifierAlways(dialect, QStringLiteral("select"));   // a reserved word as a name
    const QString order = quoteIdentifierAlways(dialect, QStringLiteral("order"));
    QStringList setup{QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, name VARCHAR(40), %2 INTEGER)").arg(table, order)};
    QStringList values;
    for (int i = 1; i <= 1000; ++i) {
        const QString name = i == 500 ? QStringLiteral("50%_off") : i == 501 ? QStringLiteral("5000 off") : QStringLiteral("Row %1").arg(i, 4, 10, QLatin1Char('0'));
        values << QStringLiteral("(%1, '%2', %3)").arg(i).arg(name, i % 7 == 0 ? QStringLiteral("NULL") : QString::number((i * 37) % 101));
    }
    setup << QStringLiteral("INSERT INTO %1 (id, name, %2) VALUES %3").arg(table, order, values.join(QStringLiteral(", ")));
    const QString setupError = db.exec(setup);
    QVERIFY2(setupError.isEmpty(), qPrintable(setupError));

    Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
    QVERIFY2(c, c ? "" : qPrintable(c.error().toString()));
    QVERIFY(setReadOnlySession(**c).ok());
    RowQuery q;
    q.table = QStringLiteral("select");
    q.columns = {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("order")};
    q.keyColumns = {QStringLiteral("id")};
    QCOMPARE(*countRows(**c, q), qint64(1000));

    // Pages in every order: each row exactly once, and the sort holds across page borders.
    const auto allPages = [&](const RowQuery &query) {
        QList<QVariantList> rows;
        for (qint64 offset = 0;; offset += 128) {
            Result<QList<QVariantList>> page = fetchRows(**c, query, offset, 128);
            if (!page)
                return QList<QVariantList>();
            rows += *page;
            if (page->size() < 128)
                return rows;
        }
    };
    QList<QVariantList> byKey = allPages(q);
    QCOMPARE(byKey.size(), 1000);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(byKey.at(i).at(0).toInt(), i + 1);
    QVERIFY(byKey.at(6).at(2).isNull());   // id 7: NULL comes back as a null value

    q.sortColumn = 2;
    q.descending = true;
    const QList<QVariantList> byScore = allPages(q);
    QCOMPARE(byScore.size(), 1000);
    QSet<int> seen;
    int previous = std::numeric_limits<int>::max();
    for (const QVariantList &row : byScore) {
        seen.insert(row.at(0).toInt());
        if (row.at(2).isNull())
            continue;   // where NULLs go differs by engine
        QVERIFY2(row.at(2).toInt() <= previous, "descending across pages");
        previous = row.at(2).toInt();
    }
    QCOMPARE(seen.size(), 1000);

    // Filter: case-insensitive text in any column, or in one; % and _ are literal.
    q.sortColumn = -1;
    q.descending = false;
    q.filter = QStringLiteral("row 004");
    QCOMPARE(*countRows(**c, q), qint64(10));   // Row 0040 … Row 0049
    q.filter = QStringLiteral("50%_");
    QCOMPARE(*countRows(**c, q), qint64(1));
    QCOMPARE(fetchRows(**c, q, 0, 10)->first().at(1).toString(), QStringLiteral("50%_off"));
    q.filter = QStringLiteral("777");
    q.filterColumn = 0;   // the id only: not the score column
    QCOMPARE(*countRows(**c, q), qint64(1));
    q.filterColumn = -1;
    q.filter.clear();

    // A browse session refuses writes, and the data stays as it was.
    QSqlQuery write((*c)->database());
    QVERIFY2(!write.exec(QStringLiteral("DELETE FROM %1").arg(table)), "a read-only session must refuse DELETE");
    QCOMPARE(*countRows(**c, q), qint64(1000));
}

void tst_TableRows::interruptsARunningQuery_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

// The Data tab drops a reader whose query runs long; the query must stop, not run on for minutes.
void tst_TableRows::interruptsARunningQuery()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    // A statement that takes far longer than the test waits.
    const QString slow = dialect == Dialect::SQLite
                             ? QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000) SELECT count(*) FROM n")
                             : dialect == Dialect::PostgreSQL ? QStringLiteral("SELECT pg_sleep(60)")
                                                              : QStringLiteral("SELECT SLEEP(60)");
    std::function<void()> interrupt;
    QMutex mutex;
    QString outcome;
    qint64 ranMs = -1;
    QThread *worker = QThread::create([&]() {
        Result<std::unique_ptr<Connection>> c = Connection::open(db.url());
        if (!c) {
            outcome = c.error().toString();
            return;
        }
        {
            QMutexLocker lock(&mutex);
            interrupt = queryInterrupter(**c);
        }
        QElapsedTimer clock;
        clock.start();
        QSqlQuery q((*c)->database());
        const bool ok = q.exec(slow);
        ranMs = clock.elapsed();
        // MySQL's SLEEP() answers 1 when it was killed before its time, where the others fail.
        outcome = !ok ? q.lastError().text() : q.next() && q.value(0).toInt() == 1 ? QStringLiteral("killed") : QStringLiteral("finished");
        QMutexLocker lock(&mutex);
        interrupt = nullptr;
    });
    worker->start();
    QTRY_VERIFY_WITH_TIMEOUT([&]() { QMutexLocker lock(&mutex); return bool(interrupt); }(), 10000);
    // An interrupt that comes before the statement starts does nothing, so it is repeated until the statement stops.
    QTRY_VERIFY_WITH_TIMEOUT([&]() {
        QMutexLocker lock(&mutex);
        if (interrupt)
            interrupt();
        return worker->isFinished();
    }(), 15000);
    delete worker;
    QVERIFY2(outcome != QLatin1String("finished"), "the statement ran to its end");
    QVERIFY2(ranMs >= 0 && ranMs < 10000, qPrintable(QStringLiteral("%1 ms: %2").arg(ranMs).arg(outcome)));
    QVERIFY2(outcome.contains(QLatin1String("interrupt"), Qt::CaseInsensitive) || outcome.contains(QLatin1String("cancel"), Qt::CaseInsensitive)
                 || outcome == QLatin1String("killed"),
             qPrintable(outcome));
}


void tst_TableRows::fetcherServesNewestFirst_data()
{
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("sqlite") << Dialect::SQLite;
    QTest::newRow("postgresql") << Dialect::PostgreSQL;
    QTest::newRow("mariadb") << Dialect::MySQL;
}

void tst_TableRows::fetcherServesNewestFirst()
{
    QFETCH(Dialect, dialect);
    RETORT_REQUIRE_SERVER(dialect);
    test::ScratchDatabase db(dialect);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    QStringList values;
    for (int i = 1; i <= 1000; ++i)
        values << QStringLiteral("(%1, 'Row %1')").arg(i);
    const QString setupError = db.exec({QStringLiteral("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(40))"),
                                        QStringLiteral("INSERT INTO item (id, name) VALUES %1").arg(values.join(QStringLiteral(", ")))});
    QVERIFY2(setupError.isEmpty(), qPrintable(setupError));
    RowQuery q;
    q.table = QStringLiteral("item");
    q.columns = {QStringLiteral("id"), QStringLiteral("name")};
    q.keyColumns = {QStringLiteral("id")};

    RowFetcher fetcher(db.url());
    QSignalSpy counted(&fetcher, &RowFetcher::counted);
    QSignalSpy ready(&fetcher, &RowFetcher::chunkReady);
    QSignalSpy dropped(&fetcher, &RowFetcher::chunkDropped);
    QSignalSpy failed(&fetcher, &RowFetcher::failed);
    QSignalSpy ranges(&fetcher, &RowFetcher::rangeReady);

    fetcher.count(1, q);
    QTRY_COMPARE_WITH_TIMEOUT(counted.size(), 1, 10000);
    QCOMPARE(counted.at(0).at(0).toULongLong(), quint64(1));
    QCOMPARE(counted.at(0).at(1).toLongLong(), qint64(1000));

    // Twenty wishes at once, as a fast scroll makes them: at most kMaxWaitingChunks wait, the oldest
    // are dropped, and the newest is served. Another session holds the table while they are made, so
    // the fetcher is busy with the first (as when the database answers slower than the user scrolls)
    // however fast this machine is.
    Result<std::unique_ptr<Connection>> blocker = Connection::open(db.url());
    QVERIFY(blocker);
    QSqlDatabase held = (*blocker)->database();
    QSqlQuery hold(held);
    if (dialect == Dialect::SQLite) {
        QVERIFY2(hold.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(hold.lastError().text()));
    } else if (dialect == Dialect::PostgreSQL) {
        QVERIFY(held.transaction());
        QVERIFY2(hold.exec(QStringLiteral("LOCK TABLE item IN ACCESS EXCLUSIVE MODE")), qPrintable(hold.lastError().text()));
    } else {
        QVERIFY2(hold.exec(QStringLiteral("LOCK TABLES item WRITE")), qPrintable(hold.lastError().text()));
    }
    for (int chunk = 0; chunk < 20; ++chunk)
        fetcher.fetchChunk(2, q, chunk, chunk * 50, 50);
    QTest::qWait(300);   // the fetcher is waiting for the table with the first wish
    if (dialect == Dialect::SQLite)
        QVERIFY(hold.exec(QStringLiteral("COMMIT")));
    else if (dialect == Dialect::PostgreSQL)
        QVERIFY(held.commit());
    else
        QVERIFY(hold.exec(QStringLiteral("UNLOCK TABLES")));
    QTRY_COMPARE_WITH_TIMEOUT(ready.size() + dropped.size(), 20, 20000);
    QVERIFY2(dropped.size() >= 20 - RowFetcher::kMaxWaitingChunks - 1,   // the first may have started before the rest came
             qPrintable(QString::number(dropped.size())));
    QSet<int> served;
    for (const QList<QVariant> &signal : std::as_const(ready)) {
        QCOMPARE(signal.at(0).toULongLong(), quint64(2));
        const int chunk = signal.at(1).toInt();
        const QList<QVariantList> rows = signal.at(2).value<QList<QVariantList>>();
        QCOMPARE(rows.size(), 50);
        QCOMPARE(rows.first().at(0).toInt(), chunk * 50 + 1);
        QCOMPARE(rows.last().at(1).toString(), QStringLiteral("Row %1").arg(chunk * 50 + 50));
        served.insert(chunk);
    }
    QVERIFY2(served.contains(19), "the newest wish is served");
    for (const QList<QVariant> &signal : std::as_const(dropped))
        QVERIFY2(!served.contains(signal.at(1).toInt()), "a chunk is served or dropped, not both");
    QCOMPARE(ready.size() + dropped.size(), 20);

    // A range is formatted on the fetch thread; the text comes back.
    fetcher.fetchRange(7, q, 10, 3, [](const QList<QVariantList> &rows) {
        QStringList ids;
        for (const QVariantList &row : rows)
            ids << row.at(0).toString();
        return ids.join(QLatin1Char(','));
    });
    QTRY_COMPARE_WITH_TIMEOUT(ranges.size(), 1, 10000);
    QCOMPARE(ranges.at(0).at(0).toULongLong(), quint64(7));
    QCOMPARE(ranges.at(0).at(1).toString(), QStringLiteral("11,12,13"));
    QVERIFY(ranges.at(0).at(2).toString().isEmpty());
    QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().at(1).toString()));

    // A query the database refuses fails with the database's words, under its generation.
    RowQuery missing = q;
    missing.table = QStringLiteral("no_such_table");
    fetcher.count(9, missing);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(failed.at(0).at(0).toULongLong(), quint64(9));
    QVERIFY2(failed.at(0).at(1).toString().contains(QLatin1String("no_such_table")), qPrintable(failed.at(0).at(1).toString()));
}

void tst_TableRows::fetcherReportsAndRetires()
{
    // A database that cannot be opened: every question fails with the reason.
    QTemporaryDir dir;
    RowQuery q;
    q.table = QStringLiteral("item");
    q.columns = {QStringLiteral("id")};
    {
        RowFetcher unreachable(DatabaseUrl::parse(QStringLiteral("sqlite:///%1/missing/folder/x.db").arg(dir.path())).value());
        QSignalSpy failed(&unreachable, &RowFetcher::failed);
        unreachable.count(3, q);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        QCOMPARE(failed.at(0).at(0).toULongLong(), quint64(3));
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    }

    // Retiring does not wait for a count that would run for minutes, deletes the fetcher when its
    // thread ends, and nothing is reported after it.
    test::ScratchDatabase db(Dialect::SQLite);
    QVERIFY2(db.isValid(), qPrintable(db.error()));
    const QString setupError = db.exec({QStringLiteral("CREATE VIEW slow AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                                                       "SELECT i + 1 FROM n WHERE i < 2000000000) SELECT i AS id FROM n")});
    QVERIFY2(setupError.isEmpty(), qPrintable(setupError));
    q.table = QStringLiteral("slow");
    auto *fetcher = new RowFetcher(db.url());
    QPointer<RowFetcher> alive(fetcher);
    QSignalSpy counted(fetcher, &RowFetcher::counted);
    QSignalSpy failed(fetcher, &RowFetcher::failed);
    fetcher->count(1, q);
    QElapsedTimer clock;
    clock.start();
    fetcher->retire();
    QVERIFY2(clock.elapsed() < 1000, "retire() returns at once");
    QTRY_VERIFY_WITH_TIMEOUT(alive.isNull(), 10000);
    QVERIFY2(clock.elapsed() < 10000, "the running count was stopped");
    QCOMPARE(counted.size(), 0);
    QCOMPARE(failed.size(), 0);
}

QTEST_MAIN(tst_TableRows)
#include "tst_TableRows.moc"
