// SQLAlchemy Core statements as revisions write them for data migrations:
// t.update().where(t.c.x == op.inline_literal(1)).values({...}), sa.insert(t), sa.delete(t).
#include "ops/SaEvaluator.h"

namespace retort {

namespace {
using EK = PyExpr::Kind;
} // namespace

// A literal usable as a statement value.
QVariant SaEvaluator::literalOf(const Value &v, const SourceSpan &span)
{
    switch (v.kind) {
    case Value::Kind::None: return QVariant();
    case Value::Kind::Bool:
    case Value::Kind::Int:
    case Value::Kind::Float:
    case Value::Kind::String: return v.scalar;
    default:
        fail(span, QStringLiteral("statement values must be literals (or op.inline_literal()), not %1")
                       .arg(QString::fromLatin1(kindName(v.kind))));
    }
}

// Table.c.name where the table is a value Retort holds.
std::optional<SaValue> SaEvaluator::columnReference(const PyExpr &e)
{
    if (e.kind != EK::Attribute || !e.child(0) || e.child(0)->kind != EK::Attribute || e.child(0)->text != QLatin1String("c"))
        return std::nullopt;
    const PyExpr *tableExpr = e.child(0)->child(0);
    if (!tableExpr || tableExpr->kind != EK::Name || m_imports.contains(tableExpr->text))
        return std::nullopt;
    const Value table = eval(*tableExpr);
    if (table.kind != Value::Kind::Table)
        fail(e.span, QStringLiteral("'%1' is not a table").arg(tableExpr->text));
    bool known = table.table.columns.isEmpty();
    for (const ColumnDef &c : table.table.columns)
        known = known || c.name == e.text;
    if (!known)
        fail(e.span, QStringLiteral("table '%1' lists no column '%2'").arg(table.table.name, e.text));
    Value v;
    v.kind = Value::Kind::ColumnRef;
    v.span = e.span;
    v.table = table.table;
    v.columnRef = e.text;
    return v;
}

SaValue SaEvaluator::statementOf(const Value &table, const QString &kind, const SourceSpan &span)
{
    Value v;
    v.kind = Value::Kind::Statement;
    v.span = span;
    CoreStatement &st = v.statement;
    st.kind = kind == QLatin1String("update") ? CoreStatement::Kind::Update
              : kind == QLatin1String("insert") ? CoreStatement::Kind::Insert : CoreStatement::Kind::Delete;
    st.table = table.table.name;
    st.schema = table.table.schema;
    for (const ColumnDef &c : table.table.columns)
        st.tableColumns << c.name;
    return v;
}

SaValue SaEvaluator::comparison(const PyExpr &e)
{
    static const QHash<QString, QString> operators = {
        {QStringLiteral("=="), QStringLiteral("=")}, {QStringLiteral("!="), QStringLiteral("!=")},
        {QStringLiteral("<"), QStringLiteral("<")}, {QStringLiteral("<="), QStringLiteral("<=")},
        {QStringLiteral(">"), QStringLiteral(">")}, {QStringLiteral(">="), QStringLiteral(">=")}};
    if (e.children.size() != 2 || !operators.contains(e.text))
        fail(e.span, QStringLiteral("a comparison Retort does not interpret (%1)").arg(e.text));
    const Value left = eval(*e.children[0]);
    if (left.kind != Value::Kind::ColumnRef)
        fail(e.span, QStringLiteral("a comparison must start with a column (table.c.name)"));
    const Value right = eval(*e.children[1]);
    Value v;
    v.kind = Value::Kind::Condition;
    v.span = e.span;
    v.condition.column = left.columnRef;
    if (right.kind == Value::Kind::None && (e.text == QLatin1String("==") || e.text == QLatin1String("!="))) {
        v.condition.kind = e.text == QLatin1String("==") ? SqlCondition::Kind::IsNull : SqlCondition::Kind::IsNotNull;
        return v;
    }
    v.condition.kind = SqlCondition::Kind::Compare;
    v.condition.op = operators.value(e.text);
    v.condition.value = literalOf(right, e.children[1]->span);
    return v;
}

SaValue SaEvaluator::junction(SqlCondition::Kind kind, const std::vector<const PyExpr *> &parts, const SourceSpan &span)
{
    Value v;
    v.kind = Value::Kind::Condition;
    v.span = span;
    v.condition.kind = kind;
    for (const PyExpr *p : parts) {
        if (!p)
            fail(span, QStringLiteral("an incomplete condition"));
        const Value c = eval(*p);
        if (c.kind != Value::Kind::Condition)
            fail(p->span, QStringLiteral("and_/or_ take conditions, not %1").arg(QString::fromLatin1(kindName(c.kind))));
        v.condition.children.push_back(c.condition);
    }
    return v;
}

// A method called on a table, a statement or a column reference; nullopt when the callee is not one.
std::optional<SaValue> SaEvaluator::methodCall(const PyExpr &call)
{
    const PyExpr *callee = call.child(0);
    if (!callee || callee->kind != EK::Attribute || !callee->child(0))
        return std::nullopt;
    const PyExpr *baseExpr = callee->child(0);
    const bool chained = baseExpr->kind == EK::Call;
    const bool local = baseExpr->kind == EK::Name && !m_imports.contains(baseExpr->text) && !m_batchNames.contains(baseExpr->text)
                       && (m_locals.contains(baseExpr->text) || m_moduleValues.contains(baseExpr->text));
    const bool column = baseExpr->kind == EK::Attribute && baseExpr->child(0) && baseExpr->child(0)->text == QLatin1String("c");
    if (!chained && !local && !column)
        return std::nullopt;
    if (callee->text == QLatin1String("bindparams") && chained && isTextCall(*baseExpr)) {
        if (call.children.size() != 1)
            fail(call.span, QStringLiteral(".bindparams() with positional bindparam() objects needs Python"));
        std::vector<std::pair<QString, const PyExpr *>> parameters;
        for (const PyKeywordArg &k : call.keywords) {
            if (k.name.isEmpty())
                fail(call.span, QStringLiteral(".bindparams(**…) needs Python"));
            parameters.emplace_back(k.name, k.value.get());
        }
        return boundText(*baseExpr, parameters, false, call.span);
    }
    const Value base = eval(*baseExpr);
    const QString method = callee->text;
    const auto singleArgument = [&]() -> const PyExpr & {
        if (call.children.size() != 2 || !call.keywords.empty())
            fail(call.span, QStringLiteral(".%1() takes one argument here").arg(method));
        return *call.children[1];
    };
    if (base.kind == Value::Kind::Type && method == QLatin1String("with_variant")) {
        // sa.JSON().with_variant(postgresql.JSONB(), "postgresql"): another type on the dialects named.
        if (call.children.size() < 3 || !call.keywords.empty())
            fail(call.span, QStringLiteral(".with_variant() takes a type and the dialect names"));
        const Value variant = eval(*call.children[1]);
        if (variant.kind != Value::Kind::Type)
            fail(call.children[1]->span, QStringLiteral(".with_variant() takes a type first"));
        Value v = base;
        v.span = call.span;
        for (size_t i = 2; i < call.children.size(); ++i) {
            const Value name = eval(*call.children[i]);
            if (name.kind != Value::Kind::String)
                fail(call.children[i]->span, QStringLiteral(".with_variant() takes dialect names as strings"));
            // Names other than sqlite/postgresql/mysql never match (SQLAlchemy 1.4 calls MariaDB "mysql").
            v.type.variants.emplace_back(name.string(), variant.type);
        }
        return v;
    }
    if (base.kind == Value::Kind::Table) {
        if ((method == QLatin1String("update") || method == QLatin1String("insert") || method == QLatin1String("delete"))
            && call.children.size() == 1 && call.keywords.empty())
            return statementOf(base, method, call.span);
    } else if (base.kind == Value::Kind::Statement) {
        Value v = base;
        v.span = call.span;
        CoreStatement &st = v.statement;
        if (method == QLatin1String("where") && st.kind != CoreStatement::Kind::Insert) {
            std::vector<const PyExpr *> parts;
            for (size_t i = 1; i < call.children.size(); ++i)
                parts.push_back(call.children[i].get());
            // A second where() adds to the first with AND, as SQLAlchemy does.
            Value condition = junction(SqlCondition::Kind::And, parts, call.span);
            if (st.where)
                condition.condition.children.insert(condition.condition.children.begin(), *st.where);
            st.where = condition.condition.children.size() == 1 ? condition.condition.children.front() : condition.condition;
            return v;
        }
        if (method == QLatin1String("values") && st.kind != CoreStatement::Kind::Delete) {
            QList<QPair<QString, QVariant>> values;
            if (call.children.size() == 2 && call.keywords.empty()) {
                const Value dict = eval(*call.children[1]);
                if (dict.kind != Value::Kind::Dict)
                    fail(call.children[1]->span, QStringLiteral(".values() takes a dict of column names"));
                for (const auto &[key, value] : dict.dict)
                    values << qMakePair(key, literalOf(value, value.span));
            } else if (call.children.size() == 1) {
                for (const PyKeywordArg &k : call.keywords) {
                    if (k.name.isEmpty())
                        fail(k.span, QStringLiteral("values unpacked with ** need Python"));
                    values << qMakePair(k.name, literalOf(eval(*k.value), k.span));
                }
            } else {
                fail(call.span, QStringLiteral(".values() takes a dict or keyword arguments"));
            }
            for (const auto &[name, value] : std::as_const(values)) {
                Q_UNUSED(value);
                if (!st.tableColumns.isEmpty() && !st.tableColumns.contains(name))
                    fail(call.span, QStringLiteral("Unconsumed column names: %1 (table '%2' does not list it)").arg(name, st.table));
            }
            st.values << values;
            return v;
        }
    } else if (base.kind == Value::Kind::ColumnRef) {
        Value v;
        v.kind = Value::Kind::Condition;
        v.span = call.span;
        v.condition.column = base.columnRef;
        if (method == QLatin1String("is_") || method == QLatin1String("isnot") || method == QLatin1String("is_not")) {
            if (eval(singleArgument()).kind != Value::Kind::None)
                fail(call.span, QStringLiteral(".%1() is read with None only").arg(method));
            v.condition.kind = method == QLatin1String("is_") ? SqlCondition::Kind::IsNull : SqlCondition::Kind::IsNotNull;
            return v;
        }
        if (method == QLatin1String("in_")) {
            const Value list = eval(singleArgument());
            if (list.kind != Value::Kind::List || list.items.empty())
                fail(call.span, QStringLiteral(".in_() takes a non-empty literal list"));
            v.condition.kind = SqlCondition::Kind::In;
            for (const Value &item : list.items)
                v.condition.values << literalOf(item, item.span);
            return v;
        }
        if (method == QLatin1String("like")) {
            v.condition.kind = SqlCondition::Kind::Like;
            v.condition.value = literalOf(eval(singleArgument()), call.span);
            return v;
        }
    }
    fail(call.span, QStringLiteral(".%1() on %2 is not something Retort interprets")
                        .arg(method, QString::fromLatin1(kindName(base.kind))));
}

} // namespace retort
