// Files only their owner can read, created where nothing stood before: backups and their metadata.
// Nothing here follows a symbolic link, replaces an existing entry or falls back to a copy, so a
// link planted in a backups folder can neither receive a backup nor have its target overwritten.
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

namespace retort::backup {

/// True when something (a file, a folder, a symbolic link, dangling or not) is at path.
bool entryExists(const QString &path);

/// Creates path and its missing parents with mode 0700; an existing folder is kept as it is.
Status makePrivateFolder(const QString &path);

/// Creates an empty file with mode 0600 at path; fails when anything is there already.
Status createPrivateFile(const QString &path);

/// Moves from to to, failing when anything is at to; never copies.
Status moveWithoutReplacing(const QString &from, const QString &to);

/// Writes content to path (mode 0600) through path.partial, refusing when anything is at either.
Status writeNewPrivateFile(const QString &path, const QByteArray &content);

} // namespace retort::backup
