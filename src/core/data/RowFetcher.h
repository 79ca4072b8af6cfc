// A table's rows fetched off the caller's thread, for a lazy view (the Data tab) or any other
// reader: one thread with its own connection (QtSql connections belong to the thread that opened
// them), put in a read-only session before the first query, serving a short queue. A count comes
// first and clears the wishes of the query before it; chunk wishes are served newest first, and
// when more than kMaxWaitingChunks wait, the oldest are dropped (chunkDropped) rather than queued
// up, so scrolling faster than the database answers costs nothing. Answers are signals, delivered
// to receivers in their own threads; each carries the caller's generation so stale ones can be told.
// The row cache is the caller's business, as DB Browser for SQLite keeps its row loader and row
// cache apart.
#pragma once

#include "data/TableRows.h"

#include <QMutex>
#include <QObject>
#include <QWaitCondition>

#include <deque>
#include <thread>
#include <functional>
#include <memory>

namespace retort {

class RowFetcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxWaitingChunks = 8;

    /// Starts the fetch thread, which opens its connection to url.
    explicit RowFetcher(DatabaseUrl url, QObject *parent = nullptr);
    /// Stops the thread and waits for it (and for its running query).
    ~RowFetcher() override;

    /// Counts query's rows; the chunks asked for an earlier query are dropped.
    void count(quint64 generation, const RowQuery &query);
    /// Rows [offset, offset + limit) of query, as chunk.
    void fetchChunk(quint64 generation, const RowQuery &query, int chunk, qint64 offset, int limit);
    /// Rows [offset, offset + limit) of query, handed to format on the fetch thread (a clipboard's text
    /// of 100,000 rows is not built on the GUI thread); its text comes back in rangeReady.
    void fetchRange(quint64 ticket, const RowQuery &query, qint64 offset, int limit,
                    std::function<QString(const QList<QVariantList> &)> format);
    /// Stops without waiting for a running query (SQLite's is interrupted at once; the others end on
    /// their own) and deletes itself when the thread ends. No signal is emitted after this returns.
    void retire();

signals:
    void counted(quint64 generation, qint64 rows);
    void chunkReady(quint64 generation, int chunk, const QList<QVariantList> &rows);
    /// A chunk wish dropped from the queue (newer wishes pushed it out, or a new count came).
    void chunkDropped(quint64 generation, int chunk);
    void rangeReady(quint64 ticket, const QString &text, const QString &error);
    /// A count or chunk failed, or the connection could not be opened.
    void failed(quint64 generation, const QString &message);

private:
    struct Job
    {
        enum class Kind { Count, Chunk, Range } kind = Kind::Chunk;
        quint64 generation = 0;   ///< Range: the ticket
        RowQuery query;
        qint64 offset = 0;
        int limit = 0;
        int chunk = 0;
        std::function<QString(const QList<QVariantList> &)> format;
    };

    void submit(Job job);
    void run();
    void serve(const Connection &connection, const Job &job);
    /// Emits unless retired; called with m_mutex held or not, as the caller says (it is not recursive).
    void whileActive(const std::function<void()> &emitter, bool locked = false);

    const DatabaseUrl m_url;
    /// A std::thread, not a QThread: join() returns only when the thread has ended, its thread-local
    /// clean-up included, so the object can go at once (QThread::wait() returns before that).
    std::thread m_thread;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    bool m_retired = false;
    bool m_done = false;     ///< run() has returned its connection and will touch nothing more
    std::function<void()> m_interrupt;
};

} // namespace retort
