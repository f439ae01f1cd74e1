import { ConsoleLogger, LogLevel } from '@nestjs/common';
import type { EnvConfig } from '../config/env.config';

/** Most to least severe; LOG_LEVEL enables its own level and every more severe one. */
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The logger of every process (api, worker): Nest's ConsoleLogger, one JSON object per line when
 * LOG_FORMAT=json (production, log shippers), human-readable otherwise. Colours only on a terminal
 * (or when FORCE_COLOR is set, as `npm start` does for its children) and never with NO_COLOR.
 */
export function createLogger(config: Pick<EnvConfig, 'LOG_FORMAT' | 'LOG_LEVEL'>, prefix = 'Zhuqi'): ConsoleLogger {
  const json = config.LOG_FORMAT === 'json';
  const level = LEVELS.indexOf(config.LOG_LEVEL);
  const colors =
    !json && !process.env.NO_COLOR && (Boolean(process.stdout.isTTY) || Boolean(process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0'));
  return new ConsoleLogger({
    json,
    colors,
    prefix,
    logLevels: LEVELS.slice(0, level < 0 ? LEVELS.indexOf('log') + 1 : level + 1),
  });
}
