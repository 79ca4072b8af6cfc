#include "ConnectionProfiles.h"

#include "connection/DatabaseUrl.h"

#include <QCryptographicHash>
#include <QSettings>

namespace retort::app {

ConnectionProfiles::ConnectionProfiles(QString projectDir)
    : m_projectDir(std::move(projectDir))
{
}

QString ConnectionProfiles::group() const
{
    // One group per project folder; the folder itself is written inside it, for people reading the file.
    const QByteArray id = QCryptographicHash::hash(m_projectDir.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return QStringLiteral("connections/%1").arg(QString::fromLatin1(id));
}

QList<ConnectionProfile> ConnectionProfiles::load() const
{
    QSettings settings;
    settings.beginGroup(group());
    QList<ConnectionProfile> out;
    const int n = settings.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile p;
        p.name = settings.value(QStringLiteral("name")).toString();
        p.url = settings.value(QStringLiteral("url")).toString();
        p.rememberPassword = settings.value(QStringLiteral("rememberPassword")).toBool();
        if (!p.name.isEmpty())
            out << p;
    }
    settings.endArray();
    return out;
}

void ConnectionProfiles::store(const QList<ConnectionProfile> &profiles)
{
    QSettings settings;
    settings.beginGroup(group());
    settings.setValue(QStringLiteral("project"), m_projectDir);
    settings.remove(QStringLiteral("profiles"));
    settings.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), profiles.at(i).name);
        settings.setValue(QStringLiteral("url"), profiles.at(i).url);
        settings.setValue(QStringLiteral("rememberPassword"), profiles.at(i).rememberPassword);
    }
    settings.endArray();
}

void ConnectionProfiles::save(const ConnectionProfile &profile)
{
    ConnectionProfile clean = profile;
    Result<DatabaseUrl> url = DatabaseUrl::parse(profile.url);
    clean.url = url ? url->withPassword(QString()).toString(true) : QString();
    QList<ConnectionProfile> all = load();
    bool replaced = false;
    for (ConnectionProfile &p : all) {
        if (p.name == clean.name) {
            p = clean;
            replaced = true;
        }
    }
    if (!replaced)
        all << clean;
    store(all);
}

void ConnectionProfiles::remove(const QString &name)
{
    QList<ConnectionProfile> all = load();
    all.removeIf([&name](const ConnectionProfile &p) { return p.name == name; });
    store(all);
}

QString ConnectionProfiles::lastUsed() const
{
    QSettings settings;
    return settings.value(group() + QStringLiteral("/lastUsed")).toString();
}

void ConnectionProfiles::setLastUsed(const QString &name)
{
    QSettings settings;
    settings.setValue(group() + QStringLiteral("/lastUsed"), name);
}

QString ConnectionProfiles::keychainKey(const QString &name) const
{
    return QStringLiteral("%1 — %2").arg(m_projectDir.isEmpty() ? QStringLiteral("(no project)") : m_projectDir, name);
}

} // namespace retort::app
