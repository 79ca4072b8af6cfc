// The bundled spaceship demo: where Retort ships it, and the user's own working copy of it.
#pragma once

#include "Result.h"

#include <QString>

namespace retort::demo {

/// The revision the demo database is created at (history beyond it is left to upgrade through).
inline constexpr char kSeedRevision[] = "7a4e2b9c1d05";

/// The demo project shipped with Retort: $RETORT_DEMO_DIR, else <bin>/../share/retort/demo,
/// else the source tree's migrations/ (in a build tree). Empty when none exists.
QString shippedDemoDir();

/// Makes sure targetDir holds a copy of the demo project and its SQLite database
/// (instance/spaceship.db, created at kSeedRevision when missing). Existing files are left alone,
/// so the user's own changes to the copy survive. Returns targetDir.
Result<QString> prepareUserDemo(const QString &targetDir);

/// The SQL that creates the demo database at kSeedRevision, one statement per entry.
QStringList seedStatements();

} // namespace retort::demo
