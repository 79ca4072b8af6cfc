// A schema as text for people: what retort-cli inspect and schema-at print, and the window's schema view.
#pragma once

#include "schema/Schema.h"

namespace retort {

/// Each table with its columns (type, NULL/NOT NULL, DEFAULT, PK, AUTOINCREMENT), foreign keys, unique
/// and check constraints and indexes; then the views and enum types. One line each, a newline at the end.
QString schemaText(const Schema &schema);

} // namespace retort
