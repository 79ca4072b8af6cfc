// Retort's revision graph against real Alembic (Debian's python3-alembic 1.8.1): on the demo and on
// many generated projects (linear runs, branches, merges of 2 and 3 parents, several bases, branch
// labels, cross-branch depends_on), heads/history/branches/current output and the alembic_version
// rows after every upgrade, downgrade and stamp must be what Alembic itself produces.
// RETORT_CONFORMANCE_GRAPHS=N runs N generated graphs instead of the default 40.
#include "AlembicProjects.h"
#include "TestServers.h"
#include "demo/DemoProject.h"
#include "migrations/HistoryFormat.h"
#include "migrations/MigrationPlan.h"
#include "migrations/ProjectHistory.h"
#include "project/Project.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;

namespace {

struct Outcome
{
    bool ok = false;
    bool crash = false;
    QString text;          // output, or the error message
    QStringList rows;
};

struct Scenario
{
    QString dir;
    QString db;
    QJsonArray commands;   // [name, args…]
};

QString commandText(const QJsonArray &c)
{
    QStringList parts;
    for (const QJsonValue &v : c)
        parts << (v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact) : v.toVariant().toString());
    return parts.join(QLatin1Char(' '));
}

// Alembic prints a revision's branch labels in Python set order: sort the items of "(a, b)" groups.
QString normalizeLabelGroups(const QString &text)
{
    static const QRegularExpression group(QStringLiteral("\\(([^()]*, [^()]*)\\)"));
    QString out = text;
    QRegularExpressionMatchIterator it = group.globalMatch(text);
    QList<QPair<QString, QString>> replacements;
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QStringList items = m.captured(1).split(QStringLiteral(", "));
        items.sort();
        replacements.append({m.captured(0), QLatin1Char('(') + items.join(QStringLiteral(", ")) + QLatin1Char(')')});
    }
    for (const auto &r : replacements)
        out.replace(r.first, r.second);
    return out;
}

QStringList sortedLines(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

// Runs every scenario through real Alembic in one Python process.
QList<QList<Outcome>> runAlembic(const QList<Scenario> &scenarios, QString *error)
{
    QJsonArray input;
    for (const Scenario &s : scenarios)
        input.append(QJsonObject{{"dir", s.dir}, {"db", s.db}, {"commands", s.commands}});
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    env.insert(QStringLiteral("PYTHONHASHSEED"), QStringLiteral("0"));
    python.setProcessEnvironment(env);
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral(RETORT_SOURCE_DIR "/tests/migrations/alembic_driver.py")});
    python.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    python.closeWriteChannel();
    if (!python.waitForFinished(600000) || python.exitCode() != 0) {
        *error = QString::fromUtf8(python.readAllStandardError()).right(3000);
        return {};
    }
    QList<QList<Outcome>> out;
    for (const QJsonValue &scenario : QJsonDocument::fromJson(python.readAllStandardOutput()).array()) {
        QList<Outcome> outcomes;
        for (const QJsonValue &v : scenario.toArray()) {
            const QJsonObject o = v.toObject();
            Outcome r;
            r.ok = o.value("ok").toBool();
            r.crash = o.value("crash").toBool();
            r.text = r.ok ? o.value("output").toString() : o.value("error").toString();
            for (const QJsonValue &row : o.value("rows").toArray())
                r.rows << row.toString();
            outcomes << r;
        }
        out << outcomes;
    }
    return out;
}

// The same command through Retort's core, from the given version rows.
Outcome runRetort(const RevisionGraph &g, const QJsonArray &c, const QStringList &rows)
{
    Outcome r;
    r.rows = rows;
    const QString name = c.at(0).toString();
    const auto fromPlan = [&r](const Result<MigrationPlan> &plan) {
        r.ok = plan.ok();
        if (plan.ok()) r.rows = plan->rowsAfter;
        else r.text = plan.error().message;
    };
    if (name == QLatin1String("heads")) {
        r.ok = true;
        r.text = headsOutput(g, false, false);
    } else if (name == QLatin1String("history") || name == QLatin1String("branches")) {
        QString base, head;
        if (c.size() > 1) {
            base = c.at(1).toString().section(QLatin1Char(':'), 0, 0);
            head = c.at(1).toString().section(QLatin1Char(':'), 1, 1);
        }
        const Result<QVector<int>> revs = historyRevisions(g, base, head);
        r.ok = revs.ok();
        r.text = !revs.ok() ? revs.error().message
                 : name == QLatin1String("history") ? historyOutput(g, *revs, false) : branchesOutput(g, *revs, false);
    } else if (name == QLatin1String("current")) {
        const Result<QVector<int>> revs = currentRevisions(g, rows);
        r.ok = revs.ok();
        if (revs.ok()) {
            for (int i : *revs)
                r.text += formatRevisionLine(g, i, HeadOnlyFormat()) + QLatin1Char('\n');
        } else {
            r.text = revs.error().message;
        }
    } else if (name == QLatin1String("upgrade")) {
        fromPlan(planUpgrade(g, rows, c.at(1).toString()));
    } else if (name == QLatin1String("downgrade")) {
        fromPlan(planDowngrade(g, rows, c.at(1).toString()));
    } else if (name == QLatin1String("stamp")) {
        QStringList targets;
        for (const QJsonValue &v : c.at(1).toArray())
            targets << v.toString();
        fromPlan(planStamp(g, rows, targets, c.size() > 2 && c.at(2).toBool()));
    }
    return r;
}

