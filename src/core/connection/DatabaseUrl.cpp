// SQLAlchemy URL grammar, following sqlalchemy.engine.url._parse_rfc1738_args (1.4):
// username and password are percent-decoded, the database part is taken as written,
// the query string is decoded like urllib.parse.parse_qsl.
#include "connection/DatabaseUrl.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace retort {

namespace {

const QRegularExpression &urlPattern()
{
    static const QRegularExpression re(QStringLiteral(
        R"(^(?<name>[\w+]+)://)"
        R"((?:(?<username>[^:/]*)(?::(?<password>[^@]*))?@)?)"
        R"((?:(?:\[(?<ipv6host>[^/?]+)\]|(?<ipv4host>[^/:?]+))?(?::(?<port>[^/?]*))?)?)"
        R"((?:/(?<database>[^?]*))?)"
        R"((?:\?(?<query>.*))?$)"),
        QRegularExpression::DotMatchesEverythingOption);
    return re;
}

QString percentDecode(const QString &text)
{
    return QUrl::fromPercentEncoding(text.toUtf8());
}

// parse_qsl: '&'-separated (';' too in 1.4's util.parse_qsl? no: only '&'), '+' is a space, pairs without '=' dropped.
DatabaseUrl::QueryItems parseQuery(const QString &query)
{
    DatabaseUrl::QueryItems items;
    const QStringList parts = query.split(QLatin1Char('&'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq < 0)
            continue;
        QString key = part.left(eq);
        QString value = part.mid(eq + 1);
        key.replace(QLatin1Char('+'), QLatin1Char(' '));
        value.replace(QLatin1Char('+'), QLatin1Char(' '));
        if (value.isEmpty())
            continue;
        items.append({percentDecode(key), percentDecode(value)});
    }
    return items;
}

// RFC 1738 quoting as SQLAlchemy applies it when rendering user names and passwords.
QString quoteCredential(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == QLatin1Char(':') || c == QLatin1Char('@') || c == QLatin1Char('/') || c == QLatin1Char('%'))
            out += QLatin1Char('%') + QString::number(c.unicode(), 16).toUpper().rightJustified(2, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

} // namespace

QString dialectDisplayName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite: return QStringLiteral("SQLite");
    case Dialect::PostgreSQL: return QStringLiteral("PostgreSQL");
    case Dialect::MySQL: return QStringLiteral("MySQL/MariaDB");
    }
    return {};
}

