#include "runner/Stairway.h"

#include "ops/DdlCompiler.h"
#include "runner/Simulation.h"
#include "schema/SchemaReader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace retort {

QString StairwayStep::outcomeText() const
{
    switch (outcome) {
    case Outcome::Ok: return QStringLiteral("ok");
    case Outcome::UpgradeFails: return QStringLiteral("upgrade fails");
    case Outcome::DowngradeFails: return QStringLiteral("downgrade fails");
    case Outcome::NotRestored: return QStringLiteral("downgrade does not restore the schema");
    case Outcome::UpgradeDiffers: return QStringLiteral("upgrade after the downgrade gives another schema");
    case Outcome::NeedsPython: return QStringLiteral("needs Python: not checked");
    case Outcome::BranchStep: return QStringLiteral("checked up only (several heads before or after)");
    }
    return {};
}

namespace {

QString differencesText(const Schema &expected, const Schema &actual)
{
    QStringList lines;
    for (const SchemaChange &c : diffSchemas(expected, actual))
        lines << QStringLiteral("%1: %2").arg(c.table, c.text);
    return lines.join(QStringLiteral("; "));
}

} // namespace

namespace {

// A database made for the check on a server, next to the user's, and dropped when it goes.
class ServerScratch
{
public:
    static Result<std::unique_ptr<ServerScratch>> create(const DatabaseUrl &server)
    {
        auto out = std::unique_ptr<ServerScratch>(new ServerScratch);
        Connection::Options options;
        options.purpose = QStringLiteral("stairway admin");
        Result<std::unique_ptr<Connection>> admin = Connection::open(server, options);
        if (!admin)
            return admin.error();
        out->m_admin = std::move(admin).value();
        const QString base = server.database().left(30);
        out->m_name = QStringLiteral("%1_stairway_%2").arg(base, QString::number(QRandomGenerator::global()->generate(), 16));
        if (Status made = out->exec(QStringLiteral("CREATE DATABASE %1").arg(out->quoted())); !made)
            return makeError(QStringLiteral("Could not create the scratch database %1 next to %2 for the stairway check (the user must be "
                                            "allowed to create databases there)").arg(out->m_name, server.database()),
                             made.error().message);
        out->m_created = true;
        out->m_url = server.withDatabase(out->m_name);
        return out;
    }
    /// Drops the database, and only one this object created.
    ~ServerScratch()
    {
        if (m_created)
            exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted()));
    }
    /// Empties it: dropped and made again.
    Status remake()
    {
        if (Status dropped = exec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(quoted())); !dropped)
            return dropped;
        return exec(QStringLiteral("CREATE DATABASE %1").arg(quoted()));
    }
    const DatabaseUrl &url() const { return m_url; }

private:
    ServerScratch() = default;
    QString quoted() const { return DdlCompiler(m_admin->dialect()).quote(m_name); }
    Status exec(const QString &sql) const
    {
        QSqlQuery q(m_admin->database());
        if (!q.exec(sql))
            return m_admin->queryError(QStringLiteral("Could not run %1").arg(sql), q.lastError(), sql);
        return Status();
    }

    std::unique_ptr<Connection> m_admin;
    bool m_created = false;
    QString m_name;
    DatabaseUrl m_url;
};

} // namespace

