// Scratch databases: created through the same Connection class the product uses.
#include "TestServers.h"

#include "connection/Connection.h"

#include <QDir>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>

namespace retort::test {

std::optional<DatabaseUrl> serverUrl(Dialect dialect)
{
    const char *variable = dialect == Dialect::PostgreSQL ? "RETORT_TEST_PG_URL"
                           : dialect == Dialect::MySQL    ? "RETORT_TEST_MYSQL_URL"
                                                          : nullptr;
    if (!variable)
        return std::nullopt;
    const QString text = qEnvironmentVariable(variable);
    if (text.isEmpty())
        return std::nullopt;
    Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    if (!url)
        return std::nullopt;
    return url.value();
}

bool inCi()
{
    return qEnvironmentVariable("CI").compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

DatabaseUrl variantOf(const DatabaseUrl &url, const QString &password, const QString &database, int port,
                      const QString &host)
{
    const QString text = QStringLiteral("%1://%2:%3@%4:%5/%6")
                             .arg(url.backendName(), QString::fromUtf8(QUrl::toPercentEncoding(url.username())),
                                  QString::fromUtf8(QUrl::toPercentEncoding(password.isEmpty() ? url.password() : password)),
                                  host.isEmpty() ? url.host() : host, QString::number(port != 0 ? port : url.port()),
                                  database.isEmpty() ? url.database() : database);
    return DatabaseUrl::parse(text).value();
}

namespace {

QString withDatabase(const DatabaseUrl &server, const QString &database)
{
    QString text = server.toString(true);
    const qsizetype query = text.indexOf(QLatin1Char('?'));
    const QString tail = query >= 0 ? text.mid(query) : QString();
    if (query >= 0)
        text.truncate(query);
    const qsizetype slash = text.lastIndexOf(QLatin1Char('/'));
    return text.left(slash + 1) + database + tail;
}

} // namespace

ScratchDatabase::ScratchDatabase(Dialect dialect)
    : m_dialect(dialect)
{
    if (dialect == Dialect::SQLite) {
        m_tempDir = QDir::tempPath() + QStringLiteral("/retort-test-%1").arg(QRandomGenerator::global()->generate(), 0, 16);
        QDir().mkpath(m_tempDir);
        m_url = DatabaseUrl::parse(QStringLiteral("sqlite:///%1/scratch.db").arg(m_tempDir)).value();
        Connection::Options options;
        options.createSqliteFile = true;
        Result<std::unique_ptr<Connection>> c = Connection::open(m_url, options);
        m_valid = c.ok();
        if (!c)
            m_error = c.error().toString();
        return;
    }
    const std::optional<DatabaseUrl> server = serverUrl(dialect);
    if (!server) {
        m_error = QStringLiteral("no server configured");
        return;
    }
    m_name = QStringLiteral("retort_test_%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    {
        Result<std::unique_ptr<Connection>> admin = Connection::open(*server);
        if (!admin) {
            m_error = admin.error().toString();
            return;
        }
        QSqlQuery q((*admin)->database());
        if (!q.exec(QStringLiteral("CREATE DATABASE %1").arg(m_name))) {
            m_error = q.lastError().text();
            return;
        }
    }
    m_url = DatabaseUrl::parse(withDatabase(*server, m_name)).value();
    m_valid = true;
}

ScratchDatabase::~ScratchDatabase()
{
    if (m_dialect == Dialect::SQLite) {
        if (!m_tempDir.isEmpty())
            QDir(m_tempDir).removeRecursively();
        return;
    }
    if (!m_valid)
        return;
    const std::optional<DatabaseUrl> server = serverUrl(m_dialect);
    Result<std::unique_ptr<Connection>> admin = Connection::open(*server);
    if (!admin)
        return;
    QSqlQuery q((*admin)->database());
    if (m_dialect == Dialect::PostgreSQL)
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
    else   // with the database Retort's run log gets next to it
        q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name)), q.exec(QStringLiteral("DROP DATABASE IF EXISTS %1_retort").arg(m_name));
}

QString ScratchDatabase::exec(const QStringList &statements) const
{
    Connection::Options options;
    options.createSqliteFile = true;
    Result<std::unique_ptr<Connection>> c = Connection::open(m_url, options);
    if (!c)
        return c.error().toString();
    for (const QString &sql : statements) {
        QSqlQuery q((*c)->database());
        if (!q.exec(sql))
            return sql + QStringLiteral(": ") + q.lastError().text();
    }
    return {};
}

} // namespace retort::test
