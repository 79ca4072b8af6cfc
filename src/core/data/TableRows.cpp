#include "data/TableRows.h"

#include <QIODevice>
#include <QSaveFile>

#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThreadPool>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>

namespace retort {

namespace {

QString tableRef(Dialect dialect, const RowQuery &q)
{
    const QString table = quoteIdentifierAlways(dialect, q.table);
    return q.schema.isEmpty() ? table : quoteIdentifierAlways(dialect, q.schema) + QLatin1Char('.') + table;
}

QString columnAsText(Dialect dialect, const QString &quoted)
{
    return dialect == Dialect::MySQL ? QStringLiteral("CAST(%1 AS CHAR)").arg(quoted) : QStringLiteral("CAST(%1 AS TEXT)").arg(quoted);
}

QString whereClause(Dialect dialect, const RowQuery &q)
{
    if (q.filter.isEmpty() || q.columns.isEmpty())
        return QString();
    if (q.filterIsCondition)
        return QStringLiteral(" WHERE (%1)").arg(q.filter);
    // SQLite's LIKE ignores ASCII case; MySQL's follows the column's collation (case-insensitive by
    // default); PostgreSQL needs ILIKE.
    const QString like = dialect == Dialect::PostgreSQL ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
    const QString escape = dialect == Dialect::MySQL ? QStringLiteral(" ESCAPE '\\\\'") : QStringLiteral(" ESCAPE '\\'");
    QStringList parts;
    for (int i = 0; i < q.columns.size(); ++i) {
        if (q.filterColumn >= 0 && q.filterColumn != i)
            continue;
        parts << QStringLiteral("%1 %2 ?%3").arg(columnAsText(dialect, quoteIdentifierAlways(dialect, q.columns.at(i))), like, escape);
    }
    return parts.isEmpty() ? QString() : QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" OR "));
}

Result<QSqlQuery> run(const Connection &connection, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(connection.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return connection.queryError(QStringLiteral("Could not read the rows"), query.lastError(), sql);
    for (const QVariant &v : values)
        query.addBindValue(v);
    if (!query.exec())
        return connection.queryError(QStringLiteral("Could not read the rows"), query.lastError(), sql);
    return query;
}

} // namespace

QString rowCountSql(Dialect dialect, const RowQuery &query)
{
    return QStringLiteral("SELECT COUNT(*) FROM %1%2").arg(tableRef(dialect, query), whereClause(dialect, query));
}

QString rowPageSql(Dialect dialect, const RowQuery &query, qint64 offset, int limit)
{
    QStringList columns;
    for (const QString &c : query.columns)
        columns << quoteIdentifierAlways(dialect, c);
    QStringList order;
    const QString direction = query.descending ? QStringLiteral(" DESC") : QString();
    if (query.sortColumn >= 0 && query.sortColumn < query.columns.size())
        order << quoteIdentifierAlways(dialect, query.columns.at(query.sortColumn)) + direction;
    for (const QString &key : query.keyColumns) {
        if (query.sortColumn < 0 || query.columns.value(query.sortColumn) != key)
            order << quoteIdentifierAlways(dialect, key) + (query.sortColumn < 0 ? direction : QString());
    }
    QString sql = QStringLiteral("SELECT %1 FROM %2%3").arg(columns.join(QStringLiteral(", ")), tableRef(dialect, query), whereClause(dialect, query));
    if (!order.isEmpty())
        sql += QStringLiteral(" ORDER BY ") + order.join(QStringLiteral(", "));
    sql += QStringLiteral(" LIMIT %1 OFFSET %2").arg(limit).arg(offset);
    return sql;
}

QVariantList filterValues(const RowQuery &query)
{
    QVariantList out;
    if (query.filter.isEmpty() || query.filterIsCondition)
        return out;
    QString pattern = query.filter;
    pattern.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("%"), QLatin1String("\\%")).replace(QLatin1String("_"), QLatin1String("\\_"));
    pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
    for (int i = 0; i < query.columns.size(); ++i) {
        if (query.filterColumn < 0 || query.filterColumn == i)
            out << pattern;
    }
    return out;
}

