#include "DataPane.h"
#include "PaneHelpers.h"
#include "Theme.h"
#include "ui_DataPane.h"

#include "BackgroundTasks.h"
#include "TableDataModel.h"

#include "data/TableRows.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace retort::app {

DataPane::DataPane(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::DataPane>())
{
    m_ui->setupUi(this);
    m_tables = m_ui->dataTableCombo;
    m_filter = m_ui->dataFilter;
    m_filterColumn = m_ui->dataFilterColumn;
    m_count = m_ui->dataCount;
    m_error = m_ui->dataError;
    m_view = m_ui->dataView;
    m_ui->readOnlyLabel->setStyleSheet(theme::textStyle(theme::Text::Muted, palette()));
    m_error->setStyleSheet(theme::textStyle(theme::Text::Error, palette()));

    m_model = new TableDataModel(this);
    m_view->setModel(m_model);
    // Fixed row heights: the view never measures a million rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setSortIndicatorShown(true);

    auto *copyText = new QAction(tr("&Copy"), m_view);
    copyText->setShortcut(QKeySequence::Copy);
    copyText->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    auto *copyCsv = new QAction(tr("Copy as C&SV"), m_view);
    copyCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyCsv->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(copyText);
    m_view->addAction(copyCsv);
    connect(copyText, &QAction::triggered, this, [this]() { copySelection(false); });
    connect(copyCsv, &QAction::triggered, this, [this]() { copySelection(true); });
    addFilterShortcut(this, m_filter);

    m_filterTimer = new QTimer(this);
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(300);   // one query when typing stops, not one per key
    connect(m_filter, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_filterTimer, &QTimer::timeout, this, &DataPane::applyFilter);
    connect(m_filterColumn, &QComboBox::currentIndexChanged, this, [this]() {
        m_filter->setPlaceholderText(isConditionFilter() ? tr("A SQL condition, e.g. amount > 100 AND status = 'open'")
                                                         : tr("Show rows containing… (Ctrl+Shift+F)"));
        if (!m_filter->text().isEmpty())
            applyFilter();
    });
    connect(m_tables, &QComboBox::currentIndexChanged, this, [this]() { loadIfShown(); });
    m_exports = std::make_unique<BackgroundTasks>(this);
    connect(m_ui->exportCsvButton, &QToolButton::clicked, this, [this]() { exportCsv(); });
    connect(m_model, &TableDataModel::countChanged, this, &DataPane::updateCount);
    connect(m_model, &TableDataModel::loadingChanged, this, &DataPane::updateCount);
    // A new table's columns take the width of what the first rows hold (a third of the view at most).
    connect(m_model, &TableDataModel::loadingChanged, this, [this](bool loading) {
        if (loading || !m_fitColumns || m_model->rowCount() == 0)
            return;
        m_fitColumns = false;
        fitColumns(m_view);
    });
    connect(m_model, &TableDataModel::failed, this, [this](const QString &text) {
        m_error->setText(text);
        m_error->show();
        emit message(text);
    });
    connect(m_model, &TableDataModel::copied, this, [this](int rows, int cells) {
        emit message(tr("Copied %1 %2 from %3 %4.")
                         .arg(QLocale().toString(cells), cells == 1 ? tr("cell") : tr("cells"), QLocale().toString(rows),
                              rows == 1 ? tr("row") : tr("rows")));
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &DataPane::showContextMenu);
}

DataPane::~DataPane() = default;

void DataPane::showWorkspace(const Workspace &workspace)
{
    const QString keep = m_tables->currentText();
    m_url.reset();
    m_schema = Schema();
    m_loaded.clear();
    m_model->clear();
    m_error->hide();
    m_count->clear();
    const QSignalBlocker block(m_tables);
    m_tables->clear();
    if (workspace.url && workspace.snapshot) {
        m_url = workspace.url->url;
        m_schema = workspace.snapshot->schema;
        for (const Table &t : std::as_const(m_schema.tables))
            m_tables->addItem(t.name);
    }
    m_tables->setCurrentIndex(std::max(0, int(m_tables->findText(keep))));
    loadIfShown();
}

void DataPane::setTable(const QString &table)
{
    const int at = int(m_tables->findText(table));
    if (at >= 0)
        m_tables->setCurrentIndex(at);
}

QString DataPane::table() const
{
    return m_loaded;
}

void DataPane::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    loadIfShown();
}

