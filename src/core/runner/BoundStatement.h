// A statement of Retort's own with its values bound (? placeholders), run over Retort's connection
// or handed to the Python worker to run inside a revision's transaction.
#pragma once

#include <QString>
#include <QVariantList>

namespace retort {

struct BoundStatement
{
    QString sql;
    QVariantList values;
    int expectedRows = -1;   ///< >= 0: the statement must change exactly this many rows
};

} // namespace retort
