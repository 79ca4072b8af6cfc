// Polls a non-blocking lock call so the waiting side can say who holds it and give up on time.
#include "runner/MigrationLock.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QSqlQuery>
#include <QThread>
#include <QtEndian>

namespace retort {

namespace {

constexpr int kPollMs = 200;

} // namespace

QString MigrationLock::lockName(const Connection &connection, const QString &versionTable)
{
    // GET_LOCK names are limited to 64 characters: long database names are hashed.
    const QString name = QStringLiteral("retort:%1:%2").arg(connection.url().database(), versionTable);
    if (name.size() <= 64)
        return name;
    return QStringLiteral("retort:") + QString::fromLatin1(QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1).toHex());
}

qint64 MigrationLock::advisoryKey(const Connection &connection, const QString &versionTable)
{
    const QByteArray digest = QCryptographicHash::hash(lockName(connection, versionTable).toUtf8(), QCryptographicHash::Sha256);
    return qFromBigEndian<qint64>(digest.constData());
}

QString MigrationLock::holder(const Connection &connection, const QString &versionTable)
{
    QSqlQuery q(connection.database());
    if (connection.dialect() == Dialect::PostgreSQL) {
        const qint64 key = advisoryKey(connection, versionTable);
        q.prepare(QStringLiteral(
            "SELECT a.pid, a.usename, COALESCE(NULLIF(a.application_name, ''), '?'), COALESCE(host(a.client_addr), 'local'), "
            "to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS') "
            "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ? AND l.objid = ? AND l.objsubid = 1 "
            "AND a.pid <> pg_backend_pid()"));
        q.addBindValue(qint64(quint64(key) >> 32));
        q.addBindValue(qint64(quint64(key) & 0xffffffffu));
        if (q.exec() && q.next())
            return QStringLiteral("PostgreSQL backend %1 (user %2, %3 from %4, connected %5)")
                .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                     q.value(4).toString());
    } else if (connection.dialect() == Dialect::MySQL) {
        q.prepare(QStringLiteral("SELECT p.ID, p.USER, p.HOST, p.TIME FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)"));
        q.addBindValue(lockName(connection, versionTable));
        if (q.exec() && q.next())
            return QStringLiteral("connection %1 (user %2 from %3, for %4 s)")
                .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString());
    }
    return {};
}

