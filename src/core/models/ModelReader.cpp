// Static reading of declarative models. The modules are parsed once; names are resolved through
// their imports (project modules are followed, anything else stays a qualified external name);
// every class is classified by its bases (a declarative root, a mapped class, an abstract base or
// mixin, a TypeDecorator, a Python enum), and each mapped class is turned into a table the way
// SQLAlchemy's declarative scan and Flask-SQLAlchemy's metaclass do: columns copied from mixins,
// table names generated, single-table inheritance folded into the parent's table. The SQLAlchemy
// constructs themselves (Column, types, constraints) are evaluated by SaExpressionReader, the same
// interpreter that reads revision scripts.
#include "models/ModelReader.h"

#include "models/TableNaming.h"
#include "ops/SaExpression.h"
#include "python/PyModuleValues.h"
#include "python/PySource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <map>
#include <memory>

namespace retort {

namespace {

using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

constexpr int kMaxModules = 2000;
constexpr qint64 kMaxFileSize = 4 * 1024 * 1024;

struct ImportRef
{
    QString module;          ///< absolute dotted module ("app.models"), or relative with leading dots resolved
    QString name;            ///< from-imports: the imported name; empty for "import a.b"
};

struct Module
{
    QString path;            ///< absolute
    QString rel;             ///< relative to the project
    QString dotted;          ///< "app.models" (empty when outside the search roots)
    bool isPackage = false;
    PyModule ast;
    QHash<QString, PyAssignment> values;
    QHash<QString, const PyStmt *> classes;
    QHash<QString, ImportRef> imports;
    std::unique_ptr<SaExpressionReader> sa;
};

struct Registry
{
    bool flask = false;
    NamingConventionTemplates convention = NamingConventionTemplates::sqlalchemyDefault();
    QHash<QString, SqlType> typeMap;   ///< type_annotation_map: qualified Python type -> SQL type
};

struct ClassInfo;

struct Symbol
{
    enum class Kind { Unknown, Module, Class, Db, DbModel, DbMetaData, Base, MetaData, Value, External, Builtin };
    Kind kind = Kind::Unknown;
    Module *module = nullptr;
    QString name;
    ClassInfo *cls = nullptr;
    const PyExpr *value = nullptr;     ///< Value: the assigned expression; Db/Base: the call
    QString qualified;                 ///< External/Builtin
    Registry *registry = nullptr;      ///< Db, DbModel, DbMetaData, Base
};

struct ClassInfo
{
    Module *module = nullptr;
    const PyStmt *stmt = nullptr;
    QString name;
    std::vector<ClassInfo *> bases;
    Registry *registry = nullptr;
    bool isRoot = false;               ///< class Base(DeclarativeBase): the registry itself, never mapped
    bool abstract = false;
    bool isTypeDecorator = false;
    bool isEnum = false;
    QStringList externalBases;         ///< qualified names of bases from outside the project
    int state = 0;                     ///< 0 not classified, 1 classifying, 2 classified
    int mapState = 0;                  ///< 0 not mapped yet, 1 mapping, 2 mapped
    int table = -1;                    ///< the table it maps to
    QHash<QString, QString> attributes;   ///< attribute -> column name, for User.id references

    bool mapped() const { return registry && !isRoot && !abstract; }
};

bool isDunder(const QString &n) { return n.startsWith(QLatin1String("__")) && n.endsWith(QLatin1String("__")); }

// Python builtins and well-known names an annotation may use.
const QHash<QString, QString> &defaultTypeMap()
{
    static const QHash<QString, QString> map = {
        {QStringLiteral("int"), QStringLiteral("Integer")}, {QStringLiteral("str"), QStringLiteral("String")},
        {QStringLiteral("bool"), QStringLiteral("Boolean")}, {QStringLiteral("float"), QStringLiteral("Float")},
        {QStringLiteral("bytes"), QStringLiteral("LargeBinary")}, {QStringLiteral("decimal.Decimal"), QStringLiteral("Numeric")},
        {QStringLiteral("datetime.datetime"), QStringLiteral("DateTime")}, {QStringLiteral("datetime.date"), QStringLiteral("Date")},
        {QStringLiteral("datetime.time"), QStringLiteral("Time")}, {QStringLiteral("datetime.timedelta"), QStringLiteral("Interval")},
        {QStringLiteral("uuid.UUID"), QStringLiteral("Uuid")},
    };
    return map;
}

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

const QSet<QString> &notColumnCallables()
{
    static const QSet<QString> names = {
        QStringLiteral("relationship"), QStringLiteral("backref"), QStringLiteral("column_property"),
        QStringLiteral("synonym"), QStringLiteral("composite"), QStringLiteral("association_proxy"),
        QStringLiteral("dynamic_loader"), QStringLiteral("query_expression"), QStringLiteral("hybrid_property"),
        QStringLiteral("hybrid_method"), QStringLiteral("deferred"), QStringLiteral("validates"),
        QStringLiteral("object_session"), QStringLiteral("with_expression"), QStringLiteral("query_property"),
    };
    return names;
}

// A class-level attribute that holds a column.
struct ColumnAttr
{
    QString attribute;
    const PyExpr *value = nullptr;        ///< Column()/mapped_column() call; null for annotation-only
    const PyExpr *annotation = nullptr;
    Module *module = nullptr;
    QString className;
    SourceSpan span;
};

struct ClassBody
{
    std::vector<ColumnAttr> columns;
    std::optional<std::pair<QString, SourceSpan>> tablename;   ///< a literal or a recognised cls.__name__ form
    bool tablenameComputed = false;
    SourceSpan tablenameSpan;
    QString tablenameRule;                                      ///< "" literal, "lower", "name"
    const PyExpr *tableArgs = nullptr;
    const PyExpr *bindKey = nullptr;
    bool hasTableObject = false;
    SourceSpan span;
};

class Reader
{
public:
    Reader(QString projectRoot, QStringList searchRoots, FlaskNaming naming)
        : m_root(std::move(projectRoot)), m_searchRoots(std::move(searchRoots)), m_naming(naming)
    {
    }

    ModelSet read(const QStringList &entryFiles)
    {
        for (const QString &f : entryFiles)
            load(f);
        for (size_t i = 0; i < m_modules.size(); ++i) {
            if (m_modules[i]->ast.errors.empty())
                continue;
            const PySyntaxError &e = m_modules[i]->ast.errors.front();
            error(m_modules[i].get(), e.span, QStringLiteral("Python syntax error: %1; the statements around it are still read")
                                                  .arg(e.message));
        }
        for (size_t i = 0; i < m_modules.size(); ++i)
            readModule(m_modules[i].get());
        resolveForeignKeyTypes();
        ModelSet set;
        set.flaskNaming = m_naming;
        set.usesFlaskSqlalchemy = m_usesFlask;
        for (ModelTable &t : m_tables) {
            finishTable(&t);
            set.tables.append(t);
        }
        std::sort(set.tables.begin(), set.tables.end(), [](const ModelTable &a, const ModelTable &b) {
            return std::tie(a.bindKey, a.schema, a.name) < std::tie(b.bindKey, b.schema, b.name);
        });
        for (const auto &m : m_modules)
            set.files << m->rel;
        // A mixin's body is read for every class that uses it: report each finding once.
        QSet<QString> seen;
        for (const ModelDiagnostic &d : std::as_const(m_diagnostics)) {
            if (!seen.contains(d.toString())) {
                seen.insert(d.toString());
                set.diagnostics.append(d);
            }
        }
        return set;
    }

private:
    // --- modules -----------------------------------------------------------------------------

    QString dottedFor(const QString &path, bool *isPackage) const
    {
        const QFileInfo info(path);
        *isPackage = info.fileName() == QLatin1String("__init__.py");
        for (const QString &root : m_searchRoots) {
            const QString rel = QDir(root).relativeFilePath(info.absoluteFilePath());
            if (rel.startsWith(QLatin1String("..")))
                continue;
            QString d = rel;
            d.chop(3);   // .py
            if (*isPackage)
                d.chop(int(QStringLiteral("/__init__").size()));
            return d.replace(QLatin1Char('/'), QLatin1Char('.'));
        }
        return {};
    }

