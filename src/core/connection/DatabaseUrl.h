// SQLAlchemy database URLs (dialect[+driver]://user:password@host:port/database?key=value),
// parsed exactly as SQLAlchemy 1.4 parses them, and rendered with the password masked.
#pragma once

#include "Result.h"

#include <QList>
#include <QPair>
#include <QString>

#include <utility>

namespace retort {

enum class Dialect { SQLite, PostgreSQL, MySQL };

/// Human name of a dialect ("SQLite", "PostgreSQL", "MySQL/MariaDB").
QString dialectDisplayName(Dialect dialect);
/// SQLAlchemy's name of a dialect ("sqlite", "postgresql", "mysql"), as dialect.name and with_variant() spell it.
QString dialectKey(Dialect dialect);

class DatabaseUrl
{
public:
    using QueryItems = QList<QPair<QString, QString>>;

    /// Parses a SQLAlchemy URL. Errors never contain the password.
    static Result<DatabaseUrl> parse(const QString &text);

    Dialect dialect() const { return m_dialect; }
    QString backendName() const { return m_backend; }  ///< as written: "postgresql", "mysql", "mariadb", "sqlite"
    QString driver() const { return m_driver; }        ///< the "+driver" part, empty when absent
    QString username() const { return m_username; }
    QString password() const { return m_password; }
    bool hasPassword() const { return m_hasPassword; }
    QString host() const { return m_host; }
    int port() const { return m_port; }                 ///< 0 when the URL names none
    QString database() const { return m_database; }
    const QueryItems &query() const { return m_query; }
    QString queryValue(const QString &key) const;

    /// SQLite only: no file (sqlite://, sqlite:///:memory:).
    bool isSqliteMemory() const;
    /// SQLite only: an absolute file path with nothing there yet (not even a link), in a folder that
    /// exists: what upgrade and stamp create, as Alembic does.
    bool isCreatableSqliteFile() const;

    /// SQLite only: the URL with a relative database path made absolute against baseDir
    /// (SQLAlchemy resolves relative paths against the working directory, Flask-SQLAlchemy 3
    /// against the instance folder: the caller knows which applies).
    DatabaseUrl withSqliteBase(const QString &baseDir) const;

    /// The same URL with this password (an empty one means none).
    DatabaseUrl withPassword(const QString &password) const;
    /// The same server and credentials, another database.
    DatabaseUrl withDatabase(const QString &database) const;
    /// The same URL with query item key set to value (removed when value is empty).
    DatabaseUrl withQueryValue(const QString &key, const QString &value) const;

    /// A URL from its parts, as SQLAlchemy's URL.create renders it (credentials percent-encoded).
    /// For SQLite, database is the file path and the other parts are ignored.
    static QString compose(const QString &backend, const QString &username, const QString &password, const QString &host,
                           int port, const QString &database, const QueryItems &query = {});

    /// The URL as SQLAlchemy renders it; the password is shown as *** unless revealPassword.
    QString toString(bool revealPassword = false) const;
    QString toDisplayString() const { return toString(false); }

    /// Replaces every occurrence of the password (raw and percent-encoded) in text with ***.
    QString redact(const QString &text) const;
    /// Replaces the password of every URL written in text (scheme://user:password@…) with ***; for
    /// text quoted from files, such as the expression that computes a project's URL.
    static QString redactCredentials(const QString &text);
    /// A URL typed as text that may not parse (an unknown backend, a bad port): the text without its
    /// password, and the password (percent-decoded), by redactCredentials' rule. Empty password: none written.
    static std::pair<QString, QString> splitCredentials(const QString &text);

    /// "host:port" (or the socket) for messages; for SQLite the file path.
    QString serverLabel() const;

    bool operator==(const DatabaseUrl &other) const;

private:
    Dialect m_dialect = Dialect::SQLite;
    QString m_backend;
    QString m_driver;
    QString m_username;
    QString m_password;
    bool m_hasUsername = false;
    bool m_hasPassword = false;
    QString m_host;
    int m_port = 0;
    QString m_database;
    bool m_hasDatabase = false;
    QueryItems m_query;
};

} // namespace retort
