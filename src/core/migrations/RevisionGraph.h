// The revision graph of a project, with the same answers as Alembic's RevisionMap: heads, bases,
// branch and merge points, branch labels (propagated), dependencies, identifier resolution
// (partial ids, head/heads/base, label@head, +N/-N, rev+N), and topological order.
// Broken input never stops it: problems are listed and the usable rest of the graph is kept.
#pragma once

#include "Result.h"
#include "migrations/Problem.h"
#include "Result.h"

#include <optional>
#include "migrations/RevisionScript.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <QVector>

#include <functional>
#include <vector>

namespace retort {

class RevisionGraph
{
public:
    struct Revision
    {
        QString id;
        int script = -1;                ///< index into scripts()
        QVector<int> down;              ///< versioned down revisions (down_revision), as written
        QVector<int> resolvedDeps;      ///< depends_on resolved to revisions, as written
        QVector<int> normalizedDeps;    ///< those not already implied by an ancestor's dependencies
        QVector<int> allDown;           ///< down + resolvedDeps, without repeats
        QVector<int> normalizedDown;    ///< down + normalizedDeps, without repeats
        QVector<int> next;              ///< revisions naming this one in down_revision
        QVector<int> allNext;           ///< … or in depends_on
        QStringList ownLabels;          ///< branch_labels as written in this file
        QStringList labels;             ///< branch labels including the propagated ones, sorted
        bool base = false;              ///< down_revision is None
        bool realBase = false;          ///< … and no depends_on
    };

    /// Builds the graph; problems found on the way are appended to problems.
    static RevisionGraph build(const QList<RevisionScript> &scripts, QList<Problem> *problems);

    /// The first revision id that breaks Alembic's rules (empty, or with '@', '-' or '+'), as an Error
    /// with its file:line; nullopt when every id is legal. Alembic refuses to load such a project, and
    /// nothing that writes to a database (or prints SQL for one) may go on with it either.
    const std::optional<Error> &illegalId() const { return m_illegalId; }

    int size() const { return int(m_revs.size()); }
    const Revision &at(int i) const { return m_revs.at(i); }
    const RevisionScript &scriptOf(int i) const { return m_scripts.at(m_revs.at(i).script); }
    const QList<RevisionScript> &scripts() const { return m_scripts; }
    /// Index of an exact revision id, -1 when unknown.
    int indexOf(const QString &id) const { return m_index.value(id, -1); }

    QVector<int> heads() const { return m_heads; }          ///< no child through down_revision (alembic heads)
    QVector<int> realHeads() const { return m_realHeads; }  ///< no child through down_revision or depends_on
    QVector<int> bases() const { return m_bases; }
    QVector<int> realBases() const { return m_realBases; }
    bool isHead(int i) const { return m_revs.at(i).next.isEmpty(); }
    /// Whether a database whose version table holds these rows is at exactly the heads (what
    /// autogenerate and check require). An empty graph's heads are an empty table.
    bool isAtHeads(const QStringList &versionRows) const;
    bool isRealHead(int i) const { return m_revs.at(i).allNext.isEmpty(); }
    bool isBranchPoint(int i) const { return m_revs.at(i).next.size() > 1; }
    bool isRealBranchPoint(int i) const { return m_revs.at(i).allNext.size() > 1; }
    bool isMergePoint(int i) const { return m_revs.at(i).down.size() > 1; }

    QStringList ids(const QVector<int> &indices) const;

    // ---- Alembic's traversal primitives (exposed for planning; errors are thrown as GraphError) ----
    struct GraphError
    {
        enum class Kind { Revision, RangeNotAncestor, MultipleHeads, Resolution };
        Kind kind = Kind::Revision;
        QString message;
        QString argument;               ///< Resolution/MultipleHeads: the identifier
        QString lower, upper;           ///< RangeNotAncestor
    };
    /// Special values in revision lists: kNone is "no revision" (below the bases), kBaseSymbol the
    /// symbol "base" that walking down past a base produces.
    static constexpr int kNone = -1;
    static constexpr int kBaseSymbol = -2;

    struct Resolved
    {
        QStringList ids;
        QString branchLabel;            ///< empty when none
        bool hasBranch = false;
    };
    Resolved resolveRevisionNumber(const QString &id, bool isNone) const;
    QVector<int> getRevisions(const QString &id) const;
    QVector<int> getRevisions(const QStringList &ids) const;
    int getRevision(const QString &id) const;
    int revisionForIdent(const QString &id, const QString &checkBranch) const;
    int resolveBranch(const QString &label) const;
    QVector<int> filterForLineage(const QVector<int> &targets, const QString &checkAgainst, bool includeDeps = false) const;
    bool sharesLineage(int target, const QVector<int> &testAgainst, bool includeDeps) const;
    enum class Follow { Versioned, All, OmitImmediateDeps };
    QVector<int> descendants(const QVector<int> &targets, Follow follow, bool check = false) const;
    QVector<int> ancestors(const QVector<int> &targets, bool includeDeps, bool check = false) const;
    int walk(int start, int steps, const QString &branchLabel, bool noOverwalk) const;
    QStringList topologicalSort(const QVector<int> &revisions, const QVector<int> &heads) const;
    QVector<int> allCurrent(const QStringList &ids) const;

    /// Sets marks[r] = 1 for start and every revision reachable from it through down (or normalizedDown
    /// with includeDeps) — or through next when downwards is false. No allocation once marks and stack
    /// have grown; marks must have size() entries.
    void markReachable(int start, bool downwards, bool includeDeps, std::vector<char> &marks, std::vector<int> &stack) const;

    /// True when ancestor is revision itself or one of its ancestors (through normalizedDown, or
    /// down only). Searches only the levels between the two, so nearby revisions answer quickly.
    bool isAncestor(int ancestor, int revision, bool includeDeps = true) const;

private:
    struct Draft;
    void compact(const Draft &draft);          ///< the final map, without what could not be linked
    void linkChildren();                       ///< children, heads and bases
    void normalizeDependencies();              ///< dependencies an ancestor's dependencies imply are not immediate
    void spreadBranchLabels();                 ///< labels reach descendants and the ancestors down to a branch point
    void computeLevels();

    QVector<int> relatedRevisions(const QVector<int> &targets, const std::function<const QVector<int> &(int)> &next,
                                  bool check) const;

    QList<RevisionScript> m_scripts;
    std::optional<Error> m_illegalId;
    QVector<Revision> m_revs;            ///< in Alembic's map order
    QHash<QString, int> m_index;         ///< revision id → index
    QHash<QString, int> m_labels;        ///< branch label (as written) → revision index
    QStringList m_keys;                  ///< ids then labels: the keys partial ids are matched against
    QVector<int> m_heads, m_realHeads, m_bases, m_realBases;
    std::vector<int> m_level;            ///< longest path from a root; every ancestor has a smaller level
    mutable std::vector<int> m_visitStamp;
    mutable int m_stamp = 0;
    mutable std::vector<int> m_stack;
};

} // namespace retort
