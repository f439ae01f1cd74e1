import { Module } from '@nestjs/common';
import { Pool } from 'pg';
import { ApiKeyStore } from './api-keys';
import { Open311Links } from './open311-links';

/** The key store and the case links of the Open311 interface, over the global pg Pool. */
@Module({
  providers: [
    { provide: ApiKeyStore, inject: [Pool], useFactory: (pool: Pool) => new ApiKeyStore(pool) },
    { provide: Open311Links, inject: [Pool], useFactory: (pool: Pool) => new Open311Links(pool) },
  ],
  exports: [ApiKeyStore, Open311Links],
})
export class Open311StoreModule {}
