// retort-cli entry point: thin by design; the work is in CliApp and retort_core.
#include "CliApp.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("retort-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    retort::cli::CliApp cli(out, err);
    return cli.run(QCoreApplication::arguments());
}