QString compare(const QJsonArray &command, const Outcome &alembic, const Outcome &retort)
{
    const QString name = command.at(0).toString();
    const QString where = QStringLiteral("%1: ").arg(commandText(command));
    // Deliberate difference: where Alembic lets database row order decide a relative downgrade,
    // Retort refuses (Alembic itself warns that this usage will be disallowed).
    if (!retort.ok && retort.text.startsWith(QLatin1String("Relative downgrade"))
        && retort.text.contains(QLatin1String("is ambiguous: Alembic would pick one by database row order")))
        return {};
    if (alembic.ok != retort.ok) {
        return where + QStringLiteral("alembic %1 [%2], retort %3 [%4]")
                           .arg(alembic.ok ? QStringLiteral("succeeded") : QStringLiteral("failed"), alembic.text.trimmed(),
                                retort.ok ? QStringLiteral("succeeded") : QStringLiteral("failed"), retort.text.trimmed());
    }
    if (!alembic.ok) {
        // Where Alembic crashes, Retort refuses with a sentence; where it refuses, the words are the same.
        if (alembic.crash)
            return {};
        // These two name revisions in an order that comes from Python sets or database rows.
        const bool partialList = alembic.text.startsWith(QLatin1String("Multiple revisions start with"));
        const bool overlap = alembic.text.contains(QLatin1String("overlaps with other requested revisions"));
        const bool same = partialList ? retort.text.section(QLatin1Char(':'), 0, 0) == alembic.text.section(QLatin1Char(':'), 0, 0)
                          : overlap   ? retort.text.startsWith(QLatin1String("Requested revision "))
                                          && retort.text.contains(QLatin1String("overlaps with other requested revisions"))
                                      : retort.text == alembic.text;
        return same ? QString() : where + QStringLiteral("messages differ:\n  alembic: %1\n  retort:  %2").arg(alembic.text, retort.text);
    }
    if (name == QLatin1String("upgrade") || name == QLatin1String("downgrade") || name == QLatin1String("stamp")) {
        return alembic.rows == retort.rows ? QString()
                                           : where + QStringLiteral("rows differ: alembic [%1], retort [%2]")
                                                         .arg(alembic.rows.join(QLatin1Char(' ')), retort.rows.join(QLatin1Char(' ')));
    }
    // Alembic prints branch children and current heads in Python set order: compare those as sets.
    const bool unordered = name == QLatin1String("branches") || name == QLatin1String("current");
    const QString theirs = normalizeLabelGroups(alembic.text);
    const QString ours = normalizeLabelGroups(retort.text);
    const bool same = unordered ? sortedLines(theirs) == sortedLines(ours) : theirs == ours;
    return same ? QString() : where + QStringLiteral("output differs:\n--- alembic\n%1--- retort\n%2").arg(alembic.text, retort.text);
}

QJsonArray randomCommands(QRandomGenerator &rng, const std::vector<test::GeneratedRevision> &revs, int count)
{
    QStringList ids, labels;
    for (const auto &r : revs) {
        ids << r.id;
        labels << r.labels;
    }
    const auto pick = [&rng](const QStringList &l) { return l.at(int(rng.bounded(l.size()))); };
    const auto target = [&]() -> QString {
        switch (rng.bounded(16)) {
        case 0: return QStringLiteral("heads");
        case 1: return QStringLiteral("head");
        case 2: return QStringLiteral("base");
        case 3: return QStringLiteral("+1");
        case 4: return QStringLiteral("+2");
        case 5: return QStringLiteral("-1");
        case 6: return pick(ids).left(8);
        case 7: return pick(ids) + QStringLiteral("+1");
        case 8: return pick(ids) + QStringLiteral("-1");
        case 9: return labels.isEmpty() ? QStringLiteral("heads") : pick(labels) + QStringLiteral("@head");
        case 10: return labels.isEmpty() ? QStringLiteral("base") : pick(labels) + QStringLiteral("@base");
        case 11: return labels.isEmpty() ? QStringLiteral("-2") : pick(labels) + QStringLiteral("@+1");
        case 12: return QStringLiteral("head-1");
        case 13: return QStringLiteral("deadbeef");
        default: return pick(ids);
        }
    };
    QJsonArray commands{QJsonArray{"heads"}, QJsonArray{"history"}, QJsonArray{"branches"}, QJsonArray{"current"}};
    for (int i = 0; i < count; ++i) {
        const int kind = int(rng.bounded(10));
        if (kind < 5) {
            commands.append(QJsonArray{"upgrade", target()});
        } else if (kind < 8) {
            commands.append(QJsonArray{"downgrade", target()});
        } else {
            QJsonArray stamps{pick(ids)};
            if (rng.bounded(3) == 0) stamps.append(pick(ids));
            if (rng.bounded(5) == 0) stamps = QJsonArray{rng.bounded(2) ? "heads" : "base"};
            commands.append(QJsonArray{"stamp", stamps, rng.bounded(6) == 0});
        }
        commands.append(QJsonArray{"current"});
    }
    const QString a = pick(ids), b = pick(ids);
    commands.append(QJsonArray{"history", QStringLiteral("%1:%2").arg(a.left(6), b)});
    return commands;
}

} // namespace

