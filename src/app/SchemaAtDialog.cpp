#include "SchemaAtDialog.h"

#include "Theme.h"

#include "runner/MigrationProject.h"
#include "runner/Simulation.h"
#include "schema/SchemaText.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::app {

namespace {

struct Texts
{
    QString schema;
    QString changes;
    QString error;
    int tables = 0;
    int changeCount = 0;
};

} // namespace

SchemaAtDialog::SchemaAtDialog(const QString &projectDir, const QString &revision, const QString &from, Dialect dialect, bool mariadb,
                               QWidget *parent)
    : QDialog(parent)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Schema at %1").arg(revision));
    m_state = new QLabel(tr("Computing the schema at %1 …").arg(revision), this);
    m_state->setObjectName(QStringLiteral("schemaAtState"));
    m_state->setWordWrap(true);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const auto textView = [&](const QString &name) {
        auto *view = new QPlainTextEdit(this);
        view->setObjectName(name);
        view->setReadOnly(true);
        view->setFont(fixed);
        view->setLineWrapMode(QPlainTextEdit::NoWrap);
        return view;
    };
    m_schema = textView(QStringLiteral("schemaAtText"));
    m_changes = textView(QStringLiteral("schemaAtChanges"));
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_schema, tr("&Schema at %1").arg(revision));
    m_tabs->addTab(m_changes, tr("&Changes from %1").arg(from));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(760, 560);

    m_tasks.run([projectDir, revision, from, dialect, mariadb]() {
        Texts out;
        Result<std::unique_ptr<MigrationProject>> opened = MigrationProject::open(projectDir);
        if (!opened) {
            out.error = opened.error().toString();
            return out;
        }
        MigrationProject &project = **opened;
        Result<Schema> schema = schemaAtRevisions(project.operations(), {revision}, dialect, project.versionTable(), mariadb);
        if (!schema) {
            out.error = schema.error().toString();
            return out;
        }
        out.tables = int(schema->tables.size());
        out.schema = retort::schemaText(*schema);
        Result<QList<SchemaChange>> changes = schemaChangesBetween(project.operations(), from, revision, project.versionTable(), dialect, mariadb);
        if (changes) {
            out.changeCount = int(changes->size());
            out.changes = changes->isEmpty() ? QObject::tr("No changes: the schema at %1 is the schema at %2.\n").arg(revision, from)
                                             : schemaChangesText(*changes, projectDir);
        } else {
            out.changes = changes.error().toString();
        }
        return out;
    }, [this, revision, from, dialect, mariadb](Texts texts) {
        if (!texts.error.isEmpty()) {
            m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
            m_state->setText(texts.error);
        } else {
            const QString how = dialect == Dialect::SQLite
                ? tr("by replaying the revisions on an in-memory SQLite database")
                : tr("in memory, with %1's types and names").arg(mariadb ? QStringLiteral("MariaDB") : dialectDisplayName(dialect));
            m_state->setText(tr("%n table(s) at %1, computed without a database %4; %2 change(s) from %3.", nullptr, texts.tables)
                                 .arg(revision).arg(texts.changeCount).arg(from, how));
        }
        // A word-wrapped label gets no height for its width from the layout: give it what the text needs.
        m_state->setMinimumHeight(m_state->heightForWidth(std::max(m_state->width(), width() - 24)));
        this->layout()->activate();
        m_schema->setPlainText(texts.schema);
        m_changes->setPlainText(texts.changes);
        emit ready();
    });
}

void SchemaAtDialog::showChanges()
{
    m_tabs->setCurrentWidget(m_changes);
}

bool SchemaAtDialog::showsChanges() const
{
    return m_tabs->currentWidget() == m_changes;
}

QString SchemaAtDialog::schemaText() const
{
    return m_schema->toPlainText();
}

QString SchemaAtDialog::changesText() const
{
    return m_changes->toPlainText();
}

QString SchemaAtDialog::stateText() const
{
    return m_state->text();
}

} // namespace retort::app
