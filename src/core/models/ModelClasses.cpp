// Classes as SQLAlchemy's declarative scan sees them: classified by their bases (a declarative root,
// a mapped class, an abstract base or mixin, a TypeDecorator, a Python enum), their method
// resolution order, and their bodies: columns, annotations (Mapped[...]), __tablename__,
// __table_args__, __bind_key__, @declared_attr.
#include "models/ModelReading.h"


namespace retort::modelscan {

namespace {

using EK = PyExpr::Kind;
using SK = PyStmt::Kind;

bool isDunder(const QString &n) { return n.startsWith(QLatin1String("__")) && n.endsWith(QLatin1String("__")); }

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

} // namespace

ClassInfo *ModelReading::classInfo(Module *m, const PyStmt *stmt)
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

void ModelReading::classify(ClassInfo *c)
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
        // @mapper_registry.mapped: a declarative class of that registry (its MetaData, its convention).
        if (d->kind == EK::Attribute && d->text == QLatin1String("mapped") && d->child(0)) {
            const Symbol r = resolveExpr(c->module, d->child(0));
            if (r.kind == Symbol::Kind::Base && r.registry) {
                if (!c->registry)
                    c->registry = r.registry;
                continue;
            }
        }
        const QString q = qualifiedOf(c->module, d->kind == EK::Call ? d->child(0) : d.get());
        if (q == QLatin1String("sqlalchemy.orm.as_declarative") || q == QLatin1String("sqlalchemy.ext.declarative.as_declarative")) {
            // @as_declarative(metadata=…): the class is the declarative base, as declarative_base(cls=…) makes
            // it; what it declares (columns, a declared_attr __tablename__) every model inherits.
            c->isRoot = true;
            const PyExpr *call = d->kind == EK::Call ? d.get() : nullptr;
            c->registry = registryFor(c->stmt, [&](Registry *r) {
                if (const PyExpr *md = call ? call->keyword(u"metadata") : nullptr)
                    readMetaData(c->module, md, r);
                readRootBody(c, r);
            });
            continue;
        }
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

void ModelReading::readRootBody(ClassInfo *c, Registry *r)
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
std::vector<ClassInfo *> ModelReading::mro(ClassInfo *c, int depth)
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

bool ModelReading::isDeclaredAttr(Module *m, const PyStmt &fn)
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
const PyExpr *ModelReading::singleReturn(const PyStmt &fn)
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

ClassBody ModelReading::readBody(ClassInfo *c)
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
            if (value && value->kind == EK::Call && qualifiedOf(c->module, value->child(0)) == QLatin1String("sqlalchemy.Table"))
                body.tableObject = value;
            continue;
        }
        if (isDunder(name))
            continue;
        classifyAttribute(c, name, value, annotation, stmt->span, &body);
    }
    return body;
}

void ModelReading::readTablename(const PyExpr *value, const SourceSpan &span, ClassBody *body)
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

void ModelReading::classifyAttribute(ClassInfo *c, const QString &name, const PyExpr *value, const PyExpr *annotation,
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

// A string annotation ("Mapped[int]", or forward references) parsed as an expression.
const PyExpr *ModelReading::parsedString(const PyExpr *e)
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

ModelReading::AnnotationInfo ModelReading::readAnnotation(Module *m, const PyExpr *annotation)
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

const PyExpr *ModelReading::unwrapOptional(Module *m, const PyExpr *e, bool *optional)
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

} // namespace retort::modelscan
