// Walks a revision's operations the way SQLAlchemy attaches constraints to the operation's Table, and
// asks models/TableNaming (SQLAlchemy's ConventionDict) for each name.
#include "runner/ConventionNames.h"

#include "models/TableNaming.h"

namespace retort {

namespace {

struct Unnameable
{
    NeedsPython why;
};

class Namer
{
public:
    explicit Namer(const NamingConventionUse &use) : m_use(use)
    {
        m_convention.templates = use.templates;
        m_convention.isDefault = false;
    }

    void operation(Operation &op, const QString &table, const QString &schema)
    {
        const auto name = [&](const char *kind, QString *target, bool converted, const QStringList &columns,
                              const QString &refTable = {}, const QStringList &refColumns = {}) {
            this->name(op.line, kind, target, converted, columns, refTable, refColumns, table, schema);
        };
        switch (op.kind) {
        case Operation::Kind::CreateTable:
        case Operation::Kind::AddColumn: {
            const bool create = op.kind == Operation::Kind::CreateTable;
            for (ConstraintDef &k : op.constraints)
                name(kindKey(k.kind), &k.name, k.nameConverted, k.columns, k.refTable, k.refColumns);
            QStringList pkColumns;
            bool explicitPk = false;
            for (const ConstraintDef &k : std::as_const(op.constraints))
                explicitPk = explicitPk || k.kind == ConstraintDef::Kind::PrimaryKey;
            for (ColumnDef &c : op.columns) {
                if (c.primaryKey)
                    pkColumns << c.name;
                if (c.type.createConstraint && m_convention.templates.contains(QStringLiteral("ck")))
                    leave(op.line, QStringLiteral("the CHECK constraint of column '%1''s type").arg(c.name));
                if (!create && (c.unique || c.index))
                    leave(op.line, QStringLiteral("the %1 of column '%2' added by add_column")
                                       .arg(c.index ? QStringLiteral("index") : QStringLiteral("unique constraint"), c.name));
                if (c.unique && !c.index)
                    name("uq", &c.uniqueName, false, {c.name});
                if (c.index) {
                    name("ix", &c.indexName, false, {c.name});
                    if (c.indexName.isEmpty())
                        noIndexName(op.line, c.name);
                }
                for (ForeignKeyRef &fk : c.foreignKeys) {
                    const QString target = fk.target.section(QLatin1Char('.'), 0, -2);
                    name("fk", &fk.name, fk.nameConverted, {c.name}, target, {fk.target.section(QLatin1Char('.'), -1)});
                }
            }
            if (create && !explicitPk && !pkColumns.isEmpty())
                name("pk", &op.primaryKeyName, false, pkColumns);
            for (IndexDef &i : op.indexes)
                index(op.line, &i, table, schema);
            break;
        }
        case Operation::Kind::CreateConstraint:
            for (ConstraintDef &k : op.constraints)
                name(kindKey(k.kind), &k.name, k.nameConverted, k.columns, k.refTable, k.refColumns);
            break;
        case Operation::Kind::CreateIndex:
            for (IndexDef &i : op.indexes)
                index(op.line, &i, table, schema);
            break;
        case Operation::Kind::DropConstraint: {
            // drop_constraint without type_ makes a plain Constraint, which no convention key names
            // (SQLAlchemy's _get_convention looks the class up): its name is kept.
            static const char *dropKinds[] = {"", "fk", "pk", "uq", "ck"};   // ConstraintType's order
            const QString kind = QString::fromLatin1(dropKinds[int(op.constraintType)]);
            if (op.name.isEmpty()) {
                // drop_constraint(None, type_=…): the convention names the empty constraint Alembic builds, as
                // SQLAlchemy does (pk_%(table_name)s; a column token is empty), or the drop fails in Alembic too.
                const QString tmpl = m_convention.templates.value(kind);
                if (op.constraintType == ConstraintType::Unspecified || tmpl.isEmpty())
                    throw Unnameable{NeedsPython{op.line, 0, 0, op.message, true}};
                if (tmpl.contains(QLatin1String("%(referred_")) || tmpl.contains(QLatin1String("%(constraint_name)s")))
                    throw Unnameable{NeedsPython{op.line, 0, 0, QStringLiteral("%1: %2 names the constraint after what it refers "
                                                                               "to or its own name, which None does not give "
                                                                               "(Alembic fails here too)")
                                                                    .arg(op.message.section(QStringLiteral(" drops"), 0, 0), source()),
                                                 true}};
                name(dropKinds[int(op.constraintType)], &op.name, false, {});
                break;
            }
            if (op.constraintType != ConstraintType::Unspecified)
                name(dropKinds[int(op.constraintType)], &op.name, op.nameConverted, {});
            break;
        }
        case Operation::Kind::DropIndex:
            name("ix", &op.name, op.nameConverted, {});
            break;
        case Operation::Kind::Batch:
            for (Operation &inner : op.batch)
                operation(inner, op.table, op.schema);
            break;
        default:
            break;
        }
    }

private:
    static const char *kindKey(ConstraintDef::Kind kind)
    {
        static const char *keys[] = {"pk", "fk", "uq", "ck"};   // ConstraintDef::Kind's order
        return keys[int(kind)];
    }

