// What a name in a model module means: a project class, a module, db = SQLAlchemy(), a declarative
// Base or registry (with its MetaData's naming convention and type_annotation_map), a value, or an
// external qualified name; and SQLAlchemy constructs evaluated through SaExpressionReader, with
// class attributes (User.id) and TypeDecorators resolved through the project.
#include "models/ModelReading.h"

#include <functional>


namespace retort::modelscan {

namespace {

using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

bool isBuiltinName(const QString &n)
{
    static const QSet<QString> names = {QStringLiteral("int"), QStringLiteral("str"), QStringLiteral("bool"), QStringLiteral("float"),
                                        QStringLiteral("bytes"), QStringLiteral("object"), QStringLiteral("list"),
                                        QStringLiteral("dict"), QStringLiteral("set"), QStringLiteral("tuple"),
                                        QStringLiteral("frozenset"), QStringLiteral("type"), QStringLiteral("None")};
    return names.contains(n);
}

// "sqlalchemy.orm.decl_api.DeclarativeBase" -> "sqlalchemy.orm.DeclarativeBase": the public spelling.
QString publicName(const QString &q)
{
    static const QStringList internals = {QStringLiteral("sqlalchemy.orm.decl_api."), QStringLiteral("sqlalchemy.orm.base."),
                                          QStringLiteral("sqlalchemy.orm.relationships."), QStringLiteral("sqlalchemy.orm._orm_constructors."),
                                          QStringLiteral("sqlalchemy.sql.schema."), QStringLiteral("sqlalchemy.sql.sqltypes."),
                                          QStringLiteral("sqlalchemy.sql.type_api."), QStringLiteral("sqlalchemy.types."),
                                          QStringLiteral("sqlalchemy.schema."), QStringLiteral("sqlalchemy.ext.declarative.")};
    for (const QString &p : internals) {
        if (q.startsWith(p)) {
            const QString rest = q.mid(p.size());
            const bool orm = p.startsWith(QLatin1String("sqlalchemy.orm")) || p.startsWith(QLatin1String("sqlalchemy.ext"));
            return (orm ? QStringLiteral("sqlalchemy.orm.") : QStringLiteral("sqlalchemy.")) + rest;
        }
    }
    if (q.startsWith(QLatin1String("flask_sqlalchemy.")))
        return QStringLiteral("flask_sqlalchemy.") + q.section(QLatin1Char('.'), -1);
    return q;
}

} // namespace

Symbol ModelReading::resolveName(Module *m, const QString &name, int depth)
{
    Symbol s;
    s.module = m;
    s.name = name;
    if (depth > 20)
        return s;
    if (const PyStmt *cls = m->classes.value(name)) {
        s.kind = Symbol::Kind::Class;
        s.cls = classInfo(m, cls);
        return s;
    }
    const auto value = m->values.constFind(name);
    if (value != m->values.constEnd() && !m->imports.contains(name))
        return classifyValue(m, name, value->value, depth);
    const auto imp = m->imports.constFind(name);
    if (imp != m->imports.constEnd()) {
        const ImportRef ref = imp.value();
        if (ref.name.isEmpty()) {
            if (Module *target = m_modules.moduleByName(ref.module)) {
                s.kind = Symbol::Kind::Module;
                s.module = target;
                return s;
            }
            s.kind = Symbol::Kind::External;
            s.qualified = ref.module;
            return s;
        }
        if (Module *target = m_modules.moduleByName(ref.module)) {
            if (target->classes.contains(ref.name) || target->values.contains(ref.name) || target->imports.contains(ref.name))
                return resolveName(target, ref.name, depth + 1);
            if (Module *sub = m_modules.moduleByName(ref.module + QLatin1Char('.') + ref.name)) {
                s.kind = Symbol::Kind::Module;
                s.module = sub;
                return s;
            }
            return s;   // a name the project module does not define statically
        }
        s.kind = Symbol::Kind::External;
        s.qualified = publicName(ref.module + QLatin1Char('.') + ref.name);
        return s;
    }
    if (value != m->values.constEnd())
        return classifyValue(m, name, value->value, depth);
    if (isBuiltinName(name)) {
        s.kind = Symbol::Kind::Builtin;
        s.qualified = name;
    }
    return s;
}

Symbol ModelReading::resolveExpr(Module *m, const PyExpr *e, int depth)
{
    if (!e)
        return {};
    if (e->kind == EK::Name)
        return resolveName(m, e->text, depth);
    if (e->kind != EK::Attribute || !e->child(0))
        return {};
    const Symbol base = resolveExpr(m, e->child(0), depth);
    const QString attr = e->text;
    Symbol s;
    s.module = base.module;
    s.name = attr;
    switch (base.kind) {
    case Symbol::Kind::Module:
        return resolveName(base.module, attr, depth + 1);
    case Symbol::Kind::External:
    case Symbol::Kind::Builtin:
        s.kind = Symbol::Kind::External;
        s.qualified = publicName(base.qualified + QLatin1Char('.') + attr);
        return s;
    case Symbol::Kind::Db:
        s.registry = base.registry;
        if (attr == QLatin1String("Model")) {
            s.kind = Symbol::Kind::DbModel;
        } else if (attr == QLatin1String("metadata")) {
            s.kind = Symbol::Kind::DbMetaData;
        } else {
            s.kind = Symbol::Kind::External;   // db.Column, db.relationship: SQLAlchemy's names
            static const QSet<QString> orm = {QStringLiteral("relationship"), QStringLiteral("backref"),
                                              QStringLiteral("mapped_column"), QStringLiteral("column_property"),
                                              QStringLiteral("synonym"), QStringLiteral("composite"),
                                              QStringLiteral("dynamic_loader"), QStringLiteral("deferred"),
                                              QStringLiteral("declared_attr"), QStringLiteral("Mapped")};
            s.qualified = (orm.contains(attr) ? QStringLiteral("sqlalchemy.orm.") : QStringLiteral("sqlalchemy.")) + attr;
        }
        return s;
    case Symbol::Kind::Base:
    case Symbol::Kind::DbModel:
        if (attr == QLatin1String("metadata")) {
            s.kind = Symbol::Kind::DbMetaData;
            s.registry = base.registry;
        }
        return s;
    case Symbol::Kind::Class:
        if (attr == QLatin1String("metadata") && base.cls && base.cls->registry) {
            s.kind = Symbol::Kind::DbMetaData;
            s.registry = base.cls->registry;
        }
        s.cls = base.cls;
        return s;
    default:
        return s;
    }
}

QString ModelReading::qualifiedOf(Module *m, const PyExpr *e)
{
    const Symbol s = resolveExpr(m, e);
    return (s.kind == Symbol::Kind::External || s.kind == Symbol::Kind::Builtin) ? s.qualified : QString();
}

Symbol ModelReading::classifyValue(Module *m, const QString &name, const PyExpr *value, int depth)
{
    Symbol s;
    s.module = m;
    s.name = name;
    s.value = value;
    s.kind = Symbol::Kind::Value;
    if (!value)
        return s;
    if (value->kind == EK::Name || value->kind == EK::Attribute) {
        if (m_resolving.contains(value))
            return s;
        m_resolving.insert(value);
        Symbol alias = resolveExpr(m, value, depth + 1);
        m_resolving.remove(value);
        return alias.kind == Symbol::Kind::Unknown ? s : alias;
    }
    if (value->kind != EK::Call)
        return s;
    const QString callee = qualifiedOf(m, value->child(0));
    if (callee == QLatin1String("flask_sqlalchemy.SQLAlchemy")) {
        s.kind = Symbol::Kind::Db;
        s.registry = registryFor(value, [&](Registry *r) { readDb(m, value, r); });
        m_usesFlask = true;
    } else if (callee == QLatin1String("sqlalchemy.orm.declarative_base") || callee == QLatin1String("sqlalchemy.orm.registry")) {
        // declarative_base(metadata=…), and registry(metadata=…), which @registry.mapped,
        // registry.generate_base() and Table(…, registry.metadata) share
        s.kind = Symbol::Kind::Base;
        s.registry = registryFor(value, [&](Registry *r) {
            if (const PyExpr *md = value->keyword(u"metadata"))
                readMetaData(m, md, r);
            if (const PyExpr *map = value->keyword(u"type_annotation_map"))
                readTypeMap(m, map, r);
        });
    } else if (callee == QLatin1String("sqlalchemy.MetaData")) {
        s.kind = Symbol::Kind::MetaData;
    } else if (value->child(0)->kind == EK::Attribute && value->child(0)->text == QLatin1String("generate_base")
               && value->children.size() == 1) {
        const Symbol r = resolveExpr(m, value->child(0)->child(0), depth + 1);   // Base = mapper_registry.generate_base()
        if (r.kind == Symbol::Kind::Base && r.registry) {
            s.kind = Symbol::Kind::Base;
            s.registry = r.registry;
        }
    }
    return s;
}

void ModelReading::readDb(Module *m, const PyExpr *call, Registry *r)
{
    r->flask = true;
    if (const PyExpr *md = call->keyword(u"metadata"))
        readMetaData(m, md, r);
    if (const PyExpr *mc = call->keyword(u"model_class")) {
        const Symbol s = resolveExpr(m, mc);
        if (s.kind == Symbol::Kind::Class && s.cls && s.cls->registry) {
            r->convention = s.cls->registry->convention;
            r->typeMap = s.cls->registry->typeMap;
        } else {
            warn(m, mc->span, QStringLiteral("SQLAlchemy(model_class=...) names a class Retort cannot read; its columns and "
                                              "type map are not applied"));
        }
    }
}

// MetaData(naming_convention=...) or a name bound to one.
void ModelReading::readMetaData(Module *m, const PyExpr *e, Registry *r)
{
    if (e->kind == EK::Name || e->kind == EK::Attribute) {
        const Symbol s = resolveExpr(m, e);
        if (s.kind == Symbol::Kind::MetaData && s.value) {
            readMetaData(s.module, s.value, r);
        } else if (s.kind == Symbol::Kind::DbMetaData && s.registry) {
            r->convention = s.registry->convention;
        }
        return;
    }
    if (e->kind != EK::Call || qualifiedOf(m, e->child(0)) != QLatin1String("sqlalchemy.MetaData"))
        return;
    const PyExpr *conv = e->keyword(u"naming_convention");
    if (!conv)
        return;
    Module *where = m;
    if (conv->kind == EK::Name || conv->kind == EK::Attribute) {
        const Symbol s = resolveExpr(m, conv);
        conv = s.kind == Symbol::Kind::Value ? s.value : nullptr;
        where = s.module;
    }
    if (!conv || conv->kind != EK::Dict) {
        error(m, e->span, QStringLiteral("the naming_convention is not a literal dict; constraint names are left as "
                                          "written (SQLAlchemy's names may differ)"));
        return;
    }
    NamingConventionTemplates c;
    c.isDefault = false;
    static const QHash<QString, QString> classKeys = {
        {QStringLiteral("sqlalchemy.Index"), QStringLiteral("ix")}, {QStringLiteral("sqlalchemy.UniqueConstraint"), QStringLiteral("uq")},
        {QStringLiteral("sqlalchemy.CheckConstraint"), QStringLiteral("ck")},
        {QStringLiteral("sqlalchemy.ForeignKeyConstraint"), QStringLiteral("fk")},
        {QStringLiteral("sqlalchemy.PrimaryKeyConstraint"), QStringLiteral("pk")}};
    for (size_t i = 0; i + 1 < conv->children.size(); i += 2) {
        const PyExpr *k = conv->children[i].get();
        const PyExpr *v = conv->children[i + 1].get();
        QString key;
        if (k && k->kind == EK::String && !k->isComputed)
            key = k->text;
        else if (k)
            key = classKeys.value(qualifiedOf(where, k));
        if (key.isEmpty() || !v || v->kind != EK::String || v->isComputed) {
            error(where, (k ? k : conv)->span, QStringLiteral("a naming_convention entry Retort cannot read (a callable "
                                                             "token or a computed template); it is ignored"));
            continue;
        }
        c.templates.insert(key, v->text);
    }
    r->convention = c;
}

void ModelReading::readTypeMap(Module *m, const PyExpr *e, Registry *r)
{
    if (e->kind == EK::Name) {
        const Symbol s = resolveExpr(m, e);
        if (s.kind == Symbol::Kind::Value && s.value) {
            readTypeMap(s.module, s.value, r);
            return;
        }
    }
    if (e->kind != EK::Dict) {
        error(m, e->span, QStringLiteral("type_annotation_map is not a literal dict; annotations use SQLAlchemy's default "
                                          "types"));
        return;
    }
    for (size_t i = 0; i + 1 < e->children.size(); i += 2) {
        const PyExpr *k = e->children[i].get();
        const PyExpr *v = e->children[i + 1].get();
        const QString key = k ? annotationKey(m, k) : QString();
        if (key.isEmpty() || !v) {
            error(m, (k ? k : e)->span, QStringLiteral("a type_annotation_map key Retort cannot read; the entry is ignored"));
            continue;
        }
        const std::variant<SaValue, SaEvaluationError> value = evaluate(m, *v);
        if (const SaEvaluationError *err = std::get_if<SaEvaluationError>(&value)) {
            error(m, err->span, QStringLiteral("type_annotation_map entry not read: %1").arg(err->reason));
            continue;
        }
        const SaValue &t = std::get<SaValue>(value);
        if (t.kind != SaValue::Kind::Type || t.type.name.isEmpty()) {
            error(m, v->span, QStringLiteral("a type_annotation_map value Retort cannot read; the entry is ignored"));
            continue;
        }
        r->typeMap.insert(key, t.type);
    }
}

// The key an annotation type is looked up by: "int", "datetime.datetime", "app.types.str50".
QString ModelReading::annotationKey(Module *m, const PyExpr *e)
{
    if (e->kind != EK::Name && e->kind != EK::Attribute)
        return {};
    const Symbol s = resolveExpr(m, e);
    switch (s.kind) {
    case Symbol::Kind::External:
    case Symbol::Kind::Builtin:
        return s.qualified;
    case Symbol::Kind::Value:
    case Symbol::Kind::Class:
        return s.module->path + QLatin1Char(':') + s.name;
    default:
        return e->kind == EK::Name && !m->values.contains(e->text) ? e->text : QString();
    }
}

std::variant<SaValue, SaEvaluationError> ModelReading::evaluate(Module *m, const PyExpr &e)
{
    if (!m->sa) {
        SaExpressionOptions options;
        options.modelColumns = true;
        for (auto it = m->values.constBegin(); it != m->values.constEnd(); ++it) {
            if (resolveName(m, it.key()).kind == Symbol::Kind::Db)
                options.aliases.insert(it.key(), QStringLiteral("sqlalchemy"));
        }
        for (auto it = m->imports.constBegin(); it != m->imports.constEnd(); ++it) {
            if (resolveName(m, it.key()).kind == Symbol::Kind::Db)
                options.aliases.insert(it.key(), QStringLiteral("sqlalchemy"));
        }
        options.resolve = [this, m](const PyExpr &expr, const QString &) { return resolveForSa(m, expr); };
        m->sa = std::make_unique<SaExpressionReader>(m->ast, options);
    }
    return m->sa->evaluate(e);
}

std::optional<SaValue> ModelReading::resolveForSa(Module *m, const PyExpr &e)
{
    const PyExpr *target = e.kind == EK::Call ? e.child(0) : &e;
    if (!target || (target->kind != EK::Name && target->kind != EK::Attribute))
        return std::nullopt;
    // User.id: a column of a mapped class
    if (target->kind == EK::Attribute && e.kind != EK::Call) {
        const Symbol owner = resolveExpr(m, target->child(0));
        if (owner.kind == Symbol::Kind::Class && owner.cls && owner.cls->mapped()) {
            mapClass(owner.cls);
            const QString column = owner.cls->attributes.value(target->text);
            if (column.isEmpty() || owner.cls->table < 0)
                return std::nullopt;
            SaValue v;
            v.kind = SaValue::Kind::ColumnRef;
            v.table.name = m_tables[size_t(owner.cls->table)].name;
            v.table.schema = m_tables[size_t(owner.cls->table)].schema;
            v.columnRef = column;
            return v;
        }
    }
    const Symbol s = resolveExpr(m, target);
    if (s.kind == Symbol::Kind::Class && s.cls && s.cls->isTypeDecorator)
        return typeDecoratorImpl(s.cls, e.kind == EK::Call ? &e : nullptr);
    if (s.kind == Symbol::Kind::Value && s.value && s.module != m && e.kind != EK::Call) {
        // a constant or type imported from another project module
        const std::variant<SaValue, SaEvaluationError> v = evaluate(s.module, *s.value);
        if (const SaValue *value = std::get_if<SaValue>(&v))
            return *value;
        return std::nullopt;
    }
    const auto isPackage = [&](const char *package) {
        const QString p = QString::fromLatin1(package);
        return s.qualified == p || s.qualified.startsWith(p + QLatin1Char('.'));
    };
    if (s.kind == Symbol::Kind::Class && s.cls && s.cls->isEnum && e.kind != EK::Call) {
        SaValue v;   // sa.Enum(Color): the member names, named after the class
        v.kind = SaValue::Kind::Type;
        v.type = enumType(s.cls);
        return v;
    }
    if (s.kind == Symbol::Kind::External && !isPackage("sqlalchemy") && !isPackage("flask_sqlalchemy")) {
        SaValue v;   // a type from another package: kept as unknown, reported by the caller
        v.kind = SaValue::Kind::Type;
        v.type.module = s.qualified;
        return v;
    }
    return std::nullopt;
}

bool ModelReading::initKeepsImpl(const PyStmt &init, const PyExpr &call)
{
    // The call's arguments, bound to the parameters (self first).
    QSet<QString> passed;
    QHash<QString, const PyExpr *> defaults;
    QStringList named;
    for (int i = 1; i < init.parameters.size(); ++i) {
        const QString &p = init.parameters.at(i);
        if (p.startsWith(QLatin1Char('*')) || p == QLatin1String("/"))
            return false;   // *args/**kw: where they go is for Python to say
        named << p;
        defaults.insert(p, size_t(i) < init.parameterDefaults.size() ? init.parameterDefaults[size_t(i)].get() : nullptr);
    }
    if (call.children.size() - 1 > size_t(named.size()))
        return false;
    for (size_t a = 1; a < call.children.size(); ++a) {
        if (call.children[a]->kind == EK::Starred)
            return false;
        passed.insert(named.at(int(a - 1)));
    }
    for (const PyKeywordArg &k : call.keywords) {
        if (k.name.isEmpty() || !named.contains(k.name))
            return false;
        passed.insert(k.name);
    }
    for (const QString &p : named) {
        if (!passed.contains(p) && !defaults.value(p))
            return false;   // a required argument left out: Python raises
    }
    // A parameter the call leaves at its default of None.
    const auto unsetNone = [&](const PyExpr *e) {
        return e && e->kind == EK::Name && named.contains(e->text) && !passed.contains(e->text) && defaults.value(e->text)
               && defaults.value(e->text)->kind == EK::None;
    };
    // "p is not None" / "p is None" / "p" / "not p" on such a parameter: the branch Python takes.
    const auto decided = [&](const PyExpr &test) -> std::optional<bool> {
        if (test.kind == EK::Compare && test.children.size() == 2 && test.children[1]->kind == EK::None
            && unsetNone(test.children[0].get())) {
            if (test.text == QLatin1String("is not") || test.text == QLatin1String("!="))
                return false;
            if (test.text == QLatin1String("is") || test.text == QLatin1String("=="))
                return true;
        }
        if (unsetNone(&test))
            return false;
        if (test.kind == EK::UnaryOp && test.text == QLatin1String("not") && unsetNone(test.child(0)))
            return true;
        return std::nullopt;
    };
    std::function<bool(const PyStmtList &)> keeps = [&](const PyStmtList &body) {
        for (const auto &s : body) {
            switch (s->kind) {
            case SK::Pass:
                continue;
            case SK::Expr: {
                if (s->value->kind == EK::String)
                    continue;   // docstring
                // super().__init__() / super(X, self).__init__() without arguments
                const PyExpr &e = *s->value;
                const PyExpr *callee = e.kind == EK::Call ? e.child(0) : nullptr;
                const bool superInit = callee && callee->kind == EK::Attribute && callee->text == QLatin1String("__init__")
                                       && callee->child(0) && callee->child(0)->kind == EK::Call
                                       && callee->child(0)->child(0) && callee->child(0)->child(0)->isName(u"super");
                if (superInit && e.children.size() == 1 && e.keywords.empty())
                    continue;
                return false;
            }
            case SK::Assign:
            case SK::AnnAssign:
                for (const PyExprPtr &t : s->targets) {
                    if (t->kind != EK::Attribute || !t->child(0) || !t->child(0)->isName(u"self") || t->text == QLatin1String("impl"))
                        return false;
                }
                continue;
            case SK::If: {
                const std::optional<bool> branch = decided(*s->value);
                if (branch) {
                    if (!keeps(*branch ? s->body : s->orelse))
                        return false;
                    continue;
                }
                if (!keeps(s->body) || !keeps(s->orelse))
                    return false;
                continue;
            }
            default:
                return false;
            }
        }
        return true;
    };
    return keeps(init.body);
}

std::optional<SaValue> ModelReading::typeDecoratorImpl(ClassInfo *c, const PyExpr *call)
{
    const std::vector<ClassInfo *> order = mro(c);
    // Arguments go to __init__: a class that defines one may do anything with them (set self.impl…), unless
    // its body shows they cannot reach the type (initKeepsImpl); then the impl is the class's, as written.
    bool argumentsKept = false;
    const bool withArguments = call && (call->children.size() > 1 || !call->keywords.empty());
    for (ClassInfo *k : order) {
        const PyStmt *init = nullptr;   // the last definition in the body is the one the class keeps (@overload stubs first)
        for (const auto &stmt : k->stmt->body) {
            if (stmt->kind == SK::FunctionDef && stmt->name == QLatin1String("__init__"))
                init = stmt.get();
        }
        if (!init)
            continue;
        if (withArguments) {   // the first class in the MRO with an __init__ is the one Python calls
            if (!initKeepsImpl(*init, *call))
                return std::nullopt;
            argumentsKept = true;
        }
        break;
    }
    for (ClassInfo *k : order) {
        for (const auto &stmt : k->stmt->body) {
            if (stmt->kind == SK::FunctionDef && stmt->name == QLatin1String("load_dialect_impl")) {
                std::optional<SqlType> type = dialectImpl(k, *stmt);
                if (!type)
                    return std::nullopt;
                SaValue v;
                v.kind = SaValue::Kind::Type;
                v.type = *type;
                return v;
            }
        }
    }
    for (ClassInfo *k : order) {
        for (const auto &stmt : k->stmt->body) {
            if ((stmt->kind == SK::Assign || stmt->kind == SK::AnnAssign) && stmt->targets.size() == 1
                && stmt->targets[0]->isName(u"impl") && stmt->value) {
                // impl = CHAR with GUID(32): TypeDecorator.__init__ hands the arguments to the impl class, which
                // Retort does not replay; an impl instance (CHAR(32)) ignores them.
                if (stmt->value->kind != EK::Call && call && (call->children.size() > 1 || !call->keywords.empty())
                    && !argumentsKept)
                    return std::nullopt;
                const std::variant<SaValue, SaEvaluationError> v = evaluate(k->module, *stmt->value);
                if (const SaValue *value = std::get_if<SaValue>(&v); value && value->kind == SaValue::Kind::Type)
                    return *value;
                return std::nullopt;
            }
        }
    }
    return std::nullopt;
}

std::optional<SqlType> ModelReading::dialectImpl(ClassInfo *c, const PyStmt &function)
{
    if (function.parameters.size() != 2)
        return std::nullopt;
    const QString dialect = function.parameters.at(1);
    // return dialect.type_descriptor(T) or return T
    const auto returned = [&](const PyStmt &stmt) -> std::optional<SqlType> {
        if (stmt.kind != SK::Return || !stmt.value)
            return std::nullopt;
        const PyExpr *value = stmt.value.get();
        if (value->kind == EK::Call && value->children.size() == 2 && value->keywords.empty()
            && value->child(0)->dottedName() == dialect + QStringLiteral(".type_descriptor"))
            value = value->child(1);
        const std::variant<SaValue, SaEvaluationError> v = evaluate(c->module, *value);
        const SaValue *type = std::get_if<SaValue>(&v);
        if (!type || type->kind != SaValue::Kind::Type || type->type.name.isEmpty())
            return std::nullopt;
        return type->type;
    };
    // dialect.name == "postgresql", or dialect.name in ("mysql", "mariadb")
    const auto names = [&](const PyExpr &test) -> QStringList {
        if (test.kind != EK::Compare || test.children.size() != 2 || test.child(0)->dottedName() != dialect + QStringLiteral(".name"))
            return {};
        const PyExpr &right = *test.child(1);
        QStringList out;
        if (test.text == QLatin1String("==") && right.kind == EK::String && !right.isComputed)
            out << right.text;
        else if (test.text == QLatin1String("in") && (right.kind == EK::Tuple || right.kind == EK::List || right.kind == EK::Set)) {
            for (const PyExprPtr &item : right.children) {
                if (item->kind != EK::String || item->isComputed)
                    return {};
                out << item->text;
            }
        }
        return out;
    };
    SqlType result;
    bool haveDefault = false;
    std::function<bool(const PyStmtList &)> walk = [&](const PyStmtList &body) -> bool {
        for (const auto &stmt : body) {
            if (stmt->kind == SK::Expr && stmt->value->kind == EK::String)
                continue;   // a docstring
            if (stmt->kind == SK::If) {
                const QStringList dialects = names(*stmt->value);
                if (dialects.isEmpty() || stmt->body.size() != 1)
                    return false;
                const std::optional<SqlType> branch = returned(*stmt->body.front());
                if (!branch)
                    return false;
                for (const QString &d : dialects) {
                    const QString key = d == QLatin1String("mariadb") ? QStringLiteral("mysql") : d;
                    bool seen = false;
                    for (const auto &variant : result.variants)
                        seen = seen || variant.first == key;
                    if (!seen)
                        result.variants.emplace_back(key, *branch);
                }
                if (!stmt->orelse.empty())
                    return walk(stmt->orelse);
                continue;
            }
            const std::optional<SqlType> fallback = returned(*stmt);
            if (!fallback)
                return false;
            std::vector<std::pair<QString, SqlType>> variants = std::move(result.variants);
            result = *fallback;
            result.variants = std::move(variants);
            haveDefault = true;
            return true;
        }
        return true;
    };
    if (!walk(function.body) || !haveDefault)
        return std::nullopt;
    return result;
}

std::optional<SaValue> ModelReading::resolveQualified(const PyExpr &use, const QString &qualified)
{
    if (qualified.isEmpty() || qualified.startsWith(QLatin1Char('.')))
        return std::nullopt;
    const QStringList parts = qualified.split(QLatin1Char('.'));
    for (qsizetype n = parts.size() - 1; n >= 1; --n) {
        Module *m = m_modules.moduleByName(parts.mid(0, n).join(QLatin1Char('.')));
        if (!m)
            continue;
        if (n != parts.size() - 1)
            return std::nullopt;   // an attribute of a project name (Color.RED, Model.column): not read here
        auto name = std::make_shared<PyExpr>();
        name->kind = EK::Name;
        name->text = parts.last();
        name->span = use.span;
        if (use.kind != EK::Call) {
            const Symbol symbol = resolveName(m, name->text);
            if (symbol.kind == Symbol::Kind::Value && symbol.value) {   // a constant: CONTRACT_BRANCH = "contract"
                const std::variant<SaValue, SaEvaluationError> v = evaluate(symbol.module, *symbol.value);
                if (const SaValue *value = std::get_if<SaValue>(&v))
                    return *value;
                return std::nullopt;
            }
            return resolveForSa(m, *name);
        }
        PyExpr call = use;   // the same arguments, the callee as that module names it
        call.children[0] = name;
        return resolveForSa(m, call);
    }
    return std::nullopt;
}

} // namespace retort::modelscan
