// ModelReader on its own: the naming rules, finding the models in a project, the declared
// Flask-SQLAlchemy version, source positions, and input that must give a diagnostic, not a crash.
#include "models/ModelReader.h"
#include "models/TableNaming.h"

#include "demo/DemoProject.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace retort;

namespace {

void write(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text.toUtf8());
}

// A bare Alembic project (env.py + versions/) in dir with the given files.
void writeProject(const QString &dir, const QMap<QString, QString> &files)
{
    write(dir + QStringLiteral("/alembic.ini"), QStringLiteral("[alembic]\nscript_location = migrations\n"));
    write(dir + QStringLiteral("/migrations/versions/.keep"), QString());
    if (!files.contains(QStringLiteral("migrations/env.py")))
        write(dir + QStringLiteral("/migrations/env.py"), QStringLiteral("target_metadata = None\n"));
    for (auto it = files.constBegin(); it != files.constEnd(); ++it)
        write(dir + QLatin1Char('/') + it.key(), it.value());
}

ModelSet readProject(const QString &dir, const ModelReaderOptions &options = {})
{
    Result<Project> project = Project::open(dir);
    if (!project)
        qWarning() << project.error().toString();
    return project ? readProjectModels(*project, options) : ModelSet{};
}

QStringList tableNames(const ModelSet &set)
{
    QStringList names;
    for (const ModelTable &t : set.tables)
        names << t.name;
    return names;
}

QString diagnostics(const ModelSet &set)
{
    QStringList all;
    for (const ModelDiagnostic &d : set.diagnostics)
        all << d.toString();
    return all.join(QLatin1Char('\n'));
}

const QString kFlaskModels = QStringLiteral(
    "from flask_sqlalchemy import SQLAlchemy\n"
    "db = SQLAlchemy()\n"
    "class UserAPI(db.Model):\n"
    "    id = db.Column(db.Integer, primary_key=True)\n");

} // namespace

class tst_ModelReader : public QObject
{
    Q_OBJECT

private slots:
    void flaskNamingRules_data()
    {
        QTest::addColumn<QString>("className");
        QTest::addColumn<QString>("v3");
        QTest::addColumn<QString>("v2");
        // shared/reference/alembic.md section 8, computed with both rules
        QTest::newRow("User") << "User" << "user" << "user";
        QTest::newRow("BlogPost") << "BlogPost" << "blog_post" << "blog_post";
        QTest::newRow("HTTPRequest") << "HTTPRequest" << "http_request" << "http_request";
        QTest::newRow("UserAPI") << "UserAPI" << "user_api" << "userAPI";
        QTest::newRow("UserID") << "UserID" << "user_id" << "userID";
        QTest::newRow("ABC") << "ABC" << "abc" << "ABC";
        QTest::newRow("GPSCoordinates2D") << "GPSCoordinates2D" << "gps_coordinates2_d" << "gps_coordinates2D";
        QTest::newRow("OAuth2Token") << "OAuth2Token" << "o_auth2_token" << "o_auth2_token";
    }
    void flaskNamingRules()
    {
        QFETCH(QString, className);
        QFETCH(QString, v3);
        QFETCH(QString, v2);
        QCOMPARE(flaskTableName(className, FlaskNaming::V3), v3);
        QCOMPARE(flaskTableName(className, FlaskNaming::V2), v2);
    }

