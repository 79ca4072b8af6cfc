// One migrator at a time. The lock is taken on the migration's own connection before the version
// table is read, and held until the run ends: pg_advisory_lock on PostgreSQL, GET_LOCK on
// MySQL/MariaDB (both released by the server if the connection dies), and on SQLite a write
// transaction (BEGIN IMMEDIATE) that the whole run happens inside, one savepoint per revision.
#pragma once

#include "Result.h"
#include "connection/Connection.h"

#include <functional>
#include <memory>

namespace retort {

class MigrationLock
{
public:
    /// Called about once a second while another migrator holds the lock, with who it is.
    using WaitObserver = std::function<void(const QString &holder)>;

    /// Takes the lock for the version table on connection, waiting up to timeoutSeconds. The error
    /// names the holder when the server can tell.
    static Result<std::unique_ptr<MigrationLock>> acquire(const Connection &connection, const QString &versionTable,
                                                          int timeoutSeconds, const WaitObserver &waiting = {});

    /// Releases the lock. On SQLite this commits the run's transaction (commit = false rolls it back).
    Status release(bool commit = true);
    ~MigrationLock();
    MigrationLock(const MigrationLock &) = delete;
    MigrationLock &operator=(const MigrationLock &) = delete;

    /// SQLite: the run is inside the lock's transaction; revisions use savepoints.
    bool holdsTransaction() const { return m_connection.dialect() == Dialect::SQLite && m_held && !m_handedOver; }
    /// SQLite: commits the run's transaction, keeping the revisions that completed, so that the Python
    /// worker's own connection can write the next revision; takeBack() begins it again (waiting up to
    /// the busy timeout). Elsewhere the lock does not hold a transaction and both do nothing.
    Status handOver();
    Status takeBack();

    /// SQLite: foreign keys were on before the lock turned them off for the run.
    bool foreignKeysWereOn() const { return m_foreignKeysWereOn; }

    /// The name (MySQL) or key (PostgreSQL) the lock uses for this database and version table.
    static QString lockName(const Connection &connection, const QString &versionTable);
    static qint64 advisoryKey(const Connection &connection, const QString &versionTable);
    /// Who holds the lock now (PostgreSQL, MySQL); empty when nobody or unknown.
    static QString holder(const Connection &connection, const QString &versionTable);

private:
    MigrationLock(const Connection &connection, QString versionTable) : m_connection(connection), m_versionTable(std::move(versionTable)) {}

    const Connection &m_connection;
    QString m_versionTable;
    bool m_held = false;
    bool m_handedOver = false;
    bool m_foreignKeysWereOn = false;
};

} // namespace retort
