// Models next to tables. Differences are core's SchemaDifference list; this file only maps each one
// to the places it shows: a tree row, a model source line, a live grid row, a list entry.
#include "SchemaPane.h"
#include "Theme.h"

#include "ColumnRowsModel.h"
#include "TableStatusModel.h"
#include "compare/TableStatus.h"
#include "ui_SchemaPane.h"

#include "CodeEditor.h"

#include "models/ModelJson.h"
#include "runner/RunLog.h"
#include "schema/TableDefinition.h"

#include <QDir>
#include <QFile>
#include <QFileSystemWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace retort::app {

namespace {

constexpr int NameRole = TableStatusModel::NameRole;
enum DifferenceRoles { SourceLineRole = Qt::UserRole + 1 };


QString keysOf(const Table &table, const Column &column)
{
    QStringList keys;
    if (table.primaryKeyColumns.contains(column.name))
        keys << QStringLiteral("PK");
    for (const ForeignKey &fk : table.foreignKeys) {
        const int at = int(fk.columns.indexOf(column.name));
        if (at >= 0)
            keys << QStringLiteral("FK → %1.%2").arg(fk.referredTable, fk.referredColumns.value(at));
    }
    for (const UniqueConstraint &u : table.uniqueConstraints) {
        if (u.columns.contains(column.name))
            keys << (u.columns.size() == 1 ? QStringLiteral("unique") : QStringLiteral("unique (%1)").arg(u.columns.join(QStringLiteral(", "))));
    }
    for (const Index &ix : table.indexes) {
        if (ix.columns.contains(column.name))
            keys << (ix.unique ? QStringLiteral("unique index %1") : QStringLiteral("index %1")).arg(ix.name);
    }
    return keys.join(QStringLiteral(", "));
}

QString modelKeysOf(const ModelColumn &column)
{
    QStringList keys;
    if (column.column.primaryKey)
        keys << QStringLiteral("PK");
    for (const ForeignKeyRef &fk : column.column.foreignKeys)
        keys << QStringLiteral("FK → %1").arg(fk.target);
    if (column.column.unique)
        keys << QStringLiteral("unique");
    if (column.column.index)
        keys << QStringLiteral("index");
    return keys.join(QStringLiteral(", "));
}

// "1 difference", "2 differences" (the app ships no translations, so %n(s) would show as is).
QString counted(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QString::fromLatin1(n == 1 ? one : many));
}

// The columns an index or constraint difference is about (either side's definition).
QStringList coveredColumns(const SchemaDifference &d)
{
    QStringList out;
    if (d.modelIndex) {
        for (int i = 0; i < d.modelIndex->index.expressions.size(); ++i) {
            if (!d.modelIndex->index.isExpression.value(i))
                out << d.modelIndex->index.expressions.at(i);
        }
    }
    if (d.liveIndex)
        out += d.liveIndex->columns;
    if (d.modelConstraint)
        out += d.modelConstraint->constraint.columns;
    if (d.liveUnique)
        out += d.liveUnique->columns;
    if (d.liveForeignKey)
        out += d.liveForeignKey->columns;
    return out;
}

} // namespace

