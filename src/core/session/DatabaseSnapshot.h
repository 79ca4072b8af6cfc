// Everything the main window shows about one database, read in one go (meant to run off the GUI thread).
#pragma once

#include "connection/Connection.h"
#include "runner/VersionTable.h"
#include "schema/Schema.h"

#include <functional>

namespace retort {

struct DatabaseSnapshot
{
    QString urlDisplay;          ///< the URL with the password masked
    QString serverVersion;
    Schema schema;
    VersionTableState versions;
};

/// Connects (in the calling thread, with its own named connection), reads the server version, the
/// tables with their columns and the version table, and disconnects. progress receives short
/// status sentences ("Connecting to …", "Reading tables …") as the work goes on; it may be empty.
Result<DatabaseSnapshot> readDatabaseSnapshot(const DatabaseUrl &url, const Connection::Options &options,
                                              const std::function<void(const QString &)> &progress = {});

} // namespace retort
