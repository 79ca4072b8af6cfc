// Paints one row of the history graph: the lanes of the row's upper and lower halves (depends_on
// dashed), the revision's node (ringed when the database is at it), then the short id, badges,
// branch labels and message. Reads only what HistoryModel precomputed; fonts and colours are set up
// once in the constructor.
#pragma once

#include "Theme.h"

#include <QColor>
#include <QFont>
#include <QFontMetrics>
#include <QPixmap>
#include <QStyledItemDelegate>
#include <QVector>

namespace retort::app {

class HistoryModel;

class HistoryDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    HistoryDelegate(const HistoryModel *model, const QFont &font, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The graph's marks as the rows draw them, for the legend.
    enum class Mark { Revision, Merge, DatabaseRevision, DependsOn };
    static QPixmap legendIcon(Mark mark, const QPalette &palette, qreal devicePixelRatio);

    static constexpr int kRowHeight = 24;
    static constexpr int kLaneWidth = 14;
    /// Lanes drawn at most; wider rows are cut at the right with a marker.
    static constexpr int kMaxLanes = 24;

private:
    int drawBadge(QPainter *painter, int x, int centerY, const QString &text, const theme::BadgeColors &colors) const;

    const HistoryModel *m_model;
    QFont m_font;
    QFont m_monoFont;
    QFont m_badgeFont;
    QFontMetrics m_metrics;
    QFontMetrics m_monoMetrics;
    QFontMetrics m_badgeMetrics;
};

} // namespace retort::app
