// Both camel_to_snake_case rules, and SQLAlchemy's ConventionDict: %(table_name)s,
// %(column_0_name)s / _key / _label, the N forms (%(column_0N_name)s joins without a separator,
// %(column_0_N_name)s with "_"), %(referred_table_name)s, %(referred_column_0_name)s and
// %(constraint_name)s.
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

NamingConventionTemplates NamingConventionTemplates::sqlalchemyDefault()
{
    NamingConventionTemplates c;
    c.templates.insert(QStringLiteral("ix"), QStringLiteral("ix_%(column_0_label)s"));
    return c;
}

namespace {

struct Subject
{
    QString kind;                 ///< ix, uq, ck, fk, pk
    QString name;                 ///< the given name (empty: none)
    QStringList columns;          ///< database names of the local columns
    QString refTable;             ///< fk
    QStringList refColumns;       ///< fk
};

// One %(token)s of a template; nullopt when the token is unknown.
std::optional<QString> tokenValue(const QString &token, const Subject &s, const ModelTable &table, QString *problem)
{
    if (token == QLatin1String("table_name"))
        return table.name;
    if (token == QLatin1String("constraint_name")) {
        if (s.name.isEmpty()) {
            *problem = QStringLiteral("the naming convention uses %(constraint_name)s, so SQLAlchemy requires this constraint "
                                      "to be named (it raises InvalidRequestError)");
            return QString();
        }
        return s.name;
    }
    if (token == QLatin1String("referred_table_name")) {
        const QString ref = s.refTable;
        return ref.contains(QLatin1Char('.')) ? ref.section(QLatin1Char('.'), -1) : ref;
    }
    const auto columnAttr = [&](const QString &column, const QString &attr) -> QString {
        if (attr == QLatin1String("label"))
            return (table.schema.isEmpty() ? QString() : QString(table.schema).replace(QLatin1Char('.'), QLatin1Char('_')) + QLatin1Char('_'))
                   + table.name + QLatin1Char('_') + column;
        if (attr == QLatin1String("key")) {
            for (const ModelColumn &c : table.columns) {
                if (c.column.name == column && !c.attribute.isEmpty())
                    return c.attribute;
            }
        }
        return column;
    };
    static const QRegularExpression referred(QStringLiteral("^referred_column_(\\d+)(_?N)?_name$"));
    static const QRegularExpression local(QStringLiteral("^column_(\\d+)(_?N)?_(name|key|label)$"));
    QRegularExpressionMatch m = referred.match(token);
    const bool isReferred = m.hasMatch();
    if (!isReferred)
        m = local.match(token);
    if (!m.hasMatch())
        return std::nullopt;
    const QStringList &elements = isReferred ? s.refColumns : s.columns;
    const QString attr = isReferred ? QStringLiteral("name") : m.captured(3);
    const QString multiples = m.captured(2);
    if (!multiples.isEmpty()) {
        QStringList parts;
        for (const QString &c : elements)
            parts << (isReferred ? c : columnAttr(c, attr));
        return parts.join(multiples.startsWith(QLatin1Char('_')) ? QStringLiteral("_") : QString());
    }
    const int index = m.captured(1).toInt();
    if (index >= elements.size())
        return QString();
    return isReferred ? elements.at(index) : columnAttr(elements.at(index), attr);
}

// The convention's name for s, or nullopt when the convention does not apply.
std::optional<QString> conventionName(const Subject &s, const ModelTable &table, const NamingConventionTemplates &convention,
                                      QString *problem)
{
    const auto it = convention.templates.constFind(s.kind);
    if (it == convention.templates.constEnd())
        return std::nullopt;
    const QString &tmpl = it.value();
    if (!s.name.isEmpty() && !tmpl.contains(QLatin1String("%(constraint_name)s")))
        return std::nullopt;   // an explicit name is kept unless the template builds on it
    static const QRegularExpression token(QStringLiteral("%\\(([A-Za-z0-9_]+)\\)s"));
    QString out;
    qsizetype last = 0;
    for (QRegularExpressionMatchIterator mi = token.globalMatch(tmpl); mi.hasNext();) {
        const QRegularExpressionMatch m = mi.next();
        out += tmpl.mid(last, m.capturedStart() - last);
        const std::optional<QString> v = tokenValue(m.captured(1), s, table, problem);
        if (!problem->isEmpty())
            return std::nullopt;
        if (!v) {
            *problem = QStringLiteral("the naming convention's token %(%1)s is not one SQLAlchemy defines (a callable in the "
                                      "convention needs Python)").arg(m.captured(1));
            return std::nullopt;
        }
        out += *v;
        last = m.capturedEnd();
    }
    out += tmpl.mid(last);
    return out;
}

} // namespace

std::optional<QString> conventionNameFor(const QString &kind, const QString &name, const QStringList &columns,
                                         const QString &refTable, const QStringList &refColumns, const ModelTable &table,
                                         const NamingConventionTemplates &convention, QString *problem)
{
    return conventionName(Subject{kind, name, columns, refTable, refColumns}, table, convention, problem);
}

void applyNamingConvention(ModelTable *table, const NamingConventionTemplates &convention, QList<ModelDiagnostic> *diagnostics)
{
    const auto apply = [&](Subject s, QString *name, bool converted, const ModelSource &source) {
        if (converted)
            return;   // op.f()/conv(): final already
        QString problem;
        const std::optional<QString> named = conventionName(s, *table, convention, &problem);
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
        Subject s;
        switch (c.kind) {
        case ConstraintDef::Kind::PrimaryKey: s.kind = QStringLiteral("pk"); break;
        case ConstraintDef::Kind::ForeignKey: s.kind = QStringLiteral("fk"); break;
        case ConstraintDef::Kind::Unique: s.kind = QStringLiteral("uq"); break;
        case ConstraintDef::Kind::Check: s.kind = QStringLiteral("ck"); break;
        }
        if (c.kind == ConstraintDef::Kind::PrimaryKey && c.columns.isEmpty())
            continue;
        s.name = c.name;
        s.columns = c.columns;
        s.refTable = c.refTable;
        s.refColumns = c.refColumns;
        apply(s, &c.name, c.nameConverted, mc.source);
    }
    for (ModelIndex &mi : table->indexes) {
        Subject s{QStringLiteral("ix"), mi.index.name, {}, {}, {}};
        for (qsizetype i = 0; i < mi.index.expressions.size(); ++i) {
            if (!mi.index.isExpression.value(i))
                s.columns << mi.index.expressions.at(i);
        }
        apply(s, &mi.index.name, mi.index.nameConverted, mi.source);
        if (mi.index.name.isEmpty())
            diagnostics->append({ModelDiagnostic::Severity::Error, mi.source,
                                 QStringLiteral("table '%1': an index without a name (the naming convention has no \"ix\" "
                                                "entry); SQLAlchemy cannot create it").arg(table->name)});
    }
}

} // namespace retort
