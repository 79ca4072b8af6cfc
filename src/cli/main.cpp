// retort-cli entry point: thin by design; the work is in CliApp and retort_core.
#include "CliApp.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

#include <unistd.h>

int main(int argc, char *argv[])
{
    // A reader that goes away (`retort-cli upgrade heads | head`) must not kill a migration half-way:
    // writes to a closed pipe then fail quietly and the run completes.
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("retort-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RETORT_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    // Questions (the backup prompt, restore confirmation) are asked only when a person can answer.
    retort::cli::CliApp cli(out, err, &in, isatty(STDIN_FILENO) == 1);
    return cli.run(QCoreApplication::arguments());
}
