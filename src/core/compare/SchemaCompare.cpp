// The comparison follows alembic/autogenerate/compare.py: tables by name; columns by name; types by
// DefaultImpl.compare_type (tokenise both compiled types, first words equal or synonyms, then the
// arguments when both give the same number); unique constraints by name, unnamed ones by their
// columns; indexes by name; foreign keys by their signature. The dialect quirks autogenerate
// filters are filtered here too: a MySQL unique constraint is also a unique index, and MySQL makes
// an index for every foreign key; the indexes behind PostgreSQL and SQLite constraints are not
// indexes of the models.
#include "compare/SchemaCompare.h"

#include "models/ModelJson.h"
#include "ops/DdlCompiler.h"
#include "schema/ReflectedType.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace retort {

namespace {

using Kind = SchemaDifference::Kind;

struct TypeTokens
{
    QString token0;
    QStringList tokens;
    QStringList args;
};

// Alembic's _tokenize_column_type on a compiled type.
TypeTokens tokenize(const QString &definition)
{
    static const QRegularExpression token(QStringLiteral("[\\w\\-_]+|\\(.+?\\)"));
    static const QRegularExpression term(QStringLiteral("[^(),]+"));
    TypeTokens t;
    QStringList words;
    QString paren;
    for (QRegularExpressionMatchIterator it = token.globalMatch(definition.toLower()); it.hasNext();) {
        const QString tok = it.next().captured();
        if (tok.startsWith(QLatin1Char('(')))
            paren = tok;
        else
            words << tok;
    }
    t.token0 = words.value(0);
    t.tokens = words.mid(1);
    for (QRegularExpressionMatchIterator it = term.globalMatch(paren); it.hasNext();) {
        const QString a = it.next().captured().trimmed();
        if (!a.isEmpty() && !a.contains(QLatin1Char('=')))
            t.args << a;
    }
    return t;
}

QList<QSet<QString>> synonyms(Dialect dialect)
{
    QList<QSet<QString>> s{{QStringLiteral("numeric"), QStringLiteral("decimal")}};
    if (dialect == Dialect::MySQL)
        s << QSet<QString>{QStringLiteral("bool"), QStringLiteral("tinyint")} << QSet<QString>{QStringLiteral("json"), QStringLiteral("longtext")};
    if (dialect == Dialect::PostgreSQL)
        s << QSet<QString>{QStringLiteral("float"), QStringLiteral("double precision")};
    return s;
}

QString unquoted(QString s)
{
    s = s.trimmed();
    while (s.size() >= 2 && s.startsWith(QLatin1Char('(')) && s.endsWith(QLatin1Char(')')))
        s = s.mid(1, s.size() - 2).trimmed();
    if (s.size() >= 2 && s.startsWith(QLatin1Char('\'')) && s.endsWith(QLatin1Char('\'')))
        s = s.mid(1, s.size() - 2);
    return s;
}

// A server default as SQL, for the optional comparison.
QString defaultSql(const ServerDefault &d)
{
    switch (d.kind) {
    case ServerDefault::Kind::Literal: return d.text;
    case ServerDefault::Kind::Text: return d.text;
    case ServerDefault::Kind::Function: return d.text + QStringLiteral("()");
    case ServerDefault::Kind::True: return QStringLiteral("true");
    case ServerDefault::Kind::False: return QStringLiteral("false");
    }
    return {};
}

bool sameDefault(const ServerDefault *model, const QString &live)
{
    if (!model)
        return live.isEmpty() || live.startsWith(QLatin1String("nextval("));
    QString a = unquoted(defaultSql(*model)).toLower();
    QString b = unquoted(live).toLower();
    static const QRegularExpression cast(QStringLiteral("::[a-z ]+(\\[\\])?$"));
    b.remove(cast);
    b = unquoted(b);
    if (a == QLatin1String("now()") || a == QLatin1String("current_timestamp") || a == QLatin1String("current_timestamp()"))
        return b == QLatin1String("now()") || b == QLatin1String("current_timestamp") || b == QLatin1String("current_timestamp()");
    if ((a == QLatin1String("true") && b == QLatin1String("1")) || (a == QLatin1String("false") && b == QLatin1String("0")))
        return true;
    return a == b;
}

QString upper(const QString &s)
{
    return s.trimmed().toUpper();
}

QString fkSignature(const QStringList &columns, const QString &refTable, const QStringList &refColumns,
                    const QString &ondelete, const QString &onupdate)
{
    QString del = upper(ondelete);
    QString upd = upper(onupdate);
    // NO ACTION and RESTRICT are what an unspecified action means to the engines Retort reads.
    if (del == QLatin1String("NO ACTION") || del == QLatin1String("RESTRICT"))
        del.clear();
    if (upd == QLatin1String("NO ACTION") || upd == QLatin1String("RESTRICT"))
        upd.clear();
    return QStringList{columns.join(QLatin1Char(',')), refTable.section(QLatin1Char('.'), -1), refColumns.join(QLatin1Char(',')), del, upd}
        .join(QLatin1Char('|'));
}

class Comparer
{
public:
    Comparer(const ModelSet &models, const Schema &live, Dialect dialect, const CompareOptions &options)
        : m_models(models), m_live(live), m_dialect(dialect), m_options(options)
    {
    }

