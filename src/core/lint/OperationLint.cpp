// The linter's rules about operations: each operation checked against the schema just before it.
#include "lint/OperationLint.h"

#include "lint/LintTypes.h"
#include "migrations/RevisionScript.h"
#include "ops/DdlCompiler.h"
#include "ops/SchemaApplier.h"
#include "sql/SqlScript.h"

#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

using K = Operation::Kind;

std::optional<Column> findColumn(const SchemaApplier &state, const Operation &op, const QString &column)
{
    const Table *t = state.table(op.table, op.schema);
    if (!t)
        return std::nullopt;
    for (const Column &c : t->columns) {
        if (c.name.size() == column.size() && c.name.compare(column, Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

QString tableKey(const QString &table, const QString &schema)
{
    return (schema.isEmpty() ? table : schema + QLatin1Char('.') + table).toLower();
}

QString displayed(const QString &table, const QString &column = {})
{
    return column.isEmpty() ? QStringLiteral("'%1'").arg(table) : QStringLiteral("'%1.%2'").arg(table, column);
}

// Statement shapes in SQL text (comments aside, which splitStatements keeps with the statement).
QString withoutComments(const QString &sql)
{
    static const QRegularExpression comments(QStringLiteral("--[^\\n]*|/\\*.*?\\*/"), QRegularExpression::DotMatchesEverythingOption);
    return QString(sql).remove(comments).trimmed();
}

bool startsWithWord(const QString &sql, const QString &pattern)
{
    return QRegularExpression(QStringLiteral("^(?:%1)\\b").arg(pattern), QRegularExpression::CaseInsensitiveOption).match(sql).hasMatch();
}

bool isDataSql(const QString &sql)
{
    return startsWithWord(sql, QStringLiteral("insert|update|delete|merge|copy|replace|with"));
}

bool isSchemaSql(const QString &sql)
{
    return startsWithWord(sql, QStringLiteral("create|alter|drop|rename|truncate|comment"));
}

bool isDataOperation(const Operation &op)
{
    if (op.kind == K::BulkInsert)
        return true;
    return op.kind == K::Execute && (op.statement.has_value() || (!op.ddl && isDataSql(withoutComments(op.sql))));
}

/// The text an operation's values could hold an enum value in (raw SQL, inserted rows, Core values).
bool operationMentions(const Operation &op, const QString &value)
{
    if (op.kind == K::Execute) {
        if (op.statement) {
            for (const auto &v : op.statement->values) {
                if (v.second.toString() == value)
                    return true;
            }
            return op.statement->where && op.statement->where->value.toString() == value;
        }
        return op.sql.contains(QLatin1Char('\'') + value + QLatin1Char('\''));
    }
    if (op.kind == K::BulkInsert) {
        for (const QVariantMap &row : op.rows) {
            for (const QVariant &v : row) {
                if (v.toString() == value)
                    return true;
            }
        }
    }
    if (op.kind == K::AlterColumn && op.serverDefault && *op.serverDefault)
        return (*op.serverDefault)->text.contains(value);
    return false;
}

class RevisionLinter
{
public:
    RevisionLinter(const LintOptions &options, Dialect dialect, bool neutral, const RevisionScript &script, bool upgrade,
                   QList<LintFinding> *out)
        : m_options(options), m_dialect(dialect), m_engine(dialectKey(dialect)), m_neutral(neutral), m_script(script),
          m_upgrade(upgrade), m_out(out)
    {
    }

    /// Checks the operations and applies them to state as they go.
    void run(const OperationList &ops, SchemaApplier &state)
    {
        for (const Operation &op : ops) {
            m_hasSchema = m_hasSchema || isSchemaOperation(op);
            if (isDataOperation(op) && !m_firstData)
                m_firstData = op.line;
        }
        for (int i = 0; i < int(ops.size()); ++i) {
            const Operation &op = ops.at(i);
            if (op.kind == K::Batch) {
                batch(op, state);
                continue;
            }
            operation(op, state);
            if (op.kind == K::Execute)
                enumValues(op, ops, i);
        }
        if (m_hasSchema && m_firstData && m_dialect == Dialect::MySQL)
            report(QStringLiteral("mysql-ddl-with-data"), m_firstData,
                   QStringLiteral("%1() changes the schema and the data in one revision").arg(functionName()));
    }

    bool failed() const { return m_applyFailed; }

private:
    QString functionName() const { return m_upgrade ? QStringLiteral("upgrade") : QStringLiteral("downgrade"); }

    bool applies(const LintRule &rule) const
    {
        return rule.engines == QLatin1String("any") ? m_neutral : rule.engines == m_engine;
    }

    void report(const QString &ruleId, int line, const QString &message, std::optional<LintSeverity> severity = {})
    {
        const LintRule *rule = lintRule(ruleId);
        Q_ASSERT(rule);
        if (!m_out || !rule || !applies(*rule))
            return;
        LintFinding f;
        f.rule = rule->id;
        f.severity = severity.value_or(rule->severity);
        f.revision = m_script.revision;
        f.file = m_script.path;
        f.line = line;
        f.engine = rule->engines;
        f.message = message;
        f.why = rule->why;
        f.saferWay = rule->saferWay;
        f.upgrade = m_upgrade;
        m_out->append(f);
    }

    bool existedBefore(const SchemaApplier &state, const Operation &op) const
    {
        return state.table(op.table, op.schema) && !m_created.contains(tableKey(op.table, op.schema));
    }

    void apply(const Operation &op, SchemaApplier &state)
    {
        if (!state.apply(op) && !op.tryHandler)
            m_applyFailed = true;
        if (op.kind == K::CreateTable && op.runsOn(m_engine))
            m_created.insert(tableKey(op.table, op.schema));
        if (op.kind == K::RenameTable && m_created.contains(tableKey(op.table, op.schema)))
            m_created.insert(tableKey(op.newName, op.schema));
    }

    void batch(const Operation &op, SchemaApplier &state)
    {
        const QList<Table> &tables = state.tables();
        if (m_dialect == Dialect::SQLite && existedBefore(state, op) && DdlCompiler::batchRebuilds(op, m_dialect)) {
            QStringList children;
            for (const Table &t : tables) {
                for (const ForeignKey &fk : t.foreignKeys) {
                    const QString action = fk.onDelete.toUpper();
                    if (fk.referredTable.compare(op.table, Qt::CaseInsensitive) == 0
                        && (action == QLatin1String("CASCADE") || action.startsWith(QLatin1String("SET "))))
                        children << QStringLiteral("%1 (ON DELETE %2)").arg(t.name, action);
                }
            }
            if (!children.isEmpty())
                report(QStringLiteral("sqlite-batch-cascade"), op.line,
                       QStringLiteral("batch_alter_table(%1) rebuilds the table, which %2 reference%3")
                           .arg(displayed(op.table), children.join(QStringLiteral(", ")), children.size() == 1 ? QStringLiteral("s") : QString()));
        }
        for (const Operation &innerOp : op.batch) {
            Operation inner = innerOp;
            inner.table = op.table;
            inner.schema = op.schema;
            if (inner.kind == K::CreateIndex && !inner.indexes.isEmpty())
                inner.indexes.first().table = op.table;
            operation(inner, state);
        }
    }

    void operation(const Operation &op, SchemaApplier &state)
    {
        const bool runsHere = op.runsOn(m_engine);
        const bool existing = existedBefore(state, op);
        std::optional<Column> before;
        if (op.kind == K::AlterColumn)
            before = findColumn(state, op, op.name);
        switch (op.kind) {
        case K::DropTable:
            if (existing || !state.table(op.table, op.schema))
                report(QStringLiteral("drop-table"), op.line, QStringLiteral("drops table %1 with its rows").arg(displayed(op.table)));
            break;
        case K::DropColumn:
            if (existing || !state.table(op.table, op.schema))
                report(QStringLiteral("drop-column"), op.line, QStringLiteral("drops column %1 with its values").arg(displayed(op.table, op.name)));
            break;
        case K::AddColumn:
            addColumn(op, existing);
            break;
        case K::CreateTable:
            createTable(op);
            break;
        case K::CreateIndex:
            createIndex(op, existing, runsHere);
            break;
        case K::DropIndex:
            if (runsHere && op.postgresqlConcurrently && !op.autocommitBlock)
                report(QStringLiteral("concurrently-in-transaction"), op.line,
                       QStringLiteral("drop_index('%1', postgresql_concurrently=True) runs inside the revision's transaction").arg(op.name));
            break;
        case K::CreateConstraint:
            createConstraint(op, existing, runsHere);
            break;
        case K::DropConstraint:
            if (runsHere && existing && op.constraintType == ConstraintType::Primary)
                report(QStringLiteral("mysql-blocking-ddl"), op.line,
                       QStringLiteral("drops the primary key of %1: MySQL copies the table").arg(displayed(op.table)));
            break;
        case K::Execute:
            execute(op);
            if (runsHere && !op.statement && !op.ddl)
                schemaSql(op, state);
            break;
        default:
            break;
        }
        apply(op, state);
        if (op.kind == K::AlterColumn) {
            const std::optional<Column> after = findColumn(state, op, op.newName.isEmpty() ? op.name : op.newName);
            alterColumn(op, before, after, existing && runsHere);
        }
    }

    void defaultAcrossEngines(const ServerDefault &d, int line, const QString &where)
    {
        if (d.kind != ServerDefault::Kind::Text)
            return;
        const QStringList refusing = enginesRefusingDefault(d.text);
        if (refusing.isEmpty())
            return;
        const bool targetRefuses = std::any_of(m_options.dialects.cbegin(), m_options.dialects.cend(),
                                               [&](Dialect dd) { return refusing.contains(dialectKey(dd)); });
        report(QStringLiteral("server-default-per-engine"), line,
               QStringLiteral("server_default %1 of %2 is refused by %3").arg(d.text, where, refusing.join(QStringLiteral(", "))),
               targetRefuses ? std::optional<LintSeverity>(LintSeverity::Error) : std::nullopt);
    }

    /// Whether every one of columns was added by this function (all NULL: no duplicates yet).
    bool addedHere(const Operation &op, const QStringList &columns) const
    {
        return !columns.isEmpty() && std::all_of(columns.cbegin(), columns.cend(), [&](const QString &c) {
            return m_added.contains(tableKey(op.table, op.schema) + QLatin1Char('.') + c.toLower());
        });
    }

    void addColumn(const Operation &op, bool existing)
    {
        const ColumnDef &c = op.columns.first();
        if (c.isNullable() && !c.serverDefault)
            m_added.insert(tableKey(op.table, op.schema) + QLatin1Char('.') + c.name.toLower());
        if (existing && !c.isNullable() && !c.serverDefault && c.computed.isEmpty() && !c.identity)
            report(QStringLiteral("not-null-without-default"), op.line,
                   QStringLiteral("adds NOT NULL column %1 without a server default").arg(displayed(op.table, c.name)));
        if (c.serverDefault)
            defaultAcrossEngines(*c.serverDefault, op.line, displayed(op.table, c.name));
        QStringList unnamed;
        if (c.unique && c.uniqueName.isEmpty())
            unnamed << QStringLiteral("UNIQUE (%1)").arg(c.name);
        for (const ForeignKeyRef &fk : c.foreignKeys) {
            if (fk.name.isEmpty())
                unnamed << QStringLiteral("FOREIGN KEY (%1) -> %2").arg(c.name, fk.target);
        }
        if (!unnamed.isEmpty())
            report(QStringLiteral("unnamed-constraint"), op.line,
                   QStringLiteral("%1 gets no name: %2").arg(displayed(op.table), unnamed.join(QStringLiteral(", "))));
    }

    void createTable(const Operation &op)
    {
        QStringList unnamed;
        for (const ColumnDef &c : op.columns) {
            if (c.serverDefault)
                defaultAcrossEngines(*c.serverDefault, op.line, displayed(op.table, c.name));
            if (c.unique && c.uniqueName.isEmpty())
                unnamed << QStringLiteral("UNIQUE (%1)").arg(c.name);
            for (const ForeignKeyRef &fk : c.foreignKeys) {
                if (fk.name.isEmpty())
                    unnamed << QStringLiteral("FOREIGN KEY (%1) -> %2").arg(c.name, fk.target);
            }
        }
        for (const ConstraintDef &k : op.constraints) {
            if (k.kind == ConstraintDef::Kind::PrimaryKey || !k.name.isEmpty())
                continue;
            const QString columns = k.columns.join(QStringLiteral(", "));
            if (k.kind == ConstraintDef::Kind::ForeignKey)
                unnamed << QStringLiteral("FOREIGN KEY (%1) -> %2").arg(columns, k.refTable);
            else if (k.kind == ConstraintDef::Kind::Unique)
                unnamed << QStringLiteral("UNIQUE (%1)").arg(columns);
            else
                unnamed << QStringLiteral("CHECK (%1)").arg(k.sqltext);
        }
        if (!unnamed.isEmpty())
            report(QStringLiteral("unnamed-constraint"), op.line,
                   QStringLiteral("create_table(%1) leaves %2 without a name: %3")
                       .arg(displayed(op.table)).arg(unnamed.size()).arg(unnamed.join(QStringLiteral(", "))));
    }

    void createIndex(const Operation &op, bool existing, bool runsHere)
    {
        if (op.indexes.isEmpty())
            return;
        const IndexDef &index = op.indexes.first();
        if (existing && index.unique && !m_cleaned.contains(tableKey(op.table, op.schema)) && !addedHere(op, index.expressions))
            report(QStringLiteral("unique-on-existing"), op.line,
                   QStringLiteral("creates unique index '%1' on %2 without clearing duplicates first").arg(index.name, displayed(op.table)));
        if (!runsHere)
            return;
        if (index.postgresqlConcurrently && !op.autocommitBlock)
            report(QStringLiteral("concurrently-in-transaction"), op.line,
                   QStringLiteral("create_index('%1', postgresql_concurrently=True) runs inside the revision's transaction").arg(index.name));
        else if (existing && !index.postgresqlConcurrently)
            report(QStringLiteral("index-not-concurrent"), op.line,
                   QStringLiteral("creates index '%1' on %2 without CONCURRENTLY").arg(index.name, displayed(op.table)));
    }

    void createConstraint(const Operation &op, bool existing, bool runsHere)
    {
        if (op.constraints.isEmpty())
            return;
        const ConstraintDef &k = op.constraints.first();
        using CK = ConstraintDef::Kind;
        const QString name = k.name.isEmpty() ? QStringLiteral("(unnamed)") : QStringLiteral("'%1'").arg(k.name);
        if (k.name.isEmpty() && k.kind != CK::PrimaryKey)
            report(QStringLiteral("unnamed-constraint"), op.line,
                   QStringLiteral("the %1 constraint on %2 gets no name")
                       .arg(k.kind == CK::ForeignKey ? QStringLiteral("foreign key") : k.kind == CK::Unique ? QStringLiteral("unique") : QStringLiteral("check"),
                            displayed(op.table)));
        if (!existing)
            return;
        if ((k.kind == CK::Unique || k.kind == CK::PrimaryKey) && !m_cleaned.contains(tableKey(op.table, op.schema)) && !addedHere(op, k.columns))
            report(QStringLiteral("unique-on-existing"), op.line,
                   QStringLiteral("adds %1 %2 on %3 (%4) without clearing duplicates first")
                       .arg(k.kind == CK::Unique ? QStringLiteral("unique constraint") : QStringLiteral("primary key"), name,
                            displayed(op.table), k.columns.join(QStringLiteral(", "))));
        if (runsHere && (k.kind == CK::ForeignKey || k.kind == CK::Check))
            report(QStringLiteral("constraint-not-valid"), op.line,
                   QStringLiteral("adds %1 %2 to %3, checking every row under lock")
                       .arg(k.kind == CK::ForeignKey ? QStringLiteral("foreign key") : QStringLiteral("check constraint"), name, displayed(op.table)));
    }

    void alterColumn(const Operation &op, const std::optional<Column> &before, const std::optional<Column> &after, bool existing)
    {
        const QString column = displayed(op.table, op.name);
        if (op.type && before && after) {
            const TypeShape from = typeShape(before->type), to = typeShape(after->type);
            if (const std::optional<QString> lost = narrowing(from, to, m_dialect))
                report(QStringLiteral("narrow-type"), op.line,
                       QStringLiteral("changes %1 from %2 to %3: %4").arg(column, before->type, after->type, *lost));
            if (existing && m_dialect == Dialect::PostgreSQL && !postgresChangesInPlace(from, to))
                report(QStringLiteral("type-rewrite"), op.line,
                       QStringLiteral("changes %1 from %2 to %3, which rewrites the table").arg(column, before->type, after->type));
            if (existing && m_dialect == Dialect::MySQL && !mysqlChangesInPlace(from, to))
                report(QStringLiteral("mysql-blocking-ddl"), op.line,
                       QStringLiteral("changes %1 from %2 to %3: MySQL copies the table").arg(column, before->type, after->type));
        }
        if (existing && m_dialect == Dialect::PostgreSQL && op.nullable == false && before && before->nullable)
            report(QStringLiteral("set-not-null"), op.line, QStringLiteral("sets %1 NOT NULL").arg(column));
        if (op.serverDefault && *op.serverDefault)
            defaultAcrossEngines(**op.serverDefault, op.line, column);
    }

    void execute(const Operation &op)
    {
        if (op.statement) {
            const CoreStatement &s = *op.statement;
            if (s.kind != CoreStatement::Kind::Insert) {
                m_cleaned.insert(tableKey(s.table, s.schema));
                if (!s.where)
                    report(QStringLiteral("unbounded-dml"), op.line,
                           QStringLiteral("%1 every row of %2 (no .where())")
                               .arg(s.kind == CoreStatement::Kind::Update ? QStringLiteral("updates") : QStringLiteral("deletes"), displayed(s.table)));
            }
            return;
        }
        if (op.ddl)
            return;
        static const QRegularExpression target(QStringLiteral("^(?:update|delete\\s+from|truncate(?:\\s+table)?)\\s+(?:only\\s+)?([`\"\\w.]+)"),
                                               QRegularExpression::CaseInsensitiveOption);
        static const QRegularExpression where(QStringLiteral("\\bwhere\\b"), QRegularExpression::CaseInsensitiveOption);
        for (const sql::StatementSpan &span : sql::splitStatements(op.sql, m_dialect)) {
            const QString sql = withoutComments(span.text);
            const QRegularExpressionMatch m = target.match(sql);
            if (!m.hasMatch())
                continue;
            QString table = m.captured(1);
            table.remove(QLatin1Char('"')).remove(QLatin1Char('`'));
            m_cleaned.insert(table.section(QLatin1Char('.'), -1).toLower());
            if (startsWithWord(sql, QStringLiteral("truncate")))
                report(QStringLiteral("unbounded-dml"), op.line, QStringLiteral("truncates %1").arg(displayed(table)));
            else if (!where.match(sql).hasMatch())
                report(QStringLiteral("unbounded-dml"), op.line,
                       QStringLiteral("%1 every row of %2 (no WHERE)")
                           .arg(startsWithWord(sql, QStringLiteral("update")) ? QStringLiteral("updates") : QStringLiteral("deletes"), displayed(table)));
        }
    }

    /// DDL written as SQL text: the same lock and engine rules as the op.* calls they stand for.
    void schemaSql(const Operation &op, const SchemaApplier &state)
    {
        const auto cs = QRegularExpression::CaseInsensitiveOption;
        static const QRegularExpression createIndex(QStringLiteral("^create\\s+(?:unique\\s+)?index\\s+(concurrently\\s+)?"
                                                                   "(?:if\\s+not\\s+exists\\s+)?(?:[`\"\\w.]+\\s+)?on\\s+(?:only\\s+)?([`\"\\w.]+)"), cs);
        static const QRegularExpression dropConcurrently(QStringLiteral("^drop\\s+index\\s+concurrently\\b"), cs);
        static const QRegularExpression alterTable(QStringLiteral("^alter\\s+table\\s+(?:only\\s+)?(?:if\\s+exists\\s+)?([`\"\\w.]+)\\s+(.*)$"),
                                                   cs | QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression addConstraint(QStringLiteral("\\badd\\s+(?:constraint\\s+[`\"\\w]+\\s+)?(foreign\\s+key|check)\\b"), cs);
        static const QRegularExpression notValid(QStringLiteral("\\bnot\\s+valid\\b"), cs);
        static const QRegularExpression setNotNull(QStringLiteral("\\balter\\s+(?:column\\s+)?([`\"\\w]+)\\s+set\\s+not\\s+null\\b"), cs);
        static const QRegularExpression convert(QStringLiteral("\\bconvert\\s+to\\s+(?:character\\s+set|charset)\\b"), cs);
        const auto bare = [](QString name) { return name.remove(QLatin1Char('"')).remove(QLatin1Char('`')).section(QLatin1Char('.'), -1); };
        const auto existing = [&](const QString &table) {
            return state.table(table, QString()) && !m_created.contains(table.toLower());
        };
        for (const sql::StatementSpan &span : sql::splitStatements(op.sql, m_dialect)) {
            const QString sql = withoutComments(span.text);
            if (m_dialect == Dialect::PostgreSQL) {
                if (const QRegularExpressionMatch m = createIndex.match(sql); m.hasMatch()) {
                    if (!m.captured(1).isEmpty() && !op.autocommitBlock)
                        report(QStringLiteral("concurrently-in-transaction"), op.line,
                               QStringLiteral("CREATE INDEX CONCURRENTLY on %1 runs inside the revision's transaction").arg(displayed(bare(m.captured(2)))));
                    else if (m.captured(1).isEmpty() && existing(bare(m.captured(2))))
                        report(QStringLiteral("index-not-concurrent"), op.line,
                               QStringLiteral("CREATE INDEX on %1 without CONCURRENTLY").arg(displayed(bare(m.captured(2)))));
                } else if (dropConcurrently.match(sql).hasMatch() && !op.autocommitBlock) {
                    report(QStringLiteral("concurrently-in-transaction"), op.line, QStringLiteral("DROP INDEX CONCURRENTLY runs inside the revision's transaction"));
                }
            }
            const QRegularExpressionMatch alter = alterTable.match(sql);
            if (!alter.hasMatch() || !existing(bare(alter.captured(1))))
                continue;
            const QString table = bare(alter.captured(1)), rest = alter.captured(2);
            if (m_dialect == Dialect::PostgreSQL) {
                if (const QRegularExpressionMatch k = addConstraint.match(rest); k.hasMatch() && !notValid.match(rest).hasMatch())
                    report(QStringLiteral("constraint-not-valid"), op.line,
                           QStringLiteral("adds a %1 to %2 without NOT VALID, checking every row under lock")
                               .arg(k.captured(1).simplified().toLower() == QLatin1String("check") ? QStringLiteral("check constraint") : QStringLiteral("foreign key"),
                                    displayed(table)));
                if (const QRegularExpressionMatch n = setNotNull.match(rest); n.hasMatch())
                    report(QStringLiteral("set-not-null"), op.line, QStringLiteral("sets %1 NOT NULL").arg(displayed(table, bare(n.captured(1)))));
            }
            if (m_dialect == Dialect::MySQL && convert.match(rest).hasMatch())
                report(QStringLiteral("mysql-blocking-ddl"), op.line,
                       QStringLiteral("converts %1 to another character set: MySQL copies the table").arg(displayed(table)));
        }
    }

    void enumValues(const Operation &op, const OperationList &ops, int index)
    {
        if (op.statement || op.ddl || op.autocommitBlock || !op.runsOn(m_engine))
            return;
        static const QRegularExpression addValue(QStringLiteral("alter\\s+type\\s+([`\"\\w.]+)\\s+add\\s+value\\s+(?:if\\s+not\\s+exists\\s+)?'((?:[^']|'')*)'"),
                                                 QRegularExpression::CaseInsensitiveOption);
        QRegularExpressionMatchIterator it = addValue.globalMatch(op.sql);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const QString value = m.captured(2).replace(QStringLiteral("''"), QStringLiteral("'"));
            for (int j = index + 1; j < int(ops.size()); ++j) {
                if (!ops.at(j).autocommitBlock && operationMentions(ops.at(j), value)) {
                    report(QStringLiteral("enum-value-in-transaction"), op.line,
                           QStringLiteral("adds value '%1' to enum %2 and uses it at line %3 in the same transaction")
                               .arg(value, m.captured(1)).arg(ops.at(j).line));
                    break;
                }
            }
        }
    }

    const LintOptions &m_options;
    Dialect m_dialect;
    QString m_engine;
    bool m_neutral;
    const RevisionScript &m_script;
    bool m_upgrade;
    QList<LintFinding> *m_out;
    QSet<QString> m_created;     ///< tables this function created
    QSet<QString> m_added;       ///< nullable columns without a default this function added (table.column)
    QSet<QString> m_cleaned;     ///< tables it updated or deleted rows of (duplicates cleared before a unique constraint)
    bool m_hasSchema = false;
    int m_firstData = 0;
    bool m_applyFailed = false;
};

} // namespace

bool isSchemaOperation(const Operation &op)
{
    switch (op.kind) {
    case K::Execute:
        return op.ddl.has_value() || (!op.statement && isSchemaSql(withoutComments(op.sql)));
    case K::BulkInsert:
    case K::Message:
        return false;
    default:
        return true;
    }
}


LintFinding lintFinding(const QString &ruleId, const RevisionScript *script, const QString &file, int line, const QString &message)
{
    const LintRule *rule = lintRule(ruleId);
    LintFinding f;
    f.rule = rule->id;
    f.severity = rule->severity;
    f.revision = script ? script->revision : QString();
    f.file = file;
    f.line = line;
    f.engine = rule->engines;
    f.message = message;
    f.why = rule->why;
    f.saferWay = rule->saferWay;
    return f;
}

bool lintOperations(const LintOptions &options, Dialect dialect, bool neutral, const RevisionScript &script, bool upgrade,
                    const OperationList &ops, SchemaApplier &state, QList<LintFinding> *out)
{
    RevisionLinter linter(options, dialect, neutral, script, upgrade, out);
    linter.run(ops, state);
    return !linter.failed();
}

} // namespace retort
