// Where saved connection passwords live: the desktop keychain (QtKeychain: the Secret Service on
// Linux), never a settings file. Every call answers asynchronously on the GUI thread, since a
// keychain may ask the user to unlock it. MemoryPasswordStore is the test double.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace retort::app {

struct PasswordAnswer
{
    enum class Outcome { Done, NotFound, Unavailable, Failed };
    Outcome outcome = Outcome::Done;
    QString password;   ///< read: the password
    QString message;    ///< Unavailable / Failed: what the keychain said

    bool ok() const { return outcome == Outcome::Done; }
};

class PasswordStore
{
public:
    using Answer = std::function<void(const PasswordAnswer &)>;
    virtual ~PasswordStore() = default;
    /// Calls answer on context's thread, unless context is gone by then.
    virtual void read(const QString &key, QObject *context, Answer answer) = 0;
    virtual void write(const QString &key, const QString &password, QObject *context, Answer answer) = 0;
    virtual void remove(const QString &key, QObject *context, Answer answer) = 0;
    /// "the desktop keychain", for messages.
    virtual QString name() const = 0;
};

class KeychainPasswordStore : public PasswordStore
{
public:
    explicit KeychainPasswordStore(QString service = QStringLiteral("retort"));
    void read(const QString &key, QObject *context, Answer answer) override;
    void write(const QString &key, const QString &password, QObject *context, Answer answer) override;
    void remove(const QString &key, QObject *context, Answer answer) override;
    QString name() const override;

private:
    QString m_service;
};

class MemoryPasswordStore : public PasswordStore
{
public:
    void read(const QString &key, QObject *context, Answer answer) override;
    void write(const QString &key, const QString &password, QObject *context, Answer answer) override;
    void remove(const QString &key, QObject *context, Answer answer) override;
    QString name() const override { return QStringLiteral("the test keychain"); }

    /// false: behave like a desktop without a keychain service.
    void setAvailable(bool available) { m_available = available; }
    const QHash<QString, QString> &entries() const { return m_entries; }

private:
    void answerLater(QObject *context, Answer answer, PasswordAnswer value);
    QHash<QString, QString> m_entries;
    bool m_available = true;
};

} // namespace retort::app
