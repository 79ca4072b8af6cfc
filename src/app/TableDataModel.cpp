// The fetch thread owns its own connection (QtSql connections belong to the thread that opened them)
// and serves a short queue: the count first, then the chunks asked for most recently. When the user
// scrolls faster than the database answers, the oldest wishes are dropped, not queued up.
#include "TableDataModel.h"

#include <QClipboard>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <limits>

namespace retort::app {

class RowFetcher : public QThread
{
public:
    using Delivery = std::function<void(TableDataModel *)>;
    RowFetcher(DatabaseUrl url, TableDataModel *model) : m_url(std::move(url)), m_model(model) {}
    ~RowFetcher() override
    {
        {
            QMutexLocker lock(&m_mutex);
            m_stop = true;
            m_wake.wakeAll();
        }
        wait();
    }

    /// Lets the thread end on its own, without waiting for it: a query may be running for seconds.
    /// Nothing is delivered to the model after this returns.
    void retire()
    {
        QMutexLocker lock(&m_mutex);
        m_model = nullptr;
        m_stop = true;
        if (m_interrupt)
            m_interrupt();   // SQLite stops the running statement at once
        m_wake.wakeAll();
    }

    struct Job
    {
        enum class Kind { Count, Chunk, Range } kind = Kind::Chunk;
        quint64 generation = 0;
        RowQuery query;
        qint64 offset = 0;
        int limit = 0;
        int chunk = 0;
        std::function<Delivery(Result<QList<QVariantList>>)> done;   // Range: runs here, its answer goes to the model
    };

    void submit(Job job)
    {
        QMutexLocker lock(&m_mutex);
        if (job.kind != Job::Kind::Chunk) {
            if (job.kind == Job::Kind::Count) {
                // A new query: nothing asked for the old one matters any more.
                for (const Job &j : m_jobs) {
                    if (j.kind == Job::Kind::Chunk)
                        deliver([generation = j.generation, chunk = j.chunk](TableDataModel *m) { m->dropped(generation, chunk); }, true);
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
                deliver([generation = old.generation, chunk = old.chunk](TableDataModel *m) { m->dropped(generation, chunk); }, true);
            }
        }
        m_wake.wakeOne();
    }

protected:
    void run() override
    {
        Connection::Options options;
        options.purpose = QStringLiteral("browse");
        Result<std::unique_ptr<Connection>> opened = Connection::open(m_url, options);
        QString openError;
        if (!opened)
            openError = opened.error().toString();
        else if (Status readOnly = setReadOnlySession(**opened))
            openError = readOnly->toString();
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
            const quint64 generation = job.generation;
            if (!openError.isEmpty()) {
                if (job.kind == Job::Kind::Range)
                    deliver(job.done(makeError(openError)));
                else
                    deliver([generation, openError](TableDataModel *m) { m->fetchFailed(generation, openError); });
                continue;
            }
            switch (job.kind) {
            case Job::Kind::Count: {
                Result<qint64> rows = countRows(*connection, job.query);
                if (rows)
                    deliver([generation, n = *rows](TableDataModel *m) { m->counted(generation, n); });
                else
                    deliver([generation, e = rows.error().toString()](TableDataModel *m) { m->fetchFailed(generation, e); });
                break;
            }
            case Job::Kind::Chunk: {
                Result<QList<QVariantList>> rows = fetchRows(*connection, job.query, job.offset, job.limit);
                const int chunk = job.chunk;
                if (rows)
                    deliver([generation, chunk, r = std::move(rows).value()](TableDataModel *m) { m->received(generation, chunk, r); });
                else
                    deliver([generation, e = rows.error().toString()](TableDataModel *m) { m->fetchFailed(generation, e); });
                break;
            }
            case Job::Kind::Range:
                deliver(job.done(fetchRows(*connection, job.query, job.offset, job.limit)));
                break;
            }
        }
        {
            QMutexLocker lock(&m_mutex);
            m_interrupt = nullptr;
        }
        connection.reset();   // in the thread that opened it
    }

private:
    static constexpr int kMaxWaitingChunks = 8;

