// SQLAlchemy URL parsing: the forms Flask and Alembic projects use, the bad ones, masking, and
// agreement with SQLAlchemy's own make_url (Debian's python3-sqlalchemy) on every good case.
#include "connection/DatabaseUrl.h"
#include "TestServers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace retort;

class tst_DatabaseUrl : public QObject
{
    Q_OBJECT
private slots:
    void parsesGoodUrls_data();
    void parsesGoodUrls();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void masksPasswordEverywhere();
    void resolvesRelativeSqlitePaths();
    void agreesWithSqlAlchemy();
};

void tst_DatabaseUrl::parsesGoodUrls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("display");

    const int lite = int(Dialect::SQLite), pg = int(Dialect::PostgreSQL), my = int(Dialect::MySQL);
    QTest::newRow("sqlite relative") << "sqlite:///relative.db" << lite << "" << "" << "" << 0 << "relative.db" << "sqlite:///relative.db";
    QTest::newRow("sqlite absolute") << "sqlite:////var/data/app.db" << lite << "" << "" << "" << 0 << "/var/data/app.db" << "sqlite:////var/data/app.db";
    QTest::newRow("sqlite memory") << "sqlite://" << lite << "" << "" << "" << 0 << "" << "sqlite://";
    QTest::newRow("sqlite :memory:") << "sqlite:///:memory:" << lite << "" << "" << "" << 0 << ":memory:" << "sqlite:///:memory:";
    QTest::newRow("sqlite+pysqlite") << "sqlite+pysqlite:///app.db" << lite << "" << "" << "" << 0 << "app.db" << "sqlite+pysqlite:///app.db";
    QTest::newRow("postgresql brief example") << "postgresql://user:password@localhost/spaceshipDB" << pg << "user" << "password"
                                              << "localhost" << 0 << "spaceshipDB" << "postgresql://user:***@localhost/spaceshipDB";
    QTest::newRow("postgresql+psycopg2 port sslmode") << "postgresql+psycopg2://scott:tiger@db.internal:6543/prod?sslmode=require"
                                                      << pg << "scott" << "tiger" << "db.internal" << 6543 << "prod"
                                                      << "postgresql+psycopg2://scott:***@db.internal:6543/prod?sslmode=require";
    QTest::newRow("percent-encoded password") << "postgresql://app:p%40ss%3Aw%2Frd%25@h/db" << pg << "app" << "p@ss:w/rd%"
                                              << "h" << 0 << "db" << "postgresql://app:***@h/db";
    QTest::newRow("postgres alias") << "postgres://u:x@h:5432/d" << pg << "u" << "x" << "h" << 5432 << "d" << "postgres://u:***@h:5432/d";
    QTest::newRow("pg socket via host query") << "postgresql://user@/app?host=/var/run/postgresql" << pg << "user" << "" << ""
                                              << 0 << "app" << "postgresql://user@/app?host=%2Fvar%2Frun%2Fpostgresql";
    QTest::newRow("mysql+pymysql") << "mysql+pymysql://root:secret@127.0.0.1:3306/app?charset=utf8mb4" << my << "root" << "secret"
                                   << "127.0.0.1" << 3306 << "app" << "mysql+pymysql://root:***@127.0.0.1:3306/app?charset=utf8mb4";
    QTest::newRow("mariadb ipv6") << "mariadb+mariadbconnector://u:pw@[::1]:3307/db" << my << "u" << "pw" << "::1" << 3307 << "db"
                                  << "mariadb+mariadbconnector://u:***@[::1]:3307/db";
    QTest::newRow("mysql unix_socket") << "mysql://u:pw@localhost/app?unix_socket=/run/mysqld/mysqld.sock" << my << "u" << "pw"
                                       << "localhost" << 0 << "app" << "mysql://u:***@localhost/app?unix_socket=%2Frun%2Fmysqld%2Fmysqld.sock";
    QTest::newRow("empty password") << "postgresql://u:@h/db" << pg << "u" << "" << "h" << 0 << "db" << "postgresql://u:***@h/db";
}

