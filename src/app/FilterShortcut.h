// Ctrl+Shift+F in a pane puts the cursor in its filter field, as every list in the window does.
#pragma once

#include <QAction>
#include <QLineEdit>
#include <QWidget>

namespace retort::app {

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

} // namespace retort::app
