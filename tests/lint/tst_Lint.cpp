// The migration linter: every rule with a revision that trips it and one that does not, the
// silencing comment, the range, the three output formats and retort-cli lint's exit code.
#include "RevisionFiles.h"
#include "TestProcesses.h"

#include "lint/MigrationLint.h"
#include "runner/MigrationProject.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace retort;
using retort::test::Revision;

namespace {

const char *kBaseUp =
    "op.create_table('account', sa.Column('id', sa.Integer(), primary_key=True),\n"
    "    sa.Column('email', sa.String(120), nullable=True), sa.Column('name', sa.Text()),\n"
    "    sa.Column('balance', sa.Numeric(10, 2)))\n"
    "op.create_table('post', sa.Column('id', sa.Integer(), primary_key=True),\n"
    "    sa.Column('account_id', sa.Integer(), sa.ForeignKey('account.id', name='fk_post_account', ondelete='CASCADE')),\n"
    "    sa.Column('title', sa.String(50)))";
const char *kBaseDown = "op.drop_table('post')\nop.drop_table('account')";

/// One revision on top of the base (accounts and posts): its upgrade(), downgrade() and imports.
struct Case
{
    QString up;
    QString down;
    QString imports;
    bool secondHead = false;   ///< also a sibling revision: two heads
};

struct Linted
{
    LintReport report;
    QString file;              ///< the revision under test
};

Linted lint(const QString &dir, const Case &c, Dialect dialect, bool downgrades = false)
{
    QList<Revision> revisions = {{QStringLiteral("r1base"), QString(), QString::fromLatin1(kBaseUp), QString::fromLatin1(kBaseDown)},
                                 {QStringLiteral("r2test"), QStringLiteral("r1base"), c.up, c.down}};
    if (c.secondHead)
        revisions << Revision{QStringLiteral("r3side"), QStringLiteral("r1base"), QStringLiteral("op.add_column('post', sa.Column('x', sa.Integer()))"),
                              QStringLiteral("op.drop_column('post', 'x')")};
    if (!test::writeProject(dir, revisions))
        qFatal("cannot write the project");
    QFile test(dir + QStringLiteral("/versions/r2test.py"));
    if (!test.open(QIODevice::WriteOnly))
        qFatal("cannot write the revision");
    test.write(test::scriptText(revisions.at(1), c.imports).toUtf8());
    test.close();
    QDir(dir).mkpath(QStringLiteral("myapp"));
    QFile(dir + QStringLiteral("/myapp/__init__.py")).open(QIODevice::WriteOnly);

    Result<std::unique_ptr<MigrationProject>> opened = MigrationProject::open(dir);
    if (!opened)
        qFatal("cannot open the project: %s", qPrintable(opened.error().toString()));
    LintOptions options;
    options.dialects = {dialect};
    options.projectRoot = dir;
    options.downgrades = downgrades;
    const int r2 = (*opened)->graph().indexOf(QStringLiteral("r2test"));
    options.revisions = {r2};
    return {lintHistory((*opened)->operations(), options), QFileInfo(test).absoluteFilePath()};
}

QList<LintFinding> ofRule(const LintReport &report, const QString &rule)
{
    QList<LintFinding> out;
    for (const LintFinding &f : report.findings) {
        if (f.rule == rule)
            out << f;
    }
    return out;
}

QString listed(const LintReport &report)
{
    QStringList out;
    for (const LintFinding &f : report.findings)
        out << QStringLiteral("%1:%2 %3").arg(f.rule).arg(f.line).arg(f.message);
    return out.join(QStringLiteral("\n"));
}

} // namespace

class tst_Lint : public QObject
{
    Q_OBJECT

private slots:
    void eachRule_data();
    void eachRule();
    void everyRuleIsTested();
    void everyRuleIsDocumented();
    void ignoreComment();
    void downgradesAreChecked();
    void serverDefaultIsAnErrorOnTheTargetEngine();
    void rangeAndRevisions();
    void schemaSqlText_data();
    void schemaSqlText();
    void cliFormatsAndExitCode();

private:
    QSet<QString> m_tested;
};

