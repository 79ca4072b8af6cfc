// ModelSet -> JSON for `retort-cli models --json`.
#pragma once

#include "models/Model.h"
#include "sql/TypeText.h"

#include <QJsonObject>

namespace retort {

QJsonObject modelSetToJson(const ModelSet &set);

} // namespace retort