    void declaredVersionPicksTheRule_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("naming");   // 0 none, 2, 3
        QTest::addColumn<QString>("where");
        QTest::newRow("pinned 2.x") << "requirements.txt" << "Flask==2.0.1\nFlask-SQLAlchemy==2.5.1\n" << 2 << "requirements.txt:2";
        QTest::newRow("at least 3") << "requirements.txt" << "flask_sqlalchemy>=3.0.2\n" << 3 << "requirements.txt:1";
        QTest::newRow("below 3") << "requirements-prod.txt" << "# pins\nflask-sqlalchemy<3\n" << 2 << "requirements-prod.txt:2";
        QTest::newRow("below 3.0") << "requirements.txt" << "flask-sqlalchemy >=2.4, <3.0\n" << 3 << "requirements.txt:1";
        QTest::newRow("compatible 2.5") << "pyproject.toml" << "[project]\ndependencies = [\"Flask-SQLAlchemy ~= 2.5\"]\n" << 2
                                        << "pyproject.toml:2";
        QTest::newRow("poetry caret") << "pyproject.toml" << "[tool.poetry.dependencies]\nflask-sqlalchemy = \"^2.5.1\"\n" << 2
                                      << "pyproject.toml:2";
        QTest::newRow("unversioned") << "requirements.txt" << "flask-sqlalchemy\n" << 3 << "requirements.txt:1";
        QTest::newRow("commented out") << "requirements.txt" << "# flask-sqlalchemy==2.5\n" << 0 << "";
        QTest::newRow("not declared") << "requirements.txt" << "sqlalchemy==1.4\n" << 0 << "";
    }
    void declaredVersionPicksTheRule()
    {
        QFETCH(QString, file);
        QFETCH(QString, text);
        QFETCH(int, naming);
        QFETCH(QString, where);
        QTemporaryDir dir;
        writeProject(dir.path(), {{file, text}, {QStringLiteral("models.py"), kFlaskModels}});
        const auto declared = declaredFlaskNaming(dir.path());
        QCOMPARE(declared.has_value(), naming != 0);
        const ModelSet set = readProject(dir.path());
        if (naming == 0) {
            QCOMPARE(tableNames(set), QStringList{QStringLiteral("user_api")});
            return;
        }
        QCOMPARE(declared->first, naming == 2 ? FlaskNaming::V2 : FlaskNaming::V3);
        QVERIFY2(declared->second.startsWith(where), qPrintable(declared->second));
        QCOMPARE(tableNames(set), QStringList{naming == 2 ? QStringLiteral("userAPI") : QStringLiteral("user_api")});
        QVERIFY2(set.flaskNamingReason.contains(where), qPrintable(set.flaskNamingReason));
        // and the user can switch
        ModelReaderOptions options;
        options.flaskNaming = naming == 2 ? FlaskNaming::V3 : FlaskNaming::V2;
        QCOMPARE(tableNames(readProject(dir.path(), options)),
                 QStringList{naming == 2 ? QStringLiteral("user_api") : QStringLiteral("userAPI")});
    }

    void demoModelsFromEnvPy()
    {
        QTemporaryDir parent;
        const Result<QString> demo = demo::prepareUserDemo(parent.filePath(QStringLiteral("demo")));
        QVERIFY(demo.ok());
        Result<Project> project = Project::open(demo.value());
        QVERIFY(project.ok());
        const ModelFiles files = findModelFiles(*project);
        QCOMPARE(files.files.size(), 1);
        QVERIFY(files.files.first().endsWith(QLatin1String("ourapp/models.py")));
        QVERIFY2(files.how.contains(QLatin1String("target_metadata")), qPrintable(files.how));

        const ModelSet set = readProjectModels(*project);
        QVERIFY2(set.diagnostics.isEmpty(), qPrintable(diagnostics(set)));
        QCOMPARE(tableNames(set), (QStringList{QStringLiteral("engine"), QStringLiteral("launch")}));
        const ModelTable &engine = set.tables.at(0);
        QCOMPARE(engine.className, QStringLiteral("Engine"));
        QCOMPARE(engine.source.file, QStringLiteral("ourapp/models.py"));
        QCOMPARE(engine.source.line, 7);
        QStringList columns;
        for (const ModelColumn &c : engine.columns)
            columns << c.column.name;
        QCOMPARE(columns, (QStringList{"id", "title", "thrust", "last_fired"}));   // the relationship is not a column
        QCOMPARE(engine.column(QStringLiteral("title"))->source.line, 10);
        QVERIFY(!engine.column(QStringLiteral("thrust"))->column.serverDefault);   // default=0 is Python-side
        QCOMPARE(engine.indexes.size(), 1);
        QCOMPARE(engine.indexes.first().index.name, QStringLiteral("ix_engine_title"));
        const ModelTable &launch = set.tables.at(1);
        const auto fk = std::find_if(launch.constraints.begin(), launch.constraints.end(),
                                     [](const ModelConstraint &c) { return c.constraint.kind == ConstraintDef::Kind::ForeignKey; });
        QVERIFY(fk != launch.constraints.end());
        QCOMPARE(fk->constraint.refTable, QStringLiteral("engine"));
        QCOMPARE(fk->constraint.ondelete, QStringLiteral("CASCADE"));
        QCOMPARE(fk->source.line, 19);
    }

    void configuredPathAndScan()
    {
        QTemporaryDir dir;
        const QString models = QStringLiteral("from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n"
                                              "class A(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n");
        // Flask-Migrate's env.py takes the metadata from the running app: Retort scans instead.
        writeProject(dir.path(), {{QStringLiteral("migrations/env.py"),
                                   QStringLiteral("from flask import current_app\n"
                                                  "target_metadata = current_app.extensions['migrate'].db.metadata\n")},
                                  {QStringLiteral("app/models.py"), models},
                                  {QStringLiteral("other/legacy.py"), QString(models).replace(QLatin1String("class A"), QLatin1String("class B"))},
                                  {QStringLiteral("app/views.py"), QStringLiteral("def index():\n    return 'hi'\n")}});
        ModelSet set = readProject(dir.path());
        QCOMPARE(tableNames(set), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(set.files, (QStringList{QStringLiteral("app/models.py"), QStringLiteral("other/legacy.py")}));

        write(dir.filePath(QStringLiteral("pyproject.toml")), QStringLiteral("[tool.retort]\nmodels = \"app/models.py\"\n"));
        set = readProject(dir.path());
        QCOMPARE(tableNames(set), QStringList{QStringLiteral("a")});

        write(dir.filePath(QStringLiteral("pyproject.toml")), QStringLiteral("[tool.retort]\nmodels = \"app/missing.py\"\n"));
        set = readProject(dir.path());
        QVERIFY(set.tables.isEmpty());
        QVERIFY2(diagnostics(set).contains(QLatin1String("app/missing.py:0: the configured models path does not exist")),
                 qPrintable(diagnostics(set)));
    }

    void badInputGivesDiagnostics_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("tables");
        const QString head = QStringLiteral("from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n");
        QTest::newRow("syntax error") << head + QStringLiteral("class A(db.Model):\n    id = db.Column(db.Integer, primary_key=True\n"
                                                               "class B(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n")
                                      << "models.py:4: Python syntax error" << QStringList{"a", "b"};
        QTest::newRow("no primary key") << head + QStringLiteral("class A(db.Model):\n    name = db.Column(db.String(5))\n")
                                        << "models.py:3: A has no primary key column" << QStringList{"a"};
        QTest::newRow("plain class without tablename")
            << QStringLiteral("from sqlalchemy.orm import declarative_base\nfrom sqlalchemy import Column, Integer\n"
                              "Base = declarative_base()\nclass A(Base):\n    id = Column(Integer, primary_key=True)\n")
            << "models.py:4: A has no __tablename__" << QStringList{};
        QTest::newRow("table defined twice")
            << head + QStringLiteral("class A(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
                                     "class B(db.Model):\n    __tablename__ = 'a'\n    id = db.Column(db.Integer, primary_key=True)\n")
            << "models.py:5: table 'a' is defined twice" << QStringList{"a"};
        QTest::newRow("cyclic bases") << head + QStringLiteral("class A(B):\n    pass\nclass B(A):\n    id = db.Column(db.Integer)\n")
                                      << "" << QStringList{};
        QTest::newRow("unknown column argument")
            << head + QStringLiteral("class A(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
                                     "    x = db.Column(db.String(5), info=build())\n    y = db.Column(db.Integer, 5)\n")
            << "models.py:6: column 'y' of A is skipped" << QStringList{"a"};
        QTest::newRow("mixin reported once")
            << head + QStringLiteral("class M:\n    made = make()\n"
                                     "class A(M, db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
                                     "class B(M, db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n")
            << "models.py:4: 'made = make(...)' in M is computed" << QStringList{"a", "b"};
        QTest::newRow("registry decorator")
            << QStringLiteral("from sqlalchemy.orm import registry\nfrom sqlalchemy import Column, Integer\n"
                              "mapper_registry = registry()\n@mapper_registry.mapped_as_dataclass\nclass A:\n    __tablename__ = 'a'\n"
                              "    id = Column(Integer, primary_key=True)\n")
            << "models.py:4: A is mapped through a registry decorator" << QStringList{};
        QTest::newRow("fk to nowhere")
            << head + QStringLiteral("class A(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
                                     "    b_id = db.Column(db.ForeignKey('b.id'))\n")
            << "models.py:5: column 'b_id' of table 'a' takes its type from ForeignKey('b.id')" << QStringList{"a"};
        QTest::newRow("convention needs a name")
            << QStringLiteral("from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy import MetaData\n"
                              "db = SQLAlchemy(metadata=MetaData(naming_convention={'ck': 'ck_%(table_name)s_%(constraint_name)s'}))\n"
                              "class A(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
                              "    __table_args__ = (db.CheckConstraint('id > 0'),)\n")
            << "models.py:6: table 'a': the naming convention uses %(constraint_name)s" << QStringList{"a"};
    }
    void badInputGivesDiagnostics()
    {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        QFETCH(QStringList, tables);
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("models.py")), source);
        const ModelSet set = readModelFiles(dir.path(), {dir.filePath(QStringLiteral("models.py"))}, {dir.path()}, FlaskNaming::V3);
        QCOMPARE(tableNames(set), tables);
        if (!expected.isEmpty()) {
            QVERIFY2(diagnostics(set).contains(expected), qPrintable(diagnostics(set)));
            QCOMPARE(diagnostics(set).count(expected), 1);
        }
    }

    void importCyclesAndDepthAreBounded()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("a.py")), QStringLiteral("from b import x\nfrom flask_sqlalchemy import SQLAlchemy\n"
                                                                   "db = SQLAlchemy()\nclass T(db.Model):\n"
                                                                   "    id = db.Column(db.Integer, primary_key=True)\n"
                                                                   "    n = db.Column(db.String(x))\n"));
        write(dir.filePath(QStringLiteral("b.py")), QStringLiteral("from a import T\nx = y\ny = x\n"));
        const ModelSet set = readModelFiles(dir.path(), {dir.filePath(QStringLiteral("a.py"))}, {dir.path()}, FlaskNaming::V3);
        QCOMPARE(tableNames(set), QStringList{QStringLiteral("t")});
        QCOMPARE(set.files.size(), 2);
        QVERIFY2(diagnostics(set).contains(QLatin1String("column 'n' of T is skipped")), qPrintable(diagnostics(set)));
    }
};

QTEST_GUILESS_MAIN(tst_ModelReader)
#include "tst_ModelReader.moc"
