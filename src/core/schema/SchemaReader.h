// Reads a live schema with a constant number of catalog queries per schema, never one per table:
// tables and views, columns, constraints, indexes, comments and (PostgreSQL) enum types.
#pragma once

#include "connection/Connection.h"
#include "schema/Schema.h"

#include <functional>

namespace retort {

struct IntrospectionOptions
{
    QString schema;          ///< empty: the connection's default (SQLite "main", current_schema(), the URL's database)
    /// Called before each catalog query: done of total steps, and what is being read.
    std::function<void(int done, int total, const QString &what)> progress;
    /// Asked between queries and every few thousand rows; true stops the reading.
    std::function<bool()> cancelled;
};

/// Everything Retort reads about the schema's tables. Fails with the query and the driver's error,
/// or with "cancelled" when options.cancelled said so.
Result<Schema> introspectSchema(const Connection &connection, const IntrospectionOptions &options = {});

} // namespace retort
