// Jest's globalSetup does not apply moduleNameMapper, so resolve the @zhuqi/* aliases here.
import { register } from 'tsconfig-paths';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
register({ baseUrl: root, paths: { '@zhuqi/*': ['libs/*/src'] } });
