// Precomputes each row once per load: nothing here runs per paint.
#include "HistoryModel.h"

#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

namespace retort::app {

HistoryModel::HistoryModel(QObject *parent) : QAbstractListModel(parent) {}

void HistoryModel::setHistory(const HistoryLayout &history, const QStringList &currentRows)
{
    beginResetModel();
    m_lanes = history.lanes;
    const RevisionGraph &graph = history.history.graph;
    QHash<QString, QStringList> problemsByPath;
    for (const retort::Problem &p : history.history.problems) {
        if (!p.path.isEmpty())
            problemsByPath[p.path] << (p.line > 0 ? QStringLiteral("line %1: %2").arg(p.line).arg(p.message) : p.message);
    }
    m_rows.clear();
    m_rows.reserve(m_lanes.rows.size());
    for (const LaneRow &lane : std::as_const(m_lanes.rows)) {
        const RevisionGraph::Revision &rev = graph.at(lane.revision);
        const RevisionScript &script = graph.scriptOf(lane.revision);
        Row row;
        row.revision = lane.revision;
        row.id = rev.id;
        row.shortId = rev.id.left(12);
        row.message = script.doc.section(QLatin1Char('\n'), 0, 0);
        row.labels = rev.ownLabels;   // where the label is declared; search also finds the propagated ones
        row.allLabels = rev.labels;
        // What the row does not show already: the file, the docstring's date and author, every label,
        // depends_on, and below the reasons it needs Python or has problems.
        QStringList tips{rev.id, tr("File: %1").arg(QFileInfo(script.path).fileName())};
        static const QRegularExpression dated(QStringLiteral("^\\s*(Create Date|Author):\\s*(.+)$"), QRegularExpression::MultilineOption);
        QRegularExpressionMatchIterator facts = dated.globalMatch(script.longDoc);
        while (facts.hasNext()) {
            const QRegularExpressionMatch m = facts.next();
            tips << (m.captured(1) == QLatin1String("Author") ? tr("Author: %1") : tr("Created: %1")).arg(m.captured(2).trimmed());
        }
        if (!rev.labels.isEmpty())
            tips << tr("Branch labels: %1").arg(rev.labels.join(QStringLiteral(", ")));
        if (!script.dependsOn.isEmpty())
            tips << tr("Depends on: %1").arg(script.dependsOn.join(QStringLiteral(", ")));
        if (graph.isHead(lane.revision)) row.badges |= Head;
        if (rev.base) row.badges |= Base;
        if (graph.isBranchPoint(lane.revision)) row.badges |= BranchPoint;
        if (graph.isMergePoint(lane.revision)) row.badges |= Merge;
        if (currentRows.contains(rev.id)) row.badges |= Current;
        if (lane.revision < history.needsPython.size() && history.needsPython.at(lane.revision)) {
            row.badges |= NeedsPython;
            tips << tr("Needs Python (line %1): %2").arg(history.needsPython.at(lane.revision)->line)
                        .arg(history.needsPython.at(lane.revision)->reason);
        }
        const QStringList problems = problemsByPath.value(script.path);
        if (!problems.isEmpty()) {
            row.badges |= Problem;
            tips << problems;
        }
        row.tooltip = tips.join(QLatin1Char('\n'));
        row.baseTooltip = row.tooltip;
        m_rows.push_back(row);
    }
    endResetModel();
}

void HistoryModel::setLint(const QVector<QList<LintFinding>> &findings)
{
    for (Row &row : m_rows) {
        row.badges &= ~(LintError | LintWarning);
        QStringList tips;
        for (const LintFinding &f : findings.value(row.revision)) {
            row.badges |= f.severity == LintSeverity::Error ? LintError : LintWarning;
            tips << tr("Lint %1, line %2 [%3]: %4").arg(lintSeverityName(f.severity)).arg(f.line).arg(f.rule, f.message);
        }
        row.tooltip = row.baseTooltip;
        if (!tips.isEmpty())
            row.tooltip += (row.tooltip.isEmpty() ? QString() : QStringLiteral("\n")) + tips.join(QLatin1Char('\n'));
    }
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, 0));
}

void HistoryModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_lanes = LaneLayout();
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1 %2").arg(r.shortId, r.message);
    case Qt::ToolTipRole: return r.tooltip;
    case RevisionIdRole: return r.id;
    case BadgesRole: return r.badges;
    default: return {};
    }
}

int HistoryModel::find(const QString &text, int from) const
{
    if (text.isEmpty() || m_rows.isEmpty())
        return -1;
    const int n = int(m_rows.size());
    for (int k = 0; k < n; ++k) {
        const int r = (std::max(0, from) + k) % n;
        const Row &row = m_rows.at(r);
        if (row.id.contains(text, Qt::CaseInsensitive) || row.message.contains(text, Qt::CaseInsensitive)
            || row.allLabels.contains(text, Qt::CaseInsensitive))
            return r;
    }
    return -1;
}

QVector<int> HistoryModel::currentRows() const
{
    QVector<int> out;
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).badges & Current)
            out << r;
    }
    return out;
}

} // namespace retort::app
