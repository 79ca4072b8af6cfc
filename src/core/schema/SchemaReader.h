// Reads tables and columns from a live database with one catalog query per schema, never one per table.
#pragma once

#include "connection/Connection.h"
#include "schema/Schema.h"

namespace retort {

/// Reads the default schema of the connection (SQLite "main", PostgreSQL current_schema(),
/// the MySQL database of the URL). Views are not included.
Result<Schema> readLiveSchema(const Connection &connection);

} // namespace retort
