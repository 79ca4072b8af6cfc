// Saved connections, per project, in the user's settings: a name and a URL without its password.
// A profile that remembers its password keeps it in the PasswordStore under keychainKey().
#pragma once

#include <QList>
#include <QString>

namespace retort::app {

struct ConnectionProfile
{
    QString name;
    QString url;                     ///< SQLAlchemy URL, never with a password
    bool rememberPassword = false;   ///< the password is in the keychain
};

class ConnectionProfiles
{
public:
    /// projectDir: the project's folder; empty for connections made without a project.
    explicit ConnectionProfiles(QString projectDir);

    QList<ConnectionProfile> load() const;
    /// Adds or replaces (by name). The URL's password, if any, is dropped before it is written.
    void save(const ConnectionProfile &profile);
    void remove(const QString &name);
    QString lastUsed() const;
    void setLastUsed(const QString &name);
    /// The key of the profile's password in the keychain.
    QString keychainKey(const QString &name) const;

private:
    QString group() const;
    void store(const QList<ConnectionProfile> &profiles);
    QString m_projectDir;
};

} // namespace retort::app
