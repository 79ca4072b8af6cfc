// op.* and batch_op.* calls, bound from a table of Alembic's signatures: each operation names its
// positional and keyword-only parameters and has one small handler that reads the bound arguments
// into an Operation. Alembic 0.7's parameter names are accepted where the signature does not use the
// name itself; batch_op.* drops table_name (source_table) and schema.
#include "ops/OpBindings.h"

#include <tuple>

namespace retort {

namespace {

using EK = PyExpr::Kind;
using Value = SaValue;
using Args = SaEvaluator::Args;

// One call being bound: the evaluator, the call, its bound arguments and the operation it becomes.
struct OpCall
{
    SaEvaluator &sa;
    const PyExpr &call;
    const QString display;   ///< "op.add_column" or "batch_op.add_column"
    const bool isBatch;
    Args a;
    Operation &op;

    QString required(const char *name) { return sa.requireString(a, name, call, display); }
    QString optional(const char *name) { return sa.optionalString(a, name); }
    bool flag(const char *name, bool fallback = false) { return sa.optionalBool(a, name, fallback); }
    std::optional<bool> triBool(const char *name) { return sa.triBool(a, name); }
    std::pair<QString, bool> name(const char *name) { return sa.nameArg(a, name); }
    /// The argument, or the error "<display>() needs <what>".
    const PyExpr &needed(const char *name, const QString &what)
    {
        if (!a.get(name))
            fail(call.span, QStringLiteral("%1() needs %2").arg(display, what));
        return *a.get(name);
    }
    /// op.*: table_name and schema; batch_op.*: the batch's, already set.
    void tableAndSchema()
    {
        if (!isBatch) {
            op.table = required("table_name");
            op.schema = optional("schema");
        }
    }
};

void createTable(OpCall &c)
{
    Operation &op = c.op;
    op.kind = Operation::Kind::CreateTable;
    op.table = c.required("table_name");
    op.schema = c.optional("schema");
    op.ifNotExists = c.flag("if_not_exists");
    op.comment = c.optional("comment");
    // SQLAlchemy's spelling: the option name upper-cased, '_' as ' ', joined by '=' (COLLATE by a space).
    for (const char *option : {"mysql_engine", "mysql_charset", "mysql_default_charset", "mysql_collate", "mysql_row_format",
                               "mysql_key_block_size", "mysql_auto_increment"}) {
        const QString value = c.optional(option);
        if (value.isEmpty())
            continue;
        QString name = QString::fromLatin1(option).mid(6).toUpper();
        if (name == QLatin1String("DEFAULT_CHARSET"))
            name = QStringLiteral("DEFAULT CHARSET");
        op.mysqlOptions << name + (name == QLatin1String("COLLATE") ? QStringLiteral(" ") : QStringLiteral("=")) + value;
    }
    for (const PyExpr *item : c.a.rest) {
        Value v = c.sa.eval(*item);
        if (v.kind == Value::Kind::Column) {
            op.columns.append(v.column);
        } else if (v.kind == Value::Kind::Constraint) {
            op.constraints.append(v.constraint);
        } else if (v.kind == Value::Kind::Index) {
            v.index.table = op.table;
            op.indexes.append(v.index);
        } else {
            fail(item->span, QStringLiteral("create_table() takes Columns and constraints, not %1")
                                 .arg(QString::fromLatin1(kindName(v.kind))));
        }
    }
    for (const ColumnDef &column : std::as_const(op.columns)) {
        if (!column.hasType)
            fail(c.call.span, QStringLiteral("column '%1' has no type (SQLAlchemy would copy it from the referenced "
                                             "column, which Retort does not do)").arg(column.name));
    }
}

void dropTable(OpCall &c)
{
    c.op.kind = Operation::Kind::DropTable;
    c.tableAndSchema();
    c.op.ifExists = c.flag("if_exists");
}

void renameTable(OpCall &c)
{
    c.op.kind = Operation::Kind::RenameTable;
    c.op.table = c.required("old_table_name");
    c.op.newName = c.required("new_table_name");
    c.op.schema = c.optional("schema");
}

void addColumn(OpCall &c)
{
    c.op.kind = Operation::Kind::AddColumn;
    c.tableAndSchema();
    const PyExpr &column = c.needed("column", QStringLiteral("a column"));
    const Value v = c.sa.eval(column);
    if (v.kind != Value::Kind::Column)
        fail(column.span, QStringLiteral("%1() takes a Column").arg(c.display));
    if (!v.column.hasType)
        fail(column.span, QStringLiteral("column '%1' has no type").arg(v.column.name));
    c.op.columns.append(v.column);
    c.op.ifNotExists = c.flag("if_not_exists");
}

void dropColumn(OpCall &c)
{
    c.op.kind = Operation::Kind::DropColumn;
    c.tableAndSchema();
    c.op.name = c.required("column_name");
    c.op.ifExists = c.flag("if_exists");
    if (const PyExpr *t = c.a.get("existing_type"))
        c.op.existingType = c.sa.typeOf(*t, QStringLiteral("existing_type"));
}

void alterColumn(OpCall &c)
{
    Operation &op = c.op;
    op.kind = Operation::Kind::AlterColumn;
    c.tableAndSchema();
    op.name = c.required("column_name");
    op.nullable = c.triBool("nullable");
    op.existingNullable = c.triBool("existing_nullable");
    op.autoincrement = c.triBool("autoincrement");
    op.existingAutoincrement = c.triBool("existing_autoincrement");
    op.newName = c.optional("new_column_name");
    op.postgresqlUsing = c.optional("postgresql_using");
    op.existingComment = c.optional("existing_comment");
    if (const PyExpr *t = c.a.get("type_"))
        op.type = c.sa.typeOf(*t, QStringLiteral("type_"));
    if (const PyExpr *t = c.a.get("existing_type"))
        op.existingType = c.sa.typeOf(*t, QStringLiteral("existing_type"));
    // server_default and comment: False (Alembic's default) means "not given", None means "remove".
    if (const PyExpr *d = c.a.get("server_default")) {
        if (d->kind == EK::None)
            op.serverDefault = std::optional<ServerDefault>();
        else if (d->kind != EK::False)
            op.serverDefault = std::optional<ServerDefault>(c.sa.serverDefaultOf(*d));
    }
    if (const PyExpr *d = c.a.get("existing_server_default")) {
        if (d->kind != EK::False && d->kind != EK::None)
            op.existingServerDefault = c.sa.serverDefaultOf(*d);
    }
    if (const PyExpr *comment = c.a.get("comment")) {
        if (comment->kind == EK::None)
            op.columnComment = QString();
        else if (comment->kind != EK::False)
            op.columnComment = c.optional("comment");
    }
}

void createIndex(OpCall &c)
{
    c.op.kind = Operation::Kind::CreateIndex;
    c.tableAndSchema();
    IndexDef index;
    // None: the naming convention names it (SQLAlchemy's default one: ix_<table>_<first column>), after reading.
    std::tie(index.name, index.nameConverted) = c.name("index_name");
    index.table = c.op.table;
    index.unique = c.flag("unique");
    c.sa.indexParts(c.sa.eval(c.needed("columns", QStringLiteral("columns"))), &index);
    c.sa.indexOptions(c.a, &index);
    c.op.ifNotExists = c.flag("if_not_exists");
    c.op.indexes.append(index);
}

void dropIndex(OpCall &c)
{
    c.op.kind = Operation::Kind::DropIndex;
    if (!c.isBatch) {
        c.op.table = c.optional("table_name");
        c.op.schema = c.optional("schema");
    }
    std::tie(c.op.name, c.op.nameConverted) = c.name("index_name");
    if (c.op.name.isEmpty())
        fail(c.call.span, QStringLiteral("%1() needs an index name").arg(c.display));
    c.op.ifExists = c.flag("if_exists");
    c.op.postgresqlConcurrently = c.flag("postgresql_concurrently");
    // What the index was made with does not change DROP INDEX; read only to be sure they are literals.
    for (const char *made : {"postgresql_using", "postgresql_where", "postgresql_ops", "postgresql_include", "postgresql_with",
                             "mysql_length", "mysql_prefix", "sqlite_where"}) {
        if (const PyExpr *e = c.a.get(made))
            c.sa.eval(*e);
    }
}

void createKeyOrUnique(OpCall &c, ConstraintDef::Kind kind)
{
    c.op.kind = Operation::Kind::CreateConstraint;
    c.tableAndSchema();
    ConstraintDef constraint;
    constraint.kind = kind;
    std::tie(constraint.name, constraint.nameConverted) = c.name("constraint_name");
    constraint.columns = c.sa.stringList(c.needed("columns", QStringLiteral("columns")), QStringLiteral("columns"));
    constraint.deferrable = c.triBool("deferrable");
    constraint.initially = c.optional("initially");
    c.op.constraints.append(constraint);
}

void createUniqueConstraint(OpCall &c) { createKeyOrUnique(c, ConstraintDef::Kind::Unique); }
void createPrimaryKey(OpCall &c) { createKeyOrUnique(c, ConstraintDef::Kind::PrimaryKey); }

void createForeignKey(OpCall &c)
{
    c.op.kind = Operation::Kind::CreateConstraint;
    if (!c.isBatch) {
        c.op.table = c.required("source_table");
        c.op.schema = c.optional("source_schema");
    }
    ConstraintDef fk;
    fk.kind = ConstraintDef::Kind::ForeignKey;
    std::tie(fk.name, fk.nameConverted) = c.name("constraint_name");
    fk.refTable = c.required("referent_table");
    fk.refSchema = c.optional("referent_schema");
    if (!c.a.get("local_cols") || !c.a.get("remote_cols"))
        fail(c.call.span, QStringLiteral("%1() needs local_cols and remote_cols").arg(c.display));
    fk.columns = c.sa.stringList(*c.a.get("local_cols"), QStringLiteral("local_cols"));
    fk.refColumns = c.sa.stringList(*c.a.get("remote_cols"), QStringLiteral("remote_cols"));
    c.sa.referentialOptions(c.a, &fk);
    c.op.constraints.append(fk);
}

void createCheckConstraint(OpCall &c)
{
    c.op.kind = Operation::Kind::CreateConstraint;
    c.tableAndSchema();
    ConstraintDef check;
    check.kind = ConstraintDef::Kind::Check;
    std::tie(check.name, check.nameConverted) = c.name("constraint_name");
    check.sqltext = c.sa.sqlText(c.needed("condition", QStringLiteral("a condition")), QStringLiteral("condition"));
    c.op.constraints.append(check);
}

void dropConstraint(OpCall &c)
{
    const auto unnamedDropReason = [](const QString &display) {
        return QStringLiteral("%1(None, …) drops an unnamed constraint, which cannot be found by name (Alembic fails here "
                              "too); give the constraint's real name").arg(display);
    };
    Operation &op = c.op;
    op.kind = Operation::Kind::DropConstraint;
    c.tableAndSchema();
    std::tie(op.name, op.nameConverted) = c.name("constraint_name");
    const QString type = c.optional("type_");
    op.ifExists = c.flag("if_exists");
    // None: only a naming convention can name it (SQLAlchemy computes pk_%(table_name)s and the like with no
    // columns); the revision's reader names it or reports it after reading (runner/ConventionNames).
    if (op.name.isEmpty())
        op.message = unnamedDropReason(c.display);
    const std::optional<ConstraintType> parsed = constraintTypeFromAlembic(type);
    if (!parsed)
        fail(c.call.span, QStringLiteral("type_='%1' is not one of foreignkey, primary, unique, check").arg(type));
    op.constraintType = *parsed;
}

void createTableComment(OpCall &c)
{
    c.op.kind = Operation::Kind::CreateTableComment;
    c.tableAndSchema();
    c.op.comment = c.required("comment");
}

void dropTableComment(OpCall &c)
{
    c.op.kind = Operation::Kind::DropTableComment;
    c.tableAndSchema();
}

void execute(OpCall &c)
{
    c.op.kind = Operation::Kind::Execute;
    const PyExpr &sql = c.needed("sqltext", QStringLiteral("SQL"));
    if (const PyExpr *options = c.a.get("execution_options"))
        fail(options->span, QStringLiteral("execution_options change how Python runs the statement"));
    const Value statement = c.sa.eval(sql);
    if (statement.kind == Value::Kind::Statement)
        c.op.statement = statement.statement;
    else if (statement.kind == Value::Kind::Ddl)
        c.op.ddl = statement.ddl;
    else if (statement.kind == Value::Kind::BoundText) {
        c.op.sql = statement.serverDefault.text;
        c.op.sqlParameters = statement.parameters;
    }
    else
        c.op.sql = c.sa.sqlText(sql, QStringLiteral("the statement"));
}

const char *scalarKindName(PyScalar::Kind kind)
{
    switch (kind) {
    case PyScalar::Kind::Date: return "datetime.date";
    case PyScalar::Kind::DateTime: return "datetime.datetime";
    case PyScalar::Kind::Time: return "datetime.time";
    case PyScalar::Kind::Decimal: return "decimal.Decimal";
    case PyScalar::Kind::Uuid: return "uuid.UUID";
    }
    return "value";
}

// Whether SQLAlchemy's type for the column turns this value into what Retort writes for it: a date
// for Date, a datetime for DateTime/TIMESTAMP, a Decimal for Numeric, a UUID for PostgreSQL's UUID.
bool takesScalar(const ColumnDef &column, const PyScalar &value)
{
    if (!column.hasType)
        return false;
    const QString type = column.type.name.toUpper();
    switch (value.kind) {
    case PyScalar::Kind::Date: return type == QLatin1String("DATE");
    case PyScalar::Kind::DateTime: return type == QLatin1String("DATETIME") || type == QLatin1String("TIMESTAMP");
    case PyScalar::Kind::Time: return type == QLatin1String("TIME");
    case PyScalar::Kind::Decimal: return type == QLatin1String("NUMERIC") || type == QLatin1String("DECIMAL");
    case PyScalar::Kind::Uuid: return type == QLatin1String("UUID") && column.type.module == QLatin1String("postgresql");
    }
    return false;
}

void bulkInsert(OpCall &c)
{
    Operation &op = c.op;
    op.kind = Operation::Kind::BulkInsert;
    const PyExpr *tableExpr = c.a.get("table");
    const PyExpr *rowsExpr = c.a.get("rows");
    if (!tableExpr || !rowsExpr)
        fail(c.call.span, QStringLiteral("op.bulk_insert() needs a table and rows"));
    const Value table = c.sa.eval(*tableExpr);
    if (table.kind != Value::Kind::Table)
        fail(tableExpr->span, QStringLiteral("op.bulk_insert() needs a table made with sa.table() or sa.Table()"));
    op.table = table.table.name;
    op.schema = table.table.schema;
    op.columns = table.table.columns;
    op.multiInsert = c.flag("multiinsert", true);
    const Value rows = c.sa.eval(*rowsExpr);
    if (rows.kind != Value::Kind::List)
        fail(rowsExpr->span, QStringLiteral("op.bulk_insert() rows must be a literal list of dicts"));
    for (const Value &row : rows.items) {
        if (row.kind != Value::Kind::Dict)
            fail(row.span, QStringLiteral("each row of op.bulk_insert() must be a literal dict"));
        QVariantMap values;
        for (const ColumnDef &column : std::as_const(op.columns)) {
            bool given = false;
            for (const auto &entry : row.dict)
                given = given || entry.first == column.name;
            if (column.pythonDefault && !given)
                fail(row.span, QStringLiteral("the row leaves out column '%1', whose default= SQLAlchemy computes in Python "
                                              "when it inserts").arg(column.name));
        }
        for (const auto &[key, value] : row.dict) {
            const ColumnDef *column = nullptr;
            for (const ColumnDef &listed : std::as_const(op.columns)) {
                if (listed.name == key)
                    column = &listed;
            }
            if (!column)
                fail(value.span, QStringLiteral("the row names column '%1', which table '%2' does not list").arg(key, op.table));
            switch (value.kind) {
            case Value::Kind::None: values.insert(key, QVariant()); break;
            case Value::Kind::Bool:
            case Value::Kind::Int:
            case Value::Kind::Float:
            case Value::Kind::String: values.insert(key, value.scalar); break;
            case Value::Kind::PyScalar:
                if (!takesScalar(*column, *PyScalar::from(value.scalar)))
                    fail(value.span, QStringLiteral("a %1 in column '%2', whose type is %3: what SQLAlchemy hands the driver "
                                                    "then depends on Python (give the column a matching type)")
                                         .arg(scalarKindName(PyScalar::from(value.scalar)->kind), key,
                                              column->hasType ? column->type.name : QStringLiteral("not given")));
                values.insert(key, value.scalar);
                break;
            default:
                fail(value.span, QStringLiteral("row values must be literals (numbers, strings, True/False, None, dates, "
                                                "Decimals, UUIDs)"));
            }
        }
        op.rows.append(values);
    }
}

enum class Form { OpOnly, OpAndBatch };

struct OpSignature
{
    Form form;
    QStringList positional;
    QStringList keywordOnly;
    bool varargs;
    void (*handler)(OpCall &);
};

QStringList names(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *n : list)
        out << QString::fromLatin1(n);
    return out;
}

// Alembic's signatures (alembic/operations/ops.py and base.py), table_name first where Alembic has it.
const QHash<QString, OpSignature> &signatures()
{
    static const QHash<QString, OpSignature> table = {
        {QStringLiteral("create_table"),
         {Form::OpOnly, names({"table_name"}),
          names({"schema", "if_not_exists", "comment", "mysql_engine", "mysql_charset", "mysql_default_charset",
                 "mysql_collate", "mysql_row_format", "mysql_key_block_size", "mysql_auto_increment", "info"}), true,
          createTable}},
        {QStringLiteral("drop_table"), {Form::OpOnly, names({"table_name"}), names({"schema", "if_exists"}), false, dropTable}},
        {QStringLiteral("rename_table"),
         {Form::OpOnly, names({"old_table_name", "new_table_name", "schema"}), {}, false, renameTable}},
        {QStringLiteral("add_column"),
         {Form::OpAndBatch, names({"table_name", "column", "schema"}), names({"if_not_exists"}), false, addColumn}},
        {QStringLiteral("drop_column"),
         {Form::OpAndBatch, names({"table_name", "column_name", "schema"}),
          names({"if_exists", "existing_type", "mssql_drop_check", "mssql_drop_default", "mssql_drop_foreign_key"}),
          false, dropColumn}},
        {QStringLiteral("alter_column"),
         {Form::OpAndBatch, names({"table_name", "column_name"}),
          names({"nullable", "comment", "server_default", "new_column_name", "type_", "existing_type",
                 "existing_server_default", "existing_nullable", "existing_comment", "schema", "postgresql_using",
                 "autoincrement", "existing_autoincrement"}), false, alterColumn}},
        {QStringLiteral("create_index"),
         {Form::OpAndBatch, names({"index_name", "table_name", "columns", "schema", "unique"}),
          QStringList{QStringLiteral("if_not_exists")} + SaEvaluator::indexOptionNames(), false, createIndex}},
        {QStringLiteral("drop_index"),
         {Form::OpAndBatch, names({"index_name", "table_name", "schema"}),
          names({"if_exists", "postgresql_concurrently", "postgresql_using", "postgresql_where", "postgresql_ops",
                 "postgresql_include", "postgresql_with", "mysql_length", "mysql_prefix", "sqlite_where"}), false, dropIndex}},
        {QStringLiteral("create_unique_constraint"),
         {Form::OpAndBatch, names({"constraint_name", "table_name", "columns", "schema"}),
          names({"deferrable", "initially"}), false, createUniqueConstraint}},
        {QStringLiteral("create_primary_key"),
         {Form::OpAndBatch, names({"constraint_name", "table_name", "columns", "schema"}), {}, false, createPrimaryKey}},
        {QStringLiteral("create_foreign_key"),
         {Form::OpAndBatch, names({"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"}),
          names({"onupdate", "ondelete", "deferrable", "initially", "match", "source_schema", "referent_schema"}),
          false, createForeignKey}},
        {QStringLiteral("create_check_constraint"),
         {Form::OpAndBatch, names({"constraint_name", "table_name", "condition", "schema"}), {}, false,
          createCheckConstraint}},
        {QStringLiteral("drop_constraint"),
         {Form::OpAndBatch, names({"constraint_name", "table_name", "type_", "schema"}), names({"if_exists"}), false,
          dropConstraint}},
        {QStringLiteral("create_table_comment"),
         {Form::OpAndBatch, names({"table_name", "comment"}), names({"existing_comment", "schema"}), false,
          createTableComment}},
        {QStringLiteral("drop_table_comment"),
         {Form::OpAndBatch, names({"table_name"}), names({"existing_comment", "schema"}), false, dropTableComment}},
        {QStringLiteral("execute"), {Form::OpAndBatch, names({"sqltext"}), names({"execution_options"}), false, execute}},
        {QStringLiteral("bulk_insert"),
         {Form::OpOnly, names({"table", "rows", "multiinsert"}), {}, false, bulkInsert}},
    };
    return table;
}

} // namespace

