// The sweep: rows in a child-before-parent order that keeps a branch's revisions together (a revision's
// first down_revision comes right after it when nothing else must come first), then one pass that
// keeps, per lane, the revision the lane is heading for.
#include "migrations/LaneLayout.h"

#include <algorithm>

namespace retort {

namespace {

struct Parent
{
    int revision;
    bool dependency;
};

// down_revision first (in the order written), then the depends_on not already among them.
QVector<Parent> parentsOf(const RevisionGraph &graph, int i)
{
    const RevisionGraph::Revision &r = graph.at(i);
    QVector<Parent> out;
    for (const int p : r.down) {
        if (p >= 0 && std::none_of(out.cbegin(), out.cend(), [p](const Parent &x) { return x.revision == p; }))
            out.push_back({p, false});
    }
    for (const int p : r.resolvedDeps) {
        if (p >= 0 && std::none_of(out.cbegin(), out.cend(), [p](const Parent &x) { return x.revision == p; }))
            out.push_back({p, true});
    }
    return out;
}

QVector<int> rowOrder(const RevisionGraph &graph, const QVector<QVector<Parent>> &parents)
{
    const int n = graph.size();
    QVector<int> pendingChildren(n, 0);
    for (int i = 0; i < n; ++i) {
        for (const Parent &p : parents.at(i))
            ++pendingChildren[p.revision];
    }
    std::vector<int> stack;
    for (int i = 0; i < n; ++i) {
        if (pendingChildren.at(i) == 0)
            stack.push_back(i);   // the last file read is drawn first
    }
    std::vector<char> emitted(size_t(n), 0);
    QVector<int> order;
    order.reserve(n);
    int nextUnemitted = 0;
    while (order.size() < n) {
        if (stack.empty()) {
            // Only a cycle is left: break it at its first revision in file order.
            while (emitted[size_t(nextUnemitted)])
                ++nextUnemitted;
            stack.push_back(nextUnemitted);
        }
        const int node = stack.back();
        stack.pop_back();
        if (emitted[size_t(node)])
            continue;
        emitted[size_t(node)] = 1;
        order.push_back(node);
        const QVector<Parent> &ps = parents.at(node);
        for (auto it = ps.crbegin(); it != ps.crend(); ++it) {
            if (--pendingChildren[it->revision] == 0 && !emitted[size_t(it->revision)])
                stack.push_back(it->revision);
        }
    }
    return order;
}

struct Lane
{
    int target = -1;         ///< the revision this lane leads to, -1 when free
    bool dependency = false;
};

int freeLane(std::vector<Lane> &lanes)
{
    for (size_t l = 0; l < lanes.size(); ++l) {
        if (lanes[l].target < 0)
            return int(l);
    }
    lanes.push_back({});
    return int(lanes.size()) - 1;
}

} // namespace

LaneLayout layoutLanes(const RevisionGraph &graph)
{
    const int n = graph.size();
    QVector<QVector<Parent>> parents(n);
    for (int i = 0; i < n; ++i)
        parents[i] = parentsOf(graph, i);

    LaneLayout layout;
    layout.rowOf = QVector<int>(n, -1);
    layout.rows.reserve(n);
    std::vector<Lane> lanes;
    for (const int node : rowOrder(graph, parents)) {
        LaneRow row;
        row.revision = node;
        layout.rowOf[node] = int(layout.rows.size());

        // Upper half: lanes heading here end at the node; the others pass by.
        int lane = -1;
        for (size_t l = 0; l < lanes.size(); ++l) {
            if (lanes[l].target == node && lane < 0)
                lane = int(l);
        }
        if (lane < 0)
            lane = freeLane(lanes);   // a head: a new lane starts here
        row.lane = lane;
        QVector<int> passing;
        for (size_t l = 0; l < lanes.size(); ++l) {
            if (lanes[l].target < 0)
                continue;
            if (lanes[l].target == node) {
                row.upper.push_back({int(l), lane, lanes[l].dependency});
                lanes[l] = {};
            } else {
                row.upper.push_back({int(l), int(l), lanes[l].dependency});
                passing.push_back(int(l));
            }
        }

        // Lower half: the lanes passing by, and one edge to each parent. A parent some lane already
        // leads to (a branch point seen from its other child) is joined; the first parent continues
        // in the node's own lane; others open a free lane.
        for (const int l : std::as_const(passing))
            row.lower.push_back({l, l, lanes[size_t(l)].dependency});
        for (int k = 0; k < parents.at(node).size(); ++k) {
            const Parent &p = parents.at(node).at(k);
            int target = -1;
            for (size_t l = 0; l < lanes.size(); ++l) {
                if (lanes[l].target == p.revision)
                    target = int(l);
            }
            if (target < 0) {
                target = k == 0 && lanes[size_t(lane)].target < 0 ? lane : freeLane(lanes);
                lanes[size_t(target)] = {p.revision, p.dependency};
            } else {
                lanes[size_t(target)].dependency = lanes[size_t(target)].dependency && p.dependency;   // solid wins
            }
            row.lower.push_back({lane, target, p.dependency});
        }
        while (!lanes.empty() && lanes.back().target < 0)
            lanes.pop_back();

        int width = lane + 1;
        for (const LaneEdge &e : std::as_const(row.upper))
            width = std::max({width, e.from + 1, e.to + 1});
        for (const LaneEdge &e : std::as_const(row.lower))
            width = std::max({width, e.from + 1, e.to + 1});
        row.width = width;
        layout.width = std::max(layout.width, width);
        layout.rows.push_back(std::move(row));
    }
    return layout;
}

} // namespace retort
