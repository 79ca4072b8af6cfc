// What the window's panes share: the filter shortcut, and columns that fit their first rows.
#pragma once

#include <QAction>
#include <QLineEdit>
#include <QTableView>
#include <QWidget>

#include <algorithm>

namespace retort::app {

/// Ctrl+Shift+F in pane puts the cursor in its filter field, as every list in the window does.
inline void addFilterShortcut(QWidget *pane, QLineEdit *filter)
{
    auto *focusFilter = new QAction(pane);
    focusFilter->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    focusFilter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    pane->addAction(focusFilter);
    QObject::connect(focusFilter, &QAction::triggered, filter, [filter]() {
        filter->setFocus();
        filter->selectAll();
    });
}

/// Each column as wide as what the view shows of it now, a third of the view at most.
inline void fitColumns(QTableView *view)
{
    const int widest = std::max(120, view->viewport()->width() / 3);
    for (int c = 0; c < view->model()->columnCount(); ++c) {
        view->resizeColumnToContents(c);
        if (view->columnWidth(c) > widest)
            view->setColumnWidth(c, widest);
    }
}

} // namespace retort::app