    QList<SchemaDifference> run()
    {
        QHash<QString, const ModelTable *> modelTables;
        for (const ModelTable &t : m_models.tables) {
            if (t.bindKey.isEmpty() && t.schema.isEmpty() && !m_options.ignoredTables.contains(t.name))
                modelTables.insert(t.name, &t);
        }
        QStringList names = modelTables.keys();
        names.sort();
        for (const QString &name : std::as_const(names)) {
            const ModelTable *model = modelTables.value(name);
            const Table *live = m_live.table(name);
            if (!live) {
                SchemaDifference d = make(Kind::AddTable, name, model->source);
                d.modelTable = model;
                m_out.append(d);
                unnamedOnSqlite(*model, nullptr);
                continue;
            }
            compareTable(*model, *live);
        }
        for (const Table &t : m_live.tables) {
            if (!modelTables.contains(t.name) && !m_options.ignoredTables.contains(t.name)) {
                SchemaDifference d = make(Kind::RemoveTable, t.name, {});
                d.liveTable = &t;
                m_out.append(d);
            }
        }
        return m_out;
    }

private:
    SchemaDifference make(Kind kind, const QString &table, const ModelSource &source)
    {
        SchemaDifference d;
        d.kind = kind;
        d.table = table;
        d.source = source;
        return d;
    }

    void compareTable(const ModelTable &model, const Table &live)
    {
        QList<const ModelColumn *> added;
        QList<const Column *> removed;
        QHash<QString, const Column *> renamedTo;   // model name -> the live column it was renamed from
        for (auto it = m_options.renames.constBegin(); it != m_options.renames.constEnd(); ++it) {
            if (it.key().section(QLatin1Char('.'), 0, -2) != model.name)
                continue;
            const Column *old = live.column(it.key().section(QLatin1Char('.'), -1));
            if (old && model.column(it.value()) && !live.column(it.value()) && !model.column(old->name))
                renamedTo.insert(it.value(), old);
        }
        for (const ModelColumn &c : model.columns) {
            if (const Column *old = renamedTo.value(c.column.name)) {
                SchemaDifference d = make(Kind::RenameColumn, model.name, c.source);
                d.column = c.column.name;
                d.renamedFrom = old->name;
                d.modelTable = &model;
                d.modelColumn = &c;
                d.liveTable = &live;
                d.liveColumn = old;
                m_out.append(d);
                const qsizetype before = m_out.size();
                compareColumn(model, c, live, *old);
                for (qsizetype i = before; i < m_out.size(); ++i)
                    m_out[i].renamedFrom = old->name;
                continue;
            }
            const Column *lc = live.column(c.column.name);
            if (!lc) {
                added << &c;
                SchemaDifference d = make(Kind::AddColumn, model.name, c.source);
                d.column = c.column.name;
                d.modelTable = &model;
                d.modelColumn = &c;
                m_out.append(d);
                continue;
            }
            compareColumn(model, c, live, *lc);
        }
        QSet<const Column *> renamedColumns;
        for (const Column *c : std::as_const(renamedTo))
            renamedColumns.insert(c);
        for (const Column &c : live.columns) {
            if (!model.column(c.name) && !renamedColumns.contains(&c)) {
                removed << &c;
                SchemaDifference d = make(Kind::RemoveColumn, model.name, {});
                d.column = c.name;
                d.liveTable = &live;
                d.liveColumn = &c;
                d.modelTable = &model;
                m_out.append(d);
            }
        }
        possibleRenames(model, added, removed);
        if (m_dialect != Dialect::SQLite && model.comment != live.comment) {
            SchemaDifference d = make(Kind::ModifyTableComment, model.name, model.source);
            d.from = live.comment;
            d.to = model.comment;
            d.modelTable = &model;
            d.liveTable = &live;
            m_out.append(d);
        }
        compareUniques(model, live);
        compareIndexes(model, live);
        compareForeignKeys(model, live);
        compareChecks(model, live);
        unnamedOnSqlite(model, &live);
    }