SaValue bindOperation(SaEvaluator &sa, const PyExpr &call, OperationList *ops, const Operation *batch)
{
    const QString callee = sa.calleeName(*call.children[0]);
    const bool isBatch = callee.startsWith(QLatin1String("batch."));
    if (!callee.startsWith(QLatin1String("op.")) && !isBatch) {
        if (sa.nameOrigin(*call.children[0]) == SaEvaluator::NameOrigin::Local)
            fail(call.span, QStringLiteral("a method call on a local value (%1) runs Python code").arg(call.children[0]->dottedName()));
        fail(call.span, QStringLiteral("a call to %1, which is not an Alembic operation")
                            .arg(call.children[0]->dottedName().isEmpty() ? QStringLiteral("an expression")
                                                                          : call.children[0]->dottedName()));
    }
    const QString fn = callee.section(QLatin1Char('.'), 1);
    const QString display = (isBatch ? QStringLiteral("batch_op.") : QStringLiteral("op.")) + fn;
    if (isBatch && !batch)
        fail(call.span, QStringLiteral("%1 outside its 'with' block").arg(display));

    if (fn == QLatin1String("f") || fn == QLatin1String("inline_literal"))
        return sa.eval(call);
    if (fn == QLatin1String("get_bind") || fn == QLatin1String("get_context"))
        fail(call.span, QStringLiteral("op.%1() hands a live connection to Python code").arg(fn));
    if (fn == QLatin1String("batch_alter_table"))
        fail(call.span, QStringLiteral("op.batch_alter_table() outside a 'with' block"));
    const auto found = signatures().constFind(fn);
    if (found == signatures().constEnd() || (isBatch && found->form == Form::OpOnly))
        fail(call.span, QStringLiteral("%1() is not an operation Retort runs").arg(display));

    QStringList positional = found->positional;
    QStringList keywordOnly = found->keywordOnly;
    if (isBatch) {   // the batch names the table
        positional.removeAll(QStringLiteral("table_name"));
        positional.removeAll(QStringLiteral("source_table"));
        keywordOnly.removeAll(QStringLiteral("schema"));
    }
    static const QStringList alembic07Names = names({"name=constraint_name", "tablename=table_name", "type=type_",
                                                     "source=source_table", "referent=referent_table", "cols=columns",
                                                     "local_cols=columns"});
    Operation op;
    op.line = call.span.line;
    if (batch) {
        op.table = batch->table;
        op.schema = batch->schema;
    }
    OpCall bound{sa, call, display, isBatch, sa.bind(call, display, positional, keywordOnly, found->varargs, alembic07Names), op};
    found->handler(bound);

    Value result;
    if (op.kind == Operation::Kind::CreateTable) {   // t = op.create_table(...) is a table for bulk_insert
        result.kind = Value::Kind::Table;
        result.table = SaTableValue{op.table, op.schema, op.columns};
    }
    ops->push_back(std::move(op));
    return result;
}

