// retort: the desktop app. Parses the command line and opens the main window; nothing more.
#include "CodeEditor.h"
#include "MainWindow.h"
#include "SqlConsolePane.h"
#include "DiagramPane.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("retort"));
    QApplication::setApplicationDisplayName(QStringLiteral("Retort"));
    QApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.retort.Retort"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/retort/icons/io.github.retort.Retort.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Workbench for SQLAlchemy and Alembic schema migrations.\n"
                                                    "Without --project, opens the bundled spaceship demo."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption projectOption(QStringLiteral("project"), QStringLiteral("Open the project in <dir>."),
                                           QStringLiteral("dir"));
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("Use this SQLAlchemy database <url> (without its password: other users can read "
                                                                      "command lines; set RETORT_DATABASE_URL or use a saved connection)."),
                                       QStringLiteral("url"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Render the main window after loading to <png> and exit."),
                                              QStringLiteral("png"));
    const QCommandLineOption tabOption(QStringLiteral("tab"),
                                       QStringLiteral("Start on the <tab>: history, schema, data, sql, runs, backups or diagram."),
                                       QStringLiteral("tab"));
    const QCommandLineOption queryOption(QStringLiteral("query"),
                                         QStringLiteral("Open the SQL tab with <statement> and run it once the database is read (read-only)."),
                                         QStringLiteral("statement"));
    const QCommandLineOption tableOption(QStringLiteral("table"), QStringLiteral("Select the <table> in the schema and data tabs."),
                                         QStringLiteral("table"));
    const QCommandLineOption darkOption(QStringLiteral("dark"),
                                       QStringLiteral("Use a dark palette, as a dark desktop theme gives (for screenshots)."));
    parser.addOptions({projectOption, urlOption, screenshotOption, tabOption, tableOption, queryOption, darkOption});
    parser.process(app);
    if (parser.isSet(darkOption)) {
        QApplication::setStyle(QStringLiteral("Fusion"));   // the style that paints every role of the palette
        QApplication::setPalette(retort::app::theme::darkPalette());
    }

    retort::app::MainWindow window;
    const QStringList tabs{QStringLiteral("history"), QStringLiteral("schema"), QStringLiteral("data"),
                           QStringLiteral("sql"), QStringLiteral("runs"), QStringLiteral("backups"), QStringLiteral("diagram")};
    if (parser.isSet(tabOption)) {
        const int tab = int(tabs.indexOf(parser.value(tabOption).toLower()));
        if (tab < 0) {
            std::fprintf(stderr, "retort: error: --tab takes history, schema, data, sql, runs, backups or diagram\n");
            return 2;
        }
        window.showTab(tab);
    }
    if (parser.isSet(tableOption)) {
        const QString table = parser.value(tableOption);
        QObject::connect(&window, &retort::app::MainWindow::workspaceLoaded, &window, [&window, table]() { window.selectTable(table); });
    }
    bool querying = false;
    if (parser.isSet(queryOption)) {
        querying = true;
        const QString statement = parser.value(queryOption);
        window.showTab(3);
        QObject::connect(&window, &retort::app::MainWindow::workspaceLoaded, &window, [&window, statement]() {
            retort::app::SqlConsolePane *console = window.sqlConsolePane();
            console->editor()->setText(statement);
            console->runCurrent();
        });
    }
    const QString screenshot = parser.value(screenshotOption);
    if (!screenshot.isEmpty()) {
        window.resize(1100, 700);
        const auto grab = [&window, screenshot]() {
            // Let the views lay out the new rows (and the Runs and Backups tabs read) before grabbing.
            QTimer::singleShot(600, &window, [&window, screenshot]() {
                const bool saved = window.grab().save(screenshot, "PNG");
                if (!saved)
                    std::fprintf(stderr, "retort: error: cannot write the screenshot to %s\n", qPrintable(screenshot));
                const QString problem = window.errorText();
                if (!problem.isEmpty())
                    std::fprintf(stderr, "retort: error: %s\n", qPrintable(problem));
                QApplication::exit(saved && problem.isEmpty() ? 0 : 1);
            });
        };
        if (querying)
            QObject::connect(window.sqlConsolePane(), &retort::app::SqlConsolePane::statementFinished, &window, grab);
        else if (parser.value(tabOption).toLower() == QLatin1String("diagram"))
            QObject::connect(window.diagramPane(), &retort::app::DiagramPane::laidOut, &window, grab);   // laid out off the GUI thread
        else
            QObject::connect(&window, &retort::app::MainWindow::workspaceLoaded, &window, grab);
        QTimer::singleShot(60000, &window, []() {
            std::fprintf(stderr, "retort: error: the project did not finish loading within 60 seconds\n");
            QApplication::exit(1);
        });
    }

    if (parser.isSet(projectOption))
        window.openProject(QDir(parser.value(projectOption)).absolutePath(), parser.value(urlOption));
    else if (parser.isSet(urlOption))
        window.openProject(QString(), parser.value(urlOption));
    else
        window.openDemo();
    window.show();
    return app.exec();
}