    // Called with m_mutex free (from run()) or held (from submit()); QMutex is not recursive, so the
    // caller says which.
    void deliver(Delivery what, bool locked = false)
    {
        if (!locked) {
            QMutexLocker lock(&m_mutex);
            post(std::move(what));
        } else {
            post(std::move(what));
        }
    }
    void post(Delivery what)
    {
        if (!m_model)
            return;   // retired
        QPointer<TableDataModel> model(m_model);
        QMetaObject::invokeMethod(m_model, [model, what = std::move(what)]() {
            if (model)
                what(model.data());
        }, Qt::QueuedConnection);
    }

    const DatabaseUrl m_url;
    TableDataModel *m_model;   // guarded by m_mutex
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_jobs;
    bool m_stop = false;
    std::function<void()> m_interrupt;
};

TableDataModel::TableDataModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

TableDataModel::~TableDataModel()
{
    // Fetch threads must not outlive the model (nor the drivers they use at exit): wait for the retired
    // ones too. The current one is joined by its destructor.
    for (const QPointer<QThread> &old : std::as_const(m_retired)) {
        if (old)
            old->wait();
    }
}

void TableDataModel::retireFetcher()
{
    if (!m_fetcher)
        return;
    // Switching tables or databases must not wait for a slow query: the old thread ends on its own and
    // deletes itself. Connected before it is told to stop, so its finished signal cannot be missed.
    RowFetcher *old = m_fetcher.release();
    connect(old, &QThread::finished, old, &QObject::deleteLater);
    old->retire();
    m_retired.removeIf([](const QPointer<QThread> &p) { return p.isNull(); });
    m_retired << QPointer<QThread>(old);
}

void TableDataModel::setSource(const DatabaseUrl &url, const RowQuery &query)
{
    if (!m_fetcher || !(m_url == url)) {
        retireFetcher();
        m_url = url;
        m_fetcher = std::make_unique<RowFetcher>(url, this);
        m_fetcher->start();
    }
    m_query = query;
    restart();
}

void TableDataModel::clear()
{
    beginResetModel();
    retireFetcher();
    m_query = RowQuery();
    forgetRows();
    m_total = -1;
    m_shownRows = 0;
    endResetModel();
}

void TableDataModel::setFilter(const QString &text, int column)
{
    if (text == m_query.filter && column == m_query.filterColumn)
        return;
    m_query.filter = text;
    m_query.filterColumn = column;
    restart();
}

void TableDataModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_query.columns.size())
        return;
    emit layoutAboutToBeChanged();
    m_query.sortColumn = column;
    m_query.descending = order == Qt::DescendingOrder;
    forgetRows();
    emit layoutChanged();
    submitCount();   // the count stays; it flushes the fetch queue of pages in the old order
}

// A new question (table, filter): forget every row, count again.
void TableDataModel::restart()
{
    beginResetModel();
    forgetRows();
    m_total = -1;
    m_shownRows = 0;
    endResetModel();
    emit countChanged(-1);
    submitCount();
}

// Every cached and asked-for row goes; answers to the old generation are dropped when they come.
void TableDataModel::forgetRows()
{
    m_chunks.clear();
    m_pending.clear();
    m_error.clear();
    ++m_generation;
    updateLoading();
}

void TableDataModel::submitCount()
{
    if (!m_fetcher)
        return;
    RowFetcher::Job job;
    job.kind = RowFetcher::Job::Kind::Count;
    job.generation = m_generation;
    job.query = m_query;
    m_fetcher->submit(std::move(job));
}

