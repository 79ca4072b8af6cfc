// A column type as a catalog reports it, in SQLAlchemy's reflected vocabulary.
#pragma once

#include "connection/DatabaseUrl.h"
#include "sql/Vocabulary.h"
#include "schema/Schema.h"

namespace retort {

/// "character varying(50)" (PostgreSQL) and "varchar(50)" (MySQL) are VARCHAR length 50, "tinyint(1)"
/// is TINYINT length 1, "timestamp with time zone" is TIMESTAMP with timezone. enums are the
/// PostgreSQL enum types of the schema.
SqlType reflectedType(Dialect dialect, const QString &reported, const QList<EnumType> &enums = {});

} // namespace retort
