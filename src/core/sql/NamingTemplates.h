// SQLAlchemy's naming conventions (MetaData(naming_convention=…)): the templates, and the names its
// ConventionDict makes of them for one constraint or index. Models (models/TableNaming), revisions run
// under the project's convention (runner/ConventionNames) and SQLite batch rebuilds with their own
// naming_convention= (ops/) all name through here.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace retort {

/// A MetaData naming_convention: keys "ix", "uq", "ck", "fk", "pk" mapped to templates.
struct NamingConventionTemplates
{
    QHash<QString, QString> templates;
    bool isDefault = true;                ///< SQLAlchemy's {"ix": "ix_%(column_0_label)s"}

    static NamingConventionTemplates sqlalchemyDefault();
};

/// One constraint or index to name, and the table it is on.
struct ConventionSubject
{
    QString kind;                 ///< ix, uq, ck, fk, pk
    QString name;                 ///< the given name (empty: none)
    QStringList columns;          ///< database names of the local columns
    QString refTable;             ///< fk
    QStringList refColumns;       ///< fk
    QString table;
    QString schema;
    /// %(column_0_key)s: a column's key (a model attribute); null or empty: its name.
    std::function<QString(const QString &column)> keyOf;
};

/// The convention's name for s: nullopt when the convention leaves it as it is. When SQLAlchemy would
/// raise instead (an unnamed constraint under %(constraint_name)s, an unknown token), nullopt with
/// *problem set.
std::optional<QString> conventionName(const ConventionSubject &s, const NamingConventionTemplates &convention, QString *problem);

} // namespace retort
