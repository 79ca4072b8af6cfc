// Background work for one owner (the window, the migration controller, the workspace loader, a
// dialog): the one way Retort works off the GUI thread. Blocking work runs on the owner's own thread
// pool and its result is handed to a callback on the owner's thread. The owner waits for its own
// tasks when it goes, and only for those (a dialog closing does not wait for a migration); a result
// whose owner is gone is dropped. Each task can check a cancel token; runLatest() gives tasks a
// generation so that a newer request supersedes the results of older ones.
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <type_traits>
#include <utility>

namespace retort::app {

class BackgroundTasks
{
public:
    /// What a task may do besides its work: check for cancellation, post progress to the owner.
    class Context
    {
    public:
        Context(QPointer<QObject> owner, std::shared_ptr<std::atomic<bool>> cancel,
                std::shared_ptr<std::atomic<quint64>> latest, quint64 generation)
            : m_owner(std::move(owner)), m_cancel(std::move(cancel)), m_latest(std::move(latest)), m_generation(generation) {}

        bool cancelled() const { return m_cancel->load(); }
        /// Runs f() on the owner's thread, unless the owner is gone by then or (for runLatest) a newer
        /// request has started: its progress and its result are stale.
        template <typename F>
        void post(F f) const
        {
            if (!m_owner)
                return;
            QPointer<QObject> owner = m_owner;
            QMetaObject::invokeMethod(owner.data(), [owner, latest = m_latest, generation = m_generation, f = std::move(f)]() mutable {
                if (owner && (generation == 0 || generation == latest->load()))
                    f();
            }, Qt::QueuedConnection);
        }

    private:
        QPointer<QObject> m_owner;
        std::shared_ptr<std::atomic<bool>> m_cancel;
        std::shared_ptr<std::atomic<quint64>> m_latest;
        quint64 m_generation = 0;   ///< 0: not a runLatest task
    };

    explicit BackgroundTasks(QObject *owner) : m_owner(owner), m_cancel(std::make_shared<std::atomic<bool>>(false)) {}
    /// Cancels the running tasks and waits for them.
    ~BackgroundTasks()
    {
        cancel();
        m_pool.waitForDone();
    }
    BackgroundTasks(const BackgroundTasks &) = delete;
    BackgroundTasks &operator=(const BackgroundTasks &) = delete;

    /// work() or work(const Context &) runs on the pool; done(result) on the owner's thread.
    template <typename Work, typename Done>
    void run(Work work, Done done)
    {
        start(m_owner, std::move(work), std::move(done), 0);
    }

    /// Like run(), but the result goes to receiver (a dialog of the owner's, say), dropped if it is gone
    /// by then; the task stays on the owner's pool, so closing the receiver waits for nothing.
    template <typename Work, typename Done>
    void runFor(QObject *receiver, Work work, Done done)
    {
        start(receiver, std::move(work), std::move(done), 0);
    }

    /// Like run(), but done() only runs when no later runLatest() was started in the meantime.
    template <typename Work, typename Done>
    void runLatest(Work work, Done done)
    {
        start(m_owner, std::move(work), std::move(done), ++*m_generation);
    }

    /// Tells the tasks started so far that they should stop (Context::cancelled()); their results still come.
    void cancel()
    {
        m_cancel->store(true);
        m_cancel = std::make_shared<std::atomic<bool>>(false);
    }
    bool isBusy() const { return m_pool.activeThreadCount() > 0; }
    void waitForDone() { m_pool.waitForDone(); }

private:
    template <typename Work, typename Done>
    void start(QObject *receiver, Work work, Done done, quint64 generation)
    {
        const Context context(QPointer<QObject>(receiver), m_cancel, m_generation, generation);
        m_pool.start([context, work = std::move(work), done = std::move(done)]() mutable {
            auto result = [&]() {
                if constexpr (std::is_invocable_v<Work &, const Context &>)
                    return std::make_shared<std::decay_t<decltype(work(context))>>(work(context));
                else
                    return std::make_shared<std::decay_t<decltype(work())>>(work());
            }();
            context.post([result, done = std::move(done)]() mutable { done(std::move(*result)); });
        });
    }

    QObject *m_owner;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::atomic<quint64>> m_generation = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace retort::app
