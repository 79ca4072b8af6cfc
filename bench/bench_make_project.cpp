// Writes a synthetic Alembic project for the benchmarks: bench_make_project DIR REVISIONS [SEED].
#include "AlembicProjects.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_make_project DIR REVISIONS [SEED]\n");
        return 2;
    }
    const int size = args.at(2).toInt();
    const quint32 seed = args.size() > 3 ? args.at(3).toUInt() : 1;
    if (!retort::test::writeAlembicProject(args.at(1), retort::test::generateRealisticHistory(seed, size))) {
        std::fprintf(stderr, "cannot write the project into %s\n", qPrintable(args.at(1)));
        return 1;
    }
    return 0;
}