void tst_Lint::eachRule_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("tripsUp");
    QTest::addColumn<QString>("tripsDown");
    QTest::addColumn<QString>("tripsImports");
    QTest::addColumn<bool>("tripsSecondHead");
    QTest::addColumn<QString>("cleanUp");
    QTest::addColumn<QString>("cleanDown");
    QTest::addColumn<int>("line");   // of the finding in the revision that trips

    const int sqlite = int(Dialect::SQLite), pg = int(Dialect::PostgreSQL), mysql = int(Dialect::MySQL);
    const auto row = [](const char *rule, int dialect, const char *up, const char *down, const char *cleanUp, const char *cleanDown, int line,
                        const char *imports = "", bool secondHead = false) {
        QTest::newRow(rule) << QString::fromLatin1(rule) << dialect << QString::fromLatin1(up) << QString::fromLatin1(down)
                            << QString::fromLatin1(imports) << secondHead << QString::fromLatin1(cleanUp) << QString::fromLatin1(cleanDown) << line;
    };
    row("drop-table", sqlite, "op.drop_table('post')", "", "op.create_table('tag', sa.Column('id', sa.Integer(), primary_key=True))",
        "op.drop_table('tag')", 15);
    row("drop-column", pg, "op.alter_column('account', 'email', nullable=True)\nop.drop_column('account', 'name')", "",
        "op.add_column('account', sa.Column('nick', sa.String(20)))", "op.drop_column('account', 'nick')", 16);
    row("narrow-type", mysql, "op.alter_column('account', 'email', type_=sa.String(50), existing_type=sa.String(120))", "",
        "op.alter_column('account', 'email', type_=sa.String(200), existing_type=sa.String(120))", "", 15);
    row("unbounded-dml", sqlite, "op.execute('UPDATE account SET name = NULL WHERE id = 1')\nop.execute('DELETE FROM post')", "",
        "op.execute('DELETE FROM post WHERE title IS NULL')", "", 16);
    row("not-null-without-default", pg, "op.add_column('account', sa.Column('age', sa.Integer(), nullable=False))", "",
        "op.add_column('account', sa.Column('age', sa.Integer(), nullable=False, server_default='0'))", "", 15);
    row("unique-on-existing", pg, "op.create_unique_constraint('uq_account_email', 'account', ['email'])", "",
        "op.execute('DELETE FROM account WHERE id NOT IN (SELECT min(id) FROM account GROUP BY email)')\n"
        "op.create_unique_constraint('uq_account_email', 'account', ['email'])\n"
        "op.add_column('account', sa.Column('token', sa.String(32)))\n"
        "op.create_index('ix_account_token', 'account', ['token'], unique=True)", "", 15);
    row("index-not-concurrent", pg, "op.create_index('ix_post_title', 'post', ['title'])", "",
        "with op.get_context().autocommit_block():\n    op.create_index('ix_post_title', 'post', ['title'], postgresql_concurrently=True)", "", 15);
    row("concurrently-in-transaction", pg, "op.create_index('ix_post_title', 'post', ['title'], postgresql_concurrently=True)", "",
        "with op.get_context().autocommit_block():\n    op.create_index('ix_post_title', 'post', ['title'], postgresql_concurrently=True)", "", 15);
    row("type-rewrite", pg, "op.alter_column('post', 'account_id', type_=sa.BigInteger(), existing_type=sa.Integer())", "",
        "op.alter_column('account', 'email', type_=sa.Text(), existing_type=sa.String(120))", "", 15);
    row("constraint-not-valid", pg, "op.create_check_constraint('ck_balance', 'account', 'balance >= 0')", "",
        "op.create_table('tag', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('n', sa.Integer()))\n"
        "op.create_check_constraint('ck_tag_n', 'tag', 'n >= 0')", "", 15);
    row("set-not-null", pg, "op.alter_column('account', 'email', nullable=False, existing_type=sa.String(120))", "",
        "op.alter_column('account', 'email', nullable=True, existing_type=sa.String(120))", "", 15);
    row("mysql-blocking-ddl", mysql, "op.alter_column('post', 'title', type_=sa.Text(), existing_type=sa.String(50))", "",
        "op.alter_column('post', 'title', type_=sa.String(60), existing_type=sa.String(50))", "", 15);
    row("sqlite-batch-cascade", sqlite, "with op.batch_alter_table('account') as batch_op:\n    batch_op.alter_column('name', type_=sa.String(80))", "",
        "with op.batch_alter_table('post') as batch_op:\n    batch_op.alter_column('title', type_=sa.String(80))", "", 15);
    row("mysql-ddl-with-data", mysql, "op.add_column('account', sa.Column('nick', sa.String(20)))\n"
        "op.execute(\"UPDATE account SET nick = name WHERE nick IS NULL\")", "",
        "op.add_column('account', sa.Column('nick', sa.String(20)))", "", 16);
    row("enum-value-in-transaction", pg, "op.execute(\"ALTER TYPE mood ADD VALUE 'sad'\")\n"
        "op.execute(\"UPDATE account SET name = 'sad' WHERE id = 1\")", "",
        "with op.get_context().autocommit_block():\n    op.execute(\"ALTER TYPE mood ADD VALUE 'sad'\")\n"
        "op.execute(\"UPDATE account SET name = 'sad' WHERE id = 1\")", "", 15);
    row("server-default-per-engine", pg, "op.add_column('account', sa.Column('created', sa.DateTime(), server_default=sa.text('now()')))", "",
        "op.add_column('account', sa.Column('created', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP')))", "", 15);
    row("downgrade-mismatch", sqlite, "op.add_column('account', sa.Column('nick', sa.String(20)))", "pass",
        "op.add_column('account', sa.Column('nick', sa.String(20)))", "op.drop_column('account', 'nick')", 18);
    row("unnamed-constraint", pg, "op.create_foreign_key(None, 'post', 'account', ['account_id'], ['id'])", "",
        "op.create_foreign_key('fk_post_owner', 'post', 'account', ['account_id'], ['id'])", "", 15);
    row("imports-app-models", sqlite, "pass", "", "pass", "", 7, "from myapp.models import Account");
    row("unmerged-heads", sqlite, "op.add_column('account', sa.Column('nick', sa.String(20)))", "op.drop_column('account', 'nick')",
        "op.add_column('account', sa.Column('nick', sa.String(20)))", "op.drop_column('account', 'nick')", 8, "", true);
}

