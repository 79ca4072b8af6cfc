#include "DiagramPane.h"

#include "Theme.h"

#include "models/ModelReader.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace retort::app {

namespace {

DiagramMetrics metricsFor(const QFont &font)
{
    DiagramMetrics m;
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF plain(font), strong(bold);
    m.textWidth = [plain, strong](const QString &text, bool isBold) { return (isBold ? strong : plain).horizontalAdvance(text); };
    m.rowHeight = std::ceil(plain.height() + 4);
    m.headerHeight = std::ceil(strong.height() + 10);
    return m;
}

std::optional<theme::Diff> diffOf(DiagramState state)
{
    switch (state) {
    case DiagramState::ModelsOnly: return theme::Diff::Added;
    case DiagramState::DatabaseOnly: return theme::Diff::Removed;
    case DiagramState::Differs: return theme::Diff::Changed;
    case DiagramState::Same: break;
    }
    return std::nullopt;
}

/// One table: a box with its name and columns, in the palette's colours.
class TableItem : public QGraphicsItem
{
public:
    TableItem(const DiagramTable &table, const DiagramMetrics &metrics, DiagramPane *pane)
        : m_table(table), m_metrics(metrics), m_pane(pane)
    {
        setPos(table.box.topLeft());
        setFlag(ItemIsSelectable);
        setCursor(Qt::PointingHandCursor);
        setToolTip(QObject::tr("%1: %n column(s). Click to open it in the Schema tab.", nullptr, int(table.columns.size())).arg(table.name));
        setData(0, table.name);
    }

    QRectF boundingRect() const override { return QRectF(QPointF(0, 0), m_table.box.size()).adjusted(-3, -3, 3, 3); }

    void setFound(bool found)
    {
        m_found = found;
        update();
    }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *widget) override
    {
        const QPalette palette = widget ? widget->palette() : QPalette();
        const QRectF box(QPointF(0, 0), m_table.box.size());
        const std::optional<theme::Diff> diff = diffOf(m_table.state);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(m_found || isSelected() ? palette.color(QPalette::Highlight) : palette.color(QPalette::Mid),
                             m_found || isSelected() ? 2.5 : 1.0));
        painter->setBrush(palette.color(QPalette::Base));
        painter->drawRoundedRect(box, 3, 3);
        const QRectF header(0, 0, box.width(), m_metrics.headerHeight);
        painter->fillRect(header.adjusted(1, 1, -1, 0), diff ? theme::diffBackground(*diff, palette) : palette.color(QPalette::AlternateBase));
        painter->setPen(palette.color(QPalette::Mid));
        painter->drawLine(header.bottomLeft(), header.bottomRight());
        QFont bold = painter->font();
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(diff ? theme::diffText(palette) : palette.color(QPalette::Text));
        painter->drawText(header.adjusted(m_metrics.padding, 0, -m_metrics.padding, 0), Qt::AlignVCenter | Qt::AlignLeft, m_table.name);
        QFont plain = bold;
        plain.setBold(false);
        QFont small = plain;
        small.setPointSizeF(plain.pointSizeF() * 0.75);
        for (int r = 0; r < m_table.columns.size(); ++r) {
            const DiagramColumn &c = m_table.columns.at(r);
            const QRectF row(1, m_metrics.headerHeight + r * m_metrics.rowHeight, box.width() - 2, m_metrics.rowHeight);
            const std::optional<theme::Diff> columnDiff = diffOf(c.state);
            if (columnDiff)
                painter->fillRect(row, theme::diffBackground(*columnDiff, palette));
            const QColor ink = columnDiff ? theme::diffText(palette) : palette.color(QPalette::Text);
            const QString mark = c.primaryKey ? QStringLiteral("PK") : c.foreignKey ? QStringLiteral("FK") : QString();
            if (!mark.isEmpty()) {
                painter->setFont(small);
                painter->setPen(columnDiff ? ink : theme::text(theme::Text::Muted, palette));
                painter->drawText(row.adjusted(3, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, mark);
            }
            QFont name = plain;
            name.setBold(!c.nullable);
            painter->setFont(name);
            painter->setPen(ink);
            painter->drawText(row.adjusted(m_metrics.padding + m_metrics.iconWidth - 1, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, c.name);
            painter->setFont(plain);
            painter->setPen(columnDiff ? ink : theme::text(theme::Text::Muted, palette));
            painter->drawText(row.adjusted(0, 0, -m_metrics.padding + 1, 0), Qt::AlignVCenter | Qt::AlignRight, c.type);
        }
    }

protected:
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override
    {
        QGraphicsItem::mouseReleaseEvent(event);
        if (event->button() == Qt::LeftButton && (event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton)).manhattanLength() < 4)
            emit m_pane->tableActivated(m_table.name);
    }

private:
    DiagramTable m_table;
    DiagramMetrics m_metrics;
    DiagramPane *m_pane;
    bool m_found = false;
};