SchemaPane::SchemaPane(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::SchemaPane>())
{
    m_ui->setupUi(this);
    m_summary = m_ui->differenceSummary;
    m_createRevision = m_ui->createRevisionButton;   // Ctrl+Shift+R is the Database menu's, so it works from every tab
    m_filter = m_ui->filterEdit;
    m_tree = m_ui->tablesView;
    m_modelTitle = m_ui->modelTitle;
    m_tableTitle = m_ui->tableTitle;
    m_columnsView = m_ui->columnsView;
    m_differences = m_ui->differencesList;
    m_liveSplitter = m_ui->liveSplitter;
    m_mainSplitter = m_ui->schemaSplitter;

    m_treeModel = new TableStatusModel(this);
    m_treeProxy = new QSortFilterProxyModel(this);
    m_treeProxy->setSourceModel(m_treeModel);
    m_treeProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_tree->setModel(m_treeProxy);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);

    m_modelSource = new CodeEditor(CodeEditor::Language::Python, m_ui->modelSourceHost);
    m_modelSource->setObjectName(QStringLiteral("modelSource"));
    m_ui->modelSourceHost->layout()->addWidget(m_modelSource);

    m_columnsModel = new ColumnRowsModel(this);
    m_columnsView->setModel(m_columnsModel);
    m_ddl = new CodeEditor(CodeEditor::Language::Sql, m_ui->ddlHost);
    m_ddl->setObjectName(QStringLiteral("tableDefinition"));
    m_ui->ddlHost->layout()->addWidget(m_ddl);
    m_liveSplitter->setStretchFactor(0, 3);
    m_liveSplitter->setStretchFactor(1, 1);
    m_liveSplitter->setStretchFactor(2, 2);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setStretchFactor(2, 3);
    m_mainSplitter->setSizes({260, 440, 420});   // until the user's own layout is restored

    m_watcher = new QFileSystemWatcher(this);
    m_changeTimer = new QTimer(this);
    m_changeTimer->setSingleShot(true);
    m_changeTimer->setInterval(300);   // editors write a file in several steps
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_changeTimer, qOverload<>(&QTimer::start));
    connect(m_changeTimer, &QTimer::timeout, this, [this]() {
        watchModelFiles();   // a save by rename drops the watch
        emit modelFilesChanged();
    });

    connect(m_filter, &QLineEdit::textChanged, m_treeProxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showTable(current.siblingAtColumn(0).data(NameRole).toString()); });
    connect(m_createRevision, &QPushButton::clicked, this, &SchemaPane::createRevisionRequested);
    connect(m_differences, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const int line = item->data(SourceLineRole).toInt();
        if (line > 0)
            m_modelSource->goToLine(line);
    });
    connect(m_columnsView, &QTableView::activated, this, [this](const QModelIndex &index) {
        const int line = index.siblingAtColumn(0).data(ColumnRowsModel::SourceLineRole).toInt();
        if (line > 0)
            m_modelSource->goToLine(line);
    });
    updateSummary();
}

SchemaPane::~SchemaPane() = default;

QList<QSplitter *> SchemaPane::splitters() const
{
    return {m_mainSplitter, m_liveSplitter};
}

void SchemaPane::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

void SchemaPane::showWorkspace(const Workspace &workspace)
{
    m_projectDir = workspace.project ? workspace.project->rootDir() : QString();
    m_versionTable = workspace.project ? workspace.project->versionTable() : QStringLiteral("alembic_version");
    m_liveOnly.reset();
    if (!workspace.comparison && workspace.snapshot)
        m_liveOnly = workspace.snapshot->schema;
    m_dialect = workspace.url ? workspace.url->url.dialect() : Dialect::SQLite;

    m_revisionBlocker.clear();
    if (!workspace.project) {
        m_revisionBlocker = tr("Open a project to compare its models with the database.");
    } else if (!workspace.history || !workspace.snapshot) {
        m_revisionBlocker = tr("The project's history or database could not be read.");
    } else {
        const RevisionGraph &graph = workspace.history->history.graph;
        const QStringList &at = workspace.snapshot->versions.revisions;
        const QStringList heads = graph.ids(graph.heads());
        if (!graph.isAtHeads(at))
            m_revisionBlocker = tr("The database is at %1 and the heads are %2: upgrade it first, since a new revision builds on the "
                                   "heads (as with alembic revision --autogenerate).")
                                    .arg(at.isEmpty() ? tr("base") : at.join(QStringLiteral(", ")),
                                         heads.isEmpty() ? tr("(none)") : heads.join(QStringLiteral(", ")));
    }
    m_comparison.reset();
    showComparison(workspace.comparison);
}

void SchemaPane::showComparison(std::shared_ptr<const ProjectComparison> comparison)
{
    const QString keep = currentTable();
    m_comparison = std::move(comparison);
    rebuildTree(keep);
    updateSummary();
    watchModelFiles();
}

