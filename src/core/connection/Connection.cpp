// Opening QtSql connections from SQLAlchemy URLs, and turning driver failures into sentences.
#include "connection/Connection.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QThread>

namespace retort {

namespace {

QString newConnectionName(const QString &purpose)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("retort/%1/%2/%3")
        .arg(purpose)
        .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()), 0, 16)
        .arg(counter.fetchAndAddRelaxed(1));
}

QString debianPackageFor(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite: return QStringLiteral("libqt6sql6-sqlite");
    case Dialect::PostgreSQL: return QStringLiteral("libqt6sql6-psql");
    case Dialect::MySQL: return QStringLiteral("libqt6sql6-mysql");
    }
    return {};
}

// URL query keys Retort passes to the driver, per dialect, and the QtSql option each becomes.
struct OptionMapping
{
    const char *urlKey;
    const char *qtOption;   // nullptr: accepted and ignored (it changes nothing Retort relies on)
};

const OptionMapping kPostgresOptions[] = {
    {"sslmode", "sslmode"}, {"sslrootcert", "sslrootcert"}, {"sslcert", "sslcert"}, {"sslkey", "sslkey"},
    {"sslcrl", "sslcrl"}, {"connect_timeout", "connect_timeout"}, {"application_name", "application_name"},
    {"options", "options"}, {"target_session_attrs", "target_session_attrs"}, {"service", "service"},
    {"host", nullptr}, {"port", nullptr}, {"dbname", nullptr}, {"client_encoding", nullptr},
};

const OptionMapping kMysqlOptions[] = {
    {"unix_socket", "UNIX_SOCKET"}, {"ssl_ca", "SSL_CA"}, {"ssl_cert", "SSL_CERT"}, {"ssl_key", "SSL_KEY"},
    {"ssl_capath", "SSL_CAPATH"}, {"ssl_cipher", "SSL_CIPHER"}, {"connect_timeout", "MYSQL_OPT_CONNECT_TIMEOUT"},
    {"read_timeout", "MYSQL_OPT_READ_TIMEOUT"}, {"write_timeout", "MYSQL_OPT_WRITE_TIMEOUT"},
    {"charset", nullptr}, {"binary_prefix", nullptr}, {"local_infile", nullptr},
    {"ssl_mode", nullptr},   // checked before connecting: see checkMysqlSslMode
};

const OptionMapping kSqliteOptions[] = {
    {"timeout", nullptr}, {"mode", nullptr}, {"uri", nullptr}, {"check_same_thread", nullptr},
    {"cache", nullptr}, {"nolock", nullptr}, {"immutable", nullptr},
};

template<size_t N>
const OptionMapping *findOption(const OptionMapping (&table)[N], const QString &key)
{
    for (const OptionMapping &m : table) {
        if (key == QLatin1String(m.urlKey))
            return &m;
    }
    return nullptr;
}

