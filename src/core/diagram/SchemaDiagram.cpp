// The diagram's content from each source: the models, the live schema, or both compared.
#include "diagram/SchemaDiagram.h"

#include "sql/TypeText.h"

#include <QHash>
#include <QSet>


#include <algorithm>

namespace retort {

int Diagram::indexOf(const QString &table) const
{
    for (int i = 0; i < tables.size(); ++i) {
        if (tables.at(i).name == table)
            return i;
    }
    return -1;
}

namespace {

void sortTables(Diagram &d)
{
    std::sort(d.tables.begin(), d.tables.end(), [](const DiagramTable &a, const DiagramTable &b) { return a.name < b.name; });
}

/// Adds an edge when both tables are drawn (a key to a table outside the picture is left out).
void addEdge(Diagram &d, const QString &from, const QString &to, const QStringList &columns, const QStringList &refColumns,
             const QString &name, DiagramState state)
{
    const int a = d.indexOf(from), b = d.indexOf(to.section(QLatin1Char('.'), -1));
    if (a < 0 || b < 0)
        return;
    for (const DiagramEdge &e : std::as_const(d.edges)) {
        if (e.from == a && e.to == b && e.columns == columns)
            return;
    }
    d.edges.append({a, b, columns, refColumns, name, state, {}, {}});
}

DiagramTable tableOfModel(const ModelTable &t)
{
    DiagramTable out;
    out.name = t.name;
    QSet<QString> keyed;
    for (const ModelConstraint &k : t.constraints) {
        if (k.constraint.kind == ConstraintDef::Kind::ForeignKey)
            keyed.unite(QSet<QString>(k.constraint.columns.cbegin(), k.constraint.columns.cend()));
    }
    for (const ModelColumn &c : t.columns) {
        DiagramColumn col;
        col.name = c.column.name;
        col.type = c.typeKnown ? sqlTypeText(c.column.type, TypeTextStyle::Repr) : QStringLiteral("?");
        col.primaryKey = c.column.primaryKey;
        col.foreignKey = !c.column.foreignKeys.isEmpty() || keyed.contains(c.column.name);
        col.nullable = c.column.isNullable();
        out.columns << col;
    }
    for (const ModelConstraint &k : t.constraints) {
        if (k.constraint.kind != ConstraintDef::Kind::PrimaryKey)
            continue;
        for (DiagramColumn &col : out.columns) {
            if (k.constraint.columns.contains(col.name))
                col.primaryKey = true;
        }
    }
    return out;
}

void modelEdges(Diagram &d, const ModelTable &t, DiagramState state)
{
    for (const ModelColumn &c : t.columns) {
        for (const ForeignKeyRef &fk : c.column.foreignKeys) {
            const QStringList parts = fk.target.split(QLatin1Char('.'));
            if (parts.size() >= 2)
                addEdge(d, t.name, parts.at(parts.size() - 2), {c.column.name}, {parts.last()}, fk.name, state);
        }
    }
    for (const ModelConstraint &k : t.constraints) {
        if (k.constraint.kind == ConstraintDef::Kind::ForeignKey)
            addEdge(d, t.name, k.constraint.refTable, k.constraint.columns, k.constraint.refColumns, k.constraint.name, state);
    }
}

DiagramTable tableOfSchema(const Table &t)
{
    DiagramTable out;
    out.name = t.name;
    QSet<QString> keyed;
    for (const ForeignKey &fk : t.foreignKeys)
        keyed.unite(QSet<QString>(fk.columns.cbegin(), fk.columns.cend()));
    for (const Column &c : t.columns)
        out.columns.append({c.name, c.type, c.primaryKey || t.primaryKeyColumns.contains(c.name), keyed.contains(c.name), c.nullable,
                            DiagramState::Same});
    return out;
}

void schemaEdges(Diagram &d, const Table &t, DiagramState state)
{
    for (const ForeignKey &fk : t.foreignKeys)
        addEdge(d, t.name, fk.referredTable, fk.columns, fk.referredColumns, fk.name, state);
}

} // namespace

Diagram diagramOfSchema(const Schema &schema, const QStringList &ignored)
{
    Diagram d;
    for (const Table &t : schema.tables) {
        if (!ignored.contains(t.name))
            d.tables << tableOfSchema(t);
    }
    sortTables(d);
    for (const Table &t : schema.tables)
        schemaEdges(d, t, DiagramState::Same);
    return d;
}

Diagram diagramOfModels(const ModelSet &models)
{
    Diagram d;
    for (const ModelTable &t : models.tables) {
        if (t.bindKey.isEmpty() && d.indexOf(t.name) < 0)
            d.tables << tableOfModel(t);
    }
    sortTables(d);
    for (const ModelTable &t : models.tables) {
        if (t.bindKey.isEmpty())
            modelEdges(d, t, DiagramState::Same);
    }
    return d;
}

Diagram diagramOfComparison(const ModelSet &models, const Schema &live, const QList<SchemaDifference> &differences,
                            const QStringList &ignored)
{
    using DK = SchemaDifference::Kind;
    // The database's tables as they are, then what the models add, each difference marked.
    Diagram d = diagramOfSchema(live, ignored);
    for (const ModelTable &t : models.tables) {
        if (t.bindKey.isEmpty() && d.indexOf(t.name) < 0) {
            DiagramTable added = tableOfModel(t);
            added.state = DiagramState::ModelsOnly;
            for (DiagramColumn &c : added.columns)
                c.state = DiagramState::ModelsOnly;
            d.tables << added;
        }
    }
    sortTables(d);
    d.edges.clear();
    for (const Table &t : live.tables)
        schemaEdges(d, t, DiagramState::Same);
    for (const SchemaDifference &diff : differences) {
        const int ti = d.indexOf(diff.table);
        if (ti < 0)
            continue;
        DiagramTable &table = d.tables[ti];
        const auto column = [&](const QString &name) -> DiagramColumn * {
            for (DiagramColumn &c : table.columns) {
                if (c.name == name)
                    return &c;
            }
            return nullptr;
        };
        switch (diff.kind) {
        case DK::RemoveTable:
            table.state = DiagramState::DatabaseOnly;
            for (DiagramColumn &c : table.columns)
                c.state = DiagramState::DatabaseOnly;
            break;
        case DK::AddColumn:
            if (diff.modelColumn && !column(diff.column)) {
                DiagramColumn c{diff.modelColumn->column.name, sqlTypeText(diff.modelColumn->column.type, TypeTextStyle::Repr),
                                diff.modelColumn->column.primaryKey, !diff.modelColumn->column.foreignKeys.isEmpty(),
                                diff.modelColumn->column.isNullable(), DiagramState::ModelsOnly};
                table.columns << c;
            }
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        case DK::RemoveColumn:
            if (DiagramColumn *c = column(diff.column))
                c->state = DiagramState::DatabaseOnly;
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        case DK::ModifyNullable:
        case DK::ModifyType:
        case DK::ModifyDefault:
        case DK::ModifyComment:
            if (DiagramColumn *c = column(diff.renamedFrom.isEmpty() ? diff.column : diff.renamedFrom); c && c->state == DiagramState::Same)
                c->state = DiagramState::Differs;
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        case DK::AddForeignKey:
        case DK::RemoveForeignKey:
        case DK::AddUnique:
        case DK::RemoveUnique:
        case DK::AddIndex:
        case DK::RemoveIndex:
        case DK::AddCheck:
        case DK::RemoveCheck:
            if (table.state == DiagramState::Same)
                table.state = DiagramState::Differs;
            break;
        default:
            break;
        }
        if (diff.kind == DK::RemoveForeignKey && diff.liveForeignKey) {
            for (DiagramEdge &e : d.edges) {
                if (e.from == ti && e.columns == diff.liveForeignKey->columns)
                    e.state = DiagramState::DatabaseOnly;
            }
        }
        if (diff.kind == DK::AddForeignKey && diff.modelConstraint)
            addEdge(d, diff.table, diff.modelConstraint->constraint.refTable, diff.modelConstraint->constraint.columns,
                    diff.modelConstraint->constraint.refColumns, diff.modelConstraint->constraint.name, DiagramState::ModelsOnly);
    }
    // The keys of tables only the models have.
    for (const ModelTable &t : models.tables) {
        const int ti = d.indexOf(t.name);
        if (t.bindKey.isEmpty() && ti >= 0 && d.tables.at(ti).state == DiagramState::ModelsOnly)
            modelEdges(d, t, DiagramState::ModelsOnly);
    }
    return d;
}

} // namespace retort