    void index(int line, IndexDef *i, const QString &table, const QString &schema)
    {
        QStringList columns;
        for (qsizetype n = 0; n < i->expressions.size(); ++n) {
            if (!i->isExpression.value(n))
                columns << i->expressions.at(n);
        }
        const bool unnamed = i->name.isEmpty();
        if (unnamed && columns.isEmpty())
            throw Unnameable{NeedsPython{line, 0, 0, QStringLiteral("an unnamed index on expressions only: %1 has no column "
                                                                    "to name it after, and SQLAlchemy fails").arg(source()), true}};
        name(line, "ix", &i->name, i->nameConverted, columns, {}, {}, table, schema);
        if (unnamed && i->name.isEmpty())
            noIndexName(line, columns.value(0));
    }

    void name(int line, const char *kind, QString *target, bool converted, const QStringList &columns, const QString &refTable,
              const QStringList &refColumns, const QString &table, const QString &schema)
    {
        if (converted)
            return;   // op.f(): final already
        ModelTable t;
        t.name = table;
        t.schema = schema;
        QString problem;
        const std::optional<QString> named = conventionNameFor(QString::fromLatin1(kind), *target, columns, refTable, refColumns,
                                                               t, m_convention, &problem);
        if (!problem.isEmpty())
            throw Unnameable{NeedsPython{line, 0, 0, QStringLiteral("%1 cannot name this constraint of table '%2': %3")
                                                         .arg(source(), table, problem), true}};
        if (named)
            *target = *named;
    }

    void noIndexName(int line, const QString &column)
    {
        throw Unnameable{NeedsPython{line, 0, 0, QStringLiteral("%1 has no \"ix\" template, so the index on '%2' has no name "
                                                                "and SQLAlchemy cannot create it").arg(source(), column), true}};
    }

    void leave(int line, const QString &what)
    {
        throw Unnameable{NeedsPython{line, 0, 0, QStringLiteral("%1 decides the name of %2; Retort does not work that one out "
                                                                "(writing the name with op.f('…') makes the revision runnable)")
                                                     .arg(source(), what), false}};
    }

    QString source() const
    {
        return m_use.path.isEmpty() ? QStringLiteral("SQLAlchemy's default naming convention")
                                    : QStringLiteral("the project's naming_convention (%1:%2)").arg(m_use.path).arg(m_use.line);
    }

    const NamingConventionUse &m_use;
    NamingConventionTemplates m_convention;
};

} // namespace

NamingConventionUse sqlalchemyDefaultConvention()
{
    NamingConventionUse use;
    use.readable = true;
    use.renamesNamedConstraints = false;
    use.keys = QStringList{QStringLiteral("ix")};
    use.templates = NamingConventionTemplates::sqlalchemyDefault().templates;
    return use;
}

void nameByConvention(const NamingConventionUse &use, OperationsRead *read)
{
    Namer namer(use);
    try {
        for (Operation &op : read->operations)
            namer.operation(op, op.table, op.schema);
    } catch (const Unnameable &u) {
        read->operations.clear();
        read->needsPython = u.why;
    }
}

} // namespace retort