    void compareColumn(const ModelTable &model, const ModelColumn &c, const Table &live, const Column &lc)
    {
        const auto diff = [&](Kind kind, const QString &from, const QString &to) {
            SchemaDifference d = make(kind, model.name, c.source);
            d.column = c.column.name;
            d.from = from;
            d.to = to;
            d.modelTable = &model;
            d.modelColumn = &c;
            d.liveTable = &live;
            d.liveColumn = &lc;
            m_out.append(d);
        };
        if (c.column.isNullable() != lc.nullable)
            diff(Kind::ModifyNullable, lc.nullable ? QStringLiteral("NULL") : QStringLiteral("NOT NULL"),
                 c.column.isNullable() ? QStringLiteral("NULL") : QStringLiteral("NOT NULL"));
        if (m_options.compareTypes && c.typeKnown && typesDiffer(m_dialect, c.column.type, lc.type, m_live.enums))
            diff(Kind::ModifyType, sqlTypeText(reflectedType(m_dialect, lc.type, m_live.enums)), sqlTypeText(c.column.type));
        if (m_options.compareServerDefaults
            && !sameDefault(c.column.serverDefault ? &*c.column.serverDefault : nullptr, lc.defaultValue))
            diff(Kind::ModifyDefault, lc.defaultValue, c.column.serverDefault ? defaultSql(*c.column.serverDefault) : QString());
        if (m_dialect != Dialect::SQLite && c.column.comment != lc.comment)
            diff(Kind::ModifyComment, lc.comment, c.column.comment);
    }

    // A column removed and one of the same type added in the same table, each the only one of its
    // type: most likely a rename, which autogenerate would turn into drop + add (and lose the data).
    void possibleRenames(const ModelTable &model, const QList<const ModelColumn *> &added, const QList<const Column *> &removed)
    {
        for (const Column *r : removed) {
            QList<const ModelColumn *> sameType;
            for (const ModelColumn *a : added) {
                if (a->typeKnown && !typesDiffer(m_dialect, a->column.type, r->type, m_live.enums))
                    sameType << a;
            }
            int removedOfType = 0;
            for (const Column *other : removed) {
                if (sameType.size() == 1 && !typesDiffer(m_dialect, sameType.first()->column.type, other->type, m_live.enums))
                    ++removedOfType;
            }
            if (sameType.size() != 1 || removedOfType != 1)
                continue;
            SchemaDifference d = make(Kind::PossibleRename, model.name, sameType.first()->source);
            d.column = r->name;
            d.newColumn = sameType.first()->column.name;
            d.modelTable = &model;
            d.modelColumn = sameType.first();
            d.liveColumn = r;
            m_out.append(d);
        }
    }

    void compareUniques(const ModelTable &model, const Table &live)
    {
        m_matchedUniques.clear();
        QList<const ModelConstraint *> modelUniques;
        for (const ModelConstraint &c : model.constraints) {
            if (c.constraint.kind == ConstraintDef::Kind::Unique)
                modelUniques << &c;
        }
        // On MySQL a unique index and a unique constraint are one object: the models' unique indexes
        // match live unique constraints too.
        QSet<const UniqueConstraint *> matched;
        for (const ModelConstraint *mc : std::as_const(modelUniques)) {
            const UniqueConstraint *found = nullptr;
            for (const UniqueConstraint &u : live.uniqueConstraints) {
                const bool byName = !mc->constraint.name.isEmpty() && u.name == mc->constraint.name;
                const bool byColumns = mc->constraint.name.isEmpty() && u.columns == mc->constraint.columns;
                if ((byName || byColumns) && !matched.contains(&u)) {
                    found = &u;
                    break;
                }
            }
            if (found) {
                matched.insert(found);
                m_matchedUniques.insert(found->name);
                continue;
            }
            SchemaDifference d = make(Kind::AddUnique, model.name, mc->source);
            d.name = mc->constraint.name;
            d.to = mc->constraint.columns.join(QStringLiteral(", "));
            d.modelTable = &model;
            d.modelConstraint = mc;
            m_out.append(d);
        }
        for (const UniqueConstraint &u : live.uniqueConstraints) {
            if (matched.contains(&u))
                continue;
            if (m_dialect == Dialect::MySQL && std::any_of(live.indexes.begin(), live.indexes.end(),
                                                           [&](const Index &i) { return i.name == u.name; }))
                continue;   // one object with its unique index: compared as the index, as Alembic does
            if (u.name.isEmpty() && m_dialect == Dialect::SQLite) {
                // unnamed in SQLite: Alembic cannot tell it from the models' unnamed ones; matched by columns
                bool covered = false;
                for (const ModelConstraint *mc : std::as_const(modelUniques))
                    covered = covered || mc->constraint.columns == u.columns;
                if (covered)
                    continue;
            }
            SchemaDifference d = make(Kind::RemoveUnique, model.name, {});
            d.name = u.name;
            d.from = u.columns.join(QStringLiteral(", "));
            d.liveTable = &live;
            d.liveUnique = &u;
            m_out.append(d);
        }
    }

