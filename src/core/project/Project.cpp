// Project discovery, following Alembic's Config/ScriptDirectory: script_location relative to the
// folder of the configuration file, version_locations with every separator form Alembic accepts,
// Flask-Migrate's ini without script_location, pyproject.toml [tool.alembic], a bare script folder.
#include "project/Project.h"

#include "project/IniFile.h"
#include "project/TomlSubset.h"
#include "python/PyAst.h"
#include "python/PySource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace retort {

namespace {

bool isScriptDirectory(const QDir &dir)
{
    return dir.exists(QStringLiteral("env.py"));
}

QString findInstanceConfig(const QStringList &candidates)
{
    for (const QString &dir : candidates) {
        const QString path = QDir(dir).filePath(QStringLiteral("instance/config.py"));
        if (QFileInfo(path).isFile())
            return QDir::cleanPath(path);
    }
    return {};
}

Error located(const QString &message, const QString &file, int line)
{
    Error e = makeError(message);
    e.file = file;
    e.line = line;
    return e;
}

// ScriptDirectory.from_config: version_locations split by path_separator / version_path_separator,
// or, when neither is set, by the legacy rule (commas and spaces).
Result<QStringList> splitVersionLocations(const QString &value, const QString &separator, const QString &file, int line)
{
    if (separator.isEmpty()) {
        static const QRegularExpression legacy(QStringLiteral(", *|(?: +)"));
        return value.split(legacy, Qt::SkipEmptyParts);
    }
    QString split;
    if (separator == QLatin1String("space")) split = QStringLiteral(" ");
    else if (separator == QLatin1String("os") || separator == QLatin1String(":")) split = QStringLiteral(":");
    else if (separator == QLatin1String(";")) split = QStringLiteral(";");
    else if (separator == QLatin1String("newline")) split = QStringLiteral("\n");
    else
        return located(QStringLiteral("'%1' is not a valid value for the version path separator; expected 'space', "
                                      "'newline', 'os', ':' or ';'.").arg(separator), file, line);
    QStringList parts;
    for (const QString &p : value.split(split, Qt::SkipEmptyParts)) {
        if (!p.trimmed().isEmpty())
            parts << p.trimmed();
    }
    return parts;
}

QString expandHere(QString value, const QString &here)
{
    return value.replace(QLatin1String("%(here)s"), here);
}

} // namespace

Result<Project> Project::open(const QString &dirPath)
{
    return open(dirPath, {}, {});
}

Result<Project> Project::open(const QString &dirPath, const QString &iniPath, const QString &section)
{
    const QFileInfo info(dirPath);
    if (!info.exists())
        return makeError(QStringLiteral("The project folder '%1' does not exist.").arg(dirPath));
    if (!info.isDir())
        return makeError(QStringLiteral("'%1' is not a folder; open the folder that holds alembic.ini.").arg(dirPath));

    const QDir dir(info.absoluteFilePath());
    Project project;
    project.m_rootDir = QDir::cleanPath(dir.absolutePath());

    if (!section.isEmpty())
        project.m_section = section;
    if (!iniPath.isEmpty()) {
        const QFileInfo ini(dir.absoluteFilePath(iniPath));
        if (!ini.isFile())
            return makeError(QStringLiteral("The config file '%1' does not exist.").arg(iniPath));
        project.m_iniPath = ini.absoluteFilePath();
    } else if (dir.exists(QStringLiteral("alembic.ini"))) {
        project.m_iniPath = dir.filePath(QStringLiteral("alembic.ini"));
    } else if (dir.exists(QStringLiteral("migrations/alembic.ini"))) {
        project.m_iniPath = dir.filePath(QStringLiteral("migrations/alembic.ini"));
    }
    if (!section.isEmpty() && project.m_iniPath.isEmpty())
        return makeError(QStringLiteral("-n %1 names a section of alembic.ini, and '%2' has none.").arg(section, dirPath));

    if (Status problem = project.readSettings(); !problem)
        return problem.error();
    if (project.m_scriptLocation.isEmpty()) {
        if (isScriptDirectory(dir))
            project.m_scriptLocation = project.m_rootDir;
        else if (isScriptDirectory(QDir(dir.filePath(QStringLiteral("migrations")))))
            project.m_scriptLocation = QDir::cleanPath(dir.filePath(QStringLiteral("migrations")));
        else
            return makeError(QStringLiteral("No Alembic project in '%1': expected alembic.ini, migrations/alembic.ini, "
                                            "pyproject.toml with [tool.alembic] or a script folder with env.py.")
                                 .arg(project.m_rootDir));
    }
    if (project.m_versionLocations.isEmpty())
        project.m_versionLocations << QDir(project.m_scriptLocation).filePath(QStringLiteral("versions"));
    project.readEnvPy();

    // A Flask app keeps instance/ next to its migrations folder; when the user opened the
    // migrations folder itself, look one level up too.
    QStringList candidates{project.m_rootDir};
    if (!project.m_iniPath.isEmpty())
        candidates << QFileInfo(project.m_iniPath).absolutePath();
    const QString parent = QFileInfo(project.m_rootDir).absolutePath();
    if (project.m_scriptLocation == project.m_rootDir || QFileInfo(project.m_rootDir).fileName() == QLatin1String("migrations"))
        candidates << parent;
    project.m_instanceConfig = findInstanceConfig(candidates);
    return project;
}

