// Building the revision map (RevisionMap._revision_map) and its traversal primitives, ported from
// the behaviour of Alembic 1.8.1 onto index-based structures. Where Alembic would crash or silently
// pick one of two files, a Problem is recorded and the offending link or file is left out.
#include "migrations/RevisionGraph.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace retort {

namespace {

using GraphError = RevisionGraph::GraphError;

[[noreturn]] void throwRevisionError(const QString &message)
{
    throw GraphError{GraphError::Kind::Revision, message, {}, {}, {}};
}

[[noreturn]] void throwResolution(const QString &message, const QString &argument)
{
    throw GraphError{GraphError::Kind::Resolution, message, argument, {}, {}};
}

void appendUnique(QVector<int> &v, int x)
{
    if (!v.contains(x))
        v.append(x);
}

// Iterative Tarjan: strongly connected components of the graph given by edges (index → targets).
QVector<QVector<int>> stronglyConnected(int n, const std::function<QVector<int>(int)> &edges)
{
    QVector<int> index(n, -1), low(n, 0);
    QVector<char> onStack(n, 0);
    QVector<int> stack;
    QVector<QVector<int>> components;
    int counter = 0;
    struct Frame { int node; QVector<int> targets; int next; };
    for (int root = 0; root < n; ++root) {
        if (index[root] >= 0)
            continue;
        QVector<Frame> frames;
        frames.append(Frame{root, edges(root), 0});
        index[root] = low[root] = counter++;
        stack.append(root);
        onStack[root] = 1;
        while (!frames.isEmpty()) {
            Frame &f = frames.last();
            if (f.next < f.targets.size()) {
                const int w = f.targets[f.next++];
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    stack.append(w);
                    onStack[w] = 1;
                    frames.append(Frame{w, edges(w), 0});
                } else if (onStack[w]) {
                    low[f.node] = std::min(low[f.node], index[w]);
                }
                continue;
            }
            const int v = f.node;
            frames.removeLast();
            if (!frames.isEmpty())
                low[frames.last().node] = std::min(low[frames.last().node], low[v]);
            if (low[v] == index[v]) {
                QVector<int> component;
                int w;
                do {
                    w = stack.takeLast();
                    onStack[w] = 0;
                    component.append(w);
                } while (w != v);
                components.append(component);
            }
        }
    }
    return components;
}

} // namespace

QStringList RevisionGraph::ids(const QVector<int> &indices) const
{
    QStringList out;
    for (int i : indices)
        out << (i >= 0 ? m_revs.at(i).id : QString());
    return out;
}

bool RevisionGraph::isAtHeads(const QStringList &versionRows) const
{
    QStringList heads = ids(m_heads);
    QStringList rows = versionRows;
    heads.sort();
    rows.sort();
    return heads == rows;
}

// The scripts read into positions, labels and edges: Alembic's map before the final graph is made
// from it. Each step reports what it cannot link and leaves it out.
struct RevisionGraph::Draft
{
    Draft(const QList<RevisionScript> &s, QList<Problem> *p) : scripts(s), problems(p) {}

    const QList<RevisionScript> &scripts;
    QList<Problem> *problems;
    QVector<int> order;                 // script index per position
    QHash<QString, int> position;       // id -> position
    int n = 0;
    QHash<QString, int> labels;         // branch label -> position
    QVector<QStringList> acceptedLabels;
    QVector<QVector<int>> down, deps;
    QVector<char> base, realBase, removed;
    std::optional<Error> illegalId;

    void report(int script, int line, const QString &message) const
    {
        problems->append(Problem{Problem::Severity::Error, scripts.at(script).path, line, message});
    }

