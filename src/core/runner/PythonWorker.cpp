// Starting the bridge, the line protocol, and what a failure in Python reports.
#include "runner/PythonWorker.h"

#include "project/Project.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

namespace retort {

namespace {

constexpr qsizetype kStderrKept = 16 * 1024;

QJsonArray statementsJson(const QList<BoundStatement> &statements)
{
    QJsonArray out;
    for (const BoundStatement &s : statements) {
        QJsonArray params;
        for (const QVariant &v : s.values)
            params.append(v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(v));
        out.append(QJsonObject{{QStringLiteral("sql"), s.sql}, {QStringLiteral("params"), params}, {QStringLiteral("rows"), s.expectedRows}});
    }
    return out;
}

} // namespace

QString sqlalchemyBackendName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::SQLite:
        return QStringLiteral("sqlite");
    case Dialect::PostgreSQL:
        return QStringLiteral("postgresql");
    case Dialect::MySQL:
        return QStringLiteral("mysql");
    }
    return {};
}

Result<std::unique_ptr<PythonWorker>> PythonWorker::startOffline(const Project &project, const InterpreterChoice &interpreter,
                                                                Dialect dialect, const QStringList &xArguments)
{
    Settings settings{interpreter, {}, xArguments, 120000, {}};
    settings.offlineDialect = sqlalchemyBackendName(dialect);
    return start(project, settings);
}

Result<std::unique_ptr<PythonWorker>> PythonWorker::start(const Project &project, const Settings &settings)
{
    std::unique_ptr<PythonWorker> worker(new PythonWorker);
    worker->m_interpreter = settings.interpreter;
    worker->m_process = std::make_unique<QProcess>();
    QProcess &process = *worker->m_process;
    process.setProgram(settings.interpreter.path);
    // The bridge comes from Retort itself, not from a file anyone could swap.
    process.setArguments({QStringLiteral("-c"), bridgeScript()});
    process.setWorkingDirectory(project.rootDir());
    process.setProcessChannelMode(QProcess::SeparateChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("RETORT_DATABASE_URL"));   // the URL travels over stdin only
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    environment.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
    environment.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));   // nothing written into the project
    process.setProcessEnvironment(environment);
    process.start();
    const QString who = QStringLiteral("%1 (%2)").arg(settings.interpreter.path, settings.interpreter.source);
    if (!process.waitForStarted(settings.startTimeoutMs))
        return makeError(QStringLiteral("Could not start %1: %2").arg(who, process.errorString()));

    const QJsonObject hello{
        {QStringLiteral("cmd"), QStringLiteral("hello")},
        {QStringLiteral("url"), settings.offlineDialect.isEmpty() ? settings.url.toString(true) : QString()},
        {QStringLiteral("dialect"), settings.offlineDialect},
        {QStringLiteral("project_dir"), project.rootDir()},
        {QStringLiteral("ini"), project.iniPath()},
        {QStringLiteral("section"), project.section()},
        {QStringLiteral("script_location"), project.scriptLocation()},
        {QStringLiteral("x"), QJsonArray::fromStringList(settings.xArguments)},
        {QStringLiteral("multidb"), project.multiDatabase()},
    };
    if (!worker->send(hello)) {
        // Something that is not Python (or fails at once) ends before it reads the request.
        if (process.state() != QProcess::NotRunning)
            process.waitForFinished(5000);
        if (process.state() != QProcess::NotRunning)
            return makeError(QStringLiteral("Could not talk to %1: %2").arg(who, process.errorString()));
        return makeError(QStringLiteral("%1 ended before it was ready (exit code %2).").arg(who).arg(process.exitCode()),
                         settings.url.redact(worker->stderrTail()));
    }
    const QJsonObject answer = worker->nextEvent(settings.startTimeoutMs);
    const QString event = answer.value(QStringLiteral("event")).toString();
    if (event == QLatin1String("ready")) {
        worker->m_python = answer.value(QStringLiteral("python")).toString();
        worker->m_alembic = answer.value(QStringLiteral("alembic")).toString();
        worker->m_sqlalchemy = answer.value(QStringLiteral("sqlalchemy")).toString();
        worker->m_envNote = answer.value(QStringLiteral("env")).toString();
        return worker;
    }
    if (event == QLatin1String("error")) {
        const QString stage = answer.value(QStringLiteral("stage")).toString();
        const QString message = settings.url.redact(answer.value(QStringLiteral("message")).toString());
        QString what;
        const QStringList missing = answer.value(QStringLiteral("missing")).toVariant().toStringList();
        if (stage == QLatin1String("import") && !missing.isEmpty())
            what = QStringLiteral("%1 cannot import %2, which the revisions that need Python run with; install %2 into it, or "
                                  "choose another interpreter with --python or RETORT_PYTHON.")
                       .arg(who, missing.join(QStringLiteral(" and ")));
        else if (stage == QLatin1String("import"))
            what = QStringLiteral("%1 cannot run revisions: %2. Install Alembic and SQLAlchemy into it, or choose another "
                                  "interpreter with --python or RETORT_PYTHON.").arg(who, message);
        else if (stage == QLatin1String("env.py"))
            what = QStringLiteral("The project's env.py failed when %1 read it: %2").arg(who, message);
        else if (stage == QLatin1String("connect"))
            what = QStringLiteral("%1 could not connect to the database: %2").arg(who, message);
        else
            what = QStringLiteral("%1 could not read the project's Alembic configuration: %2").arg(who, message);
        Error e = makeError(what,
                            settings.url.redact(answer.value(QStringLiteral("traceback")).toString()).trimmed());
        e.file = answer.value(QStringLiteral("file")).toString();
        e.line = answer.value(QStringLiteral("line")).toInt();
        worker->stop();
        return e;
    }
    const bool timedOut = process.state() == QProcess::Running;
    worker->stop();
    return makeError(timedOut ? QStringLiteral("%1 did not get ready within %2 s (reading env.py and connecting).")
                                    .arg(who).arg(settings.startTimeoutMs / 1000)
                              : QStringLiteral("%1 ended before it was ready (exit code %2).")
                                    .arg(who).arg(process.exitCode()),
                     settings.url.redact(worker->stderrTail()));
}

