#include "runner/Simulation.h"

#include "ops/SchemaApplier.h"
#include "runner/RunLog.h"
#include "schema/SchemaReader.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <climits>

namespace retort {

Result<MigrationPlan> planFromBase(const RevisionGraph &graph, const QStringList &targets)
{
    MigrationPlan plan;
    QStringList rows;
    for (const QString &target : targets) {
        Result<MigrationPlan> part = planUpgrade(graph, rows, target);
        if (!part)
            return part.error();
        plan.steps << part->steps;
        rows = part->rowsAfter;
    }
    plan.rowsAfter = rows;
    return plan;
}

namespace {

Error needsPythonError(const RevisionScript &script, const NeedsPython &needs)
{
    Error e = makeError(QStringLiteral("revision %1 needs Python (%2), so the schema from it on is not known without running it")
                            .arg(script.revision, needs.reason));
    e.file = script.path;
    e.line = needs.line;
    return e;
}

// Applies the plan's steps in memory; after(step) is called after each.
Status applyPlan(RevisionOperationSource &source, const MigrationPlan &plan, SchemaApplier &applier,
                 const std::function<void(int step)> &after = {})
{
    for (int i = 0; i < plan.steps.size(); ++i) {
        const MigrationStep &step = plan.steps.at(i);
        const RevisionScript &script = source.graph().scriptOf(step.revision);
        const OperationsRead &read = source.operations(step.revision, step.upgrade);
        if (read.needsPython)
            return needsPythonError(script, *read.needsPython);
        if (Status applied = applier.apply(read.operations); !applied) {
            Error e = applied.error();
            e.message = QStringLiteral("revision %1: %2").arg(script.revision, e.message);
            e.file = script.path;
            return e;
        }
        if (after)
            after(i);
    }
    return Status();
}

} // namespace

std::optional<PythonRevisions> revisionsNeedingPython(RevisionOperationSource &source, const QStringList &targets)
{
    Result<MigrationPlan> plan = planFromBase(source.graph(), targets);
    const QList<std::pair<int, NeedsPython>> steps = plan ? stepsNeedingPython(source, *plan) : QList<std::pair<int, NeedsPython>>();
    if (steps.isEmpty())
        return std::nullopt;
    PythonRevisions out;
    for (const auto &[step, needs] : steps)
        out.revisions << source.graph().at(plan->steps.at(step).revision).id;
    out.first = needsPythonError(source.graph().scriptOf(plan->steps.at(steps.first().first).revision), steps.first().second);
    return out;
}

Result<Schema> appliedSchema(RevisionOperationSource &source, const QStringList &targets, Dialect dialect,
                             const VersionTableName &versionTable, bool mariadb)
{
    Result<MigrationPlan> plan = planFromBase(source.graph(), targets);
    if (!plan)
        return plan.error();
    SchemaApplier applier(dialect, mariadb);
    // The version table, as Alembic creates it before the first revision.
    Operation create;
    create.kind = Operation::Kind::CreateTable;
    create.table = versionTable.table;
    create.schema = versionTable.schema;
    ColumnDef version;
    version.name = QStringLiteral("version_num");
    version.type.name = QStringLiteral("String");
    version.type.length = 32;
    version.nullable = false;
    create.columns << version;
    create.constraints << ConstraintDef::make(ConstraintDef::Kind::PrimaryKey, versionTable.table + QStringLiteral("_pkc"), {version.name});
    if (Status created = applier.apply(create); !created)
        return created.error();
    if (Status applied = applyPlan(source, *plan, applier); !applied)
        return applied.error();
    return applier.schema();
}

Result<Schema> schemaAtRevisions(RevisionOperationSource &source, const QStringList &targets, Dialect dialect,
                                 const VersionTableName &versionTable, bool mariadb)
{
    if (dialect == Dialect::SQLite)
        return simulatedSchema(source, targets, versionTable);
    return appliedSchema(source, targets, dialect, versionTable, mariadb);
}

Result<Schema> simulatedSchema(RevisionOperationSource &source, const QStringList &targets, const VersionTableName &versionTable,
                               PythonWorker *python)
{
    Result<MigrationPlan> planned = planFromBase(source.graph(), targets);
    if (!planned)
        return planned.error();
    const MigrationPlan &plan = *planned;
    Schema schema;
    const ScratchInspector readBack = [&](const Connection &scratch, int step) -> Status {
        if (step >= 0)
            return Status();
        Result<Schema> read = introspectSchema(scratch);
        if (!read)
            return read.error();
        schema = *read;
        return Status();
    };
    Result<QString> script = offlineSql(Dialect::SQLite, source, plan, versionTable, nullptr, false, python, readBack);
    if (!script)
        return script.error();
    return schema;
}

StampCheck checkStamp(const Connection &connection, RevisionOperationSource &source, const QStringList &rows,
                      const VersionTableName &versionTable)
{
    const QString at = rows.isEmpty() ? QStringLiteral("base") : rows.join(QStringLiteral(", "));
    StampCheck check;
    Result<Schema> live = introspectSchema(connection);
    Result<Schema> computed = live ? simulatedSchema(source, rows, versionTable) : Result<Schema>(live.error());
    if (live && computed)
        check.differences = schemaNameDifferences(*live, *computed, at, versionTable.table);
    else
        check.unknown = QStringLiteral("the schema at %1 could not be computed, so the tables were not compared with it (%2)")
                            .arg(at, (live ? computed.error() : live.error()).message);
    return check;
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

namespace {

// The table names a schema has, lowercased, without bookkeeping tables.
QSet<QString> tableNamesOf(const Schema &schema, const QString &versionTable)
{
    QSet<QString> out;
    for (const Table &t : schema.tables) {
        const QString key = t.name.toLower();
        if (key != versionTable.toLower() && key != runlog::kTable && !key.startsWith(QLatin1String("sqlite_")))
            out.insert(key);
    }
    return out;
}

} // namespace

QList<RevisionMatch> identifyRevision(RevisionOperationSource &source, const Schema &live, const QString &versionTable,
                                      Dialect dialect, QStringList *unknown)
{
    const RevisionGraph &graph = source.graph();
    const VersionTableName vt{versionTable, {}};
    QVector<int> all;
    for (int i = 0; i < graph.size(); ++i)
        all << i;
    const QStringList newestFirst = graph.topologicalSort(all, graph.heads());
    QList<RevisionMatch> matches;
    const auto rank = [&]() {
        std::stable_sort(matches.begin(), matches.end(), [&](const RevisionMatch &a, const RevisionMatch &b) {
            if (a.differences.size() != b.differences.size())
                return a.differences.size() < b.differences.size();
            return newestFirst.indexOf(a.revision) < newestFirst.indexOf(b.revision);
        });
        return matches;
    };

    // One replay of the whole history, in two passes: first only the table names after each step
    // whose version table would hold one revision (then the schema is exactly that revision's),
    // then the full schema at the steps whose tables come closest. Several heads at once, and a
    // history a replay cannot follow (a revision needs Python), are compared one revision at a time.
    Result<MigrationPlan> plan = planUpgrade(graph, {}, QStringLiteral("heads"));
    const QSet<QString> liveTables = tableNamesOf(live, versionTable);
    const auto distance = [&](const QSet<QString> &names) {
        return int((names - liveTables).size() + (liveTables - names).size());
    };

    // In memory: the tables after each step whose version table would hold one revision are kept
    // (shared until the next step changes them), their names compared, the closest compared in full.
    if (plan) {
        SchemaApplier applier(dialect);
        QHash<int, QList<Table>> after;   // step -> its tables
        QHash<int, int> tableDistance;
        const Status applied = applyPlan(source, *plan, applier, [&](int step) {
            if (plan->steps.at(step).rowsAfter.size() != 1)
                return;
            after.insert(step, applier.tables());
            QSet<QString> names;
            for (const Table &t : applier.tables()) {
                const QString key = t.name.toLower();
                if (key != versionTable.toLower())
                    names.insert(key);
            }
            tableDistance.insert(step, distance(names));
        });
        if (applied) {
            int best = INT_MAX;
            for (auto it = tableDistance.cbegin(); it != tableDistance.cend(); ++it)
                best = std::min(best, it.value());
            QSet<int> computed;
            for (auto it = tableDistance.cbegin(); it != tableDistance.cend(); ++it) {
                if (it.value() > best + 1)
                    continue;
                Schema schema;
                schema.tables = after.value(it.key());
                const int revision = plan->steps.at(it.key()).revision;
                matches << RevisionMatch{graph.at(revision).id, schemaNameDifferences(live, schema, graph.at(revision).id, versionTable)};
                computed.insert(revision);
            }
            // The revisions only ever applied next to another head: each on its own.
            for (const MigrationStep &step : std::as_const(plan->steps)) {
                if (step.rowsAfter.size() == 1 || computed.contains(step.revision))
                    continue;
                const QString id = graph.at(step.revision).id;
                if (Result<Schema> schema = appliedSchema(source, {id}, dialect, vt)) {
                    matches << RevisionMatch{id, schemaNameDifferences(live, *schema, id, versionTable)};
                    computed.insert(step.revision);
                }
            }
            return rank();
        }
    }

    // On a scratch SQLite copy: SQL text that changes the schema runs there.
    QHash<int, int> tableDistance;   // step -> tables in one schema and not the other
    bool replayed = false;
    if (plan) {
        const ScratchInspector tables = [&](const Connection &scratch, int step) -> Status {
            if (step < 0 || plan->steps.at(step).rowsAfter.size() != 1)
                return Status();
            QSqlQuery q(scratch.database());
            if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
                return scratch.queryError(QStringLiteral("Could not list the scratch copy's tables"), q.lastError());
            QSet<QString> names;
            while (q.next()) {
                const QString key = q.value(0).toString().toLower();
                if (key != versionTable.toLower() && !key.startsWith(QLatin1String("sqlite_")))
                    names.insert(key);
            }
            tableDistance.insert(step, distance(names));
            return Status();
        };
        replayed = offlineSql(Dialect::SQLite, source, *plan, vt, nullptr, false, nullptr, tables).ok();
    }
    QSet<int> computed;   // graph indexes with a match
    if (replayed && !tableDistance.isEmpty()) {
        int best = INT_MAX;
        for (auto it = tableDistance.cbegin(); it != tableDistance.cend(); ++it)
            best = std::min(best, it.value());
        QSet<int> candidates;
        for (auto it = tableDistance.cbegin(); it != tableDistance.cend(); ++it) {
            if (it.value() <= best + 1)
                candidates.insert(it.key());
        }
        const ScratchInspector full = [&](const Connection &scratch, int step) -> Status {
            if (step < 0 || !candidates.contains(step))
                return Status();
            Result<Schema> schema = introspectSchema(scratch);
            if (!schema)
                return schema.error();
            const int revision = plan->steps.at(step).revision;
            matches << RevisionMatch{graph.at(revision).id, schemaNameDifferences(live, *schema, graph.at(revision).id, versionTable)};
            computed.insert(revision);
            return Status();
        };
        if (!offlineSql(Dialect::SQLite, source, *plan, vt, nullptr, false, nullptr, full)) {
            matches.clear();
            computed.clear();
            replayed = false;
        }
        // The revisions only ever applied next to another head: each on its own.
        for (const MigrationStep &step : std::as_const(plan->steps)) {
            if (step.rowsAfter.size() == 1 || computed.contains(step.revision) || !replayed)
                continue;
            const QString id = graph.at(step.revision).id;
            Result<Schema> schema = simulatedSchema(source, {id}, vt);
            if (schema) {
                matches << RevisionMatch{id, schemaNameDifferences(live, *schema, id, versionTable)};
                computed.insert(step.revision);
            }
        }
    }
    if (replayed)
        return rank();
    // Every revision on its own: slower, and it says which cannot be computed.
    matches.clear();
    for (const QString &id : newestFirst) {
        Result<Schema> schema = simulatedSchema(source, {id}, vt);
        if (!schema) {
            if (unknown)
                *unknown << QStringLiteral("%1: %2").arg(id, schema.error().message);
            continue;
        }
        matches << RevisionMatch{id, schemaNameDifferences(live, *schema, id, versionTable)};
    }
    return rank();
}

namespace {

QString columnText(const Column &c)
{
    return QStringLiteral("%1 %2 %3%4%5").arg(c.name, c.type, c.nullable ? QStringLiteral("NULL") : QStringLiteral("NOT NULL"),
                                              c.defaultValue.isEmpty() ? QString() : QStringLiteral(" DEFAULT ") + c.defaultValue,
                                              c.primaryKey ? QStringLiteral(" PK") : QString());
}

QString indexText(const Index &i)
{
    QStringList parts;
    for (qsizetype k = 0; k < i.columns.size(); ++k)
        parts << (i.columns.at(k).isEmpty() ? i.expressions.value(k) : i.columns.at(k));
    return QStringLiteral("%1index %2 (%3)").arg(i.unique ? QStringLiteral("unique ") : QString(), i.name, parts.join(QStringLiteral(", ")));
}

QString foreignKeyText(const ForeignKey &f)
{
    return QStringLiteral("foreign key %1(%2) -> %3 (%4)%5%6")
        .arg(f.name.isEmpty() ? QString() : f.name + QLatin1Char(' '), f.columns.join(QStringLiteral(", ")), f.referredTable,
             f.referredColumns.join(QStringLiteral(", ")), f.onDelete.isEmpty() ? QString() : QStringLiteral(" ON DELETE ") + f.onDelete,
             f.onUpdate.isEmpty() ? QString() : QStringLiteral(" ON UPDATE ") + f.onUpdate);
}

// The texts of one kind of part of a table, for a set difference (SQLite's own autoindex names left out).
QStringList partTexts(const Table &t)
{
    QStringList out;
    for (const Index &i : t.indexes) {
        if (!i.name.startsWith(QLatin1String("sqlite_autoindex_")) && !i.backsConstraint)
            out << indexText(i);
    }
    for (const ForeignKey &f : t.foreignKeys)
        out << foreignKeyText(f);
    for (const UniqueConstraint &u : t.uniqueConstraints)
        out << QStringLiteral("unique %1(%2)").arg(u.name.isEmpty() ? QString() : u.name + QLatin1Char(' '), u.columns.join(QStringLiteral(", ")));
    for (const CheckConstraint &c : t.checkConstraints)
        out << QStringLiteral("check %1%2").arg(c.name.isEmpty() ? QString() : c.name + QLatin1Char(' '), c.sqltext);
    if (!t.primaryKeyColumns.isEmpty())
        out << QStringLiteral("primary key (%1)").arg(t.primaryKeyColumns.join(QStringLiteral(", ")));
    return out;
}

} // namespace

QList<SchemaChange> diffSchemas(const Schema &from, const Schema &to)
{
    QStringList names;
    for (const Table &t : from.tables)
        names << t.name;
    for (const Table &t : to.tables)
        names << t.name;
    names.removeDuplicates();
    names.sort();
    QList<SchemaChange> out;
    for (const QString &name : std::as_const(names)) {
        const Table *a = from.table(name);
        const Table *b = to.table(name);
        if (!a) {
            QStringList columns;
            for (const Column &c : b->columns)
                columns << c.name;
            out << SchemaChange{name, QStringLiteral("+ table %1 (%2)").arg(name, columns.join(QStringLiteral(", "))), {}};
            continue;
        }
        if (!b) {
            out << SchemaChange{name, QStringLiteral("- table %1").arg(name), {}};
            continue;
        }
        for (const Column &c : a->columns) {
            const Column *d = b->column(c.name);
            if (!d)
                out << SchemaChange{name, QStringLiteral("- column %1").arg(columnText(c)), {}};
            else if (columnText(c) != columnText(*d))
                out << SchemaChange{name, QStringLiteral("~ column %1 -> %2").arg(columnText(c), columnText(*d)), {}};
        }
        for (const Column &c : b->columns) {
            if (!a->column(c.name))
                out << SchemaChange{name, QStringLiteral("+ column %1").arg(columnText(c)), {}};
        }
        const QStringList before = partTexts(*a);
        const QStringList after = partTexts(*b);
        for (const QString &p : before) {
            if (!after.contains(p))
                out << SchemaChange{name, QStringLiteral("- ") + p, {}};
        }
        for (const QString &p : after) {
            if (!before.contains(p))
                out << SchemaChange{name, QStringLiteral("+ ") + p, {}};
        }
    }
    return out;
}

Result<QList<SchemaChange>> schemaChangesBetween(RevisionOperationSource &source, const QString &from, const QString &to,
                                                 const VersionTableName &versionTable, Dialect dialect, bool mariadb,
                                                 PythonWorker *python)
{
    const RevisionGraph &graph = source.graph();
    // Each side's history: the revisions an upgrade from base to it runs.
    const auto history = [&](const QString &target) -> Result<QList<int>> {
        if (target == QLatin1String("base"))
            return QList<int>();
        Result<MigrationPlan> plan = planUpgrade(graph, {}, target);
        if (!plan)
            return plan.error();
        QList<int> out;
        for (const MigrationStep &step : plan->steps)
            out << step.revision;
        return out;
    };
    Result<QList<int>> fromHistory = history(from);
    if (!fromHistory)
        return fromHistory.error();
    Result<QList<int>> toHistory = history(to);
    if (!toHistory)
        return toHistory.error();
    const auto ids = [&](const QList<int> &revisions) {
        QStringList out;
        for (const int r : revisions)
            out << graph.at(r).id;
        return out;
    };
    const auto at = [&](const QStringList &targets) {
        return python ? simulatedSchema(source, targets, versionTable, python) : schemaAtRevisions(source, targets, dialect, versionTable, mariadb);
    };
    Result<Schema> a = at(ids(*fromHistory).isEmpty() ? QStringList() : QStringList{from});
    if (!a)
        return a.error();
    Result<Schema> b = at(ids(*toHistory).isEmpty() ? QStringList() : QStringList{to});
    if (!b)
        return b.error();
    QList<SchemaChange> changes = diffSchemas(*a, *b);
    // Causes: upgrades in to's history only, then downgrades of what is in from's only.
    QList<QPair<int, bool>> between;
    for (const int r : *toHistory) {
        if (!fromHistory->contains(r))
            between << qMakePair(r, true);
    }
    for (qsizetype i = fromHistory->size() - 1; i >= 0; --i) {
        if (!toHistory->contains(fromHistory->at(i)))
            between << qMakePair(fromHistory->at(i), false);
    }
    for (SchemaChange &change : changes) {
        // What the change is about: the table itself, a column, an index, or a constraint.
        const QString what = change.text.section(QLatin1Char(' '), 1, 1);
        const QString subject = change.text.section(QLatin1Char(' '), 2, 2).toLower();
        // "unique NAME (…)", "check NAME …", "foreign key NAME(…)", "primary key (…)": the name, or empty when unnamed.
        QString constraintName = (what == QLatin1String("foreign") ? change.text.section(QLatin1Char(' '), 3, 3) : subject)
                                     .section(QLatin1Char('('), 0, 0);
        if (what == QLatin1String("primary") || (what == QLatin1String("check") && !change.text.contains(QStringLiteral("check ") + constraintName + QLatin1Char(' '))))
            constraintName.clear();
        for (const QPair<int, bool> &step : std::as_const(between)) {
            const RevisionScript &script = graph.scriptOf(step.first);
            const auto sameTable = [&](const Operation &op, const QString &table) {
                return table.compare(change.table, Qt::CaseInsensitive) == 0 || op.newName.compare(change.table, Qt::CaseInsensitive) == 0;
            };
            // Whether op (in a batch on batchTable, or on its own) makes this change. Rows (bulk_insert,
            // data statements) never change the schema; raw SQL does when it names the table.
            const auto makes = [&](const Operation &op, const QString &table) {
                using K = Operation::Kind;
                if (op.kind == K::BulkInsert || op.kind == K::Message)
                    return false;
                if (op.kind == K::Execute)
                    return op.sql.contains(change.table, Qt::CaseInsensitive)
                           && QRegularExpression(QStringLiteral(R"(^\s*(CREATE|ALTER|DROP|RENAME)\b)"), QRegularExpression::CaseInsensitiveOption).match(op.sql).hasMatch();
                if (!sameTable(op, table))
                    return false;
                // A table appears by create_table or a rename, and goes by drop_table or a rename.
                if (what == QLatin1String("table"))
                    return op.kind == K::RenameTable || op.kind == (change.text.startsWith(QLatin1Char('+')) ? K::CreateTable : K::DropTable);
                if (op.kind == K::CreateTable || op.kind == K::DropTable || op.kind == K::RenameTable)
                    return false;
                if (what == QLatin1String("column")) {
                    const QString column = op.kind == K::AddColumn && !op.columns.isEmpty() ? op.columns.first().name : op.name;
                    return (op.kind == K::AddColumn || op.kind == K::DropColumn || op.kind == K::AlterColumn)
                           && (column.compare(subject, Qt::CaseInsensitive) == 0 || op.newName.compare(subject, Qt::CaseInsensitive) == 0);
                }
                if (what == QLatin1String("index")) {
                    const QString name = op.kind == K::CreateIndex && !op.indexes.isEmpty() ? op.indexes.first().name : op.name;
                    return (op.kind == K::CreateIndex || op.kind == K::DropIndex) && name.compare(subject, Qt::CaseInsensitive) == 0;
                }
                // Constraints: the one of that name; an unnamed one, any constraint of the table.
                if (op.kind != K::CreateConstraint && op.kind != K::DropConstraint)
                    return false;
                const QString name = op.kind == K::CreateConstraint && !op.constraints.isEmpty() ? op.constraints.first().name : op.name;
                return name.compare(constraintName, Qt::CaseInsensitive) == 0 || constraintName.isEmpty();
            };
            for (const Operation &op : source.operations(step.first, step.second).operations) {
                int line = op.kind != Operation::Kind::Batch && makes(op, op.table) ? op.line : 0;
                for (const Operation &inner : op.batch) {
                    if (!line && makes(inner, op.table))
                        line = inner.line;
                }
                if (line) {
                    change.causes << QStringLiteral("%1%2 (%3:%4)").arg(step.second ? QString() : QStringLiteral("downgrade of "), script.revision,
                                                                       script.path).arg(line);
                }
            }
        }
    }
    return changes;
}

QString schemaChangesText(const QList<SchemaChange> &changes, const QString &rootDir)
{
    QString text;
    QString table;
    for (const SchemaChange &c : changes) {
        if (c.table != table) {
            table = c.table;
            text += table + QLatin1Char('\n');
        }
        text += QStringLiteral("  ") + c.text + QLatin1Char('\n');
        for (QString cause : c.causes)
            text += QStringLiteral("      by ") + cause.replace(rootDir + QLatin1Char('/'), QString()) + QLatin1Char('\n');
    }
    return text;
}

} // namespace retort
