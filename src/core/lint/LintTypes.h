// What the linter knows of column types as the engines' catalogs spell them ("character varying(50)",
// "varchar(50)", "VARCHAR(50)", "int(11)", "numeric(10,2)"): which changes lose values, which ones an
// engine makes in place, and which server_default SQL each engine refuses.
#pragma once

#include "connection/DatabaseUrl.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace retort {

struct TypeShape
{
    QString base;            ///< lower case, without the arguments: "character varying", "int", "numeric"
    QList<int> args;         ///< the numbers in parentheses
};
TypeShape typeShape(const QString &catalogType);

/// Why values can be lost going from one type to the other (empty when they cannot).
std::optional<QString> narrowing(const TypeShape &from, const TypeShape &to, Dialect dialect);
/// Whether PostgreSQL changes the type without rewriting the table (VARCHAR wider or to TEXT, NUMERIC wider).
bool postgresChangesInPlace(const TypeShape &from, const TypeShape &to);
/// Whether MySQL 8.0 changes it in place (a VARCHAR widened within the same length-byte size).
bool mysqlChangesInPlace(const TypeShape &from, const TypeShape &to);

/// The engines ("sqlite", "postgresql", "mysql") that refuse a server_default's SQL text.
QStringList enginesRefusingDefault(const QString &sql);

} // namespace retort
