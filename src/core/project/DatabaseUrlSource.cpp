// URL resolution order and the base folder each source implies for relative SQLite paths:
// the working directory for --url and the environment, the Flask instance folder for
// instance/config.py (Flask-SQLAlchemy 3), the folder of alembic.ini for sqlalchemy.url.
#include "project/DatabaseUrlSource.h"

#include "project/IniFile.h"
#include "python/PyModuleValues.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace retort {

namespace {

// What `alembic init` writes; it means "not configured yet".
const QString kTemplatePlaceholder = QStringLiteral("driver://user:pass@localhost/dbname");

Result<ResolvedDatabaseUrl> fromText(const QString &text, const QString &source, const QString &baseDir,
                                     const QString &file, int line, const QStringList &notes)
{
    Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    if (!url) {
        Error e = url.error();
        if (file.isEmpty())
            e.message = source + QStringLiteral(": ") + e.message;
        e.file = file;
        e.line = line;
        return e;
    }
    ResolvedDatabaseUrl resolved;
    resolved.url = url->withSqliteBase(baseDir);
    resolved.source = source;
    resolved.notes = notes;
    return resolved;
}

} // namespace

DatabaseUrlInputs databaseUrlInputsFromEnvironment(const QString &commandLineUrl)
{
    DatabaseUrlInputs inputs;
    inputs.commandLineUrl = commandLineUrl;
    inputs.environmentUrl = qEnvironmentVariable("RETORT_DATABASE_URL");
    inputs.workingDirectory = QDir::currentPath();
    return inputs;
}

Result<ResolvedDatabaseUrl> resolveDatabaseUrl(const Project *project, const DatabaseUrlInputs &inputs)
{
    if (!inputs.commandLineUrl.trimmed().isEmpty())
        return fromText(inputs.commandLineUrl, inputs.commandLineSource, inputs.workingDirectory, {}, 0, {});
    if (!inputs.environmentUrl.trimmed().isEmpty())
        return fromText(inputs.environmentUrl, QStringLiteral("RETORT_DATABASE_URL"), inputs.workingDirectory, {}, 0, {});

    QStringList notes;
    if (project && !project->instanceConfigPath().isEmpty()) {
        const QString path = project->instanceConfigPath();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            notes << QStringLiteral("%1: cannot be read (%2)").arg(project->relativePath(path), file.errorString());
        } else {
            const PyAssignedString uri = findModuleStringAssignment(QString::fromUtf8(file.readAll()),
                                                                    QStringLiteral("SQLALCHEMY_DATABASE_URI"));
            const QString where = QStringLiteral("%1:%2").arg(project->relativePath(path), QString::number(uri.line));
            if (uri.found && uri.literal) {
                return fromText(uri.value, where, QFileInfo(path).absolutePath(), path, uri.line, notes);
            }
            if (uri.found) {
                notes << QStringLiteral("%1: SQLALCHEMY_DATABASE_URI is computed when the app runs (%2); Retort "
                                        "reads files without running them")
                             .arg(where, DatabaseUrl::redactCredentials(uri.expression));
            } else {
                notes << QStringLiteral("%1: sets no SQLALCHEMY_DATABASE_URI").arg(project->relativePath(path));
            }
        }
    }
    if (project && !project->iniPath().isEmpty()) {
        Result<IniFile> ini = IniFile::load(project->iniPath());
        if (!ini)
            return ini.error();
        const QString section = project->section();
        const QString value = ini->value(section, QStringLiteral("sqlalchemy.url")).trimmed();
        const int line = ini->line(section, QStringLiteral("sqlalchemy.url"));
        const QString where = QStringLiteral("%1:%2").arg(project->relativePath(project->iniPath()), QString::number(line));
        if (value == kTemplatePlaceholder) {
            notes << QStringLiteral("%1: sqlalchemy.url is still the alembic init placeholder").arg(where);
        } else if (!value.isEmpty()) {
            return fromText(value, where, QFileInfo(project->iniPath()).absolutePath(), project->iniPath(), line, notes);
        } else {
            notes << QStringLiteral("%1: sets no sqlalchemy.url").arg(project->relativePath(project->iniPath()));
        }
    }

    QString message = QStringLiteral("No database URL: pass --url, set RETORT_DATABASE_URL, or set "
                                     "SQLALCHEMY_DATABASE_URI in instance/config.py or sqlalchemy.url in alembic.ini.");
    Error e = makeError(message);
    if (!notes.isEmpty())
        e.detail = notes.join(QStringLiteral("; "));
    return e;
}

} // namespace retort
