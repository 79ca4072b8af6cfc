#include "runner/Simulation.h"

#include "runner/RunLog.h"
#include "schema/SchemaReader.h"

#include <QHash>
#include <QSet>

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
        // Named plain indexes, not the ones engines make behind keys and unique constraints (SQLite's
        // autoindexes; MySQL's index per unique constraint and per foreign key, named after it), nor
        // unique ones (MySQL cannot tell a unique index from a unique constraint).
        const auto indexNames = [](const Table *t) {
            QSet<QString> constraints;
            for (const UniqueConstraint &u : t->uniqueConstraints)
                constraints.insert(u.name.toLower());
            for (const ForeignKey &f : t->foreignKeys)
                constraints.insert(f.name.toLower());
            QStringList indexes;
            for (const Index &i : t->indexes) {
                const QString name = i.name.toLower();
                if (!i.backsConstraint && !i.unique && !name.isEmpty() && !name.startsWith(QLatin1String("sqlite_autoindex_")) && !constraints.contains(name))
                    indexes << name;
            }
            return indexes;
        };
        const QStringList liveIndexes = indexNames(a);
        const QStringList revisionIndexes = indexNames(b);
        QStringList missingIndexes;
        QStringList extraIndexes;
        for (const QString &i : revisionIndexes) {
            if (!liveIndexes.contains(i))
                missingIndexes << i;
        }
        for (const QString &i : liveIndexes) {
            if (!revisionIndexes.contains(i))
                extraIndexes << i;
        }
        if (!missingIndexes.isEmpty())
            out << QStringLiteral("table %1: %2 has index(es) %3, the database does not").arg(a->name, revision, missingIndexes.join(QStringLiteral(", ")));
        if (!extraIndexes.isEmpty())
            out << QStringLiteral("table %1: the database has index(es) %3, %2 does not").arg(a->name, revision, extraIndexes.join(QStringLiteral(", ")));
    }
    return out;
}

QList<RevisionMatch> identifyRevision(RevisionOperationSource &source, const Schema &live, const QString &versionTable,
                                      QStringList *unknown)
{
    const RevisionGraph &graph = source.graph();
    QList<RevisionMatch> matches;
    // Newest first, as alembic history lists them: a data-only revision ranks before the one whose schema it shares.
    QVector<int> all;
    for (int i = 0; i < graph.size(); ++i)
        all << i;
    for (const QString &id : graph.topologicalSort(all, graph.heads())) {
        Result<Schema> computed = simulatedSchema(source, {id}, VersionTableName{versionTable, {}});
        if (!computed) {
            if (unknown)
                *unknown << QStringLiteral("%1: %2").arg(id, computed.error().message);
            continue;
        }
        matches << RevisionMatch{id, schemaNameDifferences(live, *computed, id, versionTable)};
    }
    std::stable_sort(matches.begin(), matches.end(),
                     [](const RevisionMatch &a, const RevisionMatch &b) { return a.differences.size() < b.differences.size(); });
    return matches;
}

} // namespace retort
