// The rows come from core's RowFetcher (its own thread and connection, a short queue of wishes); this
// model keeps the chunk cache and tells the view.
#include "TableDataModel.h"

#include "Theme.h"

#include <QClipboard>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <limits>

namespace retort::app {

TableDataModel::TableDataModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

TableDataModel::~TableDataModel()
{
    // Fetch threads must not outlive the model (nor the drivers they use at exit): the retired ones are
    // deleted too, which waits for them; the current one is deleted by its unique_ptr.
    for (const QPointer<RowFetcher> &old : std::as_const(m_retired))
        delete old.data();
}

void TableDataModel::retireFetcher()
{
    if (!m_fetcher)
        return;
    // Switching tables or databases must not wait for a slow query: the old fetcher ends on its own and
    // deletes itself.
    RowFetcher *old = m_fetcher.release();
    old->retire();
    m_retired.removeIf([](const QPointer<RowFetcher> &p) { return p.isNull(); });
    m_retired << QPointer<RowFetcher>(old);
}

void TableDataModel::setSource(const DatabaseUrl &url, const RowQuery &query)
{
    if (!m_fetcher || !(m_url == url)) {
        retireFetcher();
        m_url = url;
        m_fetcher = std::make_unique<RowFetcher>(url);
        connect(m_fetcher.get(), &RowFetcher::counted, this, &TableDataModel::counted);
        connect(m_fetcher.get(), &RowFetcher::chunkReady, this, &TableDataModel::received);
        connect(m_fetcher.get(), &RowFetcher::chunkDropped, this, &TableDataModel::dropped);
        connect(m_fetcher.get(), &RowFetcher::failed, this, &TableDataModel::fetchFailed);
        connect(m_fetcher.get(), &RowFetcher::rangeReady, this, &TableDataModel::copyReady);
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

void TableDataModel::setFilter(const QString &text, int column, bool condition)
{
    if (text == m_query.filter && column == m_query.filterColumn && condition == m_query.filterIsCondition)
        return;
    m_query.filter = text;
    m_query.filterColumn = column;
    m_query.filterIsCondition = condition;
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
    if (m_fetcher)
        m_fetcher->count(m_generation, m_query);
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
    m_fetcher->fetchChunk(m_generation, m_query, chunk, qint64(chunk) * kChunkRows, kChunkRows);
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
            return theme::text(theme::Text::Muted, QGuiApplication::palette());
        return {};
    }
    it->lastUse = ++m_useClock;
    const QVariantList &row = it->rows.value(index.row() % kChunkRows);
    return cellData(row.value(index.column()), role);
}

QVariant TableDataModel::cellData(const QVariant &value, int role)
{
    switch (role) {
    case Qt::DisplayRole:
        return displayText(value);
    case Qt::ToolTipRole:
        return value.isNull() || value.typeId() == QMetaType::QByteArray ? QVariant() : QVariant(value.toString().left(4000));
    case Qt::ForegroundRole:
        return value.isNull() ? QVariant(theme::text(theme::Text::Muted, QGuiApplication::palette())) : QVariant();
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
    const auto cell = [&](const QVariant &v) { return delimitedField(v, separator); };
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
    const quint64 ticket = ++m_copyTicket;
    m_copies.insert(ticket, {count, cells});
    // Formatted on the fetch thread; only the text comes to the GUI thread.
    m_fetcher->fetchRange(ticket, m_query, firstRow, count, [header, columns, format](const QList<QVariantList> &rows) {
        return formatCells(rows, header, columns, format);
    });
}

void TableDataModel::copyReady(quint64 ticket, const QString &text, const QString &error)
{
    const auto copy = m_copies.take(ticket);
    if (!error.isEmpty()) {
        emit failed(error);
        return;
    }
    QGuiApplication::clipboard()->setText(text);
    emit copied(copy.first, copy.second);
}

} // namespace retort::app