void TableDataModel::counted(quint64 generation, qint64 rows)
{
    if (generation != m_generation)
        return;
    m_total = rows;
    const int shown = int(std::min<qint64>(rows, std::numeric_limits<int>::max() - 1));
    if (shown != m_shownRows) {
        // A sort counts again too; only a changed count changes the rows.
        if (m_shownRows > 0) {
            beginResetModel();
            m_shownRows = shown;
            endResetModel();
        } else if (shown > 0) {
            beginInsertRows(QModelIndex(), 0, shown - 1);
            m_shownRows = shown;
            endInsertRows();
        }
    }
    emit countChanged(rows);
}

void TableDataModel::request(int chunk) const
{
    if (m_pending.contains(chunk) || !m_fetcher)
        return;
    m_pending.insert(chunk);
    updateLoading();
    RowFetcher::Job job;
    job.kind = RowFetcher::Job::Kind::Chunk;
    job.generation = m_generation;
    job.query = m_query;
    job.chunk = chunk;
    job.offset = qint64(chunk) * kChunkRows;
    job.limit = kChunkRows;
    m_fetcher->submit(std::move(job));
}

void TableDataModel::received(quint64 generation, int chunk, const QList<QVariantList> &rows)
{
    if (generation != m_generation)
        return;
    m_pending.remove(chunk);
    updateLoading();
    m_chunks.insert(chunk, Chunk{rows, ++m_useClock});
    while (m_chunks.size() > kMaxChunks) {
        auto oldest = m_chunks.begin();
        for (auto it = m_chunks.begin(); it != m_chunks.end(); ++it) {
            if (it.value().lastUse < oldest.value().lastUse)
                oldest = it;
        }
        m_chunks.erase(oldest);
    }
    const int first = chunk * kChunkRows;
    const int last = std::min(m_shownRows, first + kChunkRows) - 1;
    if (last >= first)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1), {Qt::DisplayRole, Qt::ForegroundRole, Qt::FontRole});
}

void TableDataModel::dropped(quint64 generation, int chunk)
{
    if (generation == m_generation) {
        m_pending.remove(chunk);   // asked again if it comes back on screen
        updateLoading();
    }
}

void TableDataModel::fetchFailed(quint64 generation, const QString &message)
{
    if (generation != m_generation || message == m_error)
        return;
    m_error = message;
    m_pending.clear();
    updateLoading();
    emit failed(message);
}

void TableDataModel::updateLoading() const
{
    const bool loading = !m_pending.isEmpty();
    if (loading == m_loading)
        return;
    m_loading = loading;
    // data() is const and may start a fetch: announce it once the view has finished painting.
    auto *self = const_cast<TableDataModel *>(this);
    QMetaObject::invokeMethod(self, [self]() { emit self->loadingChanged(self->m_loading); }, Qt::QueuedConnection);
}

int TableDataModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shownRows;
}

int TableDataModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_query.columns.size());
}

int TableDataModel::cachedRowCount() const
{
    int rows = 0;
    for (const Chunk &c : std::as_const(m_chunks))
        rows += int(c.rows.size());
    return rows;
}

bool TableDataModel::isRowLoaded(int row) const
{
    const auto it = m_chunks.constFind(row / kChunkRows);
    return it != m_chunks.cend() && row % kChunkRows < it->rows.size();
}

QString TableDataModel::displayText(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    if (value.typeId() == QMetaType::QByteArray)
        return tr("(binary, %1 bytes)").arg(value.toByteArray().size());
    QString text = value.toString();
    if (text.size() > 300)
        text = text.left(300) + QStringLiteral("…");
    return text.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
}

