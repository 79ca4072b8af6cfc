#include "data/ConsoleSession.h"

#include "connection/Connection.h"
#include "data/TableRows.h"
#include "sql/SqlScript.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace retort {

namespace {

constexpr int kFirstBatch = 200;
constexpr int kBatch = 2000;

} // namespace

ConsoleSession::ConsoleSession(DatabaseUrl url, bool allowWrites, QObject *parent)
    : QObject(parent), m_url(std::move(url)), m_allowWrites(allowWrites)
{
    m_thread = std::thread([this]() { run(); });
}

ConsoleSession::~ConsoleSession()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_cancel = true;
        if (m_interrupt)
            m_interrupt();
        m_wake.wakeAll();
    }
    m_thread.join();
}

void ConsoleSession::execute(quint64 id, const QString &sql)
{
    QMutexLocker lock(&m_mutex);
    m_jobs.push_back(Job{id, sql});
    m_wake.wakeOne();
}

void ConsoleSession::cancel()
{
    QMutexLocker lock(&m_mutex);
    m_cancel = true;
    m_jobs.clear();
    if (m_interrupt)
        m_interrupt();
}

void ConsoleSession::retire()
{
    {
        QMutexLocker lock(&m_mutex);
        m_retired = true;
        m_stop = true;
        m_cancel = true;
        if (m_interrupt)
            m_interrupt();
        m_wake.wakeAll();
        // Whichever comes second, this or the end of run(), asks for the deletion (under the lock: once).
        if (m_done)
            deleteLater();
    }
}

void ConsoleSession::whileActive(const std::function<void()> &emitter)
{
    QMutexLocker lock(&m_mutex);
    if (!m_retired)
        emitter();
}

void ConsoleSession::run()
{
    Result<std::unique_ptr<Connection>> connected = m_allowWrites ? Connection::open(m_url, Connection::Options{false, 10, QStringLiteral("console")})
                                                                   : openReadOnly(m_url, QStringLiteral("console"));
    const QString openError = connected ? QString() : connected.error().toString();
    std::unique_ptr<Connection> connection = connected ? std::move(connected).value() : nullptr;
    if (connection) {
        QMutexLocker lock(&m_mutex);
        m_interrupt = queryInterrupter(*connection);
    }
    // Through the owner's event loop, not from here: a receiver connected just after the constructor
    // returned must not miss it (the thread may have opened SQLite before anything was connected).
    QMetaObject::invokeMethod(this, [this, openError]() { whileActive([&]() { emit opened(openError); }); }, Qt::QueuedConnection);
    for (;;) {
        Job job;
        {
            QMutexLocker lock(&m_mutex);
            while (!m_stop && m_jobs.empty())
                m_wake.wait(&m_mutex);
            if (m_stop)
                break;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
            m_cancel = false;
        }
        if (!connection) {
            whileActive([&]() { emit failed(job.id, openError); });
            continue;
        }
        serve(*connection, job);
    }
    {
        QMutexLocker lock(&m_mutex);
        m_interrupt = nullptr;
    }
    connection.reset();   // in the thread that opened it
    QMutexLocker lock(&m_mutex);
    m_done = true;
    if (m_retired)
        deleteLater();   // thread-safe: the deletion runs on the owner's thread, whose destructor joins this one
}

void ConsoleSession::serve(const Connection &connection, const Job &job)
{
    const quint64 id = job.id;
    const Dialect dialect = connection.dialect();
    const auto fail = [&](const QString &message) { whileActive([&]() { emit failed(id, message); }); };
    const Result<sql::ConsoleStatement> statement = sql::consoleStatement(job.sql, dialect, m_allowWrites);
    if (!statement)
        return fail(statement.error().message);
    const QString sql = statement->sql;

    QSqlDatabase db = connection.database();
    // Read-only on a server: the statement's own READ ONLY transaction, rolled back at the end.
    const bool ownTransaction = !m_allowWrites && dialect != Dialect::SQLite;
    if (ownTransaction) {
        QSqlQuery begin(db);
        if (!begin.exec(QStringLiteral("START TRANSACTION READ ONLY")))
            return fail(connection.queryError(tr("Could not start a read-only transaction"), begin.lastError()).toString());
    }
    const auto endTransaction = [&]() {
        if (ownTransaction)
            QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
    };
    QElapsedTimer timer;
    timer.start();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        const bool cancelled = [&] { QMutexLocker lock(&m_mutex); return m_cancel; }();
        const QString message = cancelled ? tr("Cancelled.") : connection.queryError(QString(), query.lastError(), sql).toString();
        query.finish();
        endTransaction();
        return fail(message);
    }
    if (!query.isSelect()) {
        const qint64 affected = query.numRowsAffected();
        endTransaction();
        whileActive([&]() { emit executed(id, affected, timer.elapsed(), false); });
        return;
    }
    const QSqlRecord record = query.record();
    QStringList columns;
    for (int c = 0; c < record.count(); ++c)
        columns << record.fieldName(c);
    whileActive([&]() { emit columnsReady(id, columns); });
    int total = 0;
    bool capped = false;
    bool cancelled = false;
    QList<QVariantList> batch;
    int batchSize = kFirstBatch;
    for (;;) {
        const bool more = query.next();
        if (more) {
            if (total == kMaxRows) {
                capped = true;
            } else {
                QVariantList row;
                row.reserve(columns.size());
                for (int c = 0; c < columns.size(); ++c)
                    row << query.value(c);
                batch << row;
                ++total;
            }
        }
        if (!more || capped || batch.size() >= batchSize) {
            if (!batch.isEmpty())
                whileActive([&]() { emit rowsReady(id, batch); });
            batch.clear();
            batchSize = kBatch;
            QMutexLocker lock(&m_mutex);
            cancelled = m_cancel;
        }
        if (!more || capped || cancelled)
            break;
    }
    const QSqlError error = query.lastError();
    query.finish();
    endTransaction();
    if (cancelled)
        return fail(tr("Cancelled after %n row(s).", nullptr, total));
    if (error.isValid() && error.type() != QSqlError::NoError)
        return fail(connection.queryError(tr("Reading the rows failed after %n row(s)", nullptr, total), error, sql).toString());
    whileActive([&]() { emit executed(id, -1, timer.elapsed(), capped); });
}

} // namespace retort
