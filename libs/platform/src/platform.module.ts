import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { EnvConfig, appConfig } from './config/env.config';

/** Configuration and the clock, available everywhere. */
@Global()
@Module({
  providers: [
    { provide: EnvConfig, useFactory: appConfig },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [EnvConfig, Clock],
})
export class PlatformModule {}