void SchemaPane::watchModelFiles()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_comparison || m_projectDir.isEmpty())
        return;
    QStringList paths;
    for (const QString &file : m_comparison->models->files) {
        const QString path = QDir(m_projectDir).absoluteFilePath(file);
        if (QFileInfo::exists(path))
            paths << path;
    }
    if (!paths.isEmpty())
        m_watcher->addPaths(paths);
}

QList<const SchemaDifference *> SchemaPane::differencesOf(const QString &table) const
{
    QList<const SchemaDifference *> out;
    if (!m_comparison)
        return out;
    for (const SchemaDifference &d : m_comparison->differences) {
        if (d.table == table)
            out << &d;
    }
    return out;
}

void SchemaPane::rebuildTree(const QString &keepSelection)
{
    m_treeModel->setStatuses(tableStatuses(m_comparison ? &*m_comparison : nullptr, m_liveOnly ? &*m_liveOnly : nullptr,
                                           m_versionTable));
    if (!selectTable(keepSelection)) {
        // Start on the first table with differences, else the first application table.
        QString first;
        for (const TableStatus &status : m_treeModel->statuses()) {
            if (status.operations > 0) {
                first = status.name;
                break;
            }
        }
        for (const TableStatus &status : m_treeModel->statuses()) {
            if (first.isEmpty() && status.state != TableStatus::State::VersionTable && status.state != TableStatus::State::RunLog)
                first = status.name;
        }
        if (!selectTable(first))
            showTable(QString());
    }
}

QStringList SchemaPane::tableNames() const
{
    QStringList out;
    for (const TableStatus &status : m_treeModel->statuses())
        out << status.name;
    return out;
}

bool SchemaPane::selectTable(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (int r = 0; r < m_treeProxy->rowCount(); ++r) {
        const QModelIndex index = m_treeProxy->index(r, 0);
        if (index.data(NameRole).toString() == name) {
            if (m_tree->currentIndex() == index)
                showTable(name);   // refresh the panes for a new comparison
            else
                m_tree->setCurrentIndex(index);
            m_tree->scrollTo(index);
            return true;
        }
    }
    return false;
}

QString SchemaPane::currentTable() const
{
    return m_tree->currentIndex().siblingAtColumn(0).data(NameRole).toString();
}

void SchemaPane::showTable(const QString &name)
{
    showModelSource(name);
    showLiveColumns(name);
    m_differences->clear();
    for (const SchemaDifference *d : differencesOf(name)) {
        auto *item = new QListWidgetItem(d->isOperation() ? d->describe()
                                         : d->kind == SchemaDifference::Kind::PossibleRename ? tr("Question: %1").arg(d->describe())
                                                                                               : tr("Warning: %1").arg(d->describe()));
        item->setData(SourceLineRole, d->source.file == m_shownFile ? d->source.line : 0);
        if (d->source.line > 0)
            item->setToolTip(QStringLiteral("%1:%2").arg(d->source.file).arg(d->source.line));
        m_differences->addItem(item);
    }
    m_differences->setVisible(m_differences->count() > 0);
    const Schema *live = m_comparison ? m_comparison->live.get() : m_liveOnly ? &*m_liveOnly : nullptr;
    emit liveTableSelected(live && live->table(name) ? name : QString());
}

void SchemaPane::showModelSource(const QString &name)
{
    m_shownFile.clear();
    const ModelTable *model = m_comparison ? m_comparison->models->table(name) : nullptr;
    if (!model) {
        m_modelTitle->setText(tr("Models"));
        if (name.isEmpty())
            m_modelSource->showText(QString());
        else if (!m_comparison)
            m_modelSource->showText(tr("# Without a project there are no models to compare with."));
        else if (name == m_versionTable)
            m_modelSource->showText(tr("# %1 is Alembic's version table: it holds the revision the database is at.").arg(name));
        else if (name == runlog::kTable)
            m_modelSource->showText(tr("# %1 is Retort's log of the migrations it ran (retort-cli log shows it).\n"
                                       "# Comparisons leave it alone.").arg(name));
        else
            m_modelSource->showText(tr("# No model maps to the table '%1'.\n# A revision made from the differences drops it.").arg(name));
        return;
    }
    m_shownFile = model->source.file;
    QFile file(QDir(m_projectDir).absoluteFilePath(model->source.file));
    if (!file.open(QIODevice::ReadOnly)) {
        m_modelSource->showText(tr("# Cannot read %1: %2").arg(model->source.file, file.errorString()));
        return;
    }
    m_modelSource->showText(QString::fromUtf8(file.readAll()));
    const QString what = model->className.isEmpty() ? tr("Table('%1')").arg(name) : tr("class %1").arg(model->className);
    m_modelTitle->setText(tr("<b>%1</b> &nbsp; %2:%3").arg(what.toHtmlEscaped(), model->source.file.toHtmlEscaped()).arg(model->source.line));
    for (const SchemaDifference *d : differencesOf(name)) {
        const bool here = d->source.line > 0 && d->source.file == m_shownFile;
        // Removals have no model line: their note goes on the class.
        m_modelSource->markDifference(here ? d->source.line : model->source.line, d->describe());
    }
    m_modelSource->goToLine(model->source.line);
}

