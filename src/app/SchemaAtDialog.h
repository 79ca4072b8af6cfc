// "Schema at This Revision": the schema the revisions up to one revision produce, and what changes
// from the database's revision to it (each change with the revision file and line that makes it),
// computed without a database, off the GUI thread, as retort-cli schema-at and schema-diff print them.
#pragma once

#include "BackgroundTasks.h"
#include "connection/DatabaseUrl.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QPlainTextEdit;
class QTabWidget;

namespace retort::app {

class SchemaAtDialog : public QDialog
{
    Q_OBJECT
public:
    /// from: the revision ("base" for none) to list the changes from: the database's, or the older of
    /// two compared.
    SchemaAtDialog(const QString &projectDir, const QString &revision, const QString &from, Dialect dialect, bool mariadb,
                   QWidget *parent = nullptr);

    QString schemaText() const;
    QString changesText() const;
    QString stateText() const;
    /// Whether revisions that need Python stopped the computation and can be run (the Run Through
    /// Python button); runPython() runs them, as the button does.
    bool offersPython() const;
    void runPython();
    /// Brings the changes to the front (a comparison of two revisions).
    void showChanges();
    bool showsChanges() const;

signals:
    /// Both texts are in (or the reason they are not).
    void ready();

private:
    void compute(bool withPython);

    const QString m_projectDir;
    const QString m_revision;
    const QString m_from;
    const Dialect m_dialect;
    const bool m_mariadb;
    BackgroundTasks m_tasks{this};
    QPushButton *m_runPython = nullptr;
    QLabel *m_state = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_schema = nullptr;
    QPlainTextEdit *m_changes = nullptr;
};

} // namespace retort::app
