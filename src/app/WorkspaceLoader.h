// Runs core's loadWorkspace in the background and reports back through signals. A newer request
// makes the results (and the progress) of older ones stale; those are dropped, never shown.
#pragma once

#include "BackgroundTasks.h"

#include "session/Workspace.h"

#include <QObject>

namespace retort::app {

class WorkspaceLoader : public QObject
{
    Q_OBJECT
public:
    explicit WorkspaceLoader(QObject *parent = nullptr);
    ~WorkspaceLoader() override;

    /// Starts loading; returns at once.
    void load(const WorkspaceRequest &request);
    bool isBusy() const { return m_busy; }

signals:
    void progressed(const QString &message);
    void loaded(const retort::Workspace &workspace);

private:
    bool m_busy = false;
    BackgroundTasks m_tasks{this};
};

} // namespace retort::app
