// One Alembic revision file, read without running it: the module-level names Alembic uses
// (revision, down_revision, branch_labels, depends_on) and the docstring. The syntax tree is not
// kept: on a 10,000-file project keeping every tree costs more than parsing one file again later.
#pragma once

#include <functional>

#include "migrations/Problem.h"
#include "python/PyAst.h"

#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

namespace retort {

struct RevisionScript
{
    QString path;                   ///< absolute
    QString revision;
    QStringList downRevisions;      ///< as written; empty for a base
    QStringList dependsOn;          ///< as written (ids, partial ids or branch labels)
    QStringList branchLabels;       ///< as written
    QString longDoc;                ///< the stripped module docstring
    QString doc;                    ///< its first paragraph (what history shows)
    int revisionLine = 0;           ///< lines of the assignments (0 when absent)
    int downRevisionLine = 0;
    int branchLabelsLine = 0;
    int dependsOnLine = 0;
};

struct RevisionScriptRead
{
    std::optional<RevisionScript> script;   ///< empty when the file cannot be a revision at all
    QList<Problem> problems;
    /// A header (down_revision, branch_labels, depends_on) names a value from another module (branch_labels
    /// = (cli.CONTRACT_BRANCH,)): reading the file again with a HeaderNameResolver may resolve it.
    bool namesOtherModules = false;
};

/// The string value of a name a revision imports from the project (qualified: its import-resolved dotted
/// name, "myapp.cli.CONTRACT_BRANCH"); empty when it is not a plain string there.
using HeaderNameResolver = std::function<std::optional<QString>(const PyExpr &use, const QString &qualified)>;

/// Reads a revision file's text. fileName is the bare name (for the legacy id-from-filename form).
RevisionScriptRead readRevisionScript(const QString &path, const QString &source);
/// The same from the file's bytes, decoded as Python decodes them: a NUL byte or invalid UTF-8 is an error with its line.
RevisionScriptRead readRevisionFile(const QString &path, const QByteArray &bytes, const HeaderNameResolver &resolver = {});

} // namespace retort
