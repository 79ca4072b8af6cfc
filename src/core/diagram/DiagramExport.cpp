// The diagram written out: DOT with HTML-like labels (no layout needed) and a standalone SVG of the
// laid-out picture, every name from the project escaped.
#include "diagram/SchemaDiagram.h"

#include <QLineF>
#include <QtMath>

namespace retort {

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
