// How each engine's catalog spells what a revision wrote (SchemaApplier's output reads like the
// engine's own inspector).
#pragma once

#include "connection/DatabaseUrl.h"
#include "schema/Schema.h"

#include <QString>

namespace retort {

/// A type written as DDL ("VARCHAR(50)", "TIMESTAMP WITHOUT TIME ZONE") as the dialect's catalog
/// reports it ("character varying(50)", "timestamp without time zone"; MySQL: "varchar(50)", "int(11)"
/// on MariaDB). SQLite reports what was declared.
QString catalogTypeName(Dialect dialect, const QString &ddlType, bool mariadb = false);

/// A condition with the bare names of the table's columns in backquotes, outside quoted text and
/// function names, as MariaDB keeps a CHECK.
QString backquoteColumns(const QString &sql, const Table &table);

} // namespace retort