// Every libpq keyword value is quoted, so nothing in it (a space, "sslmode=disable") starts another
// keyword. A ';' cannot be quoted: QtSql turns each one into a space before libpq sees the string.
QString libpqValue(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    v.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

enum class Failure { WrongPassword, NoPassword, Refused, UnknownDatabase, NoAccessToDatabase, UnknownHost, Timeout, Other };

Failure classify(Dialect dialect, const QSqlError &error)
{
    const QString text = error.driverText() + QLatin1Char(' ') + error.databaseText();
    if (dialect == Dialect::MySQL) {
        const QString code = error.nativeErrorCode();
        if (code == QLatin1String("1045") || code == QLatin1String("1698")) return Failure::WrongPassword;
        if (code == QLatin1String("1049")) return Failure::UnknownDatabase;
        // MySQL does not tell a user without rights whether a database exists.
        if (code == QLatin1String("1044")) return Failure::NoAccessToDatabase;
        if (code == QLatin1String("2005")) return Failure::UnknownHost;
        if (code == QLatin1String("2002") || code == QLatin1String("2003")) {
            return text.contains(QLatin1String("(110)")) || text.contains(QLatin1String("timed out"), Qt::CaseInsensitive)
                       ? Failure::Timeout : Failure::Refused;
        }
        if (code == QLatin1String("2013")) return Failure::Timeout;
        return Failure::Other;
    }
    if (text.contains(QLatin1String("password authentication failed"))
        || text.contains(QLatin1String("authentication failed for user")))
        return Failure::WrongPassword;
    if (text.contains(QLatin1String("no password supplied"))) return Failure::NoPassword;
    if (text.contains(QLatin1String("does not exist")) && text.contains(QLatin1String("database \"")))
        return Failure::UnknownDatabase;
    if (text.contains(QLatin1String("could not translate host name"))) return Failure::UnknownHost;
    if (text.contains(QLatin1String("Connection refused")) || text.contains(QLatin1String("No such file or directory")))
        return Failure::Refused;
    if (text.contains(QLatin1String("timeout expired"))) return Failure::Timeout;
    return Failure::Other;
}

Error connectError(const DatabaseUrl &url, const QSqlError &error, int timeoutSeconds)
{
    const QString where = url.serverLabel();
    const QString shown = url.toDisplayString();
    const QString driverText = url.redact(error.text().simplified());
    switch (classify(url.dialect(), error)) {
    case Failure::WrongPassword:
        return makeError(QStringLiteral("Access denied for user '%1' on %2: wrong user name or password.")
                             .arg(url.username(), shown));
    case Failure::NoPassword:
        return makeError(QStringLiteral("The server at %1 asks for a password, but %2 has none.").arg(where, shown));
    case Failure::Refused:
        return makeError(QStringLiteral("Could not connect to the %1 server at %2: the connection was refused "
                                        "(is the server running and listening there?).")
                             .arg(dialectDisplayName(url.dialect()), where));
    case Failure::UnknownDatabase:
        return makeError(QStringLiteral("The database '%1' does not exist on the server at %2.")
                             .arg(url.database(), where));
    case Failure::NoAccessToDatabase:
        return makeError(QStringLiteral("The database '%1' does not exist on the server at %2, or the user '%3' has no "
                                        "rights to it.")
                             .arg(url.database(), where, url.username()));
    case Failure::UnknownHost:
        return makeError(QStringLiteral("The database host '%1' could not be found: check the host name in %2.")
                             .arg(url.host(), shown));
    case Failure::Timeout:
        return makeError(QStringLiteral("Gave up connecting to %1 after %2 seconds: the server did not answer.")
                             .arg(where, QString::number(timeoutSeconds)));
    case Failure::Other:
        break;
    }
    return makeError(QStringLiteral("Could not connect to %1.").arg(shown), driverText);
}

} // namespace

QString Connection::qtDriverName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite: return QStringLiteral("QSQLITE");
    case Dialect::PostgreSQL: return QStringLiteral("QPSQL");
    case Dialect::MySQL: return QStringLiteral("QMYSQL");
    }
    return {};
}

Connection::Connection(DatabaseUrl url, QString name)
    : m_url(std::move(url)), m_name(std::move(name))
{
}

Connection::~Connection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase Connection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

Result<std::unique_ptr<Connection>> Connection::open(const DatabaseUrl &url, const Options &options)
{
    const QString driver = qtDriverName(url.dialect());
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        return makeError(QStringLiteral("The Qt SQL driver %1 for %2 is not installed (Debian package %3).")
                             .arg(driver, dialectDisplayName(url.dialect()), debianPackageFor(url.dialect())));
    }
    if (url.dialect() == Dialect::SQLite && !url.isSqliteMemory() && !options.createSqliteFile) {
        const QFileInfo file(url.database());
        if (QDir::isRelativePath(url.database()))
            return makeError(QStringLiteral("The SQLite path '%1' is relative; Retort needs it resolved first.")
                                 .arg(url.database()));
        if (!file.exists())
            return makeError(QStringLiteral("The SQLite database file '%1' does not exist.").arg(url.database()));
        if (file.isDir())
            return makeError(QStringLiteral("'%1' is a folder, not an SQLite database file.").arg(url.database()));
    }
    if (url.dialect() == Dialect::SQLite && !url.isSqliteMemory() && options.createSqliteFile) {
        const QFileInfo file(url.database());
        if (file.isSymLink() && !file.exists())
            return makeError(QStringLiteral("'%1' is a link to a file that does not exist; Retort does not create a database "
                                            "through it.").arg(url.database()));
        if (!file.absoluteDir().exists())
            return makeError(QStringLiteral("Cannot create the SQLite database '%1': the folder '%2' does not exist.")
                                 .arg(url.database(), file.absolutePath()));
    }

    std::unique_ptr<Connection> connection(new Connection(url, newConnectionName(options.purpose)));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driver, connection->m_name);
        Q_UNUSED(db);
    }
    if (Status problem = connection->checkMysqlSslMode(); !problem)
        return problem.error();
    if (Status problem = connection->configure(options); !problem)
        return problem.error();

    QSqlDatabase db = connection->database();
    if (!db.open()) {
        const QSqlError error = db.lastError();
        if (url.dialect() == Dialect::SQLite)
            return makeError(QStringLiteral("Could not open the SQLite database '%1'.").arg(url.database()),
                             error.text().simplified());
        bool given = false;
        const int urlTimeout = url.queryValue(QStringLiteral("connect_timeout")).toInt(&given);
        return connectError(url, error, given ? urlTimeout : options.connectTimeoutSeconds);
    }
    if (Status problem = connection->readServerVersion(); !problem)
        return problem.error();
    return connection;
}

