import { appConfig, EnvConfig } from '../config/env.config';
import { createLogger } from '../logging/create-logger';

/**
 * Starts a process (api, worker): an invalid setting stops it with the variable's name on stderr, a boot
 * failure with one fatal log line; either way exit code 1, so a supervisor restarts or reports it.
 */
export function runProcess(name: string, bootstrap: (config: EnvConfig) => Promise<void>): void {
  let config: EnvConfig;
  try {
    config = appConfig();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
  bootstrap(config).catch((error: unknown) => {
    createLogger(config).fatal(`${name} failed to start: ${(error as Error)?.stack ?? String(error)}`, name);
    process.exit(1);
  });
}