namespace {

// script_location = "package:sub/folder" (or "package:sub:folder"): Alembic asks importlib for the
// package's files, which imports it. Retort looks for the package's folder, without importing anything,
// where Python would find it for a project run from here: in the ini's folder or one of its parents
// (a src/ layout). The folder must lie inside the project: a resource outside it is refused.
Result<QString> packageResourceFolder(const QString &location, const QString &iniFolder, const QString &projectFolder)
{
    QStringList tokens = location.split(QLatin1Char(':'));
    const QString package = tokens.takeFirst().trimmed();
    static const QRegularExpression dotted(QStringLiteral(R"(^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$)"));
    if (!dotted.match(package).hasMatch())
        return makeError(QStringLiteral("script_location '%1' names the package '%2', which is not a Python package name.")
                             .arg(location, package));
    const QString relative = QString(package).replace(QLatin1Char('.'), QLatin1Char('/')) + QLatin1Char('/') + tokens.join(QLatin1Char('/'));
    const QString project = QFileInfo(projectFolder).canonicalFilePath();
    for (QDir root(iniFolder);; ) {
        const QString candidate = QDir::cleanPath(root.filePath(relative));
        if (QFileInfo(candidate).isDir()) {
            const QString real = QFileInfo(candidate).canonicalFilePath();
            if (real != project && !real.startsWith(project + QLatin1Char('/')))
                return makeError(QStringLiteral("script_location '%1' is the folder %2, outside the project folder %3; Retort "
                                                "does not follow it there.").arg(location, real, project));
            return real;
        }
        if (!root.cdUp())
            break;
    }
    return makeError(QStringLiteral("script_location '%1' names the package '%2', and no folder %3 was found from %4 up "
                                    "(Retort does not import the package to ask where it is).")
                         .arg(location, package, relative, iniFolder));
}

} // namespace

