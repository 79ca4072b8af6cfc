// Retort's model-vs-database comparison against Alembic's own compare_metadata() (Debian's Alembic
// 1.8 with compare_type=True), on real SQLite, PostgreSQL and MariaDB databases: for each case in
// tests/data/compare, SQLAlchemy creates the tables of before/models.py, then both compare
// after/models.py with that database. Plus what Retort reports beyond autogenerate.
#include "TestProcesses.h"
#include "TestServers.h"

#include "compare/SchemaCompare.h"
#include "connection/Connection.h"
#include "models/ModelReader.h"
#include "schema/SchemaReader.h"

#include <QDir>
#include <QRegularExpression>
#include <QTest>

using namespace retort;

Q_DECLARE_METATYPE(retort::Dialect)

namespace {

const QString kData = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/compare");
const QString kScript = QStringLiteral(RETORT_SOURCE_DIR "/tests/compare/alembic_compare.py");

QString saUrl(const DatabaseUrl &url)
{
    QString text = url.toString(true);
    if (url.dialect() == Dialect::MySQL)
        text.replace(QRegularExpression(QStringLiteral("^mysql:")), QStringLiteral("mysql+pymysql:"));
    return text;
}

// A difference in alembic_compare.py's line format; empty for what autogenerate does not report.
QString line(const SchemaDifference &d)
{
    using K = SchemaDifference::Kind;
    const QString at = d.table + QLatin1Char('.') + d.column;
    switch (d.kind) {
    case K::AddTable: return QStringLiteral("add_table ") + d.table;
    case K::RemoveTable: return QStringLiteral("remove_table ") + d.table;
    case K::AddColumn: return QStringLiteral("add_column ") + at;
    case K::RemoveColumn: return QStringLiteral("remove_column ") + at;
    case K::ModifyNullable: return QStringLiteral("modify_nullable ") + at;
    case K::ModifyType: return QStringLiteral("modify_type ") + at;
    case K::ModifyDefault: return QStringLiteral("modify_default ") + at;
    case K::ModifyComment: return QStringLiteral("modify_comment ") + at;
    case K::ModifyTableComment: return QStringLiteral("modify_table_comment ") + d.table;
    case K::AddIndex: return QStringLiteral("add_index ") + d.name;
    case K::RemoveIndex: return QStringLiteral("remove_index ") + d.name;
    case K::AddUnique:
        return QStringLiteral("add_unique %1(%2)").arg(d.table, d.modelConstraint->constraint.columns.join(QLatin1Char(',')));
    case K::RemoveUnique: return QStringLiteral("remove_unique %1(%2)").arg(d.table, d.liveUnique->columns.join(QLatin1Char(',')));
    case K::AddForeignKey: {
        const ConstraintDef &c = d.modelConstraint->constraint;
        return QStringLiteral("add_fk %1(%2)->%3(%4)").arg(d.table, c.columns.join(QLatin1Char(',')), c.refTable,
                                                          c.refColumns.join(QLatin1Char(',')));
    }
    case K::RemoveForeignKey: {
        const ForeignKey &f = *d.liveForeignKey;
        return QStringLiteral("remove_fk %1(%2)->%3(%4)").arg(d.table, f.columns.join(QLatin1Char(',')), f.referredTable,
                                                             f.referredColumns.join(QLatin1Char(',')));
    }
    default: return {};   // checks (Alembic 1.8 does not compare them), rename questions, warnings
    }
}

struct Compared
{
    QStringList alembic;
    QStringList retort;
    QList<SchemaDifference> differences;
    ModelSet models;
    Schema live;
};

} // namespace

class tst_Compare : public QObject
{
    Q_OBJECT

    // Runs one case on one engine; the ModelSet and Schema stay alive for the differences' pointers.
    bool run(const QString &name, Dialect dialect, Compared *out)
    {
        test::ScratchDatabase db(dialect);
        if (!db.isValid()) {
            qWarning() << db.error();
            return false;
        }
        const QString dir = QDir(kData).filePath(name);
        // A case without after/ compares the models with the database they made: nothing may differ.
        const QString after = QDir(dir + QStringLiteral("/after")).exists() ? dir + QStringLiteral("/after") : dir + QStringLiteral("/before");
        const test::ProcessRun alembic = test::runProgram(QStringLiteral("/usr/bin/python3"),
                                                          {kScript, saUrl(db.url()), dir + QStringLiteral("/before/models.py"),
                                                           after + QStringLiteral("/models.py")});
        if (alembic.exitCode != 0) {
            qWarning().noquote() << alembic.describe();
            return false;
        }
        out->alembic = alembic.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        Result<std::unique_ptr<Connection>> connection = Connection::open(db.url());
        if (!connection)
            return false;
        Result<Schema> schema = introspectSchema(**connection);
        if (!schema)
            return false;
        out->live = *schema;
        out->models = readModelFiles(after, {after + QStringLiteral("/models.py")}, {after}, FlaskNaming::V3);
        out->differences = compareSchemas(out->models, out->live, dialect);
        for (const SchemaDifference &d : std::as_const(out->differences)) {
            if (const QString l = line(d); !l.isEmpty())
                out->retort << l;
        }
        out->retort.sort();
        return true;
    }

private slots:
    void initTestCase() { RETORT_REQUIRE_ALEMBIC(); }

