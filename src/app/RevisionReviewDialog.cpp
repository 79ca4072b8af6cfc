#include "RevisionReviewDialog.h"
#include "Theme.h"

#include "CodeEditor.h"

#include "migrations/RevisionScript.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace retort::app {

RevisionReviewDialog::RevisionReviewDialog(const PreparedRevision &revision, const QString &displayPath, QWidget *parent)
    : QDialog(parent), m_revision(revision)
{
    setWindowTitle(tr("Review the New Revision"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(860, 640);
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("Revision <b>%1</b> will be written to <tt>%2</tt>. Check the operations and edit them "
                                "if needed (autogenerate cannot see renames, and some changes need data moved by hand).")
                                 .arg(revision.file.id.toHtmlEscaped(), displayPath.toHtmlEscaped()),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);

    auto *detected = new QListWidget(this);
    detected->setObjectName(QStringLiteral("detectedList"));
    for (const QString &line : revision.detected)
        detected->addItem(line);
    for (const QString &note : revision.notes) {
        auto *item = new QListWidgetItem(tr("Note: %1").arg(note));
        item->setForeground(theme::text(theme::Text::Warning, palette()));
        detected->addItem(item);
    }
    for (const ModelDiagnostic &d : revision.diagnostics) {
        auto *item = new QListWidgetItem(tr("Not read: %1").arg(d.toString()));
        item->setForeground(theme::text(theme::Text::Warning, palette()));
        detected->addItem(item);
    }
    detected->setMaximumHeight(120);
    detected->setVisible(detected->count() > 0);
    layout->addWidget(detected);

    m_editor = new CodeEditor(CodeEditor::Language::Python, this);
    m_editor->setObjectName(QStringLiteral("revisionEditor"));
    m_editor->setEditable(true);
    m_editor->showText(revision.file.text);
    layout->addWidget(m_editor, 1);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("reviewError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveRevisionButton"));
    buttons->button(QDialogButtonBox::Save)->setToolTip(tr("Write the file (Ctrl+S)"));
    buttons->button(QDialogButtonBox::Save)->setShortcut(QKeySequence::Save);
    buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Discard it; nothing is written"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this]() { save(); });
}

QString RevisionReviewDialog::save()
{
    const QString text = m_editor->text();
    // The edit must still be a revision of the same id on the same parent, or the history breaks.
    const RevisionScriptRead read = readRevisionScript(m_revision.file.path, text);
    QStringList problems;
    for (const Problem &p : read.problems) {
        if (p.isError())
            problems << (p.line > 0 ? tr("line %1: %2").arg(p.line).arg(p.message) : p.message);
    }
    if (!read.script)
        problems << tr("the text is no longer a revision file");
    else if (read.script->revision != m_revision.file.id)
        problems << tr("its revision id changed from %1 to %2").arg(m_revision.file.id, read.script->revision);
    if (!problems.isEmpty()) {
        const QString message = tr("The edited revision has problems: %1.").arg(problems.join(QStringLiteral("; ")));
        m_error->setText(message);
        m_error->show();
        return message;
    }
    Result<QString> path = saveRevisionFile(m_revision.file.path, text);
    if (!path) {
        m_error->setText(path.error().toString());
        m_error->show();
        return path.error().toString();
    }
    m_saved = *path;
    emit saved(m_saved);
    accept();
    return QString();
}

} // namespace retort::app
