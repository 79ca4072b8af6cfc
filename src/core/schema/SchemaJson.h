// JSON form of a live schema, shared by `retort-cli tables --json` and exports.
#pragma once

#include "connection/DatabaseUrl.h"
#include "schema/Schema.h"

#include <QJsonObject>

namespace retort {

/// {"name": schema, "tables": [{"name", "columns": [{"name","type","nullable","default","primary_key"}]}]}
QJsonObject schemaToJson(const Schema &schema);

/// Everything introspectSchema read, in the shapes of SQLAlchemy's inspector, with each column's
/// type both as reported and in SQLAlchemy's reflected vocabulary ("reflected_type": "VARCHAR(50)").
QJsonObject introspectionToJson(const Schema &schema, Dialect dialect);

} // namespace retort
