// The project modules a model reading follows: each parsed once, found by path or by dotted name
// under the search roots, with the names its imports bind (relative imports resolved against its
// package, star imports expanded from the target's classes and values). Importing a project module
// loads its parent packages first, as Python does. Internal to core/models.
#pragma once

#include "ops/SaExpression.h"
#include "python/PyModuleValues.h"

#include <QHash>

#include <memory>
#include <vector>

namespace retort::modelscan {

struct ImportRef
{
    QString module;          ///< absolute dotted module ("app.models"), or relative with leading dots resolved
    QString name;            ///< from-imports: the imported name; empty for "import a.b"
};

struct Module
{
    QString path;            ///< absolute
    QString rel;             ///< relative to the project
    QString dotted;          ///< "app.models" (empty when outside the search roots)
    bool isPackage = false;
    PyModule ast;
    QHash<QString, PyAssignment> values;
    QHash<QString, const PyStmt *> classes;
    QHash<QString, ImportRef> imports;
    std::unique_ptr<SaExpressionReader> sa;
};

class ModuleSet
{
public:
    ModuleSet(QString projectRoot, QStringList searchRoots)
        : m_root(std::move(projectRoot)), m_searchRoots(std::move(searchRoots))
    {
    }

    /// The module in path (loaded once); null past the module or file-size limits or when unreadable.
    Module *load(const QString &path);
    /// The project module Python would import as dotted, loading it on first use; null for modules
    /// outside the project (sqlalchemy, flask_sqlalchemy, …).
    Module *moduleByName(const QString &dotted);
    /// Every module loaded so far, in load order; loading may add more while a reader walks it.
    const std::vector<std::unique_ptr<Module>> &modules() const { return m_modules; }

private:
    QString dottedFor(const QString &path, bool *isPackage) const;
    void collectTopLevel(Module *m, const PyStmtList &body);
    QString absoluteModule(const Module *m, const QString &name) const;
    Module *followImport(const QString &dotted);

    QString m_root;
    QStringList m_searchRoots;
    std::vector<std::unique_ptr<Module>> m_modules;
    QHash<QString, Module *> m_byPath;
    QHash<QString, Module *> m_byDotted;
};

} // namespace retort::modelscan
