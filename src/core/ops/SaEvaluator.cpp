// The SQLAlchemy expression evaluator: names, literals and constructs. Arguments, Core statements and
// column types are in SaArguments.cpp, SaStatements.cpp and SaTypes.cpp.
#include "ops/SaEvaluator.h"

#include "sql/Identifiers.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace retort {

namespace {

using EK = PyExpr::Kind;

// Modules whose import cannot change what a revision does to the schema.
bool isHarmlessModule(const QString &module)
{
    static const QSet<QString> stdlib = {
        QStringLiteral("__future__"), QStringLiteral("typing"), QStringLiteral("typing_extensions"),
        QStringLiteral("datetime"), QStringLiteral("decimal"), QStringLiteral("enum"), QStringLiteral("uuid"),
        QStringLiteral("json"), QStringLiteral("re"), QStringLiteral("logging"), QStringLiteral("collections"),
    };
    const QString top = module.section(QLatin1Char('.'), 0, 0);
    return top == QLatin1String("alembic") || top == QLatin1String("sqlalchemy") || top == QLatin1String("sqlalchemy_utils")
           || stdlib.contains(top);
}

// "sqlalchemy.sql.expression.text" -> "sa.text"; "sqlalchemy.dialects.postgresql.UUID" -> "postgresql.UUID".
QString canonicalName(const QString &qualified)
{
    static const QStringList saPrefixes = {
        QStringLiteral("sqlalchemy.sql.sqltypes."), QStringLiteral("sqlalchemy.sql.expression."),
        QStringLiteral("sqlalchemy.sql.schema."), QStringLiteral("sqlalchemy.sql.functions."),
        QStringLiteral("sqlalchemy.sql.elements."), QStringLiteral("sqlalchemy.sql."),
        QStringLiteral("sqlalchemy.types."), QStringLiteral("sqlalchemy.schema."), QStringLiteral("sqlalchemy."),
    };
    for (const QString &dialect : {QStringLiteral("postgresql"), QStringLiteral("mysql"), QStringLiteral("sqlite")}) {
        const QString prefix = QStringLiteral("sqlalchemy.dialects.") + dialect;
        if (qualified == prefix || qualified.startsWith(prefix + QLatin1Char('.')))
            return dialect + qualified.mid(prefix.size());
    }
    if (qualified == QLatin1String("sqlalchemy"))
        return QStringLiteral("sa");
    // sqlalchemy_utils exports its types at the top and from sqlalchemy_utils.types.<module>: one name each.
    if (qualified.startsWith(QLatin1String("sqlalchemy_utils.")))
        return QStringLiteral("sqlalchemy_utils.") + qualified.section(QLatin1Char('.'), -1);
    for (const QString &p : saPrefixes) {
        if (qualified.startsWith(p))
            return QStringLiteral("sa.") + qualified.mid(p.size());
    }
    if (qualified == QLatin1String("alembic.op") || qualified.startsWith(QLatin1String("alembic.op.")))
        return QStringLiteral("op") + qualified.mid(10);
    return qualified;
}

qlonglong parseInt(const PyExpr &e, bool *ok)
{
    QString t = e.text;
    t.remove(QLatin1Char('_'));
    if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        return t.mid(2).toLongLong(ok, 16);
    if (t.startsWith(QLatin1String("0o"), Qt::CaseInsensitive))
        return t.mid(2).toLongLong(ok, 8);
    if (t.startsWith(QLatin1String("0b"), Qt::CaseInsensitive))
        return t.mid(2).toLongLong(ok, 2);
    return t.toLongLong(ok, 10);
}

} // namespace

[[noreturn]] void fail(const SourceSpan &span, const QString &reason)
{
    throw Unsupported{span, reason};
}

[[noreturn]] void failEverywhere(const SourceSpan &span, const QString &reason)
{
    throw Unsupported{span, reason, true};
}

