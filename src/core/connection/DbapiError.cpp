#include "connection/DbapiError.h"

#include <QHash>
#include <QSqlError>

namespace retort {

namespace {

// psycopg2 maps an SQLSTATE by its class (first two characters); checked against psycopg2.errors.
QString postgresClass(const QString &sqlstate)
{
    static const QHash<QString, QString> byClass = {
        {QStringLiteral("08"), QStringLiteral("OperationalError")}, {QStringLiteral("0A"), QStringLiteral("NotSupportedError")},
        {QStringLiteral("20"), QStringLiteral("ProgrammingError")}, {QStringLiteral("21"), QStringLiteral("ProgrammingError")},
        {QStringLiteral("22"), QStringLiteral("DataError")}, {QStringLiteral("23"), QStringLiteral("IntegrityError")},
        {QStringLiteral("24"), QStringLiteral("InternalError")}, {QStringLiteral("25"), QStringLiteral("InternalError")},
        {QStringLiteral("26"), QStringLiteral("OperationalError")}, {QStringLiteral("27"), QStringLiteral("OperationalError")},
        {QStringLiteral("28"), QStringLiteral("OperationalError")}, {QStringLiteral("2B"), QStringLiteral("InternalError")},
        {QStringLiteral("2D"), QStringLiteral("InternalError")}, {QStringLiteral("2F"), QStringLiteral("InternalError")},
        {QStringLiteral("34"), QStringLiteral("OperationalError")}, {QStringLiteral("38"), QStringLiteral("InternalError")},
        {QStringLiteral("39"), QStringLiteral("InternalError")}, {QStringLiteral("3B"), QStringLiteral("InternalError")},
        {QStringLiteral("3D"), QStringLiteral("ProgrammingError")}, {QStringLiteral("3F"), QStringLiteral("ProgrammingError")},
        {QStringLiteral("40"), QStringLiteral("OperationalError")}, {QStringLiteral("42"), QStringLiteral("ProgrammingError")},
        {QStringLiteral("44"), QStringLiteral("ProgrammingError")}, {QStringLiteral("53"), QStringLiteral("OperationalError")},
        {QStringLiteral("54"), QStringLiteral("OperationalError")}, {QStringLiteral("55"), QStringLiteral("OperationalError")},
        {QStringLiteral("57"), QStringLiteral("OperationalError")}, {QStringLiteral("58"), QStringLiteral("OperationalError")},
        {QStringLiteral("F0"), QStringLiteral("InternalError")}, {QStringLiteral("HV"), QStringLiteral("OperationalError")},
        {QStringLiteral("P0"), QStringLiteral("InternalError")}, {QStringLiteral("XX"), QStringLiteral("InternalError")},
    };
    return byClass.value(sqlstate.left(2).toUpper(), QStringLiteral("DatabaseError"));
}

// PyMySQL's err.error_map, then InternalError below 1000 and OperationalError above.
QString mysqlClass(int errorNumber)
{
    static const QHash<int, QString> mapped = [] {
        QHash<int, QString> m;
        for (int n : {1007, 1149, 1064, 1146, 1102, 1103, 1110, 1111, 1112, 1113, 1179, 1166})
            m.insert(n, QStringLiteral("ProgrammingError"));
        for (int n : {1265, 1263, 1264, 1230, 1171, 1406, 1441, 1366, 1367})
            m.insert(n, QStringLiteral("DataError"));
        for (int n : {1062, 1216, 1452, 1217, 1451, 1215, 1048})
            m.insert(n, QStringLiteral("IntegrityError"));
        for (int n : {1196, 1235, 1289, 1286})
            m.insert(n, QStringLiteral("NotSupportedError"));
        return m;
    }();
    const auto it = mapped.constFind(errorNumber);
    if (it != mapped.constEnd())
        return *it;
    return errorNumber < 1000 ? QStringLiteral("InternalError") : QStringLiteral("OperationalError");
}

// Python's sqlite3 module (_pysqlite_seterror) by primary result code.
QString sqliteClass(int resultCode)
{
    switch (resultCode & 0xff) {
    case 2: case 12: return QStringLiteral("InternalError");                       // INTERNAL, NOTFOUND
    case 1: case 3: case 4: case 5: case 6: case 8: case 9: case 10: case 13: case 14: case 15: case 16: case 17:
        return QStringLiteral("OperationalError");   // ERROR, PERM, ABORT, BUSY, LOCKED, READONLY, INTERRUPT, IOERR, FULL, CANTOPEN, PROTOCOL, EMPTY, SCHEMA
    case 18: return QStringLiteral("DataError");                                   // TOOBIG
    case 19: case 20: return QStringLiteral("IntegrityError");                     // CONSTRAINT, MISMATCH
    case 21: case 25: return QStringLiteral("InterfaceError");                     // MISUSE, RANGE
    default: return QStringLiteral("DatabaseError");
    }
}

} // namespace

QString dbapiErrorClass(Dialect dialect, const QString &nativeErrorCode)
{
    bool ok = false;
    switch (dialect) {
    case Dialect::PostgreSQL:
        return postgresClass(nativeErrorCode);
    case Dialect::MySQL: {
        const int number = nativeErrorCode.toInt(&ok);
        return ok ? mysqlClass(number) : QStringLiteral("OperationalError");
    }
    case Dialect::SQLite: {
        const int code = nativeErrorCode.toInt(&ok);
        return ok ? sqliteClass(code) : QStringLiteral("OperationalError");
    }
    }
    return QStringLiteral("DatabaseError");
}

QString dbapiErrorClass(Dialect dialect, const QSqlError &error)
{
    return dbapiErrorClass(dialect, error.nativeErrorCode());
}

} // namespace retort
