import { plainToInstance, Transform } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);

/**
 * Every setting the product reads from the environment, validated once at boot (fails fast naming the
 * variable). Secrets and URLs come only from here.
 */
export class EnvConfig {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** When absent, `npm start` runs an embedded PostgreSQL under `.data/`. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** `json` for machines (production), `pretty` for people. */
  @IsOptional() @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'pretty';

  /** Size of the pg pool each process opens. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Overrides every category's response limit (seconds); for demos and tests. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  SLA_RESPONSE_SECONDS?: number;

  /** Replaces every working-day resolution limit by this many wall-clock seconds; for demos and tests. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  SLA_RESOLUTION_SECONDS?: number;

  /** Replaces the follow-up delay after resolution; for demos and tests. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  FOLLOW_UP_AFTER_SECONDS?: number;

  /** 服务时间: `true` lets a response clock run only 08:30–17:30 Asia/Shanghai on working days. */
  @IsOptional() @IsIn(['true', 'false'])
  SLA_RESPONSE_SERVICE_HOURS: 'true' | 'false' = 'false';

  /** Service hours `HH:mm-HH:mm` (Asia/Shanghai) used when SLA_RESPONSE_SERVICE_HOURS is true. */
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'SLA_SERVICE_HOURS must look like 08:30-17:30' })
  SLA_SERVICE_HOURS = '08:30-17:30';

  /** Share of the resolution time after which the handler is reminded (办结提醒). */
  @IsOptional() @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value))) @Min(0.05) @Max(0.99)
  SLA_REMINDER_SHARE = 0.75;

  /** `on` runs the SLA clocks (scheduler, timers, briefing) in the worker; off by default under NODE_ENV=test. */
  @IsOptional() @IsIn(['on', 'off'])
  SLA_CLOCKS?: 'on' | 'off';

  /** The BullMQ queue of the SLA timers. */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]+$/, { message: 'SLA_QUEUE must be letters, digits, - or _' })
  SLA_QUEUE = 'sla-clocks';

  /**
   * Timer jobs a worker process holds at once. They wait in the batcher, so this bounds the batch size:
   * 300 lets a backlog drain in batches of ~60–100 (bench/results/timers.md: at 50 batches stayed ~20).
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  SLA_CONCURRENCY = 300;

  /** Minutes between reconciliations that rebuild every due timer from the event store. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  SLA_RECONCILE_MINUTES = 15;

  /** `on` makes this process (API and worker) follow the event log into the read models; one process applies each at a time. */
  @IsOptional() @IsIn(['on', 'off'])
  PROJECTIONS: 'on' | 'off' = 'on';

  /** `true` loads the demo reference data (and later the demo history) into an empty database. */
  @IsOptional() @IsIn(['true', 'false'])
  DEMO_SEED: 'true' | 'false' = 'true';

  /** `false` skips only the demo history (a year of 2023 cases through the command path); DEMO_SEED=false skips it too. */
  @IsOptional() @IsIn(['true', 'false'])
  DEMO_HISTORY: 'true' | 'false' = 'true';

  @IsOptional() @IsString()
  TZ_BUSINESS = 'Asia/Shanghai';

  /** Open311 GeoReport v2: the jurisdiction_id this endpoint serves (another one is answered 404). */
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/, { message: 'OPEN311_JURISDICTION_ID must be a domain-like id such as zhuqi.local' })
  OPEN311_JURISDICTION_ID = 'zhuqi.local';

  /** The partner api key the demo seed issues (DEMO_SEED=true only); never logged. */
  @IsOptional() @Matches(/^[\x21-\x7E]{12,200}$/, { message: 'OPEN311_DEMO_API_KEY must be 12–200 visible ASCII characters' })
  OPEN311_DEMO_API_KEY = 'zhuqi-open311-demo';

  /** The public base URL named by /open311/discovery (e.g. https://zhuqi.example.gov.cn); default: the request's host. */
  @IsOptional() @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'OPEN311_BASE_URL must be an http(s) URL' })
  OPEN311_BASE_URL?: string;

  // ---- accounts and hardening ----

  /**
   * HS256 key of the access tokens (at least 32 characters; `openssl rand -base64 48`). Production refuses to
   * start without it; elsewhere the API makes an ephemeral one and says so (tokens die with the process).
   */
  @ValidateIf((o: EnvConfig) => o.NODE_ENV === 'production' || o.JWT_SECRET !== undefined)
  @IsDefined({ message: 'JWT_SECRET is required when NODE_ENV=production (at least 32 characters)' })
  @IsString() @MinLength(32, { message: 'JWT_SECRET must have at least 32 characters' })
  JWT_SECRET?: string;

  /** Lifetime of an access token (seconds). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** Lifetime of a refresh token (seconds); each refresh issues a new one with a fresh lifetime. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(90 * 86_400)
  REFRESH_TOKEN_TTL_SECONDS = 7 * 86_400;

  /** Consecutive failed logins that lock an account… */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** …for this many seconds. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  LOGIN_LOCK_SECONDS = 900;

  /** Login attempts per client address per rate-limit window. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  LOGIN_RATE_LIMIT = 10;

  /** Requests per client address per window (all routes). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_PER_ADDRESS = 1200;

  /** Requests per logged-in account per window (all routes). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_PER_ACCOUNT = 600;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Prefix of the rate-limit counters in Redis (deployments sharing one Redis keep apart). */
  @IsOptional() @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'RATE_LIMIT_PREFIX must be 1–64 letters, digits, : _ or -' })
  RATE_LIMIT_PREFIX = 'zhuqi:rate-limit';

  /** Browser origins allowed to call the API, comma-separated (`https://zhuqi.example.gov.cn`); empty: none. */
  @IsOptional() @Matches(/^$|^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\s*,\s*https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://zhuqi.example.gov.cn',
  })
  CORS_ORIGINS = '';

  /** Express `trust proxy`: `false`, a hop count, or `loopback`/addresses of the reverse proxy; needed for per-address limits behind one. */
  @IsOptional() @Matches(/^(false|true|\d{1,2}|[A-Za-z0-9.:/, -]{1,200})$/, { message: 'TRUST_PROXY must be false, a hop count or proxy addresses' })
  TRUST_PROXY = 'false';

  /** Password of the demo accounts (demo seed only). */
  @IsOptional() @IsString() @MinLength(10) @MaxLength(256)
  DEMO_PASSWORD = 'zhuqi-demo';

  /** The origins of CORS_ORIGINS as a list. */
  corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  }
}

export class InvalidConfigError extends Error {}

let cached: EnvConfig | undefined;

/** Validates `env` (default `process.env`) into an `EnvConfig`; throws naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const config = plainToInstance(EnvConfig, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new InvalidConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}

/** The process-wide configuration, validated on first use. */
export function appConfig(): EnvConfig {
  cached ??= loadConfig();
  return cached;
}

/** Tests that change the environment call this to read it again. */
export function resetAppConfig(): void {
  cached = undefined;
}
