#include "runner/Simulation.h"

#include "runner/RunLog.h"
#include "schema/SchemaReader.h"

#include <QHash>

#include <algorithm>

namespace retort {

Result<Schema> simulatedSchema(RevisionOperationSource &source, const QStringList &targets, const VersionTableName &versionTable)
{
    MigrationPlan plan;
    QStringList rows;
    for (const QString &target : targets) {
        Result<MigrationPlan> part = planUpgrade(source.graph(), rows, target);
        if (!part)
            return part.error();
        plan.steps << part->steps;
        rows = part->rowsAfter;
    }
    plan.rowsAfter = rows;
    Schema schema;
    const ScratchInspector readBack = [&](const Connection &scratch) -> Status {
        Result<Schema> read = introspectSchema(scratch);
        if (!read)
            return read.error();
        schema = *read;
        return Status();
    };
    Result<QString> script = offlineSql(Dialect::SQLite, source, plan, versionTable, nullptr, false, nullptr, readBack);
    if (!script)
        return script.error();
    return schema;
}

QStringList schemaNameDifferences(const Schema &live, const Schema &atRevision, const QString &revision, const QString &versionTable)
{
    const auto tables = [&](const Schema &s) {
        QHash<QString, const Table *> out;
        for (const Table &t : s.tables) {
            const QString key = t.name.toLower();
            if (key != versionTable.toLower() && key != runlog::kTable && !key.startsWith(QLatin1String("sqlite_")))
                out.insert(key, &t);
        }
        return out;
    };
    const QHash<QString, const Table *> here = tables(live);
    const QHash<QString, const Table *> there = tables(atRevision);
    QStringList out;
    QStringList names = here.keys() + there.keys();
    names.removeDuplicates();
    names.sort();
    for (const QString &key : std::as_const(names)) {
        const Table *a = here.value(key);
        const Table *b = there.value(key);
        if (!a) {
            out << QStringLiteral("table %1: %2 has it, the database does not").arg(b->name, revision);
            continue;
        }
        if (!b) {
            out << QStringLiteral("table %1: the database has it, %2 does not").arg(a->name, revision);
            continue;
        }
        const auto lacks = [](const Table *t, const QString &name) {
            return std::none_of(t->columns.cbegin(), t->columns.cend(),
                                [&](const Column &c) { return c.name.compare(name, Qt::CaseInsensitive) == 0; });
        };
        QStringList missing;
        QStringList extra;
        for (const Column &c : b->columns) {
            if (lacks(a, c.name))
                missing << c.name;
        }
        for (const Column &c : a->columns) {
            if (lacks(b, c.name))
                extra << c.name;
        }
        if (!missing.isEmpty())
            out << QStringLiteral("table %1: %2 has column(s) %3, the database does not").arg(a->name, revision, missing.join(QStringLiteral(", ")));
        if (!extra.isEmpty())
            out << QStringLiteral("table %1: the database has column(s) %3, %2 does not").arg(a->name, revision, extra.join(QStringLiteral(", ")));
    }
    return out;
}

} // namespace retort
