#include "ColumnRowsModel.h"

#include "Theme.h"

#include <QFont>
#include <QGuiApplication>

namespace retort::app {

ColumnRowsModel::ColumnRowsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ColumnRowsModel::setRows(QList<ColumnRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ColumnRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ColumnRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 5;
}

QVariant ColumnRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ColumnRow &r = m_rows.at(index.row());
    const QPalette palette = QGuiApplication::palette();
    switch (role) {
    case Qt::DisplayRole: return r.cells.value(index.column());
    case Qt::ToolTipRole: return r.tip.isEmpty() ? QVariant() : QVariant(r.tip);
    case Qt::BackgroundRole:
        switch (r.mark) {
        case ColumnRow::Mark::None: return {};
        case ColumnRow::Mark::Changed: return theme::diffBackground(theme::Diff::Changed, palette);
        case ColumnRow::Mark::Removed: return theme::diffBackground(theme::Diff::Removed, palette);
        case ColumnRow::Mark::Added: return theme::diffBackground(theme::Diff::Added, palette);
        }
        return {};
    case Qt::ForegroundRole: return r.mark == ColumnRow::Mark::None ? QVariant() : QVariant(theme::diffText(palette));
    case Qt::FontRole:
        if (r.mark == ColumnRow::Mark::Added) {   // not in the database yet
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case ColumnNameRole: return r.column;
    case MarkedRole: return r.mark != ColumnRow::Mark::None;
    case SourceLineRole: return r.line;
    default: return {};
    }
}

QVariant ColumnRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const titles[] = {QT_TR_NOOP("Column"), QT_TR_NOOP("Type"), QT_TR_NOOP("Nullable"), QT_TR_NOOP("Default"),
                                         QT_TR_NOOP("Keys")};
    return section >= 0 && section < 5 ? tr(titles[section]) : QVariant();
}

} // namespace retort::app
