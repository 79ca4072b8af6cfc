#include "models/ModuleSet.h"

#include "models/ModelReader.h"
#include "python/PySource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace retort {

namespace modelscan {

namespace {

using SK = PyStmt::Kind;

constexpr int kMaxModules = 2000;
constexpr qint64 kMaxFileSize = 4 * 1024 * 1024;

} // namespace

QString ModuleSet::dottedFor(const QString &path, bool *isPackage) const
{
    const QFileInfo info(path);
    *isPackage = info.fileName() == QLatin1String("__init__.py");
    for (const QString &root : m_searchRoots) {
        const QString rel = QDir(root).relativeFilePath(info.absoluteFilePath());
        if (rel.startsWith(QLatin1String("..")))
            continue;
        QString d = rel;
        d.chop(3);   // .py
        if (*isPackage)
            d.chop(int(QStringLiteral("/__init__").size()));
        return d.replace(QLatin1Char('/'), QLatin1Char('.'));
    }
    return {};
}

Module *ModuleSet::load(const QString &path)
{
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (Module *m = m_byPath.value(clean))
        return m;
    if (int(m_modules.size()) >= kMaxModules)
        return nullptr;
    QFile file(clean);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileSize)
        return nullptr;
    auto module = std::make_unique<Module>();
    module->path = clean;
    module->rel = QDir(m_root).relativeFilePath(clean);
    module->dotted = dottedFor(clean, &module->isPackage);
    module->ast = parsePythonSource(file.readAll());
    module->values = moduleAssignments(module->ast);
    Module *raw = module.get();
    m_byPath.insert(clean, raw);
    if (!module->dotted.isEmpty())
        m_byDotted.insert(module->dotted, raw);
    m_modules.push_back(std::move(module));
    collectTopLevel(raw, raw->ast.body);
    return raw;
}

void ModuleSet::collectTopLevel(Module *m, const PyStmtList &body)
{
    for (const auto &stmt : body) {
        switch (stmt->kind) {
        case SK::ClassDef:
            m->classes.insert(stmt->name, stmt.get());
            break;
        case SK::Import:
            for (const PyImportBinding &b : importBindings(*stmt))
                m->imports.insert(b.local, ImportRef{b.module, {}});
            for (const PyImportName &i : stmt->imports)
                followImport(i.name);
            break;
        case SK::ImportFrom: {
            const QString from = absoluteModule(m, stmt->name);
            for (const PyImportBinding &b : importBindings(*stmt)) {
                if (b.isStar()) {
                    if (Module *target = followImport(from)) {
                        for (auto it = target->classes.constBegin(); it != target->classes.constEnd(); ++it)
                            m->imports.insert(it.key(), ImportRef{from, it.key()});
                        for (auto it = target->values.constBegin(); it != target->values.constEnd(); ++it)
                            m->imports.insert(it.key(), ImportRef{from, it.key()});
                    }
                    continue;
                }
                m->imports.insert(b.local, ImportRef{from, b.name});
                if (!followImport(from + QLatin1Char('.') + b.name))
                    followImport(from);
            }
            break;
        }
        case SK::If:
        case SK::Try:
            // imports under "if TYPE_CHECKING:" or try/except ImportError still tell where names come from
            collectTopLevel(m, stmt->body);
            break;
        default:
            break;
        }
    }
}

QString ModuleSet::absoluteModule(const Module *m, const QString &name) const
{
    if (!name.startsWith(QLatin1Char('.')))
        return name;
    qsizetype dots = 0;
    while (dots < name.size() && name.at(dots) == QLatin1Char('.'))
        ++dots;
    QStringList package = m->dotted.split(QLatin1Char('.'), Qt::SkipEmptyParts);
    if (!m->isPackage && !package.isEmpty())
        package.removeLast();
    for (qsizetype i = 1; i < dots && !package.isEmpty(); ++i)
        package.removeLast();
    const QString rest = name.mid(dots);
    if (!rest.isEmpty())
        package << rest;
    return package.join(QLatin1Char('.'));
}

// Loads a project module (and its parent packages, which Python runs first).
Module *ModuleSet::followImport(const QString &dotted)
{
    if (dotted.isEmpty())
        return nullptr;
    if (Module *m = m_byDotted.value(dotted))
        return m;
    const QString file = pythonModuleFile(m_searchRoots, dotted);
    if (file.isEmpty())
        return nullptr;
    const QStringList parts = dotted.split(QLatin1Char('.'));
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QString parent = parts.mid(0, i).join(QLatin1Char('.'));
        if (!m_byDotted.contains(parent)) {
            const QString pf = pythonModuleFile(m_searchRoots, parent);
            if (!pf.isEmpty())
                load(pf);
        }
    }
    return load(file);
}

Module *ModuleSet::moduleByName(const QString &dotted)
{
    if (Module *m = m_byDotted.value(dotted))
        return m;
    return followImport(dotted);
}

} // namespace modelscan

} // namespace retort
