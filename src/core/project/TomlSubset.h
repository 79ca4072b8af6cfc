// The part of TOML that a [tool.alembic] table uses: strings, booleans, integers and arrays of
// strings, under [table] headers. Anything else is reported with its line, never guessed.
#pragma once

#include "Result.h"

#include <QHash>
#include <QStringList>
#include <QVariant>

namespace retort {

struct TomlTable
{
    QHash<QString, QVariant> values;   ///< QString, bool, qint64 or QStringList
    QHash<QString, int> lines;         ///< 1-based line of each key
};

/// Reads the table named tableName ("tool.alembic") from TOML text; an absent table is empty.
Result<TomlTable> readTomlTable(const QString &text, const QString &tableName, const QString &fileName);

} // namespace retort
