// One pass over a database for display: connect, introspect, read the version rows.
#include "session/DatabaseSnapshot.h"

#include "schema/SchemaReader.h"

namespace retort {

Result<DatabaseSnapshot> readDatabaseSnapshot(const DatabaseUrl &url, const Connection::Options &options,
                                              const std::function<void(const QString &)> &progress)
{
    const auto report = [&progress](const QString &text) {
        if (progress)
            progress(text);
    };
    report(QStringLiteral("Connecting to %1 …").arg(url.toDisplayString()));
    Result<std::unique_ptr<Connection>> connection = Connection::open(url, options);
    if (!connection)
        return connection.error();

    DatabaseSnapshot snapshot;
    snapshot.urlDisplay = url.toDisplayString();
    snapshot.serverVersion = (*connection)->serverVersion();

    report(QStringLiteral("Reading tables …"));
    Result<Schema> schema = introspectSchema(**connection);
    if (!schema)
        return schema.error();
    snapshot.schema = std::move(schema).value();

    Result<VersionTableState> versions = readVersionTable(**connection);
    if (!versions)
        return versions.error();
    snapshot.versions = versions.value();
    return snapshot;
}

} // namespace retort
