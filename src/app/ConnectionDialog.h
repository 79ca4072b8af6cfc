// Saved connections of the open project: pick one, or describe a new one by URL or by fields
// (engine, host, port, database, user, password, SSL mode), test it (the server's version, or the
// reason it failed), save it (the password only in the keychain, and only when asked), connect.
// The password is typed into a masked field and never shown, not even inside the URL.
#pragma once

#include "ConnectionProfiles.h"

#include "connection/DatabaseUrl.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace Ui {
class ConnectionDialog;
}

namespace retort::app {

class BackgroundTasks;
class PasswordStore;

class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    /// The project's own connection, as its configuration gives it (instance/config.py, alembic.ini):
    /// the first entry of the list, so a saved connection is never a one-way door.
    struct ProjectConnection
    {
        QString url;       ///< with its password, as the configuration holds it (shown masked)
        QString source;    ///< "instance/config.py:3"
    };

    /// tasks: the window's, on which the connection test runs (closing the dialog waits for nothing).
    ConnectionDialog(const QString &projectDir, PasswordStore *passwords, BackgroundTasks *tasks, QWidget *parent = nullptr,
                     std::optional<ProjectConnection> project = std::nullopt);
    ~ConnectionDialog() override;

    /// Selects a saved profile by name (fills the fields, reads its password from the keychain).
    bool selectProfile(const QString &name);
    /// Selects the project's own connection (when the dialog was given one).
    void selectProjectConnection();
    /// The URL the fields describe, with the typed password.
    Result<DatabaseUrl> currentUrl() const;
    void testConnection();
    /// Saves the fields as a profile (and the password in the keychain when asked).
    void saveProfile();
    QString keychainStatus() const;

signals:
    void connectRequested(const QString &profileName, const retort::DatabaseUrl &url);
    /// Connect as the project's configuration says (its own entry, unchanged).
    void projectConnectionRequested();
    void testFinished(bool ok, const QString &text);
    /// A save finished, including the keychain part.
    void profileSaved(const QString &name);

private:
    void reloadProfiles(const QString &select);
    void fieldsToUrl();
    void urlToFields();
    void engineChanged();
    void showFieldsFor(Dialect dialect);
    void setKeychainStatus(const QString &text, bool problem);

    std::unique_ptr<Ui::ConnectionDialog> m_ui;
    QString m_projectDir;
    PasswordStore *m_passwords = nullptr;
    BackgroundTasks *m_tasks = nullptr;
    ConnectionProfiles m_profiles;
    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_engine = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_password = nullptr;
    QComboBox *m_sslMode = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_urlError = nullptr;
    QLabel *m_testResult = nullptr;
    QLabel *m_keychain = nullptr;
    QPushButton *m_test = nullptr;
    bool m_syncing = false;
    std::optional<ProjectConnection> m_project;
    bool isProjectSelected() const;
    void selectProject();
    void clearTestResult();
    void showUrlError(const QString &text);
    DatabaseUrl::QueryItems m_otherQuery;   ///< URL options the fields do not show, kept as they are
};

} // namespace retort::app
