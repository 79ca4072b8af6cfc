// The linter's analysis: the history replayed in memory once per engine, each operation of the
// revisions asked for checked against the schema just before it.
#include "lint/MigrationLint.h"

#include "lint/OperationLint.h"
#include "migrations/RevisionGraph.h"
#include "ops/SchemaApplier.h"
#include "runner/MigrationRunner.h"
#include "runner/Simulation.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace retort {

namespace {

using K = Operation::Kind;

/// What a table looks like, in a line, for comparing schemas.
QString tableSignature(const Table &t)
{
    QStringList parts;
    for (const Column &c : t.columns)
        parts << QStringLiteral("column %1 %2%3%4").arg(c.name, c.type, c.nullable ? QString() : QStringLiteral(" NOT NULL"),
                                                      c.defaultValue.isEmpty() ? QString() : QStringLiteral(" DEFAULT ") + c.defaultValue);
    parts << QStringLiteral("primary key (%1)").arg(t.primaryKeyColumns.join(QLatin1Char(',')));
    for (const ForeignKey &fk : t.foreignKeys)
        parts << QStringLiteral("foreign key %1 (%2) -> %3").arg(fk.name, fk.columns.join(QLatin1Char(',')), fk.referredTable);
    for (const Index &i : t.indexes)
        parts << QStringLiteral("%1index %2 (%3)").arg(i.unique ? QStringLiteral("unique ") : QString(), i.name, i.columns.join(QLatin1Char(',')));
    for (const UniqueConstraint &u : t.uniqueConstraints)
        parts << QStringLiteral("unique %1 (%2)").arg(u.name, u.columns.join(QLatin1Char(',')));
    for (const CheckConstraint &c : t.checkConstraints)
        parts << QStringLiteral("check %1 %2").arg(c.name, c.sqltext);
    parts.sort();
    return parts.join(QLatin1Char('\n'));
}

/// What differs between the schema before upgrade() and after upgrade() then downgrade(), in words.
QStringList roundTripDifferences(const QList<Table> &before, const QList<Table> &after)
{
    QStringList out;
    QHash<QString, const Table *> was, is;
    for (const Table &t : before)
        was.insert(t.name.toLower(), &t);
    for (const Table &t : after)
        is.insert(t.name.toLower(), &t);
    for (const Table &t : after) {
        const Table *old = was.value(t.name.toLower());
        if (!old) {
            out << QStringLiteral("table '%1' is left behind").arg(t.name);
            continue;
        }
        if (old->columns.constData() == t.columns.constData() && old->indexes.constData() == t.indexes.constData()
            && old->foreignKeys.constData() == t.foreignKeys.constData() && old->uniqueConstraints.constData() == t.uniqueConstraints.constData()
            && old->checkConstraints.constData() == t.checkConstraints.constData() && old->primaryKeyColumns == t.primaryKeyColumns)
            continue;   // untouched: the same shared data
        const QStringList a = tableSignature(*old).split(QLatin1Char('\n')), b = tableSignature(t).split(QLatin1Char('\n'));
        for (const QString &line : b) {
            if (!a.contains(line))
                out << QStringLiteral("%1: %2 is left behind").arg(t.name, line);
        }
        for (const QString &line : a) {
            if (!b.contains(line))
                out << QStringLiteral("%1: %2 is not given back").arg(t.name, line);
        }
    }
    for (const Table &t : before) {
        if (!is.contains(t.name.toLower()))
            out << QStringLiteral("table '%1' is not given back").arg(t.name);
    }
    return out;
}

int lineOfDef(const QStringList &lines, const QString &function)
{
    const QRegularExpression def(QStringLiteral("^def\\s+%1\\s*\\(").arg(QRegularExpression::escape(function)));
    for (int i = 0; i < lines.size(); ++i) {
        if (def.match(lines.at(i)).hasMatch())
            return i + 1;
    }
    return 0;
}

QStringList fileLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.read(4 * 1024 * 1024)).split(QLatin1Char('\n'));
}

