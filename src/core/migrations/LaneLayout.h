// Where each revision and each edge of the history graph is drawn: a pure function from the revision
// graph to rows (newest first) and lanes (columns), computed in one sweep in O(rows × lanes). A view
// only paints it. Each row is split at its node: the upper half runs from the row's top edge to the
// node, the lower half from the node to the bottom edge, so consecutive rows join exactly (the lanes
// at the bottom of a row are the lanes at the top of the next). depends_on edges are drawn dashed.
#pragma once

#include "migrations/RevisionGraph.h"

#include <QVector>

namespace retort {

struct LaneEdge
{
    int from = 0;            ///< lane at the top of the half-row
    int to = 0;              ///< lane at the bottom of the half-row
    bool dependency = false; ///< a depends_on edge (dashed)

    bool operator==(const LaneEdge &o) const { return from == o.from && to == o.to && dependency == o.dependency; }
};

struct LaneRow
{
    int revision = -1;       ///< graph index
    int lane = 0;            ///< the node's lane
    QVector<LaneEdge> upper; ///< top edge → node (the node's children) and lanes passing by
    QVector<LaneEdge> lower; ///< node → bottom edge (its parents) and lanes passing by
    int width = 1;           ///< lanes this row uses: every lane index in it is below width
};

struct LaneLayout
{
    QVector<LaneRow> rows;   ///< newest first: every revision comes before its parents
    QVector<int> rowOf;      ///< graph index → row
    int width = 0;           ///< the widest row
};

/// Lays out the whole graph. Never fails: a cycle in a broken graph is broken at its oldest file.
LaneLayout layoutLanes(const RevisionGraph &graph);

} // namespace retort
