// The diagram's content from each source, laid out by Graphviz, written as DOT and SVG.
#include "diagram/SchemaDiagram.h"

#include "sql/TypeText.h"

#include <QHash>
#include <QLineF>
#include <QtMath>
#include <QMutex>
#include <QSet>

#include <graphviz/gvc.h>

#include <algorithm>

namespace retort {

int Diagram::indexOf(const QString &table) const
{
    for (int i = 0; i < tables.size(); ++i) {
        if (tables.at(i).name == table)
            return i;
    }
    return -1;
}

namespace {

void sortTables(Diagram &d)
{
    std::sort(d.tables.begin(), d.tables.end(), [](const DiagramTable &a, const DiagramTable &b) { return a.name < b.name; });
}

/// Adds an edge when both tables are drawn (a key to a table outside the picture is left out).
void addEdge(Diagram &d, const QString &from, const QString &to, const QStringList &columns, const QStringList &refColumns,
             const QString &name, DiagramState state)
{
    const int a = d.indexOf(from), b = d.indexOf(to.section(QLatin1Char('.'), -1));
    if (a < 0 || b < 0)
        return;
    for (const DiagramEdge &e : std::as_const(d.edges)) {
        if (e.from == a && e.to == b && e.columns == columns)
            return;
    }
    d.edges.append({a, b, columns, refColumns, name, state, {}, {}});
}

DiagramTable tableOfModel(const ModelTable &t)
{
    DiagramTable out;
    out.name = t.name;
    QSet<QString> keyed;
    for (const ModelConstraint &k : t.constraints) {
        if (k.constraint.kind == ConstraintDef::Kind::ForeignKey)
            keyed.unite(QSet<QString>(k.constraint.columns.cbegin(), k.constraint.columns.cend()));
    }
    for (const ModelColumn &c : t.columns) {
        DiagramColumn col;
        col.name = c.column.name;
        col.type = c.typeKnown ? sqlTypeText(c.column.type, TypeTextStyle::Repr) : QStringLiteral("?");
        col.primaryKey = c.column.primaryKey;
        col.foreignKey = !c.column.foreignKeys.isEmpty() || keyed.contains(c.column.name);
        col.nullable = c.column.isNullable();
        out.columns << col;
    }
    for (const ModelConstraint &k : t.constraints) {
        if (k.constraint.kind != ConstraintDef::Kind::PrimaryKey)
            continue;
        for (DiagramColumn &col : out.columns) {
            if (k.constraint.columns.contains(col.name))
                col.primaryKey = true;
        }
    }
    return out;
}

void modelEdges(Diagram &d, const ModelTable &t, DiagramState state)
{
    for (const ModelColumn &c : t.columns) {
        for (const ForeignKeyRef &fk : c.column.foreignKeys) {
            const QStringList parts = fk.target.split(QLatin1Char('.'));
            if (parts.size() >= 2)
                addEdge(d, t.name, parts.at(parts.size() - 2), {c.column.name}, {parts.last()}, fk.name, state);
        }
    }
    for (const ModelConstraint &k : t.constraints) {
        if (k.constraint.kind == ConstraintDef::Kind::ForeignKey)
            addEdge(d, t.name, k.constraint.refTable, k.constraint.columns, k.constraint.refColumns, k.constraint.name, state);
    }
}

DiagramTable tableOfSchema(const Table &t)
{
    DiagramTable out;
    out.name = t.name;
    QSet<QString> keyed;
    for (const ForeignKey &fk : t.foreignKeys)
        keyed.unite(QSet<QString>(fk.columns.cbegin(), fk.columns.cend()));
    for (const Column &c : t.columns)
        out.columns.append({c.name, c.type, c.primaryKey || t.primaryKeyColumns.contains(c.name), keyed.contains(c.name), c.nullable,
                            DiagramState::Same});
    return out;
}

void schemaEdges(Diagram &d, const Table &t, DiagramState state)
{
    for (const ForeignKey &fk : t.foreignKeys)
        addEdge(d, t.name, fk.referredTable, fk.columns, fk.referredColumns, fk.name, state);
}

} // namespace

Diagram diagramOfSchema(const Schema &schema, const QStringList &ignored)
{
    Diagram d;
    for (const Table &t : schema.tables) {
        if (!ignored.contains(t.name))
            d.tables << tableOfSchema(t);
    }
    sortTables(d);
    for (const Table &t : schema.tables)
        schemaEdges(d, t, DiagramState::Same);
    return d;
}

Diagram diagramOfModels(const ModelSet &models)
{
    Diagram d;
    for (const ModelTable &t : models.tables) {
        if (t.bindKey.isEmpty() && d.indexOf(t.name) < 0)
            d.tables << tableOfModel(t);
    }
    sortTables(d);
    for (const ModelTable &t : models.tables) {
        if (t.bindKey.isEmpty())
            modelEdges(d, t, DiagramState::Same);
    }
    return d;
}

Diagram diagramOfComparison(const ModelSet &models, const Schema &live, const QList<SchemaDifference> &differences,
                            const QStringList &ignored)
{
    using DK = SchemaDifference::Kind;
    // The database's tables as they are, then what the models add, each difference marked.
    Diagram d = diagramOfSchema(live, ignored);
    for (const ModelTable &t : models.tables) {
        if (t.bindKey.isEmpty() && d.indexOf(t.name) < 0) {
            DiagramTable added = tableOfModel(t);
            added.state = DiagramState::ModelsOnly;
            for (DiagramColumn &c : added.columns)
                c.state = DiagramState::ModelsOnly;
            d.tables << added;
        }
    }
    sortTables(d);
    d.edges.clear();
    for (const Table &t : live.tables)
        schemaEdges(d, t, DiagramState::Same);
    for (const SchemaDifference &diff : differences) {
        const int ti = d.indexOf(diff.table);
        if (ti < 0)
            continue;
        DiagramTable &table = d.tables[ti];
        const auto column = [&](const QString &name) -> DiagramColumn * {
            for (DiagramColumn &c : table.columns) {
                if (c.name == name)
                    return &c;
            }
            return nullptr;
        };
        switch (diff.kind) {
        case DK::RemoveTable:
            table.state = DiagramState::DatabaseOnly;
            for (DiagramColumn &c : table.columns)
                c.state = DiagramState::DatabaseOnly;
            break;
        case DK::AddColumn:
            if (diff.modelColumn && !column(diff.column)) {
                DiagramColumn c{diff.modelColumn->column.name, sqlTypeText(diff.modelColumn->column.type, TypeTextStyle::Repr),
                                diff.modelColumn->column.primaryKey, !diff.modelColumn->column.foreignKeys.isEmpty(),
                                diff.modelColumn->column.isNullable(), DiagramState::ModelsOnly};
                table.columns << c;
            }
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        case DK::RemoveColumn:
            if (DiagramColumn *c = column(diff.column))
                c->state = DiagramState::DatabaseOnly;
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        case DK::ModifyNullable:
        case DK::ModifyType:
        case DK::ModifyDefault:
        case DK::ModifyComment:
            if (DiagramColumn *c = column(diff.renamedFrom.isEmpty() ? diff.column : diff.renamedFrom); c && c->state == DiagramState::Same)
                c->state = DiagramState::Differs;
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        case DK::AddForeignKey:
        case DK::RemoveForeignKey:
        case DK::AddUnique:
        case DK::RemoveUnique:
        case DK::AddIndex:
        case DK::RemoveIndex:
        case DK::AddCheck:
        case DK::RemoveCheck:
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        default:
            break;
        }
        if (diff.kind == DK::RemoveForeignKey && diff.liveForeignKey) {
            for (DiagramEdge &e : d.edges) {
                if (e.from == ti && e.columns == diff.liveForeignKey->columns)
                    e.state = DiagramState::DatabaseOnly;
            }
        }
        if (diff.kind == DK::AddForeignKey && diff.modelConstraint)
            addEdge(d, diff.table, diff.modelConstraint->constraint.refTable, diff.modelConstraint->constraint.columns,
                    diff.modelConstraint->constraint.refColumns, diff.modelConstraint->constraint.name, DiagramState::ModelsOnly);
    }
    // The keys of tables only the models have.
    for (const ModelTable &t : models.tables) {
        const int ti = d.indexOf(t.name);
        if (t.bindKey.isEmpty() && ti >= 0 && d.tables.at(ti).state == DiagramState::ModelsOnly)
            modelEdges(d, t, DiagramState::ModelsOnly);
    }
    return d;
}

// ---- layout -------------------------------------------------------------------------------------

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
        set(g, "splines", "true");   // routed around the boxes: most of the time of a large layout
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

// ---- DOT and SVG ----------------------------------------------------------------------------------

namespace {

QString xmlEscaped(const QString &text)
{
    QString out = text.toHtmlEscaped();
    out.replace(QLatin1Char('\''), QStringLiteral("&#39;"));
    return out;
}

const char *fillOf(DiagramState state)
{
    switch (state) {
    case DiagramState::ModelsOnly: return "#e3f4e6";
    case DiagramState::DatabaseOnly: return "#fbe4e4";
    case DiagramState::Differs: return "#fff2cc";
    case DiagramState::Same: break;
    }
    return "#ffffff";
}

const char *strokeOf(DiagramState state)
{
    switch (state) {
    case DiagramState::ModelsOnly: return "#1e7b34";
    case DiagramState::DatabaseOnly: return "#b42318";
    case DiagramState::Differs: return "#9a6700";
    case DiagramState::Same: break;
    }
    return "#4b5563";
}

/// Text inside a DOT quoted string: XML-escaped (no quote survives) and backslashes doubled (a
/// trailing one would otherwise escape the closing quote).
QString dotQuoted(const QString &text)
{
    return xmlEscaped(text).replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
}

QString stateWord(DiagramState state)
{
    switch (state) {
    case DiagramState::ModelsOnly: return QStringLiteral("models only");
    case DiagramState::DatabaseOnly: return QStringLiteral("database only");
    case DiagramState::Differs: return QStringLiteral("differs");
    case DiagramState::Same: break;
    }
    return QString();
}

} // namespace

QString diagramDot(const Diagram &diagram)
{
    QString out = QStringLiteral("digraph schema {\n  graph [rankdir=RL, nodesep=0.35, ranksep=0.9];\n"
                                 "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10];\n  edge [arrowsize=0.8];\n");
    for (int i = 0; i < diagram.tables.size(); ++i) {
        const DiagramTable &t = diagram.tables.at(i);
        out += QStringLiteral("  t%1 [tooltip=\"%2\", label=<<table border=\"1\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"3\" color=\"%3\">"
                              "<tr><td colspan=\"2\" bgcolor=\"%4\"><b>%5</b></td></tr>")
                   .arg(i).arg(dotQuoted(t.name), QLatin1String(strokeOf(t.state)), QLatin1String(fillOf(t.state)), xmlEscaped(t.name));
        for (const DiagramColumn &c : t.columns) {
            QString mark = c.primaryKey ? QStringLiteral("PK ") : QString();
            if (c.foreignKey)
                mark += QStringLiteral("FK ");
            out += QStringLiteral("<tr><td align=\"left\" bgcolor=\"%1\">%2%3</td><td align=\"left\" bgcolor=\"%1\">%4%5</td></tr>")
                       .arg(QLatin1String(fillOf(c.state)), mark, xmlEscaped(c.name), xmlEscaped(c.type),
                            c.nullable ? QString() : QStringLiteral(" NOT NULL"));
        }
        out += QStringLiteral("</table>>];\n");
    }
    for (const DiagramEdge &e : diagram.edges)
        out += QStringLiteral("  t%1 -> t%2 [color=\"%3\", tooltip=\"%4\"];\n")
                   .arg(e.from).arg(e.to).arg(QLatin1String(strokeOf(e.state)),
                        dotQuoted(QStringLiteral("%1 -> %2").arg(e.columns.join(QLatin1Char(',')), e.refColumns.join(QLatin1Char(',')))));
    out += QStringLiteral("}\n");
    return out;
}

QByteArray diagramSvg(const Diagram &diagram, const DiagramMetrics &m)
{
    QString out;
    out += QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                          "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
                          "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
               .arg(qCeil(diagram.size.width())).arg(qCeil(diagram.size.height()));
    for (const DiagramEdge &e : diagram.edges) {
        if (e.path.size() < 2)
            continue;
        QString d = QStringLiteral("M%1,%2").arg(e.path.first().x(), 0, 'f', 1).arg(e.path.first().y(), 0, 'f', 1);
        for (int k = 1; k + 2 < e.path.size(); k += 3)
            d += QStringLiteral(" C%1,%2 %3,%4 %5,%6")
                     .arg(e.path.at(k).x(), 0, 'f', 1).arg(e.path.at(k).y(), 0, 'f', 1)
                     .arg(e.path.at(k + 1).x(), 0, 'f', 1).arg(e.path.at(k + 1).y(), 0, 'f', 1)
                     .arg(e.path.at(k + 2).x(), 0, 'f', 1).arg(e.path.at(k + 2).y(), 0, 'f', 1);
        const QPointF end = e.path.last(), tip = e.tip;
        QLineF shaft(end, tip);
        if (shaft.length() < 1)
            shaft = QLineF(e.path.at(e.path.size() - 2), end);
        const QLineF normal = shaft.normalVector().unitVector();
        const QPointF side(normal.dx() * 4, normal.dy() * 4);
        out += QStringLiteral("<g class=\"fk\"><title>%1</title><path d=\"%2\" fill=\"none\" stroke=\"%3\" stroke-width=\"1.2\"/>"
                              "<polygon points=\"%4,%5 %6,%7 %8,%9\" fill=\"%3\"/></g>\n")
                   .arg(xmlEscaped(QStringLiteral("%1 -> %2").arg(e.columns.join(QLatin1Char(',')), e.refColumns.join(QLatin1Char(',')))), d,
                        QLatin1String(strokeOf(e.state)))
                   .arg(tip.x(), 0, 'f', 1).arg(tip.y(), 0, 'f', 1)
                   .arg(end.x() + side.x(), 0, 'f', 1).arg(end.y() + side.y(), 0, 'f', 1)
                   .arg(end.x() - side.x(), 0, 'f', 1).arg(end.y() - side.y(), 0, 'f', 1);
    }
    for (const DiagramTable &t : diagram.tables) {
        const QRectF b = t.box;
        out += QStringLiteral("<g class=\"table\" id=\"%1\"><title>%1%2</title>\n")
                   .arg(xmlEscaped(t.name), t.state == DiagramState::Same ? QString() : QStringLiteral(" (%1)").arg(stateWord(t.state)));
        out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" rx=\"3\" fill=\"#ffffff\" stroke=\"%5\"/>\n")
                   .arg(b.x(), 0, 'f', 1).arg(b.y(), 0, 'f', 1).arg(b.width(), 0, 'f', 1).arg(b.height(), 0, 'f', 1)
                   .arg(QLatin1String(strokeOf(t.state)));
        out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\" stroke=\"%6\"/>\n")
                   .arg(b.x(), 0, 'f', 1).arg(b.y(), 0, 'f', 1).arg(b.width(), 0, 'f', 1).arg(m.headerHeight, 0, 'f', 1)
                   .arg(QLatin1String(t.state == DiagramState::Same ? "#e8edf3" : fillOf(t.state)), QLatin1String(strokeOf(t.state)));
        out += QStringLiteral("<text x=\"%1\" y=\"%2\" font-weight=\"bold\">%3</text>\n")
                   .arg(b.x() + m.padding, 0, 'f', 1).arg(b.y() + m.headerHeight - 8, 0, 'f', 1).arg(xmlEscaped(t.name));
        for (int r = 0; r < t.columns.size(); ++r) {
            const DiagramColumn &c = t.columns.at(r);
            const double top = b.y() + m.headerHeight + r * m.rowHeight;
            if (c.state != DiagramState::Same)
                out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"/>\n")
                           .arg(b.x() + 1, 0, 'f', 1).arg(top, 0, 'f', 1).arg(b.width() - 2, 0, 'f', 1).arg(m.rowHeight, 0, 'f', 1)
                           .arg(QLatin1String(fillOf(c.state)));
            const QString mark = c.primaryKey ? QStringLiteral("PK") : c.foreignKey ? QStringLiteral("FK") : QString();
            if (!mark.isEmpty())
                out += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"8\" fill=\"#6b7280\">%3</text>")
                           .arg(b.x() + 4, 0, 'f', 1).arg(top + m.rowHeight - 5, 0, 'f', 1).arg(mark);
            out += QStringLiteral("<text x=\"%1\" y=\"%2\"%3>%4</text><text x=\"%5\" y=\"%2\" fill=\"#4b5563\" text-anchor=\"end\">%6</text>\n")
                       .arg(b.x() + m.padding + m.iconWidth, 0, 'f', 1).arg(top + m.rowHeight - 5, 0, 'f', 1)
                       .arg(c.nullable ? QString() : QStringLiteral(" font-weight=\"bold\""), xmlEscaped(c.name))
                       .arg(b.right() - m.padding, 0, 'f', 1).arg(xmlEscaped(c.type));
        }
        out += QStringLiteral("</g>\n");
    }
    out += QStringLiteral("</svg>\n");
    return out.toUtf8();
}

} // namespace retort
