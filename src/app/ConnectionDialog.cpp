#include "ConnectionDialog.h"
#include "Theme.h"
#include "ui_ConnectionDialog.h"

#include "BackgroundTasks.h"
#include "PasswordStore.h"

#include "connection/Connection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace retort::app {

namespace {

struct Engine
{
    const char *label;
    const char *backend;
    Dialect dialect;
    int defaultPort;
    const char *sslKey;
};

const Engine kEngines[] = {
    {"SQLite", "sqlite", Dialect::SQLite, 0, nullptr},
    {"PostgreSQL", "postgresql", Dialect::PostgreSQL, 5432, "sslmode"},
    {"MySQL / MariaDB", "mysql", Dialect::MySQL, 3306, "ssl_mode"},
};

QStringList sslModes(Dialect dialect)
{
    if (dialect == Dialect::PostgreSQL)
        return {QString(), QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"), QStringLiteral("require"),
                QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    if (dialect == Dialect::MySQL)
        return {QString(), QStringLiteral("DISABLED"), QStringLiteral("PREFERRED"), QStringLiteral("REQUIRED")};
    return {};
}

int engineIndex(Dialect dialect)
{
    for (int i = 0; i < 3; ++i) {
        if (kEngines[i].dialect == dialect)
            return i;
    }
    return 0;
}

} // namespace

namespace {

constexpr int kProjectEntryRole = Qt::UserRole + 1;

} // namespace

ConnectionDialog::ConnectionDialog(const QString &projectDir, PasswordStore *passwords, BackgroundTasks *tasks, QWidget *parent,
                                   std::optional<ProjectConnection> project)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectionDialog>()), m_projectDir(projectDir), m_passwords(passwords), m_tasks(tasks),
      m_profiles(projectDir), m_project(std::move(project))
{
    m_ui->setupUi(this);
    m_ui->profilesLabel->setText(projectDir.isEmpty() ? tr("Saved connections") : tr("Saved connections of this project"));
    m_list = m_ui->profileList;
    m_name = m_ui->profileName;
    m_url = m_ui->urlEdit;
    m_engine = m_ui->engineCombo;
    m_host = m_ui->hostEdit;
    m_port = m_ui->portSpin;
    m_database = m_ui->databaseEdit;
    m_user = m_ui->userEdit;
    m_password = m_ui->passwordEdit;
    m_sslMode = m_ui->sslModeCombo;
    m_remember = m_ui->rememberPassword;
    m_urlError = m_ui->urlError;
    m_keychain = m_ui->keychainLabel;
    m_testResult = m_ui->testResult;
    m_test = m_ui->testButton;
    for (const Engine &e : kEngines)
        m_engine->addItem(QString::fromLatin1(e.label));
    m_urlError->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
    QPushButton *save = m_ui->saveProfileButton;
    QPushButton *connectButton = m_ui->connectButton;
    QPushButton *newButton = m_ui->newProfileButton;
    QPushButton *deleteButton = m_ui->deleteProfileButton;
    QToolButton *browse = m_ui->browseButton;

    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(connectButton, &QPushButton::clicked, this, [this]() {
        if (isProjectSelected()) {
            emit projectConnectionRequested();
            accept();
            return;
        }
        Result<DatabaseUrl> url = currentUrl();
        if (!url) {
            showUrlError(url.error().toString());
            return;
        }
        if (!m_name->text().isEmpty() && m_list->currentItem() && m_list->currentItem()->text() == m_name->text())
            m_profiles.setLastUsed(m_name->text());
        emit connectRequested(m_name->text(), *url);
        accept();
    });
    connect(newButton, &QPushButton::clicked, this, [this]() {
        m_list->clearSelection();
        m_list->setCurrentItem(nullptr);
        m_name->clear();
        m_password->clear();
        m_url->clear();
        urlToFields();
        m_name->setFocus();
    });
    connect(deleteButton, &QPushButton::clicked, this, [this]() {
        QListWidgetItem *item = m_list->currentItem();
        if (!item || item->data(kProjectEntryRole).toBool())
            return;   // the project's own connection lives in its configuration
        const QString name = item->text();
        m_profiles.remove(name);
        m_passwords->remove(m_profiles.keychainKey(name), this, [](const PasswordAnswer &) {});
        reloadProfiles(QString());
    });
    connect(browse, &QToolButton::clicked, this, [this]() {
        const QString file = QFileDialog::getOpenFileName(this, tr("SQLite Database"), m_database->text(),
                                                          tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"));
        if (!file.isEmpty()) {
            m_engine->setCurrentIndex(0);
            m_database->setText(file);
        }
    });
    connect(m_list, &QListWidget::currentItemChanged, this, [this, deleteButton](QListWidgetItem *item) {
        deleteButton->setEnabled(item && !item->data(kProjectEntryRole).toBool());
        if (item && item->data(kProjectEntryRole).toBool())
            selectProject();
        else if (item)
            selectProfile(item->text());
    });
    connect(m_url, &QLineEdit::textEdited, this, &ConnectionDialog::urlToFields);
    connect(m_engine, &QComboBox::currentIndexChanged, this, [this]() {
        if (!m_syncing)
            engineChanged();
    });
    for (QLineEdit *edit : {m_host, m_database, m_user})
        connect(edit, &QLineEdit::textEdited, this, &ConnectionDialog::fieldsToUrl);
    // A test result belongs to the URL it tested.
    connect(m_url, &QLineEdit::textChanged, this, &ConnectionDialog::clearTestResult);
    connect(m_password, &QLineEdit::textEdited, this, &ConnectionDialog::clearTestResult);
    connect(m_port, &QSpinBox::valueChanged, this, &ConnectionDialog::fieldsToUrl);
    connect(m_sslMode, &QComboBox::currentIndexChanged, this, &ConnectionDialog::fieldsToUrl);

    setKeychainStatus(tr("Passwords are kept in %1 only when you ask; settings files never hold them.").arg(m_passwords->name()), false);
    engineChanged();
    reloadProfiles(m_profiles.lastUsed());
    if (m_project && !m_list->currentItem())
        m_list->setCurrentRow(0);
}

void ConnectionDialog::selectProjectConnection()
{
    if (m_project)
        m_list->setCurrentRow(0);
}

bool ConnectionDialog::isProjectSelected() const
{
    // The project's entry, unchanged: the URL the fields describe is still the configuration's.
    const QListWidgetItem *item = m_list->currentItem();
    if (!m_project || !item || !item->data(kProjectEntryRole).toBool() || !m_name->text().isEmpty())
        return false;
    const Result<DatabaseUrl> shown = currentUrl();
    const Result<DatabaseUrl> configured = DatabaseUrl::parse(m_project->url);
    return shown && configured && shown->toString(true) == configured->toString(true);
}

void ConnectionDialog::selectProject()
{
    m_name->clear();
    m_password->clear();
    m_url->setText(m_project->url);
    urlToFields();
    m_remember->setChecked(false);
    clearTestResult();
}

void ConnectionDialog::clearTestResult()
{
    m_testResult->clear();
    m_testResult->setToolTip(QString());
}

void ConnectionDialog::showUrlError(const QString &text)
{
    // One place for a URL's problem: under the URL, not again in the test result.
    m_urlError->setText(text);
    m_urlError->show();
    clearTestResult();
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::setKeychainStatus(const QString &text, bool problem)
{
    m_keychain->setText(text);
    m_keychain->setStyleSheet(theme::textStyle(problem ? theme::Text::Warning : theme::Text::Muted, palette()));
}

QString ConnectionDialog::keychainStatus() const
{
    return m_keychain->text();
}

void ConnectionDialog::reloadProfiles(const QString &select)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    if (m_project) {
        auto *item = new QListWidgetItem(tr("Project's connection (%1)").arg(m_project->source), m_list);
        item->setData(kProjectEntryRole, true);
        item->setToolTip(tr("The database the project's configuration names (%1)").arg(m_project->source));
        QFont italic = item->font();
        italic.setItalic(true);
        item->setFont(italic);
    }
    for (const ConnectionProfile &p : m_profiles.load())
        m_list->addItem(p.name);
    if (!select.isEmpty())
        selectProfile(select);
}

bool ConnectionDialog::selectProfile(const QString &name)
{
    for (const ConnectionProfile &p : m_profiles.load()) {
        if (p.name != name)
            continue;
        const auto items = m_list->findItems(name, Qt::MatchExactly);
        if (!items.isEmpty()) {
            const QSignalBlocker block(m_list);
            m_list->setCurrentItem(items.first());
        }
        m_name->setText(p.name);
        m_url->setText(p.url);
        m_password->clear();
        urlToFields();
        m_remember->setChecked(p.rememberPassword);
        m_testResult->clear();
        if (p.rememberPassword) {
            m_password->setPlaceholderText(tr("reading the keychain…"));
            m_passwords->read(m_profiles.keychainKey(name), this, [this, name](const PasswordAnswer &a) {
                m_password->setPlaceholderText(QString());
                if (m_name->text() != name)
                    return;   // another profile was chosen meanwhile
                if (a.ok()) {
                    m_password->setText(a.password);
                } else if (a.outcome == PasswordAnswer::Outcome::NotFound) {
                    setKeychainStatus(tr("The keychain holds no password for '%1'; type it.").arg(name), true);
                } else {
                    setKeychainStatus(tr("No desktop keychain is available (%1). Type the password; Retort will ask for it "
                                         "each time it connects.").arg(a.message), true);
                }
            });
        }
        return true;
    }
    return false;
}

void ConnectionDialog::engineChanged()
{
    const Dialect dialect = kEngines[std::max(0, m_engine->currentIndex())].dialect;
    showFieldsFor(dialect);
    if (dialect != Dialect::SQLite && m_host->text().isEmpty())
        m_host->setText(QStringLiteral("127.0.0.1"));
    fieldsToUrl();
}

// The fields an engine uses, and its SSL modes.
void ConnectionDialog::showFieldsFor(Dialect dialect)
{
    const bool server = dialect != Dialect::SQLite;
    for (QWidget *w : std::initializer_list<QWidget *>{m_host, m_port, m_user, m_password, m_sslMode, m_remember})
        w->setEnabled(server);
    const QSignalBlocker block(m_sslMode);
    m_sslMode->clear();
    for (const QString &mode : sslModes(dialect))
        m_sslMode->addItem(mode.isEmpty() ? tr("driver default") : mode, mode);
    m_database->setPlaceholderText(server ? tr("database name") : tr("/path/to/file.db"));
}

void ConnectionDialog::fieldsToUrl()
{
    if (m_syncing)
        return;
    const Engine &e = kEngines[std::max(0, m_engine->currentIndex())];
    DatabaseUrl::QueryItems query = m_otherQuery;
    const QString ssl = m_sslMode->currentData().toString();
    if (e.sslKey && !ssl.isEmpty())
        query.append({QString::fromLatin1(e.sslKey), ssl});
    const QString text = DatabaseUrl::compose(QString::fromLatin1(e.backend), m_user->text(), QString(), m_host->text(), m_port->value(),
                                              m_database->text(), query);
    const QScopedValueRollback<bool> guard(m_syncing, true);
    m_url->setText(text);
    m_urlError->hide();
}

void ConnectionDialog::urlToFields()
{
    if (m_syncing)
        return;
    const QScopedValueRollback<bool> guard(m_syncing, true);
    QString text = m_url->text().trimmed();
    if (text.isEmpty()) {
        m_urlError->hide();
        return;
    }
    Result<DatabaseUrl> url = DatabaseUrl::parse(text);
    if (!url) {
        // Out of sight even when the URL is wrong (an engine Retort does not know, a bad port) …
        const auto [withoutPassword, password] = DatabaseUrl::splitCredentials(text);
        if (!password.isEmpty()) {
            m_password->setText(password);
            m_url->setText(withoutPassword);
        }
        // … and the fields no longer describe an earlier URL.
        m_host->clear();
        m_database->clear();
        m_user->clear();
        m_otherQuery.clear();
        showUrlError(url.error().toString());
        return;
    }
    m_urlError->hide();
    if (url->hasPassword()) {
        // Out of the URL and into the masked field: the URL line never shows a password.
        m_password->setText(url->password());
        m_url->setText(url->withPassword(QString()).toString(true));
    }
    if (url->dialect() == Dialect::SQLite)
        m_password->clear();
    m_engine->setCurrentIndex(engineIndex(url->dialect()));
    const Engine &e = kEngines[engineIndex(url->dialect())];
    showFieldsFor(e.dialect);
    m_host->setText(url->host());
    m_port->setValue(url->port());
    m_database->setText(url->database());
    m_user->setText(url->username());
    m_otherQuery.clear();
    for (const auto &item : url->query()) {
        if (e.sslKey && item.first == QLatin1String(e.sslKey))
            m_sslMode->setCurrentIndex(std::max(0, int(m_sslMode->findData(item.second))));
        else
            m_otherQuery.append(item);
    }
}

Result<DatabaseUrl> ConnectionDialog::currentUrl() const
{
    Result<DatabaseUrl> url = DatabaseUrl::parse(m_url->text().trimmed());
    if (!url)
        return url.error();
    // A password only goes with a server login; SQLite files have none.
    if (m_password->text().isEmpty() || url->dialect() == Dialect::SQLite || url->username().isEmpty())
        return *url;
    return url->withPassword(m_password->text());
}

void ConnectionDialog::testConnection()
{
    Result<DatabaseUrl> url = currentUrl();
    if (!url) {
        showUrlError(url.error().toString());
        emit testFinished(false, url.error().toString());
        return;
    }
    m_test->setEnabled(false);
    m_testResult->setText(tr("Connecting to %1 …").arg(url->serverLabel()));
    const DatabaseUrl target = *url;
    m_tasks->runFor(this, [target]() -> std::pair<bool, QString> {
        Connection::Options options;
        options.purpose = QStringLiteral("test");
        options.connectTimeoutSeconds = 8;
        Result<std::unique_ptr<Connection>> c = Connection::open(target, options);
        if (!c)
            return {false, c.error().toString()};
        return {true, (*c)->serverVersion()};
    }, [this](std::pair<bool, QString> result) {
        m_test->setEnabled(true);
        // URLs in messages have no spaces to wrap at: allow breaks after their separators (on screen only;
        // the tooltip keeps the text as it is).
        QString shown = result.second.toHtmlEscaped();
        shown.replace(QLatin1Char('?'), QStringLiteral("?&#8203;")).replace(QLatin1Char('/'), QStringLiteral("/&#8203;"));
        m_testResult->setText(result.first ? tr("<b>Connected.</b> Server: %1").arg(shown) : tr("<b>Failed:</b> %1").arg(shown));
        m_testResult->setToolTip(result.second);
        emit testFinished(result.first, result.second);
    });
}

void ConnectionDialog::saveProfile()
{
    const QString name = m_name->text().trimmed();
    Result<DatabaseUrl> url = currentUrl();
    if (!url) {
        showUrlError(url.error().toString());
        return;
    }
    if (name.isEmpty()) {
        m_testResult->setText(tr("Give the connection a name to save it."));
        return;
    }
    ConnectionProfile profile;
    profile.name = name;
    profile.url = url->toString(true);   // ConnectionProfiles drops the password
    profile.rememberPassword = m_remember->isChecked() && !m_password->text().isEmpty();
    m_profiles.save(profile);
    reloadProfiles(QString());
    const auto items = m_list->findItems(name, Qt::MatchExactly);
    if (!items.isEmpty()) {
        const QSignalBlocker block(m_list);
        m_list->setCurrentItem(items.first());
    }
    const QString key = m_profiles.keychainKey(name);
    if (!profile.rememberPassword) {
        m_passwords->remove(key, this, [this, name](const PasswordAnswer &) { emit profileSaved(name); });
        m_testResult->setText(tr("Saved '%1' (without its password).").arg(name));
        return;
    }
    m_passwords->write(key, m_password->text(), this, [this, name, profile](const PasswordAnswer &a) mutable {
        if (a.ok()) {
            m_testResult->setText(tr("Saved '%1'; its password is in %2.").arg(name, m_passwords->name()));
        } else {
            // Nowhere safe to keep it: the profile stays, without the password, and Retort asks each time.
            profile.rememberPassword = false;
            m_profiles.save(profile);
            m_remember->setChecked(false);
            setKeychainStatus(tr("No desktop keychain is available (%1), so the password was not saved. Retort will ask for it "
                                 "each time it connects.").arg(a.message), true);
            m_testResult->setText(tr("Saved '%1' without its password.").arg(name));
        }
        emit profileSaved(name);
    });
}

} // namespace retort::app
