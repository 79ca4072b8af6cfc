// Runs core's loadWorkspace on a worker thread and reports back through queued signals.
// A newer request makes the results of older ones stale; those are dropped, never shown.
#pragma once

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
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace retort::app
