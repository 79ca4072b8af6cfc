// Row painting for the history view.
#include "HistoryDelegate.h"
#include "Theme.h"

#include "HistoryModel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPainter>
#include <QPainterPath>

namespace retort::app {

HistoryDelegate::HistoryDelegate(const HistoryModel *model, const QFont &font, QObject *parent)
    : QStyledItemDelegate(parent), m_model(model), m_font(font),
      m_monoFont(QFontDatabase::systemFont(QFontDatabase::FixedFont)), m_badgeFont(font), m_metrics(font), m_monoMetrics(m_monoFont),
      m_badgeMetrics(font)
{
    m_monoFont.setPointSizeF(font.pointSizeF());
    m_badgeFont.setPointSizeF(font.pointSizeF() * 0.85);
    m_badgeFont.setBold(true);
    m_metrics = QFontMetrics(m_font);
    m_monoMetrics = QFontMetrics(m_monoFont);
    m_badgeMetrics = QFontMetrics(m_badgeFont);
}

QPixmap HistoryDelegate::legendIcon(Mark mark, const QPalette &palette, qreal devicePixelRatio)
{
    const QSize size(28, kRowHeight);
    QPixmap pixmap(size * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QColor lane = theme::laneColors(palette).first();
    const QPointF node(size.width() / 2.0, size.height() / 2.0);
    if (mark == Mark::DependsOn) {
        QPen pen(lane, 1.3, Qt::DashLine);
        painter.setPen(pen);
        painter.drawLine(QPointF(2, node.y()), QPointF(size.width() - 2, node.y()));
        return pixmap;
    }
    if (mark == Mark::DatabaseRevision) {
        painter.setPen(QPen(theme::accent(theme::Accent::CurrentRing, palette), 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(node, 8, 8);
    }
    painter.setPen(QPen(lane.darker(130), 1.5));
    painter.setBrush(mark == Mark::Merge ? QBrush(palette.base()) : QBrush(lane));
    painter.drawEllipse(node, 5, 5);
    return pixmap;
}

QSize HistoryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    return QSize(option.rect.width() > 0 ? option.rect.width() : 600, kRowHeight);
}

int HistoryDelegate::drawBadge(QPainter *painter, int x, int centerY, const QString &text, const theme::BadgeColors &colors) const
{
    const int w = m_badgeMetrics.horizontalAdvance(text) + 10;
    const QRect box(x, centerY - 8, w, 16);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colors.fill);
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(colors.text);
    painter->setFont(m_badgeFont);
    painter->drawText(box, Qt::AlignCenter, text);
    return x + w + 4;
}

void HistoryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int r = index.row();
    if (r < 0 || r >= m_model->rowCount())
        return;
    const HistoryModel::Row &row = m_model->row(r);
    const LaneRow &lanes = m_model->lanes(r);
    painter->save();
    const QRect rect = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    if (selected)
        painter->fillRect(rect, option.palette.highlight());
    else if (row.badges & HistoryModel::Current)
        painter->fillRect(rect, theme::accent(theme::Accent::CurrentRow, option.palette));

    painter->setRenderHint(QPainter::Antialiasing, true);
    const QList<QColor> laneColors = theme::laneColors(option.palette);
    const int left = rect.left() + 8;
    const int top = rect.top();
    const int mid = rect.top() + rect.height() / 2;
    const int bottom = rect.bottom() + 1;
    const auto laneX = [left](int lane) { return left + std::min(lane, kMaxLanes) * kLaneWidth + kLaneWidth / 2; };
    const auto drawEdges = [&](const QVector<LaneEdge> &edges, int y0, int y1) {
        for (const LaneEdge &e : edges) {
            if (e.from > kMaxLanes && e.to > kMaxLanes)
                continue;
            QPen pen(laneColors.at(e.to % laneColors.size()), 2);
            if (e.dependency) {
                pen.setStyle(Qt::DashLine);
                pen.setWidthF(1.3);
            }
            painter->setPen(pen);
            if (e.from == e.to) {
                painter->drawLine(laneX(e.from), y0, laneX(e.to), y1);
            } else {
                QPainterPath path(QPointF(laneX(e.from), y0));
                path.cubicTo(QPointF(laneX(e.from), (y0 + y1) / 2.0), QPointF(laneX(e.to), (y0 + y1) / 2.0), QPointF(laneX(e.to), y1));
                painter->setBrush(Qt::NoBrush);
                painter->drawPath(path);
            }
        }
    };
    drawEdges(lanes.upper, top, mid);
    drawEdges(lanes.lower, mid, bottom);

    const QPointF node(laneX(lanes.lane), mid);
    const QColor nodeColor = laneColors.at(lanes.lane % laneColors.size());
    if (row.badges & HistoryModel::Current) {
        painter->setPen(QPen(theme::accent(theme::Accent::CurrentRing, option.palette), 2.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(node, 8, 8);
    }
    painter->setPen(QPen(nodeColor.darker(130), 1.5));
    painter->setBrush(row.badges & HistoryModel::Merge ? QBrush(option.palette.base()) : QBrush(nodeColor));
    painter->drawEllipse(node, 5, 5);
    painter->setRenderHint(QPainter::Antialiasing, false);

    int x = left + (std::min(lanes.width, kMaxLanes + 1)) * kLaneWidth + 8;
    const QColor textColor = selected ? option.palette.highlightedText().color() : option.palette.text().color();
    painter->setFont(m_monoFont);
    painter->setPen(textColor);
    const int idWidth = m_monoMetrics.horizontalAdvance(row.shortId);
    painter->drawText(QRect(x, top, idWidth + 2, rect.height()), Qt::AlignVCenter, row.shortId);
    x += idWidth + 10;

    using theme::Badge;
    const std::pair<HistoryModel::Badge, std::pair<QString, Badge>> badges[] = {
        {HistoryModel::Current, {tr("database"), Badge::Database}},
        {HistoryModel::Head, {tr("head"), Badge::Head}},
        {HistoryModel::Merge, {tr("merge"), Badge::Merge}},
        {HistoryModel::BranchPoint, {tr("branch point"), Badge::BranchPoint}},
        {HistoryModel::Base, {tr("base"), Badge::Base}},
        {HistoryModel::NeedsPython, {tr("needs Python"), Badge::NeedsPython}},
        {HistoryModel::Problem, {tr("problem"), Badge::Problem}},
        {HistoryModel::LintError, {tr("lint: risky"), Badge::Problem}},
        {HistoryModel::LintWarning, {tr("lint"), Badge::NeedsPython}},
    };
    for (const auto &[flag, shown] : badges) {
        if (row.badges & flag)
            x = drawBadge(painter, x, mid, shown.first, theme::badge(shown.second, option.palette));
    }
    for (const QString &label : row.labels)
        x = drawBadge(painter, x, mid, label, theme::badge(Badge::Label, option.palette));

    painter->setFont(m_font);
    painter->setPen(textColor);
    const QRect messageRect(x + 4, top, rect.right() - x - 8, rect.height());
    painter->drawText(messageRect, Qt::AlignVCenter | Qt::AlignLeft,
                      m_metrics.elidedText(row.message, Qt::ElideRight, messageRect.width()));
    painter->restore();
}

} // namespace retort::app