QString delimitedField(const QVariant &value, QChar separator)
{
    if (value.isNull())
        return QString();
    QString text = value.typeId() == QMetaType::QByteArray ? QString::fromLatin1(value.toByteArray().toHex()) : value.toString();
    if (text.contains(separator) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')))
        text = QLatin1Char('"') + text.replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
    return text;
}

Result<qint64> writeRowsCsv(const Connection &connection, const RowQuery &query, QIODevice &out,
                            const std::function<void(qint64)> &progress, const std::function<bool()> &cancelled)
{
    constexpr int kPage = 5000;
    const auto line = [&out](const QStringList &fields) {
        const QByteArray bytes = (fields.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8();
        return out.write(bytes) == bytes.size();
    };
    QStringList header;
    for (const QString &c : query.columns)
        header << delimitedField(c, QLatin1Char(','));
    if (!line(header))
        return makeError(QStringLiteral("Could not write the file: %1").arg(out.errorString()));
    qint64 written = 0;
    for (;;) {
        if (cancelled && cancelled())
            return makeError(QStringLiteral("cancelled after %1 rows").arg(written));
        Result<QList<QVariantList>> page = fetchRows(connection, query, written, kPage);
        if (!page)
            return page.error();
        for (const QVariantList &row : std::as_const(*page)) {
            QStringList fields;
            fields.reserve(row.size());
            for (const QVariant &v : row)
                fields << delimitedField(v, QLatin1Char(','));
            if (!line(fields))
                return makeError(QStringLiteral("Could not write the file: %1").arg(out.errorString()));
        }
        written += page->size();
        if (progress)
            progress(written);
        if (page->size() < kPage)
            return written;
    }
}

Result<std::unique_ptr<Connection>> openReadOnly(const DatabaseUrl &url, const QString &purpose, int connectTimeoutSeconds)
{
    Connection::Options options;
    options.purpose = purpose;
    options.connectTimeoutSeconds = connectTimeoutSeconds;
    Result<std::unique_ptr<Connection>> opened = Connection::open(url, options);
    if (!opened)
        return opened.error();
    if (Status readOnly = setReadOnlySession(**opened); !readOnly)
        return readOnly.error();
    return opened;
}

Result<qint64> exportRowsCsv(const DatabaseUrl &url, const RowQuery &query, const QString &path, const std::function<bool()> &cancelled)
{
    Result<std::unique_ptr<Connection>> connection = openReadOnly(url, QStringLiteral("export"));
    if (!connection)
        return connection.error();
    // Written beside the target and renamed into place at the end: a failure leaves no half file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    Result<qint64> rows = writeRowsCsv(**connection, query, file, {}, cancelled);
    if (!rows)
        return rows;
    if (!file.commit())
        return makeError(QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    return rows;
}

Status checkCondition(const QString &condition)
{
    QChar quote;
    int depth = 0;
    for (qsizetype i = 0; i < condition.size(); ++i) {
        const QChar c = condition.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();   // a doubled quote closes and reopens: the same as going on
            continue;
        }
        if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            depth += c == QLatin1Char('(') ? 1 : -1;
            if (depth < 0)
                return makeError(QStringLiteral("The condition closes a parenthesis it did not open (column %1).").arg(i + 1));
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            quote = c;
        } else if (c == QLatin1Char(';')) {
            return makeError(QStringLiteral("A condition is one expression: remove the ';' (column %1).").arg(i + 1));
        } else if (condition.mid(i, 2) == QLatin1String("--") || condition.mid(i, 2) == QLatin1String("/*")
                   || (c == QLatin1Char('#'))) {
            return makeError(QStringLiteral("A condition cannot hold a comment (column %1): it would hide the rest of the query.").arg(i + 1));
        }
    }
    if (!quote.isNull())
        return makeError(QStringLiteral("The condition has an unclosed %1.").arg(quote));
    if (depth > 0)
        return makeError(QStringLiteral("The condition leaves a parenthesis open."));
    return Status();
}

Status setReadOnlySession(const Connection &connection)
{
    const QString sql = connection.dialect() == Dialect::SQLite       ? QStringLiteral("PRAGMA query_only = ON")
                        : connection.dialect() == Dialect::PostgreSQL ? QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                                                                      : QStringLiteral("SET SESSION TRANSACTION READ ONLY");
    QSqlQuery query(connection.database());
    if (!query.exec(sql))
        return connection.queryError(QStringLiteral("Could not make the browse connection read-only"), query.lastError(), sql);
    return Status();
}

std::function<void()> queryInterrupter(const Connection &connection)
{
    const QVariant handle = connection.database().driver()->handle();
    if (connection.dialect() == Dialect::SQLite && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        sqlite3 *db = *static_cast<sqlite3 *const *>(handle.data());
        return [db]() { sqlite3_interrupt(db); };
    }
    if (connection.dialect() == Dialect::PostgreSQL && (qstrcmp(handle.typeName(), "PGconn*") == 0 || qstrcmp(handle.typeName(), "pg_conn*") == 0)) {
        // libpq's cancel request: made here, in the connection's thread; sent from any thread. (QPSQL's
        // handle is declared as PGconn*, which Qt's type registry spells as the struct, pg_conn*.)
        PGconn *conn = *static_cast<PGconn *const *>(handle.data());
        std::shared_ptr<PGcancel> cancel(PQgetCancel(conn), [](PGcancel *c) {
            if (c)
                PQfreeCancel(c);
        });
        if (!cancel)
            return {};
        return [cancel]() {
            char error[256];
            PQcancel(cancel.get(), error, int(sizeof error));
        };
    }
    if (connection.dialect() == Dialect::MySQL) {
        // MySQL stops a statement only when asked over another connection: KILL QUERY <its id>, sent from
        // a pool thread so the caller never waits for a connect.
        QSqlQuery q(connection.database());
        if (!q.exec(QStringLiteral("SELECT CONNECTION_ID()")) || !q.next())
            return {};
        const qulonglong id = q.value(0).toULongLong();
        const DatabaseUrl url = connection.url();
        return [url, id]() {
            QThreadPool::globalInstance()->start([url, id]() {
                Connection::Options options;
                options.purpose = QStringLiteral("kill");
                options.connectTimeoutSeconds = 5;
                Result<std::unique_ptr<Connection>> killer = Connection::open(url, options);
                if (killer)
                    QSqlQuery((*killer)->database()).exec(QStringLiteral("KILL QUERY %1").arg(id));
            });
        };
    }
    return {};
}

Result<qint64> countRows(const Connection &connection, const RowQuery &query)
{
    Result<QSqlQuery> q = run(connection, rowCountSql(connection.dialect(), query), filterValues(query));
    if (!q)
        return q.error();
    if (!q->next())
        return connection.queryError(QStringLiteral("Could not count the rows"), q->lastError(), q->lastQuery());
    return q->value(0).toLongLong();
}

Result<QList<QVariantList>> fetchRows(const Connection &connection, const RowQuery &query, qint64 offset, int limit)
{
    Result<QSqlQuery> q = run(connection, rowPageSql(connection.dialect(), query, offset, limit), filterValues(query));
    if (!q)
        return q.error();
    QList<QVariantList> rows;
    rows.reserve(limit);
    const int width = int(query.columns.size());
    while (q->next()) {
        QVariantList row;
        row.reserve(width);
        for (int i = 0; i < width; ++i)
            row << q->value(i);
        rows << row;
    }
    if (q->lastError().isValid())
        return connection.queryError(QStringLiteral("Could not read the rows"), q->lastError(), q->lastQuery());
    return rows;
}

} // namespace retort
