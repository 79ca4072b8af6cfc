#include "SqlConsolePane.h"

#include "CodeEditor.h"
#include "PaneHelpers.h"
#include "TableDataModel.h"
#include "Theme.h"

#include "data/ConsoleSession.h"

#include <Qsci/qsciapis.h>

#include <QAction>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace retort::app {

namespace {

constexpr int kHistorySize = 100;

} // namespace

void ConsoleResultModel::reset(const QStringList &columns)
{
    beginResetModel();
    m_columns = columns;
    m_rows.clear();
    endResetModel();
}

void ConsoleResultModel::append(const QList<QVariantList> &rows)
{
    if (rows.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size() - 1));
    m_rows += rows;
    endInsertRows();
}

int ConsoleResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConsoleResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ConsoleResultModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    return TableDataModel::cellData(m_rows.at(index.row()).value(index.column()), role);
}

QVariant ConsoleResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Horizontal)
        return m_columns.value(section);
    return section + 1;
}

SqlConsolePane::SqlConsolePane(QWidget *parent) : QWidget(parent)
{
    m_editor = new CodeEditor(CodeEditor::Language::Sql, this);
    m_editor->setObjectName(QStringLiteral("consoleEditor"));
    m_editor->setEditable(true);
    m_apis = new QsciAPIs(m_editor->lexer());
    m_editor->setAutoCompletionSource(QsciScintilla::AcsAll);
    m_editor->setAutoCompletionThreshold(2);
    m_editor->setAutoCompletionCaseSensitivity(false);

    m_run = new QPushButton(tr("&Run"), this);
    m_run->setObjectName(QStringLiteral("consoleRun"));
    m_run->setToolTip(tr("Run the selection, or the statement under the cursor (Ctrl+Enter)"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("consoleCancel"));
    m_cancel->setToolTip(tr("Stop the running statement (Esc)"));
    m_cancel->setEnabled(false);
    m_writes = new QCheckBox(tr("Allow &writes"), this);
    m_writes->setObjectName(QStringLiteral("consoleWrites"));
    m_writes->setToolTip(tr("Off: only queries run, in a read-only session. On: statements that change data or the schema "
                            "run after a confirmation each, and commit at once."));
    m_historyButton = new QToolButton(this);
    m_historyButton->setObjectName(QStringLiteral("consoleHistory"));
    m_historyButton->setText(tr("&History"));
    m_historyButton->setToolTip(tr("Statements run on this connection, newest first"));
    m_historyButton->setPopupMode(QToolButton::InstantPopup);
    m_historyButton->setMenu(new QMenu(m_historyButton));
    connect(m_historyButton->menu(), &QMenu::aboutToShow, this, &SqlConsolePane::fillHistoryMenu);
    m_mode = new QLabel(this);
    m_mode->setObjectName(QStringLiteral("consoleMode"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("consoleState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_model = new ConsoleResultModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("consoleResult"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_historyButton);
    bar->addSpacing(12);
    bar->addWidget(m_writes);
    bar->addWidget(m_mode, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("consoleSplitter"));
    splitter->addWidget(m_editor);
    auto *lower = new QWidget;
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_state);
    lowerLayout->addWidget(m_view, 1);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    auto *runKey = new QAction(tr("Run the Statement Under the Cursor (SQL tab)"), this);
    runKey->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    runKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(runKey);
    connect(runKey, &QAction::triggered, this, &SqlConsolePane::runCurrent);
    // Escape stops a running statement; otherwise it stays the editor's (closing the completion list).
    m_cancelKey = new QAction(tr("Cancel the Running Statement (SQL tab)"), this);
    m_cancelKey->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelKey->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_cancelKey->setEnabled(false);
    addAction(m_cancelKey);
    connect(m_cancelKey, &QAction::triggered, this, &SqlConsolePane::cancel);
    m_editor->installEventFilter(this);   // the editor keeps Escape for itself: see eventFilter
    connect(m_run, &QPushButton::clicked, this, &SqlConsolePane::runCurrent);
    connect(m_cancel, &QPushButton::clicked, this, &SqlConsolePane::cancel);
    connect(m_writes, &QCheckBox::toggled, this, [this](bool on) { setAllowWrites(on); });
    setAllowWrites(false);
    showWorkspace(Workspace());
}

SqlConsolePane::~SqlConsolePane()
{
    // Sessions must not outlive the window (nor the drivers their threads use at exit): each is told to
    // stop its statement and deleted, which waits for its thread.
    closeSession();
    for (const QPointer<ConsoleSession> &old : std::as_const(m_retired))
        delete old.data();
}

bool SqlConsolePane::eventFilter(QObject *watched, QEvent *event)
{
    // QScintilla takes Escape before any shortcut sees it; while a statement runs, Escape cancels it.
    if (watched == m_editor && m_running && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        cancel();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void SqlConsolePane::showWorkspace(const Workspace &workspace)
{
    std::optional<DatabaseUrl> url;
    if (workspace.url && workspace.snapshot)
        url = workspace.url->url;
    const bool sameDatabase = url && m_url && url->toString(true) == m_url->toString(true);
    // Completion: the live tables and their columns.
    m_words.clear();
    if (workspace.snapshot) {
        for (const Table &t : workspace.snapshot->schema.tables) {
            m_words << t.name;
            for (const Column &c : t.columns)
                m_words << c.name;
        }
        m_words += workspace.snapshot->schema.views;
    }
    m_words.removeDuplicates();
    m_words.sort(Qt::CaseInsensitive);
    m_apis->clear();
    for (const QString &w : std::as_const(m_words))
        m_apis->add(w);
    m_apis->prepare();
    if (sameDatabase)
        return;   // reloaded after a run: the session and its mode stay
    closeSession();
    m_url = url;
    {
        const QSignalBlocker block(m_writes);
        m_writes->setChecked(false);
    }
    setAllowWrites(false);
    m_history = m_url ? QSettings().value(historyKey()).toStringList() : QStringList();
    m_run->setEnabled(m_url.has_value());
    m_model->reset({});
    m_state->setStyleSheet(QString());
    m_state->setText(m_url ? tr("Ctrl+Enter runs the statement under the cursor, or the selection.") : tr("No database is connected."));
}

QString SqlConsolePane::historyKey() const
{
    // The URL without its password, hashed: a settings key, and no credentials in the settings file.
    const QByteArray hash = QCryptographicHash::hash(m_url ? m_url->toDisplayString().toUtf8() : QByteArray(), QCryptographicHash::Sha256);
    return QStringLiteral("console/history/") + QString::fromLatin1(hash.toHex().left(24));
}

bool SqlConsolePane::allowsWrites() const
{
    return m_writes->isChecked();
}

void SqlConsolePane::setAllowWrites(bool allow)
{
    if (m_writes->isChecked() != allow) {
        m_writes->setChecked(allow);   // comes back here through toggled
        return;
    }
    if (m_session && m_session->allowsWrites() != allow)
        closeSession();
    m_mode->setText(allow ? tr("Writes allowed: each change commits at once, after you confirm it.")
                          : tr("Read-only: queries only."));
    m_mode->setStyleSheet(allow ? theme::textStyle(theme::Text::Warning, palette()) : theme::textStyle(theme::Text::Muted, palette()));
}

void SqlConsolePane::closeSession()
{
    if (m_session) {
        m_session->retire();   // deletes itself when its thread ends, or with the pane
        m_retired.removeIf([](const QPointer<ConsoleSession> &p) { return p.isNull(); });
        m_retired << m_session;
        m_session.clear();
    }
    if (m_running) {
        m_running = false;
        m_run->setEnabled(m_url.has_value());
        m_cancel->setEnabled(false);
        m_cancelKey->setEnabled(false);
    }
}

void SqlConsolePane::ensureSession()
{
    if (m_session || !m_url)
        return;
    auto *session = new ConsoleSession(*m_url, m_writes->isChecked());
    m_session = session;
    connect(session, &ConsoleSession::opened, this, [this](const QString &error) {
        if (!error.isEmpty())
            finish(error, true);
    });
    connect(session, &ConsoleSession::columnsReady, this, [this](quint64 id, const QStringList &columns) {
        if (id != m_id)
            return;
        m_model->reset(columns);
        m_fitted = false;
    });
    connect(session, &ConsoleSession::rowsReady, this, [this](quint64 id, const QList<QVariantList> &rows) {
        if (id != m_id)
            return;
        m_model->append(rows);
        m_rows += rows.size();
        m_state->setText(tr("Reading … %1 row(s) so far").arg(QLocale().toString(m_rows)));
        if (!m_fitted) {
            // The first rows set the columns' widths (a third of the view at most).
            m_fitted = true;
            fitColumns(m_view);
        }
    });
    connect(session, &ConsoleSession::executed, this, [this](quint64 id, qint64 affected, qint64 ms, bool capped) {
        if (id != m_id)
            return;
        const QString time = ms < 1000 ? tr("%1 ms").arg(ms) : tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 2));
        if (affected < 0) {
            finish(capped ? tr("The first %1 rows, in %2; the rest were not read (add a LIMIT or a WHERE).")
                                .arg(QLocale().toString(ConsoleSession::kMaxRows), time)
                          : tr("%n row(s) in %1.", nullptr, int(std::min<qint64>(m_rows, INT_MAX))).arg(time),
                   false);
        } else {
            m_model->reset({});
            finish(m_runningKind == sql::StatementKind::Query ? tr("Done in %1.").arg(time)
                                                              : tr("Done in %1: %n row(s) changed.", nullptr, int(affected)).arg(time),
                   false);
        }
        if (m_runningKind != sql::StatementKind::Query)
            emit databaseChanged();
    });
    connect(session, &ConsoleSession::failed, this, [this](quint64 id, const QString &message) {
        if (id == m_id)
            finish(message, true);
    });
}

void SqlConsolePane::runCurrent()
{
    if (!m_url || m_running)
        return;
    QString text = m_editor->selectedText();
    if (text.trimmed().isEmpty()) {
        // Scintilla counts bytes of UTF-8; the splitter, characters.
        const QString all = m_editor->text();
        const QByteArray utf8 = all.toUtf8();
        const long bytes = m_editor->SendScintilla(QsciScintilla::SCI_GETCURRENTPOS);
        const qsizetype offset = QString::fromUtf8(utf8.left(bytes)).size();
        const std::optional<sql::StatementSpan> span = sql::statementAt(all, offset, m_url->dialect());
        if (!span) {
            finish(tr("The cursor is not in a statement."), true);
            return;
        }
        text = span->text;
        // What runs is selected, so it is plain to see.
        m_editor->SendScintilla(QsciScintilla::SCI_SETSEL, static_cast<unsigned long>(all.left(span->start).toUtf8().size()),
                                static_cast<long>(all.left(span->end).toUtf8().size()));
    }
    run(text);
}

void SqlConsolePane::run(const QString &statement)
{
    const Result<sql::ConsoleStatement> checked = sql::consoleStatement(statement, m_url->dialect(), m_writes->isChecked());
    if (!checked) {
        finish(checked.error().message, true);
        return;
    }
    const QString sql = checked->sql;
    const sql::StatementKind kind = checked->kind;
    if (kind != sql::StatementKind::Query) {
        bool yes = false;
        if (m_confirm) {
            yes = m_confirm(kind, sql);
        } else {
            QMessageBox box(QMessageBox::Warning, tr("Run a %1").arg(sql::kindName(kind)),
                            tr("Run this %1 on %2?").arg(sql::kindName(kind), m_url->toDisplayString()), QMessageBox::NoButton, this);
            box.setInformativeText(tr("It commits at once, is not part of any revision, and Alembic will not know about it. "
                                      "Take a backup first if the data matters."));
            box.setDetailedText(sql);
            QPushButton *run = box.addButton(tr("&Run It"), QMessageBox::DestructiveRole);
            QPushButton *cancelButton = box.addButton(QMessageBox::Cancel);
            box.setDefaultButton(cancelButton);
            box.setEscapeButton(cancelButton);
            box.exec();
            yes = box.clickedButton() == run;
        }
        if (!yes) {
            finish(tr("Not run."), false);
            return;
        }
    }
    ensureSession();
    remember(sql);
    m_running = true;
    m_runningKind = kind;
    m_rows = 0;
    m_model->reset({});
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_cancelKey->setEnabled(true);
    m_state->setStyleSheet(QString());
    m_state->setText(tr("Running …"));
    m_session->execute(++m_id, sql);
}

void SqlConsolePane::cancel()
{
    if (!m_running || !m_session)
        return;
    m_state->setText(tr("Cancelling …"));
    m_session->cancel();
}

void SqlConsolePane::finish(const QString &text, bool error)
{
    m_running = false;
    m_run->setEnabled(m_url.has_value());
    m_cancel->setEnabled(false);
    m_cancelKey->setEnabled(false);
    m_state->setStyleSheet(error ? theme::textStyle(theme::Text::Error, palette()) : QString());
    m_state->setText(text);
    emit statementFinished();
}

QString SqlConsolePane::stateText() const
{
    return m_state->text();
}

void SqlConsolePane::remember(const QString &statement)
{
    // The settings file is plain text: a statement that may carry a password (CREATE USER … PASSWORD,
    // IDENTIFIED BY) is not kept.
    static const QRegularExpression secret(QStringLiteral(R"(\b(PASSWORD|IDENTIFIED\s+BY)\b)"), QRegularExpression::CaseInsensitiveOption);
    if (secret.match(statement).hasMatch())
        return;
    m_history.removeAll(statement);
    m_history.prepend(statement);
    while (m_history.size() > kHistorySize)
        m_history.removeLast();
    QSettings().setValue(historyKey(), m_history);
}

void SqlConsolePane::fillHistoryMenu()
{
    QMenu *menu = m_historyButton->menu();
    menu->clear();
    if (m_history.isEmpty()) {
        menu->addAction(tr("No statements run on this connection yet"))->setEnabled(false);
        return;
    }
    for (const QString &statement : std::as_const(m_history)) {
        QString label = statement.simplified();
        if (label.size() > 80)
            label = label.left(79) + QStringLiteral("…");
        QAction *action = menu->addAction(label.replace(QLatin1Char('&'), QStringLiteral("&&")));
        action->setToolTip(statement);
        connect(action, &QAction::triggered, this, [this, statement]() {
            m_editor->setText(statement);
            m_editor->setFocus();
        });
    }
}

} // namespace retort::app
