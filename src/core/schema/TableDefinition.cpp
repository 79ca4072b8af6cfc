#include "schema/TableDefinition.h"

#include "sql/Identifiers.h"

namespace retort {

namespace {

struct Quoter
{
    Dialect dialect;
    QString quote(const QString &name) const { return quoteIdentifier(dialect, name); }
    QString quoteTable(const QString &table, const QString &schema) const { return quoteQualified(dialect, table, schema); }
};

QString named(const Quoter &ddl, const QString &name)
{
    return name.isEmpty() ? QString() : QStringLiteral("CONSTRAINT %1 ").arg(ddl.quote(name));
}

QString quotedList(const Quoter &ddl, const QStringList &names)
{
    QStringList out;
    for (const QString &n : names)
        out << ddl.quote(n);
    return out.join(QStringLiteral(", "));
}

} // namespace

QString tableDefinitionSql(const Table &table, Dialect dialect)
{
    if (!table.definition.isEmpty())
        return table.definition + QLatin1Char(';');
    const Quoter ddl{dialect};
    QStringList lines;
    for (const Column &c : table.columns) {
        QString line = QStringLiteral("    %1 %2").arg(ddl.quote(c.name), c.type);
        if (!c.defaultValue.isEmpty())
            line += QStringLiteral(" DEFAULT ") + c.defaultValue;
        if (!c.nullable)
            line += QStringLiteral(" NOT NULL");
        lines << line;
    }
    if (!table.primaryKeyColumns.isEmpty())
        // MySQL names every primary key PRIMARY; saying so adds nothing.
        lines << QStringLiteral("    %1PRIMARY KEY (%2)")
                     .arg(dialect == Dialect::MySQL ? QString() : named(ddl, table.primaryKeyName), quotedList(ddl, table.primaryKeyColumns));
    for (const UniqueConstraint &u : table.uniqueConstraints)
        lines << QStringLiteral("    %1UNIQUE (%2)").arg(named(ddl, u.name), quotedList(ddl, u.columns));
    for (const ForeignKey &fk : table.foreignKeys) {
        QString line = QStringLiteral("    %1FOREIGN KEY (%2) REFERENCES %3 (%4)")
                           .arg(named(ddl, fk.name), quotedList(ddl, fk.columns), ddl.quoteTable(fk.referredTable, fk.referredSchema),
                                quotedList(ddl, fk.referredColumns));
        if (!fk.onDelete.isEmpty())
            line += QStringLiteral(" ON DELETE ") + fk.onDelete;
        if (!fk.onUpdate.isEmpty())
            line += QStringLiteral(" ON UPDATE ") + fk.onUpdate;
        lines << line;
    }
    for (const CheckConstraint &ck : table.checkConstraints)
        lines << QStringLiteral("    %1CHECK (%2)").arg(named(ddl, ck.name), ck.sqltext);
    QString out = QStringLiteral("-- rebuilt from the catalog\nCREATE TABLE %1 (\n%2\n);").arg(ddl.quote(table.name), lines.join(QStringLiteral(",\n")));
    for (const Index &ix : table.indexes) {
        if (ix.backsConstraint)
            continue;   // the UNIQUE constraint above
        QStringList parts;
        for (int i = 0; i < ix.columns.size(); ++i)
            parts << (ix.columns.at(i).isEmpty() ? ix.expressions.value(i) : ddl.quote(ix.columns.at(i)));
        out += QStringLiteral("\nCREATE %1INDEX %2 ON %3 (%4);")
                   .arg(ix.unique ? QStringLiteral("UNIQUE ") : QString(), ddl.quote(ix.name), ddl.quote(table.name), parts.join(QStringLiteral(", ")));
    }
    return out;
}

} // namespace retort