class tst_AlembicConformance : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void demoProject();
    void generatedProjects();
    void headersNamingProjectConstants();

private:
    void check(const QList<Scenario> &scenarios);
    QTemporaryDir m_dir;
};

void tst_AlembicConformance::initTestCase()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import alembic, sqlalchemy")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0) {
        if (test::inCi())
            QFAIL("Alembic is not installed (apt-get install python3-alembic)");
        QSKIP("Alembic is not installed (apt-get install python3-alembic)");
    }
}

void tst_AlembicConformance::check(const QList<Scenario> &scenarios)
{
    QString error;
    const QList<QList<Outcome>> alembic = runAlembic(scenarios, &error);
    QVERIFY2(alembic.size() == scenarios.size(), qPrintable(QStringLiteral("the Alembic driver failed: ") + error));
    QStringList mismatches;
    int compared = 0;
    for (int s = 0; s < scenarios.size(); ++s) {
        const Project project = Project::open(scenarios[s].dir).value();
        const ProjectHistory history = ProjectHistory::load(project);
        QVERIFY2(history.errorCount() == 0, qPrintable(scenarios[s].dir));
        QStringList rows;   // the database starts empty
        for (int c = 0; c < scenarios[s].commands.size(); ++c) {
            const QJsonArray command = scenarios[s].commands.at(c).toArray();
            const Outcome theirs = alembic[s].value(c);
            const Outcome ours = runRetort(history.graph, command, rows);
            const QString difference = compare(command, theirs, ours);
            if (!difference.isEmpty())
                mismatches << QStringLiteral("%1 (command %2) %3").arg(scenarios[s].dir).arg(c).arg(difference);
            ++compared;
            rows = theirs.rows;   // continue from Alembic's state so one difference does not cascade
        }
    }
    qInfo("compared %d commands against Alembic", compared);
    QVERIFY2(mismatches.isEmpty(), qPrintable(QStringLiteral("%1 difference(s); first:\n%2")
                                                  .arg(mismatches.size()).arg(mismatches.mid(0, 12).join(QStringLiteral("\n\n")))));
}

void tst_AlembicConformance::demoProject()
{
    const QString dir = m_dir.filePath(QStringLiteral("demo"));
    QVERIFY(demo::prepareUserDemo(dir).ok());
    QFile::remove(dir + QStringLiteral("/instance/spaceship.db"));
    Scenario s{dir, m_dir.filePath(QStringLiteral("demo.db")), {}};
    const char *script[][2] = {
        {"heads", nullptr}, {"history", nullptr}, {"branches", nullptr}, {"upgrade", "7a4e"}, {"current", nullptr},
        {"upgrade", "launches@head"}, {"current", nullptr}, {"downgrade", "b5c8d2e7f310"}, {"current", nullptr},
        {"downgrade", "-1"}, {"current", nullptr}, {"upgrade", "heads"}, {"downgrade", "launches@base"}, {"current", nullptr},
        {"upgrade", "+1"}, {"upgrade", "head"}, {"downgrade", "base"}, {"upgrade", "e2f7"}, {"downgrade", "c91a4f6e2d87"},
        {"upgrade", "zz99"}, {"upgrade", "3d1f+2"}, {"downgrade", "head-2"}, {"history", "7a4e:e2f7"}, {"history", "c91a:b5c8"},
    };
    for (const auto &c : script)
        s.commands.append(c[1] ? QJsonArray{c[0], c[1]} : QJsonArray{c[0]});
    s.commands.append(QJsonArray{"stamp", QJsonArray{"b5c8", "c91a"}});
    s.commands.append(QJsonArray{"current"});
    s.commands.append(QJsonArray{"stamp", QJsonArray{"heads"}, true});
    s.commands.append(QJsonArray{"current"});
    check({s});
}