Status Project::readSettings()
{
    QString scriptLocation;
    int scriptLocationLine = 0;
    QString versionLocations;
    QStringList versionLocationList;
    int versionLocationsLine = 0;
    QString separator;
    QString settingsFile;
    QString here;

    if (!m_iniPath.isEmpty()) {
        Result<IniFile> ini = IniFile::load(m_iniPath);
        if (!ini)
            return ini.error();
        const QString section = m_section;
        if (!ini->hasSection(section))
            return located(QStringLiteral("No config file section [%1] (the settings of one database are read from the section "
                                          "-n names, [alembic] by default).").arg(section), m_iniPath, 0);
        here = QFileInfo(m_iniPath).absolutePath();
        settingsFile = m_iniPath;
        scriptLocation = ini->value(section, QStringLiteral("script_location")).trimmed();
        scriptLocationLine = ini->line(section, QStringLiteral("script_location"));
        versionLocations = ini->value(section, QStringLiteral("version_locations"));
        versionLocationsLine = ini->line(section, QStringLiteral("version_locations"));
        separator = ini->contains(section, QStringLiteral("path_separator"))
                        ? ini->value(section, QStringLiteral("path_separator")).trimmed()
                        : ini->value(section, QStringLiteral("version_path_separator")).trimmed();
        m_recursive = ini->value(section, QStringLiteral("recursive_version_locations")).trimmed().toLower()
                      == QLatin1String("true");
        if (scriptLocation.isEmpty()) {
            // Flask-Migrate: the ini lives inside the script directory, which it passes in code.
            m_scriptLocation = here;
        }
        if (Status files = readFileSettings(*ini); !files)
            return files;
    }

    const QString pyproject = QDir(m_rootDir).filePath(QStringLiteral("pyproject.toml"));
    if (scriptLocation.isEmpty() && m_iniPath.isEmpty() && QFileInfo::exists(pyproject)) {
        QFile file(pyproject);
        if (!file.open(QIODevice::ReadOnly))
            return located(QStringLiteral("Cannot read the file: %1.").arg(file.errorString()), pyproject, 0);
        Result<TomlTable> table = readTomlTable(QString::fromUtf8(file.readAll()), QStringLiteral("tool.alembic"), pyproject);
        if (!table)
            return table.error();
        if (table->values.contains(QStringLiteral("script_location"))) {
            here = m_rootDir;
            settingsFile = pyproject;
            scriptLocation = table->values.value(QStringLiteral("script_location")).toString();
            scriptLocationLine = table->lines.value(QStringLiteral("script_location"));
            const QVariant locations = table->values.value(QStringLiteral("version_locations"));
            versionLocationsLine = table->lines.value(QStringLiteral("version_locations"));
            if (locations.typeId() == QMetaType::QStringList)
                versionLocationList = locations.toStringList();
            else
                versionLocations = locations.toString();
            separator = table->values.value(QStringLiteral("path_separator")).toString();
            m_recursive = table->values.value(QStringLiteral("recursive_version_locations")).toBool();
            RevisionFileSettings &f = m_fileSettings;
            f.settingsFile = pyproject;
            if (table->values.contains(QStringLiteral("file_template"))) {
                f.fileTemplate = table->values.value(QStringLiteral("file_template")).toString();
                f.fileTemplateLine = table->lines.value(QStringLiteral("file_template"));
            }
            if (table->values.contains(QStringLiteral("truncate_slug_length")))
                f.truncateSlugLength = int(table->values.value(QStringLiteral("truncate_slug_length")).toLongLong());
            f.timezone = table->values.value(QStringLiteral("timezone")).toString();
            f.timezoneLine = table->lines.value(QStringLiteral("timezone"));
            if (table->values.contains(QStringLiteral("output_encoding"))) {
                f.outputEncoding = table->values.value(QStringLiteral("output_encoding")).toString();
                f.outputEncodingLine = table->lines.value(QStringLiteral("output_encoding"));
            }
        }
    }
    m_configPath = settingsFile;

    if (!scriptLocation.isEmpty()) {
        scriptLocation = expandHere(scriptLocation, here);
        if (scriptLocation.contains(QLatin1Char(':')) && !QDir::isAbsolutePath(scriptLocation)) {
            Result<QString> folder = packageResourceFolder(scriptLocation, here, m_rootDir);
            if (!folder)
                return located(folder.error().message, settingsFile, scriptLocationLine);
            scriptLocation = *folder;
        }
        m_scriptLocation = QDir::cleanPath(QDir(here).absoluteFilePath(scriptLocation));
        if (!QFileInfo(m_scriptLocation).isDir())
            return located(QStringLiteral("The script_location folder '%1' does not exist.").arg(m_scriptLocation),
                           settingsFile, scriptLocationLine);
    }

    if (!versionLocations.trimmed().isEmpty()) {
        Result<QStringList> parts = splitVersionLocations(versionLocations.trimmed(), separator, settingsFile, versionLocationsLine);
        if (!parts)
            return parts.error();
        versionLocationList = parts.value();
    }
    for (const QString &location : versionLocationList) {
        const QString expanded = expandHere(location, here);
        m_versionLocations << QDir::cleanPath(QDir(here).absoluteFilePath(expanded));
    }
    return Status();
}

