// Reading the text of a CREATE TABLE statement as SQLite stores it: its top-level items, quoted
// identifiers, column lists and balanced parentheses. Shared by the batch-mode table reader and
// the schema introspection, which both need what only the statement text keeps (constraint names,
// CHECK conditions).
#pragma once

#include <QString>
#include <QStringList>

namespace retort::sqldef {

/// Top-level comma-separated items of "CREATE TABLE x (item, item, ...)".
QStringList definitionItems(const QString &sql);
/// "name", `name`, [name] or name -> name.
QString unquote(QString name);
/// "a, \"b\"" -> {a, b}
QStringList columnList(const QString &inside);
/// The inside of the balanced "( … )" starting at from (which must be '(').
QString balanced(const QString &text, qsizetype from);

} // namespace retort::sqldef