    void mapOrder()
    {
        // 1. Map order: first appearance of an id; a later file with the same id replaces the earlier one
        //    (what Alembic does silently).
        static const QRegularExpression illegal(QStringLiteral("[@+-]"));
        for (int s = 0; s < scripts.size(); ++s) {
            const RevisionScript &script = scripts.at(s);
            const QString &id = script.revision;
            if (id.contains(illegal)) {
                QStringList chars;
                for (const QChar c : QStringLiteral("+-@")) {
                    if (id.contains(c))
                        chars << QString(c);
                }
                report(s, script.revisionLine, QStringLiteral("Character(s) '%1' not allowed in revision identifier '%2'.")
                                                   .arg(chars.join(QStringLiteral(", ")), id));
            }
            if (id.isEmpty())
                report(s, script.revisionLine, QStringLiteral("The revision id is empty."));
            if ((id.contains(illegal) || id.isEmpty()) && !illegalId) {
                Error e;
                e.message = QStringLiteral("%1 Alembic refuses to load this project; fix the id before migrating or stamping.")
                                .arg(problems->constLast().message);
                e.file = script.path;
                e.line = script.revisionLine;
                illegalId = e;
            }
            if (id.size() > 32)
                report(s, script.revisionLine,
                       QStringLiteral("The revision id '%1' is %2 characters long; alembic_version.version_num is VARCHAR(32), "
                                      "so PostgreSQL and MySQL will refuse to record it.").arg(id, QString::number(id.size())));
            if (position.contains(id)) {
                const int earlier = order[position.value(id)];
                report(s, script.revisionLine,
                       QStringLiteral("Revision %1 is present more than once: also in %2; Alembic silently uses this file and "
                                      "ignores the other.").arg(id, QFileInfo(scripts.at(earlier).path).fileName()));
                problems->append(Problem{Problem::Severity::Error, scripts.at(earlier).path, scripts.at(earlier).revisionLine,
                                         QStringLiteral("Revision %1 is present more than once: also in %2, which Alembic uses "
                                                        "instead of this file.").arg(id, QFileInfo(script.path).fileName())});
                order[position.value(id)] = s;
            } else {
                position.insert(id, int(order.size()));
                order.append(s);
            }
        }
        n = int(order.size());
    }

    void readLabels()
    {
        // 2. Branch labels (a label may not repeat, nor equal a revision id).
        acceptedLabels.resize(n);
        for (int p = 0; p < n; ++p) {
            const RevisionScript &script = scripts.at(order[p]);
            for (const QString &label : script.branchLabels) {
                if (position.contains(label) || labels.contains(label)) {
                    const QString owner = position.contains(label) ? label : scripts.at(order[labels.value(label)]).revision;
                    report(order[p], script.branchLabelsLine,
                           QStringLiteral("Branch name '%1' in revision %2 already used by revision %3.").arg(label, script.revision, owner));
                    continue;
                }
                labels.insert(label, p);
                acceptedLabels[p] << label;
            }
        }
    }

    void linkEdges()
    {
        // 3. Edges by position, leaving out what cannot be linked.
        down.resize(n);
        deps.resize(n);
        base.fill(0, n);
        realBase.fill(0, n);
        for (int p = 0; p < n; ++p) {
            const int s = order[p];
            const RevisionScript &script = scripts.at(s);
            base[p] = script.downRevisions.isEmpty();
            realBase[p] = base[p] && script.dependsOn.isEmpty();
            for (const QString &d : script.downRevisions) {
                if (d == script.revision) {
                    report(s, script.downRevisionLine, QStringLiteral("Self-loop is detected in revisions (%1).").arg(d));
                } else if (position.contains(d)) {
                    appendUnique(down[p], position.value(d));
                } else if (labels.contains(d)) {
                    report(s, script.downRevisionLine,
                           QStringLiteral("down_revision names the branch label '%1'; it must name a revision id.").arg(d));
                } else {
                    report(s, script.downRevisionLine,
                           QStringLiteral("down_revision names %1, which no revision file defines (Alembic stops with KeyError: '%1').")
                               .arg(d));
                }
            }
            for (const QString &d : script.dependsOn) {
                const int target = position.contains(d) ? position.value(d) : labels.value(d, -1);
                if (d == script.revision || target == p)
                    report(s, script.dependsOnLine, QStringLiteral("Dependency self-loop is detected in revisions (%1).").arg(script.revision));
                else if (target < 0)
                    report(s, script.dependsOnLine,
                           QStringLiteral("depends_on names %1, which is neither a revision nor a branch label (Alembic stops "
                                          "with KeyError: '%1').").arg(d));
                else
                    appendUnique(deps[p], target);
            }
        }
    }