QString dialectKey(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite: return QStringLiteral("sqlite");
    case Dialect::PostgreSQL: return QStringLiteral("postgresql");
    case Dialect::MySQL: return QStringLiteral("mysql");
    }
    return {};
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return makeError(QStringLiteral("The database URL is empty."));

    const QRegularExpressionMatch m = urlPattern().match(text);
    if (!m.hasMatch()) {
        return makeError(QStringLiteral("This is not a database URL: expected the SQLAlchemy form "
                                        "dialect[+driver]://user:password@host:port/database "
                                        "(for example sqlite:///app.db or postgresql://user@localhost/app)."));
    }

    DatabaseUrl url;
    const QString name = m.captured(QStringLiteral("name"));
    const qsizetype plus = name.indexOf(QLatin1Char('+'));
    url.m_backend = (plus < 0 ? name : name.left(plus)).toLower();
    url.m_driver = plus < 0 ? QString() : name.mid(plus + 1);

    if (url.m_backend == QLatin1String("sqlite")) {
        url.m_dialect = Dialect::SQLite;
    } else if (url.m_backend == QLatin1String("postgresql") || url.m_backend == QLatin1String("postgres")) {
        // "postgres" was dropped by SQLAlchemy 1.4 but is still what Heroku-style URLs say.
        url.m_dialect = Dialect::PostgreSQL;
    } else if (url.m_backend == QLatin1String("mysql") || url.m_backend == QLatin1String("mariadb")) {
        url.m_dialect = Dialect::MySQL;
    } else {
        return makeError(QStringLiteral("Retort does not support the database dialect '%1': "
                                        "use sqlite, postgresql, mysql or mariadb.").arg(url.m_backend));
    }
    if (url.m_driver.contains(QLatin1Char('+')) || (plus >= 0 && url.m_driver.isEmpty()))
        return makeError(QStringLiteral("The driver part of the URL scheme '%1' is malformed.").arg(name));

    url.m_hasUsername = m.hasCaptured(QStringLiteral("username"));
    url.m_username = percentDecode(m.captured(QStringLiteral("username")));
    url.m_hasPassword = m.hasCaptured(QStringLiteral("password"));
    url.m_password = percentDecode(m.captured(QStringLiteral("password")));
    url.m_host = m.hasCaptured(QStringLiteral("ipv4host")) ? m.captured(QStringLiteral("ipv4host"))
                                                            : m.captured(QStringLiteral("ipv6host"));
    const QString port = m.captured(QStringLiteral("port"));
    if (!port.isEmpty()) {
        bool ok = false;
        const int value = port.toInt(&ok);
        // Never echoed: in user:password/db (no '@') the password is what lands here.
        if (!ok || value <= 0 || value > 65535)
            return makeError(QStringLiteral("The port in the database URL is not a number from 1 to 65535 (a URL with a "
                                            "password needs '@' before the host: user:password@host:port/database)."));
        url.m_port = value;
    }
    // SQLAlchemy takes the password up to the first '@' and the rest as the host, so an unencoded '@'
    // in a password puts part of it in the host, where every message would show it.
    if (url.m_host.contains(QLatin1Char('@')))
        return makeError(QStringLiteral("The password in the database URL contains an '@' that is not percent-encoded; "
                                        "write it as %40 (SQLAlchemy would read part of the password as the host)."));
    url.m_hasDatabase = m.hasCaptured(QStringLiteral("database"));
    url.m_database = m.captured(QStringLiteral("database"));
    url.m_query = parseQuery(m.captured(QStringLiteral("query")));

    if (url.m_dialect == Dialect::SQLite) {
        if (!url.m_host.isEmpty() || url.m_hasUsername || url.m_port != 0) {
            return makeError(QStringLiteral("An SQLite URL has no host or user: write sqlite:///relative/path.db "
                                            "or sqlite:////absolute/path.db (three or four slashes)."));
        }
    } else if (url.m_database.isEmpty() && url.queryValue(QStringLiteral("dbname")).isEmpty()) {
        return makeError(QStringLiteral("The %1 URL names no database: add /database_name after the host.")
                             .arg(dialectDisplayName(url.m_dialect)));
    }
    return url;
}

QString DatabaseUrl::queryValue(const QString &key) const
{
    for (const auto &item : m_query) {
        if (item.first == key)
            return item.second;
    }
    return {};
}

bool DatabaseUrl::isSqliteMemory() const
{
    return m_dialect == Dialect::SQLite
           && (m_database.isEmpty() || m_database == QLatin1String(":memory:"));
}

bool DatabaseUrl::isCreatableSqliteFile() const
{
    if (m_dialect != Dialect::SQLite || isSqliteMemory() || QDir::isRelativePath(m_database))
        return false;
    const QFileInfo file(m_database);
    return !file.exists() && !file.isSymLink() && file.absoluteDir().exists();
}

DatabaseUrl DatabaseUrl::withSqliteBase(const QString &baseDir) const
{
    DatabaseUrl copy = *this;
    if (m_dialect != Dialect::SQLite || isSqliteMemory() || m_database.startsWith(QLatin1String("file:")))
        return copy;
    if (QDir::isRelativePath(m_database))
        copy.m_database = QDir::cleanPath(QDir(baseDir).absoluteFilePath(m_database));
    copy.m_hasDatabase = true;
    return copy;
}

QString DatabaseUrl::toString(bool revealPassword) const
{
    QString s = m_backend;
    if (!m_driver.isEmpty())
        s += QLatin1Char('+') + m_driver;
    s += QLatin1String("://");
    if (m_hasUsername) {
        s += quoteCredential(m_username);
        if (m_hasPassword)
            s += QLatin1Char(':') + (revealPassword ? quoteCredential(m_password) : QStringLiteral("***"));
        s += QLatin1Char('@');
    }
    if (!m_host.isEmpty())
        s += m_host.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_host + QLatin1Char(']') : m_host;
    if (m_port != 0)
        s += QLatin1Char(':') + QString::number(m_port);
    if (m_hasDatabase)
        s += QLatin1Char('/') + m_database;
    if (!m_query.isEmpty()) {
        QStringList parts;
        for (const auto &item : m_query)
            parts << QString::fromUtf8(QUrl::toPercentEncoding(item.first)) + QLatin1Char('=')
                         + QString::fromUtf8(QUrl::toPercentEncoding(item.second));
        s += QLatin1Char('?') + parts.join(QLatin1Char('&'));
    }
    return s;
}

