#include "PasswordStore.h"

#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QTimer>

namespace retort::app {

namespace {

PasswordAnswer answerOf(QKeychain::Job *job)
{
    PasswordAnswer a;
    switch (job->error()) {
    case QKeychain::NoError:
        a.outcome = PasswordAnswer::Outcome::Done;
        break;
    case QKeychain::EntryNotFound:
        a.outcome = PasswordAnswer::Outcome::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        // What a desktop without a Secret Service (or a headless session) answers.
        a.outcome = PasswordAnswer::Outcome::Unavailable;
        break;
    default:
        a.outcome = PasswordAnswer::Outcome::Failed;
        break;
    }
    if (!a.ok())
        a.message = job->errorString();
    return a;
}

template <typename JobType>
void runJob(JobType *job, QObject *context, const PasswordStore::Answer &answer, bool read)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);   // never a plain-text file instead of the keychain
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, job, [guard, answer, read](QKeychain::Job *done) {
        PasswordAnswer a = answerOf(done);
        if (read && a.ok())
            a.password = static_cast<QKeychain::ReadPasswordJob *>(done)->textData();
        if (guard)
            answer(a);
    });
    job->start();
}

} // namespace

KeychainPasswordStore::KeychainPasswordStore(QString service)
    : m_service(std::move(service))
{
}

QString KeychainPasswordStore::name() const
{
    return QObject::tr("the desktop keychain");
}

void KeychainPasswordStore::read(const QString &key, QObject *context, Answer answer)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    runJob(job, context, answer, true);
}

void KeychainPasswordStore::write(const QString &key, const QString &password, QObject *context, Answer answer)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(password);
    runJob(job, context, answer, false);
}

void KeychainPasswordStore::remove(const QString &key, QObject *context, Answer answer)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    runJob(job, context, answer, false);
}

void MemoryPasswordStore::answerLater(QObject *context, Answer answer, PasswordAnswer value)
{
    QTimer::singleShot(0, context, [answer, value]() { answer(value); });
}

void MemoryPasswordStore::read(const QString &key, QObject *context, Answer answer)
{
    PasswordAnswer a;
    if (!m_available)
        a = {PasswordAnswer::Outcome::Unavailable, {}, QStringLiteral("No keychain service is running.")};
    else if (!m_entries.contains(key))
        a.outcome = PasswordAnswer::Outcome::NotFound;
    else
        a.password = m_entries.value(key);
    answerLater(context, answer, a);
}

void MemoryPasswordStore::write(const QString &key, const QString &password, QObject *context, Answer answer)
{
    PasswordAnswer a;
    if (!m_available)
        a = {PasswordAnswer::Outcome::Unavailable, {}, QStringLiteral("No keychain service is running.")};
    else
        m_entries.insert(key, password);
    answerLater(context, answer, a);
}

void MemoryPasswordStore::remove(const QString &key, QObject *context, Answer answer)
{
    PasswordAnswer a;
    if (!m_available)
        a = {PasswordAnswer::Outcome::Unavailable, {}, QStringLiteral("No keychain service is running.")};
    else if (m_entries.remove(key) == 0)
        a.outcome = PasswordAnswer::Outcome::NotFound;
    answerLater(context, answer, a);
}

} // namespace retort::app
