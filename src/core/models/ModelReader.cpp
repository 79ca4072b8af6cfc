// Static reading of declarative models. The modules are parsed once; names are resolved through
// their imports (project modules are followed, anything else stays a qualified external name);
// every class is classified by its bases (a declarative root, a mapped class, an abstract base or
// mixin, a TypeDecorator, a Python enum), and each mapped class is turned into a table the way
// SQLAlchemy's declarative scan and Flask-SQLAlchemy's metaclass do: columns copied from mixins,
// table names generated, single-table inheritance folded into the parent's table. The SQLAlchemy
// constructs themselves (Column, types, constraints) are evaluated by SaExpressionReader, the same
// interpreter that reads revision scripts.
#include "models/ModelReader.h"

#include "models/ModelReading.h"

#include <QDir>

#include <algorithm>

namespace retort {

namespace modelscan {

ModelSet ModelReading::read(const QStringList &entryFiles)
{
    for (const QString &f : entryFiles)
        m_modules.load(f);
    const auto &modules = m_modules.modules();
    for (size_t i = 0; i < modules.size(); ++i) {
        if (modules[i]->ast.errors.empty())
            continue;
        const PySyntaxError &e = modules[i]->ast.errors.front();
        error(modules[i].get(), e.span, QStringLiteral("Python syntax error: %1; the statements around it are still read")
                                              .arg(e.message));
    }
    for (size_t i = 0; i < modules.size(); ++i)   // reading may load more modules
        readModule(modules[i].get());
    resolveForeignKeyTypes();
    ModelSet set;
    set.flaskNaming = m_naming;
    set.usesFlaskSqlalchemy = m_usesFlask;
    for (ModelTable &t : m_tables) {
        finishTable(&t);
        set.tables.append(t);
    }
    std::sort(set.tables.begin(), set.tables.end(), [](const ModelTable &a, const ModelTable &b) {
        return std::tie(a.bindKey, a.schema, a.name) < std::tie(b.bindKey, b.schema, b.name);
    });
    for (const auto &m : modules)
        set.files << m->rel;
    // A mixin's body is read for every class that uses it: report each finding once.
    QSet<QString> seen;
    for (const ModelDiagnostic &d : std::as_const(m_diagnostics)) {
        if (!seen.contains(d.toString())) {
            seen.insert(d.toString());
            set.diagnostics.append(d);
        }
    }
    return set;
}

const ModelColumn *ModelReading::targetColumn(const QString &target, const ModelTable &from) const
{
    const QStringList parts = target.split(QLatin1Char('.'));
    if (parts.size() < 2)
        return nullptr;
    const QString column = parts.last();
    const QString tableName = parts.at(parts.size() - 2);
    const QString schema = parts.size() > 2 ? parts.mid(0, parts.size() - 2).join(QLatin1Char('.')) : QString();
    for (const ModelTable &t : m_tables) {
        if (t.name != tableName || t.schema != schema || t.bindKey != from.bindKey)
            continue;
        for (const ModelColumn &c : t.columns) {
            if (c.attribute == column)
                return &c;
        }
        return t.column(column);
    }
    return nullptr;
}

void ModelReading::resolveForeignKeyTypes()
{
    for (int pass = 0; pass < 3; ++pass) {
        for (ModelTable &t : m_tables) {
            for (ModelColumn &c : t.columns) {
                if (c.column.hasType || c.column.foreignKeys.isEmpty())
                    continue;
                const ModelColumn *target = targetColumn(c.column.foreignKeys.first().target, t);
                if (target && target->column.hasType) {
                    c.column.type = target->column.type;
                    c.column.hasType = true;
                    c.typeKnown = target->typeKnown;
                }
            }
        }
    }
    for (ModelTable &t : m_tables) {
        for (ModelColumn &c : t.columns) {
            if (c.column.hasType)
                continue;
            c.column.hasType = true;
            c.typeKnown = false;
            m_diagnostics.append({ModelDiagnostic::Severity::Warning, c.source,
                                  QStringLiteral("column '%1' of table '%2' takes its type from ForeignKey('%3'), which names "
                                                 "no column of the models; listed without a type")
                                      .arg(c.column.name, t.name, c.column.foreignKeys.first().target)});
        }
    }
}

// The constraints and indexes SQLAlchemy derives from the columns, then the naming convention.
void ModelReading::finishTable(ModelTable *t)
{
    const size_t index = size_t(t - m_tables.data());
    Registry *registry = index < m_tableRegistry.size() ? m_tableRegistry[index] : nullptr;
    QList<ModelConstraint> constraints;
    ModelConstraint pk;
    pk.constraint.kind = ConstraintDef::Kind::PrimaryKey;
    pk.source = t->source;
    for (const ModelConstraint &c : std::as_const(t->constraints)) {
        if (c.constraint.kind == ConstraintDef::Kind::PrimaryKey) {
            pk = c;
            pk.constraint.columns.clear();
        }
    }
    for (const ModelColumn &c : std::as_const(t->columns)) {
        if (c.column.primaryKey)
            pk.constraint.columns << c.column.name;
    }
    constraints.append(pk);
    QList<ModelIndex> indexes;
    for (ModelColumn &c : t->columns) {
        for (const ForeignKeyRef &fk : std::as_const(c.column.foreignKeys)) {
            ModelConstraint mc;
            mc.source = c.source;
            mc.constraint.kind = ConstraintDef::Kind::ForeignKey;
            mc.constraint.name = fk.name;
            mc.constraint.nameConverted = fk.nameConverted;
            mc.constraint.columns << c.column.name;
            const QStringList parts = fk.target.split(QLatin1Char('.'));
            mc.constraint.refTable = parts.mid(0, parts.size() - 1).join(QLatin1Char('.'));
            const ModelColumn *target = targetColumn(fk.target, *t);
            mc.constraint.refColumns << (target ? target->column.name : parts.last());
            mc.constraint.ondelete = fk.ondelete;
            mc.constraint.onupdate = fk.onupdate;
            mc.constraint.initially = fk.initially;
            mc.constraint.match = fk.match;
            mc.constraint.deferrable = fk.deferrable;
            constraints.append(mc);
        }
        if (c.column.index) {
            ModelIndex mi;
            mi.source = c.source;
            mi.index.table = t->name;
            mi.index.expressions << c.column.name;
            mi.index.isExpression << false;
            mi.index.unique = c.column.unique;
            indexes.append(mi);
        } else if (c.column.unique) {
            ModelConstraint mc;
            mc.source = c.source;
            mc.constraint.kind = ConstraintDef::Kind::Unique;
            mc.constraint.columns << c.column.name;
            constraints.append(mc);
        }
        if (c.column.primaryKey && !c.column.nullable.has_value())
            c.column.nullable = false;
        if (!c.column.nullable.has_value())
            c.column.nullable = true;
    }
    for (const ModelConstraint &c : std::as_const(t->constraints)) {
        if (c.constraint.kind != ConstraintDef::Kind::PrimaryKey)
            constraints.append(c);
    }
    // Table-level foreign keys name the referred columns by key too.
    for (ModelConstraint &c : constraints) {
        if (c.constraint.kind != ConstraintDef::Kind::ForeignKey)
            continue;
        for (QString &ref : c.constraint.refColumns) {
            if (const ModelColumn *target = targetColumn(c.constraint.refTable + QLatin1Char('.') + ref, *t))
                ref = target->column.name;
        }
    }
    indexes.append(t->indexes);
    t->constraints = constraints;
    t->indexes = indexes;
    applyNamingConvention(t, registry ? registry->convention : NamingConventionTemplates::sqlalchemyDefault(), &m_diagnostics);
}

} // namespace modelscan

ModelSet readModelFiles(const QString &projectRoot, const QStringList &entryFiles, const QStringList &searchRoots,
                        FlaskNaming naming)
{
    modelscan::ModelReading reading(projectRoot, searchRoots, naming);
    return reading.read(entryFiles);
}

namespace {

// The files read, the search roots and the diagnostics so far: the rest is the same with or without a project.
ModelSet readFiles(const QString &root, const QStringList &files, const QStringList &searchRoots, QList<ModelDiagnostic> diagnostics,
                   const ModelReaderOptions &options)
{
    FlaskNaming naming = FlaskNaming::V3;
    QString reason = QStringLiteral("Flask-SQLAlchemy 3.x naming (no version declared by the project)");
    if (options.flaskNaming) {
        naming = *options.flaskNaming;
        reason = QStringLiteral("Flask-SQLAlchemy %1 naming, as asked").arg(naming == FlaskNaming::V2 ? QStringLiteral("2.x")
                                                                                                       : QStringLiteral("3.x"));
    } else if (auto declared = declaredFlaskNaming(root)) {
        naming = declared->first;
        reason = QStringLiteral("Flask-SQLAlchemy %1 naming: %2").arg(naming == FlaskNaming::V2 ? QStringLiteral("2.x")
                                                                                                 : QStringLiteral("3.x"),
                                                                       declared->second);
    }
    ModelSet set = readModelFiles(root, files, searchRoots, naming);
    set.flaskNamingReason = reason;
    set.diagnostics = diagnostics + set.diagnostics;
    if (files.isEmpty())
        set.diagnostics.append({ModelDiagnostic::Severity::Warning, {}, QStringLiteral("no Python file in the project defines "
                                                                                       "SQLAlchemy models")});
    return set;
}

} // namespace

ModelSet readProjectModels(const Project &project, const ModelReaderOptions &options)
{
    QList<ModelDiagnostic> diagnostics;
    QStringList files;
    if (!options.modelPaths.isEmpty()) {
        for (const QString &p : options.modelPaths)
            files << pythonFilesUnder(QDir(project.rootDir()).absoluteFilePath(p));
    } else {
        ModelFiles found = findModelFiles(project);
        files = found.files;
        diagnostics = found.diagnostics;
    }
    return readFiles(project.rootDir(), files, modelSearchRoots(project), diagnostics, options);
}

ModelSet readModelPaths(const QString &root, const ModelReaderOptions &options)
{
    QStringList files;
    for (const QString &p : options.modelPaths)
        files << pythonFilesUnder(QDir(root).absoluteFilePath(p));
    return readFiles(QDir(root).absolutePath(), files, {QDir(root).absolutePath()}, {}, options);
}

} // namespace retort
