// Reads a live schema with a constant number of catalog queries per schema, never one per table:
// tables and views, columns, constraints, indexes, comments and (PostgreSQL) enum types.
#pragma once

#include "connection/Connection.h"
#include "ops/Operation.h"
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

/// Tables and columns only (one query): what the window's table list shows.
Result<Schema> readLiveSchema(const Connection &connection);

/// A reported column type in SQLAlchemy's reflected vocabulary: "character varying(50)" (PostgreSQL)
/// and "varchar(50)" (MySQL) are VARCHAR length 50, "tinyint(1)" is TINYINT length 1, "timestamp
/// with time zone" is TIMESTAMP with timezone. enums are the PostgreSQL enum types of the schema.
SqlType reflectedType(Dialect dialect, const QString &reported, const QList<EnumType> &enums = {});

} // namespace retort
