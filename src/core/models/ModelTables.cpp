// Mapped classes and Table() calls turned into tables as SQLAlchemy's declarative scan and
// Flask-SQLAlchemy's metaclass do: columns copied from mixins, table names generated (Flask's rule
// or __tablename__), single-table inheritance folded into the parent's table, __table_args__, and
// columns typed from their annotations through the registry's type map.
#include "models/ModelReading.h"

namespace retort::modelscan {

namespace {

using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

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

// "*audit_columns()" for a starred argument, as far as it is a name or a call of one.
QString splicedText(const PyExpr &starred)
{
    const PyExpr *inner = starred.child(0);
    if (!inner)
        return QStringLiteral("*…");
    if (inner->kind == PyExpr::Kind::Call && inner->child(0) && !inner->child(0)->dottedName().isEmpty())
        return QStringLiteral("*%1()").arg(inner->child(0)->dottedName());
    return inner->dottedName().isEmpty() ? QStringLiteral("*…") : QStringLiteral("*") + inner->dottedName();
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

} // namespace

void ModelReading::readModule(Module *m)
{
    reportDynamic(m, m->ast.body, false);
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

void ModelReading::reportDynamic(Module *m, const PyStmtList &statements, bool nested)
{
    for (const auto &stmt : statements) {
        if (stmt->kind == SK::FunctionDef)
            continue;   // runs only when called
        if (stmt->kind == SK::ClassDef) {
            if (nested) {
                ClassInfo *c = classInfo(m, stmt.get());
                if (c->mapped())
                    warn(m, stmt->span, QStringLiteral("model class %1 is defined inside a block (if/for/with/try) that decides "
                                                       "when Python runs whether it exists; it is not listed").arg(c->name));
            }
            continue;
        }
        visitPyExpressions(PyStmtList{stmt}, [&](const PyExpr &e) {
            if (e.kind != EK::Call || !e.child(0) || e.child(0)->kind != EK::Name)
                return;
            const Symbol::Kind callee = resolveExpr(m, e.child(0)).kind;
            const bool builtin = callee == Symbol::Kind::Unknown || callee == Symbol::Kind::Builtin;
            if (!builtin)
                return;
            if (e.child(0)->text == QLatin1String("setattr") && e.child(1)) {
                const Symbol target = resolveExpr(m, e.child(1));
                if (target.kind == Symbol::Kind::Class && target.cls && target.cls->mapped())
                    warn(m, e.span, QStringLiteral("setattr() on model %1 adds attributes when Python runs; columns added this way "
                                                   "are not listed (declare them in the class body to have them read)")
                                        .arg(target.cls->name));
            } else if (e.child(0)->text == QLatin1String("type") && e.children.size() == 4 && e.child(2)
                       && (e.child(2)->kind == EK::Tuple || e.child(2)->kind == EK::List)) {
                for (const PyExprPtr &base : e.child(2)->children) {
                    const Symbol s = resolveExpr(m, base.get());
                    const bool model = s.kind == Symbol::Kind::DbModel || s.kind == Symbol::Kind::Base
                                       || (s.kind == Symbol::Kind::Class && s.cls && s.cls->registry);
                    if (model) {
                        warn(m, e.span, QStringLiteral("a class built with type() from %1 is mapped when Python runs; its table "
                                                       "is not listed (a class statement would be read)")
                                            .arg(base->dottedName().isEmpty() ? QStringLiteral("a model base") : base->dottedName()));
                        break;
                    }
                }
            }
        });
        if (nested && (stmt->kind == SK::Assign || stmt->kind == SK::Expr) && stmt->value && stmt->value->kind == EK::Call
            && qualifiedOf(m, stmt->value->child(0)) == QLatin1String("sqlalchemy.Table"))
            warn(m, stmt->span, QStringLiteral("a Table() inside a block (if/for/with/try) exists only when Python takes that "
                                               "path; it is not listed"));
        if (stmt->kind != SK::ClassDef) {
            reportDynamic(m, stmt->body, true);
            reportDynamic(m, stmt->orelse, true);
        }
    }
}

void ModelReading::warn(const Module *m, const SourceSpan &span, const QString &message)
{
    m_diagnostics.append({ModelDiagnostic::Severity::Warning, source(m, span), message});
}

void ModelReading::error(const Module *m, const SourceSpan &span, const QString &message)
{
    m_diagnostics.append({ModelDiagnostic::Severity::Error, source(m, span), message});
}

int ModelReading::findTable(const QString &name, const QString &schema, const QString &bindKey) const
{
    for (size_t i = 0; i < m_tables.size(); ++i) {
        if (m_tables[i].name == name && m_tables[i].schema == schema && m_tables[i].bindKey == bindKey)
            return int(i);
    }
    return -1;
}

void ModelReading::mapClass(ClassInfo *c)
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
            // __table__ = Table("name", Base.metadata, Column(...), ...): read as a Table() call is.
            const size_t before = m_tables.size();
            if (b.tableObject)
                readTable(k->module, *b.tableObject);
            else
                warn(c->module, c->stmt->span, QStringLiteral("%1 maps a __table__ that is not a Table() call; Retort does "
                                                              "not see its table").arg(c->name));
            if (m_tables.size() > before) {
                c->table = int(before);
                for (const ModelColumn &column : m_tables[before].columns)
                    c->attributes.insert(column.column.name, column.column.name);
            }
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

std::optional<ModelColumn> ModelReading::readColumn(Registry *registry, const ColumnAttr &a, QList<ModelConstraint> *checks)
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
std::optional<SqlType> ModelReading::annotationType(Registry *registry, const AnnotationInfo &ann, const ColumnAttr &a)
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
void ModelReading::applyAnnotatedColumnArgs(const AnnotationInfo &ann, const ColumnAttr &a, ModelColumn *col)
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

SqlType ModelReading::enumType(ClassInfo *c)
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
QString ModelReading::columnNameFor(const ModelTable &table, const QString &key) const
{
    for (const ModelColumn &c : table.columns) {
        if (c.attribute == key)
            return c.column.name;
    }
    return key;
}

void ModelReading::readTableArgs(Module *m, const PyExpr *args, ModelTable *table)
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

void ModelReading::tableItem(Module *m, const SaValue &item, ModelTable *table)
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
void ModelReading::readTable(Module *m, const PyExpr &call)
{
    const PyExpr *nameExpr = call.child(1);
    if (!nameExpr || nameExpr->kind != EK::String || nameExpr->isComputed) {
        error(m, call.span, QStringLiteral("a Table() whose name is computed when Python runs (not a literal string) is "
                                           "skipped"));
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
        if (call.children[i]->kind == EK::Starred) {
            error(m, call.children[i]->span, QStringLiteral("table '%1': the columns spliced in with %2 come from Python when it "
                                                            "runs; the table is listed without them")
                                                 .arg(table.name, splicedText(*call.children[i])));
            continue;
        }
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
void ModelReading::readStandalone(Module *m, const PyExpr &call)
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

} // namespace retort::modelscan
