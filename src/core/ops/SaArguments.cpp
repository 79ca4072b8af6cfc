// Argument binding for SQLAlchemy constructs and op.* calls: Python's rules for positional and keyword
// arguments against a signature, and the typed readers every handler uses.
#include "ops/SaEvaluator.h"

#include <QDate>
#include <QRegularExpression>

namespace retort {

namespace {
using EK = PyExpr::Kind;
} // namespace

// Binds call arguments to a signature. positional: names in order; keywordOnly: further names;
// aliases: "old=new" pairs for the names Alembic 0.7 used; varargs: extra positionals allowed.
SaEvaluator::Args SaEvaluator::bind(const PyExpr &call, const QString &function, const QStringList &positional, const QStringList &keywordOnly,
          bool varargs, const QStringList &aliases) const
{
    Args args;
    for (size_t i = 1; i < call.children.size(); ++i) {
        const PyExpr *a = call.children[i].get();
        if (a->kind == EK::Starred)
            fail(a->span, QStringLiteral("arguments unpacked with * in %1()").arg(function));
        const size_t index = i - 1;
        if (index < size_t(positional.size()))
            args.named.insert(positional.at(qsizetype(index)), a);
        else if (varargs)
            args.rest.push_back(a);
        else
            fail(a->span, QStringLiteral("too many positional arguments to %1()").arg(function));
    }
    for (const PyKeywordArg &k : call.keywords) {
        if (k.name.isEmpty())
            fail(k.span, QStringLiteral("keyword arguments unpacked with ** in %1()").arg(function));
        QString name = k.name;
        // Alembic 0.7's argument names, where the signature does not use the name itself.
        if (!positional.contains(name) && !keywordOnly.contains(name)) {
            for (const QString &alias : aliases) {
                if (alias.section(QLatin1Char('='), 0, 0) == name)
                    name = alias.section(QLatin1Char('='), 1);
            }
        }
        if (!positional.contains(name) && !keywordOnly.contains(name))
            fail(k.span, QStringLiteral("%1() argument '%2' is not supported").arg(function, k.name));
        if (args.named.contains(name))
            fail(k.span, QStringLiteral("%1() got '%2' twice").arg(function, name));
        args.named.insert(name, k.value.get());
    }
    return args;
}

// A "table.column" string, or a column reference (User.id in a model) turned into one.
QString SaEvaluator::columnTarget(const Args &a, const char *name, const PyExpr &call, const QString &function)
{
    const PyExpr *e = a.get(name);
    if (e && m_options.modelColumns) {
        const Value v = eval(*e);
        if (v.kind == Value::Kind::ColumnRef)
            return v.table.name + QLatin1Char('.') + v.columnRef;
        if (v.isString())
            return v.string();
    }
    return requireString(a, name, call, function);
}

QString SaEvaluator::requireString(const Args &a, const char *name, const PyExpr &call, const QString &function)
{
    const PyExpr *e = a.get(name);
    if (!e)
        fail(call.span, QStringLiteral("%1() needs %2").arg(function, QString::fromLatin1(name)));
    const Value v = eval(*e);
    if (!v.isString())
        fail(e->span, QStringLiteral("%1 of %2() must be a string, not %3").arg(QString::fromLatin1(name), function,
                                                                                 QString::fromLatin1(kindName(v.kind))));
    return v.string();
}

// A string argument (or a name, and whether it came through op.f(): naming conventions skip those);
// None or absent give an empty string.
std::pair<QString, bool> SaEvaluator::nameArg(const Args &a, const char *name)
{
    const PyExpr *e = a.get(name);
    if (!e)
        return {};
    const Value v = eval(*e);
    if (v.kind == Value::Kind::None)
        return {};
    if (!v.isString())
        fail(e->span, QStringLiteral("%1 must be a string or None").arg(QString::fromLatin1(name)));
    return {v.string(), v.converted};
}

QString SaEvaluator::optionalString(const Args &a, const char *name)
{
    return nameArg(a, name).first;
}

bool SaEvaluator::optionalBool(const Args &a, const char *name, bool fallback)
{
    const PyExpr *e = a.get(name);
    if (!e)
        return fallback;
    const Value v = eval(*e);
    if (v.kind == Value::Kind::None)
        return fallback;
    if (v.kind != Value::Kind::Bool)
        fail(e->span, QStringLiteral("%1 must be True or False").arg(QString::fromLatin1(name)));
    return v.scalar.toBool();
}

std::optional<bool> SaEvaluator::triBool(const Args &a, const char *name)
{
    const PyExpr *e = a.get(name);
    if (!e)
        return std::nullopt;
    const Value v = eval(*e);
    if (v.kind == Value::Kind::None)
        return std::nullopt;
    if (v.kind != Value::Kind::Bool)
        fail(e->span, QStringLiteral("%1 must be True, False or None").arg(QString::fromLatin1(name)));
    return v.scalar.toBool();
}

QStringList SaEvaluator::stringList(const PyExpr &e, const QString &what)
{
    const Value v = eval(e);
    if (v.isString())
        return {v.string()};
    if (v.kind != Value::Kind::List)
        fail(e.span, QStringLiteral("%1 must be a list of column names").arg(what));
    QStringList out;
    for (const Value &item : v.items) {
        if (!item.isString())
            fail(item.span, QStringLiteral("%1 must be a list of column names").arg(what));
        out << item.string();
    }
    return out;
}

// server_default: a string, sa.text(), sa.func.x(), sa.true()/false().
ServerDefault SaEvaluator::serverDefaultOf(const PyExpr &e)
{
    const Value v = eval(e);
    if (v.isString())
        return ServerDefault{ServerDefault::Kind::Literal, v.string()};
    if (v.kind == Value::Kind::Default)
        return v.serverDefault;
    fail(e.span, QStringLiteral("a server default must be a string, sa.text(), sa.func.…() or sa.true()/sa.false(), "
                                "not %1").arg(QString::fromLatin1(kindName(v.kind))));
}

SqlType SaEvaluator::typeOf(const PyExpr &e, const QString &what)
{
    const Value v = eval(e);
    if (v.kind != Value::Kind::Type)
        fail(e.span, QStringLiteral("%1 must be a SQLAlchemy type, not %2").arg(what, QString::fromLatin1(kindName(v.kind))));
    return v.type;
}

QString SaEvaluator::sqlText(const PyExpr &e, const QString &what)
{
    const Value v = eval(e);
    if (v.isString())
        return textClauseSql(v.string(), e.span);
    if (v.kind == Value::Kind::Default && v.serverDefault.kind == ServerDefault::Kind::Text)
        return v.serverDefault.text;
    fail(e.span, QStringLiteral("%1 must be a string or sa.text(...); a SQLAlchemy expression object needs Python to "
                                "compile").arg(what));
}

std::optional<SaEvaluator::Value> SaEvaluator::standardLibraryValue(const PyExpr &call, const QString &callee,
                                                                    const QString &shown)
{
    const bool builtinStr = call.children[0]->isName(u"str") && nameOrigin(*call.children[0]) == NameOrigin::Unknown;
    static const QStringList constructors = {QStringLiteral("datetime.date"), QStringLiteral("datetime.datetime"),
                                             QStringLiteral("datetime.time"), QStringLiteral("decimal.Decimal"),
                                             QStringLiteral("uuid.UUID")};
    if (!builtinStr && !constructors.contains(callee))
        return std::nullopt;
    Value v;
    v.span = call.span;
    if (builtinStr) {   // str(uuid.UUID("…")), str(Decimal("1.5")): the text Python makes of it
        const Args a = bind(call, QStringLiteral("str"), {QStringLiteral("object")}, {});
        const Value of = a.get("object") ? eval(*a.get("object")) : Value();
        if (of.kind == Value::Kind::PyScalar)
            v.scalar = PyScalar::from(of.scalar)->pythonText();
        else if (of.isString())
            v.scalar = of.string();
        else
            fail(call.span, QStringLiteral("str() of %1 is computed when Python runs").arg(QString::fromLatin1(kindName(of.kind))));
        v.kind = Value::Kind::String;
        return v;
    }
    PyScalar s;
    const auto integer = [&](const Args &a, const char *name, int low, int high, bool required) {
        const PyExpr *e = a.get(name);
        if (!e) {
            if (required)
                fail(call.span, QStringLiteral("%1() needs %2").arg(shown, QString::fromLatin1(name)));
            return 0;
        }
        const Value n = eval(*e);
        if (n.kind != Value::Kind::Int || n.scalar.toLongLong() < low || n.scalar.toLongLong() > high)
            fail(e->span, QStringLiteral("%1(%2=) must be an integer from %3 to %4").arg(shown, QString::fromLatin1(name)).arg(low).arg(high));
        return int(n.scalar.toLongLong());
    };
    const QStringList dateArgs{QStringLiteral("year"), QStringLiteral("month"), QStringLiteral("day")};
    const QStringList timeArgs{QStringLiteral("hour"), QStringLiteral("minute"), QStringLiteral("second"),
                               QStringLiteral("microsecond")};
    const auto readDate = [&](const Args &a) {
        s.year = integer(a, "year", 1, 9999, true);
        s.month = integer(a, "month", 1, 12, true);
        s.day = integer(a, "day", 1, 31, true);
        if (!QDate(s.year, s.month, s.day).isValid())
            fail(call.span, QStringLiteral("%1(): day %2 is out of range for month %3").arg(shown).arg(s.day).arg(s.month));
    };
    const auto readTime = [&](const Args &a) {
        if (a.has("tzinfo") || a.has("fold"))
            fail(call.span, QStringLiteral("%1() with a time zone: what the driver stores depends on Python's tzinfo").arg(shown));
        s.hour = integer(a, "hour", 0, 23, false);
        s.minute = integer(a, "minute", 0, 59, false);
        s.second = integer(a, "second", 0, 59, false);
        s.microsecond = integer(a, "microsecond", 0, 999999, false);
    };
    if (callee == QLatin1String("datetime.date")) {
        s.kind = PyScalar::Kind::Date;
        readDate(bind(call, shown, dateArgs, {}));
    } else if (callee == QLatin1String("datetime.datetime")) {
        s.kind = PyScalar::Kind::DateTime;
        const Args a = bind(call, shown, dateArgs + timeArgs, {QStringLiteral("tzinfo"), QStringLiteral("fold")});
        readDate(a);
        readTime(a);
    } else if (callee == QLatin1String("datetime.time")) {
        s.kind = PyScalar::Kind::Time;
        readTime(bind(call, shown, timeArgs, {QStringLiteral("tzinfo"), QStringLiteral("fold")}));
    } else if (callee == QLatin1String("decimal.Decimal")) {
        s.kind = PyScalar::Kind::Decimal;
        const Args a = bind(call, shown, {QStringLiteral("value")}, {});
        const Value digits = a.get("value") ? eval(*a.get("value")) : Value();
        static const QRegularExpression plain(QStringLiteral(R"(^[+-]?[0-9]+(\.[0-9]+)?$)"));
        if (digits.kind == Value::Kind::Int)
            s.text = QString::number(digits.scalar.toLongLong());
        else if (digits.isString() && plain.match(digits.string().trimmed()).hasMatch())
            s.text = digits.string().trimmed();
        else
            fail(call.span, QStringLiteral("%1() takes an integer or a string of digits here (a float's exact value, or "
                                           "an exponent, is Python's to work out)").arg(shown));
        if (s.text.startsWith(QLatin1Char('+')))
            s.text.remove(0, 1);
    } else {
        s.kind = PyScalar::Kind::Uuid;
        const Args a = bind(call, shown, {QStringLiteral("hex")}, {});
        const Value hex = a.get("hex") ? eval(*a.get("hex")) : Value();
        QString digits = hex.isString() ? hex.string() : QString();
        // uuid.UUID() accepts braces, "urn:uuid:" and hyphens anywhere, then wants 32 hex digits.
        digits.remove(QStringLiteral("urn:")).remove(QStringLiteral("uuid:")).remove(QLatin1Char('{')).remove(QLatin1Char('}'))
            .remove(QLatin1Char('-'));
        static const QRegularExpression hex32(QStringLiteral("^[0-9a-fA-F]{32}$"));
        if (!hex32.match(digits).hasMatch())
            fail(call.span, QStringLiteral("%1() needs a string of 32 hexadecimal digits").arg(shown));
        digits = digits.toLower();
        s.text = digits.left(8) + QLatin1Char('-') + digits.mid(8, 4) + QLatin1Char('-') + digits.mid(12, 4) + QLatin1Char('-')
                 + digits.mid(16, 4) + QLatin1Char('-') + digits.mid(20);
    }
    v.kind = Value::Kind::PyScalar;
    v.scalar = PyScalar::variant(s);
    return v;
}

bool SaEvaluator::isTextCall(const PyExpr &e) const
{
    return e.kind == EK::Call && calleeName(*e.children[0]) == QLatin1String("sa.text");
}

SaEvaluator::Value SaEvaluator::boundText(const PyExpr &textCall, const std::vector<std::pair<QString, const PyExpr *>> &parameters,
                                          bool ignoreUnused, const SourceSpan &span)
{
    const Args a = bind(textCall, QStringLiteral("sa.text"), {QStringLiteral("text")}, {});
    const Value sql = a.get("text") ? eval(*a.get("text")) : Value();
    if (!sql.isString())
        fail(textCall.span, QStringLiteral("sa.text() needs a string"));
    const QStringList names = textBindNames(sql.string());
    Value v;
    v.kind = Value::Kind::BoundText;
    v.span = span;
    v.serverDefault = ServerDefault{ServerDefault::Kind::Text, sql.string()};
    for (const auto &[name, expr] : parameters) {
        if (!names.contains(name)) {
            if (ignoreUnused)
                continue;
            fail(expr->span, QStringLiteral("the text() has no parameter ':%1' (SQLAlchemy raises here)").arg(name));
        }
        const Value value = eval(*expr);
        switch (value.kind) {
        case Value::Kind::None: v.parameters.insert(name, QVariant()); break;
        case Value::Kind::Bool:
        case Value::Kind::Int:
        case Value::Kind::Float:
        case Value::Kind::String: v.parameters.insert(name, value.scalar); break;
        case Value::Kind::PyScalar: {
            const PyScalar::Kind kind = PyScalar::from(value.scalar)->kind;
            if (kind == PyScalar::Kind::Decimal || kind == PyScalar::Kind::Uuid)
                fail(expr->span, QStringLiteral("a %1 parameter: each driver binds it its own way (sqlite3 refuses it)")
                                     .arg(kind == PyScalar::Kind::Decimal ? QStringLiteral("Decimal") : QStringLiteral("UUID")));
            v.parameters.insert(name, value.scalar);
            break;
        }
        default:
            fail(expr->span, QStringLiteral("parameter ':%1' must be a literal (number, string, True/False, None, date), not %2")
                                 .arg(name, QString::fromLatin1(kindName(value.kind))));
        }
    }
    for (const QString &name : names) {
        if (!v.parameters.contains(name))
            fail(span, QStringLiteral("the text() parameter ':%1' has no value (SQLAlchemy raises \"A value is required for bind "
                                      "parameter '%1'\"; write \\:%1 for a literal colon)").arg(name));
    }
    return v;
}

QStringList SaEvaluator::identityOptionNames()
{
    return {QStringLiteral("increment"), QStringLiteral("start"), QStringLiteral("minvalue"), QStringLiteral("maxvalue"),
            QStringLiteral("nominvalue"), QStringLiteral("nomaxvalue"), QStringLiteral("cache"), QStringLiteral("order"),
            QStringLiteral("cycle")};
}

QString SaEvaluator::identityOptions(const Args &a, const QString &construct, bool defaultStart)
{
    static const QHash<QString, QString> words = {
        {QStringLiteral("increment"), QStringLiteral("INCREMENT BY")}, {QStringLiteral("start"), QStringLiteral("START WITH")},
        {QStringLiteral("minvalue"), QStringLiteral("MINVALUE")}, {QStringLiteral("maxvalue"), QStringLiteral("MAXVALUE")},
        {QStringLiteral("cache"), QStringLiteral("CACHE")}};
    QStringList parts;
    for (const QString &name : identityOptionNames()) {
        const QByteArray key = name.toLatin1();
        const PyExpr *e = a.get(key.constData());
        const Value value = e ? eval(*e) : Value();
        if (!e || value.kind == Value::Kind::None) {
            if (defaultStart && name == QLatin1String("start"))
                parts << QStringLiteral("START WITH 1");
            continue;
        }
        if (name == QLatin1String("nominvalue") || name == QLatin1String("nomaxvalue") || name == QLatin1String("cycle")
            || name == QLatin1String("order")) {
            if (value.kind != Value::Kind::Bool)
                fail(e->span, QStringLiteral("%1(%2=) must be True or False").arg(construct, name));
            if (value.scalar.toBool())
                parts << (name == QLatin1String("nominvalue") ? QStringLiteral("NO MINVALUE")
                          : name == QLatin1String("nomaxvalue") ? QStringLiteral("NO MAXVALUE") : name.toUpper());
            continue;
        }
        if (value.kind != Value::Kind::Int)
            fail(e->span, QStringLiteral("%1(%2=) must be an integer").arg(construct, name));
        parts << QStringLiteral("%1 %2").arg(words.value(name)).arg(value.scalar.toLongLong());
    }
    return parts.join(QLatin1Char(' '));
}

QStringList SaEvaluator::indexOptionNames()
{
    return {QStringLiteral("postgresql_where"), QStringLiteral("postgresql_using"), QStringLiteral("postgresql_ops"),
            QStringLiteral("postgresql_include"), QStringLiteral("postgresql_concurrently"), QStringLiteral("mysql_prefix"),
            QStringLiteral("mysql_length")};
}

void SaEvaluator::indexOptions(const Args &a, IndexDef *index)
{
    if (const PyExpr *w = a.get("postgresql_where"))
        index->postgresqlWhere = sqlText(*w, QStringLiteral("postgresql_where"));
    index->postgresqlUsing = optionalString(a, "postgresql_using");
    index->mysqlPrefix = optionalString(a, "mysql_prefix");
    if (const PyExpr *o = a.get("postgresql_ops")) {
        const Value ops = eval(*o);
        if (ops.kind != Value::Kind::Dict)
            fail(o->span, QStringLiteral("postgresql_ops must be a dict of column names to operator classes"));
        for (const auto &[column, opclass] : ops.dict) {
            if (!opclass.isString())
                fail(opclass.span, QStringLiteral("postgresql_ops values must be strings"));
            index->postgresqlOps.insert(column, opclass.string());
        }
    }
    index->postgresqlConcurrently = optionalBool(a, "postgresql_concurrently");
    if (const PyExpr *i = a.get("postgresql_include"))
        index->postgresqlInclude = stringList(*i, QStringLiteral("postgresql_include"));
    if (const PyExpr *l = a.get("mysql_length")) {
        const Value length = eval(*l);
        if (length.kind == Value::Kind::Int) {
            index->mysqlLengthAll = int(length.scalar.toLongLong());
        } else if (length.kind == Value::Kind::Dict) {
            for (const auto &[column, n] : length.dict) {
                if (n.kind != Value::Kind::Int)
                    fail(n.span, QStringLiteral("mysql_length values must be integers"));
                index->mysqlLength.insert(column, int(n.scalar.toLongLong()));
            }
        } else {
            fail(l->span, QStringLiteral("mysql_length must be an integer or a dict of column names to integers"));
        }
    }
}

void SaEvaluator::indexParts(const Value &columns, IndexDef *index)
{
    const std::vector<Value> parts = columns.kind == Value::Kind::List ? columns.items : std::vector<Value>{columns};
    for (const Value &part : parts) {
        if (part.isString()) {
            index->expressions << part.string();
            index->isExpression << false;
        } else if (part.kind == Value::Kind::ColumnRef && m_options.modelColumns) {
            index->expressions << part.columnRef;
            index->isExpression << false;
            index->table = part.table.name;
        } else if (part.kind == Value::Kind::Default && part.serverDefault.kind == ServerDefault::Kind::Text) {
            index->expressions << part.serverDefault.text;
            index->isExpression << true;
            if (!part.table.name.isEmpty() && m_options.modelColumns)
                index->table = part.table.name;   // User.email.desc() at module level
        } else {
            fail(part.span, QStringLiteral("index columns must be names or sa.text(...)"));
        }
    }
    if (index->expressions.isEmpty())
        fail(columns.span, QStringLiteral("an index without columns"));
}

} // namespace retort