    const ModelIndex *modelIndexNamed(const ModelTable &model, const QString &name, bool uniqueOnly) const
    {
        for (const ModelIndex &i : model.indexes) {
            if (i.index.name == name && (!uniqueOnly || i.index.unique))
                return &i;
        }
        return nullptr;
    }

    void compareIndexes(const ModelTable &model, const Table &live)
    {
        QSet<QString> liveUniqueNames;
        for (const UniqueConstraint &u : live.uniqueConstraints)
            liveUniqueNames.insert(u.name);
        QSet<QString> fkNames;
        QList<QStringList> fkColumns;
        for (const ForeignKey &f : live.foreignKeys) {
            fkNames.insert(f.name);
            fkColumns << f.columns;
        }
        const auto liveIndex = [&](const QString &name) -> const Index * {
            for (const Index &i : live.indexes) {
                if (i.name == name)
                    return &i;
            }
            return nullptr;
        };
        for (const ModelIndex &mi : model.indexes) {
            const Index *li = liveIndex(mi.index.name);
            const bool same = li && li->unique == mi.index.unique && li->columns == mi.index.expressions;
            if (li && same)
                continue;
            if (li) {   // changed: autogenerate removes and adds it again
                SchemaDifference r = make(Kind::RemoveIndex, model.name, {});
                r.name = li->name;
                r.from = li->columns.join(QStringLiteral(", "));
                r.liveTable = &live;
                r.liveIndex = li;
                m_out.append(r);
            }
            SchemaDifference d = make(Kind::AddIndex, model.name, mi.source);
            d.name = mi.index.name;
            d.to = mi.index.expressions.join(QStringLiteral(", "));
            d.modelTable = &model;
            d.modelIndex = &mi;
            m_out.append(d);
        }
        for (const Index &i : live.indexes) {
            if (i.backsConstraint || modelIndexNamed(model, i.name, false))
                continue;
            if (m_dialect == Dialect::MySQL) {
                if (liveUniqueNames.contains(i.name) && m_matchedUniques.contains(i.name))
                    continue;   // the unique constraint the models have (compared above)
                if (fkNames.contains(i.name) || (!i.unique && fkColumns.contains(i.columns)))
                    continue;   // the index MySQL makes for a foreign key
            }
            SchemaDifference d = make(Kind::RemoveIndex, model.name, {});
            d.name = i.name;
            d.from = i.columns.join(QStringLiteral(", "));
            d.liveTable = &live;
            d.liveIndex = &i;
            m_out.append(d);
        }
    }

    void compareForeignKeys(const ModelTable &model, const Table &live)
    {
        QHash<QString, const ForeignKey *> liveSigs;
        for (const ForeignKey &f : live.foreignKeys)
            liveSigs.insert(fkSignature(f.columns, f.referredTable, f.referredColumns, f.onDelete, f.onUpdate), &f);
        QSet<QString> modelSigs;
        for (const ModelConstraint &mc : model.constraints) {
            const ConstraintDef &c = mc.constraint;
            if (c.kind != ConstraintDef::Kind::ForeignKey)
                continue;
            const QString sig = fkSignature(c.columns, c.refTable, c.refColumns, c.ondelete, c.onupdate);
            modelSigs.insert(sig);
            if (liveSigs.contains(sig))
                continue;
            SchemaDifference d = make(Kind::AddForeignKey, model.name, mc.source);
            d.name = c.name;
            d.to = QStringLiteral("(%1)(%2)").arg(c.columns.join(QStringLiteral(", ")), c.refColumns.join(QStringLiteral(", ")));
            d.modelTable = &model;
            d.modelConstraint = &mc;
            m_out.append(d);
        }
        for (auto it = liveSigs.constBegin(); it != liveSigs.constEnd(); ++it) {
            if (modelSigs.contains(it.key()))
                continue;
            SchemaDifference d = make(Kind::RemoveForeignKey, model.name, {});
            d.name = it.value()->name;
            d.from = QStringLiteral("(%1)(%2)").arg(it.value()->columns.join(QStringLiteral(", ")),
                                                    it.value()->referredColumns.join(QStringLiteral(", ")));
            d.liveTable = &live;
            d.liveForeignKey = it.value();
            m_out.append(d);
        }
    }

