#include "WorkspaceLoader.h"

namespace retort::app {

WorkspaceLoader::WorkspaceLoader(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<retort::Workspace>("retort::Workspace");
}

WorkspaceLoader::~WorkspaceLoader() = default;

void WorkspaceLoader::load(const WorkspaceRequest &request)
{
    m_busy = true;
    // A newer load makes this one's progress and result stale; BackgroundTasks drops them.
    m_tasks.runLatest([this, request](const BackgroundTasks::Context &context) {
        return loadWorkspace(request, [this, context](const QString &message) {
            context.post([this, message]() { emit progressed(message); });
        });
    }, [this](Workspace workspace) {
        m_busy = false;
        emit loaded(workspace);
    });
}

} // namespace retort::app
