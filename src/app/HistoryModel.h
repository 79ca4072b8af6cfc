// The rows of the history graph view: one per revision, newest first, in the lane layout's order,
// with everything a row shows precomputed (short id, message, labels, badges), so data() and the
// delegate's paint() only read.
#pragma once

#include "lint/MigrationLint.h"
#include "session/Workspace.h"

#include <QAbstractListModel>

namespace retort::app {

class HistoryModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Badge {
        Head = 1 << 0, Base = 1 << 1, BranchPoint = 1 << 2, Merge = 1 << 3,
        Current = 1 << 4, NeedsPython = 1 << 5, Problem = 1 << 6, LintError = 1 << 7, LintWarning = 1 << 8,
    };
    struct Row
    {
        int revision = -1;
        QString id;
        QString shortId;
        QString message;
        QStringList labels;       ///< declared in this file (drawn)
        QStringList allLabels;    ///< with those Alembic propagates (searched)
        int badges = 0;
        QString tooltip;      ///< needs-Python reason, problems and lint findings, for the tool tip
        QString baseTooltip;  ///< the tool tip without the lint findings
    };
    enum Roles { RevisionIdRole = Qt::UserRole + 1, BadgesRole };

    explicit HistoryModel(QObject *parent = nullptr);

    /// Replaces everything (one reset); currentRows are the database's version rows.
    void setHistory(const HistoryLayout &history, const QStringList &currentRows);
    void clear();
    /// The linter's findings per revision (graph index), found after the load: badges and tool tips.
    void setLint(const QVector<QList<LintFinding>> &findings);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    const Row &row(int r) const { return m_rows.at(r); }
    const LaneRow &lanes(int r) const { return m_lanes.rows.at(r); }
    int laneWidth() const { return m_lanes.width; }
    /// The next row at or after from (wrapping) whose id, message or label contains text; -1 when none.
    int find(const QString &text, int from) const;
    /// Rows of the database's current revisions.
    QVector<int> currentRows() const;

private:
    QVector<Row> m_rows;
    LaneLayout m_lanes;
};

} // namespace retort::app
