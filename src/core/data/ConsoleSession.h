// The SQL console's connection: one thread with its own connection (QtSql connections belong to the
// thread that opened them) running one statement at a time, its rows handed over in batches as they
// are read, the first batch small so they show at once. A query is read to its end (or kMaxRows) right
// away rather than held open while the user scrolls: an open result would hold SQLite's read lock or
// MySQL's metadata lock and stall the next migration.
//
// Read-only (the default) is enforced three times over: only statements sql::classifyStatement
// calls queries are sent; the session is read-only (setReadOnlySession); and on PostgreSQL and
// MySQL each statement runs in its own READ ONLY transaction, rolled back when its rows are read,
// so a function that tries to flip the session's setting is undone too. With writes allowed, each
// statement commits by itself (autocommit), as in any SQL client. Text holding more than one
// statement is refused before it reaches the server. A running statement can be cancelled (SQLite:
// interrupted; PostgreSQL: libpq's cancel; MySQL: KILL QUERY over a second connection).
#pragma once

#include "connection/DatabaseUrl.h"

#include <QMutex>
#include <QObject>
#include <QVariant>
#include <QWaitCondition>

#include <deque>
#include <thread>
#include <functional>
#include <memory>

namespace retort {

class Connection;

class ConsoleSession : public QObject
{
    Q_OBJECT
public:
    /// Rows a query keeps at most; beyond, the result says it was cut.
    static constexpr int kMaxRows = 100000;

    /// Starts the thread, which opens its connection to url (read-only unless allowWrites).
    ConsoleSession(DatabaseUrl url, bool allowWrites, QObject *parent = nullptr);
    /// Cancels what runs and waits for the thread.
    ~ConsoleSession() override;

    bool allowsWrites() const { return m_allowWrites; }
    /// Runs one statement after the ones before it. Answers carry id.
    void execute(quint64 id, const QString &sql);
    /// Stops the running statement (its rows so far stay).
    void cancel();
    /// Stops without waiting and deletes itself when the thread ends; no signal after this returns.
    void retire();

signals:
    /// The connection is open (error empty) or could not be opened; delivered through the event loop
    /// of the session's thread, so a receiver connected right after construction gets it.
    void opened(const QString &error);
    /// A query's columns, before its first rows.
    void columnsReady(quint64 id, const QStringList &columns);
    /// More rows of query id.
    void rowsReady(quint64 id, const QList<QVariantList> &rows);
    /// The statement ran to its end: rowsAffected for a change (-1 for a query), how long it took,
    /// capped: a query's rows were cut at kMaxRows.
    void executed(quint64 id, qint64 rowsAffected, qint64 elapsedMs, bool capped);
    void failed(quint64 id, const QString &message);

private:
    struct Job
    {
        quint64 id = 0;
        QString sql;
    };

    void run();
    void serve(const Connection &connection, const Job &job);
    void whileActive(const std::function<void()> &emitter);

    const DatabaseUrl m_url;
    const bool m_allowWrites;
    /// A std::thread, not a QThread: join() returns only when the thread has ended, its thread-local
    /// clean-up included, so the object can go at once (QThread::wait() returns before that).
    std::thread m_thread;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    bool m_retired = false;
    bool m_done = false;     ///< run() has returned its connection and will touch nothing more
    bool m_cancel = false;   ///< the running statement's reading stops at its next batch
    std::function<void()> m_interrupt;
};

} // namespace retort