// mysqlclient's ssl_mode, decided before anything is sent. REQUIRED and the VERIFY_ modes must refuse
// a session that is not encrypted before the login goes out; Qt's MySQL driver (Qt 6.4) has no switch
// that makes the client library do so (no ssl-enforce, no verify-server-cert), and a check after
// connecting would come after the login reached whoever stripped TLS. So they are refused here, with
// the ways that do protect the login.
Status Connection::checkMysqlSslMode() const
{
    if (m_url.dialect() != Dialect::MySQL)
        return Status();
    const QString given = m_url.queryValue(QStringLiteral("ssl_mode"));
    const QString mode = given.toUpper();
    static const QStringList known{QStringLiteral("DISABLED"), QStringLiteral("PREFERRED"), QStringLiteral("REQUIRED"),
                                   QStringLiteral("VERIFY_CA"), QStringLiteral("VERIFY_IDENTITY")};
    if (mode.isEmpty() || mode == QLatin1String("DISABLED") || mode == QLatin1String("PREFERRED"))
        return Status();
    if (!known.contains(mode))
        return makeError(QStringLiteral("ssl_mode=%1 is not one of %2.").arg(given, known.join(QStringLiteral(", "))));
    return makeError(QStringLiteral("ssl_mode=%1 cannot be honoured: Qt's MySQL driver gives no way to require TLS (or check "
                                    "the server's certificate) before it sends the login, so a connection stripped of TLS "
                                    "would still receive it. Connect through a unix socket (?unix_socket=…) or a tunnel you "
                                    "trust, or use ssl_mode=PREFERRED with ssl_ca=… to encrypt whenever the server offers it.")
                         .arg(given));
}