    // Named CHECK constraints, by name (Alembic 1.19's rule; their conditions are not compared).
    void compareChecks(const ModelTable &model, const Table &live)
    {
        QSet<QString> liveNames;
        for (const CheckConstraint &c : live.checkConstraints)
            liveNames.insert(c.name);
        QSet<QString> modelNames;
        for (const ModelConstraint &mc : model.constraints) {
            if (mc.constraint.kind != ConstraintDef::Kind::Check || mc.constraint.name.isEmpty())
                continue;
            modelNames.insert(mc.constraint.name);
            if (liveNames.contains(mc.constraint.name))
                continue;
            SchemaDifference d = make(Kind::AddCheck, model.name, mc.source);
            d.name = mc.constraint.name;
            d.to = mc.constraint.sqltext;
            d.modelTable = &model;
            d.modelConstraint = &mc;
            m_out.append(d);
        }
        for (const CheckConstraint &c : live.checkConstraints) {
            if (c.name.isEmpty() || modelNames.contains(c.name))
                continue;
            // MariaDB names a column-level CHECK after its column; the models cannot name those.
            if (m_dialect == Dialect::MySQL && live.column(c.name))
                continue;
            SchemaDifference d = make(Kind::RemoveCheck, model.name, {});
            d.name = c.name;
            d.from = c.sqltext;
            d.liveTable = &live;
            d.liveCheck = &c;
            m_out.append(d);
        }
    }

    // SQLite cannot drop a constraint without a name, even in batch mode: warn where a revision would
    // create one (from the models) or where the database already has one.
    void unnamedOnSqlite(const ModelTable &model, const Table *live)
    {
        if (m_dialect != Dialect::SQLite)
            return;
        for (const ModelConstraint &mc : model.constraints) {
            const ConstraintDef &c = mc.constraint;
            if (c.kind == ConstraintDef::Kind::PrimaryKey || !c.name.isEmpty())
                continue;
            bool exists = false;
            if (live) {
                if (c.kind == ConstraintDef::Kind::Unique) {
                    for (const UniqueConstraint &u : live->uniqueConstraints)
                        exists = exists || u.columns == c.columns;
                } else if (c.kind == ConstraintDef::Kind::ForeignKey) {
                    for (const ForeignKey &f : live->foreignKeys)
                        exists = exists || f.columns == c.columns;
                } else {
                    exists = !live->checkConstraints.isEmpty();
                }
            }
            SchemaDifference d = make(Kind::UnnamedConstraint, model.name, mc.source);
            d.name = c.kind == ConstraintDef::Kind::Unique ? QStringLiteral("unique") : c.kind == ConstraintDef::Kind::ForeignKey
                                                                                          ? QStringLiteral("foreign key")
                                                                                          : QStringLiteral("check");
            d.to = c.kind == ConstraintDef::Kind::Check ? c.sqltext : c.columns.join(QStringLiteral(", "));
            d.from = exists ? QStringLiteral("exists") : QString();
            d.modelTable = &model;
            d.modelConstraint = &mc;
            m_out.append(d);
        }
    }

    const ModelSet &m_models;
    const Schema &m_live;
    Dialect m_dialect;
    const CompareOptions &m_options;
    QList<SchemaDifference> m_out;
    QSet<QString> m_matchedUniques;   ///< of the table being compared: live unique constraints the models have
};

} // namespace

