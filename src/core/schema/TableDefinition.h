// A live table's CREATE TABLE text, for reading: the engine's own text where it keeps one (SQLite),
// else rebuilt from what introspection read (columns, keys, foreign keys, checks, indexes).
#pragma once

#include "connection/DatabaseUrl.h"
#include "schema/Schema.h"

namespace retort {

QString tableDefinitionSql(const Table &table, Dialect dialect);

} // namespace retort
