#include "RevisionReviewDialog.h"
#include "Theme.h"
#include "ui_RevisionReviewDialog.h"

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
    : QDialog(parent), m_ui(std::make_unique<Ui::RevisionReviewDialog>()), m_revision(revision)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    m_ui->titleLabel->setText(tr("Revision <b>%1</b> will be written to <tt>%2</tt>. Check the operations and edit them "
                                 "if needed (autogenerate cannot see renames, and some changes need data moved by hand).")
                                  .arg(revision.file.id.toHtmlEscaped(), displayPath.toHtmlEscaped()));
    for (const QString &line : revision.detected)
        m_ui->detectedList->addItem(line);
    const QColor warning = theme::text(theme::Text::Warning, palette());
    for (const QString &note : revision.notes)
        m_ui->detectedList->addItem(tr("Note: %1").arg(note));
    for (const ModelDiagnostic &d : revision.diagnostics)
        m_ui->detectedList->addItem(tr("Not read: %1").arg(d.toString()));
    for (int i = int(revision.detected.size()); i < m_ui->detectedList->count(); ++i)
        m_ui->detectedList->item(i)->setForeground(warning);
    m_ui->detectedList->setVisible(m_ui->detectedList->count() > 0);

    m_editor = new CodeEditor(CodeEditor::Language::Python, m_ui->editorHost);
    m_editor->setObjectName(QStringLiteral("revisionEditor"));
    m_editor->setEditable(true);
    m_editor->showText(revision.file.text);
    m_ui->editorHost->layout()->addWidget(m_editor);

    m_error = m_ui->reviewError;
    m_error->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));

    QPushButton *saveButton = m_ui->buttons->button(QDialogButtonBox::Save);
    saveButton->setObjectName(QStringLiteral("saveRevisionButton"));
    saveButton->setToolTip(tr("Write the file (Ctrl+S)"));
    saveButton->setShortcut(QKeySequence::Save);
    m_ui->buttons->button(QDialogButtonBox::Cancel)->setToolTip(tr("Discard it; nothing is written"));
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, [this]() { save(); });
}

RevisionReviewDialog::~RevisionReviewDialog() = default;

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
    Result<QString> path = saveRevisionFile(m_revision.file.path, text, m_revision.file.encoding);
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