void DataPane::loadIfShown()
{
    const QString name = m_tables->currentText();
    if (!isVisible() || !m_url || name.isEmpty() || name == m_loaded)
        return;
    const Table *table = m_schema.table(name);
    if (!table)
        return;
    RowQuery query;
    query.table = table->name;
    for (const Column &c : table->columns)
        query.columns << c.name;
    query.keyColumns = table->primaryKeyColumns;
    // A filter belongs to the table it was typed for: another table or connection starts unfiltered,
    // so an empty table never looks like a filtered one. A reload of the same table keeps it.
    const QString filterFor = m_url->toDisplayString() + QLatin1Char('\n') + name;
    if (filterFor != m_filterFor) {
        const QSignalBlocker block(m_filter);
        m_filter->clear();
        m_filterTimer->stop();
        m_filterFor = filterFor;
    }
    query.filter = m_filter->text();
    m_loaded = name;
    m_error->hide();
    {
        const QSignalBlocker block(m_filterColumn);
        const bool condition = isConditionFilter();
        m_filterColumn->clear();
        m_filterColumn->addItem(tr("any column"));
        m_filterColumn->addItems(query.columns);
        // The last choice takes the text as a SQL condition (what follows WHERE).
        m_filterColumn->addItem(tr("SQL condition (WHERE …)"), QStringLiteral("condition"));
        if (condition)
            m_filterColumn->setCurrentIndex(m_filterColumn->count() - 1);
        query.filterIsCondition = condition;
    }
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_fitColumns = true;
    m_model->setSource(*m_url, query);
}

void DataPane::exportCsv(const QString &chosen)
{
    if (!m_url || m_loaded.isEmpty())
        return;
    QString path = chosen;
    if (path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Export %1 as CSV").arg(m_loaded), m_loaded + QStringLiteral(".csv"),
                                            tr("CSV files (*.csv);;All files (*)"));
        if (path.isEmpty())
            return;
    }
    const DatabaseUrl url = *m_url;
    const RowQuery query = m_model->query();
    m_ui->exportCsvButton->setEnabled(false);
    emit message(tr("Exporting %1 to %2 …").arg(query.table, path));
    m_exports->run([url, query, path](const BackgroundTasks::Context &context) {
        return exportRowsCsv(url, query, path, [context]() { return context.cancelled(); });
    }, [this, path](Result<qint64> rows) {
        m_ui->exportCsvButton->setEnabled(true);
        if (!rows) {
            m_error->setText(tr("The export failed: %1").arg(rows.error().toString()));
            m_error->show();
            emit exported(path, 0, rows.error().toString());
            return;
        }
        emit message(tr("Exported %1 rows to %2.").arg(QLocale().toString(*rows), path));
        emit exported(path, *rows, QString());
    });
}

bool DataPane::isConditionFilter() const
{
    return m_filterColumn->currentData().toString() == QLatin1String("condition");
}

void DataPane::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    if (isConditionFilter()) {
        // Checked here, so a typo is said in place before any query runs; the database says the rest.
        if (const Status problem = checkCondition(text); !problem) {
            m_error->setText(problem.error().message);
            m_error->show();
            return;
        }
        m_error->hide();
        m_model->setFilter(text, -1, true);
        return;
    }
    m_error->hide();
    m_model->setFilter(m_filter->text(), m_filterColumn->currentIndex() - 1, false);
}

void DataPane::updateCount()
{
    const qint64 rows = m_model->totalRows();
    if (rows < 0)
        m_count->setText(tr("counting…"));
    else
        m_count->setText((m_model->query().filter.isEmpty() ? tr("%1 rows").arg(QLocale().toString(rows))
                                                            : tr("%1 matching rows").arg(QLocale().toString(rows)))
                         + (m_model->isLoading() ? tr(" · loading…") : QString()));
}

void DataPane::copySelection(bool csv)
{
    // The bounding rectangle of the selection, as spreadsheets copy it; ranges, not indexes, so
    // Ctrl+A on a million rows costs nothing here.
    const QItemSelection selection = m_view->selectionModel()->selection();
    if (selection.isEmpty())
        return;
    int top = selection.first().top(), bottom = selection.first().bottom();
    QList<int> columns;
    for (const QItemSelectionRange &range : selection) {
        top = std::min(top, range.top());
        bottom = std::max(bottom, range.bottom());
        for (int c = range.left(); c <= range.right(); ++c) {
            if (!columns.contains(c))
                columns << c;
        }
    }
    std::sort(columns.begin(), columns.end());
    if (bottom - top + 1 > TableDataModel::kMaxCopyRows) {
        emit message(tr("Copy at most %1 rows at a time.").arg(TableDataModel::kMaxCopyRows));
        return;
    }
    emit message(tr("Copying …"));
    m_model->copyRange(top, bottom, columns, csv ? TableDataModel::CopyFormat::Csv : TableDataModel::CopyFormat::Text);
}

void DataPane::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    for (QAction *action : m_view->actions())
        menu.addAction(action);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace retort::app
