#include "compare/ProjectComparison.h"

#include "migrations/ProjectHistory.h"
#include "runner/VersionTable.h"

namespace retort {

Result<ProjectComparison> compareProjectWithDatabase(const Project &project, const Connection &connection,
                                                     const ProjectComparisonOptions &options)
{
    if (options.requireAtHeads) {
        const ProjectHistory history = ProjectHistory::load(project);
        Result<VersionTableState> rows = readVersionTable(connection, VersionTableName::of(project));
        if (!rows)
            return rows.error();
        if (!history.graph.isAtHeads(rows->revisions)) {
            QStringList heads = history.graph.ids(history.graph.heads());
            heads.sort();
            return makeError(QStringLiteral("Target database is not up to date: it is at %1, the heads are %2. Upgrade it first, "
                                            "as alembic requires.")
                                 .arg(rows->revisions.isEmpty() ? QStringLiteral("base") : rows->revisions.join(QStringLiteral(", ")),
                                      heads.isEmpty() ? QStringLiteral("(none)") : heads.join(QStringLiteral(", "))));
        }
    }
    Result<Schema> schema = introspectSchema(connection, options.introspection);
    if (!schema)
        return schema.error();
    return compareProjectWithSchema(project, std::move(schema).value(), connection.dialect(), options);
}

ProjectComparison compareProjectWithSchema(const Project &project, Schema live, Dialect dialect,
                                           const ProjectComparisonOptions &options)
{
    ProjectComparison c;
    c.dialect = dialect;
    c.models = std::make_unique<ModelSet>(readProjectModels(project, options.models));
    c.live = std::make_unique<Schema>(std::move(live));
    CompareOptions compare = options.compare;
    compare.ignoredTables << project.versionTable();
    c.differences = compareSchemas(*c.models, *c.live, c.dialect, compare);
    return c;
}

} // namespace retort