PythonWorker::~PythonWorker()
{
    stop();
}

bool PythonWorker::send(const QJsonObject &request)
{
    if (!m_process || m_process->state() != QProcess::Running)
        return false;
    const QByteArray line = QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n';
    if (m_process->write(line) != line.size())
        return false;
    while (m_process->bytesToWrite() > 0) {
        if (!m_process->waitForBytesWritten(30000))
            return false;
    }
    return true;
}

QJsonObject PythonWorker::nextEvent(int timeoutMs)
{
    QDeadlineTimer deadline = timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeoutMs);
    while (true) {
        m_stderr += m_process->readAllStandardError();
        if (m_stderr.size() > kStderrKept)
            m_stderr = m_stderr.right(kStderrKept);
        if (m_process->canReadLine()) {
            const QByteArray line = m_process->readLine();
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject())
                return doc.object();
            continue;   // not the bridge's: ignore
        }
        if (m_process->state() != QProcess::Running || deadline.hasExpired())
            return {};
        const qint64 wait = deadline.isForever() ? 1000 : std::min<qint64>(1000, deadline.remainingTime());
        m_process->waitForReadyRead(int(std::max<qint64>(wait, 1)));
    }
}

QString PythonWorker::stderrTail()
{
    if (m_process)
        m_stderr += m_process->readAllStandardError();
    return QString::fromUtf8(m_stderr.right(4000)).trimmed();
}

