#include "compare/TableStatus.h"

#include "runner/RunLog.h"

#include <algorithm>

namespace retort {

namespace {

// "1 difference", "2 differences".
QString counted(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromLatin1(n == 1 ? one : many));
}

} // namespace

QString TableStatus::describe() const
{
    switch (state) {
    case State::VersionTable: return QStringLiteral("Alembic's version table");
    case State::RunLog: return QStringLiteral("Retort's run log");
    case State::NotCompared: return QStringLiteral("table");
    case State::OtherBind: return QStringLiteral("bind '%1': another database").arg(model ? model->bindKey : QString());
    case State::OtherSchema: return QStringLiteral("schema '%1': not compared").arg(model ? model->schema : QString());
    case State::TableOnly: return QStringLiteral("table only: no model");
    case State::ModelOnly: return QStringLiteral("model only: no table");
    case State::Differs: return counted(operations, "difference", "differences");
    case State::InStep: return notes > 0 ? QStringLiteral("in step; %1").arg(counted(notes, "note", "notes")) : QStringLiteral("in step");
    }
    return {};
}

QString TableStatus::stateName() const
{
    switch (state) {
    case State::VersionTable: return QStringLiteral("version-table");
    case State::RunLog: return QStringLiteral("run-log");
    case State::NotCompared: return QStringLiteral("not-compared");
    case State::OtherBind: return QStringLiteral("other-bind");
    case State::OtherSchema: return QStringLiteral("other-schema");
    case State::TableOnly: return QStringLiteral("table-only");
    case State::ModelOnly: return QStringLiteral("model-only");
    case State::Differs: return QStringLiteral("differs");
    case State::InStep: return QStringLiteral("in-step");
    }
    return {};
}

QList<TableStatus> tableStatuses(const ProjectComparison *comparison, const Schema *live, const QString &versionTable)
{
    if (comparison)
        live = comparison->live.get();
    QStringList names;
    if (live) {
        for (const Table &t : live->tables)
            names << t.name;
    }
    if (comparison) {
        for (const ModelTable &t : comparison->models->tables) {
            if (!names.contains(t.qualifiedName()))
                names << t.qualifiedName();
        }
    }
    std::sort(names.begin(), names.end());
    QList<TableStatus> out;
    for (const QString &name : std::as_const(names)) {
        TableStatus s;
        s.name = name;
        s.model = comparison ? comparison->models->table(name) : nullptr;
        if (comparison) {
            for (const SchemaDifference &d : comparison->differences) {
                if (d.table == name)
                    (d.isOperation() ? s.operations : s.notes) += 1;
            }
        }
        using State = TableStatus::State;
        if (name == versionTable && !s.model)
            s.state = State::VersionTable;
        else if (name == runlog::kTable && !s.model)
            s.state = State::RunLog;
        else if (!comparison)
            s.state = State::NotCompared;
        else if (s.model && !s.model->bindKey.isEmpty())
            s.state = State::OtherBind;
        else if (s.model && !s.model->schema.isEmpty())
            s.state = State::OtherSchema;
        else if (!s.model)
            s.state = State::TableOnly;
        else if (!(live && live->table(name)))
            s.state = State::ModelOnly;
        else if (s.operations > 0)
            s.state = State::Differs;
        else
            s.state = State::InStep;
        out << s;
    }
    return out;
}

bool isColumnDifference(SchemaDifference::Kind kind)
{
    using K = SchemaDifference::Kind;
    return kind == K::AddColumn || kind == K::RemoveColumn || kind == K::ModifyNullable || kind == K::ModifyType
           || kind == K::ModifyDefault || kind == K::ModifyComment || kind == K::RenameColumn || kind == K::PossibleRename;
}

DifferenceCounts countDifferences(const QList<SchemaDifference> &differences)
{
    using K = SchemaDifference::Kind;
    DifferenceCounts c;
    for (const SchemaDifference &d : differences) {
        if (!d.isOperation())
            ++c.notes;
        else if (d.kind == K::AddTable || d.kind == K::RemoveTable)
            ++c.tables;
        else if (isColumnDifference(d.kind))
            ++c.columns;
        else
            ++c.others;
    }
    return c;
}

} // namespace retort