void tst_Lint::eachRule()
{
    QFETCH(QString, rule);
    QFETCH(int, dialect);
    QFETCH(QString, tripsUp);
    QFETCH(QString, tripsDown);
    QFETCH(QString, tripsImports);
    QFETCH(bool, tripsSecondHead);
    QFETCH(QString, cleanUp);
    QFETCH(QString, cleanDown);
    QFETCH(int, line);
    QVERIFY2(lintRule(rule), qPrintable(rule));
    m_tested.insert(rule);

    QTemporaryDir trips, clean;
    const Linted bad = lint(trips.path(), {tripsUp, tripsDown, tripsImports, tripsSecondHead}, Dialect(dialect));
    const QList<LintFinding> found = ofRule(bad.report, rule);
    QVERIFY2(!found.isEmpty(), qPrintable(QStringLiteral("%1 not found; found:\n%2").arg(rule, listed(bad.report))));
    const LintFinding &f = found.first();
    if (rule == QLatin1String("unmerged-heads")) {
        QCOMPARE(found.size(), 2);   // both heads
    } else {
        QCOMPARE(f.file, bad.file);
        QCOMPARE(f.revision, QStringLiteral("r2test"));
    }
    QCOMPARE(f.line, line);
    QCOMPARE(f.severity, lintRule(rule)->severity);
    QVERIFY(!f.message.isEmpty() && !f.why.isEmpty() && !f.saferWay.isEmpty());
    const QString engine = lintRule(rule)->engines;
    QCOMPARE(f.engine, engine);

    const Linted good = lint(clean.path(), {cleanUp, cleanDown, {}, false}, Dialect(dialect));
    QVERIFY2(ofRule(good.report, rule).isEmpty(), qPrintable(listed(good.report)));
    // An engine rule is not reported for another engine.
    if (engine != QLatin1String("any")) {
        QTemporaryDir other;
        const Dialect elsewhere = dialect == int(Dialect::PostgreSQL) ? Dialect::MySQL : Dialect::PostgreSQL;
        QVERIFY(ofRule(lint(other.path(), {tripsUp, tripsDown, tripsImports, tripsSecondHead}, elsewhere).report, rule).isEmpty());
    }
}

