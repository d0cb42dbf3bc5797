import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the plugins when the process gets SIGHUP, the operator's usual "re-read config".
struct ReloadOnHangUp: Service {
    let plugins: PluginRegistry
    let logger: Logger

    func run() async throws {
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        logger.info("SIGHUP reloads the plugins")
        for await _ in hangUps.cancelOnGracefulShutdown() {
            logger.info("SIGHUP: reloading plugins")
            HostServer.log(await plugins.reloadOffTheEventLoop(), logger: logger)
        }
    }
}
