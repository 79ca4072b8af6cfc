// The application's own Python files: the project folder breadth first, without the revision
// folders, virtual environments, build output, tests and hidden folders.
#pragma once

#include "project/Project.h"

#include <functional>

namespace retort {

/// Calls visit for each such .py file (absolute path), folder by folder in name order, until it
/// returns false or maxFiles files were visited.
void forEachProjectPythonFile(const Project &project, int maxFiles, const std::function<bool(const QString &path)> &visit);

} // namespace retort
