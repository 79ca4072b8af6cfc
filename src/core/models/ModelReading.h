// One reading of a project's models, shared by the units that do its jobs: ModelNames.cpp (what a
// name means through imports: registries, db = SQLAlchemy(), Base, MetaData and their naming
// conventions and type maps; SQLAlchemy constructs through SaExpressionReader), ModelClasses.cpp
// (classifying classes by their bases and reading their bodies), ModelTables.cpp (mapping classes
// and Table() calls to tables and columns) and ModelReader.cpp (finishing: foreign-key types,
// implied indexes and constraints, naming conventions). The modules themselves come from
// ModuleSet. Internal to core/models.
#pragma once

#include "models/Model.h"
#include "models/ModuleSet.h"
#include "models/TableNaming.h"

#include <QSet>

#include <map>
#include <optional>
#include <variant>

namespace retort::modelscan {

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
    const PyExpr *tableObject = nullptr;                        ///< __table__ = Table(...): the call
    SourceSpan span;
};

class ModelReading
{
public:
    ModelReading(QString projectRoot, QStringList searchRoots, FlaskNaming naming)
        : m_modules(std::move(projectRoot), std::move(searchRoots)), m_naming(naming)
    {
    }

    ModelSet read(const QStringList &entryFiles);

    /// What a name from the project's own modules is to SQLAlchemy, for a revision that imports it:
    /// a TypeDecorator's type (per dialect when load_dialect_impl() decides), a literal constant, a
    /// Python enum's values. use is the revision's expression (a name, or a call of one); qualified the
    /// import-resolved dotted name. Empty when the name is not a project module's, or not one of these.
    std::optional<SaValue> resolveQualified(const PyExpr &use, const QString &qualified);

private:
    struct AnnotationInfo
    {
        bool mapped = false;         ///< Mapped[...]
        bool relationship = false;   ///< Mapped[List["X"]], WriteOnlyMapped, a mapped class
        bool notMapped = false;      ///< ClassVar, plain annotations
        bool optional = false;
        const PyExpr *inner = nullptr;
        Module *module = nullptr;
    };

    // --- names (ModelNames.cpp) ------------------------------------------------------------------
    Symbol resolveName(Module *m, const QString &name, int depth = 0);

    Symbol resolveExpr(Module *m, const PyExpr *e, int depth = 0);

    QString qualifiedOf(Module *m, const PyExpr *e);

    Symbol classifyValue(Module *m, const QString &name, const PyExpr *value, int depth);

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

    void readDb(Module *m, const PyExpr *call, Registry *r);

    // MetaData(naming_convention=...) or a name bound to one.
    void readMetaData(Module *m, const PyExpr *e, Registry *r);

    void readTypeMap(Module *m, const PyExpr *e, Registry *r);

    // The key an annotation type is looked up by: "int", "datetime.datetime", "app.types.str50".
    QString annotationKey(Module *m, const PyExpr *e);

    ClassInfo *classInfo(Module *m, const PyStmt *stmt);

    void classify(ClassInfo *c);

    void readRootBody(ClassInfo *c, Registry *r);

    // Python's C3 linearisation over the project classes (external bases are left out).
    std::vector<ClassInfo *> mro(ClassInfo *c, int depth = 0);

    bool isDeclaredAttr(Module *m, const PyStmt &fn);

    // The single "return <expr>" of a declared_attr function; null when the body does more.
    const PyExpr *singleReturn(const PyStmt &fn);

    ClassBody readBody(ClassInfo *c);

    void readTablename(const PyExpr *value, const SourceSpan &span, ClassBody *body);

    void classifyAttribute(ClassInfo *c, const QString &name, const PyExpr *value, const PyExpr *annotation,
                           const SourceSpan &span, ClassBody *body);

    // A string annotation ("Mapped[int]", or forward references) parsed as an expression.
    const PyExpr *parsedString(const PyExpr *e);

