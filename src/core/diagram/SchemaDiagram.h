// The entity-relationship picture: tables as boxes with their columns and keys, foreign keys as
// arrows from the referring table to the referred one, for the models, the live database, or both
// with the differences marked as the Schema tab marks them. Graphviz's dot (libgvc) lays it out; the
// window draws the result, and SVG and DOT are written here for retort-cli and the window's export.
#pragma once

#include "Result.h"
#include "compare/SchemaCompare.h"
#include "models/Model.h"
#include "schema/Schema.h"

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <functional>

namespace retort {

/// Where a table or column stands when the models and the database are drawn together.
enum class DiagramState {
    Same,           ///< in both, alike (or only one side is drawn)
    ModelsOnly,     ///< the models have it, the database does not (an upgrade would add it)
    DatabaseOnly,   ///< the database has it, the models do not
    Differs,        ///< in both, but its type, nullability or default differ
};

struct DiagramColumn
{
    QString name;
    QString type;
    bool primaryKey = false;
    bool foreignKey = false;
    bool nullable = true;
    DiagramState state = DiagramState::Same;
};

struct DiagramTable
{
    QString name;
    QList<DiagramColumn> columns;
    DiagramState state = DiagramState::Same;
    QRectF box;                      ///< after layout: where the box is, y downwards
};

struct DiagramEdge
{
    int from = -1;                   ///< the referring table (index into tables)
    int to = -1;                     ///< the referred table
    QStringList columns;             ///< of from
    QStringList refColumns;          ///< of to
    QString name;                    ///< the constraint's name (may be empty)
    DiagramState state = DiagramState::Same;
    QList<QPointF> path;             ///< after layout: a cubic Bézier (start, then three points a segment)
    QPointF tip;                     ///< after layout: where the arrow head points
};

struct Diagram
{
    QList<DiagramTable> tables;      ///< sorted by name
    QList<DiagramEdge> edges;
    QSizeF size;                     ///< after layout

    int indexOf(const QString &table) const;
};

/// The live tables (without the tables in ignored, such as the version table).
Diagram diagramOfSchema(const Schema &schema, const QStringList &ignored = {});
/// The models' tables (the default database's).
Diagram diagramOfModels(const ModelSet &models);
/// Both: every table of either side, the differences marked.
Diagram diagramOfComparison(const ModelSet &models, const Schema &live, const QList<SchemaDifference> &differences,
                            const QStringList &ignored = {});

/// Sizes of text in the boxes: the window measures with its font, retort-cli estimates.
struct DiagramMetrics
{
    std::function<double(const QString &text, bool bold)> textWidth;   ///< empty: 7 points a character
    double headerHeight = 26;
    double rowHeight = 18;
    double padding = 8;
    double iconWidth = 18;           ///< room for the key marks left of a column
};

/// Lays the diagram out with Graphviz's dot (boxes sized by metrics). An error when Graphviz cannot.
Status layoutDiagram(Diagram &diagram, const DiagramMetrics &metrics = {});

/// DOT text with HTML-like labels, for Graphviz users (no layout needed).
QString diagramDot(const Diagram &diagram);
/// A standalone SVG of a laid-out diagram.
QByteArray diagramSvg(const Diagram &diagram, const DiagramMetrics &metrics = {});

} // namespace retort