void tst_DatabaseUrl::parsesGoodUrls()
{
    QFETCH(QString, text);
    QFETCH(int, dialect);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, display);

    const Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
    QCOMPARE(int(url->dialect()), dialect);
    QCOMPARE(url->username(), user);
    QCOMPARE(url->password(), password);
    QCOMPARE(url->host(), host);
    QCOMPARE(url->port(), port);
    QCOMPARE(url->database(), database);
    QCOMPARE(url->toDisplayString(), display);
    // Rendering with the password and parsing again gives the same URL back.
    const Result<DatabaseUrl> again = DatabaseUrl::parse(url->toString(true));
    QVERIFY(again.ok());
    QCOMPARE(again->password(), password);
    QCOMPARE(again->database(), database);
}

void tst_DatabaseUrl::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << "" << "The database URL is empty.";
    QTest::newRow("not a url") << "spaceship.db" << "This is not a database URL";
    QTest::newRow("one slash") << "postgresql:/x" << "This is not a database URL";
    QTest::newRow("unknown dialect") << "oracle://scott:tiger@h/db" << "does not support the database dialect 'oracle'";
    QTest::newRow("port not a number") << "postgresql://u:pw@h:abc/db" << "The port in the database URL is not a number";
    // SQLAlchemy reads the rest of such a password as the host, and every message would show it.
    QTest::newRow("unencoded @ in the password") << "postgresql://u:pa@ss@h/db" << "contains an '@' that is not percent-encoded";
    QTest::newRow("password without host") << "postgresql://u:secret/db" << "a URL with a password needs '@' before the host";
    QTest::newRow("port out of range") << "mysql://u@h:70000/db" << "is not a number from 1 to 65535";
    QTest::newRow("sqlite with host") << "sqlite://host/app.db" << "An SQLite URL has no host or user";
    QTest::newRow("no database") << "postgresql://u:pw@h" << "names no database";
    QTest::newRow("empty driver") << "mysql+://u@h/db" << "driver part of the URL scheme";
}

void tst_DatabaseUrl::rejectsBadUrls()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    QVERIFY(!url.ok());
    QVERIFY2(url.error().message.contains(expected), qPrintable(url.error().message));
    QVERIFY2(!url.error().message.contains(QLatin1String("pw")), "the password leaked into the message");
    QVERIFY(!url.error().message.contains(QLatin1String("tiger")));
    QVERIFY(!url.error().message.contains(QLatin1String("secret")));
    QVERIFY(!url.error().message.contains(QLatin1String("ss@h")));
    QVERIFY(!url.error().message.contains(QLatin1String("abc")));
}

void tst_DatabaseUrl::masksPasswordEverywhere()
{
    const DatabaseUrl url = DatabaseUrl::parse(QStringLiteral("postgresql://app:s3cr%40t@h/db")).value();
    QCOMPARE(url.password(), QStringLiteral("s3cr@t"));
    QVERIFY(!url.toDisplayString().contains(QLatin1String("s3cr")));
    QCOMPARE(url.redact(QStringLiteral("FATAL: password s3cr@t rejected (s3cr%40t)")),
             QStringLiteral("FATAL: password *** rejected (***)"));
}

void tst_DatabaseUrl::resolvesRelativeSqlitePaths()
{
    const DatabaseUrl url = DatabaseUrl::parse(QStringLiteral("sqlite:///data/../app.db")).value();
    QCOMPARE(url.withSqliteBase(QStringLiteral("/srv/ourapp/instance")).database(), QStringLiteral("/srv/ourapp/instance/app.db"));
    const DatabaseUrl absolute = DatabaseUrl::parse(QStringLiteral("sqlite:////var/app.db")).value();
    QCOMPARE(absolute.withSqliteBase(QStringLiteral("/elsewhere")).database(), QStringLiteral("/var/app.db"));
    const DatabaseUrl memory = DatabaseUrl::parse(QStringLiteral("sqlite://")).value();
    QVERIFY(memory.withSqliteBase(QStringLiteral("/x")).isSqliteMemory());
}