    AnnotationInfo readAnnotation(Module *m, const PyExpr *annotation);

    const PyExpr *unwrapOptional(Module *m, const PyExpr *e, bool *optional);

    std::variant<SaValue, SaEvaluationError> evaluate(Module *m, const PyExpr &e);

    std::optional<SaValue> resolveForSa(Module *m, const PyExpr &e);

    /// call: the call that makes the type (its arguments go to __init__), or null for the bare class.
    std::optional<SaValue> typeDecoratorImpl(ClassInfo *c, const PyExpr *call = nullptr);
    /// def load_dialect_impl(self, dialect): if/elif/else on dialect.name returning a type
    /// (through dialect.type_descriptor() or not). Empty when the body does anything else.
    std::optional<SqlType> dialectImpl(ClassInfo *c, const PyStmt &function);
    /// Whether a TypeDecorator's own __init__, called with these arguments, leaves its type as the class
    /// says (super().__init__() without arguments, self.<other> = …, self.impl set only under a test
    /// on a parameter the call leaves at its None default).
    static bool initKeepsImpl(const PyStmt &init, const PyExpr &call);

    void readModule(Module *m);
    /// What only running the module would show: setattr() on a model, classes made with type(), model
    /// classes and tables defined inside a module-level block. Reported with their line.
    void reportDynamic(Module *m, const PyStmtList &statements, bool nested);

    void warn(const Module *m, const SourceSpan &span, const QString &message);

    void error(const Module *m, const SourceSpan &span, const QString &message);

    int findTable(const QString &name, const QString &schema, const QString &bindKey) const;

    void mapClass(ClassInfo *c);

    std::optional<ModelColumn> readColumn(Registry *registry, const ColumnAttr &a, QList<ModelConstraint> *checks);

    // The SQL type of Mapped[X]: the registry's type_annotation_map, an Annotated alias, SQLAlchemy's defaults.
    std::optional<SqlType> annotationType(Registry *registry, const AnnotationInfo &ann, const ColumnAttr &a);

    // mapped_column() arguments carried by an Annotated alias (intpk = Annotated[int, mapped_column(primary_key=True)]).
    void applyAnnotatedColumnArgs(const AnnotationInfo &ann, const ColumnAttr &a, ModelColumn *col);

    SqlType enumType(ClassInfo *c);

    // Map an attribute key to its column name ("email" may be stored as "email_address").
    QString columnNameFor(const ModelTable &table, const QString &key) const;

    void readTableArgs(Module *m, const PyExpr *args, ModelTable *table);

    void tableItem(Module *m, const SaValue &item, ModelTable *table);

    // Table("name", metadata, Column(...), ...) and Flask-SQLAlchemy's db.Table("name", Column(...), ...).
    void readTable(Module *m, const PyExpr &call);

    // Index("ix_name", User.email) and the like at module level: attached to the column's table.
    void readStandalone(Module *m, const PyExpr &call);

    const ModelColumn *targetColumn(const QString &target, const ModelTable &from) const;

    void resolveForeignKeyTypes();

    // The constraints and indexes SQLAlchemy derives from the columns, then the naming convention.
    void finishTable(ModelTable *t);

    ModelSource source(const Module *m, const SourceSpan &span) const { return ModelSource{m->rel, span.line, span.column}; }

    ModuleSet m_modules;
    FlaskNaming m_naming;
    bool m_usesFlask = false;
    std::map<const PyStmt *, std::unique_ptr<ClassInfo>> m_classes;
    std::map<const void *, std::unique_ptr<Registry>> m_registries;
    std::vector<std::unique_ptr<PyModule>> m_parsedStrings;
    QSet<const PyExpr *> m_resolving;
    std::vector<ModelTable> m_tables;
    std::vector<Registry *> m_tableRegistry;
    QList<ModelDiagnostic> m_diagnostics;
};

} // namespace retort::modelscan