Result<std::unique_ptr<MigrationLock>> MigrationLock::acquire(const Connection &connection, const QString &versionTable,
                                                              int timeoutSeconds, const WaitObserver &waiting)
{
    std::unique_ptr<MigrationLock> lock(new MigrationLock(connection, versionTable));
    QSqlQuery q(connection.database());
    const QDeadlineTimer deadline(qint64(std::max(0, timeoutSeconds)) * 1000);
    QDeadlineTimer nextReport(1000);
    QString lastHolder;

    const auto tryOnce = [&]() -> Result<bool> {
        switch (connection.dialect()) {
        case Dialect::PostgreSQL:
            q.prepare(QStringLiteral("SELECT pg_try_advisory_lock(?)"));
            q.addBindValue(advisoryKey(connection, versionTable));
            break;
        case Dialect::MySQL:
            q.prepare(QStringLiteral("SELECT GET_LOCK(?, 0)"));
            q.addBindValue(lockName(connection, versionTable));
            break;
        case Dialect::SQLite:
            // Fails at once with "database is locked" while another connection writes.
            if (!q.exec(QStringLiteral("PRAGMA busy_timeout = 0")))
                return connection.queryError(QStringLiteral("Could not prepare the migration lock"), q.lastError());
            if (q.exec(QStringLiteral("BEGIN IMMEDIATE")))
                return true;
            if (q.lastError().nativeErrorCode() == QLatin1String("5") || q.lastError().text().contains(QLatin1String("locked")))
                return false;
            return connection.queryError(QStringLiteral("Could not take the migration lock"), q.lastError(), q.lastQuery());
        }
        if (!q.exec() || !q.next())
            return connection.queryError(QStringLiteral("Could not take the migration lock"), q.lastError(), q.lastQuery());
        return q.value(0).toInt() == 1 || q.value(0).toBool();
    };

    if (connection.dialect() == Dialect::SQLite) {
        // Foreign keys must be off before the transaction starts (the PRAGMA is a no-op inside one),
        // so a batch rebuild never cascades; each revision is checked with foreign_key_check.
        if (q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next())
            lock->m_foreignKeysWereOn = q.value(0).toInt() == 1;
        q.finish();
        if (lock->m_foreignKeysWereOn)
            q.exec(QStringLiteral("PRAGMA foreign_keys = OFF"));
    }
    while (true) {
        Result<bool> taken = tryOnce();
        if (!taken) {
            lock->release(false);
            return taken.error();
        }
        if (*taken) {
            lock->m_held = true;
            // The polling ran without a busy timeout; the run's COMMIT must wait for readers that
            // hold a shared lock for a moment (another migrator polling, a preview) instead of failing.
            if (connection.dialect() == Dialect::SQLite)
                q.exec(QStringLiteral("PRAGMA busy_timeout = 30000"));
            return lock;
        }
        lastHolder = holder(connection, versionTable);
        if (deadline.hasExpired()) {
            lock->release(false);
            const QString who = !lastHolder.isEmpty() ? lastHolder
                                : connection.dialect() == Dialect::SQLite ? QStringLiteral("another connection writing to the database file")
                                                                          : QStringLiteral("another session");
            return makeError(QStringLiteral("Another migration holds the lock on this database (%1); gave up after %2 s. Nothing "
                                            "was changed; try again when it has finished, or raise --lock-timeout.")
                                 .arg(who).arg(timeoutSeconds));
        }
        if (waiting && nextReport.hasExpired()) {
            waiting(lastHolder.isEmpty() ? QStringLiteral("another migration") : lastHolder);
            nextReport.setRemainingTime(1000);
        }
        QThread::msleep(kPollMs);
    }
}

Status MigrationLock::release(bool commit)
{
    Status problem;
    if (!m_connection.database().isOpen()) {
        // The connection died: the server released the lock (and rolled back) with it.
        m_held = false;
        m_foreignKeysWereOn = false;
        return problem;
    }
    QSqlQuery q(m_connection.database());
    if (m_held) {
        m_held = false;
        switch (m_connection.dialect()) {
        case Dialect::PostgreSQL:
            q.prepare(QStringLiteral("SELECT pg_advisory_unlock(?)"));
            q.addBindValue(advisoryKey(m_connection, m_versionTable));
            q.exec();
            break;
        case Dialect::MySQL:
            q.prepare(QStringLiteral("SELECT RELEASE_LOCK(?)"));
            q.addBindValue(lockName(m_connection, m_versionTable));
            q.exec();
            break;
        case Dialect::SQLite:
            if (m_handedOver) {
                m_handedOver = false;   // the worker's revisions are committed already
                break;
            }
            if (!q.exec(commit ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")))
                problem = m_connection.queryError(QStringLiteral("Could not commit the migration"), q.lastError(), q.lastQuery());
            break;
        }
    }
    if (m_connection.dialect() == Dialect::SQLite && m_foreignKeysWereOn) {
        q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        m_foreignKeysWereOn = false;
    }
    return problem;
}

Status MigrationLock::handOver()
{
    if (!holdsTransaction())
        return Status();
    QSqlQuery q(m_connection.database());
    if (!q.exec(QStringLiteral("COMMIT")))
        return m_connection.queryError(QStringLiteral("Could not commit the revisions before handing the database to Python"),
                                       q.lastError(), q.lastQuery());
    m_handedOver = true;
    return Status();
}

Status MigrationLock::takeBack()
{
    if (m_connection.dialect() != Dialect::SQLite || !m_held || !m_handedOver)
        return Status();
    QSqlQuery q(m_connection.database());
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return m_connection.queryError(QStringLiteral("Could not take the migration lock back from the Python worker"),
                                       q.lastError(), q.lastQuery());
    m_handedOver = false;
    return Status();
}

MigrationLock::~MigrationLock()
{
    // A lock that was not released explicitly belongs to a run that did not finish: roll back.
    release(false);
}

} // namespace retort