    void leaveOutCycles()
    {
        // 4. Cycles: report each strongly connected component, then leave its members out.
        removed.fill(0, n);
        const auto reportCycles = [&](const std::function<QVector<int>(int)> &edges, bool dependency) {
            for (const QVector<int> &component : stronglyConnected(n, edges)) {
                if (component.size() < 2)
                    continue;
                bool fresh = false;
                QStringList names;
                for (int p : component) {
                    fresh |= !removed[p];
                    names << scripts.at(order[p]).revision;
                }
                if (!fresh)
                    continue;
                names.sort();
                for (int p : component) {
                    removed[p] = 1;
                    report(order[p], scripts.at(order[p]).downRevisionLine,
                           QStringLiteral("%1 is detected in revisions (%2); these revisions are left out of the graph.")
                               .arg(dependency ? QStringLiteral("Dependency cycle") : QStringLiteral("Cycle"),
                                    names.join(QStringLiteral(", "))));
                }
            }
        };
        reportCycles([&](int p) { return down[p]; }, false);
        reportCycles([&](int p) { QVector<int> all = down[p]; for (int d : deps[p]) appendUnique(all, d); return all; }, true);
    }
};

RevisionGraph RevisionGraph::build(const QList<RevisionScript> &scripts, QList<Problem> *problems)
{
    Draft draft(scripts, problems);
    draft.mapOrder();
    draft.readLabels();
    draft.linkEdges();
    draft.leaveOutCycles();
    RevisionGraph g;
    g.m_scripts = scripts;
    g.m_illegalId = draft.illegalId;
    g.compact(draft);
    g.linkChildren();
    g.normalizeDependencies();
    g.spreadBranchLabels();
    return g;
}

void RevisionGraph::compact(const Draft &draft)
{
    // 5. Compact into the final map, dropping links to removed revisions.
    QVector<int> finalIndex(draft.n, -1);
    for (int p = 0; p < draft.n; ++p) {
        if (draft.removed[p])
            continue;
        finalIndex[p] = int(m_revs.size());
        Revision r;
        r.script = draft.order[p];
        r.id = draft.scripts.at(draft.order[p]).revision;
        r.ownLabels = draft.acceptedLabels[p];
        r.base = draft.base[p];
        r.realBase = draft.realBase[p];
        m_revs.append(r);
        m_index.insert(r.id, finalIndex[p]);
    }
    for (int p = 0; p < draft.n; ++p) {
        if (draft.removed[p])
            continue;
        Revision &r = m_revs[finalIndex[p]];
        const RevisionScript &script = draft.scripts.at(draft.order[p]);
        for (int d : draft.down[p]) {
            if (draft.removed[d])
                draft.report(draft.order[p], script.downRevisionLine,
                             QStringLiteral("down_revision names %1, which is part of a cycle; that link is ignored.")
                                 .arg(draft.scripts.at(draft.order[d]).revision));
            else
                r.down.append(finalIndex[d]);
        }
        for (int d : draft.deps[p]) {
            if (!draft.removed[d])
                r.resolvedDeps.append(finalIndex[d]);
        }
        r.allDown = r.down;
        for (int d : r.resolvedDeps)
            appendUnique(r.allDown, d);
    }
    for (auto it = draft.labels.cbegin(); it != draft.labels.cend(); ++it) {
        if (!draft.removed[it.value()])
            m_labels.insert(it.key(), finalIndex[it.value()]);
    }
    // Keys in map order: revision ids, then labels (partial identifiers are matched against both).
    for (const Revision &r : m_revs)
        m_keys << r.id;
    for (const Revision &r : m_revs)
        m_keys << r.ownLabels;
}

