// Names and string literals in SQL, as SQLAlchemy writes them for each dialect: the one quoter
// every statement Retort builds goes through.
#pragma once

#include "connection/DatabaseUrl.h"

namespace retort {

/// The identifier as SQLAlchemy's preparer writes it: bare when it is a lower-case legal name and not
/// a reserved word of the dialect (MariaDB's list when mariadb), else in "double quotes" (`backticks`
/// on MySQL) with the quote character doubled.
QString quoteIdentifier(Dialect dialect, const QString &identifier, bool mariadb = false);
/// The identifier always quoted (the data browser's names, whatever they are).
QString quoteIdentifierAlways(Dialect dialect, const QString &identifier);
/// "schema.table" with each part quoted as needed; just the table when schema is empty.
QString quoteQualified(Dialect dialect, const QString &table, const QString &schema, bool mariadb = false);
/// 'text' with quotes doubled (and backslashes doubled on MySQL).
QString sqlStringLiteral(Dialect dialect, const QString &text);

} // namespace retort
