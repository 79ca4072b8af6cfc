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
    const quint64 generation = ++m_generation;
    m_busy = true;
    m_tasks.runLatest([this, generation, request](const BackgroundTasks::Context &context) {
        // m_generation is only read on this object's thread, inside the posted calls.
        const auto progress = [this, generation, context](const QString &message) {
            context.post([this, generation, message]() {
                if (m_generation == generation)
                    emit progressed(message);
            });
        };
        return loadWorkspace(request, progress);
    }, [this](Workspace workspace) {
        m_busy = false;
        emit loaded(workspace);
    });
}

} // namespace retort::app
