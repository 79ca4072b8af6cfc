// Which Python DB-API exception class the driver Alembic runs with would raise for a database error:
// psycopg2 on PostgreSQL, PyMySQL on MySQL/MariaDB, the sqlite3 module on SQLite. A revision's
// try/except names these classes (through sqlalchemy.exc), so running it natively means deciding,
// from the same error, whether its except clause catches it.
#pragma once

#include "connection/DatabaseUrl.h"

#include <QString>

class QSqlError;

namespace retort {

/// "OperationalError", "ProgrammingError", "IntegrityError", "DataError", "InternalError",
/// "NotSupportedError", "InterfaceError" or "DatabaseError", from the error's native code (PostgreSQL's
/// SQLSTATE, MySQL's error number, SQLite's result code).
QString dbapiErrorClass(Dialect dialect, const QString &nativeErrorCode);
QString dbapiErrorClass(Dialect dialect, const QSqlError &error);

} // namespace retort