Result<QList<StairwayStep>> runStairway(RevisionOperationSource &source, const VersionTableName &versionTable,
                                        const StairwayProgress &progress, const std::optional<DatabaseUrl> &server)
{
    const RevisionGraph &graph = source.graph();
    Result<MigrationPlan> all = planUpgrade(graph, {}, QStringLiteral("heads"));
    if (!all)
        return all.error();
    if (server && server->dialect() == Dialect::SQLite)
        return makeError(QStringLiteral("The stairway check runs on a server next to a PostgreSQL or MySQL database; without --url it "
                                        "makes a SQLite file of its own"));
    QTemporaryDir scratchDir;
    if (!scratchDir.isValid())
        return makeError(QStringLiteral("Could not make a scratch folder for the stairway check: %1").arg(scratchDir.errorString()));
    std::unique_ptr<ServerScratch> onServer;
    if (server) {
        Result<std::unique_ptr<ServerScratch>> made = ServerScratch::create(*server);
        if (!made)
            return made.error();
        onServer = std::move(made).value();
    }
    // The scratch database; made again (a new file, or the server's emptied, upgraded through step
    // last) when a faulty downgrade left it in a state no revision describes.
    std::unique_ptr<Connection> scratch;
    int generation = 0;
    const auto fresh = [&](int last) -> Status {
        scratch.reset();
        Result<DatabaseUrl> url = onServer ? Result<DatabaseUrl>(onServer->url())
                                           : DatabaseUrl::parse(QStringLiteral("sqlite:///") + scratchDir.filePath(QStringLiteral("stairway-%1.db").arg(++generation)));
        if (!url)
            return url.error();
        if (onServer && generation++ > 0) {
            if (Status emptied = onServer->remake(); !emptied)
                return emptied;
        }
        Connection::Options options;
        options.createSqliteFile = true;
        options.purpose = QStringLiteral("stairway");
        Result<std::unique_ptr<Connection>> opened = Connection::open(*url, options);
        if (!opened)
            return opened.error();
        scratch = std::move(opened).value();
        if (last < 0)
            return Status();
        MigrationPlan upTo = *all;
        upTo.steps = all->steps.mid(0, last + 1);
        upTo.rowsAfter = upTo.steps.constLast().rowsAfter;
        return runMigration(*scratch, source, upTo, RunSettings{versionTable, {}, nullptr, {}, {}, nullptr});
    };
    if (Status made = fresh(-1); !made)
        return made.error();
    const RunSettings settings{versionTable, {}, nullptr, {}, {}, nullptr};
    const auto schemaNow = [&]() -> Result<Schema> {
        Result<Schema> s = introspectSchema(*scratch);
        if (!s)
            return s.error();
        // The version table is bookkeeping, not the revisions' schema.
        s->tables.removeIf([&](const Table &t) { return t.name == versionTable.table; });
        return s;
    };

    QList<StairwayStep> out;
    QStringList rows;
    Result<Schema> before = schemaNow();
    if (!before)
        return before.error();
    const int count = int(all->steps.size());
    for (int i = 0; i < count; ++i) {
        const MigrationStep &step = all->steps.at(i);
        StairwayStep result;
        result.revision = graph.at(step.revision).id;
        result.title = step.title();
        const auto report = [&]() { return !progress || progress(result, i, count); };

        const OperationsRead &up = source.operations(step.revision, true);
        const OperationsRead &down = source.operations(step.revision, false);
        if (up.needsPython || down.needsPython) {
            result.outcome = StairwayStep::Outcome::NeedsPython;
            result.detail = (up.needsPython ? QStringLiteral("upgrade(): ") + up.needsPython->reason
                                            : QStringLiteral("downgrade(): ") + down.needsPython->reason);
            out << result;
            report();
            break;   // the scratch database cannot follow past a revision it cannot run
        }
        MigrationPlan upOne;
        upOne.kind = MigrationPlan::Kind::Upgrade;
        upOne.rowsBefore = rows;
        upOne.rowsAfter = step.rowsAfter;
        upOne.steps = {step};
        if (Status ran = runMigration(*scratch, source, upOne, settings); !ran) {
            result.outcome = StairwayStep::Outcome::UpgradeFails;
            result.detail = ran.error().toString();
            out << result;
            report();
            break;
        }
        Result<Schema> after = schemaNow();
        if (!after)
            return after.error();

        // Down and up again, where one downgrade undoes exactly this step (one head before and after).
        if (rows.size() <= 1 && step.rowsAfter.size() == 1) {
            Result<MigrationPlan> downOne = planDowngrade(graph, step.rowsAfter, rows.isEmpty() ? QStringLiteral("base") : rows.first());
            Status downRan = downOne ? runMigration(*scratch, source, *downOne, settings) : Status(downOne.error());
            if (!downRan) {
                // SQLite and PostgreSQL rolled the failed downgrade back: the database is still upgraded,
                // and the check goes on. MySQL keeps what ran of it: start over from a fresh copy.
                result.outcome = StairwayStep::Outcome::DowngradeFails;
                result.detail = downRan.error().toString();
                if (scratch->dialect() == Dialect::MySQL) {
                    if (Status made = fresh(i); !made) {
                        result.detail += QStringLiteral(" (and the scratch database could not be made again: %1)").arg(made.error().toString());
                        out << result;
                        report();
                        break;
                    }
                }
                out << result;
                rows = step.rowsAfter;
                before = after;
                if (!report())
                    break;
                continue;
            }
            Result<Schema> back = schemaNow();
            if (!back)
                return back.error();
            const QString lost = differencesText(*before, *back);
            if (!lost.isEmpty()) {
                result.outcome = StairwayStep::Outcome::NotRestored;
                result.detail = lost;
                // What the downgrade left behind would only trip the upgrade again: start over from a
                // scratch database upgraded through this revision, and go on.
                if (Status made = fresh(i); !made) {
                    result.detail += QStringLiteral(" (and the scratch database could not be made again: %1)").arg(made.error().toString());
                    out << result;
                    report();
                    break;
                }
            } else if (Status again = runMigration(*scratch, source, upOne, settings); !again) {
                result.outcome = StairwayStep::Outcome::UpgradeFails;
                result.detail = QStringLiteral("after the downgrade: ") + again.error().toString();
                out << result;
                report();
                break;
            } else {
                Result<Schema> reupgraded = schemaNow();
                if (!reupgraded)
                    return reupgraded.error();
                const QString differs = differencesText(*after, *reupgraded);
                if (!differs.isEmpty()) {
                    result.outcome = StairwayStep::Outcome::UpgradeDiffers;
                    result.detail = differs;
                }
                after = reupgraded;
            }
        } else {
            result.outcome = StairwayStep::Outcome::BranchStep;
        }
        out << result;
        rows = step.rowsAfter;
        before = after;
        if (!report())
            break;
    }
    return out;
}