void RevisionGraph::linkChildren()
{
    // 6. Children, heads and bases.
    const int m = size();
    for (int i = 0; i < m; ++i) {
        for (int d : m_revs[i].allDown) {
            appendUnique(m_revs[d].allNext, i);
            if (m_revs[i].down.contains(d))
                appendUnique(m_revs[d].next, i);
        }
    }
    for (int i = 0; i < m; ++i) {
        const Revision &r = m_revs[i];
        if (r.next.isEmpty()) m_heads.append(i);
        if (r.allNext.isEmpty()) m_realHeads.append(i);
        if (r.base) m_bases.append(i);
        if (r.realBase) m_realBases.append(i);
    }
}

void RevisionGraph::normalizeDependencies()
{
    const int m = size();
    // 7. Dependencies already implied by an ancestor's dependencies are not immediate ones: d is
    //    implied for r when another revision that depends on d is an ancestor of r (through down_revision).
    for (int i = 0; i < m; ++i)
        m_revs[i].normalizedDown = m_revs[i].down;
    computeLevels();
    QHash<int, QVector<int>> dependents;
    for (int i = 0; i < m; ++i)
        for (int d : m_revs[i].resolvedDeps) dependents[d].append(i);
    for (int i = 0; i < m; ++i) {
        Revision &r = m_revs[i];
        for (int d : r.resolvedDeps) {
            bool implied = false;
            for (int other : dependents.value(d)) {
                if (other != i && isAncestor(other, i, false)) {
                    implied = true;
                    break;
                }
            }
            if (!implied)
                r.normalizedDeps.append(d);
        }
        for (int d : r.normalizedDeps)
            appendUnique(r.normalizedDown, d);
    }
    computeLevels();   // dependency edges count for the levels used by topologicalSort
}

void RevisionGraph::spreadBranchLabels()
{
    const int m = size();
    // 8. Branch labels reach every descendant, and the ancestors below the labelled revision down to
    //    the first branch or merge point (walking down from the last descendant, as Alembic does).
    QStringList allLabels = m_labels.keys();
    allLabels.sort();
    QHash<QString, int> rank;
    for (int k = 0; k < allLabels.size(); ++k)
        rank.insert(allLabels[k], k);
    std::vector<std::vector<int>> labelIndex(static_cast<size_t>(m));
    for (int i = 0; i < m; ++i) {
        const QStringList own = m_revs[i].ownLabels;
        if (own.isEmpty())
            continue;
        std::vector<int> ranks;
        for (const QString &l : own) ranks.push_back(rank.value(l));
        // Descendants in the order Alembic visits them (a stack; the last one visited matters below).
        ++m_stamp;
        std::vector<int> &todo = m_stack;
        todo.assign(1, i);
        int last = i;
        while (!todo.empty()) {
            const int r = todo.back();
            todo.pop_back();
            if (m_visitStamp[size_t(r)] == m_stamp)
                continue;
            m_visitStamp[size_t(r)] = m_stamp;
            for (int c : m_revs.at(r).next)
                todo.push_back(c);
            labelIndex[size_t(r)].insert(labelIndex[size_t(r)].end(), ranks.begin(), ranks.end());
            last = r;
        }
        int parent = last;
        while (parent >= 0 && !isRealBranchPoint(parent) && !isMergePoint(parent)) {
            labelIndex[size_t(parent)].insert(labelIndex[size_t(parent)].end(), ranks.begin(), ranks.end());
            parent = m_revs[parent].down.isEmpty() ? -1 : m_revs[parent].down.first();
        }
    }
    for (int i = 0; i < m; ++i) {
        std::vector<int> &ranks = labelIndex[size_t(i)];
        if (ranks.empty())
            continue;
        std::sort(ranks.begin(), ranks.end());
        ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
        QStringList l;
        l.reserve(qsizetype(ranks.size()));
        for (int k : ranks) l << allLabels[k];
        m_revs[i].labels = l;
    }
}

