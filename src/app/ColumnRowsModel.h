// The Schema tab's columns of one table: the live columns (and the models' columns the database
// lacks) as rows of text, each marked as the comparison sees it. Colours come from the palette when
// the view paints, so a palette change needs no rebuild.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

namespace retort::app {

struct ColumnRow
{
    enum class Mark { None, Changed, Removed, Added };
    QStringList cells;      ///< column, type, nullable, default, keys
    QString column;         ///< the column's name
    Mark mark = Mark::None;
    QString tip;            ///< the differences about it
    int line = 0;           ///< its line in the shown model file (0: none)
};

class ColumnRowsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles { ColumnNameRole = Qt::UserRole + 1, MarkedRole, SourceLineRole };

    explicit ColumnRowsModel(QObject *parent = nullptr);

    void setRows(QList<ColumnRow> rows);
    const QList<ColumnRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ColumnRow> m_rows;
};

} // namespace retort::app