void tst_AlembicConformance::generatedProjects()
{
    const int graphs = qEnvironmentVariableIsSet("RETORT_CONFORMANCE_GRAPHS") ? qEnvironmentVariableIntValue("RETORT_CONFORMANCE_GRAPHS") : 40;
    QList<Scenario> scenarios;
    for (int seed = 1; seed <= graphs; ++seed) {
        QRandomGenerator rng(quint32(seed) * 7919u);
        const auto revs = test::generateHistory(quint32(seed), 3 + int(rng.bounded(22)));
        const QString dir = m_dir.filePath(QStringLiteral("graph%1").arg(seed));
        QVERIFY(test::writeAlembicProject(dir, revs));
        scenarios << Scenario{dir, dir + QStringLiteral("/test.db"), randomCommands(rng, revs, 10)};
    }
    check(scenarios);
}

// branch_labels and depends_on taken from the project's own modules (branch_labels = (cli.CONTRACT_BRANCH,)),
// as projects with expand/contract branches write them: Retort reads the constants without importing.
void tst_AlembicConformance::headersNamingProjectConstants()
{
    const QString dir = m_dir.filePath(QStringLiteral("constants"));
    const std::vector<test::GeneratedRevision> revisions = {
        {QStringLiteral("aa01"), {}, {QStringLiteral("contract")}, {}, QStringLiteral("contract base")},
        {QStringLiteral("bb01"), {}, {QStringLiteral("expand")}, {}, QStringLiteral("expand base")},
        {QStringLiteral("aa02"), {QStringLiteral("aa01")}, {}, {QStringLiteral("bb01")}, QStringLiteral("contract step")},
    };
    QVERIFY(test::writeAlembicProject(dir, revisions));
    const auto rewrite = [](const QString &path, const QList<QPair<QString, QString>> &changes) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        QString text = QString::fromUtf8(file.readAll());
        file.close();
        for (const auto &[from, to] : changes) {
            if (!text.contains(from))
                return false;
            text.replace(from, to);
        }
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) > 0;
    };
    QDir().mkpath(dir + QStringLiteral("/myapp"));
    QFile init(dir + QStringLiteral("/myapp/__init__.py"));
    QVERIFY(init.open(QIODevice::WriteOnly));
    init.close();
    QFile cli(dir + QStringLiteral("/myapp/cli.py"));
    QVERIFY(cli.open(QIODevice::WriteOnly));
    cli.write("CONTRACT_BRANCH = \"contract\"\nEXPAND_BRANCH = 'expand'\nEXPAND_BASE = \"bb01\"\n");
    cli.close();
    // Alembic imports the revisions with the project folder on sys.path, as Flask-Migrate's template sets it.
    QVERIFY(rewrite(dir + QStringLiteral("/alembic.ini"), {{QStringLiteral("[alembic]\n"), QStringLiteral("[alembic]\nprepend_sys_path = .\n")}}));
    QVERIFY(rewrite(dir + QStringLiteral("/alembic/versions/aa01_contract_base.py"),
                    {{QStringLiteral("import sqlalchemy as sa\n"), QStringLiteral("import sqlalchemy as sa\nfrom myapp import cli\n")},
                     {QStringLiteral("branch_labels = 'contract'"), QStringLiteral("branch_labels = (cli.CONTRACT_BRANCH,)")}}));
    QVERIFY(rewrite(dir + QStringLiteral("/alembic/versions/bb01_expand_base.py"),
                    {{QStringLiteral("import sqlalchemy as sa\n"), QStringLiteral("import sqlalchemy as sa\nfrom myapp.cli import EXPAND_BRANCH\n")},
                     {QStringLiteral("branch_labels = 'expand'"), QStringLiteral("branch_labels = EXPAND_BRANCH")}}));
    QVERIFY(rewrite(dir + QStringLiteral("/alembic/versions/aa02_contract_step.py"),
                    {{QStringLiteral("import sqlalchemy as sa\n"), QStringLiteral("import sqlalchemy as sa\nimport myapp.cli\n")},
                     {QStringLiteral("depends_on = 'bb01'"), QStringLiteral("depends_on = [myapp.cli.EXPAND_BASE]")}}));
    Scenario s{dir, dir + QStringLiteral("/test.db"), {}};
    const char *script[][2] = {{"heads", nullptr}, {"branches", nullptr}, {"history", nullptr}, {"upgrade", "contract@head"},
                               {"current", nullptr}, {"downgrade", "expand@base"}, {"current", nullptr}};
    for (const auto &c : script)
        s.commands.append(c[1] ? QJsonArray{c[0], c[1]} : QJsonArray{c[0]});
    check({s});
}

QTEST_GUILESS_MAIN(tst_AlembicConformance)
#include "tst_AlembicConformance.moc"
