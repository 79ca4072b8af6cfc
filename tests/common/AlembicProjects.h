// Writes Alembic projects for tests and benchmarks: a minimal alembic.ini and env.py (SQLite,
// URL from the ini) and one revision file per node of a generated revision graph.
#pragma once

#include <QRandomGenerator>
#include <QStringList>

#include <vector>

namespace retort::test {

struct GeneratedRevision
{
    QString id;
    QStringList down;        ///< empty for a base
    QStringList labels;
    QStringList dependsOn;
    QString message;
};

/// A random history: linear runs, branches, merges of two and three heads, several bases, branch
/// labels and cross-branch depends_on, as seeded.
std::vector<GeneratedRevision> generateHistory(quint32 seed, int size, bool withDependencies = true);

/// A history shaped like a long-lived project: mostly linear, with feature branches that fork from a
/// recent revision and are merged back a few revisions later, a few branch labels and dependencies.
std::vector<GeneratedRevision> generateRealisticHistory(quint32 seed, int size);

/// Writes project files (alembic.ini, alembic/env.py, alembic/versions/*.py) into dir.
bool writeAlembicProject(const QString &dir, const std::vector<GeneratedRevision> &revisions);

} // namespace retort::test
