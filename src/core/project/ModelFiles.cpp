// Where a project's models are, and which Flask-SQLAlchemy it declares.
#include "project/ModelFiles.h"

#include "project/IniFile.h"
#include "project/ProjectFiles.h"
#include "project/TomlSubset.h"
#include "python/PyModuleValues.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <functional>

namespace retort {

namespace {

constexpr int kMaxScannedFiles = 5000;

} // namespace

QStringList modelSearchRoots(const Project &project)
{
    QStringList roots{project.rootDir()};
    if (!project.iniPath().isEmpty()) {
        const QString iniDir = QFileInfo(project.iniPath()).absolutePath();
        roots << iniDir;
        if (Result<IniFile> ini = IniFile::load(project.iniPath())) {
            const QString prepend = ini->value(project.section(), QStringLiteral("prepend_sys_path"));
            for (const QString &p : prepend.split(QRegularExpression(QStringLiteral("[\\s:;]+")), Qt::SkipEmptyParts))
                roots << QDir::cleanPath(QDir(iniDir).absoluteFilePath(p));
        }
    }
    roots << QFileInfo(project.scriptLocation()).absolutePath();
    // The src/ layout (src/<package>/…): an installed project imports its package from there.
    if (QFileInfo(QDir(project.rootDir()).filePath(QStringLiteral("src"))).isDir())
        roots << QDir(project.rootDir()).filePath(QStringLiteral("src"));
    roots.removeDuplicates();
    return roots;
}

QStringList pythonFilesUnder(const QString &path)
{
    if (QFileInfo(path).isFile())
        return {path};
    QStringList files;
    QDirIterator it(path, {QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext() && files.size() < kMaxScannedFiles) {
        const QString f = it.next();
        if (!f.contains(QLatin1String("/__pycache__/")))
            files << f;
    }
    files.sort();
    return files;
}

namespace {

QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > 4 * 1024 * 1024)
        return {};
    return QString::fromUtf8(f.readAll());
}

// The configured model paths: [tool.retort] models in pyproject.toml, or [retort] models in alembic.ini.
QStringList configuredPaths(const Project &project, QList<ModelDiagnostic> *diagnostics)
{
    QStringList paths;
    const QString pyproject = QDir(project.rootDir()).filePath(QStringLiteral("pyproject.toml"));
    if (QFileInfo::exists(pyproject)) {
        Result<TomlTable> table = readTomlTable(readText(pyproject), QStringLiteral("tool.retort"), pyproject);
        if (!table) {
            diagnostics->append({ModelDiagnostic::Severity::Error, {project.relativePath(pyproject), table.error().line, 0},
                                 table.error().message});
        } else if (table->values.contains(QStringLiteral("models"))) {
            const QVariant v = table->values.value(QStringLiteral("models"));
            const QStringList list = v.typeId() == QMetaType::QStringList ? v.toStringList() : QStringList{v.toString()};
            for (const QString &p : list)
                paths << QDir::cleanPath(QDir(project.rootDir()).absoluteFilePath(p));
        }
    }
    if (paths.isEmpty() && !project.iniPath().isEmpty()) {
        if (Result<IniFile> ini = IniFile::load(project.iniPath())) {
            const QString value = ini->value(QStringLiteral("retort"), QStringLiteral("models"));
            for (const QString &p : value.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts))
                paths << QDir::cleanPath(QDir(QFileInfo(project.iniPath()).absolutePath()).absoluteFilePath(p));
        }
    }
    return paths;
}

// The module env.py takes target_metadata from: "from app.models import db" + "target_metadata = db.metadata".
QString envPyModelsModule(const Project &project, const QStringList &roots)
{
    const PyModule module = parsePython(readText(project.envPyPath()));
    const QHash<QString, PyAssignment> values = moduleAssignments(module);
    const auto it = values.constFind(QStringLiteral("target_metadata"));
    if (it == values.constEnd() || !it->value)
        return {};
    QSet<QString> names;
    std::function<void(const PyExpr *)> collect = [&](const PyExpr *e) {
        if (!e)
            return;
        if (e->kind == PyExpr::Kind::Name)
            names.insert(e->text);
        for (const PyExprPtr &c : e->children)
            collect(c.get());
    };
    collect(it->value);
    const auto fileFor = [&](const QString &dotted) { return pythonModuleFile(roots, dotted); };
    for (const auto &stmt : module.body) {
        if (stmt->kind == PyStmt::Kind::ImportFrom && !stmt->name.startsWith(QLatin1Char('.'))) {
            for (const PyImportName &i : stmt->imports) {
                if (names.contains(i.asName.isEmpty() ? i.name : i.asName)) {
                    const QString sub = fileFor(stmt->name + QLatin1Char('.') + i.name);
                    const QString file = sub.isEmpty() ? fileFor(stmt->name) : sub;
                    if (!file.isEmpty())
                        return file;
                }
            }
        } else if (stmt->kind == PyStmt::Kind::Import) {
            for (const PyImportName &i : stmt->imports) {
                const QString local = i.asName.isEmpty() ? i.name.section(QLatin1Char('.'), 0, 0) : i.asName;
                if (names.contains(local)) {
                    const QString file = fileFor(i.name);
                    if (!file.isEmpty())
                        return file;
                }
            }
        }
    }
    return {};
}

