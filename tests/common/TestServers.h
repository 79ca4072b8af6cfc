// Access to the real PostgreSQL and MariaDB servers the test script starts, and scratch databases on them.
// Without a server a test is skipped locally, and fails when CI=true (a skipped test must not pass CI).
#pragma once

#include "connection/DatabaseUrl.h"

#include <QFile>
#include <QString>

#include <optional>

namespace retort::test {

/// The server URL from RETORT_TEST_PG_URL / RETORT_TEST_MYSQL_URL, or nullopt when unset.
std::optional<DatabaseUrl> serverUrl(Dialect dialect);

/// True when the environment variable CI is "true" (as in CI runs).
bool inCi();

/// The server URL with some parts replaced (empty arguments keep the original part).
DatabaseUrl variantOf(const DatabaseUrl &url, const QString &password, const QString &database = {},
                      int port = 0, const QString &host = {});

/// A database created for one test and dropped when this object goes away.
class ScratchDatabase
{
public:
    /// Creates retort_test_<random> on the server of dialect (SQLite: a file in a temporary folder).
    explicit ScratchDatabase(Dialect dialect);
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase &) = delete;
    ScratchDatabase &operator=(const ScratchDatabase &) = delete;

    bool isValid() const { return m_valid; }
    QString error() const { return m_error; }
    const DatabaseUrl &url() const { return m_url; }
    /// Runs statements on the scratch database; returns the first error text, empty on success.
    QString exec(const QStringList &statements) const;

private:
    Dialect m_dialect;
    DatabaseUrl m_url;
    QString m_name;
    QString m_tempDir;
    bool m_valid = false;
    QString m_error;
};

} // namespace retort::test

/// Skips the current test when the dialect's server is not configured, or fails it under CI=true.
#define RETORT_REQUIRE_SERVER(dialect)                                                                             \
    do {                                                                                                            \
        if ((dialect) != retort::Dialect::SQLite && !retort::test::serverUrl(dialect)) {                           \
            const QByteArray why = QByteArrayLiteral("no test server for ")                                         \
                                   + retort::dialectDisplayName(dialect).toUtf8()                                   \
                                   + QByteArrayLiteral(" (set RETORT_TEST_PG_URL / RETORT_TEST_MYSQL_URL, "         \
                                                       "as tools/dev test does)");                                  \
            if (retort::test::inCi())                                                                               \
                QFAIL(why.constData());                                                                             \
            QSKIP(why.constData());                                                                                 \
        }                                                                                                           \
    } while (false)

/// Skips the current test when Debian's python3-alembic (the reference) is missing, or fails it under CI=true.
#define RETORT_REQUIRE_ALEMBIC()                                                                                    \
    do {                                                                                                            \
        if (!QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/alembic/__init__.py"))) {                 \
            if (retort::test::inCi())                                                                               \
                QFAIL("Debian's python3-alembic is not installed (tools/dev test installs it)");                    \
            QSKIP("python3-alembic is not installed");                                                              \
        }                                                                                                           \
    } while (false)