// ---- traversal -------------------------------------------------------------------------------

void RevisionGraph::computeLevels()
{
    // Kahn's order over normalizedDown: a revision's level is one more than its highest parent's.
    const int n = size();
    m_level.assign(size_t(n), 0);
    std::vector<int> pending(size_t(n), 0);
    std::vector<std::vector<int>> children{size_t(n)};
    for (int i = 0; i < n; ++i) {
        pending[size_t(i)] = int(m_revs[i].normalizedDown.size());
        for (int d : m_revs[i].normalizedDown)
            children[size_t(d)].push_back(i);
    }
    std::vector<int> ready;
    for (int i = 0; i < n; ++i)
        if (pending[size_t(i)] == 0) ready.push_back(i);
    while (!ready.empty()) {
        const int r = ready.back();
        ready.pop_back();
        for (int c : children[size_t(r)]) {
            m_level[size_t(c)] = std::max(m_level[size_t(c)], m_level[size_t(r)] + 1);
            if (--pending[size_t(c)] == 0)
                ready.push_back(c);
        }
    }
    m_visitStamp.assign(size_t(n), 0);
}

bool RevisionGraph::isAncestor(int ancestor, int revision, bool includeDeps) const
{
    if (ancestor == revision)
        return true;
    if (ancestor < 0 || revision < 0 || m_level[size_t(ancestor)] >= m_level[size_t(revision)])
        return false;
    const int floor = m_level[size_t(ancestor)];
    ++m_stamp;
    m_stack.clear();
    m_stack.push_back(revision);
    m_visitStamp[size_t(revision)] = m_stamp;
    while (!m_stack.empty()) {
        const int r = m_stack.back();
        m_stack.pop_back();
        for (int d : includeDeps ? m_revs[r].normalizedDown : m_revs[r].down) {
            if (d == ancestor)
                return true;
            if (m_level[size_t(d)] <= floor || m_visitStamp[size_t(d)] == m_stamp)
                continue;
            m_visitStamp[size_t(d)] = m_stamp;
            m_stack.push_back(d);
        }
    }
    return false;
}

void RevisionGraph::markReachable(int start, bool downwards, bool includeDeps, std::vector<char> &marks, std::vector<int> &stack) const
{
    if (start < 0 || marks[size_t(start)])
        return;
    stack.clear();
    stack.push_back(start);
    marks[size_t(start)] = 1;
    while (!stack.empty()) {
        const int r = stack.back();
        stack.pop_back();
        const Revision &rev = m_revs[r];
        const QVector<int> &edges = downwards ? (includeDeps ? rev.normalizedDown : rev.down) : rev.next;
        for (int e : edges) {
            if (!marks[size_t(e)]) {
                marks[size_t(e)] = 1;
                stack.push_back(e);
            }
        }
    }
}

QVector<int> RevisionGraph::relatedRevisions(const QVector<int> &targets, const std::function<const QVector<int> &(int)> &next,
                                             bool check) const
{
    QVector<char> seen(size(), 0);
    QVector<int> out;
    QVector<int> todo;
    for (int target : targets) {
        if (target < 0)
            continue;
        todo.append(target);
        QSet<int> perTarget;
        while (!todo.isEmpty()) {
            const int rev = todo.takeLast();
            if (check)
                perTarget.insert(rev);
            if (seen[rev])
                continue;
            seen[rev] = 1;
            for (int n : next(rev))
                todo.append(n);
            out.append(rev);
        }
        if (check) {
            QStringList overlaps;
            for (int t : targets) {
                if (t != target && perTarget.contains(t))
                    overlaps << m_revs.at(t).id;
            }
            if (!overlaps.isEmpty())
                throwRevisionError(QStringLiteral("Requested revision %1 overlaps with other requested revisions %2")
                                       .arg(m_revs.at(target).id, overlaps.join(QStringLiteral(", "))));
        }
    }
    return out;
}

