// A revision rendered from the differences, shown for review before it is written: what was detected,
// what to look at, and the file's text in an editor the user may change. Save writes a new file only
// (never over an existing one) and checks the edited text is still a revision Alembic can read.
#pragma once

#include "compare/RevisionFromModels.h"

#include <QDialog>

#include <memory>

class QLabel;
class QListWidget;
class QPushButton;

namespace Ui {
class RevisionReviewDialog;
}

namespace retort::app {

class CodeEditor;

class RevisionReviewDialog : public QDialog
{
    Q_OBJECT
public:
    RevisionReviewDialog(const PreparedRevision &revision, const QString &displayPath, QWidget *parent = nullptr);
    ~RevisionReviewDialog() override;

    CodeEditor *editor() const { return m_editor; }
    /// Writes the file; returns the error, empty on success (then the dialog is accepted).
    QString save();
    QString savedPath() const { return m_saved; }

signals:
    void saved(const QString &path);

private:
    std::unique_ptr<Ui::RevisionReviewDialog> m_ui;
    PreparedRevision m_revision;
    CodeEditor *m_editor = nullptr;
    QLabel *m_error = nullptr;
    QString m_saved;
};

} // namespace retort::app