QVariant TableDataModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_shownRows)
        return {};
    const int chunk = index.row() / kChunkRows;
    auto it = m_chunks.find(chunk);
    if (it == m_chunks.end()) {
        if (role == Qt::DisplayRole) {
            if (m_error.isEmpty())
                request(chunk);
            return QStringLiteral("…");
        }
        if (role == Qt::ForegroundRole)
            return QColor(Qt::gray);
        return {};
    }
    it->lastUse = ++m_useClock;
    const QVariantList &row = it->rows.value(index.row() % kChunkRows);
    const QVariant value = row.value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(value);
    case Qt::ToolTipRole:
        return value.isNull() || value.typeId() == QMetaType::QByteArray ? QVariant() : QVariant(value.toString().left(4000));
    case Qt::ForegroundRole:
        return value.isNull() ? QVariant(QColor(Qt::gray)) : QVariant();
    case Qt::FontRole:
        if (value.isNull()) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (value.typeId() == QMetaType::Int || value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Double
            || value.typeId() == QMetaType::UInt || value.typeId() == QMetaType::ULongLong)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant TableDataModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_query.columns.value(section);
    return QString::number(section + 1);
}

QString TableDataModel::formatCells(const QList<QVariantList> &rows, const QStringList &header, const QList<int> &columns, CopyFormat format)
{
    // CSV as RFC 4180 (with a header row); text as tab-separated values a spreadsheet pastes into cells.
    const QChar separator = format == CopyFormat::Csv ? QLatin1Char(',') : QLatin1Char('\t');
    const auto cell = [&](const QVariant &v) {
        if (v.isNull())
            return QString();
        QString text = v.typeId() == QMetaType::QByteArray ? QString::fromLatin1(v.toByteArray().toHex()) : v.toString();
        if (text.contains(separator) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')))
            text = QLatin1Char('"') + text.replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
        return text;
    };
    QStringList lines;
    if (format == CopyFormat::Csv) {
        QStringList names;
        for (int c : columns)
            names << cell(header.value(c));
        lines << names.join(separator);
    }
    for (const QVariantList &row : rows) {
        QStringList cells;
        for (int c : columns)
            cells << cell(row.value(c));
        lines << cells.join(separator);
    }
    return lines.join(format == CopyFormat::Csv ? QStringLiteral("\r\n") : QStringLiteral("\n"))
           + (format == CopyFormat::Csv ? QStringLiteral("\r\n") : QString());
}

void TableDataModel::copyRange(int firstRow, int lastRow, const QList<int> &columns, CopyFormat format)
{
    if (firstRow < 0 || lastRow < firstRow || columns.isEmpty())
        return;
    const int count = lastRow - firstRow + 1;
    if (count > kMaxCopyRows) {
        emit failed(tr("%1 rows are too many to copy at once; copy at most %2, or export with the database's own tools.")
                        .arg(count).arg(kMaxCopyRows));
        return;
    }
    const QStringList header = m_query.columns;
    const int cells = count * int(columns.size());
    bool loaded = true;
    for (int r = firstRow; r <= lastRow && loaded; r += 1)
        loaded = isRowLoaded(r);
    if (loaded) {
        QList<QVariantList> rows;
        for (int r = firstRow; r <= lastRow; ++r)
            rows << m_chunks.value(r / kChunkRows).rows.value(r % kChunkRows);
        QGuiApplication::clipboard()->setText(formatCells(rows, header, columns, format));
        emit copied(count, cells);
        return;
    }
    if (!m_fetcher)
        return;
    RowFetcher::Job job;
    job.kind = RowFetcher::Job::Kind::Range;
    job.generation = m_generation;
    job.query = m_query;
    job.offset = firstRow;
    job.limit = count;
    job.done = [header, columns, format, count, cells](Result<QList<QVariantList>> rows) -> RowFetcher::Delivery {
        // Formatted on the fetch thread; only the text goes to the GUI thread.
        const QString text = rows ? formatCells(*rows, header, columns, format) : QString();
        const QString error = rows ? QString() : rows.error().toString();
        return [text, error, count, cells](TableDataModel *m) {
            if (!error.isEmpty()) {
                emit m->failed(error);
                return;
            }
            QGuiApplication::clipboard()->setText(text);
            emit m->copied(count, cells);
        };
    };
    m_fetcher->submit(std::move(job));
}

} // namespace retort::app