/// Imports of the project's own modules: "from app.models import User", "from .. import models".
QList<std::pair<int, QString>> applicationImports(const QStringList &lines, const QString &root)
{
    static const QRegularExpression import(QStringLiteral("^\\s*(?:from\\s+(\\.*[\\w.]*)\\s+import\\b|import\\s+([\\w.]+))"));
    static const QStringList libraries = {QStringLiteral("alembic"), QStringLiteral("sqlalchemy"), QStringLiteral("__future__")};
    QList<std::pair<int, QString>> out;
    for (int i = 0; i < lines.size(); ++i) {
        const QRegularExpressionMatch m = import.match(lines.at(i));
        if (!m.hasMatch())
            continue;
        const QString module = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        const QString top = module.section(QLatin1Char('.'), 0, 0);
        if (libraries.contains(top))
            continue;
        const bool local = module.startsWith(QLatin1Char('.')) || QFileInfo(root + QLatin1Char('/') + top + QStringLiteral(".py")).isFile()
                           || QFileInfo(root + QLatin1Char('/') + top).isDir()
                           || QFileInfo(root + QStringLiteral("/src/") + top).isDir();
        if (local)
            out.append({i + 1, module});
    }
    return out;
}


/// The tables operations name (changed, referred to), as SchemaApplier keys; nullopt when one of them
/// could touch any table (drop_index without its table, SQL text that changes the schema).
std::optional<QStringList> touchedTables(const OperationList &ops)
{
    QStringList out;
    const auto add = [&](const QString &table, const QString &schema) {
        if (!table.isEmpty())
            out << (schema.isEmpty() ? table : schema + QLatin1Char('.') + table);
    };
    for (const Operation &op : ops) {
        if ((op.kind == K::DropIndex && op.table.isEmpty()) || (op.kind == K::Execute && isSchemaOperation(op)))
            return std::nullopt;
        add(op.table, op.schema);
        add(op.newName, op.schema);
        for (const ConstraintDef &k : op.constraints)
            add(k.refTable, k.refSchema);
        for (const ColumnDef &c : op.columns) {
            for (const ForeignKeyRef &fk : c.foreignKeys)
                add(fk.target.section(QLatin1Char('.'), -2, -2), {});
        }
        for (const IndexDef &i : op.indexes)
            add(i.table, op.schema);
        if (op.kind == K::Batch) {
            const std::optional<QStringList> inner = touchedTables(op.batch);
            if (!inner)
                return std::nullopt;
            out << *inner;
        }
    }
    out.removeDuplicates();
    return out;
}

/// Does downgrade() give back the schema upgrade() started from? before: the touched tables before
/// upgrade(); state: the whole schema after it.
std::optional<LintFinding> roundTrip(const RevisionScript &script, const SchemaApplier &before, const SchemaApplier &state,
                                     const std::optional<QStringList> &touched, const OperationList &downgrade, const QString &downgradeName)
{
    SchemaApplier probe = touched ? state.subset(*touched) : state;
    QStringList differences;
    if (Status undone = probe.apply(downgrade); !undone)
        differences << QStringLiteral("downgrade() fails after upgrade(): %1").arg(undone.error().message);
    else
        differences = roundTripDifferences(before.tables(), probe.tables());
    if (differences.isEmpty())
        return std::nullopt;
    const int shown = 3;
    QString message = downgrade.empty() ? QStringLiteral("downgrade() does nothing, but upgrade() changes the schema: ")
                                        : QStringLiteral("downgrade() does not undo upgrade(): ");
    message += differences.mid(0, shown).join(QStringLiteral("; "));
    if (differences.size() > shown)
        message += QStringLiteral("; and %1 more").arg(differences.size() - shown);
    const int line = downgrade.empty() ? lineOfDef(fileLines(script.path), downgradeName) : downgrade.front().line;
    LintFinding f = lintFinding(QStringLiteral("downgrade-mismatch"), &script, script.path, line > 0 ? line : script.revisionLine, message);
    f.upgrade = false;
    return f;
}