DatabaseUrl DatabaseUrl::withDatabase(const QString &database) const
{
    DatabaseUrl out = *this;
    out.m_database = database;
    out.m_hasDatabase = !database.isEmpty();
    return out;
}

DatabaseUrl DatabaseUrl::withPassword(const QString &password) const
{
    DatabaseUrl out = *this;
    out.m_password = password;
    out.m_hasPassword = !password.isEmpty();
    if (out.m_hasPassword)
        out.m_hasUsername = true;
    return out;
}

DatabaseUrl DatabaseUrl::withQueryValue(const QString &key, const QString &value) const
{
    DatabaseUrl out = *this;
    out.m_query.removeIf([&key](const QPair<QString, QString> &item) { return item.first == key; });
    if (!value.isEmpty())
        out.m_query.append({key, value});
    return out;
}

QString DatabaseUrl::compose(const QString &backend, const QString &username, const QString &password, const QString &host,
                             int port, const QString &database, const QueryItems &query)
{
    QString s = backend + QLatin1String("://");
    if (backend.startsWith(QLatin1String("sqlite"))) {
        s += QLatin1Char('/') + database;
    } else {
        if (!username.isEmpty()) {
            s += quoteCredential(username);
            if (!password.isEmpty())
                s += QLatin1Char(':') + quoteCredential(password);
            s += QLatin1Char('@');
        }
        s += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
        if (port > 0)
            s += QLatin1Char(':') + QString::number(port);
        if (!database.isEmpty())
            s += QLatin1Char('/') + database;
    }
    QStringList parts;
    for (const auto &item : query)
        parts << QString::fromUtf8(QUrl::toPercentEncoding(item.first)) + QLatin1Char('=') + QString::fromUtf8(QUrl::toPercentEncoding(item.second));
    if (!parts.isEmpty())
        s += QLatin1Char('?') + parts.join(QLatin1Char('&'));
    return s;
}

// scheme://user:password@ — the password runs to the last '@' of the word, as a person writing an
// unencoded '@' meant it.
static const QRegularExpression &credentialsPattern()
{
    static const QRegularExpression credentials(QStringLiteral(R"(([A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'"]*):([^\s'"]*)@)"));
    return credentials;
}

QString DatabaseUrl::redactCredentials(const QString &text)
{
    QString out = text;
    out.replace(credentialsPattern(), QStringLiteral("\\1:***@"));
    return out;
}

std::pair<QString, QString> DatabaseUrl::splitCredentials(const QString &text)
{
    const QRegularExpressionMatch m = credentialsPattern().match(text);
    if (!m.hasMatch() || m.captured(2).isEmpty())
        return {text, QString()};
    QString without = text;
    without.replace(m.capturedStart(0), m.capturedLength(0), m.captured(1) + QLatin1Char('@'));
    return {without, QUrl::fromPercentEncoding(m.captured(2).toUtf8())};
}

QString DatabaseUrl::redact(const QString &text) const
{
    if (m_password.isEmpty())
        return text;
    QString out = text;
    const QString encoded = QString::fromUtf8(QUrl::toPercentEncoding(m_password));
    out.replace(m_password, QStringLiteral("***"));
    out.replace(encoded, QStringLiteral("***"));
    out.replace(quoteCredential(m_password), QStringLiteral("***"));
    return out;
}

QString DatabaseUrl::serverLabel() const
{
    if (m_dialect == Dialect::SQLite)
        return isSqliteMemory() ? QStringLiteral(":memory:") : m_database;
    const QString socket = queryValue(m_dialect == Dialect::MySQL ? QStringLiteral("unix_socket")
                                                                    : QStringLiteral("host"));
    if (!socket.isEmpty())
        return socket;
    QString host = m_host.isEmpty() ? QStringLiteral("localhost") : m_host;
    const int port = m_port != 0 ? m_port : (m_dialect == Dialect::PostgreSQL ? 5432 : 3306);
    return QStringLiteral("%1:%2").arg(host, QString::number(port));
}

bool DatabaseUrl::operator==(const DatabaseUrl &o) const
{
    return toString(true) == o.toString(true);
}

} // namespace retort
