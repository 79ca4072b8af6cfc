// Catalog reads for the compiler. SQLite keeps constraint names only in the CREATE TABLE text, so
// the table's definition is split into its items (respecting quotes and parentheses) to find them;
// the structure itself comes from the PRAGMAs.
#include "ops/SchemaOracles.h"

#include "sql/SqlDefinition.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

namespace retort {

namespace {

using sqldef::balanced;
using sqldef::columnList;
using sqldef::definitionItems;
using sqldef::unquote;

const QString identifierPattern = QStringLiteral(R"(("(?:[^"]|"")+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_][A-Za-z0-9_$]*))");

} // namespace

Result<TableModel> readSqliteTable(const Connection &connection, const QString &table)
{
    QSqlQuery q(connection.database());
    TableModel model;
    model.name = table;
    const auto failed = [&](const QString &what) {
        return connection.queryError(QStringLiteral("Could not read table '%1' for the batch rebuild (%2)").arg(table, what),
                                     q.lastError(), q.lastQuery());
    };
    q.prepare(QStringLiteral("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?"));
    q.addBindValue(table);
    if (!q.exec())
        return failed(QStringLiteral("definition"));
    if (!q.next())
        return makeError(QStringLiteral("Table '%1' does not exist, so batch mode cannot rebuild it.").arg(table));
    const QString sql = q.value(0).toString();

    static const QRegularExpression withoutRowid(QStringLiteral(R"(\)\s*WITHOUT\s+ROWID\s*$)"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression autoincrement(QStringLiteral(R"(\bAUTOINCREMENT\b)"), QRegularExpression::CaseInsensitiveOption);
    if (withoutRowid.match(sql).hasMatch())
        model.problem = QStringLiteral("table '%1' is a WITHOUT ROWID table, which a batch rebuild would turn into a rowid table").arg(table);
    else if (autoincrement.match(sql).hasMatch())
        model.problem = QStringLiteral("table '%1' uses AUTOINCREMENT, which a batch rebuild would drop (Alembic loses it too)").arg(table);

    // Triggers go with DROP TABLE and the rebuild would not bring them back (Alembic loses them silently).
    q.prepare(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? ORDER BY name"));
    q.addBindValue(table);
    if (!q.exec())
        return failed(QStringLiteral("triggers"));
    if (q.next())
        model.problem = QStringLiteral("table '%1' has the trigger '%2', which a batch rebuild would drop; drop it before the "
                                       "batch block and create it again after").arg(table, q.value(0).toString());

    // Columns; hidden (generated) columns cannot be copied.
    if (!q.exec(QStringLiteral("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(%1)")
                    .arg(DdlCompiler(Dialect::SQLite).literal(table))))
        return failed(QStringLiteral("columns"));
    QList<QPair<int, QString>> pk;
    while (q.next()) {
        if (q.value(5).toInt() != 0) {
            model.problem = QStringLiteral("column '%1' of table '%2' is generated; Retort does not rebuild generated columns")
                                .arg(q.value(0).toString(), table);
            continue;
        }
        ColumnDef c;
        c.name = q.value(0).toString();
        c.type = SqlType{};
        c.type.isRawSql = true;
        c.type.name = q.value(1).toString();
        c.nullable = q.value(2).toInt() == 0;
        if (!q.value(3).isNull()) {
            // SQLite reports "DEFAULT (expr)" without its parentheses; anything but a literal needs them back.
            static const QRegularExpression plain(QStringLiteral(R"(^('([^']|'')*'|[-+]?[0-9.]+|NULL|TRUE|FALSE|CURRENT_TIME|CURRENT_DATE|CURRENT_TIMESTAMP|X'[0-9A-Fa-f]*')$)"),
                                                  QRegularExpression::CaseInsensitiveOption);
            const QString text = q.value(3).toString().trimmed();
            c.serverDefault.emplace();
            c.serverDefault->kind = ServerDefault::Kind::Text;
            c.serverDefault->text = plain.match(text).hasMatch() ? text : QLatin1Char('(') + text + QLatin1Char(')');
        }
        c.primaryKey = q.value(4).toInt() > 0;
        if (c.primaryKey)
            pk << qMakePair(q.value(4).toInt(), c.name);
        model.columns << c;
    }
    std::sort(pk.begin(), pk.end());

    // Named constraints and checks from the definition text.
    static const QRegularExpression named(QStringLiteral(R"(^CONSTRAINT\s+%1\s+(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK)\s*\()")
                                              .arg(identifierPattern), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression unnamedCheck(QStringLiteral(R"(^CHECK\s*\()"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression columnCheck(QStringLiteral(R"((?:CONSTRAINT\s+%1\s+)?CHECK\s*\()").arg(identifierPattern),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression collate(QStringLiteral(R"(\bCOLLATE\b)"), QRegularExpression::CaseInsensitiveOption);
    QHash<QString, QString> fkNames;       // "a,b" -> name
    QHash<QString, QString> uniqueNames;
    QString pkName;
    for (const QString &item : definitionItems(sql)) {
        const QRegularExpressionMatch m = named.match(item);
        if (m.hasMatch()) {
            const QString name = unquote(m.captured(1));
            const QString kind = m.captured(2).toUpper().simplified();
            const QString inside = balanced(item, m.capturedEnd(2) + (item.mid(m.capturedEnd(2)).indexOf(QLatin1Char('('))));
            if (kind == QLatin1String("CHECK"))
                model.constraints << ConstraintDef::make(ConstraintDef::Kind::Check, name, {}, inside);
            else if (kind == QLatin1String("UNIQUE"))
                uniqueNames.insert(columnList(inside).join(QLatin1Char(',')), name);
            else if (kind == QLatin1String("FOREIGN KEY"))
                fkNames.insert(columnList(inside).join(QLatin1Char(',')), name);
            else
                pkName = name;
            continue;
        }
        if (unnamedCheck.match(item).hasMatch()) {
            model.constraints << ConstraintDef::make(ConstraintDef::Kind::Check, {}, {},
                                                   balanced(item, item.indexOf(QLatin1Char('('))));
            continue;
        }
        static const QRegularExpression tableLevel(QStringLiteral(R"(^(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY)\b)"),
                                                   QRegularExpression::CaseInsensitiveOption);
        if (tableLevel.match(item).hasMatch())
            continue;
        // A column definition: its own CHECKs become table checks; COLLATE would be lost.
        if (collate.match(item).hasMatch())
            model.problem = QStringLiteral("a column of table '%1' has a COLLATE clause, which Retort's batch rebuild does not "
                                           "carry over").arg(table);
        QRegularExpressionMatchIterator it = columnCheck.globalMatch(item);
        while (it.hasNext()) {
            const QRegularExpressionMatch c = it.next();
            model.constraints << ConstraintDef::make(ConstraintDef::Kind::Check, unquote(c.captured(1)), {},
                                                   balanced(item, c.capturedEnd(0) - 1));
        }
    }
    if (!pk.isEmpty()) {
        ConstraintDef k;
        k.kind = ConstraintDef::Kind::PrimaryKey;
        k.name = pkName;
        for (const auto &p : std::as_const(pk))
            k.columns << p.second;
        model.constraints.prepend(k);
    }

    // Foreign keys.
    if (!q.exec(QStringLiteral("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete, match FROM pragma_foreign_key_list(%1) "
                               "ORDER BY id, seq").arg(DdlCompiler(Dialect::SQLite).literal(table))))
        return failed(QStringLiteral("foreign keys"));
    int lastId = -1;
    while (q.next()) {
        if (q.value(0).toInt() != lastId) {
            lastId = q.value(0).toInt();
            ConstraintDef k;
            k.kind = ConstraintDef::Kind::ForeignKey;
            k.refTable = q.value(1).toString();
            const QString onUpdate = q.value(4).toString();
            const QString onDelete = q.value(5).toString();
            if (onUpdate != QLatin1String("NO ACTION"))
                k.onupdate = onUpdate;
            if (onDelete != QLatin1String("NO ACTION"))
                k.ondelete = onDelete;
            const QString match = q.value(6).toString();
            if (match != QLatin1String("NONE"))
                k.match = match;
            model.constraints << k;
        }
        model.constraints.last().columns << q.value(2).toString();
        model.constraints.last().refColumns << q.value(3).toString();
    }
    // PRAGMA lists foreign keys last-declared first; keep the declaration order.
    QList<ConstraintDef> fks;
    for (qsizetype i = model.constraints.size() - 1; i >= 0; --i) {
        if (model.constraints.at(i).kind == ConstraintDef::Kind::ForeignKey) {
            ConstraintDef k = model.constraints.takeAt(i);
            k.name = fkNames.value(k.columns.join(QLatin1Char(',')));
            if (k.refColumns.contains(QString()))
                return makeError(QStringLiteral("A foreign key of table '%1' refers to %2 without naming its columns; Retort "
                                                "needs them written out to rebuild the table.").arg(table, k.refTable));
            fks << k;
        }
    }
    model.constraints << fks;

    // Indexes: unique constraints (origin 'u') and explicit indexes (origin 'c').
    if (!q.exec(QStringLiteral("SELECT il.name, il.\"unique\", il.origin, m.sql FROM pragma_index_list(%1) AS il "
                               "LEFT JOIN sqlite_schema AS m ON m.type = 'index' AND m.name = il.name ORDER BY il.seq DESC")
                    .arg(DdlCompiler(Dialect::SQLite).literal(table))))
        return failed(QStringLiteral("indexes"));
    struct IndexRow { QString name; bool unique; QString origin; QString sql; };
    QList<IndexRow> rows;
    while (q.next())
        rows << IndexRow{q.value(0).toString(), q.value(1).toInt() != 0, q.value(2).toString(), q.value(3).toString()};
    for (const IndexRow &row : std::as_const(rows)) {
        if (row.origin == QLatin1String("pk"))
            continue;
        if (!q.exec(QStringLiteral("SELECT name FROM pragma_index_info(%1) ORDER BY seqno").arg(DdlCompiler(Dialect::SQLite).literal(row.name))))
            return failed(QStringLiteral("index columns"));
        QStringList columns;
        bool expression = false;
        while (q.next()) {
            if (q.value(0).isNull())
                expression = true;
            columns << q.value(0).toString();
        }
        if (row.origin == QLatin1String("u")) {
            model.constraints << ConstraintDef::make(ConstraintDef::Kind::Unique, uniqueNames.value(columns.join(QLatin1Char(','))),
                                                   columns);
            continue;
        }
        IndexDef index;
        index.name = row.name;
        index.table = table;
        index.unique = row.unique;
        if (expression) {
            // Expression index: only its stored text can rebuild it.
            index.expressions << row.sql;
            index.isExpression << true;
        } else {
            index.expressions = columns;
            for (qsizetype i = 0; i < columns.size(); ++i)
                index.isExpression << false;
        }
        model.indexes << index;
        model.indexSql.insert(row.name, row.sql);
    }
    return model;
}

Result<TableModel> LiveSchemaOracle::table(const QString &name, const QString &schema)
{
    if (m_connection.dialect() != Dialect::SQLite)
        return readServerTable(m_connection, name, schema);
    if (!schema.isEmpty() && schema != QLatin1String("main"))
        return makeError(QStringLiteral("Batch mode on SQLite with schema '%1' is not supported.").arg(schema));
    return readSqliteTable(m_connection, name);
}

std::optional<SchemaOracle::ColumnFacts> LiveSchemaOracle::column(const QString &table, const QString &schema, const QString &column)
{
    if (m_connection.dialect() != Dialect::MySQL)
        return std::nullopt;
    QSqlQuery q(m_connection.database());
    q.prepare(QStringLiteral("SELECT IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS "
                             "WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ? AND COLUMN_NAME = ?"));
    q.addBindValue(schema);
    q.addBindValue(table);
    q.addBindValue(column);
    if (!q.exec() || !q.next())
        return std::nullopt;
    ColumnFacts facts;
    facts.nullable = q.value(0).toString() == QLatin1String("YES");
    // MariaDB reports "NULL" (the text) for "no default" on nullable columns.
    if (!q.value(1).isNull() && q.value(1).toString() != QLatin1String("NULL"))
        facts.defaultSql = q.value(1).toString();
    return facts;
}

QStringList LiveSchemaOracle::enumTypesOnlyUsedBy(const QString &table, const QString &schema)
{
    if (m_connection.dialect() != Dialect::PostgreSQL)
        return {};
    QSqlQuery q(m_connection.database());
    q.prepare(QStringLiteral(
        "SELECT DISTINCT t.typname FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid AND t.typtype = 'e' "
        "WHERE c.relname = ? AND n.nspname = COALESCE(NULLIF(?, ''), current_schema()) AND a.attnum > 0 AND NOT a.attisdropped "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a2 JOIN pg_catalog.pg_class c2 ON c2.oid = a2.attrelid "
        "                WHERE a2.atttypid = t.oid AND c2.oid <> c.oid AND a2.attnum > 0 AND NOT a2.attisdropped "
        "                AND c2.relkind IN ('r', 'p', 'v', 'm', 'f')) "
        "ORDER BY 1"));
    q.addBindValue(table);
    q.addBindValue(schema);
    QStringList names;
    if (q.exec()) {
        while (q.next())
            names << q.value(0).toString();
    }
    return names;
}

bool LiveSchemaOracle::enumTypeExists(const QString &name)
{
    if (m_connection.dialect() != Dialect::PostgreSQL)
        return false;
    QSqlQuery q(m_connection.database());
    q.prepare(QStringLiteral("SELECT 1 FROM pg_catalog.pg_type WHERE typname = ? AND typtype = 'e' "
                             "AND typnamespace = ANY (current_schemas(false)::regnamespace[])"));
    q.addBindValue(name);
    return q.exec() && q.next();
}

Result<TableModel> ReplayedSchemaOracle::table(const QString &name, const QString &)
{
    return makeError(QStringLiteral("Table '%1' would be rebuilt from the live database, and there is none in offline mode; "
                                    "give batch_alter_table() a copy_from=sa.Table(…) describing it (Alembic's --sql needs "
                                    "it too)").arg(name));
}

QStringList ReplayedSchemaOracle::enumTypesOnlyUsedBy(const QString &table, const QString &)
{
    QStringList result;
    for (const QString &e : m_tableEnums.value(table)) {
        bool elsewhere = false;
        for (auto it = m_tableEnums.constBegin(); it != m_tableEnums.constEnd(); ++it)
            elsewhere = elsewhere || (it.key() != table && it.value().contains(e));
        if (!elsewhere)
            result << e;
    }
    return result;
}

void ReplayedSchemaOracle::apply(const Operation &op)
{
    const auto noteColumns = [this](const QString &table, const QList<ColumnDef> &columns) {
        for (const ColumnDef &c : columns) {
            if ((c.type.name == QLatin1String("Enum") || c.type.name == QLatin1String("ENUM")) && c.type.module != QLatin1String("mysql")
                && c.type.nativeEnum && !c.type.enumName.isEmpty()) {
                if (!m_tableEnums[table].contains(c.type.enumName))
                    m_tableEnums[table] << c.type.enumName;
                m_enums.insert(c.type.enumName);
            }
        }
    };
    switch (op.kind) {
    case Operation::Kind::CreateTable:
    case Operation::Kind::AddColumn:
        noteColumns(op.table, op.columns);
        break;
    case Operation::Kind::DropTable:
        for (const QString &e : enumTypesOnlyUsedBy(op.table, op.schema))
            m_enums.remove(e);
        m_tableEnums.remove(op.table);
        break;
    case Operation::Kind::RenameTable:
        m_tableEnums.insert(op.newName, m_tableEnums.take(op.table));
        break;
    case Operation::Kind::Batch:
        for (const Operation &inner : op.batch)
            apply(inner);
        break;
    default:
        break;
    }
}

} // namespace retort
