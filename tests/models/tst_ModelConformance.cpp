// Retort's static reading of models compared with SQLAlchemy itself. Each folder under
// tests/data/models holds a model file (or package) and a CASE file:
//   project=PATH       read the files of this folder instead (relative to the case folder)
//   python=1.4 | 2.0   Debian bookworm's SQLAlchemy 1.4 + Flask-SQLAlchemy 3.0, or trixie's SQLAlchemy 2.0 +
//                      Flask-SQLAlchemy 3.1 (unpacked by tools/dev test into RETORT_SA20_PYTHONPATH)
//   module=NAME        what Python imports
//   entry=PATH         what Retort reads (it follows the imports itself)
//   flask_naming=2     Flask-SQLAlchemy 2.x table names
//   compare=no         only the diagnostics are checked (the file holds what Retort cannot read)
//   expect=FILE:LINE:TEXT   a diagnostic Retort must report
// Python imports the module and dumps every MetaData it made (tests/models/dump_metadata.py);
// Retort's ModelSet is put in the same shape; the two must be equal table by table.
#include "TestProcesses.h"
#include "TestServers.h"

#include "models/ModelJson.h"
#include "models/ModelReader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace retort;

namespace {

const QString kDataDir = QStringLiteral(RETORT_SOURCE_DIR "/tests/data/models");
const QString kDumper = QStringLiteral(RETORT_SOURCE_DIR "/tests/models/dump_metadata.py");

struct Case
{
    QString dir;
    QString python = QStringLiteral("1.4");
    QString module;
    QString entry;
    FlaskNaming naming = FlaskNaming::V3;
    bool compare = true;
    QStringList expected;   ///< FILE:LINE:TEXT
};

Case readCase(const QString &dir)
{
    Case c;
    c.dir = dir;
    QFile f(QDir(dir).filePath(QStringLiteral("CASE")));
    if (!f.open(QIODevice::ReadOnly))
        return c;
    for (const QString &raw : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (raw.startsWith(QLatin1Char('#')))
            continue;
        const QString key = raw.section(QLatin1Char('='), 0, 0).trimmed();
        const QString value = raw.section(QLatin1Char('='), 1).trimmed();
        if (key == QLatin1String("project")) c.dir = QDir::cleanPath(QDir(dir).absoluteFilePath(value));
        else if (key == QLatin1String("python")) c.python = value;
        else if (key == QLatin1String("module")) c.module = value;
        else if (key == QLatin1String("entry")) c.entry = value;
        else if (key == QLatin1String("flask_naming")) c.naming = value == QLatin1String("2") ? FlaskNaming::V2 : FlaskNaming::V3;
        else if (key == QLatin1String("compare")) c.compare = value != QLatin1String("no");
        else if (key == QLatin1String("expect")) c.expected << value;
    }
    return c;
}

QString compact(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

QJsonArray sortedArray(const QJsonArray &a)
{
    QList<QJsonValue> items(a.begin(), a.end());
    std::sort(items.begin(), items.end(), [](const QJsonValue &x, const QJsonValue &y) { return compact(x) < compact(y); });
    QJsonArray out;
    for (const QJsonValue &v : items)
        out.append(v);
    return out;
}

// The parts both sides are compared on, in one order.
QJsonObject normalised(const QJsonObject &t)
{
    QJsonArray columns;
    for (const QJsonValue &c : t.value(QStringLiteral("columns")).toArray()) {
        const QJsonObject o = c.toObject();
        columns.append(QJsonObject{{QStringLiteral("name"), o.value(QStringLiteral("name"))},
                                   {QStringLiteral("type"), o.value(QStringLiteral("type"))},
                                   {QStringLiteral("nullable"), o.value(QStringLiteral("nullable"))},
                                   {QStringLiteral("primary_key"), o.value(QStringLiteral("primary_key"))},
                                   {QStringLiteral("default"), o.value(QStringLiteral("default"))},
                                   {QStringLiteral("generated"), o.contains(QStringLiteral("generated")) ? o.value(QStringLiteral("generated")) : QJsonValue()},
                                   {QStringLiteral("sequence"), o.contains(QStringLiteral("sequence")) ? o.value(QStringLiteral("sequence")) : QJsonValue()}});
    }
    const auto pick = [](const QJsonArray &a, const QStringList &keys) {
        QJsonArray out;
        for (const QJsonValue &v : a) {
            QJsonObject o;
            for (const QString &k : keys)
                o.insert(k, v.toObject().value(k));
            out.append(o);
        }
        return sortedArray(out);
    };
    const QJsonObject pk = t.value(QStringLiteral("primary_key")).toObject();
    return QJsonObject{
        {QStringLiteral("name"), t.value(QStringLiteral("name"))},
        {QStringLiteral("schema"), t.value(QStringLiteral("schema"))},
        {QStringLiteral("bind_key"), t.value(QStringLiteral("bind_key"))},
        {QStringLiteral("comment"), t.value(QStringLiteral("comment"))},
        {QStringLiteral("columns"), sortedArray(columns)},
        {QStringLiteral("primary_key"), QJsonObject{{QStringLiteral("name"), pk.value(QStringLiteral("name"))},
                                                    {QStringLiteral("columns"), pk.value(QStringLiteral("columns"))}}},
        {QStringLiteral("foreign_keys"), pick(t.value(QStringLiteral("foreign_keys")).toArray(),
                                              {QStringLiteral("name"), QStringLiteral("columns"), QStringLiteral("referred_table"),
                                               QStringLiteral("referred_columns"), QStringLiteral("ondelete"),
                                               QStringLiteral("onupdate")})},
        {QStringLiteral("unique_constraints"), pick(t.value(QStringLiteral("unique_constraints")).toArray(),
                                                    {QStringLiteral("name"), QStringLiteral("columns")})},
        {QStringLiteral("check_constraints"), pick(t.value(QStringLiteral("check_constraints")).toArray(),
                                                   {QStringLiteral("name"), QStringLiteral("sqltext")})},
        {QStringLiteral("indexes"), pick(t.value(QStringLiteral("indexes")).toArray(),
                                         {QStringLiteral("name"), QStringLiteral("columns"), QStringLiteral("unique")})},
    };
}

QMap<QString, QJsonObject> byTable(const QJsonArray &tables)
{
    QMap<QString, QJsonObject> out;
    for (const QJsonValue &v : tables) {
        const QJsonObject t = v.toObject();
        const QString key = t.value(QStringLiteral("bind_key")).toString() + QLatin1Char('/') + t.value(QStringLiteral("schema")).toString()
                            + QLatin1Char('.') + t.value(QStringLiteral("name")).toString();
        out.insert(key, normalised(t));
    }
    return out;
}

QString sa20Path()
{
    return qEnvironmentVariable("RETORT_SA20_PYTHONPATH");
}

bool hasPythonFor(const QString &python)
{
    if (python == QLatin1String("2.0"))
        return !sa20Path().isEmpty() && QFile::exists(sa20Path() + QStringLiteral("/sqlalchemy/__init__.py"));
    return QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/sqlalchemy/__init__.py"))
           && QFile::exists(QStringLiteral("/usr/lib/python3/dist-packages/flask_sqlalchemy/__init__.py"));
}

ModelSet readCaseModels(const Case &c)
{
    return readModelFiles(c.dir, {QDir(c.dir).filePath(c.entry)}, {c.dir}, c.naming);
}

} // namespace

class tst_ModelConformance : public QObject
{
    Q_OBJECT

private slots:
    void conformance_data()
    {
        QTest::addColumn<QString>("dir");
        const QStringList dirs = QDir(kDataDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QVERIFY2(dirs.size() >= 8, "the model corpus is missing");
        for (const QString &d : dirs)
            QTest::newRow(qPrintable(d)) << QDir(kDataDir).filePath(d);
    }

    void conformance()
    {
        QFETCH(QString, dir);
        const Case c = readCase(dir);
        QVERIFY2(!c.entry.isEmpty(), "CASE names no entry");
        const ModelSet set = readCaseModels(c);

        // Every expected diagnostic, at its file and line.
        for (const QString &e : c.expected) {
            const QString file = e.section(QLatin1Char(':'), 0, 0);
            const int line = e.section(QLatin1Char(':'), 1, 1).toInt();
            const QString text = e.section(QLatin1Char(':'), 2);
            const bool found = std::any_of(set.diagnostics.begin(), set.diagnostics.end(), [&](const ModelDiagnostic &d) {
                return d.source.file == file && d.source.line == line && d.message.contains(text);
            });
            QStringList all;
            for (const ModelDiagnostic &d : set.diagnostics)
                all << d.toString();
            QVERIFY2(found, qPrintable(QStringLiteral("no diagnostic %1; got:\n%2").arg(e, all.join(QLatin1Char('\n')))));
        }
        if (c.expected.isEmpty()) {
            QStringList all;
            for (const ModelDiagnostic &d : set.diagnostics)
                all << d.toString();
            QVERIFY2(set.diagnostics.isEmpty(), qPrintable(all.join(QLatin1Char('\n'))));
        } else {
            QCOMPARE(set.diagnostics.size(), c.expected.size());
        }
        if (!c.compare)
            return;

        if (!hasPythonFor(c.python)) {
            if (test::inCi())
                QFAIL(qPrintable(QStringLiteral("SQLAlchemy %1 is not available (tools/dev test installs it)").arg(c.python)));
            QSKIP("the reference SQLAlchemy is not installed");
        }
        QStringList arguments{kDumper, c.dir, c.module};
        if (c.naming == FlaskNaming::V2)
            arguments << QStringLiteral("--flask-naming") << QStringLiteral("2");
        QMap<QString, QString> env{{QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1")}};
        if (c.python == QLatin1String("2.0"))
            env.insert(QStringLiteral("PYTHONPATH"), sa20Path());
        const test::ProcessRun dump = test::runProgram(QStringLiteral("/usr/bin/python3"), arguments, c.dir, env);
        QVERIFY2(dump.exitCode == 0, qPrintable(dump.describe()));
        const QJsonObject python = QJsonDocument::fromJson(dump.out.toUtf8()).object();
        QVERIFY2(python.value(QStringLiteral("sqlalchemy")).toString().startsWith(c.python),
                 qPrintable(QStringLiteral("ran SQLAlchemy %1").arg(python.value(QStringLiteral("sqlalchemy")).toString())));

        const QMap<QString, QJsonObject> expected = byTable(python.value(QStringLiteral("tables")).toArray());
        const QMap<QString, QJsonObject> actual = byTable(modelSetToJson(set).value(QStringLiteral("tables")).toArray());
        QCOMPARE(actual.keys(), expected.keys());
        for (auto it = expected.constBegin(); it != expected.constEnd(); ++it) {
            const QString want = QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Indented));
            const QString got = QString::fromUtf8(QJsonDocument(actual.value(it.key())).toJson(QJsonDocument::Indented));
            if (want != got)
                qWarning().noquote() << "table" << it.key() << "\nSQLAlchemy:\n" << want << "\nRetort:\n" << got;
            QCOMPARE(got, want);
        }
    }
};

QTEST_GUILESS_MAIN(tst_ModelConformance)
#include "tst_ModelConformance.moc"
