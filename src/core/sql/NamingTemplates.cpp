// SQLAlchemy's ConventionDict: %(table_name)s, %(column_0_name)s / _key / _label, the N forms
// (%(column_0N_name)s joins without a separator, %(column_0_N_name)s with "_"),
// %(referred_table_name)s, %(referred_column_0_name)s and %(constraint_name)s.
#include "sql/NamingTemplates.h"

#include <QRegularExpression>

namespace retort {

NamingConventionTemplates NamingConventionTemplates::sqlalchemyDefault()
{
    NamingConventionTemplates c;
    c.templates.insert(QStringLiteral("ix"), QStringLiteral("ix_%(column_0_label)s"));
    return c;
}

namespace {

// One %(token)s of a template; nullopt when the token is unknown.
std::optional<QString> tokenValue(const QString &token, const ConventionSubject &s, QString *problem)
{
    if (token == QLatin1String("table_name"))
        return s.table;
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
            return (s.schema.isEmpty() ? QString() : QString(s.schema).replace(QLatin1Char('.'), QLatin1Char('_')) + QLatin1Char('_'))
                   + s.table + QLatin1Char('_') + column;
        if (attr == QLatin1String("key") && s.keyOf) {
            const QString key = s.keyOf(column);
            return key.isEmpty() ? column : key;
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

} // namespace

std::optional<QString> conventionName(const ConventionSubject &s, const NamingConventionTemplates &convention, QString *problem)
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
        const std::optional<QString> v = tokenValue(m.captured(1), s, problem);
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


} // namespace retort