QPainterPath edgePath(const DiagramEdge &e)
{
    QPainterPath path(e.path.first());
    for (int k = 1; k + 2 < e.path.size(); k += 3)
        path.cubicTo(e.path.at(k), e.path.at(k + 1), e.path.at(k + 2));
    return path;
}

/// The arrow head, from the end of the curve to the tip.
QPolygonF arrowHead(const DiagramEdge &e)
{
    QLineF shaft(e.path.last(), e.tip);
    if (shaft.length() < 1)
        shaft = QLineF(e.path.at(e.path.size() - 2), e.path.last());
    const QLineF normal = shaft.normalVector().unitVector();
    const QPointF side(normal.dx() * 4, normal.dy() * 4);
    QPolygonF head;
    head << e.tip << shaft.p1() + side << shaft.p1() - side << e.tip;
    return head;
}

} // namespace

DiagramPane::DiagramPane(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 0, 6, 0);
    auto *sourceLabel = new QLabel(tr("&Draw:"), this);
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("diagramSource"));
    m_source->addItems({tr("Models"), tr("Database"), tr("Models and database")});
    m_source->setCurrentIndex(int(Source::Both));
    m_source->setToolTip(tr("What the picture shows; both together marks what differs as the Schema tab does"));
    sourceLabel->setBuddy(m_source);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("diagramSearch"));
    m_search->setPlaceholderText(tr("Find a table (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(260);
    const auto button = [this](const QString &text, const QString &tip, const QString &name) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setObjectName(name);
        b->setAutoRaise(true);
        return b;
    };
    QToolButton *zoomOut = button(QStringLiteral("−"), tr("Zoom out (Ctrl+-)"), QStringLiteral("diagramZoomOut"));
    QToolButton *zoomIn = button(QStringLiteral("+"), tr("Zoom in (Ctrl++)"), QStringLiteral("diagramZoomIn"));
    QToolButton *fit = button(tr("Fit"), tr("Show the whole diagram (Ctrl+0)"), QStringLiteral("diagramFit"));
    QToolButton *exportButton = button(tr("Export…"), tr("Save the picture as SVG or PNG (Ctrl+Shift+E)"), QStringLiteral("diagramExport"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("diagramMessage"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(sourceLabel);
    bar->addWidget(m_source);
    bar->addSpacing(8);
    bar->addWidget(m_search, 1);
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addWidget(fit);
    bar->addWidget(exportButton);
    bar->addStretch();
    layout->addLayout(bar);
    layout->addWidget(m_message);

    m_scene = new QGraphicsScene(this);
    m_view = new QGraphicsView(m_scene, this);
    m_view->setObjectName(QStringLiteral("diagramView"));
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    m_view->viewport()->installEventFilter(this);
    layout->addWidget(m_view, 1);

    connect(m_source, &QComboBox::currentIndexChanged, this, &DiagramPane::rebuild);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) { search(text); });
    connect(zoomIn, &QToolButton::clicked, this, [this]() { zoomBy(1.25); });
    connect(zoomOut, &QToolButton::clicked, this, [this]() { zoomBy(0.8); });
    connect(fit, &QToolButton::clicked, this, &DiagramPane::fitToView);
    connect(exportButton, &QToolButton::clicked, this, &DiagramPane::exportAs);
    // The tab's own keys (Ctrl+F is the window's: it finds a table here when this tab is shown).
    const auto shortcut = [this](const QKeySequence &keys, const QString &what, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        s->setWhatsThis(what);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::ZoomIn, tr("Zoom in (Diagram tab)"), [this]() { zoomBy(1.25); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), QString(), [this]() { zoomBy(1.25); });
    shortcut(QKeySequence::ZoomOut, tr("Zoom out (Diagram tab)"), [this]() { zoomBy(0.8); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_0), tr("Fit the diagram to the view (Diagram tab)"), [this]() { fitToView(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Export the diagram as SVG or PNG (Diagram tab)"), [this]() { exportAs(); });
}

void DiagramPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

DiagramPane::~DiagramPane() = default;

void DiagramPane::showWorkspace(const Workspace &workspace)
{
    m_hasDatabase = workspace.snapshot.has_value();
    m_project = workspace.project;
    m_ignored = {QStringLiteral("alembic_version"), QStringLiteral("retort_log")};
    if (workspace.project)
        m_ignored << workspace.project->versionTable();
    showComparison(workspace.comparison);
}

void DiagramPane::showComparison(std::shared_ptr<const ProjectComparison> comparison)
{
    m_comparison = std::move(comparison);
    rebuild();
}

void DiagramPane::setSource(Source source)
{
    m_source->setCurrentIndex(int(source));
}

DiagramPane::Source DiagramPane::source() const
{
    return Source(m_source->currentIndex());
}

void DiagramPane::rebuild()
{
    const DiagramMetrics metrics = metricsFor(font());
    if (!m_comparison || !m_comparison->models || !m_comparison->live) {
        m_scene->clear();
        m_diagram = Diagram();
        if (!m_project) {
            m_message->setText(tr("Open a project to draw its tables."));
            return;
        }
        // No database to read: the models alone, whatever the choice says.
        const Project project = *m_project;
        m_layingOut = true;
        m_message->setText(tr("Laying out the tables …"));
        m_tasks.runLatest([project, metrics]() {
            Diagram d = diagramOfModels(readProjectModels(project));
            const Status laid = layoutDiagram(d, metrics);
            return std::make_shared<std::pair<Diagram, QString>>(std::move(d), laid ? QString() : laid.error().message);
        }, [this](std::shared_ptr<std::pair<Diagram, QString>> result) { showLaidOut(*result, tr("No database is connected: the models alone.")); });
        return;
    }
    const Source source = this->source();
    std::shared_ptr<const ProjectComparison> comparison = m_comparison;
    const QStringList ignored = m_ignored;
    m_layingOut = true;
    m_message->setText(tr("Laying out the tables …"));
    m_tasks.runLatest([comparison, source, metrics, ignored]() {
        Diagram d = source == Source::Models     ? diagramOfModels(*comparison->models)
                    : source == Source::Database ? diagramOfSchema(*comparison->live, ignored)
                                                 : diagramOfComparison(*comparison->models, *comparison->live, comparison->differences, ignored);
        const Status laid = layoutDiagram(d, metrics);
        return std::make_shared<std::pair<Diagram, QString>>(std::move(d), laid ? QString() : laid.error().message);
    }, [this](std::shared_ptr<std::pair<Diagram, QString>> result) { showLaidOut(*result, QString()); });
}

void DiagramPane::showLaidOut(const std::pair<Diagram, QString> &result, const QString &note)
{
    m_layingOut = false;
    m_diagram = result.first;
    m_message->setText(!result.second.isEmpty() ? result.second : tr("Laying out the tables …"));
    draw();
    if (!note.isEmpty() && result.second.isEmpty())
        m_message->setText(note + QLatin1Char(' ') + m_message->text());
    emit laidOut();
}

void DiagramPane::draw()
{
    m_scene->clear();
    const DiagramMetrics metrics = metricsFor(font());
    const QPalette palette = this->palette();
    m_scene->setBackgroundBrush(palette.color(QPalette::Base).darker(theme::isDark(palette) ? 90 : 103));
    for (const DiagramEdge &e : std::as_const(m_diagram.edges)) {
        if (e.path.size() < 2)
            continue;
        QColor ink = palette.color(QPalette::Text);
        ink.setAlphaF(0.55);
        if (e.state == DiagramState::ModelsOnly)
            ink = theme::tableDot(theme::TableDot::ModelOnly, palette);
        else if (e.state == DiagramState::DatabaseOnly)
            ink = theme::tableDot(theme::TableDot::TableOnly, palette);
        auto *item = m_scene->addPath(edgePath(e), QPen(ink, 1.3), Qt::NoBrush);
        item->setToolTip(QStringLiteral("%1 (%2) → %3 (%4)")
                             .arg(m_diagram.tables.at(e.from).name, e.columns.join(QStringLiteral(", ")), m_diagram.tables.at(e.to).name,
                                  e.refColumns.join(QStringLiteral(", "))));
        item->setZValue(-1);
        m_scene->addPolygon(arrowHead(e), QPen(ink, 1), ink)->setZValue(-1);
    }
    for (const DiagramTable &t : std::as_const(m_diagram.tables))
        m_scene->addItem(new TableItem(t, metrics, this));
    m_scene->setSceneRect(QRectF(QPointF(0, 0), m_diagram.size));
    if (m_diagram.tables.isEmpty())
        m_message->setText(tr("No tables to draw."));
    else if (m_message->text() == tr("Laying out the tables …"))
        m_message->setText(tr("%n table(s), %1 foreign key(s). Click a table to open it in the Schema tab; drag to pan, Ctrl+wheel to zoom.",
                              nullptr, int(m_diagram.tables.size())).arg(m_diagram.edges.size()));
    fitToView();
    if (!m_search->text().isEmpty())
        search(m_search->text());
}

int DiagramPane::search(const QString &text)
{
    int found = 0;
    QGraphicsItem *first = nullptr;
    for (QGraphicsItem *item : m_scene->items(Qt::AscendingOrder)) {
        if (item->data(0).isNull())
            continue;
        const bool match = !text.isEmpty() && item->data(0).toString().contains(text, Qt::CaseInsensitive);
        static_cast<TableItem *>(item)->setFound(match);
        if (match) {
            ++found;
            if (!first || item->data(0).toString().compare(first->data(0).toString(), Qt::CaseInsensitive) < 0)
                first = item;
        }
    }
    if (first) {
        if (m_view->transform().m11() < 0.8)
            m_view->setTransform(QTransform());
        m_view->centerOn(first);
    }
    return found;
}

void DiagramPane::zoomBy(double factor)
{
    const double scale = m_view->transform().m11() * factor;
    if (scale < 0.05 || scale > 6)
        return;
    m_view->scale(factor, factor);
}

void DiagramPane::fitToView()
{
    if (m_scene->sceneRect().isEmpty())
        return;
    m_view->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // Small schemas are not blown up past their natural size.
    if (m_view->transform().m11() > 1.0)
        m_view->setTransform(QTransform());
}

QString DiagramPane::exportSvg(const QString &path) const
{
    // The core writer: the same picture retort-cli diagram writes, in its light colours.
    QSaveFile file(path);
    const QByteArray svg = diagramSvg(m_diagram, metricsFor(font()));
    if (!file.open(QIODevice::WriteOnly) || file.write(svg) != svg.size() || !file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return QString();
}

QString DiagramPane::exportPng(const QString &path) const
{
    const QRectF area = m_scene->sceneRect();
    // Twice the scene's size for sharp text, bounded so a huge schema does not exhaust memory.
    const double scale = std::min(2.0, 16000.0 / std::max(area.width(), area.height()));
    QImage image((area.size() * scale).toSize(), QImage::Format_ARGB32);
    image.fill(m_scene->backgroundBrush().color());
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_scene->render(&painter, QRectF(QPointF(0, 0), image.size()), area);
    painter.end();
    if (!image.save(path, "PNG"))
        return tr("Cannot write %1").arg(path);
    return QString();
}

void DiagramPane::exportAs()
{
    if (m_diagram.tables.isEmpty())
        return;
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Diagram"), QStringLiteral("schema.svg"),
                                                      tr("SVG picture (*.svg);;PNG image (*.png)"), &selected);
    if (path.isEmpty())
        return;
    const QString problem = path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) ? exportPng(path) : exportSvg(path);
    m_message->setText(problem.isEmpty() ? tr("Saved %1").arg(path) : problem);
}

bool DiagramPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        auto *wheel = static_cast<QWheelEvent *>(event);
        if (wheel->modifiers() & Qt::ControlModifier) {
            zoomBy(wheel->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DiagramPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_diagram.tables.isEmpty())
        draw();
}

} // namespace retort::app
