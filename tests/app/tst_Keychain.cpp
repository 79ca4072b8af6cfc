// The real desktop keychain through QtKeychain, in both situations a user meets: a Secret Service
// that is running (ctest starts gnome-keyring inside dbus-run-session for this), where a password
// goes in, comes back and is removed; and no keychain at all, which must answer "unavailable"
// promptly rather than hang or crash. RETORT_EXPECT_NO_KEYCHAIN=1 selects the second.
#include "PasswordStore.h"

#include <QSignalSpy>
#include <QtTest>

using namespace retort::app;

class tst_Keychain : public QObject
{
    Q_OBJECT
private slots:
    void roundTripOrUnavailable();

private:
    PasswordAnswer call(const std::function<void(PasswordStore::Answer)> &start);
};

PasswordAnswer tst_Keychain::call(const std::function<void(PasswordStore::Answer)> &start)
{
    PasswordAnswer out;
    bool done = false;
    start([&](const PasswordAnswer &a) {
        out = a;
        done = true;
    });
    QElapsedTimer clock;
    clock.start();
    while (!done && clock.elapsed() < 20000)
        QTest::qWait(10);
    if (!done)
        out = {PasswordAnswer::Outcome::Failed, {}, QStringLiteral("no answer within 20 seconds")};
    return out;
}

void tst_Keychain::roundTripOrUnavailable()
{
    KeychainPasswordStore store(QStringLiteral("retort-test"));
    const QString key = QStringLiteral("/tmp/project — staging %1").arg(QCoreApplication::applicationPid());
    const QString secret = QStringLiteral("p@ss:w/rd%1 ünïcode");
    if (qEnvironmentVariableIntValue("RETORT_EXPECT_NO_KEYCHAIN") == 1) {
        const PasswordAnswer written = call([&](PasswordStore::Answer a) { store.write(key, secret, this, a); });
        QCOMPARE(int(written.outcome), int(PasswordAnswer::Outcome::Unavailable));
        QVERIFY(!written.message.isEmpty());
        const PasswordAnswer read = call([&](PasswordStore::Answer a) { store.read(key, this, a); });
        QVERIFY(!read.ok());
        return;
    }
    const PasswordAnswer written = call([&](PasswordStore::Answer a) { store.write(key, secret, this, a); });
    QVERIFY2(written.ok(), qPrintable(written.message));
    const PasswordAnswer read = call([&](PasswordStore::Answer a) { store.read(key, this, a); });
    QVERIFY2(read.ok(), qPrintable(read.message));
    QCOMPARE(read.password, secret);
    const PasswordAnswer removed = call([&](PasswordStore::Answer a) { store.remove(key, this, a); });
    QVERIFY2(removed.ok(), qPrintable(removed.message));
    const PasswordAnswer gone = call([&](PasswordStore::Answer a) { store.read(key, this, a); });
    QCOMPARE(int(gone.outcome), int(PasswordAnswer::Outcome::NotFound));
}

QTEST_GUILESS_MAIN(tst_Keychain)
#include "tst_Keychain.moc"
