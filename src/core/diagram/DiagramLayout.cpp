// The diagram laid out by Graphviz (libgvc): boxes sized for their text, dot for small schemas and
// neato without overlaps for large ones, positions and edge curves read back into the Diagram.
#include "diagram/SchemaDiagram.h"

#include <QMutex>

#include <graphviz/gvc.h>

#include <algorithm>

namespace retort {

namespace {

double textWidth(const DiagramMetrics &m, const QString &text, bool bold)
{
    return m.textWidth ? m.textWidth(text, bold) : text.size() * (bold ? 7.6 : 7.0);
}

QSizeF boxSize(const DiagramTable &t, const DiagramMetrics &m)
{
    double width = textWidth(m, t.name, true) + 2 * m.padding;
    for (const DiagramColumn &c : t.columns)
        width = std::max(width, m.iconWidth + textWidth(m, c.name, false) + 16 + textWidth(m, c.type, false) + 2 * m.padding);
    return {std::max(width, 90.0), m.headerHeight + std::max<qsizetype>(1, t.columns.size()) * m.rowHeight + m.padding / 2};
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'f', 4);
}

// Graphviz keeps global state: one layout at a time.
QMutex &graphvizLock()
{
    static QMutex lock;
    return lock;
}

} // namespace

Status layoutDiagram(Diagram &diagram, const DiagramMetrics &metrics)
{
    QMutexLocker locked(&graphvizLock());
    GVC_t *gvc = gvContext();
    if (!gvc)
        return makeError(QStringLiteral("Graphviz could not start"));
    char name[] = "er";
    Agraph_t *g = agopen(name, Agdirected, nullptr);
    const auto set = [](void *object, const char *key, const QByteArray &value) {
        agsafeset(object, const_cast<char *>(key), const_cast<char *>(value.constData()), const_cast<char *>(""));
    };
    // dot's ranks read best for small schemas; a large one would make each rank a line of hundreds of
    // boxes, so it is spread by neato (stress majorization) with overlaps removed instead.
    const bool large = diagram.tables.size() > 40;
    const char *engine = large ? "neato" : "dot";
    if (large) {
        set(g, "overlap", "prism");
        set(g, "sep", "+14");
        // Edges routed around the boxes: most of the time of a large layout (4.7 s for 200 tables), so past
        // 250 tables they are drawn as curves under the boxes instead (0.2 s for 200).
        set(g, "splines", diagram.tables.size() > 250 ? "curved" : "true");
        set(g, "mode", "major");
        set(g, "len", "2.2");
    } else {
        set(g, "rankdir", "RL");
        set(g, "nodesep", "0.35");
        set(g, "ranksep", "0.9");
        set(g, "splines", "true");
    }
    std::vector<Agnode_t *> nodes;
    for (int i = 0; i < diagram.tables.size(); ++i) {
        // Nodes are named by position: no text from the project reaches Graphviz.
        QByteArray id = "t" + QByteArray::number(i);
        Agnode_t *n = agnode(g, id.data(), 1);
        const QSizeF size = boxSize(diagram.tables.at(i), metrics);
        set(n, "shape", "box");
        set(n, "fixedsize", "true");
        set(n, "label", "");
        set(n, "width", number(size.width() / 72.0));
        set(n, "height", number(size.height() / 72.0));
        nodes.push_back(n);
    }
    std::vector<Agedge_t *> edges;
    for (int i = 0; i < diagram.edges.size(); ++i) {
        const DiagramEdge &e = diagram.edges.at(i);
        QByteArray id = "e" + QByteArray::number(i);
        Agedge_t *edge = agedge(g, nodes.at(e.from), nodes.at(e.to), id.data(), 1);
        set(edge, "arrowhead", "normal");
        set(edge, "arrowsize", "0.8");
        edges.push_back(edge);
    }
    if (gvLayout(gvc, g, engine) != 0) {
        agclose(g);
        gvFreeContext(gvc);
        return makeError(QStringLiteral("Graphviz could not lay out the diagram (is the dot layout plugin installed? libgvc6)"));
    }
    const boxf bb = GD_bb(g);
    const double margin = 12;
    const auto place = [&](pointf p) { return QPointF(p.x - bb.LL.x + margin, bb.UR.y - p.y + margin); };
    diagram.size = QSizeF(bb.UR.x - bb.LL.x + 2 * margin, bb.UR.y - bb.LL.y + 2 * margin);
    for (int i = 0; i < diagram.tables.size(); ++i) {
        Agnode_t *n = nodes.at(i);
        const QPointF centre = place(ND_coord(n));
        const double w = ND_width(n) * 72.0, h = ND_height(n) * 72.0;
        diagram.tables[i].box = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h);
    }
    for (int i = 0; i < diagram.edges.size(); ++i) {
        DiagramEdge &e = diagram.edges[i];
        e.path.clear();
        const splines *spl = ED_spl(edges.at(i));
        if (!spl || spl->size < 1)
            continue;
        const bezier &b = spl->list[0];
        for (int k = 0; k < b.size; ++k)
            e.path << place(b.list[k]);
        e.tip = b.eflag ? place(b.ep) : (e.path.isEmpty() ? QPointF() : e.path.last());
    }
    gvFreeLayout(gvc, g);
    agclose(g);
    gvFreeContext(gvc);
    return Status();
}


} // namespace retort
