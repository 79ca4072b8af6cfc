// Both camel_to_snake_case rules, and a model table's constraints named through sql/NamingTemplates.
#include "models/TableNaming.h"

#include <QRegularExpression>

#include <optional>

namespace retort {

QString flaskTableName(const QString &className, FlaskNaming naming)
{
    if (naming == FlaskNaming::V3) {
        // re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower().lstrip("_")
        static const QRegularExpression re(QStringLiteral("((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))"));
        QString name = className;
        name.replace(re, QStringLiteral("_\\1"));
        name = name.toLower();
        while (name.startsWith(QLatin1Char('_')))
            name.remove(0, 1);
        return name;
    }
    // 2.x: re.compile(r'([A-Z]+)(?=[a-z0-9])'); a run "XYZ" becomes "_xy_z", one capital "_x".
    static const QRegularExpression re(QStringLiteral("([A-Z]+)(?=[a-z0-9])"));
    QString out;
    qsizetype last = 0;
    for (QRegularExpressionMatchIterator it = re.globalMatch(className); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += className.mid(last, m.capturedStart() - last);
        const QString word = m.captured();
        out += word.size() > 1 ? (QStringLiteral("_") + word.left(word.size() - 1) + QLatin1Char('_') + word.right(1)).toLower()
                               : QStringLiteral("_") + word.toLower();
        last = m.capturedEnd();
    }
    out += className.mid(last);
    while (out.startsWith(QLatin1Char('_')))
        out.remove(0, 1);
    return out;
}

namespace {

ConventionSubject subjectOf(const QString &kind, const QString &name, const QStringList &columns, const QString &refTable,
                            const QStringList &refColumns, const ModelTable &table)
{
    ConventionSubject s{kind, name, columns, refTable, refColumns, table.name, table.schema, {}};
    s.keyOf = [&table](const QString &column) {
        for (const ModelColumn &c : table.columns) {
            if (c.column.name == column && !c.attribute.isEmpty())
                return c.attribute;
        }
        return column;
    };
    return s;
}

} // namespace

std::optional<QString> conventionNameFor(const QString &kind, const QString &name, const QStringList &columns,
                                         const QString &refTable, const QStringList &refColumns, const ModelTable &table,
                                         const NamingConventionTemplates &convention, QString *problem)
{
    return conventionName(subjectOf(kind, name, columns, refTable, refColumns, table), convention, problem);
}

void applyNamingConvention(ModelTable *table, const NamingConventionTemplates &convention, QList<ModelDiagnostic> *diagnostics)
{
    const auto apply = [&](const ConventionSubject &s, QString *name, bool converted, const ModelSource &source) {
        if (converted)
            return;   // op.f()/conv(): final already
        QString problem;
        const std::optional<QString> named = conventionName(s, convention, &problem);
        if (!problem.isEmpty()) {
            diagnostics->append({ModelDiagnostic::Severity::Error, source,
                                 QStringLiteral("table '%1': %2").arg(table->name, problem)});
            return;
        }
        if (named)
            *name = *named;
    };
    for (ModelConstraint &mc : table->constraints) {
        ConstraintDef &c = mc.constraint;
        static const char *kinds[] = {"pk", "fk", "uq", "ck"};   // ConstraintDef::Kind's order
        if (c.kind == ConstraintDef::Kind::PrimaryKey && c.columns.isEmpty())
            continue;
        apply(subjectOf(QString::fromLatin1(kinds[int(c.kind)]), c.name, c.columns, c.refTable, c.refColumns, *table), &c.name,
              c.nameConverted, mc.source);
    }
    for (ModelIndex &mi : table->indexes) {
        QStringList columns;
        for (qsizetype i = 0; i < mi.index.expressions.size(); ++i) {
            if (!mi.index.isExpression.value(i))
                columns << mi.index.expressions.at(i);
        }
        apply(subjectOf(QStringLiteral("ix"), mi.index.name, columns, {}, {}, *table), &mi.index.name, mi.index.nameConverted,
              mi.source);
        if (mi.index.name.isEmpty())
            diagnostics->append({ModelDiagnostic::Severity::Error, mi.source,
                                 QStringLiteral("table '%1': an index without a name (the naming convention has no \"ix\" "
                                                "entry); SQLAlchemy cannot create it").arg(table->name)});
    }
}

} // namespace retort
