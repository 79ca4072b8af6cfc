// The Diagram tab: the entity-relationship picture of the models, the live database, or both with
// the differences coloured as in the Schema tab. Graphviz lays it out off the GUI thread; the tab
// draws it with zoom (Ctrl+wheel, Ctrl++, Ctrl+-, Ctrl+0 to fit), pan (drag), search, and export to
// SVG and PNG (Ctrl+Shift+E). A click on a table opens it in the Schema tab.
#pragma once

#include "BackgroundTasks.h"

#include "diagram/SchemaDiagram.h"
#include "session/Workspace.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QGraphicsScene;
class QGraphicsView;
class QLabel;
class QLineEdit;

namespace retort::app {

class DiagramPane : public QWidget
{
    Q_OBJECT

public:
    enum class Source { Models, Database, Both };

    explicit DiagramPane(QWidget *parent = nullptr);
    ~DiagramPane() override;

    void showWorkspace(const Workspace &workspace);
    void showComparison(std::shared_ptr<const ProjectComparison> comparison);

    void setSource(Source source);
    Source source() const;
    /// The diagram drawn (laid out), and whether a layout is running.
    const Diagram &diagram() const { return m_diagram; }
    bool isLayingOut() const { return m_layingOut; }
    QGraphicsView *view() const { return m_view; }
    /// Marks the tables whose name contains text and shows the first; how many match.
    int search(const QString &text);
    /// Writes the picture; an error message, empty on success.
    QString exportSvg(const QString &path) const;
    QString exportPng(const QString &path) const;
    void zoomBy(double factor);
    void fitToView();
    /// Puts the cursor in the search field (the window's Ctrl+F on this tab).
    void focusSearch();

signals:
    void tableActivated(const QString &table);
    /// A layout finished and the scene shows it (tables, or an error in the message line).
    void laidOut();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void showLaidOut(const std::pair<Diagram, QString> &result, const QString &note);
    void draw();
    void exportAs();

    BackgroundTasks m_tasks{this};
    QComboBox *m_source = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_message = nullptr;
    QGraphicsView *m_view = nullptr;
    QGraphicsScene *m_scene = nullptr;
    std::shared_ptr<const ProjectComparison> m_comparison;
    std::optional<Project> m_project;
    QStringList m_ignored;
    Diagram m_diagram;
    bool m_layingOut = false;
    bool m_hasDatabase = false;
};

} // namespace retort::app
