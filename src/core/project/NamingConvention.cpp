// A text search first (cheap), then the parser on the files that mention naming_convention.
#include "project/NamingConvention.h"

#include "python/PyModuleValues.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>

namespace retort {

namespace {

constexpr int kMaxFiles = 5000;
constexpr qint64 kMaxFileSize = 2 * 1024 * 1024;

bool skippedFolder(const QString &name)
{
    static const QSet<QString> names = {QStringLiteral("venv"), QStringLiteral("env"), QStringLiteral("site-packages"),
                                        QStringLiteral("node_modules"), QStringLiteral("__pycache__"),
                                        QStringLiteral("build"), QStringLiteral("dist")};
    return name.startsWith(QLatin1Char('.')) || names.contains(name);
}

// Reads the use in one file: a keyword argument with a literal dict (or a module-level name bound to one).
std::optional<NamingConventionUse> useIn(const QString &path, const QString &source)
{
    const PyModule module = parsePython(source);
    const QHash<QString, PyAssignment> values = moduleAssignments(module);
    std::optional<NamingConventionUse> found;
    const auto readDict = [&](const PyExpr *value, NamingConventionUse *use) {
        if (value && value->kind == PyExpr::Kind::Name) {
            const auto it = values.constFind(value->text);
            value = it == values.constEnd() || it->conditional ? nullptr : it->value;
        }
        if (!value || value->kind != PyExpr::Kind::Dict)
            return;
        bool constraintName = false;
        QStringList keys;
        for (size_t i = 0; i + 1 < value->children.size(); i += 2) {
            const PyExpr *key = value->children[i].get();
            if (!key || key->kind != PyExpr::Kind::String)
                return;   // keyed by constraint classes: not read
            keys << key->text;
            const PyExpr *template_ = value->children[i + 1].get();
            if (!template_ || template_->kind != PyExpr::Kind::String || template_->isComputed)
                return;
            constraintName = constraintName || template_->text.contains(QLatin1String("%(constraint_name)s"));
        }
        use->readable = true;
        use->renamesNamedConstraints = constraintName;
        use->keys = keys;
    };
    visitPyExpressions(module.body, [&](const PyExpr &e) {
        if (found || e.kind != PyExpr::Kind::Call)
            return;
        for (const PyKeywordArg &k : e.keywords) {
            if (k.name == QLatin1String("naming_convention")) {
                NamingConventionUse use{path, k.span.line, false, true, {}};
                readDict(k.value.get(), &use);
                found = use;
                return;
            }
        }
    });
    if (found)
        return found;
    // Anything else (metadata.naming_convention = …): in use, but not readable.
    const qsizetype at = source.indexOf(QLatin1String("naming_convention"));
    return NamingConventionUse{path, int(source.left(at).count(QLatin1Char('\n'))) + 1, false, true, {}};
}

} // namespace

std::optional<NamingConventionUse> findNamingConvention(const Project &project)
{
    QSet<QString> versionDirs;
    for (const QString &dir : project.versionLocations())
        versionDirs.insert(QDir::cleanPath(dir));
    QStringList pending{project.rootDir()};
    int files = 0;
    while (!pending.isEmpty() && files < kMaxFiles) {
        const QString dir = pending.takeFirst();
        QDirIterator it(dir, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
        QStringList subdirs;
        QStringList pythonFiles;
        while (it.hasNext()) {
            it.next();
            const QFileInfo info = it.fileInfo();
            if (info.isDir()) {
                if (!skippedFolder(info.fileName()) && !versionDirs.contains(QDir::cleanPath(info.filePath())))
                    subdirs << info.filePath();
            } else if (info.suffix() == QLatin1String("py") && info.size() <= kMaxFileSize) {
                pythonFiles << info.filePath();
            }
        }
        subdirs.sort();
        pythonFiles.sort();
        pending << subdirs;
        for (const QString &path : std::as_const(pythonFiles)) {
            if (++files > kMaxFiles)
                break;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = file.readAll();
            if (!bytes.contains("naming_convention"))
                continue;
            return useIn(project.relativePath(path), QString::fromUtf8(bytes));
        }
    }
    return std::nullopt;
}

} // namespace retort