QVector<int> RevisionGraph::descendants(const QVector<int> &targets, Follow follow, bool check) const
{
    return relatedRevisions(targets, [&](int r) -> const QVector<int> & {
        if (follow == Follow::All) return m_revs.at(r).allNext;
        if (follow == Follow::Versioned) return m_revs.at(r).next;
        return targets.contains(r) ? m_revs.at(r).next : m_revs.at(r).allNext;
    }, check);
}

QVector<int> RevisionGraph::ancestors(const QVector<int> &targets, bool includeDeps, bool check) const
{
    return relatedRevisions(targets, [&](int r) -> const QVector<int> & {
        return includeDeps ? m_revs.at(r).normalizedDown : m_revs.at(r).down;
    }, check);
}

// ---- identifiers -----------------------------------------------------------------------------

RevisionGraph::Resolved RevisionGraph::resolveRevisionNumber(const QString &input, bool isNone) const
{
    Resolved r;
    QString id = input;
    if (!isNone && id.contains(QLatin1Char('@'))) {
        r.branchLabel = id.section(QLatin1Char('@'), 0, 0);
        id = id.mid(r.branchLabel.size() + 1);
        r.hasBranch = !r.branchLabel.isEmpty();
    }
    if (!isNone && id == QLatin1String("heads")) {
        r.ids = r.hasBranch ? ids(filterForLineage(m_heads, r.branchLabel)) : ids(m_realHeads);
        return r;
    }
    if (!isNone && id == QLatin1String("head")) {
        QVector<int> current = m_heads;
        if (r.hasBranch)
            current = filterForLineage(current, r.branchLabel);
        if (current.size() > 1) {
            throw GraphError{GraphError::Kind::MultipleHeads, QString(),
                             r.hasBranch ? r.branchLabel + QStringLiteral("@head") : QStringLiteral("head"), {}, {}};
        }
        if (!current.isEmpty())
            r.ids << m_revs.at(current.first()).id;
        return r;
    }
    if (isNone || id == QLatin1String("base"))
        return r;
    r.ids << id;
    return r;
}

QVector<int> RevisionGraph::getRevisions(const QStringList &list) const
{
    QVector<int> out;
    for (const QString &id : list)
        out += getRevisions(id);
    return out;
}

QVector<int> RevisionGraph::getRevisions(const QString &id) const
{
    const Resolved resolved = resolveRevisionNumber(id, id.isNull());
    if (resolved.ids.size() == 1) {
        bool isInt = false;
        const int rint = resolved.ids.first().trimmed().toInt(&isInt);
        if (isInt && rint < 0) {
            // branch@-n: walk down from the heads.
            QVector<int> selectHeads = getRevisions(QStringLiteral("heads"));
            if (resolved.hasBranch) {
                QVector<int> filtered;
                for (int h : selectHeads) {
                    if (m_revs.at(h).labels.contains(resolved.branchLabel))
                        filtered.append(h);
                }
                selectHeads = filtered;
            }
            QVector<int> out;
            for (int h : selectHeads)
                out.append(walk(h, rint, QString(), true));
            return out;
        }
    }
    QVector<int> out;
    for (const QString &rid : resolved.ids)
        out.append(revisionForIdent(rid, resolved.hasBranch ? resolved.branchLabel : QString()));
    return out;
}

