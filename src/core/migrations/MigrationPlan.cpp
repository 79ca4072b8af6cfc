// Planning, ported from the behaviour of Alembic 1.8.1 (RevisionMap._collect_upgrade_revisions,
// _collect_downgrade_revisions, ScriptDirectory._upgrade_revs/_downgrade_revs/_stamp_revs and
// HeadMaintainer). Where Alembic picks rows out of a Python set, Retort takes them in graph order,
// so a plan is the same every time; the resulting rows are the same as Alembic's.
#include "migrations/MigrationPlan.h"

#include "sql/Identifiers.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace retort {

namespace {

using GraphError = RevisionGraph::GraphError;
constexpr int kNone = RevisionGraph::kNone;
constexpr int kBase = RevisionGraph::kBaseSymbol;

[[noreturn]] void fail(const QString &message)
{
    throw GraphError{GraphError::Kind::Revision, message, {}, {}, {}};
}

// An upper or lower bound as Alembic passes them around: a typed identifier, "nothing", or the
// database's current rows.
struct Spec
{
    enum class Kind { None, Text, Rows } kind = Kind::None;
    QString text;
    QStringList rows;
    static Spec none() { return {}; }
    static Spec of(const QString &t) { Spec s; s.kind = Kind::Text; s.text = t; return s; }
    static Spec ofRows(const QStringList &r) { Spec s; s.kind = Kind::Rows; s.rows = r; return s; }
    QString display() const { return kind == Kind::Text ? text : kind == Kind::Rows ? rows.join(QStringLiteral(", ")) : QString(); }
};

const QRegularExpression &relativeDestination()
{
    static const QRegularExpression re(QStringLiteral(R"(^(?:(.+?)@)?(\w+)?([+-]\d+))"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

class Planner
{
public:
    explicit Planner(const RevisionGraph &g) : m_g(g) {}

    QVector<int> revisions(const Spec &s) const
    {
        switch (s.kind) {
        case Spec::Kind::None: return {};
        case Spec::Kind::Text: return m_g.getRevisions(s.text);
        case Spec::Kind::Rows: return m_g.getRevisions(s.rows);
        }
        return {};
    }

    QStringList rowsOf(const Spec &s) const
    {
        return s.kind == Spec::Kind::Rows ? s.rows : s.kind == Spec::Kind::Text ? QStringList{s.text} : QStringList{};
    }

    struct DowngradeTarget { QString branch; int revision = kNone; };

    DowngradeTarget parseDowngradeTarget(const Spec &current, const Spec &target, bool assertRelativeLength) const
    {
        if (target.kind == Spec::Kind::None)
            return {};
        const QRegularExpressionMatch m = relativeDestination().match(target.text);
        if (m.hasMatch()) {
            QString branch = m.captured(1);
            const QString symbol = m.captured(2);
            const bool hasSymbol = m.hasCaptured(2) && !symbol.isEmpty();
            const QString relative = m.captured(3);
            const int rel = relative.toInt();
            const QString didNotProduce = QStringLiteral("Relative revision %1 didn't produce %2 migrations")
                                              .arg(relative, QString::number(std::abs(rel)));
            if (rel >= 0) {
                if (!hasSymbol)
                    fail(didNotProduce);
                const int rev = m_g.walk(m_g.getRevision(symbol), rel, branch, assertRelativeLength);
                if (rev == kNone)
                    fail(QStringLiteral("Walked too far"));
                return {branch, rev};
            }
            const bool relativeToCurrent = !hasSymbol;
            QString start = symbol;
            if (relativeToCurrent) {
                const QStringList rows = rowsOf(current);
                if (!branch.isEmpty()) {
                    QVector<int> symbols = m_g.filterForLineage(m_g.getRevisions(rows), branch);
                    if (symbols.isEmpty())
                        symbols = m_g.filterForLineage(m_g.allCurrent(rows), branch);
                    if (symbols.size() != 1)
                        fail(QStringLiteral("Relative revision %1 on branch '%2' is ambiguous from the current revisions")
                                 .arg(relative, branch));
                    start = m_g.at(symbols.first()).id;
                } else {
                    if (rows.isEmpty())
                        fail(didNotProduce);
                    // Alembic warns here and then walks from whichever row the database returned first.
                    if (QSet<QString>(rows.cbegin(), rows.cend()).size() > 1)
                        fail(QStringLiteral("Relative downgrade %1 from several current revisions (%2) is ambiguous: Alembic "
                                            "would pick one by database row order. Name the branch instead, as "
                                            "<branch>@%1 or <revision>%1.").arg(relative, rows.join(QStringLiteral(", "))));
                    start = rows.first();
                    branch = start;   // restrict the walk to the chosen branch
                }
            }
            const int from = branch.isEmpty() ? m_g.getRevision(start) : m_g.getRevision(branch + QLatin1Char('@') + start);
            const int rev = m_g.walk(from, rel, QString(), assertRelativeLength);
            if (rev == kNone)
                fail(relativeToCurrent ? didNotProduce : QStringLiteral("Walked too far"));
            return {branch, rev};
        }
        const qsizetype at = target.text.lastIndexOf(QLatin1Char('@'));
        const QString branch = at < 0 ? QString() : target.text.left(at);
        const QString symbol = at < 0 ? target.text : target.text.mid(at + 1);
        return {branch, m_g.getRevision(symbol)};
    }

    QVector<int> parseUpgradeTarget(const Spec &current, const Spec &target, bool assertRelativeLength) const
    {
        const QRegularExpressionMatch m = target.kind == Spec::Kind::Text ? relativeDestination().match(target.text)
                                                                          : QRegularExpressionMatch();
        if (!m.hasMatch())
            return revisions(target);
        const QString branch = m.captured(1);
        const QString symbol = m.captured(2);
        const bool hasSymbol = !symbol.isEmpty();
        const QString relativeText = m.captured(3);
        const int relative = relativeText.toInt();
        const QString didNotProduce = QStringLiteral("Relative revision %1 didn't produce %2 migrations");
        if (relative > 0) {
            if (!hasSymbol) {
                QVector<int> startRevs = revisions(current);
                const bool noCurrent = rowsOf(current).isEmpty();
                if (noCurrent)
                    startRevs = {kNone};
                if (!branch.isEmpty()) {
                    startRevs = m_g.filterForLineage(noCurrent ? QVector<int>() : revisions(current), branch);
                    if (startRevs.isEmpty()) {
                        // The branch is not at a head: start from the tips of its revisions that are applied.
                        const QVector<int> active = m_g.filterForLineage(
                            m_g.ancestors(noCurrent ? QVector<int>() : revisions(current), true), branch);
                        QSet<int> below;
                        for (int r : active)
                            for (int d : m_g.at(r).normalizedDown) below.insert(d);
                        startRevs.clear();
                        for (int r : active)
                            if (!below.contains(r)) startRevs.append(r);
                        if (startRevs.isEmpty())
                            startRevs = {kNone};
                    }
                }
                if (startRevs.size() > 1)
                    fail(QStringLiteral("Ambiguous upgrade from multiple current revisions"));
                const int rev = m_g.walk(startRevs.first(), relative, branch, assertRelativeLength);
                if (rev == kNone)
                    fail(didNotProduce.arg(relativeText, QString::number(std::abs(relative))));
                return {rev};
            }
            const int rev = m_g.walk(m_g.getRevision(symbol), relative, branch, assertRelativeLength);
            if (rev < 0)
                fail(didNotProduce.arg(relativeText, QString::number(std::abs(relative))));
            return {rev};
        }
        if (!hasSymbol)
            fail(didNotProduce.arg(QString::number(relative), QString::number(std::abs(relative))));
        const int from = branch.isEmpty() ? m_g.getRevision(symbol) : m_g.getRevision(branch + QLatin1Char('@') + symbol);
        const int rev = m_g.walk(from, relative, QString(), assertRelativeLength);
        if (rev < 0)
            fail(didNotProduce.arg(QString::number(relative), QString::number(std::abs(relative))));
        return {rev};
    }

    QVector<int> collectUpgrade(const Spec &upper, Spec lower, bool inclusive, bool implicitBase, bool assertRelativeLength,
                                QVector<int> *targetsOut) const
    {
        QVector<int> targets = parseUpgradeTarget(lower, upper, assertRelativeLength);
        for (int t : targets) {
            if (t < 0)
                fail(QStringLiteral("Walked too far"));
        }
        if (lower.kind == Spec::Kind::Text && lower.text.contains(QLatin1Char('@'))) {
            QString branch = lower.text.section(QLatin1Char('@'), 0, 0);
            const int branchRev = m_g.getRevision(branch);
            if (branchRev >= 0 && m_g.at(branchRev).id == branch && m_g.at(branchRev).labels.size() == 1)
                branch = m_g.at(branchRev).labels.first();
            QVector<int> kept;
            for (int t : targets)
                if (m_g.at(t).labels.contains(branch)) kept.append(t);
            targets = kept;
        }
        QSet<int> required;
        for (int r : m_g.ancestors(targets, true, true)) required.insert(r);
        for (int t : targets) required.insert(t);

        QVector<int> current = revisions(lower);
        if (!implicitBase) {
            for (int c : current) {
                if (c >= 0 && !required.contains(c))
                    throw GraphError{GraphError::Kind::RangeNotAncestor, QString(), QString(), lower.display(), upper.display()};
            }
        }
        if (!current.isEmpty() && current.first() < 0) {
            // lower is relative ("-1"): resolve it as a downgrade target from upper.
            const DowngradeTarget t = parseDowngradeTarget(upper, lower, assertRelativeLength);
            if (t.revision == kBase || t.revision == kNone) {
                current.clear();
                lower = Spec::none();
            } else {
                current = {t.revision};
                lower = Spec::of(m_g.at(t.revision).id);
            }
        }
        QSet<int> currentSet;
        for (int r : m_g.ancestors(current, true, true)) currentSet.insert(r);
        for (int c : current) if (c >= 0) currentSet.insert(c);

        QSet<int> needs = required;
        needs.subtract(currentSet);
        if (inclusive) {
            for (int r : revisions(lower))
                if (r >= 0) needs.insert(r);
        }
        if (!current.isEmpty() && !implicitBase) {
            QSet<int> lowerDescendants;
            for (int r : m_g.descendants(current, RevisionGraph::Follow::Versioned, true)) lowerDescendants.insert(r);
            needs.intersect(lowerDescendants);
        }
        *targetsOut = targets;
        return QVector<int>(needs.cbegin(), needs.cend());
    }

    QVector<int> collectDowngrade(const Spec &upper, const Spec &target, bool inclusive, bool implicitBase,
                                  bool assertRelativeLength, QVector<int> *headsOut) const
    {
        const DowngradeTarget parsed = parseDowngradeTarget(upper, target, assertRelativeLength);
        int targetRevision = parsed.revision == kBase ? kNone : parsed.revision;
        QVector<int> roots;
        if (targetRevision == kNone) {
            roots = m_g.bases();
        } else if (inclusive) {
            roots = {targetRevision};
        } else {
            roots = m_g.at(targetRevision).next;
        }
        if (!parsed.branch.isEmpty() && roots.size() > 1) {
            const QVector<int> onBranch = m_g.ancestors({m_g.resolveBranch(parsed.branch)}, false);
            QVector<int> kept;
            for (int r : roots)
                if (onBranch.contains(r)) kept.append(r);
            roots = kept;
            if (roots.isEmpty())
                fail(QStringLiteral("Not a valid downgrade target from current heads"));
        }
        const QVector<int> heads = revisions(upper);
        QSet<int> drop;
        for (int r : m_g.descendants(roots, RevisionGraph::Follow::All)) drop.insert(r);
        QSet<int> active;
        for (int r : m_g.ancestors(heads, true)) active.insert(r);
        drop.intersect(active);
        if (implicitBase) {
            QSet<int> rootAncestors;
            for (int r : m_g.ancestors(roots, true)) rootAncestors.insert(r);
            for (int a : active)
                if (!rootAncestors.contains(a)) drop.insert(a);
        }
        if (targetRevision != kNone && drop.isEmpty() && !heads.contains(targetRevision))
            throw GraphError{GraphError::Kind::RangeNotAncestor, QStringLiteral("Nothing to drop"), QString(),
                             QStringLiteral("Nothing to drop"), upper.display()};
        *headsOut = heads;
        return QVector<int>(drop.cbegin(), drop.cend());
    }

    // Alembic's iterate_revisions() arguments, by name.
    struct Walk
    {
        bool implicitBase = false;          ///< a lower bound of "base" is implied
        bool inclusive = false;             ///< the lower bound is part of the result
        bool assertRelativeLength = false;  ///< "+3" past the end of a branch is an error
        bool forDowngrade = false;
    };
    static Walk upgradeWalk() { return Walk{true, false, true, false}; }
    static Walk downgradeWalk() { return Walk{false, false, true, true}; }
    static Walk historyWalk() { return Walk{false, true, false, false}; }

    QVector<int> iterate(const Spec &upper, const Spec &lower, const Walk &walk) const
    {
        QVector<int> heads;
        const QVector<int> revs = walk.forDowngrade
                                      ? collectDowngrade(upper, lower, walk.inclusive, walk.implicitBase, walk.assertRelativeLength, &heads)
                                      : collectUpgrade(upper, lower, walk.inclusive, walk.implicitBase, walk.assertRelativeLength, &heads);
        QVector<int> out;
        for (const QString &id : m_g.topologicalSort(revs, heads))
            out.append(m_g.indexOf(id));
        return out;
    }

private:
    const RevisionGraph &m_g;
};

// ---- HeadMaintainer ---------------------------------------------------------------------------

struct Step
{
    bool upgrade = true;
    bool stamp = false;
    int revision = -1;          // RevisionStep
    QStringList from, to;       // StampStep
    bool branchMove = false;    // StampStep

    static Step run(int revision, bool upgrade) { return Step{upgrade, false, revision, {}, {}, false}; }
    /// A stamp step; branchMove: it adds or removes a head instead of moving one.
    static Step stampOf(bool upgrade, QStringList from, QStringList to, bool branchMove)
    {
        return Step{upgrade, true, -1, std::move(from), std::move(to), branchMove};
    }
};

class HeadMaintainer
{
public:
    HeadMaintainer(const RevisionGraph &g, const QStringList &rows) : m_g(g), m_heads(rows.cbegin(), rows.cend()) {}

    QList<VersionChange> apply(const Step &step)
    {
        m_changes.clear();
        if (shouldDeleteBranch(step)) {
            remove(step.stamp ? single(step.from) : id(step.revision));
        } else if (shouldCreateBranch(step)) {
            insert(step.stamp ? single(step.to) : id(step.revision));
        } else if (shouldMerge(step)) {
            QStringList from;
            if (step.stamp) {
                from = step.from;
            } else {
                const QStringList fromRevisions = m_g.ids(m_g.at(step.revision).normalizedDown);
                from = fromRevisions;
                QSet<QString> other = m_heads;
                for (const QString &f : fromRevisions) other.remove(f);
                if (!other.isEmpty()) {
                    const QSet<QString> ancestors = ancestorIds(other);
                    from.clear();
                    for (const QString &f : fromRevisions)
                        if (!ancestors.contains(f)) from << f;
                }
            }
            if (from.isEmpty())
                fail(QStringLiteral("Cannot update the version table: no current row to merge"));
            for (int i = 0; i + 1 < from.size(); ++i)
                remove(from[i]);
            update(from.last(), step.stamp ? step.to.first() : id(step.revision));
        } else if (shouldUnmerge(step)) {
            const QStringList to = step.stamp ? step.to : unmergeTo(step.revision);
            const QString updateFrom = step.stamp ? step.from.first() : id(step.revision);
            if (to.isEmpty())
                fail(QStringLiteral("Cannot update the version table: nothing to unmerge to"));
            for (int i = 0; i + 1 < to.size(); ++i)
                insert(to[i]);
            update(updateFrom, to.last());
        } else if (step.stamp) {
            update(single(step.from), single(step.to));
        } else {
            const QStringList down = m_g.ids(m_g.at(step.revision).normalizedDown);
            QString downRevision;
            if (down.size() != 1) {
                QStringList present;
                for (const QString &d : down)
                    if (m_heads.contains(d)) present << d;
                if (present.size() != 1)
                    fail(QStringLiteral("Can't do an UPDATE because downrevision is ambiguous"));
                downRevision = present.first();
            } else {
                downRevision = down.first();
            }
            if (step.upgrade)
                update(downRevision, id(step.revision));
            else
                update(id(step.revision), downRevision);
        }
        return m_changes;
    }

    QStringList rows() const
    {
        QStringList r(m_heads.cbegin(), m_heads.cend());
        r.sort();
        return r;
    }

private:
    QString id(int i) const { return m_g.at(i).id; }
    static QString single(const QStringList &l)
    {
        if (l.size() != 1)
            fail(QStringLiteral("Cannot update the version table: expected one revision, got %1").arg(l.join(QStringLiteral(", "))));
        return l.first();
    }

    QSet<QString> ancestorIds(const QSet<QString> &ids) const
    {
        QSet<QString> out;
        const QStringList list(ids.cbegin(), ids.cend());
        for (int a : m_g.ancestors(m_g.getRevisions(list), true))
            out.insert(m_g.at(a).id);
        return out;
    }

    QStringList unmergeTo(int revision) const
    {
        const QStringList to = m_g.ids(m_g.at(revision).normalizedDown);
        QSet<QString> other = m_heads;
        other.remove(id(revision));
        if (other.isEmpty())
            return to;
        const QSet<QString> ancestors = ancestorIds(other);
        QStringList out;
        for (const QString &t : to)
            if (!ancestors.contains(t)) out << t;
        return out;
    }

    bool shouldDeleteBranch(const Step &s) const
    {
        if (s.stamp)
            return !s.upgrade && s.branchMove;
        if (s.upgrade || !m_heads.contains(id(s.revision)))
            return false;
        return m_g.at(s.revision).normalizedDown.isEmpty() || unmergeTo(s.revision).isEmpty();
    }
    bool shouldCreateBranch(const Step &s) const
    {
        if (s.stamp) {
            if (!s.upgrade)
                return false;
            bool fromMissing = false, toMissing = false;
            for (const QString &f : s.from) fromMissing |= !m_heads.contains(f);
            for (const QString &t : s.to) toMissing |= !m_heads.contains(t);
            return (s.branchMove || fromMissing) && toMissing;
        }
        if (!s.upgrade)
            return false;
        const QStringList down = m_g.ids(m_g.at(s.revision).normalizedDown);
        if (down.isEmpty())
            return true;
        for (const QString &d : down)
            if (m_heads.contains(d)) return false;
        return true;
    }
    bool shouldMerge(const Step &s) const
    {
        if (s.stamp)
            return s.from.size() > 1;
        if (!s.upgrade)
            return false;
        const QStringList down = m_g.ids(m_g.at(s.revision).normalizedDown);
        int present = 0;
        for (const QString &d : down)
            present += m_heads.contains(d);
        return down.size() > 1 && present > 1;
    }
    bool shouldUnmerge(const Step &s) const
    {
        if (s.stamp)
            return s.to.size() > 1;
        return !s.upgrade && m_heads.contains(id(s.revision)) && m_g.at(s.revision).normalizedDown.size() > 1;
    }

    void insert(const QString &v)
    {
        if (m_heads.contains(v))
            fail(QStringLiteral("Cannot insert %1 into the version table: it is already there").arg(v));
        m_heads.insert(v);
        m_changes.append(VersionChange{VersionChange::Kind::Insert, QString(), v});
    }
    void remove(const QString &v)
    {
        if (!m_heads.remove(v))
            fail(QStringLiteral("Online migration expected to match one row when deleting '%1'; 0 found").arg(v));
        m_changes.append(VersionChange{VersionChange::Kind::Delete, v, QString()});
    }
    void update(const QString &from, const QString &to)
    {
        if (m_heads.contains(to))
            fail(QStringLiteral("Cannot update the version table to %1: it is already there").arg(to));
        if (!m_heads.remove(from))
            fail(QStringLiteral("Online migration expected to match one row when updating '%1' to '%2'; 0 found").arg(from, to));
        m_heads.insert(to);
        m_changes.append(VersionChange{VersionChange::Kind::Update, from, to});
    }

    const RevisionGraph &m_g;
    QSet<QString> m_heads;
    QList<VersionChange> m_changes;
};

// Alembic's ScriptDirectory._catch_revision_errors: the command-level wording of each failure.
Error commandError(const GraphError &e, const QString &ancestorMessage, const QString &start, const QString &end,
                   const QString &multipleHeadsMessage = {})
{
    switch (e.kind) {
    case GraphError::Kind::RangeNotAncestor: {
        QString message = ancestorMessage.isEmpty()
                              ? QStringLiteral("Requested range %1:%2 does not refer to ancestor/descendant revisions along "
                                               "the same branch").arg(start.isEmpty() ? e.lower : start, end.isEmpty() ? e.upper : end)
                              : ancestorMessage;
        return makeError(message);
    }
    case GraphError::Kind::MultipleHeads: {
        if (!multipleHeadsMessage.isEmpty())
            return makeError(multipleHeadsMessage);
        const QString arg = end.isEmpty() ? e.argument : end;
        return makeError(QStringLiteral("Multiple head revisions are present for given argument '%1'; please specify a specific "
                                        "target revision, '<branchname>@%1' to narrow to a specific head, or 'heads' for all heads")
                             .arg(arg));
    }
    case GraphError::Kind::Resolution:
        return makeError(QStringLiteral("Can't locate revision identified by '%1'").arg(e.argument));
    case GraphError::Kind::Revision:
        break;
    }
    return makeError(e.message);
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

MigrationPlan runSteps(const RevisionGraph &graph, MigrationPlan plan, const QList<Step> &steps)
{
    HeadMaintainer heads(graph, plan.purge ? QStringList() : plan.rowsBefore);
    for (const Step &s : steps) {
        MigrationStep step;
        step.upgrade = s.upgrade;
        step.stamp = s.stamp;
        step.revision = s.revision;
        if (s.stamp) {
            step.fromRevisions = s.from;
            step.toRevisions = s.to;
        } else {
            const RevisionGraph::Revision &r = graph.at(s.revision);
            const QStringList down = graph.ids(r.down);
            step.fromRevisions = s.upgrade ? down : QStringList{r.id};
            step.toRevisions = s.upgrade ? QStringList{r.id} : down;
            step.doc = graph.scriptOf(s.revision).doc;
        }
        step.versionChanges = heads.apply(s);
        step.rowsAfter = heads.rows();
        plan.steps.append(step);
    }
    plan.rowsAfter = heads.rows();
    return plan;
}

} // namespace

QString VersionChange::render(Dialect dialect, const QString &table, const QString &schema,
                              const std::function<QString(const QString &)> &value) const
{
    const QString name = quoteQualified(dialect, table, schema);
    const QString column = quoteIdentifier(dialect, table) + QStringLiteral(".version_num");
    switch (kind) {
    case Kind::Insert:
        return QStringLiteral("INSERT INTO %1 (version_num) VALUES (%2)").arg(name, value(to));
    case Kind::Update: {
        const QString newValue = value(to);   // bound in this order: the new row, then the old one
        return QStringLiteral("UPDATE %1 SET version_num=%2 WHERE %3 = %4").arg(name, newValue, column, value(from));
    }
    case Kind::Delete:
        return QStringLiteral("DELETE FROM %1 WHERE %2 = %3").arg(name, column, value(from));
    }
    return {};
}

QString VersionChange::boundSql(Dialect dialect, const QString &table, const QString &schema, QStringList *values) const
{
    values->clear();
    return render(dialect, table, schema, [values](const QString &v) {
        values->append(v);
        return QStringLiteral("?");
    });
}

QString VersionChange::sql(Dialect dialect, const QString &table, const QString &schema) const
{
    return render(dialect, table, schema, [dialect](const QString &v) { return sqlStringLiteral(dialect, v); });
}

QString MigrationStep::title() const
{
    return QStringLiteral("%1 %2 -> %3").arg(upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"),
                                              fromRevisions.join(QStringLiteral(", ")), toRevisions.join(QStringLiteral(", ")));
}

QString versionRowsText(const QStringList &rows)
{
    return rows.isEmpty() ? QStringLiteral("base (no rows)") : rows.join(QStringLiteral(", "));
}

QString MigrationStep::describe() const
{
    const QString verb = stamp ? QStringLiteral("stamp") : upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade");
    QString text = QStringLiteral("%1 %2 -> %3").arg(verb, fromRevisions.join(QStringLiteral(", ")), toRevisions.join(QStringLiteral(", ")));
    if (!doc.isEmpty())
        text += QStringLiteral(", ") + doc;
    return text;
}

Result<MigrationPlan> planUpgrade(const RevisionGraph &graph, const QStringList &currentRows, const QString &target)
{
    if (graph.illegalId())
        return *graph.illegalId();
    MigrationPlan plan;
    plan.kind = MigrationPlan::Kind::Upgrade;
    plan.target = target;
    plan.rowsBefore = sorted(currentRows);
    try {
        const QVector<int> revs = Planner(graph).iterate(Spec::of(target), Spec::ofRows(plan.rowsBefore), Planner::upgradeWalk());
        QList<Step> steps;
        for (auto it = revs.crbegin(); it != revs.crend(); ++it)
            steps.append(Step::run(*it, true));
        return runSteps(graph, plan, steps);
    } catch (const GraphError &e) {
        return commandError(e, QStringLiteral("Destination %1 is not a valid upgrade target from current head(s)").arg(target),
                            QString(), target);
    }
}

Result<MigrationPlan> planDowngrade(const RevisionGraph &graph, const QStringList &currentRows, const QString &target)
{
    if (graph.illegalId())
        return *graph.illegalId();
    MigrationPlan plan;
    plan.kind = MigrationPlan::Kind::Downgrade;
    plan.target = target;
    plan.rowsBefore = sorted(currentRows);
    try {
        const QVector<int> revs = Planner(graph).iterate(Spec::ofRows(plan.rowsBefore), Spec::of(target), Planner::downgradeWalk());
        QList<Step> steps;
        for (int r : revs)
            steps.append(Step::run(r, false));
        return runSteps(graph, plan, steps);
    } catch (const GraphError &e) {
        return commandError(e, QStringLiteral("Destination %1 is not a valid downgrade target from current head(s)").arg(target),
                            QString(), target);
    }
}

Result<MigrationPlan> planStamp(const RevisionGraph &graph, const QStringList &currentRows, const QStringList &targets, bool purge)
{
    if (graph.illegalId())
        return *graph.illegalId();
    MigrationPlan plan;
    plan.kind = MigrationPlan::Kind::Stamp;
    plan.target = targets.join(QLatin1Char(' '));
    plan.rowsBefore = sorted(currentRows);
    plan.purge = purge;
    try {
        const QStringList heads = purge ? QStringList() : plan.rowsBefore;
        const QVector<int> headRevs = graph.getRevisions(heads);
        QStringList revisions = targets;
        if (revisions.isEmpty())
            revisions << QStringLiteral("base");
        QVector<int> filteredHeads;
        for (const QString &rev : revisions) {
            if (rev.isEmpty())
                continue;
            for (int h : graph.filterForLineage(headRevs, rev, true))
                if (!filteredHeads.contains(h)) filteredHeads.append(h);
        }
        QVector<int> dests = graph.getRevisions(revisions);
        if (dests.isEmpty())
            dests = {kNone};
        QList<Step> steps;
        for (int dest : dests) {
            if (dest < 0) {
                for (int h : filteredHeads)
                    steps.append(Step::stampOf(false, {graph.at(h).id}, {}, true));
                continue;
            }
            if (filteredHeads.contains(dest))
                continue;
            const QVector<int> descendants = graph.descendants({dest}, RevisionGraph::Follow::All);
            const QVector<int> ancestors = graph.ancestors({dest}, true);
            bool headsAbove = false, headsBelow = false;
            for (int h : filteredHeads) {
                headsAbove |= descendants.contains(h);
                headsBelow |= ancestors.contains(h);
            }
            const QStringList todo = graph.ids(filteredHeads);
            if (headsAbove && headsBelow) {
                // Alembic stops here with an AssertionError.
                fail(QStringLiteral("Cannot stamp %1: the current revisions %2 lie both above and below it; stamp the "
                                    "branches one by one or use --purge.").arg(graph.at(dest).id, todo.join(QStringLiteral(", "))));
            }
            if (headsAbove)
                steps.append(Step::stampOf(false, todo, {graph.at(dest).id}, false));
            else if (headsBelow)
                steps.append(Step::stampOf(true, todo, {graph.at(dest).id}, false));
            else
                steps.append(Step::stampOf(true, {}, {graph.at(dest).id}, true));
        }
        return runSteps(graph, plan, steps);
    } catch (const GraphError &e) {
        return commandError(e, QString(), QString(), QString(),
                            QStringLiteral("Multiple heads are present; please specify a single target revision"));
    }
}

Result<QVector<int>> historyRevisions(const RevisionGraph &graph, const QString &base, const QString &head)
{
    const QString from = base.isEmpty() ? QStringLiteral("base") : base;
    const QString to = head.isEmpty() ? QStringLiteral("heads") : head;
    try {
        return Planner(graph).iterate(Spec::of(to), Spec::of(from), Planner::historyWalk());
    } catch (const GraphError &e) {
        return commandError(e, QString(), from, to);
    }
}

Result<QVector<int>> currentRevisions(const RevisionGraph &graph, const QStringList &rows)
{
    try {
        return graph.allCurrent(rows);
    } catch (const GraphError &e) {
        return commandError(e, QString(), QString(), QString());
    }
}

Result<QVector<int>> resolveRevisions(const RevisionGraph &graph, const QString &identifier)
{
    try {
        return graph.getRevisions(identifier);
    } catch (const GraphError &e) {
        return commandError(e, QString(), QString(), QString());
    }
}

} // namespace retort
