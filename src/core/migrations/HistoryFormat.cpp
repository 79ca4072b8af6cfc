// Formats follow alembic/script/base.py (Script._head_only, log_entry) and command.py (branches).
#include "migrations/HistoryFormat.h"

#include <QJsonArray>

namespace retort {

namespace {

QString comma(const QStringList &list)
{
    return list.join(QStringLiteral(", "));
}

QString downText(const RevisionGraph &graph, int i)
{
    const RevisionGraph::Revision &r = graph.at(i);
    return r.down.isEmpty() ? QStringLiteral("<base>") : comma(graph.ids(r.down));
}

QString dotQuote(QString s)
{
    s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    s.replace(QLatin1Char('"'), QLatin1String("\\\""));
    s.replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

} // namespace

QString formatRevisionLine(const RevisionGraph &graph, int i, const HeadOnlyFormat &f, bool current)
{
    const RevisionGraph::Revision &r = graph.at(i);
    const RevisionScript &script = graph.scriptOf(i);
    QString text = r.id;
    if (f.includeParents) {
        if (!script.dependsOn.isEmpty())
            text = QStringLiteral("%1 (%2) -> %3").arg(downText(graph, i), comma(script.dependsOn), text);
        else
            text = QStringLiteral("%1 -> %2").arg(downText(graph, i), text);
    }
    if (f.includeBranches && !r.labels.isEmpty())
        text += QStringLiteral(" (%1)").arg(comma(r.labels));
    if (f.headIndicators || f.treeIndicators) {
        if (graph.isRealHead(i)) text += QStringLiteral(" (head)");
        if (graph.isHead(i) && !graph.isRealHead(i)) text += QStringLiteral(" (effective head)");
        if (current) text += QStringLiteral(" (current)");
    }
    if (f.treeIndicators) {
        if (graph.isBranchPoint(i)) text += QStringLiteral(" (branchpoint)");
        if (graph.isMergePoint(i)) text += QStringLiteral(" (mergepoint)");
    }
    if (f.includeDoc)
        text += QStringLiteral(", ") + script.doc;
    return text;
}

QString formatLogEntry(const RevisionGraph &graph, int i, bool current)
{
    const RevisionGraph::Revision &r = graph.at(i);
    const RevisionScript &script = graph.scriptOf(i);
    QString entry = QStringLiteral("Rev: %1%2%3%4%5\n")
                        .arg(r.id, graph.isHead(i) ? QStringLiteral(" (head)") : QString(),
                             graph.isBranchPoint(i) ? QStringLiteral(" (branchpoint)") : QString(),
                             graph.isMergePoint(i) ? QStringLiteral(" (mergepoint)") : QString(),
                             current ? QStringLiteral(" (current)") : QString());
    entry += graph.isMergePoint(i) ? QStringLiteral("Merges: %1\n").arg(downText(graph, i))
                                   : QStringLiteral("Parent: %1\n").arg(downText(graph, i));
    if (!script.dependsOn.isEmpty())
        entry += QStringLiteral("Also depends on: %1\n").arg(comma(script.dependsOn));
    if (graph.isBranchPoint(i))
        entry += QStringLiteral("Branches into: %1\n").arg(comma(graph.ids(r.next)));
    if (!r.labels.isEmpty())
        entry += QStringLiteral("Branch names: %1\n").arg(comma(r.labels));
    entry += QStringLiteral("Path: %1\n").arg(script.path);
    QStringList doc;
    if (!script.longDoc.isEmpty()) {
        for (const QString &line : script.longDoc.split(QLatin1Char('\n')))
            doc << QStringLiteral("    ") + line;
    }
    entry += QStringLiteral("\n%1\n").arg(doc.join(QLatin1Char('\n')));
    return entry;
}

QString formatBranchPoint(const RevisionGraph &graph, int i, bool verbose)
{
    HeadOnlyFormat own;
    own.includeBranches = true;
    QString text = verbose ? formatLogEntry(graph, i) : formatRevisionLine(graph, i, own);
    QStringList children;
    const QString indent(graph.at(i).id.size(), QLatin1Char(' '));
    HeadOnlyFormat child;
    child.includeBranches = true;
    child.includeDoc = verbose;
    for (int c : graph.at(i).next)
        children << QStringLiteral("%1 -> %2").arg(indent, formatRevisionLine(graph, c, child));
    return text + QLatin1Char('\n') + children.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString historyOutput(const RevisionGraph &graph, const QVector<int> &revisions, bool verbose, const QSet<QString> &current,
                      bool indicateCurrent)
{
    HeadOnlyFormat format;
    format.includeBranches = format.includeDoc = format.includeParents = true;
    QString out;
    for (int r : revisions) {
        const bool isCurrent = indicateCurrent && current.contains(graph.at(r).id);
        out += (verbose ? formatLogEntry(graph, r, isCurrent) : formatRevisionLine(graph, r, format, isCurrent)) + QLatin1Char('\n');
    }
    return out;
}

QString headsOutput(const RevisionGraph &graph, bool verbose, bool resolveDependencies)
{
    HeadOnlyFormat format;
    format.includeBranches = true;
    format.treeIndicators = false;
    QString out;
    for (int r : resolveDependencies ? graph.realHeads() : graph.heads())
        out += (verbose ? formatLogEntry(graph, r) : formatRevisionLine(graph, r, format)) + QLatin1Char('\n');
    return out;
}

QString branchesOutput(const RevisionGraph &graph, const QVector<int> &historyOrder, bool verbose)
{
    QString out;
    for (int r : historyOrder) {
        if (graph.isBranchPoint(r))
            out += formatBranchPoint(graph, r, verbose) + QLatin1Char('\n');
    }
    return out;
}

QJsonObject historyToJson(const Project &project, const ProjectHistory &history,
                          const QVector<std::optional<NeedsPython>> *needsPython)
{
    const RevisionGraph &g = history.graph;
    QVector<int> order(g.size());
    for (int i = 0; i < g.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&g](int a, int b) { return g.at(a).id < g.at(b).id; });
    QJsonArray revisions;
    for (int i : order) {
        const RevisionScript &s = g.scriptOf(i);
        QStringList deps = s.dependsOn;
        deps.sort();
        QJsonObject revision{
            {QStringLiteral("revision"), g.at(i).id},
            {QStringLiteral("down_revisions"), QJsonArray::fromStringList(s.downRevisions)},
            {QStringLiteral("branch_labels"), QJsonArray::fromStringList(g.at(i).labels)},
            {QStringLiteral("depends_on"), QJsonArray::fromStringList(deps)},
            {QStringLiteral("message"), s.doc},
            {QStringLiteral("path"), project.relativePath(s.path)},
        };
        if (needsPython) {
            const std::optional<NeedsPython> &n = needsPython->value(i);
            revision.insert(QStringLiteral("needs_python"),
                            n ? QJsonValue(QJsonObject{{QStringLiteral("line"), n->line}, {QStringLiteral("reason"), n->reason},
                                                       {QStringLiteral("fails_in_alembic"), n->failsInAlembic}})
                              : QJsonValue());
        }
        revisions.append(revision);
    }
    QStringList heads = g.ids(g.heads());
    QStringList bases = g.ids(g.bases());
    heads.sort();
    bases.sort();
    QJsonArray problems;
    for (const Problem &p : history.problems) {
        problems.append(QJsonObject{
            {QStringLiteral("severity"), Problem::severityName(p.severity)},
            {QStringLiteral("path"), p.path.isEmpty() ? QJsonValue() : QJsonValue(project.relativePath(p.path))},
            {QStringLiteral("line"), p.line > 0 ? QJsonValue(p.line) : QJsonValue()},
            {QStringLiteral("message"), p.message},
        });
    }
    return QJsonObject{{QStringLiteral("revisions"), revisions},
                       {QStringLiteral("heads"), QJsonArray::fromStringList(heads)},
                       {QStringLiteral("bases"), QJsonArray::fromStringList(bases)},
                       {QStringLiteral("problems"), problems}};
}

QString historyToDot(const ProjectHistory &history)
{
    const RevisionGraph &g = history.graph;
    QStringList lines{QStringLiteral("digraph alembic {"), QStringLiteral("    rankdir=BT;"),
                      QStringLiteral("    node [shape=box, fontname=\"monospace\"];")};
    for (int i = 0; i < g.size(); ++i) {
        QString label = g.at(i).id;
        if (!g.at(i).labels.isEmpty())
            label += QStringLiteral(" (%1)").arg(comma(g.at(i).labels));
        label += QLatin1Char('\n') + g.scriptOf(i).doc;
        QString attributes = QStringLiteral("label=%1").arg(dotQuote(label));
        if (g.isHead(i))
            attributes += QStringLiteral(", style=bold");
        lines << QStringLiteral("    %1 [%2];").arg(dotQuote(g.at(i).id), attributes);
    }
    for (int i = 0; i < g.size(); ++i) {
        for (int d : g.at(i).down)
            lines << QStringLiteral("    %1 -> %2;").arg(dotQuote(g.at(i).id), dotQuote(g.at(d).id));
        for (int d : g.at(i).resolvedDeps)
            lines << QStringLiteral("    %1 -> %2 [style=dashed];").arg(dotQuote(g.at(i).id), dotQuote(g.at(d).id));
    }
    lines << QStringLiteral("}");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace retort