int RevisionGraph::getRevision(const QString &id) const
{
    const Resolved resolved = resolveRevisionNumber(id, id.isNull());
    if (resolved.ids.size() > 1)
        throw GraphError{GraphError::Kind::MultipleHeads, QString(), id, {}, {}};
    return revisionForIdent(resolved.ids.isEmpty() ? QString() : resolved.ids.first(),
                            resolved.hasBranch ? resolved.branchLabel : QString());
}

int RevisionGraph::resolveBranch(const QString &label) const
{
    if (m_index.contains(label))
        return m_index.value(label);
    if (m_labels.contains(label))
        return m_labels.value(label);
    try {
        return revisionForIdent(label, QString());
    } catch (const GraphError &e) {
        if (e.kind != GraphError::Kind::Resolution)
            throw;
        throwResolution(QStringLiteral("No such branch: '%1'").arg(label), label);
    }
}

int RevisionGraph::revisionForIdent(const QString &rid, const QString &checkBranch) const
{
    const int branchRev = checkBranch.isEmpty() ? kNone : resolveBranch(checkBranch);
    if (rid.isNull())
        return kNone;   // the empty tuple: base
    int revision = m_index.value(rid, -1);
    if (revision < 0)
        revision = m_labels.value(rid, -1);
    if (revision < 0) {
        // A partial identifier: a unique prefix of a key longer than three characters.
        QVector<int> matches;
        QStringList matchedKeys;
        for (const QString &key : m_keys) {
            if (key.size() > 3 && !rid.isEmpty() && key.startsWith(rid)) {
                matches.append(m_index.contains(key) ? m_index.value(key) : m_labels.value(key));
                matchedKeys << key;
            }
        }
        if (!checkBranch.isEmpty()) {
            QVector<int> keep;
            QStringList keepKeys;
            for (int i = 0; i < matches.size(); ++i) {
                if (sharesLineage(matches[i], {branchRev}, false)) {
                    keep.append(matches[i]);
                    keepKeys << matchedKeys[i];
                }
            }
            matches = keep;
            matchedKeys = keepKeys;
        }
        if (matches.isEmpty())
            throwResolution(QStringLiteral("No such revision or branch '%1'%2")
                                .arg(rid, rid.size() < 4 ? QStringLiteral("; please ensure at least four characters are present "
                                                                          "for partial revision identifier matches")
                                                         : QString()), rid);
        if (matches.size() > 1) {
            QStringList quoted;
            for (const QString &k : matchedKeys.mid(0, 3))
                quoted << QLatin1Char('\'') + k + QLatin1Char('\'');
            throwResolution(QStringLiteral("Multiple revisions start with '%1': %2...").arg(rid, quoted.join(QStringLiteral(", "))), rid);
        }
        revision = matches.first();
    }
    if (!checkBranch.isEmpty() && revision >= 0 && !sharesLineage(revision, {branchRev}, false))
        throwResolution(QStringLiteral("Revision %1 is not a member of branch '%2'").arg(m_revs.at(revision).id, checkBranch), rid);
    return revision;
}

QVector<int> RevisionGraph::filterForLineage(const QVector<int> &targets, const QString &checkAgainst, bool includeDeps) const
{
    const Resolved resolved = resolveRevisionNumber(checkAgainst, checkAgainst.isNull());
    QVector<int> shares;
    if (resolved.hasBranch)
        shares.append(revisionForIdent(resolved.branchLabel, QString()));
    for (const QString &id : resolved.ids)
        shares.append(revisionForIdent(id, QString()));
    QVector<int> out;
    for (int t : targets) {
        if (sharesLineage(t, shares, includeDeps))
            out.append(t);
    }
    return out;
}

bool RevisionGraph::sharesLineage(int target, const QVector<int> &testAgainst, bool includeDeps) const
{
    if (testAgainst.isEmpty())
        return true;
    if (target < 0)
        return false;
    const QVector<int> down = descendants({target}, includeDeps ? Follow::All : Follow::Versioned);
    const QVector<int> up = ancestors({target}, includeDeps);
    for (int t : testAgainst) {
        if (down.contains(t) || up.contains(t))
            return true;
    }
    return false;
}