void SchemaPane::showLiveColumns(const QString &name)
{
    QList<ColumnRow> rows;
    const Schema *live = m_comparison ? m_comparison->live.get() : m_liveOnly ? &*m_liveOnly : nullptr;
    const Table *table = live ? live->table(name) : nullptr;
    const ModelTable *model = m_comparison ? m_comparison->models->table(name) : nullptr;
    const QList<const SchemaDifference *> differences = differencesOf(name);
    using Mark = ColumnRow::Mark;

    if (table) {
        for (const Column &c : table->columns) {
            QStringList notes;
            Mark mark = Mark::None;
            for (const SchemaDifference *d : differences) {
                if (!isColumnDifference(d->kind))
                    continue;
                const bool mine = (d->liveColumn && d->liveColumn->name == c.name) || d->renamedFrom == c.name
                                  || ((d->kind == SchemaDifference::Kind::RemoveColumn || d->kind == SchemaDifference::Kind::PossibleRename)
                                      && d->column == c.name);
                if (!mine)
                    continue;
                notes << d->describe();
                mark = d->kind == SchemaDifference::Kind::RemoveColumn ? Mark::Removed : Mark::Changed;
            }
            // Index and constraint differences mark the columns they cover.
            for (const SchemaDifference *d : differences) {
                if (isColumnDifference(d->kind) || notes.contains(d->describe()))
                    continue;
                if (coveredColumns(*d).contains(c.name)) {
                    notes << d->describe();
                    if (mark == Mark::None)
                        mark = Mark::Changed;
                }
            }
            const ModelColumn *mc = model ? model->column(c.name) : nullptr;
            rows.append({{c.name, c.type, c.nullable ? tr("yes") : tr("no"), c.defaultValue, keysOf(*table, c)}, c.name, mark,
                         notes.join(QLatin1Char('\n')), mc ? mc->source.line : 0});
        }
    }
    // Columns the models have and the database lacks: shown where they would go, marked as added.
    if (model) {
        for (const SchemaDifference *d : differences) {
            const bool added = d->kind == SchemaDifference::Kind::AddColumn
                               || (d->kind == SchemaDifference::Kind::PossibleRename && !d->newColumn.isEmpty());
            const QString columnName = d->kind == SchemaDifference::Kind::AddColumn ? d->column : d->newColumn;
            const ModelColumn *mc = added ? model->column(columnName) : nullptr;
            if (!mc || (table && table->column(columnName)))
                continue;
            rows.append({{columnName, sqlTypeText(mc->column.type), mc->column.isNullable() ? tr("yes") : tr("no"),
                          mc->column.serverDefault ? serverDefaultText(*mc->column.serverDefault) : QString(), modelKeysOf(*mc)},
                         columnName, Mark::Added,
                         tr("In the models only (%1:%2): %3").arg(mc->source.file).arg(mc->source.line).arg(d->describe()),
                         mc->source.line});
        }
        if (!table) {
            for (const ModelColumn &mc : model->columns) {
                rows.append({{mc.column.name, sqlTypeText(mc.column.type), mc.column.isNullable() ? tr("yes") : tr("no"),
                              mc.column.serverDefault ? serverDefaultText(*mc.column.serverDefault) : QString(), modelKeysOf(mc)},
                             mc.column.name, Mark::Added, tr("The table is in the models only"), mc.source.line});
            }
        }
    }
    m_columnsModel->setRows(std::move(rows));
    m_columnsView->resizeColumnsToContents();

    if (table) {
        m_tableTitle->setText(tr("<b>%1</b> — %2 in the database").arg(name.toHtmlEscaped(), counted(int(table->columns.size()), "column", "columns")));
        m_ddl->showText(tableDefinitionSql(*table, m_dialect));
    } else if (model) {
        m_tableTitle->setText(tr("<b>%1</b> — not in the database").arg(name.toHtmlEscaped()));
        m_ddl->showText(tr("-- The table '%1' does not exist in the database yet.").arg(name));
    } else {
        m_tableTitle->setText(tr("Select a table"));
        m_ddl->showText(QString());
    }
}

