// The Schema tab's list of tables: core's TableStatus rows (name, state, counts) as a table model
// with two columns, the name with its state's dot and the state in words. NameRole gives a row's
// table name in either column. It holds the rows; nothing is rebuilt item by item.
#pragma once

#include "compare/TableStatus.h"

#include <QAbstractTableModel>

namespace retort::app {

class TableStatusModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles { NameRole = Qt::UserRole + 1 };

    explicit TableStatusModel(QObject *parent = nullptr);

    void setStatuses(QList<TableStatus> statuses);
    const QList<TableStatus> &statuses() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TableStatus> m_rows;
};

} // namespace retort::app
