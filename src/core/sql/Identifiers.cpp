// SQLAlchemy's identifier preparer, per dialect.
#include "sql/Identifiers.h"

#include "sql/ReservedWords.h"

#include <QRegularExpression>

namespace retort {

QString quoteIdentifier(Dialect dialect, const QString &identifier, bool mariadb)
{
    static const QRegularExpression legal(QStringLiteral("^[A-Za-z0-9_$]+$"));
    const QString lower = identifier.toLower();
    const QSet<QString> &reserved = dialect == Dialect::SQLite       ? sqliteReservedWords()
                                    : dialect == Dialect::PostgreSQL ? postgresqlReservedWords()
                                    : mariadb                        ? mariadbReservedWords()
                                                                     : mysqlReservedWords();
    const bool needsQuotes = identifier.isEmpty() || reserved.contains(lower) || identifier.at(0).isDigit()
                             || identifier.at(0) == QLatin1Char('$') || !legal.match(identifier).hasMatch()
                             || lower != identifier;
    return needsQuotes ? quoteIdentifierAlways(dialect, identifier) : identifier;
}

QString quoteIdentifierAlways(Dialect dialect, const QString &identifier)
{
    if (dialect == Dialect::MySQL)
        return QLatin1Char('`') + QString(identifier).replace(QLatin1String("`"), QLatin1String("``")) + QLatin1Char('`');
    return QLatin1Char('"') + QString(identifier).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
}

QString quoteQualified(Dialect dialect, const QString &table, const QString &schema, bool mariadb)
{
    return schema.isEmpty() ? quoteIdentifier(dialect, table, mariadb)
                            : quoteIdentifier(dialect, schema, mariadb) + QLatin1Char('.') + quoteIdentifier(dialect, table, mariadb);
}

QString sqlStringLiteral(Dialect dialect, const QString &text)
{
    QString escaped = text;
    if (dialect == Dialect::MySQL)
        escaped.replace(QLatin1String("\\"), QLatin1String("\\\\"));
    escaped.replace(QLatin1String("'"), QLatin1String("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace retort