const char *kindName(SaValue::Kind k)
{
    switch (k) {
    case SaValue::Kind::None: return "None";
    case SaValue::Kind::Bool: return "a boolean";
    case SaValue::Kind::Int: return "an integer";
    case SaValue::Kind::Float: return "a number";
    case SaValue::Kind::String: return "a string";
    case SaValue::Kind::List: return "a list";
    case SaValue::Kind::Dict: return "a dict";
    case SaValue::Kind::Type: return "a type";
    case SaValue::Kind::Column: return "a Column";
    case SaValue::Kind::Constraint: return "a constraint";
    case SaValue::Kind::Index: return "an Index";
    case SaValue::Kind::ForeignKey: return "a ForeignKey";
    case SaValue::Kind::Default: return "a SQL expression";
    case SaValue::Kind::Table: return "a table";
    case SaValue::Kind::MetaData: return "a MetaData";
    case SaValue::Kind::ColumnRef: return "a column reference";
    case SaValue::Kind::Condition: return "a condition";
    case SaValue::Kind::Statement: return "a SQLAlchemy Core statement";
    case SaValue::Kind::Connection: return "the connection op.get_bind() returns";
    case SaValue::Kind::Context: return "the migration context op.get_context() returns";
    case SaValue::Kind::Sequence: return "a Sequence";
    case SaValue::Kind::Ddl: return "a DDL element";
    case SaValue::Kind::PyScalar: return "a date, time, Decimal or UUID";
    case SaValue::Kind::BoundText: return "a text() with parameters";
    }
    return "a value";
}

