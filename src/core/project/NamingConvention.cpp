// A text search first (cheap), then the parser on the files that mention naming_convention.
#include "project/NamingConvention.h"

#include "project/ProjectFiles.h"
#include "python/PyModuleValues.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSet>

namespace retort {

namespace {

constexpr int kMaxFiles = 5000;
constexpr qint64 kMaxFileSize = 2 * 1024 * 1024;

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
        QStringList renaming;
        for (size_t i = 0; i + 1 < value->children.size(); i += 2) {
            const PyExpr *key = value->children[i].get();
            if (!key || key->kind != PyExpr::Kind::String)
                return;   // keyed by constraint classes: not read
            keys << key->text;
            const PyExpr *template_ = value->children[i + 1].get();
            if (!template_ || template_->kind != PyExpr::Kind::String || template_->isComputed)
                return;
            use->templates.insert(key->text, template_->text);
            if (template_->text.contains(QLatin1String("%(constraint_name)s"))) {
                constraintName = true;
                renaming << key->text;
            }
        }
        use->readable = true;
        use->renamesNamedConstraints = constraintName;
        use->keys = keys;
        use->renamingKeys = renaming;
    };
    visitPyExpressions(module.body, [&](const PyExpr &e) {
        if (found || e.kind != PyExpr::Kind::Call)
            return;
        for (const PyKeywordArg &k : e.keywords) {
            if (k.name == QLatin1String("naming_convention")) {
                NamingConventionUse use{path, k.span.line, false, true, {}, {}, {}};
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
    return NamingConventionUse{path, int(source.left(at).count(QLatin1Char('\n'))) + 1, false, true, {}, {}, {}};
}

} // namespace

std::optional<NamingConventionUse> findNamingConvention(const Project &project)
{
    std::optional<NamingConventionUse> found;
    forEachProjectPythonFile(project, kMaxFiles, [&](const QString &path) {
        QFile file(path);
        if (QFileInfo(path).size() > kMaxFileSize || !file.open(QIODevice::ReadOnly))
            return true;
        const QByteArray bytes = file.readAll();
        if (!bytes.contains("naming_convention"))
            return true;
        found = useIn(project.relativePath(path), QString::fromUtf8(bytes));
        return false;
    });
    return found;
}

} // namespace retort
