#include "BackupsPane.h"

#include "MigrationController.h"
#include "Theme.h"

#include "data/TableRows.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace retort::app {

namespace {

struct Listing
{
    QList<BackupInfo> backups;
    QStringList folders;
    QStringList problems;
};

} // namespace

BackupsPane::BackupsPane(QWidget *parent) : QWidget(parent)
{
    m_controller = new MigrationController(this);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("backupState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Taken"), tr("At revision"), tr("Size"), tr("Tool"), tr("Checked"), tr("File")});
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("backupView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BackupsPane::updateButtons);
    connect(m_view, &QTableView::doubleClicked, this, [this]() { verify(selectedRow()); });

    const auto button = [this](const QString &name, const QString &text, const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setToolTip(tip);
        return b;
    };
    m_verify = button(QStringLiteral("backupVerify"), tr("&Check"), tr("Check the file against its SHA-256 and with the engine's own tool"));
    m_restore = button(QStringLiteral("backupRestore"), tr("&Restore…"), tr("Put this backup back into the database (asks first)"));
    m_delete = button(QStringLiteral("backupDelete"), tr("&Delete…"), tr("Delete the backup file and its metadata (asks first)"));
    m_showFolder = button(QStringLiteral("backupShowFolder"), tr("Show in &Folder"), tr("Open the folder that holds the backup"));
    auto *refresh = button(QStringLiteral("backupRefresh"), tr("Refresh"), tr("Look for backups again (F5)"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(m_verify, &QPushButton::clicked, this, [this]() { verify(selectedRow()); });
    connect(m_restore, &QPushButton::clicked, this, [this]() { restore(selectedRow()); });
    connect(m_delete, &QPushButton::clicked, this, [this]() { remove(selectedRow()); });
    connect(m_showFolder, &QPushButton::clicked, this, [this]() {
        const QString folder = folderOf(selectedRow());
        if (!folder.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    });
    connect(refresh, &QPushButton::clicked, this, &BackupsPane::reload);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_verify, m_restore, m_delete, m_showFolder})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(refresh);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_controller, &MigrationController::restoreFinished, this, [this](const RestoreOutcome &outcome) {
        QString text;
        if (outcome.error) {
            text = tr("The restore failed: %1").arg(outcome.error->toString());
        } else {
            text = tr("Restored. The database is at %1 again.")
                       .arg(outcome.rowsAfter.isEmpty() ? tr("base") : outcome.rowsAfter.join(QStringLiteral(", ")));
            if (!outcome.backupBefore.isEmpty())
                text += tr(" The database as it was before is backed up in %1.").arg(outcome.backupBefore);
        }
        setBusy(false, text);
        if (outcome.error)
            m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
        emit actionFinished(outcome.error ? text : QString());
        emit databaseRestored();
    });
    updateButtons();
}

BackupsPane::~BackupsPane() = default;

void BackupsPane::showWorkspace(const Workspace &workspace)
{
    m_url.reset();
    if (workspace.url && workspace.snapshot)
        m_url = workspace.url->url;
    m_projectDir = workspace.project ? workspace.project->rootDir() : QString();
    m_versionSchema = workspace.project ? workspace.project->versionTableSchema() : QString();
    reload();
}

void BackupsPane::reload()
{
    if (!m_url) {
        showBackups({}, {}, {});
        m_state->setText(tr("No database is connected."));
        return;
    }
    const DatabaseUrl url = *m_url;
    const QString versionSchema = m_versionSchema;
    m_state->setStyleSheet(QString());
    m_state->setText(tr("Looking for backups…"));
    m_tasks.runLatest([url, versionSchema](const BackgroundTasks::Context &) {
        Listing out;
        Result<std::unique_ptr<Connection>> connection = openReadOnly(url, QStringLiteral("backups"));
        if (connection)
            out.backups = findDatabaseBackups(**connection, versionSchema, &out.folders, &out.problems);
        else
            out.problems << connection.error().toString();
        return out;
    }, [this](Listing listing) { showBackups(listing.backups, listing.folders, listing.problems); });
}

QString BackupsPane::stateText() const
{
    return m_state->text();
}