QStringList SchemaPane::markedColumns() const
{
    QStringList out;
    for (const ColumnRow &row : m_columnsModel->rows()) {
        if (row.mark != ColumnRow::Mark::None)
            out << row.column;
    }
    return out;
}

QString SchemaPane::summaryText() const
{
    return m_summary->text();
}

int SchemaPane::operationCount() const
{
    if (!m_comparison)
        return 0;
    return int(std::count_if(m_comparison->differences.cbegin(), m_comparison->differences.cend(),
                             [](const SchemaDifference &d) { return d.isOperation(); }));
}

void SchemaPane::updateSummary()
{
    if (!m_comparison) {
        m_summary->setText(m_liveOnly ? tr("The database's tables (no project, so no models to compare with).") : QString());
        m_createRevision->setEnabled(false);
        m_createRevision->setToolTip(m_revisionBlocker);
        emit differencesChanged(0);
        return;
    }
    const DifferenceCounts counts = countDifferences(m_comparison->differences);
    const int operations = counts.operations();
    emit differencesChanged(operations);
    const int tables = counts.tables, columns = counts.columns, others = counts.others, notes = counts.notes;
    QString text;
    if (m_comparison->models->files.isEmpty()) {
        text = tr("No model files found (models.py, or a models package); every table shows as a table without a model.");
    } else if (operations == 0) {
        text = tr("<b>No differences</b> between the models and the database.");
    } else {
        QStringList parts;
        if (tables > 0)
            parts << counted(tables, "table", "tables");
        if (columns > 0)
            parts << counted(columns, "column change", "column changes");
        if (others > 0)
            parts << counted(others, "index or constraint change", "index or constraint changes");
        text = tr("<b>%1</b> between the models and the database: %2.")
                   .arg(counted(operations, "difference", "differences"), parts.join(QStringLiteral(", ")));
    }
    if (notes > 0)
        text += QLatin1Char(' ') + tr("%1 to look at.").arg(counted(notes, "note", "notes"));
    const int unread = int(m_comparison->models->diagnostics.size());
    if (unread > 0)
        text += QLatin1Char(' ') + tr("%1 could not be read (hover for details).").arg(counted(unread, "model line", "model lines"));
    if (!m_revisionBlocker.isEmpty() && operations > 0)
        text += QStringLiteral("<br><span style='color:%1'>%2</span>")
                    .arg(theme::text(theme::Text::Warning, palette()).name(), m_revisionBlocker.toHtmlEscaped());
    m_summary->setText(text);
    QStringList unreadLines;
    for (const ModelDiagnostic &d : m_comparison->models->diagnostics)
        unreadLines << d.toString();
    m_summary->setToolTip(unreadLines.join(QLatin1Char('\n')));
    m_createRevision->setEnabled(operations > 0 && m_revisionBlocker.isEmpty());
    m_createRevision->setToolTip(!m_revisionBlocker.isEmpty() ? m_revisionBlocker
                                 : operations == 0           ? tr("The models and the database agree: there is nothing to write.")
                                                             : tr("Write a revision with these operations, for review before it is saved "
                                                                  "(Ctrl+Shift+R)"));
}

} // namespace retort::app
