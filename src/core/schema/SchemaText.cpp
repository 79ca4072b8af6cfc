#include "schema/SchemaText.h"

#include <QTextStream>

#include <algorithm>

namespace retort {

QString schemaText(const Schema &schema)
{
    QString text;
    QTextStream out(&text);
    for (const Table &t : schema.tables) {
        out << t.name << (t.comment.isEmpty() ? QString() : QStringLiteral("  -- ") + t.comment) << "\n";
        int width = 0;
        for (const Column &c : t.columns)
            width = std::max(width, int(c.name.size()));
        for (const Column &c : t.columns) {
            QStringList flags;
            if (c.primaryKey)
                flags << QStringLiteral("PK");
            flags << (c.nullable ? QStringLiteral("NULL") : QStringLiteral("NOT NULL"));
            if (!c.defaultValue.isEmpty())
                flags << QStringLiteral("DEFAULT ") + c.defaultValue;
            if (c.autoincrement)
                flags << QStringLiteral("AUTOINCREMENT");
            out << "  " << c.name.leftJustified(width) << "  " << c.type << "  " << flags.join(QLatin1Char(' ')) << "\n";
        }
        for (const ForeignKey &f : t.foreignKeys) {
            out << "  foreign key " << (f.name.isEmpty() ? QStringLiteral("(unnamed)") : f.name) << " ("
                  << f.columns.join(QStringLiteral(", ")) << ") -> " << f.referredTable << " (" << f.referredColumns.join(QStringLiteral(", "))
                  << ")" << (f.onDelete.isEmpty() ? QString() : QStringLiteral(" ON DELETE ") + f.onDelete)
                  << (f.onUpdate.isEmpty() ? QString() : QStringLiteral(" ON UPDATE ") + f.onUpdate) << "\n";
        }
        for (const UniqueConstraint &u : t.uniqueConstraints)
            out << "  unique " << (u.name.isEmpty() ? QStringLiteral("(unnamed)") : u.name) << " (" << u.columns.join(QStringLiteral(", ")) << ")\n";
        for (const CheckConstraint &c : t.checkConstraints)
            out << "  check " << (c.name.isEmpty() ? QStringLiteral("(unnamed)") : c.name) << " " << c.sqltext << "\n";
        for (const Index &i : t.indexes) {
            if (i.backsConstraint)
                continue;
            QStringList parts;
            for (qsizetype k = 0; k < i.columns.size(); ++k)
                parts << (i.columns.at(k).isEmpty() ? i.expressions.value(k) : i.columns.at(k));
            out << "  " << (i.unique ? "unique index " : "index ") << i.name << " (" << parts.join(QStringLiteral(", ")) << ")\n";
        }
    }
    if (!schema.views.isEmpty())
        out << "views: " << schema.views.join(QStringLiteral(", ")) << "\n";
    for (const EnumType &e : schema.enums)
        out << "enum " << e.name << " (" << e.values.join(QStringLiteral(", ")) << ")\n";
    out.flush();
    return text;
}

} // namespace retort