/// Heads that share a branch (no branch label tells them apart).
QList<LintFinding> unmergedHeads(const RevisionGraph &graph)
{
    QHash<QString, QVector<int>> byLabels;
    for (int h : graph.heads())
        byLabels[graph.at(h).labels.join(QLatin1Char(','))] << h;
    QList<LintFinding> out;
    for (auto it = byLabels.cbegin(); it != byLabels.cend(); ++it) {
        if (it.value().size() < 2)
            continue;
        for (int h : it.value()) {
            const RevisionScript &script = graph.scriptOf(h);
            QStringList others = graph.ids(it.value());
            others.removeAll(graph.at(h).id);
            out << lintFinding(QStringLiteral("unmerged-heads"), &script, script.path, script.revisionLine,
                             QStringLiteral("revision %1 is a head beside %2%3")
                                 .arg(graph.at(h).id, others.join(QStringLiteral(", ")),
                                      it.key().isEmpty() ? QString() : QStringLiteral(" on branch %1").arg(it.key())));
        }
    }
    return out;
}

} // namespace

LintReport lintHistory(RevisionOperationSource &source, const LintOptions &options)
{
    LintReport report;
    const RevisionGraph &graph = source.graph();
    // Every revision in the order Alembic would run them from the base; graph order when there is none.
    QList<int> order;
    if (Result<MigrationPlan> plan = planFromBase(graph, {QStringLiteral("heads")})) {
        for (const MigrationStep &s : plan->steps) {
            if (s.revision >= 0)
                order << s.revision;
        }
    }
    if (order.isEmpty()) {
        for (int i = 0; i < graph.size(); ++i)
            order << i;
    }
    const QSet<int> wanted(options.revisions.cbegin(), options.revisions.cend());
    const auto linted = [&](int r) { return wanted.isEmpty() || wanted.contains(r); };
    QList<Dialect> dialects = options.dialects;
    if (dialects.isEmpty())
        dialects = {Dialect::SQLite, Dialect::PostgreSQL, Dialect::MySQL};

    QList<LintFinding> found;
    QSet<int> notLinted;
    for (int d = 0; d < dialects.size(); ++d) {
        const bool neutral = d == 0;   // the rules for every engine are checked once, on the first
        SchemaApplier state(dialects.at(d));
        for (int r : order) {
            if (options.cancelled && options.cancelled()) {
                report.cancelled = true;
                return report;
            }
            const OperationsRead &up = source.operations(r, true);
            if (up.needsPython) {
                if (linted(r))
                    notLinted.insert(r);
                continue;   // what it does is unknown: the schema goes on without it
            }
            if (!linted(r)) {
                state.apply(up.operations);
                continue;
            }
            const RevisionScript &script = graph.scriptOf(r);
            if (neutral)
                ++report.revisionsChecked;
            const OperationsRead &down = source.operations(r, false);
            // The round trip needs the tables the revision touches as they were (only those: copying a
            // schema of a thousand tables for each revision would cost more than the rest).
            std::optional<QStringList> touched;
            if (neutral && !down.needsPython) {
                touched = touchedTables(up.operations);
                const std::optional<QStringList> undone = touchedTables(down.operations);
                touched = touched && undone ? std::optional<QStringList>(*touched + *undone) : std::nullopt;
            }
            std::optional<SchemaApplier> before;
            if (neutral && !down.needsPython)
                before = touched ? state.subset(*touched) : state;
            const bool upgradeKnown = lintOperations(options, dialects.at(d), neutral, script, true, up.operations, state,
                                                     options.upgrades ? &found : nullptr);
            if (down.needsPython) {
                if (options.downgrades)
                    notLinted.insert(r);
                continue;
            }
            if (options.downgrades) {
                SchemaApplier probe = state;
                lintOperations(options, dialects.at(d), neutral, script, false, down.operations, probe, &found);
            }
            const bool downgradeKnown = std::none_of(down.operations.cbegin(), down.operations.cend(), [](const Operation &op) {
                return op.kind == K::Execute && isSchemaOperation(op);   // SQL text: its effect is not known here
            });
            if (before && upgradeKnown && downgradeKnown) {
                if (std::optional<LintFinding> f = roundTrip(script, *before, state, touched, down.operations, source.functionName(false)))
                    found << *f;
            }
        }
    }
    // What needs no operations: imports of the application, and heads left unmerged.
    if (!options.projectRoot.isEmpty()) {
        for (int r : order) {
            if (!linted(r))
                continue;
            const RevisionScript &script = graph.scriptOf(r);
            for (const auto &[line, module] : applicationImports(fileLines(script.path), options.projectRoot))
                found << lintFinding(QStringLiteral("imports-app-models"), &script, script.path, line,
                                   QStringLiteral("imports %1, a module of this project").arg(module));
        }
    }
    found << unmergedHeads(graph);

    // '# retort: ignore=RULE' on the finding's line, or alone on the line above it.
    QHash<QString, QStringList> lines;
    for (const LintFinding &f : std::as_const(found)) {
        if (!lines.contains(f.file))
            lines.insert(f.file, fileLines(f.file));
        const QStringList &text = lines[f.file];
        QSet<QString> ignored;
        if (f.line >= 1 && f.line <= text.size())
            ignored = lintIgnoredOnLine(text.at(f.line - 1));
        if (f.line >= 2 && f.line - 1 <= text.size() && text.at(f.line - 2).trimmed().startsWith(QLatin1Char('#')))
            ignored.unite(lintIgnoredOnLine(text.at(f.line - 2)));
        if (ignored.contains(f.rule) || ignored.contains(QStringLiteral("all"))) {
            ++report.silenced;
            continue;
        }
        report.findings << f;
    }
    QHash<int, int> position;
    for (int i = 0; i < order.size(); ++i)
        position.insert(order.at(i), i);
    std::stable_sort(report.findings.begin(), report.findings.end(), [&](const LintFinding &a, const LintFinding &b) {
        const int pa = a.revision.isEmpty() ? -1 : position.value(graph.indexOf(a.revision));
        const int pb = b.revision.isEmpty() ? -1 : position.value(graph.indexOf(b.revision));
        const bool da = !a.upgrade, db = !b.upgrade;   // upgrade() first
        return std::tie(pa, da, a.line) < std::tie(pb, db, b.line);
    });
    for (int r : order) {
        if (notLinted.contains(r))
            report.notLinted << graph.at(r).id;
    }
    return report;
}

