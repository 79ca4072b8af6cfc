// The JSON keys follow SQLAlchemy's inspector where one exists (nullable, default, primary_key,
// referred_table, referred_columns); every part carries its file and line.
#include "models/ModelJson.h"

#include <QJsonArray>

namespace retort {

namespace {

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonObject sourceJson(const ModelSource &s)
{
    return QJsonObject{{QStringLiteral("file"), s.file}, {QStringLiteral("line"), s.line}};
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

QJsonObject modelSetToJson(const ModelSet &set)
{
    QJsonArray tables;
    for (const ModelTable &t : set.tables) {
        QJsonArray columns;
        for (const ModelColumn &c : t.columns) {
            QJsonObject o{{QStringLiteral("name"), c.column.name},
                          {QStringLiteral("attribute"), orNull(c.attribute)},
                          {QStringLiteral("type"), c.typeKnown ? QJsonValue(sqlTypeText(c.column.type)) : QJsonValue()},
                          {QStringLiteral("nullable"), c.column.isNullable()},
                          {QStringLiteral("default"), c.column.serverDefault ? QJsonValue(serverDefaultText(*c.column.serverDefault))
                                                                             : QJsonValue()},
                          {QStringLiteral("primary_key"), c.column.primaryKey},
                          {QStringLiteral("comment"), orNull(c.column.comment)},
                          {QStringLiteral("class"), orNull(c.className)}};
            if (c.column.autoincrement)
                o.insert(QStringLiteral("autoincrement"), *c.column.autoincrement);
            // Generated columns: sa.Computed and sa.Identity, as SQLAlchemy describes them.
            if (!c.column.computed.isEmpty())
                o.insert(QStringLiteral("generated"), QStringLiteral("computed(%1%2)").arg(c.column.computed,
                                                          c.column.computedPersisted ? (*c.column.computedPersisted ? QStringLiteral(", persisted=True")
                                                                                                                    : QStringLiteral(", persisted=False"))
                                                                                     : QString()));
            else if (c.column.identity)
                o.insert(QStringLiteral("generated"), QStringLiteral("identity(always=%1%2)")
                                                          .arg(c.column.identityAlways ? QStringLiteral("True") : QStringLiteral("False"),
                                                               c.column.identityOptions.isEmpty() ? QString()
                                                                                                  : QStringLiteral(", ") + c.column.identityOptions));
            if (!c.column.sequence.isEmpty())
                o.insert(QStringLiteral("sequence"), c.column.sequence + (c.column.sequenceOptional ? QStringLiteral(" (optional)") : QString()));
            o.insert(QStringLiteral("source"), sourceJson(c.source));
            columns.append(o);
        }
        QJsonArray foreignKeys;
        QJsonArray uniques;
        QJsonArray checks;
        QJsonObject primaryKey;
        for (const ModelConstraint &mc : t.constraints) {
            const ConstraintDef &c = mc.constraint;
            QJsonObject o{{QStringLiteral("name"), orNull(c.name)}, {QStringLiteral("source"), sourceJson(mc.source)}};
            switch (c.kind) {
            case ConstraintDef::Kind::PrimaryKey:
                o.insert(QStringLiteral("columns"), strings(c.columns));
                primaryKey = o;
                break;
            case ConstraintDef::Kind::ForeignKey: {
                o.insert(QStringLiteral("columns"), strings(c.columns));
                const QString table = c.refTable.section(QLatin1Char('.'), -1);
                const QString schema = c.refTable.contains(QLatin1Char('.')) ? c.refTable.section(QLatin1Char('.'), 0, -2) : c.refSchema;
                o.insert(QStringLiteral("referred_schema"), orNull(schema));
                o.insert(QStringLiteral("referred_table"), table);
                o.insert(QStringLiteral("referred_columns"), strings(c.refColumns));
                o.insert(QStringLiteral("ondelete"), orNull(c.ondelete));
                o.insert(QStringLiteral("onupdate"), orNull(c.onupdate));
                foreignKeys.append(o);
                break;
            }
            case ConstraintDef::Kind::Unique:
                o.insert(QStringLiteral("columns"), strings(c.columns));
                uniques.append(o);
                break;
            case ConstraintDef::Kind::Check:
                o.insert(QStringLiteral("sqltext"), c.sqltext);
                checks.append(o);
                break;
            }
        }
        QJsonArray indexes;
        for (const ModelIndex &mi : t.indexes) {
            indexes.append(QJsonObject{{QStringLiteral("name"), orNull(mi.index.name)},
                                       {QStringLiteral("columns"), strings(mi.index.expressions)},
                                       {QStringLiteral("unique"), mi.index.unique},
                                       {QStringLiteral("source"), sourceJson(mi.source)}});
        }
        QJsonObject table{{QStringLiteral("name"), t.name},
                          {QStringLiteral("schema"), orNull(t.schema)},
                          {QStringLiteral("bind_key"), orNull(t.bindKey)},
                          {QStringLiteral("class"), orNull(t.className)},
                          {QStringLiteral("classes"), strings(t.classes)},
                          {QStringLiteral("inherits"), orNull(t.inherits)},
                          {QStringLiteral("comment"), orNull(t.comment)},
                          {QStringLiteral("source"), sourceJson(t.source)},
                          {QStringLiteral("columns"), columns},
                          {QStringLiteral("primary_key"), primaryKey},
                          {QStringLiteral("foreign_keys"), foreignKeys},
                          {QStringLiteral("unique_constraints"), uniques},
                          {QStringLiteral("check_constraints"), checks},
                          {QStringLiteral("indexes"), indexes}};
        tables.append(table);
    }
    QJsonArray diagnostics;
    for (const ModelDiagnostic &d : set.diagnostics) {
        diagnostics.append(QJsonObject{{QStringLiteral("severity"), d.severity == ModelDiagnostic::Severity::Error
                                                                         ? QStringLiteral("error") : QStringLiteral("warning")},
                                       {QStringLiteral("file"), d.source.file},
                                       {QStringLiteral("line"), d.source.line},
                                       {QStringLiteral("message"), d.message}});
    }
    return QJsonObject{{QStringLiteral("files"), strings(set.files)},
                       {QStringLiteral("flask_sqlalchemy_naming"), set.flaskNaming == FlaskNaming::V2 ? QStringLiteral("2") : QStringLiteral("3")},
                       {QStringLiteral("naming_reason"), set.flaskNamingReason},
                       {QStringLiteral("tables"), tables},
                       {QStringLiteral("diagnostics"), diagnostics}};
}

} // namespace retort