// Every URL SQLAlchemy accepts must come out with the same parts here.
void tst_DatabaseUrl::agreesWithSqlAlchemy()
{
    const QStringList urls{
        QStringLiteral("sqlite:///relative.db"), QStringLiteral("sqlite:////abs/x.db"), QStringLiteral("sqlite://"),
        QStringLiteral("postgresql+psycopg2://scott:tiger@localhost:5432/mydb?sslmode=require&application_name=retort"),
        QStringLiteral("postgresql://user:p%40ss%3Aw%2Frd@db.example.com/app"),
        QStringLiteral("postgresql://u:@h/db"),
        QStringLiteral("postgresql://user@/app?host=/var/run/postgresql"),
        QStringLiteral("mysql+pymysql://root@127.0.0.1:3306/app?charset=utf8mb4"),
        QStringLiteral("mariadb+mariadbconnector://u:pw@[::1]:3306/db"),
        QStringLiteral("mysql://u:p+q%20r@h/d?unix_socket=/run/mysqld/mysqld.sock"),
        QStringLiteral("mysql://us%3Aer:%C5%BC%C3%B3%C5%82w@h:1/d"),
    };
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral(
        "import json, sys\n"
        "from sqlalchemy.engine.url import make_url\n"
        "out = []\n"
        "for u in json.load(sys.stdin):\n"
        "    x = make_url(u)\n"
        "    out.append(dict(user=x.username or '', password=x.password or '', host=x.host or '', port=x.port or 0,\n"
        "                    database=x.database or '', query={k: v for k, v in x.query.items()}, masked=repr(x)))\n"
        "print(json.dumps(out))\n")});
    python.write(QJsonDocument(QJsonArray::fromStringList(urls)).toJson());
    python.closeWriteChannel();
    if (!python.waitForFinished(30000) || python.exitCode() != 0) {
        const QByteArray why = "SQLAlchemy reference not available (apt-get install python3-sqlalchemy): "
                               + python.readAllStandardError();
        if (test::inCi())
            QFAIL(why.constData());
        QSKIP(why.constData());
    }
    const QJsonArray expected = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(expected.size(), urls.size());
    for (int i = 0; i < urls.size(); ++i) {
        const QJsonObject sa = expected.at(i).toObject();
        const Result<DatabaseUrl> url = DatabaseUrl::parse(urls.at(i));
        QVERIFY2(url.ok(), qPrintable(urls.at(i)));
        const QByteArray row = urls.at(i).toUtf8();
        QVERIFY2(url->username() == sa.value(QLatin1String("user")).toString(), row.constData());
        QVERIFY2(url->password() == sa.value(QLatin1String("password")).toString(), row.constData());
        QVERIFY2(url->host() == sa.value(QLatin1String("host")).toString(), row.constData());
        QVERIFY2(url->port() == sa.value(QLatin1String("port")).toInt(), row.constData());
        QVERIFY2(url->database() == sa.value(QLatin1String("database")).toString(), row.constData());
        const QJsonObject query = sa.value(QLatin1String("query")).toObject();
        QVERIFY2(url->query().size() == query.size(), row.constData());
        for (const auto &item : url->query())
            QVERIFY2(query.value(item.first).toString() == item.second, row.constData());
        // The masked forms agree wherever SQLAlchemy masks (it also masks an empty password).
        if (url->hasPassword())
            QVERIFY2(url->toDisplayString().contains(QLatin1String(":***@")), row.constData());
        QVERIFY2(sa.value(QLatin1String("masked")).toString().startsWith(url->toDisplayString().section(QLatin1Char('?'), 0, 0)),
                 qPrintable(url->toDisplayString() + QLatin1String(" vs ") + sa.value(QLatin1String("masked")).toString()));
    }
}

QTEST_GUILESS_MAIN(tst_DatabaseUrl)
#include "tst_DatabaseUrl.moc"
