// One piece of blocking work on the global thread pool, its result handed to a callback on the GUI
// thread. The callback is dropped when context is gone by then; the work itself always finishes
// (the window waits for the pool when it closes).
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <memory>
#include <utility>

namespace retort::app {

template <typename Work, typename Done>
void runInBackground(QObject *context, Work work, Done done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        auto result = std::make_shared<decltype(work())>(work());
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard.data(), [guard, result, done = std::move(done)]() mutable {
            if (guard)
                done(std::move(*result));
        }, Qt::QueuedConnection);
    });
}

} // namespace retort::app
