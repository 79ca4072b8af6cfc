// A table's rows for a QTableView, loaded lazily: the view asks for the cells on screen, the model
// asks its fetch thread for the chunks they fall in, and shows a placeholder until a chunk arrives.
// At most kMaxChunks chunks are kept (least recently used go first), so memory stays bounded on any
// table; the GUI thread never waits for the database. Read-only: the fetch thread's connection is
// put in a read-only session before the first query.
#pragma once

#include "data/RowFetcher.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>

#include <memory>

namespace retort::app {

class TableDataModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int kChunkRows = 256;
    static constexpr int kMaxChunks = 48;

    explicit TableDataModel(QObject *parent = nullptr);
    ~TableDataModel() override;

    /// Browses query's table on url (a new fetch thread and connection when the URL changes).
    void setSource(const DatabaseUrl &url, const RowQuery &query);
    /// Forgets the table and closes the connection.
    void clear();
    /// Rows containing text (in column, or any when -1); with condition, rows where the SQL condition holds.
    void setFilter(const QString &text, int column, bool condition = false);
    const RowQuery &query() const { return m_query; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

    /// Rows counted; -1 while counting.
    qint64 totalRows() const { return m_total; }
    int cachedRowCount() const;
    /// Whether chunks are being fetched.
    bool isLoading() const { return m_loading; }
    /// Whether every cell of row is loaded.
    bool isRowLoaded(int row) const;
    /// The error of the last count or fetch, empty when none.
    QString errorText() const { return m_error; }

    enum class CopyFormat { Text, Csv };
    /// Copies the cells of the rectangle (rows and columns inclusive) to the clipboard; rows not yet
    /// loaded are fetched first, off the GUI thread. copied() or failed() tell when it is done.
    void copyRange(int firstRow, int lastRow, const QList<int> &columns, CopyFormat format);
    static constexpr int kMaxCopyRows = 100000;
    /// A cell's data for role, as the Data tab shows it (NULL in muted italics, numbers to the right).
    static QVariant cellData(const QVariant &value, int role);
    /// The text of cells as copyRange puts it on the clipboard (for one format).
    static QString formatCells(const QList<QVariantList> &rows, const QStringList &header, const QList<int> &columns, CopyFormat format);

signals:
    void countChanged(qint64 rows);
    void failed(const QString &message);
    void copied(int rows, int cells);
    /// Rows are being fetched (true) or every asked-for chunk is in (false).
    void loadingChanged(bool loading);

private:
    struct Chunk
    {
        QList<QVariantList> rows;
        quint64 lastUse = 0;
    };
    void restart();
    void forgetRows();
    void submitCount();
    void retireFetcher();
    void updateLoading() const;
    void request(int chunk) const;
    void received(quint64 generation, int chunk, const QList<QVariantList> &rows);
    void dropped(quint64 generation, int chunk);
    void counted(quint64 generation, qint64 rows);
    void fetchFailed(quint64 generation, const QString &message);
    void copyReady(quint64 ticket, const QString &text, const QString &error);
    static QString displayText(const QVariant &value);

    std::unique_ptr<RowFetcher> m_fetcher;
    QList<QPointer<RowFetcher>> m_retired;   ///< earlier fetchers still finishing a query
    quint64 m_copyTicket = 0;
    QHash<quint64, std::pair<int, int>> m_copies;   ///< copies under way: rows and cells
    DatabaseUrl m_url;
    RowQuery m_query;
    quint64 m_generation = 0;
    qint64 m_total = -1;
    int m_shownRows = 0;
    QString m_error;
    mutable QHash<int, Chunk> m_chunks;
    mutable QSet<int> m_pending;
    mutable quint64 m_useClock = 0;
    mutable bool m_loading = false;
};

} // namespace retort::app