    Module *load(const QString &path)
    {
        const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
        if (Module *m = m_byPath.value(clean))
            return m;
        if (int(m_modules.size()) >= kMaxModules)
            return nullptr;
        QFile file(clean);
        if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileSize)
            return nullptr;
        auto module = std::make_unique<Module>();
        module->path = clean;
        module->rel = QDir(m_root).relativeFilePath(clean);
        module->dotted = dottedFor(clean, &module->isPackage);
        module->ast = parsePythonSource(file.readAll());
        module->values = moduleAssignments(module->ast);
        Module *raw = module.get();
        m_byPath.insert(clean, raw);
        if (!module->dotted.isEmpty())
            m_byDotted.insert(module->dotted, raw);
        m_modules.push_back(std::move(module));
        collectTopLevel(raw, raw->ast.body);
        return raw;
    }

    void collectTopLevel(Module *m, const PyStmtList &body)
    {
        for (const auto &stmt : body) {
            switch (stmt->kind) {
            case SK::ClassDef:
                m->classes.insert(stmt->name, stmt.get());
                break;
            case SK::Import:
                for (const PyImportName &i : stmt->imports) {
                    const QString local = i.asName.isEmpty() ? i.name.section(QLatin1Char('.'), 0, 0) : i.asName;
                    m->imports.insert(local, ImportRef{i.asName.isEmpty() ? local : i.name, {}});
                    followImport(i.name);
                }
                break;
            case SK::ImportFrom: {
                const QString from = absoluteModule(m, stmt->name);
                for (const PyImportName &i : stmt->imports) {
                    if (i.name == QLatin1String("*")) {
                        if (Module *target = followImport(from)) {
                            for (auto it = target->classes.constBegin(); it != target->classes.constEnd(); ++it)
                                m->imports.insert(it.key(), ImportRef{from, it.key()});
                            for (auto it = target->values.constBegin(); it != target->values.constEnd(); ++it)
                                m->imports.insert(it.key(), ImportRef{from, it.key()});
                        }
                        continue;
                    }
                    m->imports.insert(i.asName.isEmpty() ? i.name : i.asName, ImportRef{from, i.name});
                    if (!followImport(from + QLatin1Char('.') + i.name))
                        followImport(from);
                }
                break;
            }
            case SK::If:
            case SK::Try:
                // imports under "if TYPE_CHECKING:" or try/except ImportError still tell where names come from
                collectTopLevel(m, stmt->body);
                break;
            default:
                break;
            }
        }
    }

    QString absoluteModule(const Module *m, const QString &name) const
    {
        if (!name.startsWith(QLatin1Char('.')))
            return name;
        qsizetype dots = 0;
        while (dots < name.size() && name.at(dots) == QLatin1Char('.'))
            ++dots;
        QStringList package = m->dotted.split(QLatin1Char('.'), Qt::SkipEmptyParts);
        if (!m->isPackage && !package.isEmpty())
            package.removeLast();
        for (qsizetype i = 1; i < dots && !package.isEmpty(); ++i)
            package.removeLast();
        const QString rest = name.mid(dots);
        if (!rest.isEmpty())
            package << rest;
        return package.join(QLatin1Char('.'));
    }

    QString fileForModule(const QString &dotted) const { return pythonModuleFile(m_searchRoots, dotted); }

    // Loads a project module (and its parent packages, which Python runs first).
    Module *followImport(const QString &dotted)
    {
        if (dotted.isEmpty())
            return nullptr;
        if (Module *m = m_byDotted.value(dotted))
            return m;
        const QString file = fileForModule(dotted);
        if (file.isEmpty())
            return nullptr;
        const QStringList parts = dotted.split(QLatin1Char('.'));
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QString parent = parts.mid(0, i).join(QLatin1Char('.'));
            if (!m_byDotted.contains(parent)) {
                const QString pf = fileForModule(parent);
                if (!pf.isEmpty())
                    load(pf);
            }
        }
        return load(file);
    }

    Module *moduleByName(const QString &dotted)
    {
        if (Module *m = m_byDotted.value(dotted))
            return m;
        return followImport(dotted);
    }

    // --- names -------------------------------------------------------------------------------