Status Connection::configure(const Options &options)
{
    QSqlDatabase db = database();
    QStringList connectOptions;
    // Maps the URL's query options through table into QtSql options, adding the connect timeout when the
    // URL sets none. On an unknown option returns false with that option's name as the last list entry.
    const auto translateOptions = [this, &options](const auto &table, const char *timeoutOption,
                                                   QString (*formatValue)(const QString &), QStringList *out) {
        bool timeoutGiven = false;
        for (const auto &item : m_url.query()) {
            const OptionMapping *mapping = findOption(table, item.first);
            if (!mapping) {
                out->append(item.first);
                return false;
            }
            if (mapping->qtOption)
                out->append(QStringLiteral("%1=%2").arg(QLatin1String(mapping->qtOption), formatValue(item.second)));
            timeoutGiven |= item.first == QLatin1String("connect_timeout");
        }
        if (!timeoutGiven)
            out->append(QStringLiteral("%1=%2").arg(QLatin1String(timeoutOption), QString::number(options.connectTimeoutSeconds)));
        return true;
    };
    const auto unsupported = [this](const QString &key) {
        return makeError(QStringLiteral("The URL option '%1' is not supported for %2 by Retort; remove it or "
                                        "use one of the options its documentation lists.")
                             .arg(key, dialectDisplayName(m_url.dialect())));
    };

    // QtSql splits its option string at ';', so a ';' in a value would start an option of its own
    // (sslmode=disable after a visible sslmode=require, or MySQL's local-infile switch).
    for (const auto &item : m_url.query()) {
        if (item.second.contains(QLatin1Char(';')) || item.second.contains(QChar(0)))
            return makeError(QStringLiteral("The URL option '%1' contains ';' (or a NUL character), which Retort cannot pass to "
                                            "the %2 driver safely; remove it from the value.")
                                 .arg(item.first, dialectDisplayName(m_url.dialect())));
    }
    switch (m_url.dialect()) {
    case Dialect::SQLite: {
        for (const auto &item : m_url.query()) {
            if (!findOption(kSqliteOptions, item.first))
                return unsupported(item.first);
        }
        db.setDatabaseName(m_url.isSqliteMemory() ? QStringLiteral(":memory:") : m_url.database());
        if (m_url.queryValue(QStringLiteral("mode")) == QLatin1String("ro"))
            connectOptions << QStringLiteral("QSQLITE_OPEN_READONLY");
        bool ok = false;
        const double timeout = m_url.queryValue(QStringLiteral("timeout")).toDouble(&ok);
        connectOptions << QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(ok ? int(timeout * 1000) : 5000);
        db.setConnectOptions(connectOptions.join(QLatin1Char(';')));
        return Status();
    }
    case Dialect::PostgreSQL: {
        if (!translateOptions(kPostgresOptions, "connect_timeout", libpqValue, &connectOptions))
            return unsupported(connectOptions.constLast());
        // ?host=/run/postgresql names a socket directory, as libpq understands it.
        const QString queryHost = m_url.queryValue(QStringLiteral("host"));
        db.setHostName(queryHost.isEmpty() ? m_url.host() : queryHost);
        const QString queryPort = m_url.queryValue(QStringLiteral("port"));
        if (m_url.port() != 0)
            db.setPort(m_url.port());
        else if (!queryPort.isEmpty())
            db.setPort(queryPort.toInt());
        const QString dbname = m_url.queryValue(QStringLiteral("dbname"));
        db.setDatabaseName(m_url.database().isEmpty() ? dbname : m_url.database());
        break;
    }
    case Dialect::MySQL: {
        if (!translateOptions(kMysqlOptions, "MYSQL_OPT_CONNECT_TIMEOUT", [](const QString &v) { return v; }, &connectOptions))
            return unsupported(connectOptions.constLast());
        // Like SQLAlchemy's MySQL dialects, an empty host means localhost.
        db.setHostName(m_url.host().isEmpty() ? QStringLiteral("localhost") : m_url.host());
        if (m_url.port() != 0)
            db.setPort(m_url.port());
        db.setDatabaseName(m_url.database());
        break;
    }
    }
    db.setUserName(m_url.username());
    db.setPassword(m_url.password());
    db.setConnectOptions(connectOptions.join(QLatin1Char(';')));
    return Status();
}

Status Connection::readServerVersion()
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    switch (m_url.dialect()) {
    case Dialect::SQLite:
        // Reading the schema version touches the file header, so a file that is not a database fails here.
        if (!query.exec(QStringLiteral("PRAGMA schema_version"))) {
            return makeError(QStringLiteral("'%1' is not a usable SQLite database.").arg(m_url.database()),
                             query.lastError().databaseText());
        }
        query.exec(QStringLiteral("SELECT sqlite_version()"));
        m_serverVersion = QStringLiteral("SQLite ") + (query.next() ? query.value(0).toString() : QString());
        return Status();
    case Dialect::PostgreSQL:
        if (query.exec(QStringLiteral("SHOW server_version")) && query.next())
            m_serverVersion = QStringLiteral("PostgreSQL ") + query.value(0).toString();
        break;
    case Dialect::MySQL:
        if (query.exec(QStringLiteral("SELECT VERSION()")) && query.next()) {
            const QString version = query.value(0).toString();
            m_serverVersion = (version.contains(QLatin1String("MariaDB"), Qt::CaseInsensitive) ? QStringLiteral("MariaDB ")
                                                                                              : QStringLiteral("MySQL "))
                              + version;
        }
        break;
    }
    if (m_serverVersion.isEmpty())
        return queryError(QStringLiteral("Connected, but could not read the server version"), query.lastError());
    return Status();
}

Error Connection::queryError(const QString &what, const QSqlError &error, const QString &sql) const
{
    Error e = makeError(what + QLatin1Char('.'), m_url.redact(error.text().simplified()));
    e.sql = sql;
    return e;
}

} // namespace retort
