#include "data/RowFetcher.h"

namespace retort {

RowFetcher::RowFetcher(DatabaseUrl url, QObject *parent)
    : QObject(parent), m_url(std::move(url))
{
    m_thread = std::thread([this]() { run(); });
}

RowFetcher::~RowFetcher()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread.join();
}

void RowFetcher::retire()
{
    {
        QMutexLocker lock(&m_mutex);
        m_retired = true;
        m_stop = true;
        if (m_interrupt)
            m_interrupt();   // SQLite stops the running statement at once
        m_wake.wakeAll();
        // Whichever comes second, this or the end of run(), asks for the deletion (under the lock: once).
        if (m_done)
            deleteLater();
    }
}

void RowFetcher::count(quint64 generation, const RowQuery &query)
{
    submit(Job{Job::Kind::Count, generation, query, 0, 0, 0, {}});
}

void RowFetcher::fetchChunk(quint64 generation, const RowQuery &query, int chunk, qint64 offset, int limit)
{
    submit(Job{Job::Kind::Chunk, generation, query, offset, limit, chunk, {}});
}

void RowFetcher::fetchRange(quint64 ticket, const RowQuery &query, qint64 offset, int limit,
                            std::function<QString(const QList<QVariantList> &)> format)
{
    submit(Job{Job::Kind::Range, ticket, query, offset, limit, 0, std::move(format)});
}

void RowFetcher::whileActive(const std::function<void()> &emitter, bool locked)
{
    if (locked) {
        if (!m_retired)
            emitter();
        return;
    }
    QMutexLocker lock(&m_mutex);
    if (!m_retired)
        emitter();
}

void RowFetcher::submit(Job job)
{
    QMutexLocker lock(&m_mutex);
    if (job.kind != Job::Kind::Chunk) {
        if (job.kind == Job::Kind::Count) {
            // A new query: nothing asked for the old one matters any more.
            for (const Job &j : m_jobs) {
                if (j.kind == Job::Kind::Chunk)
                    whileActive([&]() { emit chunkDropped(j.generation, j.chunk); }, true);
            }
            m_jobs.clear();
        }
        m_jobs.push_front(std::move(job));
    } else {
        // Newest first, behind a waiting count or copy.
        auto at = m_jobs.begin();
        while (at != m_jobs.end() && at->kind != Job::Kind::Chunk)
            ++at;
        m_jobs.insert(at, std::move(job));
        int chunks = 0;
        for (const Job &j : m_jobs)
            chunks += j.kind == Job::Kind::Chunk ? 1 : 0;
        while (chunks > kMaxWaitingChunks && m_jobs.back().kind == Job::Kind::Chunk) {
            const Job old = m_jobs.back();
            m_jobs.pop_back();
            --chunks;
            whileActive([&]() { emit chunkDropped(old.generation, old.chunk); }, true);
        }
    }
    m_wake.wakeOne();
}

void RowFetcher::run()
{
    Connection::Options options;
    options.purpose = QStringLiteral("browse");
    Result<std::unique_ptr<Connection>> opened = Connection::open(m_url, options);
    QString openError;
    if (!opened)
        openError = opened.error().toString();
    else if (Status readOnly = setReadOnlySession(**opened); !readOnly)
        openError = readOnly.error().toString();
    std::unique_ptr<Connection> connection = opened ? std::move(opened).value() : nullptr;
    if (connection) {
        QMutexLocker lock(&m_mutex);
        m_interrupt = queryInterrupter(*connection);
    }
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
        }
        if (!openError.isEmpty()) {
            if (job.kind == Job::Kind::Range)
                whileActive([&]() { emit rangeReady(job.generation, QString(), openError); });
            else
                whileActive([&]() { emit failed(job.generation, openError); });
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

void RowFetcher::serve(const Connection &connection, const Job &job)
{
    const quint64 generation = job.generation;
    switch (job.kind) {
    case Job::Kind::Count: {
        const Result<qint64> rows = countRows(connection, job.query);
        if (rows)
            whileActive([&]() { emit counted(generation, *rows); });
        else
            whileActive([&]() { emit failed(generation, rows.error().toString()); });
        break;
    }
    case Job::Kind::Chunk: {
        const Result<QList<QVariantList>> rows = fetchRows(connection, job.query, job.offset, job.limit);
        if (rows)
            whileActive([&]() { emit chunkReady(generation, job.chunk, *rows); });
        else
            whileActive([&]() { emit failed(generation, rows.error().toString()); });
        break;
    }
    case Job::Kind::Range: {
        const Result<QList<QVariantList>> rows = fetchRows(connection, job.query, job.offset, job.limit);
        const QString text = rows && job.format ? job.format(*rows) : QString();
        whileActive([&]() { emit rangeReady(generation, text, rows ? QString() : rows.error().toString()); });
        break;
    }
    }
}

} // namespace retort
