// An open QtSql connection made from a DatabaseUrl: named, owned by the thread that opened it,
// removed when the Connection is destroyed. Connection failures become one clear sentence.
#pragma once

#include "connection/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QSqlError>

#include <memory>

namespace retort {

class Connection
{
public:
    struct Options
    {
        /// SQLite: create the file when it does not exist (otherwise a missing file is an error,
        /// so a mistyped path never silently becomes a new empty database).
        bool createSqliteFile = false;
        /// Seconds to wait for a server before giving up.
        int connectTimeoutSeconds = 10;
        /// Part of the QtSql connection name, to tell connections apart in logs.
        QString purpose = QStringLiteral("main");
    };

    /// Opens a connection in the calling thread. The returned object must be used and destroyed there.
    static Result<std::unique_ptr<Connection>> open(const DatabaseUrl &url, const Options &options);
    static Result<std::unique_ptr<Connection>> open(const DatabaseUrl &url) { return open(url, Options()); }

    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase database() const;
    const DatabaseUrl &url() const { return m_url; }
    Dialect dialect() const { return m_url.dialect(); }
    QString connectionName() const { return m_name; }

    /// "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)", "MariaDB 10.11.19-MariaDB-0+deb12u1", "SQLite 3.40.1".
    QString serverVersion() const { return m_serverVersion; }

    /// An Error for a failed statement: message, the statement and the driver's text, password redacted.
    Error queryError(const QString &what, const QSqlError &error, const QString &sql = {}) const;

    /// The QtSql driver name used for a dialect (QSQLITE, QPSQL, QMYSQL).
    static QString qtDriverName(Dialect dialect);

private:
    Connection(DatabaseUrl url, QString name);
    Status configure(const Options &options);
    Status readServerVersion();
    Status checkMysqlSslMode() const;

    DatabaseUrl m_url;
    QString m_name;
    QString m_serverVersion;
};

} // namespace retort