// alembic.ini: [alembic] file_template, truncate_slug_length, timezone, output_encoding, and the
// [post_write_hooks] section ("hooks = a, b" and "a.type = …", "a.entrypoint = …", …).
Status Project::readFileSettings(const IniFile &ini)
{
    RevisionFileSettings &f = m_fileSettings;
    const QString section = m_section;
    f.settingsFile = ini.fileName();
    if (ini.contains(section, QStringLiteral("file_template"))) {
        f.fileTemplate = ini.value(section, QStringLiteral("file_template")).trimmed();
        f.fileTemplateLine = ini.line(section, QStringLiteral("file_template"));
    }
    if (ini.contains(section, QStringLiteral("truncate_slug_length"))) {
        bool ok = false;
        f.truncateSlugLength = ini.value(section, QStringLiteral("truncate_slug_length")).trimmed().toInt(&ok);
        if (!ok || f.truncateSlugLength < 0)
            return located(QStringLiteral("truncate_slug_length must be a whole number, not '%1'.")
                               .arg(ini.value(section, QStringLiteral("truncate_slug_length")).trimmed()),
                           ini.fileName(), ini.line(section, QStringLiteral("truncate_slug_length")));
    }
    f.timezone = ini.value(section, QStringLiteral("timezone")).trimmed();
    f.timezoneLine = ini.line(section, QStringLiteral("timezone"));
    if (ini.contains(section, QStringLiteral("output_encoding"))) {
        f.outputEncoding = ini.value(section, QStringLiteral("output_encoding")).trimmed();
        f.outputEncodingLine = ini.line(section, QStringLiteral("output_encoding"));
    }
    const QString hooksSection = QStringLiteral("post_write_hooks");
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString &name : ini.value(hooksSection, QStringLiteral("hooks")).split(separators, Qt::SkipEmptyParts)) {
        PostWriteHook hook;
        hook.name = name;
        const auto key = [&](const char *suffix) { return name + QLatin1Char('.') + QLatin1String(suffix); };
        hook.type = ini.value(hooksSection, key("type")).trimmed();
        hook.entrypoint = ini.value(hooksSection, key("entrypoint")).trimmed();
        hook.executable = ini.value(hooksSection, key("executable")).trimmed();
        hook.options = ini.value(hooksSection, key("options")).trimmed();
        hook.cwd = ini.value(hooksSection, key("cwd")).trimmed();
        hook.line = ini.contains(hooksSection, key("type")) ? ini.line(hooksSection, key("type"))
                                                            : ini.line(hooksSection, QStringLiteral("hooks"));
        f.hooks << hook;
    }
    return Status();
}

QString Project::envPyPath() const
{
    return QDir(m_scriptLocation).filePath(QStringLiteral("env.py"));
}

// env.py may pass version_table= / version_table_schema= to context.configure(); read literal values.
void Project::readEnvPy()
{
    QFile file(envPyPath());
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray text = file.readAll();
    QFile mako(QDir(m_scriptLocation).filePath(QStringLiteral("script.py.mako")));
    m_multiDatabase = text.contains("engine_name") || (mako.open(QIODevice::ReadOnly) && mako.read(1 << 20).contains("(engine_name)"));
    const PyModule module = parsePythonSource(text);
    visitPyExpressions(module.body, [this](const PyExpr &e) {
        if (e.kind != PyExpr::Kind::Call)
            return;
        if (const PyExpr *table = e.keyword(u"version_table"); table && table->kind == PyExpr::Kind::String && !table->isComputed)
            m_versionTable = table->text;
        if (const PyExpr *schema = e.keyword(u"version_table_schema"); schema && schema->kind == PyExpr::Kind::String && !schema->isComputed)
            m_versionTableSchema = schema->text;
        if (const PyExpr *schemas = e.keyword(u"include_schemas"); schemas && schemas->kind == PyExpr::Kind::True)
            m_includesSchemas = true;
        if (const PyExpr *batch = e.keyword(u"render_as_batch"); batch && batch->kind == PyExpr::Kind::True)
            m_rendersAsBatch = true;
    });
}

QString Project::name() const
{
    return QFileInfo(m_rootDir).fileName();
}

QString Project::relativePath(const QString &path) const
{
    return QDir(m_rootDir).relativeFilePath(path);
}

} // namespace retort