void tst_Lint::everyRuleIsTested()
{
    for (const LintRule &r : lintRules())
        QVERIFY2(m_tested.contains(r.id), qPrintable(QStringLiteral("no test for rule %1").arg(r.id)));
}

void tst_Lint::everyRuleIsDocumented()
{
    QFile readme(QStringLiteral(RETORT_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    for (const LintRule &r : lintRules())
        QVERIFY2(text.contains(QStringLiteral("`%1`").arg(r.id)), qPrintable(QStringLiteral("README does not document %1").arg(r.id)));
}

void tst_Lint::ignoreComment()
{
    QTemporaryDir a, b, c;
    Linted silenced = lint(a.path(), {QStringLiteral("op.drop_table('post')  # retort: ignore=drop-table"), {}, {}, false}, Dialect::SQLite);
    QVERIFY(ofRule(silenced.report, QStringLiteral("drop-table")).isEmpty());
    QCOMPARE(silenced.report.silenced, 1);
    // On a line of its own just above.
    Linted above = lint(b.path(), {QStringLiteral("# retort: ignore=drop-column, drop-table\nop.drop_table('post')"), {}, {}, false}, Dialect::SQLite);
    QVERIFY(ofRule(above.report, QStringLiteral("drop-table")).isEmpty());
    // Another rule's name silences nothing.
    Linted other = lint(c.path(), {QStringLiteral("op.drop_table('post')  # retort: ignore=drop-column"), {}, {}, false}, Dialect::SQLite);
    QCOMPARE(ofRule(other.report, QStringLiteral("drop-table")).size(), 1);
    QCOMPARE(other.report.silenced, 0);
}

void tst_Lint::downgradesAreChecked()
{
    // The classic: a downgrade that drops a column someone filled since.
    QTemporaryDir dir;
    const Case c{QStringLiteral("op.add_column('account', sa.Column('nick', sa.String(20)))"), QStringLiteral("op.drop_column('account', 'nick')"), {}, false};
    QVERIFY(ofRule(lint(dir.path(), c, Dialect::SQLite).report, QStringLiteral("drop-column")).isEmpty());
    QTemporaryDir again;
    const QList<LintFinding> found = ofRule(lint(again.path(), c, Dialect::SQLite, true).report, QStringLiteral("drop-column"));
    QCOMPARE(found.size(), 1);
    QVERIFY(!found.first().upgrade);
    QCOMPARE(found.first().line, 19);   // downgrade()'s first line
}

void tst_Lint::serverDefaultIsAnErrorOnTheTargetEngine()
{
    const Case c{QStringLiteral("op.add_column('account', sa.Column('created', sa.DateTime(), server_default=sa.text('now()')))"), {}, {}, false};
    QTemporaryDir a, b;
    const QList<LintFinding> onSqlite = ofRule(lint(a.path(), c, Dialect::SQLite).report, QStringLiteral("server-default-per-engine"));
    QCOMPARE(onSqlite.size(), 1);
    QCOMPARE(onSqlite.first().severity, LintSeverity::Error);   // SQLite, the engine checked, refuses now()
    QVERIFY(onSqlite.first().message.contains(QLatin1String("sqlite")));
    const QList<LintFinding> onPg = ofRule(lint(b.path(), c, Dialect::PostgreSQL).report, QStringLiteral("server-default-per-engine"));
    QCOMPARE(onPg.first().severity, LintSeverity::Warning);
}

// DDL written as SQL text in op.execute() meets the same rules as the op.* call it stands for.
void tst_Lint::schemaSqlText_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("trips");
    QTest::addColumn<QString>("clean");
    const int pg = int(Dialect::PostgreSQL), mysql = int(Dialect::MySQL);
    QTest::newRow("index") << "index-not-concurrent" << pg << "op.execute('CREATE INDEX ix_post_title ON post (title)')"
                           << "with op.get_context().autocommit_block():\n    op.execute('CREATE INDEX CONCURRENTLY ix_post_title ON post (title)')";
    QTest::newRow("concurrently") << "concurrently-in-transaction" << pg << "op.execute('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON post (title)')"
                                  << "op.execute('CREATE INDEX ix_tag ON tag (id)')";   // a table this revision does not know: nothing to lock
    QTest::newRow("drop concurrently") << "concurrently-in-transaction" << pg << "op.execute('DROP INDEX CONCURRENTLY ix_old')"
                                       << "with op.get_context().autocommit_block():\n    op.execute('DROP INDEX CONCURRENTLY ix_old')";
    QTest::newRow("foreign key") << "constraint-not-valid" << pg
                                 << "op.execute('ALTER TABLE post ADD CONSTRAINT fk_x FOREIGN KEY (account_id) REFERENCES account (id)')"
                                 << "op.execute('ALTER TABLE post ADD CONSTRAINT fk_x FOREIGN KEY (account_id) REFERENCES account (id) NOT VALID')";
    QTest::newRow("not null") << "set-not-null" << pg << "op.execute('ALTER TABLE ONLY account ALTER COLUMN email SET NOT NULL')"
                              << "op.execute('ALTER TABLE account ALTER COLUMN email DROP NOT NULL')";
    QTest::newRow("charset") << "mysql-blocking-ddl" << mysql << "op.execute('ALTER TABLE post CONVERT TO CHARACTER SET utf8mb4')"
                             << "op.execute('ALTER TABLE post COMMENT = \"posts\"')";
}

void tst_Lint::schemaSqlText()
{
    QFETCH(QString, rule);
    QFETCH(int, dialect);
    QFETCH(QString, trips);
    QFETCH(QString, clean);
    QTemporaryDir a, b;
    const LintReport bad = lint(a.path(), {trips, {}, {}, false}, Dialect(dialect)).report;
    QCOMPARE(ofRule(bad, rule).size(), 1);
    QCOMPARE(ofRule(bad, rule).first().line, 15);
    QVERIFY2(ofRule(lint(b.path(), {clean, {}, {}, false}, Dialect(dialect)).report, rule).isEmpty(), qPrintable(clean));
}

void tst_Lint::rangeAndRevisions()
{
    QTemporaryDir dir;
    QVERIFY(test::writeProject(dir.path(), {{QStringLiteral("a1"), {}, QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('c', sa.Integer()))"),
                                             QStringLiteral("op.drop_table('t')")},
                                            {QStringLiteral("a2"), QStringLiteral("a1"), QStringLiteral("op.drop_column('t', 'c')"),
                                             QStringLiteral("op.add_column('t', sa.Column('c', sa.Integer()))")},
                                            {QStringLiteral("a3"), QStringLiteral("a2"), QStringLiteral("op.drop_table('t')"),
                                             QStringLiteral("op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('c', sa.Integer()))")}}));
    Result<std::unique_ptr<MigrationProject>> opened = MigrationProject::open(dir.path());
    QVERIFY(opened);
    const RevisionGraph &graph = (*opened)->graph();
    QString error;
    const auto ids = [&](const QList<int> &revisions) {
        QStringList out;
        for (int r : revisions)
            out << graph.at(r).id;
        out.sort();
        return out;
    };
    QCOMPARE(ids(lintRange(graph, QStringLiteral("a2:"), &error)), QStringList({"a2", "a3"}));
    QCOMPARE(ids(lintRange(graph, QStringLiteral(":a2"), &error)), QStringList({"a1", "a2"}));
    QCOMPARE(ids(lintRange(graph, QStringLiteral("a2"), &error)), QStringList({"a2"}));
    QCOMPARE(ids(lintRange(graph, QString(), &error)), QStringList({"a1", "a2", "a3"}));
    QVERIFY(lintRange(graph, QStringLiteral("zz:"), &error).isEmpty());
    QVERIFY(error.contains(QLatin1String("zz")));

    LintOptions options;
    options.dialects = {Dialect::SQLite};
    options.revisions = lintRange(graph, QStringLiteral("a3"), &error);
    const LintReport report = lintHistory((*opened)->operations(), options);
    QCOMPARE(report.revisionsChecked, 1);
    QCOMPARE(ofRule(report, QStringLiteral("drop-table")).size(), 1);   // a3's drop, known to hold rows made by a1
    QVERIFY(ofRule(report, QStringLiteral("drop-column")).isEmpty());   // a2 is outside the range
    // a3's downgrade gives t back with the column c that a2 had dropped.
    const QList<LintFinding> mismatch = ofRule(report, QStringLiteral("downgrade-mismatch"));
    QCOMPARE(mismatch.size(), 1);
    QVERIFY2(mismatch.first().message.contains(QLatin1String("column c")), qPrintable(mismatch.first().message));
}

