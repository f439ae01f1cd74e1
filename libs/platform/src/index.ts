export * from './config/env.config';
export * from './clock';
export * from './errors/domain-error';
export * from './logging/create-logger';
export * from './platform.module';
export * from './process/run-process';