    Symbol resolveName(Module *m, const QString &name, int depth = 0)
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
                if (Module *target = moduleByName(ref.module)) {
                    s.kind = Symbol::Kind::Module;
                    s.module = target;
                    return s;
                }
                s.kind = Symbol::Kind::External;
                s.qualified = ref.module;
                return s;
            }
            if (Module *target = moduleByName(ref.module)) {
                if (target->classes.contains(ref.name) || target->values.contains(ref.name) || target->imports.contains(ref.name))
                    return resolveName(target, ref.name, depth + 1);
                if (Module *sub = moduleByName(ref.module + QLatin1Char('.') + ref.name)) {
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

    Symbol resolveExpr(Module *m, const PyExpr *e, int depth = 0)
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

    QString qualifiedOf(Module *m, const PyExpr *e)
    {
        const Symbol s = resolveExpr(m, e);
        return (s.kind == Symbol::Kind::External || s.kind == Symbol::Kind::Builtin) ? s.qualified : QString();
    }

    Symbol classifyValue(Module *m, const QString &name, const PyExpr *value, int depth)
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
        } else if (callee == QLatin1String("sqlalchemy.orm.declarative_base")) {
            s.kind = Symbol::Kind::Base;
            s.registry = registryFor(value, [&](Registry *r) {
                if (const PyExpr *md = value->keyword(u"metadata"))
                    readMetaData(m, md, r);
                if (const PyExpr *map = value->keyword(u"type_annotation_map"))
                    readTypeMap(m, map, r);
            });
        } else if (callee == QLatin1String("sqlalchemy.MetaData")) {
            s.kind = Symbol::Kind::MetaData;
        }
        return s;
    }

    template<typename Init>
    Registry *registryFor(const void *key, Init init)
    {
        auto it = m_registries.find(key);
        if (it != m_registries.end())
            return it->second.get();
        auto r = std::make_unique<Registry>();
        Registry *raw = r.get();
        m_registries.emplace(key, std::move(r));
        init(raw);
        return raw;
    }

    void readDb(Module *m, const PyExpr *call, Registry *r)
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
    void readMetaData(Module *m, const PyExpr *e, Registry *r)
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

    void readTypeMap(Module *m, const PyExpr *e, Registry *r)
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
    QString annotationKey(Module *m, const PyExpr *e)
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

    // --- classes -----------------------------------------------------------------------------

    ClassInfo *classInfo(Module *m, const PyStmt *stmt)
    {
        auto it = m_classes.find(stmt);
        if (it == m_classes.end()) {
            auto info = std::make_unique<ClassInfo>();
            info->module = m;
            info->stmt = stmt;
            info->name = stmt->name;
            it = m_classes.emplace(stmt, std::move(info)).first;
        }
        ClassInfo *c = it->second.get();
        if (c->state == 0) {
            c->state = 1;
            classify(c);
            c->state = 2;
        }
        return c;
    }

    void classify(ClassInfo *c)
    {
        for (const PyExprPtr &b : c->stmt->bases) {
            if (b->kind == EK::Starred) {
                warn(c->module, b->span, QStringLiteral("class %1 has bases unpacked with *; they are not read").arg(c->name));
                continue;
            }
            const PyExpr *baseExpr = b.get();
            if (baseExpr->kind == EK::Subscript)   // Generic[T]
                baseExpr = baseExpr->child(0);
            const Symbol s = resolveExpr(c->module, baseExpr);
            switch (s.kind) {
            case Symbol::Kind::DbModel:
            case Symbol::Kind::Base:
                if (!c->registry)
                    c->registry = s.registry;
                break;
            case Symbol::Kind::Class:
                if (s.cls && s.cls != c) {
                    c->bases.push_back(s.cls);
                    if (!c->registry)
                        c->registry = s.cls->registry;
                    c->isTypeDecorator = c->isTypeDecorator || s.cls->isTypeDecorator;
                    c->isEnum = c->isEnum || s.cls->isEnum;
                }
                break;
            case Symbol::Kind::External: {
                const QString q = s.qualified;
                if (q == QLatin1String("sqlalchemy.orm.DeclarativeBase") || q == QLatin1String("sqlalchemy.orm.DeclarativeBaseNoMeta")) {
                    c->isRoot = true;
                    c->registry = registryFor(c->stmt, [&](Registry *r) { readRootBody(c, r); });
                } else if (q == QLatin1String("sqlalchemy.TypeDecorator")) {
                    c->isTypeDecorator = true;
                } else if (q.startsWith(QLatin1String("enum."))) {
                    c->isEnum = true;
                } else {
                    c->externalBases << q;
                }
                break;
            }
            case Symbol::Kind::Builtin:
                break;
            default:
                c->externalBases << (baseExpr->dottedName().isEmpty() ? QStringLiteral("?") : baseExpr->dottedName());
                break;
            }
        }
        for (const PyExprPtr &d : c->stmt->decorators) {
            const QString q = qualifiedOf(c->module, d->kind == EK::Call ? d->child(0) : d.get());
            const QString last = d->dottedName().section(QLatin1Char('.'), -1);
            if (q.startsWith(QLatin1String("sqlalchemy.orm")) || last == QLatin1String("mapped")
                || last == QLatin1String("mapped_as_dataclass") || last == QLatin1String("as_declarative"))
                warn(c->module, d->span, QStringLiteral("%1 is mapped through a registry decorator, which Retort does not read; "
                                                        "its table is not listed").arg(c->name));
        }
        for (const auto &stmt : c->stmt->body) {
            if (stmt->kind == SK::Assign && stmt->targets.size() == 1 && stmt->targets[0]->isName(u"__abstract__")
                && stmt->value->kind == EK::True)
                c->abstract = true;
        }
    }

    void readRootBody(ClassInfo *c, Registry *r)
    {
        for (const auto &stmt : c->stmt->body) {
            if ((stmt->kind != SK::Assign && stmt->kind != SK::AnnAssign) || stmt->targets.size() != 1 || !stmt->value)
                continue;
            if (stmt->targets[0]->isName(u"metadata"))
                readMetaData(c->module, stmt->value.get(), r);
            else if (stmt->targets[0]->isName(u"type_annotation_map"))
                readTypeMap(c->module, stmt->value.get(), r);
        }
    }

    // Python's C3 linearisation over the project classes (external bases are left out).
    std::vector<ClassInfo *> mro(ClassInfo *c, int depth = 0)
    {
        std::vector<ClassInfo *> result{c};
        if (depth > 50)
            return result;
        std::vector<std::vector<ClassInfo *>> seqs;
        for (ClassInfo *b : c->bases)
            seqs.push_back(mro(b, depth + 1));
        seqs.push_back(c->bases);
        while (true) {
            seqs.erase(std::remove_if(seqs.begin(), seqs.end(), [](const auto &s) { return s.empty(); }), seqs.end());
            if (seqs.empty())
                return result;
            ClassInfo *next = nullptr;
            for (const auto &s : seqs) {
                ClassInfo *head = s.front();
                const bool inTail = std::any_of(seqs.begin(), seqs.end(), [&](const auto &o) {
                    return std::find(o.begin() + 1, o.end(), head) != o.end();
                });
                if (!inTail) {
                    next = head;
                    break;
                }
            }
            if (!next) {
                warn(c->module, c->stmt->span, QStringLiteral("class %1 has an inconsistent method resolution order; Python "
                                                               "refuses it").arg(c->name));
                return result;
            }
            result.push_back(next);
            for (auto &s : seqs) {
                if (!s.empty() && s.front() == next)
                    s.erase(s.begin());
            }
        }
    }

    bool isDeclaredAttr(Module *m, const PyStmt &fn)
    {
        for (const PyExprPtr &d : fn.decorators) {
            const QString q = qualifiedOf(m, d.get());
            if (q.endsWith(QLatin1String("declared_attr")) || q.endsWith(QLatin1String("declared_attr.directive"))
                || q.endsWith(QLatin1String("declared_attr.cascading")))
                return true;
        }
        return false;
    }

    // The single "return <expr>" of a declared_attr function; null when the body does more.
    const PyExpr *singleReturn(const PyStmt &fn)
    {
        const PyExpr *result = nullptr;
        for (const auto &s : fn.body) {
            if (s->kind == SK::Expr && s->value && s->value->kind == EK::String)
                continue;   // docstring
            if (s->kind != SK::Return || result)
                return nullptr;
            result = s->value.get();
        }
        return result;
    }

    ClassBody readBody(ClassInfo *c)
    {
        ClassBody body;
        body.span = c->stmt->span;
        Module *m = c->module;
        for (const auto &stmt : c->stmt->body) {
            const PyExpr *target = stmt->targets.size() == 1 ? stmt->targets[0].get() : nullptr;
            const PyExpr *value = stmt->value.get();
            QString name = target && target->kind == EK::Name ? target->text : QString();
            const PyExpr *annotation = stmt->kind == SK::AnnAssign ? stmt->annotation.get() : nullptr;
            if (stmt->kind == SK::FunctionDef) {
                if (!isDeclaredAttr(m, *stmt))
                    continue;
                name = stmt->name;
                value = singleReturn(*stmt);
                annotation = stmt->annotation.get();
                if (!value) {
                    if (name == QLatin1String("__tablename__")) {
                        body.tablenameComputed = true;
                        body.tablenameSpan = stmt->body.empty() ? stmt->span : stmt->body.back()->span;
                    } else if (!isDunder(name)) {
                        warn(m, stmt->span, QStringLiteral("the declared_attr '%1' of %2 runs Python code; if it makes a "
                                                           "column, Retort does not see it").arg(name, c->name));
                    }
                    continue;
                }
            } else if (stmt->kind == SK::If || stmt->kind == SK::For || stmt->kind == SK::While || stmt->kind == SK::Try
                       || stmt->kind == SK::With) {
                warn(m, stmt->span, QStringLiteral("the body of %1 has a statement that decides at run time what the class "
                                                   "holds; what it defines is not read").arg(c->name));
                continue;
            } else if (stmt->kind != SK::Assign && stmt->kind != SK::AnnAssign) {
                continue;
            }
            if (name.isEmpty())
                continue;
            if (name == QLatin1String("__tablename__")) {
                readTablename(value, stmt->span, &body);
                continue;
            }
            if (name == QLatin1String("__table_args__")) {
                body.tableArgs = value;
                continue;
            }
            if (name == QLatin1String("__bind_key__")) {
                body.bindKey = value;
                continue;
            }
            if (name == QLatin1String("__table__")) {
                body.hasTableObject = value && value->kind != EK::None;
                continue;
            }
            if (isDunder(name))
                continue;
            classifyAttribute(c, name, value, annotation, stmt->span, &body);
        }
        return body;
    }

    void readTablename(const PyExpr *value, const SourceSpan &span, ClassBody *body)
    {
        if (value && value->kind == EK::String && !value->isComputed) {
            body->tablename = std::make_pair(value->text, span);
            body->tablenameRule.clear();
            return;
        }
        // cls.__name__.lower() and cls.__name__: common, and fully determined by the class name.
        if (value && value->kind == EK::Call && value->children.size() == 1 && value->child(0)->kind == EK::Attribute
            && value->child(0)->text == QLatin1String("lower") && value->child(0)->child(0)
            && value->child(0)->child(0)->dottedName() == QLatin1String("cls.__name__")) {
            body->tablename = std::make_pair(QString(), span);
            body->tablenameRule = QStringLiteral("lower");
            return;
        }
        if (value && value->dottedName() == QLatin1String("cls.__name__")) {
            body->tablename = std::make_pair(QString(), span);
            body->tablenameRule = QStringLiteral("name");
            return;
        }
        body->tablenameComputed = true;
        body->tablenameSpan = value ? value->span : span;
    }

    void classifyAttribute(ClassInfo *c, const QString &name, const PyExpr *value, const PyExpr *annotation,
                           const SourceSpan &span, ClassBody *body)
    {
        Module *m = c->module;
        if (annotation) {
            const AnnotationInfo info = readAnnotation(m, annotation);
            if (info.notMapped)
                return;
            if (info.relationship)
                return;
            if (info.mapped && !value) {
                body->columns.push_back(ColumnAttr{name, nullptr, annotation, m, c->name, span});
                return;
            }
        }
        if (!value || value->kind != EK::Call) {
            if (value && (value->kind == EK::Name || value->kind == EK::Attribute)) {
                const QString q = qualifiedOf(m, value);
                if (q == QLatin1String("sqlalchemy.Column") || q == QLatin1String("sqlalchemy.orm.mapped_column"))
                    warn(m, span, QStringLiteral("'%1 = %2' assigns the class, not a column").arg(name, value->dottedName()));
            }
            return;
        }
        const QString callee = qualifiedOf(m, value->child(0));
        const QString last = callee.section(QLatin1Char('.'), -1);
        if (callee == QLatin1String("sqlalchemy.Column") || callee == QLatin1String("sqlalchemy.orm.mapped_column")) {
            body->columns.push_back(ColumnAttr{name, value, annotation, m, c->name, span});
            return;
        }
        if (callee.startsWith(QLatin1String("sqlalchemy")) && notColumnCallables().contains(last)) {
            // column_property(Column(...)) and deferred(Column(...)) still hold a column
            if ((last == QLatin1String("column_property") || last == QLatin1String("deferred")) && value->child(1)
                && value->child(1)->kind == EK::Call) {
                const QString inner = qualifiedOf(m, value->child(1)->child(0));
                if (inner == QLatin1String("sqlalchemy.Column") || inner == QLatin1String("sqlalchemy.orm.mapped_column"))
                    body->columns.push_back(ColumnAttr{name, value->child(1), annotation, m, c->name, span});
            }
            return;
        }
        if (callee.startsWith(QLatin1String("sqlalchemy.ext.")) || callee.startsWith(QLatin1String("sqlalchemy.orm.")))
            return;   // association_proxy and other ORM-side attributes
        if (callee.startsWith(QLatin1String("sqlalchemy.")))
            return;   // a type or expression stored on the class: no column
        const QString shown = value->child(0)->dottedName().isEmpty() ? QStringLiteral("a call") : value->child(0)->dottedName();
        warn(m, span, QStringLiteral("'%1 = %2(...)' in %3 is computed when Python runs; if it makes a column, Retort does "
                                     "not see it").arg(name, shown, c->name));
    }

    struct AnnotationInfo
    {
        bool mapped = false;         ///< Mapped[...]
        bool relationship = false;   ///< Mapped[List["X"]], WriteOnlyMapped, a mapped class
        bool notMapped = false;      ///< ClassVar, plain annotations
        bool optional = false;
        const PyExpr *inner = nullptr;
        Module *module = nullptr;
    };

    // A string annotation ("Mapped[int]", or forward references) parsed as an expression.
    const PyExpr *parsedString(const PyExpr *e)
    {
        if (!e || e->kind != EK::String || e->isComputed)
            return e;
        auto module = std::make_unique<PyModule>(parsePython(e->text));
        if (module->body.size() != 1 || module->body[0]->kind != SK::Expr || !module->errors.empty())
            return nullptr;
        const PyExpr *parsed = module->body[0]->value.get();
        m_parsedStrings.push_back(std::move(module));
        return parsed;
    }

    AnnotationInfo readAnnotation(Module *m, const PyExpr *annotation)
    {
        AnnotationInfo info;
        info.module = m;
        annotation = parsedString(annotation);
        if (!annotation)
            return info;
        if (annotation->kind != EK::Subscript) {
            info.notMapped = true;
            return info;
        }
        const QString q = qualifiedOf(m, annotation->child(0));
        if (q == QLatin1String("sqlalchemy.orm.WriteOnlyMapped") || q == QLatin1String("sqlalchemy.orm.DynamicMapped")) {
            info.relationship = true;
            return info;
        }
        if (q != QLatin1String("sqlalchemy.orm.Mapped")) {
            info.notMapped = true;
            return info;
        }
        info.mapped = true;
        const PyExpr *inner = unwrapOptional(m, parsedString(annotation->child(1)), &info.optional);
        info.inner = inner;
        if (!inner)
            return info;
        if (inner->kind == EK::Subscript) {
            const QString collection = qualifiedOf(m, inner->child(0));
            static const QSet<QString> collections = {QStringLiteral("list"), QStringLiteral("set"), QStringLiteral("dict"),
                                                      QStringLiteral("typing.List"), QStringLiteral("typing.Set"),
                                                      QStringLiteral("typing.Dict"), QStringLiteral("typing.Sequence"),
                                                      QStringLiteral("typing.Collection")};
            if (collections.contains(collection))
                info.relationship = true;
            return info;
        }
        const Symbol s = resolveExpr(m, inner);
        if (s.kind == Symbol::Kind::Class && s.cls && s.cls->registry && !s.cls->isEnum)
            info.relationship = true;
        return info;
    }

    const PyExpr *unwrapOptional(Module *m, const PyExpr *e, bool *optional)
    {
        if (!e)
            return e;
        if (e->kind == EK::Subscript) {
            const QString q = qualifiedOf(m, e->child(0));
            if (q == QLatin1String("typing.Optional")) {
                *optional = true;
                return unwrapOptional(m, parsedString(e->child(1)), optional);
            }
            if (q == QLatin1String("typing.Union") && e->child(1) && e->child(1)->kind == EK::Tuple) {
                const PyExpr *other = nullptr;
                int others = 0;
                for (const PyExprPtr &part : e->child(1)->children) {
                    if (part->kind == EK::None)
                        *optional = true;
                    else {
                        other = part.get();
                        ++others;
                    }
                }
                return others == 1 ? unwrapOptional(m, parsedString(other), optional) : nullptr;
            }
        }
        if (e->kind == EK::BinaryOp && e->text == QLatin1String("|")) {
            const PyExpr *l = e->child(0);
            const PyExpr *r = e->child(1);
            if (r && r->kind == EK::None) {
                *optional = true;
                return unwrapOptional(m, l, optional);
            }
            if (l && l->kind == EK::None) {
                *optional = true;
                return unwrapOptional(m, r, optional);
            }
            return nullptr;
        }
        return e;
    }

    // --- evaluation of SQLAlchemy constructs ---------------------------------------------------

    std::variant<SaValue, SaEvaluationError> evaluate(Module *m, const PyExpr &e)
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

    std::optional<SaValue> resolveForSa(Module *m, const PyExpr &e)
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
            return typeDecoratorImpl(s.cls);
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

    std::optional<SaValue> typeDecoratorImpl(ClassInfo *c)
    {
        for (ClassInfo *k : mro(c)) {
            for (const auto &stmt : k->stmt->body) {
                if ((stmt->kind == SK::Assign || stmt->kind == SK::AnnAssign) && stmt->targets.size() == 1
                    && stmt->targets[0]->isName(u"impl") && stmt->value) {
                    const std::variant<SaValue, SaEvaluationError> v = evaluate(k->module, *stmt->value);
                    if (const SaValue *value = std::get_if<SaValue>(&v); value && value->kind == SaValue::Kind::Type)
                        return *value;
                    return std::nullopt;
                }
            }
        }
        return std::nullopt;
    }

    // --- tables ------------------------------------------------------------------------------

    void readModule(Module *m)
    {
        for (const auto &stmt : m->ast.body) {
            if (stmt->kind == SK::ClassDef) {
                ClassInfo *c = classInfo(m, stmt.get());
                if (c->mapped())
                    mapClass(c);
                continue;
            }
            const PyExpr *value = stmt->value.get();
            if ((stmt->kind != SK::Assign && stmt->kind != SK::Expr && stmt->kind != SK::AnnAssign) || !value
                || value->kind != EK::Call)
                continue;
            const QString callee = qualifiedOf(m, value->child(0));
            if (callee == QLatin1String("sqlalchemy.Table"))
                readTable(m, *value);
            else if (callee == QLatin1String("sqlalchemy.Index") || callee == QLatin1String("sqlalchemy.UniqueConstraint")
                     || callee == QLatin1String("sqlalchemy.CheckConstraint"))
                readStandalone(m, *value);
        }
    }

    ModelSource source(const Module *m, const SourceSpan &span) const { return ModelSource{m->rel, span.line, span.column}; }

    void warn(const Module *m, const SourceSpan &span, const QString &message)
    {
        m_diagnostics.append({ModelDiagnostic::Severity::Warning, source(m, span), message});
    }
    void error(const Module *m, const SourceSpan &span, const QString &message)
    {
        m_diagnostics.append({ModelDiagnostic::Severity::Error, source(m, span), message});
    }

    int findTable(const QString &name, const QString &schema, const QString &bindKey) const
    {
        for (size_t i = 0; i < m_tables.size(); ++i) {
            if (m_tables[i].name == name && m_tables[i].schema == schema && m_tables[i].bindKey == bindKey)
                return int(i);
        }
        return -1;
    }

    // First of the class and its unmapped bases (up to the first mapped ancestor) that says something.
    struct Directives
    {
        std::optional<std::pair<QString, SourceSpan>> tablename;
        QString tablenameRule;
        bool tablenameFromMappedParent = false;
        bool tablenameComputed = false;
        SourceSpan tablenameSpan;
        const PyExpr *tableArgs = nullptr;
        Module *tableArgsModule = nullptr;
        const PyExpr *bindKey = nullptr;
        Module *bindKeyModule = nullptr;
    };

    void mapClass(ClassInfo *c)
    {
        if (c->mapState != 0)
            return;
        c->mapState = 1;
        const std::vector<ClassInfo *> order = mro(c);
        ClassInfo *parent = nullptr;
        std::vector<ClassInfo *> sources;   // c and the unmapped classes before the first mapped ancestor
        for (ClassInfo *k : order) {
            if (k != c && k->mapped()) {
                parent = k;
                break;
            }
            sources.push_back(k);
        }
        if (parent)
            mapClass(parent);

        Directives d;
        std::map<ClassInfo *, ClassBody> bodies;
        for (ClassInfo *k : sources)
            bodies.emplace(k, readBody(k));
        for (ClassInfo *k : sources) {
            const ClassBody &b = bodies.at(k);
            if (!d.tablename && !d.tablenameComputed && (b.tablename || b.tablenameComputed)) {
                d.tablename = b.tablename;
                d.tablenameRule = b.tablenameRule;
                d.tablenameComputed = b.tablenameComputed;
                d.tablenameSpan = b.tablenameSpan;
            }
            if (!d.tableArgs && b.tableArgs) {
                d.tableArgs = b.tableArgs;
                d.tableArgsModule = k->module;
            }
            if (!d.bindKey && b.bindKey) {
                d.bindKey = b.bindKey;
                d.bindKeyModule = k->module;
            }
            if (b.hasTableObject) {
                warn(c->module, c->stmt->span, QStringLiteral("%1 maps a __table__ object; Retort reads such tables only "
                                                              "from Table() calls at module level").arg(c->name));
                c->mapState = 2;
                return;
            }
        }
        // __bind_key__ is a plain class attribute: a mapped parent's holds too
        for (ClassInfo *k : order) {
            if (d.bindKey)
                break;
            if (std::find(sources.begin(), sources.end(), k) != sources.end())
                continue;
            const ClassBody b = readBody(k);
            if (b.bindKey) {
                d.bindKey = b.bindKey;
                d.bindKeyModule = k->module;
            }
        }
        for (const QString &external : c->externalBases) {
            static const QSet<QString> harmless = {QStringLiteral("object"), QStringLiteral("flask_login.UserMixin"),
                                                   QStringLiteral("sqlalchemy.orm.MappedAsDataclass"),
                                                   QStringLiteral("typing.Generic"), QStringLiteral("abc.ABC")};
            if (!harmless.contains(external))
                warn(c->module, c->stmt->span, QStringLiteral("%1 has the base %2 from outside the project; columns it may "
                                                               "declare are not read").arg(c->name, external));
        }
        if (d.tablenameComputed) {
            error(c->module, d.tablenameSpan, QStringLiteral("the __tablename__ of %1 is computed when Python runs; the "
                                                              "class is skipped").arg(c->name));
            c->mapState = 2;
            return;
        }

        QString bindKey;
        if (d.bindKey) {
            if (d.bindKey->kind == EK::String && !d.bindKey->isComputed)
                bindKey = d.bindKey->text;
            else if (d.bindKey->kind != EK::None)
                error(d.bindKeyModule, d.bindKey->span, QStringLiteral("__bind_key__ of %1 is not a literal; the default "
                                                                       "database is assumed").arg(c->name));
        }
        if (parent && parent->table >= 0 && bindKey.isEmpty())
            bindKey = m_tables[size_t(parent->table)].bindKey;

        // The columns: farthest mixin first, the class itself last (nearer definitions win).
        std::vector<ColumnAttr> attrs;
        for (auto it = sources.rbegin(); it != sources.rend(); ++it) {
            for (const ColumnAttr &a : bodies.at(*it).columns) {
                const auto existing = std::find_if(attrs.begin(), attrs.end(), [&](const ColumnAttr &o) { return o.attribute == a.attribute; });
                if (existing != attrs.end())
                    *existing = a;
                else
                    attrs.push_back(a);
            }
        }
        ModelTable table;
        table.className = c->name;
        table.classes << c->name;
        table.bindKey = bindKey;
        table.source = source(c->module, c->stmt->span);
        QList<ModelConstraint> checks;
        for (const ColumnAttr &a : attrs) {
            std::optional<ModelColumn> column = readColumn(c->registry, a, &checks);
            if (column)
                table.columns.append(*column);
        }
        if (d.tableArgs)
            readTableArgs(d.tableArgsModule, d.tableArgs, &table);
        table.constraints.append(checks);

        bool hasPrimaryKey = std::any_of(table.columns.begin(), table.columns.end(), [](const ModelColumn &col) { return col.column.primaryKey; });
        for (const ModelConstraint &mc : table.constraints)
            hasPrimaryKey = hasPrimaryKey || mc.constraint.kind == ConstraintDef::Kind::PrimaryKey;

        QString name;
        if (d.tablename) {
            name = d.tablenameRule == QLatin1String("lower") ? c->name.toLower()
                   : d.tablenameRule == QLatin1String("name") ? c->name
                                                               : d.tablename->first;
        }
        const bool flask = c->registry->flask;
        bool singleTable = false;
        if (flask) {
            // Flask-SQLAlchemy: a generated name unless a mixin or abstract base gives one; no primary key
            // under a mapped parent means single-table inheritance (its __table_cls__ returns None).
            if (!d.tablename)
                name = flaskTableName(c->name, m_naming);
            if (parent && !hasPrimaryKey)
                singleTable = true;
        } else {
            if (!d.tablename) {
                if (!parent) {
                    error(c->module, c->stmt->span, QStringLiteral("%1 has no __tablename__ (plain SQLAlchemy requires one); the "
                                                                   "class is skipped").arg(c->name));
                    c->mapState = 2;
                    return;
                }
                singleTable = true;
            }
        }

        if (singleTable && parent && parent->table >= 0) {
            ModelTable &target = m_tables[size_t(parent->table)];
            target.classes << c->name;
            for (const ModelColumn &col : std::as_const(table.columns)) {
                if (!target.column(col.column.name))
                    target.columns.append(col);
            }
            target.constraints.append(table.constraints);
            target.indexes.append(table.indexes);
            c->table = parent->table;
            c->attributes = parent->attributes;
            for (const ModelColumn &col : std::as_const(table.columns))
                c->attributes.insert(col.attribute, col.column.name);
            c->mapState = 2;
            return;
        }
        table.name = name;
        if (parent && parent->table >= 0)
            table.inherits = m_tables[size_t(parent->table)].name;
        if (!hasPrimaryKey && !parent)
            error(c->module, c->stmt->span, QStringLiteral("%1 has no primary key column; SQLAlchemy refuses to map it (\"could "
                                                           "not assemble any primary key columns\")").arg(c->name));
        if (findTable(table.name, table.schema, table.bindKey) >= 0) {
            error(c->module, c->stmt->span, QStringLiteral("table '%1' is defined twice in one MetaData (SQLAlchemy raises "
                                                           "\"Table is already defined\"); %2 is skipped")
                                                .arg(table.qualifiedName(), c->name));
            c->mapState = 2;
            return;
        }
        if (parent)
            c->attributes = parent->attributes;
        for (const ModelColumn &col : std::as_const(table.columns))
            c->attributes.insert(col.attribute, col.column.name);
        m_tables.push_back(table);
        m_tableRegistry.push_back(c->registry);
        c->table = int(m_tables.size()) - 1;
        c->mapState = 2;
    }

    std::optional<ModelColumn> readColumn(Registry *registry, const ColumnAttr &a, QList<ModelConstraint> *checks)
    {
        ModelColumn col;
        col.attribute = a.attribute;
        col.className = a.className;
        col.source = source(a.module, a.span);
        const AnnotationInfo ann = a.annotation ? readAnnotation(a.module, a.annotation) : AnnotationInfo{};
        bool mappedColumn = !a.value;
        if (!a.value)
            col.column.hasType = false;   // from the annotation
        if (a.value) {
            mappedColumn = qualifiedOf(a.module, a.value->child(0)) == QLatin1String("sqlalchemy.orm.mapped_column");
            const std::variant<SaValue, SaEvaluationError> v = evaluate(a.module, *a.value);
            if (const SaEvaluationError *err = std::get_if<SaEvaluationError>(&v)) {
                m_diagnostics.append({ModelDiagnostic::Severity::Error, source(a.module, err->span),
                                      QStringLiteral("column '%1' of %2 is skipped: %3").arg(a.attribute, a.className, err->reason)});
                return std::nullopt;
            }
            const SaValue &value = std::get<SaValue>(v);
            col.column = value.column;
            for (const SaValue &item : value.items) {
                if (item.kind == SaValue::Kind::Constraint)
                    checks->append(ModelConstraint{item.constraint, col.source});
            }
        }
        if (col.column.name.isEmpty())
            col.column.name = a.attribute;
        if (col.column.hasType && col.column.type.name.isEmpty()) {
            col.typeKnown = false;
            warn(a.module, a.span, QStringLiteral("column '%1' of %2 has the type %3 from outside the project; it is listed "
                                                  "without a type").arg(col.column.name, a.className, col.column.type.module));
        }
        if (!col.column.hasType && mappedColumn && ann.mapped) {
            if (std::optional<SqlType> t = annotationType(registry, ann, a)) {
                col.column.type = *t;
                col.column.hasType = true;
            } else if (ann.inner) {
                col.typeKnown = false;
                col.column.hasType = true;
            }
        }
        if (!col.column.hasType && col.column.foreignKeys.isEmpty()) {
            col.typeKnown = false;
            col.column.hasType = true;
            warn(a.module, a.span, QStringLiteral("column '%1' of %2 has no type (SQLAlchemy uses NullType)").arg(col.column.name, a.className));
        }
        if (!col.column.nullable) {
            if (col.column.primaryKey)
                col.column.nullable = false;
            else if (mappedColumn && ann.mapped)
                col.column.nullable = ann.optional;
        }
        if (mappedColumn && a.annotation && ann.mapped)
            applyAnnotatedColumnArgs(ann, a, &col);
        return col;
    }

    // The SQL type of Mapped[X]: the registry's type_annotation_map, an Annotated alias, SQLAlchemy's defaults.
    std::optional<SqlType> annotationType(Registry *registry, const AnnotationInfo &ann, const ColumnAttr &a)
    {
        Module *m = ann.module;
        const PyExpr *inner = ann.inner;
        if (!inner)
            return std::nullopt;
        for (int hops = 0; hops < 10; ++hops) {
            const QString key = annotationKey(m, inner);
            if (registry) {
                const auto it = registry->typeMap.constFind(key);
                if (it != registry->typeMap.constEnd())
                    return it.value();
            }
            const Symbol s = (inner->kind == EK::Name || inner->kind == EK::Attribute) ? resolveExpr(m, inner) : Symbol{};
            if (s.kind == Symbol::Kind::Value && s.value && s.value->kind == EK::Subscript
                && qualifiedOf(s.module, s.value->child(0)).endsWith(QLatin1String("Annotated"))) {
                // Annotated[T, ...]: the alias itself may be in the map; else T
                const PyExpr *args = s.value->child(1);
                inner = args && args->kind == EK::Tuple ? args->child(0) : args;
                m = s.module;
                bool optional = false;
                inner = unwrapOptional(m, parsedString(inner), &optional);
                if (!inner)
                    break;
                continue;
            }
            if (s.kind == Symbol::Kind::Class && s.cls && s.cls->isEnum)
                return enumType(s.cls);
            const QString builtin = defaultTypeMap().value(key);
            if (!builtin.isEmpty()) {
                SqlType t;
                t.name = builtin;
                return t;
            }
            break;
        }
        error(a.module, a.span, QStringLiteral("column '%1' of %2: SQLAlchemy has no SQL type for the annotation '%3' (it "
                                               "raises unless type_annotation_map maps it); listed without a type")
                                    .arg(a.attribute, a.className, ann.inner->dottedName().isEmpty() ? QStringLiteral("?")
                                                                                                     : ann.inner->dottedName()));
        return std::nullopt;
    }

    // mapped_column() arguments carried by an Annotated alias (intpk = Annotated[int, mapped_column(primary_key=True)]).
    void applyAnnotatedColumnArgs(const AnnotationInfo &ann, const ColumnAttr &a, ModelColumn *col)
    {
        const Symbol s = (ann.inner && (ann.inner->kind == EK::Name || ann.inner->kind == EK::Attribute)) ? resolveExpr(ann.module, ann.inner)
                                                                                                       : Symbol{};
        if (s.kind != Symbol::Kind::Value || !s.value || s.value->kind != EK::Subscript
            || !qualifiedOf(s.module, s.value->child(0)).endsWith(QLatin1String("Annotated")))
            return;
        const PyExpr *args = s.value->child(1);
        if (!args || args->kind != EK::Tuple)
            return;
        for (size_t i = 1; i < args->children.size(); ++i) {
            const PyExpr *extra = args->children[i].get();
            if (extra->kind != EK::Call || qualifiedOf(s.module, extra->child(0)) != QLatin1String("sqlalchemy.orm.mapped_column"))
                continue;
            const std::variant<SaValue, SaEvaluationError> v = evaluate(s.module, *extra);
            if (const SaEvaluationError *err = std::get_if<SaEvaluationError>(&v)) {
                error(s.module, err->span, QStringLiteral("the Annotated alias used by '%1' is not read: %2").arg(a.attribute, err->reason));
                return;
            }
            const ColumnDef &from = std::get<SaValue>(v).column;
            // the column's own arguments win; the alias fills in what it leaves out
            ColumnDef &c = col->column;
            const auto given = [&](const char *kw) { return a.value && a.value->keyword(QString::fromLatin1(kw)); };
            if (from.hasType && !(a.value && col->column.hasType && a.value->children.size() > 1))
                c.type = from.type;
            if (!given("primary_key") && from.primaryKey)
                c.primaryKey = true;
            if (!given("nullable") && from.nullable)
                c.nullable = from.nullable;
            if (!given("server_default") && from.serverDefault)
                c.serverDefault = from.serverDefault;
            if (!given("unique") && from.unique)
                c.unique = true;
            if (!given("index") && from.index)
                c.index = true;
            c.foreignKeys.append(from.foreignKeys);
            if (!c.nullable.has_value() || (c.primaryKey && !given("nullable")))
                c.nullable = c.primaryKey ? false : ann.optional;
        }
    }

    SqlType enumType(ClassInfo *c)
    {
        SqlType t;
        t.name = QStringLiteral("Enum");
        t.enumName = c->name.toLower();
        for (const auto &stmt : c->stmt->body) {
            if (stmt->kind == SK::Assign && stmt->targets.size() == 1 && stmt->targets[0]->kind == EK::Name
                && !stmt->targets[0]->text.startsWith(QLatin1Char('_')))
                t.enumValues << stmt->targets[0]->text;
        }
        return t;
    }

    // Map an attribute key to its column name ("email" may be stored as "email_address").
    QString columnNameFor(const ModelTable &table, const QString &key) const
    {
        for (const ModelColumn &c : table.columns) {
            if (c.attribute == key)
                return c.column.name;
        }
        return key;
    }

    void readTableArgs(Module *m, const PyExpr *args, ModelTable *table)
    {
        const std::variant<SaValue, SaEvaluationError> v = evaluate(m, *args);
        if (const SaEvaluationError *err = std::get_if<SaEvaluationError>(&v)) {
            error(m, err->span, QStringLiteral("__table_args__ of %1 is not read: %2").arg(table->className, err->reason));
            return;
        }
        const SaValue &value = std::get<SaValue>(v);
        std::vector<SaValue> items;
        if (value.kind == SaValue::Kind::Dict)
            items.push_back(value);
        else if (value.kind == SaValue::Kind::List)
            items = value.items;
        else {
            error(m, args->span, QStringLiteral("__table_args__ of %1 must be a tuple or a dict").arg(table->className));
            return;
        }
        for (const SaValue &item : items)
            tableItem(m, item, table);
    }

    void tableItem(Module *m, const SaValue &item, ModelTable *table)
    {
        const ModelSource src = source(m, item.span);
        switch (item.kind) {
        case SaValue::Kind::Dict:
            for (const auto &[key, val] : item.dict) {
                if (key == QLatin1String("schema") && val.isString())
                    table->schema = val.string();
                else if (key == QLatin1String("comment") && val.isString())
                    table->comment = val.string();
            }
            return;
        case SaValue::Kind::Constraint: {
            ConstraintDef c = item.constraint;
            for (QString &col : c.columns)
                col = columnNameFor(*table, col);
            if (c.kind == ConstraintDef::Kind::PrimaryKey) {
                for (ModelColumn &col : table->columns) {
                    if (c.columns.contains(col.column.name)) {
                        col.column.primaryKey = true;
                        if (!col.column.nullable)
                            col.column.nullable = false;
                    }
                }
            }
            c.refTable.clear();
            if (item.constraint.kind == ConstraintDef::Kind::ForeignKey) {
                c.refTable = item.constraint.refTable;
                c.refSchema = item.constraint.refSchema;
            }
            table->constraints.append(ModelConstraint{c, src});
            return;
        }
        case SaValue::Kind::Index: {
            IndexDef index = item.index;
            for (qsizetype i = 0; i < index.expressions.size(); ++i) {
                if (!index.isExpression.value(i))
                    index.expressions[i] = columnNameFor(*table, index.expressions[i]);
            }
            index.table = table->name;
            table->indexes.append(ModelIndex{index, src});
            return;
        }
        case SaValue::Kind::Column: {
            ModelColumn col;
            col.column = item.column;
            col.source = src;
            if (col.column.name.isEmpty()) {
                error(m, item.span, QStringLiteral("a Column without a name in table '%1'").arg(table->name));
                return;
            }
            if (col.column.hasType && col.column.type.name.isEmpty()) {
                col.typeKnown = false;
                warn(m, item.span, QStringLiteral("column '%1' of table '%2' has the type %3 from outside the project; it is "
                                                  "listed without a type").arg(col.column.name, table->name, col.column.type.module));
            }
            table->columns.append(col);
            for (const SaValue &extra : item.items) {
                if (extra.kind == SaValue::Kind::Constraint)
                    table->constraints.append(ModelConstraint{extra.constraint, src});
            }
            return;
        }
        default:
            error(m, item.span, QStringLiteral("table '%1' is given something other than a column, a constraint, an index or a "
                                               "dict of options; it is ignored").arg(table->name));
        }
    }

    // Table("name", metadata, Column(...), ...) and Flask-SQLAlchemy's db.Table("name", Column(...), ...).
    void readTable(Module *m, const PyExpr &call)
    {
        const PyExpr *nameExpr = call.child(1);
        if (!nameExpr || nameExpr->kind != EK::String || nameExpr->isComputed) {
            error(m, call.span, QStringLiteral("a Table() whose name is not a literal string is skipped"));
            return;
        }
        ModelTable table;
        table.name = nameExpr->text;
        table.source = source(m, call.span);
        Registry *registry = nullptr;
        size_t first = 2;
        if (const PyExpr *md = call.child(2)) {
            const Symbol s = resolveExpr(m, md);
            if (s.kind == Symbol::Kind::DbMetaData || s.kind == Symbol::Kind::MetaData) {
                first = 3;
                registry = s.registry;
                if (s.kind == Symbol::Kind::MetaData && s.value)
                    registry = registryFor(s.value, [&](Registry *r) { readMetaData(s.module, s.value, r); });
            }
        }
        if (!registry) {
            const Symbol db = resolveExpr(m, call.child(0)->child(0));
            if (db.kind == Symbol::Kind::Db)
                registry = db.registry;
        }
        for (const PyKeywordArg &k : call.keywords) {
            if (k.name == QLatin1String("schema") || k.name == QLatin1String("comment") || k.name == QLatin1String("bind_key")) {
                if (!k.value || k.value->kind != EK::String || k.value->isComputed) {
                    if (k.value && k.value->kind != EK::None)
                        error(m, k.span, QStringLiteral("%1= of table '%2' is not a literal; it is ignored").arg(k.name, table.name));
                    continue;
                }
                (k.name == QLatin1String("schema") ? table.schema : k.name == QLatin1String("comment") ? table.comment : table.bindKey) = k.value->text;
            }
        }
        for (size_t i = first; i < call.children.size(); ++i) {
            const std::variant<SaValue, SaEvaluationError> v = evaluate(m, *call.children[i]);
            if (const SaEvaluationError *err = std::get_if<SaEvaluationError>(&v)) {
                error(m, err->span, QStringLiteral("table '%1': this argument is skipped: %2").arg(table.name, err->reason));
                continue;
            }
            tableItem(m, std::get<SaValue>(v), &table);
        }
        if (findTable(table.name, table.schema, table.bindKey) >= 0) {
            error(m, call.span, QStringLiteral("table '%1' is defined twice in one MetaData; the second is skipped").arg(table.qualifiedName()));
            return;
        }
        m_tables.push_back(table);
        m_tableRegistry.push_back(registry);
    }

    // Index("ix_name", User.email) and the like at module level: attached to the column's table.
    void readStandalone(Module *m, const PyExpr &call)
    {
        const std::variant<SaValue, SaEvaluationError> v = evaluate(m, call);
        if (const SaEvaluationError *err = std::get_if<SaEvaluationError>(&v)) {
            error(m, err->span, QStringLiteral("this module-level construct is not read: %1").arg(err->reason));
            return;
        }
        const SaValue &value = std::get<SaValue>(v);
        const QString tableName = value.kind == SaValue::Kind::Index ? value.index.table : value.constraint.refTable;
        for (ModelTable &t : m_tables) {
            if (!tableName.isEmpty() && t.name == tableName) {
                SaValue item = value;
                if (item.kind == SaValue::Kind::Constraint)
                    item.constraint.refTable.clear();
                tableItem(m, item, &t);
                return;
            }
        }
        error(m, call.span, QStringLiteral("a module-level index or constraint whose columns are not model attributes "
                                           "(User.email) is not attached to any table"));
    }

    // --- finishing -----------------------------------------------------------------------------

    const ModelColumn *targetColumn(const QString &target, const ModelTable &from) const
    {
        const QStringList parts = target.split(QLatin1Char('.'));
        if (parts.size() < 2)
            return nullptr;
        const QString column = parts.last();
        const QString tableName = parts.at(parts.size() - 2);
        const QString schema = parts.size() > 2 ? parts.mid(0, parts.size() - 2).join(QLatin1Char('.')) : QString();
        for (const ModelTable &t : m_tables) {
            if (t.name != tableName || t.schema != schema || t.bindKey != from.bindKey)
                continue;
            for (const ModelColumn &c : t.columns) {
                if (c.attribute == column)
                    return &c;
            }
            return t.column(column);
        }
        return nullptr;
    }

    void resolveForeignKeyTypes()
    {
        for (int pass = 0; pass < 3; ++pass) {
            for (ModelTable &t : m_tables) {
                for (ModelColumn &c : t.columns) {
                    if (c.column.hasType || c.column.foreignKeys.isEmpty())
                        continue;
                    const ModelColumn *target = targetColumn(c.column.foreignKeys.first().target, t);
                    if (target && target->column.hasType) {
                        c.column.type = target->column.type;
                        c.column.hasType = true;
                        c.typeKnown = target->typeKnown;
                    }
                }
            }
        }
        for (ModelTable &t : m_tables) {
            for (ModelColumn &c : t.columns) {
                if (c.column.hasType)
                    continue;
                c.column.hasType = true;
                c.typeKnown = false;
                m_diagnostics.append({ModelDiagnostic::Severity::Warning, c.source,
                                      QStringLiteral("column '%1' of table '%2' takes its type from ForeignKey('%3'), which names "
                                                     "no column of the models; listed without a type")
                                          .arg(c.column.name, t.name, c.column.foreignKeys.first().target)});
            }
        }
    }

    // The constraints and indexes SQLAlchemy derives from the columns, then the naming convention.
    void finishTable(ModelTable *t)
    {
        const size_t index = size_t(t - m_tables.data());
        Registry *registry = index < m_tableRegistry.size() ? m_tableRegistry[index] : nullptr;
        QList<ModelConstraint> constraints;
        ModelConstraint pk;
        pk.constraint.kind = ConstraintDef::Kind::PrimaryKey;
        pk.source = t->source;
        for (const ModelConstraint &c : std::as_const(t->constraints)) {
            if (c.constraint.kind == ConstraintDef::Kind::PrimaryKey) {
                pk = c;
                pk.constraint.columns.clear();
            }
        }
        for (const ModelColumn &c : std::as_const(t->columns)) {
            if (c.column.primaryKey)
                pk.constraint.columns << c.column.name;
        }
        constraints.append(pk);
        QList<ModelIndex> indexes;
        for (ModelColumn &c : t->columns) {
            for (const ForeignKeyRef &fk : std::as_const(c.column.foreignKeys)) {
                ModelConstraint mc;
                mc.source = c.source;
                mc.constraint.kind = ConstraintDef::Kind::ForeignKey;
                mc.constraint.name = fk.name;
                mc.constraint.nameConverted = fk.nameConverted;
                mc.constraint.columns << c.column.name;
                const QStringList parts = fk.target.split(QLatin1Char('.'));
                mc.constraint.refTable = parts.mid(0, parts.size() - 1).join(QLatin1Char('.'));
                const ModelColumn *target = targetColumn(fk.target, *t);
                mc.constraint.refColumns << (target ? target->column.name : parts.last());
                mc.constraint.ondelete = fk.ondelete;
                mc.constraint.onupdate = fk.onupdate;
                mc.constraint.initially = fk.initially;
                mc.constraint.match = fk.match;
                mc.constraint.deferrable = fk.deferrable;
                constraints.append(mc);
            }
            if (c.column.index) {
                ModelIndex mi;
                mi.source = c.source;
                mi.index.table = t->name;
                mi.index.expressions << c.column.name;
                mi.index.isExpression << false;
                mi.index.unique = c.column.unique;
                indexes.append(mi);
            } else if (c.column.unique) {
                ModelConstraint mc;
                mc.source = c.source;
                mc.constraint.kind = ConstraintDef::Kind::Unique;
                mc.constraint.columns << c.column.name;
                constraints.append(mc);
            }
            if (c.column.primaryKey && !c.column.nullable.has_value())
                c.column.nullable = false;
            if (!c.column.nullable.has_value())
                c.column.nullable = true;
        }
        for (const ModelConstraint &c : std::as_const(t->constraints)) {
            if (c.constraint.kind != ConstraintDef::Kind::PrimaryKey)
                constraints.append(c);
        }
        // Table-level foreign keys name the referred columns by key too.
        for (ModelConstraint &c : constraints) {
            if (c.constraint.kind != ConstraintDef::Kind::ForeignKey)
                continue;
            for (QString &ref : c.constraint.refColumns) {
                if (const ModelColumn *target = targetColumn(c.constraint.refTable + QLatin1Char('.') + ref, *t))
                    ref = target->column.name;
            }
        }
        indexes.append(t->indexes);
        t->constraints = constraints;
        t->indexes = indexes;
        applyNamingConvention(t, registry ? registry->convention : NamingConventionTemplates::sqlalchemyDefault(), &m_diagnostics);
    }

    QString m_root;
    QStringList m_searchRoots;
    FlaskNaming m_naming;
    bool m_usesFlask = false;
    std::vector<std::unique_ptr<Module>> m_modules;
    QHash<QString, Module *> m_byPath;
    QHash<QString, Module *> m_byDotted;
    std::map<const PyStmt *, std::unique_ptr<ClassInfo>> m_classes;
    std::map<const void *, std::unique_ptr<Registry>> m_registries;
    std::vector<std::unique_ptr<PyModule>> m_parsedStrings;
    QSet<const PyExpr *> m_resolving;
    std::vector<ModelTable> m_tables;
    std::vector<Registry *> m_tableRegistry;
    QList<ModelDiagnostic> m_diagnostics;
};

} // namespace

QString pythonModuleFile(const QStringList &searchRoots, const QString &dotted)
{
    if (dotted.isEmpty())
        return {};
    const QString rel = QString(dotted).replace(QLatin1Char('.'), QLatin1Char('/'));
    for (const QString &root : searchRoots) {
        for (const QString &candidate : {rel + QStringLiteral(".py"), rel + QStringLiteral("/__init__.py")}) {
            const QString file = QDir(root).filePath(candidate);
            if (QFileInfo(file).isFile())
                return file;
        }
    }
    return {};
}

ModelSet readModelFiles(const QString &projectRoot, const QStringList &entryFiles, const QStringList &searchRoots,
                        FlaskNaming naming)
{
    Reader reader(projectRoot, searchRoots, naming);
    return reader.read(entryFiles);
}

} // namespace retort