namespace {

const QList<std::pair<StairwayStep::Outcome, QString>> &outcomeKeys()
{
    using O = StairwayStep::Outcome;
    static const QList<std::pair<O, QString>> keys = {
        {O::Ok, QStringLiteral("ok")}, {O::UpgradeFails, QStringLiteral("upgrade_fails")},
        {O::DowngradeFails, QStringLiteral("downgrade_fails")}, {O::NotRestored, QStringLiteral("not_restored")},
        {O::UpgradeDiffers, QStringLiteral("upgrade_differs")}, {O::NeedsPython, QStringLiteral("needs_python")},
        {O::BranchStep, QStringLiteral("branch_step")},
    };
    return keys;
}

} // namespace

QString stairwayPlace(const std::optional<DatabaseUrl> &server)
{
    return server ? QStringLiteral("on a scratch database next to %1").arg(server->toDisplayString())
                  : QStringLiteral("on a scratch SQLite database");
}

QString stairwayRecordPath(const QString &projectDir)
{
    const QString canonical = QFileInfo(projectDir).canonicalFilePath();
    const QByteArray key = QCryptographicHash::hash((canonical.isEmpty() ? projectDir : canonical).toUtf8(), QCryptographicHash::Sha256).toHex();
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("retort/stairway/%1.json").arg(QString::fromLatin1(key)));
}

Status saveStairwayRecord(const QString &projectDir, const StairwayRecord &record)
{
    const QString path = stairwayRecordPath(projectDir);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(QStringLiteral("Could not create the folder %1").arg(QFileInfo(path).absolutePath()));
    QJsonArray steps;
    for (const StairwayStep &s : record.steps) {
        QString outcome;
        for (const auto &[o, key] : outcomeKeys()) {
            if (o == s.outcome)
                outcome = key;
        }
        steps.append(QJsonObject{{QStringLiteral("revision"), s.revision}, {QStringLiteral("title"), s.title},
                                 {QStringLiteral("outcome"), outcome}, {QStringLiteral("detail"), s.detail}});
    }
    const QJsonObject root{{QStringLiteral("project"), QFileInfo(projectDir).absoluteFilePath()},
                           {QStringLiteral("finished"), record.finished.toUTC().toString(Qt::ISODate)},
                           {QStringLiteral("stopped"), record.stopped}, {QStringLiteral("where"), record.where},
                           {QStringLiteral("steps"), steps}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit())
        return makeError(QStringLiteral("Could not write %1: %2").arg(path, file.errorString()));
    return Status();
}

std::optional<StairwayRecord> loadStairwayRecord(const QString &projectDir)
{
    QFile file(stairwayRecordPath(projectDir));
    if (!file.open(QIODevice::ReadOnly) || file.size() > 16 * 1024 * 1024)
        return std::nullopt;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    StairwayRecord record;
    record.finished = QDateTime::fromString(root.value(QStringLiteral("finished")).toString(), Qt::ISODate);
    if (!record.finished.isValid())
        return std::nullopt;
    record.stopped = root.value(QStringLiteral("stopped")).toBool();
    record.where = root.value(QStringLiteral("where")).toString();
    for (const QJsonValue &v : root.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject o = v.toObject();
        StairwayStep step;
        step.revision = o.value(QStringLiteral("revision")).toString();
        step.title = o.value(QStringLiteral("title")).toString();
        step.detail = o.value(QStringLiteral("detail")).toString();
        const QString outcome = o.value(QStringLiteral("outcome")).toString();
        bool known = false;
        for (const auto &[key, name] : outcomeKeys()) {
            if (name == outcome) {
                step.outcome = key;
                known = true;
            }
        }
        if (!known)
            return std::nullopt;
        record.steps << step;
    }
    return record;
}

} // namespace retort