int RevisionGraph::walk(int start, int steps, const QString &branchLabel, bool noOverwalk) const
{
    int initial = start;
    for (int step = 0; step < std::abs(steps); ++step) {
        QVector<int> children;
        if (steps > 0) {
            if (initial == kBaseSymbol)
                throwRevisionError(QStringLiteral("Walked too far"));
            const QVector<int> up = initial == kNone ? m_bases : m_revs.at(initial).next;
            children = branchLabel.isEmpty() ? up : filterForLineage(up, branchLabel);
        } else {
            if (initial != kBaseSymbol) {
                children = initial == kNone ? m_heads : m_revs.at(initial).down;
                if (children.isEmpty())
                    children = {kBaseSymbol};
            }
        }
        if (children.isEmpty())
            return noOverwalk ? kNone : initial;
        if (children.size() > 1)
            throwRevisionError(QStringLiteral("Ambiguous walk"));
        initial = children.first();
    }
    return initial;
}

QStringList RevisionGraph::topologicalSort(const QVector<int> &revisions, const QVector<int> &heads) const
{
    const int n = size();
    QVector<char> todo(n, 0);
    int remaining = 0;
    for (int r : revisions) {
        if (r >= 0 && !todo[r]) {
            todo[r] = 1;
            ++remaining;
        }
    }
    QVector<int> currentHeads;
    for (int h : heads) {
        if (h >= 0 && todo[h] && !currentHeads.contains(h))
            currentHeads.append(h);
    }
    std::sort(currentHeads.begin(), currentHeads.end());   // map order
    // Alembic keeps the ancestor set of every open head; asking "is the candidate an ancestor of that
    // head?" directly gives the same answers without rebuilding a set at every merge.
    QStringList output;
    int idx = 0;
    while (!currentHeads.isEmpty()) {
        const int candidate = currentHeads[idx];
        bool switched = false;
        for (int k = 0; k < currentHeads.size(); ++k) {
            if (k != idx && isAncestor(candidate, currentHeads[k])) {
                idx = k;   // another head depends on this one: it goes first
                switched = true;
                break;
            }
        }
        if (switched)
            continue;
        if (todo[candidate]) {
            output << m_revs.at(candidate).id;
            todo[candidate] = 0;
            --remaining;
        }
        const Revision &rev = m_revs.at(candidate);
        QVector<int> headsToAdd;
        for (int r : rev.normalizedDown) {
            if (todo[r] && !currentHeads.contains(r))
                headsToAdd.append(r);
        }
        if (headsToAdd.isEmpty()) {
            currentHeads.removeAt(idx);
            idx = std::max(idx - 1, 0);
        } else {
            currentHeads[idx] = headsToAdd.first();
            for (int k = 1; k < headsToAdd.size(); ++k)
                currentHeads.append(headsToAdd[k]);
        }
    }
    if (remaining != 0)
        throwRevisionError(QStringLiteral("Could not order the revisions (the graph is inconsistent)"));
    return output;
}

QVector<int> RevisionGraph::allCurrent(const QStringList &currentIds) const
{
    QVector<int> top = getRevisions(currentIds);
    QVector<char> inTop(size(), 0);
    for (int a : ancestors(top, true))
        inTop[a] = 1;
    for (int t : top)
        if (t >= 0) inTop[t] = 1;
    // A revision is a branch head of this set when none of its children (through down_revision) is in it.
    QVector<int> out;
    for (int i = 0; i < size(); ++i) {
        if (!inTop[i])
            continue;
        bool hasChild = false;
        for (int c : m_revs.at(i).next)
            hasChild |= bool(inTop[c]);
        if (!hasChild)
            out.append(i);
    }
    return out;
}

} // namespace retort
