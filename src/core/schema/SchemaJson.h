// JSON form of a live schema, shared by `retort-cli tables --json` and exports.
#pragma once

#include "schema/Schema.h"

#include <QJsonObject>

namespace retort {

/// {"name": schema, "tables": [{"name", "columns": [{"name","type","nullable","default","primary_key"}]}]}
QJsonObject schemaToJson(const Schema &schema);

} // namespace retort
