// The names SQLAlchemy and Flask-SQLAlchemy make up: table names for models without __tablename__,
// and constraint and index names from a MetaData naming_convention.
#pragma once

#include "models/Model.h"
#include "sql/NamingTemplates.h"

#include <QHash>

#include <optional>

namespace retort {

/// Flask-SQLAlchemy's camel_to_snake_case: 3.x ("UserAPI" -> "user_api") or 2.x ("UserAPI" -> "userAPI").
QString flaskTableName(const QString &className, FlaskNaming naming);

/// The name the convention gives one constraint or index ("pk", "fk", "uq", "ck", "ix") of a table,
/// given its name (empty: none) and its columns; nullopt when the convention leaves it as it is. When
/// SQLAlchemy would raise instead, nullopt with *problem set.
std::optional<QString> conventionNameFor(const QString &kind, const QString &name, const QStringList &columns,
                                         const QString &refTable, const QStringList &refColumns, const ModelTable &table,
                                         const NamingConventionTemplates &convention, QString *problem);

void applyNamingConvention(ModelTable *table, const NamingConventionTemplates &convention,
                           QList<ModelDiagnostic> *diagnostics);

} // namespace retort