void tst_Lint::cliFormatsAndExitCode()
{
    QTemporaryDir dir;
    const Case c{QStringLiteral("op.create_index('ix_post_title', 'post', ['title'])\nop.drop_column('account', 'name')"), {}, {}, false};
    lint(dir.path(), c, Dialect::PostgreSQL);
    const auto cli = [&](const QStringList &args) { return test::runProgram(QStringLiteral(RETORT_CLI_PATH), QStringList{QStringLiteral("--project"), dir.path()} + args); };

    const test::ProcessRun text = cli({QStringLiteral("lint"), QStringLiteral("--dialect"), QStringLiteral("postgresql")});
    QCOMPARE(text.exitCode, 1);   // drop-column is an error
    QVERIFY2(text.out.contains(QLatin1String("versions/r2test.py:16: error [drop-column] (any) drops column 'account.name'")), qPrintable(text.out));
    QVERIFY(text.out.contains(QLatin1String("versions/r2test.py:15: warning [index-not-concurrent] (postgresql)")));
    QVERIFY(text.out.contains(QLatin1String("safer: ")));

    // Warnings alone exit 0: SQLite has no index rule, and only r1base is linted.
    QCOMPARE(cli({QStringLiteral("lint"), QStringLiteral("r1base"), QStringLiteral("--dialect"), QStringLiteral("sqlite")}).exitCode, 0);

    const test::ProcessRun json = cli({QStringLiteral("lint"), QStringLiteral("--dialect"), QStringLiteral("postgresql"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("errors")).toInt(), 1);
    bool sawIndex = false;
    for (const QJsonValue &v : o.value(QStringLiteral("findings")).toArray()) {
        if (v[QStringLiteral("rule")].toString() == QLatin1String("index-not-concurrent")) {
            sawIndex = true;
            QCOMPARE(v[QStringLiteral("file")].toString(), QStringLiteral("versions/r2test.py"));
            QCOMPARE(v[QStringLiteral("line")].toInt(), 15);
            QCOMPARE(v[QStringLiteral("engine")].toString(), QStringLiteral("postgresql"));
        }
    }
    QVERIFY(sawIndex);

    const test::ProcessRun sarif = cli({QStringLiteral("lint"), QStringLiteral("--dialect"), QStringLiteral("postgresql"), QStringLiteral("--format"), QStringLiteral("sarif")});
    const QJsonObject s = QJsonDocument::fromJson(sarif.out.toUtf8()).object();
    QCOMPARE(s.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
    const QJsonObject run = s.value(QStringLiteral("runs")).toArray().first().toObject();
    QCOMPARE(run[QStringLiteral("tool")][QStringLiteral("driver")][QStringLiteral("rules")].toArray().size(), lintRules().size());
    const QJsonArray results = run[QStringLiteral("results")].toArray();
    QVERIFY(!results.isEmpty());
    const QJsonObject location = results.first()[QStringLiteral("locations")].toArray().first()[QStringLiteral("physicalLocation")].toObject();
    QCOMPARE(location[QStringLiteral("artifactLocation")][QStringLiteral("uri")].toString(), QStringLiteral("versions/r2test.py"));
    QVERIFY(location[QStringLiteral("region")][QStringLiteral("startLine")].toInt() >= 15);

    // --dialect all: every engine's rules at once, each finding naming its engine.
    const test::ProcessRun all = cli({QStringLiteral("lint"), QStringLiteral("--dialect"), QStringLiteral("all")});
    QCOMPARE(all.exitCode, 1);
    QVERIFY(all.out.contains(QLatin1String("(postgresql)")) && all.out.startsWith(QLatin1String("# lint for SQLite, PostgreSQL and MySQL/MariaDB")));
    QCOMPARE(cli({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("lint"), QStringLiteral("nosuch")}).exitCode, 1);
    const test::ProcessRun rules = cli({QStringLiteral("lint"), QStringLiteral("--rules")});
    QCOMPARE(rules.exitCode, 0);
    for (const LintRule &r : lintRules())
        QVERIFY(rules.out.contains(r.id));
}

QTEST_GUILESS_MAIN(tst_Lint)
#include "tst_Lint.moc"
