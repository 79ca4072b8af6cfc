// Pages of a table's rows for the data browser: a count and LIMIT/OFFSET pages in a stable order,
// sorted by one column and filtered by text, with every identifier quoted and the filter bound as a
// parameter. Reading only: browse connections are put in read-only mode first (setReadOnlySession).
#pragma once

#include "connection/Connection.h"
#include "sql/Identifiers.h"

#include <QVariant>

#include <functional>
#include <memory>

class QIODevice;

namespace retort {

struct RowQuery
{
    QString table;
    QString schema;              ///< empty: the connection's default
    QStringList columns;         ///< selected, in this order
    QStringList keyColumns;      ///< the primary key: the order's tiebreak, so pages never overlap
    int sortColumn = -1;         ///< index into columns; -1: the key's order
    bool descending = false;
    QString filter;              ///< rows with this text in a column (case-insensitive, as text)
    int filterColumn = -1;       ///< index into columns; -1: any column
    /// filter is a SQL condition (what follows WHERE), typed by the user: checked by checkCondition,
    /// run in the read-only browse session.
    bool filterIsCondition = false;
};

/// One field of a delimited line: empty for NULL, hex for bytes, quoted as RFC 4180 quotes it when it
/// holds the separator, a quote or a line break.
QString delimitedField(const QVariant &value, QChar separator);

/// Writes every row the query selects (its filter and order) to out as CSV (RFC 4180, a header line,
/// CRLF), a page at a time; progress gets the rows written so far, cancelled() is asked between pages.
/// Returns the rows written, or the error (with "cancelled" when it was).
Result<qint64> writeRowsCsv(const Connection &connection, const RowQuery &query, QIODevice &out,
                            const std::function<void(qint64)> &progress = {}, const std::function<bool()> &cancelled = {});

/// A connection of its own on url whose session refuses writes (see setReadOnlySession), for reading
/// beside the application: browsing, exports, counting what a plan would touch.
Result<std::unique_ptr<Connection>> openReadOnly(const DatabaseUrl &url, const QString &purpose, int connectTimeoutSeconds = 10);

/// Every row the query selects, written to path as CSV through a read-only connection of its own; the
/// file appears whole (QSaveFile) or not at all. Returns the rows written.
Result<qint64> exportRowsCsv(const DatabaseUrl &url, const RowQuery &query, const QString &path,
                             const std::function<bool()> &cancelled = {});

/// A WHERE condition typed in the Data tab: one expression, no ';' and no comment (which could end
/// the query early and take its LIMIT with it). Quoted text may hold anything.
Status checkCondition(const QString &condition);

/// Quotes an identifier for the dialect, always (names from the catalog are never trusted as SQL).


/// SELECT COUNT(*) … and the page's SELECT, with '?' placeholders for the filter (filterValues binds them).
QString rowCountSql(Dialect dialect, const RowQuery &query);
QString rowPageSql(Dialect dialect, const RowQuery &query, qint64 offset, int limit);
QVariantList filterValues(const RowQuery &query);

/// Makes the connection's session refuse writes (SQLite query_only, PostgreSQL and MySQL read-only
/// transactions), so a browse connection can never change data.
Status setReadOnlySession(const Connection &connection);

/// A call another thread may make to stop the statement running on connection: SQLite's
/// sqlite3_interrupt, PostgreSQL's cancel request, MySQL's KILL QUERY (over a second connection,
/// opened on the global thread pool). Make it in the connection's thread; it returns at once.
std::function<void()> queryInterrupter(const Connection &connection);

Result<qint64> countRows(const Connection &connection, const RowQuery &query);
/// Rows [offset, offset + limit), each a list of values in query.columns' order (null QVariants for NULL).
Result<QList<QVariantList>> fetchRows(const Connection &connection, const RowQuery &query, qint64 offset, int limit);

} // namespace retort