void BackupsPane::showBackups(const QList<BackupInfo> &backups, const QStringList &folders, const QStringList &problems)
{
    m_backups = backups;
    m_folders = folders;
    m_model->removeRows(0, m_model->rowCount());
    const QLocale locale;
    for (const BackupInfo &b : backups) {
        QList<QStandardItem *> items;
        items << new QStandardItem(b.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
              << new QStandardItem(b.revisions.isEmpty() ? tr("base") : b.revisions.join(QStringLiteral(", ")))
              << new QStandardItem(locale.formattedDataSize(b.size, 1))
              << new QStandardItem(b.tool)
              << new QStandardItem(m_checked.value(b.path, tr("not yet")))
              << new QStandardItem(QFileInfo(b.path).fileName());
        items.at(Taken)->setToolTip(b.created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
        items.at(Size)->setData(int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
        items.at(File)->setToolTip(b.path);
        items.at(Checked)->setToolTip(tr("%n table(s); SHA-256 %1", nullptr, int(b.tables.size())).arg(b.sha256));
        if (m_checked.contains(b.path))
            items.at(Checked)->setForeground(theme::text(m_damaged.contains(b.path) ? theme::Text::Error : theme::Text::Success, palette()));
        m_model->appendRow(items);
    }
    for (int c = 0; c < ColumnCount - 1; ++c)
        m_view->resizeColumnToContents(c);
    QString text = backups.isEmpty() ? tr("No backups of this database in %1.").arg(folders.join(QStringLiteral(", ")))
                                     : tr("%n backup(s) of this database, newest first, from %1.", nullptr, int(backups.size()))
                                           .arg(folders.join(QStringLiteral(", ")));
    if (!problems.isEmpty())
        text += QLatin1Char('\n') + tr("Passed over: %1").arg(problems.join(QStringLiteral("; ")));
    m_state->setStyleSheet(problems.isEmpty() ? QString() : theme::textStyle(theme::Text::Warning, palette()));
    m_state->setText(text);
    if (!backups.isEmpty())
        m_view->selectRow(0);
    updateButtons();
    emit loaded();
}

int BackupsPane::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void BackupsPane::updateButtons()
{
    const bool chosen = selectedRow() >= 0 && !m_busy;
    for (QPushButton *b : {m_verify, m_restore, m_delete, m_showFolder})
        b->setEnabled(chosen);
}

void BackupsPane::setBusy(bool busy, const QString &state)
{
    m_busy = busy;
    m_state->setStyleSheet(QString());
    m_state->setText(state);
    updateButtons();
}

void BackupsPane::verify(int row)
{
    if (row < 0 || row >= m_backups.size() || m_busy)
        return;
    const BackupInfo backup = m_backups.at(row);
    setBusy(true, tr("Checking %1 …").arg(backup.path));
    m_tasks.run([backup]() {
        const Status checked = verifyBackup(backup);
        return checked.ok() ? QString() : checked.error().toString();
    }, [this, backup](const QString &problem) {
        const QString when = QTime::currentTime().toString(QStringLiteral("HH:mm"));
        m_checked.insert(backup.path, problem.isEmpty() ? tr("intact (%1)").arg(when) : tr("DAMAGED (%1)").arg(when));
        if (problem.isEmpty())
            m_damaged.remove(backup.path);
        else
            m_damaged.insert(backup.path);
        for (int r = 0; r < m_backups.size(); ++r) {
            if (m_backups.at(r).path == backup.path) {
                QStandardItem *item = m_model->item(r, Checked);
                item->setText(m_checked.value(backup.path));
                item->setToolTip(problem.isEmpty() ? tr("The file matches its SHA-256 and the engine's check passed.") : problem);
                item->setForeground(problem.isEmpty() ? theme::text(theme::Text::Success, palette()) : theme::text(theme::Text::Error, palette()));
            }
        }
        setBusy(false, problem.isEmpty() ? tr("%1 is intact.").arg(backup.path) : problem);
        if (!problem.isEmpty())
            m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
        emit actionFinished(problem);
    });
}

void BackupsPane::restore(int row)
{
    if (row < 0 || row >= m_backups.size() || m_busy || !m_url)
        return;
    const BackupInfo backup = m_backups.at(row);
    RestoreChoice choice = RestoreChoice::Cancel;
    if (m_question) {
        choice = m_question(backup);
    } else {
        QMessageBox box(QMessageBox::Warning, tr("Restore Backup"),
                        tr("Put %1 back into %2?").arg(backup.summary(), m_url->toDisplayString()), QMessageBox::NoButton, this);
        box.setInformativeText(tr("Everything written to the database since the backup was taken is replaced: tables created "
                                  "since are dropped, rows changed since go back. Retort's run log keeps its rows and records "
                                  "the restore. A backup of the database as it is now can be taken first."));
        QPushButton *safe = box.addButton(tr("&Back Up Now, Then Restore"), QMessageBox::AcceptRole);
        QPushButton *plain = box.addButton(tr("&Restore Without a Backup"), QMessageBox::DestructiveRole);
        QPushButton *cancel = box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(cancel);
        box.setEscapeButton(cancel);
        box.exec();
        choice = box.clickedButton() == safe ? RestoreChoice::BackUpThenRestore
                 : box.clickedButton() == plain ? RestoreChoice::Restore : RestoreChoice::Cancel;
    }
    if (choice == RestoreChoice::Cancel)
        return;
    const bool backupFirst = choice == RestoreChoice::BackUpThenRestore;
    setBusy(true, backupFirst ? tr("Backing up the database as it is now, then restoring %1 …").arg(backup.path)
                              : tr("Restoring %1 …").arg(backup.path));
    m_controller->restore(MigrationTarget{m_projectDir, *m_url, {}}, backup.path, backupFirst);
}

void BackupsPane::remove(int row, bool confirm)
{
    if (row < 0 || row >= m_backups.size() || m_busy)
        return;
    const BackupInfo backup = m_backups.at(row);
    if (confirm && QMessageBox::question(this, tr("Delete Backup"),
                                         tr("Delete %1 (%2) for good?").arg(backup.path, backup.summary()),
                                         QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    const Status deleted = deleteBackup(backup.path);
    emit actionFinished(deleted.ok() ? QString() : deleted.error().toString());
    if (!deleted.ok()) {
        m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
        m_state->setText(deleted.error().toString());
        return;
    }
    reload();
}

QString BackupsPane::folderOf(int row) const
{
    return row >= 0 && row < m_backups.size() ? QFileInfo(m_backups.at(row).path).absolutePath() : QString();
}

} // namespace retort::app