    void matchesAlembic_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Dialect>("dialect");
        for (const QString &c : QDir(kData).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            QTest::newRow(qPrintable(c + QStringLiteral("-sqlite"))) << c << Dialect::SQLite;
            QTest::newRow(qPrintable(c + QStringLiteral("-postgresql"))) << c << Dialect::PostgreSQL;
            QTest::newRow(qPrintable(c + QStringLiteral("-mysql"))) << c << Dialect::MySQL;
        }
    }
    void matchesAlembic()
    {
        QFETCH(QString, name);
        QFETCH(Dialect, dialect);
        RETORT_REQUIRE_SERVER(dialect);
        Compared c;
        QVERIFY(run(name, dialect, &c));
        QCOMPARE(c.retort, c.alembic);
        if (name == QLatin1String("same"))
            QVERIFY(c.alembic.isEmpty());
        else
            QVERIFY(!c.alembic.isEmpty());
    }

    void beyondAutogenerate()
    {
        Compared c;
        QVERIFY(run(QStringLiteral("changes"), Dialect::SQLite, &c));
        QStringList extra;
        for (const SchemaDifference &d : std::as_const(c.differences)) {
            if (!d.isOperation())
                extra << d.describe();
        }
        // nickname is gone and handle (also VARCHAR(30)) is new: asked, not silently dropped
        QVERIFY2(extra.contains(QStringLiteral("Column 'user.nickname' is gone and 'user.handle' of the same type is new: a rename? "
                                               "Autogenerate would drop 'nickname' and its data")),
                 qPrintable(extra.join(QLatin1Char('\n'))));
        // unique=True without a naming convention: an unnamed constraint SQLite cannot drop later
        QVERIFY2(extra.contains(QStringLiteral("The unique constraint (email) on 'user' has no name: SQLite's batch mode could "
                                               "not drop it later (give it a name, or a naming_convention)")),
                 qPrintable(extra.join(QLatin1Char('\n'))));
        for (const SchemaDifference &d : std::as_const(c.differences)) {
            if (d.kind == SchemaDifference::Kind::AddColumn && d.column == QLatin1String("bio")) {
                QCOMPARE(d.source.file, QStringLiteral("models.py"));
                QCOMPARE(d.source.line, 10);
                QCOMPARE(d.describe(), QStringLiteral("Detected added column 'user.bio'"));
            }
            if (d.kind == SchemaDifference::Kind::ModifyType)
                QCOMPARE(d.describe(), QStringLiteral("Detected type change from VARCHAR(50) to String(80) on 'user.name'"));
        }
    }

    void typeRules_data()
    {
        QTest::addColumn<Dialect>("dialect");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("reported");
        QTest::addColumn<bool>("differ");
        QTest::newRow("mysql bool") << Dialect::MySQL << "Boolean" << "tinyint(1)" << false;
        QTest::newRow("mysql int width") << Dialect::MySQL << "Integer" << "int(11)" << false;
        QTest::newRow("mysql varchar") << Dialect::MySQL << "String:50" << "varchar(50)" << false;
        QTest::newRow("mysql varchar longer") << Dialect::MySQL << "String:80" << "varchar(50)" << true;
        QTest::newRow("pg varchar") << Dialect::PostgreSQL << "String:50" << "character varying(50)" << false;
        QTest::newRow("pg string unbounded") << Dialect::PostgreSQL << "String" << "character varying" << false;
        QTest::newRow("pg datetime") << Dialect::PostgreSQL << "DateTime" << "timestamp without time zone" << false;
        QTest::newRow("pg datetime tz") << Dialect::PostgreSQL << "DateTime" << "timestamp with time zone" << true;
        QTest::newRow("pg float") << Dialect::PostgreSQL << "Float" << "double precision" << false;
        QTest::newRow("pg text vs varchar") << Dialect::PostgreSQL << "Text" << "character varying(20)" << true;
        QTest::newRow("sqlite numeric") << Dialect::SQLite << "Numeric" << "DECIMAL(10, 2)" << false;
        QTest::newRow("sqlite integer vs text") << Dialect::SQLite << "Integer" << "TEXT" << true;
    }
    void typeRules()
    {
        QFETCH(Dialect, dialect);
        QFETCH(QString, model);
        QFETCH(QString, reported);
        QFETCH(bool, differ);
        SqlType t;
        t.name = model.section(QLatin1Char(':'), 0, 0);
        if (model.contains(QLatin1Char(':')))
            t.length = model.section(QLatin1Char(':'), 1).toInt();
        QCOMPARE(typesDiffer(dialect, t, reported), differ);
    }
};

QTEST_GUILESS_MAIN(tst_Compare)
#include "tst_Compare.moc"
