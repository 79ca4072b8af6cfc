// A project's models compared with its database: the one pipeline behind `retort-cli diff`, `check`
// and `revision --autogenerate` (and the workbench window): read the models, check the database
// is at the heads when asked, read the live schema, compare.
#pragma once

#include "compare/SchemaCompare.h"
#include "connection/Connection.h"
#include "models/ModelReader.h"
#include "schema/SchemaReader.h"

#include <memory>

namespace retort {

struct ProjectComparison
{
    std::unique_ptr<ModelSet> models;
    std::unique_ptr<Schema> live;
    Dialect dialect = Dialect::SQLite;
    QList<SchemaDifference> differences;   ///< point into models and live, which stay put when this is moved
};

struct ProjectComparisonOptions
{
    ModelReaderOptions models;
    CompareOptions compare;            ///< the project's version table is added to its ignored tables
    IntrospectionOptions introspection;
    bool requireAtHeads = false;       ///< refuse a database that is not at the heads, as autogenerate and check do
};

Result<ProjectComparison> compareProjectWithDatabase(const Project &project, const Connection &connection,
                                                     const ProjectComparisonOptions &options = {});

/// The same against a schema read before (no database work): the models are read again.
ProjectComparison compareProjectWithSchema(const Project &project, Schema live, Dialect dialect,
                                           const ProjectComparisonOptions &options = {});

} // namespace retort