std::optional<PythonStepFailure> PythonWorker::runStep(const PythonStepRequest &request, const StatementObserver &observer)
{
    const QJsonObject run{
        {QStringLiteral("cmd"), QStringLiteral("run")},
        {QStringLiteral("path"), request.path},
        {QStringLiteral("revision"), request.revision},
        {QStringLiteral("upgrade"), request.upgrade},
        {QStringLiteral("before"), statementsJson(request.before)},
        {QStringLiteral("after"), statementsJson(request.after)},
        {QStringLiteral("fk_check"), request.foreignKeyCheck},
        {QStringLiteral("attach"), m_attach},
        {QStringLiteral("function"), request.function},
    };
    const auto died = [this](const QString &when) {
        PythonStepFailure f;
        f.stage = QStringLiteral("worker");
        f.workerDied = true;
        const bool crashed = m_process->state() == QProcess::NotRunning && m_process->exitStatus() == QProcess::CrashExit;
        f.message = QStringLiteral("the Python worker ended %1 (%2)")
                        .arg(when, crashed ? QStringLiteral("killed by a signal")
                                           : QStringLiteral("exit code %1").arg(m_process->exitCode()));
        f.detail = stderrTail();
        return f;
    };
    if (!send(run))
        return died(QStringLiteral("before the revision could be sent"));
    while (true) {
        const QJsonObject event = nextEvent(-1);
        const QString kind = event.value(QStringLiteral("event")).toString();
        if (kind == QLatin1String("statement")) {
            if (observer)
                observer(event.value(QStringLiteral("sql")).toString(), event.value(QStringLiteral("line")).toInt());
        } else if (kind == QLatin1String("done")) {
            return std::nullopt;
        } else if (kind == QLatin1String("error")) {
            PythonStepFailure f;
            f.stage = event.value(QStringLiteral("stage")).toString();
            f.message = event.value(QStringLiteral("message")).toString();
            f.file = event.value(QStringLiteral("file")).toString();
            f.line = event.value(QStringLiteral("line")).toInt();
            f.sql = event.value(QStringLiteral("sql")).toString();
            f.detail = event.value(QStringLiteral("detail")).toString();
            f.traceback = event.value(QStringLiteral("traceback")).toString();
            return f;
        } else if (event.isEmpty()) {
            m_process->waitForFinished(2000);
            return died(QStringLiteral("in the middle of the revision"));
        }
    }
}

Result<QStringList> PythonWorker::offlineStatements(const QString &path, bool upgrade, const QString &function)
{
    const QJsonObject request{{QStringLiteral("cmd"), QStringLiteral("offline")},
                              {QStringLiteral("path"), path},
                              {QStringLiteral("upgrade"), upgrade},
                              {QStringLiteral("function"), function}};
    if (!send(request))
        return makeError(QStringLiteral("The Python worker is not running"), stderrTail());
    while (true) {
        const QJsonObject event = nextEvent(-1);
        const QString kind = event.value(QStringLiteral("event")).toString();
        if (kind == QLatin1String("offline")) {
            QStringList statements;
            for (const QJsonValue &v : event.value(QStringLiteral("statements")).toArray())
                statements << v.toString();
            return statements;
        }
        if (kind == QLatin1String("error")) {
            Error e = makeError(QStringLiteral("its SQL cannot be shown without a live connection (%1)")
                                    .arg(event.value(QStringLiteral("message")).toString()),
                                event.value(QStringLiteral("traceback")).toString().trimmed());
            e.file = event.value(QStringLiteral("file")).toString();
            e.line = event.value(QStringLiteral("line")).toInt();
            return e;
        }
        if (event.isEmpty())
            return makeError(QStringLiteral("The Python worker ended while it read %1").arg(path), stderrTail());
    }
}

void PythonWorker::attachSqlite(const QString &alias, const QString &file)
{
    m_attach.append(QJsonArray{alias, file});
}

void PythonWorker::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    send(QJsonObject{{QStringLiteral("cmd"), QStringLiteral("quit")}});
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

} // namespace retort