QList<int> lintRange(const RevisionGraph &graph, const QString &range, QString *error)
{
    QList<int> out;
    if (range.trimmed().isEmpty()) {
        for (int i = 0; i < graph.size(); ++i)
            out << i;
        return out;
    }
    const auto resolve = [&](const QString &id, QVector<int> *into) {
        if (id.isEmpty() || id == QLatin1String("base"))
            return true;
        try {
            *into = graph.getRevisions(id);
        } catch (const RevisionGraph::GraphError &e) {
            *error = e.message.isEmpty() ? QStringLiteral("no revision '%1' in the history").arg(id) : e.message;
            return false;
        }
        if (into->isEmpty()) {
            *error = QStringLiteral("no revision '%1' in the history").arg(id);
            return false;
        }
        return true;
    };
    if (!range.contains(QLatin1Char(':'))) {
        QVector<int> one;
        if (!resolve(range.trimmed(), &one))
            return {};
        return QList<int>(one.cbegin(), one.cend());
    }
    QVector<int> lower, upper;
    if (!resolve(range.section(QLatin1Char(':'), 0, 0).trimmed(), &lower) || !resolve(range.section(QLatin1Char(':'), 1).trimmed(), &upper))
        return {};
    const QVector<int> below = upper.isEmpty() ? QVector<int>() : graph.ancestors(upper, true);
    const QVector<int> above = lower.isEmpty() ? QVector<int>() : graph.descendants(lower, RevisionGraph::Follow::All);
    const QSet<int> underUpper(below.cbegin(), below.cend()), overLower(above.cbegin(), above.cend());
    for (int i = 0; i < graph.size(); ++i) {
        if ((upper.isEmpty() || underUpper.contains(i)) && (lower.isEmpty() || overLower.contains(i)))
            out << i;
    }
    if (out.isEmpty())
        *error = QStringLiteral("the range '%1' holds no revision").arg(range);
    return out;
}

} // namespace retort