QString bindTextParameters(const QString &sql, const std::function<QString(const QString &name)> &bound)
{
    // SQLAlchemy's TextClause._bind_params_regex: (?<![:\w\\]):(\w+)(?!:), and "\:" for a colon.
    QString out;
    out.reserve(sql.size());
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (c == QLatin1Char('\\') && i + 1 < sql.size() && sql.at(i + 1) == QLatin1Char(':')) {
            out += QLatin1Char(':');
            ++i;
            continue;
        }
        if (c == QLatin1Char(':') && i + 1 < sql.size() && (sql.at(i + 1).isLetterOrNumber() || sql.at(i + 1) == QLatin1Char('_'))) {
            const QChar before = i > 0 ? sql.at(i - 1) : QChar();
            const bool afterColonOrWord = before == QLatin1Char(':') || before.isLetterOrNumber() || before == QLatin1Char('_');
            qsizetype end = i + 1;
            while (end < sql.size() && (sql.at(end).isLetterOrNumber() || sql.at(end) == QLatin1Char('_')))
                ++end;
            const bool followedByColon = end < sql.size() && sql.at(end) == QLatin1Char(':');
            if (!afterColonOrWord && !followedByColon) {
                out += bound(sql.mid(i + 1, end - i - 1));
                i = end - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

QStringList textBindNames(const QString &sql)
{
    QStringList names;
    bindTextParameters(sql, [&names](const QString &name) {
        if (!names.contains(name))
            names << name;
        return QString();
    });
    return names;
}

QString textClauseSql(const QString &sql, const SourceSpan &span)
{
    return bindTextParameters(sql, [&span](const QString &name) -> QString {
        fail(span, QStringLiteral("the SQL contains ':%1', which SQLAlchemy's text() reads as a bind parameter "
                                  "that has no value here (write \\:%1 for a literal colon)").arg(name));
    });
}

SaEvaluator::SaEvaluator(const PyModule &module, SaExpressionOptions options)
    : m_module(module), m_options(std::move(options))
{
    m_moduleValues = moduleAssignments(module);
    for (const auto &stmt : module.body) {
        for (const PyImportBinding &b : importBindings(*stmt)) {
            const bool foreign = !isHarmlessModule(b.module) && !m_options.modelColumns;
            if (b.isStar()) {
                if (!m_badImport)
                    m_badImport = Unsupported{b.span, QStringLiteral("'from %1 import *' hides which names the "
                                                                     "revision uses").arg(b.module)};
                continue;
            }
            m_imports.insert(b.local, b.qualified());
            if (foreign)
                m_foreignImports.insert(b.local, ForeignImport{b.module, b.span.line});
            else
                m_foreignImports.remove(b.local);
        }
    }
    for (auto it = m_options.aliases.constBegin(); it != m_options.aliases.constEnd(); ++it)
        m_imports.insert(it.key(), it.value());
}

void SaEvaluator::checkForeign(const PyExpr &expression) const
{
    const QString head = expression.dottedName().section(QLatin1Char('.'), 0, 0);
    if (head.isEmpty() || m_locals.contains(head) || m_batchNames.contains(head))
        return;
    const auto it = m_foreignImports.constFind(head);
    if (it == m_foreignImports.constEnd())
        return;
    fail(expression.span, it->module.startsWith(QLatin1Char('.'))
                              ? QStringLiteral("uses %1, imported from application code (%2, line %3); Retort does not run it")
                                    .arg(expression.dottedName(), it->module).arg(it->line)
                              : QStringLiteral("uses %1, imported from %2 (line %3), which is not part of Alembic or SQLAlchemy; "
                                               "Retort does not run it").arg(expression.dottedName(), it->module).arg(it->line));
}

std::optional<SaValue> SaEvaluator::projectName(const PyExpr &name, const PyExpr &use)
{
    const QString head = name.dottedName().section(QLatin1Char('.'), 0, 0);
    if (head.isEmpty() || !m_foreignImports.contains(head) || m_locals.contains(head) || m_batchNames.contains(head))
        return std::nullopt;
    std::optional<Value> resolved = resolveExternal(use, calleeName(name));
    if (resolved)
        m_reached.insert(head);
    return resolved;
}

std::vector<InertImport> SaEvaluator::unreachedImports() const
{
    std::vector<InertImport> inert;
    for (auto it = m_foreignImports.constBegin(); it != m_foreignImports.constEnd(); ++it) {
        if (!m_reached.contains(it.key()))
            inert.push_back(InertImport{it.key(), it->module, it->line});
    }
    std::sort(inert.begin(), inert.end(), [](const InertImport &a, const InertImport &b) {
        return a.line != b.line ? a.line < b.line : a.name < b.name;
    });
    return inert;
}

std::pair<SaEvaluator::NameOrigin, QString> SaEvaluator::resolveName(const PyExpr &expression) const
{
    const QString dotted = expression.dottedName();
    if (dotted.isEmpty())
        return {NameOrigin::NotAName, {}};
    const QString head = dotted.section(QLatin1Char('.'), 0, 0);
    const QString rest = dotted.mid(head.size());
    if (m_batchNames.contains(head))
        return {NameOrigin::Batch, QStringLiteral("batch") + rest};
    if (m_locals.contains(head) || (!m_imports.contains(head) && m_moduleValues.contains(head)))
        return {NameOrigin::Local, {}};
    const auto it = m_imports.constFind(head);
    if (it == m_imports.constEnd())
        return {NameOrigin::Unknown, {}};
    return {NameOrigin::Imported, canonicalName(it.value() + rest)};
}

SaEvaluator::NameOrigin SaEvaluator::nameOrigin(const PyExpr &expression) const
{
    return resolveName(expression).first;
}

QString SaEvaluator::calleeName(const PyExpr &callee) const
{
    return resolveName(callee).second;
}

SaValue SaEvaluator::eval(const PyExpr &e)
{
    Value v;
    v.span = e.span;
    switch (e.kind) {
    case EK::None: v.kind = Value::Kind::None; return v;
    case EK::True:
    case EK::False: v.kind = Value::Kind::Bool; v.scalar = e.kind == EK::True; return v;
    case EK::String:
        if (e.isComputed && !e.formatPieces.isEmpty()) {
            // f"ix_{table}_{column}": each field's value as Python's str() writes it.
            QString text = e.formatPieces.first();
            for (size_t i = 0; i < e.children.size(); ++i) {
                const Value field = eval(*e.children[i]);
                switch (field.kind) {
                case Value::Kind::String: text += field.string(); break;
                case Value::Kind::Int: text += QString::number(field.scalar.toLongLong()); break;
                case Value::Kind::Bool: text += field.scalar.toBool() ? QStringLiteral("True") : QStringLiteral("False"); break;
                case Value::Kind::None: text += QStringLiteral("None"); break;
                default:
                    fail(e.span, QStringLiteral("an f-string field holds %1, whose text Python computes").arg(QString::fromLatin1(kindName(field.kind))));
                }
                text += e.formatPieces.value(qsizetype(i) + 1);
            }
            v.kind = Value::Kind::String;
            v.scalar = text;
            return v;
        }
        if (e.isComputed)
            fail(e.span, QStringLiteral("an f-string is computed when Python runs"));
        v.kind = Value::Kind::String;
        v.scalar = e.text;
        return v;
    case EK::Number: {
        bool ok = false;
        const qlonglong i = parseInt(e, &ok);
        if (ok) {
            v.kind = Value::Kind::Int;
            v.scalar = i;
            return v;
        }
        QString t = e.text;
        t.remove(QLatin1Char('_'));
        const double d = t.toDouble(&ok);
        if (!ok)
            fail(e.span, QStringLiteral("a number Retort cannot read (%1)").arg(e.text));
        v.kind = Value::Kind::Float;
        v.scalar = d;
        return v;
    }
    case EK::UnaryOp:
        if (e.text == QLatin1String("-") && e.child(0) && e.child(0)->kind == EK::Number) {
            Value n = eval(*e.child(0));
            n.span = e.span;
            n.scalar = n.kind == Value::Kind::Int ? QVariant(-n.scalar.toLongLong()) : QVariant(-n.scalar.toDouble());
            return n;
        }
        fail(e.span, QStringLiteral("an expression computed when Python runs"));
    case EK::Tuple:
    case EK::List:
        v.kind = Value::Kind::List;
        for (const PyExprPtr &c : e.children)
            v.items.push_back(eval(*c));
        return v;
    case EK::Dict:
        v.kind = Value::Kind::Dict;
        for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
            if (!e.children[i] || e.children[i]->kind != EK::String || e.children[i]->isComputed)
                fail(e.span, QStringLiteral("dict keys must be plain strings"));
            v.dict.emplace_back(e.children[i]->text, eval(*e.children[i + 1]));
        }
        return v;
    case EK::Compare:
        return comparison(e);
    case EK::BinaryOp:
        if (e.text == QLatin1String("&") || e.text == QLatin1String("|"))
            return junction(e.text == QLatin1String("&") ? SqlCondition::Kind::And : SqlCondition::Kind::Or,
                            {e.child(0), e.child(1)}, e.span);
        fail(e.span, QStringLiteral("an expression computed when Python runs"));
    case EK::Name:
    case EK::Attribute:
        if (std::optional<Value> column = columnReference(e))
            return *column;
        return reference(e);
    case EK::Call:
        return construct(e);
    default:
        fail(e.span, QStringLiteral("an expression computed when Python runs"));
    }
}

// A bare name: a local, a module-level literal, or a SQLAlchemy type class used without a call.
SaValue SaEvaluator::reference(const PyExpr &e)
{
    if (std::optional<Value> project = projectName(e, e))
        return *project;
    checkForeign(e);
    const QString dotted = e.dottedName();
    if (e.kind == EK::Name) {
        const auto local = m_locals.constFind(e.text);
        if (local != m_locals.constEnd()) {
            Value v = local.value();
            v.span = e.span;
            return v;
        }
        if (!m_imports.contains(e.text)) {
            const auto it = m_moduleValues.constFind(e.text);
            if (it == m_moduleValues.constEnd()) {
                if (std::optional<Value> resolved = resolveExternal(e, calleeName(e)))
                    return *resolved;
                fail(e.span, QStringLiteral("the name '%1' is not defined in the file").arg(e.text));
            }
            if (it->conditional)
                fail(e.span, QStringLiteral("'%1' is assigned inside a condition").arg(e.text));
            if (m_evaluating.contains(e.text))
                fail(e.span, QStringLiteral("'%1' refers to itself").arg(e.text));
            m_evaluating.insert(e.text);
            Value v = eval(*it->value);
            m_evaluating.remove(e.text);
            v.span = e.span;
            return v;
        }
    }
    if (nameOrigin(e) == NameOrigin::Local)
        fail(e.span, QStringLiteral("an attribute of a local value (%1)").arg(dotted.isEmpty() ? QStringLiteral("?") : dotted));
    const QString callee = calleeName(e);
    if (std::optional<Value> t = typeConstruct(callee, nullptr, e)) {
        return *t;
    }
    if (std::optional<Value> resolved = resolveExternal(e, callee))
        return *resolved;
    fail(e.span, QStringLiteral("'%1' is not something Retort can evaluate").arg(dotted.isEmpty() ? callee : dotted));
}

std::optional<SaValue> SaEvaluator::resolveExternal(const PyExpr &e, const QString &qualified)
{
    if (!m_options.resolve)
        return std::nullopt;
    std::optional<Value> v = m_options.resolve(e, qualified);
    if (v)
        v->span = e.span;
    return v;
}

SaValue SaEvaluator::construct(const PyExpr &call)
{
    if (std::optional<Value> project = projectName(*call.children[0], call))
        return *project;
    if (std::optional<Value> expression = indexExpression(call))
        return *expression;
    checkForeign(*call.children[0]);
    if (std::optional<Value> result = methodCall(call))
        return *result;
    const QString callee = calleeName(*call.children[0]);
    const QString shown = call.children[0]->dottedName().isEmpty() ? callee : call.children[0]->dottedName();
    Value v;
    v.span = call.span;
    if (callee == QLatin1String("op.f") || callee == QLatin1String("batch.f")) {
        const Args a = bind(call, shown, {QStringLiteral("name")}, {});
        v.kind = Value::Kind::String;
        v.scalar = requireString(a, "name", call, shown);
        v.converted = true;
        return v;
    }
    if (callee == QLatin1String("op.inline_literal")) {
        const Args a = bind(call, shown, {QStringLiteral("value"), QStringLiteral("type_")}, {});
        if (!a.get("value"))
            fail(call.span, QStringLiteral("op.inline_literal() needs a value"));
        return eval(*a.get("value"));
    }
    if (callee.startsWith(QLatin1String("op.")) || callee.startsWith(QLatin1String("batch.")))
        fail(call.span, QStringLiteral("%1() used as a value").arg(shown));
    if (callee == QLatin1String("sa.text") || callee == QLatin1String("sa.literal_column")) {
        const Args a = bind(call, shown, {QStringLiteral("text")}, {});
        const PyExpr *t = a.get("text");
        if (!t)
            fail(call.span, QStringLiteral("%1() needs text").arg(shown));
        const Value s = eval(*t);
        if (!s.isString())
            fail(t->span, QStringLiteral("%1() needs a string").arg(shown));
        v.kind = Value::Kind::Default;
        v.serverDefault = ServerDefault{ServerDefault::Kind::Text, callee == QLatin1String("sa.text")
                                                                      ? textClauseSql(s.string(), t->span) : s.string()};
        return v;
    }
    if (callee == QLatin1String("sa.true") || callee == QLatin1String("sa.false")) {
        bind(call, shown, {}, {});
        v.kind = Value::Kind::Default;
        v.serverDefault.kind = callee == QLatin1String("sa.true") ? ServerDefault::Kind::True : ServerDefault::Kind::False;
        return v;
    }
    if (callee.startsWith(QLatin1String("sa.func."))) {
        if (call.children.size() > 1 || !call.keywords.empty())
            fail(call.span, QStringLiteral("SQL functions with arguments (%1) are not supported").arg(shown));
        v.kind = Value::Kind::Default;
        v.serverDefault = ServerDefault{ServerDefault::Kind::Function, callee.mid(8)};
        return v;
    }
    if (callee == QLatin1String("sa.update") || callee == QLatin1String("sa.insert") || callee == QLatin1String("sa.delete")) {
        const Args a = bind(call, shown, {QStringLiteral("table")}, {});
        if (!a.get("table"))
            fail(call.span, QStringLiteral("%1() needs a table").arg(shown));
        const Value table = eval(*a.get("table"));
        if (table.kind != Value::Kind::Table)
            fail(call.span, QStringLiteral("%1() needs a table made with sa.table()").arg(shown));
        return statementOf(table, callee.mid(3), call.span);
    }
    if (callee == QLatin1String("sa.and_") || callee == QLatin1String("sa.or_")) {
        std::vector<const PyExpr *> parts;
        for (size_t i = 1; i < call.children.size(); ++i)
            parts.push_back(call.children[i].get());
        if (!call.keywords.empty() || parts.empty())
            fail(call.span, QStringLiteral("%1() takes conditions").arg(shown));
        return junction(callee == QLatin1String("sa.and_") ? SqlCondition::Kind::And : SqlCondition::Kind::Or, parts, call.span);
    }
    if (callee == QLatin1String("sa.Column")
        || (m_options.modelColumns && (callee == QLatin1String("sa.orm.mapped_column")
                                       || callee == QLatin1String("sa.mapped_column"))))
        return column(call, shown);
    if (callee == QLatin1String("sa.column")) {
        const Args a = bind(call, shown, {QStringLiteral("text"), QStringLiteral("type_")}, {});
        v.kind = Value::Kind::Column;
        v.column.name = requireString(a, "text", call, shown);
        v.column.hasType = a.has("type_");
        if (v.column.hasType)
            v.column.type = typeOf(*a.get("type_"), QStringLiteral("the column type"));
        return v;
    }
    if (callee == QLatin1String("sa.ForeignKey")) {
        const Args a = bind(call, shown, {QStringLiteral("column")},
                            {QStringLiteral("name"), QStringLiteral("ondelete"), QStringLiteral("onupdate"),
                             QStringLiteral("deferrable"), QStringLiteral("initially"), QStringLiteral("match"),
                             QStringLiteral("use_alter"), QStringLiteral("link_to_name")});
        v.kind = Value::Kind::ForeignKey;
        v.foreignKey.target = columnTarget(a, "column", call, shown);
        if (v.foreignKey.target.count(QLatin1Char('.')) < 1)
            fail(call.span, QStringLiteral("ForeignKey('%1') must name 'table.column'").arg(v.foreignKey.target));
        std::tie(v.foreignKey.name, v.foreignKey.nameConverted) = nameArg(a, "name");
        referentialOptions(a, &v.foreignKey);
        return v;
    }
    if (callee == QLatin1String("sa.PrimaryKeyConstraint") || callee == QLatin1String("sa.UniqueConstraint")) {
        const Args a = bind(call, shown, {}, {QStringLiteral("name"), QStringLiteral("deferrable"), QStringLiteral("initially")},
                            true);
        v.kind = Value::Kind::Constraint;
        v.constraint.kind = callee == QLatin1String("sa.UniqueConstraint") ? ConstraintDef::Kind::Unique
                                                                           : ConstraintDef::Kind::PrimaryKey;
        std::tie(v.constraint.name, v.constraint.nameConverted) = nameArg(a, "name");
        v.constraint.deferrable = triBool(a, "deferrable");
        v.constraint.initially = optionalString(a, "initially");
        for (const PyExpr *c : a.rest) {
            const Value s = eval(*c);
            if (s.kind == Value::Kind::ColumnRef && m_options.modelColumns) {
                v.constraint.columns << s.columnRef;
                v.constraint.refTable = s.table.name;   // the table the columns belong to, for module-level constraints
                continue;
            }
            if (!s.isString())
                fail(c->span, QStringLiteral("%1 takes column names").arg(shown));
            v.constraint.columns << s.string();
        }
        return v;
    }
    if (callee == QLatin1String("sa.ForeignKeyConstraint")) {
        const Args a = bind(call, shown, {QStringLiteral("columns"), QStringLiteral("refcolumns")},
                            {QStringLiteral("name"), QStringLiteral("ondelete"), QStringLiteral("onupdate"),
                             QStringLiteral("deferrable"), QStringLiteral("initially"), QStringLiteral("match"),
                             QStringLiteral("use_alter"), QStringLiteral("link_to_name")});
        v.kind = Value::Kind::Constraint;
        v.constraint.kind = ConstraintDef::Kind::ForeignKey;
        if (!a.get("columns") || !a.get("refcolumns"))
            fail(call.span, QStringLiteral("%1 needs columns and refcolumns").arg(shown));
        v.constraint.columns = stringList(*a.get("columns"), QStringLiteral("columns"));
        const QStringList refs = stringList(*a.get("refcolumns"), QStringLiteral("refcolumns"));
        for (const QString &r : refs) {
            const qsizetype dot = r.lastIndexOf(QLatin1Char('.'));
            if (dot <= 0)
                fail(a.get("refcolumns")->span, QStringLiteral("refcolumns must be 'table.column', not '%1'").arg(r));
            const QString table = r.left(dot);
            if (!v.constraint.refTable.isEmpty() && v.constraint.refTable != table)
                fail(a.get("refcolumns")->span, QStringLiteral("refcolumns name more than one table"));
            v.constraint.refTable = table;
            v.constraint.refColumns << r.mid(dot + 1);
        }
        if (v.constraint.columns.size() != v.constraint.refColumns.size())
            fail(call.span, QStringLiteral("%1 has %2 columns but %3 refcolumns").arg(shown)
                                .arg(v.constraint.columns.size()).arg(v.constraint.refColumns.size()));
        std::tie(v.constraint.name, v.constraint.nameConverted) = nameArg(a, "name");
        referentialOptions(a, &v.constraint);
        return v;
    }
    if (callee == QLatin1String("sa.CheckConstraint")) {
        const Args a = bind(call, shown, {QStringLiteral("sqltext"), QStringLiteral("name")},
                            {QStringLiteral("deferrable"), QStringLiteral("initially")});
        v.kind = Value::Kind::Constraint;
        v.constraint.kind = ConstraintDef::Kind::Check;
        if (!a.get("sqltext"))
            fail(call.span, QStringLiteral("%1 needs a condition").arg(shown));
        v.constraint.sqltext = sqlText(*a.get("sqltext"), QStringLiteral("the condition"));
        std::tie(v.constraint.name, v.constraint.nameConverted) = nameArg(a, "name");
        return v;
    }
    if (callee == QLatin1String("sa.Index")) {
        const Args a = bind(call, shown, {QStringLiteral("name")}, QStringList{QStringLiteral("unique")} + indexOptionNames(), true);
        v.kind = Value::Kind::Index;
        std::tie(v.index.name, v.index.nameConverted) = nameArg(a, "name");
        if (v.index.name.isEmpty() && !m_options.modelColumns)
            fail(call.span, QStringLiteral("an Index needs a name"));   // in a model, the naming convention names it
        v.index.unique = optionalBool(a, "unique");
        Value parts;
        parts.kind = Value::Kind::List;
        parts.span = call.span;
        for (const PyExpr *p : a.rest)
            parts.items.push_back(eval(*p));
        indexParts(parts, &v.index);
        indexOptions(a, &v.index);
        return v;
    }
    if (callee == QLatin1String("sa.Computed")) {
        const Args a = bind(call, shown, {QStringLiteral("sqltext"), QStringLiteral("persisted")}, {});
        if (!a.get("sqltext"))
            fail(call.span, QStringLiteral("sa.Computed() needs its expression"));
        v.kind = Value::Kind::Column;
        v.column.name = QStringLiteral("<generated>");
        v.column.computed = sqlText(*a.get("sqltext"), QStringLiteral("the expression of sa.Computed()"));
        v.column.computedPersisted = triBool(a, "persisted");
        return v;
    }
    if (callee == QLatin1String("sa.Identity")) {
        const Args a = bind(call, shown, {}, QStringList{QStringLiteral("always"), QStringLiteral("on_null")} + identityOptionNames());
        if (a.has("on_null"))
            fail(a.get("on_null")->span, QStringLiteral("sa.Identity(on_null=) is Oracle's; Retort does not write it"));
        v.kind = Value::Kind::Column;
        v.column.name = QStringLiteral("<generated>");
        v.column.identity = true;
        v.column.identityAlways = optionalBool(a, "always");
        v.column.identityOptions = identityOptions(a, QStringLiteral("sa.Identity"), false);
        return v;
    }
    if (callee == QLatin1String("sa.Sequence")) {
        const Args a = bind(call, shown, {QStringLiteral("name"), QStringLiteral("start"), QStringLiteral("increment")},
                            QStringList{QStringLiteral("schema"), QStringLiteral("optional")} + identityOptionNames());
        v.kind = Value::Kind::Sequence;
        v.ddl.kind = DdlElement::Kind::CreateSequence;
        v.ddl.name = requireString(a, "name", call, shown);
        v.ddl.schema = optionalString(a, "schema");
        // SQLAlchemy 1.4 writes START WITH 1 when no start is given (the dialect's default_sequence_base).
        v.ddl.options = identityOptions(a, QStringLiteral("sa.Sequence"), true);
        v.column.sequenceOptional = optionalBool(a, "optional");
        return v;
    }
    if (callee == QLatin1String("sa.CreateSequence") || callee == QLatin1String("sa.DropSequence")) {
        const Args a = bind(call, shown, {QStringLiteral("element")}, {});
        const PyExpr *element = a.get("element");
        if (!element)
            fail(call.span, QStringLiteral("%1() needs a Sequence").arg(shown));
        const Value sequence = eval(*element);
        if (sequence.kind != Value::Kind::Sequence)
            fail(element->span, QStringLiteral("%1() takes a sa.Sequence(), not %2").arg(shown, QString::fromLatin1(kindName(sequence.kind))));
        v.kind = Value::Kind::Ddl;
        v.ddl = sequence.ddl;
        v.ddl.kind = callee == QLatin1String("sa.CreateSequence") ? DdlElement::Kind::CreateSequence : DdlElement::Kind::DropSequence;
        if (v.ddl.kind == DdlElement::Kind::DropSequence)
            v.ddl.options.clear();
        return v;
    }
    if (callee == QLatin1String("sa.CreateSchema") || callee == QLatin1String("sa.DropSchema")) {
        const bool drop = callee == QLatin1String("sa.DropSchema");
        const Args a = bind(call, shown, {QStringLiteral("name")}, drop ? QStringList{QStringLiteral("cascade")} : QStringList());
        v.kind = Value::Kind::Ddl;
        v.ddl.kind = drop ? DdlElement::Kind::DropSchema : DdlElement::Kind::CreateSchema;
        v.ddl.name = requireString(a, "name", call, shown);
        v.ddl.cascade = optionalBool(a, "cascade");
        return v;
    }
    if (callee == QLatin1String("sa.MetaData")) {
        bind(call, shown, {}, {});
        v.kind = Value::Kind::MetaData;
        return v;
    }
    if (callee == QLatin1String("sa.table") || callee == QLatin1String("sa.Table")) {
        const bool core = callee == QLatin1String("sa.Table");
        const Args a = bind(call, shown, core ? QStringList{QStringLiteral("name"), QStringLiteral("metadata")}
                                              : QStringList{QStringLiteral("name")},
                            {QStringLiteral("schema")}, true);
        v.kind = Value::Kind::Table;
        v.table.name = requireString(a, "name", call, shown);
        v.table.schema = optionalString(a, "schema");
        if (core && (!a.get("metadata") || eval(*a.get("metadata")).kind != Value::Kind::MetaData))
            fail(call.span, QStringLiteral("sa.Table() needs a MetaData() as its second argument"));
        for (const PyExpr *c : a.rest) {
            const Value col = eval(*c);
            if (col.kind != Value::Kind::Column)
                fail(c->span, QStringLiteral("%1() takes columns").arg(shown));
            v.table.columns.append(col.column);
        }
        return v;
    }
    if (std::optional<Value> scalar = standardLibraryValue(call, callee, shown))
        return *scalar;
    if (std::optional<Value> t = typeConstruct(callee, &call, call))
        return *t;
    if (std::optional<Value> resolved = resolveExternal(call, callee))
        return *resolved;
    switch (nameOrigin(*call.children[0])) {
    case NameOrigin::Local:
        fail(call.span, QStringLiteral("a call on a local value (%1) runs Python code").arg(shown));
    case NameOrigin::NotAName:
        fail(call.span, QStringLiteral("a method called on the result of another call (a SQLAlchemy Core statement?) "
                                       "needs Python to compile"));
    case NameOrigin::Unknown:
        fail(call.span, QStringLiteral("a call to %1, which the file does not import from SQLAlchemy or Alembic").arg(shown));
    case NameOrigin::Imported:
    case NameOrigin::Batch:
        break;
    }
    fail(call.span, QStringLiteral("%1() is not a construct Retort interprets").arg(shown));
}

// In a model's Index(): User.email.desc() / .asc(), and sa.func.lower(User.email): SQL text the way
// SQLAlchemy's CREATE INDEX writes it (without the table), remembering the table for a module-level Index.
std::optional<SaValue> SaEvaluator::indexExpression(const PyExpr &call)
{
    if (!m_options.modelColumns || call.children.empty())
        return std::nullopt;
    const PyExpr &callee = *call.children[0];
    const auto columnText = [this](const PyExpr &e, Value *tableOf) -> std::optional<QString> {
        if (e.kind == EK::String && !e.isComputed)
            return sqlStringLiteral(Dialect::SQLite, e.text);
        if (e.kind == EK::Number)
            return e.text;
        if (e.kind != EK::Attribute)
            return std::nullopt;
        const std::optional<Value> ref = resolveExternal(e, QString());
        if (!ref || ref->kind != Value::Kind::ColumnRef)
            return std::nullopt;
        *tableOf = *ref;
        return quoteIdentifier(Dialect::SQLite, ref->columnRef);
    };
    Value table;
    QString text;
    if (callee.kind == EK::Attribute && (callee.text == QLatin1String("desc") || callee.text == QLatin1String("asc"))
        && call.children.size() == 1 && call.keywords.empty() && callee.child(0)) {
        const std::optional<QString> column = columnText(*callee.child(0), &table);
        if (!column || table.kind != Value::Kind::ColumnRef)
            return std::nullopt;
        text = *column + QLatin1Char(' ') + callee.text.toUpper();
    } else if (calleeName(callee).startsWith(QLatin1String("sa.func.")) && call.keywords.empty() && call.children.size() > 1) {
        QStringList arguments;
        for (size_t i = 1; i < call.children.size(); ++i) {
            const std::optional<QString> argument = columnText(*call.children[i], &table);
            if (!argument)
                return std::nullopt;
            arguments << *argument;
        }
        if (table.kind != Value::Kind::ColumnRef)
            return std::nullopt;
        text = calleeName(callee).mid(8) + QLatin1Char('(') + arguments.join(QStringLiteral(", ")) + QLatin1Char(')');
    } else {
        return std::nullopt;
    }
    Value v;
    v.kind = Value::Kind::Default;
    v.span = call.span;
    v.serverDefault = ServerDefault{ServerDefault::Kind::Text, text};
    v.table = table.table;   // the table whose column it is
    return v;
}

struct SaExpressionReader::Private
{
    Private(const PyModule &module, SaExpressionOptions options) : reader(module, std::move(options)) {}
    SaEvaluator reader;
};

SaExpressionReader::SaExpressionReader(const PyModule &module, SaExpressionOptions options)
    : d(std::make_unique<Private>(module, std::move(options)))
{
}

SaExpressionReader::~SaExpressionReader() = default;

std::variant<SaValue, SaEvaluationError> SaExpressionReader::evaluate(const PyExpr &expression)
{
    try {
        SaValue v = d->reader.eval(expression);
        const QList<ConstraintDef> checks = d->reader.takeColumnChecks();
        if (v.kind == SaValue::Kind::Column) {
            for (const ConstraintDef &c : checks) {
                SaValue check;
                check.kind = SaValue::Kind::Constraint;
                check.constraint = c;
                v.items.push_back(check);
            }
        }
        return v;
    } catch (const Unsupported &u) {
        d->reader.takeColumnChecks();
        return SaEvaluationError{u.span, u.reason};
    }
}

} // namespace retort