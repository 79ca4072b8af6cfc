// Alembic's version table: one row per current head revision.
#pragma once

#include "connection/Connection.h"

#include <QStringList>

namespace retort {

struct VersionTableState
{
    bool exists = false;    ///< the table is there (an absent table means "base", as in Alembic)
    QStringList revisions;  ///< its rows, sorted
};

/// Reads the version table ("alembic_version" unless env.py names another).
Result<VersionTableState> readVersionTable(const Connection &connection,
                                           const QString &table = QStringLiteral("alembic_version"));

} // namespace retort
