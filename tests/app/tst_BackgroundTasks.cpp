// The one way the window works in the background: results come back on the owner's thread, a newer
// request supersedes an older one, a result whose receiver is gone is dropped, cancelling reaches
// the running work, and an owner that goes waits for its own tasks only (closing a dialog never waits
// for a migration the window runs).
#include "BackgroundTasks.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QThread>
#include <QtTest>

using namespace retort::app;

class tst_BackgroundTasks : public QObject
{
    Q_OBJECT
private slots:
    void resultsComeBackOnTheOwnersThread()
    {
        QObject owner;
        BackgroundTasks tasks(&owner);
        QThread *worker = nullptr;
        QThread *delivered = nullptr;
        int result = 0;
        tasks.run([&worker]() { worker = QThread::currentThread(); return 42; }, [&](int value) {
            delivered = QThread::currentThread();
            result = value;
        });
        QTRY_COMPARE(result, 42);
        QVERIFY(worker != QThread::currentThread());
        QCOMPARE(delivered, QThread::currentThread());
    }

    void aNewerRequestSupersedesOlderOnes()
    {
        QObject owner;
        BackgroundTasks tasks(&owner);
        QSemaphore release;
        QList<int> delivered;
        QList<int> progress;
        for (int i = 1; i <= 3; ++i) {
            tasks.runLatest([&release, &progress, i](const BackgroundTasks::Context &context) {
                release.acquire();
                context.post([&progress, i]() { progress << i; });   // a stale load's progress is dropped too
                return i;
            }, [&delivered](int value) { delivered << value; });
        }
        release.release(3);
        tasks.waitForDone();
        QTRY_COMPARE(delivered, QList<int>{3});
        QTest::qWait(0);   // any stale result would be delivered by now; none is
        QCOMPARE(delivered, QList<int>{3});
        QCOMPARE(progress, QList<int>{3});
    }

    void aGoneReceiverDropsTheResult()
    {
        QObject owner;
        BackgroundTasks tasks(&owner);
        auto *receiver = new QObject;
        QSemaphore release;
        bool called = false;
        tasks.runFor(receiver, [&release]() { release.acquire(); return 1; }, [&called](int) { called = true; });
        delete receiver;   // a dialog closed while its test connection was running
        release.release();
        tasks.waitForDone();
        QCoreApplication::processEvents();
        QVERIFY(!called);
    }

    void cancellingReachesTheWork()
    {
        QObject owner;
        BackgroundTasks tasks(&owner);
        QSemaphore started;
        int steps = -1;
        tasks.run([&started](const BackgroundTasks::Context &context) {
            started.release();
            int done = 0;
            while (!context.cancelled() && done < 1000) {   // 1,000 × 10 ms: far longer than the test waits
                QThread::msleep(10);
                ++done;
            }
            return done;
        }, [&steps](int done) { steps = done; });
        started.acquire();
        tasks.cancel();
        QTRY_VERIFY(steps >= 0);
        QVERIFY2(steps < 1000, "the work stopped when asked");
    }

    void anOwnerWaitsForItsOwnTasksOnly()
    {
        QObject window;
        BackgroundTasks windowTasks(&window);
        QSemaphore migrationMayEnd;
        windowTasks.run([&migrationMayEnd]() { migrationMayEnd.acquire(); return true; }, [](bool) {});
        QElapsedTimer clock;
        clock.start();
        {
            QObject dialog;
            BackgroundTasks dialogTasks(&dialog);
            dialogTasks.run([]() { return 1; }, [](int) {});
        }   // the dialog goes: it waits for its own quick task, not for the window's
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(windowTasks.isBusy());
        migrationMayEnd.release();
        windowTasks.waitForDone();
        QVERIFY(!windowTasks.isBusy());
    }
};

QTEST_MAIN(tst_BackgroundTasks)
#include "tst_BackgroundTasks.moc"