bool typesDiffer(Dialect dialect, const SqlType &model, const QString &reported, const QList<EnumType> &enums)
{
    const DdlCompiler compiler(dialect);
    const Result<QString> metaDdl = compiler.typeSql(model);
    if (!metaDdl)
        return false;   // a type Retort cannot compile is not compared (and reported elsewhere)
    QString meta = *metaDdl;
    meta.remove(QLatin1Char('"'));
    const TypeTokens m = tokenize(meta);
    const Result<QString> liveDdl = compiler.typeSql(reflectedType(dialect, reported, enums));
    const TypeTokens i = tokenize(liveDdl ? *liveDdl : reported);
    bool typesMatch = m.token0 == i.token0;
    if (!typesMatch) {
        const QString mAll = (QStringList{m.token0} + m.tokens).join(QLatin1Char(' '));
        const QString iAll = (QStringList{i.token0} + i.tokens).join(QLatin1Char(' '));
        for (const QSet<QString> &batch : synonyms(dialect)) {
            if ((batch.contains(mAll) && batch.contains(iAll)) || (batch.contains(m.token0) && batch.contains(i.token0)))
                typesMatch = true;
        }
    }
    if (!typesMatch)
        return true;
    if (m.tokens.size() == i.tokens.size() && m.tokens != i.tokens)
        return true;
    if (m.args.size() == i.args.size() && m.args != i.args)
        return true;
    return false;
}

QList<SchemaDifference> compareSchemas(const ModelSet &models, const Schema &live, Dialect dialect, const CompareOptions &options)
{
    return Comparer(models, live, dialect, options).run();
}

QString SchemaDifference::describe() const
{
    const QString where = column.isEmpty() ? table : table + QLatin1Char('.') + column;
    switch (kind) {
    case Kind::AddTable: return QStringLiteral("Detected added table '%1'").arg(table);
    case Kind::RemoveTable: return QStringLiteral("Detected removed table '%1'").arg(table);
    case Kind::AddColumn: return QStringLiteral("Detected added column '%1'").arg(where);
    case Kind::RemoveColumn: return QStringLiteral("Detected removed column '%1'").arg(where);
    case Kind::ModifyNullable: return QStringLiteral("Detected %1 on column '%2'").arg(to, where);
    case Kind::ModifyType: return QStringLiteral("Detected type change from %1 to %2 on '%3'").arg(from, to, where);
    case Kind::ModifyDefault: return QStringLiteral("Detected server default on column '%1' (%2 -> %3)")
                                  .arg(where, from.isEmpty() ? QStringLiteral("none") : from, to.isEmpty() ? QStringLiteral("none") : to);
    case Kind::ModifyComment: return QStringLiteral("Detected column comment '%1'").arg(where);
    case Kind::ModifyTableComment: return QStringLiteral("Detected %1 table comment on '%2'")
                                       .arg(to.isEmpty() ? QStringLiteral("removed") : from.isEmpty() ? QStringLiteral("added")
                                                                                                       : QStringLiteral("changed"), table);
    case Kind::AddIndex: return QStringLiteral("Detected added index '%1' on '%2' (%3)").arg(name, table, to);
    case Kind::RemoveIndex: return QStringLiteral("Detected removed index '%1' on '%2'").arg(name, table);
    case Kind::AddUnique: return QStringLiteral("Detected added unique constraint %1 on '%2' (%3)")
                              .arg(name.isEmpty() ? QStringLiteral("(unnamed)") : QLatin1Char('\'') + name + QLatin1Char('\''), table, to);
    case Kind::RemoveUnique: return QStringLiteral("Detected removed unique constraint %1 on '%2'")
                                 .arg(name.isEmpty() ? QStringLiteral("(unnamed)") : QLatin1Char('\'') + name + QLatin1Char('\''), table);
    case Kind::AddForeignKey: return QStringLiteral("Detected added foreign key %1 on table %2").arg(to, table);
    case Kind::RemoveForeignKey: return QStringLiteral("Detected removed foreign key %1 on table %2").arg(from, table);
    case Kind::AddCheck: return QStringLiteral("Detected added check constraint '%1' on '%2'").arg(name, table);
    case Kind::RemoveCheck: return QStringLiteral("Detected removed check constraint '%1' on '%2'").arg(name, table);
    case Kind::RenameColumn: return QStringLiteral("Column '%1.%2' renamed to '%3' (as asked)").arg(table, renamedFrom, column);
    case Kind::PossibleRename:
        return QStringLiteral("Column '%1.%2' is gone and '%1.%3' of the same type is new: a rename? Autogenerate would drop "
                              "'%2' and its data").arg(table, column, newColumn);
    case Kind::UnnamedConstraint:
        return QStringLiteral("The %1 constraint (%2) on '%3' has no name: SQLite's batch mode could not drop it later "
                              "(give it a name, or a naming_convention)").arg(name, to, table);
    }
    return {};
}

} // namespace retort
