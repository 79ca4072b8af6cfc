// The tables an application's SQLAlchemy models declare, as SQLAlchemy would build its MetaData from
// them, each part with the place in the source it came from. Read statically by ModelReader.
#pragma once

#include "ops/Operation.h"
#include "project/ModelFiles.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace retort {

struct ModelColumn
{
    ColumnDef column;        ///< name is the database column name; type resolved (a ForeignKey's column gives its type)
    QString attribute;       ///< the Python attribute ("" for columns of a Table())
    QString className;       ///< the class (or mixin) that declares it
    bool typeKnown = true;   ///< false when the type could not be read (then see the diagnostics)
    ModelSource source;
};

struct ModelConstraint
{
    ConstraintDef constraint;   ///< PrimaryKey, ForeignKey, Unique or Check; name as SQLAlchemy gives it (conventions applied)
    ModelSource source;
};

struct ModelIndex
{
    IndexDef index;             ///< name as SQLAlchemy gives it (ix_<table>_<column> for index=True)
    ModelSource source;
};

struct ModelTable
{
    QString name;
    QString schema;
    QString bindKey;            ///< Flask-SQLAlchemy __bind_key__ (empty: the default database)
    QString className;          ///< the mapped class ("" for a Table())
    QStringList classes;        ///< every class mapped to the table (single-table inheritance adds subclasses)
    QString inherits;           ///< joined-table inheritance: the parent's table
    QString comment;
    ModelSource source;
    QList<ModelColumn> columns;
    QList<ModelConstraint> constraints;   ///< the primary key first, then foreign keys, unique and check constraints
    QList<ModelIndex> indexes;

    const ModelColumn *column(const QString &columnName) const
    {
        for (const ModelColumn &c : columns) {
            if (c.column.name == columnName)
                return &c;
        }
        return nullptr;
    }
    QString qualifiedName() const { return schema.isEmpty() ? name : schema + QLatin1Char('.') + name; }
};

struct ModelSet
{
    QList<ModelTable> tables;              ///< sorted by bind key, then schema and name
    QList<ModelDiagnostic> diagnostics;
    QStringList files;                     ///< the files read, relative to the project folder
    FlaskNaming flaskNaming = FlaskNaming::V3;
    QString flaskNamingReason;             ///< why this naming rule ("requirements.txt:3 pins Flask-SQLAlchemy==2.5.1")
    bool usesFlaskSqlalchemy = false;

    const ModelTable *table(const QString &name, const QString &schema = {}) const
    {
        for (const ModelTable &t : tables) {
            if (t.name == name && t.schema == schema)
                return &t;
        }
        return nullptr;
    }
};

} // namespace retort
