import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the plugins when the process gets SIGHUP, the operator's usual "re-read config".
struct ReloadOnHangUp: Service {
    let plugins: PluginRegistry
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            logger.info("SIGHUP: reloading plugins")
            HostServer.log(await plugins.reloadOffTheEventLoop(), logger: logger)
        }
    }
}
