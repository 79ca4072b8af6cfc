// URL resolution order and the base folder each source implies for relative SQLite paths:
// the working directory for --url and the environment, the Flask instance folder for
// instance/config.py (Flask-SQLAlchemy 3), the folder of alembic.ini for sqlalchemy.url.
#include "project/DatabaseUrlSource.h"

#include "project/IniFile.h"
#include "python/PyModuleValues.h"
#include "python/PySource.h"

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

struct BindEntry
{
    QString name;
    QString url;
    int line = 0;
};

// SQLALCHEMY_BINDS = {"users": "sqlite:///users.db", "logs": {"url": "…"}} in instance/config.py.
Result<QList<BindEntry>> readBinds(const Project &project)
{
    QList<BindEntry> binds;
    const QString path = project.instanceConfigPath();
    if (path.isEmpty())
        return binds;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1 cannot be read (%2).").arg(path, file.errorString()));
    const PyModule module = parsePython(QString::fromUtf8(file.readAll()));
    const QHash<QString, PyAssignment> assignments = moduleAssignments(module);
    const auto it = assignments.constFind(QStringLiteral("SQLALCHEMY_BINDS"));
    if (it == assignments.constEnd())
        return binds;
    const auto located = [&](const QString &message) {
        Error e = makeError(message);
        e.file = path;
        e.line = it->line;
        return e;
    };
    if (it->conditional || it->value->kind != PyExpr::Kind::Dict)
        return located(QStringLiteral("SQLALCHEMY_BINDS is computed when the app runs; Retort reads a dict literal only (give the URL "
                                      "with --url and the bind with --bind)."));
    const auto &children = it->value->children;
    for (size_t i = 0; i + 1 < children.size(); i += 2) {
        const PyExpr *key = children[i].get();
        const PyExpr *value = children[i + 1].get();
        if (value && value->kind == PyExpr::Kind::Dict) {   // {"url": "…", "pool_size": …}
            const PyExpr *url = nullptr;
            for (size_t j = 0; j + 1 < value->children.size(); j += 2) {
                const PyExpr *k = value->children[j].get();
                if (k && k->kind == PyExpr::Kind::String && k->text == QLatin1String("url"))
                    url = value->children[j + 1].get();
            }
            value = url;
        }
        if (!key || key->kind != PyExpr::Kind::String || key->isComputed || !value || value->kind != PyExpr::Kind::String
            || value->isComputed)
            return located(QStringLiteral("SQLALCHEMY_BINDS has an entry Retort cannot read without running it (a computed name or URL)."));
        binds << BindEntry{key->text, value->text, value->span.line > 0 ? value->span.line : it->line};
    }
    return binds;
}

} // namespace

Result<QStringList> bindNames(const Project &project)
{
    Result<QList<BindEntry>> binds = readBinds(project);
    if (!binds)
        return binds.error();
    QStringList names{QString()};
    for (const BindEntry &b : *binds)
        names << b.name;
    return names;
}

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
    if (!inputs.bind.isEmpty()) {
        if (!project)
            return makeError(QStringLiteral("--bind %1 needs a project").arg(inputs.bind));
        Result<QList<BindEntry>> binds = readBinds(*project);
        if (!binds)
            return binds.error();
        for (const BindEntry &b : *binds) {
            if (b.name == inputs.bind)
                return fromText(b.url, QStringLiteral("%1:%2").arg(project->relativePath(project->instanceConfigPath())).arg(b.line),
                                QFileInfo(project->instanceConfigPath()).absolutePath(), project->instanceConfigPath(), b.line, notes);
        }
        return makeError(QStringLiteral("SQLALCHEMY_BINDS in %1 has no bind '%2'.")
                             .arg(project->instanceConfigPath().isEmpty() ? QStringLiteral("instance/config.py") : project->relativePath(project->instanceConfigPath()),
                                  inputs.bind));
    }
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