bool definesModels(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(
        "\\b(db\\.Model|declarative_base\\s*\\(|DeclarativeBase\\b|SQLAlchemy\\s*\\(|\\bTable\\s*\\()"));
    return re.match(text).hasMatch();
}

} // namespace

ModelFiles findModelFiles(const Project &project)
{
    ModelFiles result;
    const QStringList configured = configuredPaths(project, &result.diagnostics);
    if (!configured.isEmpty()) {
        for (const QString &p : configured) {
            if (!QFileInfo::exists(p)) {
                result.diagnostics.append({ModelDiagnostic::Severity::Error, {project.relativePath(p), 0, 0},
                                           QStringLiteral("the configured models path does not exist")});
                continue;
            }
            result.files << pythonFilesUnder(p);
        }
        result.how = QStringLiteral("the configured models path");
        return result;
    }
    const QString fromEnv = envPyModelsModule(project, modelSearchRoots(project));
    if (!fromEnv.isEmpty()) {
        result.files << fromEnv;
        result.how = QStringLiteral("target_metadata in %1").arg(project.relativePath(project.envPyPath()));
        return result;
    }
    // The project's Python files that define models, outside the revision folders.
    forEachProjectPythonFile(project, kMaxScannedFiles, [&](const QString &path) {
        if (QFileInfo(path).fileName() != QLatin1String("env.py") && definesModels(readText(path)))
            result.files << path;
        return true;
    });
    result.how = QStringLiteral("the project's Python files that define models");
    return result;
}

std::optional<std::pair<FlaskNaming, QString>> declaredFlaskNaming(const QString &projectRoot)
{
    const QDir root(projectRoot);
    QStringList candidates;
    for (const QString &name : root.entryList({QStringLiteral("requirements*.txt")}, QDir::Files, QDir::Name))
        candidates << root.filePath(name);
    for (const QString &name : QDir(root.filePath(QStringLiteral("requirements"))).entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name))
        candidates << root.filePath(QStringLiteral("requirements/") + name);
    for (const QString &name : {QStringLiteral("pyproject.toml"), QStringLiteral("Pipfile"), QStringLiteral("setup.cfg"),
                                QStringLiteral("setup.py")})
        candidates << root.filePath(name);
    // flask-sqlalchemy, Flask_SQLAlchemy, flask-sqlalchemy[extra], then the first version constraint
    static const QRegularExpression re(QStringLiteral(
        "(?i)(?<![\\w-])flask[-_.]sqlalchemy(?![\\w-])\\s*(?:\\[[^\\]]*\\])?\\s*\"?"
        "(?:\\s*(?:=\\s*\"?)?\\s*(==|~=|>=|<=|!=|<|>|\\^|~)?\\s*(\\d+)|)"));
    for (const QString &path : std::as_const(candidates)) {
        const QString text = readText(path);
        if (text.isEmpty())
            continue;
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString line = lines.at(i).section(QLatin1Char('#'), 0, 0);
            const QRegularExpressionMatch m = re.match(line);
            if (!m.hasMatch())
                continue;
            const QString op = m.captured(1);
            int major = m.captured(2).isEmpty() ? 3 : m.captured(2).toInt();   // unversioned: the newest
            static const QRegularExpression wholeMajor(QStringLiteral("^(\\.0)*(?![.\\d])"));
            if (op == QLatin1String("<") && wholeMajor.match(line.mid(m.capturedEnd(2))).hasMatch())
                major -= 1;   // "<3" and "<3.0" allow 2.x only
            const bool openEnded = op == QLatin1String(">=") || op == QLatin1String(">") || op == QLatin1String("!=");
            const FlaskNaming naming = (!openEnded && major <= 2) ? FlaskNaming::V2 : FlaskNaming::V3;
            return std::make_pair(naming, QStringLiteral("%1:%2 declares %3").arg(QDir(projectRoot).relativeFilePath(path))
                                              .arg(i + 1).arg(line.mid(m.capturedStart()).trimmed()));
        }
    }
    return std::nullopt;
}

QString pythonModuleFile(const QStringList &searchRoots, const QString &dotted)
{
    if (dotted.isEmpty())
        return {};
    const QString rel = QString(dotted).replace(QLatin1Char('.'), QLatin1Char('/'));
    for (const QString &root : searchRoots) {
        for (const QString &candidate : {rel + QStringLiteral(".py"), rel + QStringLiteral("/__init__.py")}) {
            const QString file = QDir(root).filePath(candidate);
            if (QFileInfo(file).isFile())
                return file;
        }
    }
    return {};
}

} // namespace retort
