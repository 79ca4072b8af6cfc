#include "SchemaAtDialog.h"

#include "MigrationController.h"
#include "Theme.h"

#include "runner/MigrationProject.h"
#include "runner/PythonInterpreter.h"
#include "runner/PythonWorker.h"
#include "runner/Simulation.h"
#include "schema/SchemaText.h"

#include <QDialogButtonBox>
#include <QPushButton>
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
    QStringList pythonRevisions;   ///< those that need Python, in upgrade order
    QString interpreter;           ///< the one chosen as for runs ("path (source)"), empty when none
    bool ranPython = false;
};

} // namespace

SchemaAtDialog::SchemaAtDialog(const QString &projectDir, const QString &revision, const QString &from, Dialect dialect, bool mariadb,
                               QWidget *parent)
    : QDialog(parent), m_projectDir(projectDir), m_revision(revision), m_from(from), m_dialect(dialect), m_mariadb(mariadb)
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

    m_runPython = buttons->addButton(tr("Run Through &Python"), QDialogButtonBox::ActionRole);
    m_runPython->setObjectName(QStringLiteral("schemaAtRunPython"));
    m_runPython->setVisible(false);
    connect(m_runPython, &QPushButton::clicked, this, [this]() { compute(true); });
    compute(false);
}

void SchemaAtDialog::compute(bool withPython)
{
    m_runPython->setEnabled(false);
    if (withPython) {
        m_state->setStyleSheet(QString());
        m_state->setText(tr("Running the revisions that need Python through the project's Python …"));
    }
    m_tasks.run([projectDir = m_projectDir, revision = m_revision, from = m_from, dialect = m_dialect, mariadb = m_mariadb, withPython]() {
        Texts out;
        Result<std::unique_ptr<MigrationProject>> opened = MigrationProject::open(projectDir);
        if (!opened) {
            out.error = opened.error().toString();
            return out;
        }
        MigrationProject &project = **opened;
        // Revisions that need Python: named first; run (in Alembic's offline mode, on the scratch SQLite
        // copy) only when asked, with the interpreter chosen as for runs.
        std::unique_ptr<PythonWorker> python;
        if (const std::optional<PythonRevisions> needs = revisionsNeedingPython(project.operations(), {revision})) {
            out.pythonRevisions = needs->revisions;
            const Result<InterpreterChoice> interpreter = chooseInterpreter(project.project(), InterpreterRequest{{}, projectInterpreter(projectDir)});
            out.interpreter = interpreter ? QStringLiteral("%1 (%2)").arg(interpreter->path, interpreter->source) : QString();
            if (!withPython || !interpreter) {
                out.error = needs->first.toString() + QLatin1Char('.');
                if (!interpreter)
                    out.error += QLatin1Char(' ') + interpreter.error().message;
                return out;
            }
            Result<std::unique_ptr<PythonWorker>> started = PythonWorker::startOffline(project.project(), *interpreter, Dialect::SQLite);
            if (!started) {
                out.error = started.error().toString();
                return out;
            }
            python = std::move(started.value());
            out.ranPython = true;
        }
        Result<Schema> schema = python ? simulatedSchema(project.operations(), {revision}, project.versionTable(), python.get())
                                       : schemaAtRevisions(project.operations(), {revision}, dialect, project.versionTable(), mariadb);
        if (!schema) {
            out.error = schema.error().toString();
            return out;
        }
        out.tables = int(schema->tables.size());
        out.schema = retort::schemaText(*schema);
        Result<QList<SchemaChange>> changes = schemaChangesBetween(project.operations(), from, revision, project.versionTable(), dialect,
                                                                   mariadb, python.get());
        if (changes) {
            out.changeCount = int(changes->size());
            out.changes = changes->isEmpty() ? QObject::tr("No changes: the schema at %1 is the schema at %2.\n").arg(revision, from)
                                             : schemaChangesText(*changes, projectDir);
        } else {
            out.changes = changes.error().toString();
        }
        return out;
    }, [this](Texts texts) {
        m_runPython->setVisible(!texts.pythonRevisions.isEmpty() && !texts.ranPython);
        m_runPython->setEnabled(!texts.interpreter.isEmpty());
        if (!texts.error.isEmpty()) {
            m_state->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
            QString text = texts.error;
            if (!texts.pythonRevisions.isEmpty() && !texts.ranPython && !texts.interpreter.isEmpty())
                text += QLatin1Char(' ') + tr("Run Through Python runs %1, and only those, with %2 in Alembic's offline mode, their "
                                              "statements on a scratch SQLite copy.").arg(texts.pythonRevisions.join(QStringLiteral(", ")), texts.interpreter);
            m_state->setText(text);
        } else {
            m_state->setStyleSheet(QString());
            const QString how = texts.ranPython || m_dialect == Dialect::SQLite
                ? tr("by replaying the revisions on an in-memory SQLite database")
                : tr("in memory, with %1's types and names").arg(m_mariadb ? QStringLiteral("MariaDB") : dialectDisplayName(m_dialect));
            QString text = tr("%n table(s) at %1, computed without a database %4; %2 change(s) from %3.", nullptr, texts.tables)
                               .arg(m_revision).arg(texts.changeCount).arg(m_from, how);
            if (texts.ranPython)
                text += QLatin1Char(' ') + tr("%1 ran through %2; the types are SQLite's.").arg(texts.pythonRevisions.join(QStringLiteral(", ")), texts.interpreter);
            m_state->setText(text);
        }
        // A word-wrapped label gets no height for its width from the layout: give it what the text needs.
        m_state->setMinimumHeight(m_state->heightForWidth(std::max(m_state->width(), width() - 24)));
        this->layout()->activate();
        m_schema->setPlainText(texts.schema);
        m_changes->setPlainText(texts.changes);
        emit ready();
    });
}

bool SchemaAtDialog::offersPython() const
{
    return !m_runPython->isHidden() && m_runPython->isEnabled();
}

void SchemaAtDialog::runPython()
{
    if (offersPython())
        compute(true);
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