Operation bindBatchAlterTable(SaEvaluator &sa, const PyExpr &call)
{
    const QString display = QStringLiteral("op.batch_alter_table");
    const Args a = sa.bind(call, display, names({"table_name", "schema", "recreate"}), names({"naming_convention", "copy_from"}));
    Operation op;
    op.kind = Operation::Kind::Batch;
    op.line = call.span.line;
    op.table = sa.requireString(a, "table_name", call, display);
    op.schema = sa.optionalString(a, "schema");
    if (a.has("recreate")) {
        const QString recreate = sa.requireString(a, "recreate", call, display);
        const std::optional<BatchRecreate> parsed = batchRecreateFromAlembic(recreate);
        if (!parsed)
            fail(a.get("recreate")->span, QStringLiteral("recreate must be 'auto', 'always' or 'never'"));
        op.recreate = *parsed;
    }
    if (const PyExpr *copy = a.get("copy_from")) {
        const SaValue table = sa.eval(*copy);
        if (table.kind != SaValue::Kind::Table || table.table.columns.isEmpty())
            fail(copy->span, QStringLiteral("copy_from must be a sa.Table(…) with its columns"));
        if (table.table.name != op.table)
            fail(copy->span, QStringLiteral("copy_from describes table '%1', not '%2'").arg(table.table.name, op.table));
        op.batchCopyFrom = table.table.columns;
    }
    if (const PyExpr *convention = a.get("naming_convention")) {
        const SaValue dict = sa.eval(*convention);
        if (dict.kind != SaValue::Kind::Dict)
            fail(convention->span, QStringLiteral("naming_convention must be a dict of templates"));
        static const QStringList keys = {QStringLiteral("ix"), QStringLiteral("uq"), QStringLiteral("ck"), QStringLiteral("fk"),
                                         QStringLiteral("pk")};
        for (const auto &[key, value] : dict.dict) {
            if (!keys.contains(key) || !value.isString())
                fail(value.span, QStringLiteral("naming_convention entries must map \"ix\", \"uq\", \"ck\", \"fk\" or \"pk\" to a "
                                                "template string (a callable or a constraint class needs Python)"));
            op.batchNamingConvention.insert(key, value.string());
        }
    }
    return op;
}

} // namespace retort
