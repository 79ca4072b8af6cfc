#include "schema/TableDefinition.h"

#include "sql/Identifiers.h"

namespace retort {

namespace {

QString named(Dialect dialect, const QString &name)
{
    return name.isEmpty() ? QString() : QStringLiteral("CONSTRAINT %1 ").arg(quoteIdentifier(dialect, name));
}

QString quotedList(Dialect dialect, const QStringList &names)
{
    QStringList out;
    for (const QString &n : names)
        out << quoteIdentifier(dialect, n);
    return out.join(QStringLiteral(", "));
}

} // namespace

QString tableDefinitionSql(const Table &table, Dialect dialect)
{
    if (!table.definition.isEmpty())
        return table.definition + QLatin1Char(';');
    QStringList lines;
    for (const Column &c : table.columns) {
        QString line = QStringLiteral("    %1 %2").arg(quoteIdentifier(dialect, c.name), c.type);
        if (!c.defaultValue.isEmpty())
            line += QStringLiteral(" DEFAULT ") + c.defaultValue;
        if (!c.nullable)
            line += QStringLiteral(" NOT NULL");
        lines << line;
    }
    if (!table.primaryKeyColumns.isEmpty())
        // MySQL names every primary key PRIMARY; saying so adds nothing.
        lines << QStringLiteral("    %1PRIMARY KEY (%2)")
                     .arg(dialect == Dialect::MySQL ? QString() : named(dialect, table.primaryKeyName), quotedList(dialect, table.primaryKeyColumns));
    for (const UniqueConstraint &u : table.uniqueConstraints)
        lines << QStringLiteral("    %1UNIQUE (%2)").arg(named(dialect, u.name), quotedList(dialect, u.columns));
    for (const ForeignKey &fk : table.foreignKeys) {
        QString line = QStringLiteral("    %1FOREIGN KEY (%2) REFERENCES %3 (%4)")
                           .arg(named(dialect, fk.name), quotedList(dialect, fk.columns), quoteQualified(dialect, fk.referredTable, fk.referredSchema),
                                quotedList(dialect, fk.referredColumns));
        if (!fk.onDelete.isEmpty())
            line += QStringLiteral(" ON DELETE ") + fk.onDelete;
        if (!fk.onUpdate.isEmpty())
            line += QStringLiteral(" ON UPDATE ") + fk.onUpdate;
        lines << line;
    }
    for (const CheckConstraint &ck : table.checkConstraints)
        lines << QStringLiteral("    %1CHECK (%2)").arg(named(dialect, ck.name), ck.sqltext);
    QString out = QStringLiteral("-- rebuilt from the catalog\nCREATE TABLE %1 (\n%2\n);").arg(quoteIdentifier(dialect, table.name), lines.join(QStringLiteral(",\n")));
    for (const Index &ix : table.indexes) {
        if (ix.backsConstraint)
            continue;   // the UNIQUE constraint above
        QStringList parts;
        for (int i = 0; i < ix.columns.size(); ++i)
            parts << (ix.columns.at(i).isEmpty() ? ix.expressions.value(i) : quoteIdentifier(dialect, ix.columns.at(i)));
        out += QStringLiteral("\nCREATE %1INDEX %2 ON %3 (%4);")
                   .arg(ix.unique ? QStringLiteral("UNIQUE ") : QString(), quoteIdentifier(dialect, ix.name), quoteIdentifier(dialect, table.name), parts.join(QStringLiteral(", ")));
    }
    return out;
}

} // namespace retort
