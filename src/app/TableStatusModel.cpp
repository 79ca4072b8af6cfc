#include "TableStatusModel.h"

#include "Theme.h"

#include <QGuiApplication>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace retort::app {

namespace {

QColor stateColour(TableStatus::State state, const QPalette &palette)
{
    using S = TableStatus::State;
    using theme::TableDot;
    switch (state) {
    case S::TableOnly: return theme::tableDot(TableDot::TableOnly, palette);
    case S::ModelOnly: return theme::tableDot(TableDot::ModelOnly, palette);
    case S::Differs: return theme::tableDot(TableDot::Differs, palette);
    case S::InStep: return theme::tableDot(TableDot::InStep, palette);
    default: return theme::tableDot(TableDot::Neutral, palette);
    }
}

QIcon dot(const QColor &colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(colour.darker(140));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace

TableStatusModel::TableStatusModel(QObject *parent) : QAbstractTableModel(parent) {}

void TableStatusModel::setStatuses(QList<TableStatus> statuses)
{
    beginResetModel();
    m_rows = std::move(statuses);
    endResetModel();
}

int TableStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TableStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 2;
}

QVariant TableStatusModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const TableStatus &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? s.name : s.describe();
    case NameRole:
        return s.name;
    case Qt::DecorationRole:
        return index.column() == 0 ? QVariant(dot(stateColour(s.state, QGuiApplication::palette()))) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == 0 && s.model && !s.model->className.isEmpty())
            return tr("class %1 (%2:%3)").arg(s.model->className, s.model->source.file).arg(s.model->source.line);
        return index.column() == 1 ? QVariant(s.describe()) : QVariant();
    default:
        return {};
    }
}

QVariant TableStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Table") : tr("State");
}

} // namespace retort::app
