// One QThreadPool task per request; results carry their generation so stale ones are dropped.
#include "WorkspaceLoader.h"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

namespace retort::app {

WorkspaceLoader::WorkspaceLoader(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<retort::Workspace>("retort::Workspace");
}

WorkspaceLoader::~WorkspaceLoader()
{
    // Results of running tasks are posted to this object through a QPointer and are dropped once it is gone;
    // wait so no task outlives the application.
    QThreadPool::globalInstance()->waitForDone();
}

void WorkspaceLoader::load(const WorkspaceRequest &request)
{
    const quint64 generation = ++m_generation;
    m_busy = true;
    QPointer<WorkspaceLoader> self(this);
    QThreadPool::globalInstance()->start([self, generation, request]() {
        const auto progress = [self, generation](const QString &message) {
            QMetaObject::invokeMethod(self, [self, generation, message]() {
                if (self && self->m_generation == generation)
                    emit self->progressed(message);
            }, Qt::QueuedConnection);
        };
        Workspace workspace = loadWorkspace(request, progress);
        QMetaObject::invokeMethod(self, [self, generation, workspace]() {
            if (!self || self->m_generation != generation)
                return;
            self->m_busy = false;
            emit self->loaded(workspace);
        }, Qt::QueuedConnection);
    });
}

} // namespace retort::app
