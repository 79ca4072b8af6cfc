// The words each dialect's identifiers must be quoted for (lower case).
#pragma once

#include <QSet>
#include <QString>

namespace retort {

const QSet<QString> &sqliteReservedWords();
const QSet<QString> &postgresqlReservedWords();
const QSet<QString> &mysqlReservedWords();
const QSet<QString> &mariadbReservedWords();

} // namespace retort
